//! What the level above adds up: each event's figures ([`EventFigures`],
//! computed once per change of the event, from the same summary the
//! commune's "Tổng kết" and report show) and the statistics sheet of seed
//! 004 over a tree of units ([`Sheet`]): per level of event, số lượt and số
//! người tham dự, beside every phần hội figure, awards by form, opinions and
//! the budget — one row per unit below, subtotals for the units that have
//! units below them, and a grand total. An event counts once, in its own
//! unit's row and level.

use crate::award::{Award, AwardForm};
use crate::budget::FundSource;
use crate::event::{Day, EventId, Level};
use crate::outreach::OutreachKind;
use crate::protocol::{EventStatus, ReportState, ReportStatus};
use crate::state::EventState;
use crate::unit::{Unit, UnitLevel};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// One event's figures, as the level above adds them up.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventFigures {
    /// The host's name as typed.
    pub host_name: String,
    /// The day it is (or was) held.
    pub date: Option<Day>,
    /// Where.
    pub place: String,
    /// The district's showcase site.
    pub showcase: bool,
    /// A step of the ceremony has been ticked.
    pub started: bool,
    /// Every step to hold has been ticked.
    pub finished: bool,
    /// Everyone who attended (invitees present and the gate headcount).
    pub attendance: u64,
    /// Phần hội per kind: quantity (stored units) and value (đồng).
    pub outreach: BTreeMap<OutreachKind, (u64, u64)>,
    /// Awards per form.
    pub awards: BTreeMap<AwardForm, u64>,
    /// Opinions received.
    pub opinions: u64,
    /// Opinions answered.
    pub opinions_answered: u64,
    /// Spent per source (actual, or planned where not known), đồng.
    pub budget: BTreeMap<FundSource, u64>,
}

impl EventFigures {
    /// The figures of an event as it stands (`None` if its own record has
    /// not arrived).
    pub fn of(state: &EventState) -> Option<EventFigures> {
        let meta = state.meta.as_ref()?;
        if meta.removed.is_removed() {
            return None;
        }
        // Minutes matter for the report, not here: UTC is as good as any.
        let s = state.summary(0);
        let mut awards = BTreeMap::new();
        for a in state.entries::<Award>() {
            *awards.entry(a.form.value).or_insert(0) += 1;
        }
        Some(EventFigures {
            host_name: meta.host_name.value.clone(),
            date: Some(meta.date.value),
            place: meta.place.value.clone(),
            showcase: meta.showcase.value,
            started: s.program.done > 0,
            finished: s.program.total > 0 && s.program.done >= s.program.total,
            attendance: s.attendance,
            outreach: s
                .outreach
                .iter()
                .map(|(k, t)| (*k, (t.quantity, t.value)))
                .collect(),
            awards,
            opinions: s.opinions as u64,
            opinions_answered: s.opinions_answered as u64,
            budget: s
                .budget
                .iter()
                .map(|(src, t)| (*src, if t.actual > 0 { t.actual } else { t.planned }))
                .collect(),
        })
    }

    /// Whether the day has been held (its ceremony begun).
    pub fn held(&self) -> bool {
        self.started
    }
}

/// Sums over a set of events.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Totals {
    /// Per level of event: số lượt (events held) and số người tham dự.
    pub by_level: BTreeMap<Level, (u64, u64)>,
    /// Phần hội per kind: quantity and value.
    pub outreach: BTreeMap<OutreachKind, (u64, u64)>,
    /// Awards per form.
    pub awards: BTreeMap<AwardForm, u64>,
    /// Opinions received.
    pub opinions: u64,
    /// Opinions answered.
    pub opinions_answered: u64,
    /// Spent per source, đồng.
    pub budget: BTreeMap<FundSource, u64>,
}

impl Totals {
    /// Adds one event held at `level`.
    pub fn add(&mut self, level: Level, f: &EventFigures) {
        self.merge(&Totals {
            by_level: [(level, (1, f.attendance))].into_iter().collect(),
            outreach: f.outreach.clone(),
            awards: f.awards.clone(),
            opinions: f.opinions,
            opinions_answered: f.opinions_answered,
            budget: f.budget.clone(),
        });
    }

    /// Adds another set of totals.
    pub fn merge(&mut self, other: &Totals) {
        for (l, (n, p)) in &other.by_level {
            let at = self.by_level.entry(*l).or_default();
            at.0 += n;
            at.1 += p;
        }
        for (k, (q, v)) in &other.outreach {
            let t = self.outreach.entry(*k).or_default();
            t.0 += q;
            t.1 += v;
        }
        for (form, n) in &other.awards {
            *self.awards.entry(*form).or_default() += n;
        }
        self.opinions += other.opinions;
        self.opinions_answered += other.opinions_answered;
        for (src, amount) in &other.budget {
            *self.budget.entry(*src).or_default() += amount;
        }
    }

    /// Events held, all levels.
    pub fn events(&self) -> u64 {
        self.by_level.values().map(|(n, _)| n).sum()
    }

    /// People who took part, all levels.
    pub fn people(&self) -> u64 {
        self.by_level.values().map(|(_, p)| p).sum()
    }
}

/// One event below, as the roll-up sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventBelow {
    /// The event.
    pub event: EventId,
    /// Its unit's code.
    pub unit: String,
    /// Its figures.
    pub figures: EventFigures,
    /// Its latest report was accepted by the level above.
    pub accepted: bool,
}

impl Sheet {
    /// The rows an office's sheet lists: the units directly below, and the
    /// districts and communes further down (hamlets, agencies and schools
    /// count in their commune's row, as seed 004's sheet has them).
    pub fn reporting_rows(&self) -> impl Iterator<Item = &SheetRow> {
        self.rows
            .iter()
            .filter(|r| r.depth == 1 || matches!(r.unit.level, UnitLevel::Huyen | UnitLevel::Xa))
    }
}

/// A row of the sheet: a unit and the totals of its events and of every
/// unit below it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SheetRow {
    /// The unit.
    pub unit: Unit,
    /// 1 for the units directly below the sheet's unit, 2 below those, …
    pub depth: u32,
    /// Whether it has units below it: its row is their subtotal.
    pub subtotal: bool,
    /// Its totals.
    pub totals: Totals,
}

/// The statistics sheet of a unit: its rows, in tree order, and the grand
/// total (the unit's own events included).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sheet {
    /// The unit the sheet is for.
    pub unit: Unit,
    /// Its own events (a district's own Ngày hội), if any.
    pub own: Totals,
    /// One row per unit below, parents before their children.
    pub rows: Vec<SheetRow>,
    /// Everything.
    pub total: Totals,
}

/// The sheet of `root` over `units` (the units below it, any order) and
/// their `events` (figures with their unit). With `accepted_only`, only
/// events whose report was accepted count; otherwise every event held (its
/// ceremony begun). Events of units not below `root` are left out: nothing
/// counts twice, nothing from elsewhere.
pub fn sheet(root: &Unit, units: &[Unit], events: &[EventBelow], accepted_only: bool) -> Sheet {
    let by_code: HashMap<&str, &Unit> = units.iter().map(|u| (u.code.as_str(), u)).collect();
    let mut children: HashMap<&str, Vec<&Unit>> = HashMap::new();
    for u in units {
        if let Some(p) = &u.parent {
            children.entry(p.as_str()).or_default().push(u);
        }
    }
    for list in children.values_mut() {
        list.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.code.cmp(&b.code)));
    }
    // Each unit's own totals.
    let mut own: HashMap<&str, Totals> = HashMap::new();
    for e in events {
        if accepted_only && !e.accepted || !e.figures.held() {
            continue;
        }
        let unit = if e.unit == root.code {
            root
        } else {
            match by_code.get(e.unit.as_str()) {
                Some(u) => u,
                None => continue,
            }
        };
        // A province holds no event of its own level: its own count as
        // district-level, the nearest of seed 004's columns.
        let level = unit.level.event_level().unwrap_or(Level::Huyen);
        own.entry(unit.code.as_str())
            .or_default()
            .add(level, &e.figures);
    }
    let mut rows = Vec::new();
    let root_own = own.get(root.code.as_str()).cloned().unwrap_or_default();
    let mut total = root_own.clone();
    for child in children
        .get(root.code.as_str())
        .cloned()
        .unwrap_or_default()
    {
        let t = walk(child, 1, &children, &own, &mut rows);
        total.merge(&t);
    }
    Sheet {
        unit: root.clone(),
        own: root_own,
        rows,
        total,
    }
}

/// Adds `unit`'s row (and, after it, its children's), returns its totals.
fn walk(
    unit: &Unit,
    depth: u32,
    children: &HashMap<&str, Vec<&Unit>>,
    own: &HashMap<&str, Totals>,
    rows: &mut Vec<SheetRow>,
) -> Totals {
    let at = rows.len();
    let mut totals = own.get(unit.code.as_str()).cloned().unwrap_or_default();
    rows.push(SheetRow {
        unit: unit.clone(),
        depth,
        subtotal: false,
        totals: Totals::default(),
    });
    let below = children
        .get(unit.code.as_str())
        .cloned()
        .unwrap_or_default();
    for child in &below {
        let t = walk(child, depth + 1, children, own, rows);
        totals.merge(&t);
    }
    rows[at].subtotal = !below.is_empty();
    rows[at].totals = totals.clone();
    totals
}

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
        crate::format::format_decimal(self.value(t), self.decimals)
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

/// The sheet as CSV for Excel: UTF-8 with a byte-order mark (so Excel
/// shows the diacritics), the group row, the header row, one row per unit
/// (indented by depth), the unit's own events, and the total. Numbers are
/// plain (no thousands dots): the receiving sheet formats them.
pub fn sheet_csv(sheet: &Sheet) -> String {
    let cols = columns();
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let mut group = vec![String::new()];
    group.extend(cols.iter().map(|c| c.group.to_string()));
    let mut head = vec!["Đơn vị".to_string()];
    head.extend(cols.iter().map(|c| c.header.clone()));
    let plain = |c: &Column, t: &Totals| {
        if c.decimals == 0 {
            c.value(t).to_string()
        } else {
            let d = 10u64.pow(c.decimals);
            format!(
                "{}.{:0w$}",
                c.value(t) / d,
                c.value(t) % d,
                w = c.decimals as usize
            )
        }
    };
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
    for row in rows {
        // Writing to memory cannot fail.
        let _ = w.write_record(&row);
    }
    let bytes = w.into_inner().unwrap_or_default();
    format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
}

/// Where a unit's report stands, as the level above reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportProgress {
    /// Chưa gửi.
    NotSent,
    /// Đã gửi đúng hạn.
    OnTime,
    /// Gửi muộn.
    Late,
    /// Bị trả lại.
    Returned,
    /// Đã tiếp nhận.
    Accepted,
}

impl ReportProgress {
    /// From an event's latest submission and its deadline (the end of that
    /// day in Việt Nam, UTC+7).
    pub fn of(latest: Option<&ReportState>, due: Day) -> ReportProgress {
        match latest {
            None => ReportProgress::NotSent,
            Some(r) => match r.status {
                ReportStatus::Accepted => ReportProgress::Accepted,
                ReportStatus::Returned => ReportProgress::Returned,
                ReportStatus::Submitted if r.submitted_at <= due.end_ms(VIETNAM) => {
                    ReportProgress::OnTime
                }
                ReportStatus::Submitted => ReportProgress::Late,
            },
        }
    }

    /// As the sheet writes it.
    pub fn label_vi(self) -> &'static str {
        match self {
            ReportProgress::NotSent => "Chưa gửi",
            ReportProgress::OnTime => "Đã gửi đúng hạn",
            ReportProgress::Late => "Gửi muộn",
            ReportProgress::Returned => "Bị trả lại",
            ReportProgress::Accepted => "Đã tiếp nhận",
        }
    }
}

/// Việt Nam's offset from UTC, in minutes: deadlines are its days.
const VIETNAM: i32 = 7 * 60;

/// The reporting counts at the top of the dashboard, DHIS2's way: units
/// expected to report (the communes and districts below), how many held
/// the day, reported, and reported on time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Units expected to report.
    pub expected: u64,
    /// Of those, with an event whose ceremony has begun.
    pub held: u64,
    /// Of those, with a report sent (any state).
    pub reported: u64,
    /// Of those, whose first report came by the deadline.
    pub on_time: u64,
}

impl Counts {
    /// The counts over `units` below and their `events`.
    pub fn of(units: &[Unit], events: &[EventStatus]) -> Counts {
        let mut by_unit: HashMap<&str, Vec<&EventStatus>> = HashMap::new();
        for e in events {
            by_unit.entry(e.unit.as_str()).or_default().push(e);
        }
        let mut c = Counts::default();
        for u in units {
            if !matches!(u.level, UnitLevel::Xa | UnitLevel::Huyen) {
                continue;
            }
            c.expected += 1;
            let mine = by_unit.get(u.code.as_str()).cloned().unwrap_or_default();
            c.held += u64::from(mine.iter().any(|e| e.figures.held()));
            let sent: Vec<&ReportState> = mine.iter().filter_map(|e| e.latest.as_ref()).collect();
            c.reported += u64::from(!sent.is_empty());
            c.on_time += u64::from(mine.iter().any(|e| {
                e.latest
                    .as_ref()
                    .is_some_and(|r| r.submitted_at <= e.due.end_ms(VIETNAM))
            }));
        }
        c
    }

    /// A count as a share of those expected, in whole percent.
    pub fn rate(&self, n: u64) -> u64 {
        (n * 100 + self.expected / 2)
            .checked_div(self.expected)
            .unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(code: &str, level: UnitLevel, parent: Option<&str>) -> Unit {
        Unit {
            code: code.into(),
            name: format!("Đơn vị {code}"),
            level,
            parent: parent.map(Into::into),
        }
    }

    fn figures(people: u64, guns: u64, held: bool) -> EventFigures {
        EventFigures {
            started: held,
            attendance: people,
            outreach: [(OutreachKind::Guns, (guns, 0))].into_iter().collect(),
            ..Default::default()
        }
    }

    fn below(unit: &str, f: EventFigures, accepted: bool) -> EventBelow {
        EventBelow {
            event: EventId::random(),
            unit: unit.into(),
            figures: f,
            accepted,
        }
    }

    #[test]
    fn each_event_counts_once_in_its_own_units_level_with_subtotals() {
        let province = unit("19", UnitLevel::Tinh, None);
        let units = vec![
            unit("164", UnitLevel::Huyen, Some("19")),
            unit("05842", UnitLevel::Xa, Some("164")),
            unit("05842-01", UnitLevel::Thon, Some("05842")),
            unit("05836", UnitLevel::Xa, Some("19")),
            unit("99001", UnitLevel::Xa, Some("99")),
        ];
        let events = vec![
            below("164", figures(1_534, 0, true), true),
            below("05842", figures(150, 2, true), false),
            below("05842-01", figures(80, 1, true), true),
            below("05836", figures(120, 3, true), true),
            // Not held: not counted.
            below("05836", figures(0, 0, false), true),
            // Another province's commune: not below, not counted.
            below("99001", figures(999, 9, true), true),
        ];
        let s = sheet(&province, &units, &events, false);
        let codes: Vec<&str> = s.rows.iter().map(|r| r.unit.code.as_str()).collect();
        assert_eq!(codes, ["05836", "164", "05842", "05842-01"]);
        let district = &s.rows[1];
        assert!(district.subtotal);
        assert_eq!(district.totals.by_level[&Level::Huyen], (1, 1_534));
        assert_eq!(district.totals.by_level[&Level::Xa], (1, 150));
        assert_eq!(district.totals.by_level[&Level::Thon], (1, 80));
        assert_eq!(s.total.events(), 4);
        assert_eq!(s.total.people(), 1_534 + 150 + 80 + 120);
        assert_eq!(s.total.outreach[&OutreachKind::Guns], (6, 0));
        // Accepted reports only: the district's commune's own falls out.
        let accepted = sheet(&province, &units, &events, true);
        assert_eq!(accepted.total.events(), 3);
        assert_eq!(accepted.total.by_level.get(&Level::Xa), Some(&(1, 120)));
    }

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
    fn a_report_is_on_time_until_the_end_of_its_day_in_vietnam() {
        let due = Day::parse("2026-08-25").unwrap();
        let sent = |at: u64, status| ReportState {
            id: "x".into(),
            submitted_at: at,
            officer: String::new(),
            received_at: at,
            status,
            note: String::new(),
            decided_at: None,
        };
        // 23:59 on the 25th in Việt Nam is 16:59 UTC.
        let last_minute = 1_787_677_140_000;
        assert_eq!(
            ReportProgress::of(Some(&sent(last_minute, ReportStatus::Submitted)), due),
            ReportProgress::OnTime
        );
        assert_eq!(
            ReportProgress::of(
                Some(&sent(last_minute + 120_000, ReportStatus::Submitted)),
                due
            ),
            ReportProgress::Late
        );
        assert_eq!(ReportProgress::of(None, due), ReportProgress::NotSent);
        assert_eq!(
            ReportProgress::of(Some(&sent(0, ReportStatus::Returned)), due),
            ReportProgress::Returned
        );
        let units = vec![
            unit("a", UnitLevel::Xa, Some("r")),
            unit("b", UnitLevel::Xa, Some("r")),
            unit("c", UnitLevel::Xa, Some("r")),
            unit("c-1", UnitLevel::Thon, Some("c")),
        ];
        let status = |u: &str, held: bool, latest: Option<ReportState>| EventStatus {
            event: EventId::random(),
            unit: u.into(),
            figures: figures(10, 0, held),
            latest,
            due,
        };
        let events = vec![
            status("a", true, Some(sent(last_minute, ReportStatus::Submitted))),
            status(
                "b",
                true,
                Some(sent(last_minute + 86_400_000, ReportStatus::Accepted)),
            ),
            status("c-1", true, None),
        ];
        let c = Counts::of(&units, &events);
        assert_eq!(
            c,
            Counts {
                expected: 3,
                held: 2,
                reported: 2,
                on_time: 1
            }
        );
        assert_eq!((c.rate(c.reported), c.rate(c.on_time)), (67, 33));
    }
}
