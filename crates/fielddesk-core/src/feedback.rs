//! R4.2: the requester's feedback on a fix, and who recorded it.

use std::fmt;

use serde::{Deserialize, Serialize};

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
