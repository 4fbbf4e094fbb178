//! The plumbing for the parts of the app fetched on first use; the entries
//! themselves sit beside the code they load.
//!
//! In release builds (the `split` feature, which index.html turns on) each
//! entry declared with [`split_entry!`] starts a wasm module of its own, cut
//! out of the build by `scripts/wasm-split.sh`: the module is fetched the
//! first time the entry is called (from the service worker's cache once
//! installed), and all the code only it reaches moves with it. Without the
//! feature (tests, clippy) the entries are plain functions.
//!
//! Every entry is `fallible`: a module that cannot be fetched (no connection
//! before the service worker has stored it) gives a message, where a panic
//! would stop the whole app. The modules and what each holds are listed in
//! docs/ARCHITECTURE.md ("Modules fetched on first use").

use crate::error::AppError;
use futures::future::LocalBoxFuture;
use leptos::prelude::AnyView;

/// What an entry doing async work returns: its work, boxed, since a split
/// entry cannot be `async` itself.
pub type Entry<T> = Result<LocalBoxFuture<'static, Result<T, AppError>>, AppError>;

/// Declares a function as the entry of module `$module`; with `preload
/// $name`, also `async fn $name()`, which fetches the module without calling
/// the entry (the app starts it at once when opened at that module's
/// address, alongside opening storage).
macro_rules! split_entry {
    ($module:ident, preload $preload:ident, $item:item) => {
        #[cfg_attr(
            feature = "split",
            leptos::wasm_split::wasm_split($module, fallible, preload($preload), wasm_split_path = ::leptos::wasm_split)
        )]
        $item
        #[cfg(not(feature = "split"))]
        pub(crate) async fn $preload() -> Result<(), std::convert::Infallible> {
            Ok(())
        }
    };
    ($module:ident, $item:item) => {
        #[cfg_attr(
            feature = "split",
            leptos::wasm_split::wasm_split($module, fallible, wasm_split_path = ::leptos::wasm_split)
        )]
        $item
    };
}

/// Calls an entry: in split builds, once its module is in.
macro_rules! call_entry {
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

/// Calls an entry doing async work, and waits for that work.
macro_rules! run_entry {
    ($entry:ident($($arg:expr),*)) => {
        $crate::lazy::call_entry!($entry($($arg),*))?.await
    };
}

/// A screen from an entry (called where `leptos::prelude::*` is in scope):
/// drawn at once when its module is in — the usual case, as the app fetches
/// the modules an address needs while it starts — else "loading" while the
/// module comes, then the screen, or why it could not come.
macro_rules! lazy_view {
    ($entry:ident($($arg:expr),*)) => {{
        let mut screen = Box::pin(async move { $crate::lazy::call_entry!($entry($($arg),*)) });
        match futures::FutureExt::now_or_never(&mut screen) {
            Some(screen) => $crate::lazy::shown(screen),
            None => $crate::lazy::when_in(screen),
        }
    }};
}

/// "Loading", then the screen once its module is in. Not leptos'
/// `Suspense`: its async machinery is code every phone downloads at first
/// load (about 1 KB brotli), for a wait that happens once.
pub fn when_in(screen: LocalBoxFuture<'static, Result<AnyView, AppError>>) -> AnyView {
    use leptos::prelude::*;
    use std::sync::{Arc, Mutex};
    let arrived = RwSignal::new(false);
    // Shared with the view's closure, which leptos requires to be `Send`.
    let slot = Arc::new(Mutex::new(None));
    let filled = Arc::clone(&slot);
    // Taken here, where the owner is current (not in the task).
    let screen = under_owner(screen);
    leptos::task::spawn_local(async move {
        // Left before the module came: nothing to hand over.
        let Some(screen) = screen.await else {
            return;
        };
        if let Ok(mut slot) = filled.lock() {
            *slot = Some(screen);
        }
        let _ = arrived.try_set(true);
    });
    // Runs twice: now, and once when the module is in (the only change of
    // `arrived`), which hands the screen over.
    (move || match arrived.get() {
        false => view! { <p class="loading">"Đang tải…"</p> }.into_any(),
        true => slot
            .lock()
            .ok()
            .and_then(|mut s| s.take())
            .map_or_else(|| ().into_any(), shown),
    })
    .into_any()
}

/// Polls `work` under the reactive owner current now, so a screen built
/// when its module arrives finds the contexts (session, event) of where it
/// is shown, as if built there at once; `None`, and `work` dropped, once
/// that owner is cleaned up (the officer left, or a read was superseded):
/// its contexts are gone then.
pub fn under_owner<T: 'static>(
    mut work: LocalBoxFuture<'static, T>,
) -> impl std::future::Future<Output = Option<T>> + 'static {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    use std::task::Poll;
    let owner = leptos::prelude::Owner::current();
    let gone = Arc::new(AtomicBool::new(false));
    let cleaned = Arc::clone(&gone);
    leptos::prelude::on_cleanup(move || cleaned.store(true, Ordering::Relaxed));
    futures::future::poll_fn(move |cx| {
        if gone.load(Ordering::Relaxed) {
            return Poll::Ready(None);
        }
        match &owner {
            Some(owner) => owner.with(|| work.as_mut().poll(cx)),
            None => work.as_mut().poll(cx),
        }
        .map(Some)
    })
}

/// A screen from its entry, or why its module could not come.
pub fn shown(screen: Result<AnyView, AppError>) -> AnyView {
    use leptos::prelude::*;
    screen.unwrap_or_else(|e| {
        view! { <p class="notice" role="alert">{e.message_vi()}</p> }.into_any()
    })
}

pub(crate) use {call_entry, lazy_view, run_entry, split_entry};
