//! Cache, then network, for what the phone keeps for offline use (the
//! level above's dashboard, the unit's home): what the phone kept is shown
//! at once, the server's answer when it comes, and the last one shown stays
//! when a later ask fails.

use crate::components::Loaded;
use crate::error::AppError;
use leptos::prelude::*;
use std::future::Future;
use std::rc::Rc;

/// A read of something the phone keeps and the server may have newer.
pub struct Kept<T: Send + Sync + 'static> {
    fresh: Loaded<Result<T, AppError>>,
    latest: Memo<Option<T>>,
}

impl<T: Send + Sync + 'static> Clone for Kept<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Kept<T> {}

impl<T: Clone + PartialEq + Send + Sync + 'static> Kept<T> {
    /// `kept` reads the phone's copy, once; `fresh` asks the server, given
    /// that copy once it is read (the server is asked after the phone, as
    /// the copy is what a slow or absent connection leaves on screen), and
    /// again at each [`Kept::refetch`].
    pub fn new<K, F>(
        kept: impl Fn() -> K + 'static,
        fresh: impl Fn(Option<T>) -> F + 'static,
    ) -> Self
    where
        K: Future<Output = Option<T>> + 'static,
        F: Future<Output = Result<T, AppError>> + 'static,
    {
        // The phone's copy, read once, before the server is first asked.
        let copy = RwSignal::new(None::<Option<T>>);
        let (kept, ask) = (Rc::new(kept), Rc::new(fresh));
        let fresh = Loaded::new(move || {
            let (kept, ask) = (Rc::clone(&kept), Rc::clone(&ask));
            let read = copy.get_untracked();
            async move {
                let copy_now = match read {
                    Some(k) => k,
                    None => {
                        let k = kept().await;
                        let _ = copy.try_set(Some(k.clone()));
                        k
                    }
                };
                ask(copy_now).await
            }
        });
        let latest = Memo::new(move |shown: Option<&Option<T>>| {
            fresh
                .with(|f| match f {
                    Some(Ok(answer)) => Some(answer.clone()),
                    _ => None,
                })
                .or_else(|| shown.cloned().flatten())
                .or_else(|| copy.get().flatten())
        });
        Kept { fresh, latest }
    }

    /// What to show: the server's last answer, else the phone's copy;
    /// `None` while neither has come.
    pub fn latest(&self) -> Option<T> {
        self.latest.get()
    }

    /// Reads what to show without copying it.
    pub fn with_latest<R>(&self, f: impl FnOnce(&Option<T>) -> R) -> R {
        self.latest.with(f)
    }

    /// How the last ask of the server went; `None` while the first is
    /// under way.
    pub fn asked(&self) -> Option<Result<(), AppError>> {
        self.fresh.with(|f| {
            f.as_ref()
                .map(|r| r.as_ref().map(|_| ()).map_err(Clone::clone))
        })
    }

    /// Asks the server again; what is shown stays until it answers.
    pub fn refetch(&self) {
        self.fresh.refetch();
    }
}
