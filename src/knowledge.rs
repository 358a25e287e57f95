//! The knowledge base in the browser: the articles folded from the `articles` store, and the
//! search index over articles and resolved tickets, built once when the data is loaded and then
//! kept up to date document by document as articles and tickets change (R3.1, R5.4).
//!
//! Every ranking comes from the core's `SearchIndex`; this module only feeds it.

use std::collections::HashMap;

use fielddesk_core::{
    article_doc, fold_articles, ticket_doc, Article, ArticleEvent, ArticleId, DocKey, Hit,
    SearchIndex, Suggestions, Ticket, TicketNo,
};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::app::{Load, Shared};

/// What the knowledge pages share: the articles, and the index with a version that moves
/// whenever the index changes (so memos over searches re-run).
#[derive(Clone, Copy)]
pub struct Knowledge {
    /// Every article, by id.
    pub articles: RwSignal<Vec<Article>>,
    pub loaded: RwSignal<bool>,
    index: StoredValue<SearchIndex>,
    indexed: StoredValue<HashMap<TicketNo, u64>>,
    version: RwSignal<u64>,
}

impl Knowledge {
    /// Loads the articles once the tickets are loaded, and keeps the index in step with both.
    pub fn start(shared: Shared) -> Knowledge {
        let knowledge = Knowledge {
            articles: RwSignal::new(Vec::new()),
            loaded: RwSignal::new(false),
            index: StoredValue::new(SearchIndex::new()),
            indexed: StoredValue::new(HashMap::new()),
            version: RwSignal::new(0),
        };
        Effect::new(move |started: Option<bool>| {
            if started == Some(true) || shared.load.get() != Load::Ready {
                return started.unwrap_or(false);
            }
            spawn_local(knowledge.load(shared));
            true
        });
        // The store was re-read (an import, another tab's write): articles may have come or
        // moved to another id.
        Effect::new(move |seen: Option<u64>| {
            let now = shared.reloaded.get();
            if seen.is_some_and(|seen| seen != now) {
                spawn_local(knowledge.load(shared));
            }
            now
        });
        // Tickets: index those whose solution is known; re-index one only when it changed.
        Effect::new(move |_| {
            shared
                .tickets
                .with(|tickets| knowledge.sync_tickets(tickets));
        });
        knowledge
    }

    /// Reads every article from the store and puts the index's articles in step with them.
    async fn load(self, shared: Shared) {
        let Some(store) = shared.store.get_value() else {
            return;
        };
        // A failure to read articles leaves the knowledge base as it was, not the app broken.
        let Ok(events) = store.article_events().await else {
            return;
        };
        let articles = fold_articles(&events);
        let gone: Vec<ArticleId> = self.articles.with_untracked(|old| {
            old.iter()
                .filter(|o| !articles.iter().any(|a| a.id == o.id))
                .map(|o| o.id.clone())
                .collect()
        });
        self.index.update_value(|index| {
            for id in gone {
                index.remove(&DocKey::Article(id));
            }
            for article in &articles {
                index.insert(article_doc(article));
            }
        });
        self.articles.set(articles);
        self.loaded.set(true);
        self.version.update(|v| *v += 1);
    }

    fn sync_tickets(&self, tickets: &[Ticket]) {
        let mut changed = false;
        self.indexed.update_value(|seen| {
            self.index.update_value(|index| {
                for ticket in tickets {
                    if seen.get(&ticket.number) == Some(&ticket.last_seq) {
                        continue;
                    }
                    seen.insert(ticket.number, ticket.last_seq);
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

    /// Adds or replaces an article after a save.
    pub fn put(&self, event: &ArticleEvent) {
        let mut folded = None;
        self.articles.update(|articles| {
            match articles.iter_mut().find(|a| a.id == event.article) {
                Some(article) => article.apply(event),
                None => {
                    if let Some(article) = Article::fold([event]) {
                        articles.push(article);
                        articles.sort_by(|a, b| a.id.cmp(&b.id));
                    }
                }
            }
            folded = articles.iter().find(|a| a.id == event.article).cloned();
        });
        if let Some(article) = folded {
            self.index
                .update_value(|index| index.insert(article_doc(&article)));
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
        self.articles
            .with(|articles| articles.iter().find(|a| &a.id == id).cloned())
    }

    /// The id a new article gets here (the core's rule).
    pub fn next_id(&self) -> ArticleId {
        self.articles
            .with_untracked(|articles| ArticleId::first_free(articles.iter().map(|a| &a.id)))
    }
}
