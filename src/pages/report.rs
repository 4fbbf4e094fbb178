use crate::components::{
    ChangedField, DocumentActions, ReportDeadline, ReportDocView, Sent, SubmissionList, WrittenPart,
};
use crate::prefs::Prefs;
use crate::session::{use_event, use_session};
use crate::time::{now_ms, utc_offset_minutes};
use domain::kinds::report::ReportField;
use domain::merge::items::Choice;
use domain::Day;
use leptos::prelude::*;

/// "Báo cáo kết quả": the officer writes the parts only they can, sees the
/// document as it will print, prints it on A4 or takes it to Word, and sends
/// it to the level above — offline too: it goes with the next sync.
#[component]
pub fn ReportPage() -> impl IntoView {
    let event = use_event();
    let session = use_session();
    let today = Day::from_unix_ms(now_ms(), utc_offset_minutes());
    let doc = Memo::new(move |_| {
        event
            .with(|s| s.report(today, utc_offset_minutes()).ok())
            .flatten()
    });
    let sent_list = Signal::derive(move || {
        event
            .with(|s| s.submissions().into_iter().map(Sent::of).collect())
            .unwrap_or_default()
    });
    let s = session.clone();
    let sent = RwSignal::new(None::<&'static str>);
    let submit = move |_| {
        let officer = Prefs::load().display_name;
        sent.set(None);
        s.run(event, move |st, stamp, now| {
            st.submit_report(&officer, today, utc_offset_minutes(), now, stamp)
        })
        .then(move |saved| {
            if saved {
                sent.set(Some(
                    "Đã ghi báo cáo để gửi. Báo cáo tự gửi lên cấp trên khi có mạng.",
                ));
            }
        });
    };
    view! {
        <section class="page report-page">
            <h1 class="no-print">"Báo cáo kết quả"</h1>
            <ReportDeadline/>
            <ReportTextsForm/>
            <DocumentActions doc=doc/>
            {move || doc.get().map(|d| view! { <ReportDocView doc=d/> })}
            <section class="card no-print">
                <h2>"Gửi báo cáo lên cấp trên"</h2>
                <p class="hint">"Gửi bản báo cáo như đang thấy ở trên. Khi không có mạng, báo cáo chờ trên máy và tự gửi khi có mạng. Sửa rồi gửi lại được; mỗi lần gửi đều được lưu."</p>
                <button type="button" class="btn btn-primary btn-block" on:click=submit>"Gửi báo cáo"</button>
                <p role="status">{move || sent.get()}</p>
                <SubmissionList sent=sent_list/>
            </section>
        </section>
    }
}

/// The parts of the report the officer writes, each saved on leaving it.
#[component]
fn ReportTextsForm() -> impl IntoView {
    let event = use_event();
    let session = use_session();
    let on_change = move |ev: leptos::ev::Event| {
        let Some(f) = ChangedField::of(&ev) else {
            return;
        };
        session.run(event, move |st, stamp, _| {
            st.set_report_text(&f.name, &f.value, stamp)
        });
    };
    let fields = ReportField::all()
        .iter()
        .map(|field| {
            let field = *field;
            let value = Signal::derive(move || {
                event
                    .with(|s| s.report_texts().get(field).to_string())
                    .unwrap_or_default()
            });
            view! { <WrittenPart name=field.code() label=field.label_vi() long=field.is_long() value=value/> }
        })
        .collect_view();
    view! {
        <details class="card no-print report-texts" open=true>
            <summary>"Phần cán bộ viết"</summary>
            <form class="form" on:change=on_change on:submit=|ev| ev.prevent_default()>
                {fields}
            </form>
        </details>
    }
}
