//! Searching names the way officers type on a phone: without diacritics,
//! in any case, by the start of any word ("nguyen van" finds "Nguyễn Văn An").

/// Lower case without Vietnamese diacritics: "Nguyễn Văn Đức" → "nguyen van duc".
/// Also strips combining marks, for text typed in decomposed form.
pub fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .filter(|c| !('\u{0300}'..='\u{036f}').contains(c))
        .map(base_letter)
        .collect()
}

fn base_letter(c: char) -> char {
    const GROUPS: [(char, &str); 7] = [
        ('a', "áàảãạăắằẳẵặâấầẩẫậ"),
        ('e', "éèẻẽẹêếềểễệ"),
        ('i', "íìỉĩị"),
        ('o', "óòỏõọôốồổỗộơớờởỡợ"),
        ('u', "úùủũụưứừửữự"),
        ('y', "ýỳỷỹỵ"),
        ('d', "đ"),
    ];
    if c.is_ascii() {
        return c;
    }
    GROUPS
        .iter()
        .find(|(_, variants)| variants.contains(c))
        .map_or(c, |(base, _)| *base)
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
pub fn prepare(text: &str) -> String {
    let mut prepared = String::with_capacity(text.len() + 8);
    for w in words(&fold(text)) {
        prepared.push(' ');
        prepared.push_str(&w);
    }
    prepared
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
