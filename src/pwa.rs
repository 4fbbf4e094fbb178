//! The browser's app features: the service worker's update flow and the
//! screen wake lock for run mode.
//!
//! An update never applies by itself: the new service worker waits, the app
//! announces it, and it takes over only when the officer taps "Cập nhật" —
//! which the app does not offer while run mode is open.

use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState};

thread_local! {
    static REGISTRATION: RefCell<Option<ServiceWorkerRegistration>> = const { RefCell::new(None) };
    /// Set when the officer chose to update: only then does a new controller reload the page.
    static UPDATE_CHOSEN: Cell<bool> = const { Cell::new(false) };
}

fn service_workers() -> Option<ServiceWorkerContainer> {
    let navigator = web_sys::window()?.navigator();
    // Absent on plain-HTTP origins other than localhost, and in some webviews.
    let sw = js_sys::Reflect::get(&navigator, &"serviceWorker".into()).ok()?;
    (!sw.is_undefined()).then(|| sw.unchecked_into())
}

/// Registers `/sw.js` and sets `update_ready` when a new version is waiting.
pub fn register_service_worker(update_ready: RwSignal<bool>) {
    let Some(container) = service_workers() else {
        return;
    };
    leptos::task::spawn_local(async move {
        let Ok(reg) = JsFuture::from(container.register("/sw.js")).await else {
            return;
        };
        let reg: ServiceWorkerRegistration = reg.unchecked_into();
        // A first install has no controller yet: nothing to announce.
        let has_controller = {
            let container = container.clone();
            move || container.controller().is_some()
        };
        if reg.waiting().is_some() && has_controller() {
            update_ready.set(true);
        }
        let on_update_found = {
            let reg = reg.clone();
            Closure::<dyn FnMut()>::new(move || {
                let Some(worker) = reg.installing() else {
                    return;
                };
                let watched = worker.clone();
                let has_controller = has_controller.clone();
                let on_state = Closure::<dyn FnMut()>::new(move || {
                    if watched.state() == ServiceWorkerState::Installed && has_controller() {
                        update_ready.set(true);
                    }
                });
                worker.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
                on_state.forget();
            })
        };
        reg.set_onupdatefound(Some(on_update_found.as_ref().unchecked_ref()));
        on_update_found.forget();

        let on_controller_change = Closure::<dyn FnMut()>::new(|| {
            if UPDATE_CHOSEN.with(Cell::get) {
                if let Some(w) = web_sys::window() {
                    let _ = w.location().reload();
                }
            }
        });
        container.set_oncontrollerchange(Some(on_controller_change.as_ref().unchecked_ref()));
        on_controller_change.forget();
        REGISTRATION.with(|r| *r.borrow_mut() = Some(reg));

        // Phones keep the app open for days: look for a new version each time
        // it comes back to the foreground.
        let on_visible = Closure::<dyn FnMut()>::new(|| {
            let visible = web_sys::window()
                .and_then(|w| w.document())
                .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Visible);
            if visible {
                check_for_update();
            }
        });
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            let _ = doc.add_event_listener_with_callback(
                "visibilitychange",
                on_visible.as_ref().unchecked_ref(),
            );
        }
        on_visible.forget();
    });
}

fn check_for_update() {
    REGISTRATION.with(|r| {
        if let Some(reg) = r.borrow().as_ref() {
            if let Ok(p) = reg.update() {
                leptos::task::spawn_local(async move {
                    let _ = JsFuture::from(p).await;
                });
            }
        }
    });
}

/// Applies the waiting version: the page reloads once it has taken over.
pub fn apply_update() {
    UPDATE_CHOSEN.with(|c| c.set(true));
    REGISTRATION.with(|r| {
        if let Some(waiting) = r.borrow().as_ref().and_then(|reg| reg.waiting()) {
            let _ = waiting.post_message(&JsValue::from_str("skip-waiting"));
        }
    });
}

/// Keeps the screen on while held; released on drop. Browsers without the
/// Screen Wake Lock API simply keep their usual timeout.
pub struct ScreenWakeLock {
    sentinel: Rc<RefCell<Option<JsValue>>>,
    on_visible: Option<Closure<dyn FnMut()>>,
}

impl ScreenWakeLock {
    /// Requests the lock, and requests it again each time the page becomes
    /// visible (browsers release it when the page is hidden).
    pub fn acquire() -> ScreenWakeLock {
        let sentinel = Rc::new(RefCell::new(None));
        request_wake_lock(sentinel.clone());
        let on_visible = {
            let sentinel = sentinel.clone();
            Closure::<dyn FnMut()>::new(move || {
                let visible = web_sys::window()
                    .and_then(|w| w.document())
                    .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Visible);
                if visible {
                    request_wake_lock(sentinel.clone());
                }
            })
        };
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            let _ = doc.add_event_listener_with_callback(
                "visibilitychange",
                on_visible.as_ref().unchecked_ref(),
            );
        }
        ScreenWakeLock {
            sentinel,
            on_visible: Some(on_visible),
        }
    }
}

impl Drop for ScreenWakeLock {
    fn drop(&mut self) {
        if let (Some(doc), Some(cb)) = (
            web_sys::window().and_then(|w| w.document()),
            self.on_visible.take(),
        ) {
            let _ = doc.remove_event_listener_with_callback(
                "visibilitychange",
                cb.as_ref().unchecked_ref(),
            );
        }
        if let Some(sentinel) = self.sentinel.borrow_mut().take() {
            call_method(&sentinel, "release", None);
        }
    }
}

fn request_wake_lock(slot: Rc<RefCell<Option<JsValue>>>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(wake_lock) = js_sys::Reflect::get(&window.navigator(), &"wakeLock".into()) else {
        return;
    };
    if wake_lock.is_undefined() {
        return;
    }
    let Some(promise) = call_method(&wake_lock, "request", Some(&"screen".into())) else {
        return;
    };
    leptos::task::spawn_local(async move {
        if let Ok(sentinel) = JsFuture::from(js_sys::Promise::from(promise)).await {
            *slot.borrow_mut() = Some(sentinel);
        }
    });
}

fn call_method(target: &JsValue, name: &str, arg: Option<&JsValue>) -> Option<JsValue> {
    let f: js_sys::Function = js_sys::Reflect::get(target, &name.into())
        .ok()?
        .dyn_into()
        .ok()?;
    match arg {
        Some(a) => f.call1(target, a),
        None => f.call0(target),
    }
    .ok()
}

/// Asks the browser to keep this site's data even when the phone runs low on
/// space. Best effort: browsers may decline, and older ones lack the API.
pub async fn request_persistence() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let navigator: JsValue = window.navigator().into();
    let Ok(storage) = js_sys::Reflect::get(&navigator, &"storage".into()) else {
        return false;
    };
    if storage.is_undefined() {
        return false;
    }
    let Ok(persist) = js_sys::Reflect::get(&storage, &"persist".into()) else {
        return false;
    };
    let Some(persist) = wasm_bindgen::JsCast::dyn_ref::<js_sys::Function>(&persist) else {
        return false;
    };
    let Ok(promise) = persist.call0(&storage) else {
        return false;
    };
    let promise: js_sys::Promise = wasm_bindgen::JsCast::unchecked_into(promise);
    matches!(wasm_bindgen_futures::JsFuture::from(promise).await, Ok(v) if v.as_bool() == Some(true))
}
