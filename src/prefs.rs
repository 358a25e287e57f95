//! Small per-browser preferences, kept in localStorage (never tickets: those live in IndexedDB).

use fielddesk_core::Person;
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

/// Who records events from this browser. The team and "who am I" settings replace this default.
pub fn current_user() -> Person {
    Person {
        name: "一线值班".into(),
        employee_id: "local".into(),
    }
}
