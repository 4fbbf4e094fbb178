//! "Số liệu phong trào năm …": the figures the unit types for a year,
//! grouped as seed 004's two tables, each saved when the officer leaves
//! its field.

use super::this_year;
use crate::components::{follow, ChangedField};
use crate::error::AppError;
use crate::session::{use_event, use_session};
use domain::kinds::movement::Source;
use domain::movement::figures::{Figure, Table};
use domain::text::format::format_decimal;
use domain::unit::Unit;
use domain::DomainError;
use leptos::prelude::*;
use std::collections::BTreeMap;

/// The oldest year the form offers (the rule book's first).
const FIRST_YEAR: i32 = 1990;

/// The year's figures: pick the year, type each figure; the ones computed
/// (models, the Ngày hội) are shown on the sheet, not typed.
#[component]
pub fn YearFiguresForm(unit: Unit) -> impl IntoView {
    let year = RwSignal::new(this_year());
    let pick_year = move |ev: leptos::ev::Event| {
        if let Ok(y) = event_target_value(&ev).trim().parse::<i32>() {
            if (FIRST_YEAR..=this_year() + 1).contains(&y) {
                year.set(y);
            }
        }
    };
    let code = unit.code.clone();
    view! {
        <form class="card form movement-year" on:submit=|ev| ev.prevent_default()>
            <h2>{move || format!("Số liệu phong trào năm {}", year.get())}</h2>
            <label class="field">
                <span>"Năm"</span>
                <input type="number" name="year" inputmode="numeric" min=FIRST_YEAR max=this_year() + 1
                    prop:value=move || year.get().to_string() on:change=pick_year/>
            </label>
            <p class="hint">"Nhập số của riêng đơn vị trong năm; số mô hình và kết quả Ngày hội được tính từ sổ mô hình và các Ngày hội. Vũ khí, vật liệu nổ: số thu hồi ngoài Ngày hội (số nộp tại Ngày hội được cộng thêm)."</p>
            <TableFields table=Table::One title="Bảng 1: Công tác tổ chức thực hiện" code=code.clone() year=year/>
            <TableFields table=Table::Two title="Bảng 2: Kết quả thực hiện" code=code.clone() year=year/>
        </form>
    }
}

/// One table's typed figures, each saved on change.
#[component]
fn TableFields(
    table: Table,
    title: &'static str,
    code: String,
    year: RwSignal<i32>,
) -> impl IntoView {
    let (event, session) = (use_event(), use_session());
    let on_change = {
        let code = code.clone();
        move |ev: leptos::ev::Event| {
            let Some(field) = ChangedField::of(&ev) else {
                return;
            };
            let Some(figure) = Figure::from_key(&field.name) else {
                return;
            };
            let text = field.value.trim().to_string();
            // An emptied field states nothing: the figure stays as saved.
            if text.is_empty() {
                return;
            }
            let Some(value) = domain::text::parse_decimal(&text, figure.decimals()) else {
                let unit = if figure.decimals() > 0 {
                    "số kg"
                } else {
                    "số nguyên không âm"
                };
                return session.report(&AppError::Invalid(DomainError::Refused {
                    code: "not_a_number",
                    message: format!("{}: “{text}” không phải {unit}.", figure.name_vi()),
                }));
            };
            let (code, year) = (code.clone(), year.get_untracked());
            session.run(event, move |s, stamp, _| {
                s.save_movement(
                    &code,
                    year,
                    &BTreeMap::from([(figure, value)]),
                    Source::Entered,
                    stamp,
                )
            });
        }
    };
    let fields = Figure::entered()
        .filter(|f| f.spec().table == table)
        .map(|figure| {
            let code = code.clone();
            let shown = Signal::derive(move || {
                event
                    .with(|s| {
                        s.movement(&code, year.get())
                            .and_then(|m| m.values().get(&figure).copied())
                    })
                    .flatten()
                    .map_or(String::new(), |v| format_decimal(v, figure.decimals()))
            });
            let mode = if figure.decimals() > 0 { "decimal" } else { "numeric" };
            // The unit of measure, unless the seed's header says it already
            // ("Đã điều tra làm rõ (vụ)").
            let title = figure.title_vi();
            let label = match title.ends_with(')') {
                true => title,
                false => format!("{title} ({})", figure.spec().unit),
            };
            view! {
                <label class="field">
                    <span>{label}</span>
                    <input type="text" name=figure.key() inputmode=mode autocomplete="off" use:follow=shown/>
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="figure-table" on:change=on_change>
            <legend>{title}</legend>
            {fields}
        </fieldset>
    }
}
