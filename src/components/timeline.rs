//! R6 处理进度记录: every event of the ticket, time-ordered, as a timeline.

use fielddesk_core::{EventKind, Reference, Ticket};
use leptos::prelude::*;

use crate::desk::Desk;
use crate::i18n::{self, date_time, t, Lang, Msg, ShownZone, F};

#[component]
pub fn Timeline(ticket: Signal<Ticket>) -> impl IntoView {
    let desk = expect_context::<Desk>();
    let lang = desk.lang;
    view! {
        <section class="panel timeline" aria-labelledby="timeline-title">
            <h2 id="timeline-title">{move || t(lang.get(), Msg::ProgressLog)}</h2>
            <ol class="events">
                {move || {
                    let (lang, zone) = (lang.get(), desk.shown_zone());
                    ticket.with(|t| t.timeline.iter().rev().map(|entry| {
                        let e = &entry.event;
                        let (title, detail) = describe(lang, zone, &e.kind);
                        let at = date_time(lang, e.at, zone);
                        view! {
                            <li class="event" class:stale=!entry.applied>
                                <span class="dot" aria-hidden="true"></span>
                                <div class="event-body">
                                    <p class="event-title"><strong>{title}</strong></p>
                                    {(!detail.is_empty()).then(|| view! { <p class="event-detail">{detail}</p> })}
                                    <p class="event-meta muted"><time datetime=e.at.to_rfc3339()>{at}</time>" · "{e.actor.name.clone()}
                                        {(!entry.applied).then(|| view! { <span>" · "{i18n::t(lang, Msg::NotApplied)}</span> })}
                                    </p>
                                </div>
                            </li>
                        }
                    }).collect_view())
                }}
            </ol>
        </section>
    }
}

/// The event's headline and its text.
pub fn describe(lang: Lang, zone: ShownZone, kind: &EventKind) -> (String, String) {
    use EventKind::*;
    let c = |k| i18n::command_kind(lang, k).to_string();
    let Some(command) = kind.command_kind() else {
        return match kind {
            TicketCreated { number, .. } => {
                (t(lang, Msg::EventCreated).to_string(), number.to_string())
            }
            Renumbered { from, to } => (
                t(lang, Msg::EventRenumbered).to_string(),
                format!("{from} → {to}"),
            ),
            ArticleReferenceRenumbered { from, to, .. } => (
                t(lang, Msg::EventArticleReferenceRenumbered).to_string(),
                format!("{from} → {to}"),
            ),
            MigratedFromSheet { file, row, .. } => (
                t(lang, Msg::EventMigrated).to_string(),
                F::MigratedFrom { file, row }.text(lang),
            ),
            _ => (String::new(), String::new()),
        };
    };
    let detail = match kind {
        TicketCreated { .. }
        | Renumbered { .. }
        | ArticleReferenceRenumbered { .. }
        | MigratedFromSheet { .. } => String::new(),
        Assigned { handler } => format!("{}/{}", handler.name, handler.employee_id),
        InformationFlaggedIncomplete { missing } => missing.clone(),
        RequesterContacted { note, .. } => note.clone(),
        Responded { note } | RequesterPhoned { note } => note.clone(),
        FileAttached { attachment } => attachment.file_name.clone(),
        Classified { categories } => categories
            .iter()
            .map(|c| c.to_string())
            .collect::<Vec<_>>()
            .join(", "),
        PriorityConfirmed { priority, reason } => match reason {
            Some(r) => format!("{priority} · {r}"),
            None => priority.to_string(),
        },
        CrossDomainReported { note } => note.clone(),
        JointlyConfirmed {
            experts,
            categories,
            priority,
            reason,
        } => format!(
            "{} · {} · {priority}{}",
            experts
                .iter()
                .map(|e| format!("{}({})", e.person.name, e.role))
                .collect::<Vec<_>>()
                .join(", "),
            categories
                .iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join(", "),
            reason
                .as_ref()
                .map(|r| format!(" · {r}"))
                .unwrap_or_default()
        ),
        AttemptRecorded { action, consulted } => {
            let refs: Vec<String> = consulted
                .iter()
                .map(|r| match r {
                    Reference::Article { id } => format!("{} {id}", t(lang, Msg::Article)),
                    Reference::PastTicket { number } => {
                        format!("{} {number}", t(lang, Msg::PastTicket))
                    }
                })
                .collect();
            if refs.is_empty() {
                action.clone()
            } else {
                format!("{action} ({})", refs.join(", "))
            }
        }
        Escalated { reason, supporters } => format!(
            "{reason} → {}",
            supporters
                .iter()
                .map(|s| format!("{}({})", s.person.name, s.role))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        SupporterJoined { supporter } => format!("{}({})", supporter.person.name, supporter.role),
        RootCauseRecorded { root_cause, plan } => format!("{root_cause} · {plan}"),
        ApprovalRequested { subject } => subject.clone(),
        Approved { note } => note.clone(),
        Rejected { reason } => reason.clone(),
        ProgressUpdated { note } => note.clone(),
        ResolutionEstimated { expected_at } => date_time(lang, *expected_at, zone),
        UserInformedOfEstimate { note } => note.clone(),
        WaitingOnRequester { reason } => reason.clone(),
        Resumed { note } => note.clone(),
        FixApplied { solution } => solution.clone(),
        Verified { note } => note.clone(),
        FeedbackRecorded {
            result,
            confirmation,
            ..
        } => format!("{} · {confirmation}", i18n::feedback(lang, *result)),
        ArticleLinked { article } => format!("{} {}", article.id, article.title),
        Archived { no_article_reason } => no_article_reason.clone().unwrap_or_default(),
    };
    (c(command), detail)
}
