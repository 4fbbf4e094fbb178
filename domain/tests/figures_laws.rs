//! Property tests: every figure of an event comes from one source, the
//! summary ("Tổng kết", `EventState::summary`). On random events — steps
//! ticked and skipped, taps at the gate on a few phones, hand-ins and
//! services of every kind, invitees checked in, awards, opinions, budget
//! lines, decoration jobs, some of them removed again — the figures sent up
//! with the report, the level above's roll-up, the statistics sheet, its
//! CSV and its markup, and the report's own tables and sentences all state
//! the summary's figures; and every total is the sum of its parts.

use domain::kinds::award::{Award, AwardFields, AwardForm};
use domain::kinds::budget::{BudgetFields, BudgetLine, FundSource};
use domain::kinds::decoration::Decoration;
use domain::kinds::forum::{Opinion, OpinionFields, OpinionStatus};
use domain::kinds::invitee::{Category, Invitee, InviteeFields};
use domain::kinds::outreach::{Outreach, OutreachFields, OutreachKind};
use domain::kinds::submission::{ReportDoc, ReportFigures};
use domain::reporting::rollup::{sheet, EventBelow, EventFigures, Sheet, Totals};
use domain::reporting::sheet_columns::{columns, sheet_csv, sheet_table_markup, Column, ColumnKey};
use domain::state::summary::Summary;
use domain::text::format::{format_decimal, format_money};
use domain::unit::{Unit, UnitLevel};
use domain::{Day, EventState, Hlc, Item, ItemId, Level, Record};
use proptest::prelude::*;
use std::collections::BTreeMap;
use uuid::Uuid;

mod support;
use support::{created, device, event_id};

/// The report's figures and the roll-up's, against the summary.
const CASES: u32 = 160;
/// Several events under one district: the sheet's sums.
const SHEET_CASES: u32 = 64;

/// One change an officer makes.
#[derive(Debug, Clone)]
enum Edit {
    /// Ticks (or unticks) a step of the program.
    Tick(usize, bool),
    /// Skips a step, or brings it back.
    Skip(usize, bool),
    /// A tap at the gate on one of three phones: +1, +5, +20 or −1.
    Tap(u8, i64),
    /// A hand-in or a service: kind, quantity (capped at the kind's most),
    /// value of gifts.
    HandIn(usize, u64, u64),
    /// Lists one of six invitees (fixed ids): category, walked in.
    Invite(u8, usize, bool),
    /// Checks an invitee in, or undoes it.
    CheckIn(u8, bool),
    /// An award of a form, presented or not.
    Award(usize, bool),
    /// Ticks the nth award presented, or not.
    Present(usize, bool),
    /// An opinion raised, where it stands.
    Opinion(usize),
    /// The nth opinion moves on.
    Answer(usize, usize),
    /// A budget line: source, planned, actual.
    Budget(usize, u64, Option<u64>),
    /// The nth decoration job done, or not.
    Decorate(usize, bool),
    /// Removes the nth entry of a list (0 outreach … 5 decorations).
    Remove(u8, usize),
    /// The level the event is held at.
    SetLevel(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let quantity = prop_oneof![1u64..=20, 1u64..=60_000];
    let amount = prop_oneof![0u64..=20_000_000, 0u64..=2_000_000_000];
    prop_oneof![
        4 => (0usize..14, prop::bool::weighted(0.8)).prop_map(|(i, d)| Edit::Tick(i, d)),
        1 => (0usize..14, any::<bool>()).prop_map(|(i, s)| Edit::Skip(i, s)),
        4 => (0u8..3, prop::sample::select(vec![1i64, 5, 20, -1])).prop_map(|(d, n)| Edit::Tap(d, n)),
        4 => (0..OutreachKind::ALL.len(), quantity, 0u64..=50_000_000)
            .prop_map(|(k, q, v)| Edit::HandIn(k, q, v)),
        2 => (0u8..6, 0..Category::ALL.len(), any::<bool>()).prop_map(|(i, c, w)| Edit::Invite(i, c, w)),
        2 => (0u8..6, prop::bool::weighted(0.7)).prop_map(|(i, p)| Edit::CheckIn(i, p)),
        2 => (0..AwardForm::ALL.len(), any::<bool>()).prop_map(|(f, p)| Edit::Award(f, p)),
        1 => (0usize..8, any::<bool>()).prop_map(|(i, p)| Edit::Present(i, p)),
        2 => (0..OpinionStatus::ALL.len()).prop_map(Edit::Opinion),
        1 => (0usize..8, 0..OpinionStatus::ALL.len()).prop_map(|(i, s)| Edit::Answer(i, s)),
        2 => (0..FundSource::ALL.len(), amount.clone(), proptest::option::of(amount))
            .prop_map(|(s, p, a)| Edit::Budget(s, p, a)),
        1 => (0usize..6, any::<bool>()).prop_map(|(i, d)| Edit::Decorate(i, d)),
        1 => (0u8..6, 0usize..8).prop_map(|(l, i)| Edit::Remove(l, i)),
        1 => (0..Level::ALL.len()).prop_map(Edit::SetLevel),
    ]
}

fn invitee_id(i: u8) -> ItemId {
    ItemId(Uuid::from_u128(0x1000 + u128::from(i)))
}

/// The event the edits make, on one phone (the taps on three).
fn event_of(edits: &[Edit]) -> EventState {
    let mut clock = Hlc::new(device(0));
    let mut state = EventState::empty(event_id());
    for r in created(&mut clock) {
        state.apply(r).unwrap();
    }
    let mut fresh = 0x2000u128;
    for (i, e) in edits.iter().enumerate() {
        let now = 1_787_099_400_000 + i as u64 * 60_000;
        let stamp = clock.tick(now);
        let mut id = || {
            fresh += 1;
            ItemId(Uuid::from_u128(fresh))
        };
        let steps: Vec<_> = state.program().iter().map(|s| s.id).collect();
        let step = |i: usize| steps[i % steps.len()];
        let nth = |ids: Vec<ItemId>, i: usize| (!ids.is_empty()).then(|| ids[i % ids.len()]);
        let result: Option<Result<Record, _>> = match *e {
            Edit::Tick(i, done) => Some(state.tick_step(step(i), done, now, stamp)),
            Edit::Skip(i, s) => Some(state.set_skipped(step(i), s, stamp)),
            Edit::Tap(d, n) => Some(Ok(state.tap(device(d), n))),
            Edit::HandIn(k, q, v) => {
                let kind = OutreachKind::ALL[k];
                let fields = OutreachFields {
                    kind,
                    quantity: q.min(kind.plausible_max()),
                    value: if kind.has_value() { v } else { 0 },
                    at: now,
                    note: String::new(),
                };
                Some(state.save::<Outreach>(Some(id()), fields, stamp))
            }
            Edit::Invite(i, c, walk_in) => {
                let fields = InviteeFields {
                    name: format!("Khách {i}"),
                    category: Category::ALL[c],
                    walk_in,
                    // Someone added at the door is here, as the app has it.
                    checked_in: walk_in.then_some(now),
                    ..Default::default()
                };
                Some(state.save::<Invitee>(Some(invitee_id(i)), fields, stamp))
            }
            Edit::CheckIn(i, present) => Some(state.update::<Invitee>(invitee_id(i), stamp, |f| {
                f.checked_in = present.then_some(now);
            })),
            Edit::Award(f, presented) => {
                let fields = AwardFields {
                    recipient: "Công an xã".into(),
                    collective: true,
                    form: AwardForm::ALL[f],
                    issuer: "Chủ tịch UBND huyện".into(),
                    decision: format!("{f}/QĐ-UBND"),
                    presented_at: presented.then_some(now),
                };
                Some(state.save::<Award>(Some(id()), fields, stamp))
            }
            Edit::Present(i, p) => nth(state.entries::<Award>().map(|a| a.id).collect(), i)
                .map(|a| state.update::<Award>(a, stamp, |f| f.presented_at = p.then_some(now))),
            Edit::Opinion(s) => {
                let fields = OpinionFields {
                    content: "Đề nghị lắp đèn đường".into(),
                    status: OpinionStatus::ALL[s],
                    ..Default::default()
                };
                Some(state.save::<Opinion>(Some(id()), fields, stamp))
            }
            Edit::Answer(i, s) => nth(state.entries::<Opinion>().map(|o| o.id).collect(), i)
                .map(|o| state.update::<Opinion>(o, stamp, |f| f.status = OpinionStatus::ALL[s])),
            Edit::Budget(s, planned, actual) => {
                let fields = BudgetFields {
                    item: "Khoản chi".into(),
                    source: FundSource::ALL[s],
                    planned,
                    actual,
                };
                Some(state.save::<BudgetLine>(Some(id()), fields, stamp))
            }
            Edit::Decorate(i, done) => {
                nth(state.entries::<Decoration>().map(|d| d.id).collect(), i)
                    .map(|d| state.update::<Decoration>(d, stamp, |f| f.done = done))
            }
            Edit::Remove(list, i) => {
                let ids: Vec<ItemId> = match list {
                    0 => state.entries::<Outreach>().map(|e| e.id).collect(),
                    1 => state.entries::<Invitee>().map(|e| e.id).collect(),
                    2 => state.entries::<Award>().map(|e| e.id).collect(),
                    3 => state.entries::<Opinion>().map(|e| e.id).collect(),
                    4 => state.entries::<BudgetLine>().map(|e| e.id).collect(),
                    _ => state.entries::<Decoration>().map(|e| e.id).collect(),
                };
                nth(ids, i).map(|id| match list {
                    0 => state.remove::<Outreach>(id, stamp),
                    1 => state.remove::<Invitee>(id, stamp),
                    2 => state.remove::<Award>(id, stamp),
                    3 => state.remove::<Opinion>(id, stamp),
                    4 => state.remove::<BudgetLine>(id, stamp),
                    _ => state.remove::<Decoration>(id, stamp),
                })
            }
            Edit::SetLevel(l) => Some(state.set_level(Level::ALL[l], stamp)),
        };
        // Refused changes (an invitee not listed yet, say) change nothing.
        if let Some(Ok(record)) = result {
            state.apply(record).unwrap();
        }
    }
    state
}

/// What a column of the sheet must hold for one event at `level`, read
/// from its summary: nothing if the day was not held.
fn from_summary(key: ColumnKey, s: &Summary, level: Level) -> u64 {
    if s.program.done == 0 {
        return 0;
    }
    match key {
        ColumnKey::Events(l) => u64::from(l == level),
        ColumnKey::People(l) if l == level => s.attendance,
        ColumnKey::People(_) => 0,
        ColumnKey::Outreach(k) => s.outreach.get(&k).map_or(0, |t| t.quantity),
        ColumnKey::GiftValue => s.outreach.get(&OutreachKind::Gifts).map_or(0, |t| t.value),
        ColumnKey::Award(f) => s.awards_by_form.get(&f).map_or(0, |n| *n as u64),
        ColumnKey::Opinions => s.opinions as u64,
        ColumnKey::Answered => s.opinions_answered as u64,
        ColumnKey::Budget(src) => s.budget.get(&src).map_or(0, |t| t.spent),
    }
}

/// The CSV's rows, each as its name (apostrophe and indent taken off) and
/// its numbers in stored units.
fn csv_rows(sheet: &Sheet, cols: &[Column]) -> Vec<(String, Vec<u64>)> {
    let text = sheet_csv(sheet);
    let body = text.strip_prefix('\u{feff}').expect("a byte-order mark");
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body.as_bytes());
    r.records()
        .skip(2)
        .map(|row| {
            let row = row.expect("the CSV reads back");
            assert_eq!(row.len(), cols.len() + 1);
            let name = row[0].strip_prefix('\'').unwrap_or(&row[0]).trim_start();
            let numbers = cols
                .iter()
                .enumerate()
                .map(|(i, c)| number(&row[i + 1], c.decimals))
                .collect();
            (name.to_string(), numbers)
        })
        .collect()
}

/// A plain number of the CSV ("1534", "1.500" kg) in stored units.
fn number(cell: &str, decimals: u32) -> u64 {
    let (whole, fraction) = cell.split_once('.').unwrap_or((cell, ""));
    assert_eq!(fraction.len(), decimals as usize, "{cell:?}");
    assert!(
        !cell.starts_with('\''),
        "a number written as text: {cell:?}"
    );
    let scale = 10u64.pow(decimals);
    whole.parse::<u64>().expect(cell) * scale + fraction.parse::<u64>().unwrap_or(0)
}

/// The markup's rows (the units directly below, the own events, the
/// total), each as its name and its cells as displayed.
fn markup_rows(sheet: &Sheet, cols: &[Column]) -> Vec<(String, Vec<String>)> {
    let html = sheet_table_markup(sheet, cols);
    let body = html.split("<tbody>").nth(1).expect("a body");
    body.split("<tr")
        .skip(1)
        .map(|row| {
            let name = row
                .split("<th scope=\"row\">")
                .nth(1)
                .and_then(|r| r.split("</th>").next())
                .expect("a row heading");
            let cells = row
                .split("<td class=\"num\">")
                .skip(1)
                .map(|c| c.split("</td>").next().unwrap().to_string())
                .collect();
            (name.to_string(), cells)
        })
        .collect()
}

fn n(v: u64) -> String {
    format_decimal(v, 0)
}

const NAMES: [&str; 4] = [
    "Xã Tân Lập",
    "=Xã Tân Hương",
    "-Phường 3",
    "@Thị trấn Phú Thứ",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn every_output_states_the_summarys_figures(
        edits in proptest::collection::vec(edit(), 0..70),
        own in any::<bool>(),
        name in 0..NAMES.len(),
    ) {
        let state = event_of(&edits);
        let s = state.summary(420);
        let meta = state.meta.as_ref().unwrap();
        let level = meta.level.value;

        // The figures sent up with the report: each the summary's.
        let doc = state.report(Day::parse("2026-08-20").unwrap(), 420).unwrap();
        let up = ReportFigures::of(&s);
        prop_assert_eq!(doc.figures.as_ref(), Some(&up));
        prop_assert_eq!(up.steps_done, s.program.done as u64);
        prop_assert_eq!(up.steps_total, s.program.total as u64);
        prop_assert_eq!(up.invitees_listed, s.invitees_total.listed as u64);
        prop_assert_eq!(up.invitees_present, s.invitees_total.present as u64);
        prop_assert_eq!(up.walk_ins, s.walk_ins as u64);
        prop_assert_eq!(up.headcount, s.headcount);
        prop_assert_eq!(up.attendance, s.attendance);
        let outreach: Vec<(String, u64)> =
            s.outreach.iter().map(|(k, t)| (k.code().to_string(), t.quantity)).collect();
        prop_assert_eq!(&up.outreach, &outreach);
        prop_assert_eq!(up.gifts_value, s.outreach.get(&OutreachKind::Gifts).map_or(0, |t| t.value));
        prop_assert_eq!(up.awards, s.awards as u64);
        prop_assert_eq!(up.awards_presented, s.awards_presented as u64);
        prop_assert_eq!(up.opinions, s.opinions as u64);
        prop_assert_eq!(up.opinions_answered, s.opinions_answered as u64);
        prop_assert_eq!(up.budget_total, s.budget_total.spent);

        // The roll-up's figures: each the summary's, and the event's level.
        let f = EventFigures::of(&state).unwrap();
        prop_assert_eq!(f.started, s.program.done > 0);
        prop_assert_eq!(f.held(), s.program.done > 0);
        prop_assert_eq!(f.finished, s.program.total > 0 && s.program.done >= s.program.total);
        prop_assert_eq!(f.level, Some(level));
        prop_assert_eq!(f.attendance, s.attendance);
        let outreach: BTreeMap<OutreachKind, (u64, u64)> =
            s.outreach.iter().map(|(k, t)| (*k, (t.quantity, t.value))).collect();
        prop_assert_eq!(&f.outreach, &outreach);
        let awards: BTreeMap<AwardForm, u64> =
            s.awards_by_form.iter().map(|(k, n)| (*k, *n as u64)).collect();
        prop_assert_eq!(&f.awards, &awards);
        prop_assert_eq!(f.opinions, s.opinions as u64);
        prop_assert_eq!(f.opinions_answered, s.opinions_answered as u64);
        let budget: BTreeMap<FundSource, u64> =
            s.budget.iter().map(|(k, t)| (*k, t.spent)).collect();
        prop_assert_eq!(&f.budget, &budget);
        prop_assert_eq!(&f.host_name, &meta.host_name.value);
        prop_assert_eq!(f.date, Some(meta.date.value));

        // The sheet over one unit holding the event (a district's own day,
        // or a commune's below it), its CSV and its markup: every column
        // the summary's, the total the same.
        let district = Unit { code: "164".into(), name: NAMES[name].into(), level: UnitLevel::Huyen, parent: None };
        let commune = Unit { code: "05842".into(), name: NAMES[(name + 1) % NAMES.len()].into(), level: UnitLevel::Xa, parent: Some("164".into()) };
        let holder = if own { &district } else { &commune };
        let event = EventBelow { event: state.id, unit: holder.code.clone(), figures: f, accepted: true };
        let sh = sheet(&district, std::slice::from_ref(&commune), &[event], false);
        let row = if own { &sh.own } else { &sh.rows[0].totals };
        prop_assert_eq!(row, &sh.total);
        let cols = columns();
        let expected: Vec<u64> = cols.iter().map(|c| from_summary(c.key, &s, level)).collect();
        let stated: Vec<u64> = cols.iter().map(|c| c.value(row)).collect();
        prop_assert_eq!(&stated, &expected);

        let csv = csv_rows(&sh, &cols);
        let held = s.program.done > 0;
        // The commune's row; the district's own (only when held); the total.
        let mut names = vec![commune.name.clone()];
        if own && held {
            names.push(format!("{} (tự tổ chức)", district.name));
        }
        names.push("Tổng cộng".into());
        prop_assert_eq!(csv.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>(), names);
        let zeros = vec![0; cols.len()];
        let commune_row = if own { &zeros } else { &expected };
        prop_assert_eq!(&csv[0].1, commune_row);
        prop_assert_eq!(&csv[csv.len() - 1].1, &expected);

        let shown: Vec<String> = cols
            .iter()
            .zip(&expected)
            .map(|(c, v)| format_decimal(*v, c.decimals))
            .collect();
        let markup = markup_rows(&sh, &cols);
        let (total_name, total_cells) = markup.last().unwrap();
        prop_assert_eq!(total_name, "Tổng cộng");
        prop_assert_eq!(total_cells, &shown);

        // The report's tables and sentences.
        let lines = doc.text_lines();
        let has = |line: &str| lines.iter().any(|l| l == line);
        let says = |part: &str| lines.iter().any(|l| l.contains(part));
        let said = format!(
            "Đã thực hiện {}/{} nội dung của chương trình phần lễ.",
            n(s.program.done as u64), n(s.program.total as u64)
        );
        prop_assert!(has(&said), "missing {}", said);
        let done_steps = s.program.steps.iter().filter(|p| p.actual.is_some()).count();
        prop_assert_eq!(done_steps, s.program.done);
        for (c, count) in &s.invitees {
            let row = format!("{} | {} | {}", c.label_vi(), n(count.listed as u64), n(count.present as u64));
            prop_assert!(has(&row), "missing {}", row);
        }
        let row = format!("Cộng đại biểu | {} | {}", n(s.invitees_total.listed as u64), n(s.invitees_total.present as u64));
        prop_assert!(has(&row), "missing {}", row);
        let said = format!(
            "Đại biểu có mặt: {} người (trong đó {} người đăng ký tại chỗ); quần chúng nhân dân dự (đếm tại cổng): {} người. Tổng số người tham dự: {} người.",
            n(s.invitees_total.present as u64), n(s.walk_ins as u64), n(s.headcount), n(s.attendance)
        );
        prop_assert!(has(&said), "missing {}", said);
        let said = format!(
            "Giấy mời: đã mời {} đại biểu theo danh sách",
            n((s.invitees_total.listed - s.walk_ins) as u64)
        );
        prop_assert!(says(&said), "missing {}", said);
        let said = format!("đã hoàn thành {}/{} việc", n(s.decorations_done as u64), n(s.decorations as u64));
        prop_assert!(says(&said), "missing {}", said);
        prop_assert_eq!(s.outreach.is_empty(), has("Không có kết quả phần hội được ghi nhận."));
        for (kind, t) in &s.outreach {
            let mut row = format!("{} | {}", kind.label_vi(), kind.format_quantity(t.quantity));
            if kind.has_value() && t.value > 0 {
                row = format!("{row} (trị giá {})", format_money(t.value));
            }
            prop_assert!(has(&row), "missing {}", row);
        }
        let said = format!(
            "Khen thưởng {} tập thể, cá nhân; đã trao tại Ngày hội {}.",
            n(s.awards as u64), n(s.awards_presented as u64)
        );
        prop_assert!(has(&said), "missing {}", said);
        for (form, count) in &s.awards_by_form {
            let row = format!("{} | {} | ", form.label_vi(), n(*count as u64));
            prop_assert!(lines.iter().any(|l| l.starts_with(&row)), "missing {}", row);
        }
        let said = format!(
            "Tiếp nhận {} ý kiến của nhân dân; đã trả lời {} ý kiến; đang tiếp tục theo dõi, giải quyết {} ý kiến.",
            n(s.opinions as u64), n(s.opinions_answered as u64), n(s.opinions_following as u64)
        );
        prop_assert!(has(&said), "missing {}", said);
        let said = format!("Tổng kinh phí tổ chức: {} (", format_money(s.budget_total.spent));
        prop_assert!(says(&said), "missing {}", said);
        for (src, t) in &s.budget {
            let part = format!("{}: {}", src.label_vi(), format_money(t.spent));
            prop_assert!(says(&part), "missing {}", part);
        }
        prop_assert_eq!(ReportDoc::from_json(&doc.to_json()), Ok(doc));
    }

    #[test]
    fn every_total_is_the_sum_of_its_parts(
        edits in proptest::collection::vec(edit(), 0..70),
    ) {
        let state = event_of(&edits);
        let s = state.summary(420);

        // Attendance: the invitees present and the gate.
        prop_assert_eq!(s.attendance, s.headcount + s.invitees_total.present as u64);
        let taps: i64 = edits.iter().map(|e| match e { Edit::Tap(_, n) => *n, _ => 0 }).sum();
        prop_assert_eq!(s.headcount, taps.max(0) as u64);
        // The invitees: the categories.
        let listed: usize = s.invitees.iter().map(|(_, c)| c.listed).sum();
        let present: usize = s.invitees.iter().map(|(_, c)| c.present).sum();
        prop_assert_eq!((listed, present), (s.invitees_total.listed, s.invitees_total.present));
        prop_assert!(s.invitees.iter().all(|(_, c)| c.listed > 0 && c.present <= c.listed));
        // Phần hội: each kind the sum of its lines, all kinds the sum of all.
        let lines: Vec<&Outreach> = state.entries::<Outreach>().collect();
        for (kind, t) in &s.outreach {
            let of_kind = lines.iter().filter(|l| l.kind.value == *kind);
            prop_assert_eq!(t.entries, of_kind.clone().count());
            prop_assert_eq!(t.quantity, of_kind.clone().map(|l| l.quantity.value).sum::<u64>());
            prop_assert_eq!(t.value, of_kind.map(|l| l.value.value).sum::<u64>());
        }
        let by_kind: u64 = s.outreach.values().map(|t| t.quantity).sum();
        prop_assert_eq!(by_kind, lines.iter().map(|l| l.quantity.value).sum::<u64>());
        prop_assert_eq!(s.outreach.values().map(|t| t.entries).sum::<usize>(), lines.len());
        // Awards: the forms; opinions: answered and followed up within.
        prop_assert_eq!(s.awards_by_form.values().sum::<usize>(), s.awards);
        prop_assert!(s.awards_presented <= s.awards);
        prop_assert!(s.opinions_answered + s.opinions_following <= s.opinions);
        // The budget: the sources, and each the sum of its lines' costs.
        let spent: u64 = s.budget.values().map(|t| t.spent).sum();
        let planned: u64 = s.budget.values().map(|t| t.planned).sum();
        let actual: u64 = s.budget.values().map(|t| t.actual).sum();
        prop_assert_eq!((spent, planned, actual), (s.budget_total.spent, s.budget_total.planned, s.budget_total.actual));
        for (src, t) in &s.budget {
            let cost: u64 = state
                .entries::<BudgetLine>()
                .filter(|l| l.source.value == *src)
                .map(|l| l.fields().cost())
                .sum();
            prop_assert_eq!(t.spent, cost);
        }
        // The program: what is ticked, of what is to hold.
        let program = state.program();
        prop_assert_eq!(s.program.done, program.iter().filter(|p| p.done_at.value.is_some()).count());
        prop_assert_eq!(s.program.total, program.iter().filter(|p| !p.skipped.value).count());
        prop_assert!(s.decorations_done <= s.decorations);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(SHEET_CASES))]

    /// Several events under one district, some held by its communes, one
    /// perhaps its own: the sheet's total row is the sum of its unit rows
    /// (and the own row), in the sheet, its CSV and its markup, and each
    /// unit's row is the sum of its events' summaries.
    #[test]
    fn the_sheets_total_row_is_the_sum_of_its_unit_rows(
        runs in proptest::collection::vec(
            (proptest::collection::vec(edit(), 0..40), 0usize..4),
            1..5,
        ),
    ) {
        let district = Unit { code: "164".into(), name: "Huyện Tân Kỳ".into(), level: UnitLevel::Huyen, parent: None };
        let mut units: Vec<Unit> = (0..3)
            .map(|i| Unit { code: format!("x{i}"), name: format!("{} {i}", NAMES[i]), level: UnitLevel::Xa, parent: Some("164".into()) })
            .collect();
        // A hamlet below the first commune: it counts in the commune's row.
        units.push(Unit { code: "t0".into(), name: "Thôn 1".into(), level: UnitLevel::Thon, parent: Some("x0".into()) });
        let holders = ["x0", "x1", "t0", "164"];
        let cols = columns();
        let mut events = Vec::new();
        // Per holder: the sum of its events' columns, read from summaries.
        let mut expected: BTreeMap<&str, Vec<u64>> = BTreeMap::new();
        for (n, (edits, holder)) in runs.iter().enumerate() {
            let state = event_of(edits);
            let s = state.summary(420);
            let level = state.meta.as_ref().unwrap().level.value;
            let sums = expected.entry(holders[*holder]).or_insert_with(|| vec![0; cols.len()]);
            for (sum, c) in sums.iter_mut().zip(&cols) {
                *sum += from_summary(c.key, &s, level);
            }
            events.push(EventBelow {
                event: domain::EventId(Uuid::from_u128(n as u128 + 1)),
                unit: holders[*holder].into(),
                figures: EventFigures::of(&state).unwrap(),
                accepted: true,
            });
        }
        let sh = sheet(&district, &units, &events, false);
        let of = |t: &Totals| cols.iter().map(|c| c.value(t)).collect::<Vec<u64>>();
        let add = |a: &[u64], b: &[u64]| a.iter().zip(b).map(|(x, y)| x + y).collect::<Vec<u64>>();
        let zeros = vec![0; cols.len()];
        let get = |code: &str| expected.get(code).cloned().unwrap_or_else(|| zeros.clone());

        // Each row the sum of its events (the commune's with its hamlet's).
        let row = |code: &str| sh.rows.iter().find(|r| r.unit.code == code).unwrap();
        prop_assert_eq!(of(&row("x0").totals), add(&get("x0"), &get("t0")));
        prop_assert_eq!(of(&row("x1").totals), get("x1"));
        prop_assert_eq!(of(&row("x2").totals), zeros.clone());
        prop_assert_eq!(of(&row("t0").totals), get("t0"));
        prop_assert_eq!(of(&sh.own), get("164"));
        // The total: the top rows and the own events.
        let mut top = of(&sh.own);
        for r in sh.rows.iter().filter(|r| r.depth == 1) {
            top = add(&top, &of(&r.totals));
        }
        prop_assert_eq!(of(&sh.total), top.clone());
        prop_assert_eq!(sh.total.events(), events.iter().filter(|e| e.figures.held()).count() as u64);

        // The CSV: the communes' rows (the hamlet is in its commune's), the
        // own row, the total row their sum.
        let csv = csv_rows(&sh, &cols);
        let (total_name, total) = csv.last().unwrap();
        prop_assert_eq!(total_name, "Tổng cộng");
        prop_assert_eq!(total, &top);
        let sum = csv[..csv.len() - 1].iter().fold(zeros.clone(), |acc, (_, r)| add(&acc, r));
        prop_assert_eq!(&sum, total);

        // The markup: its total row as the CSV's, as displayed.
        let markup = markup_rows(&sh, &cols);
        let shown: Vec<String> = cols.iter().zip(total).map(|(c, v)| format_decimal(*v, c.decimals)).collect();
        prop_assert_eq!(&markup.last().unwrap().1, &shown);
        prop_assert_eq!(markup.len(), csv.len());
    }
}
