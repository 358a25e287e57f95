//! Sheets made by a real writer (rust_xlsxwriter, encoding_rs), read back as a person sees them.

use fielddesk_sheet::{read, SheetError};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

const HEADERS: [&str; 4] = ["问题编号", "日期", "提交人信息", "优先级"];

/// Two sheets: 2023 with a date column, a merged 提交人 over two rows and an empty row; 说明.
fn workbook() -> Vec<u8> {
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let sheet = book.add_worksheet();
    sheet.set_name("2023").unwrap();
    for (col, header) in HEADERS.iter().enumerate() {
        sheet.write_string(0, col as u16, *header).unwrap();
    }
    sheet.write_string(1, 0, "TS20231027001").unwrap();
    let day = ExcelDateTime::from_ymd(2023, 10, 27).unwrap();
    sheet.write_datetime_with_format(1, 1, &day, &date).unwrap();
    sheet
        .merge_range(1, 2, 2, 2, "张三/TS001-研发部-13800000000", &Format::new())
        .unwrap();
    sheet.write_string(1, 3, "P1(影响全部门登录)").unwrap();
    sheet.write_string(2, 0, "TS20231027002").unwrap();
    sheet.write_number(2, 1, 45226.0).unwrap();
    sheet.write_string(2, 3, "P3").unwrap();
    // Row 4 is empty; row 5 has a phone number typed as a number.
    sheet.write_number(4, 2, 13800000000.0).unwrap();
    let notes = book.add_worksheet();
    notes.set_name("说明").unwrap();
    notes.write_string(0, 0, "填写说明").unwrap();
    book.save_to_buffer().unwrap()
}

#[test]
fn an_xlsx_reads_every_sheet_with_merged_cells_repeated_and_dates_as_dates() {
    let book = read(&workbook(), "跟踪表.xlsx").unwrap();
    let names: Vec<&str> = book.sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["2023", "说明"]);
    let rows = &book.sheets[0].rows;
    assert_eq!(rows[0], HEADERS);
    // 2023-10-27 is serial 45226 (days since 1899-12-30).
    assert_eq!(
        rows[1],
        [
            "TS20231027001",
            "2023-10-27",
            "张三/TS001-研发部-13800000000",
            "P1(影响全部门登录)"
        ]
    );
    // The merge covers row 3's 提交人 too; a bare number stays a number.
    assert_eq!(
        rows[2],
        [
            "TS20231027002",
            "45226",
            "张三/TS001-研发部-13800000000",
            "P3"
        ]
    );
    assert_eq!(
        rows[3],
        ["", "", "", ""],
        "the empty row stays, so row numbers match the sheet"
    );
    assert_eq!(rows[4], ["", "", "13800000000", ""]);
    assert_eq!(book.sheets[1].rows, [["填写说明"]]);
}

#[test]
fn a_gbk_csv_as_excel_on_chinese_windows_writes_it_reads_as_chinese() {
    let text = "问题编号,提交人信息,问题描述\r\nTS20231027001,张三/TS001-研发部-13800000000,\"登录提示'验证码错误',已尝试3次\"\r\n";
    let (gbk, _, lossy) = encoding_rs::GBK.encode(text);
    assert!(!lossy);
    assert!(
        std::str::from_utf8(&gbk).is_err(),
        "the test file is really not UTF-8"
    );
    let book = read(&gbk, "跟踪表.csv").unwrap();
    assert_eq!(book.sheets[0].name, "跟踪表.csv");
    assert_eq!(
        book.sheets[0].rows[0],
        ["问题编号", "提交人信息", "问题描述"]
    );
    assert_eq!(book.sheets[0].rows[1][2], "登录提示'验证码错误',已尝试3次");
}

#[test]
fn a_utf8_csv_reads_with_or_without_its_bom() {
    let text = "问题编号,优先级\nTS20231027001,P2\n\n";
    let with_bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
    for bytes in [text.as_bytes().to_vec(), with_bom] {
        let book = read(&bytes, "a.CSV").unwrap();
        assert_eq!(
            book.sheets[0].rows,
            [["问题编号", "优先级"], ["TS20231027001", "P2"]]
        );
    }
}

#[test]
fn what_is_no_sheet_says_so() {
    assert_eq!(read(b"{}", "export.json"), Err(SheetError::UnknownKind));
    assert!(matches!(
        read(b"not a zip", "a.xlsx"),
        Err(SheetError::Xlsx(_))
    ));
    assert_eq!(read(b"\n\n", "a.csv"), Err(SheetError::Empty));
}
