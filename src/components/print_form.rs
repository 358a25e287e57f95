//! R6 流程跟踪记录表单 on paper: the ticket's twelve fields (with the feedback and the requester's
//! signature), its progress log oldest first and who printed it when, on A4 through the
//! browser's own print (so "save as PDF" works). The app's chrome is hidden by the print
//! stylesheet; nothing here is a rule.

use fielddesk_core::Ticket;
use leptos::prelude::*;

use crate::clock;
use crate::components::ticket_page::Form;
use crate::components::timeline::describe;
use crate::desk::{Desk, Load};
use crate::i18n::{self, date_time, t, Msg};
use crate::route::Route;

#[component]
pub fn PrintForm(id: String) -> impl IntoView {
    let desk = expect_context::<Desk>();
    let lang = desk.lang;
    let back = Route::Ticket(id.clone()).href();
    let ticket = Memo::new(move |_| {
        desk.tickets
            .with(|ts| ts.iter().find(|t| t.id.0 == id).cloned())
    });
    let exists = Memo::new(move |_| ticket.with(Option::is_some));
    move || match (desk.load.get(), exists.get()) {
        (Load::Loading | Load::Blocked, _) => {
            view! { <p class="page muted">{t(lang.get(), Msg::Loading)}</p> }.into_any()
        }
        (_, false) => view! {
            <section class="page panel">
                <h1>{t(lang.get(), Msg::TicketNotFound)}</h1>
                <p><a href=Route::Queue.href()>{t(lang.get(), Msg::BackToQueue)}</a></p>
            </section>
        }
        .into_any(),
        (_, true) => {
            let ticket = Signal::derive(move || ticket.get().expect("shown only while it exists"));
            let back = back.clone();
            view! {
                <div class="page print-page">
                    <div class="print-tools no-print">
                        <a class="back" href=back>"← "{move || t(lang.get(), Msg::BackToTicket)}</a>
                        <button class="primary" id="print-now" on:click=move |_| { let _ = window().print(); }>{move || t(lang.get(), Msg::Print)}</button>
                        <span class="hint">{move || t(lang.get(), Msg::PrintFormHint)}</span>
                    </div>
                    <article class="print-sheet">
                        <header class="print-head">
                            <div>
                                <p class="print-brand">{move || t(lang.get(), Msg::AppName)}</p>
                                <h1>{move || t(lang.get(), Msg::TrackingForm)}</h1>
                            </div>
                            <dl class="print-meta">
                                <div><dt>{move || t(lang.get(), Msg::TicketNumber)}</dt><dd class="ticket-no" id="print-number">{move || ticket.with(|t| t.number.to_string())}</dd></div>
                                <div><dt>{move || t(lang.get(), Msg::Step)}</dt><dd>{move || i18n::step(lang.get(), ticket.with(|t| t.step))}</dd></div>
                                <div><dt>{move || t(lang.get(), Msg::PrintedAt)}</dt><dd>{move || date_time(lang.get(), clock::now(), desk.shown_zone())}</dd></div>
                            </dl>
                        </header>
                        <Form ticket=ticket/>
                        <ProgressLog ticket=ticket/>
                    </article>
                </div>
            }
            .into_any()
        }
    }
}

/// R6 处理进度记录, oldest first, one row per event.
#[component]
fn ProgressLog(ticket: Signal<Ticket>) -> impl IntoView {
    let desk = expect_context::<Desk>();
    let lang = desk.lang;
    view! {
        <section class="print-log" aria-labelledby="print-log-title">
            <h2 id="print-log-title">{move || t(lang.get(), Msg::ProgressLog)}</h2>
            <table class="log-table">
                <thead>
                    <tr>
                        <th scope="col">{move || t(lang.get(), Msg::LogTime)}</th>
                        <th scope="col">{move || t(lang.get(), Msg::LogAction)}</th>
                        <th scope="col">{move || t(lang.get(), Msg::LogDetail)}</th>
                        <th scope="col">{move || t(lang.get(), Msg::LogActor)}</th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        let (lang, zone) = (lang.get(), desk.shown_zone());
                        ticket.with(|t| t.timeline.iter().filter(|e| e.applied).map(|entry| {
                            let e = &entry.event;
                            let (title, detail) = describe(lang, zone, &e.kind);
                            view! {
                                <tr>
                                    <td class="nowrap">{date_time(lang, e.at, zone)}</td>
                                    <td>{title}</td>
                                    <td>{detail}</td>
                                    <td class="nowrap">{e.actor.name.clone()}</td>
                                </tr>
                            }
                        }).collect_view())
                    }}
                </tbody>
            </table>
        </section>
    }
}
