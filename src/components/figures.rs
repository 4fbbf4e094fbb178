//! Tables of figures shown both on their own screen and in the summary.

use crate::session::use_event;
use domain::kinds::budget::{BudgetTotal, FundSource};
use domain::text::format::format_money;
use domain::Choice;
use leptos::prelude::*;

/// Outreach totals per kind, with units (and the value of gifts).
#[component]
pub fn OutreachTotalsTable() -> impl IntoView {
    let event = use_event();
    let rows = move || {
        let totals = event.with(|s| s.outreach_totals()).unwrap_or_default();
        if totals.is_empty() {
            return view! { <tr><td class="empty">"Chưa ghi nhận gì."</td></tr> }.into_any();
        }
        totals
            .into_iter()
            .map(|(k, t)| {
                let mut value = k.format_quantity(t.quantity);
                if k.has_value() {
                    value.push_str(&format!(" · {}", format_money(t.value)));
                }
                view! { <tr><th scope="row">{k.label_vi()}</th><td>{value}</td></tr> }
            })
            .collect_view()
            .into_any()
    };
    view! { <table class="figures"><tbody>{rows}</tbody></table> }
}

/// Planned and actual amounts per source of money, and in all, with the
/// amount the report states (each line's actual amount, or planned where not
/// known): the domain's figure, so the screen and the report agree.
#[component]
pub fn BudgetTable() -> impl IntoView {
    let event = use_event();
    let row = |label: &'static str, t: BudgetTotal| {
        view! {
            <tr>
                <th scope="row">{label}</th>
                <td>{format_money(t.planned)}</td>
                <td>{format_money(t.actual)}</td>
                <td>{format_money(t.spent)}</td>
            </tr>
        }
    };
    let rows = move || {
        let (by_source, total) = event.with(|s| s.budget_totals()).unwrap_or_default();
        view! {
            {FundSource::all()
                .iter()
                .map(|s| row(s.label_vi(), by_source.get(s).copied().unwrap_or_default()))
                .collect_view()}
            {row("Tổng cộng", total)}
        }
    };
    view! {
        <table class="figures">
            <thead><tr><th scope="col">"Nguồn"</th><th scope="col">"Dự kiến"</th><th scope="col">"Thực chi"</th><th scope="col">"Tính vào báo cáo"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
