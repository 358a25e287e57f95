//! The knowledge base's search in the browser: the index over the desk's articles and resolved
//! tickets, built once when the data is loaded and then kept up to date document by document as
//! articles and tickets change (R3.1, R5.4).
//!
//! Every ranking comes from the core's `SearchIndex`; this module only feeds it.

use std::collections::HashMap;

use fielddesk_core::{
    article_doc, ticket_doc, Article, ArticleId, DocKey, Hit, SearchIndex, Suggestions, Ticket,
    TicketId, TicketNo,
};
use leptos::prelude::*;

use crate::derived::{revision, Revision};
use crate::desk::Desk;

/// The search index over the desk's articles and resolved tickets, with a version that moves
/// whenever the index changes (so memos over searches re-run).
#[derive(Clone, Copy)]
pub struct Knowledge {
    desk: Desk,
    index: StoredValue<SearchIndex>,
    indexed: StoredValue<HashMap<TicketId, (TicketNo, Revision)>>,
    articles: StoredValue<HashMap<ArticleId, usize>>,
    version: RwSignal<u64>,
}

impl Knowledge {
    /// Keeps the index in step with the desk's articles and tickets.
    pub fn start(desk: Desk) -> Knowledge {
        let knowledge = Knowledge {
            desk,
            index: StoredValue::new(SearchIndex::new()),
            indexed: StoredValue::new(HashMap::new()),
            articles: StoredValue::new(HashMap::new()),
            version: RwSignal::new(0),
        };
        Effect::new(move |_| {
            desk.articles
                .with(|articles| knowledge.sync_articles(articles));
        });
        // Tickets: index those whose solution is known; re-index one only when it changed.
        // After the next frame: the first build grows with the history (0.07 s for 10 000
        // tickets, `transfer_bench`), and the queue need not wait for it to be shown.
        Effect::new(move |_| {
            desk.tickets.track();
            request_animation_frame(move || {
                set_timeout(
                    move || {
                        desk.tickets
                            .with_untracked(|tickets| knowledge.sync_tickets(tickets))
                    },
                    std::time::Duration::ZERO,
                )
            });
        });
        knowledge
    }

    /// Puts the index's articles in step: a new or edited one (its history grew) is
    /// re-indexed, one gone (moved to another id by a merge) is removed.
    fn sync_articles(&self, articles: &[Article]) {
        let mut changed = false;
        self.articles.update_value(|seen| {
            self.index.update_value(|index| {
                seen.retain(|id, _| {
                    let kept = articles.iter().any(|a| &a.id == id);
                    if !kept {
                        index.remove(&DocKey::Article(id.clone()));
                        changed = true;
                    }
                    kept
                });
                for article in articles {
                    let revisions = article.history().len();
                    if seen.get(&article.id) != Some(&revisions) {
                        seen.insert(article.id.clone(), revisions);
                        index.insert(article_doc(article));
                        changed = true;
                    }
                }
            });
        });
        if changed {
            self.version.update(|v| *v += 1);
        }
    }

    fn sync_tickets(&self, tickets: &[Ticket]) {
        let mut changed = false;
        self.indexed.update_value(|seen| {
            self.index.update_value(|index| {
                for ticket in tickets {
                    let now = (ticket.number, revision(ticket));
                    match seen.insert(ticket.id.clone(), now) {
                        Some(before) if before == now => continue,
                        // Renumbered by a merge: its document moves to the new number.
                        Some((number, _)) if number != ticket.number => {
                            index.remove(&DocKey::Ticket(number));
                        }
                        _ => {}
                    }
                    match ticket_doc(ticket) {
                        Some(doc) => index.insert(doc),
                        None => {
                            index.remove(&DocKey::Ticket(ticket.number));
                        }
                    }
                    changed = true;
                }
            });
        });
        if changed {
            self.version.update(|v| *v += 1);
        }
    }

    /// The best `limit` hits for `query` (tracks the index's version).
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        self.version.track();
        self.index.with_value(|index| index.search(query, limit))
    }

    /// R3.1: articles and past tickets like `problem` (tracks the index's version).
    pub fn suggest(&self, problem: &str, limit: usize) -> Suggestions {
        self.version.track();
        self.index.with_value(|index| index.suggest(problem, limit))
    }

    pub fn article(&self, id: &ArticleId) -> Option<Article> {
        self.desk
            .articles
            .with(|articles| articles.iter().find(|a| &a.id == id).cloned())
    }

    /// The id a new article gets here (the core's rule).
    pub fn next_id(&self) -> ArticleId {
        self.desk
            .articles
            .with_untracked(|articles| ArticleId::first_free(articles.iter().map(|a| &a.id)))
    }
}
