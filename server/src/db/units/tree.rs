//! The tree of units, and the events each holds.
//!
//! Each unit stores its path from the top (`/79/26734/`): a unit is below
//! another exactly when its path starts with the other's, so the access
//! rule is one string comparison, whatever the depth.

use super::super::clock::now_ms;
use super::super::sql::{Conn, Row};
use crate::error::ApiError;
use crate::params;
use domain::unit::{Unit, UnitLevel};
use domain::EventId;

/// The lock every change of the tree takes first ([`Conn::lock`]): a
/// unit's path is its parent's, so two changes must not interleave.
pub(super) const TREE_LOCK: &str = "units";

/// A phone's unit, from its enrolment token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// The unit's code.
    pub unit: String,
    /// Its path from the top.
    pub path: String,
    /// Its level.
    pub level: UnitLevel,
}

/// What loading a units file did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Loaded {
    /// Units new in the database.
    pub added: usize,
    /// Units whose name, level or parent changed.
    pub updated: usize,
    /// Units already as the file has them.
    pub unchanged: usize,
    /// Lines refused: line number and why.
    pub refused: Vec<(usize, String)>,
}

fn level_of(code: &str) -> UnitLevel {
    UnitLevel::ALL
        .into_iter()
        .find(|l| l.code() == code)
        .unwrap_or(UnitLevel::Thon)
}

pub(crate) fn unit_row(r: &Row) -> Result<Unit, ApiError> {
    let level: String = r.get("level")?;
    Ok(Unit {
        code: r.get("code")?,
        name: r.get("name")?,
        level: level_of(&level),
        parent: r.get("parent")?,
    })
}

/// A unit and its path.
pub fn unit(conn: &Conn, code: &str) -> Result<Option<(Unit, String)>, ApiError> {
    conn.query_row(
        "SELECT code, name, level, parent, path FROM units WHERE code = ?1",
        params![code],
    )?
    .map(|r| Ok((unit_row(&r)?, r.get::<String>("path")?)))
    .transpose()
}

/// The units directly below `code`, by name.
pub fn children(conn: &Conn, code: &str) -> Result<Vec<Unit>, ApiError> {
    conn.query(
        "SELECT code, name, level, parent FROM units WHERE parent = ?1 ORDER BY name, code",
        params![code],
    )?
    .iter()
    .map(unit_row)
    .collect()
}

/// Loads units (from the operator's file), in one transaction: new codes
/// are added, known ones updated; a unit whose parent is neither in the
/// database nor in the file, or that would sit below itself, is refused
/// with its line. Loading the same file again changes nothing.
pub fn load_units(conn: &mut Conn, units: &[(usize, Unit)]) -> Result<Loaded, ApiError> {
    let tx = conn.transaction()?;
    tx.lock(TREE_LOCK)?;
    let mut loaded = Loaded::default();
    let mut pending: Vec<&(usize, Unit)> = units.iter().collect();
    // Parents first, whatever the file's order: each pass places the units
    // whose parent is known; a pass that places none ends it.
    loop {
        let before = pending.len();
        let mut rest = Vec::new();
        for entry in pending {
            let (_, u) = entry;
            let parent_path = match &u.parent {
                None => Some(String::from("/")),
                Some(p) => unit(&tx, p)?.map(|(_, path)| path),
            };
            let Some(parent_path) = parent_path else {
                rest.push(entry);
                continue;
            };
            let path = format!("{parent_path}{}/", u.code);
            let added_by: Option<String> = tx
                .query_row(
                    "SELECT added_by FROM units WHERE code = ?1",
                    params![u.code],
                )?
                .map(|r| r.get::<Option<String>>("added_by"))
                .transpose()?
                .flatten();
            match unit(&tx, &u.code)? {
                // A unit added in the app by the unit above it is that
                // unit's; the operator's file may not move it elsewhere
                // (a unit could otherwise plant a code it expects the
                // operator to load, and keep its phones in it).
                Some((known, _)) if added_by.is_some() && known.parent != u.parent => {
                    loaded.refused.push((
                        entry.0,
                        format!(
                            "Mã {}: đã được đơn vị {} thêm trong ứng dụng; hãy dùng mã khác.",
                            u.code,
                            added_by.unwrap_or_default()
                        ),
                    ));
                    continue;
                }
                None => {
                    tx.execute(
                        "INSERT INTO units (code, name, level, parent, path, created_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                        params![
                            u.code,
                            u.name,
                            u.level.code(),
                            u.parent,
                            path,
                            now_ms() as i64
                        ],
                    )?;
                    loaded.added += 1;
                }
                Some((known, old_path)) if known == *u && old_path == path => {
                    loaded.unchanged += 1;
                }
                Some((_, old_path)) => {
                    if parent_path.starts_with(&old_path) {
                        loaded.refused.push((
                            entry.0,
                            format!("Mã {}: không thể đặt dưới chính nó.", u.code),
                        ));
                        continue;
                    }
                    tx.execute(
                        "UPDATE units SET name = ?2, level = ?3, parent = ?4 WHERE code = ?1",
                        params![u.code, u.name, u.level.code(), u.parent],
                    )?;
                    // Move the whole subtree with it.
                    tx.execute(
                        "UPDATE units SET path = CAST(?2 AS TEXT) || substr(path, length(?1) + 1)
                         WHERE substr(path, 1, length(?1)) = ?1",
                        params![old_path, path],
                    )?;
                    loaded.updated += 1;
                }
            }
        }
        if rest.is_empty() || rest.len() == before {
            for (line, u) in rest {
                loaded.refused.push((
                    *line,
                    format!(
                        "Mã {}: chưa có đơn vị cấp trên mã {}.",
                        u.code,
                        u.parent.as_deref().unwrap_or("")
                    ),
                ));
            }
            break;
        }
        pending = rest;
    }
    loaded.refused.sort();
    tx.commit()?;
    Ok(loaded)
}

/// Adds a unit directly below `parent`.
pub fn add_child(conn: &mut Conn, parent: &Member, unit: &Unit) -> Result<(), ApiError> {
    let tx = conn.transaction()?;
    tx.lock(TREE_LOCK)?;
    if let Some((_, path)) = self::unit(&tx, &unit.code)? {
        // A code in use out of the parent's reach is answered as any
        // out-of-reach unit is: the tree is not probed one add at a time.
        return Err(if domain::rules::Standing::of(&parent.path, &path).sees() {
            ApiError::UnitExists
        } else {
            ApiError::NotFound
        });
    }
    // The parent's path as it is now: the operator's file may have moved it.
    let (_, parent_path) = self::unit(&tx, &parent.unit)?.ok_or(ApiError::NotFound)?;
    tx.execute(
        "INSERT INTO units (code, name, level, parent, path, created_at, added_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?4)",
        params![
            unit.code,
            unit.name,
            unit.level.code(),
            parent.unit,
            format!("{parent_path}{}/", unit.code),
            now_ms() as i64
        ],
    )?;
    tx.commit()?;
    Ok(())
}

/// Renames a unit directly below `parent`.
pub fn rename_child(conn: &Conn, parent: &Member, code: &str, name: &str) -> Result<(), ApiError> {
    let changed = conn.execute(
        "UPDATE units SET name = ?3 WHERE code = ?1 AND parent = ?2",
        params![code, parent.unit, name],
    )?;
    if changed == 0 {
        return Err(ApiError::NotFound);
    }
    Ok(())
}

/// The unit a phone's enrolment token (hashed) acts for.
pub fn member(conn: &Conn, token_hash: &str) -> Result<Member, ApiError> {
    let row: Option<(String, String, String, Option<i64>)> = conn
        .query_row(
            "SELECT u.code, u.path, u.level, t.revoked_at
             FROM unit_tokens t JOIN units u ON u.code = t.unit WHERE t.hash = ?1",
            params![token_hash],
        )?
        .map(|r| {
            Ok::<_, ApiError>((
                r.get("code")?,
                r.get("path")?,
                r.get("level")?,
                r.get("revoked_at")?,
            ))
        })
        .transpose()?;
    match row {
        None => Err(ApiError::Unauthorized),
        Some((_, _, _, Some(_))) => Err(ApiError::Revoked),
        Some((unit, path, level, None)) => Ok(Member {
            unit,
            path,
            level: level_of(&level),
        }),
    }
}

/// Whether a token (hashed) is a unit's, revoked or not.
pub fn is_unit_token(conn: &Conn, token_hash: &str) -> Result<bool, ApiError> {
    conn.exists(
        "SELECT 1 FROM unit_tokens WHERE hash = ?1",
        params![token_hash],
    )
}

/// The path of the unit an event belongs to, if any.
pub fn event_unit_path(conn: &Conn, event: EventId) -> Result<Option<String>, ApiError> {
    conn.query_row(
        "SELECT u.path FROM events e JOIN units u ON u.code = e.unit WHERE e.id = ?1",
        params![event.to_string()],
    )?
    .map(|r| r.get("path"))
    .transpose()
}

/// Attaches an event its creator registered the old way to the creator's
/// unit: `claim_hash` proves the creator. One conditional update: two
/// units attaching at once (on PostgreSQL, in two processes) cannot both
/// win, whatever they read before.
pub fn attach_event(
    conn: &Conn,
    event: EventId,
    claim_hash: &str,
    unit: &str,
) -> Result<(), ApiError> {
    let attached = conn.execute(
        "UPDATE events SET unit = ?2 WHERE id = ?1 AND unit IS NULL AND claim_hash = ?3",
        params![event.to_string(), unit, claim_hash],
    )?;
    if attached == 1 {
        return Ok(());
    }
    let row: Option<(Option<String>, Option<String>)> = conn
        .query_row(
            "SELECT claim_hash, unit FROM events WHERE id = ?1",
            params![event.to_string()],
        )?
        .map(|r| Ok::<_, ApiError>((r.get("claim_hash")?, r.get("unit")?)))
        .transpose()?;
    match row {
        None => Err(ApiError::NotFound),
        Some((_, Some(u))) if u == unit => Ok(()),
        Some((_, Some(_))) => Err(ApiError::EventInUnit),
        Some(_) => Err(ApiError::Forbidden),
    }
}
