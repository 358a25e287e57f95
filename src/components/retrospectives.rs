//! R5.2: the review page: recurring problems (the core's `recurring`, with the team's editable
//! threshold), the retrospective (复盘会议) form and records, and the prevention checklist
//! (问题预防措施清单). All three are plain data in the `settings` store.

use chrono::NaiveDate;
use fielddesk_core::{
    recurring, Pattern, Person, PreventionChecklist, PreventionError, PreventionItem,
    PreventionItemId, PreventionStatus, RecurrenceThreshold, Retrospective, RetrospectiveError,
    RetrospectiveForm, RetrospectiveId, Role, TicketNo,
};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::app::{save_setting, Load, Shared};
use crate::clock;
use crate::i18n::{t, Msg};
use crate::record::new_id;
use crate::team;
use crate::vocab;

pub const RETROSPECTIVES: &str = "retrospectives";
pub const PREVENTION: &str = "prevention";
pub const RECURRENCE: &str = "recurrence";

fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::to_string).collect()
}

#[derive(Clone, Copy)]
struct Review {
    retrospectives: RwSignal<Vec<Retrospective>>,
    checklist: RwSignal<PreventionChecklist>,
    threshold: RwSignal<RecurrenceThreshold>,
    /// The tickets a new retrospective starts with; `Some` while the form is open.
    draft: RwSignal<Option<Vec<TicketNo>>>,
    /// Why the last change was not saved (already in the user's language).
    unsaved: RwSignal<Option<String>>,
}

impl Review {
    /// Saves one of the page's settings; a failure stays on screen until a save succeeds.
    async fn save<T: serde::Serialize>(self, shared: Shared, key: &str, value: &T) -> bool {
        let result = save_setting(shared, key, value).await;
        let saved = result.is_ok();
        self.unsaved.set(result.err());
        saved
    }
}

#[component]
pub fn ReviewPage() -> impl IntoView {
    let shared = expect_context::<Shared>();
    let lang = shared.lang;
    let review = Review {
        retrospectives: RwSignal::new(Vec::new()),
        checklist: RwSignal::new(PreventionChecklist::default()),
        threshold: RwSignal::new(RecurrenceThreshold::default()),
        draft: RwSignal::new(None),
        unsaved: RwSignal::new(None),
    };
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) || shared.load.get() != Load::Ready {
            return done.unwrap_or(false);
        }
        spawn_local(async move {
            let Some(store) = shared.store.get_value() else {
                return;
            };
            if let Ok(Some(r)) = store.setting(RETROSPECTIVES).await {
                review.retrospectives.set(r);
            }
            if let Ok(Some(c)) = store.setting(PREVENTION).await {
                review.checklist.set(c);
            }
            if let Ok(Some(th)) = store.setting(RECURRENCE).await {
                review.threshold.set(th);
            }
        });
        true
    });
    view! {
        <div class="page review-page">
            {move || review.unsaved.get().map(|message| view! { <p class="banner bad" role="alert" id="review-unsaved">{message}</p> })}
            <Recurring review=review/>
            {move || review.draft.get().map(|tickets| view! { <RetrospectiveEditor review=review tickets=tickets/> })}
            <section class="panel" aria-labelledby="retro-title">
                <h2 id="retro-title">{move || t(lang.get(), Msg::Retrospectives)}</h2>
                <button class="secondary no-print" id="retro-new" on:click=move |_| review.draft.set(Some(Vec::new()))>{move || t(lang.get(), Msg::StartRetrospective)}</button>
                {move || if review.retrospectives.with(Vec::is_empty) {
                    view! { <p class="muted">{t(lang.get(), Msg::NoRetrospectives)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="retro-list" id="retro-list">
                            {review.retrospectives.get().into_iter().rev().map(|r| view! {
                                <li class="retro">
                                    <strong>{r.date.to_string()}</strong>" · "{r.led_by.name.clone()}
                                    <p class="sub-line">{r.tickets.iter().map(|n| n.to_string()).collect::<Vec<_>>().join(", ")}</p>
                                    {[(Msg::ProcessGaps, r.process_gaps.clone()), (Msg::KnowledgeGaps, r.knowledge_gaps.clone()), (Msg::RetroActions, r.actions.clone())]
                                        .into_iter().filter(|(_, v)| !v.is_empty()).map(|(m, v)| view! {
                                            <p class="sub-line"><span class="muted">{move || t(lang.get(), m)}": "</span>{v.join(";")}</p>
                                        }).collect_view()}
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
            <Checklist review=review/>
        </div>
    }
}

/// R5.2: what keeps coming back, with "发起复盘"; and the threshold, editable.
#[component]
fn Recurring(review: Review) -> impl IntoView {
    let shared = expect_context::<Shared>();
    let lang = shared.lang;
    let found = Memo::new(move |_| {
        let now = shared.coarse_now.get();
        let threshold = review.threshold.get();
        review.retrospectives.with(|retros| {
            shared
                .tickets
                .with(|tickets| recurring(tickets, retros, now, &threshold))
        })
    });
    let number = move |get: fn(&RecurrenceThreshold) -> u32,
                       set: fn(&mut RecurrenceThreshold, u32),
                       id: &'static str,
                       label: Msg| {
        view! {
            <div class="field small">
                <label for=id>{move || t(lang.get(), label)}</label>
                <input id=id type="number" min="1" prop:value=move || get(&review.threshold.get()).to_string()
                    on:change=move |ev| {
                        if let Ok(v) = event_target_value(&ev).trim().parse::<u32>() {
                            review.threshold.update(|th| set(th, v));
                            let th = review.threshold.get_untracked();
                            spawn_local(async move { review.save(shared, RECURRENCE, &th).await; });
                        }
                    }/>
            </div>
        }
    };
    view! {
        <section class="panel" aria-labelledby="recurring-title">
            <h1 id="recurring-title">{move || t(lang.get(), Msg::RecurringProblems)}</h1>
            <p class="hint">{move || t(lang.get(), Msg::RecurringHint)}</p>
            <div class="picker-row threshold no-print">
                {number(|th| th.min_tickets as u32, |th, v| th.min_tickets = v as usize, "th-tickets", Msg::MinTickets)}
                {number(|th| th.window_days, |th, v| th.window_days = v, "th-days", Msg::WindowDays)}
                {number(|th| u32::from(th.min_similarity_percent), |th, v| th.min_similarity_percent = v.min(100) as u8, "th-similar", Msg::MinSimilarity)}
            </div>
            {move || if found.with(Vec::is_empty) {
                view! { <p class="muted" id="no-recurring">{t(lang.get(), Msg::NoRecurring)}</p> }.into_any()
            } else {
                view! {
                    <ul class="recurring" id="recurring-list">
                        {found.get().into_iter().map(|r| {
                            let what = match &r.pattern {
                                Pattern::Category(c) => c.to_string(),
                                Pattern::Symptom { sample } => sample.clone(),
                            };
                            let tickets = r.tickets.clone();
                            let count = r.tickets.len();
                            view! {
                                <li>
                                    <strong>{what}</strong>" "
                                    <span class="muted">{move || format!("{count} {}", t(lang.get(), Msg::TicketsUnit))}</span>
                                    <p class="sub-line">{r.tickets.iter().map(|n| n.to_string()).collect::<Vec<_>>().join(", ")}</p>
                                    <button class="primary no-print" on:click=move |_| review.draft.set(Some(tickets.clone()))>{move || t(lang.get(), Msg::StartRetrospective)}</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
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
fn RetrospectiveEditor(review: Review, tickets: Vec<TicketNo>) -> impl IntoView {
    let shared = expect_context::<Shared>();
    let lang = shared.lang;
    let today = clock::now()
        .with_timezone(&shared.settings.with_untracked(team::zone))
        .date_naive();
    let date = RwSignal::new(today.to_string());
    let supervisor = shared.settings.with_untracked(|s| {
        s.team
            .iter()
            .find(|m| m.role == Role::Supervisor)
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
                    .map(|e| vocab::retrospective_error(lang.get(), e))
            })
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut parsed = Vec::new();
        for part in numbers
            .get_untracked()
            .split([',', ',', ' ', '\n'])
            .filter(|p| !p.trim().is_empty())
        {
            match part.trim().parse::<TicketNo>() {
                Ok(n) => parsed.push(n),
                Err(_) => return bad_number.set(Some(part.trim().to_string())),
            }
        }
        bad_number.set(None);
        let member = shared.settings.with_untracked(|s| {
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
        all.push(record);
        spawn_local(async move {
            // Shown once saved; when not, the form stays open with everything typed in it.
            if review.save(shared, RETROSPECTIVES, &all).await {
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
                            {move || shared.settings.with(|s| s.team.iter().map(|m| {
                                let label = format!("{} · {}", m.name, vocab::role(lang.get(), m.role));
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

/// R5.2: the prevention checklist: items with owner, due date and status.
#[component]
fn Checklist(review: Review) -> impl IntoView {
    let shared = expect_context::<Shared>();
    let lang = shared.lang;
    let measure = RwSignal::new(String::new());
    let owner = RwSignal::new(String::new());
    let due = RwSignal::new(String::new());
    let error = RwSignal::new(None::<PreventionError>);
    let bad_date = RwSignal::new(false);
    let today = move || {
        clock::now()
            .with_timezone(&shared.settings.with_untracked(team::zone))
            .date_naive()
    };
    let persist = move || {
        let checklist = review.checklist.get_untracked();
        spawn_local(async move {
            review.save(shared, PREVENTION, &checklist).await;
        });
    };
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let person = shared
            .settings
            .with_untracked(|s| {
                s.team
                    .iter()
                    .find(|m| m.employee_id == owner.get_untracked())
                    .map(|m| m.person())
            })
            .unwrap_or(Person {
                name: String::new(),
                employee_id: String::new(),
            });
        let Ok(due_date) = NaiveDate::parse_from_str(&due.get_untracked(), "%Y-%m-%d") else {
            return bad_date.set(true);
        };
        bad_date.set(false);
        let item = PreventionItem {
            id: PreventionItemId(new_id(clock::now())),
            measure: measure.get_untracked(),
            owner: person,
            due: due_date,
            status: PreventionStatus::Open,
            retrospective: None,
        };
        let mut result = Ok(());
        review.checklist.update(|c| result = c.add(item, today()));
        match result {
            Ok(()) => {
                error.set(None);
                measure.set(String::new());
                persist();
            }
            Err(e) => error.set(Some(e)),
        }
    };
    let statuses = [
        PreventionStatus::Open,
        PreventionStatus::InProgress,
        PreventionStatus::Done,
    ];
    view! {
        <section class="panel" aria-labelledby="prevention-title">
            <h2 id="prevention-title">{move || t(lang.get(), Msg::PreventionChecklist)}</h2>
            <table class="report-table" id="prevention-table">
                <thead><tr>
                    <th scope="col">{move || t(lang.get(), Msg::Measure)}</th><th scope="col">{move || t(lang.get(), Msg::Owner)}</th>
                    <th scope="col">{move || t(lang.get(), Msg::DueDate)}</th><th scope="col">{move || t(lang.get(), Msg::Status)}</th>
                </tr></thead>
                <tbody>
                    {move || review.checklist.get().items().iter().map(|item| {
                        let id = item.id.clone();
                        let current = item.status;
                        view! {
                            <tr>
                                <td>{item.measure.clone()}</td><td>{item.owner.name.clone()}</td><td>{item.due.to_string()}</td>
                                <td><select aria-label=move || t(lang.get(), Msg::Status) on:change=move |ev| {
                                    let chosen = statuses.into_iter().find(|s| format!("{s:?}") == event_target_value(&ev));
                                    if let Some(s) = chosen {
                                        review.checklist.update(|c| { let _ = c.set_status(&id, s); });
                                        persist();
                                    }
                                }>
                                    {statuses.into_iter().map(|s| view! { <option value=format!("{s:?}") selected=s == current>{vocab::prevention_status(lang.get_untracked(), s)}</option> }).collect_view()}
                                </select></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <form class="picker-row no-print" on:submit=add novalidate>
                <div class="field"><label for="pv-measure">{move || t(lang.get(), Msg::Measure)}</label>
                    <input id="pv-measure" type="text" prop:value=move || measure.get() on:input=move |ev| measure.set(event_target_value(&ev))/></div>
                <div class="field"><label for="pv-owner">{move || t(lang.get(), Msg::Owner)}</label>
                    <select id="pv-owner" prop:value=move || owner.get() on:change=move |ev| owner.set(event_target_value(&ev))>
                        <option value="">{move || t(lang.get(), Msg::ChooseSomeone)}</option>
                        {move || shared.settings.with(|s| s.team.iter().map(|m| view! { <option value=m.employee_id.clone()>{m.name.clone()}</option> }).collect_view())}
                    </select></div>
                <div class="field"><label for="pv-due">{move || t(lang.get(), Msg::DueDate)}</label>
                    <input id="pv-due" type="date" prop:value=move || due.get() on:input=move |ev| due.set(event_target_value(&ev))/></div>
                <button type="submit" class="secondary" id="pv-add">{move || t(lang.get(), Msg::Add)}</button>
            </form>
            <p class="error" id="pv-error" role="alert">{move || error.with(|e| e.as_ref().map(|e| vocab::prevention_error(lang.get(), e)))}{move || bad_date.get().then(|| t(lang.get(), Msg::BadDate))}</p>
        </section>
    }
}
