//! The shapes of CouchDB's answers that the replicator reads (CouchDB 3 and pouchdb-server
//! alike; see `src/docs/src/api/database/*.rst` and `replication/protocol.rst` in
//! apache/couchdb). Everything is read leniently where CouchDB may add fields, and strictly
//! where the replicator depends on a field.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;

use super::checkpoint::Seq;
use super::error::{ReplicationError, Step};

/// `GET /{db}`: a database names itself and its `update_seq` (the protocol's mandatory fields,
/// with `instance_start_time`, which pouchdb-server may leave out).
#[derive(Debug, Deserialize)]
pub(crate) struct DbInfo {
    pub db_name: String,
    pub update_seq: Seq,
}

impl DbInfo {
    pub(crate) fn parse(body: &[u8]) -> Result<DbInfo, ReplicationError> {
        let value: Value =
            serde_json::from_slice(body).map_err(|_| not_couch(Step::OpenDatabase, "not JSON"))?;
        // The server's root answers `{"couchdb": "Welcome", …}` (pouchdb-server:
        // `{"express-pouchdb": "Welcome!", …}`): the URL lacks the database's name.
        if value.get("couchdb").is_some() || value.get("express-pouchdb").is_some() {
            return Err(ReplicationError::ServerNotDatabase);
        }
        serde_json::from_value(value)
            .map_err(|_| not_couch(Step::OpenDatabase, "no db_name and update_seq"))
    }
}

/// One row of `_changes`. With `style=all_docs`, `changes` lists every leaf revision. `seq`
/// is not read: with `seq_interval` CouchDB may write `null` there, and only `last_seq` is
/// ever recorded.
#[derive(Debug, Deserialize)]
pub(crate) struct ChangeRow {
    pub id: String,
    #[serde(default)]
    pub changes: Vec<RevRef>,
    #[serde(default)]
    pub deleted: bool,
}

#[derive(Debug, Deserialize)]
pub(crate) struct RevRef {
    pub rev: String,
}

/// `GET /{db}/_changes` (feed=normal or longpoll).
#[derive(Debug, Deserialize)]
pub(crate) struct Changes {
    pub results: Vec<ChangeRow>,
    pub last_seq: Seq,
    /// How many changes are left after these (CouchDB 2+; pouchdb-server may leave it out).
    #[serde(default)]
    pub pending: Option<u64>,
}

impl Changes {
    pub(crate) fn parse(body: &[u8]) -> Result<Changes, ReplicationError> {
        serde_json::from_slice(body)
            .map_err(|_| not_couch(Step::ReadChanges, "no results and last_seq"))
    }
}

/// `POST /{db}/_revs_diff`: for each document the revisions the server lacks; a document it
/// has in full is not listed.
#[derive(Debug, Deserialize)]
pub(crate) struct RevsDiffEntry {
    #[serde(default)]
    pub missing: Vec<String>,
}

pub(crate) fn parse_revs_diff(
    body: &[u8],
) -> Result<HashMap<String, RevsDiffEntry>, ReplicationError> {
    serde_json::from_slice(body)
        .map_err(|_| not_couch(Step::ComparePush, "not a _revs_diff answer"))
}

/// One row of a `_bulk_docs` answer. With `new_edits: false` CouchDB and PouchDB list only the
/// refused documents; others list every document, `ok: true` for those stored. A row can lack
/// an `id` (CouchDB's `{error, reason}` for a failure of the whole write).
#[derive(Debug, Deserialize)]
pub(crate) struct BulkDocsRow {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub error: Option<String>,
    #[serde(default)]
    pub reason: Option<String>,
}

pub(crate) fn parse_bulk_docs(body: &[u8]) -> Result<Vec<BulkDocsRow>, ReplicationError> {
    serde_json::from_slice(body).map_err(|_| not_couch(Step::Push, "not a _bulk_docs answer"))
}

/// `POST /{db}/_bulk_get`: `{"results": [{"id", "docs": [{"ok": doc} | {"error": {…}}]}]}`.
/// Each result and each document stays raw text until it is read on its own, so one broken or
/// oversized document is refused alone, and a 20 MB field is measured, never parsed.
#[derive(Debug, Deserialize)]
pub(crate) struct BulkGet<'a> {
    #[serde(borrow)]
    pub results: Vec<&'a RawValue>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct BulkGetResult<'a> {
    pub id: String,
    #[serde(borrow)]
    pub docs: Vec<BulkGetItem<'a>>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct BulkGetItem<'a> {
    #[serde(borrow, default)]
    pub ok: Option<&'a RawValue>,
    #[serde(default)]
    pub error: Option<BulkGetError>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct BulkGetError {
    #[serde(default)]
    pub error: String,
    #[serde(default)]
    pub reason: String,
}

impl<'a> BulkGet<'a> {
    pub(crate) fn parse(body: &'a [u8]) -> Result<BulkGet<'a>, ReplicationError> {
        serde_json::from_slice(body)
            .map_err(|_| not_couch(Step::FetchDocs, "not a _bulk_get answer"))
    }
}

/// `PUT /{db}/_local/{id}`: `{"ok": true, "id": …, "rev": "0-2"}`.
#[derive(Debug, Deserialize)]
pub(crate) struct LocalPut {
    pub rev: String,
}

pub(crate) fn not_couch(step: Step, what: &str) -> ReplicationError {
    ReplicationError::NotCouchDb {
        step,
        what: what.into(),
    }
}
