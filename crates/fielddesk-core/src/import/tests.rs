use std::collections::BTreeMap;

use proptest::prelude::*;

use super::*;
use crate::article::{fold_articles, Article, ArticleId};
use crate::event::{EventId, EventKind};
use crate::exchange::tests::{meta, screenshot, template_ticket};
use crate::exchange::{export, parse_export};
use crate::feedback::WorkflowPolicy;
use crate::log::fold_log;
use crate::merge::articles::tests::{linked, revised, written, Store};
use crate::merge::tests::{noted, opened, stores};
use crate::model::Person;
use crate::team_settings::Setting;
use crate::ticket::Ticket;

/// A device: its events, its article events by id, the attachment bytes and the team settings
/// events it holds.
#[derive(Clone, Default)]
struct Device {
    events: Vec<Event>,
    articles: BTreeMap<EventId, ArticleEvent>,
    blobs: Vec<AttachmentBlob>,
    settings: Vec<SettingChanged>,
}

impl Device {
    fn of(store: &Store) -> Device {
        Device {
            events: store.events.clone(),
            articles: store.articles.clone(),
            blobs: Vec::new(),
            settings: Vec::new(),
        }
    }

    fn with_articles(events: Vec<Event>, articles: Vec<ArticleEvent>) -> Device {
        Device::of(&Store::new(events, articles))
    }

    fn article_events(&self) -> Vec<ArticleEvent> {
        self.articles.values().cloned().collect()
    }

    fn file(&self) -> Export {
        let text = export(
            &self.events,
            &self.article_events(),
            &self.blobs,
            &self.settings,
            None,
            &meta(),
        );
        parse_export(text.as_bytes()).expect("an export reads back")
    }

    fn attachment_ids(&self) -> Vec<AttachmentId> {
        self.blobs.iter().map(|b| b.id.clone()).collect()
    }

    fn preview(&self, file: &Export) -> ImportPreview {
        preview(
            &self.events,
            &self.article_events(),
            &self.attachment_ids(),
            &self.settings,
            file,
        )
    }

    /// What the shell does: preview, confirm, write the plan in one transaction (`put`: an
    /// article event with an id already stored replaces it).
    fn import(&mut self, file: &Export) -> ImportPlan {
        let plan = plan_import(
            &self.events,
            &self.article_events(),
            &self.attachment_ids(),
            &self.settings,
            file,
        );
        self.events.extend(plan.events.iter().cloned());
        for event in &plan.articles {
            self.articles.insert(event.id.clone(), event.clone());
        }
        self.blobs.extend(plan.attachments.iter().cloned());
        self.settings.extend(plan.settings.iter().cloned());
        plan
    }

    fn knowledge(&self) -> Vec<Article> {
        fold_articles(&self.article_events())
    }

    fn tickets(&self) -> Vec<Ticket> {
        let mut tickets = fold_log(&self.events);
        tickets.sort_by(|a, b| a.id.cmp(&b.id));
        tickets
    }

    fn event_ids(&self) -> Vec<EventId> {
        let mut ids: Vec<EventId> = self.events.iter().map(|e| e.id.clone()).collect();
        ids.sort();
        ids
    }
}

fn ids(summaries: &[TicketSummary]) -> Vec<&str> {
    summaries.iter().map(|s| s.ticket.0.as_str()).collect()
}

#[test]
fn the_preview_sorts_tickets_into_new_updated_unchanged_and_in_conflict() {
    let here = Device {
        events: vec![
            opened("same", "TS20231027001"),
            opened("grown", "TS20231027002"),
            opened("clash", "TS20231027003"),
            noted("clash", "clash-1", 2, "本机"),
        ],
        ..Device::default()
    };
    let mut there = here.clone();
    there.events.push(noted("grown", "grown-1", 2, "新进度"));
    there.events[3] = noted("clash", "clash-1", 2, "被改过");
    there.events.push(opened("fresh", "TS20231028001"));

    let preview = here.preview(&there.file());
    assert_eq!(ids(&preview.new), ["fresh"]);
    assert_eq!(ids(&preview.updated), ["grown"]);
    assert_eq!(preview.updated[0].new_events, 1);
    assert_eq!(ids(&preview.unchanged), ["same"]);
    assert_eq!(
        preview.conflicts,
        [ImportConflict::ChangedEvent {
            ticket: TicketId("clash".into()),
            event: EventId("clash-1".into()),
        }]
    );
    let planned: Vec<&str> = preview
        .plan
        .events
        .iter()
        .map(|e| e.id.0.as_str())
        .collect();
    assert_eq!(planned, ["grown-1", "fresh-created"]);
}

#[test]
fn the_preview_shows_the_renumbering_and_the_plan_records_it() {
    let here = Device {
        events: vec![opened("a", "TS20231027001")],
        ..Device::default()
    };
    let there = Device {
        events: vec![opened("b", "TS20231027001")],
        ..Device::default()
    };
    let preview = here.preview(&there.file());
    assert_eq!(preview.new[0].number.to_string(), "TS20231027002");
    assert_eq!(preview.renumberings.len(), 1);
    assert_eq!(preview.renumberings[0].from.to_string(), "TS20231027001");
    assert!(preview
        .plan
        .events
        .iter()
        .any(|e| matches!(e.kind, EventKind::Renumbered { .. })));
}

#[test]
fn the_plan_brings_only_the_attachment_bytes_this_device_lacks() {
    let (events, blobs) = template_ticket();
    let there = Device {
        events,
        blobs,
        ..Device::default()
    };
    let mut here = Device::default();
    let plan = here.import(&there.file());
    assert_eq!(plan.attachments, there.blobs);
    let ticket = &here.tickets()[0];
    assert_eq!(ticket.attachments[0].id, here.blobs[0].id);

    // Bytes this device had lost come back even when the events are known.
    here.blobs.clear();
    let (attached, blob) = screenshot("ts001", "shot-1", 5, b"\x89PNG\r\n\x1a\n not really a png");
    assert!(here.events.contains(&attached));
    assert_eq!(here.import(&there.file()).attachments, [blob]);
}

#[test]
fn importing_the_same_file_twice_changes_nothing_the_second_time() {
    let (events, blobs) = template_ticket();
    let there = Device {
        events,
        blobs,
        ..Device::default()
    };
    let mut here = Device {
        events: vec![opened("mine", "TS20231027001")],
        ..Device::default()
    };
    let file = there.file();
    assert!(!here.import(&file).is_empty());
    assert!(here.import(&file).is_empty());
}

fn article_ids(summaries: &[ArticleSummary]) -> Vec<&str> {
    summaries.iter().map(|s| s.article.0.as_str()).collect()
}

#[test]
fn the_preview_sorts_articles_into_new_updated_unchanged_and_renumbered() {
    let here = Device::with_articles(
        vec![],
        vec![
            written("KB-0001", "same", "VPN 无法连接"),
            written("KB-0002", "grown", "打印机脱机"),
            written("KB-0003", "mine", "邮箱满"),
        ],
    );
    let mut there = here.clone();
    there.articles.remove(&EventId("mine".into()));
    for event in [
        revised("KB-0002", "grown-2", 2, "打印机脱机怎么办"),
        // Written there before "mine" was written here, with the same id.
        written("KB-0003", "early", "蓝屏"),
        written("KB-0004", "fresh", "网络慢"),
    ] {
        there.articles.insert(event.id.clone(), event);
    }
    let preview = here.preview(&there.file());
    assert_eq!(article_ids(&preview.new_articles), ["KB-0003", "KB-0004"]);
    assert_eq!(preview.new_articles[0].title, "蓝屏");
    assert_eq!(article_ids(&preview.updated_articles), ["KB-0002"]);
    assert_eq!(preview.updated_articles[0].new_events, 1);
    assert_eq!(preview.updated_articles[0].title, "打印机脱机怎么办");
    assert_eq!(article_ids(&preview.unchanged_articles), ["KB-0001"]);
    // This device's KB-0003 moves on past the file's KB-0004.
    assert_eq!(
        preview.article_renumberings,
        [crate::merge::articles::ArticleRenumbering {
            created: EventId("mine".into()),
            title: "邮箱满".into(),
            from: ArticleId("KB-0003".into()),
            to: ArticleId("KB-0005".into()),
        }]
    );
    assert!(preview.conflicts.is_empty());
    let mut written: Vec<(&str, &str)> = preview
        .plan
        .articles
        .iter()
        .map(|e| (e.id.0.as_str(), e.article.0.as_str()))
        .collect();
    written.sort();
    assert_eq!(
        written,
        [
            ("early", "KB-0003"),
            ("fresh", "KB-0004"),
            ("grown-2", "KB-0002"),
            ("mine", "KB-0005"),
            ("mine/renumbered/KB-0003-KB-0004", "KB-0005"),
            ("mine/renumbered/KB-0004-KB-0005", "KB-0005"),
        ]
    );
}

#[test]
fn importing_moves_a_local_article_and_every_reference_to_it_in_one_plan() {
    let mut here = Device::with_articles(
        vec![
            opened("t1", "TS20231027001"),
            linked("t1", "t1-link", 2, "KB-0001"),
        ],
        vec![written("KB-0001", "b", "打印机脱机")],
    );
    let there = Device::with_articles(
        vec![
            opened("t2", "TS20231027002"),
            linked("t2", "t2-link", 2, "KB-0001"),
        ],
        vec![written("KB-0001", "a", "VPN 无法连接")],
    );
    let plan = here.import(&there.file());
    let references: Vec<&str> = plan
        .events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::ArticleReferenceRenumbered { .. }))
        .map(|e| e.id.0.as_str())
        .collect();
    assert_eq!(references, ["t1-link/article/KB-0001/KB-0001-KB-0002"]);
    let tickets = here.tickets();
    assert_eq!(tickets[0].knowledge[0].id, "KB-0002");
    assert_eq!(tickets[1].knowledge[0].id, "KB-0001");
    let knowledge = here.knowledge();
    let ids: Vec<(&str, &str)> = knowledge
        .iter()
        .map(|a| (a.id.0.as_str(), a.created.0.as_str()))
        .collect();
    assert_eq!(ids, [("KB-0001", "a"), ("KB-0002", "b")]);
    assert!(here.import(&there.file()).is_empty());
}

#[test]
fn a_version_1_file_imports_as_before() {
    let (events, blobs) = template_ticket();
    let there = Device {
        events,
        blobs,
        ..Device::default()
    };
    let file = there.file();
    assert_eq!(file.version, 1);
    let mut here = Device::with_articles(vec![], vec![written("KB-0001", "a", "VPN 无法连接")]);
    let plan = here.import(&file);
    assert!(plan.articles.is_empty());
    assert_eq!(here.knowledge().len(), 1);
    assert_eq!(here.tickets().len(), 1);
}

proptest! {
    #[test]
    fn importing_a_file_again_plans_nothing(stores in stores()) {
        let mut here = Device::of(&stores[0]);
        let there = Device::of(&stores[1]);
        let file = there.file();
        here.import(&file);
        prop_assert!(here.import(&file).is_empty());
    }

    #[test]
    fn two_devices_exchanging_files_in_either_order_end_the_same(stores in stores()) {
        let start = |i: usize| Device::of(&stores[i]);
        // Here imports there's file first, then there imports here's (merged) file.
        let (mut here, mut there) = (start(0), start(1));
        here.import(&there.file());
        there.import(&here.file());
        // The other order, with files written before either imported.
        let (mut here2, mut there2) = (start(0), start(1));
        let (file_here, file_there) = (here2.file(), there2.file());
        there2.import(&file_here);
        here2.import(&file_there);
        for device in [&there, &here2, &there2] {
            prop_assert_eq!(device.event_ids(), here.event_ids());
            prop_assert_eq!(device.tickets(), here.tickets());
            prop_assert_eq!(&device.articles, &here.articles);
            prop_assert_eq!(device.knowledge(), here.knowledge());
        }
        // And one more exchange changes nothing.
        prop_assert!(here.import(&there2.file()).is_empty());
    }
}

fn setting(id: &str, minute: u32, change: Setting) -> SettingChanged {
    SettingChanged {
        id: EventId(id.into()),
        actor: Person {
            name: "赵六".into(),
            employee_id: "TS300".into(),
        },
        at: chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 11, 23, 2, minute, 0).unwrap(),
        change,
    }
}

fn channels(list: &[&str]) -> Setting {
    Setting::Channels(list.iter().map(|c| c.to_string()).collect())
}

fn holding(settings: Vec<SettingChanged>) -> Device {
    Device {
        settings,
        ..Device::default()
    }
}

#[test]
fn the_preview_names_each_setting_whose_version_in_force_would_change() {
    let here = holding(vec![setting("s-a", 10, channels(&["电话"]))]);
    let newer = setting("s-b", 20, channels(&["电话", "邮件"]));
    let older = setting("s-c", 5, channels(&["现场"]));
    let workflow = setting("s-d", 1, Setting::Workflow(WorkflowPolicy::default()));
    let there = holding(vec![
        setting("s-a", 10, channels(&["电话"])),
        newer.clone(),
        older.clone(),
        workflow.clone(),
    ]);
    let preview = here.preview(&there.file());
    let summary = |e: &SettingChanged| SettingChangeSummary {
        key: e.change.key(),
        event: e.id.clone(),
        actor: e.actor.clone(),
        at: e.at,
    };
    // Channels change to the newer list, the workflow is new; the older list is only history.
    assert_eq!(
        preview.settings_changed,
        [summary(&newer), summary(&workflow)]
    );
    assert_eq!(preview.settings_history, 1);
    assert_eq!(preview.plan.settings.len(), 3);
    assert!(!preview.plan.settings.iter().any(|e| e.id.0 == "s-a"));
}

#[test]
fn a_settings_event_held_already_is_not_planned_again() {
    let there = holding(vec![
        setting("s-a", 10, channels(&["电话"])),
        setting("s-b", 20, channels(&["邮件"])),
    ]);
    let mut here = holding(vec![setting("s-b", 20, channels(&["邮件"]))]);
    let file = there.file();
    let plan = here.import(&file);
    let planned: Vec<&str> = plan.settings.iter().map(|e| e.id.0.as_str()).collect();
    assert_eq!(planned, ["s-a"]);
    // The version in force stays s-b: s-a only adds history.
    let again = here.preview(&file);
    assert!(again.plan.is_empty());
    assert_eq!(again.settings_changed, []);
    assert_eq!(again.settings_history, 0);
}

#[test]
fn devices_importing_the_same_files_in_other_orders_have_the_same_settings_in_force() {
    // Two saves in the same minute on two devices: the greater id wins everywhere.
    let one = holding(vec![
        setting("s-1", 10, channels(&["电话"])),
        setting("s-3", 30, Setting::Team(crate::team::sample_team())),
    ]);
    let two = holding(vec![
        setting("s-2", 10, channels(&["邮件"])),
        setting(
            "s-4",
            5,
            Setting::Team(Vec::from(&crate::team::sample_team()[..1])),
        ),
        setting("s-5", 40, Setting::Workflow(WorkflowPolicy::default())),
    ]);
    let (file_one, file_two) = (one.file(), two.file());
    let mut first = Device::default();
    first.import(&file_one);
    first.import(&file_two);
    let mut second = two.clone();
    second.import(&file_one);
    let mut third = Device::default();
    third.import(&file_two);
    third.import(&file_one);
    let in_force = |device: &Device| {
        let log = SettingsLog::new(device.settings.iter().cloned());
        SettingKey::ALL.map(|key| log.current(key).map(|e| e.id.0.clone()))
    };
    assert_eq!(in_force(&first), in_force(&second));
    assert_eq!(in_force(&first), in_force(&third));
    let channels = SettingsLog::new(first.settings.iter().cloned());
    assert_eq!(
        channels
            .current(SettingKey::Channels)
            .map(|e| e.id.0.as_str()),
        Some("s-2")
    );
    assert_eq!(
        channels.current(SettingKey::Team).map(|e| e.id.0.as_str()),
        Some("s-3")
    );
}
