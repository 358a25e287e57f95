//! 团队同步: the settings section that points this browser at the team's CouchDB database, and
//! the header's sync status. The sync itself is `crate::team_sync`'s.

use fielddesk_core::replication::SyncPolicy;
use fielddesk_core::{Setting, SettingProblem};
use leptos::prelude::*;

use crate::desk::Desk;
use crate::i18n::{self, t, Msg, F};
use crate::team_sync::{probe, Account, Probe, Status, TeamSync};

/// The settings section: database URL, user, password, "remember on this device", a test, and
/// turning sync on or off.
#[component]
pub fn SyncSettings() -> impl IntoView {
    let desk = expect_context::<Desk>();
    let sync = expect_context::<TeamSync>();
    let lang = desk.lang;
    let saved = Account::saved().unwrap_or_default();
    let url = RwSignal::new(saved.url.clone());
    let user = RwSignal::new(saved.user.clone());
    let password = RwSignal::new(saved.password.clone());
    let remember = RwSignal::new(saved.remember);
    let answer = RwSignal::new(None::<Result<String, String>>);
    let testing = RwSignal::new(false);
    let account = move || Account {
        url: url.get_untracked().trim().to_string(),
        user: user.get_untracked().trim().to_string(),
        password: password.get_untracked(),
        remember: remember.get_untracked(),
    };
    let filled = move |account: &Account| -> bool {
        let url_ok = account.url.starts_with("https://") || account.url.starts_with("http://");
        if !url_ok {
            answer.set(Some(Err(
                t(lang.get_untracked(), Msg::SyncUrlInvalid).into()
            )));
        }
        url_ok
    };
    let test = move |_| {
        let account = account();
        if !filled(&account) {
            return;
        }
        testing.set(true);
        answer.set(None);
        leptos::task::spawn_local(async move {
            let found = probe(&account).await;
            let lang = lang.get_untracked();
            answer.set(Some(match found {
                Probe::Connected { db_name } => Ok(F::SyncConnected { db: &db_name }.text(lang)),
                Probe::Refused(error) => Err(i18n::replication_error(lang, &error)),
                Probe::CorsRefused => Err(t(lang, Msg::SyncCorsRefused).into()),
                Probe::Unreachable => Err(t(lang, Msg::SyncUnreachable).into()),
            }));
            testing.set(false);
        });
    };
    let turn_on = move |_| {
        let account = account();
        if !filled(&account) {
            return;
        }
        answer.set(None);
        sync.turn_on(desk, account);
    };
    let turn_off = move |_| {
        answer.set(None);
        password.set(String::new());
        sync.turn_off();
    };
    let on = move || sync.status.get() != Status::Off;

    view! {
        <section class="panel sync-settings" aria-labelledby="sync-title">
            <h2 id="sync-title">{move || t(lang.get(), Msg::TeamSync)}</h2>
            <p class="hint">{move || t(lang.get(), Msg::TeamSyncHint)}</p>
            <div class="grid2">
                <div class="field wide">
                    <label for="sync-url">{move || t(lang.get(), Msg::SyncUrl)}</label>
                    <input type="url" id="sync-url" inputmode="url" autocomplete="url" placeholder="https://couch.example.com/fielddesk"
                        prop:value=move || url.get() on:input=move |ev| url.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="sync-user">{move || t(lang.get(), Msg::SyncUser)}</label>
                    <input type="text" id="sync-user" autocomplete="username" autocapitalize="off"
                        prop:value=move || user.get() on:input=move |ev| user.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="sync-password">{move || t(lang.get(), Msg::SyncPassword)}</label>
                    <input type="password" id="sync-password" autocomplete="current-password"
                        prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev))/>
                </div>
            </div>
            <label class="check">
                <input type="checkbox" id="sync-remember" aria-describedby="sync-remember-warning"
                    prop:checked=move || remember.get() on:change=move |ev| remember.set(event_target_checked(&ev))/>
                {move || t(lang.get(), Msg::SyncRemember)}
            </label>
            <p class="hint warn" id="sync-remember-warning" hidden=move || !remember.get()>
                {move || t(lang.get(), Msg::SyncRememberWarning)}
            </p>
            <div class="action-bar">
                <button class="secondary" id="sync-test" on:click=test disabled=move || testing.get()>
                    {move || t(lang.get(), if testing.get() { Msg::SyncTesting } else { Msg::SyncTest })}
                </button>
                <button class="primary" id="sync-on" on:click=turn_on>{move || t(lang.get(), Msg::SyncTurnOn)}</button>
                <button class="secondary" id="sync-off" on:click=turn_off hidden=move || !on()>{move || t(lang.get(), Msg::SyncTurnOff)}</button>
            </div>
            <p id="sync-answer" role="status" aria-live="polite"
                class:good=move || matches!(answer.get(), Some(Ok(_)))
                class:error=move || matches!(answer.get(), Some(Err(_)))>
                {move || answer.get().map(|a| a.unwrap_or_else(|e| e))}
            </p>
            <p id="sync-state" class="sync-state" hidden=move || !on()>
                {move || status_text(lang.get(), &sync.status.get(), sync.read_only.get())}
            </p>
            <FirstPull/>
            <RefusedDocs/>
            <FileLimit/>
        </section>
    }
}

/// The team's largest synced file: a team setting, saved as an event and synced like the
/// others.
#[component]
fn FileLimit() -> impl IntoView {
    let desk = expect_context::<Desk>();
    let lang = desk.lang;
    let in_force = Memo::new(move |_| desk.settings.with(|s| s.sync.max_attachment_mib));
    let typed = RwSignal::new(in_force.get_untracked().to_string());
    // A limit that arrives from another device or tab replaces what is shown; another setting
    // arriving leaves what is being typed alone.
    Effect::new(move |_| typed.set(in_force.get().to_string()));
    let said = RwSignal::new(None::<Result<String, String>>);
    let save = move |_| {
        let lang = lang.get_untracked();
        let problem = || Err(i18n::setting_problem(lang, SettingProblem::AttachmentLimit).into());
        let Ok(max_attachment_mib) = typed.get_untracked().trim().parse::<u32>() else {
            return said.set(Some(problem()));
        };
        let change = Setting::Sync(SyncPolicy { max_attachment_mib });
        if change.problem().is_some() {
            return said.set(Some(problem()));
        }
        leptos::task::spawn_local(async move {
            said.set(Some(match desk.save_team_setting(change).await {
                Ok(()) => Ok(t(lang, Msg::SettingsSaved).into()),
                Err(error) => Err(i18n::storage_error(lang, &error)),
            }));
        });
    };
    view! {
        <div class="file-limit">
            <div class="field">
                <label for="sync-file-limit">{move || t(lang.get(), Msg::SyncFileLimit)}</label>
                <input type="number" id="sync-file-limit" inputmode="numeric" min="1" max=SyncPolicy::MAX_MIB.to_string()
                    aria-describedby="sync-file-limit-hint"
                    prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev))/>
                <p class="hint" id="sync-file-limit-hint">{move || t(lang.get(), Msg::SyncFileLimitHint)}</p>
            </div>
            <button class="secondary" id="sync-file-limit-save" on:click=save>{move || t(lang.get(), Msg::SaveSettings)}</button>
            <p id="sync-file-limit-answer" role="status" aria-live="polite"
                class:good=move || matches!(said.get(), Some(Ok(_)))
                class:error=move || matches!(said.get(), Some(Err(_)))>
                {move || said.get().map(|a| a.unwrap_or_else(|e| e))}
            </p>
        </div>
    }
}

/// The first pull's progress bar: how many of the server's changes have arrived.
#[component]
fn FirstPull() -> impl IntoView {
    let desk = expect_context::<Desk>();
    let sync = expect_context::<TeamSync>();
    let lang = desk.lang;
    move || {
        let total = sync.first_pull.get()?;
        let done = sync.progress.get().pulled.min(total);
        Some(view! {
            <div class="first-pull">
                <label for="sync-progress">{F::SyncFirstPull { done: &done, total: &total }.text(lang.get())}</label>
                <progress id="sync-progress" max=total.to_string() value=done.to_string()></progress>
            </div>
        })
    }
}

/// Documents the sync refused, each with its reason, as text.
#[component]
fn RefusedDocs() -> impl IntoView {
    let desk = expect_context::<Desk>();
    let sync = expect_context::<TeamSync>();
    let lang = desk.lang;
    let count = move || {
        let progress = sync.progress.get();
        progress.pull_refused + progress.push_refused
    };
    view! {
        <div id="sync-refused" hidden=move || sync.refused.with(Vec::is_empty)>
            <h3>{move || F::SyncRefused { n: &count().max(sync.refused.with(Vec::len) as u64) }.text(lang.get())}</h3>
            <ul>
                {move || sync.refused.get().into_iter().map(|e| view! {
                    <li><code>{e.id.clone()}</code>": "{i18n::refusal(lang.get(), &e.refusal)}</li>
                }).collect_view()}
            </ul>
        </div>
    }
}

/// The header's sync status; nothing while sync is off.
#[component]
pub fn SyncBadge() -> impl IntoView {
    let desk = expect_context::<Desk>();
    let sync = expect_context::<TeamSync>();
    let lang = desk.lang;
    let class = move || match sync.status.get() {
        Status::Synced => "sync-badge good",
        Status::Failed(_) | Status::StoreFailed(_) => "sync-badge bad",
        Status::Offline => "sync-badge offline",
        _ => "sync-badge",
    };
    view! {
        <a id="sync-status" class=class href="#/settings" hidden=move || sync.status.get() == Status::Off
            title=move || status_text(lang.get(), &sync.status.get(), sync.read_only.get())>
            <span class="dot" aria-hidden="true"></span>
            {move || short_text(lang.get(), &sync.status.get(), sync.read_only.get())}
        </a>
    }
}

fn short_text(lang: i18n::Lang, status: &Status, read_only: bool) -> String {
    match status {
        Status::Off => String::new(),
        Status::OtherTab => t(lang, Msg::SyncOtherTab).into(),
        Status::Connecting => t(lang, Msg::SyncConnecting).into(),
        Status::Syncing { n } => F::SyncSyncing { n }.text(lang),
        Status::Synced if read_only => t(lang, Msg::SyncSyncedReadOnly).into(),
        Status::Synced => t(lang, Msg::SyncSynced).into(),
        Status::Offline => t(lang, Msg::SyncOffline).into(),
        Status::Failed(_) | Status::StoreFailed(_) => t(lang, Msg::SyncFailed).into(),
    }
}

/// The status with its reason, for the settings section and the badge's title.
fn status_text(lang: i18n::Lang, status: &Status, read_only: bool) -> String {
    let short = short_text(lang, status, read_only);
    let reason = match status {
        Status::Failed(error) => i18n::replication_error(lang, error),
        Status::StoreFailed(error) => i18n::storage_error(lang, error),
        Status::Synced | Status::Syncing { .. } if read_only => t(lang, Msg::SyncReadOnly).into(),
        _ => return short,
    };
    format!("{short}: {reason}")
}
