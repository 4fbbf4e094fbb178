//! Property tests: the budget's total is the sum of its parts, wherever it
//! is read (the report, the figures sent up), on random budget lines.

use domain::kinds::budget::{BudgetFields, BudgetLine, FundSource, MAX_AMOUNT};
use domain::kinds::submission::ReportFigures;
use domain::reporting::rollup::EventFigures;
use domain::text::format::format_money;
use domain::Day;
use proptest::prelude::*;
use std::collections::BTreeMap;

mod support;
use support::*;

fn line() -> impl Strategy<Value = BudgetFields> {
    let amount = prop_oneof![0u64..=20_000_000, 0u64..=MAX_AMOUNT];
    (
        prop::sample::select(FundSource::ALL.to_vec()),
        amount.clone(),
        proptest::option::of(amount),
    )
        .prop_map(|(source, planned, actual)| BudgetFields {
            item: "Khoản chi".into(),
            source,
            planned,
            actual,
        })
}

/// What a line cost: its actual amount once known, else its planned one.
fn cost(f: &BudgetFields) -> u64 {
    f.actual.unwrap_or(f.planned)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn the_total_is_the_sum_of_the_sources_and_each_the_sum_of_its_lines(
        lines in proptest::collection::vec(line(), 0..12),
    ) {
        let mut phone = Phone::new(0);
        for r in &created(&mut phone.clock) {
            phone.receive(r);
        }
        let mut expected: BTreeMap<FundSource, u64> = BTreeMap::new();
        for (i, f) in lines.iter().enumerate() {
            *expected.entry(f.source).or_default() += cost(f);
            let stamp = phone.clock.tick(1_787_099_400_000 + i as u64);
            let r = phone.state.save::<BudgetLine>(None, f.clone(), stamp).unwrap();
            phone.receive(&r);
        }
        let total: u64 = expected.values().sum();

        let summary = phone.state.summary(420);
        let spent: BTreeMap<FundSource, u64> =
            summary.budget.iter().map(|(s, t)| (*s, t.spent)).collect();
        prop_assert_eq!(&spent, &expected);
        prop_assert_eq!(summary.budget_total.spent, spent.values().sum::<u64>());
        let (by_source, all) = phone.state.budget_totals();
        prop_assert_eq!(by_source, summary.budget.clone());
        prop_assert_eq!(all, summary.budget_total);

        // The figures sent up, per source and in all.
        let up = EventFigures::of(&phone.state).unwrap();
        prop_assert_eq!(&up.budget, &expected);
        prop_assert_eq!(ReportFigures::of(&summary).budget_total, total);

        // The report's sentence: the total, then each source's part.
        let doc = phone.state.report(Day::parse("2026-08-20").unwrap(), 420).unwrap();
        let text = doc.text_lines().join("\n");
        let said = format!("Tổng kinh phí tổ chức: {} (", format_money(total));
        prop_assert!(text.contains(&said), "missing {}", said);
        for (source, amount) in &expected {
            let part = format!("{}: {}", source.label_vi(), format_money(*amount));
            prop_assert!(text.contains(&part), "missing {}", part);
        }
    }
}
