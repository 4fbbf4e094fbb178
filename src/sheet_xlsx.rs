//! The statistics sheet as an Excel file (.xlsx), built on the phone with
//! rust_xlsxwriter in the `sheet_export` module fetched on first use: the
//! unit's name and the title above, the seed sheet's merged group headers,
//! one row per unit with its subtotals, the total; numbers as numbers with
//! Excel's formats, equal to the screen's.

use crate::error::AppError;
use crate::files;
use crate::lazy::{run_entry, split_entry, Entry};
use domain::movement::columns::{period_columns, PeriodColumn};
use domain::movement::sheet::{PeriodFigures, PeriodSheet};
use domain::reporting::lists::{tables, Cell};
use domain::reporting::rollup::{Sheet, Totals};
use domain::reporting::sheet_columns::columns;
use domain::EventState;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};
use std::sync::Arc;

const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Hands over a workbook built (share sheet or download), or why it could
/// not be built.
pub async fn offer_xlsx(
    name: &str,
    bytes: Result<Vec<u8>, XlsxError>,
) -> Result<files::Handed, AppError> {
    let bytes = bytes.map_err(|e| AppError::Browser(format!("xlsx: {e}")))?;
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes.as_slice()));
    files::offer(name, XLSX_TYPE, &parts).await
}

/// Builds the sheet's .xlsx and hands it over (share sheet or download).
pub async fn export_xlsx(sheet: Arc<Sheet>) -> Result<files::Handed, AppError> {
    run_entry!(xlsx_export(sheet))
}

split_entry!(
    sheet_export,
    fn xlsx_export(sheet: Arc<Sheet>) -> Entry<files::Handed> {
        Ok(Box::pin(async move {
            let name = format!("tong-hop-{}.xlsx", sheet.unit.code);
            offer_xlsx(&name, xlsx_bytes(&sheet)).await
        }))
    }
);

/// Builds the movement's period sheet as .xlsx and hands it over.
pub async fn export_period_xlsx(sheet: Arc<PeriodSheet>) -> Result<files::Handed, AppError> {
    run_entry!(period_xlsx_export(sheet))
}

split_entry!(
    sheet_export,
    fn period_xlsx_export(sheet: Arc<PeriodSheet>) -> Entry<files::Handed> {
        Ok(Box::pin(async move {
            let name = format!(
                "phong-trao-{}-{}-{}.xlsx",
                sheet.unit.code,
                sheet.period.from(),
                sheet.period.to()
            );
            offer_xlsx(&name, period_xlsx_bytes(&sheet)).await
        }))
    }
);

/// Builds an event's lists as .xlsx (one sheet each) and hands it over.
pub async fn export_lists(state: EventState, name: String) -> Result<files::Handed, AppError> {
    run_entry!(lists_export(state, name))
}

split_entry!(
    sheet_export,
    fn lists_export(state: EventState, name: String) -> Entry<files::Handed> {
        Ok(Box::pin(async move {
            offer_xlsx(&name, lists_bytes(&state)).await
        }))
    }
);

/// An event's lists (invitees, outreach, awards, opinions) as .xlsx bytes.
pub fn lists_bytes(state: &EventState) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let head = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_text_wrap();
    let text = Format::new().set_border(FormatBorder::Thin).set_text_wrap();
    let whole = Format::new()
        .set_border(FormatBorder::Thin)
        .set_num_format("#,##0");
    let kg = Format::new()
        .set_border(FormatBorder::Thin)
        .set_num_format("#,##0.000");
    for table in tables(state, crate::time::utc_offset_minutes()) {
        let ws = book.add_worksheet();
        ws.set_name(table.name)?;
        for (c, h) in table.head.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &head)?;
            ws.set_column_width(c as u16, 22)?;
        }
        for (r, row) in table.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32 + 1, c as u16);
                match cell {
                    Cell::Text(t) => ws.write_string_with_format(r, c, t, &text)?,
                    Cell::Number(v, 0) => ws.write_number_with_format(r, c, *v as f64, &whole)?,
                    Cell::Number(v, d) => {
                        ws.write_number_with_format(r, c, *v as f64 / 10f64.powi(*d as i32), &kg)?
                    }
                };
            }
        }
        ws.set_freeze_panes(1, 0)?;
    }
    book.save_to_buffer()
}

/// A row's cells of both sheets: its name, whole numbers, kilograms;
/// bold for a total.
fn row_formats(strong: bool) -> [Format; 3] {
    [
        Format::new(),
        Format::new().set_num_format("#,##0"),
        Format::new().set_num_format("#,##0.000"),
    ]
    .map(|f| {
        let f = f.set_border(FormatBorder::Thin);
        if strong {
            f.set_bold()
        } else {
            f
        }
    })
}

/// A header cell of both sheets: bold, boxed, centred, wrapped.
fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap()
}

/// The sheet as .xlsx bytes.
pub fn xlsx_bytes(sheet: &Sheet) -> Result<Vec<u8>, XlsxError> {
    let cols = columns();
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("Tổng hợp")?;
    let (bold, head) = (Format::new().set_bold(), header_format());
    let last = cols.len() as u16;
    ws.write_string_with_format(0, 0, sheet.unit.name.to_uppercase(), &bold)?;
    ws.merge_range(
        1,
        0,
        1,
        last,
        "KẾT QUẢ TỔ CHỨC NGÀY HỘI TOÀN DÂN BẢO VỆ AN NINH TỔ QUỐC",
        &head,
    )?;
    // Two header rows: "Đơn vị" down both, each group merged across its run.
    ws.merge_range(3, 0, 4, 0, "Đơn vị", &head)?;
    let mut start = 0usize;
    while start < cols.len() {
        let group = cols[start].group;
        let end = start
            + cols[start..]
                .iter()
                .take_while(|c| c.group == group)
                .count()
            - 1;
        let (c1, c2) = (start as u16 + 1, end as u16 + 1);
        if c1 == c2 {
            ws.write_string_with_format(3, c1, group, &head)?;
        } else {
            ws.merge_range(3, c1, 3, c2, group, &head)?;
        }
        start = end + 1;
    }
    for (i, c) in cols.iter().enumerate() {
        ws.write_string_with_format(4, i as u16 + 1, &c.header, &head)?;
    }
    ws.set_row_height(4, 45)?;
    ws.set_column_width(0, 34)?;
    for i in 1..=last {
        ws.set_column_width(i, 11)?;
    }
    let mut row = 5u32;
    for r in sheet.reporting_rows() {
        let indent = "    ".repeat(r.depth as usize - 1);
        let name = format!("{indent}{}", r.unit.name);
        write_row(ws, row, &name, &r.totals, r.subtotal)?;
        row += 1;
    }
    if sheet.own.events() > 0 {
        let name = format!("{} (tự tổ chức)", sheet.unit.name);
        write_row(ws, row, &name, &sheet.own, false)?;
        row += 1;
    }
    write_row(ws, row, "Tổng cộng", &sheet.total, true)?;
    ws.set_freeze_panes(5, 1)?;
    book.save_to_buffer()
}

/// A row: the unit's name, then each column's number in its format.
fn write_row(
    ws: &mut Worksheet,
    row: u32,
    name: &str,
    t: &Totals,
    strong: bool,
) -> Result<(), XlsxError> {
    let [text, whole, kg] = row_formats(strong);
    ws.write_string_with_format(row, 0, name, &text)?;
    for (i, c) in columns().iter().enumerate() {
        let value = c.value(t) as f64 / 10f64.powi(c.decimals as i32);
        let format = if c.decimals == 0 { &whole } else { &kg };
        ws.write_number_with_format(row, i as u16 + 1, value, format)?;
    }
    Ok(())
}

/// Merges the cells of header row `row` over each run of columns that
/// `key` gives the same text (the first column is the unit's).
fn merge_runs(
    ws: &mut Worksheet,
    row: u32,
    cols: &[PeriodColumn],
    key: impl Fn(&PeriodColumn) -> (String, String),
    head: &Format,
) -> Result<(), XlsxError> {
    let mut start = 0usize;
    while start < cols.len() {
        let k = key(&cols[start]);
        let len = cols[start..].iter().take_while(|c| key(c) == k).count();
        let (c1, c2) = (start as u16 + 1, (start + len) as u16);
        if c1 == c2 {
            ws.write_string_with_format(row, c1, &k.1, head)?;
        } else {
            ws.merge_range(row, c1, row, c2, &k.1, head)?;
        }
        start += len;
    }
    Ok(())
}

/// The movement's period sheet as .xlsx bytes: seed 004's two tables, a
/// column group per year then the period's ("Cả giai đoạn …"), the groups
/// merged as in the seed, one row per unit, its own figures, the total;
/// numbers as numbers.
pub fn period_xlsx_bytes(sheet: &PeriodSheet) -> Result<Vec<u8>, XlsxError> {
    let cols = period_columns(sheet);
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("Phong trào")?;
    let (bold, head) = (Format::new().set_bold(), header_format());
    let last = cols.len() as u16;
    ws.write_string_with_format(0, 0, sheet.unit.name.to_uppercase(), &bold)?;
    ws.merge_range(
        1,
        0,
        1,
        last,
        &format!(
            "SỐ LIỆU CƠ BẢN PHONG TRÀO TOÀN DÂN BẢO VỆ AN NINH TỔ QUỐC, {}",
            sheet.period.label_vi().to_uppercase()
        ),
        &head,
    )?;
    // Four header rows: the year (or the period), the group, the row
    // between, the figure's own; "Đơn vị" down all four.
    ws.merge_range(3, 0, 6, 0, "Đơn vị", &head)?;
    merge_runs(ws, 3, &cols, |c| (c.span.clone(), c.span.clone()), &head)?;
    merge_runs(
        ws,
        4,
        &cols,
        |c| (format!("{}|{}", c.span, c.group), c.group.to_string()),
        &head,
    )?;
    merge_runs(
        ws,
        5,
        &cols,
        |c| {
            (
                format!("{}|{}|{}", c.span, c.group, c.subgroup),
                c.subgroup.to_string(),
            )
        },
        &head,
    )?;
    for (i, c) in cols.iter().enumerate() {
        ws.write_string_with_format(6, i as u16 + 1, c.header, &head)?;
    }
    ws.set_row_height(6, 60)?;
    ws.set_column_width(0, 34)?;
    for i in 1..=last {
        ws.set_column_width(i, 11)?;
    }
    let mut row = 7u32;
    for r in sheet.reporting_rows() {
        let indent = "    ".repeat(r.depth as usize - 1);
        period_row(
            ws,
            row,
            &format!("{indent}{}", r.unit.name),
            &cols,
            &r.figures,
            r.subtotal,
        )?;
        row += 1;
    }
    if !sheet.own.is_empty() {
        let name = format!("{} (riêng đơn vị)", sheet.unit.name);
        period_row(ws, row, &name, &cols, &sheet.own, false)?;
        row += 1;
    }
    period_row(ws, row, "Tổng cộng", &cols, &sheet.total, true)?;
    ws.set_freeze_panes(7, 1)?;
    book.save_to_buffer()
}

/// A row of the period sheet: the unit's name, then each column's number.
fn period_row(
    ws: &mut Worksheet,
    row: u32,
    name: &str,
    cols: &[PeriodColumn],
    f: &PeriodFigures,
    strong: bool,
) -> Result<(), XlsxError> {
    let [text, whole, kg] = row_formats(strong);
    ws.write_string_with_format(row, 0, name, &text)?;
    for (i, c) in cols.iter().enumerate() {
        let value = c.value(f) as f64 / 10f64.powi(c.decimals as i32);
        let format = if c.decimals == 0 { &whole } else { &kg };
        ws.write_number_with_format(row, i as u16 + 1, value, format)?;
    }
    Ok(())
}
