//! The ticket page: the R6 tracking form, every field; the SLA clocks and the compliance audit;
//! the progress log as a timeline; and only the actions the core allows the current user now.

use chrono::{DateTime, Utc};
use fielddesk_core::calendar::CalendarKind;
use fielddesk_core::sla::{self, Outcome, SlaClock};
use fielddesk_core::view::ticket::{self as page, Actions, Placement, Progress};
use fielddesk_core::{CommandKind, Reference, Ticket};
use leptos::prelude::*;

use crate::components::action_dialog::ActionDialog;
use crate::components::attachments::Attachments;
use crate::components::knowledge::ArticleFromTicket;
use crate::components::sla_badge::SlaBadge;
use crate::components::suggestions::Suggestions;
use crate::components::timeline::Timeline;
use crate::desk::{Desk, Load};
use crate::i18n::{self, date_time, t, Lang, Msg, ShownZone, F};
use crate::route::Route;
use crate::vocab;

fn when(lang: Lang, at: DateTime<Utc>) -> String {
    date_time(lang, at, expect_context::<Desk>().shown_zone())
}

/// What stopped a clock, as the supervisor asks it: "由 09:08 的『联系提交人』达成" (#15).
fn stopped_by(lang: Lang, zone: ShownZone, reading: &sla::ClockReading) -> Option<String> {
    let (cause, at) = (reading.stopped_by.as_ref()?, reading.stopped_at?);
    let action = match cause.command {
        Some(kind) => i18n::command_kind(lang, kind).to_string(),
        None => i18n::stop_fact(lang, cause.fact).to_string(),
    };
    let at = date_time(lang, at, zone);
    Some(match reading.state {
        sla::ClockState::Met { .. } => F::MetBy {
            at: &at,
            action: &action,
        }
        .text(lang),
        sla::ClockState::Breached { .. } => F::DoneLateBy {
            at: &at,
            action: &action,
        }
        .text(lang),
        _ => F::EndedBy {
            at: &at,
            action: &action,
        }
        .text(lang),
    })
}

#[component]
pub fn TicketPage(id: String) -> impl IntoView {
    let desk = expect_context::<Desk>();
    let lang = desk.lang;
    let ticket = Memo::new(move |_| {
        desk.tickets
            .with(|ts| ts.iter().find(|t| t.id.0 == id).cloned())
    });
    // The page is rebuilt only when the ticket appears or goes, not on each of its events: the
    // sections follow the ticket through their own signals (and keep their own state).
    let exists = Memo::new(move |_| ticket.with(Option::is_some));
    let open = RwSignal::new(None::<CommandKind>);
    move || match (desk.load.get(), exists.get()) {
        (Load::Loading | Load::Blocked, _) => {
            view! { <p class="page muted">{t(lang.get(), Msg::Loading)}</p> }.into_any()
        }
        (_, false) => view! {
            <section class="page panel">
                <h1>{t(lang.get(), Msg::TicketNotFound)}</h1>
                <p><a href=Route::Queue.href()>{t(lang.get(), Msg::BackToQueue)}</a></p>
            </section>
        }
        .into_any(),
        (_, true) => {
            let t_ = move || ticket.get().expect("shown only while the ticket exists");
            view! {
                <div class="page ticket-page">
                    <Header ticket=Signal::derive(t_)/>
                    <Actions ticket=Signal::derive(t_) open=open/>
                    <ArticleFromTicket ticket=Signal::derive(t_)/>
                    <HandlingSuggestions ticket=Signal::derive(t_)/>
                    <div class="ticket-grid">
                        <div class="main-col">
                            <Form ticket=Signal::derive(t_)/>
                            <Attachments ticket=Signal::derive(t_)/>
                        </div>
                        <div class="side">
                            <Clocks ticket=Signal::derive(t_)/>
                            <Timeline ticket=Signal::derive(t_)/>
                        </div>
                    </div>
                    {move || open.get().map(|kind| view! {
                        <ActionDialog ticket=Signal::derive(t_) kind=kind on_close=Callback::new(move |_| open.set(None))/>
                    })}
                </div>
            }.into_any()
        }
    }
}

#[component]
fn Header(ticket: Signal<Ticket>) -> impl IntoView {
    let lang = expect_context::<Desk>().lang;
    view! {
        <div class="ticket-header panel">
            <div class="header-links">
                <a class="back" href=Route::Queue.href()>"← "{move || t(lang.get(), Msg::BackToQueue)}</a>
                <a class="print-link" id="print-form" href=move || ticket.with(|t| Route::TicketPrint(t.id.0.clone()).href())>{move || t(lang.get(), Msg::PrintForm)}</a>
            </div>
            <div class="title-row">
                <h1 class="ticket-no" id="ticket-number">{move || ticket.with(|t| t.number.to_string())}</h1>
                {move || ticket.with(|t| {
                    let p = t.priority();
                    view! { <span class=format!("prio prio-{}", p.to_string().to_lowercase())>{p.to_string()}" "{i18n::priority_short(lang.get(), p)}</span> }
                })}
                <span class="step-chip" id="ticket-step">{move || i18n::step(lang.get(), ticket.with(|t| t.step))}</span>
                {move || ticket.with(|t| t.waiting().is_some()).then(|| view! {
                    <span class="step-chip waiting">"⏸ "{t(lang.get(), Msg::WaitingOnRequester)}</span>
                })}
            </div>
            <p class="symptom-lead">{move || ticket.with(|t| t.intake.description.symptom.clone())}</p>
            <ol class="stages" aria-label=move || t(lang.get(), Msg::ProcessStages)>
                {move || {
                    let lang = lang.get();
                    page::stages(ticket.with(|t| t.step)).into_iter().enumerate().map(|(i, (stage, progress))| {
                        let done = progress == Progress::Done;
                        let current = progress == Progress::Current;
                        view! {
                            <li class:done=done class:current=current aria-current=current.then_some("step")>
                                <span class="stage-no" aria-hidden="true">{if done { "✓".to_string() } else { (i + 1).to_string() }}</span>
                                <span>{i18n::stage(lang, stage)}</span>
                            </li>
                        }
                    }).collect_view()
                }}
            </ol>
        </div>
    }
}

/// The actions the core offers the person acting, in its order; one a rule holds back is shown
/// disabled with the rule.
#[component]
fn Actions(ticket: Signal<Ticket>, open: RwSignal<Option<CommandKind>>) -> impl IntoView {
    let desk = expect_context::<Desk>();
    let lang = desk.lang;
    let actions = Memo::new(move |_| {
        let me = desk.me();
        ticket.with(|t| page::actions(t, me.as_ref()))
    });
    let button = move |offer: page::Offer| {
        let kind = offer.kind;
        let blocked = offer.blocked.clone();
        let described = blocked.is_some().then(|| format!("blocked-{kind:?}"));
        view! {
            <span class="action">
                <button
                    class=if offer.placement == Placement::More { "secondary" } else { "primary" }
                    data-action=format!("{kind:?}")
                    disabled=blocked.is_some()
                    aria-describedby=described.clone()
                    on:click=move |_| open.set(Some(kind))
                >{move || i18n::command_kind(lang.get(), kind)}</button>
                {blocked.map(|error| view! {
                    <span class="blocked-reason" id=described.unwrap_or_default()>{move || i18n::workflow_error(lang.get(), &error)}</span>
                })}
            </span>
        }
    };
    view! {
        <section class="panel actions-panel" aria-labelledby="actions-title">
            <h2 id="actions-title">{move || t(lang.get(), Msg::Actions)}
                <span class="muted as-who">{move || desk.me().map(|me| {
                    format!("{} · {}", me.name, i18n::role(lang.get(), me.role))
                })}</span>
            </h2>
            {move || match actions.get() {
                Actions::ChooseWhoYouAre => view! {
                    <p class="banner warn" id="no-actions">{t(lang.get(), Msg::ChooseWhoYouAre)}</p>
                }.into_any(),
                Actions::Offers(offers) if offers.is_empty() => view! {
                    <p class="muted" id="no-actions">{t(lang.get(), Msg::NoActions)}</p>
                }.into_any(),
                Actions::Offers(offers) => {
                    let (main, more): (Vec<_>, Vec<_>) = offers.into_iter().partition(|o| o.placement == Placement::Main);
                    view! {
                        <div class="action-bar main-actions">{main.into_iter().map(button).collect_view()}</div>
                        <div class="action-bar more-actions">{more.into_iter().map(button).collect_view()}</div>
                    }.into_any()
                }
            }}
        </section>
    }
}

/// R6: every field of the tracking form (also the print view's body).
#[component]
pub fn Form(ticket: Signal<Ticket>) -> impl IntoView {
    let lang = expect_context::<Desk>().lang;
    let row = move |label: Msg, id: &'static str, value: Box<dyn Fn() -> AnyView + Send + Sync>| {
        view! {
            <div class="form-row" id=id>
                <dt>{move || t(lang.get(), label)}</dt>
                <dd>{move || value()}</dd>
            </div>
        }
    };
    let none = move || view! { <span class="muted">"—"</span> }.into_any();
    let text = move |f: fn(&Ticket) -> Option<String>| -> Box<dyn Fn() -> AnyView + Send + Sync> {
        Box::new(move || match ticket.with(f) {
            Some(s) => view! { <span>{s}</span> }.into_any(),
            None => none(),
        })
    };
    view! {
        <section class="panel r6" aria-labelledby="r6-title">
            <h2 id="r6-title">{move || t(lang.get(), Msg::TrackingForm)}</h2>
            <dl class="form-list">
                {row(Msg::TicketNumber, "f-number", text(|t| Some(t.number.to_string())))}
                {row(Msg::Submitter, "f-submitter", text(|t| {
                    let s = &t.intake.submitter;
                    Some(format!("{}/{}-{}-{}", s.name, s.employee_id, s.department, s.contact))
                }))}
                {row(Msg::Problem, "f-description", Box::new(move || ticket.with(|tk| {
                    let d = &tk.intake.description;
                    let lang = lang.get();
                    let extra = [(Msg::Occurred, &d.occurred), (Msg::OperationPath, &d.operation_path), (Msg::ErrorText, &d.error_text)]
                        .into_iter()
                        .filter(|(_, v)| !v.is_empty())
                        .map(|(m, v)| view! { <p class="sub-line"><span class="muted">{t(lang, m)}": "</span>{v.clone()}</p> })
                        .collect_view();
                    let missing = tk.missing_information.as_ref().map(|m| view! {
                        <p class="banner warn">"⚠ "{t(lang, Msg::MissingInfo)}": "{m.text.clone()}</p>
                    });
                    view! { <p>{d.symptom.clone()}</p>{extra}{missing}<p class="sub-line muted">{t(lang, Msg::Channel)}": "{tk.intake.channel.clone()}</p> }.into_any()
                })))}
                {row(Msg::Category, "f-category", Box::new(move || ticket.with(|t| {
                    if t.categories.is_empty() { return none(); }
                    t.categories.iter().map(|c| view! { <span class="tag">{c.to_string()}</span> }).collect_view().into_any()
                })))}
                {row(Msg::Priority, "f-priority", Box::new(move || ticket.with(|t| {
                    let lang = lang.get();
                    let requested = t.requested_priority();
                    let review = t.priority_review.clone();
                    view! {
                        <p><span class="muted">{t_(lang, Msg::RequestedPriority)}": "</span>{format!("{requested} {}", i18n::priority(lang, requested))}</p>
                        {match review {
                            Some(r) => view! {
                                <p><span class="muted">{t_(lang, Msg::ConfirmedPriority)}": "</span><strong>{format!("{} {}", r.priority, i18n::priority(lang, r.priority))}</strong></p>
                                {r.reason.map(|reason| view! { <p class="reason"><span class="muted">{t_(lang, Msg::Reason)}": "</span>{reason}</p> })}
                            }.into_any(),
                            None => view! { <p class="muted">{t_(lang, Msg::NotConfirmed)}</p> }.into_any(),
                        }}
                    }.into_any()
                })))}
                {row(Msg::FirstLineHandler, "f-first-line", text(|t| t.first_line.as_ref().map(|p| format!("{}/{}", p.name, p.employee_id))))}
                {row(Msg::SecondLine, "f-second-line", Box::new(move || ticket.with(|t| {
                    if t.second_line.is_empty() { return none(); }
                    t.second_line.iter().map(|s| view! { <span class="tag">{format!("{}/{}({})", s.person.name, s.person.employee_id, s.role)}</span> }).collect_view().into_any()
                })))}
                {row(Msg::Attempts, "f-attempts", Box::new(move || ticket.with(|t| {
                    if t.attempts.is_empty() { return none(); }
                    let lang = lang.get();
                    t.attempts.iter().map(|a| {
                        let refs = a.consulted.iter().map(|r| match r {
                            Reference::Article { id } => format!("{} {id}", t_(lang, Msg::Article)),
                            Reference::PastTicket { number } => format!("{} {number}", t_(lang, Msg::PastTicket)),
                        }).collect::<Vec<_>>().join(", ");
                        view! { <p>{a.action.clone()}{(!refs.is_empty()).then(|| view! { <span class="muted">" ("{t_(lang, Msg::Consulted)}": "{refs}")"</span> })}</p> }
                    }).collect_view().into_any()
                })))}
                {row(Msg::RootCauseAndPlan, "f-root-cause", Box::new(move || ticket.with(|t| match &t.root_cause {
                    Some(r) => view! { <p>{r.root_cause.clone()}</p><p class="sub-line"><span class="muted">{t_(lang.get(), Msg::Plan)}": "</span>{r.plan.clone()}</p> }.into_any(),
                    None => none(),
                })))}
                {row(Msg::Approvals, "f-approvals", Box::new(move || ticket.with(|t| {
                    if t.approvals.is_empty() { return none(); }
                    let lang = lang.get();
                    t.approvals.iter().map(|a| {
                        let decision = match &a.decision {
                            Some(d) if d.approved => format!("✓ {} · {} · {}", t_(lang, Msg::Approved), d.entry.by.name, when(lang, d.entry.at)),
                            Some(d) => format!("✕ {} · {} · {}: {}", t_(lang, Msg::Rejected), d.entry.by.name, when(lang, d.entry.at), d.entry.text),
                            None => format!("⌛ {}", t_(lang, Msg::PendingApproval)),
                        };
                        view! { <p>{a.request.text.clone()}<br/><span class="muted">{decision}</span></p> }
                    }).collect_view().into_any()
                })))}
                {row(Msg::ExpectedResolution, "f-estimate", Box::new(move || ticket.with(|t| match &t.estimate {
                    Some(e) => {
                        let lang = lang.get();
                        let told = match &e.user_informed {
                            Some(l) => format!("{}: {}", t_(lang, Msg::UserInformed), l.text),
                            None => String::new(),
                        };
                        view! { <p>{when(lang, e.expected_at)}</p><p class="sub-line muted">{told}</p> }.into_any()
                    }
                    None => none(),
                })))}
                {row(Msg::Solution, "f-solution", text(|t| t.solution().map(str::to_string)))}
                {row(Msg::Verification, "f-verification", text(|t| t.verifications.last().map(|v| v.text.clone())))}
                {row(Msg::UserFeedback, "f-feedback", Box::new(move || ticket.with(|t| {
                    if t.feedback.is_empty() { return none(); }
                    let lang = lang.get();
                    t.feedback.iter().map(|f| {
                        let by = i18n::confirmed_by(lang, f.confirmed_by);
                        view! {
                            <div class="feedback-round">
                                <p><strong>{i18n::feedback(lang, f.result)}</strong>" · "{f.confirmation.clone()}<br/><span class="muted">{format!("{by} · {} · {}", f.by.name, when(lang, f.at))}</span></p>
                                {f.taken.clone().map(|taken| view! { <Taken taken=taken at=f.at/> })}
                            </div>
                        }
                    }).collect_view().into_any()
                })))}
                {row(Msg::ArchiveStatus, "f-archive", Box::new(move || ticket.with(|t| {
                    let status = t.archive_status();
                    let reason = t.archive.as_ref().and_then(|a| a.no_article_reason.clone());
                    view! { <span class="archive">{status.map_or(t_(lang.get(), Msg::NotResolvedYet), |s| i18n::archive_status(lang.get(), s))}</span>{reason.map(|r| view! { <span class="muted">" · "{r}</span> })} }.into_any()
                })))}
                {row(Msg::KnowledgeBase, "f-knowledge", Box::new(move || ticket.with(|t| {
                    if t.knowledge.is_empty() { return none(); }
                    t.knowledge.iter().map(|k| view! { <span class="tag">{format!("{} {}", k.id, k.title)}</span> }).collect_view().into_any()
                })))}
            </dl>
        </section>
    }
}

/// R4.2: where the feedback was taken, with the requester's signature when they signed here.
#[component]
fn Taken(taken: fielddesk_core::Taken, at: DateTime<Utc>) -> impl IntoView {
    let desk = expect_context::<Desk>();
    let lang = desk.lang;
    let signature = match taken {
        fielddesk_core::Taken::OnSite { signature: Some(s) } => s,
        fielddesk_core::Taken::OnSite { signature: None } => {
            return view! { <p class="taken muted">{move || t(lang.get(), Msg::OnSiteUnsigned)}</p> }
                .into_any()
        }
        fielddesk_core::Taken::Remotely => {
            return view! { <p class="taken muted">{move || t(lang.get(), Msg::TakenRemotelyNote)}</p> }
                .into_any()
        }
    };
    let image = RwSignal::new(None::<String>);
    let missing = RwSignal::new(false);
    let id = signature.image.id.clone();
    leptos::task::spawn_local(async move {
        let Some(store) = desk.store_now() else {
            return;
        };
        match store.attachment(&id).await {
            Ok(Some(blob)) => image.set(crate::files::object_url(&blob.bytes, "image/png").ok()),
            _ => missing.set(true),
        }
    });
    on_cleanup(move || {
        if let Some(url) = image.get_untracked() {
            let _ = web_sys::Url::revoke_object_url(&url);
        }
    });
    let signer = signature.signer.clone();
    view! {
        <figure class="signature">
            {move || image.get().map(|url| view! {
                <img class="signature-image" src=url alt=move || t(lang.get(), Msg::SignatureImageAlt)/>
            })}
            {move || missing.get().then(|| view! { <p class="bad">{t(lang.get(), Msg::AttachmentNotHere)}</p> })}
            <figcaption>
                {move || t(lang.get(), Msg::SignedOnSite)}": "<strong class="signer">{signer.clone()}</strong>
                " · "{move || when(lang.get(), at)}
            </figcaption>
        </figure>
    }
    .into_any()
}

fn t_(lang: Lang, msg: Msg) -> &'static str {
    t(lang, msg)
}

/// R7: each clock's state and due instant, live; then the compliance audit.
#[component]
fn Clocks(ticket: Signal<Ticket>) -> impl IntoView {
    let desk = expect_context::<Desk>();
    let lang = desk.lang;
    let report = Memo::new(move |_| {
        let now = desk.now.get();
        desk.with_policies(|p| ticket.with(|t| fielddesk_core::view::clocks(t, p, now)))
    });
    let audit = Memo::new(move |_| {
        let now = desk.coarse_now.get();
        desk.with_policies(|p| {
            ticket.with(|t| sla::audit(&sla::timeline_of(t), p.for_ticket(t), now))
        })
    });
    view! {
        <section class="panel clocks" aria-labelledby="clocks-title">
            <h2 id="clocks-title">{move || t(lang.get(), Msg::SlaClocks)}</h2>
            <ul class="clock-list">
                {SlaClock::ALL.into_iter().map(|clock| {
                    let reading = Signal::derive(move || Some(report.with(|r| r.get(clock).clone())));
                    let applies = move || !matches!(report.with(|r| r.get(clock).state), sla::ClockState::NotApplicable);
                    let facts = move || {
                        let (lang, zone) = (lang.get(), desk.shown_zone());
                        report.with(|r| {
                            let r = r.get(clock);
                            let balance = match r.balance {
                                sla::Balance::Remaining(left) if r.is_live() => Some(format!("{} {}", t(lang, Msg::Left), vocab::amount(lang, &left))),
                                sla::Balance::Overdue(over) => Some(format!("{} {}", t(lang, Msg::Over), vocab::amount(lang, &over))),
                                sla::Balance::Remaining(_) => None,
                            };
                            view! {
                                <span class="clock-kind" class:calendar-time=r.calendar == CalendarKind::AllHours>{i18n::calendar_kind(lang, r.calendar)}</span>
                                <span class="target muted">{F::TargetIs { amount: &vocab::amount(lang, &r.target_amount) }.text(lang)}</span>
                                <span class="due">{r.due.map(|d| format!("{} {}", t(lang, Msg::Due), date_time(lang, d, zone)))}</span>
                                <span class="balance">{balance}</span>
                                <span class="stopped-by">{stopped_by(lang, zone, r)}</span>
                            }
                        })
                    };
                    view! {
                        <li class="clock" class:hidden=move || !applies() data-clock=format!("{clock:?}")>
                            <span class="clock-name">{move || i18n::sla_clock(lang.get(), clock)}<span class="rule">{clock.rule()}</span></span>
                            <SlaBadge reading=reading/>
                            <span class="clock-facts">{facts}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <details class="audit">
                <summary>{move || t(lang.get(), Msg::ComplianceAudit)}</summary>
                <ul>
                    {move || {
                        let lang = lang.get();
                        audit.get().into_iter().map(|e| {
                            let outcome = match e.outcome {
                                Outcome::Met { .. } => format!("✓ {}", t(lang, Msg::Met)),
                                Outcome::Missed { .. } => format!("✕ {} {}", t(lang, Msg::Missed), vocab::amount(lang, e.balance.amount())),
                                Outcome::Pending => format!("… {}", t(lang, Msg::Pending)),
                                Outcome::Unknown => format!("? {}", t(lang, Msg::SheetUnknown)),
                            };
                            view! { <li><span>{i18n::sla_clock(lang, e.clock)}</span>" · "<span>{outcome}</span><span class="muted">{e.due.map(|d| format!(" · {} {}", t(lang, Msg::Due), when(lang, d)))}</span></li> }
                        }).collect_view()
                    }}
                </ul>
            </details>
        </section>
    }
}

/// R3.1: articles and past tickets like this one, while the core says they apply.
#[component]
fn HandlingSuggestions(ticket: Signal<Ticket>) -> impl IntoView {
    let handling = Memo::new(move |_| ticket.with(page::suggests_knowledge));
    let problem = Signal::derive(move || ticket.with(|t| t.intake.description.symptom.clone()));
    move || {
        handling.get().then(|| {
            let number = ticket.with_untracked(|t| t.number);
            view! { <Suggestions problem=problem exclude=number/> }
        })
    }
}
