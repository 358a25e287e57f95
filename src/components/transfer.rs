//! Import and export: the bytes-moving shell around the core's exchange format. Export writes
//! the core's file through a download; import reads a picked or dropped file, lets the core
//! check it and preview what it would do, and on confirmation writes the core's plan in one
//! IndexedDB transaction. Counts, conflicts and numbers all come from the core.

use std::rc::Rc;

use chrono::{Local, Offset, Utc};
use fielddesk_core::{
    export, parse_export, plan_import, preview, ticket_list_csv, CsvLabels, Export, ExportMeta,
    ImportError, ImportPreview, TicketId,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::app::{Load, Shared};
use crate::files;
use crate::i18n::storage_error;
use crate::sync;
use crate::transfer_i18n::{conflict, csv_headers, import_error, imported, step_name, tt, TMsg};

/// Where an import is.
#[derive(Clone)]
enum Import {
    Idle,
    Busy(TMsg),
    Invalid {
        file: String,
        error: ImportError,
    },
    Preview {
        file: String,
        export: Rc<Export>,
        preview: Rc<ImportPreview>,
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
    File(String),
    Failed(String),
}

#[component]
pub fn ImportExportPanel() -> impl IntoView {
    let shared = expect_context::<Shared>();
    let lang = shared.lang;
    let import = RwSignal::new_local(Import::Idle);
    let saved = RwSignal::new(Saved::Nothing);
    let selected = RwSignal::new(Vec::<TicketId>::new());
    let dragging = RwSignal::new(false);

    let export_json = move |selection: Option<Vec<TicketId>>| {
        let Some(store) = shared.store.get_value() else {
            saved.set(Saved::Failed(
                tt(lang.get_untracked(), TMsg::StoreMissing).into(),
            ));
            return;
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
                        exported_at: Utc::now(),
                        exported_by: shared.me_untracked().person(),
                        settings: None,
                    };
                    let text = export(&events, &articles, &blobs, selection.as_deref(), &meta);
                    let name = format!(
                        "fielddesk-export-{}.json",
                        Local::now().format("%Y%m%d-%H%M")
                    );
                    files::save_download(text.as_bytes(), &name, "application/json")
                        .map(|()| name)
                        .map_err(|e| e.to_string())
                }
                Err(error) => Err(storage_error(lang.get_untracked(), &error)),
            };
            saved.set(match outcome {
                Ok(name) => Saved::File(name),
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
                Ok(()) => Saved::File(name),
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
            import.set(Import::Busy(TMsg::Checking));
            let export = match parse_export(&bytes) {
                Ok(export) => export,
                Err(error) => return import.set(Import::Invalid { file: name, error }),
            };
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
                        file: name,
                        export: Rc::new(export),
                        preview: Rc::new(preview),
                    });
                }
                Err(error) => {
                    import.set(Import::Failed(storage_error(lang.get_untracked(), &error)))
                }
            }
        });
    };

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
                    <div class="actions">
                        <button type="button" class="primary" id="export-all" on:click=move |_| export_json(None)>
                            {move || tt(lang.get(), TMsg::ExportAll)}
                        </button>
                        <button type="button" class="secondary" id="export-csv" on:click=export_csv>
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
                            disabled=move || selected.with(Vec::is_empty)
                            on:click=move |_| export_json(Some(selected.get_untracked()))
                        >
                            {move || tt(lang.get(), TMsg::ExportSelected)}
                        </button>
                    </details>
                    <p class="status" aria-live="polite" id="export-status">
                        {move || match saved.get() {
                            Saved::Nothing => ().into_any(),
                            Saved::File(name) => view! { <span class="ok">{tt(lang.get(), TMsg::Exported)}": "{name}</span> }.into_any(),
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
                {move || import_view(lang.get(), import.get(), confirm, move || import.set(Import::Idle))}
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
        Import::Idle => ().into_any(),
        Import::Busy(step) => view! { <p class="muted">{tt(lang, step)}</p> }.into_any(),
        Import::Invalid { file, error } => view! {
            <div class="banner bad" role="alert" id="import-error">
                <strong>{tt(lang, TMsg::BadFile)}</strong>
                <p class="file-name">{file}</p>
                <p class="reason">{import_error(lang, &error)}</p>
            </div>
        }
        .into_any(),
        Import::Preview { file, preview, .. } => {
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
