//! The knowledge base (技术支持知识库): the search page over articles and past tickets, the article
//! page with its history and edit form, and "生成知识库文章" on a resolved ticket (R5.1, R5.4).

use fielddesk_core::view::ticket::article_draft;
use fielddesk_core::{
    create_article, edit_article, link_article, Article, ArticleContent, ArticleError, ArticleId,
    DocKey, Member, Stamp, Ticket,
};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::article_form::{category_tags, ArticleForm};
use crate::desk::{Desk, Load};
use crate::i18n::{self, date_time, t, Msg};
use crate::knowledge::Knowledge;
use crate::route::Route;

/// How many results the search page lists.
const RESULTS: usize = 20;

/// A stamp for the person acting, if someone is chosen in "who am I".
fn stamp(desk: Desk) -> Option<(Stamp, Member)> {
    let me = desk.me_untracked()?;
    Some((desk.stamp(me.person()), me))
}

/// A link to the ticket numbered `number`, with its symptom.
fn ticket_link(desk: Desk, number: fielddesk_core::TicketNo) -> impl IntoView {
    let found = desk.tickets.with(|ts| {
        ts.iter()
            .find(|t| t.number == number)
            .map(|t| (t.id.0.clone(), t.intake.description.symptom.clone()))
    });
    match found {
        Some((id, symptom)) => view! {
            <a class="hit-link" href=Route::Ticket(id).href()><span class="ticket-no">{number.to_string()}</span>" "{symptom}</a>
        }
        .into_any(),
        None => view! { <span class="ticket-no">{number.to_string()}</span> }.into_any(),
    }
}

/// A search result or suggestion: an article or a past ticket, as a link.
pub fn hit_link(desk: Desk, knowledge: Knowledge, key: DocKey) -> AnyView {
    let lang = desk.lang;
    match key {
        DocKey::Article(id) => {
            let title = knowledge
                .article(&id)
                .map(|a| a.current().title.clone())
                .unwrap_or_default();
            view! {
                <a class="hit-link" href=Route::Article(id.0.clone()).href()>
                    <span class="kind">{move || t(lang.get(), Msg::Article)}</span>
                    <span class="ticket-no">{id.0.clone()}</span>" "{title}
                </a>
            }
            .into_any()
        }
        DocKey::Ticket(number) => view! {
            <span class="kind">{move || t(lang.get(), Msg::PastTicket)}</span>{ticket_link(desk, number)}
        }
        .into_any(),
    }
}

#[component]
pub fn KnowledgePage() -> impl IntoView {
    let desk = expect_context::<Desk>();
    let knowledge = expect_context::<Knowledge>();
    let lang = desk.lang;
    let query = RwSignal::new(String::new());
    let hits = Memo::new(move |_| query.with(|q| knowledge.search(q, RESULTS)));
    view! {
        <section class="page panel knowledge" aria-labelledby="kb-heading">
            <h1 id="kb-heading">{move || t(lang.get(), Msg::KnowledgeBase)}</h1>
            <p class="hint">{move || t(lang.get(), Msg::KnowledgeHint)}</p>
            <div class="field search-field">
                <label for="kb-search">{move || t(lang.get(), Msg::Search)}</label>
                <input id="kb-search" type="search" autocomplete="off"
                    placeholder=move || t(lang.get(), Msg::KbSearchPlaceholder)
                    prop:value=move || query.get()
                    on:input=move |ev| query.set(event_target_value(&ev))/>
            </div>
            {move || if query.with(|q| q.trim().is_empty()) {
                view! {
                    <h2>{move || t(lang.get(), Msg::AllArticles)}</h2>
                    {move || if desk.articles.with(Vec::is_empty) {
                        view! { <p class="muted" id="kb-empty">{t(lang.get(), Msg::NoArticles)}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="hits" id="kb-articles">
                                {desk.articles.get().into_iter().map(|a| {
                                    let content = a.current().clone();
                                    view! {
                                        <li>
                                            <a class="hit-link" href=Route::Article(a.id.0.clone()).href()>
                                                <span class="ticket-no">{a.id.0.clone()}</span>" "{content.title.clone()}
                                            </a>
                                            <span class="tags">{category_tags(&content.categories)}</span>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                }.into_any()
            } else {
                view! {
                    <p class="muted" role="status" id="kb-count">{move || format!("{} {}", hits.with(Vec::len), t(lang.get(), Msg::ResultsFound))}</p>
                    <ol class="hits" id="kb-results">
                        {move || hits.get().into_iter().map(|hit| view! { <li>{hit_link(desk, knowledge, hit.key)}</li> }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
    }
}

#[component]
pub fn ArticlePage(id: String) -> impl IntoView {
    let desk = expect_context::<Desk>();
    let knowledge = expect_context::<Knowledge>();
    let lang = desk.lang;
    let id = ArticleId(id);
    let article = Memo::new(move |_| knowledge.article(&id));
    let editing = RwSignal::new(false);
    let error = RwSignal::new(None::<ArticleError>);
    let failure = RwSignal::new(None::<String>);
    let save = Callback::new(move |(content, note): (ArticleContent, String)| {
        let Some(current) = article.get_untracked() else {
            return;
        };
        let Some((stamp, _)) = stamp(desk) else {
            return failure.set(Some(t(lang.get_untracked(), Msg::ChooseWhoYouAre).into()));
        };
        let standard = desk.settings.with_untracked(|s| s.standard.clone());
        let event = match edit_article(&current, content, &note, stamp, &standard) {
            Ok(event) => event,
            Err(e) => return error.set(Some(e)),
        };
        error.set(None);
        spawn_local(async move {
            match desk.publish(vec![event], Vec::new()).await {
                Ok(()) => editing.set(false),
                Err(e) => failure.set(Some(i18n::storage_error(lang.get_untracked(), &e))),
            }
        });
    });
    move || match article.get() {
        None if desk.load.get() != Load::Ready => {
            view! { <p class="page muted">{t(lang.get(), Msg::Loading)}</p> }.into_any()
        }
        None => view! {
            <section class="page panel">
                <h1>{t(lang.get(), Msg::ArticleNotFound)}</h1>
                <p><a href=Route::Knowledge.href()>{t(lang.get(), Msg::BackToKnowledge)}</a></p>
            </section>
        }
        .into_any(),
        Some(a) => {
            let content = a.current().clone();
            view! {
                <article class="page panel article-page">
                    <a class="back" href=Route::Knowledge.href()>"← "{move || t(lang.get(), Msg::BackToKnowledge)}</a>
                    <div class="title-row">
                        <span class="ticket-no" id="article-id">{a.id.0.clone()}</span>
                        <h1 id="article-title">{content.title.clone()}</h1>
                    </div>
                    <div class="tags">{category_tags(&content.categories)}</div>
                    {move || if editing.get() {
                        let initial = article.get().map(|a| a.current().clone()).unwrap_or(content.clone());
                        view! {
                            <ArticleForm initial=initial editing=true error=error failure=failure on_save=save
                                on_cancel=Callback::new(move |_| { error.set(None); editing.set(false); })/>
                        }.into_any()
                    } else {
                        view! {
                            <ArticleBody content=content.clone()/>
                            <button class="secondary" id="kb-edit" on:click=move |_| editing.set(true)>{move || t(lang.get(), Msg::EditArticle)}</button>
                        }.into_any()
                    }}
                    <History article=a.clone()/>
                </article>
            }
            .into_any()
        }
    }
}

#[component]
fn ArticleBody(content: ArticleContent) -> impl IntoView {
    let desk = expect_context::<Desk>();
    let lang = desk.lang;
    let sources = content.sources.clone();
    view! {
        <dl class="form-list article-body">
            <div class="form-row"><dt>{move || t(lang.get(), Msg::ArticleSymptoms)}</dt><dd id="article-symptoms" class="pre">{content.symptoms.clone()}</dd></div>
            <div class="form-row"><dt>{move || t(lang.get(), Msg::ArticleCause)}</dt><dd id="article-cause">{content.cause.clone()}</dd></div>
            <div class="form-row"><dt>{move || t(lang.get(), Msg::SolutionSteps)}</dt><dd>
                <ol id="article-steps">{content.steps.iter().map(|s| view! { <li>{s.clone()}</li> }).collect_view()}</ol>
            </dd></div>
            <div class="form-row"><dt>{move || t(lang.get(), Msg::SourceTickets)}</dt><dd id="article-sources">
                {move || sources.iter().map(|n| view! { <p>{ticket_link(desk, *n)}</p> }).collect_view()}
            </dd></div>
        </dl>
    }
}

/// R5.2: every version, newest first, with who changed it and why.
#[component]
fn History(article: Article) -> impl IntoView {
    let desk = expect_context::<Desk>();
    let lang = desk.lang;
    let revisions: Vec<_> = article.history().iter().rev().cloned().collect();
    view! {
        <section class="history" aria-labelledby="history-title">
            <h2 id="history-title">{move || t(lang.get(), Msg::EditHistory)}</h2>
            <ol class="timeline" id="article-history">
                {revisions.into_iter().map(|r| {
                    let note = if r.note.is_empty() { None } else { Some(r.note.clone()) };
                    view! {
                        <li>
                            <strong>{format!("v{}", r.seq)}</strong>" · "{r.content.title.clone()}
                            <span class="muted">{move || format!(" · {} · {}", r.by.name, date_time(lang.get(), r.at, desk.shown_zone()))}</span>
                            <p class="sub-line">{match note {
                                Some(n) => view! { <span>{n}</span> }.into_any(),
                                None => view! { <span class="muted">{move || t(lang.get(), Msg::FirstVersion)}</span> }.into_any(),
                            }}</p>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}

/// R5.1, R5.4: on a resolved ticket, "生成知识库文章": an article prefilled from its root cause and
/// solution, editable, saved together with the link that archives the ticket (待归档 → 已归档).
#[component]
pub fn ArticleFromTicket(ticket: Signal<Ticket>) -> impl IntoView {
    let desk = expect_context::<Desk>();
    let knowledge = expect_context::<Knowledge>();
    let lang = desk.lang;
    let open = RwSignal::new(false);
    let error = RwSignal::new(None::<ArticleError>);
    let failure = RwSignal::new(None::<String>);
    let created = RwSignal::new(None::<ArticleId>);
    // The core decides: a draft exists (resolved, with cause and solution) and linking is allowed.
    let draft = Memo::new(move |_| {
        let role = desk.me().map(|m| m.role);
        ticket.with(|t| article_draft(t, role))
    });
    let save = Callback::new(move |(content, _note): (ArticleContent, String)| {
        let current = ticket.get_untracked();
        let (Some((create_stamp, me)), Some((link_stamp, _)), Some((archive_stamp, _))) =
            (stamp(desk), stamp(desk), stamp(desk))
        else {
            return failure.set(Some(t(lang.get_untracked(), Msg::ChooseWhoYouAre).into()));
        };
        let standard = desk.settings.with_untracked(|s| s.standard.clone());
        let id = knowledge.next_id();
        let event = match create_article(id.clone(), content, create_stamp, &standard) {
            Ok(event) => event,
            Err(e) => return error.set(Some(e)),
        };
        error.set(None);
        let article = Article::fold([&event]).expect("a creation folds into an article");
        let events = match link_article(
            &current,
            &article,
            me.role,
            link_stamp,
            archive_stamp,
            &standard,
        ) {
            Ok(events) => events,
            Err(e) => return failure.set(Some(i18n::workflow_error(lang.get_untracked(), &e))),
        };
        spawn_local(async move {
            match desk.publish(vec![event], events).await {
                Ok(()) => {
                    failure.set(None);
                    open.set(false);
                    created.set(Some(id));
                }
                Err(e) => failure.set(Some(i18n::storage_error(lang.get_untracked(), &e))),
            }
        });
    });
    view! {
        {move || created.get().map(|id| view! {
            <p class="banner ok" role="status" id="kb-created">{move || t(lang.get(), Msg::ArticleCreated)}" "
                <a href=Route::Article(id.0.clone()).href()>{id.0.clone()}</a>
            </p>
        })}
        {move || draft.get().map(|initial| view! {
            <section class="panel kb-from-ticket" aria-labelledby="kb-from-ticket-title">
                <h2 id="kb-from-ticket-title">{move || t(lang.get(), Msg::KnowledgeBase)}</h2>
                {move || if open.get() {
                    view! {
                        <p class="hint">{move || t(lang.get(), Msg::DraftHint)}</p>
                        <ArticleForm initial=initial.clone() editing=false error=error failure=failure on_save=save
                            on_cancel=Callback::new(move |_| open.set(false))/>
                    }.into_any()
                } else {
                    view! {
                        <button class="primary" id="kb-generate" on:click=move |_| open.set(true)>{move || t(lang.get(), Msg::GenerateArticle)}</button>
                    }.into_any()
                }}
            </section>
        })}
    }
}
