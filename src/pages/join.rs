use crate::components::{FormValues, QrScanButton};
use crate::error::AppError;
use crate::lazy::run_entry;
use crate::screens::{EventScreen, Screen};
use crate::session::use_session;
use crate::sync::round_trip::join_event;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

/// The code in the join link this page was opened with: `#ma=CODE` (the
/// fragment, which the browser never sends to a server), or `?ma=CODE` from
/// links made before. Either way it is then wiped from the address bar, so
/// history and a screenshot of the page do not keep it.
pub(crate) fn code_from_address() -> String {
    let Some(window) = web_sys::window() else {
        return String::new();
    };
    let location = window.location();
    let hash = location.hash().unwrap_or_default();
    let search = location.search().unwrap_or_default();
    let code = [hash, search]
        .iter()
        .find_map(|part| {
            part.trim_start_matches(['#', '?'])
                .split('&')
                .filter_map(|pair| pair.split_once('='))
                .find(|(key, _)| *key == domain::api::AppLink::CODE_KEY)
                .map(|(_, code)| code.to_string())
        })
        .unwrap_or_default();
    if !code.is_empty() {
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(
                &wasm_bindgen::JsValue::NULL,
                "",
                Some(&location.pathname().unwrap_or_default()),
            );
        }
    }
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(32)
        .collect()
}

/// Joining an event another phone shared: type the code read out, scan its
/// QR code (where the browser can), or open the link a camera app's scan
/// gives, which fills the code in.
#[component]
pub fn JoinPage() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let prefilled = code_from_address();
    let joining = RwSignal::new(false);

    let join = move |code: String| {
        if joining.get_untracked() {
            return;
        }
        let session = session.clone();
        let navigate = navigate.clone();
        joining.set(true);
        leptos::task::spawn_local(async move {
            let joined: Result<_, AppError> =
                async { run_entry!(join_event(session.clone(), code)) }.await;
            joining.set(false);
            match joined {
                Ok(id) => navigate(
                    &Screen::Event(EventScreen::Overview).path(id),
                    Default::default(),
                ),
                Err(e) => session.report(&e),
            }
        });
    };
    let submit = {
        let join = join.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            join(FormValues::of(&ev).text("code"));
        }
    };
    view! {
        <section class="page">
            <h1>"Tham gia Ngày hội"</h1>
            <form class="card form" on:submit=submit>
                <label class="field">
                    <span>"Mã tham gia"</span>
                    <input type="text" name="code" required autocomplete="off" autocapitalize="characters"
                        spellcheck="false" placeholder="Ví dụ: 7K3M-Q9XH-2D4P" value=prefilled/>
                </label>
                <button type="submit" class="btn btn-primary btn-block" disabled=move || joining.get()>
                    {move || if joining.get() { "Đang tải dữ liệu Ngày hội…" } else { "Tham gia" }}
                </button>
                <p class="hint">"Hỏi mã ở cán bộ đã chia sẻ Ngày hội, hoặc quét mã QR trên máy của họ."</p>
            </form>
            <QrScanButton on_code=Callback::new(join)/>
        </section>
    }
}
