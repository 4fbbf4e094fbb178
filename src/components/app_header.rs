use leptos::prelude::*;
use leptos_router::components::A;

/// The bar at the top: the app's name (home) and settings.
#[component]
pub fn AppHeader() -> impl IntoView {
    view! {
        <header class="app-header">
            <A href="/" attr:class="brand">"Ngày hội ANTQ"</A>
            <A href="/cai-dat" attr:class="header-link" attr:aria-label="Cài đặt">"Cài đặt"</A>
        </header>
    }
}
