//! What the page must tell the user about the database itself, above every page: an upgrade
//! waiting for another tab, this tab's connection closed for another tab's newer version, or
//! data kept in localStorage because the browser refuses IndexedDB.

use leptos::prelude::*;

use crate::desk::{Desk, Load};
use crate::i18n::{storage_error, t, Msg};
use crate::storage::StorageError;

#[component]
pub fn StorageBanner() -> impl IntoView {
    let desk = expect_context::<Desk>();
    let lang = desk.lang;
    let reload = |_| {
        let _ = window().location().reload();
    };
    view! {
        <Show when=move || desk.load.get() == Load::Blocked>
            <div class="storage-banner warn" role="alert" id="storage-blocked">
                <span>{move || t(lang.get(), Msg::StorageBlocked)}</span>
            </div>
        </Show>
        <Show when=move || {
            desk.load.get() == Load::Ready
                && desk.store_now().is_some_and(|s| s.is_fallback())
        }>
            <div class="storage-banner warn" role="alert" id="storage-fallback">
                <span>{move || t(lang.get(), Msg::StorageFallback)}</span>
            </div>
        </Show>
        <Show when=move || desk.superseded.get()>
            <div class="storage-banner warn" role="alert" id="storage-superseded">
                <span>{move || storage_error(lang.get(), &StorageError::Superseded)}</span>
                <button class="primary" on:click=reload>{move || t(lang.get(), Msg::ReloadTab)}</button>
            </div>
        </Show>
    }
}
