//! "Số liệu các năm trước": the years before the app, brought in from the
//! template filled in a spreadsheet, as .xlsx or CSV. All or nothing: a
//! file with any bad line changes nothing and each bad line is named with
//! its number; importing the same file twice changes nothing the second
//! time. Imported figures are marked as imported in the history.

use super::this_year;
use crate::error::AppError;
use crate::files;
use crate::past_years_xlsx::{is_workbook, offer_template, read_rows};
use crate::session::{use_event, use_session, Session};
use domain::movement::import::{
    parse_past_years, parse_past_years_csv, past_years_csv, LineError, PastYear,
};
use domain::unit::Unit;
use domain::Stamp;
use leptos::prelude::*;
use std::collections::BTreeMap;

/// What the file read gave.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Read {
    /// Every line good: the years, waiting for "Nhập vào sổ", and how many
    /// of them would change the ledger.
    Ready(Vec<PastYear>, usize),
    /// Lines refused: nothing will be imported.
    Refused(Vec<LineError>),
    /// The file itself could not be read (a damaged workbook): why.
    Unreadable(String),
}

/// One row per unit in `reach` and year of the last five, to fill in.
fn template_years(reach: &[Unit]) -> Vec<PastYear> {
    reach
        .iter()
        .flat_map(|u| {
            (this_year() - 5..this_year()).map(move |year| PastYear {
                unit: u.code.clone(),
                year,
                values: BTreeMap::new(),
            })
        })
        .collect()
}

/// A picked .xlsx that is no workbook. Said here rather than as an
/// `AppError`'s message: those are in the module every phone loads first,
/// and only this screen says it.
const NOT_A_WORKBOOK: &str = "Không đọc được tệp Excel này: tệp bị hỏng hoặc không phải tệp .xlsx. Chưa nhập gì. Hãy mở tệp bằng Excel, lưu lại dạng “Sổ làm việc Excel (.xlsx)” hoặc CSV rồi chọn lại.";

/// Reads a picked file, CSV or workbook, into the years it holds or every
/// line refused; `Err` with the message when the file cannot be read.
async fn read_file(
    name: String,
    bytes: Vec<u8>,
    reach: &[Unit],
) -> Result<Result<Vec<PastYear>, Vec<LineError>>, String> {
    if is_workbook(&name, &bytes) {
        let rows = read_rows(bytes).await.map_err(|e| match e {
            AppError::FileUnreadable(_) => NOT_A_WORKBOOK.to_string(),
            e => e.message_vi(),
        })?;
        Ok(parse_past_years(&rows, reach))
    } else {
        Ok(parse_past_years_csv(
            &String::from_utf8_lossy(&bytes),
            reach,
        ))
    }
}

/// Hands over the error of an offer (the template), if any.
fn offered(s: &Session, handed: Result<files::Handed, AppError>) {
    if let Err(e) = handed {
        s.report(&e);
    }
}

/// The template to download, and the import of a filled one.
#[component]
pub fn PastYearsImport(unit: Unit, below: Vec<Unit>) -> impl IntoView {
    let (event, session) = (use_event(), use_session());
    let reach: Vec<Unit> = std::iter::once(unit.clone()).chain(below).collect();
    let read = RwSignal::new(None::<Read>);
    let done = RwSignal::new(None::<String>);
    let template = {
        let (reach, s) = (reach.clone(), session.clone());
        move |_| {
            let text = past_years_csv(&template_years(&reach), &reach);
            let s = s.clone();
            leptos::task::spawn_local(async move {
                let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(&text));
                let handed = files::offer(
                    "mau-so-lieu-phong-trao.csv",
                    "text/csv;charset=utf-8",
                    &parts,
                )
                .await;
                offered(&s, handed);
            });
        }
    };
    let template_xlsx = {
        let (reach, s) = (reach.clone(), session.clone());
        move |_| {
            let (reach, s) = (reach.clone(), s.clone());
            leptos::task::spawn_local(async move {
                offered(&s, offer_template(template_years(&reach), reach).await);
            });
        }
    };
    let pick = {
        let s = session.clone();
        move |ev: leptos::ev::Event| {
            let (s, reach) = (s.clone(), reach.clone());
            done.set(None);
            leptos::task::spawn_local(async move {
                let read_years = match files::read_picked_bytes(&ev).await {
                    None => return,
                    Some(Ok((name, bytes))) => read_file(name, bytes, &reach).await,
                    Some(Err(e)) => Err(e.message_vi()),
                };
                read.set(Some(match read_years {
                    // Said here, where the officer looks, and whatever was
                    // read before goes: nothing to import.
                    Err(message) => Read::Unreadable(message),
                    Ok(Err(lines)) => Read::Refused(lines),
                    Ok(Ok(years)) => {
                        // How many years it would change, found by trying
                        // it on the ledger as it stands (nothing saved).
                        let probe = Stamp {
                            wall: 0,
                            counter: 0,
                            device: s.device(),
                        };
                        let changes = event
                            .with_untracked_state(|l| l.import_past(&years, probe).map(|r| r.len()))
                            .and_then(Result::ok)
                            .unwrap_or(years.len());
                        Read::Ready(years, changes)
                    }
                }));
            });
        }
    };
    let apply = move |_| {
        let Some(Read::Ready(years, _)) = read.get_untracked() else {
            return;
        };
        let n = years.len();
        session
            .run(event, move |s, stamp, _| s.import_past(&years, stamp))
            .then(move |saved| {
                if saved {
                    read.set(None);
                    done.set(Some(format!(
                        "Đã nhập số liệu {n} năm vào sổ; sẽ gửi lên cấp trên khi có mạng."
                    )));
                }
            });
    };
    let shown = move || {
        read.get().map(|r| match r {
            Read::Unreadable(message) => view! {
                <p class="notice" role="alert">{message}</p>
            }
            .into_any(),
            Read::Refused(lines) => {
                let items = lines
                    .into_iter()
                    .map(|l| view! { <li>{format!("Dòng {}: {}", l.line, l.message)}</li> })
                    .collect_view();
                view! {
                    <div class="notice" role="alert">
                        <p>"Tệp có dòng không nhập được; chưa nhập gì. Sửa các dòng sau rồi chọn lại tệp:"</p>
                        <ul>{items}</ul>
                    </div>
                }
                .into_any()
            }
            Read::Ready(_, 0) => view! {
                <p role="status">"Các số liệu trong tệp đã có trong sổ; nhập lại không thay đổi gì."</p>
            }
            .into_any(),
            Read::Ready(years, _) => {
                let units = years.iter().map(|y| y.unit.as_str()).collect::<std::collections::BTreeSet<_>>().len();
                let (first, last) = years.iter().fold((i32::MAX, i32::MIN), |(a, b), y| (a.min(y.year), b.max(y.year)));
                let what = if years.is_empty() {
                    "Tệp không có dòng số liệu nào.".to_string()
                } else {
                    format!("Đọc được {} dòng: {units} đơn vị, từ năm {first} đến năm {last}.", years.len())
                };
                view! {
                    <p role="status">{what}</p>
                    <button type="button" class="btn btn-primary btn-block" on:click=apply.clone()>"Nhập vào sổ"</button>
                }
                .into_any()
            }
        })
    };
    view! {
        <section class="card">
            <h2>"Số liệu các năm trước"</h2>
            <p class="hint">"Tải mẫu, điền số liệu từng năm của đơn vị và các đơn vị trực thuộc (mỗi dòng một đơn vị, một năm), lưu lại dạng Excel (.xlsx) hoặc CSV rồi chọn tệp để nhập. Nhập lại cùng tệp không làm thay đổi gì."</p>
            <div class="quick-links">
                <button type="button" class="btn" on:click=template_xlsx>"Tải mẫu Excel (.xlsx)"</button>
                <button type="button" class="btn" on:click=template>"Tải mẫu (CSV)"</button>
            </div>
            <label class="btn btn-block file-pick">
                "Chọn tệp số liệu…"
                <input
                    type="file"
                    accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                    class="visually-hidden"
                    on:change=pick
                />
            </label>
            {shown}
            {move || done.get().map(|m| view! { <p role="status">{m}</p> })}
        </section>
    }
}
