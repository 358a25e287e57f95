//! The ticket list as CSV for Excel and WPS: one row per ticket with the R6 tracking form's
//! headline fields. UTF-8 with a byte-order mark (without it Excel reads Chinese as GBK and
//! garbles it), CRLF line ends and RFC 4180 quoting.
//!
//! The headers and step names are the shell's (they follow the UI language); the time zone is
//! the shell's too (the core reads no clock or locale).

use chrono::FixedOffset;

use crate::ticket::Ticket;
use crate::workflow::Step;

/// The columns, in order: what each header names.
pub const CSV_COLUMNS: usize = 10;

/// How the shell names the columns and the steps, in the person's language.
pub struct CsvLabels<'a> {
    /// 编号, 提交人, 部门, 问题描述, 问题分类, 期望优先级, 确认优先级, 当前环节, 处理人, 创建时间.
    pub headers: [&'a str; CSV_COLUMNS],
    pub step: &'a dyn Fn(Step) -> String,
}

/// R6: the ticket list as CSV bytes, in the order given. Created times are written in `zone`
/// as `2023-10-27 10:30`. Cells that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`
/// first) are prefixed with `'`, so a ticket's text can never become a formula.
pub fn ticket_list_csv(tickets: &[Ticket], zone: FixedOffset, labels: &CsvLabels) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    push_row(&mut out, labels.headers.iter().map(|h| h.to_string()));
    for ticket in tickets {
        let submitter = &ticket.intake.submitter;
        let handlers: Vec<&str> = ticket
            .first_line
            .iter()
            .chain(ticket.second_line.iter().map(|s| &s.person))
            .map(|p| p.name.as_str())
            .collect();
        let row = [
            ticket.number.to_string(),
            submitter.name.clone(),
            submitter.department.clone(),
            ticket.intake.description.symptom.clone(),
            ticket
                .categories
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; "),
            ticket.requested_priority().to_string(),
            ticket
                .priority_review
                .as_ref()
                .map(|r| r.priority.to_string())
                .unwrap_or_default(),
            (labels.step)(ticket.step),
            handlers.join("; "),
            ticket
                .created_at
                .with_timezone(&zone)
                .format("%Y-%m-%d %H:%M")
                .to_string(),
        ];
        push_row(&mut out, row.into_iter());
    }
    out.into_bytes()
}

fn push_row(out: &mut String, cells: impl Iterator<Item = String>) {
    for (i, cell) in cells.enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_cell(out, &cell);
    }
    out.push_str("\r\n");
}

fn push_cell(out: &mut String, cell: &str) {
    let formula = cell.starts_with(['=', '+', '-', '@']);
    let quote = formula || cell.contains([',', '"', '\r', '\n']);
    if quote {
        out.push('"');
    }
    if formula {
        out.push('\'');
    }
    out.push_str(&cell.replace('"', "\"\""));
    if quote {
        out.push('"');
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::event::{EventId, TicketId};
    use crate::example::zhang_san_form;
    use crate::model::{default_channels, Person};
    use crate::sla::SlaPolicy;
    use crate::ticket::{open_ticket, Stamp};

    fn labels() -> CsvLabels<'static> {
        CsvLabels {
            headers: [
                "编号",
                "提交人",
                "部门",
                "问题描述",
                "问题分类",
                "期望优先级",
                "确认优先级",
                "当前环节",
                "处理人",
                "创建时间",
            ],
            step: &|step| format!("{step:?}"),
        }
    }

    fn zhang_san_ticket(symptom: &str) -> Ticket {
        let mut form = zhang_san_form();
        form.description.symptom = symptom.into();
        let event = open_ticket(
            &form,
            &default_channels(),
            TicketId("t1".into()),
            Stamp {
                event_id: EventId("e1".into()),
                actor: Person {
                    name: "李四".into(),
                    employee_id: "TS100".into(),
                },
                // 02:30 UTC is 10:30 in Beijing (UTC+8).
                at: Utc.with_ymd_and_hms(2023, 10, 27, 2, 30, 0).unwrap(),
            },
            &[],
            &SlaPolicy::default(),
        )
        .unwrap();
        Ticket::fold([&event]).unwrap()
    }

    #[test]
    fn the_template_ticket_is_one_row_with_a_bom_and_chinese_intact() {
        let ticket = zhang_san_ticket("10:00登录OA系统时提示'验证码错误',已尝试3次均失败");
        let beijing = FixedOffset::east_opt(8 * 3600).unwrap();
        let bytes = ticket_list_csv(&[ticket], beijing, &labels());
        assert_eq!(&bytes[..3], b"\xEF\xBB\xBF");
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        assert_eq!(
            text,
            "编号,提交人,部门,问题描述,问题分类,期望优先级,确认优先级,当前环节,处理人,创建时间\r\n\
             TS20231027001,张三,研发部,\"10:00登录OA系统时提示'验证码错误',已尝试3次均失败\",,P2,,Intake,,2023-10-27 10:30\r\n"
        );
    }

    #[test]
    fn quotes_and_line_breaks_are_quoted_and_formulas_are_defused() {
        let beijing = FixedOffset::east_opt(8 * 3600).unwrap();
        let text = String::from_utf8(ticket_list_csv(
            &[zhang_san_ticket("=HYPERLINK(\"x\")\n第二行")],
            beijing,
            &labels(),
        ))
        .unwrap();
        assert!(
            text.contains(",\"'=HYPERLINK(\"\"x\"\")\n第二行\","),
            "{text}"
        );
    }
}
