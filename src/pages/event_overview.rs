use crate::session::{use_event, use_session, utc_offset_minutes};
use domain::{EventMeta, Level};
use leptos::prelude::*;
use leptos_router::components::A;

/// The event's details, editable, and where the day stands.
#[component]
pub fn EventOverviewPage() -> impl IntoView {
    let event = use_event();
    let session = use_session();
    let meta = Memo::new(move |_| {
        event
            .state
            .with(|s| s.as_ref().and_then(|s| s.meta.clone()))
    });
    let field = move |f: fn(&EventMeta) -> String| {
        move || meta.with(|m| m.as_ref().map(f).unwrap_or_default())
    };
    let progress = Memo::new(move |_| {
        event.state.with(|s| {
            s.as_ref()
                .map(|s| (s.progress(utc_offset_minutes()), s.headcount()))
        })
    });
    let base = format!("/su-kien/{}", event.id);

    let on_host = {
        let session = session.clone();
        move |ev| {
            let v = event_target_value(&ev);
            session.run_one(event, move |s, st, _| s.set_host_name(&v, st));
        }
    };
    let on_place = {
        let session = session.clone();
        move |ev| {
            let v = event_target_value(&ev);
            session.run_one(event, move |s, st, _| s.set_place(&v, st));
        }
    };
    let on_date = {
        let session = session.clone();
        move |ev| {
            let v = event_target_value(&ev);
            session.run_one(event, move |s, st, _| s.set_date(&v, st));
        }
    };
    let on_level = {
        let session = session.clone();
        move |ev| {
            if let Some(l) = Level::from_code(&event_target_value(&ev)) {
                session.run_one(event, move |s, st, _| s.set_level(l, st));
            }
        }
    };
    let on_showcase = move |ev| {
        let on = event_target_checked(&ev);
        session.run_one(event, move |s, st, _| s.set_showcase(on, st));
    };

    view! {
        <section class="page">
            <div class="card summary">
                <p>
                    "Chương trình: "
                    <strong>{move || progress.with(|p| p.as_ref().map(|(p, _)| format!("{}/{} bước đã xong", p.done, p.total)))}</strong>
                </p>
                <p>
                    "Đã đếm ở cổng: "
                    <strong>{move || progress.with(|p| p.as_ref().map(|(_, n)| format!("{n} người")))}</strong>
                </p>
                <div class="quick-links">
                    <A href=format!("{base}/dieu-hanh") attr:class="btn btn-primary">"Điều hành buổi lễ"</A>
                    <A href=format!("{base}/dem-nguoi") attr:class="btn">"Đếm người ở cổng"</A>
                </div>
            </div>
            <form class="card form" on:submit=|ev| ev.prevent_default()>
                <h2>"Thông tin Ngày hội"</h2>
                <label class="field">
                    <span>"Tên cơ quan, đơn vị tổ chức"</span>
                    <input type="text" maxlength="200" prop:value=field(|m| m.host_name.value.clone()) on:change=on_host/>
                </label>
                <label class="field">
                    <span>"Cấp tổ chức"</span>
                    <select on:change=on_level>
                        {Level::ALL.into_iter().map(|l| view! {
                            <option value=l.code() selected=move || meta.with(|m| m.as_ref().is_some_and(|m| m.level.value == l))>
                                {l.label_vi()}
                            </option>
                        }).collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span>"Địa điểm"</span>
                    <input type="text" maxlength="200" prop:value=field(|m| m.place.value.clone()) on:change=on_place/>
                </label>
                <label class="field">
                    <span>"Ngày tổ chức"</span>
                    <input type="date" prop:value=field(|m| m.date.value.iso()) on:change=on_date/>
                </label>
                <label class="check">
                    <input type="checkbox" prop:checked=move || meta.with(|m| m.as_ref().is_some_and(|m| m.showcase.value))
                        on:change=on_showcase/>
                    <span>"Điểm chỉ đạo của huyện"</span>
                </label>
                <p class="hint">"Mỗi thay đổi được lưu ngay trên điện thoại."</p>
            </form>
        </section>
    }
}
