//! The team's settings, kept in IndexedDB (`Store::put_setting`): members and their roles, who is
//! using this browser, the category standard, the channels and the SLA policies.
//!
//! There is no login in a single-browser app: "who am I" is a choice, and the UI says so. A new
//! team starts from the core's sample team, with its first-line handler chosen, so that every
//! role can be tried at once.

use fielddesk_core::sla::{PolicyBook, SlaPolicy};
use fielddesk_core::{default_channels, sample_team, CategoryStandard, Member, WorkflowPolicy};

use crate::storage::{StorageError, Store};

pub const TEAM: &str = "team";
pub const ME: &str = "me";
pub const STANDARD: &str = "standard";
pub const CHANNELS: &str = "channels";
pub const POLICY: &str = "policy";
pub const POLICY_BOOK: &str = "policy_book";
pub const WORKFLOW: &str = "workflow";

/// Everything the team edits in Settings, as read at start-up.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamSettings {
    pub team: Vec<Member>,
    pub me: String,
    pub standard: CategoryStandard,
    pub channels: Vec<String>,
    /// The policy new tickets are pinned to (R7).
    pub policy: SlaPolicy,
    /// Every policy a ticket was opened under.
    pub book: PolicyBook,
    /// The team's process choices (R4.2: a signature to resolve on site).
    pub workflow: WorkflowPolicy,
}

impl Default for TeamSettings {
    fn default() -> Self {
        let policy = SlaPolicy::default();
        let mut book = PolicyBook::default();
        book.add(policy.clone());
        TeamSettings {
            team: sample_team(),
            me: "TS100".into(),
            standard: CategoryStandard::default(),
            channels: default_channels(),
            policy,
            book,
            workflow: WorkflowPolicy::default(),
        }
    }
}

impl TeamSettings {
    /// Who acts from this browser: the member chosen in "who am I", if still on the team.
    pub fn me(&self) -> Option<&Member> {
        fielddesk_core::team::member(&self.team, &self.me)
    }

    pub async fn load(store: &Store) -> Result<TeamSettings, StorageError> {
        let defaults = TeamSettings::default();
        let mut book: PolicyBook = store.setting(POLICY_BOOK).await?.unwrap_or_default();
        let policy: SlaPolicy = store.setting(POLICY).await?.unwrap_or(defaults.policy);
        book.add(policy.clone());
        Ok(TeamSettings {
            team: store
                .setting(TEAM)
                .await?
                .filter(|team: &Vec<Member>| !team.is_empty())
                .unwrap_or(defaults.team),
            me: store.setting(ME).await?.unwrap_or(defaults.me),
            standard: store.setting(STANDARD).await?.unwrap_or(defaults.standard),
            channels: store
                .setting(CHANNELS)
                .await?
                .filter(|channels: &Vec<String>| !channels.is_empty())
                .unwrap_or(defaults.channels),
            policy,
            book,
            workflow: store.setting(WORKFLOW).await?.unwrap_or_default(),
        })
    }
}
