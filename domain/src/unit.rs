//! The organisation: a tree of units — tỉnh/thành phố → (huyện, where a
//! province still has that level) → xã/phường/đặc khu → thôn/tổ dân phố and
//! cơ quan, doanh nghiệp, nhà trường. Any depth: a unit's place in the tree
//! comes from its parent, not from its level, so a province without
//! districts has communes directly below it.
//!
//! The server keeps the tree; the operator loads it from a CSV file
//! ([`parse_units`]) and a unit adds and renames the units directly below it.

use crate::error::DomainError;
use crate::kinds::event::Level;
use crate::text;
use crate::text::search;
use serde::{Deserialize, Serialize};

/// Longest unit code (official codes are 2 to 5 digits; local ones may be longer).
pub const MAX_CODE: usize = 32;

/// What kind of unit: decides the level of its events and how it is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitLevel {
    /// Tỉnh, thành phố trực thuộc trung ương.
    Tinh,
    /// Huyện, quận, thị xã, thành phố thuộc tỉnh (where the level remains).
    Huyen,
    /// Xã, phường, đặc khu (thị trấn before 2025).
    Xa,
    /// Thôn, xóm, ấp, bản, tổ dân phố, khu dân cư.
    Thon,
    /// Cơ quan, doanh nghiệp, nhà trường.
    Cqdnnt,
}

impl UnitLevel {
    /// Every level, top down.
    pub const ALL: [UnitLevel; 5] = [
        UnitLevel::Tinh,
        UnitLevel::Huyen,
        UnitLevel::Xa,
        UnitLevel::Thon,
        UnitLevel::Cqdnnt,
    ];

    /// The code used in files and the API.
    pub fn code(self) -> &'static str {
        match self {
            UnitLevel::Tinh => "tinh",
            UnitLevel::Huyen => "huyen",
            UnitLevel::Xa => "xa",
            UnitLevel::Thon => "thon",
            UnitLevel::Cqdnnt => "cqdnnt",
        }
    }

    /// The level's name, as officers write it.
    pub fn label_vi(self) -> &'static str {
        match self {
            UnitLevel::Tinh => "Tỉnh, thành phố",
            UnitLevel::Huyen => "Huyện, quận, thị xã",
            UnitLevel::Xa => "Xã, phường, đặc khu",
            UnitLevel::Thon => "Thôn, tổ dân phố",
            UnitLevel::Cqdnnt => "Cơ quan, doanh nghiệp, nhà trường",
        }
    }

    /// Reads a level as a file may write it: the code, or a Vietnamese name
    /// with or without diacritics ("Phường", "xa", "Tổ dân phố").
    pub fn recognise(text: &str) -> Option<UnitLevel> {
        let folded = search::fold(text.trim());
        if let Some(level) = UnitLevel::ALL.into_iter().find(|l| l.code() == folded) {
            return Some(level);
        }
        let starts = |names: &[&str]| names.iter().any(|n| folded.starts_with(n));
        if starts(&["tinh", "thanh pho truc thuoc", "thanh pho trung uong"]) {
            Some(UnitLevel::Tinh)
        } else if starts(&["huyen", "quan", "thi xa", "thanh pho thuoc tinh"]) {
            Some(UnitLevel::Huyen)
        } else if starts(&["xa", "phuong", "dac khu", "thi tran"]) {
            Some(UnitLevel::Xa)
        } else if starts(&[
            "thon",
            "xom",
            "ap",
            "ban",
            "to dan pho",
            "khu dan cu",
            "khu pho",
        ]) {
            Some(UnitLevel::Thon)
        } else if starts(&["co quan", "doanh nghiep", "nha truong", "truong", "cqdnnt"]) {
            Some(UnitLevel::Cqdnnt)
        } else {
            None
        }
    }

    /// The level of the events such a unit holds (seed 004's columns); a
    /// province holds none of its own.
    pub fn event_level(self) -> Option<Level> {
        match self {
            UnitLevel::Tinh => None,
            UnitLevel::Huyen => Some(Level::Huyen),
            UnitLevel::Xa => Some(Level::Xa),
            UnitLevel::Thon => Some(Level::Thon),
            UnitLevel::Cqdnnt => Some(Level::Cqdnnt),
        }
    }
}

/// A unit as the API shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    /// Its code, official where there is one (e.g. "26734").
    pub code: String,
    /// Its name, e.g. "Phường Bến Nghé".
    pub name: String,
    /// What kind of unit.
    pub level: UnitLevel,
    /// The unit above it; `None` for a top unit.
    pub parent: Option<String>,
}

/// Checks a unit code: 1 to [`MAX_CODE`] letters, digits, `-`, `_` or `.`.
pub fn check_code(code: &str) -> Result<String, DomainError> {
    let code = code.trim();
    let ok = !code.is_empty()
        && code.len() <= MAX_CODE
        && code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(code.to_string())
    } else {
        Err(DomainError::InvalidUnitCode)
    }
}

/// Checks a unit's name (present, not too long).
pub fn check_name(name: &str) -> Result<String, DomainError> {
    text::required("unit_name", name)
}

/// A line of a units file that could not be read, and why (in Vietnamese).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadUnitRow {
    /// Its line in the file, from 1.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// A units file read: the good rows in file order, and each bad one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedUnits {
    /// Units to load, each with the line it came from.
    pub units: Vec<(usize, Unit)>,
    /// Lines refused.
    pub bad: Vec<BadUnitRow>,
}

/// Reads a units file: `code,name,level,parent code` per line (comma or
/// semicolon, as Excel saves it), a header line allowed. The parent may
/// come later in the file; whether it exists is the loader's to check.
pub fn parse_units(text: &str) -> ParsedUnits {
    let mut parsed = ParsedUnits::default();
    for (index, (line, record)) in text::csv::rows(text).into_iter().enumerate() {
        let bad = |line: usize, message: &str| BadUnitRow {
            line,
            message: message.to_string(),
        };
        let Some(record) = record else {
            parsed
                .bad
                .push(bad(line, "Dòng này không đọc được (sai định dạng CSV)."));
            continue;
        };
        let cells: Vec<&str> = record.iter().map(String::as_str).collect();
        if cells.iter().all(|c| c.is_empty()) {
            continue;
        }
        if index == 0 && search::fold(cells[0]).starts_with("ma") {
            continue;
        }
        if cells.len() < 3 {
            parsed
                .bad
                .push(bad(line, "Cần ít nhất mã, tên và cấp của đơn vị."));
            continue;
        }
        let Ok(code) = check_code(cells[0]) else {
            parsed.bad.push(bad(
                line,
                "Mã đơn vị chỉ gồm chữ, số, dấu gạch (tối đa 32 ký tự).",
            ));
            continue;
        };
        let Ok(name) = check_name(cells[1]) else {
            parsed
                .bad
                .push(bad(line, "Thiếu tên đơn vị, hoặc tên quá dài."));
            continue;
        };
        let Some(level) = UnitLevel::recognise(cells[2]) else {
            parsed.bad.push(bad(
                line,
                "Cấp đơn vị không rõ (tinh, huyen, xa, thon hoặc cqdnnt).",
            ));
            continue;
        };
        let parent = match cells.get(3).filter(|c| !c.is_empty()) {
            None => None,
            Some(p) => match check_code(p) {
                Ok(p) if p != code => Some(p),
                _ => {
                    parsed
                        .bad
                        .push(bad(line, "Mã đơn vị cấp trên không hợp lệ."));
                    continue;
                }
            },
        };
        parsed.units.push((
            line,
            Unit {
                code,
                name,
                level,
                parent,
            },
        ));
    }
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_are_read_as_offices_write_them() {
        assert_eq!(UnitLevel::recognise("Phường"), Some(UnitLevel::Xa));
        assert_eq!(UnitLevel::recognise("đặc khu"), Some(UnitLevel::Xa));
        assert_eq!(UnitLevel::recognise("Tổ dân phố"), Some(UnitLevel::Thon));
        assert_eq!(
            UnitLevel::recognise("Thành phố trực thuộc TW"),
            Some(UnitLevel::Tinh)
        );
        assert_eq!(UnitLevel::recognise("huyen"), Some(UnitLevel::Huyen));
        assert_eq!(UnitLevel::recognise("Trường THPT"), Some(UnitLevel::Cqdnnt));
        assert_eq!(UnitLevel::recognise("ban chỉ đạo"), Some(UnitLevel::Thon));
        assert_eq!(UnitLevel::recognise("không rõ"), None);
        assert_eq!(UnitLevel::Xa.event_level(), Some(Level::Xa));
        assert_eq!(UnitLevel::Tinh.event_level(), None);
    }

    #[test]
    fn a_units_file_gives_each_bad_line_with_its_number() {
        let parsed = parse_units(
            "Mã;Tên;Cấp;Mã cấp trên\n\
             79;Thành phố Hồ Chí Minh;Tỉnh;\n\
             26734;Phường Sài Gòn;Phường;79\n\
             ;Không mã;xa;79\n\
             x y;Sai mã;xa;79\n\
             26735;Phường Tân Định;không rõ;79\n\
             26736;;xa;79\n\
             \n\
             26737;Phường Bến Thành;xa;26737\n",
        );
        let codes: Vec<&str> = parsed.units.iter().map(|(_, u)| u.code.as_str()).collect();
        assert_eq!(codes, ["79", "26734"]);
        assert_eq!(parsed.units[1].1.parent.as_deref(), Some("79"));
        assert_eq!(parsed.units[0].1.parent, None);
        let lines: Vec<usize> = parsed.bad.iter().map(|b| b.line).collect();
        assert_eq!(lines, [4, 5, 6, 7, 9], "{:?}", parsed.bad);
    }

    #[test]
    fn codes_are_short_and_plain() {
        assert_eq!(check_code(" 26734 ").unwrap(), "26734");
        assert!(check_code("").is_err());
        assert!(check_code("a/b").is_err());
        assert!(check_code(&"1".repeat(MAX_CODE + 1)).is_err());
    }
}
