use crate::pwa;
use crate::screens::{EventScreen, Screen};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// "Có phiên bản mới": offered when a new version is waiting, never while
/// run mode is open (an update reloads the page).
#[component]
pub fn UpdateBanner(ready: RwSignal<bool>) -> impl IntoView {
    let location = use_location();
    let in_run_mode = move || {
        location
            .pathname
            .with(|p| Screen::of_path(p) == Some(Screen::Event(EventScreen::RunMode)))
    };
    let visible = move || ready.get() && !in_run_mode();
    view! {
        {move || visible().then(|| view! {
            <div class="update-banner" role="status">
                <span>"Có phiên bản mới."</span>
                <button type="button" class="btn btn-primary" on:click=move |_| pwa::apply_update()>
                    "Cập nhật"
                </button>
            </div>
        })}
    }
}
