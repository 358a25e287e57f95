//! R5.2: the review page: recurring problems (the core's `recurring`, with the team's editable
//! threshold), the retrospective (复盘会议) records, and the page's state. The form is
//! `retrospective_editor`'s, the prevention checklist (问题预防措施清单) `prevention_checklist`'s.
//! All three are team settings (`Setting::Retrospective`, `Prevention`, `Recurrence`), saved
//! as events through the desk.

use fielddesk_core::{
    recurring, Pattern, PreventionChecklist, RecurrenceThreshold, Retrospective, Setting, TicketNo,
};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::prevention_checklist::Checklist;
use crate::components::retrospective_editor::RetrospectiveEditor;
use crate::desk::Desk;
use crate::i18n::{self, t, Msg};

/// The review page's state, desk by its sections.
/// `pub`, not `pub(crate)`: `#[component]` exports a function for each section that takes it.
#[derive(Clone, Copy)]
pub struct Review {
    pub retrospectives: RwSignal<Vec<Retrospective>>,
    pub checklist: RwSignal<PreventionChecklist>,
    pub threshold: RwSignal<RecurrenceThreshold>,
    /// The tickets a new retrospective starts with; `Some` while the form is open.
    pub draft: RwSignal<Option<Vec<TicketNo>>>,
    /// Why the last change was not saved (already in the user's language).
    pub unsaved: RwSignal<Option<String>>,
}

impl Review {
    /// Saves one of the page's team settings; a failure stays on screen until a save succeeds.
    pub async fn save(self, desk: Desk, change: Setting) -> bool {
        let lang = desk.lang.get_untracked();
        let result = desk.save_team_setting(change).await;
        let saved = result.is_ok();
        self.unsaved
            .set(result.err().map(|e| i18n::storage_error(lang, &e)));
        saved
    }
}

#[component]
pub fn ReviewPage() -> impl IntoView {
    let desk = expect_context::<Desk>();
    let lang = desk.lang;
    let review = Review {
        retrospectives: RwSignal::new(Vec::new()),
        checklist: RwSignal::new(PreventionChecklist::default()),
        threshold: RwSignal::new(RecurrenceThreshold::default()),
        draft: RwSignal::new(None),
        unsaved: RwSignal::new(None),
    };
    // What the team has saved, here, in another tab or by an import.
    Effect::new(move |_| {
        desk.settings.with(|s| {
            review.retrospectives.set(s.retrospectives.clone());
            review.checklist.set(s.prevention.clone());
            review.threshold.set(s.recurrence);
        })
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
    let desk = expect_context::<Desk>();
    let lang = desk.lang;
    let found = Memo::new(move |_| {
        let now = desk.coarse_now.get();
        let threshold = review.threshold.get();
        review.retrospectives.with(|retros| {
            desk.tickets
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
                            spawn_local(async move { review.save(desk, Setting::Recurrence(th)).await; });
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
