//! "Báo cáo sơ kết, tổng kết" (`/bao-cao-giai-doan`): the unit's review of
//! a period, in the Decree-30 layout and seed 000's outline. The figures
//! and the models cited come from the period's sheet (the server's answer,
//! kept on the phone, so it opens offline from the last pull); the parts
//! only people can write are typed here and kept in the unit's ledger,
//! one record per period and part, so they sync, survive a sync while
//! typed, and are in the history. Printed on A4 (the two tables on
//! landscape pages), taken to Word, and sent up the chain as the yearly
//! report is.

use super::period::period_data;
use super::{this_year, ForEnrolled, Ledger, PeriodPick};
use crate::components::{
    ChangedField, DocumentActions, ReportDocView, Sent, SubmissionList, WrittenPart,
};
use crate::prefs::Prefs;
use crate::session::{use_event, use_session};
use crate::time::{now_ms, utc_offset_minutes};
use domain::kinds::review::ReviewPart;
use domain::movement::period::Period;
use domain::movement::review::{models_cited, review_doc, MODELS_CITED};
use domain::{Choice, Day};
use leptos::prelude::*;
use std::sync::Arc;

/// The review screen: the period, then its review.
#[component]
pub fn ReviewPage() -> impl IntoView {
    let from = RwSignal::new(this_year() - 5);
    let to = RwSignal::new(this_year());
    view! {
        <section class="page report-page">
            <h1 class="no-print">"Báo cáo sơ kết, tổng kết giai đoạn"</h1>
            <ForEnrolled then=move |enrolled| view! {
                <Ledger enrolled=enrolled>
                    <div class="no-print"><PeriodPick from=from to=to/></div>
                    {move || match Period::new(from.get(), to.get()) {
                        Err(e) => view! { <p class="notice" role="alert">{e.message_vi()}</p> }.into_any(),
                        Ok(p) => view! { <Review period=p/> }.into_any(),
                    }}
                </Ledger>
            }.into_any()/>
        </section>
    }
}

/// One period's review: what the unit writes, the document as it will
/// print, and its submissions.
#[component]
fn Review(period: Period) -> impl IntoView {
    let ledger = use_event();
    let data = period_data(period);
    let today = Day::from_unix_ms(now_ms(), utc_offset_minutes());
    let texts = Memo::new(move |_| ledger.with(|s| s.review_texts(period)).unwrap_or_default());
    // The sheet is computed once per answer, not at every word saved.
    let sheet = Memo::new(move |_| {
        data.latest()
            .map(|d| (Arc::new(d.sheet()), Arc::new(d.models)))
    });
    let doc = Memo::new(move |_| {
        sheet.with(|s| {
            s.as_ref()
                .map(|(sheet, models)| review_doc(sheet, models, &texts.get(), today))
        })
    });
    let few_models = move || {
        let cited = sheet.with(|s| {
            s.as_ref()
                .map(|(sheet, models)| models_cited(sheet, models).len())
        })?;
        (cited < MODELS_CITED).then(|| view! {
            <p class="notice no-print" role="status">{format!(
                "Sổ mô hình của đơn vị và cấp dưới mới có {cited} mô hình để nêu trong báo cáo; báo cáo cần nêu ít nhất {MODELS_CITED} mô hình tiêu biểu. Ghi thêm ở mục “Mô hình, điển hình tiên tiến” trong “Phong trào”."
            )}</p>
        })
    };
    let asked = move || match data.asked() {
        Some(Err(e)) => {
            Some(view! { <p class="notice no-print" role="alert">{e.message_vi()}</p> })
        }
        _ => None,
    };
    view! {
        {asked}
        <ReviewTextsForm period=period/>
        {few_models}
        <DocumentActions doc=doc/>
        {move || match doc.get() {
            Some(d) => view! { <ReportDocView doc=d/> }.into_any(),
            None if matches!(data.asked(), Some(Err(_))) => ().into_any(),
            None => view! { <p class="loading">"Đang tải số liệu giai đoạn…"</p> }.into_any(),
        }}
        <SendReview period=period doc=doc/>
    }
}

/// The parts of the review the unit writes, each saved on leaving it.
#[component]
fn ReviewTextsForm(period: Period) -> impl IntoView {
    let ledger = use_event();
    let session = use_session();
    let on_change = move |ev: leptos::ev::Event| {
        let Some(f) = ChangedField::of(&ev) else {
            return;
        };
        session.run(ledger, move |st, stamp, _| {
            st.set_review_text(period, &f.name, &f.value, stamp)
        });
    };
    let fields = ReviewPart::all()
        .iter()
        .map(|part| {
            let part = *part;
            let value = Signal::derive(move || {
                ledger
                    .with(|s| s.review_texts(period).get(part).to_string())
                    .unwrap_or_default()
            });
            view! { <WrittenPart name=part.code() label=part.label_vi() long=part.is_long() value=value/> }
        })
        .collect_view();
    view! {
        <details class="card no-print report-texts" open=true>
            <summary>"Phần đơn vị viết"</summary>
            <p class="hint">"Số liệu và các mô hình tiêu biểu tự điền từ sổ phong trào của đơn vị và cấp dưới; phần dưới đây do đơn vị viết, lưu cho từng giai đoạn."</p>
            <form class="form" on:change=on_change on:submit=|ev| ev.prevent_default()>
                {fields}
            </form>
        </details>
    }
}

/// "Gửi báo cáo lên cấp trên": the review as shown, kept in the ledger
/// and sent with its next sync; each submission and where it stands.
#[component]
fn SendReview(
    period: Period,
    doc: Memo<Option<domain::kinds::submission::ReportDoc>>,
) -> impl IntoView {
    let ledger = use_event();
    let session = use_session();
    let sent_list = Signal::derive(move || {
        ledger
            .with(|s| {
                s.review_submissions(period)
                    .into_iter()
                    .map(Sent::of)
                    .collect()
            })
            .unwrap_or_default()
    });
    let said = RwSignal::new(None::<&'static str>);
    let submit = move |_| {
        let Some(d) = doc.get_untracked() else {
            return;
        };
        let officer = Prefs::load().display_name;
        said.set(None);
        session
            .run(ledger, move |st, stamp, now| {
                st.submit_review(&d, &officer, now, stamp)
            })
            .then(move |saved| {
                if saved {
                    said.set(Some(
                        "Đã ghi báo cáo để gửi. Báo cáo tự gửi lên cấp trên khi có mạng.",
                    ));
                }
            });
    };
    view! {
        <section class="card no-print">
            <h2>"Gửi báo cáo lên cấp trên"</h2>
            <p class="hint">"Gửi bản báo cáo như đang thấy ở trên. Khi không có mạng, báo cáo chờ trên máy và tự gửi khi có mạng; mỗi lần gửi đều được lưu."</p>
            <button type="button" class="btn btn-primary btn-block" on:click=submit
                disabled=move || doc.with(Option::is_none)>"Gửi báo cáo"</button>
            <p role="status">{move || said.get()}</p>
            <SubmissionList sent=sent_list/>
        </section>
    }
}
