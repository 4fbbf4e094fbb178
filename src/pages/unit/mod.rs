//! The unit screen ("Đơn vị"): signing in, the unit's home, and its parts
//! in files of their own (the units below, the audit list, deadlines and
//! reports).

use crate::components::{FormValues, Kept, QrScanButton};
use crate::error::AppError;
use crate::pages::join::code_from_address;
use crate::screens::Address;
use crate::session::use_session;
use crate::storage::Enrolled;
use crate::sync::units;
use leptos::prelude::*;

mod audit;
mod below;
mod reports;

use audit::OwnAuditList;
use below::{AddUnitForm, ColleagueCode, UnitsBelow};
use reports::{DeadlineForm, ReportsBelow};

/// "Đơn vị": signs this phone in to a unit with the code the level above
/// gave, then shows the unit — the units below it, their codes, the
/// deadline they report by, and the reports they sent.
#[component]
pub fn UnitPage() -> impl IntoView {
    let session = use_session();
    // The unit as kept on the phone, then fresh from the server when there
    // is one.
    let kept = {
        let s = session.clone();
        move || {
            let s = s.clone();
            async move {
                match s.db().enrolment().await {
                    Ok(e) => Some(e),
                    Err(e) => {
                        s.report(&e);
                        None
                    }
                }
            }
        }
    };
    let fresh = move |kept: Option<Option<Enrolled>>| {
        let s = session.clone();
        async move {
            let kept = kept.flatten().ok_or(AppError::NotEnrolled)?;
            units::refresh(&s, kept).await.map(Some)
        }
    };
    let home = Kept::new(kept, fresh);
    // What the officer did here since (signed in or out, changed a unit
    // below), over what was read.
    let enrolled: RwSignal<Option<Option<Enrolled>>> = RwSignal::new(None);
    let shown = Memo::new(move |_| enrolled.get().or_else(|| home.latest()));
    view! {
        <section class="page">
            <h1>"Đơn vị"</h1>
            {move || match shown.get() {
                None => view! { <p class="loading">"Đang mở…"</p> }.into_any(),
                Some(None) => view! { <EnrolForm enrolled=enrolled/> }.into_any(),
                Some(Some(e)) => view! { <UnitHomeView enrolled=e on_change=enrolled/> }.into_any(),
            }}
        </section>
    }
}

/// Signing in with a one-time code (typed, or from the link its QR code
/// opens): from the level above, a colleague's phone, or the operator.
#[component]
fn EnrolForm(enrolled: RwSignal<Option<Option<Enrolled>>>) -> impl IntoView {
    let session = use_session();
    let prefilled = code_from_address();
    let busy = RwSignal::new(false);
    let enrol = move |code: String| {
        let session = session.clone();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = units::enrol(&session, &code).await;
            busy.set(false);
            match result {
                Ok(e) => enrolled.set(Some(Some(e))),
                Err(AppError::Server { code, .. }) if code == "unknown_code" => {
                    session.notice.set(Some(
                        "Mã đăng nhập đơn vị không đúng, đã dùng, đã hết hạn hoặc đã bị thu hồi. Hãy xin mã mới."
                            .into(),
                    ))
                }
                Err(e) => session.report(&e),
            }
        });
    };
    let scan_enrol = {
        let enrol = enrol.clone();
        move |code: String| enrol(code)
    };
    let by_code = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        enrol(FormValues::of(&ev).text("code"));
    };
    view! {
        <form class="card form" on:submit=by_code>
            <h2>"Đăng nhập đơn vị"</h2>
            <p class="hint">"Nhập mã do cấp trên cấp cho đơn vị (hoặc mở đường dẫn từ mã QR của họ). Sau đó máy này làm việc cho đơn vị: chia sẻ Ngày hội và gửi báo cáo lên cấp trên."</p>
            <label class="field">
                <span>"Mã đăng nhập đơn vị"</span>
                <input type="text" name="code" required autocomplete="off" autocapitalize="characters"
                    spellcheck="false" placeholder="Ví dụ: 7K3M-Q9XH-2D4P" value=prefilled/>
            </label>
            <button type="submit" class="btn btn-primary btn-block" disabled=move || busy.get()>"Đăng nhập"</button>
        </form>
        <QrScanButton on_code=Callback::new(scan_enrol)/>
        <p class="hint card">"Đơn vị cấp cao nhất (tỉnh, thành phố): người quản trị máy chủ cấp mã đăng nhập một lần bằng lệnh server units issue-code MÃ_ĐƠN_VỊ. Máy đầu tiên của đơn vị cấp mã cho máy đồng nghiệp."</p>
    }
}

/// The unit this phone acts for.
#[component]
fn UnitHomeView(
    enrolled: Enrolled,
    on_change: RwSignal<Option<Option<Enrolled>>>,
) -> impl IntoView {
    let session = use_session();
    let unit = enrolled.unit.clone();
    let home = enrolled.home.clone();
    let due = home.as_ref().map(|h| {
        format!(
            "Hạn nộp báo cáo năm {}: {}",
            h.year,
            h.report_due.display_vi()
        )
    });
    let children = home
        .as_ref()
        .map(|h| h.children.clone())
        .unwrap_or_default();
    let sign_out = {
        let session = session.clone();
        move |_| {
            let session = session.clone();
            leptos::task::spawn_local(async move {
                match session.forget_enrolment().await {
                    Ok(()) => on_change.set(Some(None)),
                    Err(e) => session.report(&e),
                }
            });
        }
    };
    let has_below = !children.is_empty();
    view! {
        <div class="card unit-card">
            <p class="unit-name">{unit.name.clone()}</p>
            <p class="hint">{unit.level.label_vi()} " · mã " {unit.code.clone()}</p>
            {due.map(|d| view! { <p>{d}</p> })}
            {home.is_none().then(|| view! {
                <p class="hint">"Chưa tải được thông tin đơn vị từ máy chủ; sẽ tải khi có mạng."</p>
            })}
        </div>
        {has_below.then(|| view! {
            <a class="btn btn-primary btn-block" href=Address::Dashboard.path()>"Tổng hợp kết quả các đơn vị"</a>
        })}
        <a class="btn btn-block" href=Address::Movement.path()>"Sổ phong trào: số liệu các năm, mô hình"</a>
        {has_below.then(|| view! { <DeadlineForm enrolled=enrolled.clone()/> })}
        <UnitsBelow enrolled=enrolled.clone() children=children on_change=on_change/>
        <AddUnitForm enrolled=enrolled.clone() on_change=on_change/>
        <ColleagueCode enrolled=enrolled.clone()/>
        <OwnAuditList enrolled=enrolled.clone()/>
        {has_below.then(|| view! { <ReportsBelow enrolled=enrolled.clone()/> })}
        <button type="button" class="btn btn-block" on:click=sign_out>"Đăng xuất đơn vị trên máy này"</button>
    }
}
