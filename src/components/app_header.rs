use leptos::prelude::*;

/// The bar at the top: the app's name (home) and settings.
#[component]
pub fn AppHeader() -> impl IntoView {
    view! {
        <header class="app-header">
            <a href="/" class="brand">"Ngày hội ANTQ"</a>
            <a href="/cai-dat" class="header-link" aria-label="Cài đặt">"Cài đặt"</a>
        </header>
    }
}
