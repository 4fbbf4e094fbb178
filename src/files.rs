//! Files on the phone: reading one the officer picked, and handing one over
//! (the share sheet where the browser can share files, else a download).

use crate::error::{js_message, AppError};
use domain::protocol::bundle::MAX_BYTES;
use domain::BundleError;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, BlobPropertyBag, CanvasRenderingContext2d, File, FilePropertyBag, HtmlAnchorElement,
    HtmlCanvasElement, HtmlImageElement, HtmlInputElement, Url,
};

const JSON_TYPE: &str = "application/json";

/// The text of the file picked in the `<input type=file>` that fired `ev`,
/// refusing anything larger than a bundle can be before reading it.
pub async fn read_picked(ev: &web_sys::Event) -> Option<Result<String, AppError>> {
    let file = match picked(ev)? {
        Ok(file) => file,
        Err(e) => return Some(Err(e)),
    };
    let text = JsFuture::from(file.text()).await;
    Some(
        text.map(|t| t.as_string().unwrap_or_default())
            .map_err(|_| AppError::FileUnreadable("read failed".into())),
    )
}

/// The name and bytes of the file picked, as [`read_picked`] (for files
/// that are not text, such as a spreadsheet).
pub async fn read_picked_bytes(ev: &web_sys::Event) -> Option<Result<(String, Vec<u8>), AppError>> {
    let file = match picked(ev)? {
        Ok(file) => file,
        Err(e) => return Some(Err(e)),
    };
    let bytes = JsFuture::from(file.array_buffer()).await;
    Some(
        bytes
            .map(|b| (file.name(), js_sys::Uint8Array::new(&b).to_vec()))
            .map_err(|_| AppError::FileUnreadable("read failed".into())),
    )
}

/// The file picked, unread; `None` when none was.
fn picked(ev: &web_sys::Event) -> Option<Result<File, AppError>> {
    let input: HtmlInputElement = ev.target()?.dyn_into().ok()?;
    let file = input.files()?.get(0)?;
    // Picking the same file again must fire `change` again.
    input.set_value("");
    if file.size() > MAX_BYTES as f64 {
        return Some(Err(BundleError::TooLarge {
            bytes: file.size() as usize,
        }
        .into()));
    }
    Some(Ok(file))
}

/// How a file was handed over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handed {
    /// Through the share sheet (Zalo, Bluetooth…).
    Shared,
    /// Saved as a download: the officer must be told where it went.
    Downloaded,
}

/// Offers `text` (a bundle) as a JSON file named `name`: see [`offer`].
pub async fn hand_over(name: &str, text: &str) -> Result<Handed, AppError> {
    offer(
        name,
        JSON_TYPE,
        &js_sys::Array::of1(&JsValue::from_str(text)),
    )
    .await
}

/// Offers `parts` (strings or blobs) as a file of type `mime` named `name`:
/// the share sheet (Zalo, Bluetooth…) where the browser can share files, a
/// download otherwise.
pub async fn offer(name: &str, mime: &str, parts: &js_sys::Array) -> Result<Handed, AppError> {
    let fail = |e: JsValue| AppError::Browser(js_message(&e));
    let window = web_sys::window().ok_or_else(|| AppError::Browser("no window".into()))?;
    let navigator: JsValue = window.navigator().into();
    let can_share = js_sys::Reflect::get(&navigator, &"canShare".into())
        .ok()
        .filter(|f| f.is_function());
    if let Some(can_share) = can_share {
        let options = FilePropertyBag::new();
        options.set_type(mime);
        let file = File::new_with_blob_sequence_and_options(parts, name, &options).map_err(fail)?;
        let data = js_sys::Object::new();
        js_sys::Reflect::set(&data, &"files".into(), &js_sys::Array::of1(&file)).map_err(fail)?;
        let allowed = can_share
            .unchecked_into::<js_sys::Function>()
            .call1(&navigator, &data)
            .map_err(fail)?;
        if allowed.as_bool() == Some(true) {
            let share: js_sys::Function = js_sys::Reflect::get(&navigator, &"share".into())
                .map_err(fail)?
                .unchecked_into();
            let promise: js_sys::Promise = share
                .call1(&navigator, &data)
                .map_err(fail)?
                .unchecked_into();
            // The officer closing the share sheet is not an error.
            let _ = JsFuture::from(promise).await;
            return Ok(Handed::Shared);
        }
    }
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_blob_sequence_and_options(parts, &options).map_err(fail)?;
    let url = Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let document = window
        .document()
        .ok_or_else(|| AppError::Browser("no document".into()))?;
    let a: HtmlAnchorElement = document.create_element("a").map_err(fail)?.unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.click();
    let _ = Url::revoke_object_url(&url);
    Ok(Handed::Downloaded)
}

/// Draws an SVG document into a PNG image `width` × `height` pixels.
pub async fn svg_to_png(svg: &str, width: u32, height: u32) -> Result<Blob, AppError> {
    let fail = |e: JsValue| AppError::Browser(js_message(&e));
    let options = BlobPropertyBag::new();
    options.set_type("image/svg+xml");
    let parts = js_sys::Array::of1(&JsValue::from_str(svg));
    let svg_blob = Blob::new_with_str_sequence_and_options(&parts, &options).map_err(fail)?;
    let url = Url::create_object_url_with_blob(&svg_blob).map_err(fail)?;
    let image = HtmlImageElement::new().map_err(fail)?;
    image.set_src(&url);
    let decoded = JsFuture::from(image.decode()).await;
    let _ = Url::revoke_object_url(&url);
    decoded.map_err(fail)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| AppError::Browser("no document".into()))?;
    let canvas: HtmlCanvasElement = document
        .create_element("canvas")
        .map_err(fail)?
        .unchecked_into();
    canvas.set_width(width);
    canvas.set_height(height);
    let context: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .map_err(fail)?
        .ok_or_else(|| AppError::Browser("no 2d canvas".into()))?
        .unchecked_into();
    context
        .draw_image_with_html_image_element_and_dw_and_dh(
            &image,
            0.0,
            0.0,
            f64::from(width),
            f64::from(height),
        )
        .map_err(fail)?;
    let png = js_sys::Promise::new(&mut |resolve, _reject| {
        let _ = canvas.to_blob(&resolve);
    });
    let blob = JsFuture::from(png).await.map_err(fail)?;
    blob.dyn_into::<Blob>()
        .map_err(|_| AppError::Browser("the image could not be made".into()))
}
