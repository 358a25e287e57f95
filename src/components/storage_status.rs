//! The import/export panel's storage note: asks once per browser for persistent storage, then
//! shows the answer and the quota used.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::desk::Desk;
use crate::i18n::{t, Msg};

/// Whether the browser keeps this site's data when space runs low, and how much is used.
#[derive(Clone, Default)]
struct Quota {
    persistent: Option<bool>,
    usage: Option<f64>,
    quota: Option<f64>,
}

#[component]
pub fn StorageStatus() -> impl IntoView {
    let lang = expect_context::<Desk>().lang;
    let quota = RwSignal::new(None::<Quota>);
    spawn_local(async move { quota.set(Some(ask_storage().await)) });
    let mb = |bytes: f64| format!("{:.1} MB", bytes / 1_048_576.0);
    view! {
        <div class="storage-status" id="storage-status">
            <h3>{move || t(lang.get(), Msg::StorageTitle)}</h3>
            {move || quota.get().map(|q| {
                let lang = lang.get();
                let persisted = match q.persistent {
                    Some(true) => view! { <p class="ok" id="persisted">{t(lang, Msg::Persistent)}</p> }.into_any(),
                    Some(false) => view! { <p class="warn" id="persisted">{t(lang, Msg::NotPersistent)}</p> }.into_any(),
                    None => view! { <p class="muted" id="persisted">{t(lang, Msg::PersistUnknown)}</p> }.into_any(),
                };
                let usage = q.usage.zip(q.quota).map(|(used, total)| view! {
                    <p class="muted" id="quota">
                        {t(lang, Msg::StorageUsed)}" "{mb(used)}" / "{t(lang, Msg::StorageAvailable)}" "{mb(total)}
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
