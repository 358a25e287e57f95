//! The fallback when the browser refuses IndexedDB: localStorage, which is small (about 5 MB)
//! and goes when the user clears the browser's data — the page shows a banner saying so.
//!
//! Layout, under a key prefix (the app uses `fielddesk`):
//! - `<prefix>.tickets` — every ticket event and attachment as one Fielddesk export file
//!   (docs/export-format.md): one `setItem` per write, so a write is all or nothing, and the
//!   format is the one that already round-trips every ticket, event and file.
//! - `<prefix>.articles` — every article event, as a JSON array.
//! - `<prefix>.team_settings` — every team settings event, as a JSON array.
//! - `<prefix>.setting.<key>` — one preference of this browser.
//!
//! A write that touches several keys (publishing an article, R5.4; an import with articles and
//! team settings) puts back the ones it wrote if a later one is refused.
//!
//! localStorage has no transactions: two tabs writing at the same instant may each read the
//! old value, and the later write wins. IndexedDB, when the browser allows it, has no such gap.

use chrono::DateTime;
use fielddesk_core::{
    export, parse_export, ArticleEvent, AttachmentBlob, Event, ExportMeta, Person, SettingChanged,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};

use super::{Change, StorageError};

pub(super) struct Local {
    prefix: String,
    storage: web_sys::Storage,
}

/// Everything the fallback holds.
pub(super) struct Contents {
    pub events: Vec<Event>,
    pub articles: Vec<ArticleEvent>,
    pub attachments: Vec<AttachmentBlob>,
}

impl Local {
    pub(super) fn open(prefix: &str) -> Result<Local, StorageError> {
        let storage = web_sys::window()
            .and_then(|w| w.local_storage().ok().flatten())
            .ok_or_else(|| StorageError::Unavailable("no localStorage either".into()))?;
        Ok(Local {
            prefix: prefix.to_string(),
            storage,
        })
    }

    fn key(&self, name: &str) -> String {
        format!("{}.{name}", self.prefix)
    }

    fn get(&self, name: &str) -> Result<Option<String>, StorageError> {
        self.storage
            .get_item(&self.key(name))
            .map_err(|e| StorageError::Read(describe(&e)))
    }

    fn set(&self, name: &str, value: &str) -> Result<(), StorageError> {
        self.storage.set_item(&self.key(name), value).map_err(|e| {
            match e.dyn_ref::<web_sys::DomException>().map(|d| d.name()) {
                Some(name) if name == "QuotaExceededError" => StorageError::Quota,
                _ => StorageError::Write(describe(&e)),
            }
        })
    }

    pub(super) fn read(&self) -> Result<Contents, StorageError> {
        let (events, attachments) = match self.get(TICKETS)? {
            Some(text) => {
                let file =
                    parse_export(text.as_bytes()).map_err(|e| StorageError::Read(e.to_string()))?;
                (file.events, file.attachments)
            }
            None => (Vec::new(), Vec::new()),
        };
        let articles = match self.get(ARTICLES)? {
            Some(text) => {
                serde_json::from_str(&text).map_err(|e| StorageError::Read(e.to_string()))?
            }
            None => Vec::new(),
        };
        Ok(Contents {
            events,
            articles,
            attachments,
        })
    }

    /// Adds what is not there yet (by id; article events replace theirs), all of it or none
    /// of it.
    pub(super) fn write(&self, change: &Change) -> Result<(), StorageError> {
        let Change {
            events,
            articles,
            files: attachments,
            settings,
        } = change;
        let mut held = self.read()?;
        let tickets_text = (!events.is_empty() || !attachments.is_empty()).then(|| {
            add_new(&mut held.events, events, |e| &e.id);
            add_new(&mut held.attachments, attachments, |b| &b.id);
            export(&held.events, &[], &held.attachments, &[], None, &meta())
        });
        let before = self.get(ARTICLES)?;
        if !articles.is_empty() {
            for event in articles {
                // Replaces an event a merge moved to another article id.
                match held.articles.iter_mut().find(|h| h.id == event.id) {
                    Some(old) => *old = event.clone(),
                    None => held.articles.push(event.clone()),
                }
            }
            let text = serde_json::to_string(&held.articles)
                .expect("article events are plain data with string keys");
            self.set(ARTICLES, &text)?;
        }
        let before_settings = self.get(TEAM_SETTINGS)?;
        if !settings.is_empty() {
            let mut held_settings = self.setting_events()?;
            add_new(&mut held_settings, settings, |e| &e.id);
            let text = serde_json::to_string(&held_settings)
                .expect("settings events are plain data with string keys");
            if let Err(error) = self.set(TEAM_SETTINGS, &text) {
                self.restore(ARTICLES, before, !articles.is_empty())?;
                return Err(error);
            }
        }
        if let Some(text) = tickets_text {
            if let Err(error) = self.set(TICKETS, &text) {
                self.restore(ARTICLES, before, !articles.is_empty())?;
                self.restore(TEAM_SETTINGS, before_settings, !settings.is_empty())?;
                return Err(error);
            }
        }
        Ok(())
    }

    /// Puts `name` back as it was before a write that failed half-way, if the write touched it.
    fn restore(
        &self,
        name: &str,
        before: Option<String>,
        touched: bool,
    ) -> Result<(), StorageError> {
        if !touched {
            return Ok(());
        }
        match before {
            Some(old) => self.set(name, &old),
            None => self
                .storage
                .remove_item(&self.key(name))
                .map_err(|e| StorageError::Write(describe(&e))),
        }
    }

    pub(super) fn setting_events(&self) -> Result<Vec<SettingChanged>, StorageError> {
        match self.get(TEAM_SETTINGS)? {
            Some(text) => {
                serde_json::from_str(&text).map_err(|e| StorageError::Read(e.to_string()))
            }
            None => Ok(Vec::new()),
        }
    }

    pub(super) fn put_setting<T: Serialize>(
        &self,
        key: &str,
        value: &T,
    ) -> Result<(), StorageError> {
        let text = serde_json::to_string(value).map_err(|e| StorageError::Write(e.to_string()))?;
        self.set(&format!("setting.{key}"), &text)
    }

    pub(super) fn setting<T: DeserializeOwned>(
        &self,
        key: &str,
    ) -> Result<Option<T>, StorageError> {
        self.get(&format!("setting.{key}"))?
            .map(|text| serde_json::from_str(&text).map_err(|e| StorageError::Read(e.to_string())))
            .transpose()
    }
}

const TICKETS: &str = "tickets";
const ARTICLES: &str = "articles";
const TEAM_SETTINGS: &str = "team_settings";

/// The export file's header, which the fallback does not use.
fn meta() -> ExportMeta {
    ExportMeta {
        exported_at: DateTime::UNIX_EPOCH,
        exported_by: Person {
            name: "Fielddesk".into(),
            employee_id: "local".into(),
        },
        settings: None,
    }
}

fn add_new<T: Clone, K: PartialEq>(held: &mut Vec<T>, new: &[T], key: impl Fn(&T) -> &K) {
    for item in new {
        if !held.iter().any(|h| key(h) == key(item)) {
            held.push(item.clone());
        }
    }
}

fn describe(error: &JsValue) -> String {
    error
        .dyn_ref::<web_sys::DomException>()
        .map(|d| d.message())
        .unwrap_or_else(|| format!("{error:?}"))
}
