//! R3.1, R5.4: what the knowledge base contributes to a ticket and what the ticket gives back.

use serde::{Deserialize, Serialize};

use crate::model::list_items;
use crate::numbering::TicketNo;

/// R3.1: something first line consulted before trying a standard solution.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Reference {
    /// An article of the 技术支持知识库, by its id.
    Article { id: String },
    /// A past ticket with the same problem.
    PastTicket { number: TicketNo },
}

impl Reference {
    /// R3.1: what a handler typed as consulted, e.g. "KB-0012, TS20231020003": a ticket number is
    /// a past ticket, anything else an article id.
    pub fn parse_list(text: &str) -> Vec<Reference> {
        list_items(text)
            .map(|item| match item.parse::<TicketNo>() {
                Ok(number) => Reference::PastTicket { number },
                Err(_) => Reference::Article {
                    id: item.to_string(),
                },
            })
            .collect()
    }
}

/// R5.1, R5.4: a knowledge-base article linked to the ticket.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct KnowledgeLink {
    pub id: String,
    pub title: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consulted_references_are_past_tickets_when_numbered_and_articles_otherwise() {
        let number: TicketNo = "TS20231020003".parse().unwrap();
        assert_eq!(
            Reference::parse_list("KB-0012，TS20231020003"),
            [
                Reference::Article {
                    id: "KB-0012".into()
                },
                Reference::PastTicket { number },
            ]
        );
    }
}
