//! The review page's prevention checklist (问题预防措施清单), plain data in the `settings`
//! store; the core (`PreventionChecklist::add`) checks each new item.

use chrono::NaiveDate;
use fielddesk_core::{
    Person, PreventionError, PreventionItem, PreventionItemId, PreventionStatus, Setting,
};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::clock;
use crate::components::retrospectives::Review;
use crate::desk::{new_id, Desk};
use crate::i18n::{self, t, Msg};

/// R5.2: the prevention checklist: items with owner, due date and status.
#[component]
pub fn Checklist(review: Review) -> impl IntoView {
    let desk = expect_context::<Desk>();
    let lang = desk.lang;
    let measure = RwSignal::new(String::new());
    let owner = RwSignal::new(String::new());
    let due = RwSignal::new(String::new());
    let error = RwSignal::new(None::<PreventionError>);
    let bad_date = RwSignal::new(false);
    let today = move || {
        desk.settings
            .with_untracked(|s| fielddesk_core::team::date_at(&s.policy, clock::now()))
    };
    // One item at a time: two devices adding or updating items side by side both keep theirs.
    let persist = move |id: PreventionItemId| {
        let Some(item) = review.checklist.with_untracked(|c| c.item(&id).cloned()) else {
            return;
        };
        spawn_local(async move {
            review.save(desk, Setting::PreventionItem(item)).await;
        });
    };
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let person = desk
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
        let id = PreventionItemId(new_id(clock::now()));
        let item = PreventionItem {
            id: id.clone(),
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
                persist(id);
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
                                        persist(id.clone());
                                    }
                                }>
                                    {statuses.into_iter().map(|s| view! { <option value=format!("{s:?}") selected=s == current>{i18n::prevention_status(lang.get_untracked(), s)}</option> }).collect_view()}
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
                        {move || desk.settings.with(|s| s.team.iter().map(|m| view! { <option value=m.employee_id.clone()>{m.name.clone()}</option> }).collect_view())}
                    </select></div>
                <div class="field"><label for="pv-due">{move || t(lang.get(), Msg::DueDate)}</label>
                    <input id="pv-due" type="date" prop:value=move || due.get() on:input=move |ev| due.set(event_target_value(&ev))/></div>
                <button type="submit" class="secondary" id="pv-add">{move || t(lang.get(), Msg::Add)}</button>
            </form>
            <p class="error" id="pv-error" role="alert">{move || error.with(|e| e.as_ref().map(|e| i18n::prevention_error(lang.get(), e)))}{move || bad_date.get().then(|| t(lang.get(), Msg::BadDate))}</p>
        </section>
    }
}
