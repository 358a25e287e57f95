//! Import and export: the bytes-moving shell around the core's exchange format. Export writes
//! the core's file through a download; import reads a picked or dropped file, lets the core
//! check it and preview what it would do, and on confirmation writes the core's plan in one
//! IndexedDB transaction. Counts, conflicts and numbers all come from the core.
//!
//! A sealed file (`fielddesk_core::sealed`) takes one more step each way: export encrypts the
//! file with the passphrase before the download; import asks for the passphrase, decrypts, and
//! goes on to the same check and preview as a plain file.

use std::rc::Rc;

use chrono::{Local, Offset};
use fielddesk_core::{
    check_new_passphrase, export, is_sealed, parse_export, parse_sealed, plan_import, preview,
    ticket_list_csv, CsvLabels, Export, ExportMeta, ImportError, ImportPreview, Sealed,
    SealedError, TicketId,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::app::{Load, Shared};
use crate::components::passphrase::{SealChoice, SealOptions, UnlockFailure, UnlockForm};
use crate::i18n::{storage_error, Lang};
use crate::storage::Store;
use crate::transfer_i18n::{
    conflict, crypto_error, csv_headers, import_error, imported, sealed_error, step_name, tt, TMsg,
};
use crate::{crypto, files, sync};

/// Where an import is.
#[derive(Clone)]
enum Import {
    Idle,
    Busy(TMsg),
    Invalid {
        file: String,
        error: ImportError,
    },
    /// A sealed file whose envelope is broken: no passphrase could open it.
    BadSealed {
        file: String,
        error: SealedError,
    },
    /// A sealed file waiting for its passphrase; `failure` says why the last try failed.
    Locked {
        file: String,
        sealed: Rc<Sealed>,
        failure: Option<UnlockFailure>,
    },
    Unlocking {
        file: String,
    },
    Preview {
        file: String,
        export: Rc<Export>,
        preview: Rc<ImportPreview>,
        /// It came out of a sealed file.
        decrypted: bool,
    },
    Writing {
        done: usize,
        total: usize,
    },
    Done {
        file: String,
        events: usize,
    },
    Failed(String),
}

/// What the last export did.
#[derive(Clone, PartialEq)]
enum Saved {
    Nothing,
    Sealing,
    File { name: String, sealed: bool },
    Failed(String),
}

/// Checks the file, then previews it against the store: a plain export file, picked or
/// dropped, or what a sealed one decrypted to.
async fn check_and_preview(
    store: Rc<Store>,
    import: RwSignal<Import, LocalStorage>,
    lang: RwSignal<Lang>,
    file: String,
    bytes: Vec<u8>,
    decrypted: bool,
) {
    import.set(Import::Busy(TMsg::Checking));
    let export = match parse_export(&bytes) {
        Ok(export) => export,
        Err(error) => return import.set(Import::Invalid { file, error }),
    };
    drop(bytes);
    let local = async {
        Ok::<_, crate::storage::StorageError>((
            store.events().await?,
            store.article_events().await?,
            store.attachment_ids().await?,
        ))
    };
    match local.await {
        Ok((events, articles, ids)) => {
            let preview = preview(&events, &articles, &ids, &export);
            import.set(Import::Preview {
                file,
                export: Rc::new(export),
                preview: Rc::new(preview),
                decrypted,
            });
        }
        Err(error) => import.set(Import::Failed(storage_error(lang.get_untracked(), &error))),
    }
}

#[component]
pub fn ImportExportPanel() -> impl IntoView {
    let shared = expect_context::<Shared>();
    let lang = shared.lang;
    let import = RwSignal::new_local(Import::Idle);
    let saved = RwSignal::new(Saved::Nothing);
    let selected = RwSignal::new(Vec::<TicketId>::new());
    let dragging = RwSignal::new(false);
    let seal = SealChoice::new();
    let sealing = Signal::derive(move || saved.get() == Saved::Sealing);
    let unlock_passphrase = RwSignal::new(String::new());

    let export_json = move |selection: Option<Vec<TicketId>>| {
        if sealing.get_untracked() {
            return;
        }
        let Some(store) = shared.store.get_value() else {
            saved.set(Saved::Failed(
                tt(lang.get_untracked(), TMsg::StoreMissing).into(),
            ));
            return;
        };
        let passphrase = if seal.on.get_untracked() {
            let passphrase = seal.passphrase.get_untracked();
            if let Err(error) = check_new_passphrase(&passphrase, &seal.again.get_untracked()) {
                seal.error.set(Some(error));
                saved.set(Saved::Nothing);
                return;
            }
            saved.set(Saved::Sealing);
            Some(passphrase)
        } else {
            None
        };
        spawn_local(async move {
            let read = async {
                Ok::<_, crate::storage::StorageError>((
                    store.events().await?,
                    store.article_events().await?,
                    store.attachments().await?,
                ))
            };
            let outcome = match read.await {
                Ok((events, articles, blobs)) => {
                    let meta = ExportMeta {
                        exported_at: crate::clock::now(),
                        exported_by: shared.me_untracked().person(),
                        settings: None,
                    };
                    let text = export(&events, &articles, &blobs, selection.as_deref(), &meta);
                    drop((events, articles, blobs));
                    let stamp = Local::now().format("%Y%m%d-%H%M");
                    // `.sealed.json`: still a JSON file to every picker, and says what it is.
                    let (text, name) = match &passphrase {
                        None => (Ok(text), format!("fielddesk-export-{stamp}.json")),
                        Some(passphrase) => (
                            crypto::seal(text.as_bytes(), passphrase)
                                .await
                                .map_err(|e| crypto_error(lang.get_untracked(), &e)),
                            format!("fielddesk-export-{stamp}.sealed.json"),
                        ),
                    };
                    text.and_then(|text| {
                        files::save_download(text.as_bytes(), &name, "application/json")
                            .map(|()| name)
                            .map_err(|e| e.to_string())
                    })
                }
                Err(error) => Err(storage_error(lang.get_untracked(), &error)),
            };
            saved.set(match outcome {
                Ok(name) => Saved::File {
                    name,
                    sealed: passphrase.is_some(),
                },
                Err(reason) => Saved::Failed(reason),
            });
        });
    };

    let export_csv = move |_| {
        let lang = lang.get_untracked();
        let headers = csv_headers(lang);
        let step = move |s| step_name(lang, s);
        let labels = CsvLabels {
            headers,
            step: &step,
        };
        let zone = Local::now().offset().fix();
        let bytes = shared
            .tickets
            .with_untracked(|tickets| ticket_list_csv(tickets, zone, &labels));
        let name = format!(
            "fielddesk-tickets-{}.csv",
            Local::now().format("%Y%m%d-%H%M")
        );
        saved.set(
            match files::save_download(&bytes, &name, "text/csv;charset=utf-8") {
                Ok(()) => Saved::File {
                    name,
                    sealed: false,
                },
                Err(e) => Saved::Failed(e.to_string()),
            },
        );
    };

    let take_file = move |file: web_sys::File| {
        let Some(store) = shared.store.get_value() else {
            import.set(Import::Failed(
                tt(lang.get_untracked(), TMsg::StoreMissing).into(),
            ));
            return;
        };
        import.set(Import::Busy(TMsg::Reading));
        spawn_local(async move {
            let name = file.name();
            let bytes = match files::read_bytes(&file).await {
                Ok(bytes) => bytes,
                Err(error) => return import.set(Import::Failed(error.to_string())),
            };
            if !is_sealed(&bytes) {
                return check_and_preview(store, import, lang, name, bytes, false).await;
            }
            match parse_sealed(&bytes) {
                Ok(sealed) => {
                    unlock_passphrase.set(String::new());
                    import.set(Import::Locked {
                        file: name,
                        sealed: Rc::new(sealed),
                        failure: None,
                    });
                }
                Err(error) => import.set(Import::BadSealed { file: name, error }),
            }
        });
    };

    // Nothing is written here: a wrong passphrase goes back to the form, a right one to the
    // usual check and preview.
    let unlock = move || {
        let Import::Locked { file, sealed, .. } = import.get_untracked() else {
            return;
        };
        let Some(store) = shared.store.get_value() else {
            return;
        };
        let passphrase = unlock_passphrase.get_untracked();
        if passphrase.trim().is_empty() {
            return import.set(Import::Locked {
                file,
                sealed,
                failure: Some(UnlockFailure::Empty),
            });
        }
        import.set(Import::Unlocking { file: file.clone() });
        spawn_local(async move {
            let opened = crypto::open(&sealed, &passphrase).await;
            // Another file picked meanwhile wins.
            if !matches!(import.get_untracked(), Import::Unlocking { .. }) {
                return;
            }
            match opened {
                Ok(plain) => {
                    unlock_passphrase.set(String::new());
                    drop(sealed);
                    check_and_preview(store, import, lang, file, plain, true).await;
                }
                Err(error) => import.set(Import::Locked {
                    file,
                    sealed,
                    failure: Some(UnlockFailure::Crypto(error)),
                }),
            }
        });
    };
    let on_unlock = Callback::new(move |()| unlock());
    let on_cancel_unlock = Callback::new(move |()| {
        unlock_passphrase.set(String::new());
        import.set(Import::Idle);
    });

    let confirm = move |_| {
        let Import::Preview { file, export, .. } = import.get_untracked() else {
            return;
        };
        let Some(store) = shared.store.get_value() else {
            return;
        };
        import.set(Import::Writing { done: 0, total: 0 });
        spawn_local(async move {
            // Plan again against the store as it is now: another tab may have written since the
            // preview, and the merge is idempotent, so this never adds anything twice.
            let written = async {
                let events = store.events().await?;
                let articles = store.article_events().await?;
                let ids = store.attachment_ids().await?;
                let plan = plan_import(&events, &articles, &ids, &export);
                store
                    .append_all(
                        &plan.events,
                        &plan.articles,
                        &plan.attachments,
                        |done, total| import.set(Import::Writing { done, total }),
                    )
                    .await?;
                Ok::<_, crate::storage::StorageError>(plan.events.len())
            };
            match written.await {
                Ok(events) => {
                    import.set(Import::Done { file, events });
                    crate::app::refold(shared).await;
                    sync::announce();
                }
                Err(error) => {
                    import.set(Import::Failed(storage_error(lang.get_untracked(), &error)))
                }
            }
        });
    };

    let on_pick = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(file) = input.files().and_then(|files| files.get(0)) {
            take_file(file);
        }
        // Picking the same file again must fire `change` again.
        input.set_value("");
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        if let Some(file) = ev
            .data_transfer()
            .and_then(|d| d.files())
            .and_then(|f| f.get(0))
        {
            take_file(file);
        }
    };

    let toggle = move |id: TicketId| {
        selected.update(|ids| match ids.iter().position(|x| *x == id) {
            Some(at) => {
                ids.remove(at);
            }
            None => ids.push(id),
        })
    };

    view! {
        <section class="panel transfer" aria-labelledby="transfer-title">
            <h2 id="transfer-title">{move || tt(lang.get(), TMsg::Title)}</h2>
            <p class="hint">{move || tt(lang.get(), TMsg::Hint)}</p>
            {move || matches!(shared.load.get(), Load::Failed(_)).then(|| view! {
                <p class="banner bad" role="alert">{tt(lang.get(), TMsg::StoreMissing)}</p>
            })}
            <div class="transfer-grid">
                <div class="transfer-export">
                    <SealOptions lang=lang choice=seal busy=sealing/>
                    <div class="actions">
                        <button type="button" class="primary" id="export-all" disabled=sealing on:click=move |_| export_json(None)>
                            {move || tt(lang.get(), TMsg::ExportAll)}
                        </button>
                        <button type="button" class="secondary" id="export-csv" disabled=sealing on:click=export_csv>
                            {move || tt(lang.get(), TMsg::ExportCsv)}
                        </button>
                    </div>
                    <details class="choose">
                        <summary>
                            {move || tt(lang.get(), TMsg::ChooseTickets)}
                            " (" {move || selected.with(Vec::len)} ")"
                        </summary>
                        <ul class="choose-list">
                            <For
                                each=move || shared.tickets.get()
                                key=|ticket| ticket.id.clone()
                                children=move |ticket| {
                                    let id = ticket.id.clone();
                                    let checked_id = id.clone();
                                    view! {
                                        <li>
                                            <label>
                                                <input
                                                    type="checkbox"
                                                    prop:checked=move || selected.with(|s| s.contains(&checked_id))
                                                    on:change=move |_| toggle(id.clone())
                                                />
                                                <span class="ticket-no">{ticket.number.to_string()}</span>
                                                " "
                                                <span class="choose-symptom">{ticket.intake.description.symptom.clone()}</span>
                                            </label>
                                        </li>
                                    }
                                }
                            />
                        </ul>
                        <button
                            type="button"
                            class="secondary"
                            id="export-selected"
                            disabled=move || sealing.get() || selected.with(Vec::is_empty)
                            on:click=move |_| export_json(Some(selected.get_untracked()))
                        >
                            {move || tt(lang.get(), TMsg::ExportSelected)}
                        </button>
                    </details>
                    <p class="status" aria-live="polite" id="export-status">
                        {move || match saved.get() {
                            Saved::Nothing => ().into_any(),
                            Saved::Sealing => view! {
                                <span class="busy"><span class="spinner" aria-hidden="true"></span>{tt(lang.get(), TMsg::Sealing)}</span>
                            }.into_any(),
                            Saved::File { name, sealed } => view! {
                                <span class="ok">{tt(lang.get(), if sealed { TMsg::ExportedSealed } else { TMsg::Exported })}": "{name}</span>
                            }.into_any(),
                            Saved::Failed(reason) => view! { <span class="bad">{reason}</span> }.into_any(),
                        }}
                    </p>
                </div>
                <div
                    class="dropzone"
                    class:dragging=move || dragging.get()
                    on:dragover=move |ev: leptos::ev::DragEvent| { ev.prevent_default(); dragging.set(true); }
                    on:dragleave=move |_| dragging.set(false)
                    on:drop=on_drop
                >
                    <h3>{move || tt(lang.get(), TMsg::ImportTitle)}</h3>
                    <label class="file-pick" for="import-file">{move || tt(lang.get(), TMsg::PickFile)}</label>
                    <input id="import-file" class="file-input" type="file" accept=".json,application/json" on:change=on_pick/>
                    <p class="muted">{move || tt(lang.get(), TMsg::DropHint)}</p>
                </div>
            </div>
            <div class="import-result" id="import-result" aria-live="polite">
                {move || match import.get() {
                    Import::Locked { file, failure, .. } => view! {
                        <UnlockForm lang=lang file=file passphrase=unlock_passphrase busy=false failure=failure on_unlock=on_unlock on_cancel=on_cancel_unlock/>
                    }.into_any(),
                    Import::Unlocking { file, .. } => view! {
                        <UnlockForm lang=lang file=file passphrase=unlock_passphrase busy=true failure=None on_unlock=on_unlock on_cancel=on_cancel_unlock/>
                    }.into_any(),
                    state => import_view(lang.get(), state, confirm, move || import.set(Import::Idle)),
                }}
            </div>
            <StorageStatus/>
        </section>
    }
}

fn import_view(
    lang: crate::i18n::Lang,
    state: Import,
    confirm: impl Fn(leptos::ev::MouseEvent) + 'static,
    cancel: impl Fn() + 'static,
) -> AnyView {
    match state {
        Import::Idle | Import::Locked { .. } | Import::Unlocking { .. } => ().into_any(),
        Import::Busy(step) => view! { <p class="muted">{tt(lang, step)}</p> }.into_any(),
        Import::Invalid { file, error } => view! {
            <div class="banner bad" role="alert" id="import-error">
                <strong>{tt(lang, TMsg::BadFile)}</strong>
                <p class="file-name">{file}</p>
                <p class="reason">{import_error(lang, &error)}</p>
            </div>
        }
        .into_any(),
        Import::BadSealed { file, error } => view! {
            <div class="banner bad" role="alert" id="import-error">
                <strong>{tt(lang, TMsg::BadSealedFile)}</strong>
                <p class="file-name">{file}</p>
                <p class="reason">{sealed_error(lang, &error)}</p>
            </div>
        }
        .into_any(),
        Import::Preview {
            file,
            preview,
            decrypted,
            ..
        } => {
            let empty = preview.plan.is_empty();
            let rows = [
                (TMsg::New, preview.new.len(), "new"),
                (TMsg::Updated, preview.updated.len(), "updated"),
                (TMsg::Unchanged, preview.unchanged.len(), "unchanged"),
                (TMsg::Conflicts, preview.conflicts.len(), "conflicts"),
                (TMsg::Renumbered, preview.renumberings.len(), "renumbered"),
            ];
            let article_rows = [
                (
                    TMsg::NewArticles,
                    preview.new_articles.len(),
                    "new-articles",
                ),
                (
                    TMsg::UpdatedArticles,
                    preview.updated_articles.len(),
                    "updated-articles",
                ),
                (
                    TMsg::UnchangedArticles,
                    preview.unchanged_articles.len(),
                    "unchanged-articles",
                ),
                (
                    TMsg::RenumberedArticles,
                    preview.article_renumberings.len(),
                    "renumbered-articles",
                ),
            ];
            let has_articles = article_rows.iter().any(|(_, n, _)| *n > 0);
            view! {
                <div class="preview" id="import-preview">
                    <h3>{tt(lang, TMsg::PreviewOf)}": "<span class="file-name">{file}</span></h3>
                    {decrypted.then(|| view! { <p class="decrypted ok" id="import-decrypted">{tt(lang, TMsg::Decrypted)}</p> })}
                    <dl class="preview-counts">
                        {rows.into_iter().map(|(label, n, class)| view! {
                            <div class=format!("count-{class}")>
                                <dt>{tt(lang, label)}</dt>
                                <dd>{n}</dd>
                            </div>
                        }).collect_view()}
                    </dl>
                    {has_articles.then(|| view! {
                        <dl class="preview-counts article-counts">
                            {article_rows.into_iter().map(|(label, n, class)| view! {
                                <div class=format!("count-{class}")>
                                    <dt>{tt(lang, label)}</dt>
                                    <dd>{n}</dd>
                                </div>
                            }).collect_view()}
                        </dl>
                    })}
                    <ul class="renumberings">
                        {preview.renumberings.iter().map(|r| view! {
                            <li><span class="ticket-no">{r.from.to_string()}</span>" → "<span class="ticket-no">{r.to.to_string()}</span></li>
                        }).collect_view()}
                        {preview.article_renumberings.iter().map(|r| view! {
                            <li><span class="ticket-no">{r.from.0.clone()}</span>" → "<span class="ticket-no">{r.to.0.clone()}</span>" "<span class="muted">{r.title.clone()}</span></li>
                        }).collect_view()}
                    </ul>
                    <ul class="conflicts">
                        {preview.conflicts.iter().map(|c| view! { <li class="bad">{conflict(lang, c)}</li> }).collect_view()}
                    </ul>
                    {empty.then(|| view! { <p class="muted" id="nothing-new">{tt(lang, TMsg::NothingNew)}</p> })}
                    <div class="actions">
                        <button type="button" class="primary" id="import-confirm" disabled=empty on:click=confirm>
                            {tt(lang, TMsg::Confirm)}
                        </button>
                        <button type="button" class="secondary" id="import-cancel" on:click=move |_| cancel()>
                            {tt(lang, TMsg::Cancel)}
                        </button>
                    </div>
                </div>
            }
            .into_any()
        }
        Import::Writing { done, total } => view! {
            <div class="writing">
                <p>{tt(lang, TMsg::Writing)}</p>
                <progress max=total.max(1) value=done></progress>
            </div>
        }
        .into_any(),
        Import::Done { file, events } => view! {
            <p class="ok" id="import-done">{imported(lang, &file, events)}</p>
        }
        .into_any(),
        Import::Failed(reason) => view! {
            <div class="banner bad" role="alert" id="import-error">
                <strong>{tt(lang, TMsg::WriteFailed)}</strong>
                <p class="reason">{reason}</p>
            </div>
        }
        .into_any(),
    }
}

/// Whether the browser keeps this site's data when space runs low, and how much is used.
#[derive(Clone, Default)]
struct Quota {
    persistent: Option<bool>,
    usage: Option<f64>,
    quota: Option<f64>,
}

#[component]
fn StorageStatus() -> impl IntoView {
    let lang = expect_context::<Shared>().lang;
    let quota = RwSignal::new(None::<Quota>);
    spawn_local(async move { quota.set(Some(ask_storage().await)) });
    let mb = |bytes: f64| format!("{:.1} MB", bytes / 1_048_576.0);
    view! {
        <div class="storage-status" id="storage-status">
            <h3>{move || tt(lang.get(), TMsg::StorageTitle)}</h3>
            {move || quota.get().map(|q| {
                let lang = lang.get();
                let persisted = match q.persistent {
                    Some(true) => view! { <p class="ok" id="persisted">{tt(lang, TMsg::Persistent)}</p> }.into_any(),
                    Some(false) => view! { <p class="warn" id="persisted">{tt(lang, TMsg::NotPersistent)}</p> }.into_any(),
                    None => view! { <p class="muted" id="persisted">{tt(lang, TMsg::PersistUnknown)}</p> }.into_any(),
                };
                let usage = q.usage.zip(q.quota).map(|(used, total)| view! {
                    <p class="muted" id="quota">
                        {tt(lang, TMsg::Used)}" "{mb(used)}" / "{tt(lang, TMsg::Of)}" "{mb(total)}
                        <meter min="0" max=total value=used></meter>
                    </p>
                });
                view! { {persisted}{usage} }
            })}
        </div>
    }
}

const PERSIST_ASKED: &str = "fielddesk.persist-asked";

/// Asks for persistent storage once per browser (later visits only read the answer), then
/// reads the used and available quota.
async fn ask_storage() -> Quota {
    let Some(window) = web_sys::window() else {
        return Quota::default();
    };
    let manager = window.navigator().storage();
    if !manager.is_instance_of::<web_sys::StorageManager>() {
        return Quota::default();
    }
    let local = window.local_storage().ok().flatten();
    let asked = local
        .as_ref()
        .and_then(|s| s.get_item(PERSIST_ASKED).ok().flatten())
        .is_some();
    let request = if asked {
        manager.persisted()
    } else {
        manager.persist()
    };
    let persistent = match request {
        Ok(promise) => JsFuture::from(promise).await.ok().and_then(|v| v.as_bool()),
        Err(_) => None,
    };
    if let Some(local) = &local {
        let _ = local.set_item(PERSIST_ASKED, "1");
    }
    let estimate = match manager.estimate() {
        Ok(promise) => JsFuture::from(promise)
            .await
            .ok()
            .map(|v| v.unchecked_into::<web_sys::StorageEstimate>()),
        Err(_) => None,
    };
    Quota {
        persistent,
        usage: estimate.as_ref().and_then(|e| e.get_usage()),
        quota: estimate.as_ref().and_then(|e| e.get_quota()),
    }
}
