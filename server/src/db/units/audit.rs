//! Each unit's audit list ("Nhật ký đơn vị"): its codes issued and
//! withdrawn, and its phones enrolled and withdrawn.

use super::super::clock::now_ms;
use super::super::sql::Conn;
use crate::error::ApiError;
use crate::params;
use domain::protocol::{AuditAction, AuditEntry};
use domain::DeviceId;

/// Notes one entry in `unit`'s audit list ("Nhật ký đơn vị").
pub(super) fn audit(
    conn: &Conn,
    unit: &str,
    action: &str,
    by_unit: &str,
    device: Option<DeviceId>,
) -> Result<(), ApiError> {
    conn.execute(
        "INSERT INTO unit_audit (unit, at, action, by_unit, device) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            unit,
            now_ms() as i64,
            action,
            by_unit,
            device.map(|d| d.to_string())
        ],
    )?;
    Ok(())
}

/// The most entries of an audit list a phone reads.
pub const AUDIT_ENTRIES: i64 = 100;

/// `unit`'s audit list, newest first.
pub fn audit_list(conn: &Conn, unit: &str) -> Result<Vec<AuditEntry>, ApiError> {
    conn.query(
        "SELECT a.at, a.action, a.by_unit, COALESCE(u.name, a.by_unit) AS by_name, a.device
         FROM unit_audit a LEFT JOIN units u ON u.code = a.by_unit
         WHERE a.unit = ?1 ORDER BY a.id DESC LIMIT ?2",
        params![unit, AUDIT_ENTRIES],
    )?
    .iter()
    .map(|r| {
        let action: String = r.get("action")?;
        Ok(AuditEntry {
            at: r.get::<i64>("at")? as u64,
            action: match action.as_str() {
                "code_issued" => AuditAction::CodeIssued,
                "enrolled" => AuditAction::Enrolled,
                "code_withdrawn" => AuditAction::CodeWithdrawn,
                _ => AuditAction::PhonesWithdrawn,
            },
            by_unit: r.get("by_unit")?,
            by_name: r.get("by_name")?,
            device: r
                .get::<Option<String>>("device")?
                .and_then(|d| uuid::Uuid::parse_str(&d).ok().map(DeviceId)),
        })
    })
    .collect()
}
