//! The years before the app: a unit's (or its units below') past figures
//! read from a file in the template's shape ([`template_header`]), as CSV
//! ([`parse_past_years_csv`]) or as the rows the app reads from an Excel
//! file ([`parse_past_years`], each cell a [`SheetCell`]). All or nothing: every line the rule book
//! or the tree refuses is reported with its number, and then nothing is
//! imported. [`crate::EventState::import_past`] saves what was read.

use crate::movement::figures::Figure;
use crate::rules::movement as rules;
use crate::text::markup::{csv_document, csv_number};
use crate::text::search::fold;
use crate::unit::Unit;
use std::collections::{BTreeMap, HashMap};

/// One unit's year read from the file.
pub type PastYear = crate::kinds::movement::YearEntry;

/// The header of the unit's code.
pub const UNIT_CODE: &str = "Mã đơn vị";
/// The header of the unit's name (read by people; the code decides).
pub const UNIT_NAME: &str = "Tên đơn vị";
/// The header of the year.
pub const YEAR: &str = "Năm";

/// A line of the file that cannot be imported, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    /// Its line in the file (from 1), as a spreadsheet shows it.
    pub line: usize,
    /// What is wrong, in Vietnamese.
    pub message: String,
}

/// A cell as the file keeps it. A spreadsheet keeps every number as a
/// float (12 comes as 12.0): read as text, 1.534 would pass for one
/// thousand five hundred thirty-four, as a thousands separator.
#[derive(Debug, Clone, PartialEq)]
pub enum SheetCell {
    /// Text (all of a CSV file; an empty cell is empty text).
    Text(String),
    /// A number.
    Number(f64),
}

impl SheetCell {
    /// The cell as the officer reads it: text trimmed (Excel writes
    /// thousands with a no-break space in some locales), a number as
    /// Vietnamese write it ("12", "12,5", "-3").
    fn text(&self) -> String {
        match self {
            SheetCell::Text(t) => t.replace(['\u{a0}', '\u{202f}'], " ").trim().to_string(),
            SheetCell::Number(x) => match whole(*x) {
                Some(n) => n.to_string(),
                None => x.to_string().replace('.', ","),
            },
        }
    }

    fn is_blank(&self) -> bool {
        matches!(self, SheetCell::Text(t) if t.trim().is_empty())
    }
}

/// `x` if it is a whole number (within a float's rounding).
fn whole(x: f64) -> Option<i64> {
    scaled(x.abs(), 0).map(|n| if x < 0.0 { -(n as i64) } else { n as i64 })
}

/// A non-negative `x` with up to `decimals` decimal places, as an integer
/// scaled by 10^decimals (how [`crate::text::parse_decimal`] reads text).
/// The tolerance only absorbs the float's own rounding: 1.534 kg is
/// 1533.9999999999998 g.
fn scaled(x: f64, decimals: u32) -> Option<u64> {
    let s = x * 10f64.powi(decimals as i32);
    let near = (s - s.round()).abs() <= 1e-9 * s.abs().max(1.0);
    // 2^53: beyond it a float no longer holds every whole number.
    (x >= 0.0 && near && s < 9_007_199_254_740_992.0).then(|| s.round() as u64)
}

/// The template's header row: the unit's code and name, the year, then
/// every figure the unit types, by its full title.
pub fn template_header() -> Vec<String> {
    [UNIT_CODE, UNIT_NAME, YEAR]
        .into_iter()
        .map(String::from)
        .chain(Figure::entered().map(Figure::title_vi))
        .collect()
}

/// The template as CSV, holding `years` (none for a blank template), each
/// unit named from `units`.
pub fn past_years_csv(years: &[PastYear], units: &[Unit]) -> String {
    let names: HashMap<&str, &str> = units
        .iter()
        .map(|u| (u.code.as_str(), u.name.as_str()))
        .collect();
    let mut rows = vec![template_header()];
    for y in years {
        let mut row = vec![
            y.unit.clone(),
            names.get(y.unit.as_str()).unwrap_or(&"").to_string(),
            y.year.to_string(),
        ];
        row.extend(Figure::entered().map(|f| {
            y.values
                .get(&f)
                .map_or(String::new(), |v| csv_number(*v, f.decimals()))
        }));
        rows.push(row);
    }
    csv_document(&rows)
}

/// Reads the template saved as CSV (a byte-order mark or not, CRLF,
/// comma or semicolon).
pub fn parse_past_years_csv(
    text: &str,
    units_in_reach: &[Unit],
) -> Result<Vec<PastYear>, Vec<LineError>> {
    let mut rows = Vec::new();
    let mut bad = Vec::new();
    for (line, cells) in crate::text::csv::rows(text) {
        match cells {
            Some(cells) => rows.push((line, cells.into_iter().map(SheetCell::Text).collect())),
            None => bad.push(LineError {
                line,
                message: "Dòng này không đọc được (sai định dạng CSV).".into(),
            }),
        }
    }
    match parse_past_years(&rows, units_in_reach) {
        Err(mut more) if !bad.is_empty() => {
            bad.append(&mut more);
            bad.sort_by_key(|e| e.line);
            Err(bad)
        }
        _ if !bad.is_empty() => Err(bad),
        read => read,
    }
}

/// What a column of the file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Code,
    Name,
    Year,
    Value(Figure),
}

/// Reads the template's rows (`(line, cells)`, the header row first; blank
/// rows skipped; a number cell as the number it holds, a text cell as
/// [`crate::text::parse_decimal`] reads it): every unit one of `units_in_reach`, every year the rule
/// book's, every figure a whole number ("1.534" and "1 534" read as
/// 1534; kg of explosives with up to three decimals), each year as the
/// rule book allows, no unit's year twice. `Err` with every bad line if
/// any is bad.
pub fn parse_past_years(
    rows: &[(usize, Vec<SheetCell>)],
    units_in_reach: &[Unit],
) -> Result<Vec<PastYear>, Vec<LineError>> {
    let mut rows = rows
        .iter()
        .filter(|(_, cells)| cells.iter().any(|c| !c.is_blank()));
    let Some((head_line, head)) = rows.next() else {
        return Err(vec![LineError {
            line: 1,
            message: "Tệp trống: cần dòng tiêu đề của mẫu và số liệu các năm.".into(),
        }]);
    };
    let columns = read_header(*head_line, head).map_err(|e| vec![e])?;
    let reach: HashMap<&str, &Unit> = units_in_reach
        .iter()
        .map(|u| (u.code.as_str(), u))
        .collect();
    let mut seen: HashMap<(String, i32), usize> = HashMap::new();
    let mut years = Vec::new();
    let mut bad = Vec::new();
    for (line, cells) in rows {
        match read_row(&columns, cells, &reach) {
            Ok(year) => match seen.get(&(year.unit.clone(), year.year)) {
                Some(first) => bad.push(LineError {
                    line: *line,
                    message: format!(
                        "Đơn vị {} năm {} đã có ở dòng {first}.",
                        year.unit, year.year
                    ),
                }),
                None => {
                    seen.insert((year.unit.clone(), year.year), *line);
                    years.push(year);
                }
            },
            Err(message) => bad.push(LineError {
                line: *line,
                message,
            }),
        }
    }
    if bad.is_empty() {
        Ok(years)
    } else {
        Err(bad)
    }
}

/// The columns a header row names: each by the template's title or the
/// figure's key, however capitalised or accented.
fn read_header(line: usize, head: &[SheetCell]) -> Result<Vec<Option<Column>>, LineError> {
    let bad = |message: String| LineError { line, message };
    let mut columns = Vec::new();
    for cell in head {
        let cell = &cell.text();
        let folded = fold(cell.trim());
        let column = if folded.is_empty() {
            None
        } else if folded == fold(UNIT_CODE) {
            Some(Column::Code)
        } else if folded == fold(UNIT_NAME) {
            Some(Column::Name)
        } else if folded == fold(YEAR) {
            Some(Column::Year)
        } else {
            let figure = Figure::ALL
                .iter()
                .copied()
                .find(|f| fold(&f.title_vi()) == folded || f.key() == cell.trim())
                .ok_or_else(|| bad(format!("Cột “{}” không có trong mẫu.", cell.trim())))?;
            rules::check_value(figure, 0).map_err(|e| bad(e.message_vi()))?;
            Some(Column::Value(figure))
        };
        if column.is_some() && columns.contains(&column) {
            return Err(bad(format!("Cột “{}” có hai lần.", cell.trim())));
        }
        columns.push(column);
    }
    for (needed, name) in [(Column::Code, UNIT_CODE), (Column::Year, YEAR)] {
        if !columns.contains(&Some(needed)) {
            return Err(bad(format!("Thiếu cột “{name}”.")));
        }
    }
    Ok(columns)
}

/// One row read, or why not.
fn read_row(
    columns: &[Option<Column>],
    cells: &[SheetCell],
    reach: &HashMap<&str, &Unit>,
) -> Result<PastYear, String> {
    let (mut unit, mut year, mut values) = (None, None, BTreeMap::new());
    for (column, sheet_cell) in columns.iter().zip(cells) {
        let text = sheet_cell.text();
        let cell = text.as_str();
        match column {
            Some(Column::Code) => unit = Some(cell.to_string()),
            Some(Column::Year) => {
                let y = match sheet_cell {
                    SheetCell::Number(x) => whole(*x).and_then(|y| i32::try_from(y).ok()),
                    SheetCell::Text(_) => cell.parse().ok(),
                }
                .ok_or_else(|| format!("Năm “{cell}” không hợp lệ."))?;
                rules::check_year(y).map_err(|e| e.message_vi())?;
                year = Some(y);
            }
            Some(Column::Value(f)) if !cell.is_empty() => {
                let v = match sheet_cell {
                    SheetCell::Number(x) => scaled(*x, f.decimals()),
                    SheetCell::Text(_) => crate::text::parse_decimal(cell, f.decimals()),
                }
                .ok_or_else(|| {
                    if f.decimals() > 0 {
                        format!("{}: “{cell}” không phải số kg hợp lệ.", f.name_vi())
                    } else {
                        format!("{}: “{cell}” không phải số nguyên không âm.", f.name_vi())
                    }
                })?;
                values.insert(*f, v);
            }
            Some(Column::Name | Column::Value(_)) | None => {}
        }
    }
    let unit = unit.filter(|u| !u.is_empty()).ok_or("Thiếu mã đơn vị.")?;
    if !reach.contains_key(unit.as_str()) {
        return Err(format!(
            "Mã đơn vị “{unit}” không phải đơn vị này hay một đơn vị trực thuộc."
        ));
    }
    let year = year.ok_or("Thiếu năm.")?;
    rules::check(year, &values).map_err(|e| e.message_vi())?;
    Ok(PastYear { unit, year, values })
}

#[cfg(test)]
mod tests;
