use crate::components::EventTabs;
use crate::error::AppError;
use crate::lazy::{lazy_view, run_entry, split_entry, Entry};
use crate::pages::{
    day_screens, preparation_screens, EventOverviewPage, HeadcountPage, RunModePage,
};
use crate::screens::{EventScreen, Screen, FRAME_KINDS};
use crate::session::{use_session, EventCtx};
use crate::storage::Db;
use crate::sync::EventSync;
use domain::{EventId, EventState};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// One event: loads it from storage once, provides it to its screens, and
/// switches between them (`/su-kien/:id/:screen?`) without reloading it.
///
/// One route with a screen parameter rather than nested routes: the event
/// stays loaded across tabs, and the app's code stays smaller.
#[component]
pub fn EventPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| EventId::parse(&s))));
    let screen = Memo::new(move |_| params.with(|p| p.get("screen").unwrap_or_default()));
    move || match id.get() {
        Some(id) => lazy_view!(event_screens(id, screen)),
        None => {
            view! { <p class="notice" role="alert">"Địa chỉ Ngày hội không hợp lệ."</p> }.into_any()
        }
    }
}

fn not_found() -> AnyView {
    view! { <p>"Không có trang này."</p> }.into_any()
}

split_entry!(
    event,
    preload preload_event_screens,
    /// The event's screens, in the event module with everything only they
    /// use (the overview, run mode, the gate, the write path), so that the
    /// app's first screen loads with less code.
    pub(crate) fn event_screens(id: EventId, screen: Memo<String>) -> Result<AnyView, AppError> {
        Ok(view! { <EventScreens id=id screen=screen/> }.into_any())
    }
);

split_entry!(
    event,
    /// Reads the frame of the event at the start address while the app
    /// starts (see [`Session::keep_early_frame`]).
    pub(crate) fn read_frame_early(db: Db, id: EventId) -> Entry<EventState> {
        Ok(Box::pin(async move {
            let frame = db.load_event_holding(id, FRAME_KINDS).await;
            crate::mark("app:event-read");
            frame
        }))
    }
);

/// Reads the frame of the event at the start address, once the event's
/// module is in.
pub async fn read_frame_at_start(db: &Db, id: EventId) -> Result<EventState, AppError> {
    run_entry!(read_frame_early(db.clone(), id))
}

/// The event's heading, tabs and screens; loads the event once.
#[component]
pub fn EventScreens(id: EventId, screen: Memo<String>) -> impl IntoView {
    let session = use_session();
    let early = session.take_early_frame(id);
    let read_early = early.is_some();
    let state: RwSignal<Option<EventState>> = RwSignal::new(early);
    let failure: RwSignal<Option<AppError>> = RwSignal::new(None);
    let ctx = EventCtx { id, state };
    provide_context(ctx);
    let event_sync = EventSync::track(&session, ctx);
    provide_context(event_sync);
    let signals = session.sync;
    session.set_open_event(Some(ctx));
    let s = session.clone();
    on_cleanup(move || s.set_open_event(None));
    // The frame's records first; each screen's the first time it opens (see
    // `Screen::kinds`), the first screen's too: a long list then comes from
    // its read copy (`Db::records_of`), and the heading is up meanwhile.
    crate::mark("app:event-module");
    if !read_early {
        let s = session.clone();
        leptos::task::spawn_local(async move {
            if let Err(e) = s.load_event(state, id, FRAME_KINDS).await {
                failure.set(Some(e));
            }
        });
    }
    // A memo, so that each change to the event does not rebuild the screen.
    let loaded = Memo::new(move |_| state.with(Option::is_some));
    let shown = Memo::new(move |_| Screen::from_slug(&screen.get()));
    // Whether the screen's records are here.
    let ready = Memo::new(move |_| {
        let kinds = shown.get().map_or(&[][..], Screen::kinds);
        state.with(|s| s.as_ref().is_some_and(|s| s.holds(kinds)))
    });
    Effect::new(move |_| {
        if !loaded.get() || ready.get() {
            return;
        }
        let Some(screen) = shown.get() else { return };
        let session = session.clone();
        // The screen's code comes while its records are read, not after.
        leptos::task::spawn_local(crate::pages::preload_screen(screen));
        leptos::task::spawn_local(async move {
            if let Err(e) = session.read_kinds(ctx, screen.kinds()).await {
                failure.set(Some(e));
            }
        });
    });
    let heading = move || {
        state.with(|s| {
            s.as_ref()
                .and_then(|s| s.meta.as_ref())
                .map(|m| (m.host_name.value.clone(), m.date.value.display_vi()))
        })
    };
    let body = move || match (loaded.get(), failure.get()) {
        (_, Some(e)) => view! { <p class="notice" role="alert">{e.message_vi()}</p> }.into_any(),
        (false, None) => view! { <p class="loading">"Đang tải Ngày hội…"</p> }.into_any(),
        (true, None) => view! {
            <div class="event-heading">
                <p class="event-name">{move || heading().map(|h| h.0)}</p>
                <p class="event-sub">{move || heading().map(|h| h.1)}</p>
                <p class="sync-badge">{move || event_sync.summary(signals)}</p>
            </div>
            {move || match (shown.get(), ready.get()) {
                (Some(s), true) => screen_view(s),
                (Some(_), false) => view! { <p class="loading">"Đang tải…"</p> }.into_any(),
                (None, _) => not_found(),
            }}
        }
        .into_any(),
    };
    view! {
        <div class="event-layout">
            {body}
            <EventTabs id=id/>
        </div>
    }
}

/// One screen of the event, from the module that draws it.
fn screen_view(screen: Screen) -> AnyView {
    match screen {
        // The overview, run mode and the gate come with this module: they
        // must open at once, every time, on the day.
        Screen::Event(EventScreen::Overview) => overview(),
        Screen::Event(EventScreen::RunMode) => run_mode(),
        Screen::Event(EventScreen::Gate) => gate(),
        Screen::Day(screen) => lazy_view!(day_screens(screen)),
        Screen::Preparation(screen) => lazy_view!(preparation_screens(screen)),
    }
}

// Each screen is built in a function of its own, not inlined into the match
// above (by LLVM: `inline(never)`; by wasm-opt: its `-ocimfs` limit,
// scripts/wasm-split.sh): a phone compiles a wasm function whole the first
// time it runs, so run mode would otherwise compile the gate and the
// overview too before its first paint (docs/BENCHMARKS.md, run mode).

#[inline(never)]
fn run_mode() -> AnyView {
    view! { <RunModePage/> }.into_any()
}

#[inline(never)]
fn gate() -> AnyView {
    view! { <HeadcountPage/> }.into_any()
}

#[inline(never)]
fn overview() -> AnyView {
    view! { <EventOverviewPage/> }.into_any()
}
