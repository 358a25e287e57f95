//! Events and documents for the tests.

use chrono::{NaiveDate, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::article::{ArticleContent, ArticleEvent, ArticleEventKind, ArticleId};
use crate::attachment::AttachmentId;
use crate::event::{Event, EventId, EventKind, TicketId};
use crate::example::zhang_san_intake;
use crate::exchange::AttachmentBlob;
use crate::model::Person;
use crate::numbering::TicketNo;
use crate::replication::{Doc, DocId, Revision, SettingsEvent};

/// A team-settings event as the settings module might write one: only this module's tests
/// define it, the real one lives elsewhere.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamSettingChanged {
    pub id: EventId,
    pub key: String,
    pub value: Value,
}

impl SettingsEvent for TeamSettingChanged {
    fn event_id(&self) -> &EventId {
        &self.id
    }
}

pub type TestDoc = Doc<TeamSettingChanged>;

pub fn li_si() -> Person {
    Person {
        name: "李四".into(),
        employee_id: "TS100".into(),
    }
}

pub fn at(hour: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2023, 10, 27, hour, 0, 0)
        .single()
        .expect("valid time")
}

pub fn created(id: &str) -> Event {
    let date = NaiveDate::from_ymd_opt(2023, 10, 27).expect("valid date");
    Event {
        id: EventId(id.into()),
        ticket: TicketId("tk-1".into()),
        seq: 1,
        actor: li_si(),
        at: at(10),
        kind: EventKind::TicketCreated {
            number: TicketNo::new(date, 1).expect("valid number"),
            intake: zhang_san_intake(),
            sla_policy: None,
        },
    }
}

pub fn progress(id: &str, seq: u64, note: &str) -> Event {
    Event {
        id: EventId(id.into()),
        ticket: TicketId("tk-1".into()),
        seq,
        actor: li_si(),
        at: at(11),
        kind: EventKind::ProgressUpdated { note: note.into() },
    }
}

pub fn article(id: &str, label: &str) -> ArticleEvent {
    ArticleEvent {
        id: EventId(id.into()),
        article: ArticleId(label.into()),
        seq: 1,
        actor: li_si(),
        at: at(12),
        kind: ArticleEventKind::ArticleCreated {
            content: ArticleContent {
                title: "验证码错误".into(),
                symptoms: "登录OA系统时提示'验证码错误'".into(),
                cause: "浏览器缓存".into(),
                steps: vec!["清理浏览器缓存".into(), "重启Tomcat服务".into()],
                categories: Vec::new(),
                sources: Vec::new(),
            },
        },
    }
}

pub fn setting(id: &str) -> TeamSettingChanged {
    TeamSettingChanged {
        id: EventId(id.into()),
        key: "recurrence".into(),
        value: serde_json::json!({ "threshold": 3 }),
    }
}

pub fn file(id: &str, bytes: &[u8]) -> AttachmentBlob {
    AttachmentBlob {
        id: AttachmentId(id.into()),
        bytes: bytes.to_vec(),
    }
}

pub fn ticket_id(id: &str) -> DocId {
    DocId::Ticket(EventId(id.into()))
}

/// A document with whatever content, under `_id`, with the revision its content gives (for a
/// ticket or settings event; an article's revision leaves out its label).
pub fn forged(id: &str, content: Value) -> String {
    let mut doc = Map::new();
    doc.insert("_id".into(), Value::String(id.into()));
    doc.insert(
        "_rev".into(),
        Value::String(Revision::of(&content).to_string()),
    );
    if let Value::Object(fields) = content {
        doc.extend(fields);
    }
    Value::Object(doc).to_string()
}

/// A document as CouchDB returns it from `_bulk_get?revs=false`: no `_revisions`.
pub fn served(doc: &TestDoc) -> String {
    let encoded = crate::replication::encode(doc, &Default::default()).expect("encodes");
    let mut value: Value = serde_json::from_str(&encoded.json).expect("JSON");
    if let Value::Object(fields) = &mut value {
        fields.remove("_revisions");
    }
    value.to_string()
}
