//! The Ngày hội app: a Leptos client-side app that keeps every event in
//! IndexedDB and works with no connection at all.

mod app;
mod components;
pub mod error;
mod files;
mod lazy;
mod net;
mod pages;
mod past_years_xlsx;
mod prefs;
mod pwa;
mod report_docx;
mod scan;
mod screens;
mod session;
mod sheet_xlsx;
pub mod storage;
mod sync;
mod time;

/// Runs `task` up to its first wait now, and the rest in the background.
///
/// A spawned task first runs after the current one, which at start-up is the
/// whole first render; requests the app needs at once (opening storage,
/// fetching a screen's module) are better under way during it.
pub(crate) fn start_now(task: impl std::future::Future<Output = ()> + 'static) {
    let mut task = Box::pin(task);
    if futures::FutureExt::now_or_never(&mut task).is_none() {
        leptos::task::spawn_local(task);
    }
}

/// Runs `work` once the first screen is up (a second after start): what the
/// officer does not wait for (the service worker's registration, asking
/// to keep storage, tidying old taps) stays off the way to the first paint,
/// where every piece of code costs its compile on a phone.
pub(crate) fn after_start(work: impl FnOnce() + 'static) {
    // Boxed: one timer's code for every caller (the first load is counted
    // in bytes).
    let work: Box<dyn FnOnce()> = Box::new(work);
    leptos::prelude::set_timeout(work, std::time::Duration::from_secs(1));
}

/// Mounts the app on the page.
pub fn start() {
    mark("app:start");
    leptos::mount::mount_to_body(app::App);
    mark("app:mounted");
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// `performance.mark`: the start-up benchmark (end2end/bench/startup.mjs)
    /// reads where the time goes from these.
    #[wasm_bindgen(js_namespace = performance)]
    fn mark(name: &str);
}
