//! The units directly below: each row with its sign-in code, adding a
//! unit, and the code a unit's own phone gives a colleague.

use super::audit::AuditList;
use crate::components::FormValues;
use crate::session::{use_session, Session};
use crate::storage::Enrolled;
use crate::sync::units;
use domain::protocol::NewUnit;
use domain::unit::{Unit, UnitLevel};
use leptos::prelude::*;

/// The units directly below: a sign-in code for each (shown once), and
/// withdrawing it.
#[component]
pub(super) fn UnitsBelow(
    enrolled: Enrolled,
    children: Vec<Unit>,
    on_change: RwSignal<Option<Option<Enrolled>>>,
) -> impl IntoView {
    let session = use_session();
    let rows = children
        .into_iter()
        .map(|child| {
            view! { <UnitBelowRow enrolled=enrolled.clone() unit=child session=session.clone() on_change=on_change/> }
        })
        .collect_view();
    view! {
        <section class="card">
            <h2>"Đơn vị trực thuộc"</h2>
            <ul class="entry-list">{rows}</ul>
        </section>
    }
}

#[component]
fn UnitBelowRow(
    enrolled: Enrolled,
    unit: Unit,
    session: Session,
    on_change: RwSignal<Option<Option<Enrolled>>>,
) -> impl IntoView {
    let code: RwSignal<Option<domain::protocol::EnrolmentCode>> = RwSignal::new(None);
    let note = RwSignal::new(None::<String>);
    let audit: RwSignal<Option<Vec<domain::protocol::AuditEntry>>> = RwSignal::new(None);
    let (e1, u1) = (enrolled.clone(), unit.code.clone());
    let issue = move |_| {
        let (e, u) = (e1.clone(), u1.clone());
        leptos::task::spawn_local(async move {
            match units::issue_code(&e, &u).await {
                Ok(c) => {
                    note.set(None);
                    code.set(Some(c));
                }
                // In the row the officer tapped, not at the top of the page;
                // a code shown before is gone from the screen with it.
                Err(err) => {
                    code.set(None);
                    note.set(Some(err.message_vi()));
                }
            }
        });
    };
    let (e2, u2) = (enrolled.clone(), unit.code.clone());
    let withdraw = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (e, u) = (e2.clone(), u2.clone());
        leptos::task::spawn_local(async move {
            match units::withdraw_phones(&e, &u).await {
                Ok(()) => {
                    code.set(None);
                    note.set(Some(
                        "Đã thu hồi mã và khóa các máy của đơn vị này (cùng các Ngày hội chúng đã chia sẻ). Có thể cấp mã mới cho máy thay thế."
                            .into(),
                    ));
                }
                Err(err) => note.set(Some(err.message_vi())),
            }
        });
    };
    let (e4, u4) = (enrolled.clone(), unit.code.clone());
    let show_audit = move |_| {
        let (e, u) = (e4.clone(), u4.clone());
        leptos::task::spawn_local(async move {
            match units::audit(&e, &u).await {
                Ok(list) => audit.set(Some(list)),
                Err(err) => note.set(Some(err.message_vi())),
            }
        });
    };
    let (e3, s3, u3) = (enrolled, session, unit.code.clone());
    let rename = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = FormValues::of(&ev).text("name");
        let (e, s, u) = (e3.clone(), s3.clone(), u3.clone());
        leptos::task::spawn_local(async move {
            match units::rename(&e, &u, &name).await {
                Ok(()) => {
                    if let Ok(fresh) = units::refresh(&s, e).await {
                        on_change.set(Some(Some(fresh)));
                    }
                }
                Err(err) => s.report(&err),
            }
        });
    };
    view! {
        <li class="card unit-below">
            <p><strong>{unit.name.clone()}</strong></p>
            <p class="hint">{unit.level.label_vi()} " · mã " {unit.code.clone()}</p>
            <button type="button" class="btn" on:click=issue>"Cấp mã đăng nhập"</button>
            {move || code.get().map(|c| view! { <IssuedCode code=c/> })}
            {move || note.get().map(|n| view! { <p role="status" class="unit-note">{n}</p> })}
            <form class="form" on:submit=withdraw>
                <button type="submit" class="btn">"Thu hồi mã và các máy (khi mất hoặc thay điện thoại)"</button>
            </form>
            <button type="button" class="btn" on:click=show_audit>"Xem nhật ký đơn vị"</button>
            {move || audit.get().map(|entries| view! { <AuditList entries=entries/> })}
            <form class="form inline-form" on:submit=rename>
                <label class="field">
                    <span>"Đổi tên"</span>
                    <input type="text" name="name" required maxlength=domain::text::MAX_TEXT_ATTR value=unit.name.clone()/>
                </label>
                <button type="submit" class="btn">"Lưu tên"</button>
            </form>
        </li>
    }
}

/// Adding a unit directly below (a hamlet, a school…).
#[component]
pub(super) fn AddUnitForm(
    enrolled: Enrolled,
    on_change: RwSignal<Option<Option<Enrolled>>>,
) -> impl IntoView {
    let session = use_session();
    let own_level = enrolled.unit.level;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = FormValues::of(&ev);
        let level = UnitLevel::ALL
            .into_iter()
            .find(|l| l.code() == form.text("level"))
            .unwrap_or(UnitLevel::Thon);
        let new = NewUnit {
            code: form.text("code"),
            name: form.text("name"),
            level,
        };
        let (e, s) = (enrolled.clone(), session.clone());
        leptos::task::spawn_local(async move {
            match units::add_unit(&e, &new).await {
                Ok(_) => {
                    form.reset();
                    if let Ok(fresh) = units::refresh(&s, e).await {
                        on_change.set(Some(Some(fresh)));
                    }
                }
                Err(err) => s.report(&err),
            }
        });
    };
    // Only the levels below this unit's: the rule book's, as the server's.
    let offered = domain::rules::child_levels(own_level);
    if offered.is_empty() {
        return ().into_any();
    }
    let levels = offered
        .into_iter()
        .map(|l| view! { <option value=l.code()>{l.label_vi()}</option> })
        .collect_view();
    view! {
        <form class="card form" on:submit=submit>
            <h2>"Thêm đơn vị trực thuộc"</h2>
            <label class="field"><span>"Mã đơn vị"</span>
                <input type="text" name="code" required maxlength="32" autocomplete="off" spellcheck="false"/></label>
            <label class="field"><span>"Tên đơn vị"</span>
                <input type="text" name="name" required maxlength=domain::text::MAX_TEXT_ATTR/></label>
            <label class="field"><span>"Cấp"</span><select name="level">{levels}</select></label>
            <button type="submit" class="btn btn-block">"Thêm đơn vị"</button>
        </form>
    }
    .into_any()
}

/// A sign-in code just issued, with its QR code: shown once.
#[component]
fn IssuedCode(code: domain::protocol::EnrolmentCode) -> impl IntoView {
    let qr = format!(
        "data:image/svg+xml;utf8,{}",
        js_sys::encode_uri_component(&code.qr_svg)
    );
    view! {
        <div class="enrol-code" role="status">
            <p>"Mã đăng nhập (chỉ hiện một lần, hãy đọc hoặc cho quét ngay):"</p>
            <p class="join-code">{code.code.clone()}</p>
            <img class="qr" src=qr alt=format!("Mã QR đăng nhập đơn vị, mã {}", code.code) width="240" height="240"/>
        </div>
    }
}

/// A one-time code for a colleague's phone of this unit.
#[component]
pub(super) fn ColleagueCode(enrolled: Enrolled) -> impl IntoView {
    let code: RwSignal<Option<domain::protocol::EnrolmentCode>> = RwSignal::new(None);
    let note = RwSignal::new(None::<String>);
    let issue = move |_| {
        let e = enrolled.clone();
        leptos::task::spawn_local(async move {
            match units::issue_code(&e, &e.unit.code).await {
                Ok(c) => {
                    note.set(None);
                    code.set(Some(c));
                }
                Err(err) => note.set(Some(err.message_vi())),
            }
        });
    };
    view! {
        <section class="card">
            <h2>"Thêm máy của đồng nghiệp"</h2>
            <p class="hint">"Mã đăng nhập dùng một lần, trong 3 ngày; mỗi lần cấp được ghi vào nhật ký đơn vị."</p>
            <button type="button" class="btn btn-block" on:click=issue>"Cấp mã cho máy đồng nghiệp"</button>
            {move || code.get().map(|c| view! { <IssuedCode code=c/> })}
            {move || note.get().map(|n| view! { <p role="status">{n}</p> })}
        </section>
    }
}
