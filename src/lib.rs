//! The Ngày hội app: a Leptos client-side app that keeps every event in
//! IndexedDB and works with no connection at all.

mod app;
mod components;
pub mod error;
mod files;
mod lazy;
mod net;
mod pages;
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

/// Mounts the app on the page.
pub fn start() {
    mark("app:start");
    leptos::mount::mount_to_body(app::App);
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// `performance.mark`: the start-up benchmark (end2end/bench/startup.mjs)
    /// reads where the time goes from these.
    #[wasm_bindgen(js_namespace = performance)]
    fn mark(name: &str);
}
