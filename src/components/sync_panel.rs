use crate::components::{EventDevices, FormValues, ImportFile, Loaded};
use crate::files;
use crate::lazy::run_entry;
use crate::screens::Address;
use crate::session::{use_event, use_session};
use crate::sync::round_trip::{attach_event, rotate_code, share_event};
use crate::sync::{self, EventSync};
use crate::time::clock_time;
use domain::Bundle;
use leptos::prelude::*;
use std::time::Duration;

/// Sharing the event with other phones, and how its sync stands.
#[component]
pub fn SyncPanel() -> impl IntoView {
    let event = use_event();
    let session = use_session();
    let EventSync { link, pending } = expect_context::<EventSync>();
    let signals = session.sync;
    // Whether the event is shared, apart from the link: each sync updates
    // the link (its cursor), and must not rebuild what hangs on this (the
    // list of phones an officer has open).
    let shared = Memo::new(move |_| link.with(Option::is_some));

    let sharing = RwSignal::new(false);
    let s = session.clone();
    let share = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let key = FormValues::of(&ev).text("registration_key");
        let s = s.clone();
        sharing.set(true);
        leptos::task::spawn_local(async move {
            let shared: Result<(), _> =
                async { run_entry!(share_event(s.clone(), event.id, key)) }.await;
            if let Err(e) = shared {
                s.report(&e);
            }
            sharing.set(false);
            signals.round.update(|r| *r += 1);
        });
    };
    let status = move || {
        if link.with(Option::is_none) {
            return "Chỉ lưu trên máy này: Ngày hội chưa được chia sẻ qua máy chủ.".to_string();
        }
        let last = link
            .with(|l| l.as_ref().and_then(|l| l.last_success_ms))
            .map_or_else(
                || "Chưa đồng bộ lần nào.".to_string(),
                |ms| format!("Đồng bộ lần cuối lúc {}.", clock_time(ms)),
            );
        let waiting = match pending.get() {
            0 => "Không có thay đổi nào đang chờ gửi.".to_string(),
            n => format!("{n} thay đổi đang chờ gửi."),
        };
        let now = if signals.busy.get() {
            "Đang đồng bộ… "
        } else {
            ""
        };
        format!("{now}{waiting} {last}")
    };
    let s = session.clone();
    let sync_now = move |_| sync::sync_soon(&s, Duration::ZERO);
    // Only the phone that created the event keeps its claim, and only it may
    // change the code.
    // The unit this phone acts for, if enrolled: it shares under it.
    let s = session.clone();
    let owner = Loaded::new(move || {
        let s = s.clone();
        async move {
            let creator = matches!(s.db().claim(event.id).await, Ok(Some(_)));
            let unit = s.db().enrolment().await.ok().flatten().map(|e| e.unit);
            (creator, unit)
        }
    });
    let creator = Memo::new(move |_| owner.with(|o| o.as_ref().is_some_and(|o| o.0)));
    let unit = Memo::new(move |_| owner.with(|o| o.as_ref().and_then(|o| o.1.clone())));
    let attached = RwSignal::new(None::<String>);
    let s = session.clone();
    let attach = move |_| {
        let s = s.clone();
        leptos::task::spawn_local(async move {
            let done: Result<(), _> = async { run_entry!(attach_event(s.clone(), event.id)) }.await;
            match done {
                Ok(()) => {
                    attached.set(Some(
                        "Đã gắn Ngày hội vào đơn vị; cấp trên xem được số liệu.".into(),
                    ));
                    signals.round.update(|r| *r += 1);
                }
                Err(e) => s.report(&e),
            }
        });
    };
    let rotating = RwSignal::new(false);
    let s = session.clone();
    let rotate = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let revoke = FormValues::of(&ev).checked("revoke_others");
        let s = s.clone();
        rotating.set(true);
        leptos::task::spawn_local(async move {
            let rotated: Result<(), _> =
                async { run_entry!(rotate_code(s.clone(), event.id, revoke)) }.await;
            if let Err(e) = rotated {
                s.report(&e);
            }
            rotating.set(false);
            signals.round.update(|r| *r += 1);
        });
    };
    let exported = RwSignal::new(None::<String>);
    let s = session.clone();
    let export = move |_| {
        let name = format!("ngayhoi-{}.json", event.id);
        let s = s.clone();
        leptos::task::spawn_local(async move {
            // The whole event as stored: the screen holds only what it shows.
            let bundle = match s.db().load_event(event.id).await {
                Ok(state) => Bundle::of_state(&state, s.device()),
                Err(e) => return s.report(&e),
            };
            match files::hand_over(&name, &bundle.to_json()).await {
                Ok(files::Handed::Downloaded) => exported.set(Some(format!(
                    "Đã lưu tệp «{name}» vào mục Tải xuống của máy. Gửi tệp đó qua Zalo, Bluetooth hoặc cáp cho máy khác."
                ))),
                Ok(files::Handed::Shared) => exported.set(None),
                Err(e) => s.report(&e),
            }
        });
    };

    view! {
        <section class="card sync-panel">
            <h2>"Đồng bộ giữa các máy"</h2>
            {move || match link.get() {
                None => view! {
                    <form class="form" on:submit=share.clone()>
                        <p class="hint">"Chia sẻ lên máy chủ để các cán bộ khác cùng làm trên máy của mình. Dữ liệu tự đồng bộ mỗi khi có mạng."</p>
                        // Both drawn, one hidden: the form is redrawn after every
                        // sync, and a control drawn anew would lose what was typed.
                        <p class:hidden=move || unit.with(Option::is_none)>
                            "Chia sẻ dưới đơn vị " <strong>{move || unit.get().map(|u| u.name)}</strong>
                            "; cấp trên xem được số liệu."
                        </p>
                        <label class="field" class:hidden=move || unit.with(Option::is_some)>
                            <span>"Mã đăng ký của máy chủ"</span>
                            <input type="text" name="registration_key" required=move || unit.with(Option::is_none)
                                autocomplete="off" spellcheck="false"/>
                        </label>
                        <button type="submit" class="btn btn-primary btn-block" disabled=move || sharing.get()>
                            "Chia sẻ qua máy chủ"
                        </button>
                        <a class="btn btn-block" href=Address::Unit.path() class:hidden=move || unit.with(Option::is_some)>
                            "Đăng nhập đơn vị (không cần mã đăng ký)"
                        </a>
                    </form>
                }.into_any(),
                Some(l) => {
                    let code = l.grant.code.clone();
                    let qr = format!("data:image/svg+xml;utf8,{}", js_sys::encode_uri_component(&l.grant.qr_svg));
                    let rotate = rotate.clone();
                    view! {
                        <p>"Mã tham gia cho máy khác:"</p>
                        <p class="join-code">{code.clone()}</p>
                        <img class="qr" src=qr alt=format!("Mã QR để tham gia, mã {code}") width="240" height="240"/>
                        {(l.unit.is_none()).then(|| {
                            let attach = attach.clone();
                            move || (creator.get() && unit.with(Option::is_some) && attached.with(Option::is_none)).then(|| view! {
                                <button type="button" class="btn btn-block" on:click=attach.clone()>"Gắn Ngày hội vào đơn vị của máy này"</button>
                            })
                        })}
                        {move || attached.get().map(|m| view! { <p role="status">{m}</p> })}
                        {move || creator.get().then(|| view! {
                            <form class="form" on:submit=rotate.clone()>
                                <label class="check">
                                    <input type="checkbox" name="revoke_others"/>
                                    <span>"Khóa luôn các máy đã tham gia (khi mất điện thoại); các máy đó phải nhập mã mới"</span>
                                </label>
                                <button type="submit" class="btn btn-block" disabled=move || rotating.get()>"Đổi mã tham gia"</button>
                            </form>
                        })}
                    }.into_any()
                }
            }}
            <p class="sync-status" aria-live="polite">{status}</p>
            {move || signals.error.get().map(|e| view! { <p class="sync-error">{e}</p> })}
            {move || shared.get().then(|| view! {
                <button type="button" class="btn btn-block" on:click=sync_now.clone()>"Đồng bộ ngay"</button>
                <EventDevices/>
            })}
            <h3>"Không có mạng? Chuyển bằng tệp"</h3>
            <p class="hint">"Gửi tệp qua Zalo, Bluetooth hoặc cáp cho máy khác, rồi nhập ở máy đó. Hai máy sẽ gộp dữ liệu, không mất gì."</p>
            <div class="quick-links">
                <button type="button" class="btn btn-block" on:click=export>"Xuất tệp dữ liệu"</button>
                <p class="hint" role="status">{move || exported.get()}</p>
                <ImportFile only=event.id/>
            </div>
        </section>
    }
}
