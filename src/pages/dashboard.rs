use crate::components::{ChartView, Kept};
use crate::error::AppError;
use crate::files;
use crate::screens::Address;
use crate::session::use_session;
use crate::sync::units;
use crate::time::{now_ms, utc_offset_minutes};
use domain::protocol::{Dashboard, EventStatus};
use domain::reporting::chart;
use domain::reporting::dashboard::subtree;
use domain::reporting::rollup::{sheet, EventBelow, Sheet};
use domain::reporting::sheet_columns::{columns, sheet_csv, sheet_table_markup};
use domain::reporting::status::{Counts, Reminder, ReportProgress};
use domain::text::format::{format_date_time, format_decimal};
use domain::unit::Unit;
use domain::Day;
use leptos::prelude::*;
use std::sync::Arc;

/// "Tổng hợp": for the level above, every unit below in a year — who held
/// the day, who reported and when, the statistics sheet of seed 004, two
/// charts, and the exports. The last data pulled is kept on the phone and
/// shown, with its time, when there is no connection.
#[component]
pub fn DashboardPage() -> impl IntoView {
    let session = use_session();
    let year = Day::from_unix_ms(now_ms(), utc_offset_minutes()).year();
    let key = format!("dashboard/{year}");
    // The copy kept on the phone, shown while the server is asked (and
    // when it cannot be reached): only to a phone still signed in.
    let kept = {
        let (session, key) = (session.clone(), key.clone());
        move || {
            let (session, key) = (session.clone(), key.clone());
            async move {
                let (enrolled, kept) =
                    futures::join!(session.db().enrolment(), session.db().cached(&key));
                if !matches!(enrolled, Ok(Some(_))) {
                    return None;
                }
                crate::mark("app:dashboard-kept-read");
                let kept = serde_json::from_slice::<Dashboard>(&kept.ok()??).ok()?;
                crate::mark("app:dashboard-kept-parsed");
                Some(kept)
            }
        }
    };
    let fresh = move |_| {
        let (session, key) = (session.clone(), key.clone());
        async move {
            let enrolled = session.db().enrolment().await.ok().flatten();
            let fresh = units::dashboard(&enrolled.ok_or(AppError::NotEnrolled)?, year).await?;
            crate::mark("app:dashboard-fresh");
            if let Ok(json) = serde_json::to_vec(&fresh) {
                let _ = session.save_cached(&key, &json).await;
            }
            Ok(fresh)
        }
    };
    let dashboard = Kept::new(kept, fresh);
    // Apart from the figures: a refresh that brings nothing new moves the
    // time and redraws nothing (a province's tables take a while to draw).
    let at = move || dashboard.with_latest(|d| d.as_ref().map(|d| d.generated_at));
    let data = Memo::new_with_compare(
        move |_| dashboard.latest(),
        |old, new| match (old, new) {
            (Some(Some(old)), Some(Some(new))) => !old.same_figures(new),
            (Some(None), Some(None)) => false,
            _ => true,
        },
    );
    let state = move || match dashboard.asked() {
        None => "Đang tải…".to_string(),
        Some(Ok(())) => String::new(),
        Some(Err(AppError::NotEnrolled)) => {
            "Máy này chưa đăng nhập đơn vị. Vào “Đơn vị” để đăng nhập.".into()
        }
        Some(Err(AppError::Offline(_))) if dashboard.with_latest(Option::is_some) => {
            "Chưa kết nối được máy chủ: đang xem số liệu đã lưu trên máy.".into()
        }
        Some(Err(e)) => e.message_vi(),
    };
    // Live on the day: read again every half minute while on screen.
    let poll = set_interval_with_handle(
        move || {
            if document().visibility_state() == web_sys::VisibilityState::Visible {
                dashboard.refetch();
            }
        },
        std::time::Duration::from_secs(30),
    )
    .ok();
    on_cleanup(move || {
        if let Some(p) = poll {
            p.clear();
        }
    });
    // The unit drilled into (None: the phone's own).
    let root: RwSignal<Option<String>> = RwSignal::new(None);
    // Here, not in the body: a refresh redraws the body, and keeps these.
    let accepted_only = RwSignal::new(false);
    view! {
        <section class="page dashboard-page">
            <h1>{format!("Tổng hợp kết quả năm {year}")}</h1>
            <a class="btn btn-block" href=Address::Period.path()>"Phong trào theo giai đoạn (sơ kết, tổng kết)"</a>
            <p class="hint" role="status">{state}</p>
            {move || at().map(|at| view! {
                <p class="hint">{format!("Số liệu lúc {}", format_date_time(at, utc_offset_minutes()))}</p>
            })}
            {move || data.get().map(|d| view! { <DashboardBody data=d root=root accepted_only=accepted_only/> })}
        </section>
    }
}

#[component]
fn DashboardBody(
    data: Dashboard,
    root: RwSignal<Option<String>>,
    accepted_only: RwSignal<bool>,
) -> impl IntoView {
    let data = StoredValue::new(data);
    let current = Memo::new(move |_| {
        data.with_value(|d| {
            root.get()
                .and_then(|c| d.units.iter().find(|u| u.code == c).cloned())
                .unwrap_or_else(|| d.unit.clone())
        })
    });
    let view_of = move || {
        let unit = current.get();
        let (units, events) = data.with_value(|d| subtree(d, &unit.code));
        let below: Vec<EventBelow> = events
            .iter()
            .map(|e| EventBelow {
                event: e.event,
                unit: e.unit.clone(),
                figures: e.figures.clone(),
                accepted: e
                    .latest
                    .as_ref()
                    .is_some_and(|r| r.status == domain::protocol::ReportStatus::Accepted),
            })
            .collect();
        let sheet = sheet(&unit, &units, &below, accepted_only.get());
        let counts = Counts::of(&units, &events);
        // Shared with the tables below, not copied: a province has a thousand.
        let events = Arc::new(events);
        let people = sheet.people_below();
        let year = data.with_value(|d| d.year);
        let today = Day::from_unix_ms(now_ms(), utc_offset_minutes());
        let reminders: Vec<(String, Reminder)> = Reminder::due(&units, &events, year, today)
            .into_iter()
            .map(|(u, r)| (u.name.clone(), r))
            .collect();
        let children: Vec<Unit> = units
            .iter()
            .filter(|u| u.parent.as_deref() == Some(unit.code.as_str()))
            .cloned()
            .collect();
        let with_children: Vec<bool> = children
            .iter()
            .map(|c| {
                units
                    .iter()
                    .any(|u| u.parent.as_deref() == Some(c.code.as_str()))
            })
            .collect();
        view! {
            <ReportingCounts counts=counts/>
            <UnitsToRemind reminders=reminders/>
            <StatusTable children=children with_children=with_children events=Arc::clone(&events) root=root/>
            <Charts people=people events=events expected=counts.expected/>
            <SheetTable sheet=sheet accepted_only=accepted_only/>
        }
    };
    let back = move || {
        root.get().map(|_| {
            view! {
                <button type="button" class="btn no-print" on:click=move |_| {
                    let parent = current.get_untracked().parent;
                    let own = data.with_value(|d| d.unit.code.clone());
                    root.set(parent.filter(|p| *p != own));
                }>"← Lên cấp trên"</button>
            }
        })
    };
    view! {
        <a class="btn no-print" href=Address::ReportsBelow.path()>"Xem và duyệt báo cáo"</a>
        <h2 class="dashboard-unit">{move || current.get().name}</h2>
        {back}
        {view_of}
    }
}

/// DHIS2's reporting rates: expected, held, reported, on time.
#[component]
fn ReportingCounts(counts: Counts) -> impl IntoView {
    let item = |label: &'static str, n: u64| {
        view! {
            <div class="count">
                <p class="count-n">{format_decimal(n, 0)}</p>
                <p class="count-label">{label}</p>
                <p class="count-rate">{format!("{}%", counts.rate(n))}</p>
            </div>
        }
    };
    view! {
        <div class="card counts" role="group" aria-label="Tình hình báo cáo">
            <div class="count">
                <p class="count-n">{format_decimal(counts.expected, 0)}</p>
                <p class="count-label">"Đơn vị phải báo cáo"</p>
            </div>
            {item("Đã tổ chức", counts.held)}
            {item("Đã gửi báo cáo", counts.reported)}
            {item("Gửi đúng hạn", counts.on_time)}
        </div>
    }
}

/// Who to remind, most pressing first: reports returned or overdue, days
/// not held, deadlines close. The first few by name, then how many more.
#[component]
fn UnitsToRemind(reminders: Vec<(String, Reminder)>) -> impl IntoView {
    const SHOWN: usize = 10;
    let more = reminders.len().saturating_sub(SHOWN);
    (!reminders.is_empty()).then(|| {
        let lines = reminders
            .into_iter()
            .take(SHOWN)
            .map(|(name, r)| view! { <li><strong>{name}</strong>{format!(": {}", r.label_vi())}</li> })
            .collect_view();
        view! {
            <section class="card reminders no-print" role="status">
                <h2>"Cần nhắc"</h2>
                <ul>{lines}</ul>
                {(more > 0).then(|| view! { <p class="hint">{format!("và {} đơn vị khác", format_decimal(more as u64, 0))}</p> })}
            </section>
        }
    })
}

/// One row per unit directly below: its event, how far the day has got,
/// who came, and where its report stands against the deadline.
#[component]
fn StatusTable(
    children: Vec<Unit>,
    with_children: Vec<bool>,
    events: Arc<Vec<EventStatus>>,
    root: RwSignal<Option<String>>,
) -> impl IntoView {
    let today = Day::from_unix_ms(now_ms(), utc_offset_minutes());
    let rows = children
        .into_iter()
        .zip(with_children)
        .map(|(unit, has_children)| {
            let mine: Vec<&EventStatus> = events.iter().filter(|e| e.unit == unit.code).collect();
            let event = mine.first().map(|e| {
                let f = &e.figures;
                let when = f.date.map(|d| d.display_vi()).unwrap_or_default();
                let showcase = if f.showcase { " · điểm chỉ đạo" } else { "" };
                format!("{when} · {}{showcase}", f.place)
            });
            let held = mine.first().map_or("Chưa có Ngày hội", |e| {
                if e.figures.finished {
                    "Đã tổ chức xong"
                } else if e.figures.started {
                    "Đang diễn ra"
                } else {
                    "Chưa tổ chức"
                }
            });
            let people: u64 = mine.iter().map(|e| e.figures.attendance).sum();
            let progress = mine.first().map_or(ReportProgress::NotSent, |e| {
                ReportProgress::of(e.latest.as_ref(), e.due, e.grace_days)
            });
            let due = mine.first().map(|e| {
                let left = today.days_until(e.due);
                if progress != ReportProgress::NotSent {
                    String::new()
                } else if left >= 0 {
                    format!("còn {left} ngày")
                } else {
                    format!("quá hạn {} ngày", -left)
                }
            });
            let code = unit.code.clone();
            let event_id = mine.first().map(|e| e.event);
            let session = use_session();
            let lists = move |_| {
                let Some(id) = event_id else { return };
                let s = session.clone();
                leptos::task::spawn_local(async move {
                    let done = async {
                        let enrolled = s.db().enrolment().await?.ok_or(AppError::NotEnrolled)?;
                        let state = units::pull_event(&enrolled, id).await?;
                        crate::sheet_xlsx::export_lists(state, format!("danh-sach-{id}.xlsx")).await
                    };
                    if let Err(e) = done.await {
                        s.report(&e);
                    }
                });
            };
            view! {
                <tr>
                    <th scope="row">
                        {unit.name.clone()}
                        {event_id.map(|_| view! {
                            <button type="button" class="btn btn-small no-print" on:click=lists>"Danh sách (.xlsx)"</button>
                        })}
                        {has_children.then(|| view! {
                            <button type="button" class="btn btn-small no-print"
                                on:click=move |_| root.set(Some(code.clone()))>"Xem đơn vị trực thuộc"</button>
                        })}
                    </th>
                    <td>{event.unwrap_or_default()}</td>
                    <td>{held}</td>
                    <td class="num">{format_decimal(people, 0)}</td>
                    <td class="report-progress">{progress.label_vi()}</td>
                    <td>{due.unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card">
            <h2>"Tình hình tổ chức và báo cáo"</h2>
            <div class="table-wrap" tabindex="0" role="region" aria-label="Tình hình tổ chức và báo cáo của từng đơn vị">
                <table class="status-table">
                    <thead><tr>
                        <th scope="col">"Đơn vị"</th><th scope="col">"Ngày hội"</th><th scope="col">"Tình hình"</th>
                        <th scope="col">"Số người"</th><th scope="col">"Báo cáo"</th><th scope="col">"Hạn"</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

/// Participation per unit below, and reports received day by day.
#[component]
fn Charts(
    people: Vec<(String, u64)>,
    events: Arc<Vec<EventStatus>>,
    expected: u64,
) -> impl IntoView {
    let bars = chart::bars("Số người tham dự theo đơn vị", &people);
    let today = Day::from_unix_ms(now_ms(), utc_offset_minutes());
    let due = events.first().map(|e| e.due).unwrap_or(today);
    let sent: Vec<Day> = events
        .iter()
        .filter_map(|e| e.latest.as_ref())
        .map(|r| Day::from_unix_ms(r.submitted_at, utc_offset_minutes()))
        .collect();
    let progress = chart::progress("Tiến độ gửi báo cáo", due, today, &sent, expected);
    let session = use_session();
    let png = move |c: chart::Chart, name: &'static str| {
        let s = session.clone();
        move |_| {
            let (c, s) = (c.clone(), s.clone());
            leptos::task::spawn_local(async move {
                let made = async {
                    // Twice the drawing's size: sharp on a printed page.
                    let blob = files::svg_to_png(&c.svg, chart::WIDTH * 2, c.height * 2).await?;
                    files::offer(name, "image/png", &js_sys::Array::of1(&blob)).await
                };
                if let Err(e) = made.await {
                    s.report(&e);
                }
            });
        }
    };
    view! {
        <section class="card charts">
            <h2>"Biểu đồ"</h2>
            <ChartView chart=bars.clone()/>
            <button type="button" class="btn no-print" on:click=png(bars, "so-nguoi-tham-du.png")>"Tải biểu đồ (PNG)"</button>
            <ChartView chart=progress.clone()/>
            <button type="button" class="btn no-print" on:click=png(progress, "tien-do-bao-cao.png")>"Tải biểu đồ (PNG)"</button>
        </section>
    }
}

/// Seed 004's statistics sheet: one row per unit below with subtotals and
/// the grand total; exports and print.
#[component]
fn SheetTable(sheet: Sheet, accepted_only: RwSignal<bool>) -> impl IntoView {
    // Shared by the exports, not copied: a province's has thousands of rows.
    let sheet = Arc::new(sheet);
    let cols = columns();
    let width = format!("{}rem", 11.0 + 6.5 * cols.len() as f32);
    let markup = sheet_table_markup(&sheet, &cols);
    let session = use_session();
    let csv = {
        let (sheet, s) = (Arc::clone(&sheet), session.clone());
        move |_| {
            let (text, s) = (sheet_csv(&sheet), s.clone());
            let name = format!("tong-hop-{}.csv", sheet.unit.code);
            leptos::task::spawn_local(async move {
                let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(&text));
                if let Err(e) = files::offer(&name, "text/csv;charset=utf-8", &parts).await {
                    s.report(&e);
                }
            });
        }
    };
    let xlsx = {
        let (sheet, s) = (Arc::clone(&sheet), session);
        move |_| {
            let (sheet, s) = (Arc::clone(&sheet), s.clone());
            leptos::task::spawn_local(async move {
                if let Err(e) = crate::sheet_xlsx::export_xlsx(sheet).await {
                    s.report(&e);
                }
            });
        }
    };
    let print = |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    view! {
        <section class="card sheet">
            <h2>"Kết quả tổ chức Ngày hội toàn dân bảo vệ ANTQ"</h2>
            <p class="print-only sheet-unit">{sheet.unit.name.to_uppercase()}</p>
            <label class="check no-print">
                <input type="checkbox" prop:checked=move || accepted_only.get()
                    on:change=move |ev| accepted_only.set(event_target_checked(&ev))/>
                <span>"Chỉ tính báo cáo đã tiếp nhận"</span>
            </label>
            <div class="table-wrap" tabindex="0" role="region" aria-label="Bảng tổng hợp kết quả tổ chức Ngày hội">
                // Fixed column widths (in the markup): the browser lays the
                // table out from them alone, not by measuring every cell.
                <table class="sheet-table" style:width=width inner_html=markup></table>
            </div>
            <div class="quick-links no-print">
                <button type="button" class="btn" on:click=xlsx>"Tải Excel (.xlsx)"</button>
                <button type="button" class="btn" on:click=csv>"Tải CSV"</button>
                <button type="button" class="btn" on:click=print>"In bảng (A4 ngang)"</button>
            </div>
            <div class="print-only sheet-sign">
                <p class="report-strong">"NGƯỜI LẬP BIỂU"</p>
                <p class="report-strong">"THỦ TRƯỞNG ĐƠN VỊ"</p>
            </div>
        </section>
    }
}
