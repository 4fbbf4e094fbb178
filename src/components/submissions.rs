//! The submissions of a report or a review: when, by whom, and where
//! each stands with the level above.

use crate::components::Loaded;
use crate::session::{use_event, use_session};
use crate::sync::units;
use crate::time::{clock_time, utc_offset_minutes};
use domain::kinds::submission::Submission;
use domain::protocol::{ReportState, ReportStatus};
use domain::text::format::format_date_time;
use leptos::prelude::*;

/// A submission as the phone holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    id: String,
    at: u64,
    officer: String,
}

impl Sent {
    /// What the list shows of a submission record.
    pub fn of(sub: &Submission) -> Sent {
        Sent {
            id: sub.id.to_string(),
            at: sub.submitted_at.value,
            officer: sub.officer.value.clone(),
        }
    }
}

/// Each submission of the open document (an event, or a ledger), newest
/// first, with what the server says of it (none yet: waiting to go with
/// the next sync).
#[component]
pub fn SubmissionList(sent: Signal<Vec<Sent>>) -> impl IntoView {
    let (event, session) = (use_event(), use_session());
    // Read again after every sync: a report sent offline shows as sent,
    // and the level above's answer shows, as soon as they happen.
    let answered = Loaded::new(move || {
        session.sync.round.track();
        let s = session.clone();
        async move { units::event_reports(&s, event.id).await.ok() }
    });
    // Not shared, or no connection: what the phone knows stays shown.
    let states = Memo::new(move |shown: Option<&Vec<ReportState>>| {
        answered
            .get()
            .flatten()
            .or_else(|| shown.cloned())
            .unwrap_or_default()
    });
    let rows = move || {
        let mut list = sent.get();
        list.reverse();
        list.into_iter()
            .map(|Sent { id, at, officer }| {
                let state = states.with(|all| all.iter().find(|r| r.id == id).cloned());
                let when = format_date_time(at, utc_offset_minutes());
                let by = if officer.is_empty() {
                    String::new()
                } else {
                    format!(" ({officer})")
                };
                let status = match state {
                    None => "Chờ gửi — sẽ tự gửi khi có mạng.".to_string(),
                    Some(r) => match r.status {
                        ReportStatus::Submitted => {
                            format!("Đã gửi lúc {}.", clock_time(r.received_at))
                        }
                        ReportStatus::Accepted => "Đã được tiếp nhận.".to_string(),
                        ReportStatus::Returned => format!("Bị trả lại: {}", r.note),
                    },
                };
                view! {
                    <li class="submission">
                        <p>{format!("Lần gửi lúc {when}{by}")}</p>
                        <p class="submission-state">{status}</p>
                    </li>
                }
            })
            .collect_view()
    };
    view! { <ul class="entry-list submissions">{rows}</ul> }
}
