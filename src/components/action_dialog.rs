//! One process action as a dialog: the inputs its `Command` needs, then `decide` through
//! `record`. The core's typed error is shown beside the input it is about (or above the buttons
//! when it is about the ticket as a whole), translated. No rule is checked here.

use chrono::{Local, NaiveDateTime, TimeZone, Utc};
use fielddesk_core::{
    Category, Command, CommandKind, Description, Feedback, Field, KnowledgeLink, Priority,
    Reference, Ticket, TicketNo, WorkflowError,
};
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::app::Shared;
use crate::components::category_picker::CategoryPicker;
use crate::i18n::{self, t, Msg};
use crate::record::{record, RecordError};

/// Which input an error belongs beside.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Anchor {
    Field(Field),
    Reason,
    Categories,
    Members,
    When,
    NoArticle,
    Form,
}

#[derive(Debug, Clone, Copy)]
enum Input {
    Text {
        slot: usize,
        label: Msg,
        anchor: Anchor,
        long: bool,
    },
    Priority,
    Categories,
    Members,
    Member {
        label: Msg,
        anchor: Anchor,
    },
    Feedback,
    When,
    Description,
}

fn inputs(kind: CommandKind) -> Vec<Input> {
    use CommandKind::*;
    let text = |slot, label, field| Input::Text {
        slot,
        label,
        anchor: Anchor::Field(field),
        long: false,
    };
    let long = |slot, label, field| Input::Text {
        slot,
        label,
        anchor: Anchor::Field(field),
        long: true,
    };
    let note = Input::Text {
        slot: 0,
        label: Msg::Note,
        anchor: Anchor::Form,
        long: false,
    };
    let reason = Input::Text {
        slot: 0,
        label: Msg::PriorityReason,
        anchor: Anchor::Reason,
        long: false,
    };
    match kind {
        Assign => vec![Input::Member {
            label: Msg::FirstLineHandler,
            anchor: Anchor::Field(Field::HandlerName),
        }],
        FlagIncomplete => vec![long(0, Msg::MissingInfo, Field::MissingInformation)],
        RecordRequesterContacted => vec![
            long(0, Msg::ContactNote, Field::ContactNote),
            Input::Description,
        ],
        Respond | RecordPhoneCall | Approve | Resume | RecordUserInformed => vec![note],
        AttachFile => vec![],
        Classify => vec![Input::Categories],
        ConfirmPriority => vec![Input::Priority, reason],
        ReportCrossDomain => vec![long(0, Msg::CrossDomainNote, Field::CrossDomainNote)],
        ConfirmJointly => vec![Input::Members, Input::Categories, Input::Priority, reason],
        RecordAttempt => vec![
            long(0, Msg::AttemptAction, Field::AttemptAction),
            Input::Text {
                slot: 1,
                label: Msg::Consulted,
                anchor: Anchor::Form,
                long: false,
            },
        ],
        Escalate => vec![
            long(0, Msg::EscalationReason, Field::EscalationReason),
            Input::Members,
        ],
        AddSupporter => vec![Input::Member {
            label: Msg::SecondLine,
            anchor: Anchor::Field(Field::SupporterName),
        }],
        RecordRootCause => vec![
            long(0, Msg::RootCause, Field::RootCause),
            long(1, Msg::Plan, Field::Plan),
        ],
        RequestApproval => vec![long(0, Msg::ApprovalSubject, Field::ApprovalSubject)],
        Reject => vec![long(0, Msg::RejectionReason, Field::RejectionReason)],
        UpdateProgress => vec![long(0, Msg::ProgressNote, Field::ProgressNote)],
        EstimateResolution => vec![Input::When],
        WaitOnRequester => vec![text(0, Msg::WaitReason, Field::WaitReason)],
        ApplyFix => vec![long(0, Msg::Solution, Field::Solution)],
        Verify => vec![long(0, Msg::VerificationNote, Field::VerificationNote)],
        RecordFeedback => vec![
            Input::Feedback,
            text(0, Msg::Confirmation, Field::Confirmation),
        ],
        LinkArticle => vec![
            text(0, Msg::ArticleId, Field::ArticleId),
            Input::Text {
                slot: 1,
                label: Msg::ArticleTitle,
                anchor: Anchor::Form,
                long: false,
            },
        ],
        Archive => vec![Input::Text {
            slot: 0,
            label: Msg::NoArticleReason,
            anchor: Anchor::NoArticle,
            long: false,
        }],
    }
}

fn anchor_of(error: &WorkflowError) -> Anchor {
    use WorkflowError::*;
    match error {
        Blank(Field::SupporterRole) => Anchor::Members,
        Blank(field) => Anchor::Field(*field),
        PriorityChangeWithoutReason { .. } => Anchor::Reason,
        NoCategory | UnknownCategory(_) => Anchor::Categories,
        EscalationWithoutSupporter | JointConfirmationWithoutExperts => Anchor::Members,
        SupporterAlreadyJoined(_) => Anchor::Field(Field::SupporterName),
        EstimateInPast { .. } => Anchor::When,
        ArchiveWithoutKnowledge => Anchor::NoArticle,
        ArticleAlreadyLinked(_) => Anchor::Field(Field::ArticleId),
        _ => Anchor::Form,
    }
}

#[derive(Clone, Copy)]
struct Values {
    texts: [RwSignal<String>; 2],
    priority: RwSignal<Priority>,
    categories: RwSignal<Vec<Category>>,
    members: RwSignal<Vec<String>>,
    member: RwSignal<String>,
    feedback: RwSignal<Option<Feedback>>,
    when: RwSignal<String>,
    description: [RwSignal<String>; 4],
}

#[derive(Debug, Clone, PartialEq)]
enum Problem {
    Workflow(WorkflowError),
    /// A value the browser could not read (e.g. no date chosen), before the core is asked.
    Local(Anchor, Msg),
    /// Not saved: the message says why (already in the user's language).
    Unsaved(String),
}

#[component]
pub fn ActionDialog(
    ticket: Signal<Ticket>,
    kind: CommandKind,
    on_close: Callback<()>,
) -> impl IntoView {
    let shared = expect_context::<Shared>();
    let lang = shared.lang;
    let current = ticket.get_untracked();
    let d = &current.intake.description;
    let values = Values {
        texts: [RwSignal::new(String::new()), RwSignal::new(String::new())],
        priority: RwSignal::new(current.priority()),
        categories: RwSignal::new(current.categories.clone()),
        members: RwSignal::new(Vec::new()),
        member: RwSignal::new(shared.me_untracked().employee_id),
        feedback: RwSignal::new(None),
        when: RwSignal::new(String::new()),
        description: [
            RwSignal::new(d.symptom.clone()),
            RwSignal::new(d.occurred.clone()),
            RwSignal::new(d.operation_path.clone()),
            RwSignal::new(d.error_text.clone()),
        ],
    };
    let problem = RwSignal::new(None::<Problem>);
    let busy = RwSignal::new(false);
    let error_at = move |anchor: Anchor| {
        move || match problem.get() {
            Some(Problem::Workflow(e)) if anchor_of(&e) == anchor => {
                Some(i18n::workflow_error(lang.get(), &e))
            }
            Some(Problem::Local(a, m)) if a == anchor => Some(t(lang.get(), m).to_string()),
            _ => None,
        }
    };
    let form_error = move || match problem.get() {
        Some(Problem::Workflow(e)) if anchor_of(&e) == Anchor::Form => {
            Some(i18n::workflow_error(lang.get(), &e))
        }
        Some(Problem::Local(Anchor::Form, m)) => Some(t(lang.get(), m).to_string()),
        Some(Problem::Unsaved(message)) => Some(message),
        _ => None,
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let command = match build(kind, values, shared, &ticket.get_untracked()) {
            Ok(command) => command,
            Err(local) => {
                problem.set(Some(local));
                return;
            }
        };
        busy.set(true);
        let id = ticket.get_untracked().id;
        spawn_local(async move {
            let result = record(shared, &id, command).await;
            busy.set(false);
            match result {
                Ok(()) => on_close.run(()),
                Err(RecordError::Workflow(e)) => problem.set(Some(Problem::Workflow(e))),
                Err(RecordError::UnknownTicket) => problem.set(Some(Problem::Unsaved(
                    t(lang.get_untracked(), Msg::SaveFailed).to_string(),
                ))),
                Err(RecordError::Storage(e)) => problem.set(Some(Problem::Unsaved(
                    i18n::storage_error(lang.get_untracked(), &e),
                ))),
            }
        });
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

    let fields = inputs(kind)
        .into_iter()
        .map(|input| field_view(input, values, shared, error_at))
        .collect_view();
    view! {
        <div class="backdrop" on:click=move |_| on_close.run(())></div>
        <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="dialog-title" node_ref=dialog on:keydown=keydown>
            <form on:submit=submit novalidate>
                <h2 id="dialog-title">{move || i18n::command_kind(lang.get(), kind)}</h2>
                <p class="hint">{move || ticket.with(|t| t.number.to_string())}" · "{move || {
                    let me = shared.me();
                    format!("{} · {}", me.name, i18n::role(lang.get(), me.role))
                }}</p>
                {fields}
                <p class="error form-error" role="alert" id="dialog-error">{form_error}</p>
                <div class="dialog-actions">
                    <button type="button" class="secondary" on:click=move |_| on_close.run(())>{move || t(lang.get(), Msg::Cancel)}</button>
                    <button type="submit" class="primary" id="dialog-submit" disabled=move || busy.get()>{move || t(lang.get(), Msg::Confirm)}</button>
                </div>
            </form>
        </div>
    }
}

fn field_view<E, F>(input: Input, v: Values, shared: Shared, error_at: E) -> AnyView
where
    E: Fn(Anchor) -> F + Copy + Send + Sync + 'static,
    F: Fn() -> Option<String> + Copy + Send + Sync + 'static,
{
    let lang = shared.lang;
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
    match input {
        Input::Text {
            slot,
            label,
            anchor,
            long,
        } => {
            let id = format!("a-text-{slot}");
            let value = v.texts[slot];
            let invalid = move || error_at(anchor)().is_some().to_string();
            let described = format!("{id}-error");
            let control = if long {
                view! { <textarea id=id.clone() rows="3" aria-invalid=invalid aria-describedby=described prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))></textarea> }.into_any()
            } else {
                view! { <input id=id.clone() type="text" aria-invalid=invalid aria-describedby=described prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/> }.into_any()
            };
            wrap(id, label, anchor, control)
        }
        Input::Priority => {
            let control = view! {
                <select id="a-priority" on:change=move |ev| {
                    if let Some(p) = Priority::ALL.into_iter().find(|p| p.to_string() == event_target_value(&ev)) { v.priority.set(p) }
                } prop:value=move || v.priority.get().to_string()>
                    {Priority::ALL.into_iter().map(|p| view! { <option value=p.to_string()>{move || format!("{p} {}", i18n::priority(lang.get(), p))}</option> }).collect_view()}
                </select>
            }.into_any();
            wrap(
                "a-priority".into(),
                Msg::ConfirmedPriority,
                Anchor::Form,
                control,
            )
        }
        Input::Categories => {
            let error = error_at(Anchor::Categories);
            view! {
                <div class="field" class:invalid=move || error().is_some()>
                    <CategoryPicker selected=v.categories/>
                    <p class="error" id="a-categories-error">{error}</p>
                </div>
            }
            .into_any()
        }
        Input::Members => {
            let error = error_at(Anchor::Members);
            let me = shared.me_untracked().employee_id;
            view! {
                <fieldset class="field members" class:invalid=move || error().is_some()>
                    <legend>{move || t(lang.get(), Msg::SecondLine)}</legend>
                    {shared.settings.with_untracked(|s| s.team.iter().filter(|m| m.employee_id != me).map(|m| {
                        let id = m.employee_id.clone();
                        let id2 = id.clone();
                        let label = format!("{}({})", m.name, m.speciality);
                        view! {
                            <label class="check">
                                <input type="checkbox" value=id.clone()
                                    prop:checked=move || v.members.with(|ms| ms.contains(&id))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        v.members.update(|ms| { ms.retain(|x| x != &id2); if on { ms.push(id2.clone()); } });
                                    }/>
                                {label}
                            </label>
                        }
                    }).collect_view())}
                    <p class="error">{error}</p>
                </fieldset>
            }.into_any()
        }
        Input::Member { label, anchor } => {
            let control = view! {
                <select id="a-member" prop:value=move || v.member.get() on:change=move |ev| v.member.set(event_target_value(&ev))>
                    {move || shared.settings.with(|s| s.team.iter().map(|m| {
                        let text = format!("{} · {}", m.name, i18n::role(lang.get(), m.role));
                        view! { <option value=m.employee_id.clone()>{text}</option> }
                    }).collect_view())}
                </select>
            }.into_any();
            wrap("a-member".into(), label, anchor, control)
        }
        Input::Feedback => {
            let error = error_at(Anchor::Form);
            view! {
                <fieldset class="field feedback-choice">
                    <legend>{move || t(lang.get(), Msg::FeedbackResult)}</legend>
                    {[Feedback::Resolved, Feedback::PartlyResolved, Feedback::NotResolved].into_iter().map(|f| view! {
                        <label class="check">
                            <input type="radio" name="feedback" value=format!("{f:?}") prop:checked=move || v.feedback.get() == Some(f) on:change=move |_| v.feedback.set(Some(f))/>
                            {move || i18n::feedback(lang.get(), f)}
                        </label>
                    }).collect_view()}
                    <p class="error">{move || error().filter(|_| false)}</p>
                </fieldset>
            }.into_any()
        }
        Input::When => {
            let control = view! {
                <input id="a-when" type="datetime-local" prop:value=move || v.when.get() on:input=move |ev| v.when.set(event_target_value(&ev))/>
            }.into_any();
            wrap(
                "a-when".into(),
                Msg::ExpectedResolution,
                Anchor::When,
                control,
            )
        }
        Input::Description => {
            let parts = [
                (0, Msg::Symptom, Anchor::Field(Field::Symptom)),
                (1, Msg::Occurred, Anchor::Form),
                (2, Msg::OperationPath, Anchor::Form),
                (3, Msg::ErrorText, Anchor::Form),
            ];
            view! {
                <fieldset class="completed-description">
                    <legend>{move || t(lang.get(), Msg::CompletedDescription)}</legend>
                    {parts.into_iter().map(|(i, label, anchor)| {
                        let value = v.description[i];
                        let id = format!("a-desc-{i}");
                        let control = view! { <input id=id.clone() type="text" prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/> }.into_any();
                        wrap(id, label, anchor, control)
                    }).collect_view()}
                </fieldset>
            }.into_any()
        }
    }
}

/// The command the inputs describe. Only reading the inputs can fail here; every rule is the
/// core's, checked in `decide`.
fn build(
    kind: CommandKind,
    v: Values,
    shared: Shared,
    ticket: &Ticket,
) -> Result<Command, Problem> {
    use CommandKind::*;
    let text = |i: usize| v.texts[i].get_untracked();
    let optional = |i: usize| Some(text(i)).filter(|s| !s.trim().is_empty());
    let team = shared.settings.with_untracked(|s| s.team.clone());
    let member = || {
        team.iter()
            .find(|m| m.employee_id == v.member.get_untracked())
            .cloned()
    };
    let supporters = || {
        let chosen = v.members.get_untracked();
        team.iter()
            .filter(|m| chosen.contains(&m.employee_id))
            .map(|m| m.supporter())
            .collect::<Vec<_>>()
    };
    Ok(match kind {
        Assign => Command::Assign {
            handler: member()
                .map(|m| m.person())
                .unwrap_or_else(|| fielddesk_core::Person {
                    name: String::new(),
                    employee_id: String::new(),
                }),
        },
        FlagIncomplete => Command::FlagIncomplete { missing: text(0) },
        RecordRequesterContacted => {
            let completed = Description {
                symptom: v.description[0].get_untracked(),
                occurred: v.description[1].get_untracked(),
                operation_path: v.description[2].get_untracked(),
                error_text: v.description[3].get_untracked(),
            };
            let changed = completed != ticket.intake.description;
            Command::RecordRequesterContacted {
                note: text(0),
                description: changed.then_some(completed),
            }
        }
        Respond => Command::Respond { note: text(0) },
        RecordPhoneCall => Command::RecordPhoneCall { note: text(0) },
        AttachFile => return Err(Problem::Local(Anchor::Form, Msg::NotInThisVersion)),
        Classify => Command::Classify {
            categories: v.categories.get_untracked(),
        },
        ConfirmPriority => Command::ConfirmPriority {
            priority: v.priority.get_untracked(),
            reason: optional(0),
        },
        ReportCrossDomain => Command::ReportCrossDomain { note: text(0) },
        ConfirmJointly => Command::ConfirmJointly {
            experts: supporters(),
            categories: v.categories.get_untracked(),
            priority: v.priority.get_untracked(),
            reason: optional(0),
        },
        RecordAttempt => Command::RecordAttempt {
            action: text(0),
            consulted: references(&text(1)),
        },
        Escalate => Command::Escalate {
            reason: text(0),
            supporters: supporters(),
        },
        AddSupporter => match member() {
            Some(m) => Command::AddSupporter {
                supporter: m.supporter(),
            },
            None => {
                return Err(Problem::Local(
                    Anchor::Field(Field::SupporterName),
                    Msg::ChooseSomeone,
                ))
            }
        },
        RecordRootCause => Command::RecordRootCause {
            root_cause: text(0),
            plan: text(1),
        },
        RequestApproval => Command::RequestApproval { subject: text(0) },
        Approve => Command::Approve { note: text(0) },
        Reject => Command::Reject { reason: text(0) },
        UpdateProgress => Command::UpdateProgress { note: text(0) },
        EstimateResolution => {
            let local = NaiveDateTime::parse_from_str(&v.when.get_untracked(), "%Y-%m-%dT%H:%M")
                .ok()
                .and_then(|at| Local.from_local_datetime(&at).earliest());
            match local {
                Some(at) => Command::EstimateResolution {
                    expected_at: at.with_timezone(&Utc),
                },
                None => return Err(Problem::Local(Anchor::When, Msg::ChooseTime)),
            }
        }
        RecordUserInformed => Command::RecordUserInformed { note: text(0) },
        WaitOnRequester => Command::WaitOnRequester { reason: text(0) },
        Resume => Command::Resume { note: text(0) },
        ApplyFix => Command::ApplyFix { solution: text(0) },
        Verify => Command::Verify { note: text(0) },
        RecordFeedback => match v.feedback.get_untracked() {
            Some(result) => Command::RecordFeedback {
                result,
                confirmation: text(0),
            },
            None => return Err(Problem::Local(Anchor::Form, Msg::ChooseFeedback)),
        },
        LinkArticle => Command::LinkArticle {
            article: KnowledgeLink {
                id: text(0),
                title: text(1),
            },
        },
        Archive => Command::Archive {
            no_article_reason: optional(0),
        },
    })
}

/// "KB-0012, TS20231020003" → an article and a past ticket (R3.1).
fn references(text: &str) -> Vec<Reference> {
    text.split(|c: char| matches!(c, ',' | '\u{ff0c}' | '\u{3001}') || c.is_whitespace())
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| match s.parse::<TicketNo>() {
            Ok(number) => Reference::PastTicket { number },
            Err(_) => Reference::Article { id: s.to_string() },
        })
        .collect()
}

use wasm_bindgen::JsCast;
