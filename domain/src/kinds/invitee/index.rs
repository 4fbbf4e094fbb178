//! Finding a person on the named list as the officer types: an index
//! built when the list changes, so that each keystroke scans little.

use crate::kinds::invitee::InviteeFields;
use crate::text::search;
pub use crate::text::search::patterns;

/// One invitee prepared for search: folded once, when the list changes, so
/// each keystroke only scans prepared text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchEntry<Id> {
    /// Whose entry.
    pub id: Id,
    /// The folded words of the name, title and phone, each after a space:
    /// " nguyen van an chu tich ubnd xa". One contiguous string per person
    /// keeps a scan of thousands fast.
    text: String,
}

/// What search reads of a person, borrowed: indexing thousands copies none
/// of their fields.
#[derive(Debug, Clone, Copy)]
pub struct Searchable<'a> {
    /// Full name.
    pub name: &'a str,
    /// Title and organisation.
    pub title: &'a str,
    /// Phone number.
    pub phone: &'a str,
}

impl<'a> From<&'a InviteeFields> for Searchable<'a> {
    fn from(f: &'a InviteeFields) -> Self {
        Searchable {
            name: &f.name,
            title: &f.title,
            phone: &f.phone,
        }
    }
}

impl<'a> From<&'a crate::kinds::invitee::Invitee> for Searchable<'a> {
    fn from(i: &'a crate::kinds::invitee::Invitee) -> Self {
        Searchable {
            name: &i.name.value,
            title: &i.title.value,
            phone: &i.phone.value,
        }
    }
}

impl<Id: Copy> SearchEntry<Id> {
    /// Prepares one invitee.
    pub fn new<'a>(id: Id, person: impl Into<Searchable<'a>>) -> Self {
        let p = person.into();
        let mut text = String::with_capacity(p.name.len() + p.title.len() + p.phone.len() + 8);
        for part in [p.name, p.title, p.phone] {
            search::prepare_into(&mut text, part);
        }
        SearchEntry { id, text }
    }

    /// Whether every pattern (from [`patterns`]) starts one of this entry's words.
    pub fn matches(&self, patterns: &[String]) -> bool {
        patterns.iter().all(|p| self.text.contains(p.as_str()))
    }
}

/// Everyone on the list prepared for search, in display order, with the
/// people each word start (up to [`PREFIX`] letters) leads to: the first
/// letters typed, which match thousands, are answered from those lists
/// instead of a scan.
#[derive(Debug, Clone)]
pub struct SearchIndex<Id> {
    /// The people, in the order results are shown.
    pub entries: Vec<SearchEntry<Id>>,
    /// Word start → positions in `entries` of the people with a word so
    /// starting; made on first use ([`SearchIndex::prepare_prefixes`]), so
    /// that opening the list draws it first.
    prefixes: std::sync::OnceLock<Prefixes>,
}

/// Word start → positions of the people with a word so starting.
type Prefixes = std::collections::HashMap<String, Vec<u32>>;

impl<Id> Default for SearchIndex<Id> {
    fn default() -> Self {
        SearchIndex {
            entries: Vec::new(),
            prefixes: std::sync::OnceLock::new(),
        }
    }
}

/// Two indexes are equal when they hold the same people in the same order
/// (the word-start lists follow from those).
impl<Id: PartialEq> PartialEq for SearchIndex<Id> {
    fn eq(&self, other: &Self) -> bool {
        self.entries == other.entries
    }
}

/// The longest word start indexed.
pub const PREFIX: usize = 3;

impl<Id: Copy + Ord> SearchIndex<Id> {
    /// Indexes people, listed by name (folded, so "Đặng" sorts with "Dang").
    pub fn of<'a, P: Into<Searchable<'a>>>(people: impl IntoIterator<Item = (Id, P)>) -> Self {
        let mut sorted: Vec<(String, Id, Searchable<'a>)> = people
            .into_iter()
            .map(|(id, p)| {
                let p = p.into();
                (search::fold(p.name), id, p)
            })
            .collect();
        sorted.sort_unstable_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
        Self::new(
            sorted
                .into_iter()
                .map(|(_, id, p)| SearchEntry::new(id, p))
                .collect(),
        )
    }
}

impl<Id: Copy> SearchIndex<Id> {
    /// Indexes `entries`, kept in their order.
    pub fn new(entries: Vec<SearchEntry<Id>>) -> Self {
        SearchIndex {
            entries,
            prefixes: std::sync::OnceLock::new(),
        }
    }

    /// Makes the word-start lists now (the app does it once the list is
    /// drawn); otherwise the first search makes them.
    pub fn prepare_prefixes(&self) {
        self.prefixes();
    }

    fn prefixes(&self) -> &Prefixes {
        self.prefixes
            .get_or_init(|| Self::word_starts(&self.entries))
    }

    fn word_starts(entries: &[SearchEntry<Id>]) -> Prefixes {
        let mut prefixes = Prefixes::new();
        for (i, e) in entries.iter().enumerate() {
            let i = i as u32;
            for word in e.text.split(' ').filter(|w| !w.is_empty()) {
                for (n, (end, _)) in word
                    .char_indices()
                    .skip(1)
                    .chain([(word.len(), ' ')])
                    .enumerate()
                {
                    if n >= PREFIX {
                        break;
                    }
                    // Looked up before a key is made: most starts are there already.
                    match prefixes.get_mut(&word[..end]) {
                        // A person with two words of the same start is listed once.
                        Some(list) if list.last() == Some(&i) => {}
                        Some(list) => list.push(i),
                        None => {
                            prefixes.insert(word[..end].to_string(), vec![i]);
                        }
                    }
                }
            }
        }
        prefixes
    }

    /// Positions of the entries matching `patterns`, in order, looking only
    /// at `within` (earlier results this query narrows) when given.
    pub fn search(&self, patterns: &[String], within: Option<&[u32]>) -> Vec<u32> {
        if patterns.is_empty() {
            return within
                .map_or_else(|| (0..self.entries.len() as u32).collect(), <[u32]>::to_vec);
        }
        // The shortest list any pattern's start leads to.
        let mut best: Option<&[u32]> = within;
        for p in patterns {
            let word = &p[1..];
            let key: String = word.chars().take(PREFIX).collect();
            let list = self.prefixes().get(&key).map_or(&[][..], Vec::as_slice);
            if best.is_none_or(|b| list.len() < b.len()) {
                best = Some(list);
            }
        }
        let candidates = best.unwrap_or(&[]);
        // One short word: its list is the answer, no need to look closer.
        let exact =
            within.is_none() && patterns.len() == 1 && patterns[0].chars().count() <= PREFIX + 1;
        if exact {
            return candidates.to_vec();
        }
        candidates
            .iter()
            .copied()
            .filter(|&i| self.entries[i as usize].matches(patterns))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_answers_like_a_scan() {
        let names = [
            "Nguyễn Văn An",
            "Nguyễn Thị Bình",
            "Trần Văn Nam",
            "Ngô Ngọc Lan",
            "Lê Văn Nguyên",
            "Phạm Đức Thắng",
            "Đặng Thị Nga",
            "Vũ An Ninh",
        ];
        let entries: Vec<SearchEntry<usize>> = names
            .iter()
            .enumerate()
            .map(|(i, n)| {
                SearchEntry::new(
                    i,
                    &InviteeFields {
                        name: n.to_string(),
                        ..Default::default()
                    },
                )
            })
            .collect();
        let index = SearchIndex::new(entries.clone());
        for q in [
            "", "n", "ng", "ngu", "nguy", "nguyen", "nguyen v", "van", "an", "a", "d", "dang th",
            "x", "ng ng", "nga",
        ] {
            let pats = patterns(q);
            let scan: Vec<u32> = (0..entries.len() as u32)
                .filter(|&i| entries[i as usize].matches(&pats))
                .collect();
            assert_eq!(index.search(&pats, None), scan, "query {q:?}");
            // Narrowing from the results of a shorter query gives the same.
            let shorter = patterns(&q[..q.len().saturating_sub(1)]);
            let before = index.search(&shorter, None);
            assert_eq!(index.search(&pats, Some(&before)), scan, "narrowed {q:?}");
        }
    }

    #[test]
    fn the_index_lists_people_by_name_ignoring_diacritics() {
        let person = |name: &str| InviteeFields {
            name: name.into(),
            ..Default::default()
        };
        let people = [
            person("Trần Văn Nam"),
            person("Đặng Thị Nga"),
            person("Bùi An"),
        ];
        let index = SearchIndex::of([(1, &people[0]), (2, &people[1]), (3, &people[2])]);
        let order: Vec<i32> = index.entries.iter().map(|e| e.id).collect();
        assert_eq!(order, vec![3, 2, 1]);
    }

    #[test]
    fn search_matches_the_start_of_any_word_without_diacritics() {
        let f = InviteeFields {
            name: "Nguyễn Văn An".into(),
            title: "Trưởng thôn Đông".into(),
            ..Default::default()
        };
        let e = SearchEntry::new(1, &f);
        let q = patterns;
        assert!(e.matches(&q("nguyen van")));
        assert!(e.matches(&q("NGUY an")));
        assert!(e.matches(&q("dong")));
        assert!(!e.matches(&q("guyen")));
        assert!(!e.matches(&q("nguyen binh")));
        assert!(e.matches(&q("")));
    }
}
