//! This phone's clock, as the screens and sync read it.

/// Milliseconds since the Unix epoch, from the phone's clock.
pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// The phone's offset from UTC, in minutes (420 in Việt Nam).
pub fn utc_offset_minutes() -> i32 {
    -(js_sys::Date::new_0().get_timezone_offset() as i32)
}

/// HH:MM on this phone's clock, for a Unix time in ms.
pub fn clock_time(unix_ms: u64) -> String {
    domain::text::format::format_hhmm(domain::text::format::local_minutes(
        unix_ms,
        utc_offset_minutes(),
    ))
}
