use domain::EventId;
use leptos::prelude::*;
use leptos_router::components::A;

/// The event's screens, one tap away at the bottom of the screen (thumb reach).
#[component]
pub fn EventTabs(id: EventId) -> impl IntoView {
    let base = format!("/su-kien/{id}");
    view! {
        <nav class="event-tabs" aria-label="Các màn hình của Ngày hội">
            <A href=base.clone() exact=true>"Tổng quan"</A>
            <A href=format!("{base}/chuong-trinh")>"Chương trình"</A>
            <A href=format!("{base}/dieu-hanh")>"Điều hành"</A>
            <A href=format!("{base}/dem-nguoi")>"Đếm người"</A>
        </nav>
    }
}
