//! Hash routes (`#/`, `#/ticket/<id>`, `#/ticket/<id>/print`, `#/alerts`, `#/settings`, `#/knowledge`,
//! `#/knowledge/<article-id>`, `#/report`, `#/review`): they work on any static host,
//! under any sub-path and offline, because the server only ever sees `index.html`.

use leptos::prelude::*;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Queue,
    Ticket(String),
    /// R6: the ticket's tracking form laid out for paper (or a PDF).
    TicketPrint(String),
    Alerts,
    Settings,
    Knowledge,
    Article(String),
    Report,
    /// Recurring problems, retrospectives and the prevention checklist (R5.2).
    Review,
}

impl Route {
    pub fn parse(hash: &str) -> Route {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        let mut parts = path.split('/');
        match (parts.next(), parts.next()) {
            (Some("ticket"), Some(id)) if !id.is_empty() => match parts.next() {
                Some("print") => Route::TicketPrint(decode(id)),
                _ => Route::Ticket(decode(id)),
            },
            (Some("alerts"), _) => Route::Alerts,
            (Some("settings"), _) => Route::Settings,
            (Some("knowledge"), Some(id)) if !id.is_empty() => Route::Article(decode(id)),
            (Some("knowledge"), _) => Route::Knowledge,
            (Some("report"), _) => Route::Report,
            (Some("review"), _) => Route::Review,
            _ => Route::Queue,
        }
    }

    pub fn href(&self) -> String {
        match self {
            Route::Queue => "#/".into(),
            Route::Ticket(id) => format!("#/ticket/{}", encode(id)),
            Route::TicketPrint(id) => format!("#/ticket/{}/print", encode(id)),
            Route::Alerts => "#/alerts".into(),
            Route::Settings => "#/settings".into(),
            Route::Knowledge => "#/knowledge".into(),
            Route::Article(id) => format!("#/knowledge/{}", encode(id)),
            Route::Report => "#/report".into(),
            Route::Review => "#/review".into(),
        }
    }
}

fn decode(text: &str) -> String {
    js_sys::decode_uri_component(text)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| text.to_string())
}

fn encode(text: &str) -> String {
    js_sys::encode_uri_component(text).into()
}

fn current() -> Route {
    Route::parse(&window().location().hash().unwrap_or_default())
}

/// The current route, kept in step with the address bar.
pub fn use_route() -> ReadSignal<Route> {
    let (route, set_route) = signal(current());
    let handle = window_event_listener(leptos::ev::hashchange, move |_| {
        set_route.set(current());
        // A new page starts at its top, like any other navigation.
        window().scroll_to_with_x_and_y(0.0, 0.0);
    });
    on_cleanup(move || handle.remove());
    route
}

pub fn go(route: &Route) {
    let _ = window().location().set_hash(&route.href());
}
