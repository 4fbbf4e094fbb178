//! The parts of the app fetched on first use.
//!
//! In release builds (the `split` feature, which index.html turns on) each
//! entry below starts a wasm module of its own, cut out of the build by
//! `scripts/wasm-split.sh`: the module is fetched the first time the entry is
//! called (from the service worker's cache once installed), and all the code
//! only it reaches moves with it. Without the feature (tests, clippy) the
//! entries are plain functions.
//!
//! The main module keeps the app's shell, storage, the event list and the
//! join screen: what a first visit needs. Opening an event fetches the event
//! module (its frame, overview, run mode, the gate, and the write path every
//! change takes); the other screens come in two more modules, and the sync
//! module holds the round trip to the server, sharing, joining and bundle
//! file import.
//!
//! Every entry is `fallible`: a module that cannot be fetched (no connection
//! before the service worker has stored it) gives a message, where a panic
//! would stop the whole app.

use crate::components::check_import_file;
use crate::error::AppError;
use crate::pages::{
    AwardsPage, BannerPage, BudgetPage, EventScreens, ForumPage, InviteesPage, OutreachPage,
    ProgramEditorPage, SettingsPage, SummaryPage,
};
use crate::session::Session;
use crate::storage::SyncLink;
use crate::sync::round_trip;
use domain::{Bundle, EventId, ImportPreview, NewEvent};
use futures::future::LocalBoxFuture;
use leptos::prelude::*;
use send_wrapper::SendWrapper;

/// What an entry doing async work returns: its work, boxed, since a split
/// entry cannot be `async` itself.
type Entry<T> = Result<LocalBoxFuture<'static, Result<T, AppError>>, AppError>;

/// Calls an entry: in split builds, once its module is in.
macro_rules! call {
    ($entry:ident($($arg:expr),*)) => {{
        #[cfg(feature = "split")]
        {
            $entry($($arg),*).await
        }
        #[cfg(not(feature = "split"))]
        {
            $entry($($arg),*)
        }
    }};
}

/// A screen from an entry: "loading" while its module comes, then the
/// screen, or why it could not come.
macro_rules! lazy_view {
    ($entry:ident($($arg:expr),*)) => {
        view! {
            <Suspense fallback=|| view! { <p class="loading">"Đang tải…"</p> }>
                {Suspend::new(async move {
                    call!($entry($($arg),*)).unwrap_or_else(|e: AppError| {
                        view! { <p class="notice" role="alert">{e.message_vi()}</p> }.into_any()
                    })
                })}
            </Suspense>
        }
        .into_any()
    };
}

/// The screens of the day besides run mode and the gate.
#[derive(Clone, Copy)]
pub enum DayScreen {
    /// Khách mời: the invitees at the door.
    Invitees,
    /// Dân vận: the outreach table.
    Outreach,
}

/// The screens of preparation and report, and the rarely opened ones.
#[derive(Clone, Copy)]
pub enum PreparationScreen {
    /// The program editor.
    Program,
    /// Khánh tiết: banner and decorations.
    Banner,
    /// Awards.
    Awards,
    /// The forum's opinions.
    Forum,
    /// The budget.
    Budget,
    /// The summary for the report.
    Summary,
    /// The officer's preferences.
    Settings,
}

/// Shows event `id`, on `screen` (the route's screen part).
pub fn event_screens(id: EventId, screen: Memo<String>) -> AnyView {
    lazy_view!(event_module(id, screen))
}

/// Creates an event (see [`Session::create_event`]): in the event module,
/// with the write path, since the new event opens next.
pub async fn create_event(session: Session, new: NewEvent) -> Result<EventId, AppError> {
    call!(event_creation(session, new))?.await
}

/// Commits what the journal holds (see [`Session::replay_journal`]): in
/// the event module, with the write path, fetched at start only when there
/// is something to commit.
pub async fn replay_journal(session: Session) -> Result<(), AppError> {
    call!(journal_replay(session))?.await
}

/// Shows one of the day's screens.
pub fn day_screen(screen: DayScreen) -> AnyView {
    lazy_view!(day_screens(screen))
}

/// Shows one of the preparation screens.
pub fn preparation_screen(screen: PreparationScreen) -> AnyView {
    lazy_view!(preparation_screens(screen))
}

/// Shares an event through the server (see [`round_trip::share`]).
pub async fn share_event(
    session: Session,
    event: EventId,
    registration_key: String,
) -> Result<(), AppError> {
    call!(event_share(session, event, registration_key))?.await
}

/// A new access code, optionally locking out every other phone (see [`round_trip::rotate`]).
pub async fn rotate_code(
    session: Session,
    event: EventId,
    revoke_others: bool,
) -> Result<(), AppError> {
    call!(event_rotate(session, event, revoke_others))?.await
}

/// Joins an event by its access code (see [`round_trip::join`]).
pub async fn join_event(session: Session, code: String) -> Result<EventId, AppError> {
    call!(event_join(session, code))?.await
}

/// Checks a picked bundle file (see [`check_import_file`]).
pub async fn check_import(
    session: Session,
    text: String,
    only: Option<EventId>,
) -> Result<(SendWrapper<Bundle>, ImportPreview), AppError> {
    call!(import_check(session, text, only))?.await
}

/// Imports a checked bundle (see [`Session::import`]).
pub async fn import_bundle(session: Session, bundle: Bundle) -> Result<(), AppError> {
    call!(bundle_import(session, bundle))?.await
}

/// One round of sync for `links` (see [`round_trip::sync_links`]).
pub async fn sync_round(session: Session, links: Vec<SyncLink>) -> Result<(), AppError> {
    call!(sync_links(session, links))?.await
}

#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(event, fallible, wasm_split_path = ::leptos::wasm_split)
)]
fn event_module(id: EventId, screen: Memo<String>) -> Result<AnyView, AppError> {
    Ok(view! { <EventScreens id=id screen=screen/> }.into_any())
}

#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(event, fallible, wasm_split_path = ::leptos::wasm_split)
)]
fn event_creation(session: Session, new: NewEvent) -> Entry<EventId> {
    Ok(Box::pin(async move { session.create_event(new).await }))
}

#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(event, fallible, wasm_split_path = ::leptos::wasm_split)
)]
fn journal_replay(session: Session) -> Entry<()> {
    Ok(Box::pin(async move {
        session.replay_journal().await;
        Ok(())
    }))
}

#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(day_screens, fallible, wasm_split_path = ::leptos::wasm_split)
)]
fn day_screens(screen: DayScreen) -> Result<AnyView, AppError> {
    Ok(match screen {
        DayScreen::Invitees => view! { <InviteesPage/> }.into_any(),
        DayScreen::Outreach => view! { <OutreachPage/> }.into_any(),
    })
}

#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(preparation_screens, fallible, wasm_split_path = ::leptos::wasm_split)
)]
fn preparation_screens(screen: PreparationScreen) -> Result<AnyView, AppError> {
    Ok(match screen {
        PreparationScreen::Program => view! { <ProgramEditorPage/> }.into_any(),
        PreparationScreen::Banner => view! { <BannerPage/> }.into_any(),
        PreparationScreen::Awards => view! { <AwardsPage/> }.into_any(),
        PreparationScreen::Forum => view! { <ForumPage/> }.into_any(),
        PreparationScreen::Budget => view! { <BudgetPage/> }.into_any(),
        PreparationScreen::Summary => view! { <SummaryPage/> }.into_any(),
        PreparationScreen::Settings => view! { <SettingsPage/> }.into_any(),
    })
}

#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(sync, fallible, wasm_split_path = ::leptos::wasm_split)
)]
fn event_rotate(session: Session, event: EventId, revoke_others: bool) -> Entry<()> {
    Ok(Box::pin(async move {
        round_trip::rotate(&session, event, revoke_others).await
    }))
}

#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(sync, fallible, wasm_split_path = ::leptos::wasm_split)
)]
fn event_share(session: Session, event: EventId, registration_key: String) -> Entry<()> {
    Ok(Box::pin(async move {
        round_trip::share(&session, event, registration_key).await
    }))
}

#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(sync, fallible, wasm_split_path = ::leptos::wasm_split)
)]
fn event_join(session: Session, code: String) -> Entry<EventId> {
    Ok(Box::pin(
        async move { round_trip::join(&session, &code).await },
    ))
}

#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(sync, fallible, wasm_split_path = ::leptos::wasm_split)
)]
fn sync_links(session: Session, links: Vec<SyncLink>) -> Entry<()> {
    Ok(Box::pin(round_trip::sync_links(session, links)))
}

#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(sync, fallible, wasm_split_path = ::leptos::wasm_split)
)]
fn import_check(
    session: Session,
    text: String,
    only: Option<EventId>,
) -> Entry<(SendWrapper<Bundle>, ImportPreview)> {
    Ok(Box::pin(check_import_file(session, text, only)))
}

#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(sync, fallible, wasm_split_path = ::leptos::wasm_split)
)]
fn bundle_import(session: Session, bundle: Bundle) -> Entry<()> {
    Ok(Box::pin(async move { session.import(bundle).await }))
}
