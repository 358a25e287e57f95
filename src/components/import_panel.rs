//! Import, the start: the import's state, and the drop zone that reads a picked or dropped
//! file. A plain export file goes straight to the core's check and a preview against the
//! store; a sealed one (`fielddesk_core::sealed`) waits for its passphrase in `import_result`,
//! which also confirms and writes; a tracking sheet (.xlsx, .csv) is read by `fielddesk_sheet`
//! and waits for its column mapping in `sheet_import`, then previews like a file.

use std::rc::Rc;

use fielddesk_core::migration::Refusal;
use fielddesk_core::{
    is_gzip, is_sealed, parse_export, parse_sealed, preview, Export, ImportError, ImportPreview,
    Sealed, SealedError,
};
use fielddesk_sheet::{SheetError, Workbook};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::passphrase::UnlockFailure;
use crate::desk::Desk;
use crate::files;
use crate::i18n::{self, storage_error, t, Lang, Msg};
use crate::storage::Store;
use fielddesk_core::exchange::MAX_FILE_BYTES;

/// Where an import is.
#[derive(Clone)]
pub enum Import {
    Idle,
    Busy(Msg),
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
    /// A tracking sheet read, waiting for its sheet and column mapping to be checked.
    Sheet {
        file: String,
        workbook: Rc<Workbook>,
    },
    /// A file named .xlsx or .csv that cannot be read as a sheet.
    BadSheet {
        file: String,
        error: SheetError,
    },
    Preview {
        file: String,
        export: Rc<Export>,
        preview: Rc<ImportPreview>,
        /// It came out of a sealed file.
        decrypted: bool,
        /// It came from a tracking sheet: the rows that became tickets and those refused.
        sheet: Option<Rc<SheetRows>>,
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

/// What a tracking sheet's rows became (`fielddesk_core::migration`).
pub struct SheetRows {
    pub rows: usize,
    pub tickets: usize,
    pub refused: Vec<Refusal>,
}

/// One import, desk by the drop zone that starts it and the result area that finishes it.
#[derive(Clone, Copy)]
pub struct Importer {
    pub import: RwSignal<Import, LocalStorage>,
    /// What is typed into a sealed file's passphrase form.
    pub unlock_passphrase: RwSignal<String>,
}

impl Importer {
    pub fn new() -> Self {
        Importer {
            import: RwSignal::new_local(Import::Idle),
            unlock_passphrase: RwSignal::new(String::new()),
        }
    }
}

impl Default for Importer {
    fn default() -> Self {
        Self::new()
    }
}

/// Checks the file, then previews it against the store: a plain export file, picked or
/// dropped, or what a sealed one decrypted to.
pub async fn check_and_preview(
    store: Rc<Store>,
    import: RwSignal<Import, LocalStorage>,
    lang: RwSignal<Lang>,
    file: String,
    bytes: Vec<u8>,
    decrypted: bool,
) {
    import.set(Import::Busy(Msg::CheckingFile));
    let export = match parse_export(&bytes) {
        Ok(export) => export,
        Err(error) => return import.set(Import::Invalid { file, error }),
    };
    drop(bytes);
    preview_against_store(store, import, lang, file, export, decrypted, None).await;
}

/// The preview of a checked export, or of a sheet's migration, against the store.
pub async fn preview_against_store(
    store: Rc<Store>,
    import: RwSignal<Import, LocalStorage>,
    lang: RwSignal<Lang>,
    file: String,
    export: Export,
    decrypted: bool,
    sheet: Option<Rc<SheetRows>>,
) {
    let local = async {
        Ok::<_, crate::storage::StorageError>((
            store.events().await?,
            store.article_events().await?,
            store.attachment_ids().await?,
            store.setting_events().await?,
        ))
    };
    match local.await {
        Ok((events, articles, ids, settings)) => {
            let preview = preview(&events, &articles, &ids, &settings, &export);
            import.set(Import::Preview {
                file,
                export: Rc::new(export),
                preview: Rc::new(preview),
                decrypted,
                sheet,
            });
        }
        Err(error) => import.set(Import::Failed(storage_error(lang.get_untracked(), &error))),
    }
}

/// The drop zone with its file picker.
#[component]
pub fn ImportDrop(importer: Importer) -> impl IntoView {
    let desk = expect_context::<Desk>();
    let lang = desk.lang;
    let Importer {
        import,
        unlock_passphrase,
    } = importer;
    let dragging = RwSignal::new(false);

    let take_file = move |file: web_sys::File| {
        import.set(Import::Busy(Msg::ReadingFile));
        spawn_local(async move {
            // A file picked while the page is still opening the database waits for it.
            let store = match desk.store().await {
                Ok(store) => store,
                Err(error) => {
                    return import.set(Import::Failed(i18n::storage_error(
                        lang.get_untracked(),
                        &error,
                    )))
                }
            };
            let name = file.name();
            let bytes = match files::read_bytes(&file).await {
                Ok(bytes) => bytes,
                Err(error) => return import.set(Import::Failed(error.to_string())),
            };
            // A compressed export (.json.gz) is unpacked as a stream, up to what an import takes.
            let bytes = if is_gzip(&bytes) {
                drop(bytes);
                let lang = lang.get_untracked();
                match files::gunzip(&file, MAX_FILE_BYTES).await {
                    Ok(Some(bytes)) => bytes,
                    Ok(None) => {
                        return import.set(Import::Failed(t(lang, Msg::GzipTooLarge).into()))
                    }
                    Err(error) => {
                        return import.set(Import::Failed(format!(
                            "{}: {error}",
                            t(lang, Msg::GzipBroken)
                        )))
                    }
                }
            } else {
                bytes
            };
            if fielddesk_sheet::is_sheet_file(&name) {
                return match fielddesk_sheet::read(&bytes, &name) {
                    Ok(workbook) => import.set(Import::Sheet {
                        file: name,
                        workbook: Rc::new(workbook),
                    }),
                    Err(error) => import.set(Import::BadSheet { file: name, error }),
                };
            }
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

    view! {
        <div
            class="dropzone"
            class:dragging=move || dragging.get()
            on:dragover=move |ev: leptos::ev::DragEvent| { ev.prevent_default(); dragging.set(true); }
            on:dragleave=move |_| dragging.set(false)
            on:drop=on_drop
        >
            <h3>{move || t(lang.get(), Msg::ImportTitle)}</h3>
            <label class="file-pick" for="import-file">{move || t(lang.get(), Msg::PickFile)}</label>
            <input id="import-file" class="file-input" type="file" accept=".json,application/json,.gz,.json.gz,application/gzip,.xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" on:change=on_pick/>
            <p class="muted">{move || t(lang.get(), Msg::DropHint)}</p>
            <p class="muted">{move || t(lang.get(), Msg::SheetDropHint)}</p>
        </div>
    }
}
