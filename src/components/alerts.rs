//! R7 alerts: the live clocks at risk or breached across all tickets, and the escalations they
//! call for (`sla::alerts`). A count badge in the header on every page; optional browser
//! notifications, asked for only when the user turns them on.

use std::rc::Rc;

use fielddesk_core::sla::{Alerts, ClockState, TicketTimeline};
use fielddesk_core::view::alerts;
use fielddesk_core::TicketId;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::derived::PerTicket;
use crate::desk::Desk;
use crate::i18n::{self, date_time, t, Msg};
use crate::prefs;
use crate::route::Route;
use crate::vocab;

/// Every alert now (to the half minute), keyed by ticket id. Each open ticket's timeline is
/// kept until the ticket changes.
pub fn current_alerts(desk: Desk) -> Memo<Alerts<TicketId>> {
    let timelines = StoredValue::new_local(PerTicket::<Option<Rc<TicketTimeline>>>::default());
    Memo::new(move |_| {
        let now = desk.coarse_now.get();
        desk.with_policies(|policies| {
            desk.tickets.with(|tickets| {
                let live = timelines
                    .try_update_value(|kept| {
                        kept.refresh(tickets, |t| alerts::live_timeline(t).map(Rc::new))
                    })
                    .unwrap_or_default();
                alerts::alerts_of(tickets.iter().zip(&live), policies, now)
            })
        })
    })
}

#[component]
pub fn AlertsLink(active: Signal<bool>) -> impl IntoView {
    let desk = expect_context::<Desk>();
    let alerts = expect_context::<Memo<Alerts<TicketId>>>();
    let lang = desk.lang;
    let count = move || alerts.with(|a| a.clocks.len());
    // Notify once per new alert the core lets through (quiet hours hold notifications back,
    // never the count), if the user asked for notifications.
    Effect::new(move |previous: Option<usize>| {
        let now = alerts.with(|a| a.to_notify().count());
        if let Some(before) = previous {
            if now > before && prefs::notifications() {
                notify(t(lang.get_untracked(), Msg::AlertsTitle), &format!("{now}"));
            }
        }
        now
    });
    view! {
        <a class="nav-link" href=Route::Alerts.href() aria-current=move || active.get().then_some("page")>
            {move || t(lang.get(), Msg::Alerts)}
            <span class="badge" class=("hot", move || count() > 0) aria-live="polite" aria-atomic="true">
                <span class="sr-only">{move || t(lang.get(), Msg::AlertCount)}</span>
                {count}
            </span>
        </a>
    }
}

#[component]
pub fn AlertsPage() -> impl IntoView {
    let desk = expect_context::<Desk>();
    let alerts = expect_context::<Memo<Alerts<TicketId>>>();
    let lang = desk.lang;
    let number_of = move |id: &TicketId| {
        desk.tickets.with(|tickets| {
            tickets
                .iter()
                .find(|t| &t.id == id)
                .map(|t| (t.number.to_string(), t.intake.description.symptom.clone()))
                .unwrap_or_default()
        })
    };
    let notifications = RwSignal::new(prefs::notifications());
    let toggle = move |ev| {
        let on = event_target_checked(&ev);
        notifications.set(on);
        prefs::set_notifications(on);
        if on {
            request_permission();
        }
    };
    view! {
        <section class="page panel alerts-page" aria-labelledby="alerts-title">
            <div class="page-head">
                <h1 id="alerts-title">{move || t(lang.get(), Msg::AlertsTitle)}</h1>
                <label class="toggle">
                    <input type="checkbox" id="notify" prop:checked=move || notifications.get() on:change=toggle/>
                    {move || t(lang.get(), Msg::BrowserNotifications)}
                </label>
            </div>
            <p class="hint">{move || t(lang.get(), Msg::AlertsHint)}</p>
            <div aria-live="polite">
            {move || alerts.with(|a| {
                let lang = lang.get();
                if a.clocks.is_empty() {
                    return view! { <p class="empty muted">{t(lang, Msg::NoAlerts)}</p> }.into_any();
                }
                let escalations = a.escalations.iter().map(|e| {
                    let (number, symptom) = number_of(&e.ticket);
                    let href = Route::Ticket(e.ticket.0.clone()).href();
                    let due = e.due.map(|d| date_time(lang, d, desk.shown_zone())).unwrap_or_default();
                    // The suggestion's state in the clocks' own words: the hour of R3.2 is the
                    // Escalation clock, at risk or breached (how long ago does not change the word).
                    let state = if e.overdue { ClockState::Breached { by: chrono::Duration::zero() } } else { ClockState::AtRisk };
                    view! {
                        <li class="alert escalation">
                            <span class="alert-icon" aria-hidden="true">"⇧"</span>
                            <a href=href class="ticket-no">{number}</a>
                            <span class="alert-what">{t(lang, Msg::EscalationSuggested)}" · "{i18n::clock_state(lang, state)}</span>
                            <span class="muted">{due}</span>
                            <span class="alert-symptom">{symptom}</span>
                        </li>
                    }
                }).collect_view();
                let clocks = a.clocks.iter().map(|alert| {
                    let (number, symptom) = number_of(&alert.ticket);
                    let href = Route::Ticket(alert.ticket.0.clone()).href();
                    let r = &alert.reading;
                    let (icon, word) = (vocab::clock_state_icon(r.state), i18n::clock_state(lang, r.state));
                    let due = r.due.map(|d| date_time(lang, d, desk.shown_zone())).unwrap_or_default();
                    view! {
                        <li class=format!("alert {}", vocab::clock_state_class(r.state))>
                            <span class="alert-icon" aria-hidden="true">{icon}</span>
                            <a href=href class="ticket-no">{number}</a>
                            <span class="alert-what">{i18n::sla_clock(lang, r.clock)}" · "{word}</span>
                            <span class="muted">{t(lang, Msg::Due)}" "{due}</span>
                            <span class="alert-symptom">{symptom}</span>
                        </li>
                    }
                }).collect_view();
                view! {
                    <h2 class="sub">{t(lang, Msg::EscalationSuggestions)}</h2>
                    <ul class="alert-list">{escalations}</ul>
                    <h2 class="sub">{t(lang, Msg::ClockAlerts)}</h2>
                    <ul class="alert-list">{clocks}</ul>
                }.into_any()
            })}
            </div>
        </section>
    }
}

/// `Notification.requestPermission()`, if the browser has notifications.
fn request_permission() {
    let Some(notification) = notification_class() else {
        return;
    };
    if let Ok(request) =
        js_sys::Reflect::get(&notification, &JsValue::from_str("requestPermission"))
    {
        if let Ok(request) = request.dyn_into::<js_sys::Function>() {
            let _ = request.call0(&notification);
        }
    }
}

fn notify(title: &str, body: &str) {
    let Some(notification) = notification_class() else {
        return;
    };
    let granted = js_sys::Reflect::get(&notification, &JsValue::from_str("permission"))
        .ok()
        .and_then(|p| p.as_string())
        .is_some_and(|p| p == "granted");
    if !granted {
        return;
    }
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(
        &options,
        &JsValue::from_str("body"),
        &JsValue::from_str(body),
    );
    if let Ok(class) = notification.dyn_into::<js_sys::Function>() {
        let args = js_sys::Array::of2(&JsValue::from_str(title), &options);
        let _ = js_sys::Reflect::construct(&class, &args);
    }
}

fn notification_class() -> Option<JsValue> {
    let value = js_sys::Reflect::get(&window(), &JsValue::from_str("Notification")).ok()?;
    (!value.is_undefined()).then_some(value)
}

use wasm_bindgen::JsCast;
