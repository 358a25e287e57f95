//! The replicator: a sans-IO state machine that says which request to send next, reads the
//! answers, and tells the shell what to store. See the parent module for the protocol.

use std::collections::{HashMap, HashSet, VecDeque};

use serde_json::{Map, Value};

use super::checkpoint::{Checkpoint, ReplicationId, Seq, ServerLog};
use super::doc::{
    decode, encode, Doc, DocError, DocId, DocKind, EncodedDoc, Limits, Refusal, SettingsEvent,
};
use super::error::{status_error, CouchError, ReplicationError, Step};
use super::request::{Failure, Lane, Method, Request, RequestId, Response};
use super::wire::{self, BulkGet, BulkGetItem, BulkGetResult, Changes, DbInfo, LocalPut};

/// How much longer than a long poll's own `timeout` the shell's watchdog waits.
const FEED_GRACE_MS: u32 = 15_000;

/// What to do once caught up with the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Live {
    /// Stop: sync again when the shell calls [`Replicator::wake`].
    Off,
    /// Keep a `_changes?feed=longpoll` open, which CouchDB answers at the first change or after
    /// `timeout_ms` (at most CouchDB's `changes_timeout`, 60 s by default; keep it under the
    /// proxies' idle timeouts). No `heartbeat`: in CouchDB it overrides `timeout`, and the
    /// watchdog needs the request to end.
    LongPoll { timeout_ms: u32 },
    /// Ask again every `interval_ms` with an ordinary request, for servers or proxies that break
    /// long polls. The shell runs the timer and calls [`Replicator::wake`].
    Poll { interval_ms: u32 },
}

/// What a replication is set up with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The database's URL, e.g. `https://couch.example.com/fielddesk`.
    pub db_url: String,
    /// This device's stable id (the shell makes it once and stores it).
    pub device_id: String,
    /// Changes per `_changes` request, documents per `_revs_diff`, `_bulk_docs` and
    /// `_bulk_get` (files are fetched one per request).
    pub batch_size: usize,
    /// A `_bulk_docs` request stops growing past this many bytes (it holds one document at
    /// least), so a batch of files stays a sensible request.
    pub max_push_bytes: usize,
    pub limits: Limits,
    pub live: Live,
    /// The watchdog's time for an ordinary request.
    pub request_timeout_ms: u32,
}

impl Config {
    /// The defaults: batches of 200, 4 MiB pushes, long polls of 25 s, 60 s per request.
    pub fn new(db_url: impl Into<String>, device_id: impl Into<String>) -> Config {
        Config {
            db_url: db_url.into(),
            device_id: device_id.into(),
            batch_size: 200,
            max_push_bytes: 4 * 1024 * 1024,
            limits: Limits::default(),
            live: Live::LongPoll { timeout_ms: 25_000 },
            request_timeout_ms: 60_000,
        }
    }
}

/// What the replicator tells the shell.
#[derive(Debug, Clone, PartialEq)]
pub enum ReplicationEvent<S> {
    /// The URL is a CouchDB database and the account may read it.
    Connected {
        db_name: String,
        update_seq: Seq,
    },
    /// Documents from the server, checked. Store them (the merge drops what is already held),
    /// then call [`Replicator::confirm_stored`]: until then the pull waits, and the checkpoint
    /// never passes documents that were not stored.
    Pulled(Vec<Doc<S>>),
    /// Pulled documents that were refused, each with its reason; the others were not held up.
    Refused(Vec<DocError>),
    /// What became of offered documents: `accepted` are on the server now (sent, or already
    /// there), `refused` were not taken (too big here, or refused by the server: a read-only
    /// account, or the database's `validate_doc_update`). Neither needs offering again.
    Pushed {
        accepted: Vec<DocId>,
        refused: Vec<DocError>,
    },
    /// Every offered document has been answered: offer the next ones, if any.
    PushDrained,
    /// Store this checkpoint (replacing the last); hand it to [`Replicator::new`] next time.
    Checkpoint(Checkpoint),
    Progress(Progress),
    /// Caught up, and nothing left to push.
    Idle(Idle),
}

/// How far this session has come.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    /// Documents pulled and checked.
    pub pulled: u64,
    /// Documents the server accepted.
    pub pushed: u64,
    /// Pulled documents refused ([`ReplicationEvent::Refused`]).
    pub pull_refused: u64,
    /// Offered documents refused (too big, or refused by the server).
    pub push_refused: u64,
    /// Changes the server says are still to come (CouchDB's `pending`), if it says.
    pub remaining: Option<u64>,
}

/// What happens while idle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Idle {
    /// A long poll is out; changes arrive by themselves.
    Listening,
    /// Call [`Replicator::wake`] after this many milliseconds.
    WakeAfter { ms: u32 },
    /// Call [`Replicator::wake`] to sync again.
    UntilWoken,
}

#[derive(Debug, Clone, PartialEq)]
enum Stage {
    Open,
    ReadCheckpoint,
    Sync,
    Stopped(ReplicationError),
}

/// One changed document to fetch, at its leaf revisions.
#[derive(Debug, Clone, PartialEq)]
struct Wanted {
    id: DocId,
    revs: Vec<String>,
}

/// Offered documents being compared or sent.
#[derive(Debug, Clone, PartialEq)]
struct PushBatch {
    /// Documents the server lacks (all of them until `_revs_diff` says).
    missing: Vec<EncodedDoc>,
    /// Documents the server already has.
    present: Vec<EncodedDoc>,
}

/// What the work lane's request waits for.
#[derive(Debug, Clone, PartialEq)]
enum Waiting {
    DbInfo,
    ServerCheckpoint,
    RevsDiff(PushBatch),
    BulkDocs(PushBatch),
    Changes,
    BulkGet(Vec<Wanted>),
    PutCheckpoint(Checkpoint),
    RereadCheckpoint(Checkpoint),
}

impl Waiting {
    fn step(&self) -> Step {
        match self {
            Waiting::DbInfo => Step::OpenDatabase,
            Waiting::ServerCheckpoint | Waiting::RereadCheckpoint(_) => Step::ReadCheckpoint,
            Waiting::RevsDiff(_) => Step::ComparePush,
            Waiting::BulkDocs(_) => Step::Push,
            Waiting::Changes => Step::ReadChanges,
            Waiting::BulkGet(_) => Step::FetchDocs,
            Waiting::PutCheckpoint(_) => Step::WriteCheckpoint,
        }
    }

    fn is_pull(&self) -> bool {
        matches!(
            self,
            Waiting::Changes
                | Waiting::BulkGet(_)
                | Waiting::PutCheckpoint(_)
                | Waiting::RereadCheckpoint(_)
        )
    }
}

/// The pull of the current `_changes` batch.
#[derive(Debug, Clone, Default, PartialEq)]
struct Pull {
    /// `_bulk_get` requests still to make.
    fetches: VecDeque<Vec<Wanted>>,
    /// The batch's `last_seq`, recorded once every fetch is stored.
    target: Option<Seq>,
    /// A checkpoint to write next (first write, or again after a 409).
    record: Option<Checkpoint>,
    /// After a 409: read the server's copy again before writing.
    reread: Option<Checkpoint>,
    /// A 409 was retried once already.
    conflict_retried: bool,
    /// Pulled documents wait for the shell to store them.
    storing: bool,
    /// No more changes to read with ordinary requests.
    caught_up: bool,
}

impl Pull {
    fn busy(&self) -> bool {
        self.storing
            || !self.fetches.is_empty()
            || self.target.is_some()
            || self.record.is_some()
            || self.reread.is_some()
    }
}

/// One device's replication with one CouchDB database: pushes the documents the shell offers,
/// pulls the server's changes from the checkpoint, and then follows the feed.
#[derive(Debug)]
pub struct Replicator<S> {
    config: Config,
    /// The last checkpoint whose changes are stored: where a resume starts.
    checkpoint: Checkpoint,
    /// The `_rev` of the server's copy, which a write must name.
    server_rev: Option<String>,
    /// The server refused to keep a copy this session (a read-only account).
    server_refuses_copy: bool,
    stage: Stage,
    next_id: u64,
    work: Option<(RequestId, Waiting)>,
    feed: Option<RequestId>,
    queue: VecDeque<EncodedDoc>,
    /// `_revs_diff` answered; `_bulk_docs` next.
    to_send: Option<PushBatch>,
    pull: Pull,
    events: VecDeque<ReplicationEvent<S>>,
    progress: Progress,
    idle_told: bool,
}

impl<S: SettingsEvent> Replicator<S> {
    /// A replication as `config` says, resuming from the `stored` checkpoint if it is this
    /// replication's (a checkpoint of another database or device is ignored).
    pub fn new(config: Config, stored: Option<Checkpoint>) -> Replicator<S> {
        let id = ReplicationId::new(&config.device_id, &config.db_url);
        let checkpoint = stored
            .filter(|c| c.replication_id == id)
            .unwrap_or_else(|| Checkpoint::start(id));
        Replicator {
            config,
            checkpoint,
            server_rev: None,
            server_refuses_copy: false,
            stage: Stage::Open,
            next_id: 0,
            work: None,
            feed: None,
            queue: VecDeque::new(),
            to_send: None,
            pull: Pull::default(),
            events: VecDeque::new(),
            progress: Progress::default(),
            idle_told: false,
        }
    }

    pub fn replication_id(&self) -> &ReplicationId {
        &self.checkpoint.replication_id
    }

    /// The last checkpoint whose changes the shell stored.
    pub fn checkpoint(&self) -> &Checkpoint {
        &self.checkpoint
    }

    /// Why the replication stopped, if it did; [`Replicator::resume`] starts it again.
    pub fn stopped(&self) -> Option<&ReplicationError> {
        match &self.stage {
            Stage::Stopped(error) => Some(error),
            _ => None,
        }
    }

    /// The next thing to tell the shell.
    pub fn poll_event(&mut self) -> Option<ReplicationEvent<S>> {
        self.events.pop_front()
    }

    /// The next request to send, if a lane is free and there is something to ask. Call it until
    /// it gives `None` after every call into the replicator.
    pub fn poll_request(&mut self) -> Option<Request> {
        if self.work.is_none() {
            if let Some((waiting, request)) = self.next_work() {
                let request = self.issue(Lane::Work, request);
                self.work = Some((request.id, waiting));
                self.idle_told = false;
                return Some(request);
            }
            self.tell_idle();
        }
        let request = self.next_feed()?;
        let request = self.issue(Lane::Feed, request);
        self.feed = Some(request.id);
        Some(request)
    }

    /// Documents of this device the server may not have: what the shell has not seen accepted
    /// or refused yet. Offer them in chunks (a few batches' worth); [`ReplicationEvent::PushDrained`]
    /// asks for the next chunk. Offering a document twice is harmless.
    pub fn offer_push(&mut self, docs: impl IntoIterator<Item = Doc<S>>) {
        let mut refused = Vec::new();
        for doc in docs {
            match encode(&doc, &self.config.limits) {
                Ok(encoded) => self.queue.push_back(encoded),
                Err(error) => refused.push(error),
            }
        }
        if !refused.is_empty() {
            self.progress.push_refused += refused.len() as u64;
            self.events.push_back(ReplicationEvent::Pushed {
                accepted: Vec::new(),
                refused,
            });
        }
        self.idle_told = false;
        self.tell_if_drained();
    }

    /// Checks documents against `limits` from now on (the team changed them).
    pub fn set_limits(&mut self, limits: Limits) {
        self.config.limits = limits;
    }

    /// The shell stored the last [`ReplicationEvent::Pulled`] documents.
    pub fn confirm_stored(&mut self) {
        self.pull.storing = false;
    }

    /// Sync again now: after [`Idle::WakeAfter`] or [`Idle::UntilWoken`], or when the shell
    /// knows the server has news. A long poll already out is left to answer.
    pub fn wake(&mut self) {
        if self.stage == Stage::Sync {
            self.pull.caught_up = false;
            self.idle_told = false;
        }
    }

    /// Start again after an error: check the database and the checkpoints again and carry on
    /// from the last stored checkpoint. Documents being pushed when it stopped are offered again.
    pub fn resume(&mut self) {
        if self.stopped().is_some() {
            self.stage = Stage::Open;
            self.idle_told = false;
        }
    }

    /// The answer to request `id`. `held` says which documents the device already holds, so
    /// they are not fetched again (answering `false` is always correct, only slower). An error
    /// stops the replication; it is also kept for [`Replicator::stopped`].
    pub fn handle_response(
        &mut self,
        id: RequestId,
        response: Response<'_>,
        held: &dyn Fn(&DocId) -> bool,
    ) -> Result<(), ReplicationError> {
        let result = if self.feed == Some(id) {
            self.feed = None;
            self.on_changes(response, held, Lane::Feed)
        } else if self.work.as_ref().is_some_and(|(w, _)| *w == id) {
            let (_, waiting) = self.work.take().expect("checked just above");
            self.on_work(waiting, response, held)
        } else {
            return Ok(());
        };
        result.inspect_err(|error| self.stop(error.clone()))
    }

    /// Request `id` got no answer. A long poll the watchdog ended is only a quiet feed (that is
    /// how pouchdb-server's long polls end); anything else stops the replication.
    pub fn handle_failure(
        &mut self,
        id: RequestId,
        failure: Failure,
    ) -> Result<(), ReplicationError> {
        if self.feed == Some(id) {
            self.feed = None;
            if failure == Failure::TimedOut {
                return Ok(());
            }
            let error = unreachable(Step::ReadChanges, failure);
            self.stop(error.clone());
            return Err(error);
        }
        let Some((_, waiting)) = self.work.take_if(|(w, _)| *w == id) else {
            return Ok(());
        };
        let error = unreachable(waiting.step(), failure);
        self.requeue(waiting);
        self.stop(error.clone());
        Err(error)
    }

    fn issue(&mut self, lane: Lane, mut request: Request) -> Request {
        self.next_id += 1;
        request.id = RequestId(self.next_id);
        request.lane = lane;
        request
    }

    fn request(&self, method: Method, path: impl Into<String>) -> Request {
        Request {
            id: RequestId(0),
            lane: Lane::Work,
            method,
            path: path.into(),
            query: Vec::new(),
            body: None,
            timeout_ms: self.config.request_timeout_ms,
        }
    }

    fn next_work(&mut self) -> Option<(Waiting, Request)> {
        match self.stage {
            Stage::Stopped(_) => None,
            Stage::Open => Some((Waiting::DbInfo, self.request(Method::Get, ""))),
            Stage::ReadCheckpoint => Some((
                Waiting::ServerCheckpoint,
                self.request(Method::Get, self.replication_id().local_path()),
            )),
            Stage::Sync => self.next_sync_work(),
        }
    }

    /// Checkpoint writes first (they finish a pull), then pushes (the team's own work), then
    /// the pull.
    fn next_sync_work(&mut self) -> Option<(Waiting, Request)> {
        if let Some(checkpoint) = self.pull.reread.take() {
            let request = self.request(Method::Get, self.replication_id().local_path());
            return Some((Waiting::RereadCheckpoint(checkpoint), request));
        }
        if let Some(checkpoint) = self.due_checkpoint() {
            return Some(self.put_checkpoint(checkpoint));
        }
        if let Some(batch) = self.to_send.take() {
            return Some(self.bulk_docs(batch));
        }
        if !self.queue.is_empty() {
            return Some(self.revs_diff());
        }
        if self.pull.storing {
            return None;
        }
        if let Some(wanted) = self.pull.fetches.pop_front() {
            return Some(self.bulk_get(wanted));
        }
        if self.pull.caught_up || self.feed.is_some() {
            return None;
        }
        Some((Waiting::Changes, self.changes(false)))
    }

    /// The checkpoint to write now, if a batch is fully stored; a checkpoint that the server
    /// will not keep is committed at once.
    fn due_checkpoint(&mut self) -> Option<Checkpoint> {
        if let Some(checkpoint) = self.pull.record.take() {
            return Some(checkpoint);
        }
        if self.pull.storing || !self.pull.fetches.is_empty() {
            return None;
        }
        let seq = self.pull.target.take()?;
        let checkpoint = self.checkpoint.advanced(seq);
        if checkpoint == self.checkpoint {
            return None;
        }
        if self.server_refuses_copy {
            self.commit(Checkpoint {
                server_copy: false,
                ..checkpoint
            });
            return None;
        }
        Some(checkpoint)
    }

    fn next_feed(&self) -> Option<Request> {
        let Live::LongPoll { .. } = self.config.live else {
            return None;
        };
        let work_pulls = self.work.as_ref().is_some_and(|(_, w)| w.is_pull());
        let ready = self.stage == Stage::Sync
            && self.feed.is_none()
            && self.pull.caught_up
            && !self.pull.busy()
            && !work_pulls;
        ready.then(|| self.changes(true))
    }

    /// Caught up with the server and nothing offered waits: what a status line calls synced.
    pub fn is_idle(&self) -> bool {
        self.stage == Stage::Sync
            && self.pull.caught_up
            && !self.pull.busy()
            && self.queue.is_empty()
            && self.to_send.is_none()
            && self.work.is_none()
    }

    fn tell_idle(&mut self) {
        if !self.is_idle() || self.idle_told {
            return;
        }
        self.idle_told = true;
        self.events
            .push_back(ReplicationEvent::Idle(match self.config.live {
                Live::Off => Idle::UntilWoken,
                Live::LongPoll { .. } => Idle::Listening,
                Live::Poll { interval_ms } => Idle::WakeAfter { ms: interval_ms },
            }));
    }

    fn tell_if_drained(&mut self) {
        let pushing = self
            .work
            .as_ref()
            .is_some_and(|(_, w)| matches!(w, Waiting::RevsDiff(_) | Waiting::BulkDocs(_)));
        if self.queue.is_empty() && self.to_send.is_none() && !pushing {
            self.events.push_back(ReplicationEvent::PushDrained);
        }
    }

    fn changes(&self, live: bool) -> Request {
        let mut request = self.request(Method::Get, "_changes");
        request.query = vec![
            ("feed", if live { "longpoll" } else { "normal" }.to_string()),
            ("style", "all_docs".to_string()),
            ("since", self.checkpoint.since().as_query()),
            ("limit", self.config.batch_size.to_string()),
        ];
        if let (true, Live::LongPoll { timeout_ms }) = (live, self.config.live) {
            request.query.push(("timeout", timeout_ms.to_string()));
            request.timeout_ms = timeout_ms.saturating_add(FEED_GRACE_MS);
        }
        request
    }

    fn revs_diff(&mut self) -> (Waiting, Request) {
        let mut missing = Vec::new();
        let mut bytes = 0usize;
        while let Some(next) = self.queue.front() {
            let full = missing.len() >= self.config.batch_size
                || (!missing.is_empty() && bytes + next.json.len() > self.config.max_push_bytes);
            if full {
                break;
            }
            bytes += next.json.len();
            missing.extend(self.queue.pop_front());
        }
        let mut body = Map::new();
        for doc in &missing {
            body.insert(doc.id.to_string(), serde_json::json!([doc.rev.as_str()]));
        }
        let mut request = self.request(Method::Post, "_revs_diff");
        request.body = Some(Value::Object(body).to_string());
        let batch = PushBatch {
            missing,
            present: Vec::new(),
        };
        (Waiting::RevsDiff(batch), request)
    }

    fn bulk_docs(&self, batch: PushBatch) -> (Waiting, Request) {
        let docs: Vec<&str> = batch.missing.iter().map(|d| d.json.as_str()).collect();
        let mut request = self.request(Method::Post, "_bulk_docs");
        request.body = Some(format!(
            "{{\"docs\":[{}],\"new_edits\":false}}",
            docs.join(",")
        ));
        (Waiting::BulkDocs(batch), request)
    }

    fn bulk_get(&self, wanted: Vec<Wanted>) -> (Waiting, Request) {
        let docs: Vec<Value> = wanted
            .iter()
            .flat_map(|w| {
                let id = w.id.to_string();
                let revs: Vec<Option<&String>> = if w.revs.is_empty() {
                    vec![None]
                } else {
                    w.revs.iter().map(Some).collect()
                };
                revs.into_iter().map(move |rev| match rev {
                    Some(rev) => serde_json::json!({ "id": id, "rev": rev }),
                    None => serde_json::json!({ "id": id }),
                })
            })
            .collect();
        let mut request = self.request(Method::Post, "_bulk_get");
        request.query = vec![("revs", "false".to_string())];
        if wanted.iter().any(|w| w.id.kind() == DocKind::Attachment) {
            request.query.push(("attachments", "true".to_string()));
        }
        request.body = Some(serde_json::json!({ "docs": docs }).to_string());
        (Waiting::BulkGet(wanted), request)
    }

    fn put_checkpoint(&self, checkpoint: Checkpoint) -> (Waiting, Request) {
        let mut request = self.request(Method::Put, self.replication_id().local_path());
        request.body = Some(checkpoint.server_body(self.server_rev.as_deref()));
        (Waiting::PutCheckpoint(checkpoint), request)
    }

    fn on_work(
        &mut self,
        waiting: Waiting,
        response: Response<'_>,
        held: &dyn Fn(&DocId) -> bool,
    ) -> Result<(), ReplicationError> {
        match waiting {
            Waiting::DbInfo => self.on_db_info(response),
            Waiting::ServerCheckpoint => self.on_server_checkpoint(response),
            Waiting::RevsDiff(batch) => self.on_revs_diff(batch, response),
            Waiting::BulkDocs(batch) => self.on_bulk_docs(batch, response),
            Waiting::Changes => self.on_changes(response, held, Lane::Work),
            Waiting::BulkGet(wanted) => self.on_bulk_get(&wanted, response),
            Waiting::PutCheckpoint(checkpoint) => self.on_put_checkpoint(checkpoint, response),
            Waiting::RereadCheckpoint(checkpoint) => self.on_reread(checkpoint, response),
        }
    }

    fn on_db_info(&mut self, response: Response<'_>) -> Result<(), ReplicationError> {
        expect(Step::OpenDatabase, response, &[200])?;
        let info = DbInfo::parse(response.body)?;
        self.events.push_back(ReplicationEvent::Connected {
            db_name: info.db_name,
            update_seq: info.update_seq,
        });
        self.stage = Stage::ReadCheckpoint;
        Ok(())
    }

    fn on_server_checkpoint(&mut self, response: Response<'_>) -> Result<(), ReplicationError> {
        let log = read_server_log(response)?;
        self.server_rev = log.as_ref().and_then(|l| l.rev.clone());
        self.checkpoint = self.checkpoint.resumed(log.as_ref());
        self.pull = Pull::default();
        self.stage = Stage::Sync;
        Ok(())
    }

    fn on_revs_diff(
        &mut self,
        batch: PushBatch,
        response: Response<'_>,
    ) -> Result<(), ReplicationError> {
        let diff = match expect(Step::ComparePush, response, &[200])
            .and_then(|()| wire::parse_revs_diff(response.body))
        {
            Ok(diff) => diff,
            Err(error) => return Err(self.requeue_batch(batch, error)),
        };
        let (missing, present): (Vec<EncodedDoc>, Vec<EncodedDoc>) =
            batch.missing.into_iter().partition(|doc| {
                diff.get(&doc.id.to_string())
                    .is_some_and(|entry| entry.missing.iter().any(|r| r == doc.rev.as_str()))
            });
        let batch = PushBatch { missing, present };
        if batch.missing.is_empty() {
            self.pushed(batch, Vec::new());
        } else {
            self.to_send = Some(batch);
        }
        Ok(())
    }

    /// A 201 (or 202) lists the documents the server refused, `forbidden` for a read-only
    /// account or `validate_doc_update`: those are refused, never counted as pushed.
    fn on_bulk_docs(
        &mut self,
        batch: PushBatch,
        response: Response<'_>,
    ) -> Result<(), ReplicationError> {
        let rows = match expect(Step::Push, response, &[201, 202])
            .and_then(|()| wire::parse_bulk_docs(response.body))
        {
            Ok(rows) => rows,
            Err(error) => return Err(self.requeue_batch(batch, error)),
        };
        let sent: HashSet<String> = batch.missing.iter().map(|d| d.id.to_string()).collect();
        let mut refused: HashMap<String, DocError> = HashMap::new();
        for row in rows {
            let Some(error) = row.error else { continue };
            let reason = super::doc::clip(row.reason.as_deref().unwrap_or(""), 200);
            let Some(id) = row.id else {
                // A failure naming no document: which were stored is unknown, so none counts.
                let error = ReplicationError::UnexpectedStatus {
                    step: Step::Push,
                    status: response.status,
                    reason: format!("{}: {reason}", super::doc::clip(&error, 80)),
                };
                return Err(self.requeue_batch(batch, error));
            };
            if !sent.contains(&id) {
                continue;
            }
            let refusal = match error.as_str() {
                "forbidden" | "unauthorized" => Refusal::Forbidden { reason },
                _ => Refusal::ServerRefused {
                    error: super::doc::clip(&error, 80),
                    reason,
                },
            };
            refused.insert(id.clone(), DocError::listed(&id, refusal));
        }
        let refused_ids: HashSet<String> = refused.keys().cloned().collect();
        let mut refused: Vec<DocError> = refused.into_values().collect();
        refused.sort_by(|a, b| a.id.cmp(&b.id));
        let batch = PushBatch {
            missing: batch
                .missing
                .into_iter()
                .filter(|d| !refused_ids.contains(&d.id.to_string()))
                .collect(),
            present: batch.present,
        };
        self.pushed(batch, refused);
        Ok(())
    }

    fn pushed(&mut self, batch: PushBatch, refused: Vec<DocError>) {
        let accepted: Vec<DocId> = batch
            .present
            .into_iter()
            .chain(batch.missing)
            .map(|d| d.id)
            .collect();
        self.progress.pushed += accepted.len() as u64;
        self.progress.push_refused += refused.len() as u64;
        self.events
            .push_back(ReplicationEvent::Pushed { accepted, refused });
        self.events
            .push_back(ReplicationEvent::Progress(self.progress));
        self.tell_if_drained();
    }

    fn on_changes(
        &mut self,
        response: Response<'_>,
        held: &dyn Fn(&DocId) -> bool,
        lane: Lane,
    ) -> Result<(), ReplicationError> {
        expect(Step::ReadChanges, response, &[200])?;
        let changes = Changes::parse(response.body)?;
        let rows = changes.results.len();
        if lane == Lane::Feed && rows == 0 {
            return Ok(());
        }
        let mut refused = Vec::new();
        let mut wanted = Vec::new();
        for row in changes.results {
            // Design documents (a validate_doc_update, say) are the server's own.
            if row.id.starts_with("_design/") {
                continue;
            }
            let id = match DocId::parse(&row.id) {
                Ok(id) => id,
                Err(refusal) => {
                    refused.push(DocError::listed(&row.id, refusal));
                    continue;
                }
            };
            if row.deleted {
                refused.push(DocError::new(&id, Refusal::Deleted));
            } else if !held(&id) {
                let revs = row.changes.into_iter().map(|c| c.rev).collect();
                wanted.push(Wanted { id, revs });
            }
        }
        self.plan_fetches(wanted);
        self.refuse(refused);
        self.pull.target = Some(changes.last_seq);
        self.pull.caught_up = match changes.pending {
            Some(pending) => pending == 0,
            None => rows < self.config.batch_size,
        };
        self.progress.remaining = changes.pending;
        Ok(())
    }

    /// Events in batches, each file on its own (files can be megabytes).
    fn plan_fetches(&mut self, wanted: Vec<Wanted>) {
        let (files, events): (Vec<Wanted>, Vec<Wanted>) = wanted
            .into_iter()
            .partition(|w| w.id.kind() == DocKind::Attachment);
        let mut events = events.into_iter().peekable();
        while events.peek().is_some() {
            let batch: Vec<Wanted> = events
                .by_ref()
                .take(self.config.batch_size.max(1))
                .collect();
            self.pull.fetches.push_back(batch);
        }
        self.pull
            .fetches
            .extend(files.into_iter().map(|file| vec![file]));
    }

    fn on_bulk_get(
        &mut self,
        wanted: &[Wanted],
        response: Response<'_>,
    ) -> Result<(), ReplicationError> {
        expect(Step::FetchDocs, response, &[200])?;
        let reply = BulkGet::parse(response.body)?;
        let by_id: HashMap<String, &Wanted> =
            wanted.iter().map(|w| (w.id.to_string(), w)).collect();
        let mut returned: HashSet<&str> = HashSet::new();
        let mut docs: Vec<Doc<S>> = Vec::new();
        let mut seen: HashSet<DocId> = HashSet::new();
        let mut refused = Vec::new();
        for raw in reply.results {
            let Ok(result) = serde_json::from_str::<BulkGetResult>(raw.get()) else {
                refused.push(DocError::listed(
                    "(unnamed)",
                    Refusal::Shape("a _bulk_get result without id and docs".into()),
                ));
                continue;
            };
            let Some((key, requested)) = by_id.get_key_value(&result.id) else {
                continue;
            };
            returned.insert(key.as_str());
            for item in result.docs {
                match self.read_item(item, &requested.id) {
                    Ok(doc) => {
                        if seen.insert(doc.id()) {
                            docs.push(doc);
                        }
                    }
                    Err(error) => refused.push(error),
                }
            }
        }
        for w in wanted {
            if !returned.contains(w.id.to_string().as_str()) {
                refused.push(DocError::new(&w.id, Refusal::NotReturned));
            }
        }
        self.refuse(refused);
        if !docs.is_empty() {
            self.progress.pulled += docs.len() as u64;
            self.pull.storing = true;
            self.events.push_back(ReplicationEvent::Pulled(docs));
        }
        self.events
            .push_back(ReplicationEvent::Progress(self.progress));
        Ok(())
    }

    fn refuse(&mut self, refused: Vec<DocError>) {
        if !refused.is_empty() {
            self.progress.pull_refused += refused.len() as u64;
            self.events.push_back(ReplicationEvent::Refused(refused));
        }
    }

    fn read_item(&self, item: BulkGetItem<'_>, requested: &DocId) -> Result<Doc<S>, DocError> {
        match (item.ok, item.error) {
            (Some(raw), _) => decode(raw.get(), requested, &self.config.limits),
            (None, Some(error)) => Err(DocError::new(
                requested,
                Refusal::ServerRefused {
                    error: super::doc::clip(&error.error, 80),
                    reason: super::doc::clip(&error.reason, 200),
                },
            )),
            (None, None) => Err(DocError::new(
                requested,
                Refusal::Shape("a _bulk_get entry with neither ok nor error".into()),
            )),
        }
    }

    fn on_put_checkpoint(
        &mut self,
        checkpoint: Checkpoint,
        response: Response<'_>,
    ) -> Result<(), ReplicationError> {
        match response.status {
            200..=202 => {
                let put: LocalPut = serde_json::from_slice(response.body)
                    .map_err(|_| wire::not_couch(Step::WriteCheckpoint, "no rev in the answer"))?;
                self.server_rev = Some(put.rev);
                self.commit(checkpoint);
                Ok(())
            }
            // Someone else wrote the server's copy since it was read: read it and write again,
            // once.
            409 if !self.pull.conflict_retried => {
                self.pull.conflict_retried = true;
                self.pull.reread = Some(checkpoint);
                Ok(())
            }
            409 => Err(ReplicationError::CheckpointConflict),
            // A read-only account: the device's copy alone records the pull (as PouchDB does).
            403 => {
                self.server_refuses_copy = true;
                self.commit(Checkpoint {
                    server_copy: false,
                    ..checkpoint
                });
                Ok(())
            }
            status => Err(status_error(Step::WriteCheckpoint, status, response.body)),
        }
    }

    fn on_reread(
        &mut self,
        checkpoint: Checkpoint,
        response: Response<'_>,
    ) -> Result<(), ReplicationError> {
        let log = read_server_log(response)?;
        self.server_rev = log.and_then(|l| l.rev);
        self.pull.record = Some(checkpoint);
        Ok(())
    }

    fn commit(&mut self, checkpoint: Checkpoint) {
        self.pull.conflict_retried = false;
        self.checkpoint = checkpoint.clone();
        self.events
            .push_back(ReplicationEvent::Checkpoint(checkpoint));
    }

    /// Puts the documents of an interrupted push back at the front of the queue.
    fn requeue(&mut self, waiting: Waiting) {
        if let Waiting::RevsDiff(batch) | Waiting::BulkDocs(batch) = waiting {
            self.requeue_docs(batch);
        }
    }

    fn requeue_batch(&mut self, batch: PushBatch, error: ReplicationError) -> ReplicationError {
        self.requeue_docs(batch);
        error
    }

    fn requeue_docs(&mut self, batch: PushBatch) {
        for doc in batch.missing.into_iter().chain(batch.present).rev() {
            self.queue.push_front(doc);
        }
    }

    /// Stops on `error`: whatever was half done is dropped or queued again, and a resume starts
    /// from the last stored checkpoint.
    fn stop(&mut self, error: ReplicationError) {
        if let Some((_, waiting)) = self.work.take() {
            self.requeue(waiting);
        }
        if let Some(batch) = self.to_send.take() {
            self.requeue_docs(batch);
        }
        self.feed = None;
        self.pull = Pull::default();
        self.stage = Stage::Stopped(error);
    }
}

/// The server's copy of the checkpoint: `None` when it has none (a CouchDB 404).
fn read_server_log(response: Response<'_>) -> Result<Option<ServerLog>, ReplicationError> {
    match response.status {
        200 => Ok(Some(ServerLog::parse(response.body))),
        404 if CouchError::parse(response.body).is_some() => Ok(None),
        status => Err(status_error(Step::ReadCheckpoint, status, response.body)),
    }
}

fn expect(step: Step, response: Response<'_>, ok: &[u16]) -> Result<(), ReplicationError> {
    if ok.contains(&response.status) {
        return Ok(());
    }
    Err(status_error(step, response.status, response.body))
}

fn unreachable(step: Step, failure: Failure) -> ReplicationError {
    match failure {
        Failure::TimedOut => ReplicationError::TimedOut { step },
        Failure::Network(detail) => ReplicationError::Unreachable {
            step,
            detail: super::doc::clip(&detail, 200),
        },
    }
}
