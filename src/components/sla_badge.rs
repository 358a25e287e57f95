//! An SLA clock's state as a badge: icon, word and colour (never colour alone), with the time
//! left counting down (or the time over, once breached).

use fielddesk_core::sla::{Balance, ClockReading, ClockState};
use leptos::prelude::*;

use crate::desk::Desk;
use crate::i18n::{self, t, Msg};
use crate::vocab;

#[component]
pub fn SlaBadge(#[prop(into)] reading: Signal<Option<ClockReading>>) -> impl IntoView {
    let lang = expect_context::<Desk>().lang;
    move || {
        let lang = lang.get();
        let Some(r) = reading.get() else {
            return view! { <span class="sla sla-na">"–"<span class="sr-only">{t(lang, Msg::NoLiveClock)}</span></span> }.into_any();
        };
        let (icon, word) = (
            vocab::clock_state_icon(r.state),
            i18n::clock_state(lang, r.state),
        );
        // In the clock's own units: working hours stay hours on a business calendar (#15).
        let amount = match (r.state, r.balance) {
            (ClockState::Breached { .. }, Balance::Overdue(over)) => {
                format!(
                    "{} {}",
                    t(lang, Msg::Over),
                    vocab::amount_short(lang, &over)
                )
            }
            (ClockState::Running | ClockState::AtRisk, Balance::Remaining(left)) => {
                format!(
                    "{} {}",
                    t(lang, Msg::Left),
                    vocab::amount_short(lang, &left)
                )
            }
            _ => String::new(),
        };
        view! {
            <span class=format!("sla {}", vocab::clock_state_class(r.state)) title=i18n::sla_clock(lang, r.clock)>
                <span aria-hidden="true" class="sla-icon">{icon}</span>
                <span class="sla-word">{word}</span>
                <span class="sla-left">{amount}</span>
            </span>
        }
        .into_any()
    }
}
