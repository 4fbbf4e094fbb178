use crate::screens::Address;
use leptos::prelude::*;

/// The bar at the top: the app's name (home), the unit, and settings.
#[component]
pub fn AppHeader() -> impl IntoView {
    view! {
        <header class="app-header">
            <a href=Address::Events.path() class="brand">"Ngày hội ANTQ"</a>
            <nav class="header-links" aria-label="Đơn vị và cài đặt">
                <a href=Address::Unit.path() class="header-link">"Đơn vị"</a>
                <a href=Address::Settings.path() class="header-link" aria-label="Cài đặt">"Cài đặt"</a>
            </nav>
        </header>
    }
}
