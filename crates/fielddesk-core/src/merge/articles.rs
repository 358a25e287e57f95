//! Two devices' knowledge-base articles made one (R5.4 across devices): the union of their
//! events, the moves that keep article ids unique, and the references in tickets that follow a
//! moved article.
//!
//! # Which article an event belongs to
//! Article ids (`KB-0001`) are chosen by each device in turn, so two devices offline can give one
//! id to two different articles. An article is known across devices by its *creation*, the
//! `ArticleCreated` event that began it (event ids are globally unique). On one device each id is
//! one article: its events are the creation and the edits and renumberings stored under that id
//! (if two creations ever share an id on one device — two tabs creating at once — the first in
//! (seq, id) order owns the edits, as `Article::fold` shows it, and the other is an article of
//! its own with just its creation). In a file, each listed article is one article likewise.
//!
//! # Ids: one rule, whatever the order of the merges
//! Every article *claims* the id it was created with. Of the articles claiming one id, the one
//! whose creation event id sorts first keeps it (UUID v7 ids: the one created first); the others
//! claim the next id ([`ArticleId::next`]: `KB-0001` → `KB-0002`), and so on. Claims are settled
//! in order of (how many times the article moved on, creation event id), exactly as ticket
//! numbers are (see the parent module), so the ids articles end with depend only on the set of
//! articles, and every earlier merge's moves are the first moves the union needs.
//!
//! # What a move writes
//! - One `ArticleRenumbered { from, to }` per id passed, whose id, seq, actor and time follow from
//!   the creation and the step ([`article_renumbering_step`]), so two devices that decide the same
//!   move write the same event. They are the record of the move, in the article's history.
//! - The article's events are relabelled: the same events (same ids, same content) with the new
//!   `article`. The shell writes them with `put`, which replaces what it stored. The article id is
//!   the one part of an article event that is not history: it says where the article is now.
//! - Every reference to the article in a ticket (`ArticleLinked`, an `AttemptRecorded`'s
//!   `consulted`) gets one `ArticleReferenceRenumbered` per id passed
//!   ([`reference_renumbering_step`]), so the ticket's timeline keeps what was linked then and
//!   shows what it is now. A reference is taken to mean the article that had its id *where the
//!   referring event comes from*: this device's for its own events, the file's for the file's.
//!   A file that does not carry the article (format version 1) leaves its references as they
//!   are: they mean whatever article has that id here.

use std::collections::{HashMap, HashSet};

use crate::article::{Article, ArticleEvent, ArticleEventKind, ArticleId};
use crate::event::{in_fold_order, Event, EventId, EventKind, TicketId};
use crate::knowledge::Reference;
use crate::merge::{self, merge_actor, step_at, ImportConflict};

/// What one side of a merge holds: its article events and its ticket events.
#[derive(Debug, Clone, Copy, Default)]
pub struct Holdings<'a> {
    pub articles: &'a [ArticleEvent],
    pub tickets: &'a [Event],
}

/// An article whose id changes with this merge, as the person importing sees it: `from` is its
/// id on this device (or in the file, for an article new here), `to` the id after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleRenumbering {
    /// The creation event: which article it is, whatever its id.
    pub created: EventId,
    pub title: String,
    pub from: ArticleId,
    pub to: ArticleId,
}

/// One article of the incoming side, after the merge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleOutcome {
    pub created: EventId,
    /// Its id after the merge.
    pub id: ArticleId,
    /// Its current title after the merge.
    pub title: String,
    /// This device had it before.
    pub known: bool,
    /// How many of its incoming events this device did not have.
    pub new_events: usize,
}

/// What merging incoming articles into this device's adds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArticleMerge {
    /// Incoming article events this device does not have, labelled with their article's id after
    /// the merge; without those of articles in conflict.
    pub new_events: Vec<ArticleEvent>,
    /// The `ArticleRenumbered` steps the union needs and this device has not got, labelled.
    pub renumber_events: Vec<ArticleEvent>,
    /// This device's events of articles that move: the same events with the new `article`. Their
    /// ids are already stored; writing them (`put`) replaces the stored ones.
    pub relabelled: Vec<ArticleEvent>,
    /// Ticket events pointing references at moved articles (`ArticleReferenceRenumbered`).
    pub reference_events: Vec<Event>,
    pub conflicts: Vec<ImportConflict>,
    /// Every article whose id changes, ordered by creation event id.
    pub renumberings: Vec<ArticleRenumbering>,
    /// Every article of the incoming side that is not in conflict, in incoming order.
    pub incoming: Vec<ArticleOutcome>,
    /// Every article's id after the merge, by creation event id.
    pub ids: HashMap<EventId, ArticleId>,
}

impl ArticleMerge {
    /// Every article event to write (`put`), in the order to write them.
    pub fn events(&self) -> impl Iterator<Item = &ArticleEvent> {
        self.new_events
            .iter()
            .chain(&self.renumber_events)
            .chain(&self.relabelled)
    }
}

/// The `step`-th move (from 1) of the article that `creation` created with the id `claimed`:
/// from `claimed` moved on `step` − 1 times to the next id, at seq `creation.seq + step`, dated at
/// the creation and made by [`merge_actor`]. It is labelled with its `to`; a merge labels it with
/// the article's final id. `None` when `creation` is not an `ArticleCreated`, `step` is 0, or the
/// ids run out.
pub fn article_renumbering_step(
    creation: &ArticleEvent,
    claimed: &ArticleId,
    step: u32,
) -> Option<ArticleEvent> {
    if !matches!(creation.kind, ArticleEventKind::ArticleCreated { .. }) || step == 0 {
        return None;
    }
    let from = claimed.after(step - 1)?;
    let to = from.next()?;
    Some(ArticleEvent {
        id: EventId(format!("{}/renumbered/{from}-{to}", creation.id.0)),
        article: to.clone(),
        seq: creation.seq.checked_add(u64::from(step))?,
        actor: merge_actor(),
        at: creation.at,
        kind: ArticleEventKind::ArticleRenumbered { from, to },
    })
}

/// The `step`-th move (from 1) of the reference `reference` in the ticket event `referring`:
/// from `reference` moved on `step` − 1 times to the next id, at seq `referring.seq + step`,
/// dated at the referring event and made by [`merge_actor`]. `None` when `referring` has no such
/// reference, `step` is 0, or the ids run out.
pub fn reference_renumbering_step(referring: &Event, reference: &str, step: u32) -> Option<Event> {
    if step == 0 || !references(&referring.kind).contains(&reference) {
        return None;
    }
    let from = ArticleId(reference.to_string()).after(step - 1)?;
    let to = from.next()?;
    Some(Event {
        id: EventId(format!(
            "{}/article/{reference}/{from}-{to}",
            referring.id.0
        )),
        ticket: referring.ticket.clone(),
        seq: referring.seq.checked_add(u64::from(step))?,
        actor: merge_actor(),
        at: referring.at,
        kind: EventKind::ArticleReferenceRenumbered {
            event: referring.id.clone(),
            reference: reference.to_string(),
            from: from.0,
            to: to.0,
        },
    })
}

/// The article ids a ticket event refers to.
pub fn references(kind: &EventKind) -> Vec<&str> {
    match kind {
        EventKind::ArticleLinked { article } => vec![article.id.as_str()],
        EventKind::AttemptRecorded { consulted, .. } => consulted
            .iter()
            .filter_map(|r| match r {
                Reference::Article { id } => Some(id.as_str()),
                Reference::PastTicket { .. } => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Which step of its reference's renumbering `event` is, if it is exactly the one
/// [`reference_renumbering_step`] makes for `referring`.
pub(crate) fn reference_step_index(event: &Event, referring: &Event) -> Option<u32> {
    let EventKind::ArticleReferenceRenumbered { reference, .. } = &event.kind else {
        return None;
    };
    let step = step_at(event.seq, referring.seq)?;
    (reference_renumbering_step(referring, reference, step).as_ref() == Some(event)).then_some(step)
}

/// One article as one side holds it.
struct Lineage<'a> {
    creation: &'a ArticleEvent,
    /// The id the side has it under.
    label: &'a ArticleId,
    /// The id it was created with, as this side knows it.
    claimed: ArticleId,
    events: Vec<&'a ArticleEvent>,
}

/// One side's articles, each known by its creation event id.
struct Side<'a> {
    lineages: HashMap<&'a EventId, Lineage<'a>>,
    /// Each id and the article that has it on this side.
    by_label: HashMap<&'a ArticleId, &'a EventId>,
    /// Each event and the article it belongs to.
    lineage_of: HashMap<&'a EventId, &'a EventId>,
    /// The order the side lists its articles in.
    order: Vec<&'a EventId>,
}

impl<'a> Side<'a> {
    fn of(events: &'a [ArticleEvent]) -> Side<'a> {
        let mut groups: HashMap<&ArticleId, Vec<&ArticleEvent>> = HashMap::new();
        let mut labels: Vec<&ArticleId> = Vec::new();
        for event in events {
            let group = groups.entry(&event.article).or_default();
            if group.is_empty() {
                labels.push(&event.article);
            }
            group.push(event);
        }
        let mut side = Side {
            lineages: HashMap::new(),
            by_label: HashMap::new(),
            lineage_of: HashMap::new(),
            order: Vec::new(),
        };
        for label in labels {
            let group = in_fold_order(
                groups.remove(label).unwrap_or_default(),
                ArticleEvent::order_key,
            );
            let mut creations = group
                .iter()
                .filter(|e| matches!(e.kind, ArticleEventKind::ArticleCreated { .. }));
            // Events with no creation under their id belong to no article anyone can see.
            let Some(owner) = creations.next().copied() else {
                continue;
            };
            let others: Vec<&ArticleEvent> = creations.copied().collect();
            let owned: Vec<&ArticleEvent> = group
                .iter()
                .copied()
                .filter(|e| !others.iter().any(|o| o.id == e.id))
                .collect();
            side.by_label.insert(label, &owner.id);
            side.add(owner, label, owned);
            for other in others {
                side.add(other, label, vec![other]);
            }
        }
        side
    }

    fn add(
        &mut self,
        creation: &'a ArticleEvent,
        label: &'a ArticleId,
        events: Vec<&'a ArticleEvent>,
    ) {
        if self.lineages.contains_key(&creation.id) {
            return;
        }
        for event in &events {
            self.lineage_of.insert(&event.id, &creation.id);
        }
        // Without a first move, it still has the id it was created with.
        let claimed =
            first_claim(creation, events.iter().copied()).unwrap_or_else(|| label.clone());
        self.order.push(&creation.id);
        self.lineages.insert(
            &creation.id,
            Lineage {
                creation,
                label,
                claimed,
                events,
            },
        );
    }

    /// The article a reference in `referring` means on this side: the one with the id the
    /// reference has after this side's renumberings of it.
    fn meant(
        &self,
        referring: &Event,
        reference: &str,
        steps: &HashMap<(&EventId, &str), Vec<&Event>>,
    ) -> Option<&'a EventId> {
        let recorded = steps
            .get(&(&referring.id, reference))
            .map(|steps| {
                let done: HashSet<u32> = steps
                    .iter()
                    .filter_map(|s| reference_step_index(s, referring))
                    .collect();
                (1..).take_while(|k| done.contains(k)).count() as u32
            })
            .unwrap_or(0);
        let id = ArticleId(reference.to_string()).after(recorded)?;
        self.by_label.get(&id).copied()
    }
}

/// The reference renumberings a side's ticket events hold, by referring event and reference.
fn reference_steps(events: &[Event]) -> HashMap<(&EventId, &str), Vec<&Event>> {
    let mut steps: HashMap<(&EventId, &str), Vec<&Event>> = HashMap::new();
    for event in events {
        if let EventKind::ArticleReferenceRenumbered {
            event: referring,
            reference,
            ..
        } = &event.kind
        {
            steps
                .entry((referring, reference.as_str()))
                .or_default()
                .push(event);
        }
    }
    steps
}

/// One article in the union, competing for an id: known by its creation event id.
type Claimant<'a> = merge::Claimant<'a, EventId, ArticleEvent, ArticleId>;

/// Merges `incoming`'s articles into `local`'s: what to write so this device holds the union of
/// both, every article an id of its own, and every reference to a moved article following it
/// (see the module docs). `refused` are the tickets whose incoming events are not imported (the
/// ticket merge's conflicts): their references are not followed.
pub fn merge_articles(
    local: Holdings,
    incoming: Holdings,
    refused: &HashSet<&TicketId>,
) -> ArticleMerge {
    let here = Side::of(local.articles);
    let there = Side::of(incoming.articles);
    let local_by_id: HashMap<&EventId, &ArticleEvent> =
        local.articles.iter().map(|e| (&e.id, e)).collect();

    // Incoming articles that contradict this device's are not imported.
    let mut conflicts = Vec::new();
    let mut refused_articles: HashSet<&EventId> = HashSet::new();
    for created in &there.order {
        let theirs = &there.lineages[created];
        let contradiction = theirs.events.iter().find_map(|event| {
            let known = local_by_id.get(&event.id)?;
            let other_article = here.lineage_of.get(&event.id).is_some_and(|c| c != created);
            (!known.same_fact(event) || other_article).then_some(&event.id)
        });
        let other_claim = here
            .lineages
            .get(created)
            .filter(|ours| ours.claimed != theirs.claimed)
            .map(|_| *created);
        if let Some(event) = contradiction.or(other_claim) {
            conflicts.push(ImportConflict::ChangedArticleEvent {
                article: theirs.label.clone(),
                event: event.clone(),
            });
            refused_articles.insert(created);
        }
    }

    // Every article of the union, with what either side recorded of its moves.
    let mut created_ids: Vec<&EventId> = here.order.clone();
    created_ids.extend(
        there
            .order
            .iter()
            .filter(|c| !here.lineages.contains_key(*c) && !refused_articles.contains(*c)),
    );
    let claimants: Vec<Claimant> = created_ids
        .iter()
        .map(|created| {
            let ours = here.lineages.get(created);
            let theirs = there
                .lineages
                .get(created)
                .filter(|_| !refused_articles.contains(created));
            let lineage = ours.or(theirs).expect("listed from one of the sides");
            let recorded: HashSet<u32> = ours
                .into_iter()
                .chain(theirs)
                .flat_map(|l| &l.events)
                .filter_map(|e| step_of(e, lineage.creation, &lineage.claimed))
                .collect();
            Claimant {
                key: created,
                creation: lineage.creation,
                claimed: lineage.claimed.clone(),
                moved: (1..).take_while(|k| recorded.contains(k)).count() as u32,
            }
        })
        .collect();
    let moves = settle(&claimants);

    let mut merged = ArticleMerge::default();
    let mut accepted: HashSet<&EventId> = HashSet::new();
    // Where each article ends, and how far along its claims that is.
    let mut finals: HashMap<&EventId, (&Claimant, u32)> = HashMap::new();
    for (claimant, moves) in claimants.iter().zip(moves) {
        // Settle moves only as far as there are ids; the fallbacks are for the type's sake.
        let id = claimant
            .claimed
            .after(moves)
            .or_else(|| claimant.claimed.after(claimant.moved))
            .unwrap_or_else(|| claimant.claimed.clone());
        merged.ids.insert(claimant.key.clone(), id.clone());
        finals.insert(claimant.key, (claimant, moves));
        let ours = here.lineages.get(claimant.key);
        let theirs = there
            .lineages
            .get(claimant.key)
            .filter(|_| !refused_articles.contains(claimant.key));
        let label = |event: &ArticleEvent| ArticleEvent {
            article: id.clone(),
            ..event.clone()
        };
        for event in ours.iter().flat_map(|l| &l.events) {
            if event.article != id {
                merged.relabelled.push(label(event));
            }
        }
        let mut new_here = 0;
        for event in theirs.iter().flat_map(|l| &l.events) {
            if !local_by_id.contains_key(&event.id) && accepted.insert(&event.id) {
                merged.new_events.push(label(event));
                new_here += 1;
            }
        }
        for step in 1..=moves {
            let Some(step) = article_renumbering_step(claimant.creation, &claimant.claimed, step)
            else {
                break;
            };
            let held = local_by_id.contains_key(&step.id) || accepted.contains(&step.id);
            if !held {
                merged.renumber_events.push(label(&step));
            }
        }

        // The person importing sees the articles of the file and those that move.
        let renumbered = ours.or(theirs).map(|l| l.label).filter(|from| **from != id);
        if renumbered.is_none() && theirs.is_none() {
            continue;
        }
        let all: Vec<ArticleEvent> = ours
            .iter()
            .chain(theirs.iter())
            .flat_map(|l| &l.events)
            .map(|e| label(e))
            .collect();
        let title = Article::fold(&all)
            .map(|a| a.current().title.clone())
            .unwrap_or_default();
        if let Some(from) = renumbered {
            merged.renumberings.push(ArticleRenumbering {
                created: claimant.key.clone(),
                title: title.clone(),
                from: from.clone(),
                to: id.clone(),
            });
        }
        if theirs.is_some() {
            merged.incoming.push(ArticleOutcome {
                created: claimant.key.clone(),
                id: id.clone(),
                title,
                known: ours.is_some(),
                new_events: new_here,
            });
        }
    }
    let incoming_order: HashMap<&EventId, usize> = there
        .order
        .iter()
        .enumerate()
        .map(|(i, c)| (*c, i))
        .collect();
    merged
        .incoming
        .sort_by_key(|o| incoming_order.get(&o.created).copied());
    merged
        .renumberings
        .sort_by(|a, b| a.created.cmp(&b.created));

    // Nothing ever moved: no reference can be out of date.
    if finals.values().any(|(_, moves)| *moves > 0) {
        merged.reference_events =
            follow_references(local, incoming, refused, &here, &there, &finals);
    }
    merged.conflicts = conflicts;
    merged
}

/// Which step of `creation`'s moves `event` is, if it is exactly the one
/// [`article_renumbering_step`] makes (whatever its label).
pub(crate) fn step_of(
    event: &ArticleEvent,
    creation: &ArticleEvent,
    claimed: &ArticleId,
) -> Option<u32> {
    if !matches!(event.kind, ArticleEventKind::ArticleRenumbered { .. }) {
        return None;
    }
    let step = step_at(event.seq, creation.seq)?;
    article_renumbering_step(creation, claimed, step)
        .filter(|made| made.same_fact(event))
        .map(|_| step)
}

/// The id `creation`'s article was created with, as the first of its moves among `events`
/// names it; `None` when none is.
pub(crate) fn first_claim<'a>(
    creation: &ArticleEvent,
    events: impl IntoIterator<Item = &'a ArticleEvent>,
) -> Option<ArticleId> {
    events.into_iter().find_map(|e| match &e.kind {
        ArticleEventKind::ArticleRenumbered { from, .. } => {
            let first = article_renumbering_step(creation, from, 1)?;
            first.same_fact(e).then(|| from.clone())
        }
        _ => None,
    })
}

/// The `ArticleReferenceRenumbered` steps that bring every reference to a moved article to its
/// id, that neither side has.
fn follow_references(
    local: Holdings,
    incoming: Holdings,
    refused: &HashSet<&TicketId>,
    here: &Side,
    there: &Side,
    finals: &HashMap<&EventId, (&Claimant, u32)>,
) -> Vec<Event> {
    let local_ids: HashSet<&EventId> = local.tickets.iter().map(|e| &e.id).collect();
    let incoming_ids: HashSet<&EventId> = incoming
        .tickets
        .iter()
        .filter(|e| !refused.contains(&e.ticket))
        .map(|e| &e.id)
        .collect();
    let local_steps = reference_steps(local.tickets);
    let incoming_steps = reference_steps(incoming.tickets);
    let referring = local.tickets.iter().map(|e| (e, here, &local_steps)).chain(
        incoming
            .tickets
            .iter()
            .filter(|e| !refused.contains(&e.ticket) && !local_ids.contains(&e.id))
            .map(|e| (e, there, &incoming_steps)),
    );
    let mut written: HashSet<EventId> = HashSet::new();
    let mut out = Vec::new();
    for (event, side, steps) in referring {
        for reference in references(&event.kind) {
            let Some((claimant, moves)) = side
                .meant(event, reference, steps)
                .and_then(|created| finals.get(created))
            else {
                continue;
            };
            // Where the reference is along the article's claims, and how far it has to go.
            let Some(at) = (0..=*moves).find(|k| {
                claimant
                    .claimed
                    .after(*k)
                    .is_some_and(|id| id.0 == reference)
            }) else {
                continue;
            };
            for step in 1..=(moves - at) {
                let Some(step) = reference_renumbering_step(event, reference, step) else {
                    break;
                };
                if !local_ids.contains(&step.id)
                    && !incoming_ids.contains(&step.id)
                    && written.insert(step.id.clone())
                {
                    out.push(step);
                }
            }
        }
    }
    out.sort_by(|a, b| (&a.ticket, a.seq, &a.id).cmp(&(&b.ticket, b.seq, &b.id)));
    out
}

/// How many moves each article makes: the ticket numbers' rule ([`merge::settle`]) over the ids
/// after the one it claimed. One whose ids run out (only forged ids get there) stays at the last
/// id it could claim, or where it was.
fn settle(claimants: &[Claimant]) -> Vec<u32> {
    let mut moves = merge::settle(claimants, |claimed, moved| claimed.after(moved));
    for (moves, claimant) in moves.iter_mut().zip(claimants) {
        if claimant.claimed.after(*moves).is_none() {
            *moves = moves.saturating_sub(1).max(claimant.moved);
        }
    }
    moves
}

#[cfg(test)]
pub(crate) mod tests;
