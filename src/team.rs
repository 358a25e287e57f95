//! The team's settings: the fold of the team settings events the store holds (`SettingsLog`,
//! the last writer by time and id wins, every version kept), plus who is using this browser,
//! which is a preference of the browser and never travels.
//!
//! There is no login in a single-browser app: "who am I" is a choice, and the UI says so. A new
//! team starts from the core's sample team, with its first-line handler chosen, so that every
//! role can be tried at once. Settings saved by a Fielddesk older than settings events (one
//! value per key in the `settings` store) become events once, when this version first opens.

use fielddesk_core::prevention::PreventionChecklist;
use fielddesk_core::recurrence::RecurrenceThreshold;
use fielddesk_core::replication::SyncPolicy;
use fielddesk_core::retrospective::Retrospective;
use fielddesk_core::sla::{PolicyBook, SlaPolicy};
use fielddesk_core::{
    CategoryStandard, InForce, Member, Setting, SettingKey, SettingsLog, WorkflowPolicy,
};
use serde::de::DeserializeOwned;

use crate::storage::{StorageError, Store};

pub const ME: &str = "me";
/// Every policy a ticket was opened under, as versions before settings events kept them.
pub const POLICY_BOOK: &str = "policy_book";

/// The key a Fielddesk older than settings events saved each team setting under.
fn legacy_key(key: SettingKey) -> Option<&'static str> {
    Some(match key {
        SettingKey::Team => "team",
        SettingKey::Standard => "standard",
        SettingKey::Channels => "channels",
        SettingKey::Policy => "policy",
        SettingKey::Workflow => "workflow",
        SettingKey::Prevention => "prevention",
        SettingKey::Recurrence => "recurrence",
        SettingKey::Retrospectives => "retrospectives",
        SettingKey::Sync => return None,
    })
}

/// Everything the team edits in Settings and Review, as folded from its events.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamSettings {
    /// Every settings event held, the history the values below are folded from.
    pub log: SettingsLog,
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
    pub prevention: PreventionChecklist,
    pub recurrence: RecurrenceThreshold,
    pub retrospectives: Vec<Retrospective>,
    /// What travels through the team's server.
    pub sync: SyncPolicy,
    /// The policies older versions kept, which the log may not hold.
    legacy_book: PolicyBook,
}

impl Default for TeamSettings {
    fn default() -> Self {
        TeamSettings::folded(
            SettingsLog::default(),
            "TS100".into(),
            PolicyBook::default(),
        )
    }
}

impl TeamSettings {
    /// The settings in force (the core's fold, `SettingsLog::in_force`), and the book of every
    /// policy a ticket may be pinned to.
    fn folded(log: SettingsLog, me: String, legacy_book: PolicyBook) -> TeamSettings {
        let InForce {
            team,
            standard,
            channels,
            policy,
            workflow,
            prevention,
            recurrence,
            retrospectives,
            sync,
        } = log.in_force();
        let book = log.policy_book(&legacy_book);
        TeamSettings {
            log,
            team,
            me,
            standard,
            channels,
            policy,
            book,
            workflow,
            prevention,
            recurrence,
            retrospectives,
            sync,
            legacy_book,
        }
    }

    /// These settings with `events` folded in (saved here, in another tab, or imported).
    pub fn with_events(
        &self,
        events: impl IntoIterator<Item = fielddesk_core::SettingChanged>,
    ) -> TeamSettings {
        let mut log = self.log.clone();
        log.add(events);
        TeamSettings::folded(log, self.me.clone(), self.legacy_book.clone())
    }

    /// `change` is what is in force already: saving it again would only add a version that
    /// changes nothing.
    pub fn holds(&self, change: &Setting) -> bool {
        self.log.in_force().holds(change)
    }

    /// Who acts from this browser: the member chosen in "who am I", if still on the team.
    pub fn me(&self) -> Option<&Member> {
        fielddesk_core::team::member(&self.team, &self.me)
    }

    /// The settings the store holds, and the values an older version saved that are not
    /// events yet (to be written as events by the caller, once).
    pub async fn load(store: &Store) -> Result<(TeamSettings, Vec<Setting>), StorageError> {
        let log = SettingsLog::new(store.setting_events().await?);
        let me = store.setting(ME).await?.unwrap_or_else(|| "TS100".into());
        let legacy_book = store.setting(POLICY_BOOK).await?.unwrap_or_default();
        let mut legacy = Vec::new();
        if log.events().is_empty() {
            for key in SettingKey::ALL {
                if let Some(setting) = legacy_setting(store, key).await? {
                    legacy.push(setting);
                }
            }
        }
        Ok((TeamSettings::folded(log, me, legacy_book), legacy))
    }
}

/// The value an older version saved under `key`'s name, if any.
async fn legacy_setting(store: &Store, key: SettingKey) -> Result<Option<Setting>, StorageError> {
    async fn read<T: DeserializeOwned>(
        store: &Store,
        key: SettingKey,
    ) -> Result<Option<T>, StorageError> {
        match legacy_key(key) {
            Some(name) => store.setting(name).await,
            None => Ok(None),
        }
    }
    Ok(match key {
        SettingKey::Team => read(store, key).await?.map(Setting::Team),
        SettingKey::Standard => read(store, key).await?.map(Setting::Standard),
        SettingKey::Channels => read(store, key).await?.map(Setting::Channels),
        SettingKey::Policy => read(store, key).await?.map(Setting::Policy),
        SettingKey::Workflow => read(store, key).await?.map(Setting::Workflow),
        SettingKey::Prevention => read(store, key).await?.map(Setting::Prevention),
        SettingKey::Recurrence => read(store, key).await?.map(Setting::Recurrence),
        SettingKey::Retrospectives => read(store, key).await?.map(Setting::Retrospectives),
        SettingKey::Sync => None,
    })
}
