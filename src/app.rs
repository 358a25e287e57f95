//! The page frame: header, language switch, and the data the pages share.

use std::rc::Rc;

use fielddesk_core::Ticket;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::intake_form::IntakeFormPanel;
use crate::components::queue::Queue;
use crate::components::transfer::ImportExportPanel;
use crate::i18n::{t, Lang, Msg};
use crate::prefs;
use crate::storage::Store;

/// What every page reads: the language, the open database, and the tickets folded from it.
#[derive(Clone, Copy)]
pub struct Shared {
    pub lang: RwSignal<Lang>,
    pub store: StoredValue<Option<Rc<Store>>, LocalStorage>,
    pub tickets: RwSignal<Vec<Ticket>>,
    pub load: RwSignal<Load>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Load {
    Loading,
    Ready,
    Failed(String),
}

#[component]
pub fn App() -> impl IntoView {
    let shared = Shared {
        lang: RwSignal::new(prefs::lang()),
        store: StoredValue::new_local(None),
        tickets: RwSignal::new(Vec::new()),
        load: RwSignal::new(Load::Loading),
    };
    provide_context(shared);
    spawn_local(load_tickets(shared));

    Effect::new(move |_| {
        let lang = shared.lang.get();
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", lang.tag());
        }
        document().set_title(t(lang, Msg::AppName));
    });

    let lang = shared.lang;
    let switch_language = move |_| {
        let next = match lang.get() {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        };
        prefs::set_lang(next);
        lang.set(next);
    };

    view! {
        <header class="topbar">
            <div class="brand">
                <span class="logo" aria-hidden="true">"FD"</span>
                <div>
                    <h1>{move || t(lang.get(), Msg::AppName)}</h1>
                    <p class="tagline">{move || t(lang.get(), Msg::Tagline)}</p>
                </div>
            </div>
            <button class="ghost" id="language" on:click=switch_language>
                {move || t(lang.get(), Msg::LanguageSwitch)}
            </button>
        </header>
        <main class="layout">
            <IntakeFormPanel/>
            <Queue/>
            <ImportExportPanel/>
        </main>
    }
}

async fn load_tickets(shared: Shared) {
    let loaded = async {
        let store = Store::open().await?;
        let events = store.events().await?;
        Ok::<_, crate::storage::StorageError>((store, events))
    }
    .await;
    match loaded {
        Ok((store, events)) => {
            shared.store.set_value(Some(Rc::new(store)));
            shared.tickets.set(fold_all(&events));
            shared.load.set(Load::Ready);
        }
        Err(error) => shared.load.set(Load::Failed(error.to_string())),
    }
}

/// Every ticket the events describe, newest first.
pub fn fold_all(events: &[fielddesk_core::Event]) -> Vec<Ticket> {
    let mut tickets = fielddesk_core::fold_log(events);
    tickets.sort_by(|a, b| {
        b.created_at
            .cmp(&a.created_at)
            .then(b.number.cmp(&a.number))
    });
    tickets
}
