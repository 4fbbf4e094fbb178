//! The day's budget (kinh phí): planned and actual cost per item, and who pays.

use crate::error::DomainError;
use crate::merge::items::{self, choice, controls, item};

/// The largest amount of one line, in đồng (one hundred billion): beyond any
/// commune's event, so only a typo or a hostile bundle reaches it.
pub const MAX_AMOUNT: u64 = 100_000_000_000;

choice! {
    /// Where the money comes from.
    pub enum FundSource {
        NganSach = "ngan_sach" / "Ngân sách",
        XaHoiHoa = "xa_hoi_hoa" / "Xã hội hóa",
    }
}

item! {
    /// One budget line.
    pub struct BudgetLine / BudgetFields {
        /// What it pays for.
        pub item: String,
        /// Who pays.
        pub source: FundSource,
        /// Planned amount, in đồng.
        pub planned: u64,
        /// Amount actually spent, in đồng, once known.
        pub actual: Option<u64>,
    }
}

impl BudgetLine {
    fn check_fields(f: &mut BudgetFields) -> Result<(), DomainError> {
        items::required("item", &mut f.item)?;
        items::at_most("amount", f.planned, MAX_AMOUNT)?;
        items::at_most("amount", f.actual.unwrap_or(0), MAX_AMOUNT)
    }
}

controls! {
    /// A control of the form of a budget line.
    pub enum BudgetControl {
        Item = "item",
        Source = "source",
        Planned = "planned",
        Actual = "actual",
    }
}

impl BudgetFields {
    /// What the line costs: its actual amount once known (even 0, a gift in
    /// kind), else its planned amount.
    pub fn cost(&self) -> u64 {
        self.actual.unwrap_or(self.planned)
    }

    /// Sets the field a form control names; a name no control has is refused.
    pub fn set(&mut self, name: &str, value: &str) -> Result<(), DomainError> {
        match BudgetControl::read(name)? {
            BudgetControl::Item => self.item = value.to_string(),
            BudgetControl::Source => self.source = items::chosen(value)?,
            BudgetControl::Planned => self.planned = items::money(value)?,
            BudgetControl::Actual => self.actual = items::money_opt(value)?,
        }
        Ok(())
    }
}

/// Planned, actual and spent amounts for one source, or for all.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BudgetTotal {
    /// Sum of planned amounts, in đồng.
    pub planned: u64,
    /// Sum of the actual amounts known so far, in đồng.
    pub actual: u64,
    /// Sum of the lines' costs ([`BudgetFields::cost`]), in đồng: what the
    /// report, the sheet and the figures sent up state. Summed per line, not
    /// derived from `planned` and `actual`, which cannot tell which lines
    /// have an actual amount: so a total is always the sum of its parts.
    pub spent: u64,
}

impl BudgetTotal {
    /// Adds a line.
    pub fn add(&mut self, line: &BudgetFields) {
        self.planned += line.planned;
        self.actual += line.actual.unwrap_or(0);
        self.spent += line.cost();
    }
}
