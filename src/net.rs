//! HTTP to the sync server (same origin as the app), through `fetch`: each
//! call names its route's declaration ([`domain::api`]), which gives the
//! address, the method and the types sent and read.

use crate::error::{js_message, AppError};
use domain::api::{Code, Endpoint};
use domain::protocol::ApiErrorBody;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Request, RequestInit, Response};

/// A sync that takes longer than this on a village sports ground is better
/// abandoned and retried than left hanging.
const TIMEOUT_MS: i32 = 20_000;

/// Calls route `E` at its address for `params` and `query` with `request`
/// as JSON (`()`: no body), and reads its JSON answer (`()`: none, 204).
pub async fn call<E: Endpoint>(
    params: &E::Params,
    query: &E::Query,
    request: &E::Request,
    token: Option<&str>,
) -> Result<E::Answer, AppError> {
    let body = serde_json::to_string(request).expect("requests serialise");
    let body = (body != "null").then_some(body);
    let url = E::url(params, query);
    let (status, text) = send(E::METHOD.as_str(), &url, body.as_deref(), token).await?;
    let text = answer(status, &text)?;
    let text = if text.is_empty() { "null" } else { text };
    serde_json::from_slice(text.as_bytes()).map_err(|_| AppError::Server {
        status,
        code: "bad_answer".into(),
    })
}

/// A success's body, or the server's refusal as an error.
fn answer(status: u16, text: &str) -> Result<&str, AppError> {
    if (200..300).contains(&status) {
        Ok(text)
    } else {
        let body = serde_json::from_slice::<ApiErrorBody>(text.as_bytes()).ok();
        match body {
            Some(ApiErrorBody {
                code,
                server_time_ms: Some(server_ms),
                ..
            }) if code == Code::ClockAhead.as_str() => Err(AppError::ClockAhead { server_ms }),
            Some(ApiErrorBody {
                code,
                event: Some(event),
                ..
            }) if code == Code::DeviceTaken.as_str() => Err(AppError::AlreadyIn(event)),
            body => Err(AppError::Server {
                status,
                code: body.map(|b| b.code).unwrap_or_default(),
            }),
        }
    }
}

async fn send(
    method: &str,
    path: &str,
    body: Option<&str>,
    token: Option<&str>,
) -> Result<(u16, String), AppError> {
    let offline = |e: JsValue| AppError::Offline(js_message(&e));
    let window = web_sys::window().ok_or_else(|| AppError::Offline("no window".into()))?;
    let abort = AbortController::new().map_err(offline)?;
    let init = RequestInit::new();
    init.set_method(method);
    if let Some(body) = body {
        init.set_body(&JsValue::from_str(body));
    }
    init.set_signal(Some(&abort.signal()));
    let request = Request::new_with_str_and_init(path, &init).map_err(offline)?;
    let headers = request.headers();
    headers
        .set("content-type", "application/json")
        .map_err(offline)?;
    if let Some(token) = token {
        headers
            .set("authorization", &format!("Bearer {token}"))
            .map_err(offline)?;
    }
    let timer = {
        let abort = abort.clone();
        leptos::prelude::set_timeout_with_handle(
            move || abort.abort(),
            std::time::Duration::from_millis(TIMEOUT_MS as u64),
        )
        .ok()
    };
    let result = async {
        let response: Response = JsFuture::from(window.fetch_with_request(&request))
            .await
            .map_err(offline)?
            .unchecked_into();
        let text = JsFuture::from(response.text().map_err(offline)?)
            .await
            .map_err(offline)?;
        Ok((response.status(), text.as_string().unwrap_or_default()))
    }
    .await;
    if let Some(t) = timer {
        t.clear();
    }
    result
}
