//! Settings: who am I, team members and roles, channels, the category standard, the SLA policy
//! and its business calendar (holidays and 调休 days), language. Saving a changed policy adds it
//! to the policy book; new tickets are pinned to it, older ones keep theirs (R7).

use chrono::{NaiveDate, NaiveTime};
use fielddesk_core::calendar::{BusinessCalendar, Calendar, LunchBreak, TEAM_TIME_ZONES};
use fielddesk_core::sla::{SlaPolicy, SlaTarget};
use fielddesk_core::{Category, CategoryStandard, Member, Priority, Role, Setting};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::team_sync::SyncSettings;
use crate::components::whoami::WhoAmI;
use crate::desk::{Desk, Load};
use crate::i18n::{self, date_time, setting_key, setting_problem, t, Lang, Msg};
use crate::storage::StorageError;

/// The form is made from the settings as loaded: until they are, it waits, so a reload of
/// this page never shows (nor saves back) the default team in place of the team's own.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let desk = expect_context::<Desk>();
    let lang = desk.lang;
    move || {
        match desk.load.get() {
        Load::Ready => view! { <SettingsForm/> }.into_any(),
        Load::Failed(error) => view! {
            <p class="page banner bad" role="alert">{t(lang.get(), Msg::LoadFailed)}": "{i18n::storage_error(lang.get(), &error)}</p>
        }
        .into_any(),
        Load::Loading | Load::Blocked => {
            view! { <p class="page muted">{t(lang.get(), Msg::Loading)}</p> }.into_any()
        }
    }
    }
}

#[component]
fn SettingsForm() -> impl IntoView {
    let desk = expect_context::<Desk>();
    let lang = desk.lang;
    let status = RwSignal::new(None::<String>);
    let saved = move |result: Result<(), StorageError>| {
        let lang = lang.get_untracked();
        status.set(Some(match result {
            Ok(()) => t(lang, Msg::SettingsSaved).to_string(),
            Err(error) => i18n::storage_error(lang, &error),
        }));
    };

    // Team
    let team = RwSignal::new(desk.settings.with_untracked(|s| s.team.clone()));
    let save_team = move |_| {
        let list: Vec<Member> = team
            .get_untracked()
            .into_iter()
            .filter(|m| !m.name.trim().is_empty())
            .collect();
        let change = Setting::Team(list);
        if let Some(problem) = change.problem() {
            return status.set(Some(setting_problem(lang.get_untracked(), problem).into()));
        }
        spawn_local(async move { saved(desk.save_team_setting(change).await) });
    };

    // Channels and the category standard, one per line.
    let channels_shown = desk.settings.with_untracked(|s| s.channels.join("\n"));
    let channels = RwSignal::new(channels_shown.clone());
    // What the page showed or last saved, to tell what was edited here.
    let channels_shown = StoredValue::new(channels_shown);
    let standard_shown = desk.settings.with_untracked(|s| {
        s.standard
            .majors()
            .iter()
            .flat_map(|m| m.minors.iter().map(move |n| format!("{}-{n}", m.name)))
            .collect::<Vec<_>>()
            .join("\n")
    });
    let standard = RwSignal::new(standard_shown.clone());
    let standard_shown = StoredValue::new(standard_shown);
    let standard_error = RwSignal::new(None::<String>);
    let save_lists = move |_| {
        let list: Vec<String> = channels
            .get_untracked()
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect();
        let mut parsed = CategoryStandard::empty();
        for line in standard
            .get_untracked()
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
        {
            match line.parse::<Category>().and_then(|c| parsed.add(c)) {
                Ok(()) => {}
                Err(e) => {
                    standard_error.set(Some(format!("{line}: {e}")));
                    return;
                }
            }
        }
        standard_error.set(None);
        let channels_change = Setting::Channels(list);
        if let Some(problem) = channels_change.problem() {
            return status.set(Some(setting_problem(lang.get_untracked(), problem).into()));
        }
        // Only what was edited here: saving the other as this page first showed it would undo
        // a change made meanwhile in another tab or by an import.
        let (channels_text, standard_text) = (channels.get_untracked(), standard.get_untracked());
        let edited = (
            channels_shown.with_value(|shown| *shown != channels_text),
            standard_shown.with_value(|shown| *shown != standard_text),
        );
        spawn_local(async move {
            let first = match edited.0 {
                true => desk.save_team_setting(channels_change).await,
                false => Ok(()),
            };
            if first.is_ok() {
                channels_shown.set_value(channels_text);
            }
            let second = match edited.1 {
                true => desk.save_team_setting(Setting::Standard(parsed)).await,
                false => Ok(()),
            };
            if second.is_ok() {
                standard_shown.set_value(standard_text);
            }
            saved(first.and(second));
        });
    };

    // R4.2: the team's process rules.
    let require_signature = RwSignal::new(
        desk.settings
            .with_untracked(|s| s.workflow.require_signature_on_site),
    );
    let save_workflow = move |_| {
        let workflow = fielddesk_core::WorkflowPolicy {
            require_signature_on_site: require_signature.get_untracked(),
        };
        spawn_local(
            async move { saved(desk.save_team_setting(Setting::Workflow(workflow)).await) },
        );
    };

    // SLA policy: resolution targets, at-risk share, holidays and 调休 days.
    let policy = desk.settings.with_untracked(|s| s.policy.clone());
    let target_text = |target: SlaTarget| match target {
        SlaTarget::Minutes(m) => m.to_string(),
        SlaTarget::WorkingDays(d) => format!("{d}d"),
    };
    let targets = Priority::ALL.map(|p| RwSignal::new(target_text(*policy.resolution.get(p))));
    let at_risk = RwSignal::new(policy.at_risk_percent.to_string());
    let spec = business_spec(&policy);
    let dates = |list: &[NaiveDate]| {
        list.iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let holidays = RwSignal::new(
        spec.as_ref()
            .map(|s| dates(&s.holidays))
            .unwrap_or_default(),
    );
    let workdays = RwSignal::new(
        spec.as_ref()
            .map(|s| dates(&s.make_up_working_days))
            .unwrap_or_default(),
    );
    let hours = CalendarInputs::of(spec.as_ref(), policy.alerts_in_working_hours_only);
    let policy_error = RwSignal::new(None::<String>);
    let save_policy =
        move |_| match edited_policy(desk, targets, at_risk, holidays, workdays, hours) {
            Ok(policy) => {
                policy_error.set(None);
                // Every version stays in the history, so tickets pinned to it keep it.
                spawn_local(
                    async move { saved(desk.save_team_setting(Setting::Policy(policy)).await) },
                );
            }
            Err(e) => policy_error.set(Some(e)),
        };

    view! {
        <div class="page settings-page">
            <h1 class="page-title">{move || t(lang.get(), Msg::Settings)}</h1>
            <p class="status" role="status" aria-live="polite">{move || status.get()}</p>
            <section class="panel" aria-labelledby="me-title">
                <h2 id="me-title">{move || t(lang.get(), Msg::WhoAmITitle)}</h2>
                <p class="hint">{move || t(lang.get(), Msg::NoLoginNote)}</p>
                <WhoAmI/>
                <div class="field lang-field">
                    <span>{move || t(lang.get(), Msg::LanguageLabel)}</span>
                    <div class="seg">
                        <button class="secondary" aria-pressed=move || (lang.get() == Lang::Zh).to_string() on:click=move |_| { crate::prefs::set_lang(Lang::Zh); lang.set(Lang::Zh) }>{move || t(lang.get(), Msg::LanguageNameZh)}</button>
                        <button class="secondary" aria-pressed=move || (lang.get() == Lang::En).to_string() on:click=move |_| { crate::prefs::set_lang(Lang::En); lang.set(Lang::En) }>{move || t(lang.get(), Msg::LanguageNameEn)}</button>
                    </div>
                </div>
            </section>
            <section class="panel" aria-labelledby="team-title">
                <h2 id="team-title">{move || t(lang.get(), Msg::TeamMembers)}</h2>
                <div class="team-table" role="list">
                    {move || (0..team.with(Vec::len)).map(|i| {
                        let get = move |f: fn(&Member) -> String| move || team.with(|l| l.get(i).map(f).unwrap_or_default());
                        let set = move |f: fn(&mut Member, String)| move |ev| { let v = event_target_value(&ev); team.update(|l| if let Some(m) = l.get_mut(i) { f(m, v) }) };
                        view! {
                            <div class="team-row" role="listitem">
                                <input type="text" aria-label=move || t(lang.get(), Msg::SubmitterName) prop:value=get(|m| m.name.clone()) on:change=set(|m, v| m.name = v)/>
                                <input type="text" aria-label=move || t(lang.get(), Msg::EmployeeId) prop:value=get(|m| m.employee_id.clone()) on:change=set(|m, v| m.employee_id = v)/>
                                <select aria-label=move || t(lang.get(), Msg::Role) prop:value=get(|m| format!("{:?}", m.role)) on:change=set(|m, v| if let Some(r) = Role::ALL.into_iter().find(|r| format!("{r:?}") == v) { m.role = r })>
                                    {Role::ALL.into_iter().map(|r| view! { <option value=format!("{r:?}")>{move || i18n::role(lang.get(), r)}</option> }).collect_view()}
                                </select>
                                <input type="text" aria-label=move || t(lang.get(), Msg::Speciality) prop:value=get(|m| m.speciality.clone()) on:change=set(|m, v| m.speciality = v)/>
                                <button type="button" class="secondary" on:click=move |_| team.update(|l| { if i < l.len() { l.remove(i); } })>{move || t(lang.get(), Msg::Remove)}</button>
                            </div>
                        }
                    }).collect_view()}
                </div>
                <div class="action-bar">
                    <button class="secondary" on:click=move |_| team.update(|l| l.push(Member { name: String::new(), employee_id: String::new(), role: Role::FirstLine, speciality: String::new() }))>{move || t(lang.get(), Msg::AddMember)}</button>
                    <button class="primary" id="save-team" on:click=save_team>{move || t(lang.get(), Msg::SaveSettings)}</button>
                </div>
            </section>
            <section class="panel" aria-labelledby="lists-title">
                <h2 id="lists-title">{move || t(lang.get(), Msg::ChannelsAndStandard)}</h2>
                <div class="grid2">
                    <div class="field">
                        <label for="channels">{move || t(lang.get(), Msg::Channel)}</label>
                        <textarea id="channels" rows="7" prop:value=move || channels.get() on:input=move |ev| channels.set(event_target_value(&ev))></textarea>
                    </div>
                    <div class="field" class:invalid=move || standard_error.get().is_some()>
                        <label for="standard">{move || t(lang.get(), Msg::CategoryStandard)}</label>
                        <textarea id="standard" rows="7" aria-describedby="standard-error" prop:value=move || standard.get() on:input=move |ev| standard.set(event_target_value(&ev))></textarea>
                        <p class="error" id="standard-error">{move || standard_error.get()}</p>
                    </div>
                </div>
                <button class="primary" on:click=save_lists>{move || t(lang.get(), Msg::SaveSettings)}</button>
            </section>
            <section class="panel" aria-labelledby="workflow-title">
                <h2 id="workflow-title">{move || t(lang.get(), Msg::ProcessRules)}</h2>
                <label class="check">
                    <input type="checkbox" id="require-signature" aria-describedby="require-signature-hint"
                        prop:checked=move || require_signature.get()
                        on:change=move |ev| require_signature.set(event_target_checked(&ev))/>
                    {move || t(lang.get(), Msg::RequireSignature)}
                </label>
                <p class="hint" id="require-signature-hint">{move || t(lang.get(), Msg::RequireSignatureHint)}</p>
                <button class="primary" id="save-workflow" on:click=save_workflow>{move || t(lang.get(), Msg::SaveSettings)}</button>
            </section>
            <section class="panel" aria-labelledby="sla-title">
                <h2 id="sla-title">{move || t(lang.get(), Msg::SlaPolicy)}</h2>
                <p class="hint">{move || t(lang.get(), Msg::SlaPolicyHint)}</p>
                <div class="grid4">
                    {Priority::ALL.into_iter().zip(targets).map(|(p, value)| {
                        let id = format!("target-{p}");
                        view! {
                            <div class="field">
                                <label for=id.clone()>{format!("{p} ")}{move || t(lang.get(), Msg::ResolutionTarget)}</label>
                                <input id=id type="text" prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
                            </div>
                        }
                    }).collect_view()}
                </div>
                <div class="field narrow">
                    <label for="at-risk">{move || t(lang.get(), Msg::AtRiskPercent)}</label>
                    <input id="at-risk" type="number" min="1" max="99" prop:value=move || at_risk.get() on:input=move |ev| at_risk.set(event_target_value(&ev))/>
                </div>
                <h3>{move || t(lang.get(), Msg::WorkingHours)}</h3>
                <p class="hint">{move || t(lang.get(), Msg::CalendarHint)}</p>
                <div class="grid4">
                    <div class="field">
                        <label for="opens">{move || t(lang.get(), Msg::OpensAt)}</label>
                        <input id="opens" type="time" prop:value=move || hours.opens.get() on:input=move |ev| hours.opens.set(event_target_value(&ev))/>
                    </div>
                    <div class="field">
                        <label for="closes">{move || t(lang.get(), Msg::ClosesAt)}</label>
                        <input id="closes" type="time" prop:value=move || hours.closes.get() on:input=move |ev| hours.closes.set(event_target_value(&ev))/>
                    </div>
                    <div class="field">
                        <label for="lunch">{move || t(lang.get(), Msg::LunchBreakLabel)}</label>
                        <input id="lunch" type="text" placeholder="12:00-13:00" prop:value=move || hours.lunch.get() on:input=move |ev| hours.lunch.set(event_target_value(&ev))/>
                    </div>
                    <div class="field">
                        <label for="zone">{move || t(lang.get(), Msg::TimeZoneLabel)}</label>
                        <select id="zone" on:change=move |ev| hours.zone.set(event_target_value(&ev))>
                            {TEAM_TIME_ZONES.into_iter().map(|z| view! { <option value=z selected=move || hours.zone.with(|v| v == z)>{z}</option> }).collect_view()}
                        </select>
                    </div>
                </div>
                <label class="check">
                    <input type="checkbox" id="quiet-hours" prop:checked=move || hours.quiet.get() on:change=move |ev| hours.quiet.set(event_target_checked(&ev))/>
                    {move || t(lang.get(), Msg::QuietHours)}
                </label>
                <p class="hint" id="quiet-hours-hint">{move || t(lang.get(), Msg::QuietHoursHint)}</p>
                <div class="grid2">
                    <div class="field">
                        <label for="holidays">{move || t(lang.get(), Msg::Holidays)}</label>
                        <textarea id="holidays" rows="4" placeholder="2026-10-01" prop:value=move || holidays.get() on:input=move |ev| holidays.set(event_target_value(&ev))></textarea>
                    </div>
                    <div class="field">
                        <label for="workdays">{move || t(lang.get(), Msg::MakeUpDays)}</label>
                        <textarea id="workdays" rows="4" placeholder="2026-10-11" prop:value=move || workdays.get() on:input=move |ev| workdays.set(event_target_value(&ev))></textarea>
                    </div>
                </div>
                <p class="error" role="alert">{move || policy_error.get()}</p>
                <button class="primary" id="save-policy" on:click=save_policy>{move || t(lang.get(), Msg::SaveSettings)}</button>
            </section>
            <SyncSettings/>
            <SettingsHistory/>
        </div>
    }
}

/// Every saved version of the team's settings, newest first: which setting, who and when, and
/// the version itself as it was saved (text, never markup), the one in force marked.
#[component]
fn SettingsHistory() -> impl IntoView {
    let desk = expect_context::<Desk>();
    let lang = desk.lang;
    let rows = move || {
        desk.settings.with(|s| {
            let events = s.log.events().iter().rev();
            events
                .map(|e| (e.clone(), s.log.is_in_force(e)))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="panel" aria-labelledby="history-title">
            <h2 id="history-title">{move || t(lang.get(), Msg::SettingsHistory)}</h2>
            <p class="hint">{move || t(lang.get(), Msg::SettingsHistoryHint)}</p>
            {move || {
                let (lang, zone) = (lang.get(), desk.shown_zone());
                let rows = rows();
                if rows.is_empty() {
                    return view! { <p class="muted" id="settings-history-empty">{t(lang, Msg::SettingsHistoryEmpty)}</p> }.into_any();
                }
                view! {
                    <ol class="settings-history" id="settings-history">
                        {rows.into_iter().map(|(event, in_force)| {
                            let who = if event.actor.name.is_empty() {
                                t(lang, Msg::NobodyChosen).to_string()
                            } else {
                                event.actor.name.clone()
                            };
                            view! {
                                <li class:in-force=in_force>
                                    <p class="history-head">
                                        <strong>{setting_key(lang, event.change.key())}</strong>
                                        {in_force.then(|| view! { <span class="badge ok">{t(lang, Msg::InForce)}</span> })}
                                        <span class="muted">
                                            <time datetime=event.at.to_rfc3339()>{date_time(lang, event.at, zone)}</time>
                                            " · "{who}
                                        </span>
                                    </p>
                                    <details>
                                        <summary>{t(lang, Msg::ShowVersion)}</summary>
                                        <pre class="setting-value">{saved_value(&event.change)}</pre>
                                    </details>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
    }
}

/// A saved setting's value as readable text: its JSON (`{ "<setting>": value }`), indented.
fn saved_value(change: &Setting) -> String {
    let value = match serde_json::to_value(change) {
        Ok(serde_json::Value::Object(map)) => map.into_iter().next().map(|(_, v)| v),
        _ => None,
    };
    serde_json::to_string_pretty(&value.unwrap_or_default()).unwrap_or_default()
}

fn business_spec(policy: &SlaPolicy) -> Option<fielddesk_core::calendar::BusinessCalendarSpec> {
    Priority::ALL
        .into_iter()
        .find_map(|p| match policy.calendars.get(p) {
            Calendar::Business(b) => Some(b.spec()),
            Calendar::AllHours => None,
        })
}

/// The business calendar's hours, lunch break and zone as typed, and whether quiet hours hold
/// notifications back. The zone's options each say whether they are the team's: a select's value
/// set before its options exist would show (and save) the first zone instead.
#[derive(Clone, Copy)]
struct CalendarInputs {
    opens: RwSignal<String>,
    closes: RwSignal<String>,
    lunch: RwSignal<String>,
    zone: RwSignal<String>,
    quiet: RwSignal<bool>,
}

impl CalendarInputs {
    fn of(spec: Option<&fielddesk_core::calendar::BusinessCalendarSpec>, quiet: bool) -> Self {
        let spec = spec.cloned().unwrap_or_default();
        let hm = |t: NaiveTime| t.format("%H:%M").to_string();
        CalendarInputs {
            opens: RwSignal::new(hm(spec.opens)),
            closes: RwSignal::new(hm(spec.closes)),
            lunch: RwSignal::new(
                spec.lunch_break
                    .map(|l| format!("{}-{}", hm(l.starts), hm(l.ends)))
                    .unwrap_or_default(),
            ),
            zone: RwSignal::new(spec.time_zone),
            quiet: RwSignal::new(quiet),
        }
    }
}

/// The team's policy with the edited targets and days; each business calendar gets the same
/// hours, lunch break, zone, holidays and 调休 days. Errors are the core's (calendar) or a value that is not a number/date.
fn edited_policy(
    desk: Desk,
    targets: [RwSignal<String>; 4],
    at_risk: RwSignal<String>,
    holidays: RwSignal<String>,
    workdays: RwSignal<String>,
    hours: CalendarInputs,
) -> Result<SlaPolicy, String> {
    let lang = desk.lang.get_untracked();
    let mut policy = desk.settings.with_untracked(|s| s.policy.clone());
    let parse_target = |text: String| -> Result<SlaTarget, String> {
        let text = text.trim().to_string();
        let bad = || format!("{}: {text}", t(lang, Msg::BadNumber));
        match text.strip_suffix('d') {
            Some(days) => days
                .trim()
                .parse()
                .map(SlaTarget::WorkingDays)
                .map_err(|_| bad()),
            None => text.parse().map(SlaTarget::Minutes).map_err(|_| bad()),
        }
    };
    policy.resolution.p1 = parse_target(targets[0].get_untracked())?;
    policy.resolution.p2 = parse_target(targets[1].get_untracked())?;
    policy.resolution.p3 = parse_target(targets[2].get_untracked())?;
    policy.resolution.p4 = parse_target(targets[3].get_untracked())?;
    policy.at_risk_percent = at_risk
        .get_untracked()
        .trim()
        .parse()
        .map_err(|_| t(lang, Msg::BadNumber).to_string())?;
    let dates = |text: String| -> Result<Vec<NaiveDate>, String> {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| {
                l.parse::<NaiveDate>()
                    .map_err(|_| format!("{}: {l}", t(lang, Msg::BadDate)))
            })
            .collect()
    };
    let time = |text: &str| -> Result<NaiveTime, String> {
        NaiveTime::parse_from_str(text.trim(), "%H:%M")
            .map_err(|_| format!("{}: {text}", t(lang, Msg::BadTime)))
    };
    let (opens, closes) = (
        time(&hours.opens.get_untracked())?,
        time(&hours.closes.get_untracked())?,
    );
    let lunch_text = hours.lunch.get_untracked();
    let lunch_break = match lunch_text.trim() {
        "" => None,
        text => {
            let (starts, ends) = text
                .split_once(['-', '–', '~'])
                .ok_or_else(|| format!("{}: {text}", t(lang, Msg::BadTime)))?;
            Some(LunchBreak {
                starts: time(starts)?,
                ends: time(ends)?,
            })
        }
    };
    policy.alerts_in_working_hours_only = hours.quiet.get_untracked();
    let (holidays, workdays) = (
        dates(holidays.get_untracked())?,
        dates(workdays.get_untracked())?,
    );
    for p in Priority::ALL {
        let calendar = match p {
            Priority::P1 => &mut policy.calendars.p1,
            Priority::P2 => &mut policy.calendars.p2,
            Priority::P3 => &mut policy.calendars.p3,
            Priority::P4 => &mut policy.calendars.p4,
        };
        if let Calendar::Business(b) = calendar {
            let mut spec = b.spec();
            spec.holidays = holidays.clone();
            spec.make_up_working_days = workdays.clone();
            spec.opens = opens;
            spec.closes = closes;
            spec.lunch_break = lunch_break;
            spec.time_zone = hours.zone.get_untracked();
            *b = BusinessCalendar::new(spec).map_err(|e| i18n::calendar_error(lang, &e))?;
        }
    }
    Ok(policy)
}
