use crate::components::{Kept, Loaded};
use crate::error::AppError;
use crate::session::{use_event, use_session};
use crate::time::{now_ms, utc_offset_minutes};
use domain::Day;
use leptos::prelude::*;

/// When the report to the level above is due, and how many days are left
/// (or how late it is): the deadline the level above set, as the server
/// last said (kept for offline use), or 25/8 of the event's year.
#[component]
pub fn ReportDeadline() -> impl IntoView {
    // The deadline as the level above set it today, not as the officer
    // last opened "Đơn vị": read afresh when there is a connection.
    let (event, session) = (use_event(), use_session());
    let kept = {
        let s = session.clone();
        move || {
            let s = s.clone();
            async move { Some(report_due(&s, event).await) }
        }
    };
    let fresh = move |_| {
        let s = session.clone();
        async move {
            let kept = s.db().enrolment().await.ok().flatten();
            crate::sync::units::refresh(&s, kept.ok_or(AppError::NotEnrolled)?).await?;
            Ok(report_due(&s, event).await)
        }
    };
    let due = Kept::new(kept, fresh);
    let line = move || {
        due.latest().flatten().map(|d| {
            let today = Day::from_unix_ms(now_ms(), utc_offset_minutes());
            let left = today.days_until(d);
            let when = d.display_vi();
            if left > 0 {
                format!("Hạn nộp báo cáo: {when} — còn {left} ngày.")
            } else if left == 0 {
                format!("Hạn nộp báo cáo: hôm nay, {when}.")
            } else {
                format!("Hạn nộp báo cáo: {when} — quá hạn {} ngày.", -left)
            }
        })
    };
    view! { <p class="deadline no-print">{line}</p> }
}

/// What the commune has to do next (flags from 18/7, the day by 19/8, the
/// report by its deadline), or how late it is: the seeds' timeline.
#[component]
pub fn NextDue() -> impl IntoView {
    let event = use_event();
    let due = use_report_due();
    let line = move || {
        let report_due = due.get().flatten()?;
        event
            .with(|s| {
                let held_on = s.meta.as_ref()?.date.value;
                let started = s.progress(0).done > 0;
                let reported = !s.submissions().is_empty();
                let today = Day::from_unix_ms(now_ms(), utc_offset_minutes());
                domain::reporting::timeline::next_due(today, held_on, report_due, started, reported)
                    .map(|d| d.line_vi())
            })
            .flatten()
    };
    view! { <p class="next-due no-print" role="status">{line}</p> }
}

/// The open event's report deadline, once read from storage.
fn use_report_due() -> Loaded<Option<Day>> {
    let (event, session) = (use_event(), use_session());
    Loaded::new(move || {
        let s = session.clone();
        async move { report_due(&s, event).await }
    })
}

/// When the event's report is due: the deadline the level above set, as the
/// server last said (kept for offline use), or 25/8 of the event's year.
async fn report_due(
    session: &crate::session::Session,
    event: crate::session::EventCtx,
) -> Option<Day> {
    let year = event
        .with_untracked_state(|st| st.meta.as_ref().map(|m| m.year()))
        .flatten()?;
    let kept = session.db().enrolment().await.ok().flatten();
    kept.and_then(|e| e.home)
        .filter(|h| h.year == year)
        .map(|h| h.report_due)
        .or_else(|| Day::parse(&format!("{year:04}-08-25")).ok())
}
