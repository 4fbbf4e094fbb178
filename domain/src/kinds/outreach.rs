//! Outreach results (dân vận): what the outreach table collected and the
//! services it gave, one entry per hand-in or service, totalled per kind.

use crate::error::DomainError;
use crate::merge::items::{self, choice, controls, item};
use crate::text;
use std::collections::BTreeMap;

/// The largest quantity of one entry of any kind (each kind has its own,
/// lower, [`OutreachKind::plausible_max`]).
pub const MAX_QUANTITY: u64 = 10_000_000;

/// The largest value of gifts in one entry, in đồng.
pub const MAX_VALUE: u64 = 100_000_000_000;

choice! {
    /// What was handed in, or which service was given.
    pub enum OutreachKind {
        Guns = "sung" / "Súng",
        Rounds = "dan" / "Đạn",
        Detonators = "kip_no" / "Kíp nổ",
        Explosives = "vat_lieu_no" / "Vật liệu nổ",
        Blades = "dao_kiem" / "Dao, kiếm",
        SupportTools = "cong_cu_ho_tro" / "Công cụ hỗ trợ",
        IdCards = "can_cuoc" / "Thủ tục cấp Căn cước",
        ElectronicId = "dinh_danh" / "Định danh điện tử mức 2",
        MedicalChecks = "kham_benh" / "Khám bệnh, cấp thuốc miễn phí",
        Gifts = "tang_qua" / "Tặng quà",
        RoadMetres = "sua_duong_m" / "Tu sửa đường (mét)",
        RoadWorkdays = "sua_duong_cong" / "Tu sửa đường (ngày công)",
        Other = "khac" / "Khác",
    }
}

impl OutreachKind {
    /// The unit the quantity is counted in.
    pub fn unit_vi(self) -> &'static str {
        use OutreachKind::*;
        match self {
            Guns => "khẩu",
            Rounds => "viên",
            Detonators | Blades | SupportTools => "cái",
            Explosives => "kg",
            IdCards | ElectronicId | MedicalChecks => "người",
            Gifts => "suất",
            RoadMetres => "m",
            RoadWorkdays => "ngày công",
            Other => "lượt",
        }
    }

    /// The most one entry of this kind may count: more than any one
    /// hand-in, or one day's service at one table, is a typo or a phone
    /// gone wrong (a district's five years counted 195 guns).
    pub fn plausible_max(self) -> u64 {
        use OutreachKind::*;
        match self {
            Guns => 1_000,
            Rounds => 100_000,
            Detonators | Blades | SupportTools => 10_000,
            // A tonne, in grams.
            Explosives => 1_000_000,
            IdCards | ElectronicId | MedicalChecks | Gifts => 50_000,
            RoadMetres | RoadWorkdays => 100_000,
            Other => MAX_QUANTITY,
        }
    }

    /// Checks a quantity against [`OutreachKind::plausible_max`].
    pub fn check_quantity(self, quantity: u64) -> Result<(), DomainError> {
        if quantity > self.plausible_max() {
            return Err(DomainError::Implausible(
                self.format_quantity(self.plausible_max()),
            ));
        }
        Ok(())
    }

    /// Whether entries also carry a value in đồng.
    pub fn has_value(self) -> bool {
        self == OutreachKind::Gifts
    }

    /// Decimal places of the displayed unit: explosives are weighed in kg
    /// but stored in grams (3 places), so "1,5 kg" stays an exact whole number.
    fn decimals(self) -> u32 {
        if self == OutreachKind::Explosives {
            3
        } else {
            0
        }
    }

    /// Parses a quantity as typed ("3", "1,5" kg) into stored units.
    pub fn parse_quantity(self, input: &str) -> Result<u64, DomainError> {
        let value = text::parse_decimal(input, self.decimals())
            .ok_or_else(|| DomainError::InvalidNumber(input.trim().to_string()))?;
        self.check_quantity(value)?;
        Ok(value)
    }

    /// A stored quantity as officers read it, with its unit: "1,5 kg".
    pub fn format_quantity(self, quantity: u64) -> String {
        format!(
            "{} {}",
            crate::text::format::format_decimal(quantity, self.decimals()),
            self.unit_vi()
        )
    }
}

item! {
    /// One hand-in or service at the outreach table.
    pub struct Outreach / OutreachFields {
        /// What was handed in or given.
        pub kind: OutreachKind,
        /// How many, in the kind's unit (grams for explosives).
        pub quantity: u64,
        /// For gifts: their value in đồng.
        pub value: u64,
        /// When it happened (Unix ms).
        pub at: u64,
        /// Who handed it in, what exactly, anything worth noting.
        pub note: String,
    }
}

impl Outreach {
    fn check_fields(f: &mut OutreachFields) -> Result<(), DomainError> {
        if f.quantity == 0 {
            return Err(DomainError::Empty { field: "quantity" });
        }
        f.kind.check_quantity(f.quantity)?;
        items::at_most("value", f.value, MAX_VALUE)?;
        items::optional("note", &mut f.note)
    }
}

controls! {
    /// A control of the form of an outreach entry.
    pub enum OutreachControl {
        Kind = "kind",
        Quantity = "quantity",
        Value = "value",
        Note = "note",
    }
}

impl OutreachFields {
    /// Sets the field a form control names; a name no control has is refused.
    pub fn set(&mut self, name: &str, value: &str) -> Result<(), DomainError> {
        match OutreachControl::read(name)? {
            OutreachControl::Kind => self.kind = items::chosen(value)?,
            OutreachControl::Quantity => self.quantity = self.kind.parse_quantity(value)?,
            OutreachControl::Value => self.value = items::money_opt(value)?.unwrap_or(0),
            OutreachControl::Note => self.note = value.to_string(),
        }
        Ok(())
    }
}

/// One kind's total.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutreachTotal {
    /// Entries logged.
    pub entries: usize,
    /// Their quantities added up, in stored units.
    pub quantity: u64,
    /// Their values added up, in đồng.
    pub value: u64,
}

/// Totals per kind over `entries`, only for kinds that have entries.
pub fn totals<'a>(
    entries: impl IntoIterator<Item = &'a Outreach>,
) -> BTreeMap<OutreachKind, OutreachTotal> {
    let mut totals: BTreeMap<OutreachKind, OutreachTotal> = BTreeMap::new();
    for e in entries {
        let t = totals.entry(e.kind.value).or_default();
        t.entries += 1;
        t.quantity = t.quantity.saturating_add(e.quantity.value);
        t.value = t.value.saturating_add(e.value.value);
    }
    totals
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quantity_no_hand_in_could_reach_is_refused_with_the_most_it_may_be() {
        let guns = OutreachKind::Guns;
        assert_eq!(guns.parse_quantity("1000"), Ok(1_000));
        let err = guns.parse_quantity("1001").unwrap_err();
        assert_eq!(err, DomainError::Implausible("1.000 khẩu".into()));
        assert!(err.message_vi().contains("tối đa 1.000 khẩu"));
        let explosives = OutreachKind::Explosives;
        assert_eq!(explosives.parse_quantity("1000"), Ok(1_000_000));
        assert!(explosives.parse_quantity("1000,001").is_err());
        // From a bundle too: the record is refused whole.
        let mut f = OutreachFields {
            kind: guns,
            quantity: 5_000,
            ..OutreachFields::default()
        };
        assert!(Outreach::check_fields(&mut f).is_err());
    }

    #[test]
    fn explosives_are_weighed_in_kilograms_and_stored_in_grams() {
        let k = OutreachKind::Explosives;
        assert_eq!(k.parse_quantity("1,5"), Ok(1500));
        assert_eq!(k.parse_quantity("0.25"), Ok(250));
        assert_eq!(k.parse_quantity("2"), Ok(2000));
        assert_eq!(k.format_quantity(1500), "1,5 kg");
        assert_eq!(k.format_quantity(2000), "2 kg");
        assert!(k.parse_quantity("1,2345").is_err());
    }

    #[test]
    fn counted_kinds_take_whole_numbers() {
        let k = OutreachKind::Guns;
        assert_eq!(k.parse_quantity(" 3 "), Ok(3));
        assert!(k.parse_quantity("1,5").is_err());
        assert!(k.parse_quantity("-2").is_err());
        assert!(k.parse_quantity("").is_err());
        assert!(k.parse_quantity("99999999999").is_err());
        assert_eq!(k.format_quantity(1200), "1.200 khẩu");
    }
}
