//! Searching names the way officers type on a phone: without diacritics,
//! in any case, by the start of any word ("nguyen van" finds "Nguyễn Văn An").

/// Lower case without Vietnamese diacritics: "Nguyễn Văn Đức" → "nguyen van duc".
/// Also strips combining marks, for text typed in decomposed form.
pub fn fold(text: &str) -> String {
    folded(text).collect()
}

/// The characters of [`fold`], one at a time: a list of thousands is folded
/// when it is indexed, so this allocates nothing per character.
fn folded(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars()
        .flat_map(|c| {
            // Most letters are ASCII: no case table to look up.
            let ascii = c.is_ascii().then(|| c.to_ascii_lowercase());
            let other = (!c.is_ascii()).then(|| c.to_lowercase());
            ascii.into_iter().chain(other.into_iter().flatten())
        })
        .filter(|c| !('\u{0300}'..='\u{036f}').contains(c))
        .map(base_letter)
}

/// A lower-case Vietnamese letter without its marks.
fn base_letter(c: char) -> char {
    match c {
        'á' | 'à' | 'ả' | 'ã' | 'ạ' | 'ă' | 'ắ' | 'ằ' | 'ẳ' | 'ẵ' | 'ặ' | 'â' | 'ấ' | 'ầ' | 'ẩ'
        | 'ẫ' | 'ậ' => 'a',
        'é' | 'è' | 'ẻ' | 'ẽ' | 'ẹ' | 'ê' | 'ế' | 'ề' | 'ể' | 'ễ' | 'ệ' => 'e',
        'í' | 'ì' | 'ỉ' | 'ĩ' | 'ị' => 'i',
        'ó' | 'ò' | 'ỏ' | 'õ' | 'ọ' | 'ô' | 'ố' | 'ồ' | 'ổ' | 'ỗ' | 'ộ' | 'ơ' | 'ớ' | 'ờ' | 'ở'
        | 'ỡ' | 'ợ' => 'o',
        'ú' | 'ù' | 'ủ' | 'ũ' | 'ụ' | 'ư' | 'ứ' | 'ừ' | 'ử' | 'ữ' | 'ự' => 'u',
        'ý' | 'ỳ' | 'ỷ' | 'ỹ' | 'ỵ' => 'y',
        'đ' => 'd',
        other => other,
    }
}

/// The words of a folded text, split at anything not a letter or digit.
pub fn words(folded: &str) -> Vec<String> {
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// A text prepared for search: its folded words, each after a space
/// (" nguyen van an"), so that "a word starts with w" is "contains ' w'".
/// Written in one pass: the invitee list prepares thousands at once.
pub fn prepare(text: &str) -> String {
    let mut prepared = String::with_capacity(text.len() + 8);
    prepare_into(&mut prepared, text);
    prepared
}

/// [`prepare`], appended to `out`: the parts of one person go in one string.
pub fn prepare_into(out: &mut String, text: &str) {
    let mut in_word = false;
    for c in folded(text) {
        if c.is_alphanumeric() {
            if !in_word {
                out.push(' ');
                in_word = true;
            }
            out.push(c);
        } else {
            in_word = false;
        }
    }
}

/// A query's patterns: each folded word after a space, to look for in a
/// [`prepare`]d text.
pub fn patterns(query: &str) -> Vec<String> {
    words(&fold(query))
        .into_iter()
        .map(|w| format!(" {w}"))
        .collect()
}

/// Whether every word of `query` starts some word of `text` (both folded).
/// An empty query matches everything.
pub fn matches(query: &str, text: &str) -> bool {
    let text = prepare(text);
    patterns(query).iter().all(|p| text.contains(p.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_drops_case_and_every_vietnamese_mark() {
        assert_eq!(fold("Nguyễn Văn Đức"), "nguyen van duc");
        assert_eq!(fold("TRẦN THỊ HỒNG NHUNG"), "tran thi hong nhung");
        assert_eq!(fold("Ưng Hoàng Phúc, Lê Thị Ỷ"), "ung hoang phuc, le thi y");
        // "ễ" typed as e + circumflex + tilde (decomposed).
        assert_eq!(fold("Nguye\u{0302}\u{0303}n"), "nguyen");
    }

    #[test]
    fn preparing_in_one_pass_equals_the_words_of_the_folded_text() {
        for text in [
            "Nguyễn Văn An, Chủ tịch UBND xã Tân Lập 0987 654 321",
            "  ĐẶNG   Thị Ỷ -- (Bố) ",
            "Nguye\u{0302}\u{0303}n ÀÁẢÃẠ ĂẮẰẲẴẶ ÂẤẦẨẪẬ Ơ Ư Ý",
            "",
        ] {
            let by_words: String = words(&fold(text))
                .into_iter()
                .map(|w| format!(" {w}"))
                .collect();
            assert_eq!(prepare(text), by_words, "{text}");
        }
        assert_eq!(
            fold("ÀÁẢÃẠ ĂẮẰẲẴẶ ÂẤẦẨẪẬ ỲÝỶỸỴ"),
            "aaaaa aaaaaa aaaaaa yyyyy"
        );
    }

    #[test]
    fn a_query_matches_the_start_of_any_word() {
        assert!(matches("nguyen van", "Nguyễn Văn An"));
        assert!(matches("NGUYEN an", "Nguyễn Văn An"));
        assert!(matches("van", "Nguyễn Văn An"));
        assert!(matches("ng v a", "Nguyễn Văn An"));
        assert!(!matches("guyen", "Nguyễn Văn An"), "only word starts");
        assert!(!matches("nguyen binh", "Nguyễn Văn An"));
        assert!(matches("", "Nguyễn Văn An"));
        assert!(matches("đức", "Phạm Minh Đức"));
        assert!(matches("duc", "Phạm Minh Đức"));
    }
}
