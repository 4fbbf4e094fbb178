//! The period a review covers: one year, or a span such as 2015–2020
//! (sơ kết 5 năm) or 2005–2015 (tổng kết 10 năm).

use crate::error::DomainError;
use crate::rules::movement::{check_year, FIRST_YEAR, LAST_YEAR};
use serde::{Deserialize, Serialize};

/// The longest period a review covers, in years between its ends.
pub const MAX_SPAN: i32 = 30;

/// A period of years, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Period {
    from: i32,
    to: i32,
}

impl Period {
    /// The years `from` to `to`: in order, within the rule book's years,
    /// at most [`MAX_SPAN`] apart.
    pub fn new(from: i32, to: i32) -> Result<Period, DomainError> {
        check_year(from)?;
        check_year(to)?;
        if from > to || to - from > MAX_SPAN {
            return Err(DomainError::Refused {
                code: "bad_period",
                message: format!(
                    "Giai đoạn {from}–{to} không hợp lệ: năm đầu không sau năm cuối, cách nhau tối đa {MAX_SPAN} năm ({FIRST_YEAR}–{LAST_YEAR})."
                ),
            });
        }
        Ok(Period { from, to })
    }

    /// One year.
    pub fn year(year: i32) -> Result<Period, DomainError> {
        Period::new(year, year)
    }

    /// Reads "2015-2020", "2015–2020" or "2015".
    pub fn parse(text: &str) -> Result<Period, DomainError> {
        let text = text.trim();
        let year = |s: &str| {
            let s = s.trim();
            (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse::<i32>().ok())
                .flatten()
                .ok_or_else(|| DomainError::Refused {
                    code: "bad_period",
                    message: format!(
                        "Không đọc được giai đoạn “{text}” (cần dạng 2015-2020 hoặc 2024)."
                    ),
                })
        };
        match text.split_once(['-', '–']) {
            Some((from, to)) => Period::new(year(from)?, year(to)?),
            None => Period::year(year(text)?),
        }
    }

    /// The first year.
    pub fn from(self) -> i32 {
        self.from
    }

    /// The last year.
    pub fn to(self) -> i32 {
        self.to
    }

    /// Every year, in order.
    pub fn years(self) -> impl Iterator<Item = i32> {
        self.from..=self.to
    }

    /// How many years it holds.
    pub fn len(self) -> usize {
        (self.to - self.from + 1) as usize
    }

    /// Never: a period holds at least its first year (for clippy's sake).
    pub fn is_empty(self) -> bool {
        false
    }

    /// As documents name it: "giai đoạn 2015–2020", "năm 2024".
    pub fn label_vi(self) -> String {
        if self.from == self.to {
            format!("năm {}", self.from)
        } else {
            format!("giai đoạn {}–{}", self.from, self.to)
        }
    }

    /// The kind of review: "sơ kết" under ten years, "tổng kết" from ten.
    pub fn review_vi(self) -> &'static str {
        if self.to - self.from < 10 {
            "sơ kết"
        } else {
            "tổng kết"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_are_read_and_named_as_reviews_name_them() {
        let five = Period::parse("2015-2020").unwrap();
        assert_eq!((five.from(), five.to(), five.len()), (2015, 2020, 6));
        assert_eq!(five.label_vi(), "giai đoạn 2015–2020");
        assert_eq!(five.review_vi(), "sơ kết");
        assert_eq!(Period::parse(" 2015 – 2020 ").unwrap(), five);
        let ten = Period::parse("2005-2015").unwrap();
        assert_eq!(ten.review_vi(), "tổng kết");
        let one = Period::parse("2024").unwrap();
        assert_eq!(one.label_vi(), "năm 2024");
        assert_eq!(one.years().collect::<Vec<_>>(), [2024]);
    }

    #[test]
    fn a_period_backwards_too_long_or_out_of_range_is_refused() {
        for bad in [
            "2020-2015",
            "1990-2021",
            "1989",
            "2101",
            "20a5",
            "",
            "2015-",
        ] {
            assert!(Period::parse(bad).is_err(), "{bad}");
        }
        assert!(Period::new(1990, 2020).is_ok());
        let e = Period::parse("abc").unwrap_err();
        assert!(e.message_vi().contains("2015-2020"));
    }
}
