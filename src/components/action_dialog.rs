//! One process action as a dialog: the core's form for it (`view::form::action_form`: typed
//! inputs, their choices and first values), laid out and translated; then `Desk::act`. The
//! core's refusal is shown beside the input it is about, or above the buttons. No rule is
//! checked here.

use fielddesk_core::view::form::{action_form, ActionForm, Anchor, Input, Missing, Problem, Text};
use fielddesk_core::{
    AttachedTo, Attachment, AttachmentBlob, AttachmentId, Category, Command, CommandKind, Feedback,
    Priority, Ticket,
};
use leptos::html;
use leptos::prelude::*;

use crate::clock;
use crate::components::category_picker::CategoryPicker;
use crate::components::signature_pad::SignaturePad;
use crate::desk::{new_id, ActError, Desk};
use crate::i18n::{self, t, Msg};

/// Why the dialog is still open.
#[derive(Debug, Clone, PartialEq)]
enum Shown {
    Problem(Problem),
    /// Not saved: the message says why (already in the user's language).
    Unsaved(String),
}

#[component]
pub fn ActionDialog(
    ticket: Signal<Ticket>,
    kind: CommandKind,
    on_close: Callback<()>,
) -> impl IntoView {
    let desk = expect_context::<Desk>();
    let lang = desk.lang;
    let Some(me) = desk.me_untracked() else {
        on_close.run(());
        return ().into_any();
    };
    let form = desk
        .settings
        .with_untracked(|s| action_form(kind, &ticket.get_untracked(), &s.team, &me));
    let values = RwSignal::new(form.initial.clone());
    let categories = RwSignal::new(form.initial.categories.clone());
    let shown = RwSignal::new(None::<Shown>);
    let signed = RwSignal::new(None::<Vec<u8>>);
    let form = StoredValue::new(form);

    let act = Action::new_local(move |(command, files): &(Command, Vec<AttachmentBlob>)| {
        let (command, files) = (command.clone(), files.clone());
        let id = ticket.get_untracked().id;
        async move { desk.act(&id, command, files).await }
    });
    Effect::new(move |_| {
        let Some(result) = act.value().get() else {
            return;
        };
        let lang = lang.get_untracked();
        match result {
            Ok(()) => on_close.run(()),
            Err(ActError::Refused(e)) => shown.set(Some(Shown::Problem(Problem::Refused(e)))),
            Err(ActError::NotPossible) => {
                shown.set(Some(Shown::Unsaved(t(lang, Msg::SaveFailed).to_string())))
            }
            Err(ActError::Unsaved(e)) => {
                shown.set(Some(Shown::Unsaved(i18n::storage_error(lang, &e))))
            }
        }
    });

    let message = move |problem: &Problem| match problem {
        Problem::Refused(e) => i18n::workflow_error(lang.get(), e),
        Problem::Missing(m) => t(lang.get(), missing(*m)).to_string(),
    };
    let error_at = move |anchor: Anchor| {
        move || match shown.get() {
            Some(Shown::Problem(p)) if form.with_value(|f| f.anchor(&p)) == anchor => {
                Some(message(&p))
            }
            _ => None,
        }
    };
    let form_error = move || match shown.get() {
        Some(Shown::Unsaved(text)) => Some(text),
        Some(Shown::Problem(p)) if form.with_value(|f| f.anchor(&p)) == Anchor::Form => {
            Some(message(&p))
        }
        _ => None,
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if act.pending().get_untracked() {
            return;
        }
        // The drawn signature becomes an attachment, stored with the feedback event.
        let signature = signed
            .get_untracked()
            .filter(|_| values.with_untracked(|v| v.on_site))
            .map(|bytes| {
                let signer = values.with_untracked(|v| v.text(Text::Signer).trim().to_string());
                let image = Attachment {
                    id: AttachmentId(new_id(clock::now())),
                    file_name: format!("signature-{signer}.png"),
                    media_type: "image/png".into(),
                    size: bytes.len() as u64,
                    to: AttachedTo::Feedback,
                };
                let blob = AttachmentBlob {
                    id: image.id.clone(),
                    bytes,
                };
                (image, blob)
            });
        values.update(|v| {
            v.categories = categories.get_untracked();
            v.signature = signature.as_ref().map(|(image, _)| image.clone());
        });
        let files: Vec<AttachmentBlob> = signature.into_iter().map(|(_, blob)| blob).collect();
        let made = desk.settings.with_untracked(|s| {
            values.with_untracked(|v| {
                form.with_value(|f| {
                    f.command(v, &ticket.get_untracked(), &s.team, s.policy.team_zone())
                })
            })
        });
        match made {
            Ok(command) => {
                shown.set(None);
                act.dispatch_local((command, files));
            }
            Err(missing) => shown.set(Some(Shown::Problem(Problem::Missing(missing)))),
        }
    };

    let dialog = NodeRef::<html::Div>::new();
    // Focus the first control when the dialog opens.
    Effect::new(move |_| {
        if let Some(el) = dialog.get() {
            if let Ok(Some(first)) = el.query_selector("input, textarea, select") {
                let _ = first.unchecked_into::<web_sys::HtmlElement>().focus();
            }
        }
    });
    let keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            on_close.run(());
        }
    };

    let fields = form.with_value(|f: &ActionForm| {
        let mut texts = 0;
        f.inputs
            .iter()
            .map(|input| {
                // Text boxes are numbered in the order the form lists them.
                let n = texts;
                if matches!(input, Input::Text { .. }) {
                    texts += 1;
                }
                let shown = input.clone();
                let shows = move || form.with_value(|f| values.with(|v| f.shows(&shown, v)));
                let input = input.clone();
                view! {
                    <Show when=shows>
                        {field_view(input.clone(), n, values, categories, signed, desk, error_at)}
                    </Show>
                }
            })
            .collect_view()
    });
    view! {
        <div class="backdrop" on:click=move |_| on_close.run(())></div>
        <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="dialog-title" node_ref=dialog on:keydown=keydown>
            <form on:submit=submit novalidate>
                <h2 id="dialog-title">{move || i18n::command_kind(lang.get(), kind)}</h2>
                <p class="hint">{move || ticket.with(|t| t.number.to_string())}" · "{
                    format!("{} · {}", me.name, i18n::role(lang.get_untracked(), me.role))
                }</p>
                {fields}
                <p class="error form-error" role="alert" id="dialog-error">{form_error}</p>
                <div class="dialog-actions">
                    <button type="button" class="secondary" on:click=move |_| on_close.run(())>{move || t(lang.get(), Msg::Cancel)}</button>
                    <button type="submit" class="primary" id="dialog-submit" disabled=move || act.pending().get()>{move || t(lang.get(), Msg::Confirm)}</button>
                </div>
            </form>
        </div>
    }
    .into_any()
}

fn missing(m: Missing) -> Msg {
    match m {
        Missing::Someone => Msg::ChooseSomeone,
        Missing::FeedbackResult => Msg::ChooseFeedback,
        Missing::Time => Msg::ChooseTime,
        Missing::Files => Msg::NotInThisVersion,
    }
}

/// The label of a text box.
fn label(text: Text) -> Msg {
    match text {
        Text::MissingInformation => Msg::MissingInfo,
        Text::ContactNote => Msg::ContactNote,
        Text::Note => Msg::Note,
        Text::PriorityReason => Msg::PriorityReason,
        Text::CrossDomainNote => Msg::CrossDomainNote,
        Text::AttemptAction => Msg::AttemptAction,
        Text::Consulted => Msg::Consulted,
        Text::EscalationReason => Msg::EscalationReason,
        Text::RootCause => Msg::RootCause,
        Text::Plan => Msg::Plan,
        Text::ApprovalSubject => Msg::ApprovalSubject,
        Text::RejectionReason => Msg::RejectionReason,
        Text::ProgressNote => Msg::ProgressNote,
        Text::WaitReason => Msg::WaitReason,
        Text::Solution => Msg::Solution,
        Text::VerificationNote => Msg::VerificationNote,
        Text::Confirmation => Msg::Confirmation,
        Text::Signer => Msg::SignerName,
        Text::ArticleId => Msg::ArticleId,
        Text::ArticleTitle => Msg::ArticleTitle,
        Text::NoArticleReason => Msg::NoArticleReason,
    }
}

fn field_view<E, F>(
    input: Input,
    n: usize,
    values: RwSignal<fielddesk_core::view::form::Values>,
    categories: RwSignal<Vec<Category>>,
    signed: RwSignal<Option<Vec<u8>>>,
    desk: Desk,
    error_at: E,
) -> AnyView
where
    E: Fn(Anchor) -> F + Copy + Send + Sync + 'static,
    F: Fn() -> Option<String> + Copy + Send + Sync + 'static,
{
    let lang = desk.lang;
    let wrap = move |id: String, label: Msg, anchor: Anchor, control: AnyView| {
        let error = error_at(anchor);
        let error_id = format!("{id}-error");
        view! {
            <div class="field" class:invalid=move || error().is_some()>
                <label for=id>{move || t(lang.get(), label)}</label>
                {control}
                <p class="error" id=error_id>{error}</p>
            </div>
        }
        .into_any()
    };
    let member_select = move |choices: Vec<fielddesk_core::Member>, label: Msg| {
        let options = choices
            .into_iter()
            .map(|m| {
                let text = format!("{} · {}", m.name, i18n::role(lang.get_untracked(), m.role));
                view! { <option value=m.employee_id.clone()>{text}</option> }
            })
            .collect_view();
        let control = view! {
            <select id="a-member" prop:value=move || values.with(|v| v.member.clone())
                on:change=move |ev| { let id = event_target_value(&ev); values.update(|v| v.member = id) }>
                <option value="">{move || t(lang.get(), Msg::ChooseTeamMember)}</option>
                {options}
            </select>
        }
        .into_any();
        wrap("a-member".into(), label, Anchor::Member, control)
    };
    match input {
        Input::Text { text, long } => {
            let id = format!("a-text-{n}");
            let anchor = Anchor::Text(text);
            let invalid = move || error_at(anchor)().is_some().to_string();
            let described = format!("{id}-error");
            let value = move || values.with(|v| v.text(text).to_string());
            let set = move |ev| {
                let typed = event_target_value(&ev);
                values.update(|v| {
                    v.texts.insert(text, typed);
                })
            };
            let control = if long {
                view! { <textarea id=id.clone() rows="3" aria-invalid=invalid aria-describedby=described prop:value=value on:input=set></textarea> }.into_any()
            } else {
                view! { <input id=id.clone() type="text" aria-invalid=invalid aria-describedby=described prop:value=value on:input=set/> }.into_any()
            };
            wrap(id, label(text), anchor, control)
        }
        Input::Priority => {
            let control = view! {
                <select id="a-priority" on:change=move |ev| {
                    if let Some(p) = Priority::ALL.into_iter().find(|p| p.to_string() == event_target_value(&ev)) {
                        values.update(|v| v.priority = Some(p));
                    }
                } prop:value=move || values.with(|v| v.priority.map(|p| p.to_string()).unwrap_or_default())>
                    {Priority::ALL.into_iter().map(|p| view! { <option value=p.to_string()>{move || format!("{p} {}", i18n::priority(lang.get(), p))}</option> }).collect_view()}
                </select>
            }.into_any();
            wrap("a-priority".into(), Msg::ConfirmedPriority, Anchor::Priority, control)
        }
        Input::Categories => {
            let error = error_at(Anchor::Categories);
            view! {
                <div class="field" class:invalid=move || error().is_some()>
                    <CategoryPicker selected=categories/>
                    <p class="error" id="a-categories-error">{error}</p>
                </div>
            }
            .into_any()
        }
        Input::Experts { choices } => {
            let error = error_at(Anchor::Experts);
            view! {
                <fieldset class="field members" class:invalid=move || error().is_some()>
                    <legend>{move || t(lang.get(), Msg::SecondLine)}</legend>
                    {choices.into_iter().map(|m| {
                        let id = m.employee_id.clone();
                        let checked = id.clone();
                        let label = format!("{}({})", m.name, m.speciality);
                        view! {
                            <label class="check">
                                <input type="checkbox" value=id.clone()
                                    prop:checked=move || values.with(|v| v.experts.contains(&checked))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        values.update(|v| {
                                            v.experts.retain(|x| x != &id);
                                            if on { v.experts.push(id.clone()); }
                                        });
                                    }/>
                                {label}
                            </label>
                        }
                    }).collect_view()}
                    <p class="error">{error}</p>
                </fieldset>
            }
            .into_any()
        }
        Input::Handler { choices } => member_select(choices, Msg::FirstLineHandler),
        Input::Supporter { choices } => member_select(choices, Msg::SecondLine),
        Input::Feedback => view! {
            <fieldset class="field feedback-choice">
                <legend>{move || t(lang.get(), Msg::FeedbackResult)}</legend>
                {[Feedback::Resolved, Feedback::PartlyResolved, Feedback::NotResolved].into_iter().map(|f| view! {
                    <label class="check">
                        <input type="radio" name="feedback" value=format!("{f:?}")
                            prop:checked=move || values.with(|v| v.feedback == Some(f))
                            on:change=move |_| values.update(|v| v.feedback = Some(f))/>
                        {move || i18n::feedback(lang.get(), f)}
                    </label>
                }).collect_view()}
                <p class="error">{error_at(Anchor::Feedback)}</p>
            </fieldset>
        }
        .into_any(),
        Input::Taken => view! {
            <fieldset class="field taken-choice">
                <legend>{move || t(lang.get(), Msg::TakenWhere)}</legend>
                {[(false, Msg::TakenRemotely, "taken-remotely"), (true, Msg::TakenOnSite, "taken-on-site")].into_iter().map(|(on_site, label, id)| view! {
                    <label class="check">
                        <input type="radio" name="taken" id=id
                            prop:checked=move || values.with(|v| v.on_site == on_site)
                            on:change=move |_| values.update(|v| v.on_site = on_site)/>
                        {move || t(lang.get(), label)}
                    </label>
                }).collect_view()}
            </fieldset>
        }
        .into_any(),
        Input::Signature => {
            let error = error_at(Anchor::Signature);
            view! {
                <div class="field">
                    <span class="label">{move || t(lang.get(), Msg::SignatureLabel)}</span>
                    <SignaturePad signed=signed invalid=Signal::derive(move || error().is_some())/>
                    <p class="error" id="a-signature-error">{error}</p>
                </div>
            }
            .into_any()
        }
        Input::When => {
            let control = view! {
                <input id="a-when" type="datetime-local" prop:value=move || values.with(|v| v.when.clone())
                    on:input=move |ev| { let when = event_target_value(&ev); values.update(|v| v.when = when) }/>
            }
            .into_any();
            wrap("a-when".into(), Msg::ExpectedResolution, Anchor::When, control)
        }
        Input::Description => {
            type Part = fn(&mut fielddesk_core::Description) -> &mut String;
            let parts: [(Msg, Anchor, Part); 4] = [
                (Msg::Symptom, Anchor::Symptom, |d| &mut d.symptom),
                (Msg::Occurred, Anchor::Form, |d| &mut d.occurred),
                (Msg::OperationPath, Anchor::Form, |d| &mut d.operation_path),
                (Msg::ErrorText, Anchor::Form, |d| &mut d.error_text),
            ];
            view! {
                <fieldset class="completed-description">
                    <legend>{move || t(lang.get(), Msg::CompletedDescription)}</legend>
                    {parts.into_iter().enumerate().map(|(i, (label, anchor, part))| {
                        let id = format!("a-desc-{i}");
                        let control = view! {
                            <input id=id.clone() type="text"
                                prop:value=move || values.with(|v| part(&mut v.description.clone()).clone())
                                on:input=move |ev| { let typed = event_target_value(&ev); values.update(|v| *part(&mut v.description) = typed) }/>
                        }
                        .into_any();
                        wrap(id, label, anchor, control)
                    }).collect_view()}
                </fieldset>
            }
            .into_any()
        }
    }
}

use wasm_bindgen::JsCast;
