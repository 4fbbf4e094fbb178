//! Random secrets and their keyed hashes. Only keyed hashes are stored: a
//! copy of the database alone neither lets anyone into an event nor allows
//! guessing codes offline, since the key ([`ServerKey`]) lives in a file
//! outside it.

use crate::error::ApiError;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::Path;

// Crockford's base-32 alphabet: no I, L, O or U, so a code read out loud
// or copied by hand is hard to get wrong.
use domain::protocol::CODE_ALPHABET;

/// The shortest registration key an operator may choose.
pub const MIN_KEY_LEN: usize = 16;

fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).expect("the operating system provides randomness");
    bytes
}

/// An access code for other phones: 12 symbols (60 random bits) in three
/// groups, e.g. `7K3M-Q9XH-2D4P`. Short enough to read out; stored as a
/// keyed hash, so the only way in is to be told it.
pub fn access_code() -> String {
    let bytes = random_bytes::<12>();
    let symbols: String = bytes
        .iter()
        .map(|b| char::from(CODE_ALPHABET[usize::from(b & 31)]))
        .collect();
    format!("{}-{}-{}", &symbols[0..4], &symbols[4..8], &symbols[8..12])
}

/// A code as typed, in its one written form (see
/// [`domain::protocol::normalise_code`]).
pub use domain::protocol::normalise_code;

/// A bearer token for one phone on one event: 256 random bits, hex.
pub fn token() -> String {
    hex(&random_bytes::<32>())
}

/// A registration key for whoever runs the server.
pub fn registration_key() -> String {
    hex(&random_bytes::<16>())
}

/// The server's secret key for hashing what it stores. Kept in a file of its
/// own (owner-only), never in the database.
#[derive(Clone)]
pub struct ServerKey([u8; 32]);

/// A random suffix for a file this process writes beside another.
pub fn random_suffix() -> String {
    hex(&random_bytes::<4>())
}

impl ServerKey {
    /// Reads the key from `path`, or makes one there (mode 0600) on first start.
    pub fn load_or_create(path: &Path) -> Result<ServerKey, ApiError> {
        let io = |e: std::io::Error| ApiError::Internal(format!("{}: {e}", path.display()));
        match std::fs::read_to_string(path) {
            Ok(text) => {
                let bytes = unhex(text.trim())
                    .filter(|b| b.len() == 32)
                    .ok_or_else(|| {
                        ApiError::Internal(format!("{}: not a 64-digit hex key", path.display()))
                    })?;
                let mut key = [0u8; 32];
                key.copy_from_slice(&bytes);
                Ok(ServerKey(key))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let key = random_bytes::<32>();
                // Written whole beside it, then linked into place: a
                // process starting at the same moment either links first
                // (and this one reads its key) or reads this one's whole.
                let draft = path.with_extension(format!("new-{}", random_suffix()));
                write_private(&draft, &hex(&key)).map_err(io)?;
                let linked = std::fs::hard_link(&draft, path);
                let _ = std::fs::remove_file(&draft);
                match linked {
                    Ok(()) => Ok(ServerKey(key)),
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                        ServerKey::load_or_create(path)
                    }
                    Err(e) => Err(io(e)),
                }
            }
            Err(e) => Err(io(e)),
        }
    }

    /// A keyed hash of a fixed text: tells whether two processes hold the
    /// same key without revealing it (the database keeps the first one it saw).
    pub fn check(&self) -> String {
        self.hash("ngayhoi/server-key-check")
    }

    /// A key for tests.
    pub fn from_bytes(bytes: [u8; 32]) -> ServerKey {
        ServerKey(bytes)
    }

    /// The stored form of a secret: HMAC-SHA-256 under this key of the
    /// secret's SHA-256 (hex). Hashing the digest rather than the secret
    /// let databases that stored plain SHA-256 be upgraded in place
    /// ([`ServerKey::upgrade`]).
    pub fn hash(&self, secret: &str) -> String {
        self.upgrade(&hex(&Sha256::digest(secret.as_bytes())))
    }

    /// A plain SHA-256 hex digest, as schema 1 stored it, in its keyed form.
    pub fn upgrade(&self, sha256_hex: &str) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.0).expect("any key length");
        mac.update(sha256_hex.as_bytes());
        hex(&mac.finalize().into_bytes())
    }
}

/// Writes `text` to a new file readable by its owner only.
pub fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(text.as_bytes())?;
    file.write_all(b"\n")?;
    file.sync_all()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn processes_starting_at_once_share_one_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("server-key");
        let hashes: Vec<String> = std::thread::scope(|s| {
            let started: Vec<_> = (0..8)
                .map(|_| s.spawn(|| ServerKey::load_or_create(&path).unwrap().hash("code")))
                .collect();
            started.into_iter().map(|t| t.join().unwrap()).collect()
        });
        assert!(hashes.iter().all(|h| *h == hashes[0]), "{hashes:?}");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "no draft left behind");
    }

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
    fn hashes_are_keyed_and_upgrade_the_old_form() {
        assert_eq!(token().len(), 64);
        let a = ServerKey::from_bytes([1; 32]);
        let b = ServerKey::from_bytes([2; 32]);
        assert_eq!(a.hash("x"), a.hash("x"));
        assert_ne!(a.hash("x"), a.hash("y"));
        assert_ne!(a.hash("x"), b.hash("x"), "another key, another hash");
        let old = hex(&Sha256::digest(b"x"));
        assert_eq!(a.upgrade(&old), a.hash("x"));
    }

    #[test]
    fn the_key_file_is_made_once_and_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("key");
        let made = ServerKey::load_or_create(&path).unwrap();
        let read = ServerKey::load_or_create(&path).unwrap();
        assert_eq!(made.hash("x"), read.hash("x"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::write(&path, "short").unwrap();
        assert!(ServerKey::load_or_create(&path).is_err());
    }
}
