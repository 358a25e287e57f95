//! Fielddesk's browser shell: Leptos components, the IndexedDB adapter and small preferences.
//! Business rules live in `fielddesk-core`; this crate turns clicks into core calls and results
//! into storage writes and signals.

pub mod clock;
pub mod components;
pub mod crypto;
pub mod derived;
pub mod desk;
pub mod files;
pub mod frame;
pub mod i18n;
pub mod knowledge;
pub mod offline;
pub mod prefs;
pub mod route;
pub mod storage;
pub mod sync;
pub mod team;
pub mod team_sync;
pub mod vocab;

/// Mounts the app on `<body>`.
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(frame::App);
}
