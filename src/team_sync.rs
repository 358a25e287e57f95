//! Team sync (#14): this browser's replication with the team's CouchDB database. The core's
//! sans-IO `Replicator` says what to ask; this module sends it with `fetch` (Basic auth in the
//! `Authorization` header, a watchdog per request), stores what is pulled through the desk's one
//! write path after the core's merge (`replication::plan_pull`), and offers every local write
//! to push.
//!
//! One tab per browser syncs: the tab holding the Web Lock `fielddesk-sync`; when it closes the
//! next tab takes over. Writes always land locally first (the desk), so sync never blocks
//! typing; offline, it waits for the browser's `online` event, and a failed step is tried again
//! after a pause that grows to a minute.

use std::collections::{HashSet, VecDeque};
use std::fmt::Write as _;
use std::rc::Rc;
use std::time::Duration;

use base64::Engine as _;
use fielddesk_core::replication::{
    docs_of, held_for_pull, plan_pull, Checkpoint, Config, Doc, DocError, DocId, Failure, Holdings,
    Idle, Live, Method, Progress, Refusal, ReplicationError, ReplicationEvent, Replicator, Request,
    RequestId, Response, SyncPolicy,
};
use fielddesk_core::{Event, SettingChanged};
use futures::channel::mpsc::{unbounded, UnboundedReceiver, UnboundedSender};
use futures::StreamExt;
use gloo_storage::{LocalStorage as Saved, SessionStorage, Storage};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::desk::{Desk, Stored};
use crate::storage::{Change, StorageError};

type Replication = Replicator<SettingChanged>;
type SyncDoc = Doc<SettingChanged>;

const ACCOUNT: &str = "fielddesk.sync";
const PASSWORD: &str = "fielddesk.sync.password";
const CHECKPOINT: &str = "fielddesk.sync.checkpoint";
const DEVICE: &str = "fielddesk.device";
/// The `settings` record of the documents known to be on the server (`KnownOnServer`).
const KNOWN: &str = "sync_known";
/// New known documents that make the record worth writing again (it is a team's history long).
const KNOWN_STEP: usize = 1000;
const LOCK: &str = "fielddesk-sync";
/// Where a tab that is not syncing tells the one that is of a new account or of sync turned off
/// (`null`).
const ACCOUNT_CHANNEL: &str = "fielddesk-sync-account";
/// Documents handed to the replicator at a time: it asks for more when they are answered.
const OFFER_CHUNK: usize = 1000;
/// Refused documents kept to show; the count goes on.
const REFUSED_SHOWN: usize = 50;

/// Where this browser syncs to. The password is kept for the session only, unless `remember`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Account {
    pub url: String,
    pub user: String,
    #[serde(skip)]
    pub password: String,
    pub remember: bool,
}

impl Account {
    /// The saved account, if sync is on.
    pub fn saved() -> Option<Account> {
        let mut account: Account = Saved::get(ACCOUNT).ok()?;
        account.password = SessionStorage::get(PASSWORD)
            .or_else(|_| Saved::get(PASSWORD))
            .unwrap_or_default();
        Some(account)
    }

    fn save(&self) {
        let _ = Saved::set(ACCOUNT, self);
        SessionStorage::delete(PASSWORD);
        Saved::delete(PASSWORD);
        let _ = if self.remember {
            Saved::set(PASSWORD, &self.password)
        } else {
            SessionStorage::set(PASSWORD, &self.password)
        };
    }

    fn forget() {
        Saved::delete(ACCOUNT);
        Saved::delete(PASSWORD);
        SessionStorage::delete(PASSWORD);
        Saved::delete(CHECKPOINT);
    }

    /// The database URL without a trailing slash.
    pub fn db_url(&self) -> String {
        self.url.trim().trim_end_matches('/').to_string()
    }

    fn authorization(&self) -> String {
        let pair = format!("{}:{}", self.user, self.password);
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(pair)
        )
    }
}

/// A new account as one tab tells another: whole, with the password (sessionStorage keeps it per
/// tab), because the message can arrive before this tab's localStorage write reaches the other.
#[derive(Serialize, Deserialize)]
struct Told {
    account: Account,
    password: String,
}

/// This browser's stable id in the replication's name (made once).
fn device_id() -> String {
    Saved::get(DEVICE).unwrap_or_else(|_| {
        let id = crate::desk::new_id(crate::clock::now());
        let _ = Saved::set(DEVICE, &id);
        id
    })
}

/// What the header and the settings section show.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    /// Sync is not set up: the desk is this browser's alone.
    Off,
    /// Another tab of this browser syncs.
    OtherTab,
    Connecting,
    /// `n` changes still to send or fetch.
    Syncing {
        n: u64,
    },
    Synced,
    Offline,
    Failed(ReplicationError),
    /// Pulled changes could not be stored here.
    StoreFailed(StorageError),
}

/// The sync of this page: its status signals, and the loop's mailbox while it runs.
#[derive(Clone, Copy)]
pub struct TeamSync {
    pub status: RwSignal<Status>,
    pub progress: RwSignal<Progress>,
    /// Documents refused, newest last (at most `REFUSED_SHOWN`).
    pub refused: RwSignal<Vec<DocError>>,
    /// The account may read but not write (the server refused a push as forbidden).
    pub read_only: RwSignal<bool>,
    /// The first pull of this browser: how many changes the server said there were.
    pub first_pull: RwSignal<Option<u64>>,
    leader: RwSignal<bool>,
    mailbox: StoredValue<Option<UnboundedSender<Msg>>, LocalStorage>,
}

enum Msg {
    Answer(RequestId, Result<(u16, Vec<u8>), Failure>),
    Stored(Vec<SyncDoc>),
    Everything,
    Wake,
    Retry,
    Online,
    Stop,
}

impl TeamSync {
    /// Sync for this page: starts when this tab holds the lock and an account is saved.
    pub fn start(desk: Desk) -> TeamSync {
        let sync = TeamSync {
            status: RwSignal::new(Status::Off),
            progress: RwSignal::new(Progress::default()),
            refused: RwSignal::new(Vec::new()),
            read_only: RwSignal::new(false),
            first_pull: RwSignal::new(None),
            leader: RwSignal::new(false),
            mailbox: StoredValue::new_local(None),
        };
        desk.on_stored(move |stored| {
            let msg = match stored {
                Stored::Change(change) => Msg::Stored(docs_of(
                    &change.events,
                    &change.articles,
                    &change.files,
                    &change.settings,
                )),
                Stored::Everything => Msg::Everything,
            };
            sync.send(msg);
        });
        on_window("online", move || sync.send(Msg::Online));
        listen_for_accounts(move |told| {
            if !sync.leader.get_untracked() {
                return;
            }
            match told {
                Some(Told {
                    mut account,
                    password,
                }) => {
                    account.password = password;
                    account.save();
                    sync.restart(desk, Some(account));
                }
                None => {
                    sync.stop();
                    sync.status.set(Status::Off);
                }
            }
        });
        on_window("offline", move || {
            if sync.mailbox.with_value(Option::is_some) {
                sync.status.set(Status::Offline);
            }
        });
        if Account::saved().is_some() {
            sync.status.set(Status::OtherTab);
            sync.lead(desk);
        }
        sync
    }

    fn send(self, msg: Msg) {
        self.mailbox.with_value(|mailbox| {
            if let Some(mailbox) = mailbox {
                let _ = mailbox.unbounded_send(msg);
            }
        });
    }

    /// Saves `account` and syncs with it from now on (this tab, or the one holding the lock).
    pub fn turn_on(self, desk: Desk, account: Account) {
        account.save();
        self.refused.set(Vec::new());
        self.read_only.set(false);
        if self.leader.get_untracked() {
            self.restart(desk, Some(account));
        } else {
            tell_syncing_tab(Some(&account));
            self.status.set(Status::OtherTab);
            self.lead(desk);
        }
    }

    /// Stops syncing and forgets the account: the desk is this browser's alone again.
    pub fn turn_off(self) {
        Account::forget();
        tell_syncing_tab(None);
        self.stop();
        self.status.set(Status::Off);
    }

    fn stop(self) {
        self.send(Msg::Stop);
        self.mailbox.set_value(None);
    }

    fn restart(self, desk: Desk, account: Option<Account>) {
        self.stop();
        let Some(account) = account else {
            self.status.set(Status::Off);
            return;
        };
        let (mailbox, inbox) = unbounded();
        self.mailbox.set_value(Some(mailbox.clone()));
        self.status.set(Status::Connecting);
        leptos::task::spawn_local(self.run(desk, account, mailbox, inbox));
    }

    /// Asks for the lock; syncs while this tab holds it (for the life of the page).
    fn lead(self, desk: Desk) {
        let acquired = Closure::once_into_js(move |_lock: JsValue| -> js_sys::Promise {
            self.leader.set(true);
            self.restart(desk, Account::saved());
            // Never settles: the lock is held until the page goes.
            js_sys::Promise::new(&mut |_, _| {})
        });
        let locks = js_sys::Reflect::get(&window().navigator(), &"locks".into())
            .ok()
            .filter(|locks| !locks.is_undefined());
        let requested = locks.and_then(|locks| {
            let request = js_sys::Reflect::get(&locks, &"request".into()).ok()?;
            let request: js_sys::Function = request.dyn_into().ok()?;
            request.call2(&locks, &LOCK.into(), &acquired).ok()
        });
        if requested.is_none() {
            // No Web Locks (an old browser): this tab syncs; another tab may too, and the
            // server's checkpoint conflict tells them apart.
            self.leader.set(true);
            self.restart(desk, Account::saved());
        }
    }

    async fn run(
        self,
        desk: Desk,
        account: Account,
        mailbox: UnboundedSender<Msg>,
        mut inbox: UnboundedReceiver<Msg>,
    ) {
        let mut config = Config::new(account.db_url(), device_id());
        config.live = Live::LongPoll { timeout_ms: 25_000 };
        // Fewer, larger requests: a first pull of 10 000 tickets took 35 s in batches of 1 000,
        // 29 s in batches of 2 000 (sync-bench.spec.ts).
        config.batch_size = 2000;
        let policy = desk.settings.with_untracked(|s| s.sync);
        config.limits = policy.limits();
        let stored: Option<Checkpoint> = Saved::get(CHECKPOINT).ok();
        let first = stored.as_ref().is_none_or(|c| c.history.is_empty());
        let mut run = Run {
            sync: self,
            desk,
            replicator: Replication::new(config, stored),
            auth: Rc::new(account.authorization()),
            db_url: Rc::new(account.db_url()),
            mailbox,
            known: HashSet::new(),
            known_saved: 0,
            offers: VecDeque::new(),
            handed: 0,
            retry_ms: 0,
            first,
            policy,
        };
        run.load_known().await;
        run.offer_everything().await;
        loop {
            run.settle().await;
            let Some(msg) = inbox.next().await else {
                return;
            };
            match msg {
                Msg::Stop => return,
                Msg::Answer(id, answer) => run.answer(id, answer),
                Msg::Stored(docs) => {
                    run.offer(docs.into_iter().map(|d| Offer::Doc(Box::new(d))));
                    run.hand_chunk().await;
                    run.follow_policy().await;
                }
                Msg::Everything => {
                    run.follow_policy().await;
                    run.offer_everything().await;
                }
                Msg::Wake => run.replicator.wake(),
                Msg::Retry | Msg::Online => {
                    run.replicator.resume();
                    run.replicator.wake();
                }
            }
        }
    }
}

/// The documents this device knows are on the server, kept between visits so that a start
/// offers what is new, not a team's whole history: stable hashes of their ids.
#[derive(Debug, Default, Serialize, Deserialize)]
struct KnownOnServer {
    replication: String,
    /// Every key as 16 hex digits, end to end: JavaScript numbers cannot hold 64 bits.
    keys: String,
}

/// A document id as the known set keeps it. `DefaultHasher::new` hashes alike in every run; a
/// Rust release that changes it only makes one start offer everything again. (A new document
/// whose key a known one had would not be offered: with a million documents the odds are
/// about 3 in 100 million.)
fn known_key(id: &DocId) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    id.hash(&mut hasher);
    hasher.finish()
}

/// What is waiting to be offered: a document, or a file whose bytes are read when it is.
enum Offer {
    Doc(Box<SyncDoc>),
    File(fielddesk_core::AttachmentId),
}

/// One running sync's state.
struct Run {
    sync: TeamSync,
    desk: Desk,
    replicator: Replication,
    auth: Rc<String>,
    db_url: Rc<String>,
    mailbox: UnboundedSender<Msg>,
    /// Documents this device knows the server has, or that it offered already (`known_key`).
    known: HashSet<u64>,
    /// How many of `known` the stored record holds.
    known_saved: usize,
    offers: VecDeque<Offer>,
    /// Offered to the replicator and not answered yet.
    handed: u64,
    retry_ms: u32,
    first: bool,
    /// The team's limits the replicator checks documents against.
    policy: SyncPolicy,
}

impl Run {
    /// Checks documents against the team's limits in force from now on; files refused under a
    /// lower limit are offered again.
    async fn follow_policy(&mut self) {
        let policy = self.desk.settings.with_untracked(|s| s.sync);
        if policy != self.policy {
            self.policy = policy;
            self.replicator.set_limits(policy.limits());
            self.offer_everything().await;
        }
    }

    /// Sends every request the replicator has for now.
    fn pump(&mut self) {
        while let Some(request) = self.replicator.poll_request() {
            let mailbox = self.mailbox.clone();
            let (auth, db_url) = (self.auth.clone(), self.db_url.clone());
            leptos::task::spawn_local(async move {
                let id = request.id;
                let answer = fetch(&request, &db_url, &auth).await;
                let _ = mailbox.unbounded_send(Msg::Answer(id, answer));
            });
        }
    }

    fn answer(&mut self, id: RequestId, answer: Result<(u16, Vec<u8>), Failure>) {
        let known = &self.known;
        let held = |doc: &DocId| known.contains(&known_key(doc));
        let result = match answer {
            Ok((status, body)) => self.replicator.handle_response(
                id,
                Response {
                    status,
                    body: &body,
                },
                &held,
            ),
            Err(failure) => self.replicator.handle_failure(id, failure),
        };
        match result {
            Ok(()) => self.retry_ms = 0,
            Err(error) if error.is_transient() => {
                self.retry_ms = (self.retry_ms * 2).clamp(2_000, 60_000);
                let mailbox = self.mailbox.clone();
                set_timeout(
                    move || {
                        let _ = mailbox.unbounded_send(Msg::Retry);
                    },
                    Duration::from_millis(u64::from(self.retry_ms)),
                );
            }
            Err(_) => {}
        }
    }

    /// Acts on what the replicator tells and sends what it asks, until it has nothing more to
    /// say before the next answer (sending can tell: it says when it is idle).
    async fn settle(&mut self) {
        while self.events().await > 0 {}
        self.show();
    }

    /// Acts on what the replicator told, then sends what it asks; how many events there were.
    async fn events(&mut self) -> usize {
        let mut told = 0;
        while let Some(event) = self.replicator.poll_event() {
            told += 1;
            match event {
                ReplicationEvent::Connected { update_seq, .. } => {
                    if self.first {
                        self.sync.first_pull.set(update_seq.approximate_count());
                    }
                }
                ReplicationEvent::Pulled(docs) => {
                    if let Err(error) = self.store(docs).await {
                        self.sync.status.set(Status::StoreFailed(error));
                        self.sync.stop();
                        return 0;
                    }
                    self.replicator.confirm_stored();
                }
                ReplicationEvent::Refused(refused) => self.refused(refused),
                ReplicationEvent::Pushed { accepted, refused } => {
                    self.handed = self
                        .handed
                        .saturating_sub((accepted.len() + refused.len()) as u64);
                    if refused
                        .iter()
                        .any(|e| matches!(e.refusal, Refusal::Forbidden { .. }))
                    {
                        self.sync.read_only.set(true);
                    }
                    for error in &refused {
                        // Refused documents are offered again next time (the account may get
                        // write access).
                        if let Ok(id) = DocId::parse(&error.id) {
                            self.known.remove(&known_key(&id));
                        }
                    }
                    self.refused(refused);
                }
                ReplicationEvent::PushDrained => self.hand_chunk().await,
                ReplicationEvent::Checkpoint(checkpoint) => {
                    let _ = Saved::set(CHECKPOINT, &checkpoint);
                }
                ReplicationEvent::Progress(progress) => {
                    if let (true, Some(remaining)) = (self.first, progress.remaining) {
                        self.sync.first_pull.set(Some(progress.pulled + remaining));
                    }
                    self.sync.progress.set(progress);
                }
                ReplicationEvent::Idle(idle) => {
                    self.first = false;
                    self.sync.first_pull.set(None);
                    self.save_known().await;
                    if let Idle::WakeAfter { ms } = idle {
                        let mailbox = self.mailbox.clone();
                        set_timeout(
                            move || {
                                let _ = mailbox.unbounded_send(Msg::Wake);
                            },
                            Duration::from_millis(u64::from(ms)),
                        );
                    }
                }
            }
        }
        self.pump();
        told
    }

    fn refused(&mut self, refused: Vec<DocError>) {
        if refused.is_empty() {
            return;
        }
        self.sync.refused.update(|shown| {
            shown.extend(refused);
            let over = shown.len().saturating_sub(REFUSED_SHOWN);
            shown.drain(..over);
        });
    }

    /// Stores a pulled batch as an import of it would be stored.
    async fn store(&mut self, docs: Vec<SyncDoc>) -> Result<(), StorageError> {
        self.known
            .extend(docs.iter().map(|doc| known_key(&doc.id())));
        let store = self.desk.store().await?;
        let events: Vec<Event> = self.desk.tickets.with_untracked(|tickets| {
            let held = tickets
                .iter()
                .flat_map(|t| t.timeline.iter().map(|e| &e.event));
            held_for_pull(held, &docs)
        });
        let articles = store.article_events().await?;
        let attachments = store.attachment_ids().await?;
        let settings = self
            .desk
            .settings
            .with_untracked(|s| s.log.events().to_vec());
        let pull = plan_pull(
            Holdings {
                events: &events,
                articles: &articles,
                attachments: &attachments,
                settings: &settings,
            },
            docs,
        );
        self.refused(pull.refused);
        if pull.plan.is_empty() {
            return Ok(());
        }
        let plan = pull.plan;
        self.desk
            .write(
                Change {
                    events: plan.events,
                    articles: plan.articles,
                    files: plan.attachments,
                    settings: plan.settings,
                },
                |_, _| {},
            )
            .await
    }

    /// Offers everything this device holds (what the server has is answered by `_revs_diff`).
    async fn offer_everything(&mut self) {
        let Ok(store) = self.desk.store().await else {
            return;
        };
        let known = &self.known;
        let events: Vec<SyncDoc> = self.desk.tickets.with_untracked(|tickets| {
            let held = tickets
                .iter()
                .flat_map(|t| t.timeline.iter().map(|e| &e.event));
            held.filter(|event| !known.contains(&known_key(&DocId::Ticket(event.id.clone()))))
                .map(|event| Doc::Ticket(event.clone()))
                .collect()
        });
        let articles = store.article_events().await.unwrap_or_default();
        let settings = self
            .desk
            .settings
            .with_untracked(|s| s.log.events().to_vec());
        let files = store.attachment_ids().await.unwrap_or_default();
        let docs = events
            .into_iter()
            .chain(articles.into_iter().map(Doc::Article))
            .chain(settings.into_iter().map(Doc::Settings));
        self.offer(
            docs.map(|d| Offer::Doc(Box::new(d)))
                .chain(files.into_iter().map(Offer::File)),
        );
        self.hand_chunk().await;
    }

    fn offer(&mut self, offers: impl Iterator<Item = Offer>) {
        for offer in offers {
            let id = match &offer {
                Offer::Doc(doc) => doc.id(),
                Offer::File(id) => DocId::Attachment(id.clone()),
            };
            if self.known.insert(known_key(&id)) {
                self.offers.push_back(offer);
            }
        }
    }

    async fn load_known(&mut self) {
        let Ok(store) = self.desk.store().await else {
            return;
        };
        let replication = self.replicator.replication_id().as_str();
        if let Ok(Some(known)) = store.setting::<KnownOnServer>(KNOWN).await {
            if known.replication == replication {
                let keys = known.keys.as_bytes().chunks(16);
                let parse =
                    |key: &[u8]| u64::from_str_radix(std::str::from_utf8(key).ok()?, 16).ok();
                self.known = keys.filter_map(parse).collect();
                self.known_saved = self.known.len();
            }
        }
    }

    /// Keeps the known set for the next visit, once everything offered is answered and enough
    /// is new (what is not kept is only offered again).
    async fn save_known(&mut self) {
        let answered = self.handed == 0 && self.offers.is_empty();
        if !answered || self.known.len() < self.known_saved + KNOWN_STEP.min(self.known.len()) {
            return;
        }
        let mut keys = String::with_capacity(self.known.len() * 16);
        for key in &self.known {
            let _ = write!(keys, "{key:016x}");
        }
        let record = KnownOnServer {
            replication: self.replicator.replication_id().as_str().to_string(),
            keys,
        };
        if self.desk.save_preference(KNOWN, &record).await.is_ok() {
            self.known_saved = self.known.len();
        }
    }

    /// Hands the replicator its next chunk of offers.
    async fn hand_chunk(&mut self) {
        if self.handed > 0 || self.offers.is_empty() {
            return;
        }
        let store = self.desk.store().await.ok();
        let mut chunk = Vec::new();
        while chunk.len() < OFFER_CHUNK {
            let Some(offer) = self.offers.pop_front() else {
                break;
            };
            match offer {
                Offer::Doc(doc) => chunk.push(*doc),
                Offer::File(id) => {
                    if let Some(store) = &store {
                        if let Ok(Some(blob)) = store.attachment(&id).await {
                            chunk.push(Doc::Attachment(blob));
                        }
                    }
                }
            }
        }
        self.handed += chunk.len() as u64;
        self.replicator.offer_push(chunk);
    }

    /// The status the page shows.
    fn show(&self) {
        if matches!(self.sync.status.get_untracked(), Status::StoreFailed(_)) {
            return;
        }
        let status = match self.replicator.stopped() {
            Some(error) if error.is_transient() && !online() => Status::Offline,
            Some(error) => Status::Failed(error.clone()),
            None if self.replicator.is_idle() && self.handed == 0 && self.offers.is_empty() => {
                Status::Synced
            }
            None => {
                let remaining = self.sync.progress.get_untracked().remaining.unwrap_or(0);
                Status::Syncing {
                    n: remaining + self.handed + self.offers.len() as u64,
                }
            }
        };
        if self.sync.status.get_untracked() != status {
            self.sync.status.set(status);
        }
    }
}

fn online() -> bool {
    window().navigator().on_line()
}

fn tell_syncing_tab(account: Option<&Account>) {
    let told = account.map(|account| Told {
        account: account.clone(),
        password: account.password.clone(),
    });
    let text = serde_json::to_string(&told).expect("an account is text");
    if let Ok(channel) = web_sys::BroadcastChannel::new(ACCOUNT_CHANNEL) {
        let _ = channel.post_message(&text.into());
        channel.close();
    }
}

/// Calls `f` with what another tab tells of the account, for the life of the page.
fn listen_for_accounts(f: impl Fn(Option<Told>) + 'static) {
    let Ok(channel) = web_sys::BroadcastChannel::new(ACCOUNT_CHANNEL) else {
        return;
    };
    let callback =
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            let told = event.data().as_string();
            if let Some(told) = told.and_then(|t| serde_json::from_str::<Option<Told>>(&t).ok()) {
                f(told);
            }
        });
    channel.set_onmessage(Some(callback.as_ref().unchecked_ref()));
    callback.forget();
    std::mem::forget(channel);
}

/// Calls `f` on the window's event `name`, for the life of the page.
fn on_window(name: &str, f: impl Fn() + 'static) {
    let callback = Closure::<dyn Fn()>::new(f);
    let _ = window().add_event_listener_with_callback(name, callback.as_ref().unchecked_ref());
    callback.forget();
}

/// Sends `request` and reads the whole answer, or says why there was none. The watchdog aborts
/// it after its `timeout_ms`.
async fn fetch(request: &Request, db_url: &str, auth: &str) -> Result<(u16, Vec<u8>), Failure> {
    let controller = web_sys::AbortController::new()
        .map_err(|_| Failure::Network("no AbortController".into()))?;
    let signal = controller.signal();
    let watchdog = set_timeout_with_handle(
        move || controller.abort(),
        Duration::from_millis(u64::from(request.timeout_ms)),
    )
    .ok();
    let url = request.url(db_url);
    let method = match request.method {
        Method::Get => gloo_net::http::Method::GET,
        Method::Put => gloo_net::http::Method::PUT,
        Method::Post => gloo_net::http::Method::POST,
    };
    let builder = gloo_net::http::RequestBuilder::new(&url)
        .method(method)
        .header("Accept", "application/json")
        .header("Authorization", auth)
        .abort_signal(Some(&signal));
    let sent = match &request.body {
        Some(body) => builder
            .header("Content-Type", "application/json")
            .body(body.as_str()),
        None => builder.build(),
    };
    let answer = async {
        let response = sent
            .map_err(|e| e.to_string())?
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let body = response.binary().await.map_err(|e| e.to_string())?;
        Ok::<_, String>((response.status(), body))
    }
    .await;
    if let Some(watchdog) = watchdog {
        watchdog.clear();
    }
    answer.map_err(|detail| {
        if signal.aborted() {
            Failure::TimedOut
        } else {
            Failure::Network(detail)
        }
    })
}

/// What the settings section's test button found.
#[derive(Debug, Clone, PartialEq)]
pub enum Probe {
    /// A CouchDB database the account may read.
    Connected {
        db_name: String,
    },
    Refused(ReplicationError),
    /// The server answers, but the browser may not read its answers: CORS is not set up for
    /// this page's origin.
    CorsRefused,
    /// No answer at all: offline, a wrong host, or this deployment's Content-Security-Policy
    /// does not allow the server.
    Unreachable,
}

/// Asks the database what the replicator would ask first.
pub async fn probe(account: &Account) -> Probe {
    let mut replicator = Replication::new(Config::new(account.db_url(), device_id()), None);
    let Some(request) = replicator.poll_request() else {
        return Probe::Unreachable;
    };
    let nothing_held = |_: &DocId| false;
    match fetch(&request, &account.db_url(), &account.authorization()).await {
        Ok((status, body)) => {
            let response = Response {
                status,
                body: &body,
            };
            if let Err(error) = replicator.handle_response(request.id, response, &nothing_held) {
                return Probe::Refused(error);
            }
            match replicator.poll_event() {
                Some(ReplicationEvent::Connected { db_name, .. }) => Probe::Connected { db_name },
                _ => Probe::Unreachable,
            }
        }
        Err(_) if reachable_without_cors(&account.db_url()).await => Probe::CorsRefused,
        Err(_) => Probe::Unreachable,
    }
}

/// Whether the server answers a request the browser may send without CORS (an opaque answer).
async fn reachable_without_cors(url: &str) -> bool {
    let init = web_sys::RequestInit::new();
    init.set_mode(web_sys::RequestMode::NoCors);
    let promise = window().fetch_with_str_and_init(url, &init);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}
