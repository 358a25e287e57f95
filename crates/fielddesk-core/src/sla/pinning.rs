//! R7, policy pinning: each ticket keeps the SLA policy it was opened under, so editing the
//! team's policy never rewrites history.
//!
//! A policy is named by a hash of its content. Any device that holds the same policy gives it the
//! same id, so merging two devices' books needs no coordination: it is a union of maps.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::sla::SlaPolicy;
use crate::ticket::Ticket;

/// The content hash of an [`SlaPolicy`], e.g. `sla-3f2a9c…`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PolicyId(pub String);

impl SlaPolicy {
    /// The policy's content id: equal policies have equal ids, on any device.
    pub fn id(&self) -> PolicyId {
        // The JSON of plain data with fixed field order is canonical enough to hash; FNV-1a is
        // stable across platforms and releases, unlike std's hasher.
        let json = serde_json::to_vec(self).expect("an SlaPolicy always serialises");
        let hash = json.iter().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
            (hash ^ u64::from(*byte)).wrapping_mul(0x0000_0100_0000_01b3)
        });
        PolicyId(format!("sla-{hash:016x}"))
    }
}

/// Every policy a ticket was ever opened under, by id. Policies are added, never changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PolicyBook {
    policies: BTreeMap<PolicyId, SlaPolicy>,
}

impl PolicyBook {
    /// Keeps `policy` and returns the id to pin new tickets to.
    pub fn add(&mut self, policy: SlaPolicy) -> PolicyId {
        let id = policy.id();
        self.policies.entry(id.clone()).or_insert(policy);
        id
    }

    pub fn get(&self, id: &PolicyId) -> Option<&SlaPolicy> {
        self.policies.get(id)
    }

    /// The policy `ticket` was opened under. A ticket opened before pinning, or whose policy this
    /// book lacks (an import without it), is read under the default policy.
    pub fn for_ticket<'a>(&'a self, ticket: &Ticket, default: &'a SlaPolicy) -> &'a SlaPolicy {
        ticket
            .sla_policy
            .as_ref()
            .and_then(|id| self.policies.get(id))
            .unwrap_or(default)
    }

    /// Adds every policy of `other` (the union: ids name content, so nothing conflicts).
    pub fn merge(&mut self, other: &PolicyBook) {
        for (id, policy) in &other.policies {
            self.policies
                .entry(id.clone())
                .or_insert_with(|| policy.clone());
        }
    }

    pub fn len(&self) -> usize {
        self.policies.len()
    }

    pub fn is_empty(&self) -> bool {
        self.policies.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sla::SlaTarget;

    #[test]
    fn equal_policies_have_equal_ids_and_an_edit_changes_the_id() {
        let policy = SlaPolicy::default();
        assert_eq!(policy.id(), SlaPolicy::default().id());
        let edited = SlaPolicy {
            first_response: SlaTarget::Minutes(15),
            ..SlaPolicy::default()
        };
        assert_ne!(edited.id(), policy.id());
        assert!(policy.id().0.starts_with("sla-"));
    }

    #[test]
    fn the_id_survives_a_json_round_trip_of_the_policy() {
        let policy = SlaPolicy::default();
        let back: SlaPolicy =
            serde_json::from_str(&serde_json::to_string(&policy).unwrap()).unwrap();
        assert_eq!(back.id(), policy.id());
    }

    #[test]
    fn a_book_keeps_old_policies_when_the_team_edits_its_policy() {
        let mut book = PolicyBook::default();
        let old = book.add(SlaPolicy::default());
        let edited = SlaPolicy {
            first_response: SlaTarget::Minutes(30),
            ..SlaPolicy::default()
        };
        let new = book.add(edited.clone());
        assert_eq!(book.get(&old), Some(&SlaPolicy::default()));
        assert_eq!(book.get(&new), Some(&edited));
        assert_eq!(book.len(), 2);
    }

    #[test]
    fn merging_books_is_a_union() {
        let mut a = PolicyBook::default();
        a.add(SlaPolicy::default());
        let mut b = PolicyBook::default();
        let edited = SlaPolicy {
            first_response: SlaTarget::Minutes(30),
            ..SlaPolicy::default()
        };
        b.add(edited);
        let mut ab = a.clone();
        ab.merge(&b);
        let mut ba = b.clone();
        ba.merge(&a);
        assert_eq!(ab, ba);
        assert_eq!(ab.len(), 2);
    }
}
