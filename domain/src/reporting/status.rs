//! Where each report stands with the level above, and the reporting counts
//! and rates at the top of the dashboard.

use crate::kinds::event::Day;
use crate::reporting::dashboard::{EventStatus, ReportState, ReportStatus};
use crate::unit::{Unit, UnitLevel};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

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
    /// From an event's latest submission, its deadline and the grace days
    /// after it ([`on_time`]).
    pub fn of(latest: Option<&ReportState>, due: Day, grace_days: u32) -> ReportProgress {
        match latest {
            None => ReportProgress::NotSent,
            Some(r) => match r.status {
                ReportStatus::Accepted => ReportProgress::Accepted,
                ReportStatus::Returned => ReportProgress::Returned,
                ReportStatus::Submitted if on_time(r, due, grace_days) => ReportProgress::OnTime,
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

/// The last moment (Unix ms) a report counts as on time: the end of the
/// deadline's day in Việt Nam, plus the grace days the unit above gives.
pub fn on_time_until(due: Day, grace_days: u32) -> u64 {
    due.end_ms(VIETNAM) + u64::from(grace_days) * 86_400_000
}

/// Whether a report counts as on time: by when the server received it.
/// The sending phone's own clock is shown beside it, never decides (a
/// phone with its date set back would call any report on time).
pub fn on_time(report: &ReportState, due: Day, grace_days: u32) -> bool {
    report.received_at <= on_time_until(due, grace_days)
}

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
                    .is_some_and(|r| on_time(r, e.due, e.grace_days))
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

/// How many days before its deadline a unit that has not reported is
/// reminded.
pub const DUE_SOON_DAYS: i64 = 3;

/// Why the level above should remind a unit below.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reminder {
    /// Its report was returned and has not been sent again.
    Returned,
    /// No report, and the deadline passed this many days ago.
    Overdue(i64),
    /// No event, and the day (19/8) has passed.
    NotHeld,
    /// No report, and the deadline is this many days away (at most
    /// [`DUE_SOON_DAYS`]).
    DueSoon(i64),
    /// No event yet, in the month before the day (flags from 18/7).
    NotPlanned,
}

impl Reminder {
    /// As a notice says it.
    pub fn label_vi(self) -> String {
        match self {
            Reminder::Returned => "báo cáo bị trả lại, chưa gửi lại".into(),
            Reminder::Overdue(days) => format!("quá hạn {days} ngày, chưa gửi báo cáo"),
            Reminder::NotHeld => "chưa có Ngày hội trên hệ thống (đã qua ngày 19/8)".into(),
            Reminder::DueSoon(0) => "hạn báo cáo là hôm nay, chưa gửi".into(),
            Reminder::DueSoon(days) => format!("còn {days} ngày đến hạn, chưa gửi báo cáo"),
            Reminder::NotPlanned => "chưa có kế hoạch Ngày hội trên hệ thống".into(),
        }
    }

    /// The unit expected to report in `units` that should be reminded,
    /// today, with why: the most pressing first (returned, then the longest
    /// overdue), then by name.
    pub fn due<'a>(
        units: &'a [Unit],
        events: &[EventStatus],
        year: i32,
        today: Day,
    ) -> Vec<(&'a Unit, Reminder)> {
        let mut by_unit: HashMap<&str, Vec<&EventStatus>> = HashMap::new();
        for e in events {
            by_unit.entry(e.unit.as_str()).or_default().push(e);
        }
        let flags = Day::parse(&format!("{year:04}-07-18")).ok();
        let the_day = Day::traditional(year).ok();
        let mut out: Vec<(&Unit, Reminder)> = units
            .iter()
            .filter(|u| matches!(u.level, UnitLevel::Xa | UnitLevel::Huyen))
            .filter_map(|u| {
                let mine = by_unit.get(u.code.as_str());
                let Some(e) = mine.and_then(|m| m.first()) else {
                    return if the_day.is_some_and(|d| today > d) {
                        Some((u, Reminder::NotHeld))
                    } else if flags.is_some_and(|d| today >= d) {
                        Some((u, Reminder::NotPlanned))
                    } else {
                        None
                    };
                };
                let left = today.days_until(e.due);
                let reminder = match ReportProgress::of(e.latest.as_ref(), e.due, e.grace_days) {
                    ReportProgress::Returned => Reminder::Returned,
                    ReportProgress::NotSent if left < 0 => Reminder::Overdue(-left),
                    ReportProgress::NotSent if left <= DUE_SOON_DAYS => Reminder::DueSoon(left),
                    _ => return None,
                };
                Some((u, reminder))
            })
            .collect();
        out.sort_by(|(a, ra), (b, rb)| {
            let urgency = |r: &Reminder| match r {
                Reminder::Overdue(d) => (1, -d),
                Reminder::Returned => (0, 0),
                Reminder::NotHeld => (2, 0),
                Reminder::DueSoon(d) => (3, *d),
                Reminder::NotPlanned => (4, 0),
            };
            urgency(ra)
                .cmp(&urgency(rb))
                .then_with(|| a.name.cmp(&b.name))
        });
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reporting::rollup::tests::{figures, unit};
    use crate::EventId;

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
            ReportProgress::of(Some(&sent(last_minute, ReportStatus::Submitted)), due, 0),
            ReportProgress::OnTime
        );
        assert_eq!(
            ReportProgress::of(
                Some(&sent(last_minute + 120_000, ReportStatus::Submitted)),
                due,
                0
            ),
            ReportProgress::Late
        );
        assert_eq!(ReportProgress::of(None, due, 0), ReportProgress::NotSent);
        assert_eq!(
            ReportProgress::of(Some(&sent(0, ReportStatus::Returned)), due, 0),
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
            grace_days: 0,
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

    #[test]
    fn on_time_is_decided_by_the_servers_receipt_within_the_grace_days() {
        let due = Day::parse("2026-08-25").unwrap();
        let last_minute = 1_787_677_140_000;
        let day = 86_400_000;
        // Sent, by the phone's clock, before the deadline; received after.
        let report = |received_at: u64| ReportState {
            id: "x".into(),
            submitted_at: last_minute - 10 * day,
            officer: String::new(),
            received_at,
            status: ReportStatus::Submitted,
            note: String::new(),
            decided_at: None,
        };
        let late = report(last_minute + 4 * day);
        assert!(!on_time(&late, due, 3));
        assert_eq!(
            ReportProgress::of(Some(&late), due, 3),
            ReportProgress::Late
        );
        // Within the three grace days, by the server's receipt.
        let graced = report(last_minute + 3 * day);
        assert!(on_time(&graced, due, 3));
        assert!(!on_time(&graced, due, 0));
        assert_eq!(
            ReportProgress::of(Some(&graced), due, 3),
            ReportProgress::OnTime
        );
    }

    #[test]
    fn the_level_above_is_told_who_to_remind_most_pressing_first() {
        let due = Day::parse("2026-08-25").unwrap();
        let units = vec![
            unit("a", UnitLevel::Xa, Some("r")),
            unit("b", UnitLevel::Xa, Some("r")),
            unit("c", UnitLevel::Xa, Some("r")),
            unit("d", UnitLevel::Xa, Some("r")),
            unit("e", UnitLevel::Xa, Some("r")),
            unit("d-1", UnitLevel::Thon, Some("d")),
        ];
        let report = |status| ReportState {
            id: "x".into(),
            submitted_at: 1_787_600_000_000,
            officer: String::new(),
            received_at: 1_787_600_000_000,
            status,
            note: String::new(),
            decided_at: None,
        };
        let status = |u: &str, latest: Option<ReportState>| EventStatus {
            event: EventId::random(),
            unit: u.into(),
            figures: figures(10, 0, true),
            latest,
            due,
            grace_days: 0,
        };
        let events = vec![
            status("a", None),
            status("b", Some(report(ReportStatus::Returned))),
            status("c", Some(report(ReportStatus::Submitted))),
            // A hamlet's event: hamlets are not expected to report.
            status("d-1", None),
        ];
        let names = |today: &str| {
            Reminder::due(&units, &events, 2026, Day::parse(today).unwrap())
                .into_iter()
                .map(|(u, r)| (u.code.clone(), r))
                .collect::<Vec<_>>()
        };
        // Before the flags go up: only a report returned.
        assert_eq!(names("2026-07-01"), vec![("b".into(), Reminder::Returned)]);
        // Two days before the deadline: "a" is due soon; "d" and "e" have
        // no event, and the day has passed.
        assert_eq!(
            names("2026-08-23"),
            vec![
                ("b".into(), Reminder::Returned),
                ("d".into(), Reminder::NotHeld),
                ("e".into(), Reminder::NotHeld),
                ("a".into(), Reminder::DueSoon(2)),
            ]
        );
        assert_eq!(names("2026-08-28")[1], ("a".into(), Reminder::Overdue(3)));
        assert_eq!(names("2026-08-05")[1], ("d".into(), Reminder::NotPlanned));
        assert_eq!(
            Reminder::Overdue(3).label_vi(),
            "quá hạn 3 ngày, chưa gửi báo cáo"
        );
    }
}
