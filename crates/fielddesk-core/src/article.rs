//! R5.1, R5.2, R5.4: the knowledge base (技术支持知识库). An article is a fold over its own events,
//! like a ticket, so every edit keeps the version it replaced.
//!
//! An article usually starts from a resolved ticket ([`article_from_ticket`]); linking it to a
//! ticket goes through the ticket's own workflow ([`link_article`]): `LinkArticle`, then, for a
//! ticket 待归档, `Archive` (R5.4) — the article module adds no rule of its own there.
//!
//! An article's id (`KB-0042`) is what people read and what tickets refer to; two offline devices
//! can give one id to two different articles. An article is therefore known across devices by
//! its creation event, and a merge that finds two articles with one id moves one of them on
//! (`merge::articles`), recorded as its `ArticleRenumbered` events. Each event's `article` is
//! the id the article has now: a merge that moves an article relabels its events (same ids).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::event::{in_fold_order, Event, EventId};
use crate::feedback::WorkflowPolicy;
use crate::knowledge::KnowledgeLink;
use crate::model::Person;
use crate::numbering::TicketNo;
use crate::roles::Role;
use crate::standard::{Category, CategoryStandard};
use crate::ticket::{Stamp, Ticket};
use crate::workflow::{decide, Command, Step, WorkflowError};

/// The shell's id for an article, e.g. `KB-0042`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ArticleId(pub String);

impl ArticleId {
    /// The id a merge moves an article on to when another article has this one: the trailing
    /// number one up, as wide as before or wider (`KB-0009` → `KB-0010`, `KB-9999` → `KB-10000`);
    /// an id without a trailing number goes on to `-2` (`VPN` → `VPN-2`). `None` past 18 digits.
    pub fn next(&self) -> Option<ArticleId> {
        let text = self.0.as_str();
        let stem = text.trim_end_matches(|c: char| c.is_ascii_digit());
        let digits = &text[stem.len()..];
        if digits.is_empty() {
            return Some(ArticleId(format!("{text}-2")));
        }
        if digits.len() > 18 {
            return None;
        }
        let serial: u64 = digits.parse().ok()?;
        let next = serial.checked_add(1)?;
        Some(ArticleId(format!(
            "{stem}{next:0width$}",
            width = digits.len()
        )))
    }

    /// The id a new article gets on this device: `KB-` and the highest `KB-` number in
    /// `existing` plus one, four digits wide at least (`KB-0001` for the first).
    pub fn first_free<'a>(existing: impl IntoIterator<Item = &'a ArticleId>) -> ArticleId {
        let highest = existing
            .into_iter()
            .filter_map(|id| id.0.strip_prefix("KB-")?.parse::<u64>().ok())
            .max()
            .unwrap_or(0);
        ArticleId(format!("KB-{:04}", highest + 1))
    }

    /// [`ArticleId::next`] `steps` times; `None` if any step has none.
    pub fn after(&self, steps: u32) -> Option<ArticleId> {
        (0..steps).try_fold(self.clone(), |id, _| id.next())
    }
}

impl std::fmt::Display for ArticleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What an article says: one version of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleContent {
    pub title: String,
    /// What the requester sees: the symptom and the error text.
    pub symptoms: String,
    /// The root cause (R3.3).
    pub cause: String,
    /// The solution, one step per entry (R5.1).
    pub steps: Vec<String>,
    /// R2.1: tags from the category standard.
    pub categories: Vec<Category>,
    /// The tickets the article came from.
    pub sources: Vec<TicketNo>,
}

/// One article event: an id, the article, its place in the article's history, who and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleEvent {
    pub id: EventId,
    /// The article's id as it is now: the one thing about an event a merge may change, when it
    /// moves the article on (see `merge::articles`).
    pub article: ArticleId,
    /// 1 for the creation, one more for each edit; a renumbering is the creation's + its step.
    pub seq: u64,
    pub actor: Person,
    pub at: DateTime<Utc>,
    pub kind: ArticleEventKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum ArticleEventKind {
    /// R5.4: the article was written.
    ArticleCreated { content: ArticleContent },
    /// R5.2: the article was revised (after a retrospective, a new case…); `note` says why.
    ArticleEdited {
        content: ArticleContent,
        note: String,
    },
    /// A merge found another article with this id and moved this one on to the next id (made by
    /// Fielddesk only, one event per id passed; see `merge::articles`).
    ArticleRenumbered { from: ArticleId, to: ArticleId },
}

impl ArticleEvent {
    /// The order in which an article's events are folded: causal order, then id.
    pub fn order_key(&self) -> (u64, &EventId) {
        (self.seq, &self.id)
    }

    /// The same event, whatever article id it carries: what two devices must agree on.
    pub fn same_fact(&self, other: &ArticleEvent) -> bool {
        self.id == other.id
            && self.seq == other.seq
            && self.actor == other.actor
            && self.at == other.at
            && self.kind == other.kind
    }
}

/// A move of an article to another id, as its `ArticleRenumbered` events record it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdChange {
    pub from: ArticleId,
    pub to: ArticleId,
    pub at: DateTime<Utc>,
}

/// One version of an article and who wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revision {
    pub seq: u64,
    pub at: DateTime<Utc>,
    pub by: Person,
    /// Why it was edited; empty for the first version.
    pub note: String,
    pub content: ArticleContent,
}

/// An article as its events left it: the current version and every earlier one. Stored as its
/// events; this is only ever folded from them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    pub id: ArticleId,
    /// The creation event: what knows the article on every device, whatever its id.
    pub created: EventId,
    /// Every version, oldest first; the last is the current one. Never empty.
    history: Vec<Revision>,
    /// The ids it had before, oldest first.
    renumbered: Vec<IdChange>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ArticleError {
    #[error("R5.1: ticket {0} is not resolved yet; an article is written from a resolved ticket")]
    TicketNotResolved(TicketNo),
    #[error("R5.1: ticket {0} has no root cause or solution to write an article from")]
    TicketWithoutSolution(TicketNo),
    #[error("R5.4: an article needs a {0}")]
    Blank(ArticleField),
    #[error("R2.1: {0} is not in the category standard")]
    UnknownCategory(Category),
    #[error("R5.2: the edit changes nothing in the article")]
    NothingChanged,
    #[error("R5.2: an edit says why the article changed")]
    EditWithoutNote,
}

/// The parts of an article that must not be blank.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ArticleField {
    Title,
    Symptoms,
    Cause,
    Steps,
}

impl std::fmt::Display for ArticleField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ArticleField::Title => "title",
            ArticleField::Symptoms => "description of the symptoms",
            ArticleField::Cause => "cause",
            ArticleField::Steps => "solution step",
        })
    }
}

impl Article {
    /// The article that `events` describe, folded in `seq` order (then id, for two devices that
    /// edited at once: the later one in that order is current, the other stays in the history);
    /// `None` without its creation. Events of other articles are ignored.
    pub fn fold<'a>(events: impl IntoIterator<Item = &'a ArticleEvent>) -> Option<Article> {
        let ordered = in_fold_order(events, ArticleEvent::order_key);
        let created = ordered
            .iter()
            .position(|e| matches!(e.kind, ArticleEventKind::ArticleCreated { .. }))?;
        let first = ordered[created];
        let mut article = Article {
            id: first.article.clone(),
            created: first.id.clone(),
            history: Vec::new(),
            renumbered: Vec::new(),
        };
        for event in &ordered[created..] {
            article.apply(event);
        }
        Some(article)
    }

    /// Adds one event of this article to its history; events of other articles, and a second
    /// creation, change nothing.
    pub fn apply(&mut self, event: &ArticleEvent) {
        if event.article != self.id {
            return;
        }
        let (content, note) = match &event.kind {
            ArticleEventKind::ArticleCreated { content } if self.history.is_empty() => {
                (content, String::new())
            }
            ArticleEventKind::ArticleCreated { .. } => return,
            ArticleEventKind::ArticleEdited { content, note } => (content, note.clone()),
            ArticleEventKind::ArticleRenumbered { from, to } => {
                self.renumbered.push(IdChange {
                    from: from.clone(),
                    to: to.clone(),
                    at: event.at,
                });
                return;
            }
        };
        self.history.push(Revision {
            seq: event.seq,
            at: event.at,
            by: event.actor.clone(),
            note,
            content: content.clone(),
        });
    }

    /// Every version, oldest first; the last is the current one.
    pub fn history(&self) -> &[Revision] {
        &self.history
    }

    /// The ids a merge moved the article on from, oldest first: another device had an article
    /// with the same id (see `merge::articles`). Empty for most articles.
    pub fn renumberings(&self) -> &[IdChange] {
        &self.renumbered
    }

    /// The current version.
    pub fn current(&self) -> &ArticleContent {
        &self
            .history
            .last()
            .expect("an article is folded from its creation, so it has a version")
            .content
    }

    pub fn last_seq(&self) -> u64 {
        self.history.last().map_or(0, |r| r.seq)
    }

    /// R5.4: how a ticket shows the article it links.
    pub fn link(&self) -> KnowledgeLink {
        KnowledgeLink {
            id: self.id.0.clone(),
            title: self.current().title.clone(),
        }
    }
}

/// Every article the events describe, by id: the events grouped by their `article`, each group
/// folded ([`Article::fold`]).
pub fn fold_articles(events: &[ArticleEvent]) -> Vec<Article> {
    let mut by_id: std::collections::BTreeMap<&ArticleId, Vec<&ArticleEvent>> =
        std::collections::BTreeMap::new();
    for event in events {
        by_id.entry(&event.article).or_default().push(event);
    }
    by_id.into_values().filter_map(Article::fold).collect()
}

/// R5.4: a new article, checked: title, symptoms, cause and at least one step are required,
/// categories come from the standard. Texts are trimmed, blank steps dropped, duplicates removed.
pub fn create_article(
    id: ArticleId,
    content: ArticleContent,
    stamp: Stamp,
    standard: &CategoryStandard,
) -> Result<ArticleEvent, ArticleError> {
    Ok(ArticleEvent {
        id: stamp.event_id,
        article: id,
        seq: 1,
        actor: stamp.actor,
        at: stamp.at,
        kind: ArticleEventKind::ArticleCreated {
            content: checked(content, standard)?,
        },
    })
}

/// R5.2: a revised article, checked like a new one; the edit must change something and say why.
pub fn edit_article(
    article: &Article,
    content: ArticleContent,
    note: &str,
    stamp: Stamp,
    standard: &CategoryStandard,
) -> Result<ArticleEvent, ArticleError> {
    let content = checked(content, standard)?;
    if &content == article.current() {
        return Err(ArticleError::NothingChanged);
    }
    let note = note.trim();
    if note.is_empty() {
        return Err(ArticleError::EditWithoutNote);
    }
    Ok(ArticleEvent {
        id: stamp.event_id,
        article: article.id.clone(),
        seq: article.last_seq().saturating_add(1),
        actor: stamp.actor,
        at: stamp.at,
        kind: ArticleEventKind::ArticleEdited {
            content,
            note: note.to_string(),
        },
    })
}

/// R5.1: an article prefilled from a resolved ticket: its symptom (and error text) as symptoms and
/// title, its root cause, its current solution one line per step, its categories, and the ticket
/// as source. The shell shows it for editing before [`create_article`].
pub fn draft_from_ticket(ticket: &Ticket) -> Result<ArticleContent, ArticleError> {
    if ticket.step < Step::Resolved {
        return Err(ArticleError::TicketNotResolved(ticket.number));
    }
    let (Some(root_cause), Some(solution)) = (&ticket.root_cause, ticket.solution()) else {
        return Err(ArticleError::TicketWithoutSolution(ticket.number));
    };
    let description = &ticket.intake.description;
    let mut symptoms = description.symptom.clone();
    if !description.error_text.is_empty() {
        symptoms.push('\n');
        symptoms.push_str(&description.error_text);
    }
    Ok(ArticleContent {
        title: description.symptom.lines().next().unwrap_or("").to_string(),
        symptoms,
        cause: root_cause.root_cause.clone(),
        steps: solution
            .split(['\n', ';', '；'])
            .map(str::trim)
            .filter(|step| !step.is_empty())
            .map(String::from)
            .collect(),
        categories: ticket.categories.clone(),
        sources: vec![ticket.number],
    })
}

/// R5.1, R5.4: the one-step article from a resolved ticket: [`draft_from_ticket`] created as is.
pub fn article_from_ticket(
    ticket: &Ticket,
    id: ArticleId,
    stamp: Stamp,
    standard: &CategoryStandard,
) -> Result<ArticleEvent, ArticleError> {
    create_article(id, draft_from_ticket(ticket)?, stamp, standard)
}

/// R5.4: links `article` to the ticket and, if the ticket is 待归档, archives it (已归档): the
/// ticket's events, made by the workflow's own `LinkArticle` and `Archive` commands with the
/// same guards and roles. `archive_stamp` is used only when the ticket is archived.
pub fn link_article(
    ticket: &Ticket,
    article: &Article,
    role: Role,
    link_stamp: Stamp,
    archive_stamp: Stamp,
    standard: &CategoryStandard,
) -> Result<Vec<Event>, WorkflowError> {
    let linked = decide(
        ticket,
        Command::LinkArticle {
            article: article.link(),
        },
        role,
        link_stamp,
        standard,
        WorkflowPolicy::default(),
    )?;
    if ticket.step != Step::Resolved {
        return Ok(vec![linked]);
    }
    let mut after = ticket.clone();
    after.apply(&linked);
    let archived = decide(
        &after,
        Command::Archive {
            no_article_reason: None,
        },
        role,
        archive_stamp,
        standard,
        WorkflowPolicy::default(),
    )?;
    Ok(vec![linked, archived])
}

fn checked(
    content: ArticleContent,
    standard: &CategoryStandard,
) -> Result<ArticleContent, ArticleError> {
    let text = |value: String, field| {
        let value = value.trim().to_string();
        match value.is_empty() {
            true => Err(ArticleError::Blank(field)),
            false => Ok(value),
        }
    };
    let steps: Vec<String> = content
        .steps
        .iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    if steps.is_empty() {
        return Err(ArticleError::Blank(ArticleField::Steps));
    }
    let mut categories: Vec<Category> = Vec::with_capacity(content.categories.len());
    for category in content.categories {
        if !standard.contains(&category) {
            return Err(ArticleError::UnknownCategory(category));
        }
        if !categories.contains(&category) {
            categories.push(category);
        }
    }
    let mut sources: Vec<TicketNo> = Vec::with_capacity(content.sources.len());
    for source in content.sources {
        if !sources.contains(&source) {
            sources.push(source);
        }
    }
    Ok(ArticleContent {
        title: text(content.title, ArticleField::Title)?,
        symptoms: text(content.symptoms, ArticleField::Symptoms)?,
        cause: text(content.cause, ArticleField::Cause)?,
        steps,
        categories,
        sources,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::casework::{beijing, category, person, Casebook};

    #[test]
    fn a_new_article_takes_the_number_after_the_highest_kb_number() {
        let ids = |list: &[&str]| -> Vec<ArticleId> {
            list.iter().map(|s| ArticleId(s.to_string())).collect()
        };
        assert_eq!(ArticleId::first_free(&ids(&[])).0, "KB-0001");
        assert_eq!(
            ArticleId::first_free(&ids(&["KB-0001", "KB-0007", "KB-0003"])).0,
            "KB-0008"
        );
        // Ids from elsewhere (a merge's `VPN-2`) do not count; past 9999 the number widens.
        assert_eq!(
            ArticleId::first_free(&ids(&["VPN-2", "KB-9999"])).0,
            "KB-10000"
        );
    }
    use crate::model::Priority;
    use crate::workflow::ArchiveStatus;

    fn stamp(id: &str, at: DateTime<Utc>) -> Stamp {
        Stamp {
            event_id: EventId(id.into()),
            actor: person("赵六", "TS300"),
            at,
        }
    }

    /// The template's ticket: 验证码错误 at login, cache problem, resolved at 14:30.
    fn resolved_ticket() -> Ticket {
        let mut book = Casebook::default();
        let mut case = book.open(
            "10:00登录OA系统时提示'验证码错误',已尝试3次均失败",
            Priority::P2,
            beijing(2023, 10, 27, 10, 30),
        );
        case.classify("系统故障-登录异常", beijing(2023, 10, 27, 10, 35))
            .resolve(beijing(2023, 10, 27, 14, 30));
        case.ticket.clone()
    }

    #[test]
    fn an_article_from_a_resolved_ticket_is_prefilled_with_its_cause_and_solution() {
        let ticket = resolved_ticket();
        let event = article_from_ticket(
            &ticket,
            ArticleId("KB-0001".into()),
            stamp("a1", beijing(2023, 10, 27, 15, 0)),
            &CategoryStandard::default(),
        )
        .unwrap();
        let article = Article::fold([&event]).unwrap();
        let content = article.current();
        assert_eq!(
            content.title,
            "10:00登录OA系统时提示'验证码错误',已尝试3次均失败"
        );
        assert_eq!(content.cause, "缓存异常");
        assert_eq!(content.steps, ["清理浏览器缓存", "重启Tomcat服务"]);
        assert_eq!(content.categories, [category("系统故障-登录异常")]);
        assert_eq!(content.sources, [ticket.number]);
        assert_eq!(article.history().len(), 1);
    }

    #[test]
    fn an_article_id_moves_on_to_the_next_number_as_wide_as_before() {
        let next = |id: &str| ArticleId(id.into()).next().map(|n| n.0);
        assert_eq!(next("KB-0001").as_deref(), Some("KB-0002"));
        assert_eq!(next("KB-0009").as_deref(), Some("KB-0010"));
        assert_eq!(next("KB-9999").as_deref(), Some("KB-10000"));
        assert_eq!(next("KB-2").as_deref(), Some("KB-3"));
        assert_eq!(next("VPN").as_deref(), Some("VPN-2"));
        assert_eq!(next("VPN-2").as_deref(), Some("VPN-3"));
        assert_eq!(next("1234567890123456789"), None);
        assert_eq!(
            ArticleId("KB-0001".into()).after(3),
            Some(ArticleId("KB-0004".into()))
        );
        assert_eq!(
            ArticleId("KB-0001".into()).after(0),
            Some(ArticleId("KB-0001".into()))
        );
    }

    #[test]
    fn a_renumbering_is_kept_beside_the_history_not_in_it() {
        let standard = CategoryStandard::default();
        let created = article_from_ticket(
            &resolved_ticket(),
            ArticleId("KB-0002".into()),
            stamp("a1", beijing(2023, 10, 27, 15, 0)),
            &standard,
        )
        .unwrap();
        let moved = ArticleEvent {
            id: EventId("a1/renumbered/KB-0001-KB-0002".into()),
            seq: 2,
            kind: ArticleEventKind::ArticleRenumbered {
                from: ArticleId("KB-0001".into()),
                to: ArticleId("KB-0002".into()),
            },
            ..created.clone()
        };
        let article = Article::fold([&moved, &created]).unwrap();
        assert_eq!(article.history().len(), 1);
        assert_eq!(article.last_seq(), 1);
        assert_eq!(article.created, created.id);
        assert_eq!(article.renumberings()[0].from.0, "KB-0001");
        // Events of another id change nothing, renumberings included.
        let mut other = moved.clone();
        other.article = ArticleId("KB-0003".into());
        let mut again = Article::fold([&created]).unwrap();
        again.apply(&other);
        assert!(again.renumberings().is_empty());
    }

    #[test]
    fn an_article_is_not_written_from_an_unresolved_ticket() {
        let mut book = Casebook::default();
        let case = book.open("打印机卡纸", Priority::P3, beijing(2023, 10, 27, 9, 0));
        assert_eq!(
            draft_from_ticket(&case.ticket),
            Err(ArticleError::TicketNotResolved(case.ticket.number))
        );
    }

    #[test]
    fn edits_keep_every_earlier_version_with_who_when_and_why() {
        let standard = CategoryStandard::default();
        let ticket = resolved_ticket();
        let created = article_from_ticket(
            &ticket,
            ArticleId("KB-0001".into()),
            stamp("a1", beijing(2023, 10, 27, 15, 0)),
            &standard,
        )
        .unwrap();
        let article = Article::fold([&created]).unwrap();
        let mut content = article.current().clone();
        content.title = "登录时提示验证码错误".into();
        let edited = edit_article(
            &article,
            content.clone(),
            " 标题更易搜索 ",
            stamp("a2", beijing(2023, 11, 2, 9, 0)),
            &standard,
        )
        .unwrap();
        assert_eq!(edited.seq, 2);

        // Folded in any order, the edit is current and the first version stays in the history.
        let article = Article::fold([&edited, &created]).unwrap();
        assert_eq!(article.current().title, "登录时提示验证码错误");
        let history = article.history();
        assert_eq!(history.len(), 2);
        assert_eq!(
            history[0].content.title,
            "10:00登录OA系统时提示'验证码错误',已尝试3次均失败"
        );
        assert_eq!(history[1].note, "标题更易搜索");
        assert_eq!(history[1].at, beijing(2023, 11, 2, 9, 0));

        assert_eq!(
            edit_article(
                &article,
                content,
                "again",
                stamp("a3", beijing(2023, 11, 3, 9, 0)),
                &standard
            ),
            Err(ArticleError::NothingChanged)
        );
    }

    #[test]
    fn an_article_needs_a_title_a_cause_and_a_step() {
        let standard = CategoryStandard::default();
        let content = ArticleContent {
            title: "VPN 无法连接".into(),
            symptoms: "提示 error 809".into(),
            cause: "防火墙拦截 L2TP".into(),
            steps: vec![" ".into()],
            categories: vec![],
            sources: vec![],
        };
        let create = |content: ArticleContent| {
            create_article(
                ArticleId("KB-2".into()),
                content,
                stamp("a", beijing(2023, 10, 1, 9, 0)),
                &standard,
            )
        };
        assert_eq!(
            create(content.clone()),
            Err(ArticleError::Blank(ArticleField::Steps))
        );
        let blank_title = ArticleContent {
            title: "  ".into(),
            steps: vec!["放行 UDP 500/4500".into()],
            ..content.clone()
        };
        assert_eq!(
            create(blank_title).unwrap_err().to_string(),
            "R5.4: an article needs a title"
        );
        let unknown = ArticleContent {
            steps: vec!["放行 UDP 500/4500".into()],
            categories: vec![category("数据库-死锁")],
            ..content
        };
        assert_eq!(
            create(unknown),
            Err(ArticleError::UnknownCategory(category("数据库-死锁")))
        );
    }

    #[test]
    fn linking_an_article_archives_a_ticket_pending_archive() {
        let standard = CategoryStandard::default();
        let ticket = resolved_ticket();
        assert_eq!(ticket.archive_status(), Some(ArchiveStatus::Pending));
        let created = article_from_ticket(
            &ticket,
            ArticleId("KB-0001".into()),
            stamp("a1", beijing(2023, 10, 27, 15, 0)),
            &standard,
        )
        .unwrap();
        let article = Article::fold([&created]).unwrap();
        let events = link_article(
            &ticket,
            &article,
            Role::Supervisor,
            stamp("l1", beijing(2023, 10, 27, 15, 1)),
            stamp("l2", beijing(2023, 10, 27, 15, 1)),
            &standard,
        )
        .unwrap();
        assert_eq!(events.len(), 2);
        let mut archived = ticket.clone();
        for event in &events {
            archived.apply(event);
        }
        assert_eq!(archived.archive_status(), Some(ArchiveStatus::Archived));
        assert_eq!(archived.knowledge, [article.link()]);

        // The workflow's own guards still hold: an archived ticket takes no more links.
        assert!(matches!(
            link_article(
                &archived,
                &article,
                Role::Supervisor,
                stamp("l3", beijing(2023, 10, 28, 9, 0)),
                stamp("l4", beijing(2023, 10, 28, 9, 0)),
                &standard,
            ),
            Err(WorkflowError::WrongStep { .. })
        ));
    }

    #[test]
    fn linking_an_article_to_an_open_ticket_only_links_it() {
        let standard = CategoryStandard::default();
        let article = Article::fold([&article_from_ticket(
            &resolved_ticket(),
            ArticleId("KB-0001".into()),
            stamp("a1", beijing(2023, 10, 27, 15, 0)),
            &standard,
        )
        .unwrap()])
        .unwrap();
        let mut book = Casebook::default();
        let mut case = book.open(
            "登录提示验证码错误",
            Priority::P2,
            beijing(2023, 10, 30, 9, 0),
        );
        case.classify("系统故障-登录异常", beijing(2023, 10, 30, 9, 5));
        let events = link_article(
            &case.ticket,
            &article,
            Role::FirstLine,
            stamp("l1", beijing(2023, 10, 30, 9, 6)),
            stamp("l2", beijing(2023, 10, 30, 9, 6)),
            &standard,
        )
        .unwrap();
        assert_eq!(events.len(), 1);
        case.ticket.apply(&events[0]);
        assert_eq!(case.ticket.step, Step::FirstLineHandling);
        assert_eq!(case.ticket.knowledge.len(), 1);
    }
}
