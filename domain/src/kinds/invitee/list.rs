//! Reading an invitee list from a CSV file or pasted spreadsheet lines.

use crate::kinds::invitee::{Category, Invitee, InviteeFields};
use crate::merge::items::Item;
use crate::text::search;

/// A row of an invitee list that cannot be imported, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRow {
    /// Its line number in the file (1-based), as a spreadsheet shows it.
    pub line: usize,
    /// What is wrong, in Vietnamese.
    pub message: String,
}

/// An invitee list read from a CSV file or pasted lines, before import.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedList {
    /// Rows that can be imported, with their line numbers.
    pub rows: Vec<(usize, InviteeFields)>,
    /// Rows that cannot, with the reason.
    pub bad: Vec<BadRow>,
}

/// The most rows one import takes: far beyond a showcase event's list.
pub const MAX_IMPORT_ROWS: usize = 20_000;

/// Reads an invitee list: one person per line, columns name, title or
/// organisation, category, phone (the last three optional), separated by
/// commas, semicolons or tabs (what spreadsheets copy). A header line is
/// recognised and skipped. Rows that cannot be read are reported, one
/// message each, and the others still import.
pub fn parse_list(text: &str) -> ParsedList {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.contains('\u{fffd}') {
        // The browser could not read the file as UTF-8 (an old Excel
        // encoding): importing it would garble every name.
        return ParsedList {
            rows: Vec::new(),
            bad: vec![BadRow {
                line: 0,
                message: "Tệp không đọc được chữ tiếng Việt. Hãy lưu lại dưới dạng “CSV UTF-8”."
                    .to_string(),
            }],
        };
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(text))
        .from_reader(text.as_bytes());
    let mut list = ParsedList::default();
    let mut first = true;
    for result in reader.records() {
        let record = match result {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                list.bad.push(BadRow {
                    line,
                    message: "Dòng này không đọc được (sai định dạng CSV).".to_string(),
                });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        let cells: Vec<&str> = record.iter().map(str::trim).collect();
        if cells.iter().all(|c| c.is_empty()) {
            continue;
        }
        if std::mem::take(&mut first) && is_header(cells[0]) {
            continue;
        }
        if list.rows.len() + list.bad.len() >= MAX_IMPORT_ROWS {
            list.bad.push(BadRow {
                line,
                message: format!("Mỗi lần chỉ nhập tối đa {MAX_IMPORT_ROWS} dòng."),
            });
            break;
        }
        match read_row(&cells) {
            Ok(fields) => list.rows.push((line, fields)),
            Err(message) => list.bad.push(BadRow { line, message }),
        }
    }
    list
}

/// Tabs if the text has any (a spreadsheet paste), else semicolons if the
/// first line has more of them than commas (Excel in Vietnamese locale).
fn delimiter(text: &str) -> u8 {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    if first.contains('\t') {
        b'\t'
    } else if first.matches(';').count() > first.matches(',').count() {
        b';'
    } else {
        b','
    }
}

fn is_header(first_cell: &str) -> bool {
    let folded = search::fold(first_cell);
    matches!(
        folded.trim(),
        "ho ten" | "ho va ten" | "ten" | "ho, ten" | "name" | "full name" | "stt"
    )
}

fn read_row(cells: &[&str]) -> Result<InviteeFields, String> {
    let cell = |i: usize| cells.get(i).copied().unwrap_or("");
    let category = match cell(2) {
        "" => Category::Other,
        c => Category::recognise(c).ok_or_else(|| format!("Không rõ nhóm khách mời “{c}”."))?,
    };
    let mut fields = InviteeFields {
        name: cell(0).to_string(),
        title: cell(1).to_string(),
        category,
        phone: cell(3).to_string(),
        walk_in: false,
        checked_in: None,
    };
    Invitee::check(&mut fields).map_err(|e| e.message_vi())?;
    Ok(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_csv_list_imports_good_rows_and_explains_each_bad_one() {
        let text = "Họ tên,Chức vụ,Nhóm,Điện thoại\n\
                    Nguyễn Văn An,Chủ tịch UBND xã,Lãnh đạo,0912345678\n\
                    ,Trưởng thôn,uy tín,\n\
                    Trần Thị Bình,Hội Phụ nữ,nhóm lạ,\n\
                    \"Lê Văn Cường, Jr\",\"Công an huyện\",cấp trên,+84 98 765 4321\n\
                    Phạm Minh Đức,,,12ab\n";
        let list = parse_list(text);
        let names: Vec<&str> = list.rows.iter().map(|(_, f)| f.name.as_str()).collect();
        assert_eq!(names, vec!["Nguyễn Văn An", "Lê Văn Cường, Jr"]);
        assert_eq!(list.rows[0].1.category, Category::Leaders);
        assert_eq!(list.rows[1].1.category, Category::Superior);
        assert_eq!(list.rows[1].0, 5);
        let bad: Vec<(usize, &str)> = list
            .bad
            .iter()
            .map(|b| (b.line, b.message.as_str()))
            .collect();
        assert_eq!(
            bad,
            vec![
                (3, "Chưa nhập họ tên."),
                (4, "Không rõ nhóm khách mời “nhóm lạ”."),
                (6, "Số điện thoại “12ab” không hợp lệ."),
            ]
        );
    }

    #[test]
    fn pasted_spreadsheet_lines_use_tabs_and_need_only_a_name() {
        let list = parse_list("Hoàng Văn Em\tBí thư chi bộ\t2\n\nVũ Thị Gấm\n");
        assert!(list.bad.is_empty());
        assert_eq!(list.rows.len(), 2);
        assert_eq!(list.rows[0].1.title, "Bí thư chi bộ");
        assert_eq!(list.rows[0].1.category, Category::Leaders);
        assert_eq!(list.rows[1].1.category, Category::Other);
    }

    #[test]
    fn a_file_in_an_old_encoding_is_refused_whole() {
        let list = parse_list("Nguy\u{fffd}n V\u{fffd}n An,,\n");
        assert!(list.rows.is_empty());
        assert_eq!(list.bad.len(), 1);
        assert!(list.bad[0].message.contains("CSV UTF-8"));
    }

    #[test]
    fn semicolons_are_read_when_excel_uses_them() {
        let list = parse_list("\u{feff}Đỗ Văn Hùng;Công an xã;BCĐ 138;0987 654 321\n");
        assert_eq!(list.rows.len(), 1);
        assert_eq!(list.rows[0].1.category, Category::Committee);
        assert_eq!(list.rows[0].1.phone, "0987 654 321");
    }
}
