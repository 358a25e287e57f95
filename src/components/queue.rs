//! The ticket queue: filters, text search, SLA badges counting down, sort by SLA due, and pages
//! of 50 rows so that 10 000 tickets stay smooth (only one page is in the DOM).

use fielddesk_core::sla::ClockState;
use fielddesk_core::view::queue::{self, Query, SlaFilter, Sort};
use fielddesk_core::{Priority, Step, Ticket};
use leptos::prelude::*;
use std::sync::Arc;

use crate::components::sla_badge::SlaBadge;
use crate::derived::PerTicket;
use crate::desk::{Desk, Load};
use crate::i18n::{self, date_time, t, Msg, F};
use crate::route::Route;

const PAGE: usize = 50;

#[component]
pub fn Queue() -> impl IntoView {
    let desk = expect_context::<Desk>();
    let lang = desk.lang;
    let search = RwSignal::new(String::new());
    let step = RwSignal::new(String::new());
    let priority = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let handler = RwSignal::new(String::new());
    let mine = RwSignal::new(false);
    let sla_filter = RwSignal::new(SlaFilter::Any);
    let sort = RwSignal::new(Sort::Newest);
    let page = RwSignal::new(0usize);

    // Each ticket's searchable text, made when the ticket changes, not per keystroke.
    let kept = StoredValue::new_local(PerTicket::<Arc<str>>::default());
    let texts = Memo::new(move |_| {
        desk.tickets.with(|tickets| {
            kept.try_update_value(|kept| kept.refresh(tickets, |t| queue::search_text(t).into()))
                .unwrap_or_default()
        })
    });
    let query = Memo::new(move |_| Query {
        text: search.get(),
        step: Step::ALL
            .into_iter()
            .find(|s| step.with(|v| *v == format!("{s:?}"))),
        priority: Priority::ALL
            .into_iter()
            .find(|p| priority.with(|v| *v == p.to_string())),
        category: category.with(|c| c.parse().ok()),
        person: handler.with(|h| (!h.is_empty()).then(|| h.clone())),
        mine: mine.get(),
        sla: sla_filter.get(),
        sort: sort.get(),
    });
    // The matching tickets' indexes, in display order.
    let matching = Memo::new(move |_| {
        let me = desk.me().map(|m| m.employee_id);
        let now = desk.coarse_now.get();
        desk.with_policies(|policies| {
            texts.with(|texts| {
                desk.tickets.with(|tickets| {
                    query.with(|q| queue::select(tickets, texts, q, me.as_deref(), policies, now))
                })
            })
        })
    });
    // A new filter starts from the first page.
    Effect::new(move |_| {
        matching.track();
        page.set(0);
    });
    let pages = move || matching.with(|m| m.len().div_ceil(PAGE).max(1));
    let visible = move || {
        let start = page.get() * PAGE;
        let ids = matching.with(|m| m.iter().skip(start).take(PAGE).copied().collect::<Vec<_>>());
        desk.tickets.with(|tickets| {
            ids.into_iter()
                .filter_map(|i| tickets.get(i).cloned())
                .collect::<Vec<_>>()
        })
    };

    let select =
        move |id: &'static str,
              label: Msg,
              value: RwSignal<String>,
              options: Box<dyn Fn() -> Vec<(String, String)> + Send + Sync>| {
            view! {
                <div class="filter">
                    <label for=id>{move || t(lang.get(), label)}</label>
                    <select id=id prop:value=move || value.get() on:change=move |ev| value.set(event_target_value(&ev))>
                        <option value="">{move || t(lang.get(), Msg::All)}</option>
                        {move || options().into_iter().map(|(v, l)| view! { <option value=v>{l}</option> }).collect_view()}
                    </select>
                </div>
            }
        };
    let steps = Box::new(move || {
        let lang = lang.get();
        Step::ALL
            .into_iter()
            .map(|s| (format!("{s:?}"), i18n::step(lang, s).to_string()))
            .collect()
    });
    let priorities = Box::new(move || {
        let lang = lang.get();
        Priority::ALL
            .into_iter()
            .map(|p| {
                (
                    p.to_string(),
                    format!("{p} {}", i18n::priority_short(lang, p)),
                )
            })
            .collect()
    });
    let categories = Box::new(move || {
        desk.settings.with(|s| {
            s.standard
                .majors()
                .iter()
                .flat_map(|m| {
                    m.minors
                        .iter()
                        .map(move |minor| format!("{}-{minor}", m.name))
                })
                .map(|c| (c.clone(), c))
                .collect()
        })
    });
    let handlers = Box::new(move || {
        desk.settings.with(|s| {
            s.team
                .iter()
                .map(|m| (m.employee_id.clone(), m.name.clone()))
                .collect()
        })
    });

    view! {
        <section class="panel queue" aria-labelledby="queue-title">
            <h2 id="queue-title">
                {move || t(lang.get(), Msg::Queue)}
                <span class="count">{move || desk.tickets.with(Vec::len)}</span>
            </h2>
            <div class="filters" role="search">
                <div class="filter search">
                    <label for="search">{move || t(lang.get(), Msg::Search)}</label>
                    <input id="search" type="search" placeholder=move || t(lang.get(), Msg::SearchPlaceholder)
                        prop:value=move || search.get() on:input=move |ev| search.set(event_target_value(&ev))/>
                </div>
                {select("filter-step", Msg::Step, step, steps)}
                {select("filter-priority", Msg::Priority, priority, priorities)}
                {select("filter-category", Msg::Category, category, categories)}
                {select("filter-handler", Msg::Handler, handler, handlers)}
                <div class="filter">
                    <label for="filter-sla">{move || t(lang.get(), Msg::SlaState)}</label>
                    <select id="filter-sla" on:change=move |ev| sla_filter.set(match event_target_value(&ev).as_str() {
                        "risk" => SlaFilter::AtRisk, "breached" => SlaFilter::Breached, _ => SlaFilter::Any })>
                        <option value="">{move || t(lang.get(), Msg::All)}</option>
                        <option value="risk">{move || i18n::clock_state(lang.get(), ClockState::AtRisk)}</option>
                        <option value="breached">{move || i18n::clock_state(lang.get(), ClockState::Breached { by: chrono::Duration::zero() })}</option>
                    </select>
                </div>
                <div class="filter">
                    <label for="sort">{move || t(lang.get(), Msg::SortBy)}</label>
                    <select id="sort" on:change=move |ev| sort.set(if event_target_value(&ev) == "due" { Sort::SlaDue } else { Sort::Newest })>
                        <option value="new">{move || t(lang.get(), Msg::SortNewest)}</option>
                        <option value="due">{move || t(lang.get(), Msg::SortSlaDue)}</option>
                    </select>
                </div>
                <label class="toggle filter-mine">
                    <input type="checkbox" id="filter-mine" prop:checked=move || mine.get() on:change=move |ev| mine.set(event_target_checked(&ev))/>
                    {move || t(lang.get(), Msg::Mine)}
                </label>
            </div>
            {move || match desk.load.get() {
                Load::Loading | Load::Blocked => view! { <p class="muted">{t(lang.get(), Msg::Loading)}</p> }.into_any(),
                Load::Failed(error) => view! {
                    <p class="banner bad" role="alert">{t(lang.get(), Msg::LoadFailed)}": "{i18n::storage_error(lang.get(), &error)}</p>
                }.into_any(),
                Load::Ready if desk.tickets.with(Vec::is_empty) => view! {
                    <p class="muted empty">{t(lang.get(), Msg::QueueEmpty)}</p>
                }.into_any(),
                Load::Ready => view! {
                    <p class="muted result-count" aria-live="polite">{move || {
                        let total = matching.with(Vec::len);
                        let start = page.get() * PAGE;
                        let (from, to) = ((start + 1).min(total), (start + PAGE).min(total));
                        F::QueueCount { total: &total, from: &from, to: &to }.text(lang.get())
                    }}</p>
                    <ul class="tickets">
                        <For each=visible key=|ticket| (ticket.id.clone(), ticket.last_seq) children=move |ticket| view! { <Row ticket=ticket/> }/>
                    </ul>
                    <div class="pager" class:hidden=move || { pages() <= 1 }>
                        <button class="secondary" disabled=move || page.get() == 0 on:click=move |_| page.update(|p| *p = p.saturating_sub(1))>
                            {move || t(lang.get(), Msg::Previous)}
                        </button>
                        <span>{move || format!("{} / {}", page.get() + 1, pages())}</span>
                        <button class="secondary" disabled=move || { page.get() + 1 >= pages() } on:click=move |_| page.update(|p| *p += 1)>
                            {move || t(lang.get(), Msg::Next)}
                        </button>
                    </div>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Row(ticket: Ticket) -> impl IntoView {
    let desk = expect_context::<Desk>();
    let lang = desk.lang;
    let priority = ticket.priority();
    let submitter = &ticket.intake.submitter;
    let who = format!("{} · {}", submitter.name, submitter.department);
    let at = ticket.created_at;
    let href = Route::Ticket(ticket.id.0.clone()).href();
    let step = ticket.step;
    let categories = ticket
        .categories
        .iter()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join(" · ");
    let handler = ticket.first_line.as_ref().map(|p| p.name.clone());
    let live = ticket.clone();
    let reading = Signal::derive(move || {
        let now = desk.now.get();
        desk.with_policies(|p| queue::headline(&fielddesk_core::view::clocks(&live, p, now)))
    });
    view! {
        <li class="ticket">
            <div class="ticket-head">
                <a class="ticket-no" href=href>{ticket.number.to_string()}</a>
                <span class=format!("prio prio-{}", priority.to_string().to_lowercase())>
                    {priority.to_string()}" "{move || i18n::priority_short(lang.get(), priority)}
                </span>
                <span class="step-chip">{move || i18n::step(lang.get(), step)}</span>
                <SlaBadge reading=reading/>
            </div>
            <p class="symptom">{ticket.intake.description.symptom.clone()}</p>
            <p class="meta">
                <span>{who}</span>
                <span>{ticket.intake.channel.clone()}</span>
                {(!categories.is_empty()).then(|| view! { <span class="cat">{categories}</span> })}
                {handler.map(|h| view! { <span class="handler">{move || t(lang.get(), Msg::Handler)}": "{h.clone()}</span> })}
                <time datetime=ticket.created_at.to_rfc3339()>{move || date_time(lang.get(), at, desk.shown_zone())}</time>
            </p>
        </li>
    }
}
