use crate::session::use_session;
use domain::kinds::submission::{Annex, Block, ReportDoc, MOTTO, NATION};
use leptos::prelude::*;

/// A báo cáo kết quả as a page: the preview on the phone and, through the
/// print stylesheet, the A4 sheet (style/main.css `.report-doc`).
#[component]
pub fn ReportDocView(doc: ReportDoc) -> impl IntoView {
    let sections = doc
        .sections
        .into_iter()
        .map(|s| {
            let blocks = s.blocks.into_iter().map(block_view).collect_view();
            view! {
                <h3 class="report-section">{s.heading}</h3>
                {blocks}
            }
        })
        .collect_view();
    let recipients = doc
        .recipients
        .into_iter()
        .map(|r| view! { <p>{r}</p> })
        .collect_view();
    let signer = doc
        .signer_title
        .into_iter()
        .map(|l| view! { <p class="report-signer-title">{l}</p> })
        .collect_view();
    let label = if doc.period.is_some() {
        "Báo cáo sơ kết, tổng kết"
    } else {
        "Báo cáo kết quả"
    };
    let annexes = doc.annexes.into_iter().map(annex_view).collect_view();
    view! {
        <article class="report-doc" aria-label=label>
            <header class="report-head">
                <div class="report-issuer">
                    <p>{doc.superior}</p>
                    <p class="report-strong">{doc.issuer}</p>
                    <p>{doc.number}</p>
                </div>
                <div class="report-nation">
                    <p class="report-strong">{NATION}</p>
                    <p class="report-strong report-motto">{MOTTO}</p>
                    <p class="report-date">{doc.place_date}</p>
                </div>
            </header>
            <h2 class="report-kind">{doc.kind}</h2>
            <p class="report-title">{doc.title}</p>
            {sections}
            <footer class="report-foot">
                <div class="report-recipients">
                    <p class="report-strong report-recipients-title">"Nơi nhận:"</p>
                    {recipients}
                </div>
                <div class="report-signer">
                    {signer}
                    <p class="report-sign-space"></p>
                    <p class="report-strong">{doc.signer_name}</p>
                </div>
            </footer>
            {annexes}
        </article>
    }
}

fn block_view(block: Block) -> AnyView {
    match block {
        Block::Heading(t) => view! { <h4 class="report-sub">{t}</h4> }.into_any(),
        Block::Para(t) => view! { <p class="report-para">{t}</p> }.into_any(),
        Block::Table { head, rows } => {
            let head = head
                .into_iter()
                .map(|h| view! { <th scope="col">{h}</th> })
                .collect_view();
            let rows = rows
                .into_iter()
                .map(|r| {
                    let cells = r.into_iter().map(|c| view! { <td>{c}</td> }).collect_view();
                    view! { <tr>{cells}</tr> }
                })
                .collect_view();
            view! {
                <div class="report-table-wrap">
                    <table class="report-table">
                        <thead><tr>{head}</tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
            .into_any()
        }
    }
}

/// An appended statistics table, on a landscape page of its own in print
/// (style/main.css `.report-annex`); on the phone it scrolls in its frame.
fn annex_view(annex: Annex) -> impl IntoView {
    let head = annex
        .head
        .into_iter()
        .map(|row| {
            let cells = row
                .into_iter()
                .map(|c| view! { <th scope="col" colspan=c.cols rowspan=c.rows>{c.text}</th> })
                .collect_view();
            view! { <tr>{cells}</tr> }
        })
        .collect_view();
    let rows = annex
        .rows
        .into_iter()
        .map(|r| {
            let mut cells = r.into_iter();
            let name = cells.next().unwrap_or_default();
            let cells = cells.map(|c| view! { <td>{c}</td> }).collect_view();
            view! { <tr><th scope="row">{name}</th>{cells}</tr> }
        })
        .collect_view();
    let title = annex.title;
    view! {
        <section class="report-annex">
            <h3 class="report-kind">"THỐNG KÊ"</h3>
            <p class="report-title">{title.clone()}</p>
            <div class="report-table-wrap" tabindex="0" role="region" aria-label=title>
                <table class="report-table annex-table">
                    <thead>{head}</thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

/// "In báo cáo (A4)" and "Tải tệp Word (.docx)" for the document as shown.
#[component]
pub fn DocumentActions(doc: Memo<Option<ReportDoc>>) -> impl IntoView {
    let session = use_session();
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    let word = move |_| {
        let Some(doc) = doc.get_untracked() else {
            return;
        };
        let s = session.clone();
        leptos::task::spawn_local(async move {
            if let Err(e) = crate::report_docx::export_docx(doc).await {
                s.report(&e);
            }
        });
    };
    view! {
        <div class="quick-links no-print">
            <button type="button" class="btn" on:click=print>"In báo cáo (A4)"</button>
            <button type="button" class="btn" on:click=word>"Tải tệp Word (.docx)"</button>
        </div>
    }
}
