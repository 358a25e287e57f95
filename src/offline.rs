//! Offline support in the page: registers the service worker (sw.js), offers a new deployment
//! to the user without forcing it, and shows whether the network is there.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{ServiceWorkerRegistration, ServiceWorkerState};

use crate::i18n::{t, Lang, Msg};

/// The online / offline pill for the header.
#[component]
pub fn NetworkBadge(lang: RwSignal<Lang>) -> impl IntoView {
    let online = RwSignal::new(window().navigator().on_line());
    let on = window_event_listener(leptos::ev::online, move |_| online.set(true));
    let off = window_event_listener(leptos::ev::offline, move |_| online.set(false));
    on_cleanup(move || {
        on.remove();
        off.remove();
    });
    view! {
        <span
            class="network"
            class:offline=move || !online.get()
            id="network"
            title=move || if online.get() { "" } else { t(lang.get(), Msg::OfflineHint) }
        >
            <span class="dot" aria-hidden="true"></span>
            {move || t(lang.get(), if online.get() { Msg::Online } else { Msg::Offline })}
        </span>
    }
}

/// Registers sw.js and shows a banner when a new build is waiting; the user decides when to reload.
#[component]
pub fn UpdateBanner(lang: RwSignal<Lang>) -> impl IntoView {
    let waiting = RwSignal::new_local(None::<web_sys::ServiceWorker>);
    spawn_local(async move {
        // Service workers need http(s) or localhost; elsewhere (file://) the app runs without one.
        if let Some(registration) = register().await {
            watch_for_updates(registration, waiting);
        }
    });
    let reload = move |_| {
        if let Some(worker) = waiting.get_untracked() {
            let container = window().navigator().service_worker();
            let on_change = Closure::once_into_js(|| {
                let _ = window().location().reload();
            });
            container.set_oncontrollerchange(Some(on_change.unchecked_ref()));
            let _ = worker.post_message(&JsValue::from_str("fielddesk:activate"));
        }
    };
    view! {
        <Show when=move || waiting.with(Option::is_some)>
            <div class="update-banner" role="status" id="update-banner">
                <span>{move || t(lang.get(), Msg::UpdateReady)}</span>
                <button class="primary" on:click=reload>{move || t(lang.get(), Msg::Reload)}</button>
            </div>
        </Show>
    }
}

async fn register() -> Option<ServiceWorkerRegistration> {
    let navigator = window().navigator();
    if !js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker")).unwrap_or(false) {
        return None;
    }
    let promise = navigator.service_worker().register("./sw.js");
    JsFuture::from(promise).await.ok()?.dyn_into().ok()
}

/// Shows the update banner when a new build has installed beside the one in control.
fn watch_for_updates(
    registration: ServiceWorkerRegistration,
    waiting: RwSignal<Option<web_sys::ServiceWorker>, LocalStorage>,
) {
    // A new build may be at any stage when the page starts listening: already waiting, still
    // installing, or not yet found. Each stage is caught here, so no update goes unnoticed.
    if let Some(worker) = registration.waiting() {
        offer_when_installed(worker, waiting);
    }
    if let Some(worker) = registration.installing() {
        follow(worker, waiting);
    }
    let registration_for_update = registration.clone();
    let on_update_found = Closure::<dyn Fn()>::new(move || {
        if let Some(worker) = registration_for_update.installing() {
            follow(worker, waiting);
        }
    });
    registration.set_onupdatefound(Some(on_update_found.as_ref().unchecked_ref()));
    // The registration lives as long as the page; so does its listener.
    on_update_found.forget();
}

/// Offers `worker` once it has installed.
fn follow(
    worker: web_sys::ServiceWorker,
    waiting: RwSignal<Option<web_sys::ServiceWorker>, LocalStorage>,
) {
    let watched = worker.clone();
    let on_state = Closure::<dyn Fn()>::new(move || offer_when_installed(watched.clone(), waiting));
    worker.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
    on_state.forget();
    // It may have installed before the listener was in place.
    offer_when_installed(worker, waiting);
}

/// A worker that has installed while another controls the page is a new deployment.
fn offer_when_installed(
    worker: web_sys::ServiceWorker,
    waiting: RwSignal<Option<web_sys::ServiceWorker>, LocalStorage>,
) {
    let has_controller = window().navigator().service_worker().controller().is_some();
    if worker.state() == ServiceWorkerState::Installed && has_controller {
        waiting.set(Some(worker));
    }
}
