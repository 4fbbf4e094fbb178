//! The server's clock, and its device id in the stamps it writes.

use domain::DeviceId;

/// Unix time in ms.
pub fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

/// The device id the server signs its bundles and its own changes (an
/// undo) with.
pub const SERVER_DEVICE: DeviceId = DeviceId(uuid::Uuid::nil());
