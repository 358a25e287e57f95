//! The team's settings as shared data with history (#14): every save is a [`SettingChanged`]
//! event — who, when, and the whole new value of one setting — and the settings in force are
//! a fold over them ([`SettingsLog`]) in which the last writer by (`at`, `id`) wins — per
//! setting, and per record for the retrospectives and the prevention checklist, which people
//! add to side by side. Every
//! device that holds the same events gets the same settings, whatever order they arrived in,
//! and every earlier version stays in the history, to be read.
//!
//! Per-browser preferences (language, who am I, notifications, a sheet's column choices) are
//! not team settings and never become events.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::event::EventId;
use crate::feedback::WorkflowPolicy;
use crate::model::default_channels;
use crate::model::Person;
use crate::prevention::{PreventionChecklist, PreventionItem};
use crate::recurrence::RecurrenceThreshold;
use crate::replication::{Revision, SyncPolicy};
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
    /// R5.2: the prevention checklist, whole, as a Fielddesk before per-item saves wrote it.
    Prevention(PreventionChecklist),
    /// R5.2: one item of the prevention checklist saved, new or with its new status.
    PreventionItem(PreventionItem),
    /// R5.2: when a problem counts as recurring.
    Recurrence(RecurrenceThreshold),
    /// R5.2: the retrospective records, whole, as a Fielddesk before per-record saves wrote
    /// them.
    Retrospectives(Vec<Retrospective>),
    /// R5.2: one retrospective record saved: two supervisors recording one each, on two
    /// devices, both keep theirs.
    Retrospective(Retrospective),
    /// Team sync: the largest file that travels.
    Sync(SyncPolicy),
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
    Sync,
}

impl SettingKey {
    /// Saved record by record: the last writer wins per record, and records saved on two
    /// devices are both kept.
    pub fn by_record(self) -> bool {
        matches!(self, SettingKey::Retrospectives | SettingKey::Prevention)
    }

    pub const ALL: [SettingKey; 9] = [
        SettingKey::Team,
        SettingKey::Standard,
        SettingKey::Channels,
        SettingKey::Policy,
        SettingKey::Workflow,
        SettingKey::Prevention,
        SettingKey::Recurrence,
        SettingKey::Retrospectives,
        SettingKey::Sync,
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
            Setting::Prevention(_) | Setting::PreventionItem(_) => SettingKey::Prevention,
            Setting::Recurrence(_) => SettingKey::Recurrence,
            Setting::Retrospectives(_) | Setting::Retrospective(_) => SettingKey::Retrospectives,
            Setting::Sync(_) => SettingKey::Sync,
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
    /// No file could travel, or one larger than CouchDB takes.
    AttachmentLimit,
}

impl Setting {
    /// Why this value cannot be saved, if it cannot.
    pub fn problem(&self) -> Option<SettingProblem> {
        match self {
            Setting::Team(members) if members.is_empty() => Some(SettingProblem::EmptyTeam),
            Setting::Channels(channels) if channels.iter().all(|c| c.trim().is_empty()) => {
                Some(SettingProblem::NoChannels)
            }
            Setting::Sync(policy)
                if !(1..=SyncPolicy::MAX_MIB).contains(&policy.max_attachment_mib) =>
            {
                Some(SettingProblem::AttachmentLimit)
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

fn retrospectives_of(change: &Setting) -> &[Retrospective] {
    match change {
        Setting::Retrospectives(records) => records,
        Setting::Retrospective(record) => std::slice::from_ref(record),
        _ => &[],
    }
}

fn prevention_items_of(change: &Setting) -> &[PreventionItem] {
    match change {
        Setting::Prevention(checklist) => checklist.items(),
        Setting::PreventionItem(item) => std::slice::from_ref(item),
        _ => &[],
    }
}

/// The ids of the records `change` writes, for a setting saved record by record.
fn record_ids(change: &Setting) -> Vec<&str> {
    let retrospectives = retrospectives_of(change).iter().map(|r| r.id.0.as_str());
    let items = prevention_items_of(change).iter().map(|i| i.id.0.as_str());
    retrospectives.chain(items).collect()
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
    pub sync: SyncPolicy,
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
            sync: SyncPolicy::default(),
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
            Setting::PreventionItem(item) => self.prevention.items().contains(item),
            Setting::Recurrence(threshold) => &self.recurrence == threshold,
            Setting::Retrospectives(records) => &self.retrospectives == records,
            Setting::Retrospective(record) => self.retrospectives.contains(record),
            Setting::Sync(policy) => &self.sync == policy,
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

    /// The version of `key` in force: the last one a settings page could have saved. A value
    /// no page saves (`Setting::problem`) never leaves a team without members or channels;
    /// the version before it stays.
    fn in_force_version(&self, key: SettingKey) -> Option<&SettingChanged> {
        let valid = |e: &&SettingChanged| e.change.key() == key && e.change.problem().is_none();
        self.events.iter().rev().find(valid)
    }

    /// `event` holds a value in force: the last version of its setting, or for a setting saved
    /// record by record the last version of one of its records.
    pub fn is_in_force(&self, event: &SettingChanged) -> bool {
        let key = event.change.key();
        if !key.by_record() {
            return self.in_force_version(key).is_some_and(|c| c.id == event.id);
        }
        let mut last: HashMap<&str, &EventId> = HashMap::new();
        for e in self.events.iter().filter(|e| e.change.key() == key) {
            for id in record_ids(&e.change) {
                last.insert(id, &e.id);
            }
        }
        last.values().any(|id| **id == event.id)
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
        let mut settings = InForce {
            retrospectives: self
                .records(SettingKey::Retrospectives, retrospectives_of, |r| &r.id.0),
            prevention: PreventionChecklist::of(self.records(
                SettingKey::Prevention,
                prevention_items_of,
                |i| &i.id.0,
            )),
            ..InForce::default()
        };
        for key in SettingKey::ALL.into_iter().filter(|key| !key.by_record()) {
            let Some(event) = self.in_force_version(key) else {
                continue;
            };
            match event.change.clone() {
                Setting::Team(team) => settings.team = team,
                Setting::Standard(standard) => settings.standard = standard,
                Setting::Channels(channels) => settings.channels = channels,
                Setting::Policy(policy) => settings.policy = policy,
                Setting::Workflow(workflow) => settings.workflow = workflow,
                Setting::Prevention(_) | Setting::PreventionItem(_) => {}
                Setting::Recurrence(threshold) => settings.recurrence = threshold,
                Setting::Retrospectives(_) | Setting::Retrospective(_) => {}
                Setting::Sync(policy) => settings.sync = policy,
            }
        }
        settings
    }

    /// Every record of `key` ever saved, each in its last version, in the order first saved:
    /// a record in an older whole list is kept when a newer list (from another device) lacks
    /// it, since no page removes one.
    fn records<T: Clone>(
        &self,
        key: SettingKey,
        of: fn(&Setting) -> &[T],
        id: fn(&T) -> &str,
    ) -> Vec<T> {
        let mut records: Vec<T> = Vec::new();
        let mut at: HashMap<&str, usize> = HashMap::new();
        for event in self.events.iter().filter(|e| e.change.key() == key) {
            for record in of(&event.change) {
                match at.get(id(record)) {
                    Some(&i) => records[i] = record.clone(),
                    None => {
                        at.insert(id(record), records.len());
                        records.push(record.clone());
                    }
                }
            }
        }
        records
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
    use crate::prevention::{PreventionItemId, PreventionStatus};
    use crate::retrospective::RetrospectiveId;
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
    fn a_setting_nobody_saved_is_its_default_and_a_saved_one_is_in_force_unless_no_page_saves_it() {
        let fresh = SettingsLog::default().in_force();
        assert_eq!(fresh, InForce::default());
        assert!(!fresh.team.is_empty() && !fresh.channels.is_empty());
        let log = SettingsLog::new([changed("a", 1, &["驻场巡检"]), changed("b", 2, &["  "])]);
        // The blank list (no page saves it; a hand-made file could) leaves the version before.
        assert_eq!(log.in_force().channels, ["驻场巡检"]);
        assert!(log.is_in_force(&log.events()[0]) && !log.is_in_force(&log.events()[1]));
        let log = SettingsLog::new([changed("b", 2, &["  "])]);
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

    fn retro(id: &str, action: &str) -> Retrospective {
        Retrospective {
            id: RetrospectiveId(id.into()),
            date: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            led_by: Person {
                name: "王五".into(),
                employee_id: "TS300".into(),
            },
            tickets: vec!["TS20261123001".parse().unwrap()],
            process_gaps: vec!["升级前未通知一线".into()],
            knowledge_gaps: Vec::new(),
            actions: vec![action.into()],
        }
    }

    fn saved(id: &str, minute: u32, change: Setting) -> SettingChanged {
        SettingChanged {
            change,
            ..changed(id, minute, &[])
        }
    }

    fn actions(log: &SettingsLog) -> Vec<String> {
        let records = log.in_force().retrospectives;
        records.into_iter().map(|r| r.actions[0].clone()).collect()
    }

    #[test]
    fn retrospectives_recorded_on_two_devices_are_both_kept_in_any_order() {
        // Before per-record saves: a whole list, then a device that had not seen `r2` saves
        // its own list; then two records saved side by side, and one edited.
        let events = [
            saved(
                "a",
                1,
                Setting::Retrospectives(vec![retro("r1", "一"), retro("r2", "二")]),
            ),
            saved("b", 2, Setting::Retrospectives(vec![retro("r1", "一")])),
            saved("c", 3, Setting::Retrospective(retro("r3", "三"))),
            saved("d", 3, Setting::Retrospective(retro("r4", "四"))),
            saved("e", 4, Setting::Retrospective(retro("r1", "一改"))),
        ];
        let one = SettingsLog::new(events.clone());
        let mut reversed = events.clone();
        reversed.reverse();
        let other = SettingsLog::new(reversed);
        assert_eq!(one.in_force(), other.in_force());
        assert_eq!(actions(&one), ["一改", "二", "三", "四"]);
        let in_force: Vec<&str> = events
            .iter()
            .filter(|e| one.is_in_force(e))
            .map(|e| e.id.0.as_str())
            .collect();
        // `b` holds only `r1`, which `e` changed since; `a` still holds the last `r2`.
        assert_eq!(in_force, ["a", "c", "d", "e"]);
        assert!(one
            .in_force()
            .holds(&Setting::Retrospective(retro("r3", "三"))));
        assert!(!one
            .in_force()
            .holds(&Setting::Retrospective(retro("r3", "叁"))));
    }

    #[test]
    fn a_file_limit_no_file_could_meet_or_beyond_couchdbs_is_not_in_force() {
        let limit = |mib| {
            Setting::Sync(SyncPolicy {
                max_attachment_mib: mib,
            })
        };
        assert_eq!(limit(0).problem(), Some(SettingProblem::AttachmentLimit));
        assert_eq!(limit(1025).problem(), Some(SettingProblem::AttachmentLimit));
        assert_eq!(limit(1024).problem(), None);
        let log = SettingsLog::new([saved("a", 1, limit(2)), saved("b", 2, limit(0))]);
        let policy = log.in_force().sync;
        assert_eq!(policy.max_attachment_mib, 2);
        assert!(policy.travels(2 * 1024 * 1024));
        assert!(!policy.travels(2 * 1024 * 1024 + 1));
        assert_eq!(
            SettingsLog::default().in_force().sync.max_attachment_mib,
            10
        );
    }

    fn item(id: &str, status: PreventionStatus) -> PreventionItem {
        PreventionItem {
            id: PreventionItemId(id.into()),
            measure: format!("措施 {id}"),
            owner: Person {
                name: "王五".into(),
                employee_id: "TS200".into(),
            },
            due: chrono::NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
            status,
            retrospective: None,
        }
    }

    #[test]
    fn checklist_items_added_and_updated_on_two_devices_are_all_kept() {
        use PreventionStatus::*;
        let whole = PreventionChecklist::of(vec![item("p1", Open), item("p2", Open)]);
        let events = [
            saved("a", 1, Setting::Prevention(whole)),
            // Side by side: one device finishes p1, the other adds p3 and starts p2.
            saved("b", 2, Setting::PreventionItem(item("p1", Done))),
            saved("c", 2, Setting::PreventionItem(item("p3", Open))),
            saved("d", 3, Setting::PreventionItem(item("p2", InProgress))),
        ];
        let one = SettingsLog::new(events.clone());
        let mut reversed = events.clone();
        reversed.reverse();
        assert_eq!(one.in_force(), SettingsLog::new(reversed).in_force());
        let statuses: Vec<(String, PreventionStatus)> = one
            .in_force()
            .prevention
            .items()
            .iter()
            .map(|i| (i.id.0.clone(), i.status))
            .collect();
        assert_eq!(
            statuses,
            [
                ("p1".into(), Done),
                ("p2".into(), InProgress),
                ("p3".into(), Open)
            ]
        );
        // The whole list holds no last version any more.
        assert!(!one.is_in_force(&events[0]));
        assert!(events[1..].iter().all(|e| one.is_in_force(e)));
    }
}
