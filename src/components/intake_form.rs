//! R1: the intake form. The desk asks the core to check and number the ticket, then saves it.

use fielddesk_core::{Description, IntakeError, IntakeField, IntakeForm, Priority, Submitter};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::suggestions::Suggestions;
use crate::desk::{Desk, OpenError};
use crate::i18n::{self, field_label, intake_error, t, Msg};

/// Where a save stands, for the status line under the button.
#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    Idle,
    Saving,
    Created(String),
    Invalid,
    Failed(String),
}

#[component]
pub fn IntakeFormPanel() -> impl IntoView {
    let desk = expect_context::<Desk>();
    let lang = desk.lang;
    let name = RwSignal::new(String::new());
    let employee_id = RwSignal::new(String::new());
    let contact = RwSignal::new(String::new());
    let department = RwSignal::new(String::new());
    let symptom = RwSignal::new(String::new());
    let channel = RwSignal::new(String::new());
    let priority = RwSignal::new(None::<Priority>);
    let errors = RwSignal::new(Vec::<IntakeError>::new());
    let outcome = RwSignal::new(Outcome::Idle);

    let form = move || IntakeForm {
        submitter: Submitter {
            name: name.get_untracked(),
            employee_id: employee_id.get_untracked(),
            contact: contact.get_untracked(),
            department: department.get_untracked(),
        },
        description: Description {
            symptom: symptom.get_untracked(),
            ..Description::default()
        },
        channel: channel.get_untracked(),
        requested_priority: priority.get_untracked(),
    };
    let clear = move || {
        for field in [name, employee_id, contact, department, symptom, channel] {
            field.set(String::new());
        }
        priority.set(None);
    };

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if outcome.get_untracked() == Outcome::Saving {
            return;
        }
        outcome.set(Outcome::Saving);
        let form = form();
        spawn_local(async move {
            let lang = lang.get_untracked();
            match desk.open_ticket(&form).await {
                Ok(number) => {
                    errors.set(Vec::new());
                    outcome.set(Outcome::Created(number.to_string()));
                    clear();
                }
                Err(OpenError::Invalid(found)) => {
                    errors.set(found);
                    outcome.set(Outcome::Invalid);
                }
                Err(OpenError::NobodyChosen) => {
                    outcome.set(Outcome::Failed(t(lang, Msg::ChooseWhoYouAre).into()))
                }
                Err(OpenError::Unsaved(error)) => {
                    outcome.set(Outcome::Failed(i18n::storage_error(lang, &error)))
                }
            }
        });
    };

    let error_for = move |field: IntakeField| {
        move || {
            errors.with(|errors| {
                errors
                    .iter()
                    .find(|e| e.field() == field)
                    .map(|e| intake_error(lang.get(), e))
            })
        }
    };

    view! {
        <section class="panel intake" aria-labelledby="intake-title">
            <h2 id="intake-title">{move || t(lang.get(), Msg::NewTicket)}</h2>
            <p class="hint">{move || t(lang.get(), Msg::IntakeHint)}</p>
            <form on:submit=save novalidate>
                <fieldset>
                    <legend>{move || t(lang.get(), Msg::Submitter)}</legend>
                    <div class="grid2">
                        <TextField id="submitter-name" field=IntakeField::SubmitterName value=name error=error_for(IntakeField::SubmitterName)/>
                        <TextField id="employee-id" field=IntakeField::EmployeeId value=employee_id error=error_for(IntakeField::EmployeeId)/>
                        <TextField id="contact" field=IntakeField::Contact value=contact error=error_for(IntakeField::Contact)/>
                        <TextField id="department" field=IntakeField::Department value=department error=error_for(IntakeField::Department)/>
                    </div>
                </fieldset>
                <fieldset>
                    <legend>{move || t(lang.get(), Msg::Problem)}</legend>
                    <div class="field" class:invalid=move || error_for(IntakeField::Symptom)().is_some()>
                        <label for="symptom">{move || field_label(lang.get(), IntakeField::Symptom)}<span class="req" aria-hidden="true">" *"</span></label>
                        <textarea
                            id="symptom"
                            rows="4"
                            placeholder=move || t(lang.get(), Msg::SymptomPlaceholder)
                            aria-invalid=move || error_for(IntakeField::Symptom)().is_some().to_string()
                            aria-describedby="symptom-error"
                            prop:value=move || symptom.get()
                            on:input=move |ev| symptom.set(event_target_value(&ev))
                        ></textarea>
                        <p class="error" id="symptom-error">{error_for(IntakeField::Symptom)}</p>
                        <Suggestions problem=symptom.into()/>
                    </div>
                    <div class="field" class:invalid=move || error_for(IntakeField::Channel)().is_some()>
                        <label for="channel">{move || field_label(lang.get(), IntakeField::Channel)}<span class="req" aria-hidden="true">" *"</span></label>
                        <select
                            id="channel"
                            aria-invalid=move || error_for(IntakeField::Channel)().is_some().to_string()
                            aria-describedby="channel-error"
                            prop:value=move || channel.get()
                            on:change=move |ev| channel.set(event_target_value(&ev))
                        >
                            <option value="">{move || t(lang.get(), Msg::ChooseChannel)}</option>
                            {move || desk.settings.with(|s| s.channels.clone()).into_iter().map(|c| view! { <option value=c.clone()>{c.clone()}</option> }).collect_view()}
                        </select>
                        <p class="error" id="channel-error">{error_for(IntakeField::Channel)}</p>
                    </div>
                    <fieldset
                        class="field priorities"
                        class:invalid=move || error_for(IntakeField::RequestedPriority)().is_some()
                        aria-describedby="priority-error"
                    >
                        <legend>{move || field_label(lang.get(), IntakeField::RequestedPriority)}<span class="req" aria-hidden="true">" *"</span></legend>
                        {Priority::ALL.into_iter().map(|p| view! {
                            <label class=format!("priority-choice prio-{}", p.to_string().to_lowercase())>
                                <input
                                    type="radio"
                                    name="priority"
                                    value=p.to_string()
                                    prop:checked=move || priority.get() == Some(p)
                                    on:change=move |_| priority.set(Some(p))
                                />
                                <span class="prio-tag">{p.to_string()}</span>
                                <span>{move || i18n::priority(lang.get(), p)}</span>
                            </label>
                        }).collect_view()}
                        <p class="error" id="priority-error">{error_for(IntakeField::RequestedPriority)}</p>
                    </fieldset>
                </fieldset>
                <div class="actions">
                    <button type="submit" class="primary" disabled=move || outcome.get() == Outcome::Saving>
                        {move || t(lang.get(), if outcome.get() == Outcome::Saving { Msg::Saving } else { Msg::Save })}
                    </button>
                    <p class="status" role="status" aria-live="polite">
                        {move || match outcome.get() {
                            Outcome::Created(number) => view! {
                                <span class="ok">{t(lang.get(), Msg::Created)}" "<strong class="ticket-no">{number}</strong></span>
                            }.into_any(),
                            Outcome::Invalid => view! { <span class="bad">{t(lang.get(), Msg::FixFields)}</span> }.into_any(),
                            Outcome::Failed(reason) => view! {
                                <span class="bad" role="alert">{reason}</span>
                            }.into_any(),
                            Outcome::Idle | Outcome::Saving => ().into_any(),
                        }}
                    </p>
                </div>
            </form>
        </section>
    }
}

/// A labelled one-line input with its error beside it.
#[component]
fn TextField<E>(
    id: &'static str,
    field: IntakeField,
    value: RwSignal<String>,
    error: E,
) -> impl IntoView
where
    E: Fn() -> Option<String> + Copy + Send + Sync + 'static,
{
    let lang = expect_context::<Desk>().lang;
    let error_id = format!("{id}-error");
    view! {
        <div class="field" class:invalid=move || error().is_some()>
            <label for=id>{move || field_label(lang.get(), field)}<span class="req" aria-hidden="true">" *"</span></label>
            <input
                id=id
                type="text"
                aria-invalid=move || error().is_some().to_string()
                aria-describedby=error_id.clone()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
            <p class="error" id=error_id>{error}</p>
        </div>
    }
}
