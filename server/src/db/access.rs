//! Events and the phones' access to them: registering an event, joining
//! it with its code, and checking, rotating and revoking tokens. Secrets
//! arrive here already hashed with the server key; this module never sees
//! a code or a token.

use super::clock::now_ms;
use super::ledger::open_ledger;
use super::sql::Conn;
use super::units::{attach_event, member};
use crate::error::ApiError;
use crate::params;
use domain::rules::{self, Action, Actor, Standing};
use domain::{DeviceId, EventId};

/// What a token is to an event: the rule book ([`domain::rules`]) decides
/// what each may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The phone that registered the event.
    Creator,
    /// A phone that joined with the code.
    Member,
    /// A phone enrolled in a unit, by how that unit stands to the event's
    /// (its own, its parent, further above).
    Unit(Standing),
}

impl Role {
    /// The rule book's actor for this role, on an event that belongs to a
    /// unit or not.
    pub fn actor(self, in_unit: bool) -> Actor {
        match self {
            Role::Creator => Actor::EventPhone {
                creator: true,
                in_unit,
            },
            Role::Member => Actor::EventPhone {
                creator: false,
                in_unit,
            },
            Role::Unit(standing) => Actor::UnitPhone(standing),
        }
    }

    /// Whether it may change the event at all (the rule book's answer).
    pub fn writes(self) -> bool {
        rules::decide(self.actor(true), Action::WriteEvent).is_ok()
    }
}

/// Hashes of a new access: the code for other phones and this phone's token.
#[derive(Debug, Clone)]
pub struct NewAccess {
    /// The event.
    pub event: EventId,
    /// The phone.
    pub device: DeviceId,
    /// Keyed hash of the access code.
    pub code_hash: String,
    /// Keyed hash of the phone's token.
    pub token_hash: String,
}

/// The lock every writer of one event takes first ([`Conn::lock`]).
pub(crate) fn lock_event(conn: &Conn, event: &str) -> Result<(), ApiError> {
    conn.lock(&format!("event/{event}"))
}

/// Registers an event for the phone that proves it created it
/// (`claim_hash`). The creator registering again (its answer was lost) gets
/// a new code and token; anyone else is refused, whatever device id they
/// send.
pub fn register_event(
    conn: &mut Conn,
    access: &NewAccess,
    claim_hash: &str,
    unit: Option<&str>,
    unit_token: Option<&str>,
) -> Result<(), ApiError> {
    let tx = conn.transaction()?;
    let event = access.event.to_string();
    lock_event(&tx, &event)?;
    let stored: Option<Option<String>> = tx
        .query_row(
            "SELECT claim_hash FROM events WHERE id = ?1",
            params![event],
        )?
        .map(|r| r.get("claim_hash"))
        .transpose()?;
    match stored {
        Some(Some(hash)) if hash == claim_hash => {
            tx.execute(
                "UPDATE events SET code_hash = ?2 WHERE id = ?1",
                params![event, access.code_hash],
            )?;
            if let Some(unit) = unit {
                attach_event(&tx, access.event, claim_hash, unit)?;
            }
        }
        // Registered by another claim, or before claims existed: only a
        // token of the event may change it now (`rotate_code`).
        Some(_) => return Err(ApiError::EventExists),
        None => {
            tx.execute(
                "INSERT INTO events (id, code_hash, registered_by, created_at, claim_hash, unit)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    event,
                    access.code_hash,
                    access.device.to_string(),
                    now_ms() as i64,
                    claim_hash,
                    unit
                ],
            )?;
        }
    }
    insert_token(&tx, access, Role::Creator, unit_token)?;
    tx.commit()?;
    Ok(())
}

/// Exchanges an access code (hashed) for a token on its event.
pub fn join(conn: &mut Conn, code_hash: &str, access: NewAccess) -> Result<EventId, ApiError> {
    let tx = conn.transaction()?;
    let find = |tx: &Conn| -> Result<EventId, ApiError> {
        tx.query_row(
            "SELECT id FROM events WHERE code_hash = ?1 AND kind = 'event'",
            params![code_hash],
        )?
        .map(|r| r.get::<String>("id"))
        .transpose()?
        .and_then(|e| EventId::parse(&e))
        .ok_or(ApiError::UnknownCode)
    };
    let event = find(&tx)?;
    lock_event(&tx, &event.to_string())?;
    // The code may have changed while this waited for the event.
    if find(&tx)? != event {
        return Err(ApiError::UnknownCode);
    }
    if undone(&tx, &event.to_string(), &access.device.to_string())? {
        return Err(ApiError::Undone);
    }
    // A device id is whatever a phone says: one already working the event
    // (its gate tally is its own) is not given to a second phone.
    if device_has_access(&tx, &event.to_string(), &access.device.to_string())? {
        return Err(ApiError::DeviceTaken(event));
    }
    // Phones working one event at once are a handful; a bound keeps a
    // hostile one from minting tokens without end.
    let active: i64 = tx
        .query_row(
            "SELECT COUNT(*) AS n FROM tokens WHERE event_id = ?1 AND revoked_at IS NULL",
            params![event.to_string()],
        )?
        .map(|r| r.get("n"))
        .transpose()?
        .unwrap_or(0);
    if active >= MAX_TOKENS_PER_EVENT {
        return Err(ApiError::EventFull);
    }
    let access = NewAccess { event, ..access };
    insert_token(&tx, &access, Role::Member, None)?;
    tx.commit()?;
    Ok(event)
}

/// The most phones that hold a token of one event at once: a commune's
/// day is worked by a handful, a showcase event by a few tens.
pub const MAX_TOKENS_PER_EVENT: i64 = 100;

fn insert_token(
    conn: &Conn,
    access: &NewAccess,
    role: Role,
    unit_token: Option<&str>,
) -> Result<(), ApiError> {
    conn.execute(
        "INSERT INTO tokens (hash, event_id, device, created_at, role, unit_token)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            access.token_hash,
            access.event.to_string(),
            access.device.to_string(),
            now_ms() as i64,
            match role {
                Role::Creator => "creator",
                _ => "member",
            },
            unit_token
        ],
    )?;
    Ok(())
}

/// Checks a token (hashed) is valid for `event`: unknown or revoked tokens
/// are unauthorised, a token of another event is forbidden.
pub fn authorize(conn: &Conn, token_hash: &str, event: EventId) -> Result<Role, ApiError> {
    let owner: Option<(String, String, Option<i64>, String)> = conn
        .query_row(
            "SELECT event_id, role, revoked_at, device FROM tokens WHERE hash = ?1",
            params![token_hash],
        )?
        .map(|r| {
            Ok::<_, ApiError>((
                r.get("event_id")?,
                r.get("role")?,
                r.get("revoked_at")?,
                r.get("device")?,
            ))
        })
        .transpose()?;
    match owner {
        None => {
            // Not an event's token: a unit's, under the one access rule.
            let member = member(conn, token_hash)?;
            // Its unit's ledger comes into being on its first sync.
            // Out of reach is another event's: forbidden, as for an event token.
            let standing = open_ledger(conn, &member, token_hash, event)?
                .map(|path| Standing::of(&member.path, &path))
                .ok_or(ApiError::Forbidden)?;
            rules::decide(Actor::UnitPhone(standing), Action::ReadEvent)
                .map_err(|_| ApiError::Forbidden)?;
            let role = Role::Unit(standing);
            // A phone the unit undid on this event stays out of it, even
            // with its unit's token.
            let device = device_of_token(conn, token_hash)?.unwrap_or_default();
            if undone(conn, &event.to_string(), &device)? {
                return Err(ApiError::Undone);
            }
            Ok(role)
        }
        Some((e, _, Some(_), device)) if e == event.to_string() && undone(conn, &e, &device)? => {
            Err(ApiError::Undone)
        }
        Some((_, _, Some(_), _)) => Err(ApiError::Revoked),
        Some((e, _, None, device)) if e == event.to_string() && undone(conn, &e, &device)? => {
            Err(ApiError::Undone)
        }
        Some((e, role, None, _)) if e == event.to_string() => Ok(if role == "creator" {
            Role::Creator
        } else {
            Role::Member
        }),
        Some(_) => Err(ApiError::Forbidden),
    }
}

/// The unit an event belongs to, if any.
pub fn event_unit(conn: &Conn, event: EventId) -> Result<Option<String>, ApiError> {
    Ok(conn
        .query_row(
            "SELECT unit FROM events WHERE id = ?1",
            params![event.to_string()],
        )?
        .map(|r| r.get::<Option<String>>("unit"))
        .transpose()?
        .flatten())
}

/// A new access code for `event` (the old one stops working); with
/// `revoke_others`, every token of the event but `keep` is revoked.
pub fn rotate_code(
    conn: &mut Conn,
    event: EventId,
    code_hash: &str,
    keep: &str,
    revoke_others: bool,
) -> Result<(), ApiError> {
    let tx = conn.transaction()?;
    lock_event(&tx, &event.to_string())?;
    tx.execute(
        "UPDATE events SET code_hash = ?2 WHERE id = ?1",
        params![event.to_string(), code_hash],
    )?;
    if revoke_others {
        tx.execute(
            "UPDATE tokens SET revoked_at = ?3
             WHERE event_id = ?1 AND hash <> ?2 AND revoked_at IS NULL",
            params![event.to_string(), keep, now_ms() as i64],
        )?;
    }
    tx.commit()?;
    Ok(())
}

/// Revokes one token (its phone leaves the event).
pub fn revoke_token(conn: &Conn, token_hash: &str) -> Result<(), ApiError> {
    conn.execute(
        "UPDATE tokens SET revoked_at = ?2 WHERE hash = ?1 AND revoked_at IS NULL",
        params![token_hash, now_ms() as i64],
    )?;
    Ok(())
}

/// Whether the event's unit undid `device` on `event`: it may no longer
/// read or write the event, with whatever token.
pub fn undone(conn: &Conn, event: &str, device: &str) -> Result<bool, ApiError> {
    conn.exists(
        "SELECT 1 FROM undone_devices WHERE event_id = ?1 AND device = ?2",
        params![event, device],
    )
}

/// The phone behind a token (hashed): an event's token or a unit's.
pub fn device_of_token(conn: &Conn, token_hash: &str) -> Result<Option<String>, ApiError> {
    conn.query_row(
        "SELECT device FROM tokens WHERE hash = ?1
         UNION ALL SELECT device FROM unit_tokens WHERE hash = ?1 LIMIT 1",
        params![token_hash],
    )?
    .map(|r| r.get("device"))
    .transpose()
}

/// Whether `device` has its own access to the event: an event token not
/// revoked, or a token of the event's unit. Such a device id is one
/// phone's: no other phone joins under it.
pub fn device_has_access(conn: &Conn, event: &str, device: &str) -> Result<bool, ApiError> {
    conn.exists(
        "SELECT 1 FROM tokens WHERE event_id = ?1 AND device = ?2 AND revoked_at IS NULL
         UNION ALL SELECT 1 FROM unit_tokens u JOIN events e ON e.unit = u.unit
            WHERE e.id = ?1 AND u.device = ?2 AND u.revoked_at IS NULL
         LIMIT 1",
        params![event, device],
    )
}

/// Whether `device`'s gate tally is its own to write: it has access of its
/// own ([`device_has_access`]), or the unit undid it on the event.
pub(super) fn device_claimed(conn: &Conn, event: &str, device: &str) -> Result<bool, ApiError> {
    Ok(device_has_access(conn, event, device)? || undone(conn, event, device)?)
}
