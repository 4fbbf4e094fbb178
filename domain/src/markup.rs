//! Text placed inside HTML or SVG markup that the app builds as a string
//! (the banner's SVG, search highlights): escaped so that whatever an
//! officer typed shows as text and never runs.

/// Text made safe to place inside HTML or SVG markup, as content or as a
/// quoted attribute: names typed by officers or brought by a file may hold
/// anything.
pub fn escape_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_typed_text_shows_as_text() {
        assert_eq!(
            escape_markup(r#"<img src=x onerror="a('b')">&"#),
            "&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;"
        );
    }
}
