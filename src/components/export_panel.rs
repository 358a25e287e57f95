//! Export: the core's file (every ticket, or the chosen ones) or the ticket list as CSV, saved
//! through a download. With the passphrase option on, the file is sealed before it leaves
//! (`crypto::seal`), after the core has checked the passphrase.

use std::rc::Rc;

use chrono::{Local, Offset};
use fielddesk_core::exchange::Compression;
use fielddesk_core::view::queue;
use fielddesk_core::{
    check_new_passphrase, export, export_to, ticket_list_csv, CsvLabels, ExportMeta, TicketId,
};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::passphrase::{SealChoice, SealOptions};
use crate::desk::Desk;
use crate::i18n::{crypto_error, step, storage_error, t, Lang, Msg, F};
use crate::storage::Store;
use crate::{crypto, files};

/// How many tickets the chooser lists at once.
const CHOOSE_ROWS: usize = 50;

/// What the last export did.
#[derive(Clone, PartialEq)]
enum Saved {
    Nothing,
    Sealing,
    File { name: String, sealed: bool },
    Failed(String),
}

/// Reads the store, writes the core's export file, seals it when there is a passphrase and
/// saves it as a download: the file's name, or why not in the user's language.
async fn download_export(
    desk: Desk,
    store: Rc<Store>,
    selection: Option<Vec<TicketId>>,
    passphrase: Option<&str>,
    compress: Compression,
) -> Result<String, String> {
    let lang = desk.lang;
    let read = async {
        Ok::<_, crate::storage::StorageError>((
            store.events().await?,
            store.article_events().await?,
            store.attachments().await?,
            store.setting_events().await?,
        ))
    };
    let (events, articles, blobs, settings) = read
        .await
        .map_err(|error| storage_error(lang.get_untracked(), &error))?;
    let meta = ExportMeta {
        exported_at: crate::clock::now(),
        // Exporting needs no role: with nobody chosen, the file names no one.
        exported_by: desk.me_untracked().map_or_else(
            || fielddesk_core::Person {
                name: String::new(),
                employee_id: String::new(),
            },
            |m| m.person(),
        ),
        settings: None,
    };
    let stamp = Local::now().format("%Y%m%d-%H%M");
    let failed = |e: files::FileError| e.to_string();
    let Some(passphrase) = passphrase else {
        // Plain: written piece by piece into a Blob, never one string; gzipped past a size.
        let mut parts = files::BlobParts::default();
        export_to(
            &events,
            &articles,
            &blobs,
            &settings,
            selection.as_deref(),
            &meta,
            &mut parts,
        )
        .map_err(|e| e.to_string())?;
        drop((events, articles, blobs));
        let size = parts.size();
        let blob = parts.into_blob("application/json").map_err(failed)?;
        let (blob, name) = if compress.applies(size) {
            let blob = files::gzip(&blob).await.map_err(failed)?;
            (blob, format!("fielddesk-export-{stamp}.json.gz"))
        } else {
            (blob, format!("fielddesk-export-{stamp}.json"))
        };
        return files::save_blob(&blob, &name)
            .map(|()| name)
            .map_err(failed);
    };
    // Sealed: the cipher takes the whole text at once.
    let text = export(
        &events,
        &articles,
        &blobs,
        &settings,
        selection.as_deref(),
        &meta,
    );
    drop((events, articles, blobs));
    let sealed = crypto::seal(text.as_bytes(), passphrase)
        .await
        .map_err(|e| crypto_error(lang.get_untracked(), &e))?;
    // `.sealed.json`: still a JSON file to every picker, and says what it is.
    let name = format!("fielddesk-export-{stamp}.sealed.json");
    files::save_download(sealed.as_bytes(), &name, "application/json")
        .map(|()| name)
        .map_err(failed)
}

/// The CSV's column headers in `lang`, in `fielddesk_core::ticket_list_csv`'s order.
fn csv_headers(lang: Lang) -> [&'static str; fielddesk_core::csv_export::CSV_COLUMNS] {
    [
        Msg::CsvNumber,
        Msg::CsvSubmitter,
        Msg::CsvDepartment,
        Msg::CsvDescription,
        Msg::CsvCategory,
        Msg::CsvRequested,
        Msg::CsvConfirmed,
        Msg::CsvStep,
        Msg::CsvHandler,
        Msg::CsvCreated,
    ]
    .map(|m| t(lang, m))
}

/// Saves the ticket list as CSV, in the user's language and time zone.
fn download_csv(desk: Desk) -> Saved {
    let lang = desk.lang.get_untracked();
    let headers = csv_headers(lang);
    let step_name = move |s| step(lang, s).to_string();
    let labels = CsvLabels {
        headers,
        step: &step_name,
    };
    let zone = Local::now().offset().fix();
    let bytes = desk
        .tickets
        .with_untracked(|tickets| ticket_list_csv(tickets, zone, &labels));
    let name = format!(
        "fielddesk-tickets-{}.csv",
        Local::now().format("%Y%m%d-%H%M")
    );
    match files::save_download(&bytes, &name, "text/csv;charset=utf-8") {
        Ok(()) => Saved::File {
            name,
            sealed: false,
        },
        Err(e) => Saved::Failed(e.to_string()),
    }
}

#[component]
pub fn ExportPanel() -> impl IntoView {
    let desk = expect_context::<Desk>();
    let lang = desk.lang;
    let saved = RwSignal::new(Saved::Nothing);
    let seal = SealChoice::new();
    let sealing = Signal::derive(move || saved.get() == Saved::Sealing);
    let compress = RwSignal::new(Compression::BySize);

    let export_json = move |selection: Option<Vec<TicketId>>| {
        if sealing.get_untracked() {
            return;
        }
        let Some(store) = desk.store_now() else {
            saved.set(Saved::Failed(
                t(lang.get_untracked(), Msg::StoreMissing).into(),
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
            let outcome = download_export(
                desk,
                store,
                selection,
                passphrase.as_deref(),
                compress.get_untracked(),
            )
            .await;
            saved.set(match outcome {
                Ok(name) => Saved::File {
                    name,
                    sealed: passphrase.is_some(),
                },
                Err(reason) => Saved::Failed(reason),
            });
        });
    };
    let on_export_chosen = Callback::new(move |ids| export_json(Some(ids)));

    view! {
        <div class="transfer-export">
            <SealOptions lang=lang choice=seal busy=sealing/>
            <div class="field inline compress-field">
                <label for="export-compress">{move || t(lang.get(), Msg::CompressLabel)}</label>
                <select id="export-compress" disabled=move || seal.on.get() on:change=move |ev| compress.set(match event_target_value(&ev).as_str() {
                    "always" => Compression::Always,
                    "never" => Compression::Never,
                    _ => Compression::BySize,
                })>
                    <option value="by-size" selected=move || compress.get() == Compression::BySize>{move || t(lang.get(), Msg::CompressBySize)}</option>
                    <option value="always" selected=move || compress.get() == Compression::Always>{move || t(lang.get(), Msg::CompressAlways)}</option>
                    <option value="never" selected=move || compress.get() == Compression::Never>{move || t(lang.get(), Msg::CompressNever)}</option>
                </select>
            </div>
            <div class="actions">
                <button type="button" class="primary" id="export-all" disabled=sealing on:click=move |_| export_json(None)>
                    {move || t(lang.get(), Msg::ExportAll)}
                </button>
                <button type="button" class="secondary" id="export-csv" disabled=sealing on:click=move |_| saved.set(download_csv(desk))>
                    {move || t(lang.get(), Msg::ExportCsv)}
                </button>
            </div>
            <TicketChooser busy=sealing on_export=on_export_chosen/>
            <p class="status" aria-live="polite" id="export-status">
                {move || match saved.get() {
                    Saved::Nothing => ().into_any(),
                    Saved::Sealing => view! {
                        <span class="busy"><span class="spinner" aria-hidden="true"></span>{t(lang.get(), Msg::Sealing)}</span>
                    }.into_any(),
                    Saved::File { name, sealed } => view! {
                        <span class="ok">{t(lang.get(), if sealed { Msg::ExportedSealed } else { Msg::Exported })}": "{name}</span>
                    }.into_any(),
                    Saved::Failed(reason) => view! { <span class="bad">{reason}</span> }.into_any(),
                }}
            </p>
        </div>
    }
}

/// "Choose tickets": a checkbox a ticket, and a button that exports the chosen ones. The list
/// is made only while it is open, and shows the first [`CHOOSE_ROWS`] tickets the filter
/// matches: the queue page stays as light with 100 000 tickets as with ten.
#[component]
fn TicketChooser(busy: Signal<bool>, on_export: Callback<Vec<TicketId>>) -> impl IntoView {
    let desk = expect_context::<Desk>();
    let lang = desk.lang;
    let selected = RwSignal::new(Vec::<TicketId>::new());
    let open = RwSignal::new(false);
    let filter = RwSignal::new(String::new());
    let toggle = move |id: TicketId| {
        selected.update(|ids| match ids.iter().position(|x| *x == id) {
            Some(at) => {
                ids.remove(at);
            }
            None => ids.push(id),
        })
    };
    // (id, number, symptom) of the tickets listed, and how many more the filter matches.
    let listed = Memo::new(move |_| {
        if !open.get() {
            return (Vec::new(), 0);
        }
        let needle = filter.with(|f| f.trim().to_lowercase());
        desk.tickets.with(|tickets| {
            let mut matching = tickets
                .iter()
                .filter(|t| needle.is_empty() || queue::search_text(t).contains(&needle));
            let rows: Vec<(TicketId, String, String)> = matching
                .by_ref()
                .take(CHOOSE_ROWS)
                .map(|t| {
                    let symptom = t.intake.description.symptom.clone();
                    (t.id.clone(), t.number.to_string(), symptom)
                })
                .collect();
            (rows, matching.count())
        })
    });
    let on_toggle = move |ev: leptos::ev::Event| {
        let now_open = ev
            .target()
            .and_then(|details| js_sys::Reflect::get(&details, &"open".into()).ok())
            .is_some_and(|open| open.is_truthy());
        open.set(now_open);
    };
    view! {
        <details class="choose" on:toggle=on_toggle>
            <summary>
                {move || t(lang.get(), Msg::ChooseTickets)}
                " (" {move || selected.with(Vec::len)} ")"
            </summary>
            <input
                type="search"
                id="choose-filter"
                class="choose-filter"
                placeholder=move || t(lang.get(), Msg::ChooseFilter)
                aria-label=move || t(lang.get(), Msg::ChooseFilter)
                prop:value=move || filter.get()
                on:input=move |ev| filter.set(event_target_value(&ev))
            />
            <ul class="choose-list">
                <For
                    each=move || listed.with(|(rows, _)| rows.clone())
                    key=|(id, number, _)| (id.clone(), number.clone())
                    children=move |(id, number, symptom)| {
                        let checked_id = id.clone();
                        view! {
                            <li>
                                <label>
                                    <input
                                        type="checkbox"
                                        prop:checked=move || selected.with(|s| s.contains(&checked_id))
                                        on:change=move |_| toggle(id.clone())
                                    />
                                    <span class="ticket-no">{number}</span>
                                    " "
                                    <span class="choose-symptom">{symptom}</span>
                                </label>
                            </li>
                        }
                    }
                />
            </ul>
            {move || {
                let more = listed.with(|(_, more)| *more);
                (more > 0).then(|| view! {
                    <p class="muted choose-more">{F::ChooseMore { more: &more }.text(lang.get())}</p>
                })
            }}
            <button
                type="button"
                class="secondary"
                id="export-selected"
                disabled=move || busy.get() || selected.with(Vec::is_empty)
                on:click=move |_| on_export.run(selected.get_untracked())
            >
                {move || t(lang.get(), Msg::ExportSelected)}
            </button>
        </details>
    }
}
