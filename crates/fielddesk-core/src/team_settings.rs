//! The team's settings as shared data with history (#14): every save is a [`SettingChanged`]
//! event — who, when, and the whole new value of one setting — and the settings in force are
//! a fold over them ([`SettingsLog`]) in which the last writer by (`at`, `id`) wins. Every
//! device that holds the same events gets the same settings, whatever order they arrived in,
//! and every earlier version stays in the history, to be read.
//!
//! Per-browser preferences (language, who am I, notifications, a sheet's column choices) are
//! not team settings and never become events.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::event::EventId;
use crate::feedback::WorkflowPolicy;
use crate::model::default_channels;
use crate::model::Person;
use crate::prevention::PreventionChecklist;
use crate::recurrence::RecurrenceThreshold;
use crate::replication::Revision;
use crate::retrospective::Retrospective;
use crate::sla::{PolicyBook, SlaPolicy};
use crate::standard::CategoryStandard;
use crate::team::{sample_team, Member};

/// One team setting's whole value, written as `{ "<setting>": <value> }`: serde's plain
/// representation, whose code is a fraction of a tagged one's (the release wasm was 200 KB
/// larger with `{ "setting", "value" }`).
// A team has tens of settings events, not millions: boxing the policy would only add noise.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Setting {
    /// Members and their roles.
    Team(Vec<Member>),
    /// R2.1: the category standard.
    Standard(CategoryStandard),
    /// R1.1: the channels a problem arrives through.
    Channels(Vec<String>),
    /// R7: the policy new tickets are pinned to (hours, holidays, 调休 days, targets).
    Policy(SlaPolicy),
    /// R4.2: the process choices.
    Workflow(WorkflowPolicy),
    /// R5.2: the prevention checklist.
    Prevention(PreventionChecklist),
    /// R5.2: when a problem counts as recurring.
    Recurrence(RecurrenceThreshold),
    /// R5.2: the retrospective records.
    Retrospectives(Vec<Retrospective>),
}

/// Which setting an event changes: the unit the last writer wins over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SettingKey {
    Team,
    Standard,
    Channels,
    Policy,
    Workflow,
    Prevention,
    Recurrence,
    Retrospectives,
}

impl SettingKey {
    pub const ALL: [SettingKey; 8] = [
        SettingKey::Team,
        SettingKey::Standard,
        SettingKey::Channels,
        SettingKey::Policy,
        SettingKey::Workflow,
        SettingKey::Prevention,
        SettingKey::Recurrence,
        SettingKey::Retrospectives,
    ];
}

impl Setting {
    pub fn key(&self) -> SettingKey {
        match self {
            Setting::Team(_) => SettingKey::Team,
            Setting::Standard(_) => SettingKey::Standard,
            Setting::Channels(_) => SettingKey::Channels,
            Setting::Policy(_) => SettingKey::Policy,
            Setting::Workflow(_) => SettingKey::Workflow,
            Setting::Prevention(_) => SettingKey::Prevention,
            Setting::Recurrence(_) => SettingKey::Recurrence,
            Setting::Retrospectives(_) => SettingKey::Retrospectives,
        }
    }
}

/// A value no settings page saves and no file may bring.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettingProblem {
    /// A team of nobody: nobody could act.
    EmptyTeam,
    /// R1.1: no channel a problem could arrive through.
    NoChannels,
}

impl Setting {
    /// Why this value cannot be saved, if it cannot.
    pub fn problem(&self) -> Option<SettingProblem> {
        match self {
            Setting::Team(members) if members.is_empty() => Some(SettingProblem::EmptyTeam),
            Setting::Channels(channels) if channels.iter().all(|c| c.trim().is_empty()) => {
                Some(SettingProblem::NoChannels)
            }
            _ => None,
        }
    }
}

/// A team setting saved: by whom, when, and its new value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SettingChanged {
    pub id: EventId,
    pub actor: Person,
    pub at: DateTime<Utc>,
    pub change: Setting,
}

/// Team sync carries each settings event as its own document (`s:<id>`).
impl crate::replication::SettingsEvent for SettingChanged {
    fn event_id(&self) -> &EventId {
        &self.id
    }
}

impl SettingChanged {
    /// A value a Fielddesk older than settings events saved, as the event it becomes. Its id
    /// comes from the value, so two tabs moving the same value in at once make one event.
    pub fn moved_in(change: Setting, actor: Person, at: DateTime<Utc>) -> SettingChanged {
        let value = serde_json::to_value(&change).expect("a setting is plain data");
        SettingChanged {
            id: EventId(format!("legacy-{}", Revision::of(&value).digest())),
            actor,
            at,
            change,
        }
    }

    /// The order every device folds in: time, then id.
    fn order_key(&self) -> (DateTime<Utc>, &str) {
        (self.at, self.id.0.as_str())
    }
}

/// The value of every team setting in force.
#[derive(Debug, Clone, PartialEq)]
pub struct InForce {
    pub team: Vec<Member>,
    pub standard: CategoryStandard,
    pub channels: Vec<String>,
    /// The policy new tickets are pinned to (R7).
    pub policy: SlaPolicy,
    pub workflow: WorkflowPolicy,
    pub prevention: PreventionChecklist,
    pub recurrence: RecurrenceThreshold,
    pub retrospectives: Vec<Retrospective>,
}

impl Default for InForce {
    fn default() -> Self {
        InForce {
            team: sample_team(),
            standard: CategoryStandard::default(),
            channels: default_channels(),
            policy: SlaPolicy::default(),
            workflow: WorkflowPolicy::default(),
            prevention: PreventionChecklist::default(),
            recurrence: RecurrenceThreshold::default(),
            retrospectives: Vec::new(),
        }
    }
}

impl InForce {
    /// `change` is in force already: saving it again would only add a version that changes
    /// nothing.
    pub fn holds(&self, change: &Setting) -> bool {
        match change {
            Setting::Team(team) => &self.team == team,
            Setting::Standard(standard) => &self.standard == standard,
            Setting::Channels(channels) => &self.channels == channels,
            Setting::Policy(policy) => &self.policy == policy,
            Setting::Workflow(workflow) => &self.workflow == workflow,
            Setting::Prevention(checklist) => &self.prevention == checklist,
            Setting::Recurrence(threshold) => &self.recurrence == threshold,
            Setting::Retrospectives(records) => &self.retrospectives == records,
        }
    }
}

/// Every settings event this device holds, once each, in fold order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SettingsLog {
    events: Vec<SettingChanged>,
}

impl SettingsLog {
    pub fn new(events: impl IntoIterator<Item = SettingChanged>) -> SettingsLog {
        let mut log = SettingsLog::default();
        log.add(events);
        log
    }

    /// Adds events not held yet (by id); returns how many were new.
    pub fn add(&mut self, events: impl IntoIterator<Item = SettingChanged>) -> usize {
        let mut held: HashSet<EventId> = self.events.iter().map(|e| e.id.clone()).collect();
        let before = self.events.len();
        self.events
            .extend(events.into_iter().filter(|e| held.insert(e.id.clone())));
        self.events
            .sort_by(|a, b| a.order_key().cmp(&b.order_key()));
        self.events.len() - before
    }

    /// The events, oldest first.
    pub fn events(&self) -> &[SettingChanged] {
        &self.events
    }

    /// The version of `key` in force: the last written.
    pub fn current(&self, key: SettingKey) -> Option<&SettingChanged> {
        self.events.iter().rev().find(|e| e.change.key() == key)
    }

    /// Every version of `key`, newest first.
    pub fn history(&self, key: SettingKey) -> impl Iterator<Item = &SettingChanged> {
        self.events
            .iter()
            .rev()
            .filter(move |e| e.change.key() == key)
    }

    /// When a save made at `now` is recorded: after every version this device holds, so what a
    /// person saves is in force here even when this clock is behind another device's, or two
    /// saves fall in the same millisecond (the id alone would order them at random).
    pub fn next_at(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        self.events.last().map_or(now, |last| {
            now.max(last.at + chrono::Duration::milliseconds(1))
        })
    }

    /// The settings in force: each setting's last version, or its default while nobody has
    /// saved it (a new team starts from the sample team and the default channels).
    pub fn in_force(&self) -> InForce {
        let mut settings = InForce::default();
        for key in SettingKey::ALL {
            let Some(event) = self.current(key) else {
                continue;
            };
            // A value no settings page saves (`Setting::problem`) never leaves a team without
            // members or channels.
            if event.change.problem().is_some() {
                continue;
            }
            match event.change.clone() {
                Setting::Team(team) => settings.team = team,
                Setting::Standard(standard) => settings.standard = standard,
                Setting::Channels(channels) => settings.channels = channels,
                Setting::Policy(policy) => settings.policy = policy,
                Setting::Workflow(workflow) => settings.workflow = workflow,
                Setting::Prevention(checklist) => settings.prevention = checklist,
                Setting::Recurrence(threshold) => settings.recurrence = threshold,
                Setting::Retrospectives(records) => settings.retrospectives = records,
            }
        }
        settings
    }

    /// The book of policies tickets may be pinned to: `earlier` (what a device kept before
    /// settings events), every policy in the history, and the one in force.
    pub fn policy_book(&self, earlier: &PolicyBook) -> PolicyBook {
        let mut book = earlier.clone();
        for policy in self.policies() {
            book.add(policy.clone());
        }
        book.add(self.in_force().policy);
        book
    }

    /// Every SLA policy the team has had: tickets stay pinned to the one they opened under.
    pub fn policies(&self) -> impl Iterator<Item = &SlaPolicy> {
        self.events.iter().filter_map(|e| match &e.change {
            Setting::Policy(policy) => Some(policy),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, 2, minute, 0).unwrap()
    }

    fn changed(id: &str, minute: u32, channels: &[&str]) -> SettingChanged {
        SettingChanged {
            id: EventId(id.into()),
            actor: Person {
                name: "李四".into(),
                employee_id: "TS100".into(),
            },
            at: at(minute),
            change: Setting::Channels(channels.iter().map(|c| c.to_string()).collect()),
        }
    }

    fn channels(log: &SettingsLog) -> Vec<String> {
        match log.current(SettingKey::Channels).map(|e| &e.change) {
            Some(Setting::Channels(list)) => list.clone(),
            _ => Vec::new(),
        }
    }

    #[test]
    fn the_last_writer_by_time_then_id_wins_in_any_order_and_every_version_stays() {
        let a = changed("a", 1, &["电话"]);
        let b = changed("b", 5, &["电话", "邮件"]);
        let c = changed("c", 5, &["现场"]);
        let one = SettingsLog::new([a.clone(), b.clone(), c.clone()]);
        let other = SettingsLog::new([c.clone(), a.clone(), b.clone()]);
        assert_eq!(one, other);
        // Same minute: the greater id wins, on every device.
        assert_eq!(channels(&one), ["现场"]);
        let history: Vec<&str> = one
            .history(SettingKey::Channels)
            .map(|e| e.id.0.as_str())
            .collect();
        assert_eq!(history, ["c", "b", "a"]);
    }

    #[test]
    fn a_save_is_recorded_after_every_version_held_even_with_a_clock_behind() {
        let log = SettingsLog::new([changed("z", 5, &["电话"])]);
        let next = log.next_at(at(1));
        assert!(next > at(5));
        let mut log = log;
        log.add([SettingChanged {
            at: next,
            ..changed("a", 0, &["现场"])
        }]);
        assert_eq!(channels(&log), ["现场"]);
        assert_eq!(log.next_at(at(9)), at(9));
    }

    #[test]
    fn the_same_old_value_moved_in_twice_is_one_event() {
        let person = || Person {
            name: "李四".into(),
            employee_id: "TS100".into(),
        };
        let value = || Setting::Channels(vec!["电话".into()]);
        let one = SettingChanged::moved_in(value(), person(), at(1));
        let two = SettingChanged::moved_in(value(), person(), at(2));
        assert_eq!(one.id, two.id);
        let other =
            SettingChanged::moved_in(Setting::Channels(vec!["现场".into()]), person(), at(1));
        assert_ne!(one.id, other.id);
        assert_eq!(SettingsLog::new([one, two]).events().len(), 1);
    }

    #[test]
    fn a_setting_nobody_saved_is_its_default_and_a_saved_one_is_in_force_unless_it_empties_the_team(
    ) {
        let fresh = SettingsLog::default().in_force();
        assert_eq!(fresh, InForce::default());
        assert!(!fresh.team.is_empty() && !fresh.channels.is_empty());
        let log = SettingsLog::new([changed("a", 1, &["驻场巡检"]), changed("b", 2, &["  "])]);
        // The blank list (no page saves it; a hand-made file could) leaves the default.
        assert_eq!(log.in_force().channels, default_channels());
        let log = SettingsLog::new([changed("a", 1, &["驻场巡检"])]);
        let in_force = log.in_force();
        assert_eq!(in_force.channels, ["驻场巡检"]);
        assert!(in_force.holds(&Setting::Channels(vec!["驻场巡检".into()])));
        assert!(!in_force.holds(&Setting::Channels(vec!["电话".into()])));
    }

    #[test]
    fn every_policy_ever_saved_stays_in_the_book_for_the_tickets_pinned_to_it() {
        let policy = |at_risk_percent| SlaPolicy {
            at_risk_percent,
            ..SlaPolicy::default()
        };
        let saved = |id: &str, minute, p| SettingChanged {
            change: Setting::Policy(p),
            ..changed(id, minute, &[])
        };
        let log = SettingsLog::new([saved("a", 1, policy(70)), saved("b", 2, policy(90))]);
        let mut earlier = PolicyBook::default();
        let older = earlier.add(policy(50));
        let book = log.policy_book(&earlier);
        for kept in [policy(50), policy(70), policy(90)] {
            assert_eq!(
                book.get(&PolicyBook::default().add(kept.clone())),
                Some(&kept)
            );
        }
        assert!(book.get(&older).is_some());
        assert_eq!(log.in_force().policy, policy(90));
    }

    #[test]
    fn an_event_held_already_is_not_added_twice() {
        let mut log = SettingsLog::new([changed("a", 1, &["电话"])]);
        assert_eq!(
            log.add([changed("a", 1, &["电话"]), changed("b", 2, &[])]),
            1
        );
        assert_eq!(log.events().len(), 2);
    }

    #[test]
    fn a_setting_in_the_file_reads_back_as_written() {
        let event = changed("a", 1, &["电话"]);
        let json = serde_json::to_string(&event).unwrap();
        assert!(json.contains(r#""change":{"channels":["电话"]}"#));
        assert_eq!(
            serde_json::from_str::<SettingChanged>(&json).unwrap(),
            event
        );
    }
}
