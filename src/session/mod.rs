//! The app's session: the open database, this phone's clock, what the
//! screens show app-wide, and the event on screen. Provided to every page
//! through context.
//!
//! The write path — every change's one way into storage — is in [`write`];
//! committing what a closing app cut off is in [`replay`], with the journal
//! it reads ([`journal`]).

mod journal;
mod replay;
mod write;

use crate::error::AppError;
use crate::storage::Db;
use domain::{DeviceId, EventId, EventState, Hlc, RecordKind};
use futures::lock::Mutex;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

/// Shared by every page through context.
#[derive(Clone)]
pub struct Session {
    inner: SendWrapper<Rc<Inner>>,
    /// The message of the last failure, shown in an alert until dismissed.
    pub notice: RwSignal<Option<String>>,
    /// Sync's state, for the screens.
    pub sync: SyncSignals,
    /// The event on screen, if any: a sync that brings its records updates it.
    open_event: StoredValue<Option<EventCtx>>,
}

struct Inner {
    db: Db,
    clock: RefCell<Hlc>,
    /// Writes run one at a time, each computed from the state the previous
    /// one left: two quick taps at the gate must count two. In an `Arc` for
    /// its owned guard, which a tap's handler takes and hands to the task
    /// that commits (see [`write`]).
    writes: Arc<Mutex<()>>,
    /// Told after every local change (sync pushes it soon); set by the sync
    /// client when it starts, so the session needs nothing of sync.
    on_change: RefCell<Option<ChangeHook>>,
}

/// Called after every local change.
type ChangeHook = Box<dyn Fn(&Session)>;

/// What the officer sees of sync, app-wide. Kept here, beside the session
/// every screen already holds; the sync client writes it.
#[derive(Clone, Copy)]
pub struct SyncSignals {
    /// A sync is under way.
    pub busy: RwSignal<bool>,
    /// The last sync's failure, in Vietnamese; `None` after a success.
    pub error: RwSignal<Option<String>>,
    /// Bumped after every sync, so panels re-read counts and times.
    pub round: RwSignal<u32>,
    /// Records received so far while a long first sync pulls page after page.
    pub received: RwSignal<Option<u64>>,
}

impl SyncSignals {
    fn new() -> Self {
        SyncSignals {
            busy: RwSignal::new(false),
            error: RwSignal::new(None),
            round: RwSignal::new(0),
            received: RwSignal::new(None),
        }
    }
}

/// The event a page works on, provided by the event layout.
#[derive(Clone, Copy)]
pub struct EventCtx {
    /// Which event.
    pub id: EventId,
    /// Its state, `None` while loading.
    pub state: RwSignal<Option<EventState>>,
}

impl EventCtx {
    /// Reads the event's state, tracked; `None` while it loads.
    ///
    /// Views derive what they show through this rather than through many
    /// small memos: recomputing a figure is cheap, and every distinct memo
    /// type adds code to the app.
    pub fn with<R>(&self, f: impl FnOnce(&EventState) -> R) -> Option<R> {
        self.state.with(|s| s.as_ref().map(f))
    }

    /// Reads the event's state without tracking (in event handlers).
    pub fn with_untracked_state<R>(&self, f: impl FnOnce(&EventState) -> R) -> Option<R> {
        self.state.with_untracked(|s| s.as_ref().map(f))
    }
}

impl Session {
    /// Opens storage and the clock.
    pub async fn open() -> Result<Session, AppError> {
        let db = Db::open().await?;
        crate::mark("app:db-open");
        let clock = db.clock().await?;
        Ok(Session {
            inner: SendWrapper::new(Rc::new(Inner {
                db,
                clock: RefCell::new(clock),
                writes: Arc::new(Mutex::new(())),
                on_change: RefCell::new(None),
            })),
            notice: RwSignal::new(None),
            sync: SyncSignals::new(),
            open_event: StoredValue::new(None),
        })
    }

    /// This phone's device id.
    pub fn device(&self) -> DeviceId {
        self.inner.clock.borrow().device
    }

    /// The database, for reads.
    pub fn db(&self) -> &Db {
        &self.inner.db
    }

    /// Shows an error to the officer.
    pub fn report(&self, error: &AppError) {
        leptos::logging::warn!("{error}");
        self.notice.set(Some(error.message_vi()));
    }

    /// Marks `event` as the one on screen (or none).
    pub fn set_open_event(&self, event: Option<EventCtx>) {
        self.open_event.set_value(event);
    }

    /// Calls `hook` after every local change from now on.
    pub fn on_change(&self, hook: impl Fn(&Session) + 'static) {
        *self.inner.on_change.borrow_mut() = Some(Box::new(hook));
    }

    /// Tells whoever listens that a local change was committed.
    fn changed(&self) {
        if let Some(hook) = self.inner.on_change.borrow().as_ref() {
            hook(self);
        }
    }

    /// Runs `work` while no local change can be written: what it reads of
    /// storage is consistent with the screen.
    pub async fn exclusive<T>(&self, work: impl std::future::Future<Output = T>) -> T {
        let _turn = self.inner.writes.lock().await;
        work.await
    }

    /// Loads `event` holding the records of `kinds` into `into`, while no
    /// write runs: a change committed before is in what is read, one after
    /// is shown as it lands (see [`Db::load_event_holding`]).
    pub async fn load_event(
        &self,
        into: RwSignal<Option<EventState>>,
        event: EventId,
        kinds: &[RecordKind],
    ) -> Result<(), AppError> {
        self.exclusive(async {
            let loaded = self.db().load_event_holding(event, kinds).await?;
            crate::mark("app:event-read");
            into.set(Some(loaded));
            Ok(())
        })
        .await
    }

    /// Reads the records of `kinds` the open event left in storage and
    /// takes them in, while no write runs (as [`Session::load_event`]).
    pub async fn read_kinds(&self, event: EventCtx, kinds: &[RecordKind]) -> Result<(), AppError> {
        self.exclusive(async {
            // Only the kinds still in storage: the frame's are read already.
            let missing: Vec<RecordKind> = event
                .with_untracked_state(|s| {
                    kinds
                        .iter()
                        .copied()
                        .filter(|k| !s.holds_kind(*k))
                        .collect()
                })
                .unwrap_or_default();
            if missing.is_empty() {
                return Ok(());
            }
            crate::mark("app:kinds-asked");
            let records = self.db().records_of(event.id, &missing).await?;
            let taken = event
                .state
                .try_update(|s| s.as_mut().map(|s| s.read_kinds(&missing, records)))
                .flatten()
                .unwrap_or(Ok(()));
            crate::mark("app:kinds-read");
            taken.map_err(|e| AppError::Corrupt(e.to_string()))
        })
        .await
    }

    /// The open event if it is `event`.
    fn on_screen(&self, event: EventId) -> Option<EventCtx> {
        self.open_event.get_value().filter(|e| e.id == event)
    }
}

/// The session, from context.
pub fn use_session() -> Session {
    expect_context::<Session>()
}

/// The open event, from context.
pub fn use_event() -> EventCtx {
    expect_context::<EventCtx>()
}
