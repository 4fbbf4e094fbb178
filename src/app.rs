//! The app's shell: opens storage, then routes.

use crate::components::{AppHeader, NoticeBanner, UpdateBanner};
use crate::error::AppError;
use crate::pages::{
    dashboard_screen, movement_screen, period_screen, review_screen, settings_screen, unit_screen,
    EventListPage, EventPage, JoinPage,
};
use crate::prefs::Prefs;
use crate::pwa;
use crate::screens::{Address, Screen, EVENT_SEGMENT};
use crate::session::Session;
use crate::storage::Db;
use crate::sync;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{OptionalParamSegment, ParamSegment, StaticSegment};

/// The root component.
#[component]
pub fn App() -> impl IntoView {
    // Storage and the screen's modules first: both take a while to come,
    // and everything else on the way to the first screen waits for them.
    let path = web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default();
    crate::pages::preload_modules_of(&path);
    let session: RwSignal<Option<Result<Session, AppError>>> = RwSignal::new(None);
    crate::start_now(async move {
        let opened = open_session(&path).await;
        crate::mark("app:session");
        // The boot line stays until the shell replaces it, in one change:
        // a shell drawn before storage is open would cost the phone a
        // layout and a paint on the way to the first screen, for a header
        // and a "loading" line.
        remove_boot_screen();
        session.set(Some(opened));
    });
    Prefs::load().apply_theme();
    let update_ready = RwSignal::new(false);
    crate::after_start(move || {
        pwa::register_service_worker(update_ready);
        // Asked once; the answer does not change what the app does.
        leptos::task::spawn_local(async {
            let _ = pwa::request_persistence().await;
        });
    });

    view! {
        <Router>
            {move || session.get().map(|opened| view! {
                <AppHeader/>
                <UpdateBanner ready=update_ready/>
                <main id="main">
                    {match opened {
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
                    }}
                </main>
            })}
        </Router>
    }
}

/// Opens storage and the session, and readies the first screen.
async fn open_session(path: &str) -> Result<Session, AppError> {
    let (db, writer) = Db::open().await?;
    crate::mark("app:db-open");
    // Opened at an event: its frame is read alongside the clock, so that
    // the shell and the event's screen are drawn together, once, with no
    // second wait for storage. A failed read is left for the screen to
    // read again and say.
    let frame = async {
        match Screen::event_of_path(path) {
            Some(event) => crate::pages::read_frame_at_start(&db, event).await.ok(),
            None => None,
        }
    };
    let (session, frame) = futures::join!(Session::on(db.clone(), writer), frame);
    let session = session?;
    crate::mark("app:storage-open");
    if let Some(frame) = frame {
        // Taken by the event's screen as the shell is drawn: the route
        // matches every address `event_of_path` reads an event from.
        session.keep_early_frame(frame);
    }
    // Committing what a closing app cut off takes the writes' turn, which
    // drops the frame read before if anything is replayed.
    session.recover().await;
    sync::start(&session);
    Ok(session)
}

#[component]
fn AppRoutes() -> impl IntoView {
    view! {
        <Routes fallback=|| view! { <p>"Không có trang này."</p> }>
            <Route path=at(Address::Events) view=EventListPage/>
            <Route path=at(Address::Settings) view=settings_screen/>
            <Route path=at(Address::Join) view=JoinPage/>
            <Route path=at(Address::Unit) view=unit_screen/>
            <Route path=at(Address::Dashboard) view=dashboard_screen/>
            <Route path=at(Address::Movement) view=movement_screen/>
            <Route path=at(Address::Period) view=period_screen/>
            <Route path=at(Address::Review) view=review_screen/>
            <Route
                path=(StaticSegment(EVENT_SEGMENT), ParamSegment("id"), OptionalParamSegment("screen"))
                view=EventPage
            />
        </Routes>
    }
}

/// The route of an address with one part (the event list's has none).
fn at(address: Address) -> (StaticSegment<&'static str>,) {
    (StaticSegment(address.segment()),)
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
