//! Phones enrolled in units: one-time sign-in codes, issued and used, and
//! phones withdrawn, each noted in the unit's audit list.

use super::super::clock::now_ms;
use super::super::sql::Conn;
use super::audit::audit;
use super::tree::{unit, TREE_LOCK};
use crate::error::ApiError;
use crate::params;
use domain::rules::{self, Action, Actor, Standing};
use domain::unit::Unit;
use domain::DeviceId;

/// How long a sign-in code stays good: it travels by Zalo or on paper to
/// an officer who may be in the field for a day or two; a code forgotten
/// in a chat for longer is a risk, and a new one costs a tap.
pub const CODE_LIFETIME_MS: u64 = 72 * 60 * 60 * 1000;

/// Who issued a code or withdrew phones when the operator did, at the
/// server's command line (no unit has this code: codes have no spaces).
pub const OPERATOR: &str = "máy chủ";

/// Whether `unit` has a phone enrolled and not withdrawn.
pub fn has_active_phones(conn: &Conn, unit: &str) -> Result<bool, ApiError> {
    conn.exists(
        "SELECT 1 FROM unit_tokens WHERE unit = ?1 AND revoked_at IS NULL",
        params![unit],
    )
}

/// Sign-in codes one unit may have outstanding at once: colleagues added
/// the same morning each get their own; past this the oldest stops working.
pub const OUTSTANDING_CODES: i64 = 20;

/// A new one-time sign-in code for `unit`, good for [`CODE_LIFETIME_MS`];
/// noted in the unit's audit list. Whether `issued_by` may is the rule
/// book's to say, under the tree's lock: a phone enrolling meanwhile is
/// seen. Codes already outstanding stay good (two colleagues added at once
/// each keep theirs), up to [`OUTSTANDING_CODES`].
pub fn issue_code(
    conn: &mut Conn,
    unit: &str,
    code_hash: &str,
    issued_by: &str,
    may: impl FnOnce(bool) -> Result<(), ApiError>,
) -> Result<(), ApiError> {
    let tx = conn.transaction()?;
    tx.lock(TREE_LOCK)?;
    may(has_active_phones(&tx, unit)?)?;
    let now = now_ms() as i64;
    tx.execute(
        "DELETE FROM unit_codes WHERE unit = ?1 AND (expires_at <= ?2 OR ?3 <=
            (SELECT COUNT(*) FROM unit_codes n WHERE n.unit = ?1
               AND (n.created_at > unit_codes.created_at
                    OR (n.created_at = unit_codes.created_at AND n.code_hash > unit_codes.code_hash))))",
        params![unit, now, OUTSTANDING_CODES - 1],
    )?;
    tx.execute(
        "INSERT INTO unit_codes (code_hash, unit, issued_by, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            code_hash,
            unit,
            issued_by,
            now,
            now + CODE_LIFETIME_MS as i64
        ],
    )?;
    audit(&tx, unit, "code_issued", issued_by, None)?;
    tx.commit()
}

/// The operator issues `unit`'s one-time code (the top unit's first
/// phone), if the rule book lets it: the unit exists and has no phone.
pub fn operator_issue_code(conn: &mut Conn, unit: &str, code_hash: &str) -> Result<(), ApiError> {
    self::unit(conn, unit)?.ok_or(ApiError::NotFound)?;
    issue_code(conn, unit, code_hash, OPERATOR, |has_phones| {
        Ok(rules::decide(
            Actor::Operator,
            Action::IssueCode { has_phones },
        )?)
    })
}

/// The operator withdraws every phone of `unit` and its code.
pub fn operator_withdraw(conn: &mut Conn, unit: &str) -> Result<(), ApiError> {
    self::unit(conn, unit)?.ok_or(ApiError::NotFound)?;
    rules::decide(Actor::Operator, Action::WithdrawPhones)?;
    withdraw_phones(conn, unit, OPERATOR)
}

/// Withdraws `unit`'s outstanding code and every phone enrolled in it (a
/// phone was lost, or the unit's phones are to be replaced), and with
/// them every event token those phones took; noted in the audit list.
pub fn withdraw_phones(conn: &mut Conn, unit: &str, by: &str) -> Result<(), ApiError> {
    let tx = conn.transaction()?;
    tx.lock(TREE_LOCK)?;
    let now = now_ms() as i64;
    let code = tx.execute("DELETE FROM unit_codes WHERE unit = ?1", params![unit])?;
    // The event tokens first, while their unit tokens are still active.
    tx.execute(
        "UPDATE tokens SET revoked_at = ?2 WHERE revoked_at IS NULL AND unit_token IN
            (SELECT hash FROM unit_tokens WHERE unit = ?1 AND revoked_at IS NULL)",
        params![unit, now],
    )?;
    let phones = tx.execute(
        "UPDATE unit_tokens SET revoked_at = ?2 WHERE unit = ?1 AND revoked_at IS NULL",
        params![unit, now],
    )?;
    if phones > 0 {
        audit(&tx, unit, "phones_withdrawn", by, None)?;
    } else if code > 0 {
        audit(&tx, unit, "code_withdrawn", by, None)?;
    }
    tx.commit()
}

/// Who issued a code for `unit`, as the rule book sees them: the unit's
/// own phone, the operator, or (the only other issuer it allows) its parent.
fn issuer(issued_by: &str, unit: &str) -> Actor {
    match issued_by {
        OPERATOR => Actor::Operator,
        by if by == unit => Actor::UnitPhone(Standing::Same),
        _ => Actor::UnitPhone(Standing::Parent),
    }
}

/// Exchanges a sign-in code (hashed) for a phone's token in its unit. A
/// code is good once, until it expires; a code from above enrols only a
/// unit with no active phone (its own phones add colleagues).
pub fn enrol(
    conn: &mut Conn,
    code_hash: &str,
    token_hash: &str,
    device: DeviceId,
) -> Result<Unit, ApiError> {
    let tx = conn.transaction()?;
    tx.lock(TREE_LOCK)?;
    let row: Option<(String, String, i64)> = tx
        .query_row(
            "SELECT unit, issued_by, expires_at FROM unit_codes WHERE code_hash = ?1",
            params![code_hash],
        )?
        .map(|r| Ok::<_, ApiError>((r.get("unit")?, r.get("issued_by")?, r.get("expires_at")?)))
        .transpose()?;
    let (unit_code, issued_by, expires_at) = row.ok_or(ApiError::UnknownCode)?;
    if expires_at <= now_ms() as i64 {
        return Err(ApiError::UnknownCode);
    }
    // The question its issue asked, asked again now: a phone may have
    // signed in since.
    rules::decide(
        issuer(&issued_by, &unit_code),
        Action::IssueCode {
            has_phones: has_active_phones(&tx, &unit_code)?,
        },
    )?;
    let (unit, _) = unit(&tx, &unit_code)?.ok_or(ApiError::UnknownCode)?;
    // Used: no second phone enrols with it.
    tx.execute(
        "DELETE FROM unit_codes WHERE code_hash = ?1",
        params![code_hash],
    )?;
    insert_unit_token(&tx, &unit.code, token_hash, device)?;
    audit(&tx, &unit.code, "enrolled", &issued_by, Some(device))?;
    tx.commit()?;
    Ok(unit)
}

fn insert_unit_token(
    conn: &Conn,
    unit: &str,
    token_hash: &str,
    device: DeviceId,
) -> Result<(), ApiError> {
    conn.execute(
        "INSERT INTO unit_tokens (hash, unit, device, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![token_hash, unit, device.to_string(), now_ms() as i64],
    )?;
    Ok(())
}
