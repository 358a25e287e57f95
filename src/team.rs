//! The team's settings, kept in IndexedDB (`Store::put_setting`): members and their roles, who is
//! using this browser, the category standard, the channels and the SLA policies.
//!
//! There is no login in a single-browser app: "who am I" is a choice, and the UI says so. A new
//! team starts from a small sample team so that every role can be tried at once.

use fielddesk_core::sla::{PolicyBook, SlaPolicy};
use fielddesk_core::{default_channels, CategoryStandard, Person, Role, Supporter};
use serde::{Deserialize, Serialize};

use crate::storage::{StorageError, Store};

pub const TEAM: &str = "team";
pub const ME: &str = "me";
pub const STANDARD: &str = "standard";
pub const CHANNELS: &str = "channels";
pub const POLICY: &str = "policy";
pub const POLICY_BOOK: &str = "policy_book";

/// Someone on the team, the role they act in, and their speciality as second line names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub name: String,
    pub employee_id: String,
    pub role: Role,
    /// e.g. 开发工程师, 系统运维; shown as the supporter's role when they join a ticket (R6).
    #[serde(default)]
    pub speciality: String,
}

impl Member {
    pub fn person(&self) -> Person {
        Person {
            name: self.name.clone(),
            employee_id: self.employee_id.clone(),
        }
    }

    pub fn supporter(&self) -> Supporter {
        Supporter {
            person: self.person(),
            role: self.speciality.clone(),
        }
    }
}

/// One member per role, plus the template's requester 张三 (PROCESS.md R6), who may give his own
/// feedback.
pub fn sample_team() -> Vec<Member> {
    let member = |name: &str, id: &str, role, speciality: &str| Member {
        name: name.into(),
        employee_id: id.into(),
        role,
        speciality: speciality.into(),
    };
    vec![
        member("李四", "TS100", Role::FirstLine, "一线支持"),
        member("王五", "TS200", Role::SecondLine, "开发工程师"),
        member("孙七", "TS201", Role::SecondLine, "系统运维"),
        member("赵六", "TS300", Role::Supervisor, "技术支持主管"),
        member("钱八", "TS400", Role::Manager, "技术支持经理"),
        member("张三", "TS001", Role::Requester, "研发部"),
    ]
}

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
        }
    }
}

impl TeamSettings {
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
        })
    }
}

/// The team's time zone, which months and dates are counted in: the zone of its business
/// calendar (P2's, the default priority), else China Standard Time.
pub fn zone(settings: &TeamSettings) -> chrono_tz::Tz {
    use fielddesk_core::calendar::Calendar;
    [
        &settings.policy.calendars.p2,
        &settings.policy.calendars.p3,
        &settings.policy.calendars.p4,
        &settings.policy.calendars.p1,
    ]
    .into_iter()
    .find_map(|c| match c {
        Calendar::Business(b) => Some(b.zone()),
        Calendar::AllHours => None,
    })
    .unwrap_or(chrono_tz::Asia::Shanghai)
}
