//! Two devices' events made one (R1.5 across devices): the union by id, plus the renumberings
//! that keep ticket numbers unique.
//!
//! # The union
//! Event ids are globally unique, so an id seen on both sides is one event: it is kept once. The
//! same id with different content is a conflict ([`ImportConflict`]): that ticket's incoming
//! events are refused, nothing else is. Concurrent events of one ticket simply both stay; the
//! fold orders them by (seq, id).
//!
//! # Renumbering: one rule, whatever the order of the merges
//! Two devices offline each number their tickets with `TicketNo::next`, so two different tickets
//! can share a number. The numbers tickets end with are a function of the set of tickets alone,
//! each known by its id and its *creation number* (the one its `TicketCreated` gave it):
//!
//! 1. Every ticket claims its creation number first. Of the tickets claiming one number, the one
//!    whose `TicketId` sorts first keeps it.
//! 2. A ticket that did not get the number it claimed claims the next serial of the same day.
//! 3. Claims are settled in order of (how many times the ticket moved on, `TicketId`): a ticket
//!    still at its creation number beats any that moved, and fewer moves beat more.
//!
//! Each move is recorded as its own `Renumbered { from, to: from + 1 }` event ([`renumbering_step`]),
//! whose id, seq, actor and time follow from the ticket's creation event and the step's index, so
//! two devices that decide the same move make byte-identical events and the union stays
//! duplicate-free.
//!
//! Why this converges: a ticket's claims follow a fixed sequence (creation number, +1, +2, …), and
//! adding tickets only ever adds claims, so every ticket moves at least as far in a bigger set as
//! in a smaller one (by induction over the settling order: a number taken in the smaller set is
//! taken in the bigger one by the same ticket or by one that beat it). The moves recorded by any
//! earlier merge are therefore a prefix of the moves the union needs. So merging is a join: the
//! result depends only on the union of the events, whatever the order or grouping of the merges,
//! and merging again adds nothing. Moves already recorded count (a ticket never claims below its
//! last recorded move), which keeps the result free of duplicate numbers even for events made by
//! an earlier merge that saw more tickets.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet};
use std::hash::Hash;

use crate::article::ArticleId;
use crate::event::{in_fold_order, Event, EventId, EventKind, TicketId};
use crate::model::Person;
use crate::numbering::TicketNo;

/// A ticket whose number changes with this merge, as the person importing will see it: `from`
/// is its number on this device (or in the file, for a ticket new here), `to` the number after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Renumbering {
    pub ticket: TicketId,
    pub from: TicketNo,
    pub to: TicketNo,
}

/// An incoming event that contradicts this device's events: its ticket's (or article's) incoming
/// events are not imported. Event ids are unique, so this only comes from a file changed by hand
/// or damaged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportConflict {
    #[error("event {} of ticket {} is on this device with different content; the file's version was not imported", event.0, ticket.0)]
    ChangedEvent { ticket: TicketId, event: EventId },
    #[error("ticket {} was created on this device by another event than the file's {}; the file's version was not imported", ticket.0, event.0)]
    OtherCreation { ticket: TicketId, event: EventId },
    #[error("event {} of article {article} is on this device with different content; the file's version of the article was not imported", event.0)]
    ChangedArticleEvent { article: ArticleId, event: EventId },
}

/// What merging incoming events into this device's adds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Merge {
    /// Incoming events this device does not have, in incoming order, without those of tickets in
    /// conflict.
    pub new_events: Vec<Event>,
    /// The `Renumbered` steps the union needs and has not got yet, by ticket and step.
    pub renumber_events: Vec<Event>,
    pub conflicts: Vec<ImportConflict>,
    /// Every ticket whose number changes, by ticket id.
    pub renumberings: Vec<Renumbering>,
    /// Every ticket's number once `new_events` and `renumber_events` are added.
    pub numbers: HashMap<TicketId, TicketNo>,
}

impl Merge {
    /// Everything to add, in the order to add it.
    pub fn events(&self) -> impl Iterator<Item = &Event> {
        self.new_events.iter().chain(&self.renumber_events)
    }
}

/// The person renumbering events are made by: no one did it by hand, and both devices must
/// make the same event.
pub fn merge_actor() -> Person {
    Person {
        name: "Fielddesk".into(),
        employee_id: "fielddesk-merge".into(),
    }
}

/// R1.5: the `step`-th move (from 1) of the ticket that `creation` created: from its creation
/// number + `step` − 1 to + `step`, at seq `creation.seq + step` so the fold applies the moves in
/// order, dated at the creation (the number it replaces was taken from the start) and made by
/// [`merge_actor`]. `None` when `creation` is not a `TicketCreated` or the numbers overflow.
pub fn renumbering_step(creation: &Event, step: u32) -> Option<Event> {
    let EventKind::TicketCreated { number, .. } = &creation.kind else {
        return None;
    };
    let serial = number.serial().checked_add(step)?;
    let from = TicketNo::new(number.date(), serial - 1).ok()?;
    let to = TicketNo::new(number.date(), serial).ok()?;
    Some(Event {
        id: EventId(format!("{}/renumbered/{from}-{to}", creation.ticket.0)),
        ticket: creation.ticket.clone(),
        seq: creation.seq.checked_add(u64::from(step))?,
        actor: merge_actor(),
        at: creation.at,
        kind: EventKind::Renumbered { from, to },
    })
}

/// Which step of its ticket's renumbering `event` is, if it is exactly the one
/// [`renumbering_step`] makes.
pub(crate) fn step_index(event: &Event, creation: &Event) -> Option<u32> {
    if !matches!(event.kind, EventKind::Renumbered { .. }) {
        return None;
    }
    let step = step_at(event.seq, creation.seq)?;
    (renumbering_step(creation, step).as_ref() == Some(event)).then_some(step)
}

/// Which step (from 1) of the moves a merge derives from an event at seq `origin` an event at
/// `seq` would be: every stream's moves (ticket numbers, article ids, references) are numbered
/// so, the k-th at the origin's seq + k. Whether it is that step is the step function's to say.
pub(crate) fn step_at(seq: u64, origin: u64) -> Option<u32> {
    u32::try_from(seq.checked_sub(origin)?)
        .ok()
        .filter(|step| *step > 0)
}

/// The first `TicketCreated` of a ticket's events, in fold order.
pub(crate) fn creation_of<'a>(events: impl IntoIterator<Item = &'a Event>) -> Option<&'a Event> {
    events
        .into_iter()
        .filter(|e| matches!(e.kind, EventKind::TicketCreated { .. }))
        .min_by(|a, b| a.order_key().cmp(&b.order_key()))
}

/// The number `Ticket::fold` gives, without folding the rest: the creation number, moved by each
/// later `Renumbered` whose `from` is the number at that point.
pub(crate) fn number_of<'a>(events: impl IntoIterator<Item = &'a Event>) -> Option<TicketNo> {
    let ordered = in_fold_order(events, Event::order_key);
    let created = ordered
        .iter()
        .position(|e| matches!(e.kind, EventKind::TicketCreated { .. }))?;
    let EventKind::TicketCreated { number, .. } = &ordered[created].kind else {
        return None;
    };
    let mut number = *number;
    for event in &ordered[created + 1..] {
        if let EventKind::Renumbered { from, to } = &event.kind {
            if *from == number {
                number = *to;
            }
        }
    }
    Some(number)
}

#[derive(Default)]
struct Sides<'a> {
    local: Vec<&'a Event>,
    new: Vec<&'a Event>,
}

/// A ticket or an article competing for its number or id (see [`settle`]).
pub(crate) struct Claimant<'a, K, E, C> {
    /// What settles ties: a ticket's id, an article's creation event id.
    pub key: &'a K,
    pub creation: &'a E,
    /// What it was created with: a ticket's number, an article's id.
    pub claimed: C,
    /// Moves already recorded on either side; it claims from here.
    pub moved: u32,
}

/// A ticket's claimant: its ticket id, creation and creation number.
type TicketClaimant<'a> = Claimant<'a, TicketId, Event, TicketNo>;

/// Merges `incoming` into `local`: what to add so this device holds the union of both and every
/// ticket a number of its own (see the module docs for the rule).
pub fn merge(local: &[Event], incoming: &[Event]) -> Merge {
    let local_by_id: HashMap<&EventId, &Event> = local.iter().map(|e| (&e.id, e)).collect();
    let mut tickets: HashMap<&TicketId, Sides> = HashMap::new();
    for event in local {
        tickets.entry(&event.ticket).or_default().local.push(event);
    }
    let local_creations: HashMap<&TicketId, &Event> = tickets
        .iter()
        .filter_map(|(id, sides)| Some((*id, creation_of(sides.local.iter().copied())?)))
        .collect();

    let mut conflicts = Vec::new();
    let mut refused: HashSet<&TicketId> = HashSet::new();
    let mut seen: HashMap<&EventId, &Event> = HashMap::new();
    let mut fresh: Vec<&Event> = Vec::new();
    for event in incoming {
        match local_by_id.get(&event.id).or_else(|| seen.get(&event.id)) {
            Some(known) if *known == event => {}
            Some(_) => {
                conflicts.push(ImportConflict::ChangedEvent {
                    ticket: event.ticket.clone(),
                    event: event.id.clone(),
                });
                refused.insert(&event.ticket);
            }
            None => {
                seen.insert(&event.id, event);
                fresh.push(event);
            }
        }
    }
    for event in &fresh {
        let other_creation = matches!(event.kind, EventKind::TicketCreated { .. })
            && local_creations
                .get(&event.ticket)
                .is_some_and(|creation| creation.id != event.id);
        if other_creation {
            conflicts.push(ImportConflict::OtherCreation {
                ticket: event.ticket.clone(),
                event: event.id.clone(),
            });
            refused.insert(&event.ticket);
        }
    }
    fresh.retain(|e| !refused.contains(&e.ticket));
    let accepted: HashSet<&EventId> = fresh.iter().map(|e| &e.id).collect();
    for event in &fresh {
        tickets.entry(&event.ticket).or_default().new.push(event);
    }

    let claimants: Vec<TicketClaimant> = tickets
        .iter()
        .filter_map(|(ticket, sides)| claimant(ticket, sides))
        .collect();
    // A ticket claims the serials of its creation day; days never compete.
    let moves = settle(&claimants, |number, moved| {
        Some((number.date(), number.serial().checked_add(moved)?))
    });

    let mut renumber_events = Vec::new();
    let mut renumberings = Vec::new();
    let mut numbers = HashMap::with_capacity(claimants.len());
    for (claimant, moves) in claimants.iter().zip(moves) {
        let steps: Vec<Event> = (1..=moves)
            .map_while(|step| renumbering_step(claimant.creation, step))
            .collect();
        let number = steps
            .last()
            .map_or(claimant.claimed, |step| match step.kind {
                EventKind::Renumbered { to, .. } => to,
                _ => claimant.claimed,
            });
        let sides = &tickets[claimant.key];
        let renumbered_before = sides
            .local
            .iter()
            .chain(&sides.new)
            .any(|e| matches!(e.kind, EventKind::Renumbered { .. }));
        if moves > 0 || renumbered_before {
            let seen_here = if sides.local.is_empty() {
                &sides.new
            } else {
                &sides.local
            };
            if let Some(before) = number_of(seen_here.iter().copied()) {
                if before != number {
                    renumberings.push(Renumbering {
                        ticket: claimant.key.clone(),
                        from: before,
                        to: number,
                    });
                }
            }
        }
        renumber_events.extend(
            steps
                .into_iter()
                .filter(|s| !local_by_id.contains_key(&s.id) && !accepted.contains(&s.id)),
        );
        numbers.insert(claimant.key.clone(), number);
    }
    renumber_events.sort_by(|a, b| (&a.ticket, a.seq).cmp(&(&b.ticket, b.seq)));
    renumberings.sort_by(|a, b| a.ticket.cmp(&b.ticket));
    Merge {
        new_events: fresh.into_iter().cloned().collect(),
        renumber_events,
        conflicts,
        renumberings,
        numbers,
    }
}

fn claimant<'a>(ticket: &'a TicketId, sides: &Sides<'a>) -> Option<TicketClaimant<'a>> {
    let events = || sides.local.iter().chain(&sides.new).copied();
    let creation = creation_of(events())?;
    let EventKind::TicketCreated { number, .. } = &creation.kind else {
        return None;
    };
    let moved = events()
        .filter_map(|e| step_index(e, creation))
        .max()
        .unwrap_or(0);
    Some(Claimant {
        key: ticket,
        creation,
        claimed: *number,
        moved,
    })
}

/// How many moves each claimant makes, for tickets and articles alike (the rule in the module
/// docs): claims are settled in order of (moves so far, `key`), each claiming `slot(claimed,
/// moves so far)`; one that finds its slot taken claims the next. A claimant with no next slot
/// (`None`: only forged numbers or ids get there) stays where it is.
pub(crate) fn settle<K: Ord, E, C, S: Eq + Hash>(
    claimants: &[Claimant<K, E, C>],
    slot: impl Fn(&C, u32) -> Option<S>,
) -> Vec<u32> {
    let mut moves: Vec<u32> = claimants.iter().map(|c| c.moved).collect();
    let mut taken: HashSet<S> = HashSet::with_capacity(claimants.len());
    let mut claims: BinaryHeap<Reverse<(u32, &K, usize)>> = claimants
        .iter()
        .enumerate()
        .map(|(i, c)| Reverse((c.moved, c.key, i)))
        .collect();
    while let Some(Reverse((moved, key, index))) = claims.pop() {
        let claim = slot(&claimants[index].claimed, moved).zip(moved.checked_add(1));
        let Some((wanted, next)) = claim else {
            moves[index] = moved;
            continue;
        };
        if taken.insert(wanted) {
            moves[index] = moved;
        } else {
            claims.push(Reverse((next, key, index)));
        }
    }
    moves
}

pub mod articles;
#[cfg(test)]
pub(crate) mod tests;
