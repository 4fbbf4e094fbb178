use crate::components::EventTabs;
use crate::error::AppError;
use crate::session::{use_session, EventCtx};
use domain::{EventId, EventState};
use leptos::prelude::*;
use leptos_router::components::Outlet;
use leptos_router::hooks::use_params_map;

/// Loads one event from storage, provides it to its screens, and shows the tabs.
#[component]
pub fn EventLayout() -> impl IntoView {
    let params = use_params_map();
    let Some(id) = params.with_untracked(|p| p.get("id").and_then(|s| EventId::parse(&s))) else {
        return view! { <p class="notice" role="alert">"Địa chỉ Ngày hội không hợp lệ."</p> }
            .into_any();
    };
    let session = use_session();
    let state: RwSignal<Option<EventState>> = RwSignal::new(None);
    let failure: RwSignal<Option<AppError>> = RwSignal::new(None);
    provide_context(EventCtx { id, state });
    leptos::task::spawn_local(async move {
        match session.db().load_event(id).await {
            Ok(loaded) => state.set(Some(loaded)),
            Err(e) => failure.set(Some(e)),
        }
    });
    // A memo, so that each change to the event does not rebuild the page below.
    let loaded = Memo::new(move |_| state.with(Option::is_some));
    let heading = move || {
        state.with(|s| {
            s.as_ref()
                .and_then(|s| s.meta.as_ref())
                .map(|m| (m.host_name.value.clone(), m.date.value.display_vi()))
        })
    };

    view! {
        <div class="event-layout">
            {move || match (loaded.get(), failure.get()) {
                (_, Some(e)) => view! { <p class="notice" role="alert">{e.message_vi()}</p> }.into_any(),
                (false, None) => view! { <p class="loading">"Đang tải Ngày hội…"</p> }.into_any(),
                (true, None) => view! {
                    <div class="event-heading">
                        <p class="event-name">{move || heading().map(|h| h.0)}</p>
                        <p class="event-sub">{move || heading().map(|h| h.1)}</p>
                    </div>
                    <Outlet/>
                }.into_any(),
            }}
            <EventTabs id=id/>
        </div>
    }
    .into_any()
}
