//! Events, documents and a harness for driving the replicator by hand.

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
use crate::replication::{
    Checkpoint, Config, Doc, DocId, Live, ReplicationError, ReplicationEvent, Replicator, Request,
    Response, Revision, SettingsEvent,
};

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

pub const DB_URL: &str = "https://couch.example.com/fielddesk";

pub fn config(live: Live) -> Config {
    Config {
        live,
        ..Config::new(DB_URL, "device-a")
    }
}

/// The replicator and what it said, driven one request at a time.
pub struct Harness {
    pub replicator: Replicator<TeamSettingChanged>,
    pub events: Vec<ReplicationEvent<TeamSettingChanged>>,
    /// Document ids the device holds.
    pub held: Vec<DocId>,
}

impl Harness {
    pub fn new(config: Config, stored: Option<Checkpoint>) -> Harness {
        Harness {
            replicator: Replicator::new(config, stored),
            events: Vec::new(),
            held: Vec::new(),
        }
    }

    /// The next request, which there must be.
    pub fn request(&mut self) -> Request {
        self.replicator
            .poll_request()
            .expect("the replicator has a request to send")
    }

    /// Answers `request` and collects what the replicator said.
    pub fn answer(
        &mut self,
        request: &Request,
        status: u16,
        body: &str,
    ) -> Result<(), ReplicationError> {
        let held = self.held.clone();
        let result = self.replicator.handle_response(
            request.id,
            Response {
                status,
                body: body.as_bytes(),
            },
            &|id| held.contains(id),
        );
        self.drain();
        result
    }

    pub fn drain(&mut self) {
        while let Some(event) = self.replicator.poll_event() {
            self.events.push(event);
        }
    }

    /// Takes what was said so far.
    pub fn said(&mut self) -> Vec<ReplicationEvent<TeamSettingChanged>> {
        self.drain();
        std::mem::take(&mut self.events)
    }

    /// Every pulled document so far, storing them as the shell would.
    pub fn store_pulled(&mut self, said: &[ReplicationEvent<TeamSettingChanged>]) -> Vec<TestDoc> {
        let mut docs = Vec::new();
        for event in said {
            if let ReplicationEvent::Pulled(pulled) = event {
                docs.extend(pulled.iter().cloned());
            }
        }
        self.held.extend(docs.iter().map(Doc::id));
        docs
    }
}
