//! The server's own settings: the registration key (hashed) and the check
//! that every process on a database holds the key it was first served with.

use super::sql::Conn;
use crate::error::ApiError;
use crate::params;

/// The stored (hashed) registration key, if any.
pub fn registration_key_hash(conn: &Conn) -> Result<Option<String>, ApiError> {
    conn.query_row(
        "SELECT value FROM settings WHERE key = 'registration_key'",
        params![],
    )?
    .map(|r| r.get("value"))
    .transpose()
}

/// Stores the (hashed) registration key.
pub fn set_registration_key_hash(conn: &Conn, hash: &str) -> Result<(), ApiError> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES ('registration_key', ?1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![hash],
    )?;
    Ok(())
}

/// Stores the (hashed) registration key unless one is stored already (a
/// process starting beside this one made it first); whether it did.
pub fn init_registration_key_hash(conn: &Conn, hash: &str) -> Result<bool, ApiError> {
    Ok(conn.execute(
        "INSERT INTO settings (key, value) VALUES ('registration_key', ?1)
         ON CONFLICT (key) DO NOTHING",
        params![hash],
    )? == 1)
}

/// Checks the server key is the one the database was first served with
/// (`check` is a keyed hash made with it): every process on one database
/// must hash codes and tokens alike, or phones would be refused by some
/// processes and not others. The first start records it.
pub fn check_server_key(conn: &Conn, check: &str) -> Result<(), ApiError> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES ('server_key_check', ?1)
         ON CONFLICT (key) DO NOTHING",
        params![check],
    )?;
    let stored: Option<String> = conn
        .query_row(
            "SELECT value FROM settings WHERE key = 'server_key_check'",
            params![],
        )?
        .map(|r| r.get("value"))
        .transpose()?;
    if stored.as_deref() != Some(check) {
        return Err(ApiError::Internal(
            "the server key (--key-file) is not the one this database was first served with: \
             every process on a database needs the same key file"
                .into(),
        ));
    }
    Ok(())
}
