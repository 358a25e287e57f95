//! Moving in: a team's tracking sheet (one row per problem, the R6 columns) becomes tickets with
//! their history, through the same preview and merge as an export file.
//!
//! The shell reads the file into plain rows of text (`fielddesk-sheet`); here the columns are
//! [`recognise`]d from the header row, the person corrects the [`Mapping`], and [`migrate`] turns
//! each row into a ticket's events — or refuses it with the column and the reason. The events say
//! only what the cells say, in the order the process has them:
//!
//! - `TicketCreated` (问题编号 kept, else numbered on the row's date), then `MigratedFromSheet`,
//!   which names the file and the row and keeps the row's cells as they were, so nothing in the
//!   sheet is lost even where no field takes it (知识库, extra columns);
//! - `Assigned` (一线处理人), `Classified` (问题分类), `PriorityConfirmed` (优先级 with its
//!   reason), `Escalated` (二线支持人员), one `ProgressUpdated` per timed entry of 处理进度记录,
//!   `FixApplied` (解决方案), `FeedbackRecorded` (用户反馈), `Archived` (归档状态 已归档).
//!
//! No event is invented: a sheet shows no verification, root cause or attempt, so there are
//! none. The fold therefore does not check the workflow's state guards for the events a
//! `MigratedFromSheet` covers (`through`): the ticket lands in the step its cells imply.
//!
//! Times: the row's date is the date column's, else the 问题编号's; the progress log's
//! `HH:MM` are on that date in the team's zone (`SlaPolicy::team_zone`), a time earlier than the
//! one before it on the next day. The ticket opens at the first time the row shows (the first
//! progress entry, the date column's time), else at 00:00 of the date; a fact with no time of its
//! own takes the time of the one before it.
//!
//! Ids are made from the row (its number and cells), so importing the same sheet twice gives the
//! same events, which the merge then finds it already has.

use std::collections::HashSet;

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::event::{Event, EventId, EventKind, TicketId};
use crate::exchange::{Export, ExportMeta, VERSION};
use crate::feedback::{ConfirmedBy, Feedback};
use crate::intake::{Description, Intake, Submitter};
use crate::model::{list_items, Person, Priority};
use crate::numbering::TicketNo;
use crate::roles::Supporter;
use crate::sla::SlaPolicy;
use crate::standard::Category;

/// What a sheet column holds: the R6 fields, and the parts a sheet may keep apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Column {
    /// 问题编号 (R1.5).
    Number,
    /// 日期: the row's date.
    Date,
    /// 提交人信息, composite: `张三/TS001-研发部-13800000000`.
    Submitter,
    /// 提交人: the name alone.
    SubmitterName,
    /// 工号.
    EmployeeId,
    /// 联系方式.
    Contact,
    /// 部门.
    Department,
    /// 问题描述.
    Description,
    /// 问题分类: `系统故障-登录异常`.
    Category,
    /// 优先级: `P1(影响全部门登录)`.
    Priority,
    /// 一线处理人.
    FirstLine,
    /// 二线支持人员: `王五/TS200(开发工程师)`.
    SecondLine,
    /// 处理进度记录: `10:30接收工单,11:00联系用户补充信息`.
    Progress,
    /// 解决方案.
    Solution,
    /// 用户反馈: `已解决,确认可正常登录`.
    Feedback,
    /// 归档状态: 已归档, 待归档.
    Status,
    /// 知识库: kept in the row's cells (`MigratedFromSheet`), not linked.
    Knowledge,
}

impl Column {
    pub const ALL: [Column; 17] = [
        Column::Number,
        Column::Date,
        Column::Submitter,
        Column::SubmitterName,
        Column::EmployeeId,
        Column::Contact,
        Column::Department,
        Column::Description,
        Column::Category,
        Column::Priority,
        Column::FirstLine,
        Column::SecondLine,
        Column::Progress,
        Column::Solution,
        Column::Feedback,
        Column::Status,
        Column::Knowledge,
    ];

    /// The headers that name this column, the R6 one first; matched after dropping spaces and
    /// anything in brackets (`优先级(P1-P4)`).
    fn headers(self) -> &'static [&'static str] {
        match self {
            Column::Number => &["问题编号", "编号", "工单号", "工单编号", "单号", "序号"],
            Column::Date => &[
                "日期",
                "提交日期",
                "提交时间",
                "创建时间",
                "报告时间",
                "时间",
            ],
            Column::Submitter => &["提交人信息", "报告人信息", "申请人信息"],
            Column::SubmitterName => &["提交人", "报告人", "申请人", "姓名"],
            Column::EmployeeId => &["工号", "员工编号", "员工号"],
            Column::Contact => &["联系方式", "电话", "手机", "联系电话"],
            Column::Department => &["部门", "所属部门", "业务线"],
            Column::Description => &["问题描述", "描述", "问题", "现象"],
            Column::Category => &["问题分类", "分类", "类别", "问题类型"],
            Column::Priority => &["优先级", "级别"],
            Column::FirstLine => &["一线处理人", "处理人", "一线"],
            Column::SecondLine => &["二线支持人员", "二线支持", "二线", "二线专家"],
            Column::Progress => &["处理进度记录", "处理进度", "进度", "处理记录"],
            Column::Solution => &["解决方案", "方案", "处理方案"],
            Column::Feedback => &["用户反馈", "反馈"],
            Column::Status => &["归档状态", "状态"],
            Column::Knowledge => &["知识库", "知识库文章", "关联知识"],
        }
    }
}

/// Which field each sheet column holds (`None`: the column is kept in the row's cells only),
/// and the header row's index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    pub header_row: usize,
    pub columns: Vec<Option<Column>>,
}

impl Mapping {
    /// The sheet column that holds `column`, if one does.
    pub fn find(&self, column: Column) -> Option<usize> {
        self.columns.iter().position(|c| *c == Some(column))
    }

    /// Sets sheet column `index` to hold `column`; another column that held it lets go, so
    /// each field has one column.
    pub fn set(&mut self, index: usize, column: Option<Column>) {
        if let Some(column) = column {
            for c in &mut self.columns {
                if *c == Some(column) {
                    *c = None;
                }
            }
        }
        if let Some(slot) = self.columns.get_mut(index) {
            *slot = column;
        }
    }
}

/// A header the person mapped by hand, and what they chose for it (`None`: no field), kept as
/// a setting so the next sheet with that header is mapped the same way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Remembered {
    pub header: String,
    pub column: Option<Column>,
}

impl Mapping {
    /// The choices that differ from what `recognise` finds in `rows`, merged into `before`
    /// (a header chosen again replaces its old choice).
    pub fn remember(&self, rows: &[Vec<String>], before: &[Remembered]) -> Vec<Remembered> {
        let recognised = recognise(rows);
        let headers = rows.get(self.header_row).cloned().unwrap_or_default();
        let mut out: Vec<Remembered> = before
            .iter()
            .filter(|r| !headers.contains(&r.header))
            .cloned()
            .collect();
        for (i, header) in headers.iter().enumerate() {
            let chosen = self.columns.get(i).copied().flatten();
            if !header.is_empty() && recognised.columns.get(i).copied().flatten() != chosen {
                out.push(Remembered {
                    header: header.clone(),
                    column: chosen,
                });
            }
        }
        out
    }

    /// Applies what the person chose before to the headers of this sheet that they chose for.
    pub fn recall(&mut self, rows: &[Vec<String>], remembered: &[Remembered]) {
        let headers = rows.get(self.header_row).cloned().unwrap_or_default();
        for r in remembered {
            if let Some(i) = headers.iter().position(|h| *h == r.header) {
                self.set(i, r.column);
            }
        }
    }
}

/// `优先级 (P1-P4)` → `优先级`.
fn normalise(header: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in header.chars() {
        match c {
            '(' | '（' | '[' | '【' => depth += 1,
            ')' | '）' | ']' | '】' => depth = depth.saturating_sub(1),
            c if depth == 0 && !c.is_whitespace() && c != ':' && c != '：' => out.push(c),
            _ => {}
        }
    }
    out
}

fn recognise_header(header: &str) -> Option<Column> {
    let header = normalise(header);
    if header.is_empty() {
        return None;
    }
    Column::ALL
        .into_iter()
        .find(|column| column.headers().contains(&header.as_str()))
}

/// The header row (the first of the first ten rows that names two known columns, else the first
/// row with any text — a sheet often has a title row above it) and what each of its columns
/// holds. A column named twice is taken the first time.
pub fn recognise(rows: &[Vec<String>]) -> Mapping {
    let header_row = rows
        .iter()
        .take(10)
        .position(|row| {
            row.iter()
                .filter_map(|h| recognise_header(h))
                .collect::<HashSet<_>>()
                .len()
                >= 2
        })
        .or_else(|| rows.iter().position(|r| r.iter().any(|c| !c.is_empty())))
        .unwrap_or(0);
    let mut seen = HashSet::new();
    let columns = rows
        .get(header_row)
        .map(|row| {
            row.iter()
                .map(|h| recognise_header(h).filter(|c| seen.insert(*c)))
                .collect()
        })
        .unwrap_or_default();
    Mapping {
        header_row,
        columns,
    }
}

/// Why a row cannot become a ticket. The cell's column is beside it in [`Refusal`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RowProblem {
    #[error("the cell is empty")]
    Missing,
    #[error("'{0}' is not a ticket number like TS20231027001")]
    BadNumber(String),
    #[error("'{0}' is not a date")]
    BadDate(String),
    #[error("the row has no date: neither a date column nor a ticket number gives one")]
    NoDate,
    #[error("'{0}' is not P1–P4")]
    BadPriority(String),
    #[error("'{0}' is not a category written 大类-小类")]
    BadCategory(String),
    #[error("'{0}' does not start with 已解决, 部分解决 or 未解决")]
    BadFeedback(String),
    #[error("'{0}' is not 已归档 or 待归档")]
    BadStatus(String),
    #[error("the row is marked solved but its feedback does not say 已解决")]
    SolvedWithoutResolution,
    #[error("number {0} is on an earlier row of the sheet")]
    DuplicateNumber(TicketNo),
}

/// A row left out, where and why: `row` counts from 1 as the spreadsheet shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub row: usize,
    pub column: Option<Column>,
    pub problem: RowProblem,
}

/// The sheet's rows as tickets: an export set the import's `preview` takes like a file, and the
/// rows it refused.
#[derive(Debug, Clone, PartialEq)]
pub struct Migration {
    pub export: Export,
    /// Rows that became tickets.
    pub tickets: usize,
    pub refused: Vec<Refusal>,
}

/// The file, the person importing and the team's policy a migration runs under.
pub struct Origin<'a> {
    /// The file's name, as the timeline shows where the facts came from.
    pub file: &'a str,
    pub by: &'a Person,
    pub at: DateTime<Utc>,
    /// The team's current policy: new tickets are pinned to it, and its zone is the team's day.
    pub policy: &'a SlaPolicy,
}

/// Every row below the header row as a ticket, or a refusal; empty rows are skipped.
pub fn migrate(rows: &[Vec<String>], mapping: &Mapping, origin: &Origin) -> Migration {
    let headers = rows.get(mapping.header_row).cloned().unwrap_or_default();
    let body: Vec<(usize, &Vec<String>)> = rows
        .iter()
        .enumerate()
        .skip(mapping.header_row + 1)
        .filter(|(_, row)| row.iter().any(|c| !c.trim().is_empty()))
        .collect();
    // Numbers the sheet gives are taken first, so a row without one is numbered around them.
    let mut used: Vec<TicketNo> = mapping
        .find(Column::Number)
        .map(|col| {
            body.iter()
                .filter_map(|(_, row)| row.get(col)?.trim().parse().ok())
                .collect()
        })
        .unwrap_or_default();
    let mut taken: HashSet<TicketNo> = HashSet::new();
    let mut events = Vec::new();
    let mut refused = Vec::new();
    let mut tickets = 0;
    for (index, row) in body {
        let cells = RowCells {
            row,
            mapping,
            number: index + 1,
        };
        match ticket_events(&cells, &headers, origin, &mut used, &mut taken) {
            Ok(mut row_events) => {
                tickets += 1;
                events.append(&mut row_events);
            }
            Err(refusal) => refused.push(refusal),
        }
    }
    Migration {
        export: Export {
            version: VERSION,
            meta: ExportMeta {
                exported_at: origin.at,
                exported_by: origin.by.clone(),
                settings: None,
            },
            events,
            articles: Vec::new(),
            attachments: Vec::new(),
            settings: Vec::new(),
        },
        tickets,
        refused,
    }
}

struct RowCells<'a> {
    row: &'a [String],
    mapping: &'a Mapping,
    /// From 1.
    number: usize,
}

impl RowCells<'_> {
    fn get(&self, column: Column) -> &str {
        self.mapping
            .find(column)
            .and_then(|col| self.row.get(col))
            .map_or("", |c| c.trim())
    }

    fn refuse(&self, column: Option<Column>, problem: RowProblem) -> Refusal {
        Refusal {
            row: self.number,
            column,
            problem,
        }
    }
}

fn ticket_events(
    cells: &RowCells,
    headers: &[String],
    origin: &Origin,
    used: &mut Vec<TicketNo>,
    taken: &mut HashSet<TicketNo>,
) -> Result<Vec<Event>, Refusal> {
    use Column as C;
    let refuse = |column, problem| cells.refuse(Some(column), problem);
    let zone = origin.policy.team_zone();

    let number = match cells.get(C::Number) {
        "" => None,
        text => Some(
            text.parse::<TicketNo>()
                .map_err(|_| refuse(C::Number, RowProblem::BadNumber(text.into())))?,
        ),
    };
    let (date, date_time) = match cells.get(C::Date) {
        "" => match number {
            Some(number) => (number.date(), None),
            None => return Err(refuse(C::Date, RowProblem::NoDate)),
        },
        text => {
            parse_date(text).ok_or_else(|| refuse(C::Date, RowProblem::BadDate(text.into())))?
        }
    };

    let submitter = submitter(cells);
    if submitter.name.is_empty() {
        let column = if cells.mapping.find(C::SubmitterName).is_some() {
            C::SubmitterName
        } else {
            C::Submitter
        };
        return Err(refuse(column, RowProblem::Missing));
    }
    let symptom = cells.get(C::Description);
    if symptom.is_empty() {
        return Err(refuse(C::Description, RowProblem::Missing));
    }
    let (requested, confirmed, reason) = match cells.get(C::Priority) {
        "" => return Err(refuse(C::Priority, RowProblem::Missing)),
        text => priority(text)
            .ok_or_else(|| refuse(C::Priority, RowProblem::BadPriority(text.into())))?,
    };
    let categories = list_items(cells.get(C::Category))
        .map(|c| {
            c.parse::<Category>()
                .map_err(|_| refuse(C::Category, RowProblem::BadCategory(c.into())))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let feedback = match cells.get(C::Feedback) {
        "" => None,
        text => Some(
            feedback(text)
                .ok_or_else(|| refuse(C::Feedback, RowProblem::BadFeedback(text.into())))?,
        ),
    };
    let status = status(cells.get(C::Status)).ok_or_else(|| {
        refuse(
            C::Status,
            RowProblem::BadStatus(cells.get(C::Status).into()),
        )
    })?;
    if status != Status::Open && !matches!(feedback, Some((Feedback::Resolved, _))) {
        return Err(refuse(C::Feedback, RowProblem::SolvedWithoutResolution));
    }

    let number = match number {
        Some(number) => {
            if !taken.insert(number) {
                return Err(refuse(C::Number, RowProblem::DuplicateNumber(number)));
            }
            number
        }
        None => {
            let number = TicketNo::next(date, used.iter());
            used.push(number);
            taken.insert(number);
            number
        }
    };

    // The row's times: the progress entries on the row's date, each not before the one before.
    // A local time a clock change skips reads as UTC rather than failing the row.
    let local = |day: NaiveDate, time: NaiveTime| -> DateTime<Utc> {
        let naive = NaiveDateTime::new(day, time);
        zone.from_local_datetime(&naive)
            .earliest()
            .unwrap_or_else(|| zone.from_utc_datetime(&naive))
            .with_timezone(&Utc)
    };
    let mut day = date;
    let mut last: Option<NaiveTime> = None;
    let progress: Vec<(Option<DateTime<Utc>>, String)> = progress_entries(cells.get(C::Progress))
        .into_iter()
        .map(|(time, text)| {
            let at = time.map(|time| {
                if last.is_some_and(|last| time < last) {
                    day = day.succ_opt().unwrap_or(day);
                }
                last = Some(time);
                local(day, time)
            });
            (at, text)
        })
        .collect();
    let opened = date_time
        .map(|t| local(date, t))
        .or_else(|| progress.first().and_then(|(at, _)| *at))
        .unwrap_or_else(|| local(date, NaiveTime::MIN));

    let first_line = person(cells.get(C::FirstLine));
    let actor = first_line.clone().unwrap_or_else(|| origin.by.clone());
    let digest = row_digest(cells);
    let ticket = TicketId(format!("sheet-{digest}"));
    let mut kinds: Vec<(DateTime<Utc>, Person, EventKind)> = Vec::new();
    kinds.push((
        opened,
        actor.clone(),
        EventKind::TicketCreated {
            number,
            intake: Intake {
                submitter,
                description: Description {
                    symptom: symptom.to_string(),
                    occurred: String::new(),
                    operation_path: String::new(),
                    error_text: String::new(),
                },
                channel: String::new(),
                requested_priority: requested,
            },
            sla_policy: Some(origin.policy.id()),
        },
    ));
    if let Some(handler) = first_line {
        kinds.push((opened, actor.clone(), EventKind::Assigned { handler }));
    }
    if !categories.is_empty() {
        kinds.push((opened, actor.clone(), EventKind::Classified { categories }));
    }
    kinds.push((
        opened,
        actor.clone(),
        EventKind::PriorityConfirmed {
            priority: confirmed,
            reason,
        },
    ));
    let supporters = supporters(cells.get(C::SecondLine));
    if !supporters.is_empty() {
        kinds.push((
            opened,
            actor.clone(),
            EventKind::Escalated {
                reason: String::new(),
                supporters,
            },
        ));
    }
    let mut at = opened;
    for (time, note) in progress {
        at = time.unwrap_or(at).max(at);
        kinds.push((at, actor.clone(), EventKind::ProgressUpdated { note }));
    }
    let solution = cells.get(C::Solution);
    if !solution.is_empty() {
        kinds.push((
            at,
            actor.clone(),
            EventKind::FixApplied {
                solution: solution.to_string(),
            },
        ));
    }
    if let Some((result, confirmation)) = feedback {
        kinds.push((
            at,
            actor.clone(),
            EventKind::FeedbackRecorded {
                result,
                confirmation,
                confirmed_by: ConfirmedBy::HandlerOnBehalf,
                // The sheet does not say where the requester was.
                taken: None,
            },
        ));
    }
    if status == Status::Archived {
        kinds.push((
            at,
            actor.clone(),
            EventKind::Archived {
                no_article_reason: None,
            },
        ));
    }

    // The marker goes right after the creation and covers every fact after it.
    let through = kinds.len() as u64 + 1;
    let marker = EventKind::MigratedFromSheet {
        file: origin.file.to_string(),
        row: cells.number as u64,
        through,
        cells: headers
            .iter()
            .zip(cells.row)
            .filter(|(_, value)| !value.trim().is_empty())
            .map(|(header, value)| (header.clone(), value.clone()))
            .collect(),
    };
    kinds.insert(1, (opened, origin.by.clone(), marker));
    Ok(kinds
        .into_iter()
        .enumerate()
        .map(|(i, (at, actor, kind))| Event {
            id: EventId(format!("sheet-{digest}-{}", i + 1)),
            ticket: ticket.clone(),
            seq: i as u64 + 1,
            actor,
            at,
            kind,
        })
        .collect())
}

/// The row's id: its row number and cells, so the same sheet gives the same ids.
fn row_digest(cells: &RowCells) -> String {
    let mut hash = Sha256::new();
    // As u64: the same ids natively and in wasm32, whose usize is narrower.
    hash.update((cells.number as u64).to_le_bytes());
    for cell in cells.row {
        hash.update(cell.as_bytes());
        hash.update([0]);
    }
    hash.finalize()[..12]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `2023-10-27`, `2023/10/27`, `2023-10-27 10:30`, `2023年10月27日`, or an Excel serial number.
fn parse_date(text: &str) -> Option<(NaiveDate, Option<NaiveTime>)> {
    let text = text.trim();
    if let Ok(serial) = text.parse::<f64>() {
        // Excel counts days from 1899-12-30 (its 1900 leap-year bug included).
        if (1.0..2_958_466.0).contains(&serial) {
            let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?;
            let day = epoch + Duration::days(serial.trunc() as i64);
            let seconds = ((serial.fract()) * 86_400.0).round() as u32;
            let time = (seconds > 0)
                .then(|| NaiveTime::from_num_seconds_from_midnight_opt(seconds.min(86_399), 0))
                .flatten();
            return Some((day, time));
        }
        return None;
    }
    let text = text
        .replace(['/', '.'], "-")
        .replace(['年', '月'], "-")
        .replace('日', "");
    let (day, time) = match text.split_once([' ', 'T']) {
        Some((day, time)) => (day.trim(), Some(time.trim())),
        None => (text.as_str(), None),
    };
    let day = NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()?;
    let time = match time {
        Some(time) if !time.is_empty() => Some(
            NaiveTime::parse_from_str(time, "%H:%M:%S")
                .or_else(|_| NaiveTime::parse_from_str(time, "%H:%M"))
                .ok()?,
        ),
        _ => None,
    };
    Some((day, time))
}

/// `张三/TS001-研发部-13800000000` as the template writes it, with separate columns filling in
/// (and overriding) its parts.
fn submitter(cells: &RowCells) -> Submitter {
    let composite = cells.get(Column::Submitter);
    let (name, rest) = composite.split_once(['/', '／']).unwrap_or((composite, ""));
    let mut parts: Vec<&str> = rest.split('-').map(str::trim).collect();
    let employee_id = if parts.is_empty() {
        ""
    } else {
        parts.remove(0)
    };
    let contact = if parts.len() >= 2 {
        parts.pop().unwrap_or("")
    } else {
        ""
    };
    let department = parts.join("-");
    let pick = |column: Column, from_composite: &str| {
        let own = cells.get(column);
        if own.is_empty() {
            from_composite.trim().to_string()
        } else {
            own.to_string()
        }
    };
    Submitter {
        name: pick(Column::SubmitterName, name),
        employee_id: pick(Column::EmployeeId, employee_id),
        contact: pick(Column::Contact, contact),
        department: pick(Column::Department, &department),
    }
}

/// `李四/TS100` or `李四`.
fn person(text: &str) -> Option<Person> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let (name, id) = text.split_once(['/', '／']).unwrap_or((text, ""));
    Some(Person {
        name: name.trim().to_string(),
        employee_id: id.trim().to_string(),
    })
}

/// `王五/TS200(开发工程师), 赵六(系统运维)`; a role alone, `(开发工程师)`, names nobody.
fn supporters(text: &str) -> Vec<Supporter> {
    list_items(text)
        .filter_map(|item| {
            let (who, role) = match item.find(['(', '（']) {
                Some(open) => (
                    &item[..open],
                    item[open..].trim_matches(|c| matches!(c, '(' | '（' | ')' | '）')),
                ),
                None => (item, ""),
            };
            Some(Supporter {
                person: person(who)?,
                role: role.trim().to_string(),
            })
        })
        .collect()
}

/// `P1(影响全部门登录)` → P1 requested and confirmed, the reason in brackets; `P2调整为P1,因…`
/// → P2 requested, P1 confirmed, the whole text the reason. Any `P` code outside 1–4 refuses.
fn priority(text: &str) -> Option<(Priority, Priority, Option<String>)> {
    let upper = text.to_uppercase();
    let chars: Vec<char> = upper.chars().collect();
    let mut codes = Vec::new();
    for (i, c) in chars.iter().enumerate() {
        if *c == 'P' {
            if let Some(digit) = chars.get(i + 1).and_then(|d| d.to_digit(10)) {
                if chars.get(i + 2).is_some_and(|d| d.is_ascii_digit()) {
                    return None;
                }
                codes.push(match digit {
                    1 => Priority::P1,
                    2 => Priority::P2,
                    3 => Priority::P3,
                    4 => Priority::P4,
                    _ => return None,
                });
            }
        }
    }
    let requested = *codes.first()?;
    let confirmed = *codes.last()?;
    if chars.first().is_none_or(|c| *c != 'P') {
        return None;
    }
    let rest = text.trim()[2..].trim();
    let reason = if codes.len() > 1 {
        Some(text.trim().to_string())
    } else {
        let inner = rest.trim_matches(|c| matches!(c, '(' | '（' | ')' | '）' | ' '));
        (!inner.is_empty()).then(|| inner.to_string())
    };
    Some((requested, confirmed, reason))
}

/// `已解决,确认可正常登录` → 已解决 and what the user confirmed.
fn feedback(text: &str) -> Option<(Feedback, String)> {
    let text = text.trim();
    let (result, rest) = [
        ("部分解决", Feedback::PartlyResolved),
        ("未解决", Feedback::NotResolved),
        ("已解决", Feedback::Resolved),
        ("解决", Feedback::Resolved),
    ]
    .into_iter()
    .find_map(|(word, result)| text.strip_prefix(word).map(|rest| (result, rest)))?;
    let rest = rest.trim_start_matches(|c: char| {
        matches!(c, ',' | '，' | ':' | '：' | '、' | ';' | '；') || c.is_whitespace()
    });
    Some((result, rest.to_string()))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Open,
    /// 待归档: solved, knowledge base not updated (R5.4).
    Pending,
    /// 已归档.
    Archived,
}

fn status(text: &str) -> Option<Status> {
    Some(match text.trim() {
        "" | "处理中" | "进行中" | "未归档" | "未完成" | "待处理" => Status::Open,
        "待归档" | "已解决" | "已完成" | "已关闭" | "关闭" => Status::Pending,
        "已归档" | "归档" => Status::Archived,
        _ => return None,
    })
}

/// `10:30接收工单,11:00联系用户补充信息` → timed entries; an entry without a time has none.
fn progress_entries(text: &str) -> Vec<(Option<NaiveTime>, String)> {
    text.split([',', '，', ';', '；', '、', '\n', '\r'])
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .map(|entry| {
            let normal = entry.replace('：', ":");
            let digits: String = normal
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == ':')
                .collect();
            match NaiveTime::parse_from_str(&digits, "%H:%M") {
                Ok(time) if digits.contains(':') => {
                    let note = normal[digits.len()..].trim().to_string();
                    (
                        Some(time),
                        if note.is_empty() {
                            entry.to_string()
                        } else {
                            note
                        },
                    )
                }
                _ => (None, entry.to_string()),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
