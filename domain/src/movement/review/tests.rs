use super::*;
use crate::kinds::event::Level;
use crate::kinds::model::{ModelFields, ModelKind};
use crate::kinds::submission::MAX_SNAPSHOT;
use crate::merge::items::Choice;
use crate::movement::columns::period_columns;
use crate::movement::period::Period;
use crate::movement::sheet::{period_sheet, MovementBelow};
use crate::state::EventState;
use crate::text::month::MonthYear;
use crate::unit::{Unit, UnitLevel};
use crate::{DeviceId, Stamp};

fn district() -> Unit {
    Unit {
        code: "164".into(),
        name: "Huyện Triệu Sơn".into(),
        level: UnitLevel::Huyen,
        parent: None,
    }
}

fn commune() -> Unit {
    Unit {
        code: "05842".into(),
        name: "Xã Tân Lập".into(),
        level: UnitLevel::Xa,
        parent: Some("164".into()),
    }
}

fn year(unit: &str, y: i32, pairs: &[(Figure, u64)]) -> MovementBelow {
    MovementBelow {
        ledger: unit.into(),
        unit: unit.into(),
        year: y,
        figures: pairs.iter().copied().collect(),
    }
}

fn model(name: &str, typical: bool, people: u64, since: &str) -> ModelBelow {
    ModelBelow {
        unit: "05842".into(),
        model: ModelFields {
            name: name.into(),
            kind: ModelKind::NeighbourGroup,
            place: "Thôn Đông".into(),
            households: people / 4,
            people,
            since: Some(MonthYear::parse(since).unwrap()),
            level: Level::Thon,
            typical,
            results: "Không có tội phạm, tệ nạn xã hội.".into(),
            ..ModelFields::default()
        },
    }
}

/// Seed 004's district over 2015–2020: 1,753 tips over the years.
fn seed_sheet(models: &[ModelBelow]) -> PeriodSheet {
    use Figure::*;
    let years = [
        year(
            "05842",
            2015,
            &[(Tips, 300), (TipsValuable, 150), (Documents, 3)],
        ),
        year(
            "05842",
            2018,
            &[(Tips, 453), (TipsValuable, 236), (CommunePolice, 300)],
        ),
        year(
            "164",
            2020,
            &[(Tips, 1_000), (TipsValuable, 600), (CommunePolice, 36)],
        ),
    ];
    period_sheet(
        &district(),
        &[commune()],
        &years,
        models,
        &[],
        Period::parse("2015-2020").unwrap(),
    )
}

fn today() -> Day {
    Day::traditional(2020).unwrap()
}

fn all_text(doc: &ReportDoc) -> String {
    doc.text_lines().join("\n")
}

#[test]
fn a_review_follows_the_outline_with_the_periods_figures_filled_in() {
    let sheet = seed_sheet(&[]);
    let doc = review_doc(&sheet, &[], &ReviewTexts::default(), today());
    let headings: Vec<&str> = doc.sections.iter().map(|s| s.heading.as_str()).collect();
    assert_eq!(
        headings,
        [
            "I. ĐẶC ĐIỂM, TÌNH HÌNH CHUNG",
            "II. CÔNG TÁC CHỈ ĐẠO, TRIỂN KHAI THỰC HIỆN",
            "III. KẾT QUẢ THỰC HIỆN GIAI ĐOẠN 2015–2020",
            "IV. NHẬN XÉT, ĐÁNH GIÁ",
            "V. PHƯƠNG HƯỚNG, NHIỆM VỤ; KIẾN NGHỊ, ĐỀ XUẤT",
        ]
    );
    assert_eq!(
        doc.title,
        "Sơ kết 05 năm phong trào toàn dân bảo vệ an ninh Tổ quốc và Ngày hội toàn dân bảo vệ an ninh Tổ quốc, giai đoạn 2015–2020"
    );
    assert_eq!(doc.issuer, "HUYỆN TRIỆU SƠN");
    assert_eq!(doc.period, Some(sheet.period));
    assert_eq!(doc.figures, None);
    let text = all_text(&doc);
    assert!(
        text.contains(
            "Nhân dân cung cấp 1.753 tin về an ninh, trật tự, trong đó 986 tin có giá trị"
        ),
        "{text}"
    );
    // A stock counts its last year: 36 commune police at the end of 2020,
    // not 336 added over the years.
    assert!(text.contains("36 Công an xã"), "{text}");
    // Nothing written yet: the dotted line to fill by hand.
    assert!(matches!(&doc.sections[0].blocks[..], [Block::Para(p)] if p.starts_with("………")));
    let ten = period_sheet(
        &district(),
        &[],
        &[],
        &[],
        &[],
        Period::parse("2005-2015").unwrap(),
    );
    assert!(review_doc(&ten, &[], &ReviewTexts::default(), today())
        .title
        .starts_with("Tổng kết 10 năm"));
}

#[test]
fn the_units_words_are_kept_line_by_line_where_the_outline_puts_them() {
    let texts = ReviewTexts::default()
        .with(
            ReviewPart::Situation,
            "Địa bàn bán sơn địa.\n\n254 thôn, xóm.",
        )
        .with(ReviewPart::Lessons, "Cấp ủy vào cuộc.")
        .with(ReviewPart::Issuer, "BAN CHỈ ĐẠO 138 HUYỆN")
        .with(
            ReviewPart::SignerTitle,
            "TM. BAN CHỈ ĐẠO 138 HUYỆN\nTRƯỞNG BAN",
        )
        .with(ReviewPart::SignerName, "Hồ Trường Sơn");
    let doc = review_doc(&seed_sheet(&[]), &[], &texts, today());
    assert_eq!(
        doc.sections[0].blocks,
        [
            Block::Para("Địa bàn bán sơn địa.".into()),
            Block::Para("254 thôn, xóm.".into())
        ]
    );
    let iv = &doc.sections[3].blocks;
    let at = iv
        .iter()
        .position(|b| *b == Block::Heading("4. Bài học kinh nghiệm".into()))
        .unwrap();
    assert_eq!(iv[at + 1], Block::Para("Cấp ủy vào cuộc.".into()));
    assert_eq!(doc.issuer, "BAN CHỈ ĐẠO 138 HUYỆN");
    assert_eq!(
        doc.signer_title,
        ["TM. BAN CHỈ ĐẠO 138 HUYỆN", "TRƯỞNG BAN"]
    );
    assert_eq!(doc.signer_name, "Hồ Trường Sơn");
}

#[test]
fn at_least_five_models_are_cited_the_typical_first() {
    let models: Vec<ModelBelow> = (0..7)
        .map(|i| {
            model(
                &format!("Mô hình {i}"),
                i == 6 || i == 2,
                100 * (i + 1),
                "03/2016",
            )
        })
        .chain([model("Chưa bắt đầu", true, 10, "05/2021")])
        .collect();
    let sheet = seed_sheet(&models);
    let cited = models_cited(&sheet, &models);
    let names: Vec<&str> = cited.iter().map(|m| m.model.name.as_str()).collect();
    // The typical ones first, then the largest; one begun after the
    // period is not the period's, typical or not.
    assert_eq!(
        names,
        [
            "Mô hình 6",
            "Mô hình 2",
            "Mô hình 5",
            "Mô hình 4",
            "Mô hình 3"
        ]
    );
    let many: Vec<ModelBelow> = (0..12)
        .map(|i| model(&format!("Tiêu biểu {i}"), true, i, "01/2015"))
        .collect();
    assert_eq!(models_cited(&sheet, &many).len(), 10, "at most ten");
    let doc = review_doc(&sheet, &models, &ReviewTexts::default(), today());
    let table = doc.sections[2]
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Table { rows, .. } => Some(rows),
            _ => None,
        })
        .unwrap();
    assert_eq!(table.len(), names.len());
    assert_eq!(table[0][1], "Mô hình 6");
    assert!(
        table[0][3].contains("175 hộ, 700 nhân khẩu"),
        "{:?}",
        table[0]
    );
    assert!(all_text(&doc).contains("toàn đơn vị có 7 mô hình đang hoạt động"));
}

#[test]
fn the_two_tables_have_the_seeds_headers_and_the_sheets_numbers() {
    let sheet = seed_sheet(&[]);
    let doc = review_doc(&sheet, &[], &ReviewTexts::default(), today());
    assert_eq!(doc.annexes.len(), 2);
    let cols = period_columns(&sheet);
    for (annex, table) in doc.annexes.iter().zip([Table::One, Table::Two]) {
        let figures: Vec<Figure> = Figure::ALL
            .iter()
            .copied()
            .filter(|f| f.spec().table == table)
            .collect();
        // Every header row spans the whole width once the rows above are
        // counted.
        let width = annex.width();
        assert_eq!(width, figures.len() + 1);
        let mut taken = vec![0u16; width];
        for row in &annex.head {
            let mut col = 0;
            for cell in row {
                while taken[col] > 0 {
                    taken[col] -= 1;
                    col += 1;
                }
                for left in &mut taken[col..col + cell.cols as usize] {
                    *left = cell.rows - 1;
                }
                col += cell.cols as usize;
            }
            while col < width {
                assert!(taken[col] > 0, "{} leaves column {col} empty", annex.title);
                taken[col] -= 1;
                col += 1;
            }
        }
        assert_eq!(annex.rows.len(), 7, "six years and the period");
        assert_eq!(annex.rows[6][0], "Cả giai đoạn 2015–2020");
        // Each cell is the sheet's, as its CSV and Excel show it.
        for (i, f) in figures.iter().enumerate() {
            let col = cols
                .iter()
                .find(|c| c.year.is_none() && c.figure == *f)
                .unwrap();
            assert_eq!(annex.rows[6][i + 1], col.display(&sheet.total), "{f:?}");
            let y2018 = cols
                .iter()
                .find(|c| c.year == Some(2018) && c.figure == *f)
                .unwrap();
            assert_eq!(annex.rows[3][i + 1], y2018.display(&sheet.total), "{f:?}");
        }
    }
    let heads =
        |a: &Annex| -> Vec<String> { a.head.iter().flatten().map(|c| c.text.clone()).collect() };
    let one = heads(&doc.annexes[0]);
    assert!(one.contains(&"Văn bản hướng dẫn".to_string()));
    assert!(one.contains(&"Tuyên truyền tập trung".to_string()));
    assert!(one.contains(&"Chi khen thưởng".to_string()));
    let two = heads(&doc.annexes[1]);
    assert!(two.contains(&"Tin về ANTT do nhân dân cung cấp".to_string()));
    assert!(two.contains(&"Vận động đối tượng truy nã ra đầu thú".to_string()));
    assert_eq!(doc.annexes[1].rows[6][1], "1.753");
}

#[test]
fn a_review_written_at_length_over_31_years_can_be_submitted() {
    let long = "ố".repeat(crate::text::MAX_LONG_TEXT);
    let mut texts = ReviewTexts::default();
    for p in ReviewPart::all() {
        let t = if p.is_long() {
            long.clone()
        } else {
            "Ủy ban".repeat(30)
        };
        texts = texts.with(*p, &t);
    }
    let models: Vec<ModelBelow> = (0..20)
        .map(|i| ModelBelow {
            model: ModelFields {
                results: long.clone(),
                ..model(&"Tổ liên gia ".repeat(16), true, i, "01/1990").model
            },
            unit: "05842".into(),
        })
        .collect();
    let many: Vec<MovementBelow> = (1990..=2020)
        .map(|y| {
            year(
                "05842",
                y,
                &Figure::entered()
                    .map(|f| (f, 999_999_999))
                    .collect::<Vec<_>>(),
            )
        })
        .collect();
    let sheet = period_sheet(
        &district(),
        &[commune()],
        &many,
        &models,
        &[],
        Period::new(1990, 2020).unwrap(),
    );
    let doc = review_doc(&sheet, &models, &texts, today());
    let size = doc.to_json().len();
    assert!(size < MAX_SNAPSHOT, "{size} bytes");
    let ledger = EventState::ledger("164");
    let stamp = Stamp {
        wall: 1,
        counter: 0,
        device: DeviceId(uuid::Uuid::nil()),
    };
    let record = ledger.submit_review(&doc, "Nguyễn Văn A", 1_600_000_000_000, stamp);
    assert!(record.is_ok(), "{record:?}");
}

#[test]
fn texts_are_kept_per_period_and_only_a_review_is_sent_from_a_ledger() {
    let mut ledger = EventState::ledger("164");
    let five = Period::parse("2015-2020").unwrap();
    let next = Period::parse("2020-2025").unwrap();
    let stamp = |wall| Stamp {
        wall,
        counter: 0,
        device: DeviceId(uuid::Uuid::nil()),
    };
    let r = ledger
        .set_review_text(five, "situation", "Bán sơn địa.", stamp(1))
        .unwrap();
    ledger.apply(r).unwrap();
    assert_eq!(
        ledger.review_texts(five).get(ReviewPart::Situation),
        "Bán sơn địa."
    );
    assert_eq!(ledger.review_texts(next).get(ReviewPart::Situation), "");
    assert!(ledger.set_review_text(five, "nope", "x", stamp(2)).is_err());
    let too_long = "x".repeat(crate::text::MAX_LONG_TEXT + 1);
    assert!(ledger
        .set_review_text(five, "causes", &too_long, stamp(2))
        .is_err());
    let doc = review_doc(&seed_sheet(&[]), &[], &ledger.review_texts(five), today());
    assert!(doc.text_lines().iter().any(|l| l == "Bán sơn địa."));
    let sent = ledger.submit_review(&doc, "A", 5, stamp(3)).unwrap();
    ledger.apply(sent).unwrap();
    assert_eq!(ledger.review_submissions(five).len(), 1);
    assert!(ledger.review_submissions(next).is_empty());
    let yearly = ReportDoc {
        period: None,
        ..doc
    };
    assert!(ledger.submit_review(&yearly, "A", 6, stamp(4)).is_err());
}
