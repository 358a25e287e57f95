//! Import, the finish: the result area under the panel. It asks for a sealed file's passphrase
//! and decrypts (nothing is written), shows the preview or why the file was refused, and on
//! confirmation writes the core's plan in one IndexedDB transaction, with its progress.

use fielddesk_core::plan_import;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::import_panel::{check_and_preview, Import, Importer};
use crate::components::import_preview::ImportPreviewView;
use crate::components::passphrase::{UnlockFailure, UnlockForm};
use crate::components::sheet_import::SheetMapping;
use crate::crypto;
use crate::desk::Desk;
use crate::i18n::{import_error, sealed_error, sheet_error, storage_error, t, Lang, Msg, F};
use crate::storage::Change;

#[component]
pub fn ImportResult(importer: Importer) -> impl IntoView {
    let desk = expect_context::<Desk>();
    let lang = desk.lang;
    let Importer {
        import,
        unlock_passphrase,
    } = importer;

    // Nothing is written here: a wrong passphrase goes back to the form, a right one to the
    // usual check and preview.
    let unlock = move || {
        let Import::Locked { file, sealed, .. } = import.get_untracked() else {
            return;
        };
        let Some(store) = desk.store_now() else {
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

    let on_confirm = Callback::new(move |()| {
        let Import::Preview { file, export, .. } = import.get_untracked() else {
            return;
        };
        let Some(store) = desk.store_now() else {
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
                let settings = store.setting_events().await?;
                let plan = plan_import(&events, &articles, &ids, &settings, &export);
                let count = plan.events.len() + plan.settings.len();
                let change = Change {
                    events: plan.events,
                    articles: plan.articles,
                    files: plan.attachments,
                    settings: plan.settings,
                };
                desk.write(change, |done, total| {
                    import.set(Import::Writing { done, total })
                })
                .await?;
                Ok::<_, crate::storage::StorageError>(count)
            };
            match written.await {
                Ok(events) => import.set(Import::Done { file, events }),
                Err(error) => {
                    import.set(Import::Failed(storage_error(lang.get_untracked(), &error)))
                }
            }
        });
    });
    let on_cancel = Callback::new(move |()| import.set(Import::Idle));

    view! {
        <div class="import-result" id="import-result" aria-live="polite">
            {move || match import.get() {
                Import::Locked { file, failure, .. } => view! {
                    <UnlockForm lang=lang file=file passphrase=unlock_passphrase busy=false failure=failure on_unlock=on_unlock on_cancel=on_cancel_unlock/>
                }.into_any(),
                Import::Unlocking { file, .. } => view! {
                    <UnlockForm lang=lang file=file passphrase=unlock_passphrase busy=true failure=None on_unlock=on_unlock on_cancel=on_cancel_unlock/>
                }.into_any(),
                Import::Sheet { file, workbook } => view! {
                    <SheetMapping file=file workbook=workbook import=import/>
                }.into_any(),
                state => import_view(lang.get(), state, on_confirm, on_cancel),
            }}
        </div>
    }
}

fn import_view(
    lang: Lang,
    state: Import,
    on_confirm: Callback<()>,
    on_cancel: Callback<()>,
) -> AnyView {
    match state {
        Import::Idle | Import::Locked { .. } | Import::Unlocking { .. } | Import::Sheet { .. } => {
            ().into_any()
        }
        Import::BadSheet { file, error } => {
            refused(t(lang, Msg::SheetUnreadable), file, sheet_error(lang, &error))
        }
        Import::Busy(step) => view! { <p class="muted">{t(lang, step)}</p> }.into_any(),
        Import::Invalid { file, error } => {
            refused(t(lang, Msg::BadFile), file, import_error(lang, &error))
        }
        Import::BadSealed { file, error } => {
            refused(t(lang, Msg::BadSealedFile), file, sealed_error(lang, &error))
        }
        Import::Preview {
            file,
            preview,
            decrypted,
            sheet,
            ..
        } => view! {
            <ImportPreviewView lang=lang file=file preview=preview decrypted=decrypted sheet=sheet on_confirm=on_confirm on_cancel=on_cancel/>
        }
        .into_any(),
        Import::Writing { done, total } => view! {
            <div class="writing">
                <p>{t(lang, Msg::ImportWriting)}</p>
                <progress max=total.max(1) value=done></progress>
            </div>
        }
        .into_any(),
        Import::Done { file, events } => view! {
            <p class="ok" id="import-done">{F::Imported { file: &file, events: &events }.text(lang)}</p>
        }
        .into_any(),
        Import::Failed(reason) => view! {
            <div class="banner bad" role="alert" id="import-error">
                <strong>{t(lang, Msg::WriteFailed)}</strong>
                <p class="reason">{reason}</p>
            </div>
        }
        .into_any(),
    }
}

/// A file the import will not take: what kind of refusal, the file, and why.
fn refused(title: &'static str, file: String, reason: String) -> AnyView {
    view! {
        <div class="banner bad" role="alert" id="import-error">
            <strong>{title}</strong>
            <p class="file-name">{file}</p>
            <p class="reason">{reason}</p>
        </div>
    }
    .into_any()
}
