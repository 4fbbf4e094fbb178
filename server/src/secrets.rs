//! Random secrets and their hashes. Only hashes are stored: a copy of the
//! database does not let anyone into an event.

use sha2::{Digest, Sha256};

/// Crockford's base-32 alphabet: no I, L, O or U, so a code read out loud
/// or copied by hand is hard to get wrong.
const CODE_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).expect("the operating system provides randomness");
    bytes
}

/// An access code for other phones: 12 symbols (60 random bits) in three
/// groups, e.g. `7K3M-Q9XH-2D4P`. Short enough to read out; stored hashed, so
/// the only way in is to be told it.
pub fn access_code() -> String {
    let bytes = random_bytes::<12>();
    let symbols: String = bytes
        .iter()
        .map(|b| char::from(CODE_ALPHABET[usize::from(b & 31)]))
        .collect();
    format!("{}-{}-{}", &symbols[0..4], &symbols[4..8], &symbols[8..12])
}

/// A code as typed: case, spaces and dashes ignored, and the letters people
/// confuse with digits read as those digits (Crockford's rule).
pub fn normalise_code(input: &str) -> Option<String> {
    let symbols: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        })
        .collect();
    let valid = symbols.len() == 12 && symbols.bytes().all(|b| CODE_ALPHABET.contains(&b));
    valid.then(|| format!("{}-{}-{}", &symbols[0..4], &symbols[4..8], &symbols[8..12]))
}

/// A bearer token for one phone on one event: 256 random bits, hex.
pub fn token() -> String {
    hex(&random_bytes::<32>())
}

/// A registration key for whoever runs the server.
pub fn registration_key() -> String {
    hex(&random_bytes::<16>())
}

/// The stored form of a secret.
pub fn hash(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_grouped_and_normalise_back() {
        let code = access_code();
        assert_eq!(code.len(), 14);
        assert_eq!(normalise_code(&code).as_deref(), Some(code.as_str()));
        assert_eq!(
            normalise_code(&code.to_lowercase().replace('-', " ")).as_deref(),
            Some(code.as_str())
        );
        assert_ne!(access_code(), access_code());
    }

    #[test]
    fn confusable_letters_read_as_digits_and_bad_codes_are_refused() {
        assert_eq!(
            normalise_code("oooo-iiii-llll").as_deref(),
            Some("0000-1111-1111")
        );
        assert_eq!(
            normalise_code("ABCD-EFGH-JKU0"),
            None,
            "U is not in the alphabet"
        );
        assert_eq!(normalise_code("ABCD-EFGH"), None);
        assert_eq!(normalise_code(""), None);
    }

    #[test]
    fn tokens_are_long_and_hashes_stable() {
        assert_eq!(token().len(), 64);
        assert_eq!(hash("x"), hash("x"));
        assert_ne!(hash("x"), hash("y"));
    }
}
