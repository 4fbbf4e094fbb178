//! The rule book's limits on the movement's figures: what a unit may
//! state of one year. The same rules judge a form's save, an imported
//! line, a record in a bundle and a push ([`super::push::verdict`]), each
//! refusal with a stable code and a Vietnamese message naming the figure.

use crate::error::DomainError;
use crate::movement::figures::Figure;
use crate::text::format::format_decimal;
use std::collections::BTreeMap;

/// The first year a figure may be stated for (the movement's records
/// before it are not kept as figures).
pub const FIRST_YEAR: i32 = 1990;
/// The last year a figure may be stated for.
pub const LAST_YEAR: i32 = 2100;
/// The most any count may be in one unit's year (a province has about
/// six million people): more is a typo.
pub const MAX_COUNT: u64 = 10_000_000;
/// The most any amount may be in one unit's year, in đồng (ten thousand
/// billion).
pub const MAX_MONEY: u64 = 10_000_000_000_000;

/// Parts and their wholes within one year's entry: the part may not be
/// greater.
pub const PARTS: [(Figure, Figure); 6] = [
    (Figure::TipsValuable, Figure::Tips),
    (Figure::ComplexProposed, Figure::ComplexAreas),
    (Figure::ComplaintsResolved, Figure::Complaints),
    (Figure::ConflictsSettled, Figure::Conflicts),
    (Figure::ReintegrationHelped, Figure::Reintegration),
    (Figure::NotReoffending, Figure::Reintegration),
];

/// The most `figure` may be in one unit's year, in stored units
/// (explosives in grams: ten tonnes).
pub fn max(figure: Figure) -> u64 {
    if figure.is_money() {
        MAX_MONEY
    } else {
        MAX_COUNT
    }
}

fn refused(code: &'static str, message: String) -> DomainError {
    DomainError::Refused { code, message }
}

fn shown(figure: Figure, value: u64) -> String {
    format_decimal(value, figure.decimals())
}

/// Checks a year figures may be stated for.
pub fn check_year(year: i32) -> Result<(), DomainError> {
    if (FIRST_YEAR..=LAST_YEAR).contains(&year) {
        Ok(())
    } else {
        Err(refused(
            "year_out_of_range",
            format!("Năm {year} nằm ngoài khoảng {FIRST_YEAR}–{LAST_YEAR}."),
        ))
    }
}

/// Checks one figure as a unit states it: one the unit types (the rest
/// are computed, and a record holding one would count it twice), within
/// its bound.
pub fn check_value(figure: Figure, value: u64) -> Result<(), DomainError> {
    if !figure.is_entered() {
        return Err(refused(
            "figure_computed",
            format!("{} được tính tự động, không nhập.", figure.name_vi()),
        ));
    }
    if value > max(figure) {
        return Err(refused(
            "figure_too_large",
            format!(
                "{} ({}) vượt quá mức có thể trong một năm ({}).",
                figure.name_vi(),
                shown(figure, value),
                shown(figure, max(figure))
            ),
        ));
    }
    Ok(())
}

/// Checks each part is at most its whole, for the pairs `judged` names
/// (both stated).
pub fn check_parts(
    values: &BTreeMap<Figure, u64>,
    judged: impl Fn(Figure, Figure) -> bool,
) -> Result<(), DomainError> {
    for (part, whole) in PARTS {
        let (Some(&p), Some(&w)) = (values.get(&part), values.get(&whole)) else {
            continue;
        };
        if p > w && judged(part, whole) {
            return Err(refused(
                "part_over_whole",
                format!(
                    "{} ({}) lớn hơn {} ({}).",
                    part.name_vi(),
                    shown(part, p),
                    whole.name_vi(),
                    shown(whole, w)
                ),
            ));
        }
    }
    Ok(())
}

/// Checks one unit's year as stated: the year, every figure, every part.
pub fn check(year: i32, values: &BTreeMap<Figure, u64>) -> Result<(), DomainError> {
    check_year(year)?;
    for (&figure, &value) in values {
        check_value(figure, value)?;
    }
    check_parts(values, |_, _| true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(e: DomainError) -> &'static str {
        match e {
            DomainError::Refused { code, .. } => code,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_part_over_its_whole_is_refused_naming_both() {
        let values = BTreeMap::from([(Figure::Tips, 100), (Figure::TipsValuable, 120)]);
        let e = check(2020, &values).unwrap_err();
        assert_eq!(
            e.message_vi(),
            "Tin có giá trị (120) lớn hơn Tổng số tin (100)."
        );
        assert_eq!(code(e), "part_over_whole");
        let e = check(
            2020,
            &BTreeMap::from([
                (Figure::Reintegration, 400),
                (Figure::NotReoffending, 1_403),
            ]),
        )
        .unwrap_err();
        assert_eq!(
            e.message_vi(),
            "Số không tái phạm (1.403) lớn hơn Tổng số đối tượng (400)."
        );
        // Equal is fine; a part alone is not judged.
        let all_settled =
            BTreeMap::from([(Figure::Conflicts, 284), (Figure::ConflictsSettled, 284)]);
        assert!(check(2020, &all_settled).is_ok());
        assert!(check(2020, &BTreeMap::from([(Figure::TipsValuable, 5)])).is_ok());
        assert!(check_parts(&values, |_, _| false).is_ok());
    }

    #[test]
    fn bounds_years_and_computed_figures() {
        assert_eq!(code(check_year(1989).unwrap_err()), "year_out_of_range");
        assert!(check_year(1990).is_ok() && check_year(2100).is_ok());
        assert_eq!(
            check_year(2101).unwrap_err().message_vi(),
            "Năm 2101 nằm ngoài khoảng 1990–2100."
        );
        assert!(check_value(Figure::Tips, MAX_COUNT).is_ok());
        let e = check_value(Figure::Tips, MAX_COUNT + 1).unwrap_err();
        assert_eq!(
            e.message_vi(),
            "Tổng số tin (10.000.001) vượt quá mức có thể trong một năm (10.000.000)."
        );
        assert!(check_value(Figure::FundMovement, MAX_MONEY).is_ok());
        assert!(check_value(Figure::FundMovement, MAX_MONEY + 1).is_err());
        // Explosives in grams, shown in kg.
        let e = check_value(Figure::Explosives, MAX_COUNT + 500).unwrap_err();
        assert!(e.message_vi().contains("(10.000,5)"), "{}", e.message_vi());
        let e = check_value(Figure::ModelsExisting, 6).unwrap_err();
        assert_eq!(code(e.clone()), "figure_computed");
        assert_eq!(
            e.message_vi(),
            "Tổng số mô hình hiện có được tính tự động, không nhập."
        );
    }
}
