//! R1.7, R5.1: attachment metadata. The bytes live in browser storage; the core only records what
//! was attached and where.

use serde::{Deserialize, Serialize};

/// The shell's id for the stored file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AttachmentId(pub String);

/// Which part of the tracking form a file belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AttachedTo {
    /// R1.7: screenshots and logs of the problem.
    Description,
    /// R5.1: screenshots of the steps of the solution.
    Solution,
    /// R4.2: the requester's signature on the feedback (see `feedback::Signature`).
    Feedback,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    pub id: AttachmentId,
    pub file_name: String,
    /// e.g. `image/png`, `text/plain`.
    pub media_type: String,
    /// In bytes.
    pub size: u64,
    pub to: AttachedTo,
}
