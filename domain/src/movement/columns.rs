//! The period sheet's columns, listed once for the screen, the CSV and
//! the Excel file: one group per year of the period, then the period's
//! value ("Cả giai đoạn"), each with every figure of seed 004's two tables
//! in the seed's order.

use crate::movement::figures::Figure;
use crate::movement::sheet::{PeriodFigures, PeriodSheet};
use crate::text::format::format_decimal;
use crate::text::markup::{csv_document, csv_number};

/// A column of the period sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodColumn {
    /// The year it holds; `None` for the period's value.
    pub year: Option<i32>,
    /// The figure.
    pub figure: Figure,
    /// The header above the figure's: the year ("Năm 2015") or the
    /// period ("Cả giai đoạn 2015–2020").
    pub span: String,
    /// The figure's merged group header.
    pub group: &'static str,
    /// The header between, where the seed has one ("Cấp xã").
    pub subgroup: &'static str,
    /// The figure's own header (the group's, where it has none).
    pub header: &'static str,
    /// Decimal places of the displayed unit (kg of explosives: 3).
    pub decimals: u32,
}

impl PeriodColumn {
    /// Its number in `f`, in stored units.
    pub fn value(&self, f: &PeriodFigures) -> u64 {
        match self.year {
            Some(year) => f.year(year).get(self.figure),
            None => f.period_value(self.figure),
        }
    }

    /// Its number in `f` as Vietnamese documents write it (1.534; 1,5).
    pub fn display(&self, f: &PeriodFigures) -> String {
        format_decimal(self.value(f), self.decimals)
    }
}

/// The columns of `sheet`'s period: each year's figures, then the
/// period's.
pub fn period_columns(sheet: &PeriodSheet) -> Vec<PeriodColumn> {
    let period = sheet.period;
    let spans = period
        .years()
        .map(|y| (Some(y), format!("Năm {y}")))
        .chain([(None, format!("Cả {}", period.label_vi()))]);
    let mut out = Vec::new();
    for (year, span) in spans {
        for &figure in Figure::ALL {
            let s = figure.spec();
            out.push(PeriodColumn {
                year,
                figure,
                span: span.clone(),
                group: s.group,
                subgroup: s.subgroup,
                header: if s.header.is_empty() {
                    s.group
                } else {
                    s.header
                },
                decimals: figure.decimals(),
            });
        }
    }
    out
}

/// The period sheet as CSV for Excel ([`csv_document`]: a byte-order
/// mark, CRLF, every cell safe): four header rows (the year or the
/// period, the group, the header between, the figure's own), one row per
/// reporting unit (indented by depth), the unit's own figures if any, and
/// the total. Numbers are plain; kg with a point ("1.500").
pub fn period_sheet_csv(sheet: &PeriodSheet) -> String {
    let cols = period_columns(sheet);
    let head = |first: &str, cell: &dyn Fn(&PeriodColumn) -> String| {
        let mut row = vec![first.to_string()];
        row.extend(cols.iter().map(cell));
        row
    };
    let line = |name: String, f: &PeriodFigures| {
        let mut row = vec![name];
        row.extend(cols.iter().map(|c| csv_number(c.value(f), c.decimals)));
        row
    };
    let mut rows = vec![
        head("", &|c| c.span.clone()),
        head("", &|c| c.group.to_string()),
        head("", &|c| c.subgroup.to_string()),
        head("Đơn vị", &|c| c.header.to_string()),
    ];
    for r in sheet.reporting_rows() {
        let indent = "  ".repeat(r.depth as usize - 1);
        rows.push(line(format!("{indent}{}", r.unit.name), &r.figures));
    }
    if !sheet.own.is_empty() {
        rows.push(line(
            format!("{} (tự thực hiện)", sheet.unit.name),
            &sheet.own,
        ));
    }
    rows.push(line("Tổng cộng".to_string(), &sheet.total));
    csv_document(&rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::movement::period::Period;
    use crate::movement::sheet::{period_sheet, MovementBelow};
    use crate::unit::{Unit, UnitLevel};

    #[test]
    fn the_csv_has_a_group_per_year_then_the_period_and_reads_back() {
        let district = Unit {
            code: "164".into(),
            name: "=Huyện Hồ Trường Sơn".into(),
            level: UnitLevel::Huyen,
            parent: None,
        };
        let commune = Unit {
            code: "05842".into(),
            name: "Xã Tân Lập".into(),
            level: UnitLevel::Xa,
            parent: Some("164".into()),
        };
        let year = |y, tips, kg| MovementBelow {
            ledger: "05842".into(),
            unit: "05842".into(),
            year: y,
            figures: [(Figure::Tips, tips), (Figure::Explosives, kg)]
                .into_iter()
                .collect(),
        };
        let own = MovementBelow {
            ledger: "164".into(),
            unit: "164".into(),
            year: 2016,
            figures: [(Figure::Documents, 2)].into_iter().collect(),
        };
        let period = Period::parse("2015-2016").unwrap();
        let s = period_sheet(
            &district,
            &[commune],
            &[year(2015, 1_000, 1_500), year(2016, 534, 0), own],
            &[],
            &[],
            period,
        );
        let text = period_sheet_csv(&s);
        assert!(text.starts_with('\u{feff}'));
        assert!(text.contains("\r\n"));
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
        let n = Figure::ALL.len();
        assert_eq!(rows[0].len(), 1 + 3 * n);
        assert_eq!(&rows[0][1], "Năm 2015");
        assert_eq!(&rows[0][1 + n], "Năm 2016");
        assert_eq!(&rows[0][1 + 2 * n], "Cả giai đoạn 2015–2016");
        let tips = 1 + Figure::ALL.iter().position(|f| *f == Figure::Tips).unwrap();
        let kg = 1 + Figure::ALL
            .iter()
            .position(|f| *f == Figure::Explosives)
            .unwrap();
        assert_eq!(&rows[1][tips], "Tin về ANTT do nhân dân cung cấp");
        assert_eq!(&rows[3][tips], "Tổng số tin");
        assert_eq!(&rows[3][1], "Văn bản hướng dẫn");
        assert_eq!(&rows[4][0], "Xã Tân Lập");
        assert_eq!(&rows[4][tips], "1000");
        assert_eq!(&rows[4][tips + 2 * n], "1534");
        assert_eq!(&rows[4][kg], "1.500");
        // The district's own documents, its name kept from running.
        assert_eq!(&rows[5][0], "'=Huyện Hồ Trường Sơn (tự thực hiện)");
        assert_eq!(&rows[5][1 + 2 * n], "2");
        assert_eq!(&rows[6][0], "Tổng cộng");
        assert_eq!(&rows[6][tips + 2 * n], "1534");
        let cols = period_columns(&s);
        assert_eq!(cols[kg - 1].display(&s.total), "1,5");
    }
}
