use leptos::prelude::*;

/// The last error, in plain Vietnamese, until the officer dismisses it.
#[component]
pub fn NoticeBanner(notice: RwSignal<Option<String>>) -> impl IntoView {
    view! {
        <Show when=move || notice.with(Option::is_some)>
            <div class="notice" role="alert">
                <p>{move || notice.get().unwrap_or_default()}</p>
                <button type="button" class="btn" on:click=move |_| notice.set(None)>"Đã hiểu"</button>
            </div>
        </Show>
    }
}
