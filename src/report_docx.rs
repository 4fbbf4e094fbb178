//! The báo cáo kết quả as a Word file (.docx), built on the phone with
//! docx-rs, in the `report_export` module fetched the first time an officer
//! asks for it: offices edit, sign and stamp in Word.
//!
//! Laid out as Decree 30/2020/NĐ-CP sets it: A4; margins 20 mm top and
//! bottom, 30 mm left, 15 mm right; Times New Roman 13 pt; the issuing body
//! top left and the national motto top right, side by side in a table
//! without borders; the title centred in bold; "Nơi nhận" and the signature
//! at the foot, side by side.

use crate::error::AppError;
use crate::files;
use crate::lazy::{run_entry, split_entry, Entry};
use docx_rs::{
    AlignmentType, Docx, PageMargin, PageOrientationType, PageSize, Paragraph, Run, RunFonts,
    SectionProperty, SpecialIndentType, Table, TableCell, TableRow, VMergeType, WidthType,
};
use domain::kinds::submission::{Annex, Block, ReportDoc, MOTTO, NATION};

/// The Word file's type.
const DOCX_TYPE: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// Half-points: 13 pt body, 12 pt for the header's small lines, 14 pt title.
const BODY: usize = 26;
const SMALL: usize = 24;
const TITLE: usize = 28;
/// The appended tables' cells: 9 pt.
const ANNEX: usize = 18;
/// Twentieths of a point (twips): 1 mm is about 56.7.
const MM: i32 = 57;
/// A4, in twips.
const A4_SHORT: u32 = 11906;
const A4_LONG: u32 = 16838;

/// Builds the report's .docx and hands it over (share sheet or download).
pub async fn export_docx(doc: ReportDoc) -> Result<files::Handed, AppError> {
    run_entry!(docx_export(doc))
}

split_entry!(
    report_export,
    fn docx_export(doc: ReportDoc) -> Entry<files::Handed> {
        Ok(Box::pin(async move {
            let bytes = docx_bytes(&doc)?;
            let name = file_name(&doc);
            let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes.as_slice()));
            files::offer(&name, DOCX_TYPE, &parts).await
        }))
    }
);

/// "bao-cao-ket-qua-<issuer>.docx", in plain letters (file systems and
/// chat apps mangle others).
fn file_name(doc: &ReportDoc) -> String {
    let slug: String = domain::text::search::fold(&doc.issuer)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    match doc.period {
        Some(p) => format!("bao-cao-giai-doan-{}-{}-{slug}.docx", p.from(), p.to()),
        None => format!("bao-cao-ket-qua-{slug}.docx"),
    }
}

/// The document as .docx bytes.
pub fn docx_bytes(doc: &ReportDoc) -> Result<Vec<u8>, AppError> {
    let font = RunFonts::new()
        .ascii("Times New Roman")
        .hi_ansi("Times New Roman")
        .cs("Times New Roman")
        .east_asia("Times New Roman");
    let portrait = PageMargin::new()
        .top(20 * MM)
        .bottom(20 * MM)
        .left(30 * MM)
        .right(15 * MM);
    let mut docx = Docx::new()
        .default_fonts(font)
        .default_size(BODY)
        .add_table(head(doc))
        .add_paragraph(Paragraph::new())
        .add_paragraph(centred(&doc.kind, TITLE, true))
        .add_paragraph(centred(&doc.title, BODY, true))
        .add_paragraph(Paragraph::new());
    for section in &doc.sections {
        docx = docx.add_paragraph(line(&section.heading, BODY, true, false));
        for block in &section.blocks {
            docx = match block {
                Block::Heading(t) => docx.add_paragraph(line(t, BODY, true, false)),
                Block::Para(t) => docx.add_paragraph(paragraph(t)),
                Block::Table { head, rows } => docx.add_table(table(head, rows)),
            };
        }
    }
    docx = docx.add_paragraph(Paragraph::new()).add_table(foot(doc));
    if doc.annexes.is_empty() {
        docx = docx.page_size(A4_SHORT, A4_LONG).page_margin(portrait);
    } else {
        // The document so far is a portrait section ended by this
        // paragraph; the tables follow in the last section, landscape, as
        // seed 004 appends them.
        docx = docx.add_paragraph(
            Paragraph::new().section_property(
                SectionProperty::new()
                    .page_size(PageSize::new().size(A4_SHORT, A4_LONG))
                    .page_margin(portrait),
            ),
        );
        for (i, annex) in doc.annexes.iter().enumerate() {
            if i > 0 {
                docx = docx.add_paragraph(Paragraph::new().page_break_before(true));
            }
            docx = docx
                .add_paragraph(centred("THỐNG KÊ", TITLE, true))
                .add_paragraph(centred(&annex.title, BODY, true))
                .add_paragraph(Paragraph::new())
                .add_table(annex_table(annex));
        }
        // The document's own (last) section: a section begins on a new
        // page unless told otherwise.
        docx = docx
            .page_size(A4_LONG, A4_SHORT)
            .page_orient(PageOrientationType::Landscape)
            .page_margin(
                PageMargin::new()
                    .top(15 * MM)
                    .bottom(15 * MM)
                    .left(15 * MM)
                    .right(15 * MM),
            );
    }
    let mut out = std::io::Cursor::new(Vec::new());
    docx.build()
        .pack(&mut out)
        .map_err(|e| AppError::Browser(format!("docx: {e}")))?;
    Ok(out.into_inner())
}

fn run(text: &str, size: usize, bold: bool, italic: bool) -> Run {
    let mut r = Run::new().add_text(text).size(size);
    if bold {
        r = r.bold();
    }
    if italic {
        r = r.italic();
    }
    r
}

fn line(text: &str, size: usize, bold: bool, italic: bool) -> Paragraph {
    Paragraph::new().add_run(run(text, size, bold, italic))
}

fn centred(text: &str, size: usize, bold: bool) -> Paragraph {
    line(text, size, bold, false).align(AlignmentType::Center)
}

/// A body paragraph: justified, first line indented 1 cm.
fn paragraph(text: &str) -> Paragraph {
    line(text, BODY, false, false)
        .align(AlignmentType::Both)
        .indent(
            None,
            Some(SpecialIndentType::FirstLine(10 * MM)),
            None,
            None,
        )
}

/// Two cells side by side, no borders.
fn pair(left: Vec<Paragraph>, right: Vec<Paragraph>) -> Table {
    let cell = |ps: Vec<Paragraph>, width: usize| {
        ps.into_iter()
            .fold(TableCell::new().width(width, WidthType::Dxa), |c, p| {
                c.add_paragraph(p)
            })
    };
    Table::without_borders(vec![TableRow::new(vec![
        cell(left, 3800),
        cell(right, 5400),
    ])])
    .set_grid(vec![3800, 5400])
}

/// Top: the issuing body (left), the national motto (right).
fn head(doc: &ReportDoc) -> Table {
    let motto = Paragraph::new()
        .add_run(run(MOTTO, BODY, true, false).underline("single"))
        .align(AlignmentType::Center);
    pair(
        vec![
            centred(&doc.superior, SMALL, false),
            centred(&doc.issuer, SMALL, true),
            centred(&doc.number, BODY, false),
        ],
        vec![
            centred(NATION, SMALL, true),
            motto,
            Paragraph::new()
                .add_run(run(&doc.place_date, BODY, false, true))
                .align(AlignmentType::Center),
        ],
    )
}

/// Foot: "Nơi nhận" (left), the signature (right).
fn foot(doc: &ReportDoc) -> Table {
    let mut left = vec![line("Nơi nhận:", SMALL, true, true)];
    left.extend(doc.recipients.iter().map(|r| line(r, 22, false, false)));
    let mut right: Vec<Paragraph> = doc
        .signer_title
        .iter()
        .map(|t| centred(t, BODY, true))
        .collect();
    right.extend([Paragraph::new(), Paragraph::new(), Paragraph::new()]);
    right.push(centred(&doc.signer_name, BODY, true));
    pair(left, right)
}

/// A bordered table, its header row bold.
fn table(head: &[String], rows: &[Vec<String>]) -> Table {
    let row = |cells: &[String], bold: bool| {
        TableRow::new(
            cells
                .iter()
                .map(|c| TableCell::new().add_paragraph(line(c, BODY, bold, false)))
                .collect(),
        )
    };
    let mut all = vec![row(head, true)];
    all.extend(rows.iter().map(|r| row(r, false)));
    Table::new(all)
}

/// An appended table: its header rows with their merged cells (across,
/// and down where a header stands alone), then its rows, in 9 pt.
fn annex_table(annex: &Annex) -> Table {
    let width = annex.width();
    let cell = |text: &str, bold: bool| {
        TableCell::new().add_paragraph(
            Paragraph::new()
                .add_run(run(text, ANNEX, bold, false))
                .align(AlignmentType::Center),
        )
    };
    // Rows still to cover under a cell that spans down, and its width, by
    // the column it starts at.
    let mut below = vec![(0u16, 1usize); width];
    let mut rows = Vec::new();
    for head in &annex.head {
        let mut cells = Vec::new();
        let mut given = head.iter();
        let mut col = 0;
        while col < width {
            let (left, cols) = below[col];
            if left > 0 {
                cells.push(
                    TableCell::new()
                        .vertical_merge(VMergeType::Continue)
                        .grid_span(cols),
                );
                below[col].0 -= 1;
                col += cols;
                continue;
            }
            let Some(c) = given.next() else { break };
            let cols = usize::from(c.cols.max(1));
            let mut td = cell(&c.text, true).grid_span(cols);
            if c.rows > 1 {
                td = td.vertical_merge(VMergeType::Restart);
                below[col] = (c.rows - 1, cols);
            }
            cells.push(td);
            col += cols;
        }
        rows.push(TableRow::new(cells));
    }
    rows.extend(
        annex
            .rows
            .iter()
            .map(|r| TableRow::new(r.iter().enumerate().map(|(i, c)| cell(c, i == 0)).collect())),
    );
    // The landscape page's text width (267 mm), the row names wider.
    let text = 267 * MM as usize;
    let first = 1500;
    let rest = (text - first) / width.saturating_sub(1).max(1);
    let mut grid = vec![first];
    grid.extend(std::iter::repeat_n(rest, width.saturating_sub(1)));
    Table::new(rows).set_grid(grid)
}
