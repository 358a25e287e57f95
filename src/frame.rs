//! The page frame: header, navigation, "who am I", language, banners, and the page the route
//! names. The data the pages share is the desk's (`desk`); this module only lays them out.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::alerts::{AlertsLink, AlertsPage};
use crate::components::intake_form::IntakeFormPanel;
use crate::components::knowledge::{ArticlePage, KnowledgePage};
use crate::components::print_form::PrintForm;
use crate::components::queue::Queue;
use crate::components::report::ReportPage;
use crate::components::retrospectives::ReviewPage;
use crate::components::settings::SettingsPage;
use crate::components::storage_banner::StorageBanner;
use crate::components::team_sync::SyncBadge;
use crate::components::ticket_page::TicketPage;
use crate::components::transfer::ImportExportPanel;
use crate::components::whoami::WhoAmI;
use crate::desk::Desk;
use crate::i18n::{t, Lang, Msg};
use crate::offline::{NetworkBadge, UpdateBanner};
use crate::prefs;
use crate::route::{use_route, Route};

#[component]
pub fn App() -> impl IntoView {
    let desk = Desk::start();
    provide_context(desk);
    // The app is up: the start-up notice in index.html (shown if the wasm cannot load) goes.
    if let Some(boot) = document().get_element_by_id("boot") {
        boot.remove();
    }
    provide_context(crate::components::alerts::current_alerts(desk));
    provide_context(crate::knowledge::Knowledge::start(desk));
    provide_context(crate::team_sync::TeamSync::start(desk));

    Effect::new(move |_| {
        let lang = desk.lang.get();
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", lang.tag());
        }
        document().set_title(t(lang, Msg::AppName));
    });

    let route = use_route();
    let lang = desk.lang;
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
                    (Route::Ticket(_) | Route::TicketPrint(_), Route::Queue)
                        | (Route::Article(_), Route::Knowledge)
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
                <SyncBadge/>
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
                Route::TicketPrint(id) => view! { <PrintForm id=id/> }.into_any(),
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
