//! Property tests: the report states exactly the figures of the summary
//! ("Tổng kết"), on random events, and survives its snapshot.

use domain::kinds::submission::{ReportDoc, ReportFigures};
use domain::text::format::format_decimal;
use domain::Day;
use proptest::prelude::*;

mod support;
use support::*;

const CASES: u32 = 500;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn the_report_states_the_summarys_figures(
        ops in proptest::collection::vec((0u8..2, op()), 0..60),
    ) {
        let mut phones: Vec<Phone> = (0..2).map(Phone::new).collect();
        let created = created(&mut phones[0].clock);
        for r in &created {
            phones[0].receive(r);
        }
        for (i, (p, op)) in ops.iter().enumerate() {
            let now = 1_787_099_400_000 + i as u64 * 60_000;
            let changed = phones[usize::from(*p)].run(op, now);
            // Everything reaches the other phone: the report is of one state.
            for r in &changed {
                phones[usize::from(1 - *p)].receive(r);
            }
        }
        let mut state = phones[1].state.clone();
        for r in &created {
            state.apply(r.clone()).unwrap();
        }
        let summary = state.summary(420);
        let doc = state.report(Day::parse("2026-08-20").unwrap(), 420).unwrap();
        prop_assert_eq!(doc.figures.as_ref(), Some(&ReportFigures::of(&summary)));
        let text = doc.text_lines().join("\n");
        let n = |v: u64| format_decimal(v, 0);
        let attendance = format!("Tổng số người tham dự: {} người", n(summary.attendance));
        prop_assert!(text.contains(&attendance));
        let gate = format!("(đếm tại cổng): {} người", n(summary.headcount));
        prop_assert!(text.contains(&gate));
        let steps = format!("Đã thực hiện {}/{} nội dung", n(summary.program.done as u64), n(summary.program.total as u64));
        prop_assert!(text.contains(&steps));
        for (kind, total) in &summary.outreach {
            let row = format!("{} | {}", kind.label_vi(), kind.format_quantity(total.quantity));
            prop_assert!(text.contains(&row), "missing {}", row);
        }
        prop_assert_eq!(ReportDoc::from_json(&doc.to_json()), Ok(doc));
    }
}
