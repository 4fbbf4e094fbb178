//! "Nhật ký đơn vị": the codes issued, the sign-ins and withdrawals.

use crate::components::Loaded;
use crate::storage::Enrolled;
use crate::sync::units;
use crate::time::clock_time;
use leptos::prelude::*;

/// This unit's own audit list, read from the server when the screen opens
/// (kept out of the stored home: the start screen reads that home, and its
/// code stays small).
#[component]
pub(super) fn OwnAuditList(enrolled: Enrolled) -> impl IntoView {
    let entries = Loaded::new(move || {
        let e = enrolled.clone();
        async move { units::audit(&e, &e.unit.code).await.ok() }
    });
    move || {
        entries
            .get()
            .flatten()
            .map(|entries| view! { <AuditList entries=entries/> })
    }
}

/// "Nhật ký đơn vị": codes issued, phones signed in and withdrawn, newest
/// first, as the server kept them.
#[component]
pub(super) fn AuditList(entries: Vec<domain::protocol::AuditEntry>) -> impl IntoView {
    let rows = entries
        .into_iter()
        .map(|e| {
            let who = if e.by_name.is_empty() {
                e.by_unit.clone()
            } else {
                e.by_name.clone()
            };
            view! {
                <li>
                    <span class="audit-when">{clock_time(e.at)}</span> " · "
                    <strong>{e.action.label_vi()}</strong> " · " {who}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card audit-list">
            <h2>"Nhật ký đơn vị"</h2>
            <ul class="entry-list">{rows}</ul>
        </section>
    }
}
