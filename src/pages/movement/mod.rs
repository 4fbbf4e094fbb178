//! "Phong trào": a unit's ledger (Sổ phong trào) — its figures of each
//! year (seed 004's two tables), its register of models, its years side
//! by side, and the years before the app brought in from a file.
//!
//! The ledger is a document like an event (`EventId::ledger`), kept in
//! IndexedDB, changed through the session and synced with the unit's
//! token, so it works offline and every change is in its history.

mod models;
mod models_below;
mod own_years;
mod past_years;
mod period;
mod review;
mod reviews_below;
mod year_form;

use crate::components::Loaded;
use crate::screens::Address;
use crate::session::{use_session, EventCtx};
use crate::storage::Enrolled;
use crate::sync::units;
use crate::time::{now_ms, utc_offset_minutes};
use domain::{Day, EventState, RecordKind};
use leptos::prelude::*;

pub use models::ModelsRegister;
pub use own_years::OwnYears;
pub use past_years::PastYearsImport;
pub use period::PeriodPage;
pub use review::ReviewPage;
pub use year_form::YearFiguresForm;

/// What the ledger's screens read of it.
const LEDGER_KINDS: &[RecordKind] = &[
    RecordKind::Movement,
    RecordKind::Model,
    RecordKind::Review,
    RecordKind::Submission,
];

/// This year, in Việt Nam.
pub(crate) fn this_year() -> i32 {
    Day::from_unix_ms(now_ms(), utc_offset_minutes()).year()
}

/// The years of a period, from and to, as the officer types them.
#[component]
pub(crate) fn PeriodPick(from: RwSignal<i32>, to: RwSignal<i32>) -> impl IntoView {
    let year_input = move |label: &'static str, into: RwSignal<i32>| {
        view! {
            <label class="field field-inline"><span>{label}</span>
                <input type="number" inputmode="numeric" min="1990" max=this_year() + 1
                    prop:value=move || into.get().to_string()
                    on:change=move |ev| {
                        if let Ok(y) = event_target_value(&ev).trim().parse() {
                            into.set(y);
                        }
                    }/>
            </label>
        }
    };
    view! {
        <div class="period-pick">
            {year_input("Từ năm", from)}
            {year_input("Đến năm", to)}
        </div>
    }
}

/// "Phong trào" (`/phong-trao`): the ledger of the unit this phone acts
/// for, or how to sign in first.
#[component]
pub fn MovementPage() -> impl IntoView {
    view! {
        <section class="page">
            <h1>"Phong trào toàn dân bảo vệ ANTQ"</h1>
            <ForEnrolled then=|enrolled| {
                let unit = enrolled.unit.clone();
                let below: Vec<domain::unit::Unit> = enrolled
                    .home
                    .as_ref()
                    .map(|h| h.children.clone())
                    .unwrap_or_default();
                view! {
                    <Ledger enrolled=enrolled>
                        <p class="hint">{format!("{} — số liệu do đơn vị nhập, lưu trên máy và gửi lên cấp trên khi có mạng.", unit.name)}</p>
                        <YearFiguresForm unit=unit.clone()/>
                        <ModelsRegister/>
                        <OwnYears unit=unit.clone()/>
                        <PastYearsImport unit=unit.clone() below=below.clone()/>
                        <p class="quick-links"><a class="btn" href=Address::Review.path()>"Báo cáo sơ kết, tổng kết giai đoạn"</a></p>
                    </Ledger>
                }
                .into_any()
            }/>
        </section>
    }
}

/// What a screen of the unit's own draws once the phone's enrolment is
/// read, or how to sign in first.
#[component]
pub(crate) fn ForEnrolled(
    then: impl Fn(Enrolled) -> AnyView + Send + Sync + 'static,
) -> impl IntoView {
    let session = use_session();
    let enrolled = Loaded::new({
        let s = session.clone();
        move || {
            let s = s.clone();
            async move { s.db().enrolment().await.ok().flatten() }
        }
    });
    move || match enrolled.get() {
        None => view! { <p class="loading">"Đang tải…"</p> }.into_any(),
        Some(None) => view! {
            <p class="notice" role="alert">
                "Máy này chưa đăng nhập đơn vị. Vào "
                <a href=Address::Unit.path()>"Đơn vị"</a>
                " để đăng nhập bằng mã cấp trên cấp, rồi nhập số liệu phong trào."
            </p>
        }
        .into_any(),
        Some(Some(e)) => then(e),
    }
}

/// The unit's ledger, loaded once and kept in step with what syncs in;
/// its screens (`children`) are drawn once it is loaded, under its
/// [`EventCtx`].
#[component]
pub(crate) fn Ledger(enrolled: Enrolled, children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    let id = domain::EventId::ledger(&enrolled.unit.code);
    let state: RwSignal<Option<EventState>> = RwSignal::new(None);
    let failure = RwSignal::new(None::<String>);
    let ctx = EventCtx { id, state };
    provide_context(ctx);
    // Changes synced in land on this screen, as on an open event's.
    session.set_open_event(Some(ctx));
    let s = session.clone();
    on_cleanup(move || s.set_open_event(None));
    let s = session.clone();
    leptos::task::spawn_local(async move {
        // The link first: what is typed from now on goes with the next sync.
        if let Err(err) = units::link_ledger(&s, &enrolled).await {
            s.report(&err);
        }
        if let Err(err) = s.load_ledger(state, id, LEDGER_KINDS).await {
            failure.set(Some(err.message_vi()));
        }
    });
    // A memo: a change to the ledger must not draw the screen again (the
    // year picked and the messages shown would go).
    let loaded = Memo::new(move |_| state.with(Option::is_some));
    move || match (loaded.get(), failure.get()) {
        (_, Some(message)) => view! { <p class="notice" role="alert">{message}</p> }.into_any(),
        (false, None) => view! { <p class="loading">"Đang tải sổ phong trào…"</p> }.into_any(),
        (true, None) => children().into_any(),
    }
}
