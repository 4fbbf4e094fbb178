use crate::components::{FormValues, Kept, QrScanButton, ReportDocView};
use crate::error::AppError;
use crate::pages::join::code_from_address;
use crate::screens::Address;
use crate::session::{use_session, Session};
use crate::storage::Enrolled;
use crate::sync::units;
use crate::time::clock_time;
use domain::kinds::submission::ReportDoc;
use domain::protocol::{Deadline, Decision, NewUnit, ReportStatus, UnitReport};
use domain::unit::{Unit, UnitLevel};
use domain::Day;
use leptos::prelude::*;

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
        {has_below.then(|| view! { <DeadlineForm enrolled=enrolled.clone()/> })}
        <UnitsBelow enrolled=enrolled.clone() children=children on_change=on_change/>
        <AddUnitForm enrolled=enrolled.clone() on_change=on_change/>
        <ColleagueCode enrolled=enrolled.clone()/>
        <OwnAuditList enrolled=enrolled.clone()/>
        {has_below.then(|| view! { <ReportsBelow enrolled=enrolled.clone()/> })}
        <button type="button" class="btn btn-block" on:click=sign_out>"Đăng xuất đơn vị trên máy này"</button>
    }
}

/// The units directly below: a sign-in code for each (shown once), and
/// withdrawing it.
#[component]
fn UnitsBelow(
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
fn AddUnitForm(enrolled: Enrolled, on_change: RwSignal<Option<Option<Enrolled>>>) -> impl IntoView {
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
fn ColleagueCode(enrolled: Enrolled) -> impl IntoView {
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

/// This unit's own audit list, read from the server when the screen opens
/// (kept out of the stored home: the start screen reads that home, and its
/// code stays small).
#[component]
fn OwnAuditList(enrolled: Enrolled) -> impl IntoView {
    let entries = LocalResource::new(move || {
        let e = enrolled.clone();
        async move { units::audit(&e, &e.unit.code).await.ok() }
    });
    move || {
        entries
            .get()
            .flatten()
            .map(|entries| view! { <AuditList entries=entries/> })
    }
}

/// "Nhật ký đơn vị": codes issued, phones signed in and withdrawn, newest
/// first, as the server kept them.
#[component]
fn AuditList(entries: Vec<domain::protocol::AuditEntry>) -> impl IntoView {
    let rows = entries
        .into_iter()
        .map(|e| {
            let who = if e.by_name.is_empty() {
                e.by_unit.clone()
            } else {
                e.by_name.clone()
            };
            view! {
                <li>
                    <span class="audit-when">{clock_time(e.at)}</span> " · "
                    <strong>{e.action.label_vi()}</strong> " · " {who}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card audit-list">
            <h2>"Nhật ký đơn vị"</h2>
            <ul class="entry-list">{rows}</ul>
        </section>
    }
}

/// The day the units below must report by.
#[component]
fn DeadlineForm(enrolled: Enrolled) -> impl IntoView {
    let session = use_session();
    let saved = RwSignal::new(None::<String>);
    let year = enrolled.home.as_ref().map_or(2026, |h| h.year);
    // What this unit set last, as the server says, then as this form
    // saved it: the form shows it.
    let last_set = {
        let e = enrolled.clone();
        LocalResource::new(move || {
            let e = e.clone();
            async move { units::own_deadline(&e, year).await.ok().flatten() }
        })
    };
    let set_last = move || last_set.get().flatten();
    let shown_due = move || set_last().map_or(format!("{year}-08-25"), |d| d.due.iso());
    let shown_grace = move || {
        set_last()
            .map_or(domain::protocol::DEFAULT_GRACE_DAYS, |d| d.grace_days)
            .to_string()
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (e, s) = (enrolled.clone(), session.clone());
        let form = FormValues::of(&ev);
        let due = match Day::parse(&form.text("due")) {
            Ok(d) => d,
            Err(err) => return s.report(&AppError::Invalid(err)),
        };
        let grace_days = form
            .text("grace_days")
            .parse::<u32>()
            .unwrap_or(domain::protocol::DEFAULT_GRACE_DAYS);
        leptos::task::spawn_local(async move {
            let deadline = Deadline {
                year,
                due,
                grace_days,
            };
            match units::set_deadline(&e, &deadline).await {
                Ok(()) => {
                    saved.set(Some(format!(
                        "Đã đặt hạn nộp: {}, gia hạn {grace_days} ngày.",
                        due.display_vi()
                    )));
                    last_set.set(Some(Some(deadline)));
                }
                Err(err) => s.report(&err),
            }
        });
    };
    view! {
        <form class="card form" on:submit=submit>
            <h2>"Hạn nộp báo cáo của đơn vị trực thuộc"</h2>
            <label class="field"><span>{format!("Hạn nộp báo cáo năm {year}")}</span>
                <input type="date" name="due" required prop:value=shown_due/></label>
            <label class="field"><span>"Số ngày gia hạn vẫn tính đúng hạn (theo lúc máy chủ nhận)"</span>
                <input type="number" name="grace_days" min="0" max="60" inputmode="numeric" required prop:value=shown_grace/></label>
            <button type="submit" class="btn btn-block">"Đặt hạn nộp"</button>
            {move || saved.get().map(|m| view! { <p role="status">{m}</p> })}
        </form>
    }
}

/// The reports the units below sent: read one, accept it or return it
/// with a note.
#[component]
fn ReportsBelow(enrolled: Enrolled) -> impl IntoView {
    let session = use_session();
    let year = enrolled.home.as_ref().map_or(2026, |h| h.year);
    let list = {
        let (e, s) = (enrolled.clone(), session.clone());
        LocalResource::new(move || {
            let (e, s) = (e.clone(), s.clone());
            async move {
                units::reports_below(&e, year)
                    .await
                    .map_err(|err| s.report(&err))
                    .ok()
            }
        })
    };
    let load = move || list.refetch();
    // Accepting many at once: every report sent and not yet decided.
    let waiting = move || {
        list.with(|l| {
            l.iter()
                .flatten()
                .flatten()
                .filter_map(|r| {
                    r.latest
                        .as_ref()
                        .filter(|x| x.status == ReportStatus::Submitted)
                        .map(|x| (r.event, x.id.clone()))
                })
                .collect::<Vec<_>>()
        })
    };
    let accept_all = {
        let (e, s) = (enrolled.clone(), session.clone());
        move |_| {
            let (e, s, all) = (e.clone(), s.clone(), waiting());
            leptos::task::spawn_local(async move {
                let accept = Decision {
                    accept: true,
                    note: String::new(),
                };
                for (event, id) in all {
                    if let Err(err) = units::decide(&e, event, &id, &accept).await {
                        s.report(&err);
                        break;
                    }
                }
                load();
            });
        }
    };
    view! {
        <section class="card" id=Address::ReportsBelow.fragment()>
            <h2>{format!("Báo cáo của đơn vị trực thuộc năm {year}")}</h2>
            {move || {
                let n = waiting().len();
                (n > 1).then(|| view! {
                    <button type="button" class="btn btn-block" on:click=accept_all.clone()>
                        {format!("Tiếp nhận cả {n} báo cáo đang chờ")}
                    </button>
                })
            }}
            <Transition fallback=|| view! { <p class="loading">"Đang tải…"</p> }>
                {move || {
                    let enrolled = enrolled.clone();
                    Suspend::new(async move {
                        match list.await {
                            // Not read: the notice says why.
                            None => view! { <p class="loading">"Đang tải…"</p> }.into_any(),
                            Some(l) if l.is_empty() => view! { <p>"Chưa có Ngày hội nào của đơn vị trực thuộc được chia sẻ."</p> }.into_any(),
                            Some(l) => l.into_iter().map(|r| {
                                view! { <ReportBelowRow report=r enrolled=enrolled.clone() reload=Callback::new(move |_| load())/> }
                            }).collect_view().into_any(),
                        }
                    })
                }}
            </Transition>
        </section>
    }
}

#[component]
fn ReportBelowRow(report: UnitReport, enrolled: Enrolled, reload: Callback<()>) -> impl IntoView {
    let session = use_session();
    let open = RwSignal::new(false);
    let state = match &report.latest {
        None => "Chưa gửi báo cáo".to_string(),
        Some(l) => match l.status {
            ReportStatus::Submitted => format!("Đã gửi lúc {}", clock_time(l.submitted_at)),
            ReportStatus::Accepted => "Đã tiếp nhận".to_string(),
            ReportStatus::Returned => format!("Đã trả lại: {}", l.note),
        },
    };
    let doc = report
        .report
        .as_deref()
        .and_then(|r| ReportDoc::from_json(r).ok());
    let submission = report.latest.as_ref().map(|l| l.id.clone());
    let event = report.event;
    let decide = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let accept = ev
            .submitter()
            .and_then(|b| b.get_attribute("value"))
            .is_some_and(|v| v == "accept");
        let note = FormValues::of(&ev).text("note");
        let (e, s, id) = (enrolled.clone(), session.clone(), submission.clone());
        let Some(id) = id else { return };
        leptos::task::spawn_local(async move {
            match units::decide(&e, event, &id, &Decision { accept, note }).await {
                Ok(()) => reload.run(()),
                Err(err) => s.report(&err),
            }
        });
    };
    view! {
        <div class="report-below">
            <p><strong>{report.unit.name.clone()}</strong> " — " {report.host_name.clone()} " · " {report.date.display_vi()}</p>
            <p class="report-state">{state}</p>
            {doc.map(|doc| view! {
                <button type="button" class="btn" on:click=move |_| open.update(|o| *o = !*o)>
                    {move || if open.get() { "Đóng báo cáo" } else { "Xem báo cáo" }}
                </button>
                <div class:hidden=move || !open.get()>
                    <ReportDocView doc=doc/>
                    <form class="form" on:submit=decide>
                        <label class="field"><span>"Ghi chú (khi trả lại)"</span>
                            <textarea name="note" rows="3" maxlength="2000"></textarea></label>
                        <div class="quick-links">
                            <button type="submit" class="btn btn-primary" value="accept">"Tiếp nhận"</button>
                            <button type="submit" class="btn" value="return">"Trả lại"</button>
                        </div>
                    </form>
                </div>
            })}
        </div>
    }
}
