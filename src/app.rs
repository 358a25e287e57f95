//! The page frame (header, navigation, "who am I", language) and the data the pages share.

use std::rc::Rc;

use chrono::{DateTime, Utc};
use fielddesk_core::{Role, Ticket};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::clock;
use crate::components::alerts::{AlertsLink, AlertsPage};
use crate::components::intake_form::IntakeFormPanel;
use crate::components::knowledge::{ArticlePage, KnowledgePage};
use crate::components::queue::Queue;
use crate::components::report::ReportPage;
use crate::components::retrospectives::ReviewPage;
use crate::components::settings::SettingsPage;
use crate::components::storage_banner::StorageBanner;
use crate::components::ticket_page::TicketPage;
use crate::components::transfer::ImportExportPanel;
use crate::components::whoami::WhoAmI;
use crate::i18n::{t, Lang, Msg};
use crate::offline::{NetworkBadge, UpdateBanner};
use crate::prefs;
use crate::route::{use_route, Route};
use crate::storage::{StorageError, Store, Watch};
use crate::team::{Member, TeamSettings};

/// What every page reads: the language, the open database, the tickets folded from it, the team's
/// settings and the current time.
#[derive(Clone, Copy)]
pub struct Shared {
    pub lang: RwSignal<Lang>,
    pub store: StoredValue<Option<Rc<Store>>, LocalStorage>,
    pub tickets: RwSignal<Vec<Ticket>>,
    pub load: RwSignal<Load>,
    /// Another tab upgraded the database and this tab's connection closed for it.
    pub superseded: RwSignal<bool>,
    /// Moves each time the store is re-read (an import, another tab's write).
    pub reloaded: RwSignal<u64>,
    pub settings: RwSignal<TeamSettings>,
    /// Ticks every second: live countdowns read it.
    pub now: RwSignal<DateTime<Utc>>,
    /// `now` to the half minute: the whole-queue SLA work (alerts, filters, sorting) reads this.
    pub coarse_now: Memo<DateTime<Utc>>,
}

impl Shared {
    /// Who acts from this browser (the "who am I" choice; the first member if it went missing).
    pub fn me(&self) -> Member {
        self.settings.with(current_member)
    }

    pub fn me_untracked(&self) -> Member {
        self.settings.with_untracked(current_member)
    }
}

fn current_member(settings: &TeamSettings) -> Member {
    settings
        .team
        .iter()
        .find(|m| m.employee_id == settings.me)
        .or_else(|| settings.team.first())
        .cloned()
        .unwrap_or_else(|| Member {
            name: "—".into(),
            employee_id: String::new(),
            role: Role::FirstLine,
            speciality: String::new(),
        })
}

#[derive(Debug, Clone, PartialEq)]
pub enum Load {
    Loading,
    /// Waiting for another tab with an older Fielddesk to close so the database can upgrade.
    Blocked,
    Ready,
    Failed(StorageError),
}

#[component]
pub fn App() -> impl IntoView {
    let now = RwSignal::new(clock::now());
    let coarse_now = Memo::new(move |_| {
        let at = now.get();
        DateTime::from_timestamp(at.timestamp() - at.timestamp().rem_euclid(30), 0).unwrap_or(at)
    });
    let shared = Shared {
        lang: RwSignal::new(prefs::lang()),
        store: StoredValue::new_local(None),
        tickets: RwSignal::new(Vec::new()),
        load: RwSignal::new(Load::Loading),
        superseded: RwSignal::new(false),
        reloaded: RwSignal::new(0),
        settings: RwSignal::new(TeamSettings::default()),
        now,
        coarse_now,
    };
    provide_context(shared);
    // The app is up: the start-up notice in index.html (shown if the wasm cannot load) goes.
    if let Some(boot) = document().get_element_by_id("boot") {
        boot.remove();
    }
    provide_context(crate::components::alerts::current_alerts(shared));
    provide_context(crate::knowledge::Knowledge::start(shared));
    spawn_local(load_all(shared));
    // Another tab wrote: show what the store holds now, whatever page this one is on.
    crate::sync::listen(move || spawn_local(refold(shared)));
    let tick = set_interval_with_handle(
        move || now.set(clock::now()),
        std::time::Duration::from_secs(1),
    );
    on_cleanup(move || {
        if let Ok(tick) = tick {
            tick.clear();
        }
    });

    Effect::new(move |_| {
        let lang = shared.lang.get();
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", lang.tag());
        }
        document().set_title(t(lang, Msg::AppName));
    });

    let route = use_route();
    let lang = shared.lang;
    let switch_language = move |_| {
        let next = match lang.get() {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        };
        prefs::set_lang(next);
        lang.set(next);
    };
    let nav = move |target: Route, msg: Msg| {
        let href = target.href();
        let current = move || {
            let here = route.get();
            (here == target
                || matches!(
                    (&here, &target),
                    (Route::Ticket(_), Route::Queue) | (Route::Article(_), Route::Knowledge)
                ))
            .then_some("page")
        };
        view! { <a class="nav-link" href=href aria-current=current>{move || t(lang.get(), msg)}</a> }
    };

    view! {
        <a class="skip" href="#main" on:click=|ev| {
            ev.prevent_default();
            if let Some(main) = document().get_element_by_id("main") {
                let _ = main.unchecked_into::<web_sys::HtmlElement>().focus();
            }
        }>{move || t(lang.get(), Msg::SkipToContent)}</a>
        <header class="topbar">
            <a class="brand" href="#/">
                <span class="logo" aria-hidden="true">"FD"</span>
                <span class="brand-text">
                    <span class="app-name">{move || t(lang.get(), Msg::AppName)}</span>
                    <span class="tagline">{move || t(lang.get(), Msg::Tagline)}</span>
                </span>
            </a>
            <nav class="mainnav" aria-label=move || t(lang.get(), Msg::MainNav)>
                {nav(Route::Queue, Msg::Queue)}
                <AlertsLink active=Signal::derive(move || route.get() == Route::Alerts)/>
                {nav(Route::Knowledge, Msg::KnowledgeBase)}
                {nav(Route::Report, Msg::MonthlyReport)}
                {nav(Route::Review, Msg::Review)}
                {nav(Route::Settings, Msg::Settings)}
            </nav>
            <div class="topbar-tools">
                <NetworkBadge lang=lang/>
                <WhoAmI/>
                <button class="ghost" id="language" on:click=switch_language>
                    {move || t(lang.get(), Msg::LanguageSwitch)}
                </button>
            </div>
        </header>
        <UpdateBanner lang=lang/>
        <StorageBanner/>
        <main id="main" tabindex="-1">
            {move || match route.get() {
                Route::Queue => view! {
                    <div class="layout">
                        <IntakeFormPanel/>
                        <Queue/>
                    </div>
                    <ImportExportPanel/>
                }.into_any(),
                Route::Ticket(id) => view! { <TicketPage id=id/> }.into_any(),
                Route::Alerts => view! { <AlertsPage/> }.into_any(),
                Route::Settings => view! { <SettingsPage/> }.into_any(),
                Route::Knowledge => view! { <KnowledgePage/> }.into_any(),
                Route::Article(id) => view! { <ArticlePage id=id/> }.into_any(),
                Route::Report => view! { <ReportPage/> }.into_any(),
                Route::Review => view! { <ReviewPage/> }.into_any(),
            }}
        </main>
    }
}

async fn load_all(shared: Shared) {
    let loaded = async {
        let store = Store::open(Watch {
            blocked: Box::new(move || shared.load.set(Load::Blocked)),
            superseded: Box::new(move || shared.superseded.set(true)),
        })
        .await?;
        let settings = TeamSettings::load(&store).await?;
        let events = store.events().await?;
        Ok::<_, StorageError>((store, settings, events))
    }
    .await;
    match loaded {
        Ok((store, settings, events)) => {
            shared.store.set_value(Some(Rc::new(store)));
            shared.settings.set(settings);
            shared.tickets.set(fold_all(&events));
            shared.load.set(Load::Ready);
        }
        Err(error) => shared.load.set(Load::Failed(error)),
    }
}

/// Re-reads the store and shows what it holds: after an import, or another tab's write.
pub async fn refold(shared: Shared) {
    let Some(store) = shared.store.get_value() else {
        return;
    };
    if let Ok(events) = store.events().await {
        shared.tickets.set(fold_all(&events));
    }
    shared.reloaded.update(|n| *n += 1);
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

/// Saves one team setting; a failure is returned for the settings page to show.
pub async fn save_setting<T: serde::Serialize>(
    shared: Shared,
    key: &str,
    value: &T,
) -> Result<(), String> {
    let lang = shared.lang.get_untracked();
    let Some(store) = shared.store.get_value() else {
        return Err(t(lang, Msg::SaveFailed).to_string());
    };
    store
        .put_setting(key, value)
        .await
        .map_err(|e| crate::i18n::storage_error(lang, &e))
}
