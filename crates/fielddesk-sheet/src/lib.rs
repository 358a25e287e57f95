//! Reads a team's tracking sheet into plain rows of text, for `fielddesk_core::migration`.
//!
//! Pure: bytes in, rows out, no file system, so it runs in the browser as it does natively.
//! Maintained parsers do the reading: `calamine` for .xlsx (as Excel and WPS save it), `csv`
//! for .csv, `encoding_rs` for its encoding (a BOM says it; else valid UTF-8 is UTF-8; else
//! GB18030, the superset of GBK that Excel on Chinese Windows writes).
//!
//! A merged cell's value is repeated in every cell it covers (a sheet that merges 提交人 over
//! several rows means each of them); a date cell reads `2023-10-27` or `2023-10-27 10:30`, its
//! Excel serial number turned into the date it shows; numbers read as they show
//! (`13800000000`, not `1.38e10`).

use std::io::Cursor;

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use chrono::{Datelike, Timelike};

/// One sheet: its name and its rows, top to bottom, each a list of cell texts ("" when empty).
/// Every row has the same number of cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Vec<String>>,
}

/// A workbook's sheets in their order; a CSV file is one sheet named after the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workbook {
    pub sheets: Vec<Sheet>,
}

/// Why a file could not be read as a sheet.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SheetError {
    #[error("only .xlsx and .csv files can be read as a sheet")]
    UnknownKind,
    #[error("the file is not a readable .xlsx workbook: {0}")]
    Xlsx(String),
    #[error("the file is not a readable CSV file: {0}")]
    Csv(String),
    #[error("the file holds no rows")]
    Empty,
}

/// The kinds of file `read` takes, by the file name's ending.
pub fn is_sheet_file(file_name: &str) -> bool {
    kind(file_name).is_some()
}

#[derive(Clone, Copy)]
enum Kind {
    Xlsx,
    Csv,
}

fn kind(file_name: &str) -> Option<Kind> {
    let lower = file_name.to_lowercase();
    if lower.ends_with(".xlsx") {
        Some(Kind::Xlsx)
    } else if lower.ends_with(".csv") {
        Some(Kind::Csv)
    } else {
        None
    }
}

/// Reads `.xlsx` or `.csv` bytes (by `file_name`'s ending) into its sheets.
pub fn read(bytes: &[u8], file_name: &str) -> Result<Workbook, SheetError> {
    let workbook = match kind(file_name).ok_or(SheetError::UnknownKind)? {
        Kind::Xlsx => read_xlsx(bytes)?,
        Kind::Csv => Workbook {
            sheets: vec![Sheet {
                name: file_name.to_string(),
                rows: read_csv(bytes)?,
            }],
        },
    };
    if workbook.sheets.iter().all(|s| s.rows.is_empty()) {
        return Err(SheetError::Empty);
    }
    Ok(workbook)
}

fn read_xlsx(bytes: &[u8]) -> Result<Workbook, SheetError> {
    let error = |e: calamine::XlsxError| SheetError::Xlsx(e.to_string());
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(error)?;
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).map_err(error)?;
        let merged = book.merge_cells_by_sheet_name(&name).map_err(error)?;
        let mut rows: Vec<Vec<String>> = Vec::new();
        if let (Some(start), Some(end)) = (range.start(), range.end()) {
            // Absolute sheet coordinates from row 0, column 0, so that a sheet whose first
            // cells are empty keeps its columns where the merge regions say they are.
            for row in 0..=end.0 {
                let cells = (0..=end.1)
                    .map(|col| {
                        if row < start.0 || col < start.1 {
                            return String::new();
                        }
                        let at = merged
                            .iter()
                            .find(|m| m.contains(row, col))
                            .map_or((row, col), |m| m.start);
                        range.get_value(at).map(text).unwrap_or_default()
                    })
                    .collect();
                rows.push(cells);
            }
        }
        sheets.push(Sheet {
            name,
            rows: trim(rows),
        });
    }
    Ok(Workbook { sheets })
}

/// A cell as it shows.
fn text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.trim().to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number(*f),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(date) => match date.as_datetime() {
            Some(at) if date.is_datetime() => {
                let day = format!("{:04}-{:02}-{:02}", at.year(), at.month(), at.day());
                if at.num_seconds_from_midnight() == 0 {
                    day
                } else {
                    format!("{day} {:02}:{:02}", at.hour(), at.minute())
                }
            }
            _ => number(date.as_f64()),
        },
    }
}

/// `13800000000.0` as `13800000000`, `3.5` as `3.5`.
fn number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}

fn read_csv(bytes: &[u8]) -> Result<Vec<Vec<String>>, SheetError> {
    let text = decode(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| SheetError::Csv(e.to_string()))?;
        rows.push(record.iter().map(|c| c.trim().to_string()).collect());
    }
    Ok(trim(rows))
}

/// A BOM names the encoding; else UTF-8 if the bytes are valid UTF-8; else GB18030 (GBK's
/// superset), which decodes any bytes, a stray one as U+FFFD.
fn decode(bytes: &[u8]) -> String {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return encoding
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => encoding_rs::GB18030
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

/// Drops empty rows at the end and empty columns on the right, and pads every row to one width.
fn trim(mut rows: Vec<Vec<String>>) -> Vec<Vec<String>> {
    while rows.last().is_some_and(|r| r.iter().all(|c| c.is_empty())) {
        rows.pop();
    }
    let width = rows
        .iter()
        .filter_map(|r| r.iter().rposition(|c| !c.is_empty()))
        .max()
        .map_or(0, |last| last + 1);
    for row in &mut rows {
        row.resize(width, String::new());
    }
    rows
}
