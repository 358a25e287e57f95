//! Pulled documents go through the import's merge: a batch from the server is planned exactly as
//! a file holding those events would be ([`crate::import::preview`]), so colliding ticket numbers
//! and article ids are renumbered the same way on every device, in any order.
//!
//! What a file import refuses as a whole, a pull refuses document by document: a document that
//! contradicts this device's copy of an event, or a team setting no page saves, is refused and
//! reported, and the rest of the batch is stored. A ticket's events may arrive over several
//! batches (the feed is in the server's order), so nothing here asks for a whole ticket.

use std::collections::{HashMap, HashSet};

use chrono::DateTime;

use crate::article::ArticleEvent;
use crate::attachment::AttachmentId;
use crate::event::{Event, EventId, EventKind, TicketId};
use crate::exchange::{Export, ExportMeta, VERSION};
use crate::import::{preview, ImportPlan};
use crate::merge::articles::references;
use crate::merge::{merge_actor, Renumbering};
use crate::team_settings::SettingChanged;

use super::doc::{Doc, DocError, Refusal};

/// What storing one pulled batch writes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PullPlan {
    /// Written like an import's plan, in one transaction.
    pub plan: ImportPlan,
    /// Documents not stored, each with its reason.
    pub refused: Vec<DocError>,
    /// Tickets whose number changed because a pulled ticket had it too.
    pub renumberings: Vec<Renumbering>,
}

/// What this device holds, as the merge needs it.
#[derive(Debug, Clone, Copy)]
pub struct Holdings<'a> {
    pub events: &'a [Event],
    pub articles: &'a [ArticleEvent],
    pub attachments: &'a [AttachmentId],
    pub settings: &'a [SettingChanged],
}

/// What storing `pulled` on a device holding `held` writes (see the module docs).
pub fn plan_pull(held: Holdings<'_>, pulled: Vec<Doc<SettingChanged>>) -> PullPlan {
    let events_by_id: HashMap<&EventId, &Event> = held.events.iter().map(|e| (&e.id, e)).collect();
    let creations: HashMap<&TicketId, &EventId> = held
        .events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::TicketCreated { .. }))
        .map(|e| (&e.ticket, &e.id))
        .collect();
    let articles_by_id: HashMap<&EventId, &ArticleEvent> =
        held.articles.iter().map(|e| (&e.id, e)).collect();
    let files: HashSet<&AttachmentId> = held.attachments.iter().collect();

    let mut refused = Vec::new();
    let mut incoming = Export {
        version: VERSION,
        meta: ExportMeta {
            exported_at: DateTime::UNIX_EPOCH,
            exported_by: merge_actor(),
            settings: None,
        },
        events: Vec::new(),
        articles: Vec::new(),
        attachments: Vec::new(),
        settings: Vec::new(),
    };
    for doc in pulled {
        let id = doc.id();
        let refusal = match doc {
            Doc::Ticket(event) => match events_by_id.get(&event.id) {
                Some(known) if **known == event => None,
                Some(_) => Some(Refusal::Contradicts(changed(&event.id))),
                None => match (&event.kind, creations.get(&event.ticket)) {
                    (EventKind::TicketCreated { .. }, Some(creation)) => {
                        Some(Refusal::Contradicts(format!(
                            "ticket {} was created on this device by event {}",
                            event.ticket.0, creation.0
                        )))
                    }
                    _ => {
                        incoming.events.push(event);
                        None
                    }
                },
            },
            Doc::Article(event) => match articles_by_id.get(&event.id) {
                Some(known) if **known == event => None,
                Some(_) => Some(Refusal::Contradicts(changed(&event.id))),
                None => {
                    incoming.articles.push(event);
                    None
                }
            },
            Doc::Settings(event) => match event.change.problem() {
                Some(problem) => Some(Refusal::InvalidSetting(problem)),
                None => {
                    incoming.settings.push(event);
                    None
                }
            },
            // Content-addressed and checked against its digest: a file is kept even before the
            // event naming it arrives.
            Doc::Attachment(blob) => {
                if !files.contains(&blob.id) {
                    incoming.attachments.push(blob);
                }
                None
            }
        };
        if let Some(refusal) = refusal {
            refused.push(DocError::new(&id, refusal));
        }
    }
    let mut preview = preview(
        held.events,
        held.articles,
        held.attachments,
        held.settings,
        &incoming,
    );
    preview.plan.attachments = incoming.attachments;
    PullPlan {
        plan: preview.plan,
        refused,
        renumberings: preview.renumberings,
    }
}

fn changed(event: &EventId) -> String {
    format!(
        "this device holds event {} with other content, so the server's copy was changed",
        event.0
    )
}

/// Of the events `held` here, those the merge of `pulled` reads: every ticket's creation and
/// renumberings (numbers compete across tickets), every event that refers to an article or
/// follows a moved one (an article that moves takes its references along), and every event of
/// the tickets `pulled` touches. Planning with these gives the plan every held event gives (a
/// test proves it), without cloning a team's history for each batch.
pub fn held_for_pull<'a>(
    held: impl IntoIterator<Item = &'a Event>,
    pulled: &[Doc<SettingChanged>],
) -> Vec<Event> {
    let touched: HashSet<&TicketId> = pulled
        .iter()
        .filter_map(|doc| match doc {
            Doc::Ticket(event) => Some(&event.ticket),
            _ => None,
        })
        .collect();
    held.into_iter()
        .filter(|event| {
            touched.contains(&event.ticket)
                || matches!(
                    event.kind,
                    EventKind::TicketCreated { .. }
                        | EventKind::Renumbered { .. }
                        | EventKind::ArticleReferenceRenumbered { .. }
                )
                || !references(&event.kind).is_empty()
        })
        .cloned()
        .collect()
}

/// The documents of what a device stored: what it offers to push.
pub fn docs_of(
    events: &[Event],
    articles: &[ArticleEvent],
    files: &[crate::exchange::AttachmentBlob],
    settings: &[SettingChanged],
) -> Vec<Doc<SettingChanged>> {
    let events = events.iter().cloned().map(Doc::Ticket);
    let articles = articles.iter().cloned().map(Doc::Article);
    let files = files.iter().cloned().map(Doc::Attachment);
    let settings = settings.iter().cloned().map(Doc::Settings);
    events
        .chain(articles)
        .chain(settings)
        .chain(files)
        .collect()
}
