use leptos::prelude::*;

/// The last error, in plain Vietnamese, until the officer dismisses it.
#[component]
pub fn NoticeBanner(notice: RwSignal<Option<String>>) -> impl IntoView {
    view! {
        {move || notice.get().map(|message| view! {
            <div class="notice" role="alert">
                <p>{message}</p>
                <button type="button" class="btn" on:click=move |_| notice.set(None)>"Đã hiểu"</button>
            </div>
        })}
    }
}
