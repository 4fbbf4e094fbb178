//! A read from storage or the server that a screen shows when it comes.
//!
//! Why not leptos' `LocalResource`: it wraps its value for threads the
//! browser never has, and that machinery (with the formatting code it pulls
//! in) landed in the first load as soon as two modules fetched on first use
//! used it — about 1.2 KB brotli over the budget (docs/BENCHMARKS.md). This
//! is the part the app uses: an effect that runs the read when the screen
//! opens and again when a signal it reads changes, and a signal the answer
//! lands in. Only the latest read's answer is kept, so a slow answer never
//! overwrites a newer one.

use leptos::prelude::*;
use std::cell::Cell;
use std::future::Future;
use std::rc::Rc;

/// A read whose answer the screen shows once it comes.
pub struct Loaded<T: Send + Sync + 'static> {
    value: RwSignal<Option<T>>,
    again: RwSignal<u32>,
}

impl<T: Send + Sync + 'static> Clone for Loaded<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Loaded<T> {}

impl<T: Send + Sync + 'static> Loaded<T> {
    /// Runs `read` when the screen opens. The signals `read` reads before
    /// its future starts are tracked: a change to any of them reads again.
    pub fn new<F>(read: impl Fn() -> F + 'static) -> Self
    where
        F: Future<Output = T> + 'static,
    {
        let value = RwSignal::new(None);
        let again = RwSignal::new(0u32);
        let latest = Rc::new(Cell::new(0u64));
        Effect::new(move |_| {
            again.track();
            // Run under this screen's owner, as the read may ask for a
            // context; dropped when the screen closes or reads again.
            let answer = crate::lazy::under_owner(Box::pin(read()));
            let asked = latest.get().wrapping_add(1);
            latest.set(asked);
            let latest = Rc::clone(&latest);
            leptos::task::spawn_local(async move {
                // `None`: the screen closed, or a newer read started.
                if let Some(answer) = answer.await {
                    if latest.get() == asked {
                        let _ = value.try_set(Some(answer));
                    }
                }
            });
        });
        Loaded { value, again }
    }

    /// Reads again; what is shown stays until the answer comes.
    pub fn refetch(&self) {
        self.again.update(|n| *n = n.wrapping_add(1));
    }

    /// Shows `answer` as if it had been read (a form that just saved it).
    pub fn set(&self, answer: T) {
        self.value.set(Some(answer));
    }

    /// Reads the answer without copying it; `None` while the first read is
    /// under way.
    pub fn with<R>(&self, f: impl FnOnce(&Option<T>) -> R) -> R {
        self.value.with(f)
    }
}

impl<T: Clone + Send + Sync + 'static> Loaded<T> {
    /// The answer; `None` while the first read is under way.
    pub fn get(&self) -> Option<T> {
        self.value.get()
    }
}
