//! The bundle: the JSON document phones and the server exchange (format
//! version 1, documented in `docs/BUNDLE.md`).
//!
//! Parsing is strict and all-or-nothing: a bundle of another format or
//! version, with a bad checksum, an oversized body, a record of another event
//! or any malformed record is refused whole, with a precise error. Nothing
//! from a refused bundle is ever applied.

use crate::error::DomainError;
use crate::kinds::event::EventId;
use crate::kinds::Record;
use crate::merge::clock::{within_bound, DeviceId, MAX_AHEAD_MS};
use crate::state::EventState;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;

/// The value of the `format` field.
pub const FORMAT: &str = "ngayhoi-bundle";
/// The newest format version this code writes and reads. Version 2 adds
/// a removal's restoration and a tally left out, version 3 the ledger's
/// kinds (`movement`, `model`); a bundle is written in the oldest version
/// that holds its records ([`Record::min_version`]), and every version up
/// to this one is read.
pub const VERSION: u32 = 3;
/// The largest bundle accepted, in bytes: a showcase event with thousands of
/// invitees is well under 4 MiB.
pub const MAX_BYTES: usize = 8 * 1024 * 1024;
/// The most records one bundle may carry.
pub const MAX_RECORDS: usize = 100_000;

/// A set of records of one event, sent by one device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bundle {
    /// Always [`FORMAT`].
    pub format: String,
    /// The oldest version that holds its records (at most [`VERSION`]).
    pub version: u32,
    /// The event every record belongs to.
    pub event: EventId,
    /// The device (or server) that made the bundle.
    pub device: DeviceId,
    /// The records, each with its stamps.
    pub records: Vec<Record>,
    /// `sha256:` and the hex SHA-256 of the records' canonical JSON.
    pub checksum: String,
}

/// Why a bundle was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BundleError {
    /// Larger than [`MAX_BYTES`].
    TooLarge {
        /// Its size in bytes.
        bytes: usize,
    },
    /// Not JSON, or not a bundle at all.
    NotABundle(String),
    /// A bundle of a format version this code does not know.
    UnsupportedVersion(u64),
    /// Structurally a bundle, but a field or record is malformed.
    Malformed(String),
    /// More than [`MAX_RECORDS`] records.
    TooManyRecords(usize),
    /// The checksum does not match the records: damaged or edited.
    ChecksumMismatch,
    /// A record that does not belong to the bundle's event.
    ForeignRecord,
    /// A record whose content breaks the model's limits.
    InvalidRecord(DomainError),
    /// A record stamped further ahead of the receiver's clock than
    /// [`MAX_AHEAD_MS`]: the sender's clock (or the receiver's) is wrong.
    StampAhead {
        /// The furthest stamp's wall time (Unix ms).
        wall: u64,
        /// The receiver's time (Unix ms).
        now: u64,
    },
    /// The bundle is for another event than the one it was applied to.
    WrongEvent {
        /// The event the caller expected.
        expected: EventId,
        /// The event the bundle is for.
        found: EventId,
    },
}

impl fmt::Display for BundleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BundleError::TooLarge { bytes } => write!(
                f,
                "bundle is {bytes} bytes, over the {MAX_BYTES}-byte limit"
            ),
            BundleError::NotABundle(why) => write!(f, "not a bundle: {why}"),
            BundleError::UnsupportedVersion(v) => write!(
                f,
                "unsupported bundle version {v} (this code reads 1 to {VERSION})"
            ),
            BundleError::Malformed(why) => write!(f, "malformed bundle: {why}"),
            BundleError::TooManyRecords(n) => {
                write!(f, "{n} records, over the {MAX_RECORDS} limit")
            }
            BundleError::ChecksumMismatch => f.write_str("checksum does not match the records"),
            BundleError::ForeignRecord => f.write_str("a record belongs to another event"),
            BundleError::InvalidRecord(e) => write!(f, "invalid record: {e}"),
            BundleError::StampAhead { wall, now } => write!(
                f,
                "a change is stamped {wall}, more than {MAX_AHEAD_MS} ms after the receiver's time {now}"
            ),
            BundleError::WrongEvent { expected, found } => {
                write!(f, "bundle is for event {found}, not {expected}")
            }
        }
    }
}

impl std::error::Error for BundleError {}

impl BundleError {
    /// A stable machine-readable code, for APIs and logs.
    pub fn code(&self) -> &'static str {
        match self {
            BundleError::TooLarge { .. } => "bundle_too_large",
            BundleError::NotABundle(_) => "not_a_bundle",
            BundleError::UnsupportedVersion(_) => "unsupported_version",
            BundleError::Malformed(_) => "malformed_bundle",
            BundleError::TooManyRecords(_) => "too_many_records",
            BundleError::ChecksumMismatch => "checksum_mismatch",
            BundleError::ForeignRecord => "foreign_record",
            BundleError::InvalidRecord(_) => "invalid_record",
            BundleError::StampAhead { .. } => "clock_ahead",
            BundleError::WrongEvent { .. } => "wrong_event",
        }
    }

    /// The message shown to an officer, in Vietnamese.
    pub fn message_vi(&self) -> String {
        match self {
            BundleError::TooLarge { .. } => "Tệp quá lớn, không phải tệp dữ liệu Ngày hội.".into(),
            BundleError::NotABundle(_) => "Tệp này không phải tệp dữ liệu Ngày hội.".into(),
            BundleError::UnsupportedVersion(_) => {
                "Tệp được tạo bởi phiên bản ứng dụng khác. Hãy cập nhật ứng dụng rồi thử lại."
                    .into()
            }
            BundleError::Malformed(_)
            | BundleError::TooManyRecords(_)
            | BundleError::InvalidRecord(_) => "Tệp dữ liệu bị hỏng, không đọc được.".into(),
            BundleError::ChecksumMismatch => {
                "Tệp dữ liệu bị hỏng hoặc đã bị sửa, không dùng được.".into()
            }
            BundleError::ForeignRecord => "Tệp chứa dữ liệu không thuộc Ngày hội này.".into(),
            BundleError::StampAhead { .. } => {
                "Tệp có thay đổi ghi giờ muộn hơn giờ hiện tại của điện thoại này. Hãy kiểm tra ngày giờ của điện thoại này và của máy đã gửi tệp, rồi thử lại.".into()
            }
            BundleError::WrongEvent { .. } => "Tệp này là của một Ngày hội khác.".into(),
        }
    }
}

/// Only the fields that say which format a document is, read leniently so
/// that a future version is recognised as such rather than as garbage.
#[derive(Deserialize)]
struct Header {
    format: String,
    version: u64,
}

impl Bundle {
    /// A bundle of `records` of `event`, made by `device`.
    pub fn new(event: EventId, device: DeviceId, records: Vec<Record>) -> Bundle {
        let checksum = checksum(&records);
        let version = records.iter().map(Record::min_version).max().unwrap_or(1);
        Bundle {
            format: FORMAT.to_string(),
            version,
            event,
            device,
            records,
            checksum,
        }
    }

    /// Every record of a replica.
    pub fn of_state(state: &EventState, device: DeviceId) -> Bundle {
        Bundle::new(state.id, device, state.records().collect())
    }

    /// The bundle as compact JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("bundles always serialise")
    }

    /// Reads and checks a bundle. All or nothing.
    pub fn parse(bytes: &[u8]) -> Result<Bundle, BundleError> {
        if bytes.len() > MAX_BYTES {
            return Err(BundleError::TooLarge { bytes: bytes.len() });
        }
        let header: Header =
            serde_json::from_slice(bytes).map_err(|e| BundleError::NotABundle(where_(&e)))?;
        if header.format != FORMAT {
            return Err(BundleError::NotABundle(format!(
                "format {:?}",
                header.format
            )));
        }
        if !(1..=u64::from(VERSION)).contains(&header.version) {
            return Err(BundleError::UnsupportedVersion(header.version));
        }
        let bundle: Bundle =
            serde_json::from_slice(bytes).map_err(|e| BundleError::Malformed(where_(&e)))?;
        bundle.check()?;
        Ok(bundle)
    }

    /// Checks everything but the syntax: size, checksum, ownership, limits.
    pub fn check(&self) -> Result<(), BundleError> {
        if self.records.len() > MAX_RECORDS {
            return Err(BundleError::TooManyRecords(self.records.len()));
        }
        if checksum(&self.records) != self.checksum {
            return Err(BundleError::ChecksumMismatch);
        }
        for record in &self.records {
            if let Record::Event(meta) = record {
                if meta.id != self.event {
                    return Err(BundleError::ForeignRecord);
                }
            }
            record.validate().map_err(BundleError::InvalidRecord)?;
            // The version says what shapes it holds: a version-1 bundle with
            // a restoration is not what any app wrote.
            if record.min_version() > self.version {
                return Err(BundleError::Malformed(format!(
                    "a record of version {} in a version-{} bundle",
                    record.min_version(),
                    self.version
                )));
            }
        }
        Ok(())
    }

    /// Checks no record is stamped more than [`MAX_AHEAD_MS`] after `now_ms`,
    /// the receiver's time: a stamp from the far future would win every
    /// later edit of its field, and push the receiver's clock there too.
    pub fn check_stamps(&self, now_ms: u64) -> Result<(), BundleError> {
        let latest = self.records.iter().filter_map(Record::max_stamp).max();
        match latest {
            Some(s) if !within_bound(&s, now_ms) => Err(BundleError::StampAhead {
                wall: s.wall,
                now: now_ms,
            }),
            _ => Ok(()),
        }
    }

    /// Checks the bundle is for `event` before it is merged there.
    pub fn expect_event(&self, event: EventId) -> Result<(), BundleError> {
        if self.event == event {
            Ok(())
        } else {
            Err(BundleError::WrongEvent {
                expected: event,
                found: self.event,
            })
        }
    }
}

/// Where and what kind of JSON error: precise enough to find the fault, and
/// it spares phones serde's full error formatter (floats and all).
fn where_(e: &serde_json::Error) -> String {
    let kind = match e.classify() {
        serde_json::error::Category::Io => "read",
        serde_json::error::Category::Syntax => "syntax",
        serde_json::error::Category::Data => "content",
        serde_json::error::Category::Eof => "unexpected end",
    };
    format!("{kind} error at line {}, column {}", e.line(), e.column())
}

/// `sha256:<hex>` of the records' canonical JSON (this crate's compact
/// serialisation, whatever whitespace the file on disk has).
pub fn checksum(records: &[Record]) -> String {
    let canonical = serde_json::to_vec(records).expect("records always serialise");
    checksum_of_json(&canonical)
}

/// [`checksum`] of records already in their canonical JSON (the array, as
/// `serde_json::to_vec` writes it): the server answers from stored text
/// without parsing each record again.
pub fn checksum_of_json(canonical: &[u8]) -> String {
    let digest = Sha256::digest(canonical);
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256:");
    for byte in digest {
        out.push(char::from(b"0123456789abcdef"[usize::from(byte >> 4)]));
        out.push(char::from(b"0123456789abcdef"[usize::from(byte & 15)]));
    }
    out
}
