//! The IndexedDB backend: moves the core's events in and out of the browser's database.
//!
//! Schema (version history; each upgrade only adds, so any older database opens):
//! - v1: `events` — every event, keyed by its globally unique `id`, indexed by `ticket`.
//! - v2: `settings` — small team settings keyed by name (out-of-line keys).
//! - v3: `attachments` — attached files' bytes as `{ id, bytes: Uint8Array }`, key path `id`
//!   (the attachment id of the ticket's `FileAttached` event, which holds name, type and size).
//!   A `Uint8Array` rather than a `Blob`: the export needs the bytes synchronously, and a Blob
//!   would need an async read per file.
//! - v4: `articles` — every knowledge-base article event, keyed by its `id`, indexed by
//!   `article` (R5.4: an article is a fold over its own events, like a ticket).
//! - v5: `batches` — ticket events as `{ id, events: "<JSON array>" }`, one record per user
//!   action or per [`EVENTS_PER_BATCH`] events of an import, keyed by its first event's id
//!   (and, for an import, a random suffix: see `batch_record`).
//!   From v5 every ticket event is written here; `events` is only read (what older versions
//!   wrote). One record per event cost an IndexedDB write each: 100 000 tickets (400 000
//!   events) took 62 s to store; as batches of JSON text it is one write per thousand events.

use fielddesk_core::{ArticleEvent, AttachmentBlob, AttachmentId, Event, SettingChanged};

use super::{Change, StorageError, Watch, Written};
use std::cell::Cell;
use std::rc::Rc;

use indexed_db_futures::database::Database;
use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{Transaction, TransactionMode};
use indexed_db_futures::KeyPath;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

pub const SCHEMA_VERSION: u32 = 6;
/// Read-only since v5: ticket events as older versions stored them, one record each.
const EVENTS: &str = "events";
const BATCHES: &str = "batches";
/// How many events an import packs into one `batches` record.
const EVENTS_PER_BATCH: usize = 1000;
const SETTINGS: &str = "settings";
const ATTACHMENTS: &str = "attachments";
/// How many attachment writes [`Store::append_all`] issues between two progress reports.
const PROGRESS_EVERY: usize = 500;
const ARTICLES: &str = "articles";
const TEAM_SETTINGS: &str = "team_settings";

pub(super) struct Idb {
    db: Database,
    /// Set once this connection closed for another tab's upgrade.
    superseded: Rc<Cell<bool>>,
    _on_version_change: Closure<dyn FnMut()>,
}

impl Idb {
    /// Opens the database `name`, creating or upgrading it to the current schema.
    pub(super) async fn open(name: &str, watch: Watch) -> Result<Idb, StorageError> {
        let Watch {
            blocked,
            superseded: on_superseded,
        } = watch;
        let db = Database::open(name)
            .with_version(SCHEMA_VERSION)
            .with_on_blocked(move |_| {
                blocked();
                Ok(())
            })
            .with_on_upgrade_needed(|event, db| {
                let old = event.old_version() as u32;
                if old < 1 {
                    let events = db
                        .create_object_store(EVENTS)
                        .with_key_path(KeyPath::from("id"))
                        .build()?;
                    events
                        .create_index("ticket", KeyPath::from("ticket"))
                        .build()?;
                }
                if old < 2 {
                    db.create_object_store(SETTINGS).build()?;
                }
                if old < 3 {
                    db.create_object_store(ATTACHMENTS)
                        .with_key_path(KeyPath::from("id"))
                        .build()?;
                }
                // v4: the knowledge base's article events.
                if old < 4 {
                    let articles = db
                        .create_object_store(ARTICLES)
                        .with_key_path(KeyPath::from("id"))
                        .build()?;
                    articles
                        .create_index("article", KeyPath::from("article"))
                        .build()?;
                }
                if old < 5 {
                    db.create_object_store(BATCHES)
                        .with_key_path(KeyPath::from("id"))
                        .build()?;
                }
                if old < 6 {
                    db.create_object_store(TEAM_SETTINGS)
                        .with_key_path(KeyPath::from("id"))
                        .build()?;
                }
                Ok(())
            })
            .await
            .map_err(open_error)?;
        // A newer version in another tab cannot upgrade while this connection is open: close
        // it and say so, rather than leave that tab waiting.
        let superseded = Rc::new(Cell::new(false));
        let raw: web_sys::IdbDatabase = db.as_sys().unchecked_ref::<web_sys::IdbDatabase>().clone();
        let on_version_change = {
            let raw = raw.clone();
            let superseded = superseded.clone();
            Closure::<dyn FnMut()>::new(move || {
                raw.close();
                superseded.set(true);
                on_superseded();
            })
        };
        raw.set_onversionchange(Some(on_version_change.as_ref().unchecked_ref()));
        Ok(Idb {
            db,
            superseded,
            _on_version_change: on_version_change,
        })
    }

    /// Maps the wrapper's errors to what the user can act on; `other` wraps the rest.
    fn failure(
        &self,
        other: fn(String) -> StorageError,
    ) -> impl Fn(indexed_db_futures::error::Error) -> StorageError + Copy + '_ {
        let superseded = &*self.superseded;
        move |e| classify(superseded, dom_name(&e), other, e.to_string())
    }

    /// Commits `tx`. The wrapper only says a transaction aborted; the browser's own error on
    /// the transaction says why (a full quota shows up here, not on any one request).
    async fn commit(&self, tx: Transaction<'_>) -> Result<(), StorageError> {
        let raw: web_sys::IdbTransaction = tx
            .as_sys()
            .unchecked_ref::<web_sys::IdbTransaction>()
            .clone();
        tx.commit().await.map_err(|e| {
            let name = raw.error().map(|d| d.name()).or_else(|| dom_name(&e));
            classify(&self.superseded, name, StorageError::Write, e.to_string())
        })
    }

    /// Writes a change's events, article events and attachment bytes in ONE transaction over
    /// the three stores: all of them or none. Everything is converted before the transaction opens, and
    /// the only awaits inside it are its own requests, so it never auto-commits half-way.
    /// `progress(done, total)` counts events and files, after each batch of events, every few
    /// hundred files and at the end.
    pub(super) async fn write(
        &self,
        change: &Change,
        progress: impl Fn(usize, usize),
    ) -> Result<Written, StorageError> {
        let Change {
            events,
            articles,
            files: attachments,
            settings,
        } = change;
        let write = self.failure(StorageError::Write);
        let (keys, batches): (Vec<String>, Vec<(usize, JsValue)>) = events
            .chunks(EVENTS_PER_BATCH)
            .map(|chunk| {
                let (key, record) = batch_record(chunk);
                (key, (chunk.len(), record))
            })
            .unzip();
        let blobs: Vec<JsValue> = attachments.iter().map(blob_to_js).collect();
        let total = events.len() + blobs.len();
        let tx = self
            .db
            .transaction([BATCHES, ARTICLES, ATTACHMENTS, TEAM_SETTINGS])
            .with_mode(TransactionMode::Readwrite)
            .build()
            .map_err(write)?;
        // Article events are few, and `put` replaces those a merge moved to another id.
        let article_store = tx.object_store(ARTICLES).map_err(write)?;
        for event in articles {
            article_store.put(event).serde().map_err(write)?;
        }
        let settings_store = tx.object_store(TEAM_SETTINGS).map_err(write)?;
        for event in settings {
            settings_store
                .put(setting_record(event))
                .primitive()
                .map_err(write)?;
        }
        let batch_store = tx.object_store(BATCHES).map_err(write)?;
        let blob_store = tx.object_store(ATTACHMENTS).map_err(write)?;
        let mut done = 0;
        for (count, record) in batches {
            // Awaiting one of the transaction's own requests keeps it active, and lets the
            // page paint the progress bar.
            batch_store
                .put(record)
                .primitive()
                .map_err(write)?
                .await
                .map_err(write)?;
            done += count;
            progress(done, total);
        }
        for (i, blob) in blobs.into_iter().enumerate() {
            let request = blob_store.put(blob).primitive().map_err(write)?;
            done += 1;
            if (i + 1) % PROGRESS_EVERY == 0 {
                request.await.map_err(write)?;
                progress(done, total);
            }
        }
        self.commit(tx).await?;
        progress(total, total);
        Ok(Written {
            events: keys,
            articles: articles.iter().map(|e| e.id.0.clone()).collect(),
            settings: settings.iter().map(|e| e.id.0.clone()).collect(),
        })
    }

    /// The ticket, article and team settings events in the records `written` names, read in
    /// one transaction.
    pub(super) async fn written(&self, written: &Written) -> Result<Change, StorageError> {
        let read = self.failure(StorageError::Read);
        let tx = self
            .db
            .transaction([BATCHES, ARTICLES, TEAM_SETTINGS])
            .build()
            .map_err(read)?;
        let mut events = Vec::new();
        for record in records_at(
            &tx.object_store(BATCHES).map_err(read)?,
            &written.events,
            read,
        )
        .await?
        {
            events.extend(batch_events(&record)?);
        }
        let article_store = tx.object_store(ARTICLES).map_err(read)?;
        let mut articles = Vec::new();
        for key in &written.articles {
            let event: Option<ArticleEvent> = article_store
                .get(key.clone())
                .serde()
                .map_err(read)?
                .await
                .map_err(read)?;
            articles.extend(event);
        }
        let settings = records_at(
            &tx.object_store(TEAM_SETTINGS).map_err(read)?,
            &written.settings,
            read,
        )
        .await?
        .iter()
        .map(setting_event)
        .collect::<Result<_, _>>()?;
        Ok(Change {
            events,
            articles,
            files: Vec::new(),
            settings,
        })
    }

    /// One attachment's bytes; `None` when this browser does not hold them.
    pub(super) async fn attachment(
        &self,
        id: &AttachmentId,
    ) -> Result<Option<AttachmentBlob>, StorageError> {
        let read = self.failure(StorageError::Read);
        let tx = self.db.transaction(ATTACHMENTS).build().map_err(read)?;
        let store = tx.object_store(ATTACHMENTS).map_err(read)?;
        let value: Option<JsValue> = store
            .get(id.0.clone())
            .primitive()
            .map_err(read)?
            .await
            .map_err(read)?;
        Ok(value.as_ref().and_then(blob_from_js))
    }

    /// Every attachment's bytes.
    pub(super) async fn attachments(&self) -> Result<Vec<AttachmentBlob>, StorageError> {
        let values = self.all_values(ATTACHMENTS).await?;
        Ok(values.iter().filter_map(blob_from_js).collect())
    }

    /// Every record of `store_name`, as the browser holds it.
    async fn all_values(&self, store_name: &str) -> Result<Vec<JsValue>, StorageError> {
        let read = self.failure(StorageError::Read);
        let tx = self.db.transaction(store_name).build().map_err(read)?;
        let store = tx.object_store(store_name).map_err(read)?;
        store
            .get_all::<JsValue>()
            .primitive()
            .map_err(read)?
            .await
            .map_err(read)?
            .collect::<Result<_, _>>()
            .map_err(read)
    }

    /// The ids of the attachments whose bytes this device holds.
    pub(super) async fn attachment_ids(&self) -> Result<Vec<AttachmentId>, StorageError> {
        let read = self.failure(StorageError::Read);
        let tx = self.db.transaction(ATTACHMENTS).build().map_err(read)?;
        let store = tx.object_store(ATTACHMENTS).map_err(read)?;
        let keys: Vec<String> = store
            .get_all_keys::<String>()
            .primitive()
            .map_err(read)?
            .await
            .map_err(read)?
            .collect::<Result<_, _>>()
            .map_err(read)?;
        Ok(keys.into_iter().map(AttachmentId).collect())
    }

    /// Every event in the store, once each, in no particular order (the core folds them in
    /// causal order).
    pub(super) async fn events(&self) -> Result<Vec<Event>, StorageError> {
        let read = |e: serde_json::Error| StorageError::Read(e.to_string());
        let mut events: Vec<Event> = Vec::new();
        for record in self.all_values(BATCHES).await? {
            events.extend(batch_events(&record)?);
        }
        let legacy = self.all_values(EVENTS).await?;
        if !legacy.is_empty() {
            // One `JSON.stringify` and one serde_json pass over all of them: several times
            // faster than reading each object field by field across the wasm boundary.
            let array: js_sys::Array = legacy.into_iter().collect();
            let text = js_sys::JSON::stringify(&array)
                .map_err(|e| StorageError::Read(format!("{e:?}")))?;
            events.extend(serde_json::from_str::<Vec<Event>>(&String::from(text)).map_err(read)?);
        }
        // Two tabs importing the same file at once may both have written an event.
        let mut seen = std::collections::HashSet::with_capacity(events.len());
        events.retain(|event| seen.insert(event.id.clone()));
        Ok(events)
    }

    /// Every article event, in no particular order (`Article::fold` orders them).
    pub(super) async fn article_events(&self) -> Result<Vec<ArticleEvent>, StorageError> {
        let read = self.failure(StorageError::Read);
        let tx = self.db.transaction(ARTICLES).build().map_err(read)?;
        let store = tx.object_store(ARTICLES).map_err(read)?;
        store
            .get_all()
            .serde()
            .map_err(read)?
            .await
            .map_err(read)?
            .collect::<Result<_, _>>()
            .map_err(read)
    }

    /// Every team settings event, in no particular order.
    pub(super) async fn setting_events(&self) -> Result<Vec<SettingChanged>, StorageError> {
        (self.all_values(TEAM_SETTINGS).await?.iter())
            .map(setting_event)
            .collect()
    }

    pub(super) async fn put_setting<T: Serialize>(
        &self,
        key: &str,
        value: &T,
    ) -> Result<(), StorageError> {
        let write = self.failure(StorageError::Write);
        let tx = self
            .db
            .transaction(SETTINGS)
            .with_mode(TransactionMode::Readwrite)
            .build()
            .map_err(write)?;
        let store = tx.object_store(SETTINGS).map_err(write)?;
        store
            .put(value)
            .with_key(key.to_string())
            .serde()
            .map_err(write)?;
        self.commit(tx).await
    }

    pub(super) async fn setting<T: DeserializeOwned>(
        &self,
        key: &str,
    ) -> Result<Option<T>, StorageError> {
        let read = self.failure(StorageError::Read);
        let tx = self.db.transaction(SETTINGS).build().map_err(read)?;
        let store = tx.object_store(SETTINGS).map_err(read)?;
        store
            .get(key.to_string())
            .serde()
            .map_err(read)?
            .await
            .map_err(read)
    }

    pub(super) fn version(&self) -> u32 {
        self.db.version() as u32
    }
}

/// A `batches` record: the events as one JSON text, keyed by the first event's id and a random
/// suffix. Two tabs importing different files at once could each start a batch with the same
/// event but hold different ones after it; a shared key would let the second write drop the
/// first's. An event stored twice is read once (`events`). Returns the key with the record.
fn batch_record(events: &[Event]) -> (String, JsValue) {
    let object = js_sys::Object::new();
    let text = serde_json::to_string(events).expect("events are plain data with string keys");
    let first = events.first().map_or("", |event| event.id.0.as_str());
    let id = format!(
        "{first}~{:016x}",
        (js_sys::Math::random() * 2f64.powi(64)) as u64
    );
    js_sys::Reflect::set(&object, &"id".into(), &id.as_str().into())
        .expect("setting a property of a fresh object cannot fail");
    js_sys::Reflect::set(&object, &"events".into(), &text.into())
        .expect("setting a property of a fresh object cannot fail");
    (id, object.into())
}

/// The records of `store` under `keys`, skipping those gone since (the database was cleared).
async fn records_at(
    store: &ObjectStore<'_>,
    keys: &[String],
    read: impl Fn(indexed_db_futures::error::Error) -> StorageError,
) -> Result<Vec<JsValue>, StorageError> {
    let mut records = Vec::with_capacity(keys.len());
    for key in keys {
        let record: Option<JsValue> = store
            .get(key.clone())
            .primitive()
            .map_err(&read)?
            .await
            .map_err(&read)?;
        records.extend(record);
    }
    Ok(records)
}

/// A `team_settings` record: the event as JSON text, keyed by its id.
fn setting_record(event: &SettingChanged) -> JsValue {
    let object = js_sys::Object::new();
    let text = serde_json::to_string(event).expect("a settings event is plain data");
    js_sys::Reflect::set(&object, &"id".into(), &event.id.0.as_str().into())
        .expect("setting a property of a fresh object cannot fail");
    js_sys::Reflect::set(&object, &"event".into(), &text.into())
        .expect("setting a property of a fresh object cannot fail");
    object.into()
}

/// The event of one `team_settings` record.
fn setting_event(record: &JsValue) -> Result<SettingChanged, StorageError> {
    let text = js_sys::Reflect::get(record, &"event".into())
        .ok()
        .and_then(|v| v.as_string())
        .ok_or_else(|| StorageError::Read("a settings record has no text".into()))?;
    serde_json::from_str(&text).map_err(|e| StorageError::Read(e.to_string()))
}

/// The events of one `batches` record.
fn batch_events(record: &JsValue) -> Result<Vec<Event>, StorageError> {
    let text = js_sys::Reflect::get(record, &"events".into())
        .ok()
        .and_then(|v| v.as_string())
        .ok_or_else(|| StorageError::Read("a batch of events has no text".into()))?;
    serde_json::from_str(&text).map_err(|e| StorageError::Read(e.to_string()))
}

fn classify(
    superseded: &Cell<bool>,
    name: Option<String>,
    other: fn(String) -> StorageError,
    message: String,
) -> StorageError {
    if superseded.get() {
        return StorageError::Superseded;
    }
    match name.as_deref() {
        Some("QuotaExceededError") => StorageError::Quota,
        _ => other(message),
    }
}

/// The DOMException name behind a wrapper error, if there is one.
fn dom_name(error: &indexed_db_futures::error::Error) -> Option<String> {
    match error {
        indexed_db_futures::error::Error::DomException(e) => e
            .as_ref()
            .dyn_ref::<web_sys::DomException>()
            .map(|d| d.name()),
        _ => None,
    }
}

fn open_error(error: indexed_db_futures::error::OpenDbError) -> StorageError {
    use indexed_db_futures::error::OpenDbError;
    match &error {
        OpenDbError::NullFactory | OpenDbError::UnsupportedEnvironment => {
            StorageError::Unavailable(error.to_string())
        }
        OpenDbError::Base(e) => match dom_name(e).as_deref() {
            Some("VersionError") => StorageError::Newer,
            Some("QuotaExceededError") => StorageError::Quota,
            // Private modes and site policies that refuse IndexedDB to this page.
            Some("SecurityError") => StorageError::Unavailable(error.to_string()),
            _ => StorageError::Open(error.to_string()),
        },
        OpenDbError::VersionZero => StorageError::Open(error.to_string()),
    }
}

fn blob_to_js(blob: &AttachmentBlob) -> JsValue {
    let object = js_sys::Object::new();
    let bytes = js_sys::Uint8Array::from(blob.bytes.as_slice());
    js_sys::Reflect::set(&object, &"id".into(), &blob.id.0.as_str().into())
        .expect("setting a property of a fresh object cannot fail");
    js_sys::Reflect::set(&object, &"bytes".into(), &bytes)
        .expect("setting a property of a fresh object cannot fail");
    object.into()
}

fn blob_from_js(value: &JsValue) -> Option<AttachmentBlob> {
    let id = js_sys::Reflect::get(value, &"id".into())
        .ok()?
        .as_string()?;
    let bytes = js_sys::Reflect::get(value, &"bytes".into())
        .ok()?
        .dyn_into::<js_sys::Uint8Array>()
        .ok()?
        .to_vec();
    Some(AttachmentBlob {
        id: AttachmentId(id),
        bytes,
    })
}
