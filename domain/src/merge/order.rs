//! Sortable order keys (fractional indexing) for the program's steps.
//!
//! A step's position is a string key, not an array index: moving or inserting
//! a step writes one new key between its neighbours' keys and touches no other
//! step, so two phones reordering at once never overwrite each other's work.
//! Keys are base-62 digit strings read as fractions in (0, 1); they compare
//! as plain strings and never end in the zero digit, so there is always room
//! between two of them.

use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

const DIGITS: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const BASE: usize = 62;
/// Longer keys are refused when read from outside: fractional keys grow by
/// about one digit per insertion at the same spot, so 64 is far beyond use.
pub const MAX_KEY_LEN: usize = 64;

/// A position in the program. Compare keys as strings; equal keys (two phones
/// inserting at the same spot) are ordered by step id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct OrderKey(String);

impl OrderKey {
    /// The key's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Parses a key, refusing anything that is not a valid non-empty base-62
    /// fraction without a trailing zero digit.
    pub fn parse(s: &str) -> Option<OrderKey> {
        let valid = !s.is_empty()
            && s.len() <= MAX_KEY_LEN
            && s.bytes().all(|b| digit_value(b).is_some())
            && !s.ends_with('0');
        valid.then(|| OrderKey(s.to_string()))
    }

    /// A key strictly between `before` and `after` (either may be open).
    ///
    /// # Panics
    /// If `before >= after`: callers pass neighbours from a sorted list, where
    /// equal keys are possible; [`OrderKey::between_sorted`] handles that.
    pub fn between(before: Option<&OrderKey>, after: Option<&OrderKey>) -> OrderKey {
        let a = before.map_or("", |k| k.as_str());
        let b = after.map(|k| k.as_str());
        if let Some(b) = b {
            assert!(a < b, "order keys out of order: {a:?} >= {b:?}");
        }
        OrderKey(midpoint(a, b))
    }

    /// Like [`OrderKey::between`], but when the neighbours carry equal keys
    /// (concurrent inserts) it places the key just after `before` instead.
    pub fn between_sorted(before: Option<&OrderKey>, after: Option<&OrderKey>) -> OrderKey {
        match (before, after) {
            (Some(a), Some(b)) if a >= b => OrderKey::between(Some(a), None),
            _ => OrderKey::between(before, after),
        }
    }

    /// `n` keys in increasing order, evenly spread, for a new program.
    pub fn spread(n: usize) -> Vec<OrderKey> {
        let mut keys: Vec<OrderKey> = Vec::with_capacity(n);
        for _ in 0..n {
            let next = OrderKey::between(keys.last(), None);
            keys.push(next);
        }
        keys
    }
}

impl fmt::Display for OrderKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for OrderKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        OrderKey::parse(&s).ok_or_else(|| serde::de::Error::custom("invalid order key"))
    }
}

fn digit_value(b: u8) -> Option<usize> {
    DIGITS.iter().position(|&d| d == b)
}

fn digit_at(s: &str, i: usize) -> usize {
    s.as_bytes()
        .get(i)
        .map_or(0, |&b| digit_value(b).unwrap_or(0))
}

/// Greenspan's midpoint for fractional indices: `a < b`, `b == None` means 1.
fn midpoint(a: &str, b: Option<&str>) -> String {
    if let Some(b) = b {
        // Skip the common prefix, reading a missing digit of `a` as zero.
        let n = b
            .bytes()
            .enumerate()
            .take_while(|&(i, byte)| digit_at(a, i) == digit_value(byte).unwrap_or(0))
            .count();
        if n > 0 {
            let rest_a = a.get(n..).unwrap_or("");
            return format!("{}{}", &b[..n], midpoint(rest_a, Some(&b[n..])));
        }
    }
    let digit_a = digit_at(a, 0);
    let digit_b = b.map_or(BASE, |b| digit_at(b, 0));
    if digit_b - digit_a > 1 {
        let mid = (digit_a + digit_b).div_ceil(2);
        return (DIGITS[mid] as char).to_string();
    }
    match b {
        // `b` has more digits: its first digit alone lies between a and b.
        Some(b) if b.len() > 1 => b[..1].to_string(),
        _ => format!(
            "{}{}",
            DIGITS[digit_a] as char,
            midpoint(a.get(1..).unwrap_or(""), None)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn spread_keys_increase() {
        let keys = OrderKey::spread(11);
        assert!(keys.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn parse_refuses_bad_keys() {
        assert!(OrderKey::parse("").is_none());
        assert!(OrderKey::parse("a0").is_none());
        assert!(OrderKey::parse("a-b").is_none());
        assert!(OrderKey::parse(&"z".repeat(MAX_KEY_LEN + 1)).is_none());
        assert!(OrderKey::parse("Vk").is_some());
    }

    #[test]
    fn repeated_inserts_at_the_front_stay_ordered() {
        let mut first = OrderKey::between(None, None);
        for _ in 0..200 {
            let k = OrderKey::between(None, Some(&first));
            assert!(k < first);
            assert!(OrderKey::parse(k.as_str()).is_some());
            first = k;
        }
    }

    proptest! {
        #[test]
        fn between_is_strictly_between(ops in proptest::collection::vec((any::<bool>(), any::<prop::sample::Index>()), 1..60)) {
            // Build a list by random inserts; every key must land between its neighbours.
            let mut keys: Vec<OrderKey> = Vec::new();
            for (at_end, idx) in ops {
                let pos = if at_end || keys.is_empty() { keys.len() } else { idx.index(keys.len() + 1) };
                let before = pos.checked_sub(1).map(|i| &keys[i]);
                let after = keys.get(pos);
                let k = OrderKey::between(before, after);
                if let Some(b) = before { prop_assert!(b < &k); }
                if let Some(a) = after { prop_assert!(&k < a); }
                prop_assert!(OrderKey::parse(k.as_str()).is_some());
                keys.insert(pos, k);
            }
        }
    }
}
