//! R3.1: while a problem is recorded (intake) or handled (first line), the articles and past
//! tickets that look like it, as links. The ranking is the core's `SearchIndex::suggest`.

use fielddesk_core::{DocKey, TicketNo};
use leptos::prelude::*;

use crate::components::knowledge::hit_link;
use crate::desk::Desk;
use crate::i18n::{t, Msg};
use crate::knowledge::Knowledge;

/// How many articles and how many past tickets are suggested.
const LIMIT: usize = 3;

#[component]
pub fn Suggestions(
    /// The problem's text as typed so far.
    problem: Signal<String>,
    /// The ticket being handled, never suggested to itself.
    #[prop(optional)]
    exclude: Option<TicketNo>,
) -> impl IntoView {
    let desk = expect_context::<Desk>();
    let knowledge = expect_context::<Knowledge>();
    let lang = desk.lang;
    let found = Memo::new(move |_| {
        let mut s = problem.with(|p| knowledge.suggest(p, LIMIT + 1));
        s.tickets
            .retain(|h| Some(&h.key) != exclude.map(DocKey::Ticket).as_ref());
        s.tickets.truncate(LIMIT);
        s.articles.truncate(LIMIT);
        s
    });
    move || {
        let s = found.get();
        (!s.articles.is_empty() || !s.tickets.is_empty()).then(|| {
            view! {
                <aside class="suggestions" id="suggestions" aria-live="polite">
                    <h3>{move || t(lang.get(), Msg::Suggested)}</h3>
                    <ul>
                        {s.articles.into_iter().chain(s.tickets).map(|hit| view! { <li>{hit_link(desk, knowledge, hit.key)}</li> }).collect_view()}
                    </ul>
                </aside>
            }
        })
    }
}
