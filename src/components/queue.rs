//! The ticket queue: every ticket, newest first.

use chrono::Local;
use leptos::prelude::*;

use crate::app::{Load, Shared};
use crate::i18n::{date_time, priority_short, t, Msg};

#[component]
pub fn Queue() -> impl IntoView {
    let shared = expect_context::<Shared>();
    let lang = shared.lang;
    view! {
        <section class="panel queue" aria-labelledby="queue-title">
            <h2 id="queue-title">
                {move || t(lang.get(), Msg::Queue)}
                <span class="count">{move || shared.tickets.with(Vec::len)}</span>
            </h2>
            {move || match shared.load.get() {
                Load::Loading => view! { <p class="muted">{t(lang.get(), Msg::Loading)}</p> }.into_any(),
                Load::Failed(reason) => view! {
                    <p class="banner bad" role="alert">{t(lang.get(), Msg::LoadFailed)}": "{reason}</p>
                }.into_any(),
                Load::Ready if shared.tickets.with(Vec::is_empty) => view! {
                    <p class="muted empty">{t(lang.get(), Msg::QueueEmpty)}</p>
                }.into_any(),
                Load::Ready => view! {
                    <ul class="tickets">
                        <For
                            each=move || shared.tickets.get()
                            key=|ticket| ticket.id.clone()
                            children=move |ticket| {
                                let priority = ticket.requested_priority();
                                let submitter = &ticket.intake.submitter;
                                let who = format!("{} · {}", submitter.name, submitter.department);
                                let at = ticket.created_at.with_timezone(&Local);
                                view! {
                                    <li class="ticket">
                                        <div class="ticket-head">
                                            <span class="ticket-no">{ticket.number.to_string()}</span>
                                            <span class=format!("prio prio-{}", priority.to_string().to_lowercase())>
                                                {priority.to_string()}" "{move || priority_short(lang.get(), priority)}
                                            </span>
                                        </div>
                                        <p class="symptom">{ticket.intake.description.symptom.clone()}</p>
                                        <p class="meta">
                                            <span>{who}</span>
                                            <span>{ticket.intake.channel.clone()}</span>
                                            <time datetime=ticket.created_at.to_rfc3339()>{move || date_time(lang.get(), at)}</time>
                                        </p>
                                    </li>
                                }
                            }
                        />
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}
