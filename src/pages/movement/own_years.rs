//! "Các năm của đơn vị": the unit's own years side by side — every figure
//! of both tables, one column a year and the period's value — computed
//! by the domain's period sheet from the ledger on this phone.

use super::{this_year, PeriodPick};
use crate::session::use_event;
use domain::movement::figures::Figure;
use domain::movement::period::Period;
use domain::movement::sheet::{period_sheet, ModelBelow, MovementBelow, PeriodSheet};
use domain::text::format::format_decimal;
use domain::unit::Unit;
use leptos::prelude::*;

/// The years a unit's screen shows at first: the last five.
const SHOWN_YEARS: i32 = 5;

/// The unit's years side by side, over a period the officer picks.
#[component]
pub fn OwnYears(unit: Unit) -> impl IntoView {
    let event = use_event();
    let to = RwSignal::new(this_year());
    let from = RwSignal::new(this_year() - SHOWN_YEARS + 1);
    let period = Memo::new(move |_| Period::new(from.get(), to.get()));
    let sheet = Memo::new(move |_| {
        let period = period.get().ok()?;
        event.with(|s| {
            let code = unit.code.as_str();
            let movements: Vec<MovementBelow> = s
                .movements()
                .filter_map(|m| MovementBelow::of(code, m))
                .collect();
            let models: Vec<ModelBelow> = s
                .entries::<domain::kinds::model::Model>()
                .filter_map(|m| ModelBelow::of(code, m))
                .collect();
            period_sheet(&unit, &[], &movements, &models, &[], period)
        })
    });
    view! {
        <section class="card">
            <h2>"Các năm của đơn vị"</h2>
            <PeriodPick from=from to=to/>
            {move || match period.get() {
                Err(e) => view! { <p class="notice" role="alert">{e.message_vi()}</p> }.into_any(),
                Ok(_) => sheet.get().map(|s| view! { <YearsTable sheet=s/> }.into_any()).unwrap_or_else(|| ().into_any()),
            }}
        </section>
    }
}

/// Figures down, years across: readable on a phone, scrolled sideways
/// within its own box.
#[component]
fn YearsTable(sheet: PeriodSheet) -> impl IntoView {
    let years: Vec<i32> = sheet.period.years().collect();
    let head = years
        .iter()
        .map(|y| view! { <th scope="col">{y.to_string()}</th> })
        .collect_view();
    let rows = Figure::ALL
        .iter()
        .map(|&f| {
            let cells = years
                .iter()
                .map(|&y| view! { <td>{format_decimal(sheet.total.year(y).get(f), f.decimals())}</td> })
                .collect_view();
            view! {
                <tr>
                    <th scope="row">{f.title_vi()}</th>
                    {cells}
                    <td><strong>{format_decimal(sheet.total.period_value(f), f.decimals())}</strong></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label="Số liệu các năm của đơn vị">
            <table class="years-table">
                <caption>{format!("Số liệu phong trào {}", sheet.period.label_vi())}</caption>
                <thead><tr><th scope="col">"Chỉ tiêu"</th>{head}<th scope="col">"Cả giai đoạn"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
