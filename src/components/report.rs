//! R5.3: the monthly efficiency report (问题解决效率分析报告) page: a month picker, every figure of
//! the core's `Report` as tables and inline SVG charts, the CSV download (`report_csv`, with BOM)
//! and a print stylesheet (style/main.css, `@media print`). Every number comes from the core.

use chrono::Duration;
use fielddesk_core::view::month;
use fielddesk_core::{monthly_report, report_csv, Ratio, Report};
use leptos::prelude::*;

use crate::clock;
use crate::components::charts::{Bar, BarChart, LineChart, Series};
use crate::desk::{Desk, Load};
use crate::files::save_download;
use crate::i18n::{self, t, Lang, Msg};
use crate::vocab;

fn percent(r: Ratio) -> String {
    match r.percent() {
        Some(p) => format!("{p:.1}% ({}/{})", r.part, r.whole),
        None => "—".into(),
    }
}

fn points(p: Option<f64>) -> String {
    match p {
        Some(p) => format!("{p:+.1} pp"),
        None => "—".into(),
    }
}

fn duration(lang: Lang, d: Option<Duration>) -> String {
    d.map_or("—".into(), |d| vocab::duration(lang, d))
}

fn signed_duration(lang: Lang, d: Option<Duration>) -> String {
    match d {
        Some(d) if d < Duration::zero() => format!("−{}", vocab::duration(lang, -d)),
        Some(d) => format!("+{}", vocab::duration(lang, d)),
        None => "—".into(),
    }
}

#[component]
pub fn ReportPage() -> impl IntoView {
    let desk = expect_context::<Desk>();
    let lang = desk.lang;
    let opening = desk
        .settings
        .with_untracked(|s| month::current(&s.policy, clock::now()));
    let month_text = RwSignal::new(opening.to_string());
    let month = Memo::new(move |_| month_text.with(|m| month::parse(m)));
    let reports = Memo::new(move |_| {
        let month = month.get()?;
        // Recomputed every half minute and on every write, as of that moment: a ticket resolved
        // a second ago counts at once (#15), not at the next half minute.
        let _ = desk.coarse_now.get();
        let as_of = clock::now();
        desk.with_policies(|policies| {
            desk.tickets.with(|tickets| {
                Some(
                    month::trend(month)
                        .into_iter()
                        .map(|m| monthly_report(tickets, m, as_of, policies))
                        .collect::<Vec<Report>>(),
                )
            })
        })
    });
    let report = Memo::new(move |_| reports.with(|r| r.as_ref().and_then(|r| r.last().cloned())));
    let download_failed = RwSignal::new(None::<String>);
    let save_csv = move |_| {
        if let Some(r) = report.get_untracked() {
            let name = format!("fielddesk-report-{}.csv", r.month);
            download_failed.set(
                save_download(report_csv(&r).as_bytes(), &name, "text/csv;charset=utf-8")
                    .err()
                    .map(|e| e.to_string()),
            );
        }
    };
    view! {
        <div class="page report-page">
            <section class="panel report-head">
                <div class="title-row">
                    <h1 id="report-title">{move || t(lang.get(), Msg::MonthlyReportTitle)}</h1>
                    <span class="muted" id="report-month-label">{move || month.get().map(|m| m.to_string())}</span>
                </div>
                <div class="report-tools no-print">
                    <div class="field">
                        <label for="report-month">{move || t(lang.get(), Msg::Month)}</label>
                        <input id="report-month" type="month" prop:value=move || month_text.get()
                            on:change=move |ev| month_text.set(event_target_value(&ev))
                            on:input=move |ev| month_text.set(event_target_value(&ev))/>
                    </div>
                    <button class="secondary" id="report-csv" on:click=save_csv disabled=move || report.with(Option::is_none)>{move || t(lang.get(), Msg::DownloadCsv)}</button>
                    <button class="secondary" id="report-print" on:click=move |_| { let _ = window().print(); }>{move || t(lang.get(), Msg::Print)}</button>
                </div>
                <p class="error">{move || download_failed.get()}</p>
                <p class="hint">{move || t(lang.get(), Msg::ReportHint)}</p>
            </section>
            {move || match (desk.load.get(), report.get()) {
                (Load::Loading | Load::Blocked, _) => view! { <p class="muted">{t(lang.get(), Msg::Loading)}</p> }.into_any(),
                (_, None) => view! { <p class="error">{t(lang.get(), Msg::BadMonth)}</p> }.into_any(),
                (_, Some(r)) => view! {
                    <Headlines report=r.clone()/>
                    <Trend reports=reports.get().unwrap_or_default()/>
                    <Categories report=r.clone()/>
                    <Priorities report=r.clone()/>
                    <Sla report=r/>
                }.into_any(),
            }}
        </div>
    }
}

/// The figures compared with the previous month.
#[component]
fn Headlines(report: Report) -> impl IntoView {
    let lang = expect_context::<Desk>().lang;
    let (h, p, c) = (report.headline, report.previous, report.change);
    let rows = move || {
        let lang = lang.get();
        vec![
            ("opened", Msg::Opened, h.opened.to_string(), p.opened.to_string(), format!("{:+}", c.opened)),
            ("resolved", Msg::ResolvedCount, h.resolved.to_string(), p.resolved.to_string(), format!("{:+}", c.resolved)),
            ("resolution-rate", Msg::ResolutionRate, percent(h.resolution_rate), percent(p.resolution_rate), points(c.resolution_rate_points)),
            ("fcr", Msg::FirstContactResolution, percent(h.first_contact_resolution), percent(p.first_contact_resolution), points(c.first_contact_resolution_points)),
            ("escalation-rate", Msg::EscalationRate, percent(h.escalation_rate), percent(p.escalation_rate), points(c.escalation_rate_points)),
            ("reopen-rate", Msg::ReopenRate, percent(h.reopen_rate), percent(p.reopen_rate), points(c.reopen_rate_points)),
            ("mean-handling", Msg::MeanHandling, duration(lang, h.mean_handling), duration(lang, p.mean_handling), signed_duration(lang, c.mean_handling)),
            ("median-handling", Msg::MedianHandling, duration(lang, h.median_handling), duration(lang, p.median_handling), signed_duration(lang, c.median_handling)),
            ("sla-compliance", Msg::SlaCompliance, percent(h.sla_compliance), percent(p.sla_compliance), points(c.sla_compliance_points)),
        ]
        .into_iter()
        .map(|(id, label, now, before, change)| view! {
            <tr id=format!("h-{id}")><th scope="row">{t(lang, label)}</th><td class="num now">{now}</td><td class="num">{before}</td><td class="num">{change}</td></tr>
        })
        .collect_view()
    };
    let top = report.top_problems.clone();
    view! {
        <section class="panel report-section" aria-labelledby="headline-title">
            <h2 id="headline-title">{move || t(lang.get(), Msg::Overview)}</h2>
            <div class="kpis">
                <div class="kpi"><span class="kpi-value" id="kpi-opened">{h.opened}</span><span class="kpi-label">{move || t(lang.get(), Msg::Opened)}</span></div>
                <div class="kpi"><span class="kpi-value" id="kpi-resolution">{h.resolution_rate.percent().map_or("—".into(), |p| format!("{p:.1}%"))}</span><span class="kpi-label">{move || t(lang.get(), Msg::ResolutionRate)}</span></div>
                <div class="kpi"><span class="kpi-value" id="kpi-fcr">{h.first_contact_resolution.percent().map_or("—".into(), |p| format!("{p:.1}%"))}</span><span class="kpi-label">{move || t(lang.get(), Msg::FirstContactResolution)}</span></div>
                <div class="kpi"><span class="kpi-value" id="kpi-sla">{h.sla_compliance.percent().map_or("—".into(), |p| format!("{p:.1}%"))}</span><span class="kpi-label">{move || t(lang.get(), Msg::SlaCompliance)}</span></div>
            </div>
            <table class="report-table" id="headline-table">
                <thead><tr>
                    <th scope="col">{move || t(lang.get(), Msg::Figure)}</th>
                    <th scope="col" class="num">{report.month.to_string()}</th>
                    <th scope="col" class="num">{report.month.previous().to_string()}</th>
                    <th scope="col" class="num">{move || t(lang.get(), Msg::Change)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <h3>{move || t(lang.get(), Msg::TopProblems)}</h3>
            {if top.is_empty() {
                view! { <p class="muted">{move || t(lang.get(), Msg::NoTickets)}</p> }.into_any()
            } else {
                view! {
                    <ol class="top5" id="top-problems">
                        {top.into_iter().map(|(c, n)| view! { <li><span>{c.to_string()}</span>" "<strong class="num">{n}</strong></li> }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
    }
}

/// Opened and resolved over the last months, as lines.
#[component]
fn Trend(reports: Vec<Report>) -> impl IntoView {
    let lang = expect_context::<Desk>().lang;
    move || {
        let lang = lang.get();
        let labels = reports.iter().map(|r| r.month.to_string()).collect();
        let series = vec![
            Series {
                name: t(lang, Msg::Opened).into(),
                values: reports
                    .iter()
                    .map(|r| Some(f64::from(r.headline.opened)))
                    .collect(),
            },
            Series {
                name: t(lang, Msg::ResolvedCount).into(),
                values: reports
                    .iter()
                    .map(|r| Some(f64::from(r.headline.resolved)))
                    .collect(),
            },
        ];
        view! {
            <section class="panel report-section" aria-labelledby="trend-title">
                <h2 id="trend-title">{t(lang, Msg::Trend)}</h2>
                <LineChart id="trend-chart" title=t(lang, Msg::Trend).to_string() x_labels=labels series=series/>
            </section>
        }
    }
}

#[component]
fn Categories(report: Report) -> impl IntoView {
    let lang = expect_context::<Desk>().lang;
    move || {
        let lang = lang.get();
        let name = |c: &Option<fielddesk_core::Category>| {
            c.as_ref()
                .map_or(t(lang, Msg::Unclassified).to_string(), |c| c.to_string())
        };
        let bars = report
            .by_category
            .iter()
            .map(|r| Bar {
                label: name(&r.category),
                value: f64::from(r.tickets),
                shown: r.tickets.to_string(),
            })
            .collect();
        let handling = report
            .by_category
            .iter()
            .filter_map(|r| {
                let mean = r.mean_handling?;
                Some(Bar {
                    label: name(&r.category),
                    value: mean.num_seconds() as f64,
                    shown: vocab::duration(lang, mean),
                })
            })
            .collect::<Vec<_>>();
        view! {
            <section class="panel report-section" aria-labelledby="category-title">
                <h2 id="category-title">{t(lang, Msg::ByCategory)}</h2>
                <div class="chart-pair">
                    <figure><figcaption>{t(lang, Msg::TicketsPerCategory)}</figcaption>
                        <BarChart id="category-chart" title=t(lang, Msg::TicketsPerCategory).to_string() bars=bars/></figure>
                    {(!handling.is_empty()).then(|| view! {
                        <figure><figcaption>{t(lang, Msg::MeanHandling)}</figcaption>
                            <BarChart id="handling-chart" title=t(lang, Msg::MeanHandling).to_string() bars=handling/></figure>
                    })}
                </div>
                <table class="report-table" id="category-table">
                    <thead><tr>
                        <th scope="col">{t(lang, Msg::Category)}</th>
                        <th scope="col" class="num">{t(lang, Msg::Opened)}</th>
                        <th scope="col" class="num">{t(lang, Msg::ResolvedCount)}</th>
                        <th scope="col" class="num">{t(lang, Msg::MeanHandling)}</th>
                        <th scope="col" class="num">{t(lang, Msg::MedianHandling)}</th>
                    </tr></thead>
                    <tbody>
                        {report.by_category.iter().map(|r| view! {
                            <tr><th scope="row">{name(&r.category)}</th><td class="num">{r.tickets}</td><td class="num">{r.resolved}</td>
                            <td class="num">{duration(lang, r.mean_handling)}</td><td class="num">{duration(lang, r.median_handling)}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </section>
        }
    }
}

#[component]
fn Priorities(report: Report) -> impl IntoView {
    let lang = expect_context::<Desk>().lang;
    move || {
        let lang = lang.get();
        let label = |p: fielddesk_core::Priority| format!("{p} {}", i18n::priority(lang, p));
        let bars = report
            .by_priority
            .iter()
            .map(|(p, n)| Bar {
                label: label(*p),
                value: f64::from(*n),
                shown: n.to_string(),
            })
            .collect();
        view! {
            <section class="panel report-section" aria-labelledby="priority-title">
                <h2 id="priority-title">{t(lang, Msg::ByPriority)}</h2>
                <BarChart id="priority-chart" title=t(lang, Msg::ByPriority).to_string() bars=bars/>
                <table class="report-table" id="priority-table">
                    <thead><tr><th scope="col">{t(lang, Msg::Priority)}</th><th scope="col" class="num">{t(lang, Msg::Opened)}</th></tr></thead>
                    <tbody>{report.by_priority.iter().map(|(p, n)| view! { <tr><th scope="row">{label(*p)}</th><td class="num">{*n}</td></tr> }).collect_view()}</tbody>
                </table>
            </section>
        }
    }
}

#[component]
fn Sla(report: Report) -> impl IntoView {
    let lang = expect_context::<Desk>().lang;
    move || {
        let lang = lang.get();
        let bars = report
            .sla
            .iter()
            .filter_map(|r| {
                let p = r.compliance().percent()?;
                Some(Bar {
                    label: format!("{} {}", i18n::sla_clock(lang, r.clock), r.priority),
                    value: p,
                    shown: format!("{p:.0}%"),
                })
            })
            .collect::<Vec<_>>();
        view! {
            <section class="panel report-section" aria-labelledby="sla-title">
                <h2 id="sla-title">{t(lang, Msg::SlaComplianceByClock)}</h2>
                {(!bars.is_empty()).then(|| view! { <BarChart id="sla-chart" title=t(lang, Msg::SlaComplianceByClock).to_string() bars=bars/> })}
                <table class="report-table" id="sla-table">
                    <thead><tr>
                        <th scope="col">{t(lang, Msg::Clock)}</th><th scope="col">{t(lang, Msg::Priority)}</th>
                        <th scope="col" class="num">{t(lang, Msg::MetCount)}</th><th scope="col" class="num">{t(lang, Msg::MissedCount)}</th>
                        <th scope="col" class="num">{t(lang, Msg::PendingCount)}</th><th scope="col" class="num">{t(lang, Msg::SlaCompliance)}</th>
                    </tr></thead>
                    <tbody>
                        {report.sla.iter().map(|r| view! {
                            <tr><th scope="row">{i18n::sla_clock(lang, r.clock)}</th><td>{r.priority.to_string()}</td>
                            <td class="num">{r.met}</td><td class="num">{r.missed}</td><td class="num">{r.pending}</td>
                            <td class="num">{percent(r.compliance())}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </section>
        }
    }
}
