//! The statistics sheet's columns, listed once for the screen's table, the
//! CSV and the Excel file: seed 004's per level of event, then every phần
//! hội figure, awards by form, the forum and the budget.

use crate::kinds::award::AwardForm;
use crate::kinds::budget::FundSource;
use crate::kinds::event::Level;
use crate::kinds::outreach::OutreachKind;
use crate::reporting::rollup::{Sheet, Totals};
use crate::text::markup::{csv_document, csv_number};

/// What a column of the sheet holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKey {
    /// Số lượt at a level.
    Events(Level),
    /// Số người tham dự at a level.
    People(Level),
    /// A phần hội kind's quantity.
    Outreach(OutreachKind),
    /// The gifts' value, đồng.
    GiftValue,
    /// Awards of a form.
    Award(AwardForm),
    /// Opinions received.
    Opinions,
    /// Opinions answered.
    Answered,
    /// Spent from a source, đồng.
    Budget(FundSource),
}

/// A column of the sheet: its group (the merged header above it), its
/// header, and how its numbers are written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// The merged header above it ("Cấp xã", "Phần hội", …).
    pub group: &'static str,
    /// Its own header ("Số lượt", "Súng (khẩu)", …).
    pub header: String,
    /// What it holds.
    pub key: ColumnKey,
    /// Decimal places of the displayed unit (kg of explosives: 3).
    pub decimals: u32,
}

impl Column {
    /// Its number in `t`, in stored units.
    pub fn value(&self, t: &Totals) -> u64 {
        match self.key {
            ColumnKey::Events(l) => t.by_level.get(&l).map_or(0, |x| x.0),
            ColumnKey::People(l) => t.by_level.get(&l).map_or(0, |x| x.1),
            ColumnKey::Outreach(k) => t.outreach.get(&k).map_or(0, |x| x.0),
            ColumnKey::GiftValue => t.outreach.get(&OutreachKind::Gifts).map_or(0, |x| x.1),
            ColumnKey::Award(f) => t.awards.get(&f).copied().unwrap_or(0),
            ColumnKey::Opinions => t.opinions,
            ColumnKey::Answered => t.opinions_answered,
            ColumnKey::Budget(src) => t.budget.get(&src).copied().unwrap_or(0),
        }
    }

    /// Its number in `t` as Vietnamese documents write it (1.534; 1,5).
    pub fn display(&self, t: &Totals) -> String {
        crate::text::format::format_decimal(self.value(t), self.decimals)
    }
}

/// The sheet's columns, seed 004's first: per level of event, số lượt and
/// số người tham dự; then every phần hội figure, awards by form, the
/// forum and the budget.
pub fn columns() -> Vec<Column> {
    let mut out = Vec::new();
    for (level, group) in [
        (Level::Huyen, "Cấp huyện"),
        (Level::Xa, "Cấp xã"),
        (Level::Thon, "Cấp thôn"),
        (Level::Cqdnnt, "CQDNNT"),
    ] {
        out.push(Column {
            group,
            header: "Số lượt".into(),
            key: ColumnKey::Events(level),
            decimals: 0,
        });
        out.push(Column {
            group,
            header: "Số người tham dự".into(),
            key: ColumnKey::People(level),
            decimals: 0,
        });
    }
    for kind in OutreachKind::ALL
        .iter()
        .filter(|k| **k != OutreachKind::Other)
    {
        out.push(Column {
            group: "Phần hội",
            header: format!("{} ({})", kind.label_vi(), kind.unit_vi()),
            key: ColumnKey::Outreach(*kind),
            decimals: if *kind == OutreachKind::Explosives {
                3
            } else {
                0
            },
        });
    }
    out.push(Column {
        group: "Phần hội",
        header: "Giá trị quà (đồng)".into(),
        key: ColumnKey::GiftValue,
        decimals: 0,
    });
    for form in AwardForm::ALL {
        out.push(Column {
            group: "Khen thưởng",
            header: form.label_vi().into(),
            key: ColumnKey::Award(*form),
            decimals: 0,
        });
    }
    out.push(Column {
        group: "Ý kiến",
        header: "Tiếp nhận".into(),
        key: ColumnKey::Opinions,
        decimals: 0,
    });
    out.push(Column {
        group: "Ý kiến",
        header: "Đã trả lời".into(),
        key: ColumnKey::Answered,
        decimals: 0,
    });
    for src in FundSource::ALL {
        out.push(Column {
            group: "Kinh phí (đồng)",
            header: src.label_vi().into(),
            key: ColumnKey::Budget(*src),
            decimals: 0,
        });
    }
    out
}

/// The sheet as CSV for Excel ([`csv_document`]: a byte-order mark, CRLF),
/// the group row, the header row, one row per unit
/// (indented by depth), the unit's own events, and the total. Numbers are
/// plain (no thousands dots): the receiving sheet formats them. Every cell
/// goes through [`crate::text::markup::csv_cell`]: a unit's name is whatever the units file held,
/// and must not run as a formula when the sheet is opened.
pub fn sheet_csv(sheet: &Sheet) -> String {
    let cols = columns();
    let mut group = vec![String::new()];
    group.extend(cols.iter().map(|c| c.group.to_string()));
    let mut head = vec!["Đơn vị".to_string()];
    head.extend(cols.iter().map(|c| c.header.clone()));
    let plain = |c: &Column, t: &Totals| csv_number(c.value(t), c.decimals);
    let mut rows = vec![group, head];
    for r in sheet.reporting_rows() {
        let mut row = vec![format!(
            "{}{}",
            "  ".repeat(r.depth as usize - 1),
            r.unit.name
        )];
        row.extend(cols.iter().map(|c| plain(c, &r.totals)));
        rows.push(row);
    }
    if sheet.own.events() > 0 {
        let mut row = vec![format!("{} (tự tổ chức)", sheet.unit.name)];
        row.extend(cols.iter().map(|c| plain(c, &sheet.own)));
        rows.push(row);
    }
    let mut total = vec!["Tổng cộng".to_string()];
    total.extend(cols.iter().map(|c| plain(c, &sheet.total)));
    rows.push(total);
    csv_document(&rows)
}

/// The sheet as the screen shows it, as the inside of its `<table>`: the
/// column widths, the two header rows (the merged group headers over their
/// columns) and one row per unit directly below, then the unit's own events
/// and the total. One piece of markup: the browser builds a province's
/// sheet (about forty columns) from it at once, where building each cell
/// from the app took a call per element. Names are escaped.
pub fn sheet_table_markup(sheet: &Sheet, cols: &[Column]) -> String {
    use crate::text::markup::escape_markup;
    use std::fmt::Write;
    let mut out = String::with_capacity(256 + cols.len() * 64 * (sheet.rows.len() + 4));
    out.push_str("<colgroup><col class=\"unit-col\">");
    for _ in cols {
        out.push_str("<col class=\"num-col\">");
    }
    out.push_str("</colgroup><thead><tr><th scope=\"col\" rowspan=\"2\">Đơn vị</th>");
    let mut groups: Vec<(&'static str, usize)> = Vec::new();
    for c in cols {
        match groups.last_mut() {
            Some((g, n)) if *g == c.group => *n += 1,
            _ => groups.push((c.group, 1)),
        }
    }
    for (g, n) in groups {
        let _ = write!(
            out,
            "<th scope=\"colgroup\" colspan=\"{n}\">{}</th>",
            escape_markup(g)
        );
    }
    out.push_str("</tr><tr>");
    for c in cols {
        let _ = write!(out, "<th scope=\"col\">{}</th>", escape_markup(&c.header));
    }
    out.push_str("</tr></thead><tbody>");
    let mut row = |name: &str, class: Option<&str>, t: &Totals| {
        match class {
            Some(class) => {
                let _ = write!(out, "<tr class=\"{class}\">");
            }
            None => out.push_str("<tr>"),
        }
        let _ = write!(out, "<th scope=\"row\">{}</th>", escape_markup(name));
        for c in cols {
            let _ = write!(out, "<td class=\"num\">{}</td>", c.display(t));
        }
        out.push_str("</tr>");
    };
    // On screen the units directly below (a tap in the status table goes
    // down); the exports hold every level.
    for r in sheet.rows.iter().filter(|r| r.depth == 1) {
        row(&r.unit.name, r.subtotal.then_some("subtotal"), &r.totals);
    }
    if sheet.own.events() > 0 {
        row(
            &format!("{} (tự tổ chức)", sheet.unit.name),
            None,
            &sheet.own,
        );
    }
    row("Tổng cộng", Some("total"), &sheet.total);
    out.push_str("</tbody>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reporting::rollup::sheet;
    use crate::reporting::rollup::tests::{below, figures, unit};
    use crate::unit::UnitLevel;

    #[test]
    fn the_csv_has_the_seed_sheets_columns_and_reads_back_with_diacritics() {
        let province = unit("19", UnitLevel::Tinh, None);
        let units = vec![unit("05836", UnitLevel::Xa, Some("19"))];
        let mut f = figures(1_534, 3, true);
        f.outreach.insert(OutreachKind::Explosives, (1_500, 0));
        let s = sheet(&province, &units, &[below("05836", f, true)], false);
        let text = sheet_csv(&s);
        assert!(text.starts_with('\u{feff}'));
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
        assert_eq!(&rows[0][3], "Cấp xã");
        assert_eq!(&rows[1][3], "Số lượt");
        assert_eq!(&rows[2][0], "Đơn vị 05836");
        assert_eq!((&rows[2][3], &rows[2][4]), ("1", "1534"));
        let kg = columns()
            .iter()
            .position(|c| c.key == ColumnKey::Outreach(OutreachKind::Explosives))
            .unwrap();
        assert_eq!(&rows[2][kg + 1], "1.500");
        assert_eq!(&rows[3][0], "Tổng cộng");
        assert_eq!(columns()[kg].display(&s.total), "1,5");
    }

    #[test]
    fn formulas_typed_as_names_reach_the_csv_as_text() {
        const LINK: &str = "=HYPERLINK(\"http://x\",\"y\")";
        let mut province = unit("19", UnitLevel::Tinh, None);
        province.name = LINK.into();
        let mut commune = unit("05836", UnitLevel::Xa, Some("19"));
        commune.name = LINK.into();
        let mut district = unit("164", UnitLevel::Huyen, Some("19"));
        district.name = "-abc".into();
        // Below the district: its name is indented in the CSV.
        let mut below_district = unit("05842", UnitLevel::Xa, Some("164"));
        below_district.name = "@SUM(A1)".into();
        let hosted = |code: &str, host: &str| {
            let mut f = figures(1_534, 3, true);
            f.host_name = host.into();
            f.outreach.insert(OutreachKind::Explosives, (1_500, 0));
            below(code, f, true)
        };
        let events = [
            hosted("19", "+cmd|' /C calc'!A0"),
            hosted("05836", LINK),
            hosted("05842", "\t=1+1"),
        ];
        let s = sheet(
            &province,
            &[commune, district, below_district],
            &events,
            false,
        );
        let text = sheet_csv(&s);
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
        let names: Vec<&str> = rows[2..].iter().map(|row| &row[0]).collect();
        assert_eq!(
            names,
            [
                "'-abc",
                "'  @SUM(A1)",
                "'=HYPERLINK(\"http://x\",\"y\")",
                "'=HYPERLINK(\"http://x\",\"y\") (tự tổ chức)",
                "Tổng cộng",
            ]
        );
        // No cell starts as a formula (the hosts' names included, should a
        // column ever hold them); the numbers stay numbers.
        for row in &rows {
            for cell in row {
                let first = cell.trim_start_matches(' ').chars().next();
                assert!(
                    !matches!(first, Some('=' | '+' | '-' | '@' | '\t' | '\r')),
                    "{cell:?} would run as a formula"
                );
            }
        }
        let kg = columns()
            .iter()
            .position(|c| c.key == ColumnKey::Outreach(OutreachKind::Explosives))
            .unwrap();
        assert_eq!(&rows[4][4], "1534");
        assert_eq!(&rows[4][kg + 1], "1.500");
        assert_eq!(&rows[6][kg + 1], "4.500");
    }

    #[test]
    fn the_sheet_markup_escapes_names_and_holds_every_column_and_the_total() {
        let province = unit("19", UnitLevel::Tinh, None);
        let mut commune = unit("05836", UnitLevel::Xa, Some("19"));
        commune.name = "Xã <b>Tân</b> & Lập".into();
        let f = figures(1_534, 3, true);
        let s = sheet(&province, &[commune], &[below("05836", f, true)], false);
        let cols = columns();
        let html = sheet_table_markup(&s, &cols);
        assert!(html.contains("<th scope=\"row\">Xã &lt;b&gt;Tân&lt;/b&gt; &amp; Lập</th>"));
        assert!(!html.contains("<b>"));
        assert_eq!(html.matches("<col ").count(), cols.len() + 1);
        // The commune's row and the total, every column in each.
        assert_eq!(html.matches("<td class=\"num\">").count(), cols.len() * 2);
        assert!(html.contains("<tr class=\"total\"><th scope=\"row\">Tổng cộng</th>"));
        assert_eq!(html.matches("<td class=\"num\">1.534</td>").count(), 2);
        // The merged headers span every column, once.
        let spans: usize = html
            .split("colspan=\"")
            .skip(1)
            .map(|rest| rest.split('"').next().unwrap().parse::<usize>().unwrap())
            .sum();
        assert_eq!(spans, cols.len());
    }
}
