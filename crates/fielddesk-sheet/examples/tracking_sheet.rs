//! Writes a team's tracking sheet as Excel would, for the browser test and for trying the import
//! by hand: `cargo run -p fielddesk-sheet --example tracking_sheet -- OUT.xlsx [ROWS]`.
//!
//! A title row merged across the columns, the R6 headers, then ROWS problems (default 2 000) over
//! 2023 (the description under a header the import does not know, 报修内容), each dated with an Excel serial date: 80 % 已归档, the rest still open; problems 16 and 17
//! (sheet rows 18 and 19) are refused on import (P5, no description); an empty row after every
//! hundredth; a second sheet of notes.

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};

const HEADERS: [&str; 13] = [
    "问题编号",
    "日期",
    "提交人信息",
    // Not a header Fielddesk knows: the person maps it by hand.
    "报修内容",
    "问题分类",
    "优先级",
    "一线处理人",
    "二线支持人员",
    "处理进度记录",
    "解决方案",
    "用户反馈",
    "归档状态",
    "知识库",
];

const PROBLEMS: [(&str, &str, &str); 5] = [
    (
        "系统故障-登录异常",
        "登录OA系统时提示'验证码错误',已尝试3次均失败",
        "清理浏览器缓存,重启Tomcat服务,验证码恢复正常",
    ),
    (
        "网络异常-无法访问",
        "会议室无线网络无法访问内网",
        "重启无线控制器,恢复访问",
    ),
    (
        "硬件故障-打印机",
        "三楼打印机卡纸后无法打印",
        "更换搓纸轮,打印正常",
    ),
    (
        "操作咨询-流程审批",
        "报销审批流程找不到提交按钮",
        "发送操作指引,用户完成提交",
    ),
    (
        "权限配置-账号权限",
        "新员工没有财务系统的查询权限",
        "按审批单开通查询权限",
    ),
];

/// 2023's month and day of the `day`-th day from 1 January (0-based).
fn date_of(mut day: u32) -> (u16, u8, u8) {
    const DAYS: [u32; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    for (month, days) in DAYS.iter().enumerate() {
        if day < *days {
            return (2023, month as u8 + 1, day as u8 + 1);
        }
        day -= days;
    }
    (2023, 12, 31)
}

fn main() -> Result<(), XlsxError> {
    let mut args = std::env::args().skip(1);
    let out = args.next().unwrap_or_else(|| "tracking-sheet.xlsx".into());
    let count: u32 = args.next().and_then(|n| n.parse().ok()).unwrap_or(2000);

    let mut book = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let sheet = book.add_worksheet();
    sheet.set_name("2023年问题跟踪")?;
    sheet.merge_range(
        0,
        0,
        0,
        HEADERS.len() as u16 - 1,
        "技术支持部 流程跟踪记录表单 2023",
        &Format::new(),
    )?;
    for (col, header) in HEADERS.iter().enumerate() {
        sheet.write_string(1, col as u16, *header)?;
    }
    let mut row = 2u32;
    let mut serial_of_day = std::collections::HashMap::new();
    for i in 0..count {
        // Spread over 2023: day of year from the index.
        let (year, month, dom) = date_of(i * 365 / count.max(1));
        let day = ExcelDateTime::from_ymd(year, month, dom)?;
        let serial = serial_of_day.entry((month, dom)).or_insert(0u32);
        *serial += 1;
        let number = format!("TS{year}{month:02}{dom:02}{:03}", *serial);
        let (category, symptom, solution) = PROBLEMS[(i % 5) as usize];
        let archived = i % 5 != 4;
        let mut description = format!("{symptom}（第{}例）", i + 1);
        if i == 0 {
            description = "财务系统导出季度报表时提示'内存不足'".into();
        }
        let priority = match i {
            15 => "P5".to_string(),
            _ if i % 7 == 0 => "P1(影响全部门登录)".to_string(),
            _ => format!("P{}", 2 + i % 3),
        };
        let cells = [
            number,
            String::new(),
            format!("员工{i}/TS{:03}-研发部-138{:08}", i % 1000, i),
            if i == 16 { String::new() } else { description },
            category.to_string(),
            priority,
            "李四/TS100".to_string(),
            if i % 3 == 0 {
                "王五/TS200(开发工程师)".to_string()
            } else {
                String::new()
            },
            "10:30接收工单,11:00联系用户补充信息,14:00定位问题".to_string(),
            if archived {
                solution.to_string()
            } else {
                String::new()
            },
            if archived {
                "已解决,确认可正常使用".to_string()
            } else {
                String::new()
            },
            if archived {
                "已归档".to_string()
            } else {
                "处理中".to_string()
            },
            String::new(),
        ];
        for (col, cell) in cells.iter().enumerate() {
            if col == 1 {
                sheet.write_datetime_with_format(row, 1, &day, &date)?;
            } else if !cell.is_empty() {
                sheet.write_string(row, col as u16, cell)?;
            }
        }
        row += 1;
        if i % 100 == 99 {
            row += 1;
        }
    }
    let notes = book.add_worksheet();
    notes.set_name("填写说明")?;
    notes.write_string(0, 0, "优先级填写 P1–P4,括号内写调整原因")?;
    book.save(&out)?;
    println!("{out}: {count} rows");
    Ok(())
}
