use crate::screens::Screen;
use domain::EventId;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// The event's screens, one tap away at the bottom of the screen (thumb reach).
#[component]
pub fn EventTabs(id: EventId) -> impl IntoView {
    let location = use_location();
    let tab = move |screen: Screen| {
        let current = move || {
            location
                .pathname
                .with(|p| Screen::of_path(p) == Some(screen))
                .then_some("page")
        };
        view! { <a href=screen.path(id) aria-current=current>{screen.label()}</a> }
    };
    view! {
        <nav class="event-tabs" aria-label="Các màn hình của Ngày hội">
            {Screen::TABS.iter().copied().map(tab).collect_view()}
        </nav>
    }
}
