//! The IndexedDB adapter against the real IndexedDB of headless Chromium.
#![cfg(target_arch = "wasm32")]

use chrono::{NaiveDate, TimeZone, Utc};
use fielddesk::storage::{Change, Store, Written, SCHEMA_VERSION};
use fielddesk_core::{
    default_channels, fold_log, open_ticket, AttachmentBlob, AttachmentId, Description, Event,
    EventId, IntakeForm, Person, Priority, Stamp, Submitter, TicketId, TicketNo,
};
use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use indexed_db_futures::KeyPath;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn fresh_db_name() -> String {
    format!(
        "fielddesk-test-{}-{}",
        js_sys::Date::now(),
        js_sys::Math::random()
    )
}

fn ticket_event(ticket: &str, used: &[TicketNo]) -> Event {
    let form = IntakeForm {
        submitter: Submitter {
            name: "张三".into(),
            employee_id: "TS001".into(),
            contact: "13800000000".into(),
            department: "研发部".into(),
        },
        description: Description {
            symptom: "10:00登录OA系统时提示'验证码错误',已尝试3次均失败".into(),
            ..Description::default()
        },
        channel: "工单系统".into(),
        requested_priority: Some(Priority::P2),
    };
    let stamp = Stamp {
        event_id: EventId(format!("event-{ticket}")),
        actor: Person {
            name: "李四".into(),
            employee_id: "TS100".into(),
        },
        at: Utc.with_ymd_and_hms(2023, 10, 27, 2, 30, 0).unwrap(),
    };
    open_ticket(
        &form,
        &default_channels(),
        TicketId(ticket.into()),
        stamp,
        used,
        &fielddesk_core::sla::SlaPolicy::default(),
    )
    .unwrap()
}

#[wasm_bindgen_test]
async fn a_saved_ticket_is_read_back_after_reopening_the_database() {
    let name = fresh_db_name();
    let first = ticket_event("t1", &[]);
    let second = ticket_event(
        "t2",
        &[TicketNo::new(NaiveDate::from_ymd_opt(2023, 10, 27).unwrap(), 1).unwrap()],
    );

    let store = Store::open_named(&name).await.unwrap();
    store
        .write(
            &Change::events(vec![first.clone(), second.clone()]),
            |_, _| {},
        )
        .await
        .unwrap();
    drop(store);

    let reopened = Store::open_named(&name).await.unwrap();
    let mut events = reopened.events().await.unwrap();
    events.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(events, [first, second]);
    let mut numbers: Vec<String> = fold_log(&events)
        .iter()
        .map(|t| t.number.to_string())
        .collect();
    numbers.sort();
    assert_eq!(numbers, ["TS20231027001", "TS20231027002"]);
}

#[wasm_bindgen_test]
async fn writing_the_same_event_twice_keeps_one_copy() {
    let name = fresh_db_name();
    let event = ticket_event("t1", &[]);
    let store = Store::open_named(&name).await.unwrap();
    store
        .write(&Change::events(vec![event.clone()]), |_, _| {})
        .await
        .unwrap();
    store
        .write(&Change::events(vec![event.clone()]), |_, _| {})
        .await
        .unwrap();
    assert_eq!(store.events().await.unwrap(), [event]);
}

#[wasm_bindgen_test]
async fn another_tab_reads_back_just_what_one_write_stored() {
    let name = fresh_db_name();
    let store = Store::open_named(&name).await.unwrap();
    let earlier = ticket_event("t1", &[]);
    store
        .write(&Change::events(vec![earlier]), |_, _| {})
        .await
        .unwrap();
    let later = ticket_event(
        "t2",
        &[TicketNo::new(NaiveDate::from_ymd_opt(2023, 10, 27).unwrap(), 1).unwrap()],
    );
    let change = Change {
        events: vec![later.clone()],
        articles: vec![article_event()],
        ..Change::default()
    };
    let written = store.write(&change, |_, _| {}).await.unwrap();

    let other_tab = Store::open_named(&name).await.unwrap();
    let read = other_tab.written(&written).await.unwrap();
    assert_eq!(read.events, [later]);
    assert_eq!(read.articles, [article_event()]);
    let nothing = other_tab.written(&Written::default()).await.unwrap();
    assert!(nothing.is_empty());
}

/// A database exactly as schema v1 left it: only the `events` store, with its `ticket` index.
async fn write_v1_database(name: &str, event: &Event) {
    let db = Database::open(name)
        .with_version(1u32)
        .with_on_upgrade_needed(|_, db| {
            let events = db
                .create_object_store("events")
                .with_key_path(KeyPath::from("id"))
                .build()?;
            events
                .create_index("ticket", KeyPath::from("ticket"))
                .build()?;
            Ok(())
        })
        .await
        .unwrap();
    let tx = db
        .transaction("events")
        .with_mode(TransactionMode::Readwrite)
        .build()
        .unwrap();
    tx.object_store("events")
        .unwrap()
        .put(event)
        .serde()
        .unwrap();
    tx.commit().await.unwrap();
    db.close();
}

#[wasm_bindgen_test]
async fn a_database_written_by_schema_v1_opens_with_its_tickets_intact() {
    let name = fresh_db_name();
    let event = ticket_event("old", &[]);
    write_v1_database(&name, &event).await;

    let store = Store::open_named(&name).await.unwrap();
    assert_eq!(store.version(), SCHEMA_VERSION);
    assert_eq!(store.events().await.unwrap(), [event]);
    // The v2 store exists and takes writes.
    store.put_setting("probe", &"ok").await.unwrap();
}

/// A database exactly as schema `version` (2, 3 or 4) left it: `events` (with its `ticket`
/// index), `settings`, from v3 `attachments` (`{ id, bytes: Uint8Array }`) and from v4 `articles`
/// (with its `article` index), each but the last holding a record.
async fn write_old_database(name: &str, version: u32, event: &Event) {
    let db = Database::open(name)
        .with_version(version)
        .with_on_upgrade_needed(move |_, db| {
            let events = db
                .create_object_store("events")
                .with_key_path(KeyPath::from("id"))
                .build()?;
            events
                .create_index("ticket", KeyPath::from("ticket"))
                .build()?;
            db.create_object_store("settings").build()?;
            if version >= 3 {
                db.create_object_store("attachments")
                    .with_key_path(KeyPath::from("id"))
                    .build()?;
            }
            if version >= 4 {
                db.create_object_store("articles")
                    .with_key_path(KeyPath::from("id"))
                    .build()?
                    .create_index("article", KeyPath::from("article"))
                    .build()?;
            }
            Ok(())
        })
        .await
        .unwrap();
    let stores: &[&str] = if version >= 3 {
        &["events", "settings", "attachments"]
    } else {
        &["events", "settings"]
    };
    let tx = db
        .transaction(stores.to_vec())
        .with_mode(TransactionMode::Readwrite)
        .build()
        .unwrap();
    tx.object_store("events")
        .unwrap()
        .put(event)
        .serde()
        .unwrap();
    tx.object_store("settings")
        .unwrap()
        .put(&"TS300")
        .with_key("me".to_string())
        .serde()
        .unwrap();
    if version >= 3 {
        let file = js_sys::Object::new();
        js_sys::Reflect::set(&file, &"id".into(), &"a1".into()).unwrap();
        js_sys::Reflect::set(
            &file,
            &"bytes".into(),
            &js_sys::Uint8Array::from(&[0u8, 1, 2, 255][..]),
        )
        .unwrap();
        tx.object_store("attachments")
            .unwrap()
            .put(wasm_bindgen::JsValue::from(file))
            .primitive()
            .unwrap();
    }
    tx.commit().await.unwrap();
    db.close();
}

fn article_event() -> fielddesk_core::ArticleEvent {
    use fielddesk_core::{ArticleContent, ArticleEvent, ArticleEventKind, ArticleId};
    ArticleEvent {
        id: EventId("article-event-1".into()),
        article: ArticleId("KB-0001".into()),
        seq: 1,
        actor: Person {
            name: "李四".into(),
            employee_id: "TS100".into(),
        },
        at: Utc.with_ymd_and_hms(2023, 10, 27, 8, 0, 0).unwrap(),
        kind: ArticleEventKind::ArticleCreated {
            content: ArticleContent {
                title: "登录时提示验证码错误".into(),
                symptoms: "登录OA系统时提示验证码错误".into(),
                cause: "Tomcat 缓存异常".into(),
                steps: vec!["清理缓存并重启Tomcat服务".into()],
                categories: Vec::new(),
                sources: Vec::new(),
            },
        },
    }
}

#[wasm_bindgen_test]
async fn a_database_written_by_schema_v2_opens_with_its_tickets_and_settings_intact() {
    let name = fresh_db_name();
    let event = ticket_event("old", &[]);
    write_old_database(&name, 2, &event).await;

    let store = Store::open_named(&name).await.unwrap();
    assert_eq!(store.version(), SCHEMA_VERSION);
    assert_eq!(store.events().await.unwrap(), [event]);
    assert_eq!(
        store.setting::<String>("me").await.unwrap().as_deref(),
        Some("TS300")
    );
    // The stores added since exist, start empty and take writes.
    assert!(store.attachments().await.unwrap().is_empty());
    let blob = AttachmentBlob {
        id: AttachmentId("a1".into()),
        bytes: vec![0, 1, 2, 255],
    };
    store
        .write(
            &Change {
                events: Vec::new(),
                articles: Vec::new(),
                files: vec![blob.clone()],
                ..Change::default()
            },
            |_, _| {},
        )
        .await
        .unwrap();
    assert_eq!(store.attachments().await.unwrap(), [blob]);
    assert!(store.article_events().await.unwrap().is_empty());
}

#[wasm_bindgen_test]
async fn a_database_written_by_schema_v3_opens_with_its_files_intact_and_takes_articles() {
    let name = fresh_db_name();
    let event = ticket_event("old", &[]);
    write_old_database(&name, 3, &event).await;

    let store = Store::open_named(&name).await.unwrap();
    assert_eq!(store.version(), SCHEMA_VERSION);
    assert_eq!(store.events().await.unwrap(), [event]);
    assert_eq!(
        store.attachments().await.unwrap(),
        [AttachmentBlob {
            id: AttachmentId("a1".into()),
            bytes: vec![0, 1, 2, 255],
        }]
    );
    assert!(store.article_events().await.unwrap().is_empty());
    store
        .write(&Change::articles(vec![article_event()]), |_, _| {})
        .await
        .unwrap();
    assert_eq!(store.article_events().await.unwrap(), [article_event()]);
}

#[wasm_bindgen_test]
async fn a_database_written_by_schema_v4_keeps_its_events_and_adds_new_ones_beside_them() {
    let name = fresh_db_name();
    let old = ticket_event("old", &[]);
    write_old_database(&name, 4, &old).await;

    let store = Store::open_named(&name).await.unwrap();
    assert_eq!(store.version(), SCHEMA_VERSION);
    assert_eq!(store.events().await.unwrap(), std::slice::from_ref(&old));
    let new = ticket_event(
        "new",
        &[TicketNo::new(NaiveDate::from_ymd_opt(2023, 10, 27).unwrap(), 1).unwrap()],
    );
    store
        .write(&Change::events(vec![new.clone()]), |_, _| {})
        .await
        .unwrap();
    drop(store);
    let reopened = Store::open_named(&name).await.unwrap();
    let mut events = reopened.events().await.unwrap();
    events.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(events, [new, old]);
}

#[wasm_bindgen_test]
async fn an_import_plan_is_written_to_every_store_in_one_transaction_with_progress() {
    let name = fresh_db_name();
    let store = Store::open_named(&name).await.unwrap();
    let events: Vec<Event> = (0..1200)
        .map(|i| {
            let used: Vec<TicketNo> = Vec::new();
            let mut event = ticket_event(&format!("t{i}"), &used);
            event.id = EventId(format!("event-{i:05}"));
            event
        })
        .collect();
    let blobs = vec![AttachmentBlob {
        id: AttachmentId("a1".into()),
        bytes: "截图".as_bytes().to_vec(),
    }];
    let reports = std::cell::RefCell::new(Vec::new());
    store
        .write(
            &Change {
                events: events.clone(),
                articles: vec![article_event()],
                files: blobs.clone(),
                ..Change::default()
            },
            |done, total| reports.borrow_mut().push((done, total)),
        )
        .await
        .unwrap();
    // After each batch of a thousand events, then the end: 1 201 writes in all.
    assert_eq!(
        reports.into_inner(),
        [(1000, 1201), (1200, 1201), (1201, 1201)]
    );
    let mut read = store.events().await.unwrap();
    read.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(read, events);
    assert_eq!(
        store.attachment_ids().await.unwrap(),
        [AttachmentId("a1".into())]
    );
    assert_eq!(store.article_events().await.unwrap(), [article_event()]);
}

#[wasm_bindgen_test]
async fn two_imports_that_start_with_the_same_event_both_keep_every_event() {
    // Two tabs importing different files at once: each plan starts with the same event.
    let store = Store::open_named(&fresh_db_name()).await.unwrap();
    let event = |i: usize| {
        let mut e = ticket_event(&format!("t{i}"), &[]);
        e.id = EventId(format!("event-{i}"));
        e
    };
    let first = [event(0), event(1)];
    let second = [event(0), event(2)];
    for plan in [&first, &second] {
        store
            .write(
                &Change {
                    events: plan.to_vec(),
                    articles: Vec::new(),
                    files: Vec::new(),
                    ..Change::default()
                },
                |_, _| {},
            )
            .await
            .unwrap();
    }
    let mut ids: Vec<String> = store
        .events()
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.id.0)
        .collect();
    ids.sort();
    assert_eq!(ids, ["event-0", "event-1", "event-2"]);
}

#[wasm_bindgen_test]
async fn an_article_and_its_ticket_link_are_written_together() {
    let name = fresh_db_name();
    let store = Store::open_named(&name).await.unwrap();
    let ticket = ticket_event("t1", &[]);
    store
        .write(
            &Change {
                articles: vec![article_event()],
                events: vec![ticket.clone()],
                files: Vec::new(),
                ..Change::default()
            },
            |_, _| {},
        )
        .await
        .unwrap();
    drop(store);
    let reopened = Store::open_named(&name).await.unwrap();
    assert_eq!(reopened.article_events().await.unwrap(), [article_event()]);
    assert_eq!(reopened.events().await.unwrap(), [ticket]);
}

fn fresh_local_prefix() -> String {
    format!("fielddesk-test-{}", js_sys::Math::random())
}

#[wasm_bindgen_test]
async fn the_local_storage_fallback_keeps_tickets_files_articles_and_settings() {
    let prefix = fresh_local_prefix();
    let store = Store::open_local(&prefix).unwrap();
    assert!(store.is_fallback());
    let event = ticket_event("t1", &[]);
    let blob = AttachmentBlob {
        id: AttachmentId("a1".into()),
        bytes: vec![0, 1, 2, 255],
    };
    let attached = attach(&event, &blob);
    store
        .write(&Change::events(vec![event.clone()]), |_, _| {})
        .await
        .unwrap();
    store
        .write(
            &Change {
                events: vec![attached.clone()],
                articles: Vec::new(),
                files: vec![blob.clone()],
                ..Change::default()
            },
            |_, _| {},
        )
        .await
        .unwrap();
    // Writing the same event again keeps one copy.
    store
        .write(&Change::events(vec![event.clone()]), |_, _| {})
        .await
        .unwrap();
    store
        .write(&Change::articles(vec![article_event()]), |_, _| {})
        .await
        .unwrap();
    store.put_setting("me", &"TS300").await.unwrap();
    drop(store);

    let reopened = Store::open_local(&prefix).unwrap();
    let mut events = reopened.events().await.unwrap();
    events.sort_by_key(|a| a.seq);
    assert_eq!(events, [event, attached]);
    assert_eq!(reopened.attachment(&blob.id).await.unwrap(), Some(blob));
    assert_eq!(reopened.article_events().await.unwrap(), [article_event()]);
    assert_eq!(
        reopened.setting::<String>("me").await.unwrap().as_deref(),
        Some("TS300")
    );
}

#[wasm_bindgen_test]
async fn a_full_local_storage_refuses_the_whole_write_and_changes_nothing() {
    let prefix = fresh_local_prefix();
    let store = Store::open_local(&prefix).unwrap();
    let event = ticket_event("t1", &[]);
    store
        .write(&Change::events(vec![event.clone()]), |_, _| {})
        .await
        .unwrap();
    // Fill what is left of this origin's localStorage with another key.
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let filler = format!("{prefix}.filler");
    let mut size = 8 * 1024 * 1024;
    let mut held = String::new();
    while size > 0 {
        let candidate = format!("{held}{}", "x".repeat(size));
        if storage.set_item(&filler, &candidate).is_ok() {
            held = candidate;
        }
        size /= 2;
    }
    // Leave room for the article but not for a hundred tickets: the articles are written first and
    // must be put back when the tickets cannot be.
    storage
        .set_item(&filler, &held[..held.len() - 16 * 1024])
        .unwrap();
    let many: Vec<Event> = (0..100)
        .map(|i| ticket_event(&format!("many-{i}"), &[]))
        .collect();
    let written = store
        .write(
            &Change {
                articles: vec![article_event()],
                events: many.clone(),
                files: Vec::new(),
                ..Change::default()
            },
            |_, _| {},
        )
        .await;
    storage.remove_item(&filler).unwrap();
    assert_eq!(written, Err(fielddesk::storage::StorageError::Quota));
    assert_eq!(store.events().await.unwrap(), [event]);
    assert!(store.article_events().await.unwrap().is_empty());
}

/// The `FileAttached` event that follows `created` on its ticket.
fn attach(created: &Event, blob: &AttachmentBlob) -> Event {
    use fielddesk_core::{AttachedTo, Attachment, EventKind};
    Event {
        id: EventId(format!("{}-file", created.id.0)),
        seq: created.seq + 1,
        kind: EventKind::FileAttached {
            attachment: Attachment {
                id: blob.id.clone(),
                file_name: "截图.png".into(),
                media_type: "image/png".into(),
                size: blob.bytes.len() as u64,
                to: AttachedTo::Description,
            },
        },
        ..created.clone()
    }
}

#[wasm_bindgen_test]
async fn settings_an_older_version_saved_are_offered_once_as_events_and_then_read_from_them() {
    use fielddesk::team::TeamSettings;
    use fielddesk_core::{Setting, SettingChanged};

    let name = fresh_db_name();
    let store = Store::open_named(&name).await.unwrap();
    assert_eq!(store.version(), SCHEMA_VERSION);
    // What a version before settings events left: one value per key in `settings`.
    let channels = vec!["电话".to_string(), "驻场巡检".to_string()];
    store.put_setting("channels", &channels).await.unwrap();

    let (settings, legacy) = TeamSettings::load(&store).await.unwrap();
    assert_eq!(legacy, [Setting::Channels(channels.clone())]);
    assert!(settings.log.events().is_empty());

    let event = SettingChanged {
        id: EventId("setting-1".into()),
        actor: Person {
            name: "李四".into(),
            employee_id: "TS100".into(),
        },
        at: Utc.with_ymd_and_hms(2026, 11, 23, 2, 0, 0).unwrap(),
        change: Setting::Channels(channels.clone()),
    };
    let written = store
        .write(&Change::settings(vec![event.clone()]), |_, _| {})
        .await
        .unwrap();
    assert_eq!(written.settings, ["setting-1"]);
    assert_eq!(
        store.written(&written).await.unwrap().settings,
        std::slice::from_ref(&event)
    );

    let reopened = Store::open_named(&name).await.unwrap();
    let (settings, legacy) = TeamSettings::load(&reopened).await.unwrap();
    assert!(legacy.is_empty(), "offered once: the events hold it now");
    assert_eq!(settings.channels, channels);
    assert_eq!(settings.log.events(), [event]);
}
