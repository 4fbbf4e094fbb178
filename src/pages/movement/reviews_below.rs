//! "Báo cáo sơ kết, tổng kết của cấp dưới": for the level above, the
//! latest review of the period each unit below sent, where it stands,
//! the document read from the unit's ledger when opened, and the
//! decision on it.

use crate::components::{DecideForm, ReportDocView};
use crate::error::AppError;
use crate::session::use_session;
use crate::storage::Enrolled;
use crate::sync::units;
use crate::time::clock_time;
use domain::kinds::submission::ReportDoc;
use domain::protocol::{PeriodData, ReportStatus, ReviewBelow};
use domain::EventId;
use leptos::prelude::*;
use std::sync::Arc;

/// The list; `reload` asks the server again once a decision is made.
#[component]
pub fn ReviewsBelow(data: Arc<PeriodData>, reload: Callback<()>) -> impl IntoView {
    let name = |code: &str| {
        std::iter::once(&data.unit)
            .chain(&data.units)
            .find(|u| u.code == code)
            .map_or_else(|| code.to_string(), |u| u.name.clone())
    };
    let rows = data
        .reviews
        .iter()
        .filter(|r| r.unit != data.unit.code)
        .map(|r| view! { <ReviewBelowRow review=r.clone() name=name(&r.unit) reload=reload/> })
        .collect_view();
    let none = data.reviews.iter().all(|r| r.unit == data.unit.code);
    view! {
        <section class="card">
            <h2>{format!("Báo cáo sơ kết, tổng kết {} của cấp dưới", data.period.label_vi())}</h2>
            {none.then(|| view! { <p>"Chưa đơn vị nào gửi báo cáo của giai đoạn này."</p> })}
            {rows}
        </section>
    }
}

#[component]
fn ReviewBelowRow(review: ReviewBelow, name: String, reload: Callback<()>) -> impl IntoView {
    let session = use_session();
    // The document and this phone's enrolment, read when first opened.
    let opened = RwSignal::new(None::<(Enrolled, ReportDoc)>);
    let open = RwSignal::new(false);
    let latest = review.latest;
    let state = match latest.status {
        ReportStatus::Submitted => format!("Đã gửi lúc {}", clock_time(latest.submitted_at)),
        ReportStatus::Accepted => "Đã tiếp nhận".to_string(),
        ReportStatus::Returned => format!("Đã trả lại: {}", latest.note),
    };
    let ledger = EventId::ledger(&review.unit);
    let id = latest.id;
    let toggle = {
        let id = id.clone();
        move |_| {
            open.update(|o| *o = !*o);
            if !open.get_untracked() || opened.with_untracked(Option::is_some) {
                return;
            }
            let (s, id) = (session.clone(), id.clone());
            leptos::task::spawn_local(async move {
                match read_review(&s, ledger, &id).await {
                    Ok(read) => opened.set(Some(read)),
                    Err(e) => s.report(&e),
                }
            });
        }
    };
    view! {
        <div class="report-below">
            <p><strong>{name}</strong></p>
            <p class="report-state">{state}</p>
            <button type="button" class="btn" on:click=toggle>
                {move || if open.get() { "Đóng báo cáo" } else { "Xem báo cáo" }}
            </button>
            <div class:hidden=move || !open.get()>
                {move || match opened.get() {
                    None => view! { <p class="loading">"Đang tải báo cáo…"</p> }.into_any(),
                    Some((enrolled, doc)) => view! {
                        <ReportDocView doc=doc/>
                        <DecideForm enrolled=enrolled event=ledger submission=id.clone() decided=reload/>
                    }.into_any(),
                }}
            </div>
        </div>
    }
}

/// The review `submission` as the unit's ledger holds it, read whole
/// with this phone's unit token (the level above reads, never writes),
/// and the enrolment it was read with (the decision goes with it).
async fn read_review(
    session: &crate::session::Session,
    ledger: EventId,
    submission: &str,
) -> Result<(Enrolled, ReportDoc), AppError> {
    let enrolled = session
        .db()
        .enrolment()
        .await?
        .ok_or(AppError::NotEnrolled)?;
    let state = units::pull_event(&enrolled, ledger).await?;
    let doc = state
        .entries::<domain::kinds::submission::Submission>()
        .find(|s| s.id.to_string() == submission)
        .and_then(|s| ReportDoc::from_json(&s.report.value).ok());
    Ok((enrolled, doc.ok_or(AppError::EventNotFound)?))
}
