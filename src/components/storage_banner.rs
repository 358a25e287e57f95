//! What the page must tell the user about the database itself, above every page: an upgrade
//! waiting for another tab, this tab's connection closed for another tab's newer version, or
//! data kept in localStorage because the browser refuses IndexedDB.

use leptos::prelude::*;

use crate::app::{Load, Shared};
use crate::i18n::{storage_error, t, Msg};
use crate::storage::StorageError;

#[component]
pub fn StorageBanner() -> impl IntoView {
    let shared = expect_context::<Shared>();
    let lang = shared.lang;
    let reload = |_| {
        let _ = window().location().reload();
    };
    view! {
        <Show when=move || shared.load.get() == Load::Blocked>
            <div class="storage-banner warn" role="alert" id="storage-blocked">
                <span>{move || t(lang.get(), Msg::StorageBlocked)}</span>
            </div>
        </Show>
        <Show when=move || {
            shared.load.get() == Load::Ready
                && shared.store.with_value(|s| s.as_ref().is_some_and(|s| s.is_fallback()))
        }>
            <div class="storage-banner warn" role="alert" id="storage-fallback">
                <span>{move || t(lang.get(), Msg::StorageFallback)}</span>
            </div>
        </Show>
        <Show when=move || shared.superseded.get()>
            <div class="storage-banner warn" role="alert" id="storage-superseded">
                <span>{move || storage_error(lang.get(), &StorageError::Superseded)}</span>
                <button class="primary" on:click=reload>{move || t(lang.get(), Msg::ReloadTab)}</button>
            </div>
        </Show>
    }
}
