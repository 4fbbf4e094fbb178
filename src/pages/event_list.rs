use crate::session::use_session;
use domain::{Day, Level, NewEvent};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

/// The events on this phone, and the form to create one.
#[component]
pub fn EventListPage() -> impl IntoView {
    let session = use_session();
    let events = LocalResource::new(move || {
        let session = session.clone();
        async move { session.db().events().await }
    });
    view! {
        <section class="page">
            <h1>"Ngày hội trên điện thoại này"</h1>
            <Suspense fallback=|| view! { <p class="loading">"Đang tải…"</p> }>
                {move || events.get().map(|loaded| match loaded {
                    Ok(list) if list.is_empty() => view! {
                        <p class="empty">"Chưa có Ngày hội nào. Tạo Ngày hội đầu tiên ở dưới."</p>
                    }.into_any(),
                    Ok(list) => view! {
                        <ul class="event-list">
                            {list.into_iter().map(|e| view! {
                                <li>
                                    <A href=format!("/su-kien/{}", e.id) attr:class="event-card">
                                        <span class="event-name">{e.host_name.value.clone()}</span>
                                        <span class="event-sub">
                                            {e.date.value.display_vi()} " · " {e.level.value.label_vi()}
                                        </span>
                                    </A>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <p class="notice" role="alert">{e.message_vi()}</p> }.into_any(),
                })}
            </Suspense>
            <NewEventForm/>
        </section>
    }
}

/// Creating a Ngày hội: the date defaults to 19/8 of this year.
#[component]
fn NewEventForm() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let this_year = js_sys::Date::new_0().get_full_year() as i32;
    let default_day = Day::traditional(this_year)
        .map(|d| d.iso())
        .unwrap_or_default();
    let host_name = RwSignal::new(String::new());
    let level = RwSignal::new(Level::Xa);
    let place = RwSignal::new(String::new());
    let date = RwSignal::new(default_day);
    let showcase = RwSignal::new(false);
    let saving = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let session = session.clone();
        let navigate = navigate.clone();
        let parsed = Day::parse(&date.get_untracked()).map(|date| NewEvent {
            host_name: host_name.get_untracked(),
            level: level.get_untracked(),
            place: place.get_untracked(),
            date,
            showcase: showcase.get_untracked(),
        });
        saving.set(true);
        leptos::task::spawn_local(async move {
            let created = match parsed {
                Ok(new) => session.create_event(new).await,
                Err(e) => Err(e.into()),
            };
            saving.set(false);
            match created {
                Ok(id) => navigate(&format!("/su-kien/{id}/chuong-trinh"), Default::default()),
                Err(e) => session.report(&e),
            }
        });
    };

    view! {
        <form class="card form" on:submit=submit>
            <h2>"Tạo Ngày hội mới"</h2>
            <label class="field">
                <span>"Tên cơ quan, đơn vị tổ chức"</span>
                <input type="text" required maxlength="200" autocomplete="organization"
                    placeholder="Ví dụ: Ủy ban nhân dân xã Tân Lập"
                    prop:value=move || host_name.get()
                    on:input=move |ev| host_name.set(event_target_value(&ev))/>
            </label>
            <label class="field">
                <span>"Cấp tổ chức"</span>
                <select on:change=move |ev| {
                    if let Some(l) = Level::from_code(&event_target_value(&ev)) { level.set(l) }
                }>
                    {Level::ALL.into_iter().map(|l| view! {
                        <option value=l.code() selected=move || level.get() == l>{l.label_vi()}</option>
                    }).collect_view()}
                </select>
            </label>
            <label class="field">
                <span>"Địa điểm"</span>
                <input type="text" maxlength="200" placeholder="Ví dụ: Sân vận động xã"
                    prop:value=move || place.get()
                    on:input=move |ev| place.set(event_target_value(&ev))/>
            </label>
            <label class="field">
                <span>"Ngày tổ chức"</span>
                <input type="date" required
                    prop:value=move || date.get()
                    on:input=move |ev| date.set(event_target_value(&ev))/>
            </label>
            <label class="check">
                <input type="checkbox" prop:checked=move || showcase.get()
                    on:change=move |ev| showcase.set(event_target_checked(&ev))/>
                <span>"Điểm chỉ đạo của huyện"</span>
            </label>
            <button type="submit" class="btn btn-primary btn-block" disabled=move || saving.get()>
                "Tạo Ngày hội"
            </button>
        </form>
    }
}
