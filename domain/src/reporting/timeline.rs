//! The year's timeline as the seeds set it (seed 000): flags and banners up
//! from 18/7, the day held on or before 19/8, the report to the level above
//! by its deadline (25/8 unless the level above set another). A commune sees
//! what is due next; the level above sees who is late.

use crate::kinds::event::Day;

/// What a commune has to do next, and by when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    /// What ("Treo cờ, băng rôn", …).
    pub what: &'static str,
    /// By when.
    pub by: Day,
    /// Days left (negative: late).
    pub days_left: i64,
}

impl Due {
    /// One line for the overview.
    pub fn line_vi(&self) -> String {
        let when = self.by.display_vi();
        match self.days_left {
            d if d > 0 => format!(
                "Việc tiếp theo: {} — trước {when}, còn {d} ngày.",
                self.what
            ),
            0 => format!("Việc tiếp theo: {} — hạn hôm nay, {when}.", self.what),
            d => format!("Đã quá hạn {} ngày: {} (hạn {when}).", -d, self.what),
        }
    }
}

/// The next thing due for an event of `year` held on `held_on`, as of
/// `today`: `started` says its ceremony has begun, `reported` that its
/// report has gone up. `None` once everything is done.
pub fn next_due(
    today: Day,
    held_on: Day,
    report_due: Day,
    started: bool,
    reported: bool,
) -> Option<Due> {
    let year = held_on.year();
    let flags = Day::parse(&format!("{year:04}-07-18")).ok()?;
    let due = |what, by: Day| Due {
        what,
        by,
        days_left: today.days_until(by),
    };
    if !started && today.days_until(flags) > 0 {
        Some(due("Treo cờ, băng rôn, khẩu hiệu (từ 18/7)", flags))
    } else if !started {
        Some(due("Tổ chức Ngày hội", held_on))
    } else if !reported {
        Some(due("Gửi báo cáo kết quả lên cấp trên", report_due))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Day {
        Day::parse(s).unwrap()
    }

    #[test]
    fn each_step_of_the_year_comes_in_turn() {
        let (held, due) = (d("2026-08-19"), d("2026-08-25"));
        let flags = next_due(d("2026-07-10"), held, due, false, false).unwrap();
        assert_eq!(flags.by, d("2026-07-18"));
        assert_eq!(flags.days_left, 8);
        let day = next_due(d("2026-08-01"), held, due, false, false).unwrap();
        assert_eq!(day.what, "Tổ chức Ngày hội");
        assert_eq!(
            day.line_vi(),
            "Việc tiếp theo: Tổ chức Ngày hội — trước 19/08/2026, còn 18 ngày."
        );
        let report = next_due(d("2026-08-27"), held, due, true, false).unwrap();
        assert_eq!(report.days_left, -2);
        assert_eq!(
            report.line_vi(),
            "Đã quá hạn 2 ngày: Gửi báo cáo kết quả lên cấp trên (hạn 25/08/2026)."
        );
        assert_eq!(next_due(d("2026-08-27"), held, due, true, true), None);
    }
}
