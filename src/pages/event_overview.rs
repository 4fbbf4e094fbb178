use crate::components::{follow, ChangedField, NextDue, SyncPanel};
use crate::screens::{EventScreen, Screen};
use crate::session::{use_event, use_session};
use crate::time::utc_offset_minutes;
use domain::{DomainError, EventMeta, Level};
use leptos::prelude::*;

/// The event's details, editable, and where the day stands.
#[component]
pub fn EventOverviewPage() -> impl IntoView {
    let event = use_event();
    let session = use_session();
    let field = move |f: fn(&EventMeta) -> String| {
        move || {
            event
                .with(|s| s.meta.as_ref().map(f))
                .flatten()
                .unwrap_or_default()
        }
    };

    // One handler for the whole form: each control says which field it is.
    let on_change = move |ev: leptos::ev::Event| {
        let Some(f) = ChangedField::of(&ev) else {
            return;
        };
        session.run(event, move |s, st, _| match f.name.as_str() {
            "host_name" => s.set_host_name(&f.value, st),
            "place" => s.set_place(&f.value, st),
            "date" => s.set_date(&f.value, st),
            "level" => Level::from_code(&f.value)
                .map_or(Err(DomainError::UnknownControl(f.value.clone())), |l| {
                    s.set_level(l, st)
                }),
            "showcase" => s.set_showcase(f.checked, st),
            other => Err(DomainError::UnknownControl(other.to_string())),
        });
    };

    view! {
        <section class="page">
            <div class="card summary">
                <p>
                    "Chương trình: "
                    <strong>{move || event.with(|s| {
                        let p = s.progress(utc_offset_minutes());
                        format!("{}/{} bước đã xong", p.done, p.total)
                    })}</strong>
                </p>
                <p>
                    "Đã đếm ở cổng: "
                    <strong>{move || event.with(|s| format!("{} người", s.headcount()))}</strong>
                </p>
                <NextDue/>
                <div class="quick-links">
                    <a href=Screen::Event(EventScreen::RunMode).path(event.id) class="btn btn-primary">"Điều hành buổi lễ"</a>
                    <a href=Screen::Event(EventScreen::Gate).path(event.id) class="btn">"Đếm người ở cổng"</a>
                </div>
            </div>
            <nav class="card screen-menu" aria-label="Công việc của Ngày hội">
                {Screen::MENU
                    .iter()
                    .map(|s| view! { <a class="btn" href=s.path(event.id)>{s.label()}</a> })
                    .collect_view()}
            </nav>
            <SyncPanel/>
            <form class="card form" on:submit=|ev| ev.prevent_default() on:change=on_change>
                <h2>"Thông tin Ngày hội"</h2>
                <label class="field">
                    <span>"Tên cơ quan, đơn vị tổ chức"</span>
                    <input type="text" maxlength=domain::text::MAX_TEXT_ATTR name="host_name" use:follow=Signal::derive(field(|m| m.host_name.value.clone()))/>
                </label>
                <label class="field">
                    <span>"Cấp tổ chức"</span>
                    <select name="level">
                        {Level::ALL.into_iter().map(|l| view! {
                            <option value=l.code() selected=move || event.with(|s| s.meta.as_ref().is_some_and(|m| m.level.value == l)).unwrap_or(false)>
                                {l.label_vi()}
                            </option>
                        }).collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span>"Địa điểm"</span>
                    <input type="text" maxlength=domain::text::MAX_TEXT_ATTR name="place" use:follow=Signal::derive(field(|m| m.place.value.clone()))/>
                </label>
                <label class="field">
                    <span>"Ngày tổ chức"</span>
                    <input type="date" name="date" use:follow=Signal::derive(field(|m| m.date.value.iso()))/>
                </label>
                <label class="check">
                    <input type="checkbox" name="showcase"
                        prop:checked=move || event.with(|s| s.meta.as_ref().is_some_and(|m| m.showcase.value)).unwrap_or(false)/>
                    <span>"Điểm chỉ đạo của huyện"</span>
                </label>
                <p class="hint">"Mỗi thay đổi được lưu ngay trên điện thoại."</p>
            </form>
        </section>
    }
}
