//! Where a pull resumes: the checkpoint the device stores, its copy in a `_local` document on the
//! server, and how the two are compared before a pull starts.
//!
//! The server's copy is what makes a local checkpoint safe to trust: a database deleted and made
//! again under the same name numbers its changes afresh, and its `_local` document is gone with
//! it, so a device starts again from 0 instead of skipping the new database's first changes.
//! Both copies keep the last few sequences recorded, newest first (as PouchDB's checkpointer
//! does), and a pull resumes from the newest one both hold: a crash between writing one copy and
//! the other costs one batch, replayed (every step is idempotent).

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// How many recorded sequences each copy keeps.
pub const HISTORY_LEN: usize = 5;

/// A position in the server's `_changes` feed, kept exactly as the server wrote it: CouchDB 3
/// writes strings like `"5-g1AAAAB…"`, pouchdb-server integers. Sequences are only ever compared
/// for equality and sent back, never ordered or parsed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Seq(pub Value);

impl Seq {
    /// The start of the feed.
    pub fn zero() -> Seq {
        Seq(Value::from(0))
    }

    /// The value of `since=`: a string as it is, anything else as JSON text (CouchDB reads a
    /// JSON array or number there).
    pub fn as_query(&self) -> String {
        match &self.0 {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        }
    }

    /// About how many changes the feed holds up to here, for a progress bar only: CouchDB's
    /// sequences start with that count (`"5-g1AA…"`), pouchdb-server's are the count.
    pub fn approximate_count(&self) -> Option<u64> {
        match &self.0 {
            Value::Number(number) => number.as_u64(),
            Value::String(text) => text.split('-').next()?.parse().ok(),
            _ => None,
        }
    }
}

/// What names one device's pull from one database, here and in the server's `_local` document:
/// the first 32 hex digits of a SHA-256 over the device id and the database URL (without any
/// name and password in it, so a new password keeps the checkpoint).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ReplicationId(String);

impl ReplicationId {
    pub fn new(device_id: &str, db_url: &str) -> ReplicationId {
        let input = format!("fielddesk-pull-v1\n{device_id}\n{}", normalized_url(db_url));
        let digest = Sha256::digest(input.as_bytes());
        ReplicationId(digest[..16].iter().map(|b| format!("{b:02x}")).collect())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The path of the server's copy, below the database.
    pub fn local_path(&self) -> String {
        format!("_local/{}", self.0)
    }
}

/// `url` without a trailing slash and without `name:password@`.
fn normalized_url(url: &str) -> String {
    let url = url.trim().trim_end_matches('/');
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
            let host = authority
                .rsplit_once('@')
                .map_or(authority, |(_, host)| host);
            format!("{scheme}://{host}{path}")
        }
        None => url.to_string(),
    }
}

/// The device's checkpoint of one pull, which the shell stores as it is (it is plain JSON) and
/// hands back to [`Replicator::new`](super::Replicator::new).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub replication_id: ReplicationId,
    /// The sequences whose changes the device has stored, newest first, at most
    /// [`HISTORY_LEN`].
    pub history: Vec<Seq>,
    /// The server keeps a copy. `false` when it refused to store one (a read-only account):
    /// then this copy alone says where to resume.
    pub server_copy: bool,
}

impl Checkpoint {
    /// A pull that has stored nothing yet.
    pub fn start(replication_id: ReplicationId) -> Checkpoint {
        Checkpoint {
            replication_id,
            history: Vec::new(),
            server_copy: true,
        }
    }

    /// Where the next `_changes` request starts.
    pub fn since(&self) -> Seq {
        self.history.first().cloned().unwrap_or_else(Seq::zero)
    }

    /// This checkpoint once the changes up to `seq` are stored.
    pub(crate) fn advanced(&self, seq: Seq) -> Checkpoint {
        let mut history = vec![seq.clone()];
        history.extend(self.history.iter().filter(|s| **s != seq).cloned());
        history.truncate(HISTORY_LEN);
        Checkpoint {
            history,
            ..self.clone()
        }
    }

    /// The checkpoint to resume from, given the server's copy (`None`: the server has none).
    /// The newest sequence both copies hold; without one, the start.
    pub(crate) fn resumed(&self, server: Option<&ServerLog>) -> Checkpoint {
        let history = match server {
            Some(log) => match self.history.iter().position(|s| log.history.contains(s)) {
                Some(common) => self.history[common..].to_vec(),
                None => Vec::new(),
            },
            // The server never kept a copy: trust ours only if it refused to keep one.
            None if !self.server_copy => self.history.clone(),
            None => Vec::new(),
        };
        Checkpoint {
            history,
            server_copy: true,
            ..self.clone()
        }
    }

    /// The body of the server's copy, with the `_rev` it replaces (none for the first write).
    pub(crate) fn server_body(&self, rev: Option<&str>) -> String {
        let mut body = serde_json::json!({
            "_id": self.replication_id.local_path(),
            "fielddesk": super::doc::FORMAT_VERSION,
            "history": self.history,
        });
        if let Some(rev) = rev {
            body["_rev"] = Value::String(rev.to_string());
        }
        body.to_string()
    }
}

/// The server's copy of a checkpoint, as read back. Read leniently: a copy that is not as
/// Fielddesk writes it has no history in common with anything, so the pull starts again.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct ServerLog {
    pub rev: Option<String>,
    pub history: Vec<Seq>,
}

impl ServerLog {
    pub(crate) fn parse(body: &[u8]) -> ServerLog {
        let Ok(Value::Object(fields)) = serde_json::from_slice::<Value>(body) else {
            return ServerLog::default();
        };
        let rev = fields
            .get("_rev")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let history = match fields.get("history") {
            Some(Value::Array(items)) => items.iter().take(HISTORY_LEN).cloned().map(Seq).collect(),
            _ => Vec::new(),
        };
        ServerLog { rev, history }
    }
}
