//! The documents: one CouchDB document per immutable fact — a ticket event, an article event, a
//! team-settings event — or per attached file, written and read with every check.
//!
//! # Shape
//!
//! ```text
//! { "_id": "t:<event id>", "_rev": "1-<32 hex>", "fielddesk": 1, "event": { …the Event… } }
//! { "_id": "a:<event id>", …                     "fielddesk": 1, "event": { …ArticleEvent… } }
//! { "_id": "s:<event id>", …                     "fielddesk": 1, "event": { …settings event… } }
//! { "_id": "f:<attachment id>", …                "fielddesk": 1,
//!   "attachment": { "sha256": "<64 hex>", "size": 1234 },
//!   "_attachments": { "bytes": { "content_type": "application/octet-stream", "data": "<base64>" } } }
//! ```
//!
//! - **Ids by kind.** The prefix says what a document is before it is fetched: the `_changes`
//!   feed carries ids only, so the replicator can fetch files one at a time and events in
//!   batches, skip what the device holds, and refuse an unknown kind without downloading it. It
//!   also keeps the ids of different kinds apart, and no id can start with `_`, which CouchDB
//!   reserves (`_design/`, `_local/`).
//! - **Files by attachment id, checked by SHA-256.** A ticket event names its file (`EventKind::attachment`: an attached file or a signature) by
//!   the `AttachmentId` the shell made and carries no hash, so the id a receiving device can
//!   look up is `f:<attachment id>` (as the export file does). The content commits to the bytes'
//!   SHA-256 and size, the revision commits to the content, and decoding checks the bytes against
//!   both, so a file cannot be changed without the revision check or the hash check failing.
//! - **Files as a CouchDB attachment**, not a base64 field: CouchDB stores the bytes as binary,
//!   they do not count against `max_document_size` (8 MB by default in CouchDB 3; attachments
//!   have their own `max_attachment_size`, 1 GiB), and `_changes` and views never carry them.
//!   The team's own limit ([`Limits::max_attachment_bytes`]) is checked on both sides.
//! - **`_rev` from the content** ([`Revision::of`], see `canonical`): the digest covers every
//!   field not starting with `_`, so every device derives the same revision for one event and
//!   nothing ever conflicts. For an article event it leaves out `event.article`: that is the one
//!   field a merge rewrites when it moves an article to another id (`merge::articles`), and a
//!   relabelled event is still the same fact, which must keep its revision.

use std::fmt;

use base64::Engine;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::canonical::Revision;
use crate::article::ArticleEvent;
use crate::attachment::AttachmentId;
use crate::event::{Event, EventId};
use crate::exchange::AttachmentBlob;

/// The document format this build writes and reads (`"fielddesk": 1` in every document).
pub const FORMAT_VERSION: u64 = 1;
/// The longest document id Fielddesk accepts, in bytes: an event id with room to spare.
pub const MAX_ID_BYTES: usize = 1024;

const VERSION_FIELD: &str = "fielddesk";
const EVENT_FIELD: &str = "event";
const ATTACHMENT_FIELD: &str = "attachment";
/// The one CouchDB attachment of a file document.
const ATTACHMENT_NAME: &str = "bytes";
/// Room for a file document's JSON around its base64 bytes.
const ATTACHMENT_ENVELOPE_BYTES: usize = 4096;

/// A team-settings event, whose type lives outside this module: the documents only need its
/// event id and its JSON. Decoding parses a pulled body into it and refuses what does not parse.
pub trait SettingsEvent: Serialize + DeserializeOwned {
    fn event_id(&self) -> &EventId;
}

/// What a document holds, told by its id's prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocKind {
    Ticket,
    Article,
    Settings,
    Attachment,
}

impl DocKind {
    pub const ALL: [DocKind; 4] = [
        DocKind::Ticket,
        DocKind::Article,
        DocKind::Settings,
        DocKind::Attachment,
    ];

    pub fn prefix(self) -> &'static str {
        match self {
            DocKind::Ticket => "t:",
            DocKind::Article => "a:",
            DocKind::Settings => "s:",
            DocKind::Attachment => "f:",
        }
    }
}

impl fmt::Display for DocKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DocKind::Ticket => "ticket event",
            DocKind::Article => "article event",
            DocKind::Settings => "settings event",
            DocKind::Attachment => "attached file",
        })
    }
}

/// A document's `_id`: its kind and the id of the event or file it holds.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DocId {
    Ticket(EventId),
    Article(EventId),
    Settings(EventId),
    Attachment(AttachmentId),
}

impl DocId {
    pub fn kind(&self) -> DocKind {
        match self {
            DocId::Ticket(_) => DocKind::Ticket,
            DocId::Article(_) => DocKind::Article,
            DocId::Settings(_) => DocKind::Settings,
            DocId::Attachment(_) => DocKind::Attachment,
        }
    }

    /// The event's or file's own id, without the prefix.
    pub fn key(&self) -> &str {
        match self {
            DocId::Ticket(id) | DocId::Article(id) | DocId::Settings(id) => &id.0,
            DocId::Attachment(id) => &id.0,
        }
    }

    /// Reads an `_id` as the server lists it.
    pub fn parse(text: &str) -> Result<DocId, Refusal> {
        if text.len() > MAX_ID_BYTES {
            return Err(Refusal::BadId(format!(
                "it is {} bytes long, more than {MAX_ID_BYTES}",
                text.len()
            )));
        }
        let (kind, key) = DocKind::ALL
            .iter()
            .find_map(|kind| Some((*kind, text.strip_prefix(kind.prefix())?)))
            .ok_or_else(|| {
                Refusal::BadId(
                    "it starts with none of t:, a:, s:, f: (not a Fielddesk document)".into(),
                )
            })?;
        if key.is_empty() {
            return Err(Refusal::BadId("nothing follows its prefix".into()));
        }
        let key = key.to_string();
        Ok(match kind {
            DocKind::Ticket => DocId::Ticket(EventId(key)),
            DocKind::Article => DocId::Article(EventId(key)),
            DocKind::Settings => DocId::Settings(EventId(key)),
            DocKind::Attachment => DocId::Attachment(AttachmentId(key)),
        })
    }
}

impl fmt::Display for DocId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.kind().prefix(), self.key())
    }
}

/// One document's content, typed: what the shell stores and what it offers to push.
#[derive(Debug, Clone, PartialEq)]
pub enum Doc<S> {
    Ticket(Event),
    Article(ArticleEvent),
    Settings(S),
    Attachment(AttachmentBlob),
}

impl<S: SettingsEvent> Doc<S> {
    pub fn id(&self) -> DocId {
        match self {
            Doc::Ticket(event) => DocId::Ticket(event.id.clone()),
            Doc::Article(event) => DocId::Article(event.id.clone()),
            Doc::Settings(event) => DocId::Settings(event.event_id().clone()),
            Doc::Attachment(blob) => DocId::Attachment(blob.id.clone()),
        }
    }
}

/// How big a document may be, on the way out and on the way in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The largest event document, as JSON text: 1 MiB by default, a thousand times a large
    /// event, and far below CouchDB's `max_document_size`.
    pub max_event_bytes: usize,
    /// The largest attached file the team accepts, in bytes (10 MiB by default).
    pub max_attachment_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_event_bytes: 1024 * 1024,
            max_attachment_bytes: 10 * 1024 * 1024,
        }
    }
}

/// What the team lets travel through its server, a team setting (`Setting::Sync`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncPolicy {
    /// The largest attached file that travels, in MiB: a larger one stays on the device that
    /// has it (photos are scaled down to a few hundred KB before they are stored).
    pub max_attachment_mib: u32,
}

impl SyncPolicy {
    /// CouchDB's own `max_attachment_size` is 1 GiB; a file that large would not fit a phone.
    pub const MAX_MIB: u32 = 1024;

    pub fn limits(&self) -> Limits {
        Limits {
            max_attachment_bytes: self.max_attachment_mib as usize * 1024 * 1024,
            ..Limits::default()
        }
    }

    /// A file of `size` bytes travels.
    pub fn travels(&self, size: u64) -> bool {
        size <= self.limits().max_attachment_bytes as u64
    }
}

impl Default for SyncPolicy {
    fn default() -> Self {
        SyncPolicy {
            max_attachment_mib: 10,
        }
    }
}

impl Limits {
    /// The largest document text of `kind` worth parsing: for a file, its bytes in base64 and
    /// the envelope around them.
    pub fn max_doc_bytes(&self, kind: DocKind) -> usize {
        match kind {
            DocKind::Attachment => self
                .max_attachment_bytes
                .div_ceil(3)
                .saturating_mul(4)
                .saturating_add(ATTACHMENT_ENVELOPE_BYTES),
            _ => self.max_event_bytes,
        }
    }
}

/// A document ready for `_bulk_docs` with `new_edits: false`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodedDoc {
    pub id: DocId,
    pub rev: Revision,
    /// The whole document as JSON text, `_revisions` included.
    pub json: String,
}

/// Why a document was refused. The other documents of its batch go on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("document {id}: {refusal}")]
pub struct DocError {
    /// The document's id as the server or the shell gave it (clipped if it was very long).
    pub id: String,
    pub refusal: Refusal,
}

impl DocError {
    pub(crate) fn new(id: &DocId, refusal: Refusal) -> DocError {
        DocError::listed(&id.to_string(), refusal)
    }

    /// For an id as the server listed it, which may be anything.
    pub(crate) fn listed(id: &str, refusal: Refusal) -> DocError {
        DocError {
            id: clip(id, 120),
            refusal,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("it is {size} bytes, more than the {limit} bytes Fielddesk accepts for one {kind}")]
    TooLarge {
        size: usize,
        limit: usize,
        kind: DocKind,
    },
    #[error("the file is {size} bytes, more than the team's limit of {limit} bytes: attach a smaller file, or raise the limit in the team settings")]
    AttachmentTooLarge { size: u64, limit: usize },
    #[error("its id is not a Fielddesk document id: {0}")]
    BadId(String),
    #[error("its _id is {found}, not the id it was listed under")]
    IdMismatch { found: String },
    #[error("its _rev {found} is not the revision its content gives ({expected}): it was changed after it was written")]
    RevMismatch { found: String, expected: Revision },
    #[error("it is not a Fielddesk document: {0}")]
    Shape(String),
    #[error("it is in document format {0}, newer than this Fielddesk reads: update Fielddesk")]
    NewerFormat(u64),
    #[error("its content is not as Fielddesk writes it (a field this version does not know, or one written differently): update Fielddesk, or find out who wrote it")]
    NotCanonical,
    #[error("it was deleted on the server; Fielddesk's events are never deleted, so the copies on the devices stay")]
    Deleted,
    #[error("the file's bytes do not match its SHA-256 and size: they were damaged")]
    AttachmentDamaged,
    #[error("the server refused it (forbidden: {reason}): this account may be read-only, or the database's validate_doc_update refuses it; ask the team's CouchDB administrator")]
    Forbidden { reason: String },
    #[error("the server refused it ({error}: {reason})")]
    ServerRefused { error: String, reason: String },
    #[error("the server listed it as changed but did not return it")]
    NotReturned,
    #[error("it could not be written as JSON: {0}")]
    Unencodable(String),
    #[error("it contradicts this device's copy: {0}")]
    Contradicts(String),
    #[error("it is a team setting no Fielddesk saves ({0:?})")]
    InvalidSetting(crate::team_settings::SettingProblem),
}

/// `doc` as a CouchDB document, or why it may not be pushed (too big for the limits).
pub fn encode<S: SettingsEvent>(doc: &Doc<S>, limits: &Limits) -> Result<EncodedDoc, DocError> {
    let id = doc.id();
    encode_doc(doc, &id, limits).map_err(|refusal| DocError::new(&id, refusal))
}

fn encode_doc<S: SettingsEvent>(
    doc: &Doc<S>,
    id: &DocId,
    limits: &Limits,
) -> Result<EncodedDoc, Refusal> {
    if let Doc::Attachment(blob) = doc {
        check_attachment_size(blob.bytes.len() as u64, limits)?;
    }
    let content = content_of(doc)?;
    let rev = revision_of(id.kind(), &content);
    let mut full = Map::new();
    full.insert("_id".into(), Value::String(id.to_string()));
    full.insert("_rev".into(), Value::String(rev.to_string()));
    full.insert(
        "_revisions".into(),
        serde_json::json!({ "start": 1, "ids": [rev.digest()] }),
    );
    full.extend(content);
    if let Doc::Attachment(blob) = doc {
        full.insert("_attachments".into(), attachment_stub(&blob.bytes));
    }
    let json = Value::Object(full).to_string();
    if id.kind() != DocKind::Attachment && json.len() > limits.max_event_bytes {
        return Err(Refusal::TooLarge {
            size: json.len(),
            limit: limits.max_event_bytes,
            kind: id.kind(),
        });
    }
    Ok(EncodedDoc {
        id: id.clone(),
        rev,
        json,
    })
}

fn attachment_stub(bytes: &[u8]) -> Value {
    serde_json::json!({
        ATTACHMENT_NAME: {
            "content_type": "application/octet-stream",
            "data": base64::engine::general_purpose::STANDARD.encode(bytes),
        }
    })
}

/// The fields of `doc` that its revision covers.
fn content_of<S: SettingsEvent>(doc: &Doc<S>) -> Result<Map<String, Value>, Refusal> {
    let (field, body) = match doc {
        Doc::Ticket(event) => (EVENT_FIELD, serde_json::to_value(event)),
        Doc::Article(event) => (EVENT_FIELD, serde_json::to_value(event)),
        Doc::Settings(event) => (EVENT_FIELD, serde_json::to_value(event)),
        Doc::Attachment(blob) => (
            ATTACHMENT_FIELD,
            serde_json::to_value(AttachmentMeta::of(&blob.bytes)),
        ),
    };
    let body = body.map_err(|e| Refusal::Unencodable(e.to_string()))?;
    let mut content = Map::new();
    content.insert(VERSION_FIELD.into(), Value::from(FORMAT_VERSION));
    content.insert(field.into(), body);
    Ok(content)
}

/// The revision of a document of `kind` with `content` (see the module docs for why an article
/// event's `article` is left out).
fn revision_of(kind: DocKind, content: &Map<String, Value>) -> Revision {
    let mut fact = content.clone();
    if kind == DocKind::Article {
        if let Some(Value::Object(event)) = fact.get_mut(EVENT_FIELD) {
            event.remove("article");
        }
    }
    Revision::of(&Value::Object(fact))
}

/// What a file document says about its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct AttachmentMeta {
    /// Lowercase hex.
    sha256: String,
    size: u64,
}

impl AttachmentMeta {
    fn of(bytes: &[u8]) -> AttachmentMeta {
        AttachmentMeta {
            sha256: sha256_hex(bytes),
            size: bytes.len() as u64,
        }
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

fn check_attachment_size(size: u64, limits: &Limits) -> Result<(), Refusal> {
    if size > limits.max_attachment_bytes as u64 {
        return Err(Refusal::AttachmentTooLarge {
            size,
            limit: limits.max_attachment_bytes,
        });
    }
    Ok(())
}

/// Reads the document text `raw` that the server returned for `requested`, with every check:
/// its size, its id, its revision against its content, its content against its kind's type,
/// and that the content is exactly what Fielddesk would write for that value (so re-pushing it
/// can never make a second revision). The server's text is data: nothing in it is interpreted
/// beyond JSON.
pub fn decode<S: SettingsEvent>(
    raw: &str,
    requested: &DocId,
    limits: &Limits,
) -> Result<Doc<S>, DocError> {
    decode_doc(raw, requested, limits).map_err(|refusal| DocError::new(requested, refusal))
}

fn decode_doc<S: SettingsEvent>(
    raw: &str,
    requested: &DocId,
    limits: &Limits,
) -> Result<Doc<S>, Refusal> {
    let kind = requested.kind();
    let limit = limits.max_doc_bytes(kind);
    if raw.len() > limit {
        return Err(Refusal::TooLarge {
            size: raw.len(),
            limit,
            kind,
        });
    }
    let mut fields: Map<String, Value> = serde_json::from_str(raw).map_err(|e| {
        Refusal::Shape(format!("not a JSON object ({})", clip(&e.to_string(), 200)))
    })?;
    let found = text_field(&fields, "_id")?;
    if found != requested.to_string() {
        return Err(Refusal::IdMismatch {
            found: clip(&found, 120),
        });
    }
    if fields.get("_deleted") == Some(&Value::Bool(true)) {
        return Err(Refusal::Deleted);
    }
    let rev = text_field(&fields, "_rev")?;
    let attachments = fields.remove("_attachments");
    // CouchDB's own metadata (`_revisions`, `_conflicts`, …) is not content.
    fields.retain(|name, _| !name.starts_with('_'));
    let content = fields;
    check_version(&content)?;
    let expected = revision_of(kind, &content);
    if rev != expected.as_str() {
        return Err(Refusal::RevMismatch {
            found: clip(&rev, 80),
            expected,
        });
    }
    let doc = typed::<S>(requested, &content, attachments, limits)?;
    if doc.id() != *requested {
        return Err(Refusal::IdMismatch {
            found: clip(&doc.id().to_string(), 120),
        });
    }
    if content_of(&doc)? != content {
        return Err(Refusal::NotCanonical);
    }
    Ok(doc)
}

fn text_field(fields: &Map<String, Value>, name: &str) -> Result<String, Refusal> {
    fields
        .get(name)
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| Refusal::Shape(format!("it has no {name} text")))
}

fn check_version(content: &Map<String, Value>) -> Result<(), Refusal> {
    match content.get(VERSION_FIELD).and_then(Value::as_u64) {
        Some(FORMAT_VERSION) => Ok(()),
        Some(version) if version > FORMAT_VERSION => Err(Refusal::NewerFormat(version)),
        _ => Err(Refusal::Shape(format!(
            "it has no \"{VERSION_FIELD}\": {FORMAT_VERSION} format version"
        ))),
    }
}

/// The content as its kind's type.
fn typed<S: SettingsEvent>(
    requested: &DocId,
    content: &Map<String, Value>,
    attachments: Option<Value>,
    limits: &Limits,
) -> Result<Doc<S>, Refusal> {
    if requested.kind() != DocKind::Attachment && attachments.is_some() {
        return Err(Refusal::Shape(
            "an event document carries no attached files".into(),
        ));
    }
    Ok(match requested {
        DocId::Ticket(_) => Doc::Ticket(parse_field(content, EVENT_FIELD)?),
        DocId::Article(_) => Doc::Article(parse_field(content, EVENT_FIELD)?),
        DocId::Settings(_) => Doc::Settings(parse_field(content, EVENT_FIELD)?),
        DocId::Attachment(id) => {
            let meta: AttachmentMeta = parse_field(content, ATTACHMENT_FIELD)?;
            Doc::Attachment(AttachmentBlob {
                id: id.clone(),
                bytes: attachment_bytes(attachments, &meta, limits)?,
            })
        }
    })
}

fn parse_field<T: DeserializeOwned>(
    content: &Map<String, Value>,
    field: &str,
) -> Result<T, Refusal> {
    let value = content
        .get(field)
        .ok_or_else(|| Refusal::Shape(format!("it has no \"{field}\"")))?;
    serde_path_to_error::deserialize(value).map_err(|e| {
        Refusal::Shape(format!(
            "{field}.{}: {}",
            clip(&e.path().to_string(), 80),
            clip(&e.inner().to_string(), 200)
        ))
    })
}

/// The bytes of a file document's one attachment, checked against what its content says.
fn attachment_bytes(
    attachments: Option<Value>,
    meta: &AttachmentMeta,
    limits: &Limits,
) -> Result<Vec<u8>, Refusal> {
    let Some(Value::Object(mut files)) = attachments else {
        return Err(Refusal::Shape(
            "a file document without its attachment".into(),
        ));
    };
    let Some(Value::Object(file)) = files.remove(ATTACHMENT_NAME) else {
        return Err(Refusal::Shape(format!(
            "a file document without its attachment \"{ATTACHMENT_NAME}\""
        )));
    };
    if !files.is_empty() {
        return Err(Refusal::Shape(
            "a file document with more than one attachment".into(),
        ));
    }
    check_attachment_size(meta.size, limits)?;
    let data = file.get("data").and_then(Value::as_str).ok_or_else(|| {
        Refusal::Shape(
            "the attachment's bytes were not sent (a stub: fetch with attachments=true)".into(),
        )
    })?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(data)
        .map_err(|_| Refusal::Shape("the attachment's bytes are not base64".into()))?;
    check_attachment_size(bytes.len() as u64, limits)?;
    if bytes.len() as u64 != meta.size || sha256_hex(&bytes) != meta.sha256 {
        return Err(Refusal::AttachmentDamaged);
    }
    Ok(bytes)
}

/// `text` made fit for a message: control characters as spaces, at most `max_chars` characters.
pub(crate) fn clip(text: &str, max_chars: usize) -> String {
    let mut out: String = text
        .chars()
        .take(max_chars)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if text.chars().nth(max_chars).is_some() {
        out.push('…');
    }
    out
}
