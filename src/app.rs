//! The app's shell: opens storage, then routes.

use crate::components::{AppHeader, NoticeBanner, UpdateBanner};
use crate::pages::{
    EventLayout, EventListPage, EventOverviewPage, HeadcountPage, ProgramEditorPage, RunModePage,
    SettingsPage,
};
use crate::prefs::Prefs;
use crate::pwa;
use crate::session::Session;
use crate::storage;
use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;

/// The root component.
#[component]
pub fn App() -> impl IntoView {
    Prefs::load().apply_theme();
    remove_boot_screen();
    let update_ready = RwSignal::new(false);
    pwa::register_service_worker(update_ready);
    let session = LocalResource::new(|| async {
        // Ask once; the answer does not change what the app does.
        let _ = storage::request_persistence().await;
        Session::open().await
    });

    view! {
        <Router>
            <AppHeader/>
            <UpdateBanner ready=update_ready/>
            <main id="main">
                <Suspense fallback=|| view! { <p class="loading">"Đang mở dữ liệu…"</p> }>
                    {move || session.get().map(|opened| match opened {
                        Ok(session) => {
                            provide_context(session.clone());
                            view! {
                                <NoticeBanner notice=session.notice/>
                                <AppRoutes/>
                            }.into_any()
                        }
                        Err(e) => view! {
                            <p class="notice" role="alert">{e.message_vi()}</p>
                        }.into_any(),
                    })}
                </Suspense>
            </main>
        </Router>
    }
}

#[component]
fn AppRoutes() -> impl IntoView {
    view! {
        <Routes fallback=|| view! { <p>"Không có trang này."</p> }>
            <Route path=path!("/") view=EventListPage/>
            <Route path=path!("/cai-dat") view=SettingsPage/>
            <ParentRoute path=path!("/su-kien/:id") view=EventLayout>
                <Route path=path!("") view=EventOverviewPage/>
                <Route path=path!("chuong-trinh") view=ProgramEditorPage/>
                <Route path=path!("dieu-hanh") view=RunModePage/>
                <Route path=path!("dem-nguoi") view=HeadcountPage/>
            </ParentRoute>
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
