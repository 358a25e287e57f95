//! Import from a tracking sheet, the middle: which sheet, and which field each column holds.
//! The core recognises the columns (`migration::recognise`) and turns the rows into tickets
//! (`migration::migrate`); the person only corrects the mapping, then the import previews and
//! writes like an export file.

use std::rc::Rc;

use fielddesk_core::migration::{migrate, recognise, Column, Mapping, Origin, Remembered};
use fielddesk_core::Person;
use fielddesk_sheet::Workbook;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::import_panel::{preview_against_store, Import, SheetRows};
use crate::desk::Desk;
use crate::i18n::{self, t, Msg, F};

/// The settings key of the mapping choices made by hand (`migration::Remembered`).
const SHEET_MAPPING: &str = "sheet_mapping";

/// A column's choice in the select: its index in `Column::ALL`, or "" for none.
fn key(column: Option<Column>) -> String {
    column
        .and_then(|c| Column::ALL.iter().position(|a| *a == c))
        .map_or(String::new(), |i| i.to_string())
}

fn from_key(key: &str) -> Option<Column> {
    key.parse::<usize>()
        .ok()
        .and_then(|i| Column::ALL.get(i).copied())
}

#[component]
pub fn SheetMapping(
    file: String,
    workbook: Rc<Workbook>,
    import: RwSignal<Import, LocalStorage>,
) -> impl IntoView {
    let desk = expect_context::<Desk>();
    let lang = desk.lang;
    // The sheet with the most recognised columns is the tracking sheet, not its notes.
    let first = workbook
        .sheets
        .iter()
        .enumerate()
        .max_by_key(|(i, s)| {
            let known = recognise(&s.rows).columns.iter().flatten().count();
            (known, std::cmp::Reverse(*i))
        })
        .map_or(0, |(i, _)| i);
    let chosen = RwSignal::new(first);
    let mapping = RwSignal::new(
        workbook
            .sheets
            .get(first)
            .map_or_else(|| recognise(&[]), |s| recognise(&s.rows)),
    );

    // What the person chose by hand last time applies to the same headers now.
    let remembered = RwSignal::new(Vec::<Remembered>::new());
    let book = workbook.clone();
    spawn_local(async move {
        let Ok(store) = desk.store().await else {
            return;
        };
        if let Ok(Some(saved)) = store.setting::<Vec<Remembered>>(SHEET_MAPPING).await {
            if let Some(sheet) = book.sheets.get(chosen.get_untracked()) {
                mapping.update(|m| m.recall(&sheet.rows, &saved));
            }
            remembered.set(saved);
        }
    });

    let book = workbook.clone();
    let on_sheet = move |ev: leptos::ev::Event| {
        if let Ok(index) = event_target_value(&ev).parse::<usize>() {
            if let Some(sheet) = book.sheets.get(index) {
                chosen.set(index);
                let mut recognised = recognise(&sheet.rows);
                remembered.with_untracked(|r| recognised.recall(&sheet.rows, r));
                mapping.set(recognised);
            }
        }
    };

    let book = workbook.clone();
    let name = file.clone();
    let on_preview = move |_| {
        let Some(store) = desk.store_now() else {
            return;
        };
        let Some(sheet) = book.sheets.get(chosen.get_untracked()) else {
            return;
        };
        let rows = sheet.rows.clone();
        let mapping: Mapping = mapping.get_untracked();
        let file = name.clone();
        import.set(Import::Busy(Msg::SheetCounting));
        let before = remembered.get_untracked();
        spawn_local(async move {
            let choices = mapping.remember(&rows, &before);
            if choices != before {
                // Remembering is a convenience: the import goes on if the store refuses it.
                let _ = desk.save_preference(SHEET_MAPPING, &choices).await;
            }
            let by = desk.me_untracked().map_or(
                Person {
                    name: String::new(),
                    employee_id: String::new(),
                },
                |me| me.person(),
            );
            let policy = desk.settings.with_untracked(|s| s.policy.clone());
            let migration = migrate(
                &rows,
                &mapping,
                &Origin {
                    file: &file,
                    by: &by,
                    at: desk.now.get_untracked(),
                    policy: &policy,
                },
            );
            let counted = rows
                .iter()
                .skip(mapping.header_row + 1)
                .filter(|r| r.iter().any(|c| !c.trim().is_empty()))
                .count();
            let summary = SheetRows {
                rows: counted,
                tickets: migration.tickets,
                refused: migration.refused,
            };
            preview_against_store(
                store,
                import,
                lang,
                file,
                migration.export,
                false,
                Some(Rc::new(summary)),
            )
            .await;
        });
    };

    let holds = move |i: usize| mapping.with(|m| m.columns.get(i).copied().flatten());
    let sheets = workbook.clone();
    let table_book = StoredValue::new_local(workbook.clone());
    view! {
        <div class="sheet-mapping" id="sheet-mapping">
            <h3>{move || t(lang.get(), Msg::SheetMapping)}": "<span class="file-name">{file.clone()}</span></h3>
            {(sheets.sheets.len() > 1).then(|| view! {
                <label class="field">
                    <span>{move || t(lang.get(), Msg::SheetChoose)}</span>
                    <select id="sheet-choose" on:change=on_sheet>
                        {sheets.sheets.iter().enumerate().map(|(i, s)| view! {
                            <option value=i.to_string() prop:selected=move || chosen.get() == i>{s.name.clone()}</option>
                        }).collect_view()}
                    </select>
                </label>
            })}
            <p class="hint">{move || t(lang.get(), Msg::SheetMappingHint)}</p>
            <p class="muted" id="sheet-header-row">{move || {
                let row = mapping.with(|m| m.header_row) + 1;
                F::SheetHeaderRow { row: &row }.text(lang.get())
            }}</p>
            <div class="table-scroll">
                <table class="mapping-table">
                    <thead><tr>
                        <th scope="col">{move || t(lang.get(), Msg::SheetColumn)}</th>
                        <th scope="col">{move || t(lang.get(), Msg::SheetSample)}</th>
                        <th scope="col">{move || t(lang.get(), Msg::SheetField)}</th>
                    </tr></thead>
                    <tbody>
                        {move || {
                            let sheet = chosen.get();
                            let header_row = mapping.with_untracked(|m| m.header_row);
                            let (headers, sample) = table_book.with_value(|book| {
                                let rows = book.sheets.get(sheet).map_or(&[][..], |s| &s.rows[..]);
                                let headers = rows.get(header_row).cloned().unwrap_or_default();
                                let sample = rows
                                    .iter()
                                    .skip(header_row + 1)
                                    .find(|r| r.iter().any(|c| !c.is_empty()))
                                    .cloned()
                                    .unwrap_or_default();
                                (headers, sample)
                            });
                            headers.into_iter().enumerate().map(|(i, header)| {
                                let example = sample.get(i).cloned().unwrap_or_default();
                                let on_change = move |ev: leptos::ev::Event| {
                                    let column = from_key(&event_target_value(&ev));
                                    mapping.update(|m| m.set(i, column));
                                };
                                view! {
                                    <tr>
                                        <th scope="row" class="sheet-header">{header}</th>
                                        <td class="sample">{example}</td>
                                        <td>
                                            <select class="column-field" data-column=i.to_string() on:change=on_change>
                                                <option value="" prop:selected=move || holds(i).is_none()>{move || t(lang.get(), Msg::SheetIgnore)}</option>
                                                {Column::ALL.iter().map(|c| {
                                                    let c = *c;
                                                    view! {
                                                        <option value=key(Some(c)) prop:selected=move || holds(i) == Some(c)>{move || i18n::column(lang.get(), c)}</option>
                                                    }
                                                }).collect_view()}
                                            </select>
                                        </td>
                                    </tr>
                                }
                            }).collect::<Vec<_>>()
                        }}
                    </tbody>
                </table>
            </div>
            <div class="actions">
                <button class="primary" id="sheet-preview" on:click=on_preview>{move || t(lang.get(), Msg::SheetPreview)}</button>
                <button class="secondary" on:click=move |_| import.set(Import::Idle)>{move || t(lang.get(), Msg::Cancel)}</button>
            </div>
        </div>
    }
}
