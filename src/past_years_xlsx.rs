//! The years before the app in Excel (.xlsx): the template to fill, built
//! with rust_xlsxwriter in the `sheet_export` module (beside the other
//! Excel files, whose writer it shares), and a filled one read with
//! calamine in the `sheet_import` module; both fetched on first use, so
//! neither the first load nor the movement's screen carries them.

use crate::error::AppError;
use crate::files;
use crate::lazy::{call_entry, run_entry, split_entry, Entry};
use crate::sheet_xlsx::offer_xlsx;
use calamine::{Data, Reader, Xlsx};
use domain::movement::figures::Figure;
use domain::movement::import::{template_header, PastYear, SheetCell};
use domain::unit::Unit;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};
use std::collections::HashMap;

/// The rows of a sheet as the domain reads them: each with its line.
pub type SheetRows = Vec<(usize, Vec<SheetCell>)>;

/// Builds the template with `years` as .xlsx and hands it over.
pub async fn offer_template(
    years: Vec<PastYear>,
    units: Vec<Unit>,
) -> Result<files::Handed, AppError> {
    run_entry!(template_export(years, units))
}

split_entry!(
    sheet_export,
    fn template_export(years: Vec<PastYear>, units: Vec<Unit>) -> Entry<files::Handed> {
        Ok(Box::pin(async move {
            offer_xlsx(
                "mau-so-lieu-phong-trao.xlsx",
                template_bytes(&years, &units),
            )
            .await
        }))
    }
);

/// The cells of the first sheet of the workbook `bytes`.
pub async fn read_rows(bytes: Vec<u8>) -> Result<SheetRows, AppError> {
    call_entry!(sheet_rows(bytes))
}

split_entry!(
    sheet_import,
    fn sheet_rows(bytes: Vec<u8>) -> Result<SheetRows, AppError> {
        rows_of(&bytes)
    }
);

/// Whether a picked file is a workbook rather than CSV text: by its name,
/// or by the zip signature every .xlsx opens with (a file renamed, or sent
/// through Zalo under another name).
pub fn is_workbook(name: &str, bytes: &[u8]) -> bool {
    let name = name.to_lowercase();
    [".xlsx", ".xlsm", ".xls", ".ods"]
        .iter()
        .any(|ext| name.ends_with(ext))
        || bytes.starts_with(b"PK\x03\x04")
}

/// The template as .xlsx bytes: the same columns as the CSV template
/// ([`template_header`]), the header bold and frozen with the unit's code,
/// name and year; one row per year in `years`, figures as numbers.
pub fn template_bytes(years: &[PastYear], units: &[Unit]) -> Result<Vec<u8>, XlsxError> {
    let names: HashMap<&str, &str> = units
        .iter()
        .map(|u| (u.code.as_str(), u.name.as_str()))
        .collect();
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("Số liệu các năm")?;
    let head = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap();
    // The code column is text throughout, so that a code typed in a new
    // row keeps its leading zero ("05836", not 5836).
    let text = Format::new().set_num_format("@");
    let whole = Format::new().set_num_format("#,##0");
    let kg = Format::new().set_num_format("#,##0.000");
    for (c, h) in template_header().iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &head)?;
    }
    ws.set_row_height(0, 75)?;
    ws.set_column_width(0, 12)?;
    ws.set_column_format(0, &text)?;
    ws.set_column_width(1, 28)?;
    ws.set_column_width(2, 7)?;
    let figures: Vec<Figure> = Figure::entered().collect();
    for (i, f) in figures.iter().enumerate() {
        let c = i as u16 + 3;
        ws.set_column_width(c, 16)?;
        ws.set_column_format(c, if f.decimals() == 0 { &whole } else { &kg })?;
    }
    for (r, y) in years.iter().enumerate() {
        let r = r as u32 + 1;
        ws.write_string_with_format(r, 0, &y.unit, &text)?;
        ws.write_string(r, 1, *names.get(y.unit.as_str()).unwrap_or(&""))?;
        ws.write_number(r, 2, f64::from(y.year))?;
        for (i, f) in figures.iter().enumerate() {
            if let Some(v) = y.values.get(f) {
                let value = *v as f64 / 10f64.powi(f.decimals() as i32);
                ws.write_number(r, i as u16 + 3, value)?;
            }
        }
    }
    // The header, and the unit and year of the row being filled, stay in
    // view while the officer scrolls across thirty figures.
    ws.set_freeze_panes(1, 3)?;
    book.save_to_buffer()
}

/// The first sheet's cells, each row with its line as Excel numbers it
/// (from 1; the sheet may start below its first row); a file that is no
/// workbook (damaged, or another format under the name) is
/// [`AppError::FileUnreadable`].
pub fn rows_of(bytes: &[u8]) -> Result<SheetRows, AppError> {
    let unreadable = |e: calamine::XlsxError| AppError::FileUnreadable(format!("xlsx: {e}"));
    let mut book = Xlsx::new(std::io::Cursor::new(bytes)).map_err(unreadable)?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| AppError::FileUnreadable("xlsx: no sheet".into()))?
        .map_err(unreadable)?;
    let first = range.start().map_or(0, |(row, _)| row as usize);
    Ok(range
        .rows()
        .enumerate()
        .map(|(i, row)| (first + i + 1, row.iter().map(cell).collect()))
        .collect())
}

/// A cell as the domain reads it: numbers as numbers, whatever else as
/// text that the template's rules then judge.
fn cell(data: &Data) -> SheetCell {
    match data {
        Data::Int(n) => SheetCell::Number(*n as f64),
        Data::Float(x) => SheetCell::Number(*x),
        Data::String(s) => SheetCell::Text(s.clone()),
        Data::Empty => SheetCell::Text(String::new()),
        Data::Bool(b) => SheetCell::Text(if *b { "TRUE" } else { "FALSE" }.into()),
        Data::Error(e) => SheetCell::Text(e.to_string()),
        // Where the template has a code, a year or a count, a date is a
        // mistake: shown as such rather than as Excel's day number.
        Data::DateTime(_) | Data::DateTimeIso(_) | Data::DurationIso(_) => {
            SheetCell::Text("(ngày giờ)".into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::movement::import::parse_past_years;
    use domain::unit::UnitLevel;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    fn unit(code: &str, name: &str) -> Unit {
        Unit {
            code: code.into(),
            name: name.into(),
            level: UnitLevel::Xa,
            parent: None,
        }
    }

    #[wasm_bindgen_test]
    fn the_template_reads_back_as_the_years_it_holds() {
        let units = [unit("05950-01", "Thôn Một")];
        let years = vec![PastYear {
            unit: "05950-01".into(),
            year: 2021,
            values: [(Figure::Tips, 1_534), (Figure::Explosives, 1_534)]
                .into_iter()
                .collect(),
        }];
        let bytes = template_bytes(&years, &units).unwrap();
        assert!(is_workbook("mau.XLSX", &bytes) && is_workbook("mau.csv", &bytes));
        let rows = rows_of(&bytes).unwrap();
        assert_eq!(rows[0].0, 1);
        assert_eq!(rows[1].1[0], SheetCell::Text("05950-01".into()));
        assert_eq!(parse_past_years(&rows, &units), Ok(years));
    }

    #[wasm_bindgen_test]
    fn a_damaged_workbook_is_refused_with_its_message() {
        let e = rows_of(b"PK\x03\x04 not a workbook").unwrap_err();
        assert!(matches!(e, AppError::FileUnreadable(_)));
        assert!(!is_workbook("so-lieu.csv", b"Ma don vi,Nam"));
    }
}
