//! Team sync (#14): the CouchDB replication protocol, sans-IO. The core never touches the
//! network: [`Replicator`] says which request to send ([`Replicator::poll_request`]), the shell
//! sends it with `fetch` and hands back the status and body ([`Replicator::handle_response`]),
//! and the replicator says what to store ([`Replicator::poll_event`]). Time is the shell's too:
//! each request carries the watchdog time the shell should give it.
//!
//! # The documents ([`doc`])
//!
//! One CouchDB document per immutable fact, `_id` = kind prefix + id (`t:` ticket event, `a:`
//! article event, `s:` settings event, `f:` attached file), `_rev` = `1-` + 32 hex digits derived
//! from the content's canonical JSON ([`Revision`], [`canonical_json`]). Every device derives
//! the same revision for the same event, so a document is written once however many devices
//! push it, and nothing ever conflicts: the revision trees stay one revision deep. Every
//! pulled document is checked ([`decode`]) and a refused one is reported ([`DocError`]) while the
//! rest of its batch goes on.
//!
//! # The protocol, as CouchDB's replication protocol maps onto it
//!
//! (`src/docs/src/replication/protocol.rst` in apache/couchdb, and PouchDB's replicator.)
//!
//! | protocol step | request | here |
//! |---|---|---|
//! | verify peers, get peer information | `GET /{db}` | must answer `db_name` and `update_seq`, else [`ReplicationError::NotCouchDb`] |
//! | find common ancestry | `GET /{db}/_local/{replication id}` | the server's copy of the checkpoint, compared with the device's ([`Checkpoint`]) |
//! | locate changed documents | `GET /{db}/_changes?feed=normal&style=all_docs&since=…&limit=…` | seqs are opaque JSON ([`Seq`]) |
//! | fetch changed documents | `POST /{db}/_bulk_get?revs=false` (`&attachments=true` for a file) | events in batches, files one per request; ids the device holds are skipped |
//! | record checkpoint | `PUT /{db}/_local/{replication id}` | only after the shell stored the batch ([`Replicator::confirm_stored`]) |
//! | calculate revision difference (push) | `POST /{db}/_revs_diff` | the offered documents the server lacks |
//! | upload batch (push) | `POST /{db}/_bulk_docs` with `new_edits: false` | a 201 lists refused documents (`forbidden`): refused, never pushed |
//! | continuous replication | `GET /{db}/_changes?feed=longpoll&timeout=…` | on its own lane, or plain polling ([`Live`]) |
//!
//! Left out, on purpose: `_ensure_full_commit` (CouchDB 3 commits every write, and deprecates
//! it); `_revisions` ancestry beyond the first revision (there is none); a replication log on the
//! device's side in CouchDB's format (the device's checkpoint is the shell's to store); one
//! request per document with `open_revs` (`_bulk_get` does it in one, and both CouchDB 3 and
//! pouchdb-server have it).
//!
//! # States
//!
//! ```text
//!   new / resume ──▶ Open ── GET /db ──▶ ReadCheckpoint ── GET _local/<id> ──▶ Sync
//!                     │ 200 + db_name, update_seq     │ 200 (common history) or 404 (start at 0)
//!                     ▼                               ▼
//!  Sync (work lane; checkpoint writes first, then pushes, then the pull):
//!     offered docs ──▶ _revs_diff ──▶ _bulk_docs ──▶ Pushed{accepted, refused} ─▶ PushDrained
//!     pull: _changes(since) ──▶ _bulk_get … ──▶ Pulled ─(shell stores, confirm_stored)─┐
//!                ▲                                                                   │
//!                └──── more? ◀── Checkpoint ◀── PUT _local/<id> ◀── all of the batch ◀──┘
//!     caught up ──▶ Idle: Listening (feed lane: longpoll _changes, a timeout is a quiet feed)
//!                         WakeAfter / UntilWoken (the shell calls wake)
//!  any error ──▶ Stopped(error) ── resume ──▶ Open, from the last stored checkpoint
//! ```
//!
//! Every step can be replayed: a crash before the checkpoint replays the batch, a replayed
//! feed yields the same documents, and storing them again changes nothing (the merge drops
//! what is already held).

mod canonical;
mod checkpoint;
pub mod doc;
mod error;
mod pulled;
mod replicator;
mod request;
mod wire;

#[cfg(test)]
mod tests;

pub use canonical::{canonical_json, Revision};
pub use checkpoint::{Checkpoint, ReplicationId, Seq, HISTORY_LEN};
pub use doc::{
    decode, encode, Doc, DocError, DocId, DocKind, EncodedDoc, Limits, Refusal, SettingsEvent,
    SyncPolicy, FORMAT_VERSION, MAX_ID_BYTES,
};
pub use error::{ReplicationError, Step};
pub use pulled::{docs_of, held_for_pull, plan_pull, Holdings, PullPlan};
pub use replicator::{Config, Idle, Live, Progress, ReplicationEvent, Replicator};
pub use request::{Failure, Lane, Method, Request, RequestId, Response};
