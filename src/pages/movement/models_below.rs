//! "Mô hình của đơn vị trực thuộc": for the level above, every model its
//! subtree's registers hold in the period, filtered by kind, level and
//! whether it runs at the period's end.

use domain::kinds::model::{ModelFilter, ModelKind, ModelStatus};
use domain::movement::sheet::ModelBelow;
use domain::protocol::PeriodData;
use domain::text::format::format_decimal;
use domain::{Choice, Level};
use leptos::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;

/// The list with its three filters.
#[component]
pub fn ModelsBelow(data: Arc<PeriodData>) -> impl IntoView {
    let filter = RwSignal::new(ModelFilter::default());
    let end = data.period.to();
    let names: Arc<HashMap<String, String>> = Arc::new(
        std::iter::once(&data.unit)
            .chain(&data.units)
            .map(|u| (u.code.clone(), u.name.clone()))
            .collect(),
    );
    let pick = |label: &'static str,
                options: Vec<(&'static str, &'static str)>,
                set: fn(&mut ModelFilter, &str)| {
        let options = std::iter::once(("", "Tất cả"))
            .chain(options)
            .map(|(code, label)| view! { <option value=code>{label}</option> })
            .collect_view();
        view! {
            <label class="field field-inline"><span>{label}</span>
                <select on:change=move |ev| {
                    let v = event_target_value(&ev);
                    filter.update(|f| set(f, &v));
                }>{options}</select>
            </label>
        }
    };
    let kinds = ModelKind::all()
        .iter()
        .map(|k| (k.code(), k.label_vi()))
        .collect();
    let levels = Level::ALL
        .iter()
        .map(|l| (l.code(), l.label_vi()))
        .collect();
    let statuses = ModelStatus::all()
        .iter()
        .map(|s| (s.code(), s.label_vi()))
        .collect();
    let rows = move || {
        let f = filter.get();
        let kept: Vec<&ModelBelow> = data
            .models
            .iter()
            .filter(|m| f.keeps(&m.model, end))
            .collect();
        let count = kept.len();
        let rows = kept
            .into_iter()
            .map(|m| {
                let unit = names.get(&m.unit).cloned().unwrap_or_else(|| m.unit.clone());
                let scale = format!(
                    "{} hộ, {} người",
                    format_decimal(m.model.households, 0),
                    format_decimal(m.model.people, 0)
                );
                let since = m.model.since.map(|s| s.display_vi()).unwrap_or_default();
                let status = match m.model.stopped.filter(|_| !m.model.exists_at_end_of(end)) {
                    Some(s) => format!("Đã dừng {}", s.display_vi()),
                    None => "Đang hoạt động".to_string(),
                };
                view! {
                    <tr>
                        <th scope="row">{m.model.name.clone()}{m.model.typical.then_some(" (tiêu biểu)")}</th>
                        <td>{unit}</td>
                        <td>{m.model.kind.label_vi()}</td>
                        <td>{m.model.level.label_vi()}</td>
                        <td>{scale}</td>
                        <td>{since}</td>
                        <td>{status}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <p role="status">{format!("{count} mô hình")}</p>
            <div class="table-scroll" tabindex="0" role="region" aria-label="Danh sách mô hình">
                <table class="years-table models-table">
                    <thead><tr>
                        <th scope="col">"Mô hình"</th><th scope="col">"Đơn vị"</th><th scope="col">"Loại"</th>
                        <th scope="col">"Cấp"</th><th scope="col">"Quy mô"</th><th scope="col">"Từ"</th>
                        <th scope="col">{format!("Cuối năm {end}")}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
    };
    view! {
        <section class="card">
            <h2>"Mô hình, điển hình tiên tiến của đơn vị và cấp dưới"</h2>
            <div class="period-pick">
                {pick("Loại", kinds, |f, v| f.kind = ModelKind::from_code(v))}
                {pick("Cấp", levels, |f, v| f.level = Level::from_code(v))}
                {pick("Tình trạng", statuses, |f, v| f.status = ModelStatus::from_code(v))}
            </div>
            {rows}
        </section>
    }
}
