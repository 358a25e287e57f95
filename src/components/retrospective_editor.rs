//! R5.2: the retrospective (复盘会议) form: date, a supervisor leading it, the tickets, the gaps
//! and the actions. The core checks it (`RetrospectiveForm::check`); a saved one closes the form.

use chrono::NaiveDate;
use fielddesk_core::{
    Person, RetrospectiveError, RetrospectiveForm, RetrospectiveId, Setting, TicketNo,
};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::clock;
use crate::components::retrospectives::Review;
use crate::desk::{new_id, Desk};
use crate::i18n::{self, t, Msg};

fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::to_string).collect()
}

/// Which field a refusal belongs beside.
fn retro_slot(e: &RetrospectiveError) -> &'static str {
    match e {
        RetrospectiveError::NoDate => "date",
        RetrospectiveError::NotLedBySupervisor(_) | RetrospectiveError::LeaderUnnamed => "leader",
        RetrospectiveError::NoTickets => "tickets",
        RetrospectiveError::NoGaps => "gaps",
        RetrospectiveError::NoActions => "actions",
    }
}

#[component]
pub fn RetrospectiveEditor(review: Review, tickets: Vec<TicketNo>) -> impl IntoView {
    let desk = expect_context::<Desk>();
    let lang = desk.lang;
    let today = desk
        .settings
        .with_untracked(|s| fielddesk_core::team::date_at(&s.policy, clock::now()));
    let date = RwSignal::new(today.to_string());
    let supervisor = desk.settings.with_untracked(|s| {
        fielddesk_core::team::default_leader(&s.team)
            .map(|m| m.employee_id.clone())
            .unwrap_or_default()
    });
    let leader = RwSignal::new(supervisor);
    let numbers = RwSignal::new(
        tickets
            .iter()
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join(", "),
    );
    let process_gaps = RwSignal::new(String::new());
    let knowledge_gaps = RwSignal::new(String::new());
    let actions = RwSignal::new(String::new());
    let error = RwSignal::new(None::<RetrospectiveError>);
    let bad_number = RwSignal::new(None::<String>);
    let message = move |slot: &'static str| {
        move || {
            error.with(|e| {
                e.as_ref()
                    .filter(|e| retro_slot(e) == slot)
                    .map(|e| i18n::retrospective_error(lang.get(), e))
            })
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let parsed = match TicketNo::parse_list(&numbers.get_untracked()) {
            Ok(parsed) => parsed,
            Err(bad) => return bad_number.set(Some(bad)),
        };
        bad_number.set(None);
        let member = desk.settings.with_untracked(|s| {
            s.team
                .iter()
                .find(|m| m.employee_id == leader.get_untracked())
                .cloned()
        });
        let form = RetrospectiveForm {
            date: NaiveDate::parse_from_str(&date.get_untracked(), "%Y-%m-%d").ok(),
            led_by: member.as_ref().map(|m| m.person()).unwrap_or(Person {
                name: String::new(),
                employee_id: String::new(),
            }),
            led_by_role: member.map(|m| m.role),
            tickets: parsed,
            process_gaps: lines(&process_gaps.get_untracked()),
            knowledge_gaps: lines(&knowledge_gaps.get_untracked()),
            actions: lines(&actions.get_untracked()),
        };
        let record = match form.check(RetrospectiveId(new_id(clock::now()))) {
            Ok(r) => r,
            Err(e) => return error.set(Some(e)),
        };
        error.set(None);
        let mut all = review.retrospectives.get_untracked();
        all.push(record.clone());
        spawn_local(async move {
            // Shown once saved; when not, the form stays open with everything typed in it.
            if review.save(desk, Setting::Retrospective(record)).await {
                review.retrospectives.set(all);
                review.draft.set(None);
            }
        });
    };
    let area = move |id: &'static str, label: Msg, value: RwSignal<String>, slot: &'static str| {
        view! {
            <div class="field" class:invalid=move || message(slot)().is_some()>
                <label for=id>{move || t(lang.get(), label)}</label>
                <textarea id=id rows="3" aria-describedby=format!("{id}-error") prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))></textarea>
                <p class="error" id=format!("{id}-error")>{message(slot)}</p>
            </div>
        }
    };
    view! {
        <section class="panel retro-form" aria-labelledby="retro-form-title">
            <h2 id="retro-form-title">{move || t(lang.get(), Msg::NewRetrospective)}</h2>
            <form on:submit=submit novalidate>
                <div class="grid2">
                    <div class="field" class:invalid=move || message("date")().is_some()>
                        <label for="retro-date">{move || t(lang.get(), Msg::RetroDate)}</label>
                        <input id="retro-date" type="date" aria-describedby="retro-date-error" prop:value=move || date.get() on:input=move |ev| date.set(event_target_value(&ev))/>
                        <p class="error" id="retro-date-error">{message("date")}</p>
                    </div>
                    <div class="field" class:invalid=move || message("leader")().is_some()>
                        <label for="retro-leader">{move || t(lang.get(), Msg::LedBy)}</label>
                        <select id="retro-leader" aria-describedby="retro-leader-error" prop:value=move || leader.get() on:change=move |ev| leader.set(event_target_value(&ev))>
                            <option value="">{move || t(lang.get(), Msg::ChooseSomeone)}</option>
                            {move || desk.settings.with(|s| s.team.iter().map(|m| {
                                let label = format!("{} · {}", m.name, i18n::role(lang.get(), m.role));
                                view! { <option value=m.employee_id.clone()>{label}</option> }
                            }).collect_view())}
                        </select>
                        <p class="error" id="retro-leader-error">{message("leader")}</p>
                    </div>
                </div>
                <div class="field" class:invalid=move || message("tickets")().is_some() || bad_number.with(Option::is_some)>
                    <label for="retro-tickets">{move || t(lang.get(), Msg::RetroTickets)}</label>
                    <input id="retro-tickets" type="text" aria-describedby="retro-tickets-error" prop:value=move || numbers.get() on:input=move |ev| numbers.set(event_target_value(&ev))/>
                    <p class="error" id="retro-tickets-error">{message("tickets")}{move || bad_number.get().map(|n| format!("{}: {n}", t(lang.get(), Msg::BadTicketNumber)))}</p>
                </div>
                {area("retro-process", Msg::ProcessGaps, process_gaps, "gaps")}
                {area("retro-knowledge", Msg::KnowledgeGaps, knowledge_gaps, "none")}
                {area("retro-actions", Msg::RetroActions, actions, "actions")}
                <div class="actions">
                    <button type="submit" class="primary" id="retro-save">{move || t(lang.get(), Msg::SaveRetrospective)}</button>
                    <button type="button" class="secondary" on:click=move |_| review.draft.set(None)>{move || t(lang.get(), Msg::Cancel)}</button>
                </div>
            </form>
        </section>
    }
}
