//! The one way a text control shows a stored field: `use:follow=value`.
//!
//! The control shows the stored value and follows it as it changes (another
//! phone's sync, an undo) — except while the officer is in it: what they are
//! typing is never overwritten. Leaving the field saves it (the form's
//! `change` handler); leaving it unchanged shows the stored value again, in
//! case it changed meanwhile. A save that is refused leaves the typed text
//! in place, beside its message.

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// The directive: `<input use:follow=Signal::derive(…)/>`.
pub fn follow(el: web_sys::Element, value: Signal<String>) {
    // Only a change of this field reaches the control, not every change
    // to the event.
    let value = Memo::new(move |_| value.get());
    {
        let el = el.clone();
        Effect::new(move |_| {
            let v = value.get();
            if !has_focus(&el) {
                set_value(&el, &v);
            }
        });
    }
    let changed = Rc::new(Cell::new(false));
    let listeners = [
        ("focus", {
            let changed = changed.clone();
            Closure::<dyn Fn()>::new(move || changed.set(false))
        }),
        ("change", {
            let changed = changed.clone();
            Closure::<dyn Fn()>::new(move || changed.set(true))
        }),
        ("blur", {
            let el = el.clone();
            Closure::<dyn Fn()>::new(move || {
                if !changed.get() {
                    set_value(&el, &value.get_untracked());
                }
            })
        }),
    ];
    for (name, f) in &listeners {
        let _ = el.add_event_listener_with_callback(name, f.as_ref().unchecked_ref());
    }
    let held = SendWrapper::new((el, listeners));
    on_cleanup(move || {
        let (el, listeners) = held.take();
        for (name, f) in &listeners {
            let _ = el.remove_event_listener_with_callback(name, f.as_ref().unchecked_ref());
        }
    });
}

fn has_focus(el: &web_sys::Element) -> bool {
    document().active_element().as_ref() == Some(el)
}

/// Inputs and text areas alike.
fn set_value(el: &web_sys::Element, value: &str) {
    let current = js_sys::Reflect::get(el, &"value".into()).ok();
    if current.and_then(|v| v.as_string()).as_deref() != Some(value) {
        let _ = js_sys::Reflect::set(el, &"value".into(), &JsValue::from_str(value));
    }
}
