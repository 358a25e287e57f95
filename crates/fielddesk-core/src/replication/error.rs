//! Why a replication stopped, in words a team member can act on. Every one leaves the replicator
//! resumable from its last stored checkpoint ([`Replicator::resume`](super::Replicator::resume)).

use std::fmt;

use serde::Deserialize;

use super::doc::clip;

/// What the replicator was doing when the server answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    OpenDatabase,
    ReadCheckpoint,
    WriteCheckpoint,
    ComparePush,
    Push,
    ReadChanges,
    FetchDocs,
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Step::OpenDatabase => "open the database",
            Step::ReadCheckpoint => "read the sync checkpoint",
            Step::WriteCheckpoint => "save the sync checkpoint",
            Step::ComparePush => "compare this device's changes with the server's (_revs_diff)",
            Step::Push => "send this device's changes (_bulk_docs)",
            Step::ReadChanges => "read the server's changes (_changes)",
            Step::FetchDocs => "fetch changed documents (_bulk_get)",
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReplicationError {
    #[error("the server refused the name or password ({reason}): check them in the sync settings")]
    Unauthorized { step: Step, reason: String },
    #[error("this account may not {step} ({reason}): ask the team's CouchDB administrator to make it a member of the database")]
    Forbidden { step: Step, reason: String },
    #[error("the database does not exist on the server: check the database URL, or ask the administrator to create it")]
    DatabaseMissing { step: Step },
    #[error("the URL is a CouchDB server, not one of its databases: add the database's name (…/fielddesk)")]
    ServerNotDatabase,
    #[error("the URL does not answer like a CouchDB database when asked to {step} ({what}): check the database URL")]
    NotCouchDb { step: Step, what: String },
    #[error("the server found a request too large when asked to {step} ({reason}): ask the administrator to raise max_document_size and max_http_request_size, or lower the team's attachment limit")]
    TooLarge { step: Step, reason: String },
    #[error("another tab or device is syncing under this device's id (the checkpoint changed under us): close the other Fielddesk tabs")]
    CheckpointConflict,
    #[error("the server failed ({status}) when asked to {step}: it may be overloaded or restarting; Fielddesk tries again later")]
    ServerFailed { step: Step, status: u16 },
    #[error("the server answered {status} when asked to {step} ({reason})")]
    UnexpectedStatus {
        step: Step,
        status: u16,
        reason: String,
    },
    #[error("the server could not be reached to {step} ({detail}): Fielddesk tries again when the network is back")]
    Unreachable { step: Step, detail: String },
    #[error("the server took too long to {step}: Fielddesk tries again later")]
    TimedOut { step: Step },
}

impl ReplicationError {
    /// Trying again later may help by itself; the others need someone to change something.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            ReplicationError::ServerFailed { .. }
                | ReplicationError::Unreachable { .. }
                | ReplicationError::TimedOut { .. }
                | ReplicationError::CheckpointConflict
        )
    }
}

/// CouchDB's error body, `{"error": "…", "reason": "…"}`.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct CouchError {
    pub error: String,
    #[serde(default)]
    pub reason: String,
}

impl CouchError {
    pub(crate) fn parse(body: &[u8]) -> Option<CouchError> {
        let error: CouchError = serde_json::from_slice(body).ok()?;
        Some(CouchError {
            error: clip(&error.error, 80),
            reason: clip(&error.reason, 200),
        })
    }
}

/// The error for an answer whose status is not one the step expects. A 404 is the database
/// missing only when CouchDB says so in JSON; an HTML 404 means the URL is not a CouchDB.
pub(crate) fn status_error(step: Step, status: u16, body: &[u8]) -> ReplicationError {
    let couch = CouchError::parse(body);
    let reason = couch
        .as_ref()
        .map(|e| format!("{}: {}", e.error, e.reason))
        .unwrap_or_else(|| "no CouchDB error in the answer".into());
    match (status, couch) {
        (401, _) => ReplicationError::Unauthorized { step, reason },
        (403, _) => ReplicationError::Forbidden { step, reason },
        (404, Some(_)) => ReplicationError::DatabaseMissing { step },
        (404, None) => ReplicationError::NotCouchDb {
            step,
            what: "404 without a CouchDB error".into(),
        },
        (413, _) => ReplicationError::TooLarge { step, reason },
        (500..=599, _) => ReplicationError::ServerFailed { step, status },
        _ => ReplicationError::UnexpectedStatus {
            step,
            status,
            reason,
        },
    }
}
