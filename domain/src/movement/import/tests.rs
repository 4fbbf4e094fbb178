use super::*;
use crate::merge::clock::{DeviceId, Hlc};
use crate::state::EventState;
use crate::unit::UnitLevel;
use uuid::Uuid;

fn units() -> Vec<Unit> {
    ["164", "05842", "05836"]
        .into_iter()
        .map(|code| Unit {
            code: code.into(),
            name: format!("Đơn vị {code}"),
            level: if code == "164" {
                UnitLevel::Huyen
            } else {
                UnitLevel::Xa
            },
            parent: (code != "164").then(|| "164".to_string()),
        })
        .collect()
}

/// A file with the template's header and `lines` below it (`;`, as a
/// Vietnamese Excel saves it), only the columns named.
fn file(columns: &[&str], lines: &[&str]) -> String {
    let mut text = format!("\u{feff}{}\r\n", columns.join(";"));
    for l in lines {
        text.push_str(l);
        text.push_str("\r\n");
    }
    text
}

fn tips_columns() -> Vec<String> {
    vec![
        UNIT_CODE.into(),
        UNIT_NAME.into(),
        YEAR.into(),
        Figure::Tips.title_vi(),
        Figure::TipsValuable.title_vi(),
        Figure::Explosives.title_vi(),
    ]
}

#[test]
fn past_years_are_read_with_thousands_and_kilograms() {
    let cols = tips_columns();
    let cols: Vec<&str> = cols.iter().map(String::as_str).collect();
    let text = file(
        &cols,
        &[
            "05842;Xã Tân Lập;2015;1.534;986;1,5",
            "05836;Xã Tân Hương;2016;1 753;;",
            ";;;;;",
        ],
    );
    let years = parse_past_years_csv(&text, &units()).unwrap();
    assert_eq!(years.len(), 2);
    assert_eq!(years[0].unit, "05842");
    assert_eq!(years[0].values[&Figure::Tips], 1_534);
    assert_eq!(years[0].values[&Figure::Explosives], 1_500);
    assert_eq!(years[1].values[&Figure::Tips], 1_753);
    assert!(!years[1].values.contains_key(&Figure::TipsValuable));
}

#[test]
fn every_bad_line_is_reported_and_nothing_is_read() {
    let cols = tips_columns();
    let cols: Vec<&str> = cols.iter().map(String::as_str).collect();
    let text = file(
        &cols,
        &[
            "05842;;2015;100;50;",
            "99999;;2015;1;;",
            "05836;;1989;1;;",
            "05836;;2016;-3;;",
            "05836;;2017;1,5;;",
            "05836;;2018;100;120;",
            "05842;;2015;1;;",
            "05836;;năm;1;;",
        ],
    );
    let errors = parse_past_years_csv(&text, &units()).unwrap_err();
    let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, [3, 4, 5, 6, 7, 8, 9], "{errors:?}");
    assert!(errors[0].message.contains("“99999”"));
    assert_eq!(errors[1].message, "Năm 1989 nằm ngoài khoảng 1990–2100.");
    assert!(errors[2].message.contains("không phải số nguyên không âm"));
    assert_eq!(
        errors[4].message,
        "Tin có giá trị (120) lớn hơn Tổng số tin (100)."
    );
    assert_eq!(errors[5].message, "Đơn vị 05842 năm 2015 đã có ở dòng 2.");
    assert_eq!(errors[6].message, "Năm “năm” không hợp lệ.");
}

#[test]
fn a_header_the_template_does_not_have_is_refused() {
    let unknown = file(&[UNIT_CODE, YEAR, "Số con gà"], &["05842;2015;1"]);
    let e = parse_past_years_csv(&unknown, &units()).unwrap_err();
    assert_eq!(
        (e[0].line, e[0].message.as_str()),
        (1, "Cột “Số con gà” không có trong mẫu.")
    );
    let computed = Figure::EventsXa.title_vi();
    let computed = file(&[UNIT_CODE, YEAR, &computed], &["05842;2015;1"]);
    let e = parse_past_years_csv(&computed, &units()).unwrap_err();
    assert!(e[0].message.contains("được tính tự động"), "{e:?}");
    let no_year = file(&[UNIT_CODE, "tips"], &["05842;1"]);
    let e = parse_past_years_csv(&no_year, &units()).unwrap_err();
    assert_eq!(e[0].message, "Thiếu cột “Năm”.");
    // Keys and unaccented titles are read as the figures they name.
    let keys = file(&["ma don vi", "nam", "tips"], &["05842,2015,7"]);
    assert!(
        parse_past_years_csv(&keys, &units()).is_err(),
        "one separator a file"
    );
    let keys = file(&["ma don vi", "nam", "tips"], &["05842;2015;7"]);
    assert_eq!(
        parse_past_years_csv(&keys, &units()).unwrap()[0].values[&Figure::Tips],
        7
    );
}

#[test]
fn the_template_reads_back_and_importing_twice_changes_nothing() {
    let blank = past_years_csv(&[], &units());
    assert!(blank.starts_with('\u{feff}'));
    assert_eq!(
        parse_past_years_csv(&blank, &units()),
        Ok(Vec::new()),
        "a blank template is an empty import"
    );
    let years = vec![
        PastYear {
            unit: "05842".into(),
            year: 2015,
            values: [(Figure::Tips, 1_753), (Figure::Explosives, 2_250)]
                .into_iter()
                .collect(),
        },
        PastYear {
            unit: "164".into(),
            year: 2016,
            values: [(Figure::Documents, 18)].into_iter().collect(),
        },
    ];
    let text = past_years_csv(&years, &units());
    assert_eq!(parse_past_years_csv(&text, &units()), Ok(years.clone()));
    let mut ledger = EventState::ledger("164");
    let mut clock = Hlc::new(DeviceId(Uuid::from_u128(1)));
    let first = ledger.import_past(&years, clock.tick(1_000)).unwrap();
    assert_eq!(first.len(), 2);
    for r in first {
        ledger.apply(r).unwrap();
    }
    assert!(ledger
        .movements()
        .all(|m| m.source.value == crate::kinds::movement::Source::Imported));
    let again = ledger.import_past(&years, clock.tick(2_000)).unwrap();
    assert!(again.is_empty());
}

/// A row of spreadsheet cells: numbers where `n` gives one, text otherwise.
fn sheet_row(cells: &[(&str, Option<f64>)]) -> Vec<SheetCell> {
    cells
        .iter()
        .map(|(t, n)| n.map_or_else(|| SheetCell::Text((*t).into()), SheetCell::Number))
        .collect()
}

#[test]
fn numbers_from_a_spreadsheet_are_read_as_numbers_not_as_text() {
    let head: Vec<SheetCell> = tips_columns().into_iter().map(SheetCell::Text).collect();
    let n = |x: f64| ("", Some(x));
    let t = |s: &'static str| (s, None);
    let good = vec![
        (1, head.clone()),
        (
            2,
            sheet_row(&[
                t(" 05842 "),
                t("Xã"),
                n(2015.0),
                n(1534.0),
                n(986.0),
                n(1.534),
            ]),
        ),
        (3, sheet_row(&[t(""), t(""), t("")])),
        (
            4,
            sheet_row(&[t("05836"), t(""), n(2016.0), n(12.0), t(""), t("")]),
        ),
    ];
    let years = parse_past_years(&good, &units()).unwrap();
    assert_eq!(years.len(), 2);
    assert_eq!(years[0].unit, "05842");
    assert_eq!(years[0].year, 2015);
    assert_eq!(years[0].values[&Figure::Tips], 1_534);
    // 1.534 kg, kept in grams.
    assert_eq!(years[0].values[&Figure::Explosives], 1_534);
    assert_eq!(years[1].values[&Figure::Tips], 12);
    assert!(!years[1].values.contains_key(&Figure::Explosives));

    // A non-whole count — 1.534 among them, which as text would be
    // thousands —, a negative one, a year out of range or not whole: each
    // line named, nothing read.
    let bad = vec![
        (1, head),
        (
            2,
            sheet_row(&[t("05842"), t(""), n(2015.0), n(1.534), t(""), t("")]),
        ),
        (
            3,
            sheet_row(&[t("05842"), t(""), n(2016.0), n(-3.0), t(""), t("")]),
        ),
        (
            5,
            sheet_row(&[t("05842"), t(""), n(1989.0), n(3.0), t(""), t("")]),
        ),
        (
            6,
            sheet_row(&[t("05842"), t(""), n(2017.5), n(3.0), t(""), t("")]),
        ),
        (
            7,
            sheet_row(&[t("05842"), t(""), n(2018.0), n(12.5), t(""), n(0.0005)]),
        ),
    ];
    let errors = parse_past_years(&bad, &units()).unwrap_err();
    let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, [2, 3, 5, 6, 7], "{errors:?}");
    assert!(errors[0]
        .message
        .contains("“1,534” không phải số nguyên không âm"));
    assert!(errors[1]
        .message
        .contains("“-3” không phải số nguyên không âm"));
    assert_eq!(errors[2].message, "Năm 1989 nằm ngoài khoảng 1990–2100.");
    assert_eq!(errors[3].message, "Năm “2017,5” không hợp lệ.");
    assert!(errors[4].message.contains("“12,5”"));
}
