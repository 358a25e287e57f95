//! The desk: what every page reads (the language, the tickets and articles folded from the
//! store, the team's settings, the current time) and the ONE way anything is written.
//!
//! Every write goes `Desk::write`: store the change in one transaction → tell the other tabs →
//! fold it into this tab's state, in that order, so a failed write changes nothing anywhere and
//! a saved one is shown at once. `act`, `open_ticket`, `publish` and `import` only prepare the
//! change by asking the core (`decide`, `open_ticket`, `create_article`…); settings are saved by
//! `save_team_setting`, through the same order.

use std::collections::HashMap;
use std::rc::Rc;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use fielddesk_core::{
    decide, open_ticket, Article, ArticleEvent, ArticleEventKind, AttachmentBlob, Command, Event,
    EventId, EventKind, IntakeError, IntakeForm, Member, Person, Setting, SettingChanged,
    SlaPolicies, Stamp, Ticket, TicketId, TicketNo, WorkflowError,
};
use leptos::prelude::*;

use crate::clock;
use crate::i18n::Lang;
use crate::prefs;
use crate::storage::{Change, StorageError, Store, Watch, Written};
use crate::sync::{Announcement, Heard};
use crate::team::{TeamSettings, ME};

/// Where opening the store stands.
#[derive(Debug, Clone, PartialEq)]
pub enum Load {
    Loading,
    /// Waiting for another tab with an older Fielddesk to close so the database can upgrade.
    Blocked,
    Ready,
    Failed(StorageError),
}

/// What every page shares. Cheap to copy: signals only.
#[derive(Clone, Copy)]
pub struct Desk {
    pub lang: RwSignal<Lang>,
    store: StoredValue<Option<Rc<Store>>, LocalStorage>,
    /// Every ticket, newest first.
    pub tickets: RwSignal<Vec<Ticket>>,
    /// Every knowledge-base article, by id.
    pub articles: RwSignal<Vec<Article>>,
    pub load: RwSignal<Load>,
    /// Another tab upgraded the database and this tab's connection closed for it.
    pub superseded: RwSignal<bool>,
    pub settings: RwSignal<TeamSettings>,
    /// Ticks every second: live countdowns read it.
    pub now: RwSignal<DateTime<Utc>>,
    /// `now` to the half minute: the whole-queue SLA work (alerts, filters, sorting) reads this.
    pub coarse_now: Memo<DateTime<Utc>>,
    /// What other tabs announced, folded in one at a time (see `hear`).
    inbox: StoredValue<Inbox, LocalStorage>,
    /// When this tab's last settings save was recorded: a save still being stored is not in
    /// the log yet, and the next must come after it.
    last_saved_at: StoredValue<Option<DateTime<Utc>>, LocalStorage>,
    /// Told of every change this tab stores or hears of (team sync offers them to push).
    on_stored: StoredValue<Option<Listener>, LocalStorage>,
}

type Listener = Rc<dyn Fn(Stored)>;

/// What the desk tells `on_stored` of.
pub enum Stored<'a> {
    /// This change was stored, by this tab or another.
    Change(&'a Change),
    /// The store was re-read: anything may have changed.
    Everything,
}

/// Announcements waiting to be folded in, and whether a task is folding them: one at a time,
/// in order, so that a re-read never lands over a change folded in after it started.
#[derive(Default)]
struct Inbox {
    waiting: std::collections::VecDeque<Heard>,
    folding: bool,
}

/// Why a user action was not recorded.
#[derive(Debug, Clone, PartialEq)]
pub enum ActError {
    /// The core refused it; the message names the rule.
    Refused(WorkflowError),
    /// Nobody is chosen in "who am I", or the ticket is gone from this tab.
    NotPossible,
    /// The store refused it; nothing was saved.
    Unsaved(StorageError),
}

impl From<StorageError> for ActError {
    fn from(error: StorageError) -> Self {
        ActError::Unsaved(error)
    }
}

impl Desk {
    /// The desk of this page: starts the clock and opens the store.
    pub fn start() -> Desk {
        let now = RwSignal::new(clock::now());
        let coarse_now = Memo::new(move |_| {
            let at = now.get();
            DateTime::from_timestamp(at.timestamp() - at.timestamp().rem_euclid(30), 0)
                .unwrap_or(at)
        });
        let desk = Desk {
            lang: RwSignal::new(prefs::lang()),
            store: StoredValue::new_local(None),
            tickets: RwSignal::new(Vec::new()),
            articles: RwSignal::new(Vec::new()),
            load: RwSignal::new(Load::Loading),
            superseded: RwSignal::new(false),
            settings: RwSignal::new(TeamSettings::default()),
            now,
            coarse_now,
            inbox: StoredValue::new_local(Inbox::default()),
            last_saved_at: StoredValue::new_local(None),
            on_stored: StoredValue::new_local(None),
        };
        leptos::task::spawn_local(desk.open());
        // Another tab wrote: show what it wrote, whatever page this one is on.
        crate::sync::listen(move |heard| desk.receive(heard));
        let tick = set_interval_with_handle(
            move || now.set(clock::now()),
            std::time::Duration::from_secs(1),
        );
        on_cleanup(move || {
            if let Ok(tick) = tick {
                tick.clear();
            }
        });
        desk
    }

    async fn open(self) {
        let opened = async {
            let store = Store::open(Watch {
                blocked: Box::new(move || self.load.set(Load::Blocked)),
                superseded: Box::new(move || self.superseded.set(true)),
            })
            .await?;
            let (mut settings, legacy) = TeamSettings::load(&store).await?;
            if !legacy.is_empty() {
                // Settings an older version saved become events, once, by whoever this browser
                // is on the team as it was saved.
                let at = clock::now();
                let moved_in = |actor: &Person| -> Vec<SettingChanged> {
                    let move_in =
                        |c: &Setting| SettingChanged::moved_in(c.clone(), actor.clone(), at);
                    legacy.iter().map(move_in).collect()
                };
                let old = settings.with_events(moved_in(&nobody()));
                let events = moved_in(&old.me().map(Member::person).unwrap_or_else(nobody));
                // Unsaved (the disk is full), they are in force here and offered again next time.
                let _ = store
                    .write(&Change::settings(events.clone()), |_, _| {})
                    .await;
                settings = settings.with_events(events);
            }
            let (tickets, articles) = read_all(&store).await?;
            Ok::<_, StorageError>((store, settings, tickets, articles))
        }
        .await;
        match opened {
            Ok((store, settings, tickets, articles)) => {
                self.store.set_value(Some(Rc::new(store)));
                self.settings.set(settings);
                self.tickets.set(tickets);
                self.articles.set(articles);
                self.load.set(Load::Ready);
            }
            Err(error) => self.load.set(Load::Failed(error)),
        }
    }

    /// The store, once it is open: a file picked while the page is still opening the database
    /// waits for it rather than being refused.
    pub async fn store(self) -> Result<Rc<Store>, StorageError> {
        loop {
            match self.load.get_untracked() {
                Load::Ready => {
                    return self.store.get_value().ok_or(StorageError::NotOpen);
                }
                Load::Failed(error) => return Err(error),
                Load::Loading | Load::Blocked => sleep(50).await,
            }
        }
    }

    /// The open store, if it is open now (for reads that can simply wait for the next render).
    pub fn store_now(self) -> Option<Rc<Store>> {
        self.store.get_value()
    }

    /// Who acts from this browser, if someone is chosen and still on the team (tracked).
    pub fn me(self) -> Option<Member> {
        self.settings.with(|s| s.me().cloned())
    }

    pub fn me_untracked(self) -> Option<Member> {
        self.settings.with_untracked(|s| s.me().cloned())
    }

    /// The team's time zone (`SlaPolicy::team_zone`): numbers, months and times are in it (tracked).
    pub fn zone(self) -> Tz {
        self.settings.with(|s| s.policy.team_zone())
    }

    /// The team's zone as times are shown: named when this browser is in another (tracked).
    pub fn shown_zone(self) -> crate::i18n::ShownZone {
        crate::i18n::ShownZone::new(self.zone(), &clock::browser_zone())
    }

    /// Calls `f` with the SLA policies: the pinned ones and the current default (tracked).
    pub fn with_policies<R>(self, f: impl FnOnce(&SlaPolicies<'_>) -> R) -> R {
        self.settings.with(|s| {
            f(&SlaPolicies {
                book: &s.book,
                default: &s.policy,
            })
        })
    }

    /// The ticket `id`, folded, as this tab holds it (untracked).
    pub fn ticket(self, id: &TicketId) -> Option<Ticket> {
        self.tickets
            .with_untracked(|tickets| tickets.iter().find(|t| &t.id == id).cloned())
    }

    /// An event stamp for the person acting now.
    pub fn stamp(self, actor: Person) -> Stamp {
        let now = clock::now();
        Stamp {
            event_id: EventId(new_id(now)),
            actor,
            at: now,
        }
    }

    /// THE write path: the change in one transaction, then the other tabs told, then this tab's
    /// state. `progress(done, total)` counts ticket events and files written.
    pub async fn write(
        self,
        change: Change,
        progress: impl Fn(usize, usize),
    ) -> Result<(), StorageError> {
        let store = self.store().await?;
        let written = store.write(&change, progress).await?;
        crate::sync::announce(written, Vec::new());
        self.tell(Stored::Change(&change));
        if !self.absorb(&change) {
            // In turn with what other tabs announce.
            self.receive(Heard::Unknown);
        }
        Ok(())
    }

    /// Calls `f` with every change stored from now on, by this tab or another (one listener).
    pub fn on_stored(self, f: impl Fn(Stored) + 'static) {
        self.on_stored.set_value(Some(Rc::new(f)));
    }

    fn tell(self, stored: Stored) {
        if let Some(f) = self.on_stored.get_value() {
            f(stored);
        }
    }

    /// Folds a stored change into this tab's state; false when only a re-read can (events that
    /// do not follow on from what this tab holds — a merge's, a duplicate, one after a gap — or
    /// articles a merge moved).
    fn absorb(self, change: &Change) -> bool {
        // Settings events fold in any order: they always can be absorbed.
        if !change.settings.is_empty() {
            self.settings
                .update(|s| *s = s.with_events(change.settings.iter().cloned()));
        }
        let mut events: Vec<&Event> = change.events.iter().collect();
        events.sort_by(|a, b| a.order_key().cmp(&b.order_key()));
        // Where each event's ticket is, found through one map: an import's hundred thousand
        // events must not each search the tickets.
        let (positions, in_order) = self.tickets.with_untracked(|tickets| {
            let at: HashMap<&TicketId, usize> = tickets
                .iter()
                .enumerate()
                .map(|(i, t)| (&t.id, i))
                .collect();
            let positions: Vec<Option<usize>> =
                events.iter().map(|e| at.get(&e.ticket).copied()).collect();
            // Each ticket's events must follow on from what this tab holds: the next seq for a
            // known ticket, the creation first for a new one. Anything else (a merge's, or one
            // missed) needs the whole store.
            let mut next: HashMap<&TicketId, u64> = HashMap::new();
            let in_order = events.iter().zip(&positions).all(|(e, at)| {
                let expected = next.entry(&e.ticket).or_insert(match at {
                    Some(i) => tickets[*i].last_seq + 1,
                    None => 1,
                });
                let creates = matches!(e.kind, EventKind::TicketCreated { .. });
                let fits = e.seq == *expected && (at.is_some() || e.seq > 1 || creates);
                *expected += 1;
                fits
            });
            (positions, in_order)
        });
        let articles_in_order = self.articles.with_untracked(|articles| {
            change.articles.iter().all(|event| {
                let held = articles.iter().find(|a| a.id == event.article);
                !matches!(event.kind, ArticleEventKind::ArticleRenumbered { .. })
                    && held.is_none_or(|a| event.seq > a.last_seq())
            })
        });
        if !in_order || !articles_in_order {
            return false;
        }
        if !events.is_empty() {
            self.tickets.update(|tickets| {
                let mut opened: HashMap<TicketId, usize> = HashMap::new();
                for (event, at) in events.into_iter().zip(positions) {
                    match at.or_else(|| opened.get(&event.ticket).copied()) {
                        Some(i) => tickets[i].apply(event),
                        None => {
                            if let Some(ticket) = Ticket::fold([event]) {
                                opened.insert(ticket.id.clone(), tickets.len());
                                tickets.push(ticket);
                            }
                        }
                    }
                }
                sort_newest_first(tickets);
            });
        }
        if !change.articles.is_empty() {
            self.articles.update(|articles| {
                for event in &change.articles {
                    match articles.iter_mut().find(|a| a.id == event.article) {
                        Some(article) => article.apply(event),
                        None => articles.extend(Article::fold([event])),
                    }
                }
                articles.sort_by(|a, b| a.id.cmp(&b.id));
            });
        }
        true
    }

    /// Another tab wrote: the announcement waits its turn in the inbox.
    fn receive(self, heard: Heard) {
        let start = self
            .inbox
            .try_update_value(|inbox| {
                inbox.waiting.push_back(heard);
                !std::mem::replace(&mut inbox.folding, true)
            })
            .unwrap_or(false);
        if start {
            leptos::task::spawn_local(self.fold_inbox());
        }
    }

    /// Folds in every announcement waiting, oldest first. While the database is still opening
    /// it waits: the first read may or may not hold what was announced, and folding it in
    /// afterwards is right either way (what is held already makes a re-read).
    async fn fold_inbox(self) {
        let store = self.store().await.ok();
        loop {
            let next = self.inbox.try_update_value(|inbox| {
                let next = inbox.waiting.pop_front();
                inbox.folding = next.is_some();
                next
            });
            let Some(Some(heard)) = next else { return };
            if let Some(store) = &store {
                self.hear(store, heard).await;
            }
        }
    }

    /// Folds in just the records an announcement names, or re-reads everything when they
    /// cannot simply be folded in (see `absorb`), or the message is from another version.
    async fn hear(self, store: &Store, heard: Heard) {
        let Heard::Change(Announcement {
            written, settings, ..
        }) = heard
        else {
            self.reread().await;
            self.reread_settings(store).await;
            return;
        };
        if !settings.is_empty() {
            self.reread_settings(store).await;
        }
        if written.is_empty() {
            return;
        }
        match store.written(&written).await {
            Ok(change) if self.absorb(&change) => self.tell(Stored::Change(&change)),
            _ => self.reread().await,
        }
    }

    async fn reread_settings(self, store: &Store) {
        // Values an older version left were made events when this tab opened.
        if let Ok((settings, _)) = TeamSettings::load(store).await {
            self.tell(Stored::Change(&Change::settings(
                settings.log.events().to_vec(),
            )));
            self.settings.set(settings);
        }
    }

    /// Re-reads the store and shows what it holds: after an import, or another tab's write.
    pub async fn reread(self) {
        let Some(store) = self.store.get_value() else {
            return;
        };
        if let Ok((tickets, articles)) = read_all(&store).await {
            self.tickets.set(tickets);
            self.articles.set(articles);
            self.tell(Stored::Everything);
        }
    }

    /// R1–R5: one user action on a ticket, with the bytes of the files it attaches (the event
    /// and the bytes are stored together, so a ticket never names a file the browser lacks).
    pub async fn act(
        self,
        ticket: &TicketId,
        command: Command,
        files: Vec<AttachmentBlob>,
    ) -> Result<(), ActError> {
        let (Some(current), Some(me)) = (self.ticket(ticket), self.me_untracked()) else {
            return Err(ActError::NotPossible);
        };
        let (standard, workflow) = self
            .settings
            .with_untracked(|s| (s.standard.clone(), s.workflow));
        let event = decide(
            &current,
            command,
            me.role,
            self.stamp(me.person()),
            &standard,
            workflow,
        )
        .map_err(ActError::Refused)?;
        self.write(
            Change {
                events: vec![event],
                files,
                ..Change::default()
            },
            |_, _| {},
        )
        .await?;
        Ok(())
    }

    /// R1.2, R1.5: opens a ticket from the intake form, numbered after every number this tab
    /// knows, dated in the team's zone.
    pub async fn open_ticket(self, form: &IntakeForm) -> Result<TicketNo, OpenError> {
        let actor = self
            .me_untracked()
            .map(|m| m.person())
            .ok_or(OpenError::NobodyChosen)?;
        let event = self.settings.with_untracked(|s| {
            self.tickets.with_untracked(|tickets| {
                open_ticket(
                    form,
                    &s.channels,
                    TicketId(new_id(clock::now())),
                    self.stamp(actor),
                    tickets.iter().map(|t| &t.number),
                    &s.policy,
                )
            })
        });
        let event = event.map_err(OpenError::Invalid)?;
        let EventKind::TicketCreated { number, .. } = &event.kind else {
            unreachable!("open_ticket makes a TicketCreated event");
        };
        let number = *number;
        self.write(Change::events(vec![event]), |_, _| {})
            .await
            .map_err(OpenError::Unsaved)?;
        Ok(number)
    }

    /// R5.4: article events, with the ticket events that link (and archive) their ticket.
    pub async fn publish(
        self,
        articles: Vec<ArticleEvent>,
        events: Vec<Event>,
    ) -> Result<(), StorageError> {
        self.write(
            Change {
                events,
                articles,
                ..Change::default()
            },
            |_, _| {},
        )
        .await
    }

    /// Saves one team setting as an event (who, when, the whole new value): stored, announced,
    /// then in force in this tab. A value already in force is not saved again.
    pub async fn save_team_setting(self, change: Setting) -> Result<(), StorageError> {
        if self.settings.with_untracked(|s| s.holds(&change)) {
            return Ok(());
        }
        let actor = self
            .me_untracked()
            .map(|m| m.person())
            .unwrap_or_else(nobody);
        let at = self
            .settings
            .with_untracked(|s| s.log.next_at(clock::now()));
        let at = match self.last_saved_at.get_value() {
            Some(last) => at.max(last + chrono::Duration::milliseconds(1)),
            None => at,
        };
        self.last_saved_at.set_value(Some(at));
        let event = SettingChanged {
            id: EventId(new_id(at)),
            actor,
            at,
            change,
        };
        self.write(Change::settings(vec![event]), |_, _| {}).await
    }

    /// Saves one preference of this browser (never shared, never in a file).
    pub async fn save_preference<T: serde::Serialize>(
        self,
        key: &str,
        value: &T,
    ) -> Result<(), StorageError> {
        let store = self.store().await?;
        store.put_setting(key, value).await
    }

    /// "Who am I" on this browser: a preference of this browser, in force at once (the next
    /// click acts as the person chosen) and then kept.
    pub async fn choose_me(self, employee_id: String) -> Result<(), StorageError> {
        self.settings.update(|s| s.me = employee_id.clone());
        let store = self.store().await?;
        store.put_setting(ME, &employee_id).await?;
        crate::sync::announce(Written::default(), vec![ME.to_string()]);
        Ok(())
    }
}

/// Why no ticket was opened.
#[derive(Debug, Clone, PartialEq)]
pub enum OpenError {
    /// R1.2: the form's own checks, one per field.
    Invalid(Vec<IntakeError>),
    NobodyChosen,
    Unsaved(StorageError),
}

/// Every ticket and article the store holds, folded.
async fn read_all(store: &Store) -> Result<(Vec<Ticket>, Vec<Article>), StorageError> {
    let events = store.events().await?;
    let mut tickets = fielddesk_core::fold_log(&events);
    sort_newest_first(&mut tickets);
    let articles = fielddesk_core::fold_articles(&store.article_events().await?);
    Ok((tickets, articles))
}

fn sort_newest_first(tickets: &mut [Ticket]) {
    tickets.sort_by(|a, b| {
        b.created_at
            .cmp(&a.created_at)
            .then(b.number.cmp(&a.number))
    });
}

/// The actor of a settings change made while nobody is chosen in "who am I".
fn nobody() -> Person {
    Person {
        name: String::new(),
        employee_id: String::new(),
    }
}

/// A UUID v7 for `now`: globally unique, and sorted by creation time.
pub fn new_id(now: DateTime<Utc>) -> String {
    let ts = uuid::Timestamp::from_unix(
        uuid::NoContext,
        now.timestamp().max(0) as u64,
        now.timestamp_subsec_nanos(),
    );
    uuid::Uuid::new_v7(ts).to_string()
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window()
            .expect("a page has a window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
