//! The period review ("Báo cáo sơ kết / tổng kết … giai đoạn …") of any
//! unit, as a document ([`ReportDoc`], the Decree-30 layout the yearly
//! report has): its sections are seed 000's outline — I. the situation,
//! II. direction, III. results with the period's figures filled in and
//! the typical models cited, IV. assessment, V. directions and proposals
//! — the parts only people can write taken from the unit's texts
//! ([`ReviewTexts`]), and seed 004's two statistics tables appended on
//! landscape pages, a row per year and the period's.
//!
//! Every number is read from the period sheet ([`PeriodSheet`]), the one
//! computation the "Tổng hợp theo giai đoạn" screen, its CSV and its
//! Excel file show: the review cannot disagree with them.

use crate::kinds::event::Day;
use crate::kinds::review::{ReviewPart, ReviewTexts};
use crate::kinds::submission::{Annex, Block, HeadCell, ReportDoc, Section};
use crate::movement::figures::{Figure, Measure, Origin, Table};
use crate::movement::sheet::{ModelBelow, PeriodFigures, PeriodSheet};
use crate::text::format::{format_decimal, format_document_date};
use crate::text::lines_of;

/// How many models a review cites at least, when the register has them
/// (seed 002 asks for five), and at most.
pub const MODELS_CITED: usize = 5;
const MODELS_CITED_MAX: usize = 10;
/// How much of a model's results a review quotes.
const RESULTS_QUOTED: usize = 600;

/// A part as written, paragraph by paragraph, or the dotted line a
/// document leaves to fill by hand.
fn paragraphs(text: &str) -> Vec<Block> {
    let lines = lines_of(text);
    if lines.is_empty() {
        vec![Block::Para("……………………………………………………………………".to_string())]
    } else {
        lines.into_iter().map(Block::Para).collect()
    }
}

/// The models a review cites: begun by the period's end, the typical ones
/// first (even if stopped since), then the largest still running at its
/// end; at least [`MODELS_CITED`] when the register has them.
pub fn models_cited<'a>(sheet: &PeriodSheet, models: &'a [ModelBelow]) -> Vec<&'a ModelBelow> {
    let end = sheet.period.to();
    let mut standing: Vec<&ModelBelow> = models
        .iter()
        .filter(|m| m.model.since.is_some_and(|s| s.year() <= end))
        .filter(|m| m.model.exists_at_end_of(end) || m.model.typical)
        .collect();
    standing.sort_by(|a, b| {
        (
            b.model.typical,
            b.model.people,
            b.model.households,
            &a.model.name,
        )
            .cmp(&(
                a.model.typical,
                a.model.people,
                a.model.households,
                &b.model.name,
            ))
    });
    let typical = standing.iter().filter(|m| m.model.typical).count();
    standing.truncate(typical.clamp(MODELS_CITED, MODELS_CITED_MAX));
    standing
}

/// The review of `sheet`'s unit over its period, on `today`.
pub fn review_doc(
    sheet: &PeriodSheet,
    models: &[ModelBelow],
    texts: &ReviewTexts,
    today: Day,
) -> ReportDoc {
    let period = sheet.period;
    let text = |p: ReviewPart| texts.get(p).trim();
    let or = |p: ReviewPart, default: String| {
        if text(p).is_empty() {
            default
        } else {
            text(p).to_string()
        }
    };
    let span = period.to() - period.from();
    let review = period.review_vi();
    let mut kind = review.to_string();
    kind[..1].make_ascii_uppercase();
    let years = if span > 0 {
        format!(" {span:02} năm")
    } else {
        String::new()
    };
    let title = format!(
        "{kind}{years} phong trào toàn dân bảo vệ an ninh Tổ quốc và Ngày hội toàn dân bảo vệ an ninh Tổ quốc, {}",
        period.label_vi()
    );
    let list_or = |p: ReviewPart, default: &[&str]| {
        let lines = lines_of(text(p));
        if lines.is_empty() {
            default.iter().map(|s| s.to_string()).collect()
        } else {
            lines
        }
    };
    let texts_section = |heading: &str, parts: &[(&str, ReviewPart)]| Section {
        heading: heading.to_string(),
        blocks: parts
            .iter()
            .flat_map(|(sub, p)| {
                std::iter::once(Block::Heading(sub.to_string())).chain(paragraphs(text(*p)))
            })
            .collect(),
    };
    ReportDoc {
        superior: text(ReviewPart::Superior).to_uppercase(),
        issuer: or(ReviewPart::Issuer, sheet.unit.name.to_uppercase()),
        number: if text(ReviewPart::Number).is_empty() {
            "Số:       /BC-BCĐ".to_string()
        } else {
            format!("Số: {}", text(ReviewPart::Number))
        },
        place_date: format!(
            "{}, {}",
            or(ReviewPart::PlaceName, "……".to_string()),
            format_document_date(today)
        ),
        kind: "BÁO CÁO".to_string(),
        title,
        sections: vec![
            Section {
                heading: "I. ĐẶC ĐIỂM, TÌNH HÌNH CHUNG".to_string(),
                blocks: paragraphs(text(ReviewPart::Situation)),
            },
            Section {
                heading: "II. CÔNG TÁC CHỈ ĐẠO, TRIỂN KHAI THỰC HIỆN".to_string(),
                blocks: paragraphs(text(ReviewPart::Direction)),
            },
            results(sheet, models, text(ReviewPart::Results)),
            texts_section(
                "IV. NHẬN XÉT, ĐÁNH GIÁ",
                &[
                    ("1. Ưu điểm", ReviewPart::Strengths),
                    ("2. Tồn tại, hạn chế", ReviewPart::Shortcomings),
                    ("3. Nguyên nhân", ReviewPart::Causes),
                    ("4. Bài học kinh nghiệm", ReviewPart::Lessons),
                ],
            ),
            texts_section(
                "V. PHƯƠNG HƯỚNG, NHIỆM VỤ; KIẾN NGHỊ, ĐỀ XUẤT",
                &[
                    ("1. Phương hướng, nhiệm vụ", ReviewPart::Directions),
                    ("2. Kiến nghị, đề xuất", ReviewPart::Proposals),
                ],
            ),
        ],
        recipients: list_or(
            ReviewPart::Recipients,
            &[
                "- Ban Chỉ đạo cấp trên;",
                "- Công an cấp trên;",
                "- Lưu: VT.",
            ],
        ),
        signer_title: list_or(ReviewPart::SignerTitle, &["TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN"]),
        signer_name: text(ReviewPart::SignerName).to_string(),
        figures: None,
        period: Some(period),
        annexes: vec![annex(sheet, Table::One), annex(sheet, Table::Two)],
    }
}

/// III: the officer's words, then the period's figures in sentences and
/// the models cited.
fn results(sheet: &PeriodSheet, models: &[ModelBelow], words: &str) -> Section {
    let period = sheet.period;
    let t = &sheet.total;
    let v = |f: Figure| format_decimal(t.period_value(f), f.decimals());
    let mut blocks: Vec<Block> = lines_of(words).into_iter().map(Block::Para).collect();

    blocks.push(Block::Heading(
        "1. Tổ chức Ngày hội toàn dân bảo vệ an ninh Tổ quốc".to_string(),
    ));
    let (events, people) = day_totals(t);
    let mut by_level = Vec::new();
    for f in Figure::ALL {
        if let Origin::Events(level, Measure::Events) = f.spec().origin {
            let held = t.period_value(*f);
            let came = Figure::of_origin(Origin::Events(level, Measure::People))
                .map_or(0, |p| t.period_value(p));
            if held > 0 {
                by_level.push(format!(
                    "{}: {} lượt, {} người",
                    level.label_vi(),
                    format_decimal(held, 0),
                    format_decimal(came, 0)
                ));
            }
        }
    }
    blocks.push(Block::Para(format!(
        "Trong {}, toàn đơn vị tổ chức {} lượt Ngày hội với {} lượt người tham dự{}.",
        period.label_vi(),
        format_decimal(events, 0),
        format_decimal(people, 0),
        if by_level.is_empty() {
            String::new()
        } else {
            format!(" ({})", by_level.join("; "))
        }
    )));

    blocks.push(Block::Heading(
        "2. Công tác tuyên truyền, vận động".to_string(),
    ));
    blocks.push(Block::Para(format!(
        "Ban hành {} văn bản hướng dẫn; tổ chức {} buổi tuyên truyền tập trung với {} lượt người tham gia; phát tài liệu {} lần; {} lần cổ động bằng các hình thức khác.",
        v(Figure::Documents),
        v(Figure::PropagandaSessions),
        v(Figure::PropagandaPeople),
        v(Figure::Leaflets),
        v(Figure::OtherForms)
    )));

    blocks.push(Block::Heading(
        "3. Vận động nhân dân tham gia phòng, chống tội phạm, giữ gìn trật tự".to_string(),
    ));
    blocks.push(Block::Para(format!(
        "Nhân dân cung cấp {} tin về an ninh, trật tự, trong đó {} tin có giá trị; qua đó điều tra làm rõ {} vụ, bắt giữ {} đối tượng.",
        v(Figure::Tips),
        v(Figure::TipsValuable),
        v(Figure::TipsCleared),
        v(Figure::TipsArrests)
    )));
    blocks.push(Block::Para(format!(
        "Có {} địa bàn phức tạp, đã đề nghị chuyển hóa {} địa bàn; {} vụ khiếu kiện, đã giải quyết, đôn đốc {} vụ; tham gia giải quyết {} vụ mâu thuẫn trong nội bộ nhân dân, ổn định {} vụ.",
        v(Figure::ComplexAreas),
        v(Figure::ComplexProposed),
        v(Figure::Complaints),
        v(Figure::ComplaintsResolved),
        v(Figure::Conflicts),
        v(Figure::ConflictsSettled)
    )));
    blocks.push(Block::Para(format!(
        "Giáo dục {} người lầm lỗi tiến bộ; giúp đỡ {} trên {} người tái hòa nhập cộng đồng, {} người không tái phạm; vận động {} đối tượng truy nã ra đầu thú.",
        v(Figure::ErringImproved),
        v(Figure::ReintegrationHelped),
        v(Figure::Reintegration),
        v(Figure::NotReoffending),
        v(Figure::WantedSurrendered)
    )));
    let weapons: Vec<String> = [
        (Figure::Guns, "khẩu súng"),
        (Figure::Rounds, "viên đạn"),
        (Figure::Detonators, "kíp nổ"),
        (Figure::Explosives, "kg vật liệu nổ"),
        (Figure::Blades, "dao, kiếm"),
    ]
    .into_iter()
    .filter(|(f, _)| t.period_value(*f) > 0)
    .map(|(f, what)| format!("{} {what}", v(f)))
    .collect();
    blocks.push(Block::Para(if weapons.is_empty() {
        "Chưa ghi nhận vũ khí, vật liệu nổ thu hồi.".to_string()
    } else {
        format!("Thu hồi {}.", weapons.join(", "))
    }));

    blocks.push(Block::Heading(
        "4. Xây dựng, nhân rộng mô hình, điển hình tiên tiến".to_string(),
    ));
    blocks.push(Block::Para(format!(
        "Đến cuối năm {}, toàn đơn vị có {} mô hình đang hoạt động; trong giai đoạn xây dựng mới {} mô hình.",
        period.to(),
        v(Figure::ModelsExisting),
        v(Figure::ModelsBuilt)
    )));
    let cited = models_cited(sheet, models);
    if cited.is_empty() {
        blocks.push(Block::Para(
            "Sổ mô hình chưa có mô hình nào để nêu.".to_string(),
        ));
    } else {
        blocks.push(Block::Para(
            "Một số mô hình, điển hình tiêu biểu:".to_string(),
        ));
        blocks.push(Block::Table {
            head: [
                "TT",
                "Mô hình",
                "Loại, cấp",
                "Địa bàn, quy mô",
                "Từ",
                "Kết quả",
            ]
            .map(String::from)
            .to_vec(),
            rows: cited
                .iter()
                .enumerate()
                .map(|(i, m)| model_row(i + 1, m))
                .collect(),
        });
    }

    blocks.push(Block::Heading(
        "5. Xây dựng lực lượng nòng cốt ở cơ sở".to_string(),
    ));
    blocks.push(Block::Para(format!(
        "Đến cuối năm {}: {} cán bộ, chiến sĩ Đội xây dựng phong trào cấp huyện; {} Công an xã; {} người tham gia lực lượng bảo vệ dân phố.",
        period.to(),
        v(Figure::XdptOfficers),
        v(Figure::CommunePolice),
        v(Figure::CivilDefence)
    )));

    blocks.push(Block::Heading(
        "6. Thi đua, khen thưởng và kinh phí".to_string(),
    ));
    let money = [
        Figure::FundMovement,
        Figure::FundCommunePolice,
        Figure::FundCivilDefence,
        Figure::FundAwards,
    ];
    let spent = money
        .iter()
        .fold(0u64, |n, f| n.saturating_add(t.period_value(*f)));
    blocks.push(Block::Para(format!(
        "{} lượt tập thể, cá nhân được tặng cờ, bằng khen; {} lượt được giấy khen của Công an tỉnh. Ngân sách đầu tư {} đồng (xây dựng phong trào {}; đảm bảo hoạt động Công an xã {}; đảm bảo hoạt động bảo vệ dân phố {}; chi khen thưởng {}).",
        v(Figure::FlagsCertificates),
        v(Figure::ProvincialCommendations),
        format_decimal(spent, 0),
        v(Figure::FundMovement),
        v(Figure::FundCommunePolice),
        v(Figure::FundCivilDefence),
        v(Figure::FundAwards)
    )));
    Section {
        heading: format!(
            "III. KẾT QUẢ THỰC HIỆN {}",
            period.label_vi().to_uppercase()
        ),
        blocks,
    }
}

/// The Ngày hội held at every level, and the people who came, over the
/// period.
fn day_totals(t: &PeriodFigures) -> (u64, u64) {
    Figure::ALL
        .iter()
        .fold((0u64, 0u64), |(e, p), f| match f.spec().origin {
            Origin::Events(_, Measure::Events) => (e.saturating_add(t.period_value(*f)), p),
            Origin::Events(_, Measure::People) => (e, p.saturating_add(t.period_value(*f))),
            _ => (e, p),
        })
}

/// A cited model as a row: its name, kind and level, place and scale,
/// since when, and its results (the first lines).
fn model_row(n: usize, m: &ModelBelow) -> Vec<String> {
    let f = &m.model;
    let mut scale = f.place.trim().to_string();
    if f.households > 0 || f.people > 0 {
        if !scale.is_empty() {
            scale.push_str("; ");
        }
        scale.push_str(&format!(
            "{} hộ, {} nhân khẩu",
            format_decimal(f.households, 0),
            format_decimal(f.people, 0)
        ));
    }
    let mut results: String = f.results.trim().chars().take(RESULTS_QUOTED).collect();
    if f.results.trim().chars().count() > RESULTS_QUOTED {
        results.push('…');
    }
    vec![
        n.to_string(),
        f.name.clone(),
        format!(
            "{}, cấp {}",
            f.kind.label_vi(),
            f.level.label_vi().to_lowercase()
        ),
        scale,
        f.since.map(|s| s.display_vi()).unwrap_or_default(),
        results,
    ]
}

/// One of seed 004's two tables: a row per year of the period, then the
/// period's; its header rows as the seed writes them, a group over its
/// columns, the header between where there is one.
pub fn annex(sheet: &PeriodSheet, table: Table) -> Annex {
    let figures: Vec<Figure> = Figure::ALL
        .iter()
        .copied()
        .filter(|f| f.spec().table == table)
        .collect();
    let number = match table {
        Table::One => 1,
        Table::Two => 2,
    };
    let mut head = vec![
        vec![HeadCell {
            text: "Năm".to_string(),
            cols: 1,
            rows: 3,
        }],
        Vec::new(),
        Vec::new(),
    ];
    let mut i = 0;
    while i < figures.len() {
        let s = figures[i].spec();
        let n = figures[i..]
            .iter()
            .take_while(|f| f.spec().group == s.group)
            .count();
        let alone = n == 1 && s.subgroup.is_empty() && s.header.is_empty();
        head[0].push(HeadCell {
            text: s.group.to_string(),
            cols: n as u16,
            rows: if alone { 3 } else { 1 },
        });
        if !alone {
            let mut j = i;
            while j < i + n {
                let sub = figures[j].spec().subgroup;
                let m = figures[j..i + n]
                    .iter()
                    .take_while(|f| f.spec().subgroup == sub)
                    .count();
                if sub.is_empty() {
                    for f in &figures[j..j + m] {
                        head[1].push(HeadCell {
                            text: f.spec().header.to_string(),
                            cols: 1,
                            rows: 2,
                        });
                    }
                } else {
                    head[1].push(HeadCell {
                        text: sub.to_string(),
                        cols: m as u16,
                        rows: 1,
                    });
                    for f in &figures[j..j + m] {
                        head[2].push(HeadCell {
                            text: f.spec().header.to_string(),
                            cols: 1,
                            rows: 1,
                        });
                    }
                }
                j += m;
            }
        }
        i += n;
    }
    head.retain(|row| !row.is_empty());
    let row = |name: String, value: &dyn Fn(Figure) -> u64| {
        std::iter::once(name)
            .chain(
                figures
                    .iter()
                    .map(|f| format_decimal(value(*f), f.decimals())),
            )
            .collect::<Vec<_>>()
    };
    let mut rows: Vec<Vec<String>> = sheet
        .period
        .years()
        .map(|y| row(y.to_string(), &|f| sheet.total.year(y).get(f)))
        .collect();
    if sheet.period.len() > 1 {
        rows.push(row(
            format!("Cả giai đoạn {}–{}", sheet.period.from(), sheet.period.to()),
            &|f| sheet.total.period_value(f),
        ));
    }
    Annex {
        title: format!(
            "Biểu {number}. Số liệu cơ bản về phong trào toàn dân bảo vệ an ninh Tổ quốc, {}",
            sheet.period.label_vi()
        ),
        head,
        rows,
    }
}

#[cfg(test)]
mod tests;
