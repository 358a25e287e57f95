//! R3.1: search over the knowledge base and past tickets, for Chinese and Latin text alike.
//!
//! # Terms
//!
//! Chinese (and other CJK) text has no spaces, so it is cut into overlapping character bigrams:
//! "验证码错误" gives 验证, 证码, 码错, 错误, and the query "验证码" (验证, 证码) finds
//! "登录时提示验证码错误". A CJK character standing alone is indexed as itself. Latin text is
//! cut into lower-cased words of letters and digits ("Tomcat" → tomcat); full-width letters and
//! digits count as their ASCII forms. Mixed text ("OA系统") gives both kinds.
//!
//! A query is cut the same way, with two additions for typing: a single CJK character matches
//! every indexed term containing it, and the last Latin word, while still being typed (no space
//! after it), matches the words it begins. Each such expansion is capped at
//! [`MAX_EXPANSION`] terms, so a one-letter query stays fast.
//!
//! # Ranking
//!
//! Documents containing more of the query's terms come first; among equals, higher BM25
//! (k1 = 1.2, b = 0.75) over the title counted [`TITLE_WEIGHT`] times plus the body; then the
//! document key, so the order is total and the same on every device.
//!
//! # The index
//!
//! Built once ([`SearchIndex::build`]) and kept up to date document by document
//! ([`SearchIndex::insert`], [`SearchIndex::remove`]). Each term has a postings list of the
//! documents containing it (delta-encoded document numbers and term frequencies, about 2–3 bytes
//! an entry); a query reads only the lists of its own terms, never the documents. A removed
//! document is only marked removed; its entries are dropped when a quarter of the documents are
//! removed ones.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::article::{Article, ArticleId};
use crate::numbering::TicketNo;
use crate::ticket::Ticket;
use crate::workflow::Step;

/// How many times a title's terms count against the body's.
pub const TITLE_WEIGHT: u32 = 3;
/// The most terms a single typed character or a word prefix expands to.
pub const MAX_EXPANSION: usize = 256;

/// The most terms of a query used (a pasted log stays a query, not a scan).
pub const MAX_QUERY_TERMS: usize = 512;

const K1: f32 = 1.2;
const B: f32 = 0.75;

/// What a search finds: an article or a past ticket.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum DocKey {
    Article(ArticleId),
    Ticket(TicketNo),
}

/// The text of one searchable document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchDoc {
    pub key: DocKey,
    pub title: String,
    pub body: String,
}

/// An article as searched: its current title; symptoms, cause, steps and categories as body.
pub fn article_doc(article: &Article) -> SearchDoc {
    let content = article.current();
    let mut body = format!("{}\n{}", content.symptoms, content.cause);
    for line in &content.steps {
        body.push('\n');
        body.push_str(line);
    }
    for category in &content.categories {
        body.push('\n');
        body.push_str(&category.to_string());
    }
    SearchDoc {
        key: DocKey::Article(article.id.clone()),
        title: content.title.clone(),
        body,
    }
}

/// A resolved or archived ticket as searched: its symptom as title; the rest of the description,
/// categories, root cause and solution as body. `None` for a ticket still open (R3.1 searches
/// tickets whose solution is known).
pub fn ticket_doc(ticket: &Ticket) -> Option<SearchDoc> {
    if ticket.step < Step::Resolved {
        return None;
    }
    let description = &ticket.intake.description;
    let mut body = format!(
        "{}\n{}\n{}",
        ticket.number, description.error_text, description.operation_path
    );
    for category in &ticket.categories {
        body.push('\n');
        body.push_str(&category.to_string());
    }
    if let Some(root_cause) = &ticket.root_cause {
        body.push('\n');
        body.push_str(&root_cause.root_cause);
    }
    if let Some(solution) = ticket.solution() {
        body.push('\n');
        body.push_str(solution);
    }
    Some(SearchDoc {
        key: DocKey::Ticket(ticket.number),
        title: description.symptom.clone(),
        body,
    })
}

/// One result: the document, how many of the query's terms it contains, and its BM25 score.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub key: DocKey,
    pub matched: u32,
    pub score: f32,
}

/// R3.1: what to show at intake and during first-line handling.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestions {
    pub articles: Vec<Hit>,
    pub tickets: Vec<Hit>,
}

/// The size of an index, for the benchmark and the settings page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexStats {
    pub documents: usize,
    pub removed: usize,
    pub terms: usize,
    pub postings: usize,
    /// Heap bytes held, estimated from capacities and string lengths.
    pub approx_bytes: usize,
}

#[derive(Debug, Clone, Default)]
struct Postings {
    /// Per entry: the document number minus the previous entry's (LEB128), then the weighted
    /// term frequency (one byte, capped at 255).
    bytes: Vec<u8>,
    last: u32,
    entries: u32,
}

impl Postings {
    fn push(&mut self, doc: u32, tf: u32) {
        let delta = if self.entries == 0 {
            doc
        } else {
            doc - self.last
        };
        write_varint(&mut self.bytes, delta);
        self.bytes.push(tf.min(255) as u8);
        self.last = doc;
        self.entries += 1;
    }

    fn each(&self, mut f: impl FnMut(u32, u32)) {
        let (mut at, mut doc) = (0, 0u32);
        while at < self.bytes.len() {
            let (delta, next) = read_varint(&self.bytes, at);
            doc += delta;
            f(doc, u32::from(self.bytes[next]));
            at = next + 1;
        }
    }
}

/// The best `limit` hits, best first: more query terms, then higher score, then key.
fn best(mut hits: Vec<Hit>, limit: usize) -> Vec<Hit> {
    let order = |a: &Hit, b: &Hit| {
        b.matched
            .cmp(&a.matched)
            .then(b.score.total_cmp(&a.score))
            .then_with(|| a.key.cmp(&b.key))
    };
    if limit == 0 {
        return Vec::new();
    }
    if hits.len() > limit {
        hits.select_nth_unstable_by(limit - 1, order);
        hits.truncate(limit);
    }
    hits.sort_unstable_by(order);
    hits
}

fn write_varint(bytes: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        bytes.push((value as u8) | 0x80);
        value >>= 7;
    }
    bytes.push(value as u8);
}

fn read_varint(bytes: &[u8], mut at: usize) -> (u32, usize) {
    let (mut value, mut shift) = (0u32, 0);
    loop {
        let byte = bytes[at];
        value |= u32::from(byte & 0x7f) << shift;
        at += 1;
        if byte < 0x80 {
            return (value, at);
        }
        shift += 7;
    }
}

#[derive(Debug, Clone)]
struct DocEntry {
    key: DocKey,
    length: u32,
}

/// The inverted index over articles and past tickets (see the module docs).
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    terms: HashMap<String, u32>,
    postings: Vec<Postings>,
    /// Latin word terms in order, for prefixes being typed.
    words: BTreeMap<String, u32>,
    /// For each CJK character, the terms containing it, for one-character queries.
    by_char: HashMap<char, Vec<u32>>,
    /// By document number; `None` once removed.
    docs: Vec<Option<DocEntry>>,
    numbers: HashMap<DocKey, u32>,
    total_length: u64,
}

/// One term of a text, in a buffer reused between terms.
enum Token<'a> {
    Word(&'a str),
    Bigram(&'a str),
    /// A CJK character with no CJK neighbour.
    Single(char),
}

fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}'       // kana
        | '\u{3400}'..='\u{4DBF}'     // CJK extension A
        | '\u{4E00}'..='\u{9FFF}'     // CJK unified ideographs
        | '\u{AC00}'..='\u{D7AF}'     // Hangul syllables
        | '\u{F900}'..='\u{FAFF}'     // CJK compatibility ideographs
        | '\u{20000}'..='\u{2FA1F}') // CJK extensions B–F
}

/// Full-width ASCII (ＯＡ, １２３) as ASCII, which Chinese input methods often produce.
fn narrow(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// Calls `emit` for each term of `text`, in order.
fn tokens(text: &str, mut emit: impl FnMut(Token<'_>)) {
    let mut word = String::new();
    let mut pair = String::new();
    let mut previous_cjk: Option<char> = None;
    let mut run = 0usize;
    let end_run = |run: usize, previous: Option<char>, emit: &mut dyn FnMut(Token<'_>)| {
        if let (1, Some(c)) = (run, previous) {
            emit(Token::Single(c));
        }
    };
    for c in text.chars().map(narrow) {
        if is_cjk(c) {
            if !word.is_empty() {
                emit(Token::Word(&word));
                word.clear();
            }
            if let Some(p) = previous_cjk {
                pair.clear();
                pair.push(p);
                pair.push(c);
                emit(Token::Bigram(&pair));
            }
            previous_cjk = Some(c);
            run += 1;
            continue;
        }
        end_run(run, previous_cjk, &mut emit);
        previous_cjk = None;
        run = 0;
        if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        } else if !word.is_empty() {
            emit(Token::Word(&word));
            word.clear();
        }
    }
    end_run(run, previous_cjk, &mut emit);
    if !word.is_empty() {
        emit(Token::Word(&word));
    }
}

/// The distinct terms of `text`, sorted: what two texts are compared by (see `recurrence`).
pub(crate) fn term_set(text: &str) -> Vec<String> {
    let mut terms = Vec::new();
    tokens(text, |token| {
        terms.push(match token {
            Token::Word(w) | Token::Bigram(w) => w.to_string(),
            Token::Single(c) => c.to_string(),
        })
    });
    terms.sort_unstable();
    terms.dedup();
    terms
}

impl SearchIndex {
    pub fn new() -> Self {
        Self::default()
    }

    /// An index of `docs`; a key given twice keeps its last text.
    pub fn build(docs: impl IntoIterator<Item = SearchDoc>) -> Self {
        let mut index = Self::new();
        for doc in docs {
            index.insert(doc);
        }
        for postings in &mut index.postings {
            postings.bytes.shrink_to_fit();
        }
        index
    }

    /// Number of documents searchable.
    pub fn len(&self) -> usize {
        self.numbers.len()
    }

    pub fn is_empty(&self) -> bool {
        self.numbers.is_empty()
    }

    pub fn contains(&self, key: &DocKey) -> bool {
        self.numbers.contains_key(key)
    }

    /// Adds a document, or replaces the one with the same key (an edited article, a ticket
    /// resolved again).
    pub fn insert(&mut self, doc: SearchDoc) {
        self.remove(&doc.key);
        let number = u32::try_from(self.docs.len()).expect("fewer than 4 billion documents");
        let mut counts: Vec<(u32, u32)> = Vec::new();
        let mut length = 0u32;
        for (text, weight) in [(&doc.title, TITLE_WEIGHT), (&doc.body, 1)] {
            tokens(text, |token| {
                let term = self.term_id(&token);
                counts.push((term, weight));
                length += weight;
            });
        }
        counts.sort_unstable();
        let mut at = 0;
        while at < counts.len() {
            let term = counts[at].0;
            let mut tf = 0;
            while at < counts.len() && counts[at].0 == term {
                tf += counts[at].1;
                at += 1;
            }
            self.postings[term as usize].push(number, tf);
        }
        self.total_length += u64::from(length);
        self.numbers.insert(doc.key.clone(), number);
        self.docs.push(Some(DocEntry {
            key: doc.key,
            length,
        }));
    }

    /// Removes a document; `false` if it was not in the index.
    pub fn remove(&mut self, key: &DocKey) -> bool {
        let Some(number) = self.numbers.remove(key) else {
            return false;
        };
        if let Some(entry) = self.docs[number as usize].take() {
            self.total_length -= u64::from(entry.length);
        }
        if self.docs.len() - self.numbers.len() > self.docs.len() / 4 {
            self.compact();
        }
        true
    }

    fn term_id(&mut self, token: &Token<'_>) -> u32 {
        let mut single = [0u8; 4];
        let text: &str = match token {
            Token::Word(w) | Token::Bigram(w) => w,
            Token::Single(c) => c.encode_utf8(&mut single),
        };
        if let Some(id) = self.terms.get(text) {
            return *id;
        }
        let id = u32::try_from(self.postings.len()).expect("fewer than 4 billion terms");
        self.terms.insert(text.to_string(), id);
        self.postings.push(Postings::default());
        match token {
            Token::Word(w) => {
                self.words.insert(w.to_string(), id);
            }
            Token::Bigram(_) | Token::Single(_) => {
                let mut chars: Vec<char> = text.chars().collect();
                chars.dedup();
                for c in chars {
                    self.by_char.entry(c).or_default().push(id);
                }
            }
        }
        id
    }

    /// Drops removed documents' entries and numbers the documents densely again.
    fn compact(&mut self) {
        let mut renumbered: Vec<Option<u32>> = Vec::with_capacity(self.docs.len());
        let mut docs = Vec::with_capacity(self.numbers.len());
        for entry in self.docs.drain(..) {
            match entry {
                Some(entry) => {
                    renumbered.push(Some(docs.len() as u32));
                    docs.push(Some(entry));
                }
                None => renumbered.push(None),
            }
        }
        self.docs = docs;
        for postings in &mut self.postings {
            let mut kept = Postings::default();
            postings.each(|doc, tf| {
                if let Some(new) = renumbered[doc as usize] {
                    kept.push(new, tf);
                }
            });
            *postings = kept;
        }
        for number in self.numbers.values_mut() {
            *number = renumbered[*number as usize].expect("a live document has a new number");
        }
    }

    /// The query's term groups: each group is one query term, as the index terms it matches.
    fn query_groups(&self, query: &str) -> Vec<Vec<u32>> {
        let typing = query
            .chars()
            .last()
            .map(narrow)
            .is_some_and(|c| c.is_alphanumeric() && !is_cjk(c));
        let mut words: Vec<String> = Vec::new();
        let mut groups: Vec<Vec<u32>> = Vec::new();
        tokens(query, |token| match token {
            Token::Word(w) => words.push(w.to_string()),
            Token::Bigram(b) => groups.push(self.terms.get(b).copied().into_iter().collect()),
            Token::Single(c) => groups.push(
                self.by_char
                    .get(&c)
                    .map(|ids| ids.iter().copied().take(MAX_EXPANSION).collect())
                    .unwrap_or_default(),
            ),
        });
        let last = words.len().wrapping_sub(1);
        for (i, word) in words.iter().enumerate() {
            let group = if typing && i == last {
                self.words
                    .range::<str, _>((
                        std::ops::Bound::Included(word.as_str()),
                        std::ops::Bound::Unbounded,
                    ))
                    .take_while(|(w, _)| w.starts_with(word.as_str()))
                    .take(MAX_EXPANSION)
                    .map(|(_, id)| *id)
                    .collect()
            } else {
                self.terms.get(word.as_str()).copied().into_iter().collect()
            };
            groups.push(group);
        }
        groups.sort_unstable();
        groups.dedup();
        groups.retain(|g| !g.is_empty());
        groups.truncate(MAX_QUERY_TERMS);
        groups
    }

    /// The best `limit` documents for `query`, best first; nothing for a query without terms.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        best(self.scored(query), limit)
    }

    /// R3.1: for the problem being recorded or handled, the best `limit` articles and the best
    /// `limit` past tickets.
    pub fn suggest(&self, problem: &str, limit: usize) -> Suggestions {
        let (articles, tickets) = self
            .scored(problem)
            .into_iter()
            .partition(|hit| matches!(hit.key, DocKey::Article(_)));
        Suggestions {
            articles: best(articles, limit),
            tickets: best(tickets, limit),
        }
    }

    /// Every document containing a term of `query`, unordered.
    fn scored(&self, query: &str) -> Vec<Hit> {
        let groups = self.query_groups(query);
        if groups.is_empty() || self.is_empty() {
            return Vec::new();
        }
        let size = self.docs.len();
        let live = self.len() as f32;
        let average = self.total_length as f32 / live;
        let mut scores = vec![0f32; size];
        let mut matched = vec![0u16; size];
        let mut seen_in = vec![u16::MAX; size];
        let mut touched: Vec<u32> = Vec::new();
        let mut live_entries: Vec<(u32, u32, f32)> = Vec::new();
        for (g, group) in groups.iter().enumerate() {
            let g = g as u16;
            for term in group {
                live_entries.clear();
                self.postings[*term as usize].each(|doc, tf| {
                    if let Some(entry) = &self.docs[doc as usize] {
                        live_entries.push((doc, tf, entry.length as f32));
                    }
                });
                let df = live_entries.len() as f32;
                let idf = (1.0 + (live - df + 0.5) / (df + 0.5)).ln();
                for &(doc, tf, length) in &live_entries {
                    let tf = tf as f32;
                    let d = doc as usize;
                    scores[d] +=
                        idf * tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * length / average));
                    if seen_in[d] != g {
                        if seen_in[d] == u16::MAX {
                            touched.push(doc);
                        }
                        seen_in[d] = g;
                        matched[d] += 1;
                    }
                }
            }
        }
        touched
            .into_iter()
            .filter_map(|doc| {
                let entry = self.docs[doc as usize].as_ref()?;
                Some(Hit {
                    key: entry.key.clone(),
                    matched: u32::from(matched[doc as usize]),
                    score: scores[doc as usize],
                })
            })
            .collect()
    }

    pub fn stats(&self) -> IndexStats {
        let postings: usize = self.postings.iter().map(|p| p.entries as usize).sum();
        let list_bytes: usize = self
            .postings
            .iter()
            .map(|p| p.bytes.capacity() + std::mem::size_of::<Postings>())
            .sum();
        // A hash map entry: the key's heap bytes, the key and value inline, a control byte.
        let term_bytes: usize = self.terms.keys().map(|t| t.len() + 24 + 4 + 1).sum();
        let word_bytes: usize = self.words.keys().map(|w| w.len() + 24 + 4 + 8).sum();
        let char_bytes: usize = self
            .by_char
            .values()
            .map(|v| v.capacity() * 4 + 24 + 4 + 1)
            .sum();
        let doc_bytes = self.docs.capacity() * std::mem::size_of::<Option<DocEntry>>()
            + self.numbers.len() * (std::mem::size_of::<DocKey>() + 4 + 1);
        IndexStats {
            documents: self.len(),
            removed: self.docs.len() - self.len(),
            terms: self.terms.len(),
            postings,
            approx_bytes: list_bytes + term_bytes + word_bytes + char_bytes + doc_bytes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: &str, title: &str, body: &str) -> SearchDoc {
        SearchDoc {
            key: DocKey::Article(ArticleId(id.into())),
            title: title.into(),
            body: body.into(),
        }
    }

    fn ticket(number: &str, title: &str, body: &str) -> SearchDoc {
        SearchDoc {
            key: DocKey::Ticket(number.parse().expect("a ticket number")),
            title: title.into(),
            body: body.into(),
        }
    }

    fn keys(hits: &[Hit]) -> Vec<String> {
        hits.iter()
            .map(|h| match &h.key {
                DocKey::Article(id) => id.0.clone(),
                DocKey::Ticket(no) => no.to_string(),
            })
            .collect()
    }

    fn library() -> SearchIndex {
        SearchIndex::build([
            article(
                "KB-1",
                "登录时提示验证码错误",
                "清理浏览器缓存,重启Tomcat服务",
            ),
            article("KB-2", "VPN 无法连接", "error 809: 防火墙拦截 L2TP"),
            article("KB-3", "打印机卡纸", "打开后盖取出纸张"),
            ticket(
                "TS20231027001",
                "10:00登录OA系统时提示'验证码错误'",
                "缓存异常 清理浏览器缓存",
            ),
            ticket("TS20231028001", "邮箱验证失败", "重置密码"),
        ])
    }

    #[test]
    fn chinese_text_is_cut_into_bigrams_and_latin_into_lower_case_words() {
        let mut terms = Vec::new();
        tokens("OA系统 Tomcat 验证码 纸 ＯＫ", |t| {
            terms.push(match t {
                Token::Word(w) => format!("w:{w}"),
                Token::Bigram(b) => format!("b:{b}"),
                Token::Single(c) => format!("s:{c}"),
            })
        });
        assert_eq!(
            terms,
            ["w:oa", "b:系统", "w:tomcat", "b:验证", "b:证码", "s:纸", "w:ok"]
        );
    }

    #[test]
    fn a_chinese_word_finds_the_sentence_it_is_part_of() {
        let hits = library().search("验证码", 10);
        // Both documents with 验证 and 证码 first; 邮箱验证失败 has only 验证.
        assert_eq!(keys(&hits), ["KB-1", "TS20231027001", "TS20231028001"]);
        assert_eq!(hits[0].matched, 2);
        assert_eq!(hits[2].matched, 1);
    }

    #[test]
    fn a_title_match_ranks_above_a_body_match() {
        let index = SearchIndex::build([
            article("KB-body", "浏览器问题", "提示验证码错误"),
            article("KB-title", "验证码错误", "浏览器问题"),
        ]);
        // Same terms, same lengths: only the title weight differs.
        assert_eq!(keys(&index.search("验证码", 10)), ["KB-title", "KB-body"]);
    }

    #[test]
    fn english_words_match_whatever_their_case() {
        let index = library();
        assert_eq!(keys(&index.search("tomcat ", 10)), ["KB-1"]);
        assert_eq!(keys(&index.search("VPN Error", 10)), ["KB-2"]);
    }

    #[test]
    fn the_word_being_typed_matches_as_a_prefix() {
        let index = library();
        assert_eq!(keys(&index.search("Tomc", 10)), ["KB-1"]);
        // Once a space ends the word, it must match whole.
        assert!(index.search("Tomc ", 10).is_empty());
    }

    #[test]
    fn mixed_text_matches_both_scripts() {
        let hits = library().search("OA 验证码", 10);
        // TS20231027001 has oa, 验证 and 证码; KB-1 has the two bigrams only.
        assert_eq!(keys(&hits)[..2], ["TS20231027001", "KB-1"]);
        assert_eq!(hits[0].matched, 3);
    }

    #[test]
    fn one_typed_chinese_character_finds_words_containing_it() {
        assert_eq!(keys(&library().search("纸", 10)), ["KB-3"]);
    }

    #[test]
    fn an_empty_or_punctuation_query_finds_nothing() {
        let index = library();
        assert!(index.search("", 10).is_empty());
        assert!(index.search("  ,。!", 10).is_empty());
        assert!(index.search("不存在的词", 10).is_empty());
    }

    #[test]
    fn documents_are_added_replaced_and_removed_one_at_a_time() {
        let mut index = library();
        let kb1 = DocKey::Article(ArticleId("KB-1".into()));
        index.insert(article("KB-1", "打印机无法连接", "检查网线"));
        assert_eq!(index.len(), 5);
        assert_eq!(
            keys(&index.search("验证码", 10)),
            ["TS20231027001", "TS20231028001"]
        );
        // Both have 打印 and 印机 in the title; KB-3 is shorter (3×4 + 7 = 19 weighted terms
        // against 3×6 + 3 = 21), so BM25 puts it first.
        assert_eq!(keys(&index.search("打印机", 10)), ["KB-3", "KB-1"]);

        assert!(index.remove(&kb1));
        assert!(!index.remove(&kb1));
        assert_eq!(keys(&index.search("打印机", 10)), ["KB-3"]);

        // Removing most documents compacts the lists; what is left is still found.
        for key in ["KB-2", "KB-3"] {
            index.remove(&DocKey::Article(ArticleId(key.into())));
        }
        let stats = index.stats();
        assert_eq!((stats.documents, stats.removed), (2, 0));
        assert_eq!(
            keys(&index.search("验证码", 10)),
            ["TS20231027001", "TS20231028001"]
        );
    }

    #[test]
    fn suggestions_list_articles_and_past_tickets_apart() {
        let suggestions = library().suggest("登录OA时提示验证码错误,无法进入", 3);
        assert_eq!(keys(&suggestions.articles)[0], "KB-1");
        assert_eq!(keys(&suggestions.tickets)[0], "TS20231027001");
        assert!(suggestions.articles.len() <= 3);
    }

    #[test]
    fn only_resolved_tickets_are_searchable() {
        use crate::casework::{beijing, Casebook};
        use crate::model::Priority;
        let mut book = Casebook::default();
        let mut case = book.open(
            "登录时提示验证码错误",
            Priority::P2,
            beijing(2023, 10, 27, 10, 0),
        );
        assert_eq!(ticket_doc(&case.ticket), None);
        case.classify("系统故障-登录异常", beijing(2023, 10, 27, 10, 5))
            .resolve(beijing(2023, 10, 27, 11, 0));
        let doc = ticket_doc(&case.ticket).expect("resolved");
        let index = SearchIndex::build([doc]);
        assert_eq!(
            keys(&index.search("tomcat", 5)),
            [case.ticket.number.to_string()]
        );
        assert_eq!(keys(&index.search("登录异常", 5)).len(), 1);
    }
}
