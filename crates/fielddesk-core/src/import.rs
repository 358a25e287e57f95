//! What importing a checked export file would do, shown before it is done: the preview the
//! person confirms, and the plan the shell then writes in one transaction.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};

use crate::article::{ArticleEvent, ArticleId};
use crate::attachment::AttachmentId;
use crate::event::{Event, EventId, TicketId};
use crate::exchange::{AttachmentBlob, Export};
use crate::merge::articles::{merge_articles, ArticleRenumbering, Holdings};
use crate::merge::{merge, ImportConflict, Renumbering};
use crate::model::Person;
use crate::numbering::TicketNo;
use crate::team_settings::{SettingChanged, SettingKey, SettingsLog};

/// One ticket of the file as the preview lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketSummary {
    pub ticket: TicketId,
    /// The number it will have after the import.
    pub number: TicketNo,
    /// How many of the file's events for it this device does not have yet.
    pub new_events: usize,
}

/// One knowledge-base article of the file as the preview lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleSummary {
    /// The id it will have after the import.
    pub article: ArticleId,
    /// Its creation event, which knows it on every device whatever its id.
    pub created: EventId,
    /// Its current title after the import.
    pub title: String,
    /// How many of the file's events for it this device does not have yet.
    pub new_events: usize,
}

/// A team setting whose version in force would change with the import: who saved the version
/// that would then be in force, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingChangeSummary {
    pub key: SettingKey,
    /// The event of the version that would be in force.
    pub event: EventId,
    pub actor: Person,
    pub at: DateTime<Utc>,
}

/// Exactly what to write to this device's store, all in one transaction: the file's new ticket
/// events with the merge's renumberings, the article events, the attachment bytes and the team
/// settings events this device lacks.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportPlan {
    /// Ticket events to add: the file's new ones, ticket renumberings, and the
    /// `ArticleReferenceRenumbered` that make references follow a moved article.
    pub events: Vec<Event>,
    /// Article events to write with `put` (keyed by event id): the file's new ones, article
    /// renumberings, and this device's events of articles that move to another id — the same
    /// events with the new `article`, which replace the stored ones.
    pub articles: Vec<ArticleEvent>,
    pub attachments: Vec<AttachmentBlob>,
    /// The file's settings events this device does not hold (by id), in file order.
    pub settings: Vec<SettingChanged>,
}

impl ImportPlan {
    /// Importing would change nothing (the file was imported before, or holds nothing new).
    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
            && self.articles.is_empty()
            && self.attachments.is_empty()
            && self.settings.is_empty()
    }
}

/// The file's tickets sorted by what importing does to them, in file order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportPreview {
    /// Tickets this device does not have.
    pub new: Vec<TicketSummary>,
    /// Tickets this device has, with events it has not.
    pub updated: Vec<TicketSummary>,
    /// Tickets this device already has all of.
    pub unchanged: Vec<TicketSummary>,
    /// Events that contradict this device's; their tickets' events are not imported.
    pub conflicts: Vec<ImportConflict>,
    /// Tickets (of the file or of this device) whose number changes, because two tickets had it.
    pub renumberings: Vec<Renumbering>,
    /// Articles this device does not have.
    pub new_articles: Vec<ArticleSummary>,
    /// Articles this device has, with events it has not (edits made elsewhere).
    pub updated_articles: Vec<ArticleSummary>,
    /// Articles this device already has all of.
    pub unchanged_articles: Vec<ArticleSummary>,
    /// Articles (of the file or of this device) whose id changes, because two articles had it.
    pub article_renumberings: Vec<ArticleRenumbering>,
    /// The team settings whose version in force would change, in `SettingKey` order: the last
    /// writer by (time, id) of this device's and the file's settings events wins.
    pub settings_changed: Vec<SettingChangeSummary>,
    /// How many of the file's new settings events only add to a setting's history: an older
    /// version than the one in force.
    pub settings_history: usize,
    /// What confirming writes.
    pub plan: ImportPlan,
}

/// What importing `incoming` into a device holding `local` ticket events, `local_articles`
/// article events, the attachment bytes `local_attachments` and the team settings events
/// `local_settings` would do (see `merge` and `merge::articles` for the rules, `team_settings`
/// for the settings').
pub fn preview(
    local: &[Event],
    local_articles: &[ArticleEvent],
    local_attachments: &[AttachmentId],
    local_settings: &[SettingChanged],
    incoming: &Export,
) -> ImportPreview {
    let merge = merge(local, &incoming.events);
    let known: HashSet<&TicketId> = local.iter().map(|e| &e.ticket).collect();
    let refused: HashSet<&TicketId> = merge
        .conflicts
        .iter()
        .filter_map(|c| match c {
            ImportConflict::ChangedEvent { ticket, .. }
            | ImportConflict::OtherCreation { ticket, .. } => Some(ticket),
            ImportConflict::ChangedArticleEvent { .. } => None,
        })
        .collect();
    let articles = merge_articles(
        Holdings {
            articles: local_articles,
            tickets: local,
        },
        Holdings {
            articles: &incoming.articles,
            tickets: &incoming.events,
        },
        &refused,
    );
    let mut new_events: HashMap<&TicketId, usize> = HashMap::new();
    for event in merge.new_events.iter().chain(&articles.reference_events) {
        *new_events.entry(&event.ticket).or_default() += 1;
    }

    let mut preview = ImportPreview::default();
    let mut listed: HashSet<&TicketId> = HashSet::new();
    for event in &incoming.events {
        let ticket = &event.ticket;
        if refused.contains(ticket) || !listed.insert(ticket) {
            continue;
        }
        let Some(&number) = merge.numbers.get(ticket) else {
            continue;
        };
        let summary = TicketSummary {
            ticket: ticket.clone(),
            number,
            new_events: new_events.get(ticket).copied().unwrap_or(0),
        };
        match (known.contains(ticket), summary.new_events) {
            (false, _) => preview.new.push(summary),
            (true, 0) => preview.unchanged.push(summary),
            (true, _) => preview.updated.push(summary),
        }
    }

    let have: HashSet<&AttachmentId> = local_attachments.iter().collect();
    let wanted: HashSet<&AttachmentId> = incoming
        .events
        .iter()
        .filter(|e| !refused.contains(&e.ticket))
        .filter_map(|e| e.kind.attachment().map(|a| &a.id))
        .collect();
    preview.plan.attachments = incoming
        .attachments
        .iter()
        .filter(|b| wanted.contains(&b.id) && !have.contains(&b.id))
        .cloned()
        .collect();
    for article in &articles.incoming {
        let summary = ArticleSummary {
            article: article.id.clone(),
            created: article.created.clone(),
            title: article.title.clone(),
            new_events: article.new_events,
        };
        match (article.known, article.new_events) {
            (false, _) => preview.new_articles.push(summary),
            (true, 0) => preview.unchanged_articles.push(summary),
            (true, _) => preview.updated_articles.push(summary),
        }
    }
    preview.plan.articles = articles.events().cloned().collect();
    preview.plan.events = merge.new_events;
    preview.plan.events.extend(merge.renumber_events);
    preview.plan.events.extend(articles.reference_events);
    preview.conflicts = merge.conflicts;
    preview.conflicts.extend(articles.conflicts);
    preview.renumberings = merge.renumberings;
    preview.article_renumberings = articles.renumberings;
    preview_settings(&mut preview, local_settings, &incoming.settings);
    preview
}

/// The settings part of [`preview`]: the file's events not held, and the settings whose version
/// in force they change.
fn preview_settings(
    preview: &mut ImportPreview,
    local: &[SettingChanged],
    incoming: &[SettingChanged],
) {
    let before = SettingsLog::new(local.iter().cloned());
    let held: HashSet<&EventId> = local.iter().map(|e| &e.id).collect();
    let mut planned: HashSet<&EventId> = HashSet::new();
    preview.plan.settings = incoming
        .iter()
        .filter(|e| !held.contains(&e.id) && planned.insert(&e.id))
        .cloned()
        .collect();
    let mut after = before.clone();
    after.add(preview.plan.settings.iter().cloned());
    preview.settings_changed = SettingKey::ALL
        .into_iter()
        .filter_map(|key| {
            let now = after.current(key)?;
            let changes = before.current(key).is_none_or(|was| was.id != now.id);
            changes.then(|| SettingChangeSummary {
                key,
                event: now.id.clone(),
                actor: now.actor.clone(),
                at: now.at,
            })
        })
        .collect();
    preview.settings_history = preview.plan.settings.len() - preview.settings_changed.len();
}

/// Just the plan of [`preview`]: the events, article events, attachments and settings events to
/// write. Applying it and planning the same file again gives an empty plan.
pub fn plan_import(
    local: &[Event],
    local_articles: &[ArticleEvent],
    local_attachments: &[AttachmentId],
    local_settings: &[SettingChanged],
    incoming: &Export,
) -> ImportPlan {
    preview(
        local,
        local_articles,
        local_attachments,
        local_settings,
        incoming,
    )
    .plan
}

#[cfg(test)]
mod tests;
