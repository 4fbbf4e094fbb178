//! Reading a CSV file as Excel saves it: a byte-order mark or not, CRLF
//! or LF, comma or semicolon (the separator a Vietnamese Excel uses), each
//! row with the line a spreadsheet shows it on.

/// The file's rows, each with its line (from 1) and its cells trimmed, or
/// `None` for a row that is not CSV. Blank lines are skipped.
pub fn rows(text: &str) -> Vec<(usize, Option<Vec<String>>)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let delimiter = if text.lines().next().is_some_and(|l| l.contains(';')) {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    reader
        .records()
        .enumerate()
        .map(|(index, result)| match result {
            Ok(record) => {
                let line = record
                    .position()
                    .map_or(index + 1, |p| line_at(text, p.byte()));
                (
                    line,
                    Some(record.iter().map(|c| c.trim().to_string()).collect()),
                )
            }
            Err(e) => (
                e.position().map_or(index + 1, |p| line_at(text, p.byte())),
                None,
            ),
        })
        .collect()
}

/// The line (from 1) of the record starting at a byte offset; counted here
/// because the reader skips blank lines without counting them, and starts
/// a record after a blank line at that blank line.
fn line_at(text: &str, byte: u64) -> usize {
    let bytes = text.as_bytes();
    let mut end = (byte as usize).min(bytes.len());
    while end < bytes.len() && matches!(bytes[end], b'\n' | b'\r') {
        end += 1;
    }
    bytes[..end].iter().filter(|&&b| b == b'\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_keep_their_lines_whatever_excel_saved() {
        let rows = rows("\u{feff}Mã;Năm\r\n05842; 2015 \r\n\r\n05836;2016\r\n");
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[1], (2, Some(vec!["05842".into(), "2015".into()])));
        assert_eq!(rows[2].0, 4);
        let commas = super::rows("a,\"b, c\"\n");
        assert_eq!(commas[0].1.as_ref().unwrap()[1], "b, c");
    }
}
