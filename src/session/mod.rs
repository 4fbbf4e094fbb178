//! The app's session: the open database, this phone's clock, what the
//! screens show app-wide, and the event on screen. Provided to every page
//! through context.
//!
//! The write path — every change's one way into storage, and the only
//! holder of storage's write half — is in [`write`];
//! committing what a closing app cut off is in [`replay`], with the journal
//! it reads ([`journal`]).

mod journal;
mod replay;
mod write;

use crate::error::AppError;
use crate::screens::FRAME_KINDS;
use crate::storage::{Db, Writer};
use domain::{DeviceId, EventId, EventState, Hlc, RecordKind};
use futures::lock::{Mutex, OwnedMutexGuard};
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
    /// Storage's write half, for the write path alone (see [`write`]).
    write_half: write::WriteHalf,
    clock: RefCell<Hlc>,
    /// Writes run one at a time, each computed from the state the previous
    /// one left: two quick taps at the gate must count two. In an `Arc` for
    /// its owned guard, which a tap's handler takes and hands to the task
    /// that commits (see [`write`]).
    writes: Arc<Mutex<()>>,
    /// The frame of the event at the start address, read while the app
    /// starts (see [`Session::keep_early_frame`]); taken by that event's
    /// screen, and dropped by anything that takes the writes' turn first
    /// (it might change what was read).
    early_frame: RefCell<Option<EventState>>,
    /// Told after every local change (sync pushes it soon); set by the sync
    /// client when it starts, so the session needs nothing of sync.
    on_change: RefCell<Option<ChangeHook>>,
}

/// Holding it is this write's turn: no other write runs meanwhile.
type Turn = OwnedMutexGuard<()>;

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
    /// A session on an open database, given both its halves: reads this
    /// phone's clock. The write half is kept by the write path and never
    /// handed out.
    pub async fn on(db: Db, writer: Writer) -> Result<Session, AppError> {
        let clock = writer.clock().await?;
        Ok(Session {
            inner: SendWrapper::new(Rc::new(Inner {
                db,
                write_half: write::WriteHalf::new(writer),
                clock: RefCell::new(clock),
                writes: Arc::new(Mutex::new(())),
                early_frame: RefCell::new(None),
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

    /// The database's read half: every write goes through the session.
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
        let _turn = self.turn().await;
        work.await
    }

    /// Waits for the writes' turn. Every taker comes through here or
    /// [`Session::try_turn`], which drop the frame read early: whoever takes
    /// the turn may change what it holds.
    async fn turn(&self) -> Turn {
        let turn = self.inner.writes.clone().lock_owned().await;
        self.forget_early_frame();
        turn
    }

    /// The writes' turn if no one holds it now (as [`Session::turn`]).
    fn try_turn(&self) -> Option<Turn> {
        let turn = self.inner.writes.clone().try_lock_owned()?;
        self.forget_early_frame();
        Some(turn)
    }

    /// Drops the frame read early (see [`Inner::early_frame`]).
    fn forget_early_frame(&self) {
        self.inner.early_frame.borrow_mut().take();
    }

    /// Keeps the frame of the event at the start address, read while the
    /// app started (before this session existed, so before anything could
    /// write): its screen takes it ([`Session::take_early_frame`]) rather
    /// than waiting for storage a second time.
    pub fn keep_early_frame(&self, frame: EventState) {
        *self.inner.early_frame.borrow_mut() = Some(frame);
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

    /// Loads a unit's ledger holding the records of `kinds` into `into`,
    /// while no write runs (as [`Session::load_event`]).
    pub async fn load_ledger(
        &self,
        into: RwSignal<Option<EventState>>,
        ledger: EventId,
        kinds: &[RecordKind],
    ) -> Result<(), AppError> {
        self.exclusive(async {
            into.set(Some(self.db().load_ledger(ledger, kinds).await?));
            Ok(())
        })
        .await
    }

    /// The frame of `event` read while the app started, if nothing took the
    /// writes' turn since (each taker drops it): the event's screen is then
    /// drawn with it at once, with no "loading" line nor a second read.
    pub fn take_early_frame(&self, event: EventId) -> Option<EventState> {
        let early = self.inner.early_frame.borrow_mut().take();
        early.filter(|s| s.id == event && s.holds(FRAME_KINDS))
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

#[cfg(test)]
mod tests {
    use super::*;
    use domain::NewEvent;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    /// Ticks step `n` of `event` as done at `at`, in storage only.
    async fn tick(session: &Session, event: EventId, n: usize, at: u64) {
        let state = session.db().load_event(event).await.unwrap();
        let step = state.program()[n].id;
        let mut clock = session.inner.clock.borrow().clone();
        let record = state.tick_step(step, true, at, clock.tick(at)).unwrap();
        session
            .writer_around_the_turn()
            .commit(event, &[record], &clock)
            .await
            .unwrap();
        *session.inner.clock.borrow_mut() = clock;
    }

    #[wasm_bindgen_test]
    async fn the_frame_read_early_is_given_to_the_screen_only_if_nothing_took_the_writes_turn_since(
    ) {
        let name = format!("test-{}", uuid::Uuid::new_v4());
        let (db, writer) = Db::open_named(&name).await.unwrap();
        let session = Session::on(db, writer).await.unwrap();
        let event = EventId::random();
        let mut clock = session.inner.clock.borrow().clone();
        let records = EventState::create(event, NewEvent::example(), clock.tick(1_000)).unwrap();
        session
            .writer_around_the_turn()
            .commit(event, &records, &clock)
            .await
            .unwrap();
        *session.inner.clock.borrow_mut() = clock;

        // Taken: a tick written around the session (no turn taken, as only
        // a test does) is not in what the screen is given.
        let read_early = || async {
            let frame = session.db().load_event_holding(event, FRAME_KINDS).await;
            session.keep_early_frame(frame.unwrap());
        };
        read_early().await;
        tick(&session, event, 0, 2_000).await;
        let early = session.take_early_frame(event).expect("taken");
        assert_eq!(early.program()[0].done_at.value, None);
        assert!(session.take_early_frame(event).is_none(), "taken once");

        // Dropped: a tick written in its turn (as sync and every change
        // are) leaves nothing to take; the screen reads, and shows it.
        read_early().await;
        session.exclusive(tick(&session, event, 1, 3_000)).await;
        assert!(session.take_early_frame(event).is_none());
        let shown = RwSignal::new(None);
        session.load_event(shown, event, FRAME_KINDS).await.unwrap();
        let done_at =
            |n: usize| shown.with_untracked(|s| s.as_ref().unwrap().program()[n].done_at.value);
        assert_eq!(done_at(0), Some(2_000));
        assert_eq!(done_at(1), Some(3_000));

        // Another event's screen never takes it.
        read_early().await;
        assert!(session.take_early_frame(EventId::random()).is_none());

        let Inner { db, .. } = Rc::try_unwrap(session.inner.take()).ok().unwrap();
        db.close();
        Db::delete_named(&name).await.unwrap();
    }
}
