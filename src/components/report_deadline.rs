use crate::session::{use_event, use_session};
use crate::time::{now_ms, utc_offset_minutes};
use domain::Day;
use leptos::prelude::*;

/// When the report to the level above is due, and how many days are left
/// (or how late it is): the deadline the level above set, as the server
/// last said (kept for offline use), or 25/8 of the event's year.
#[component]
pub fn ReportDeadline() -> impl IntoView {
    let event = use_event();
    let session = use_session();
    let due: RwSignal<Option<Day>> = RwSignal::new(None);
    leptos::task::spawn_local(async move {
        let year = event
            .with_untracked_state(|st| st.meta.as_ref().map(|m| m.year()))
            .flatten();
        let kept = session.db().enrolment().await.ok().flatten();
        let set = kept
            .and_then(|e| e.home)
            .filter(|h| Some(h.year) == year)
            .map(|h| h.report_due);
        due.set(set.or_else(|| year.and_then(|y| Day::parse(&format!("{y:04}-08-25")).ok())));
    });
    let line = move || {
        due.get().map(|d| {
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
