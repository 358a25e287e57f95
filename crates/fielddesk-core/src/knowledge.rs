//! R3.1, R5.4: what the knowledge base contributes to a ticket and what the ticket gives back.

use serde::{Deserialize, Serialize};

use crate::numbering::TicketNo;

/// R3.1: something first line consulted before trying a standard solution.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Reference {
    /// An article of the 技术支持知识库, by its id.
    Article { id: String },
    /// A past ticket with the same problem.
    PastTicket { number: TicketNo },
}

/// R5.1, R5.4: a knowledge-base article linked to the ticket.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct KnowledgeLink {
    pub id: String,
    pub title: String,
}
