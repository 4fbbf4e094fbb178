//! Reading the join QR code with the phone's camera, where the browser has
//! the Barcode Detection API (Chrome on Android). Elsewhere the officer types
//! the code, or scans with the camera app, which opens the join link.

use crate::error::{js_message, AppError};
use crate::lazy::{run_entry, split_entry, Entry};
use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

fn get(target: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(target, &name.into()).unwrap_or(JsValue::UNDEFINED)
}

fn call(target: &JsValue, name: &str, args: &[&JsValue]) -> Result<JsValue, AppError> {
    let f: js_sys::Function = get(target, name)
        .dyn_into()
        .map_err(|e| AppError::Camera(js_message(&e)))?;
    let args: js_sys::Array = args.iter().copied().collect();
    f.apply(target, &args)
        .map_err(|e| AppError::Camera(js_message(&e)))
}

async fn wait(promise: JsValue) -> Result<JsValue, AppError> {
    JsFuture::from(js_sys::Promise::from(promise))
        .await
        .map_err(|e| AppError::Camera(js_message(&e)))
}

/// Whether this browser can read QR codes from the camera.
pub fn supported() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    !get(&window, "BarcodeDetector").is_undefined()
        && !get(&window.navigator(), "mediaDevices").is_undefined()
}

/// Shows the back camera in `video` and resolves with the first QR code's
/// text, or `None` once `stop` is set. The camera is released either way.
/// Its code is the `qr_scan` module, fetched the first time an officer
/// taps "Quét mã QR": a phone opened by a join link never needs it.
pub async fn read_qr(
    video: web_sys::Element,
    stop: Rc<Cell<bool>>,
) -> Result<Option<String>, AppError> {
    run_entry!(read_qr_entry(video, stop))
}

split_entry!(
    qr_scan,
    fn read_qr_entry(video: web_sys::Element, stop: Rc<Cell<bool>>) -> Entry<Option<String>> {
        Ok(Box::pin(read(video, stop)))
    }
);

async fn read(video: web_sys::Element, stop: Rc<Cell<bool>>) -> Result<Option<String>, AppError> {
    let window = web_sys::window().ok_or_else(|| AppError::Camera("no window".into()))?;
    let constraints =
        js_sys::JSON::parse(r#"{"video":{"facingMode":"environment"},"audio":false}"#)
            .unwrap_or_default();
    let devices = get(&window.navigator(), "mediaDevices");
    let stream = wait(call(&devices, "getUserMedia", &[&constraints])?).await?;
    js_sys::Reflect::set(&video, &"srcObject".into(), &stream)
        .map_err(|e| AppError::Camera(js_message(&e)))?;
    let result = async {
        wait(call(&video, "play", &[])?).await?;
        let class: js_sys::Function = get(&window, "BarcodeDetector").unchecked_into();
        let options = js_sys::JSON::parse(r#"{"formats":["qr_code"]}"#).unwrap_or_default();
        let detector = js_sys::Reflect::construct(&class, &js_sys::Array::of1(&options))
            .map_err(|e| AppError::Camera(js_message(&e)))?;
        while !stop.get() {
            let found: js_sys::Array = wait(call(&detector, "detect", &[&video])?)
                .await?
                .unchecked_into();
            if let Some(text) = found
                .iter()
                .next()
                .and_then(|code| get(&code, "rawValue").as_string())
            {
                return Ok(Some(text));
            }
            sleep(Duration::from_millis(250)).await;
        }
        Ok(None)
    }
    .await;
    // Release the camera: every track of the stream.
    if let Ok(tracks) = call(&stream, "getTracks", &[]) {
        for track in js_sys::Array::from(&tracks).iter() {
            let _ = call(&track, "stop", &[]);
        }
    }
    result
}

async fn sleep(d: Duration) {
    let (tx, rx) = futures::channel::oneshot::channel::<()>();
    leptos::prelude::set_timeout(
        move || {
            let _ = tx.send(());
        },
        d,
    );
    let _ = rx.await;
}
