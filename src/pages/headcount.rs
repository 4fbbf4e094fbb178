use crate::components::RecordHistory;
use crate::session::{use_event, use_session};
use leptos::prelude::*;

/// The gate headcount: big buttons, the total, every tap saved.
#[component]
pub fn HeadcountPage() -> impl IntoView {
    let event = use_event();
    let session = use_session();
    let device = session.device();
    let total = move || event.with(|s| s.headcount()).unwrap_or(0);
    let mine = move || event.with(|s| s.tally_of(device).net()).unwrap_or(0);
    let devices = move || event.with(|s| s.tallies.len()).unwrap_or(0);

    let tap = move |delta: i64| {
        let session = session.clone();
        move |_| {
            vibrate();
            session.tap(event, delta);
        }
    };

    view! {
        <section class="page headcount">
            <h1>"Đếm người ở cổng"</h1>
            <div class="headcount-total" role="status" aria-live="polite">
                <span class="count">{move || total()}</span>
                <span class="unit">" người"</span>
            </div>
            <div class="tap-buttons">
                <button type="button" class="tap tap-main" aria-label="Thêm 1 người" on:click=tap(1)>"+1"</button>
                <button type="button" class="tap" aria-label="Thêm 5 người" on:click=tap(5)>"+5"</button>
                <button type="button" class="tap tap-minus" aria-label="Bớt 1 người (đếm nhầm)"
                    disabled=move || total() == 0 on:click=tap(-1)>"−1"</button>
            </div>
            <p class="hint">
                {move || format!("Máy này đã đếm {} người", mine())}
                {move || (devices() > 1).then(|| format!(" · {} máy cùng đếm", devices()))}
            </p>
            <RecordHistory record={domain::state::headcount::key(device).to_string()}/>
        </section>
    }
}

/// A short buzz confirms the tap without looking at the screen.
fn vibrate() {
    if let Some(w) = web_sys::window() {
        let _ = w.navigator().vibrate_with_duration(15);
    }
}
