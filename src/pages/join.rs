use crate::components::FormValues;
use crate::session::use_session;
use crate::sync;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

/// Joining an event another phone shared: type the code read out (or open
/// the link a camera scan of the QR code gives, which fills it in).
#[component]
pub fn JoinPage() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let prefilled = use_query_map().with_untracked(|q| q.get("ma").unwrap_or_default());
    let joining = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if joining.get_untracked() {
            return;
        }
        let code = FormValues::of(&ev).text("code");
        let session = session.clone();
        let navigate = navigate.clone();
        joining.set(true);
        leptos::task::spawn_local(async move {
            let joined = sync::join(&session, &code).await;
            joining.set(false);
            match joined {
                Ok(id) => navigate(&format!("/su-kien/{id}"), Default::default()),
                Err(e) => session.report(&e),
            }
        });
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
                <p class="hint">"Hỏi mã ở cán bộ đã chia sẻ Ngày hội, hoặc quét mã QR trên máy của họ bằng camera."</p>
            </form>
        </section>
    }
}
