use crate::components::{BudgetTable, OutreachTotalsTable};
use crate::session::use_event;
use crate::time::utc_offset_minutes;
use domain::text::format::{format_decimal, format_hhmm};
use leptos::prelude::*;

/// The day's summary: every figure the report to the district asks for,
/// computed by the domain's one summary function.
#[component]
pub fn SummaryPage() -> impl IntoView {
    let event = use_event();
    let body = move || {
        event.with(|state| {
            let s = state.summary(utc_offset_minutes());
            let steps = state.program();
            let figure = |label: &'static str, value: String| {
                view! { <tr><th scope="row">{label}</th><td>{value}</td></tr> }
            };
            view! {
                <div class="card">
                    <h2>"Tham dự"</h2>
                    <table class="figures"><tbody>
                        {figure("Tổng số người tham dự", format_decimal(s.attendance, 0))}
                        {figure("Khách mời đã đến", format!("{}/{}", s.invitees_total.present, s.invitees_total.listed))}
                        {figure("Trong đó đến trực tiếp", s.walk_ins.to_string())}
                        {figure("Nhân dân (đếm ở cổng)", format_decimal(s.headcount, 0))}
                        {s.invitees.iter().map(|(c, n)| view! {
                            <tr class="sub"><th scope="row">{c.label_vi()}</th><td>{format!("{}/{}", n.present, n.listed)}</td></tr>
                        }).collect_view()}
                    </tbody></table>
                </div>
                <div class="card">
                    <h2>{format!("Chương trình: {}/{} bước", s.program.done, s.program.total)}</h2>
                    <ol class="summary-steps">
                        {steps.iter().zip(&s.program.steps).map(|(step, p)| {
                            let time = match (p.actual, step.skipped.value) {
                                (Some(t), _) => format_hhmm(t),
                                (None, true) => "bỏ qua".to_string(),
                                (None, false) => "chưa".to_string(),
                            };
                            view! { <li><span>{step.title.value.clone()}</span>" "<strong>{time}</strong></li> }
                        }).collect_view()}
                    </ol>
                </div>
                <div class="card">
                    <h2>"Kết quả dân vận"</h2>
                    <OutreachTotalsTable/>
                </div>
                <div class="card">
                    <h2>"Khen thưởng, diễn đàn"</h2>
                    <table class="figures"><tbody>
                        {figure("Khen thưởng đã trao", format!("{}/{}", s.awards_presented, s.awards))}
                        {figure("Ý kiến của Nhân dân", s.opinions.to_string())}
                        {figure("Đã trả lời", s.opinions_answered.to_string())}
                        {figure("Đang xử lý", s.opinions_following.to_string())}
                    </tbody></table>
                </div>
                <div class="card">
                    <h2>"Kinh phí"</h2>
                    <BudgetTable/>
                </div>
            }
        })
    };
    let session = crate::session::use_session();
    let lists = move |_| {
        let Some(state) = event.with_untracked_state(Clone::clone) else {
            return;
        };
        let s = session.clone();
        leptos::task::spawn_local(async move {
            let name = format!("danh-sach-{}.xlsx", state.id);
            if let Err(e) = crate::sheet_xlsx::export_lists(state, name).await {
                s.report(&e);
            }
        });
    };
    view! {
        <section class="page">
            <h1>"Tổng kết Ngày hội"</h1>
            {body}
            <button type="button" class="btn btn-block" on:click=lists>
                "Tải danh sách (khách mời, dân vận, khen thưởng, ý kiến) (.xlsx)"
            </button>
        </section>
    }
}
