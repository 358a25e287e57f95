//! The export file (`docs/export-format.md`, `docs/export.schema.json`): writing one, and
//! reading one back — of any version from 1 to [`VERSION`], as the Fielddesks of its version
//! wrote it — with every check done before anything is applied.
//!
//! The shell only moves bytes: it hands [`export`] the ticket events, article events,
//! attachment bytes and team settings events it stores and saves the text it returns; it hands
//! [`parse_export`] the bytes of a picked file and, on success, gives the [`Export`] to
//! `import::preview`.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fmt;

use base64::Engine;
use chrono::{DateTime, Utc};
use serde::de::IgnoredAny;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::article::{ArticleEvent, ArticleEventKind, ArticleId};
use crate::attachment::AttachmentId;
use crate::calendar::{BusinessCalendarSpec, CalendarError};
use crate::event::{in_fold_order, Event, EventId, EventKind, TicketId};
use crate::knowledge::Reference;
use crate::merge::articles::{first_claim, reference_step_index, step_of};
use crate::merge::{creation_of, number_of, step_index};
use crate::model::Person;
use crate::numbering::TicketNo;
use crate::team_settings::{Setting, SettingChanged, SettingProblem, SettingsLog};
use crate::ticket::Ticket;

/// The value of the file's `format` field: what makes a JSON file a Fielddesk export.
pub const FORMAT: &str = "fielddesk-export";
/// The newest format version this build reads and writes. Version 2 added knowledge-base
/// articles and `ArticleReferenceRenumbered`; version 3 added `MigratedFromSheet` (tickets moved
/// in from a tracking sheet); version 4 added where feedback was taken and the requester's
/// signature (`FeedbackRecorded.taken`); version 5 added the team's settings as events
/// (`team_settings`); version 6 added a retrospective and a prevention item saved as their own
/// records and the team sync's file limit (the `retrospective`, `prevention_item` and `sync`
/// settings). A file is written in the lowest version that holds what it carries —
/// without articles and renumbered references version 1, without migrated tickets version 2,
/// without `taken` version 3, without settings events version 4, without those three settings
/// version 5 — so an older Fielddesk reads
/// it, and refuses one it cannot read as newer (and would drop a signature or a setting from).
pub const VERSION: u32 = 6;
/// The largest file [`parse_export`] reads: 200 MiB, room for about half a million tickets or
/// 140 MiB of attachments, and still within what a browser tab can parse in memory.
pub const MAX_FILE_BYTES: usize = 200 * 1024 * 1024;

/// The bytes of an attached file, as the shell stores them; its metadata (name, media type,
/// size, which part of the form) is in the ticket's `FileAttached` event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentBlob {
    pub id: AttachmentId,
    pub bytes: Vec<u8>,
}

/// Who made the file, and when; the shell supplies them (the core reads no clock).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportMeta {
    pub exported_at: DateTime<Utc>,
    pub exported_by: Person,
    /// The exporting device's settings as the app stores them, carried as they are; importing
    /// never applies them by itself.
    pub settings: Option<Map<String, Value>>,
}

/// A checked export file: every event of every ticket and article in it, once each, and the
/// attachment bytes it carries.
#[derive(Debug, Clone, PartialEq)]
pub struct Export {
    pub version: u32,
    pub meta: ExportMeta,
    /// In file order, ticket by ticket; identical duplicates are dropped.
    pub events: Vec<Event>,
    /// In file order, article by article, each with the id it is listed under; identical
    /// duplicates are dropped. Empty for a version 1 file.
    pub articles: Vec<ArticleEvent>,
    pub attachments: Vec<AttachmentBlob>,
    /// The team's settings events, in file order; identical duplicates are dropped. Empty before
    /// version 5.
    pub settings: Vec<SettingChanged>,
}

/// Where an event is in the file, as indexes from 0: `tickets[3].events[5]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventAt {
    pub ticket: usize,
    pub event: usize,
}

impl fmt::Display for EventAt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "tickets[{}].events[{}]", self.ticket, self.event)
    }
}

/// Where an article event is in the file, as indexes from 0: `articles[1].events[2]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArticleEventAt {
    pub article: usize,
    pub event: usize,
}

impl fmt::Display for ArticleEventAt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "articles[{}].events[{}]", self.article, self.event)
    }
}

/// Why a file cannot be imported. Nothing of it has been applied. Each variant carries what the
/// UI needs to say it in its own words; the English text is the fallback.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("the file is {size} bytes; Fielddesk imports files of up to {limit} bytes (200 MiB): export fewer tickets per file")]
    TooLarge { size: usize, limit: usize },
    #[error("the file is empty")]
    Empty,
    #[error("the file is UTF-16 text with a broken character at byte {offset}")]
    BadUtf16 { offset: usize },
    #[error("the file ends too early (line {line}, column {column}): it was cut off while being copied or sent; ask for it again")]
    Truncated { line: usize, column: usize },
    #[error("the file is not valid JSON: {message} (line {line}, column {column})")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("this is not a Fielddesk export: its \"format\" is {}", format.as_deref().map_or("missing".to_string(), |f| format!("\"{f}\"")))]
    NotAnExport { format: Option<String> },
    #[error("the file was made by a newer Fielddesk (format version {version}); this one reads up to version {supported}: update Fielddesk")]
    NewerVersion { version: u64, supported: u32 },
    #[error("{path}: {message} (line {line}, column {column})")]
    InvalidField {
        /// The JSON path, e.g. `tickets[3].events[0].seq`; `.` for the whole document.
        path: String,
        message: String,
        line: usize,
        column: usize,
    },
    #[error("tickets[{second}] is ticket {} again, already at tickets[{first}]", ticket.0)]
    DuplicateTicket {
        first: usize,
        second: usize,
        ticket: TicketId,
    },
    #[error("tickets[{index}] (ticket {}) has no TicketCreated event, so it cannot be shown", ticket.0)]
    MissingCreation { index: usize, ticket: TicketId },
    #[error("tickets[{index}] (ticket {}) has more than one TicketCreated event", ticket.0)]
    SecondCreation { index: usize, ticket: TicketId },
    #[error("event id {} is used twice with different content, at {first} and {second}", event.0)]
    ConflictingEvents {
        event: EventId,
        first: EventAt,
        second: EventAt,
    },
    #[error("{at} (event {}) is a renumbering Fielddesk did not make", event.0)]
    UnexpectedRenumbering { at: EventAt, event: EventId },
    #[error("attachments[{index}] ({}) says {declared} bytes but holds {actual}", attachment.0)]
    AttachmentSize {
        index: usize,
        attachment: AttachmentId,
        declared: u64,
        actual: u64,
    },
    #[error("attachments[{index}] ({}) does not match its SHA-256: the file was damaged", attachment.0)]
    AttachmentChecksum {
        index: usize,
        attachment: AttachmentId,
    },
    #[error("attachment id {} is used twice with different bytes, at attachments[{first}] and attachments[{second}]", attachment.0)]
    ConflictingAttachments {
        attachment: AttachmentId,
        first: usize,
        second: usize,
    },
    #[error("attachments[{index}] ({}) belongs to no ticket in the file", attachment.0)]
    UnreferencedAttachment {
        index: usize,
        attachment: AttachmentId,
    },
    #[error("articles[{second}] is article {article} again, already at articles[{first}]")]
    DuplicateArticle {
        first: usize,
        second: usize,
        article: ArticleId,
    },
    #[error(
        "articles[{index}] (article {article}) has no ArticleCreated event, so it cannot be shown"
    )]
    MissingArticleCreation { index: usize, article: ArticleId },
    #[error("articles[{index}] (article {article}) has more than one ArticleCreated event")]
    SecondArticleCreation { index: usize, article: ArticleId },
    #[error("{at} (event {}) comes before its article's ArticleCreated, so it would be lost", event.0)]
    ArticleEventBeforeCreation { at: ArticleEventAt, event: EventId },
    #[error("article event id {} is used twice with different content, at {first} and {second}", event.0)]
    ConflictingArticleEvents {
        event: EventId,
        first: ArticleEventAt,
        second: ArticleEventAt,
    },
    #[error("{at} (event {}) is an article renumbering Fielddesk did not make", event.0)]
    UnexpectedArticleRenumbering { at: ArticleEventAt, event: EventId },
    #[error("settings event id {} is used twice with different content, at team_settings[{first}] and team_settings[{second}]", event.0)]
    ConflictingSettings {
        event: EventId,
        first: usize,
        second: usize,
    },
    #[error("team_settings[{index}] (event {}) leaves the team without members, which the settings page never saves", event.0)]
    EmptyTeam { index: usize, event: EventId },
    #[error("team_settings[{index}] (event {}) leaves no channel to receive problems through (R1.1), which the settings page never saves", event.0)]
    NoChannels { index: usize, event: EventId },
    #[error("team_settings[{index}] (event {}) sets a largest synced file outside 1–1024 MiB, which the settings page never saves", event.0)]
    AttachmentLimit { index: usize, event: EventId },
    #[error("team_settings[{index}] (event {}) is an SLA policy the settings page refuses: {problem}", event.0)]
    InvalidPolicy {
        index: usize,
        event: EventId,
        problem: CalendarError,
    },
}

/// Writes the export file of every ticket in `events`, or of the `selection` only, with the
/// knowledge-base articles of `articles` (all of them, or with a selection those its tickets
/// link or consulted) and the attachment bytes its tickets refer to. Tickets sort by number,
/// articles by id; each one's events by (seq, id), once each. A ticket or article without its
/// creation event is left out (the fold cannot show it either), and so are blobs no exported
/// ticket refers to, so the file always reads back. The team's `settings` events are written
/// whole, whatever the selection: once each, in fold order (time, then id). The file is the
/// lowest version that holds what it carries (see [`VERSION`]).
pub fn export(
    events: &[Event],
    articles: &[ArticleEvent],
    attachments: &[AttachmentBlob],
    settings: &[SettingChanged],
    selection: Option<&[TicketId]>,
    meta: &ExportMeta,
) -> String {
    let mut bytes = Vec::new();
    export_to(
        events,
        articles,
        attachments,
        settings,
        selection,
        meta,
        &mut bytes,
    )
    .expect("writing to memory does not fail");
    String::from_utf8(bytes).expect("serde_json writes UTF-8")
}

/// [`export`], written piece by piece into `out` as it is serialised, so the file never has
/// to exist as one string (the shell hands the pieces to a `Blob`). The same bytes as `export`.
pub fn export_to(
    events: &[Event],
    articles: &[ArticleEvent],
    attachments: &[AttachmentBlob],
    settings: &[SettingChanged],
    selection: Option<&[TicketId]>,
    meta: &ExportMeta,
    out: impl std::io::Write,
) -> std::io::Result<()> {
    let selected: Option<HashSet<&TicketId>> = selection.map(|ids| ids.iter().collect());
    let mut by_ticket: HashMap<&TicketId, Vec<&Event>> = HashMap::new();
    for event in events {
        if selected.as_ref().is_none_or(|s| s.contains(&event.ticket)) {
            by_ticket.entry(&event.ticket).or_default().push(event);
        }
    }
    // With a selection, the articles its tickets link or consulted, by the ids they have now.
    let mut wanted: Option<HashSet<String>> = selection.map(|_| HashSet::new());
    let mut tickets: Vec<TicketOut> = by_ticket
        .into_iter()
        .filter_map(|(id, events)| {
            let events = in_fold_order(events, Event::order_key);
            let number = number_of(events.iter().copied())?;
            if let (Some(wanted), Some(ticket)) =
                (wanted.as_mut(), Ticket::fold(events.iter().copied()))
            {
                wanted.extend(ticket.knowledge.into_iter().map(|k| k.id));
                wanted.extend(
                    ticket
                        .attempts
                        .into_iter()
                        .flat_map(|a| a.consulted)
                        .filter_map(|r| match r {
                            Reference::Article { id } => Some(id),
                            Reference::PastTicket { .. } => None,
                        }),
                );
            }
            let events = events.into_iter().map(EventOut::from).collect();
            Some(TicketOut { id, number, events })
        })
        .collect();
    tickets.sort_by(|a, b| (a.number, a.id).cmp(&(b.number, b.id)));

    let articles_out = articles_out(articles, wanted.as_ref());
    let any =
        |kind: fn(&EventKind) -> bool| tickets.iter().flat_map(|t| &t.events).any(|e| kind(e.kind));
    let settings = SettingsLog::new(settings.iter().cloned());
    let version = if settings.events().iter().any(|e| {
        matches!(
            e.change,
            Setting::Retrospective(_) | Setting::PreventionItem(_) | Setting::Sync(_)
        )
    }) {
        6
    } else if !settings.events().is_empty() {
        5
    } else if any(|k| matches!(k, EventKind::FeedbackRecorded { taken: Some(_), .. })) {
        4
    } else if any(|k| matches!(k, EventKind::MigratedFromSheet { .. })) {
        3
    } else if !articles_out.is_empty()
        || any(|k| matches!(k, EventKind::ArticleReferenceRenumbered { .. }))
    {
        2
    } else {
        1
    };

    let referenced: HashSet<&AttachmentId> = tickets
        .iter()
        .flat_map(|t| &t.events)
        .filter_map(|e| e.kind.attachment().map(|a| &a.id))
        .collect();
    let mut written = HashSet::new();
    let blobs = attachments
        .iter()
        .filter(|b| referenced.contains(&b.id) && written.insert(&b.id))
        .map(|blob| BlobOut {
            id: &blob.id,
            size: blob.bytes.len() as u64,
            sha256: sha256_hex(&blob.bytes),
            data_base64: &blob.bytes,
        })
        .collect();

    let file = FileOut {
        format: FORMAT,
        version,
        exported_at: &meta.exported_at,
        exported_by: &meta.exported_by,
        tickets,
        articles: (version >= 2).then_some(articles_out),
        attachments: blobs,
        settings: meta.settings.as_ref(),
        team_settings: (version >= 5).then_some(settings.events()),
    };
    serde_json::to_writer(out, &file).map_err(std::io::Error::other)
}

/// A plain export file past this size is compressed (gzip) unless the person chooses otherwise:
/// it then shrinks to about a fifth, small enough for a chat group or an e-mail.
pub const COMPRESS_PAST_BYTES: u64 = 20 * 1024 * 1024;

/// Whether a plain export file is gzipped: past [`COMPRESS_PAST_BYTES`] (the default), always
/// or never.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Compression {
    #[default]
    BySize,
    Always,
    Never,
}

impl Compression {
    /// Whether a file of `size` bytes is written compressed.
    pub fn applies(self, size: u64) -> bool {
        match self {
            Compression::BySize => size > COMPRESS_PAST_BYTES,
            Compression::Always => true,
            Compression::Never => false,
        }
    }
}

/// Whether `bytes` start as a gzip stream does (RFC 1952: 1f 8b), the way `.json.gz` exports do.
pub fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1f, 0x8b])
}

/// The articles to write: each id's events in (seq, id) order, once each, from its first
/// `ArticleCreated` on (anything else would not read back), only `wanted` ids if given.
fn articles_out<'a>(
    articles: &'a [ArticleEvent],
    wanted: Option<&HashSet<String>>,
) -> Vec<ArticleOut<'a>> {
    let mut by_id: HashMap<&ArticleId, Vec<&ArticleEvent>> = HashMap::new();
    for event in articles {
        if wanted.is_none_or(|w| w.contains(&event.article.0)) {
            by_id.entry(&event.article).or_default().push(event);
        }
    }
    let mut out: Vec<ArticleOut> = by_id
        .into_iter()
        .filter_map(|(id, events)| {
            let events = in_fold_order(events, ArticleEvent::order_key);
            let created = events
                .iter()
                .position(|e| matches!(e.kind, ArticleEventKind::ArticleCreated { .. }))?;
            let creation = events[created];
            // A second creation under one id (two tabs at once) is another article; the merge
            // gives it its own id, and only then can it travel.
            let mut events: Vec<&ArticleEvent> = events[created..]
                .iter()
                .copied()
                .filter(|e| {
                    e.id == creation.id
                        || !matches!(e.kind, ArticleEventKind::ArticleCreated { .. })
                })
                .collect();
            let records: Vec<&ArticleEvent> = events
                .iter()
                .copied()
                .filter(|e| matches!(e.kind, ArticleEventKind::ArticleRenumbered { .. }))
                .collect();
            if check_article_renumberings(creation, id, &records).is_err() {
                events.retain(|e| !matches!(e.kind, ArticleEventKind::ArticleRenumbered { .. }));
            }
            Some(ArticleOut {
                id,
                events: events.into_iter().map(EventOut::from).collect(),
            })
        })
        .collect();
    out.sort_by(|a, b| a.id.cmp(b.id));
    out
}

/// Reads an export file, checking all of it first: the encoding, the JSON, the format marker and
/// version, every field's type, then what the types cannot say (each ticket and article created
/// once, event ids unique, renumberings Fielddesk's own, attachments whole). Never panics,
/// whatever the bytes.
///
/// Accepted encodings: UTF-8 with or without a BOM, and UTF-16 (LE or BE, with a BOM or without,
/// told apart as RFC 8259 suggests) which is decoded. Identical duplicate events or attachments
/// are kept once; duplicates that differ are refused.
pub fn parse_export(bytes: &[u8]) -> Result<Export, ImportError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge {
            size: bytes.len(),
            limit: MAX_FILE_BYTES,
        });
    }
    let text = decode_text(bytes)?;
    if text.iter().all(u8::is_ascii_whitespace) {
        return Err(ImportError::Empty);
    }
    // A file is read as Fielddesks of its version read it: an `articles` field in a version 1
    // file, or a `team_settings` field before version 5, is ignored, whatever it holds.
    match check_header(&text)? {
        Some(1) => {
            let file: FileIn<IgnoredAny, IgnoredAny> = typed(&text)?;
            check(file.with(|_| Vec::new(), |_| Vec::new()))
        }
        Some(2..=4) => {
            let file: FileIn<Vec<ArticleIn>, IgnoredAny> = typed(&text)?;
            check(file.with(|articles| articles, |_| Vec::new()))
        }
        _ => {
            let file: FileIn<Vec<ArticleIn>, Vec<SettingChanged>> =
                typed(&text).map_err(|error| policy_problem(&text, error))?;
            check(file)
        }
    }
}

fn decode_text(bytes: &[u8]) -> Result<Cow<'_, [u8]>, ImportError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return Ok(Cow::Borrowed(rest));
    }
    // Without a BOM, UTF-16 shows as a zero byte beside the first character, which JSON makes
    // ASCII (RFC 8259 §8.1, after RFC 4627 §3).
    let (units, skipped, big_endian) = match bytes {
        [0xFF, 0xFE, rest @ ..] => (rest, 2, false),
        [0xFE, 0xFF, rest @ ..] => (rest, 2, true),
        [0, b, ..] if *b != 0 => (bytes, 0, true),
        [a, 0, ..] if *a != 0 => (bytes, 0, false),
        _ => return Ok(Cow::Borrowed(bytes)),
    };
    if units.len() % 2 == 1 {
        return Err(ImportError::BadUtf16 {
            offset: bytes.len() - 1,
        });
    }
    let units = units.chunks_exact(2).map(|pair| {
        let pair = [pair[0], pair[1]];
        if big_endian {
            u16::from_be_bytes(pair)
        } else {
            u16::from_le_bytes(pair)
        }
    });
    let mut text = String::with_capacity(bytes.len());
    let mut decoded_units = 0;
    for c in char::decode_utf16(units) {
        let c = c.map_err(|_| ImportError::BadUtf16 {
            offset: skipped + 2 * decoded_units,
        })?;
        decoded_units += c.len_utf16();
        text.push(c);
    }
    Ok(Cow::Owned(text.into_bytes()))
}

/// The whole document's syntax, then the format marker and version, before any field's type:
/// a newer version may have other fields. Returns the version, if it is a number.
fn check_header(text: &[u8]) -> Result<Option<u64>, ImportError> {
    let top = top_level(text, FORMAT).map_err(|outer| match outer {
        Outer::Truncated { line, column } => ImportError::Truncated { line, column },
        Outer::Syntax {
            line,
            column,
            message,
        } => ImportError::Syntax {
            line,
            column,
            message,
        },
        Outer::OtherFormat { format } => ImportError::NotAnExport { format },
    })?;
    // A version that is no number is left to the typed pass, which says where it is.
    let version = top
        .get("version")
        .and_then(|raw| serde_json::from_str::<u64>(raw.get()).ok());
    if let Some(version) = version {
        if version > u64::from(VERSION) {
            return Err(ImportError::NewerVersion {
                version,
                supported: VERSION,
            });
        }
    }
    Ok(version)
}

/// What the outer check of a file ([`top_level`]) found wrong. Plain exports and sealed files
/// share the check; each words the finding as its own error, because the person reads which
/// kind of file it is about ("the encrypted file ends too early").
pub(crate) enum Outer {
    Truncated {
        line: usize,
        column: usize,
    },
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    /// Not an object, or its `"format"` is missing (`None`) or not the one expected.
    OtherFormat {
        format: Option<String>,
    },
}

/// A file's top-level object, once its JSON is whole and its `"format"` is `format`.
pub(crate) fn top_level<'a>(
    text: &'a [u8],
    format: &str,
) -> Result<HashMap<Cow<'a, str>, &'a RawValue>, Outer> {
    let top: HashMap<Cow<'a, str>, &'a RawValue> =
        serde_json::from_slice(text).map_err(|e| match e.classify() {
            serde_json::error::Category::Eof => Outer::Truncated {
                line: e.line(),
                column: e.column(),
            },
            serde_json::error::Category::Data => Outer::OtherFormat { format: None },
            serde_json::error::Category::Syntax | serde_json::error::Category::Io => {
                Outer::Syntax {
                    line: e.line(),
                    column: e.column(),
                    message: message_of(&e),
                }
            }
        })?;
    let found = top.get("format").map(|raw| {
        serde_json::from_str::<String>(raw.get())
            .unwrap_or_else(|_| raw.get().chars().take(64).collect())
    });
    if found.as_deref() != Some(format) {
        return Err(Outer::OtherFormat { format: found });
    }
    Ok(top)
}

/// serde_json's message without the position it appends, which the error carries apart.
pub(crate) fn message_of(error: &serde_json::Error) -> String {
    let message = error.to_string();
    let position = format!(" at line {} column {}", error.line(), error.column());
    message
        .strip_suffix(&position)
        .unwrap_or(&message)
        .to_string()
}

/// Every field's type. The fast parse runs first; only a file that fails it is parsed again
/// tracking the path, to say where.
fn typed<T: serde::de::DeserializeOwned>(text: &[u8]) -> Result<T, ImportError> {
    serde_json::from_slice(text).or_else(|_| {
        let mut deserializer = serde_json::Deserializer::from_slice(text);
        serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
            let path = e.path().to_string();
            let error = e.into_inner();
            ImportError::InvalidField {
                path,
                message: message_of(&error),
                line: error.line(),
                column: error.column(),
            }
        })
    })
}

/// The positions of the first key listed a second time, and of its first listing.
fn first_repeat<K: Eq + std::hash::Hash>(keys: impl Iterator<Item = K>) -> Option<(usize, usize)> {
    let mut first_at: HashMap<K, usize> = HashMap::new();
    for (index, key) in keys.enumerate() {
        if let Some(&first) = first_at.get(&key) {
            return Some((first, index));
        }
        first_at.insert(key, index);
    }
    None
}

/// A type error inside a settings event that is an SLA policy, if one of the policy's business
/// calendars has a problem, is that problem, as the settings page would have shown it: the
/// calendar type refuses such a calendar while it is read, and that only says where.
fn policy_problem(text: &[u8], error: ImportError) -> ImportError {
    #[derive(Deserialize)]
    struct Settings {
        team_settings: Vec<Value>,
    }
    let ImportError::InvalidField { path, .. } = &error else {
        return error;
    };
    let Some(index) = path
        .strip_prefix("team_settings[")
        .and_then(|rest| rest.split(']').next())
        .and_then(|index| index.parse::<usize>().ok())
    else {
        return error;
    };
    let Ok(Settings { team_settings }) = serde_json::from_slice(text) else {
        return error;
    };
    let Some(event) = team_settings.get(index) else {
        return error;
    };
    let Some(policy) = event["change"].get("policy") else {
        return error;
    };
    let exceptions = policy["clock_calendars"].as_array().into_iter().flatten();
    let problem = ["p1", "p2", "p3", "p4"]
        .into_iter()
        .map(|priority| &policy["calendars"][priority])
        .chain(exceptions.map(|exception| &exception["calendar"]))
        .filter(|calendar| calendar["kind"] == "business")
        .filter_map(|calendar| BusinessCalendarSpec::deserialize(calendar).ok())
        .find_map(|spec| spec.problems().into_iter().next());
    match (problem, event["id"].as_str()) {
        (Some(problem), Some(id)) => ImportError::InvalidPolicy {
            index,
            event: EventId(id.into()),
            problem,
        },
        _ => error,
    }
}

/// What the types cannot say.
fn check(file: FileIn<Vec<ArticleIn>, Vec<SettingChanged>>) -> Result<Export, ImportError> {
    if let Some((first, second)) = first_repeat(file.tickets.iter().map(|t| &t.id)) {
        return Err(ImportError::DuplicateTicket {
            first,
            second,
            ticket: file.tickets[second].id.clone(),
        });
    }

    let mut events = Vec::new();
    let mut places = Vec::new();
    for (t, ticket) in file.tickets.into_iter().enumerate() {
        let start = events.len();
        let id = ticket.id;
        events.extend(ticket.events.into_iter().map(|e| Event {
            id: e.id,
            ticket: id.clone(),
            seq: e.seq,
            actor: e.actor,
            at: e.at,
            kind: e.kind,
        }));
        places.extend((0..events.len() - start).map(|event| EventAt { ticket: t, event }));
        check_ticket(t, &id, &events[start..], &places[start..], file.version.0)?;
    }
    let events = without_duplicates(
        events,
        &places,
        |e| &e.id,
        |event, first, second| ImportError::ConflictingEvents {
            event,
            first,
            second,
        },
    )?;
    let articles = check_articles(file.articles)?;
    let attachments = check_attachments(file.attachments, &events)?;
    let settings = check_settings(file.team_settings)?;
    Ok(Export {
        version: file.version.0,
        meta: ExportMeta {
            exported_at: file.exported_at,
            exported_by: file.exported_by,
            settings: file.settings,
        },
        events,
        articles,
        attachments,
        settings,
    })
}

/// Each settings event holds a value the settings page could have saved (a policy's calendars
/// are checked while they are read, see [`policy_problem`]); event ids are unique.
fn check_settings(events: Vec<SettingChanged>) -> Result<Vec<SettingChanged>, ImportError> {
    for (index, settings_event) in events.iter().enumerate() {
        let event = settings_event.id.clone();
        match settings_event.change.problem() {
            Some(SettingProblem::EmptyTeam) => return Err(ImportError::EmptyTeam { index, event }),
            Some(SettingProblem::NoChannels) => {
                return Err(ImportError::NoChannels { index, event })
            }
            Some(SettingProblem::AttachmentLimit) => {
                return Err(ImportError::AttachmentLimit { index, event })
            }
            None => {}
        }
    }
    let places: Vec<usize> = (0..events.len()).collect();
    without_duplicates(
        events,
        &places,
        |e| &e.id,
        |event, first, second| ImportError::ConflictingSettings {
            event,
            first,
            second,
        },
    )
}

/// Each article listed once, created once, nothing before its creation, its renumberings
/// Fielddesk's own and leading to the id it is listed under; event ids unique.
fn check_articles(articles: Vec<ArticleIn>) -> Result<Vec<ArticleEvent>, ImportError> {
    if let Some((first, second)) = first_repeat(articles.iter().map(|a| &a.id)) {
        return Err(ImportError::DuplicateArticle {
            first,
            second,
            article: articles[second].id.clone(),
        });
    }

    let mut events = Vec::new();
    let mut places = Vec::new();
    for (a, article) in articles.into_iter().enumerate() {
        let start = events.len();
        let id = article.id;
        events.extend(article.events.into_iter().map(|e| ArticleEvent {
            id: e.id,
            article: id.clone(),
            seq: e.seq,
            actor: e.actor,
            at: e.at,
            kind: e.kind,
        }));
        places.extend((0..events.len() - start).map(|event| ArticleEventAt { article: a, event }));
        check_article(a, &id, &events[start..], &places[start..])?;
    }
    without_duplicates(
        events,
        &places,
        |e| &e.id,
        |event, first, second| ImportError::ConflictingArticleEvents {
            event,
            first,
            second,
        },
    )
}

fn check_article(
    index: usize,
    article: &ArticleId,
    events: &[ArticleEvent],
    places: &[ArticleEventAt],
) -> Result<(), ImportError> {
    let mut creations = events
        .iter()
        .filter(|e| matches!(e.kind, ArticleEventKind::ArticleCreated { .. }));
    let Some(creation) = creations.next() else {
        return Err(ImportError::MissingArticleCreation {
            index,
            article: article.clone(),
        });
    };
    if creations.any(|e| e.id != creation.id) {
        return Err(ImportError::SecondArticleCreation {
            index,
            article: article.clone(),
        });
    }
    // `Article::fold` starts at the creation; anything before it would silently vanish.
    if let Some((event, at)) = events
        .iter()
        .zip(places)
        .find(|(e, _)| e.order_key() < creation.order_key())
    {
        return Err(ImportError::ArticleEventBeforeCreation {
            at: *at,
            event: event.id.clone(),
        });
    }
    let records: Vec<&ArticleEvent> = events
        .iter()
        .filter(|e| matches!(e.kind, ArticleEventKind::ArticleRenumbered { .. }))
        .collect();
    check_article_renumberings(creation, article, &records).map_err(|wrong| {
        let at = events
            .iter()
            .position(|e| e.id == wrong.id)
            .map_or(places[0], |i| places[i]);
        ImportError::UnexpectedArticleRenumbering {
            at,
            event: wrong.id.clone(),
        }
    })
}

/// Only the merge moves an article: each renumbering must be exactly one of its steps
/// (`article_renumbering_step`), from the first on without a gap, ending at the id the article
/// is listed under. The first one that is not is the error.
fn check_article_renumberings<'a>(
    creation: &ArticleEvent,
    article: &ArticleId,
    records: &[&'a ArticleEvent],
) -> Result<(), &'a ArticleEvent> {
    let Some(first) = records.first() else {
        return Ok(());
    };
    let Some(claimed) = first_claim(creation, records.iter().copied()) else {
        return Err(first);
    };
    let mut steps = Vec::with_capacity(records.len());
    for record in records {
        match step_of(record, creation, &claimed) {
            Some(step) => steps.push((step, *record)),
            None => return Err(record),
        }
    }
    steps.sort_by_key(|(step, _)| *step);
    steps.dedup_by_key(|(step, _)| *step);
    for (expected, (step, record)) in (1..).zip(&steps) {
        if *step != expected {
            return Err(record);
        }
    }
    let last = steps.last().map_or(first, |(_, record)| record);
    match claimed.after(steps.len() as u32) {
        Some(id) if id == *article => Ok(()),
        _ => Err(last),
    }
}

fn check_ticket(
    index: usize,
    ticket: &TicketId,
    events: &[Event],
    places: &[EventAt],
    version: u32,
) -> Result<(), ImportError> {
    let creations = events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::TicketCreated { .. }))
        .count();
    let creation = match (creations, creation_of(events)) {
        (1, Some(creation)) => creation,
        (0, _) | (_, None) => {
            return Err(ImportError::MissingCreation {
                index,
                ticket: ticket.clone(),
            })
        }
        _ => {
            return Err(ImportError::SecondCreation {
                index,
                ticket: ticket.clone(),
            })
        }
    };
    // Only the merge renumbers; a renumbering it did not make could give two tickets one number,
    // or point a reference at another article. Version 1 had no article renumberings.
    let by_id: HashMap<&EventId, &Event> = events
        .iter()
        .filter(|e| !crate::merge::articles::references(&e.kind).is_empty())
        .map(|e| (&e.id, e))
        .collect();
    for (event, at) in events.iter().zip(places) {
        let made_by_merge = match &event.kind {
            EventKind::Renumbered { .. } => step_index(event, creation).is_some(),
            EventKind::ArticleReferenceRenumbered {
                event: referring, ..
            } => {
                version >= 2
                    && by_id
                        .get(referring)
                        .is_some_and(|referring| reference_step_index(event, referring).is_some())
            }
            _ => true,
        };
        if !made_by_merge {
            return Err(ImportError::UnexpectedRenumbering {
                at: *at,
                event: event.id.clone(),
            });
        }
    }
    Ok(())
}

/// The events with identical duplicates dropped; the same id with other content is `conflict`.
fn without_duplicates<E: PartialEq, At: Copy>(
    events: Vec<E>,
    places: &[At],
    id: impl Fn(&E) -> &EventId,
    conflict: impl Fn(EventId, At, At) -> ImportError,
) -> Result<Vec<E>, ImportError> {
    let mut first: HashMap<&EventId, usize> = HashMap::with_capacity(events.len());
    let mut keep = vec![true; events.len()];
    for (index, event) in events.iter().enumerate() {
        match first.get(id(event)) {
            None => {
                first.insert(id(event), index);
            }
            Some(&earlier) if events[earlier] == *event => keep[index] = false,
            Some(&earlier) => {
                return Err(conflict(id(event).clone(), places[earlier], places[index]))
            }
        }
    }
    drop(first);
    if keep.iter().all(|k| *k) {
        return Ok(events);
    }
    Ok(events
        .into_iter()
        .zip(keep)
        .filter_map(|(event, keep)| keep.then_some(event))
        .collect())
}

fn check_attachments(
    blobs: Vec<BlobIn>,
    events: &[Event],
) -> Result<Vec<AttachmentBlob>, ImportError> {
    let referenced: HashSet<&AttachmentId> = events
        .iter()
        .filter_map(|e| e.kind.attachment().map(|a| &a.id))
        .collect();
    // The file index and the kept index of each id's first blob.
    let mut first: HashMap<AttachmentId, (usize, usize)> = HashMap::new();
    let mut checked: Vec<AttachmentBlob> = Vec::with_capacity(blobs.len());
    for (index, blob) in blobs.into_iter().enumerate() {
        let actual = blob.data_base64.len() as u64;
        if actual != blob.size {
            return Err(ImportError::AttachmentSize {
                index,
                attachment: blob.id,
                declared: blob.size,
                actual,
            });
        }
        if !blob
            .sha256
            .eq_ignore_ascii_case(&sha256_hex(&blob.data_base64))
        {
            return Err(ImportError::AttachmentChecksum {
                index,
                attachment: blob.id,
            });
        }
        if !referenced.contains(&blob.id) {
            return Err(ImportError::UnreferencedAttachment {
                index,
                attachment: blob.id,
            });
        }
        match first.get(&blob.id) {
            None => {
                first.insert(blob.id.clone(), (index, checked.len()));
                checked.push(AttachmentBlob {
                    id: blob.id,
                    bytes: blob.data_base64,
                });
            }
            Some(&(_, kept)) if checked[kept].bytes == blob.data_base64 => {}
            Some(&(first, _)) => {
                return Err(ImportError::ConflictingAttachments {
                    attachment: blob.id,
                    first,
                    second: index,
                });
            }
        }
    }
    Ok(checked)
}

fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

// The file's shape. Writing borrows the shell's data; reading owns what it parsed. Events sit
// inside their ticket, so they carry no `ticket` field of their own.

#[derive(Serialize)]
struct FileOut<'a> {
    format: &'static str,
    version: u32,
    exported_at: &'a DateTime<Utc>,
    exported_by: &'a Person,
    tickets: Vec<TicketOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    articles: Option<Vec<ArticleOut<'a>>>,
    attachments: Vec<BlobOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    settings: Option<&'a Map<String, Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    team_settings: Option<&'a [SettingChanged]>,
}

#[derive(Serialize)]
struct TicketOut<'a> {
    id: &'a TicketId,
    number: TicketNo,
    events: Vec<EventOut<'a, EventKind>>,
}

/// A ticket's or an article's event as the file holds it: the envelope without the id of the
/// ticket or article it belongs to (the file groups events under it).
#[derive(Serialize)]
struct EventOut<'a, K> {
    id: &'a EventId,
    seq: u64,
    actor: &'a Person,
    at: &'a DateTime<Utc>,
    kind: &'a K,
}

impl<'a> From<&'a Event> for EventOut<'a, EventKind> {
    fn from(event: &'a Event) -> Self {
        EventOut {
            id: &event.id,
            seq: event.seq,
            actor: &event.actor,
            at: &event.at,
            kind: &event.kind,
        }
    }
}

#[derive(Serialize)]
struct ArticleOut<'a> {
    id: &'a ArticleId,
    events: Vec<EventOut<'a, ArticleEventKind>>,
}

impl<'a> From<&'a ArticleEvent> for EventOut<'a, ArticleEventKind> {
    fn from(event: &'a ArticleEvent) -> Self {
        EventOut {
            id: &event.id,
            seq: event.seq,
            actor: &event.actor,
            at: &event.at,
            kind: &event.kind,
        }
    }
}

#[derive(Serialize)]
struct BlobOut<'a> {
    id: &'a AttachmentId,
    size: u64,
    sha256: String,
    #[serde(serialize_with = "base64_out")]
    data_base64: &'a [u8],
}

fn base64_out<S: Serializer>(bytes: &&[u8], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&base64::engine::general_purpose::STANDARD.encode(bytes))
}

/// The file as read; `A` is the articles' type (ignored for version 1), `S` the settings
/// events' (ignored before version 5).
#[derive(Deserialize)]
struct FileIn<A, S> {
    version: FormatVersion,
    exported_at: DateTime<Utc>,
    exported_by: Person,
    tickets: Vec<TicketIn>,
    #[serde(default)]
    articles: A,
    attachments: Vec<BlobIn>,
    #[serde(default)]
    settings: Option<Map<String, Value>>,
    #[serde(default)]
    team_settings: S,
}

impl<A, S> FileIn<A, S> {
    fn with<B, T>(
        self,
        articles: impl FnOnce(A) -> B,
        settings: impl FnOnce(S) -> T,
    ) -> FileIn<B, T> {
        FileIn {
            version: self.version,
            exported_at: self.exported_at,
            exported_by: self.exported_by,
            tickets: self.tickets,
            articles: articles(self.articles),
            attachments: self.attachments,
            settings: self.settings,
            team_settings: settings(self.team_settings),
        }
    }
}

/// A version this build reads: 1 to [`VERSION`] (newer ones are refused before the types).
struct FormatVersion(u32);

impl<'de> Deserialize<'de> for FormatVersion {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let version = u32::deserialize(deserializer)?;
        if version == 0 || version > VERSION {
            return Err(serde::de::Error::custom(format!(
                "format version {version} does not exist; this Fielddesk reads 1 to {VERSION}"
            )));
        }
        Ok(FormatVersion(version))
    }
}

#[derive(Deserialize)]
struct TicketIn {
    id: TicketId,
    /// For people reading the file; the number is the events' to say.
    #[serde(rename = "number")]
    _number: TicketNo,
    events: Vec<EventIn>,
}

#[derive(Deserialize)]
struct EventIn {
    id: EventId,
    seq: u64,
    actor: Person,
    at: DateTime<Utc>,
    kind: EventKind,
}

#[derive(Deserialize)]
struct ArticleIn {
    id: ArticleId,
    events: Vec<ArticleEventIn>,
}

/// Apart from `EventIn`, not one generic struct: serde names the struct in a type error's
/// message (`expected struct ArticleEventIn`), which the import shows.
#[derive(Deserialize)]
struct ArticleEventIn {
    id: EventId,
    seq: u64,
    actor: Person,
    at: DateTime<Utc>,
    kind: ArticleEventKind,
}

#[derive(Deserialize)]
struct BlobIn {
    id: AttachmentId,
    size: u64,
    sha256: String,
    #[serde(deserialize_with = "base64_in")]
    data_base64: Vec<u8>,
}

fn base64_in<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
    let text = Cow::<str>::deserialize(deserializer)?;
    base64::engine::general_purpose::STANDARD
        .decode(text.as_bytes())
        .map_err(|e| serde::de::Error::custom(format!("not base64: {e}")))
}

#[cfg(test)]
pub(crate) mod tests;
