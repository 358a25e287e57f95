//! The IndexedDB adapter: moves the core's events in and out of the browser's database.
//!
//! Schema (version history; each upgrade only adds, so any older database opens):
//! - v1: `events` — every event, keyed by its globally unique `id`, indexed by `ticket`.
//! - v2: `settings` — small team settings keyed by name (out-of-line keys).
//! - v3: `articles` — every knowledge-base article event, keyed by its `id`, indexed by
//!   `article` (R5.4: an article is a fold over its own events, like a ticket).

use fielddesk_core::{ArticleEvent, Event};
use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use indexed_db_futures::KeyPath;
use serde::de::DeserializeOwned;
use serde::Serialize;

pub const DB_NAME: &str = "fielddesk";
pub const SCHEMA_VERSION: u32 = 3;
const EVENTS: &str = "events";
const SETTINGS: &str = "settings";
const ARTICLES: &str = "articles";

/// Why the store could not do what was asked; shown to the user as it is.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StorageError {
    #[error("the browser's database could not be opened: {0}")]
    Open(String),
    #[error("the browser's database refused the change: {0}")]
    Write(String),
    #[error("the browser's database could not be read: {0}")]
    Read(String),
}

pub struct Store {
    db: Database,
}

impl Store {
    /// Opens the app's database, creating or upgrading it to the current schema.
    pub async fn open() -> Result<Store, StorageError> {
        Self::open_named(DB_NAME).await
    }

    pub async fn open_named(name: &str) -> Result<Store, StorageError> {
        let db = Database::open(name)
            .with_version(SCHEMA_VERSION)
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
                // v3: the knowledge base's article events.
                if old < 3 {
                    let articles = db
                        .create_object_store(ARTICLES)
                        .with_key_path(KeyPath::from("id"))
                        .build()?;
                    articles
                        .create_index("article", KeyPath::from("article"))
                        .build()?;
                }
                Ok(())
            })
            .await
            .map_err(|e| StorageError::Open(e.to_string()))?;
        Ok(Store { db })
    }

    /// Writes the events of one user action in one transaction: all of them or none.
    pub async fn append(&self, events: &[Event]) -> Result<(), StorageError> {
        let write = |e: indexed_db_futures::error::Error| StorageError::Write(e.to_string());
        let tx = self
            .db
            .transaction(EVENTS)
            .with_mode(TransactionMode::Readwrite)
            .build()
            .map_err(write)?;
        let store = tx.object_store(EVENTS).map_err(write)?;
        for event in events {
            store.put(event).serde().map_err(write)?;
        }
        tx.commit().await.map_err(write)
    }

    /// Every event in the store, in no particular order (the core folds them in causal order).
    pub async fn events(&self) -> Result<Vec<Event>, StorageError> {
        let read = |e: indexed_db_futures::error::Error| StorageError::Read(e.to_string());
        let tx = self.db.transaction(EVENTS).build().map_err(read)?;
        let store = tx.object_store(EVENTS).map_err(read)?;
        let events: Vec<Event> = store
            .get_all()
            .serde()
            .map_err(read)?
            .await
            .map_err(read)?
            .collect::<Result<_, _>>()
            .map_err(read)?;
        Ok(events)
    }

    /// Writes the article events of one user action in one transaction.
    pub async fn append_articles(&self, events: &[ArticleEvent]) -> Result<(), StorageError> {
        self.publish(events, &[]).await
    }

    /// R5.4: a new article and the ticket events linking (and archiving) its ticket, in one
    /// transaction over both stores: the article is never saved without its link, nor the reverse.
    pub async fn publish(
        &self,
        articles: &[ArticleEvent],
        events: &[Event],
    ) -> Result<(), StorageError> {
        let write = |e: indexed_db_futures::error::Error| StorageError::Write(e.to_string());
        let tx = self
            .db
            .transaction([ARTICLES, EVENTS])
            .with_mode(TransactionMode::Readwrite)
            .build()
            .map_err(write)?;
        let store = tx.object_store(ARTICLES).map_err(write)?;
        for event in articles {
            store.put(event).serde().map_err(write)?;
        }
        let store = tx.object_store(EVENTS).map_err(write)?;
        for event in events {
            store.put(event).serde().map_err(write)?;
        }
        tx.commit().await.map_err(write)
    }

    /// Every article event, in no particular order (`Article::fold` orders them).
    pub async fn article_events(&self) -> Result<Vec<ArticleEvent>, StorageError> {
        let read = |e: indexed_db_futures::error::Error| StorageError::Read(e.to_string());
        let tx = self.db.transaction(ARTICLES).build().map_err(read)?;
        let store = tx.object_store(ARTICLES).map_err(read)?;
        let events: Vec<ArticleEvent> = store
            .get_all()
            .serde()
            .map_err(read)?
            .await
            .map_err(read)?
            .collect::<Result<_, _>>()
            .map_err(read)?;
        Ok(events)
    }

    pub async fn put_setting<T: Serialize>(
        &self,
        key: &str,
        value: &T,
    ) -> Result<(), StorageError> {
        let write = |e: indexed_db_futures::error::Error| StorageError::Write(e.to_string());
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
        tx.commit().await.map_err(write)
    }

    pub async fn setting<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>, StorageError> {
        let read = |e: indexed_db_futures::error::Error| StorageError::Read(e.to_string());
        let tx = self.db.transaction(SETTINGS).build().map_err(read)?;
        let store = tx.object_store(SETTINGS).map_err(read)?;
        store
            .get(key.to_string())
            .serde()
            .map_err(read)?
            .await
            .map_err(read)
    }

    pub fn version(&self) -> u32 {
        self.db.version() as u32
    }
}
