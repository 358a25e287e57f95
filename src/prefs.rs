//! Small per-browser preferences, kept in localStorage (never tickets: those live in IndexedDB).

use gloo_storage::{LocalStorage, Storage};

use crate::i18n::Lang;

const LANG: &str = "fielddesk.lang";

pub fn lang() -> Lang {
    LocalStorage::get(LANG).unwrap_or_default()
}

pub fn set_lang(lang: Lang) {
    // A preference that cannot be saved (private mode, full quota) only costs the next visit's choice.
    let _ = LocalStorage::set(LANG, lang);
}

const NOTIFY: &str = "fielddesk.notifications";

/// Whether the user turned browser notifications on (off until they do).
pub fn notifications() -> bool {
    LocalStorage::get(NOTIFY).unwrap_or(false)
}

pub fn set_notifications(on: bool) {
    let _ = LocalStorage::set(NOTIFY, on);
}
