use crate::error::AppError;
use crate::scan;
use crate::session::use_session;
use domain::protocol::code_from_scan;
use leptos::prelude::*;
use std::cell::Cell;
use std::rc::Rc;

/// "Quét mã QR": reads a code from the camera (where the browser can) and
/// hands it to `on_code` — a bare code, or the code in a link's `ma=`.
/// Nothing is drawn where the browser cannot scan.
#[component]
pub fn QrScanButton(on_code: Callback<String>) -> impl IntoView {
    let session = use_session();
    let scanning = RwSignal::new(false);
    let video = NodeRef::<leptos::html::Video>::new();
    let stop = send_wrapper::SendWrapper::new(Rc::new(Cell::new(false)));
    let toggle = move |_| {
        if scanning.get_untracked() {
            stop.set(true);
            return;
        }
        let Some(el) = video.get_untracked() else {
            return;
        };
        stop.set(false);
        scanning.set(true);
        let (stop, session) = (Rc::clone(&stop), session.clone());
        leptos::task::spawn_local(async move {
            let read = scan::read_qr(el.into(), stop).await;
            scanning.set(false);
            match read {
                Ok(Some(text)) => match code_from_scan(&text) {
                    Some(code) => on_code.run(code),
                    None => session.report(&AppError::Server {
                        status: 404,
                        code: "unknown_code".into(),
                    }),
                },
                Ok(None) => {}
                Err(e) => session.report(&e),
            }
        });
    };
    scan::supported().then(|| {
        view! {
            <div class="card">
                <button type="button" class="btn btn-block" on:click=toggle>
                    {move || if scanning.get() { "Dừng quét" } else { "Quét mã QR" }}
                </button>
                <video node_ref=video class="scan-video" class:hidden=move || !scanning.get()
                    playsinline=true muted=true aria-label="Camera đang quét mã QR"></video>
            </div>
        }
    })
}
