//! Import, the preview: what the file would add, change and renumber, and what conflicts,
//! before anything is written. The counts and conflicts are the core's (`preview`).

use std::rc::Rc;

use fielddesk_core::ImportPreview;
use leptos::prelude::*;

use crate::components::import_panel::SheetRows;
use crate::i18n::{self, date_time, import_conflict, row_problem, setting_key, t, Lang, Msg, F};

/// Confirm writes the file's plan; it is off when the file brings nothing new.
#[component]
pub fn ImportPreviewView(
    lang: Lang,
    file: String,
    preview: Rc<ImportPreview>,
    /// It came out of a sealed file.
    decrypted: bool,
    /// It came from a tracking sheet.
    sheet: Option<Rc<SheetRows>>,
    on_confirm: Callback<()>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let empty = preview.plan.is_empty();
    let rows = [
        (Msg::ImportNew, preview.new.len(), "new"),
        (Msg::ImportUpdated, preview.updated.len(), "updated"),
        (Msg::ImportUnchanged, preview.unchanged.len(), "unchanged"),
        (Msg::ImportConflicts, preview.conflicts.len(), "conflicts"),
        (
            Msg::ImportRenumbered,
            preview.renumberings.len(),
            "renumbered",
        ),
    ];
    let article_rows = [
        (Msg::NewArticles, preview.new_articles.len(), "new-articles"),
        (
            Msg::UpdatedArticles,
            preview.updated_articles.len(),
            "updated-articles",
        ),
        (
            Msg::UnchangedArticles,
            preview.unchanged_articles.len(),
            "unchanged-articles",
        ),
        (
            Msg::RenumberedArticles,
            preview.article_renumberings.len(),
            "renumbered-articles",
        ),
    ];
    let has_articles = article_rows.iter().any(|(_, n, _)| *n > 0);
    let settings_rows = [
        (
            Msg::SettingsChanging,
            preview.settings_changed.len(),
            "settings-changed",
        ),
        (
            Msg::SettingsHistoryOnly,
            preview.settings_history,
            "settings-history",
        ),
    ];
    let has_settings = settings_rows.iter().any(|(_, n, _)| *n > 0);
    let desk = expect_context::<crate::desk::Desk>();
    let zone = i18n::ShownZone::new(
        desk.settings.with_untracked(|s| s.policy.team_zone()),
        &crate::clock::browser_zone(),
    );
    view! {
        <div class="preview" id="import-preview">
            <h3>{t(lang, Msg::ImportPreview)}": "<span class="file-name">{file}</span></h3>
            {decrypted.then(|| view! { <p class="decrypted ok" id="import-decrypted">{t(lang, Msg::Decrypted)}</p> })}
            {sheet.map(|sheet| sheet_rows(lang, &sheet))}
            <dl class="preview-counts">{counts(lang, rows)}</dl>
            {has_articles.then(|| view! {
                <dl class="preview-counts article-counts">{counts(lang, article_rows)}</dl>
            })}
            {has_settings.then(|| view! {
                <dl class="preview-counts settings-counts">{counts(lang, settings_rows)}</dl>
                <ul class="settings-changing" id="import-settings">
                    {preview.settings_changed.iter().map(|c| view! {
                        <li>
                            <strong>{setting_key(lang, c.key)}</strong>" "
                            <span class="muted">
                                {if c.actor.name.is_empty() { t(lang, Msg::NobodyChosen).to_string() } else { c.actor.name.clone() }}
                                " · "{date_time(lang, c.at, zone)}
                            </span>
                        </li>
                    }).collect_view()}
                </ul>
            })}
            <ul class="renumberings">
                {preview.renumberings.iter().map(|r| view! {
                    <li><span class="ticket-no">{r.from.to_string()}</span>" → "<span class="ticket-no">{r.to.to_string()}</span></li>
                }).collect_view()}
                {preview.article_renumberings.iter().map(|r| view! {
                    <li><span class="ticket-no">{r.from.0.clone()}</span>" → "<span class="ticket-no">{r.to.0.clone()}</span>" "<span class="muted">{r.title.clone()}</span></li>
                }).collect_view()}
            </ul>
            <ul class="conflicts">
                {preview.conflicts.iter().map(|c| view! { <li class="bad">{import_conflict(lang, c)}</li> }).collect_view()}
            </ul>
            {empty.then(|| view! { <p class="muted" id="nothing-new">{t(lang, Msg::NothingNew)}</p> })}
            <div class="actions">
                <button type="button" class="primary" id="import-confirm" disabled=empty on:click=move |_| on_confirm.run(())>
                    {t(lang, Msg::ImportConfirm)}
                </button>
                <button type="button" class="secondary" id="import-cancel" on:click=move |_| on_cancel.run(())>
                    {t(lang, Msg::Cancel)}
                </button>
            </div>
        </div>
    }
}

/// How many of the sheet's rows became tickets, and each refused row with its cell and reason.
fn sheet_rows(lang: Lang, sheet: &SheetRows) -> impl IntoView {
    let refused = sheet.refused.len();
    let reasons: Vec<String> = sheet
        .refused
        .iter()
        .map(|r| {
            let problem = row_problem(lang, &r.problem);
            match r.column {
                Some(column) => F::SheetRefusal {
                    row: &r.row,
                    column: &i18n::column(lang, column),
                    problem: &problem,
                }
                .text(lang),
                None => F::SheetRefusalRow {
                    row: &r.row,
                    problem: &problem,
                }
                .text(lang),
            }
        })
        .collect();
    view! {
        <p class="sheet-rows" id="sheet-rows">
            {F::SheetRows { rows: &sheet.rows, tickets: &sheet.tickets, refused: &refused }.text(lang)}
        </p>
        {(refused > 0).then(|| view! {
            <details class="sheet-refused" id="sheet-refused" open=true>
                <summary>{t(lang, Msg::SheetRefused)}" ("{refused}")"</summary>
                <ul>
                    {reasons.into_iter().map(|reason| view! { <li class="bad">{reason}</li> }).collect_view()}
                </ul>
            </details>
        })}
    }
}

/// A `<dt>`/`<dd>` pair a count, each in a `div` classed by what it counts.
fn counts<const N: usize>(lang: Lang, rows: [(Msg, usize, &'static str); N]) -> impl IntoView {
    rows.into_iter()
        .map(|(label, n, class)| {
            view! {
                <div class=format!("count-{class}")>
                    <dt>{t(lang, label)}</dt>
                    <dd>{n}</dd>
                </div>
            }
        })
        .collect_view()
}
