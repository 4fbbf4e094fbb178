//! "Tổng hợp theo giai đoạn": for the level above, the movement of every
//! unit below over a year or a period (sơ kết, tổng kết) — one figure at a
//! time on the phone (units down, years across, the period's value last),
//! its chart by year, and the whole sheet (a column group per year) as
//! CSV. Computed on the phone from the server's answer with the domain's
//! `period_sheet`, and kept, so it opens offline from the last pull.

use super::models_below::ModelsBelow;
use super::reviews_below::ReviewsBelow;
use super::{this_year, PeriodPick};
use crate::components::{ChartView, Kept};
use crate::error::AppError;
use crate::files;
use crate::screens::Address;
use crate::session::use_session;
use crate::sync::units;
use domain::movement::columns::period_sheet_csv;
use domain::movement::figures::Figure;
use domain::movement::period::Period;
use domain::movement::sheet::PeriodSheet;
use domain::protocol::PeriodData;
use domain::text::format::{format_date_time, format_decimal};
use leptos::prelude::*;
use std::sync::Arc;

/// The period screen: pick the years, then the sheet of that period.
#[component]
pub fn PeriodPage() -> impl IntoView {
    let from = RwSignal::new(this_year() - 4);
    let to = RwSignal::new(this_year());
    let period = Memo::new(move |_| Period::new(from.get(), to.get()));
    view! {
        <section class="page">
            <h1>"Tổng hợp phong trào theo giai đoạn"</h1>
            <PeriodPick from=from to=to/>
            <p class="quick-links"><a class="btn" href=Address::Review.path()>"Viết báo cáo sơ kết, tổng kết"</a></p>
            {move || match period.get() {
                Err(e) => view! { <p class="notice" role="alert">{e.message_vi()}</p> }.into_any(),
                Ok(p) => view! { <PeriodSheetView period=p/> }.into_any(),
            }}
        </section>
    }
}

/// The movement of this phone's unit and the units below over `period`:
/// the phone's copy at once, the server's answer when it comes (and kept
/// for the next time, offline).
pub(super) fn period_data(period: Period) -> Kept<PeriodData> {
    let session = use_session();
    let key = format!("period/{}-{}", period.from(), period.to());
    let kept = {
        let (s, key) = (session.clone(), key.clone());
        move || {
            let (s, key) = (s.clone(), key.clone());
            async move {
                let bytes = s.db().cached(&key).await.ok()??;
                serde_json::from_slice::<PeriodData>(&bytes).ok()
            }
        }
    };
    let fresh = move |_| {
        let (s, key) = (session.clone(), key.clone());
        async move {
            let enrolled = s.db().enrolment().await.ok().flatten();
            let data = units::period(&enrolled.ok_or(AppError::NotEnrolled)?, period).await?;
            if let Ok(json) = serde_json::to_vec(&data) {
                let _ = s.save_cached(&key, &json).await;
            }
            Ok(data)
        }
    };
    Kept::new(kept, fresh)
}

/// One period's sheet: the phone's copy at once, the server's when it
/// comes.
#[component]
fn PeriodSheetView(period: Period) -> impl IntoView {
    let data = period_data(period);
    let sheet = Memo::new(move |_| data.latest().map(|d| (Arc::new(d.sheet()), Arc::new(d))));
    let reload = Callback::new(move |_| data.refetch());
    let asked = move || match data.asked() {
        Some(Err(e)) => Some(view! { <p class="notice" role="alert">{e.message_vi()}</p> }),
        _ => None,
    };
    view! {
        {asked}
        {move || match sheet.get() {
            // Not asked yet, or asked and no answer (the message above says
            // why; nothing kept from before either).
            None if matches!(data.asked(), Some(Err(_))) => ().into_any(),
            None => view! { <p class="loading">"Đang tải số liệu…"</p> }.into_any(),
            Some((sheet, data)) => view! {
                <p class="hint">{format!("Số liệu lúc {}", format_date_time(data.generated_at, crate::time::utc_offset_minutes()))}</p>
                <FigureByUnit sheet=Arc::clone(&sheet)/>
                <SheetExport sheet=sheet/>
                <ReviewsBelow data=Arc::clone(&data) reload=reload/>
                <ModelsBelow data=data/>
            }.into_any(),
        }}
    }
}

/// One figure over the period: units down, years across, then the
/// period's value; and its chart by year.
#[component]
fn FigureByUnit(sheet: Arc<PeriodSheet>) -> impl IntoView {
    let figure = RwSignal::new(Figure::Tips);
    let options = Figure::ALL
        .iter()
        .map(|f| view! { <option value=f.key() selected=move || figure.get() == *f>{f.title_vi()}</option> })
        .collect_view();
    let pick = move |ev: leptos::ev::Event| {
        if let Some(f) = Figure::from_key(&event_target_value(&ev)) {
            figure.set(f);
        }
    };
    let table = {
        let sheet = Arc::clone(&sheet);
        move || {
            let f = figure.get();
            let years: Vec<i32> = sheet.period.years().collect();
            let cell = |v: u64| format_decimal(v, f.decimals());
            let head = years
                .iter()
                .map(|y| view! { <th scope="col">{y.to_string()}</th> })
                .collect_view();
            let row = |name: String, fig: &domain::movement::sheet::PeriodFigures, strong: bool| {
                let cells = years
                    .iter()
                    .map(|&y| view! { <td>{cell(fig.year(y).get(f))}</td> })
                    .collect_view();
                let total = cell(fig.period_value(f));
                view! {
                    <tr class:total=strong>
                        <th scope="row">{name}</th>
                        {cells}
                        <td><strong>{total}</strong></td>
                    </tr>
                }
            };
            let rows = sheet
                .reporting_rows()
                .map(|r| row(r.unit.name.clone(), &r.figures, false))
                .collect_view();
            let own = (!sheet.own.is_empty()).then(|| {
                row(
                    format!("{} (riêng đơn vị)", sheet.unit.name),
                    &sheet.own,
                    false,
                )
            });
            let total = row("Tổng cộng".to_string(), &sheet.total, true);
            view! {
                <div class="table-scroll" tabindex="0" role="region" aria-label="Số liệu theo đơn vị và năm">
                    <table class="years-table">
                        <caption>{format!("{}, {}", f.title_vi(), sheet.period.label_vi())}</caption>
                        <thead><tr><th scope="col">"Đơn vị"</th>{head}<th scope="col">"Cả giai đoạn"</th></tr></thead>
                        <tbody>{rows}{own}{total}</tbody>
                    </table>
                </div>
            }
        }
    };
    let chart = move || {
        let c = sheet.chart(figure.get());
        view! { <ChartView chart=c/> }
    };
    view! {
        <section class="card">
            <h2>"Từng chỉ tiêu"</h2>
            <label class="field"><span>"Chỉ tiêu"</span><select on:change=pick>{options}</select></label>
            {table}
            {chart}
        </section>
    }
}

/// The whole sheet (a column group per year, then the period) as CSV.
#[component]
fn SheetExport(sheet: Arc<PeriodSheet>) -> impl IntoView {
    let session = use_session();
    let xlsx = {
        let (sheet, s) = (Arc::clone(&sheet), session.clone());
        move |_| {
            let (sheet, s) = (Arc::clone(&sheet), s.clone());
            leptos::task::spawn_local(async move {
                if let Err(e) = crate::sheet_xlsx::export_period_xlsx(sheet).await {
                    s.report(&e);
                }
            });
        }
    };
    let csv = move |_| {
        let text = period_sheet_csv(&sheet);
        let name = format!(
            "phong-trao-{}-{}-{}.csv",
            sheet.unit.code,
            sheet.period.from(),
            sheet.period.to()
        );
        let s = session.clone();
        leptos::task::spawn_local(async move {
            let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(&text));
            if let Err(e) = files::offer(&name, "text/csv;charset=utf-8", &parts).await {
                s.report(&e);
            }
        });
    };
    view! {
        <section class="card">
            <h2>"Xuất bảng số liệu"</h2>
            <p class="hint">"Cả hai bảng thống kê, mỗi năm một nhóm cột và cả giai đoạn, mở được bằng Excel."</p>
            <button type="button" class="btn btn-block" on:click=xlsx>"Tải Excel (.xlsx)"</button>
            <button type="button" class="btn btn-block" on:click=csv>"Tải bảng (CSV)"</button>
        </section>
    }
}
