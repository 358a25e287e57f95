//! Where the app keeps its data: the browser's IndexedDB ([`idb`]), or — only when this browser
//! refuses IndexedDB — localStorage ([`local`]), with a banner saying the data may not last.
//! Both keep the same promises: the events of one user action, or one import, are written all
//! or nothing, and a failure says what went wrong (`i18n::storage_error` words it).

mod idb;
mod local;

use std::collections::HashSet;

use fielddesk_core::{ArticleEvent, AttachmentBlob, AttachmentId, Event, SettingChanged};
use serde::de::DeserializeOwned;
use serde::Serialize;

pub use idb::SCHEMA_VERSION;

pub const DB_NAME: &str = "fielddesk";

/// Why the store could not do what was asked.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StorageError {
    /// No IndexedDB here (switched off, or a private window that refuses it).
    #[error("IndexedDB is not available: {0}")]
    Unavailable(String),
    /// The database was written by a newer Fielddesk than this (cached) page.
    #[error("the database was written by a newer version of Fielddesk")]
    Newer,
    /// The browser refused the write: this site's storage quota is used up.
    #[error("the storage quota is used up")]
    Quota,
    /// The page has not opened the database (it failed to open).
    #[error("the browser's database is not open")]
    NotOpen,
    /// A newer Fielddesk opened in another tab and this tab's connection closed for it.
    #[error("a newer version of Fielddesk took over the database in another tab")]
    Superseded,
    #[error("the browser's database could not be opened: {0}")]
    Open(String),
    #[error("the browser's database refused the change: {0}")]
    Write(String),
    #[error("the browser's database could not be read: {0}")]
    Read(String),
}

/// What one write stores: ticket events, article events, attachment bytes and team settings
/// events.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Change {
    pub events: Vec<Event>,
    pub articles: Vec<ArticleEvent>,
    pub files: Vec<AttachmentBlob>,
    pub settings: Vec<SettingChanged>,
}

impl Change {
    pub fn events(events: Vec<Event>) -> Change {
        Change {
            events,
            ..Change::default()
        }
    }

    pub fn articles(articles: Vec<ArticleEvent>) -> Change {
        Change {
            articles,
            ..Change::default()
        }
    }

    pub fn settings(settings: Vec<SettingChanged>) -> Change {
        Change {
            settings,
            ..Change::default()
        }
    }

    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
            && self.articles.is_empty()
            && self.files.is_empty()
            && self.settings.is_empty()
    }
}

/// Where one write put its records, so that another tab re-reads just those (`sync`).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Written {
    /// The `batches` keys written (IndexedDB), or the events' ids (the localStorage fallback).
    pub events: Vec<String>,
    /// The article events' ids.
    pub articles: Vec<String>,
    /// The team settings events' ids.
    #[serde(default)]
    pub settings: Vec<String>,
}

impl Written {
    pub fn is_empty(&self) -> bool {
        self.events.is_empty() && self.articles.is_empty() && self.settings.is_empty()
    }
}

/// What the page hears from the database while it is open.
pub struct Watch {
    /// Another tab holds an older version open, so this tab's upgrade waits for it to close.
    pub blocked: Box<dyn Fn()>,
    /// Another tab upgraded the database; this tab's connection has closed for it.
    pub superseded: Box<dyn Fn()>,
}

impl Watch {
    fn quiet() -> Watch {
        Watch {
            blocked: Box::new(|| {}),
            superseded: Box::new(|| {}),
        }
    }
}

pub struct Store(Backend);

enum Backend {
    Idb(idb::Idb),
    Local(local::Local),
}

impl Store {
    /// Opens the app's database, creating or upgrading it to the current schema; falls back to
    /// localStorage only when the browser has no usable IndexedDB.
    pub async fn open(watch: Watch) -> Result<Store, StorageError> {
        match idb::Idb::open(DB_NAME, watch).await {
            Ok(db) => Ok(Store(Backend::Idb(db))),
            Err(StorageError::Unavailable(why)) => local::Local::open(DB_NAME)
                .map(|l| Store(Backend::Local(l)))
                .map_err(|_| StorageError::Unavailable(why)),
            Err(error) => Err(error),
        }
    }

    /// An IndexedDB database of another name (tests, benchmarks).
    pub async fn open_named(name: &str) -> Result<Store, StorageError> {
        Ok(Store(Backend::Idb(
            idb::Idb::open(name, Watch::quiet()).await?,
        )))
    }

    /// The localStorage fallback under another key prefix (tests).
    pub fn open_local(prefix: &str) -> Result<Store, StorageError> {
        Ok(Store(Backend::Local(local::Local::open(prefix)?)))
    }

    /// True when the data lives in localStorage: small, and cleared with the browser's data.
    pub fn is_fallback(&self) -> bool {
        matches!(self.0, Backend::Local(_))
    }

    /// Writes one change — the events of a user action, an article with the events linking it
    /// (R5.4), files with the event naming them, or an import's whole plan — at once: all of it
    /// or none. An article event whose id is stored already replaces it (a merge moved its
    /// article to another id). `progress(done, total)` counts ticket events and files.
    pub async fn write(
        &self,
        change: &Change,
        progress: impl Fn(usize, usize),
    ) -> Result<Written, StorageError> {
        match &self.0 {
            Backend::Idb(db) => db.write(change, progress).await,
            Backend::Local(l) => {
                l.write(change)?;
                let total = change.events.len() + change.files.len();
                progress(total, total);
                Ok(Written {
                    events: change.events.iter().map(|e| e.id.0.clone()).collect(),
                    articles: change.articles.iter().map(|e| e.id.0.clone()).collect(),
                    settings: change.settings.iter().map(|e| e.id.0.clone()).collect(),
                })
            }
        }
    }

    /// The ticket and article events another tab's write put where `written` says (no file
    /// bytes: a page reads those by id when it shows them). A record gone since (the database
    /// was cleared) is simply not there.
    pub async fn written(&self, written: &Written) -> Result<Change, StorageError> {
        match &self.0 {
            Backend::Idb(db) => db.written(written).await,
            Backend::Local(l) => {
                let held = l.read()?;
                let sets = |ids: &[String]| ids.iter().cloned().collect::<HashSet<String>>();
                let (events, articles, settings) = (
                    sets(&written.events),
                    sets(&written.articles),
                    sets(&written.settings),
                );
                Ok(Change {
                    events: (held.events.into_iter())
                        .filter(|e| events.contains(&e.id.0))
                        .collect(),
                    articles: (held.articles.into_iter())
                        .filter(|e| articles.contains(&e.id.0))
                        .collect(),
                    files: Vec::new(),
                    settings: (l.setting_events()?.into_iter())
                        .filter(|e| settings.contains(&e.id.0))
                        .collect(),
                })
            }
        }
    }

    /// Every ticket event, once each, in no particular order (the core folds them in causal
    /// order).
    pub async fn events(&self) -> Result<Vec<Event>, StorageError> {
        match &self.0 {
            Backend::Idb(db) => db.events().await,
            Backend::Local(l) => Ok(l.read()?.events),
        }
    }

    /// Every article event, in no particular order (`Article::fold` orders them).
    pub async fn article_events(&self) -> Result<Vec<ArticleEvent>, StorageError> {
        match &self.0 {
            Backend::Idb(db) => db.article_events().await,
            Backend::Local(l) => Ok(l.read()?.articles),
        }
    }

    /// Every team settings event, in no particular order (`SettingsLog` orders them).
    pub async fn setting_events(&self) -> Result<Vec<SettingChanged>, StorageError> {
        match &self.0 {
            Backend::Idb(db) => db.setting_events().await,
            Backend::Local(l) => l.setting_events(),
        }
    }

    /// One attachment's bytes; `None` when this browser does not hold them.
    pub async fn attachment(
        &self,
        id: &AttachmentId,
    ) -> Result<Option<AttachmentBlob>, StorageError> {
        match &self.0 {
            Backend::Idb(db) => db.attachment(id).await,
            Backend::Local(l) => Ok(l.read()?.attachments.into_iter().find(|b| &b.id == id)),
        }
    }

    /// Every attachment's bytes.
    pub async fn attachments(&self) -> Result<Vec<AttachmentBlob>, StorageError> {
        match &self.0 {
            Backend::Idb(db) => db.attachments().await,
            Backend::Local(l) => Ok(l.read()?.attachments),
        }
    }

    /// The ids of the attachments whose bytes this device holds.
    pub async fn attachment_ids(&self) -> Result<Vec<AttachmentId>, StorageError> {
        Ok(match &self.0 {
            Backend::Idb(db) => db.attachment_ids().await?,
            Backend::Local(l) => l.read()?.attachments.into_iter().map(|b| b.id).collect(),
        })
    }

    pub async fn put_setting<T: Serialize>(
        &self,
        key: &str,
        value: &T,
    ) -> Result<(), StorageError> {
        match &self.0 {
            Backend::Idb(db) => db.put_setting(key, value).await,
            Backend::Local(l) => l.put_setting(key, value),
        }
    }

    pub async fn setting<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>, StorageError> {
        match &self.0 {
            Backend::Idb(db) => db.setting(key).await,
            Backend::Local(l) => l.setting(key),
        }
    }

    /// The IndexedDB schema version (the fallback keeps no schema of its own: 0).
    pub fn version(&self) -> u32 {
        match &self.0 {
            Backend::Idb(db) => db.version(),
            Backend::Local(_) => 0,
        }
    }
}
