use crate::components::{FormValues, ImportFile};
use crate::error::AppError;
use crate::screens::{Address, EventScreen, PreparationScreen, Screen};
use crate::session::use_session;
use domain::{Day, EventMeta, Level, NewEvent};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

/// The events on this phone, and the form to create one.
#[component]
pub fn EventListPage() -> impl IntoView {
    let session = use_session();
    let events: RwSignal<Option<Result<Vec<EventMeta>, AppError>>> = RwSignal::new(None);
    leptos::task::spawn_local(async move { events.set(Some(session.db().events().await)) });
    view! {
        <section class="page">
            <h1>"Ngày hội trên điện thoại này"</h1>
            {move || match events.get() {
                    None => view! { <p class="loading">"Đang tải…"</p> }.into_any(),
                    Some(Ok(list)) if list.is_empty() => view! {
                        <p class="empty">"Chưa có Ngày hội nào. Tạo Ngày hội đầu tiên ở dưới."</p>
                    }.into_any(),
                    Some(Ok(list)) => view! {
                        <ul class="event-list">
                            {list.into_iter().map(|e| view! {
                                <li>
                                    <a href=Screen::Event(EventScreen::Overview).path(e.id) class="event-card">
                                        <span class="event-name">{e.host_name.value.clone()}</span>
                                        <span class="event-sub">
                                            {e.date.value.display_vi()} " · " {e.level.value.label_vi()}
                                        </span>
                                    </a>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Some(Err(e)) => view! { <p class="notice" role="alert">{e.message_vi()}</p> }.into_any(),
            }}
            <NewEventForm/>
            <div class="card">
                <h2>"Ngày hội do máy khác tạo"</h2>
                <div class="quick-links">
                    <a href=Address::Join.path() class="btn btn-block">"Tham gia bằng mã"</a>
                    <ImportFile/>
                </div>
            </div>
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
    let saving = RwSignal::new(false);

    // An enrolled phone's events take its unit's level (seed 004's columns).
    let level = RwSignal::new(Level::Xa);
    let s = session.clone();
    leptos::task::spawn_local(async move {
        if let Some(l) = s
            .db()
            .enrolment()
            .await
            .ok()
            .flatten()
            .and_then(|e| e.unit.level.event_level())
        {
            level.set(l);
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let session = session.clone();
        let navigate = navigate.clone();
        let form = FormValues::of(&ev);
        let parsed = Day::parse(&form.text("date")).map(|date| NewEvent {
            host_name: form.text("host_name"),
            level: Level::from_code(&form.text("level")).unwrap_or(Level::Xa),
            place: form.text("place"),
            date,
            showcase: form.checked("showcase"),
        });
        saving.set(true);
        leptos::task::spawn_local(async move {
            let created = match parsed {
                Ok(new) => session.create_event(new).await,
                Err(e) => Err(e.into()),
            };
            saving.set(false);
            match created {
                Ok(id) => navigate(
                    &Screen::Preparation(PreparationScreen::Program).path(id),
                    Default::default(),
                ),
                Err(e) => session.report(&e),
            }
        });
    };

    view! {
        <form class="card form" on:submit=submit>
            <h2>"Tạo Ngày hội mới"</h2>
            <label class="field">
                <span>"Tên cơ quan, đơn vị tổ chức"</span>
                <input type="text" name="host_name" required maxlength=domain::text::MAX_TEXT_ATTR autocomplete="organization"
                    placeholder="Ví dụ: Ủy ban nhân dân xã Tân Lập"/>
            </label>
            <label class="field">
                <span>"Cấp tổ chức"</span>
                <select name="level">
                    {Level::ALL.into_iter().map(|l| view! {
                        <option value=l.code() selected=move || l == level.get()>{l.label_vi()}</option>
                    }).collect_view()}
                </select>
            </label>
            <label class="field">
                <span>"Địa điểm"</span>
                <input type="text" name="place" maxlength=domain::text::MAX_TEXT_ATTR placeholder="Ví dụ: Sân vận động xã"/>
            </label>
            <label class="field">
                <span>"Ngày tổ chức"</span>
                <input type="date" name="date" required value=default_day/>
            </label>
            <label class="check">
                <input type="checkbox" name="showcase"/>
                <span>"Điểm chỉ đạo của huyện"</span>
            </label>
            <button type="submit" class="btn btn-primary btn-block" disabled=move || saving.get()>
                "Tạo Ngày hội"
            </button>
        </form>
    }
}
