use domain::EventId;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// The event's screens, one tap away at the bottom of the screen (thumb reach).
#[component]
pub fn EventTabs(id: EventId) -> impl IntoView {
    let location = use_location();
    let base = format!("/su-kien/{id}");
    let tab = move |path: String, label: &'static str| {
        let here = path.clone();
        let current = move || location.pathname.with(|p| *p == here).then_some("page");
        view! { <a href=path aria-current=current>{label}</a> }
    };
    view! {
        <nav class="event-tabs" aria-label="Các màn hình của Ngày hội">
            {tab(base.clone(), "Tổng quan")}
            {tab(format!("{base}/dieu-hanh"), "Điều hành")}
            {tab(format!("{base}/dem-nguoi"), "Đếm người")}
            {tab(format!("{base}/khach-moi"), "Khách mời")}
            {tab(format!("{base}/dan-van"), "Dân vận")}
        </nav>
    }
}
