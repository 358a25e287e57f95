//! R1.7, R5.1: a ticket's attachments — add from the file picker or by pasting a screenshot,
//! preview images, download any file. The core records what was attached (`AttachFile`); the
//! bytes go to IndexedDB in the same transaction as that event.

use fielddesk_core::view::ticket::may_attach;
use fielddesk_core::{
    next_quality, photo_plan, AttachedTo, Attachment, AttachmentBlob, AttachmentId, Command,
    PhotoPlan, Ticket,
};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::clock;
use crate::desk::{new_id, ActError, Desk};
use crate::files;
use crate::i18n::{self, t, Msg, F};
use crate::team_sync::{Status, TeamSync};

#[component]
pub fn Attachments(ticket: Signal<Ticket>) -> impl IntoView {
    let desk = expect_context::<Desk>();
    let lang = desk.lang;
    let may_attach = Memo::new(move |_| {
        let role = desk.me().map(|m| m.role);
        ticket.with(|t| may_attach(t, role))
    });
    let to = RwSignal::new(AttachedTo::Description);
    let keep_original = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);

    let attach = move |picked: Vec<web_sys::File>| {
        if picked.is_empty() || !may_attach.get_untracked() {
            return;
        }
        let id = ticket.with_untracked(|t| t.id.clone());
        busy.set(true);
        problem.set(None);
        spawn_local(async move {
            for file in picked {
                let bytes = match files::read_bytes(&file).await {
                    Ok(bytes) => bytes,
                    Err(error) => {
                        problem.set(Some(error.to_string()));
                        break;
                    }
                };
                let (file_name, media_type, bytes) =
                    stored_form(&file, bytes, keep_original.get_untracked()).await;
                let attachment = Attachment {
                    id: AttachmentId(new_id(clock::now())),
                    file_name,
                    media_type,
                    size: bytes.len() as u64,
                    to: to.get_untracked(),
                };
                let blob = AttachmentBlob {
                    id: attachment.id.clone(),
                    bytes,
                };
                let command = Command::AttachFile { attachment };
                if let Err(error) = desk.act(&id, command, vec![blob]).await {
                    problem.set(Some(match error {
                        ActError::Refused(e) => i18n::workflow_error(lang.get_untracked(), &e),
                        ActError::NotPossible => {
                            t(lang.get_untracked(), Msg::SaveFailed).to_string()
                        }
                        ActError::Unsaved(e) => i18n::storage_error(lang.get_untracked(), &e),
                    }));
                    break;
                }
            }
            busy.set(false);
        });
    };

    // A screenshot pasted anywhere on the ticket page is attached.
    let paste = window_event_listener(leptos::ev::paste, move |ev| {
        let pasted = ev
            .clipboard_data()
            .and_then(|data| data.files())
            .map(|list| file_list(&list))
            .unwrap_or_default();
        if !pasted.is_empty() {
            ev.prevent_default();
            attach(pasted);
        }
    });
    on_cleanup(move || paste.remove());

    // The file picker and the camera hand their files over the same way.
    let on_pick = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let picked = input
            .files()
            .map(|list| file_list(&list))
            .unwrap_or_default();
        input.set_value("");
        attach(picked);
    };

    view! {
        <section class="panel attachments" aria-labelledby="attachments-title">
            <h2 id="attachments-title">{move || t(lang.get(), Msg::Attachments)}</h2>
            {move || ticket.with(|t| t.attachments.is_empty()).then(|| view! {
                <p class="muted">{t(lang.get(), Msg::AttachmentsNone)}</p>
            })}
            <ul class="attachment-list">
                <For
                    each=move || ticket.with(|t| t.attachments.clone())
                    key=|a| a.id.clone()
                    children=move |a| view! { <AttachmentItem attachment=a/> }
                />
            </ul>
            <Show when=move || may_attach.get()>
                <div class="attach-controls">
                    <label class="field inline">
                        <span>{move || t(lang.get(), Msg::AttachTo)}</span>
                        <select
                            id="attach-to"
                            on:change=move |ev| to.set(if event_target_value(&ev) == "solution" {
                                AttachedTo::Solution
                            } else {
                                AttachedTo::Description
                            })
                        >
                            <option value="description">{move || t(lang.get(), Msg::AttachToDescription)}</option>
                            <option value="solution">{move || t(lang.get(), Msg::AttachToSolution)}</option>
                        </select>
                    </label>
                    <label class="file-pick" for="attach-files">
                        {move || t(lang.get(), if busy.get() { Msg::Attaching } else { Msg::AttachFiles })}
                    </label>
                    <input
                        id="attach-files"
                        class="file-input"
                        type="file"
                        multiple
                        disabled=move || busy.get()
                        on:change=on_pick
                    />
                    <label class="file-pick camera" for="attach-photo">
                        {move || t(lang.get(), Msg::TakePhoto)}
                    </label>
                    <input
                        id="attach-photo"
                        class="file-input"
                        type="file"
                        accept="image/*"
                        capture="environment"
                        disabled=move || busy.get()
                        on:change=on_pick
                    />
                    <label class="check">
                        <input type="checkbox" id="keep-original" prop:checked=move || keep_original.get()
                            on:change=move |ev| keep_original.set(event_target_checked(&ev))/>
                        {move || t(lang.get(), Msg::KeepOriginal)}
                    </label>
                    <p class="muted hint">{move || t(lang.get(), Msg::AttachPasteHint)}" "{move || t(lang.get(), Msg::PhotoHint)}</p>
                </div>
            </Show>
            <p class="error" role="alert" id="attach-error">
                {move || problem.get().map(|reason| format!("{}: {reason}", t(lang.get(), Msg::AttachmentFailed)))}
            </p>
        </section>
    }
}

/// One file: its name, size and part of the form; a preview for images; a download button.
#[component]
fn AttachmentItem(attachment: Attachment) -> impl IntoView {
    let desk = expect_context::<Desk>();
    let lang = desk.lang;
    let preview = RwSignal::new(None::<String>);
    let missing = RwSignal::new(false);
    let is_image = attachment.media_type.starts_with("image/");
    if is_image {
        let id = attachment.id.clone();
        let media_type = attachment.media_type.clone();
        spawn_local(async move {
            let Some(store) = desk.store_now() else {
                return;
            };
            match store.attachment(&id).await {
                Ok(Some(blob)) => preview.set(files::object_url(&blob.bytes, &media_type).ok()),
                _ => missing.set(true),
            }
        });
    }
    on_cleanup(move || {
        if let Some(url) = preview.get_untracked() {
            let _ = web_sys::Url::revoke_object_url(&url);
        }
    });
    let download = {
        let attachment = attachment.clone();
        move |_| {
            let attachment = attachment.clone();
            spawn_local(async move {
                let Some(store) = desk.store_now() else {
                    return;
                };
                match store.attachment(&attachment.id).await {
                    Ok(Some(blob)) => {
                        let _ = files::save_download(
                            &blob.bytes,
                            &attachment.file_name,
                            &attachment.media_type,
                        );
                    }
                    _ => missing.set(true),
                }
            });
        }
    };
    let part = match attachment.to {
        AttachedTo::Description => Msg::AttachToDescription,
        AttachedTo::Solution => Msg::AttachToSolution,
        AttachedTo::Feedback => Msg::AttachToFeedback,
    };
    let name = attachment.file_name.clone();
    // Larger than the team lets travel, while this browser syncs: the others will not have it.
    let sync = use_context::<TeamSync>();
    let stays_here = move || {
        let syncing = sync.is_some_and(|sync| sync.status.get() != Status::Off);
        let policy = desk.settings.with(|s| s.sync);
        (syncing && !policy.travels(attachment.size)).then_some(policy.max_attachment_mib)
    };
    view! {
        <li class="attachment">
            {move || preview.get().map(|url| view! { <img class="thumb" src=url alt=name.clone()/> })}
            <div class="attachment-meta">
                <span class="file-name">{attachment.file_name.clone()}</span>
                <span class="muted">{move || t(lang.get(), part)}" · "{size(attachment.size)}</span>
                {move || missing.get().then(|| view! { <span class="bad">{t(lang.get(), Msg::AttachmentNotHere)}</span> })}
                {move || stays_here().map(|mib| view! { <span class="warn stays-here">{F::SyncFileStaysHere { mib: &mib }.text(lang.get())}</span> })}
            </div>
            <button class="secondary download" on:click=download>{move || t(lang.get(), Msg::Download)}</button>
        </li>
    }
}

/// What is stored for a picked, photographed or pasted file: a picture the core says to scale
/// is redrawn as a smaller JPEG (kept as it was if the browser cannot, or if that is no smaller).
async fn stored_form(
    file: &web_sys::File,
    bytes: Vec<u8>,
    keep_original: bool,
) -> (String, String, Vec<u8>) {
    let (name, media_type) = (file_name(file), file.type_());
    if !media_type.starts_with("image/") {
        return (name, media_type, bytes);
    }
    let Some(picture) = files::Picture::decode(file).await else {
        return (name, media_type, bytes);
    };
    let plan = photo_plan(
        &name,
        &media_type,
        bytes.len() as u64,
        picture.size(),
        keep_original,
    );
    match plan {
        PhotoPlan::Scale {
            width,
            height,
            quality,
            file_name,
        } => {
            let mut quality = quality;
            loop {
                match picture.jpeg(width, height, quality) {
                    Ok(scaled) => match next_quality(quality, scaled.len() as u64) {
                        Some(lower) => quality = lower,
                        None if scaled.len() < bytes.len() => {
                            return (file_name, "image/jpeg".into(), scaled)
                        }
                        None => return (name, media_type, bytes),
                    },
                    Err(_) => return (name, media_type, bytes),
                }
            }
        }
        PhotoPlan::Keep => (name, media_type, bytes),
    }
}

fn file_list(list: &web_sys::FileList) -> Vec<web_sys::File> {
    (0..list.length()).filter_map(|i| list.item(i)).collect()
}

/// A pasted screenshot has no useful name ("image.png"); give it the time it was pasted.
fn file_name(file: &web_sys::File) -> String {
    let name = file.name();
    if name.is_empty() || name == "image.png" {
        format!("screenshot-{}.png", clock::now().format("%Y%m%d-%H%M%S"))
    } else {
        name
    }
}

fn size(bytes: u64) -> String {
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1024 * 1024 => format!("{:.1} KB", b as f64 / 1024.0),
        b => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
    }
}
