//! R4.2: the requester's feedback on a fix, and who recorded it.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::attachment::Attachment;

/// R4.2: the result the requester reports after repeating the operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Feedback {
    /// 已解决: the ticket moves on to archiving (R5).
    Resolved,
    /// 部分解决: R4.3 sends the ticket back to analysis.
    PartlyResolved,
    /// 未解决: R4.3 sends the ticket back to analysis.
    NotResolved,
}

impl fmt::Display for Feedback {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Feedback::Resolved => "resolved",
            Feedback::PartlyResolved => "partly resolved",
            Feedback::NotResolved => "not resolved",
        })
    }
}

/// R4.2: feedback is the requester's word; a handler may record it for them, and then it says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ConfirmedBy {
    /// The requester recorded it themself.
    Requester,
    /// A handler recorded what the requester said (phone, chat, on site).
    HandlerOnBehalf,
}

/// R4.2: where the requester gave their feedback, which decides what stands for their signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "where")]
pub enum Taken {
    /// Face to face: the requester signed on the engineer's device, or (`None`) did not.
    OnSite { signature: Option<Signature> },
    /// By phone, chat or mail: the typed confirmation is the only record, and the form says so.
    Remotely,
}

/// R4.2 "及用户签名": the requester's signature, drawn on the engineer's device and stored as a
/// small image attachment (its bytes travel like every attachment's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature {
    /// The name the requester signed as.
    pub signer: String,
    pub image: Attachment,
}

/// The team's choices about the process itself (Settings, shared like the category standard).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkflowPolicy {
    /// R4.2: a ticket is resolved on site only with the requester's signature.
    #[serde(default)]
    pub require_signature_on_site: bool,
}
