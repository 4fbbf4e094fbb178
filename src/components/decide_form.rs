//! "Tiếp nhận" or "Trả lại": the level above's decision on a report or a
//! review sent up by a unit below, with a note when it is returned.

use crate::components::FormValues;
use crate::session::use_session;
use crate::storage::Enrolled;
use crate::sync::units;
use domain::protocol::Decision;
use domain::EventId;
use leptos::prelude::*;

/// The decision on `submission` of `event` (an event or a ledger);
/// `decided` runs once the server has it.
#[component]
pub fn DecideForm(
    enrolled: Enrolled,
    event: EventId,
    submission: String,
    decided: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let decide = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let accept = ev
            .submitter()
            .and_then(|b| b.get_attribute("value"))
            .is_some_and(|v| v == "accept");
        let note = FormValues::of(&ev).text("note");
        let (e, s, id) = (enrolled.clone(), session.clone(), submission.clone());
        leptos::task::spawn_local(async move {
            match units::decide(&e, event, &id, &Decision { accept, note }).await {
                Ok(()) => decided.run(()),
                Err(err) => s.report(&err),
            }
        });
    };
    view! {
        <form class="form" on:submit=decide>
            <label class="field"><span>"Ghi chú (khi trả lại)"</span>
                <textarea name="note" rows="3" maxlength=domain::text::MAX_LONG_TEXT_ATTR></textarea></label>
            <div class="quick-links">
                <button type="submit" class="btn btn-primary" value="accept">"Tiếp nhận"</button>
                <button type="submit" class="btn" value="return">"Trả lại"</button>
            </div>
        </form>
    }
}
