use leptos::prelude::*;

/// The bar at the top: the app's name (home), the unit, and settings.
#[component]
pub fn AppHeader() -> impl IntoView {
    view! {
        <header class="app-header">
            <a href="/" class="brand">"Ngày hội ANTQ"</a>
            <nav class="header-links" aria-label="Đơn vị và cài đặt">
                <a href="/don-vi" class="header-link">"Đơn vị"</a>
                <a href="/cai-dat" class="header-link" aria-label="Cài đặt">"Cài đặt"</a>
            </nav>
        </header>
    }
}
