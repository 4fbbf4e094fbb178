//! The app's shell: opens storage, then routes.

use crate::components::{AppHeader, NoticeBanner, UpdateBanner};
use crate::error::AppError;
use crate::pages::{
    dashboard_screen, settings_screen, unit_screen, EventListPage, EventPage, JoinPage,
};
use crate::prefs::Prefs;
use crate::pwa;
use crate::session::Session;
use crate::sync;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

/// The root component.
#[component]
pub fn App() -> impl IntoView {
    Prefs::load().apply_theme();
    remove_boot_screen();
    if let Some(path) = web_sys::window().and_then(|w| w.location().pathname().ok()) {
        crate::pages::preload_modules_of(&path);
    }
    let update_ready = RwSignal::new(false);
    pwa::register_service_worker(update_ready);
    let session: RwSignal<Option<Result<Session, AppError>>> = RwSignal::new(None);
    leptos::task::spawn_local(async move {
        let opened = Session::open().await;
        crate::mark("app:storage-open");
        if let Ok(s) = &opened {
            s.recover().await;
            sync::start(s);
        }
        crate::mark("app:session");
        session.set(Some(opened));
    });
    // Asked once, alongside; the answer does not change what the app does.
    leptos::task::spawn_local(async {
        let _ = pwa::request_persistence().await;
    });

    view! {
        <Router>
            <AppHeader/>
            <UpdateBanner ready=update_ready/>
            <main id="main">
                {move || match session.get() {
                    None => view! { <p class="loading">"Đang mở dữ liệu…"</p> }.into_any(),
                        Some(Ok(session)) => {
                            provide_context(session.clone());
                            view! {
                                <NoticeBanner notice=session.notice/>
                                <AppRoutes/>
                            }.into_any()
                        }
                        Some(Err(e)) => view! {
                            <p class="notice" role="alert">{e.message_vi()}</p>
                        }.into_any(),
                }}
            </main>
        </Router>
    }
}

#[component]
fn AppRoutes() -> impl IntoView {
    view! {
        <Routes fallback=|| view! { <p>"Không có trang này."</p> }>
            <Route path=path!("/") view=EventListPage/>
            <Route path=path!("/cai-dat") view=settings_screen/>
            <Route path=path!("/tham-gia") view=JoinPage/>
            <Route path=path!("/don-vi") view=unit_screen/>
            <Route path=path!("/tong-hop") view=dashboard_screen/>
            <Route path=path!("/su-kien/:id/:screen?") view=EventPage/>
        </Routes>
    }
}

/// `index.html` shows a plain "loading" line until the app is up.
fn remove_boot_screen() {
    if let Some(boot) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        boot.remove();
    }
}
