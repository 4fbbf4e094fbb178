//! The app's session: the open database, this phone's clock, and the one
//! path every change takes — compute records, commit them, then show them.

use crate::error::AppError;
use crate::storage::{Db, Pending, SyncLink};
use crate::sync::{self, SyncSignals};
use domain::{Bundle, DeviceId, DomainError, EventId, EventState, Hlc, NewEvent, Record, Stamp};
use futures::lock::Mutex;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use std::cell::RefCell;
use std::rc::Rc;

/// A change to an event: computes the records to write from the current
/// state, a fresh stamp and the time. Boxed, so the one async write path is
/// compiled once rather than once per command (it keeps the app small).
pub type Command = Box<dyn FnOnce(&EventState, Stamp, u64) -> Result<Vec<Record>, DomainError>>;

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
    /// one left: two quick taps at the gate must count two.
    writes: Mutex<()>,
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

/// Milliseconds since the Unix epoch, from the phone's clock.
pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// The phone's offset from UTC, in minutes (420 in Việt Nam).
pub fn utc_offset_minutes() -> i32 {
    -(js_sys::Date::new_0().get_timezone_offset() as i32)
}

/// HH:MM on this phone's clock, for a Unix time in ms.
pub fn clock_time(unix_ms: u64) -> String {
    domain::text::format_hhmm(domain::text::local_minutes(unix_ms, utc_offset_minutes()))
}

impl Session {
    /// Opens storage and the clock.
    pub async fn open() -> Result<Session, AppError> {
        let db = Db::open().await?;
        let clock = db.clock().await?;
        Ok(Session {
            inner: SendWrapper::new(Rc::new(Inner {
                db,
                clock: RefCell::new(clock),
                writes: Mutex::new(()),
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

    /// Runs `work` while no local change can be written: what it reads of
    /// storage is consistent with the screen.
    pub async fn exclusive<T>(&self, work: impl std::future::Future<Output = T>) -> T {
        let _turn = self.inner.writes.lock().await;
        work.await
    }

    /// Applies what a sync brought: observes its stamps (so this phone's
    /// next change orders after them), stores it, and updates the screen.
    pub async fn apply_remote(
        &self,
        event: EventId,
        records: Vec<Record>,
        settled: &[Pending],
        link: &SyncLink,
    ) -> Result<(), AppError> {
        let inner = &self.inner;
        let _turn = inner.writes.lock().await;
        let mut clock = inner.clock.borrow().clone();
        for stamp in records.iter().filter_map(Record::max_stamp) {
            clock.observe(&stamp);
        }
        let stored = inner
            .db
            .apply_remote(event, &records, settled, link, &clock)
            .await?;
        *inner.clock.borrow_mut() = clock;
        if let Some(open) = self.open_event.get_value().filter(|e| e.id == event) {
            apply_to_screen(open, stored);
        }
        Ok(())
    }

    /// A tap at the gate by this phone: `delta` people (−1 to correct).
    /// Added to the stored count in one transaction (see [`Db::tap`]).
    pub fn tap(&self, event: EventCtx, delta: i64) {
        let session = self.clone();
        leptos::task::spawn_local(async move {
            let inner = &session.inner;
            let result = async {
                let _turn = inner.writes.lock().await;
                let mut clock = inner.clock.borrow().clone();
                clock.tick(now_ms());
                let stored = inner.db.tap(event.id, clock.device, delta, &clock).await?;
                *inner.clock.borrow_mut() = clock;
                apply_to_screen(event, vec![stored]);
                Ok::<(), AppError>(())
            }
            .await;
            match result {
                Ok(()) => sync::changed(&session),
                Err(e) => session.report(&e),
            }
        });
    }

    /// Merges a bundle from a file, as a local change (so it is pushed too).
    pub async fn import(&self, bundle: Bundle) -> Result<(), AppError> {
        bundle.check_stamps(now_ms())?;
        let inner = &self.inner;
        let _turn = inner.writes.lock().await;
        let mut clock = inner.clock.borrow().clone();
        for stamp in bundle.records.iter().filter_map(Record::max_stamp) {
            clock.observe(&stamp);
        }
        clock.tick(now_ms());
        let stored = inner
            .db
            .commit(bundle.event, &bundle.records, &clock)
            .await?;
        *inner.clock.borrow_mut() = clock;
        if let Some(open) = self.open_event.get_value().filter(|e| e.id == bundle.event) {
            apply_to_screen(open, stored);
        }
        sync::changed(self);
        Ok(())
    }

    /// Creates an event with the standard program; returns its id once saved.
    /// Its claim is kept first: an event whose claim was lost could never
    /// be shared.
    pub async fn create_event(&self, new: NewEvent) -> Result<EventId, AppError> {
        let (id, claim) = EventId::new_claimed();
        self.db().save_claim(id, &claim).await?;
        self.commit(
            id,
            Box::new(move |stamp, _| EventState::create(id, new, stamp)),
        )
        .await?;
        Ok(id)
    }

    /// Runs a command on the open event: computes its records from the latest
    /// state, commits them, and only then applies them to the screen.
    pub async fn change(&self, event: EventCtx, command: Command) -> Result<(), AppError> {
        let stored = self
            .commit(
                event.id,
                Box::new(move |stamp, now| {
                    event
                        .state
                        .with_untracked(|s| s.as_ref().map(|s| command(s, stamp, now)))
                        .unwrap_or(Err(DomainError::NotFound("event")))
                }),
            )
            .await?;
        apply_to_screen(event, stored);
        sync::changed(self);
        Ok(())
    }

    /// Like [`Session::change`], reporting any failure instead of returning it.
    pub fn run(&self, event: EventCtx, command: Command) {
        self.spawn_change(event, command, Box::new(|_| ()));
    }

    /// [`Session::run`] for the common case of a command changing one record.
    pub fn run_one(
        &self,
        event: EventCtx,
        command: impl FnOnce(&EventState, Stamp, u64) -> Result<Record, DomainError> + 'static,
    ) {
        self.run(
            event,
            Box::new(move |s, stamp, now| Ok(vec![command(s, stamp, now)?])),
        );
    }

    /// Like [`Session::run`], then `after(saved)`: whether the change was
    /// committed (e.g. to close the form it came from, or to give a refused
    /// form its text back).
    pub fn run_then(&self, event: EventCtx, command: Command, after: impl FnOnce(bool) + 'static) {
        self.spawn_change(event, command, Box::new(after));
    }

    /// The one body of [`Session::run`] and [`Session::run_then`]; `after`
    /// is boxed so that it is compiled once, not once per caller.
    fn spawn_change(&self, event: EventCtx, command: Command, after: Box<dyn FnOnce(bool)>) {
        let session = self.clone();
        leptos::task::spawn_local(async move {
            let result = session.change(event, command).await;
            if let Err(e) = &result {
                session.report(e);
            }
            after(result.is_ok());
        });
    }

    async fn commit(
        &self,
        event: EventId,
        command: Box<dyn FnOnce(Stamp, u64) -> Result<Vec<Record>, DomainError> + '_>,
    ) -> Result<Vec<Record>, AppError> {
        let inner = &self.inner;
        let _turn = inner.writes.lock().await;
        let now = now_ms();
        let mut clock = inner.clock.borrow().clone();
        let stamp = clock.tick(now);
        let records = command(stamp, now)?;
        let stored = inner.db.commit(event, &records, &clock).await?;
        // Only a committed write advances the clock in memory.
        *inner.clock.borrow_mut() = clock;
        Ok(stored)
    }
}

impl Session {
    /// Brings this phone's clock back from a wrong future (its date was
    /// wrong and has been fixed) and restamps, as new changes, every stored
    /// change of `event` stamped after `limit`: the server refused them and
    /// would refuse them for good. Nothing is lost; what the officer did
    /// then goes out now.
    pub async fn rebase(&self, event: EventId, limit: u64) -> Result<(), AppError> {
        let inner = &self.inner;
        let _turn = inner.writes.lock().await;
        let mut clock = inner.clock.borrow().clone();
        clock.rebase(limit);
        let state = inner.db.load_event(event).await?;
        let now = now_ms();
        let restamped: Vec<Record> = state
            .records()
            .filter_map(|mut r| r.restamp_ahead(limit, || clock.tick(now)).then_some(r))
            .collect();
        inner.db.replace(event, &restamped, &clock).await?;
        *inner.clock.borrow_mut() = clock;
        if let Some(open) = self.open_event.get_value().filter(|e| e.id == event) {
            // Merging lower stamps would keep the old values: reload instead.
            if let Ok(state) = inner.db.load_event(event).await {
                open.state.set(Some(state));
            }
        }
        Ok(())
    }
}

/// Shows stored records on the open event's screen.
fn apply_to_screen(event: EventCtx, stored: Vec<Record>) {
    event.state.update(|s| {
        if let Some(s) = s {
            for r in stored {
                // Stored records belong to this event: apply cannot refuse them.
                let _ = s.apply(r);
            }
        }
    });
}

/// The session, from context.
pub fn use_session() -> Session {
    expect_context::<Session>()
}

/// The open event, from context.
pub fn use_event() -> EventCtx {
    expect_context::<EventCtx>()
}
