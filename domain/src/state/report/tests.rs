use super::*;
use crate::kinds::event::{EventId, Level, NewEvent};
use crate::merge::clock::{DeviceId, Hlc};
use uuid::Uuid;

fn event() -> (EventState, Hlc) {
    let id = EventId(Uuid::from_u128(5));
    let mut clock = Hlc::new(DeviceId(Uuid::from_u128(1)));
    let stamp = clock.tick(1_787_099_400_000);
    let new = NewEvent {
        host_name: "UBND xã Tân Phú".into(),
        level: Level::Xa,
        place: "Nhà văn hóa xã".into(),
        date: Day::traditional(2026).unwrap(),
        showcase: false,
    };
    let records = EventState::create(id, new, stamp).unwrap();
    (EventState::from_records(id, records).unwrap(), clock)
}

#[test]
fn the_report_is_laid_out_as_an_administrative_document() {
    let (state, _) = event();
    let doc = state
        .report(Day::parse("2026-08-20").unwrap(), 420)
        .unwrap();
    assert_eq!(doc.issuer, "UBND XÃ TÂN PHÚ");
    assert_eq!(doc.kind, "BÁO CÁO");
    assert_eq!(
        doc.title,
        "Kết quả tổ chức Ngày hội toàn dân bảo vệ an ninh Tổ quốc năm 2026"
    );
    assert_eq!(doc.place_date, "……, ngày 20 tháng 8 năm 2026");
    let headings: Vec<&str> = doc.sections.iter().map(|s| s.heading.as_str()).collect();
    assert_eq!(
        headings,
        [
            "I. CÔNG TÁC CHUẨN BỊ",
            "II. KẾT QUẢ TỔ CHỨC NGÀY HỘI",
            "III. ĐÁNH GIÁ CHUNG",
            "IV. BÀI HỌC KINH NGHIỆM",
            "V. ĐỀ XUẤT, KIẾN NGHỊ"
        ]
    );
    assert_eq!(
        doc.recipients.last().map(String::as_str),
        Some("- Lưu: VT.")
    );
    assert_eq!(ReportDoc::from_json(&doc.to_json()), Ok(doc));
}

#[test]
fn written_texts_replace_the_blanks() {
    let (state, mut clock) = event();
    let mut state = state;
    for (name, value) in [
        ("number", "25/BC-UBND"),
        ("place_name", "Tân Phú"),
        ("assessment", "Ngày hội diễn ra trang trọng."),
        ("recipients", "- Công an huyện;\n\n- Lưu: VT."),
    ] {
        let r = state
            .set_report_text(name, value, clock.tick(1_787_099_500_000))
            .unwrap();
        state.apply(r).unwrap();
    }
    assert!(state
        .set_report_text("nope", "x", clock.tick(1_787_099_600_000))
        .is_err());
    let doc = state
        .report(Day::parse("2026-08-21").unwrap(), 420)
        .unwrap();
    assert_eq!(doc.number, "Số: 25/BC-UBND");
    assert_eq!(doc.place_date, "Tân Phú, ngày 21 tháng 8 năm 2026");
    assert_eq!(
        doc.sections[2].blocks,
        [Block::Para("Ngày hội diễn ra trang trọng.".into())]
    );
    assert_eq!(doc.recipients, ["- Công an huyện;", "- Lưu: VT."]);
}

#[test]
fn the_date_line_writes_days_and_months_as_decree_30_does() {
    let (state, _) = event();
    let on = |date: &str| state.report(Day::parse(date).unwrap(), 420).unwrap();
    assert_eq!(on("2026-12-07").place_date, "……, ngày 07 tháng 12 năm 2026");
    assert_eq!(on("2026-02-15").place_date, "……, ngày 15 tháng 02 năm 2026");
    assert_eq!(on("2027-01-05").place_date, "……, ngày 05 tháng 01 năm 2027");
    assert_eq!(on("2026-03-09").place_date, "……, ngày 09 tháng 3 năm 2026");
}

#[test]
fn the_budget_total_is_the_sum_of_its_lines_costs() {
    use crate::kinds::budget::{BudgetFields, BudgetLine};
    let (mut state, mut clock) = event();
    for (i, (item, source, planned, actual)) in [
        ("Âm thanh", FundSource::NganSach, 5_000_000, Some(4_750_000)),
        ("Quà tặng", FundSource::XaHoiHoa, 12_500_000, None),
        ("Nước uống", FundSource::NganSach, 1_000_000, None),
    ]
    .into_iter()
    .enumerate()
    {
        let fields = BudgetFields {
            item: item.into(),
            source,
            planned,
            actual,
        };
        let stamp = clock.tick(1_787_099_500_000 + i as u64);
        let r = state.save::<BudgetLine>(None, fields, stamp).unwrap();
        state.apply(r).unwrap();
    }
    let doc = state
        .report(Day::parse("2026-08-20").unwrap(), 420)
        .unwrap();
    assert!(doc.text_lines().contains(
        &"Tổng kinh phí tổ chức: 18.250.000 đ (Ngân sách: 5.750.000 đ; Xã hội hóa: 12.500.000 đ)."
            .to_string()
    ));
    assert_eq!(doc.figures.unwrap().budget_total, 18_250_000);
}

#[test]
fn a_submission_keeps_the_document_as_sent() {
    let (state, mut clock) = event();
    let record = state
        .submit_report(
            "Nguyễn Văn An",
            Day::parse("2026-08-20").unwrap(),
            420,
            1_787_200_000_000,
            clock.tick(1_787_200_000_000),
        )
        .unwrap();
    record.validate().unwrap();
    let Record::Submission(s) = &record else {
        panic!("not a submission");
    };
    let doc = ReportDoc::from_json(&s.report.value).unwrap();
    assert_eq!(doc.issuer, "UBND XÃ TÂN PHÚ");
    assert_eq!(s.officer.value, "Nguyễn Văn An");
    let mut forged = s.clone();
    forged.report.value = "{}".into();
    assert!(Record::Submission(forged).validate().is_err());
}
