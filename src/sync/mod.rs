//! The sync client: shares and joins events, and keeps every shared event in
//! step with the server, on its own.
//!
//! A sync runs when the app opens, when the phone comes back online, shortly
//! after each local change (debounced), every little while the app is on
//! screen, and when the officer taps "Đồng bộ ngay". Failures are retried
//! with exponential back-off and jitter. Nothing leaves the outbox until the
//! server has acknowledged it, and a change made while a sync is in flight
//! stays in the outbox for the next one.
//!
//! The triggers and the state the screens show live here, in the app's main
//! module; the round trip, sharing and joining ([`round_trip`]) are in the
//! sync module, fetched the first time a shared event syncs or the officer
//! shares or joins one: a phone that shares nothing never loads it.

pub mod round_trip;
pub mod units;

use round_trip::sync_round;

use crate::session::{EventCtx, Session, SyncSignals};
use crate::storage::SyncLink;
use crate::time::{clock_time, now_ms};
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::time::Duration;

/// Quiet time after a local change before it is pushed: a burst of taps at
/// the gate goes up as one sync.
const DEBOUNCE: Duration = Duration::from_millis(1_500);
/// Quiet time after a local change before the open event's waiting changes
/// are counted again ([`EventSync::track`]). A count reads every waiting
/// entry (~200 ms for 5,000 on a slow phone) and a tap's write waits for it:
/// long enough that at a gate it runs in the lulls, not between two taps.
const RECOUNT_AFTER: Duration = Duration::from_secs(4);
/// How often the app asks for other phones' changes while it is on screen.
const POLL: Duration = Duration::from_secs(10);
/// The longest wait between retries.
const MAX_BACKOFF_SECS: f64 = 300.0;

/// The open event's sync, for its screens: its link and waiting changes,
/// re-read after every sync and after local changes.
#[derive(Clone, Copy)]
pub struct EventSync {
    /// The event's link to the server, `None` if not shared.
    pub link: RwSignal<Option<SyncLink>>,
    /// Changes waiting for the server.
    pub pending: RwSignal<u32>,
}

impl EventSync {
    /// Starts tracking `event`'s sync: its link and waiting changes are read
    /// when it has loaded and after every sync round at once, and after
    /// local changes once they pause ([`RECOUNT_AFTER`]).
    pub fn track(session: &Session, event: EventCtx) -> EventSync {
        let this = EventSync {
            link: RwSignal::new(None),
            pending: RwSignal::new(0),
        };
        let signals = session.sync;
        let loaded = Memo::new(move |_| event.state.with(Option::is_some));
        let s = session.clone();
        // Not before the event is loaded: its first screen's reads come
        // first (the line is drawn with the event, not before it).
        Effect::new(move |_| {
            signals.round.track();
            if loaded.get() {
                this.recount(&s, event);
            }
        });
        // Counting reads every waiting entry of the event (5,000 after an
        // import, until the first sync): after each tap at the gate it
        // would hold up the next tap's write. So local changes are counted
        // once the officer pauses.
        let timer: StoredValue<Option<TimeoutHandle>, LocalStorage> = StoredValue::new_local(None);
        let s = session.clone();
        Effect::new(move |was_loaded: Option<bool>| {
            event.state.track();
            let now_loaded = loaded.get_untracked();
            if was_loaded == Some(true) {
                let s = s.clone();
                let handle =
                    set_timeout_with_handle(move || this.recount(&s, event), RECOUNT_AFTER);
                if let Some(old) = timer
                    .try_update_value(|t| std::mem::replace(t, handle.ok()))
                    .flatten()
                {
                    old.clear();
                }
            }
            now_loaded
        });
        on_cleanup(move || {
            if let Some(Some(old)) = timer.try_update_value(Option::take) {
                old.clear();
            }
        });
        this
    }

    /// Reads the event's link and, if it is shared, its waiting changes.
    fn recount(self, session: &Session, event: EventCtx) {
        let session = session.clone();
        leptos::task::spawn_local(async move {
            let Ok(link) = session.db().link(event.id).await else {
                return;
            };
            // An event not shared has nothing waiting to count. A shared one
            // shows its line only with its count: "Đã gửi hết" must never
            // stand, even for a moment, for changes still waiting.
            if link.is_some() {
                let Ok(n) = session.db().pending_count(event.id).await else {
                    return;
                };
                self.pending.try_set(n);
            }
            self.link.try_set(link);
        });
    }

    /// One line for the top of every screen: where sync stands (`None` if the
    /// event is not shared).
    pub fn summary(&self, signals: SyncSignals) -> Option<String> {
        let last = self.link.with(|l| l.as_ref().map(|l| l.last_success_ms))?;
        let waiting = match self.pending.get() {
            0 => "Đã gửi hết".to_string(),
            n => format!("{n} thay đổi chờ gửi"),
        };
        let when = last.map_or_else(String::new, |ms| {
            format!(" · đồng bộ lúc {}", clock_time(ms))
        });
        if let Some(n) = signals.received.get() {
            return Some(format!("Đang tải dữ liệu Ngày hội: đã nhận {n} mục…"));
        }
        let trouble = if signals.error.with(Option::is_some) {
            " · chưa kết nối được"
        } else {
            ""
        };
        Some(format!("{waiting}{when}{trouble}"))
    }
}

thread_local! {
    static TIMER: RefCell<Option<TimeoutHandle>> = const { RefCell::new(None) };
    static FAILURES: Cell<u32> = const { Cell::new(0) };
    static AGAIN: Cell<bool> = const { Cell::new(false) };
    /// While a back-off runs (Unix ms it ends), polls and local changes wait
    /// for it rather than hit a server that just failed.
    static RETRY_AT: Cell<u64> = const { Cell::new(0) };
}

/// How long the current back-off still has to run. Never more than the
/// longest back-off: the phone's clock may have been set back meanwhile
/// (its date was wrong), which must not hold syncs off for that long.
fn backoff_left() -> Duration {
    Duration::from_millis(RETRY_AT.with(Cell::get).saturating_sub(now_ms()))
        .min(Duration::from_secs_f64(MAX_BACKOFF_SECS * 1.5))
}

/// Runs a sync of every shared event after `delay` (replacing a pending one).
pub fn sync_soon(session: &Session, delay: Duration) {
    let session = session.clone();
    let handle =
        set_timeout_with_handle(move || leptos::task::spawn_local(sync_all(session)), delay).ok();
    TIMER.with(|t| {
        if let Some(old) = t.replace(handle) {
            old.clear();
        }
    });
}

/// Starts the triggers: now, on coming back online, and every [`POLL`] while visible.
pub fn start(session: &Session) {
    session.on_change(changed);
    // Not at once: the first screen renders before the network is touched.
    sync_soon(session, Duration::from_millis(800));
    let s = session.clone();
    let _ = window_event_listener_untyped("online", move |_| sync_soon(&s, Duration::ZERO));
    let s = session.clone();
    let _ = set_interval_with_handle(
        move || {
            let visible = document().visibility_state() == web_sys::VisibilityState::Visible;
            if visible && !s.sync.busy.get_untracked() && backoff_left().is_zero() {
                leptos::task::spawn_local(sync_all(s.clone()));
            }
        },
        POLL,
    );
}

/// After every local change: pushed after a quiet moment, or when a
/// running back-off ends, whichever is later.
fn changed(session: &Session) {
    sync_soon(session, DEBOUNCE.max(backoff_left()));
}

/// Syncs every shared event now; schedules a retry on failure.
pub async fn sync_all(session: Session) {
    if session.sync.busy.get_untracked() {
        AGAIN.with(|a| a.set(true));
        return;
    }
    session.sync.busy.set(true);
    let result = async {
        let links = session.db().links().await?;
        // A phone with nothing shared never fetches the sync code.
        if links.is_empty() {
            return Ok(());
        }
        crate::lazy::run_entry!(sync_round(session.clone(), links))
    }
    .await;
    session.sync.busy.set(false);
    session.sync.round.update(|r| *r += 1);
    match result {
        Ok(()) => {
            FAILURES.with(|f| f.set(0));
            RETRY_AT.with(|r| r.set(0));
            session.sync.error.set(None);
            if AGAIN.with(|a| a.replace(false)) {
                sync_soon(&session, Duration::ZERO);
            }
        }
        Err(e) => {
            session.sync.error.set(Some(e.message_vi()));
            let failures = FAILURES.with(|f| {
                f.set(f.get() + 1);
                f.get()
            });
            let wait = backoff(failures);
            RETRY_AT.with(|r| r.set(now_ms() + wait.as_millis() as u64));
            sync_soon(&session, wait);
        }
    }
}

/// 2, 4, 8 … seconds up to five minutes, each spread ±50% so that phones
/// that lost the network together do not all come back at the same instant.
fn backoff(failures: u32) -> Duration {
    let base = 2f64.powi(failures.min(9) as i32).min(MAX_BACKOFF_SECS);
    Duration::from_secs_f64(base * (0.5 + js_sys::Math::random()))
}
