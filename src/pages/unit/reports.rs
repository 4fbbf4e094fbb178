//! The deadline this unit sets for the units below, and their reports.

use crate::components::{DecideForm, FormValues, Loaded, ReportDocView};
use crate::error::AppError;
use crate::screens::Address;
use crate::session::use_session;
use crate::storage::Enrolled;
use crate::sync::units;
use crate::time::clock_time;
use domain::kinds::submission::ReportDoc;
use domain::protocol::{Deadline, Decision, ReportStatus, UnitReport};
use domain::Day;
use leptos::prelude::*;

/// The day the units below must report by.
#[component]
pub(super) fn DeadlineForm(enrolled: Enrolled) -> impl IntoView {
    let session = use_session();
    let saved = RwSignal::new(None::<String>);
    let year = enrolled.home.as_ref().map_or(2026, |h| h.year);
    // What this unit set last, as the server says, then as this form
    // saved it: the form shows it.
    let last_set = {
        let e = enrolled.clone();
        Loaded::new(move || {
            let e = e.clone();
            async move { units::own_deadline(&e, year).await.ok().flatten() }
        })
    };
    let set_last = move || last_set.get().flatten();
    let shown_due = move || set_last().map_or(format!("{year}-08-25"), |d| d.due.iso());
    let shown_grace = move || {
        set_last()
            .map_or(domain::protocol::DEFAULT_GRACE_DAYS, |d| d.grace_days)
            .to_string()
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (e, s) = (enrolled.clone(), session.clone());
        let form = FormValues::of(&ev);
        let due = match Day::parse(&form.text("due")) {
            Ok(d) => d,
            Err(err) => return s.report(&AppError::Invalid(err)),
        };
        let grace_days = form
            .text("grace_days")
            .parse::<u32>()
            .unwrap_or(domain::protocol::DEFAULT_GRACE_DAYS);
        leptos::task::spawn_local(async move {
            let deadline = Deadline {
                year,
                due,
                grace_days,
            };
            match units::set_deadline(&e, &deadline).await {
                Ok(()) => {
                    saved.set(Some(format!(
                        "Đã đặt hạn nộp: {}, gia hạn {grace_days} ngày.",
                        due.display_vi()
                    )));
                    last_set.set(Some(deadline));
                }
                Err(err) => s.report(&err),
            }
        });
    };
    view! {
        <form class="card form" on:submit=submit>
            <h2>"Hạn nộp báo cáo của đơn vị trực thuộc"</h2>
            <label class="field"><span>{format!("Hạn nộp báo cáo năm {year}")}</span>
                <input type="date" name="due" required prop:value=shown_due/></label>
            <label class="field"><span>"Số ngày gia hạn vẫn tính đúng hạn (theo lúc máy chủ nhận)"</span>
                <input type="number" name="grace_days" min="0" max="60" inputmode="numeric" required prop:value=shown_grace/></label>
            <button type="submit" class="btn btn-block">"Đặt hạn nộp"</button>
            {move || saved.get().map(|m| view! { <p role="status">{m}</p> })}
        </form>
    }
}

/// The reports the units below sent: read one, accept it or return it
/// with a note.
#[component]
pub(super) fn ReportsBelow(enrolled: Enrolled) -> impl IntoView {
    let session = use_session();
    let year = enrolled.home.as_ref().map_or(2026, |h| h.year);
    let list = {
        let (e, s) = (enrolled.clone(), session.clone());
        Loaded::new(move || {
            let (e, s) = (e.clone(), s.clone());
            async move {
                units::reports_below(&e, year)
                    .await
                    .map_err(|err| s.report(&err))
                    .ok()
            }
        })
    };
    let load = move || list.refetch();
    // Accepting many at once: every report sent and not yet decided.
    let waiting = move || {
        list.with(|l| {
            l.iter()
                .flatten()
                .flatten()
                .filter_map(|r| {
                    r.latest
                        .as_ref()
                        .filter(|x| x.status == ReportStatus::Submitted)
                        .map(|x| (r.event, x.id.clone()))
                })
                .collect::<Vec<_>>()
        })
    };
    let accept_all = {
        let (e, s) = (enrolled.clone(), session.clone());
        move |_| {
            let (e, s, all) = (e.clone(), s.clone(), waiting());
            leptos::task::spawn_local(async move {
                let accept = Decision {
                    accept: true,
                    note: String::new(),
                };
                for (event, id) in all {
                    if let Err(err) = units::decide(&e, event, &id, &accept).await {
                        s.report(&err);
                        break;
                    }
                }
                load();
            });
        }
    };
    view! {
        <section class="card" id=Address::ReportsBelow.fragment()>
            <h2>{format!("Báo cáo của đơn vị trực thuộc năm {year}")}</h2>
            {move || {
                let n = waiting().len();
                (n > 1).then(|| view! {
                    <button type="button" class="btn btn-block" on:click=accept_all.clone()>
                        {format!("Tiếp nhận cả {n} báo cáo đang chờ")}
                    </button>
                })
            }}
            {move || {
                let enrolled = enrolled.clone();
                // While reading again, the last answer stays shown.
                match list.get().flatten() {
                    // Not read yet, or not read: the notice says why.
                    None => view! { <p class="loading">"Đang tải…"</p> }.into_any(),
                    Some(l) if l.is_empty() => view! { <p>"Chưa có Ngày hội nào của đơn vị trực thuộc được chia sẻ."</p> }.into_any(),
                    Some(l) => l.into_iter().map(|r| {
                        view! { <ReportBelowRow report=r enrolled=enrolled.clone() reload=Callback::new(move |_| load())/> }
                    }).collect_view().into_any(),
                }
            }}
        </section>
    }
}

#[component]
fn ReportBelowRow(report: UnitReport, enrolled: Enrolled, reload: Callback<()>) -> impl IntoView {
    let open = RwSignal::new(false);
    let state = match &report.latest {
        None => "Chưa gửi báo cáo".to_string(),
        Some(l) => match l.status {
            ReportStatus::Submitted => format!("Đã gửi lúc {}", clock_time(l.submitted_at)),
            ReportStatus::Accepted => "Đã tiếp nhận".to_string(),
            ReportStatus::Returned => format!("Đã trả lại: {}", l.note),
        },
    };
    let doc = report
        .report
        .as_deref()
        .and_then(|r| ReportDoc::from_json(r).ok());
    let submission = report.latest.as_ref().map(|l| l.id.clone());
    let event = report.event;
    view! {
        <div class="report-below">
            <p><strong>{report.unit.name.clone()}</strong> " — " {report.host_name.clone()} " · " {report.date.display_vi()}</p>
            <p class="report-state">{state}</p>
            {doc.map(|doc| view! {
                <button type="button" class="btn" on:click=move |_| open.update(|o| *o = !*o)>
                    {move || if open.get() { "Đóng báo cáo" } else { "Xem báo cáo" }}
                </button>
                <div class:hidden=move || !open.get()>
                    <ReportDocView doc=doc/>
                    {submission.clone().map(|id| view! {
                        <DecideForm enrolled=enrolled.clone() event=event submission=id decided=reload/>
                    })}
                </div>
            })}
        </div>
    }
}
