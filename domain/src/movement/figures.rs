//! The figures of the movement, declared once: every column of the two
//! statistics tables of seed 004 ("Số liệu cơ bản … giai đoạn 2015 –
//! 2020"), each with its headers as the seed writes them, its unit, where
//! its value comes from and how it adds up over the years of a period.
//! Everything else (the records' keys, the rule book's limits, the sheet,
//! its CSV, the import template) reads this list.

use crate::kinds::event::Level;
use crate::kinds::outreach::OutreachKind;
use serde::{Deserialize, Serialize};

/// Which of seed 004's two tables a figure is a column of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Table {
    /// Table 1: direction, propaganda, models, forces, awards, money.
    One,
    /// Table 2: the people's part in crime prevention, and the Ngày hội.
    Two,
}

/// What a Ngày hội figure counts at its level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Measure {
    /// Số lượt: events held.
    Events,
    /// Số người tham dự: people who took part.
    People,
}

/// What the register of models gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ModelCount {
    /// Models existing at the year's end.
    Existing,
    /// Models that began in the year.
    Built,
}

/// Where a figure's value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Origin {
    /// The unit types it, year by year.
    Entered,
    /// Counted from the register of models.
    Models(ModelCount),
    /// The Ngày hội results at a level, from the events' figures.
    Events(Level, Measure),
    /// Typed by the unit (recovered in the year outside its events), plus
    /// what was handed in at its events, of this kind.
    EnteredPlusEvents(OutreachKind),
}

/// How a figure adds up over the years of a period. Across units it is
/// always the sum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OverYears {
    /// A flow: the period's value is the sum of its years.
    Sum,
    /// A stock (forces, models existing): the period's value is its last
    /// year's.
    LastYear,
}

/// What the list below says of each figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec {
    /// Its table.
    pub table: Table,
    /// The merged header above it, as the seed writes it.
    pub group: &'static str,
    /// The header between the group and its own, where the seed has three
    /// rows ("Tuyên truyền tập trung", "Cấp xã"); empty elsewhere.
    pub subgroup: &'static str,
    /// Its own header; empty where the group's header spans its column.
    pub header: &'static str,
    /// Its unit of measure, as officers read it.
    pub unit: &'static str,
    /// Where its value comes from.
    pub origin: Origin,
    /// How it adds up over years.
    pub over_years: OverYears,
}

/// Declares the figures: the enum, its storage keys (serde's names too)
/// and each one's [`Spec`], in the seed's column order.
///
/// Keys and specs are tables indexed by the variant, and (de)serialising
/// goes through [`Figure::key`]/[`Figure::from_key`]: serde's derive and a
/// `match` building each spec cost about 12 KB of the code a phone loads
/// to open an event (every stored record is read through it).
macro_rules! figures {
    ($( $variant:ident = $key:literal: $table:ident, $group:expr, $sub:literal, $header:literal,
        $unit:literal, $origin:expr, $over:ident; )+) => {
        /// A column of seed 004's statistics tables. Stored and exchanged by
        /// its key ([`Figure::key`]): short snake_case ASCII, also the CSV and
        /// Excel templates' keys, so never renamed.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Figure {
            $( #[doc = concat!("`", $key, "`: ", $sub, " ", $header)] $variant, )+
        }
        /// Every figure's key, in [`Figure::ALL`]'s order.
        const KEYS: &[&str] = &[$($key),+];
        /// Every figure's spec, in [`Figure::ALL`]'s order.
        const SPECS: &[Spec] = &{
            use Origin::*;
            [$(Spec {
                table: Table::$table,
                group: $group,
                subgroup: $sub,
                header: $header,
                unit: $unit,
                origin: $origin,
                over_years: OverYears::$over,
            }),+]
        };
        impl Figure {
            /// Every figure, in the seed's column order (table 1, then 2).
            pub const ALL: &'static [Figure] = &[$(Figure::$variant),+];
            /// Its key in records, bundles and templates.
            pub fn key(self) -> &'static str {
                KEYS[self as usize]
            }
            /// What the list says of it.
            pub fn spec(self) -> Spec {
                SPECS[self as usize]
            }
        }
    };
}

impl Serialize for Figure {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.key())
    }
}

impl<'de> Deserialize<'de> for Figure {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Key;
        impl serde::de::Visitor<'_> for Key {
            type Value = Figure;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a figure's key")
            }
            fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<Figure, E> {
                Figure::from_key(key).ok_or_else(|| E::unknown_variant(key, KEYS))
            }
        }
        deserializer.deserialize_str(Key)
    }
}

const T1_PROPAGANDA: &str = "Công tác tuyên truyền";
const T1_MODELS: &str = "Công tác xây dựng mô hình";
const T1_FORCES: &str = "Công tác XDLL chuyên trách, nòng cốt XDPT";
const T1_AWARDS: &str = "Công tác thi TĐKT";
const T1_MONEY: &str = "Đầu tư ngân sách";
const T2_TIPS: &str = "Tin về ANTT do nhân dân cung cấp";
const T2_WEAPONS: &str = "Thu hồi vũ khí, vật liệu nổ";
const T2_DAY: &str = "Kết quả tổ chức Ngày hội toàn dân bảo vệ ANTQ";

figures! {
    Documents = "documents": One, "Văn bản hướng dẫn", "", "", "văn bản", Entered, Sum;
    PropagandaSessions = "propaganda_sessions": One, T1_PROPAGANDA, "Tuyên truyền tập trung", "Buổi", "buổi", Entered, Sum;
    PropagandaPeople = "propaganda_people": One, T1_PROPAGANDA, "Tuyên truyền tập trung", "Người tham gia", "người", Entered, Sum;
    Leaflets = "leaflets": One, T1_PROPAGANDA, "", "Phát tài liệu", "lần", Entered, Sum;
    OtherForms = "other_forms": One, T1_PROPAGANDA, "", "Các hình thức cổ động khác", "lần", Entered, Sum;
    ModelsExisting = "models_existing": One, T1_MODELS, "", "Tổng số mô hình hiện có", "mô hình", Models(ModelCount::Existing), LastYear;
    ModelsBuilt = "models_built": One, T1_MODELS, "", "Tổng số mô hình xây dựng trong kỳ", "mô hình", Models(ModelCount::Built), Sum;
    XdptOfficers = "xdpt_officers": One, T1_FORCES, "", "Số CBCS Đội XDPT cấp huyện", "người", Entered, LastYear;
    CommunePolice = "commune_police": One, T1_FORCES, "", "Số CAX", "người", Entered, LastYear;
    CivilDefence = "civil_defence": One, T1_FORCES, "", "Số LL bảo vệ dân phố", "người", Entered, LastYear;
    FlagsCertificates = "flags_certificates": One, T1_AWARDS, "", "Số lượt tập thể, cá nhân được cờ, bằng khen", "lượt", Entered, Sum;
    ProvincialCommendations = "provincial_commendations": One, T1_AWARDS, "", "Số tập thể, cá nhân được giấy khen của Công an tỉnh", "lượt", Entered, Sum;
    FundMovement = "fund_movement": One, T1_MONEY, "", "Xây dựng phong trào", "đồng", Entered, Sum;
    FundCommunePolice = "fund_commune_police": One, T1_MONEY, "", "Đảm bảo hoạt động CAX", "đồng", Entered, Sum;
    FundCivilDefence = "fund_civil_defence": One, T1_MONEY, "", "Đảm bảo hoạt động BVDP", "đồng", Entered, Sum;
    FundAwards = "fund_awards": One, T1_MONEY, "", "Chi khen thưởng", "đồng", Entered, Sum;
    Tips = "tips": Two, T2_TIPS, "", "Tổng số tin", "tin", Entered, Sum;
    TipsValuable = "tips_valuable": Two, T2_TIPS, "", "Tin có giá trị", "tin", Entered, Sum;
    TipsCleared = "tips_cleared": Two, T2_TIPS, "", "Đã điều tra làm rõ (vụ)", "vụ", Entered, Sum;
    TipsArrests = "tips_arrests": Two, T2_TIPS, "", "Bắt giữ (đối tượng)", "đối tượng", Entered, Sum;
    ComplexAreas = "complex_areas": Two, "Địa bàn phức tạp", "", "Tổng số", "địa bàn", Entered, Sum;
    ComplexProposed = "complex_proposed": Two, "Địa bàn phức tạp", "", "Đã đề nghị chuyển hóa", "địa bàn", Entered, Sum;
    Complaints = "complaints": Two, "Khiếu kiện", "", "Tổng số (vụ)", "vụ", Entered, Sum;
    ComplaintsResolved = "complaints_resolved": Two, "Khiếu kiện", "", "Đã giải quyết đôn đốc", "vụ", Entered, Sum;
    Conflicts = "conflicts": Two, "Tham gia giải quyết mâu thuẫn trong nội bộ nhân dân", "", "Tổng số (vụ)", "vụ", Entered, Sum;
    ConflictsSettled = "conflicts_settled": Two, "Tham gia giải quyết mâu thuẫn trong nội bộ nhân dân", "", "Đã giải quyết ổn định", "vụ", Entered, Sum;
    ErringImproved = "erring_improved": Two, "Giáo dục người lầm lỗi", "", "Số đã tiến bộ", "người", Entered, Sum;
    Reintegration = "reintegration": Two, "Giúp đỡ người tái hòa nhập cộng đồng", "", "Tổng số đối tượng", "người", Entered, Sum;
    ReintegrationHelped = "reintegration_helped": Two, "Giúp đỡ người tái hòa nhập cộng đồng", "", "Tổng số người được giúp đỡ", "người", Entered, Sum;
    NotReoffending = "not_reoffending": Two, "Giúp đỡ người tái hòa nhập cộng đồng", "", "Số không tái phạm", "người", Entered, Sum;
    WantedSurrendered = "wanted_surrendered": Two, "Vận động đối tượng truy nã ra đầu thú", "", "", "đối tượng", Entered, Sum;
    Guns = "guns": Two, T2_WEAPONS, "", "Súng (khẩu)", "khẩu", EnteredPlusEvents(OutreachKind::Guns), Sum;
    Rounds = "rounds": Two, T2_WEAPONS, "", "Đạn (viên)", "viên", EnteredPlusEvents(OutreachKind::Rounds), Sum;
    Detonators = "detonators": Two, T2_WEAPONS, "", "Kíp nổ (cái)", "cái", EnteredPlusEvents(OutreachKind::Detonators), Sum;
    Explosives = "explosives": Two, T2_WEAPONS, "", "Vật liệu nổ (kg)", "kg", EnteredPlusEvents(OutreachKind::Explosives), Sum;
    Blades = "blades": Two, T2_WEAPONS, "", "Dao, kiếm (cái)", "cái", EnteredPlusEvents(OutreachKind::Blades), Sum;
    EventsHuyen = "events_huyen": Two, T2_DAY, "Cấp huyện", "Số lượt", "lượt", Events(Level::Huyen, Measure::Events), Sum;
    PeopleHuyen = "people_huyen": Two, T2_DAY, "Cấp huyện", "Số người tham dự", "người", Events(Level::Huyen, Measure::People), Sum;
    EventsXa = "events_xa": Two, T2_DAY, "Cấp xã", "Số lượt", "lượt", Events(Level::Xa, Measure::Events), Sum;
    PeopleXa = "people_xa": Two, T2_DAY, "Cấp xã", "Số người tham dự", "người", Events(Level::Xa, Measure::People), Sum;
    EventsThon = "events_thon": Two, T2_DAY, "Cấp thôn", "Số lượt", "lượt", Events(Level::Thon, Measure::Events), Sum;
    PeopleThon = "people_thon": Two, T2_DAY, "Cấp thôn", "Số người tham dự", "người", Events(Level::Thon, Measure::People), Sum;
    EventsCqdnnt = "events_cqdnnt": Two, T2_DAY, "CQDNNT", "Số lượt", "lượt", Events(Level::Cqdnnt, Measure::Events), Sum;
    PeopleCqdnnt = "people_cqdnnt": Two, T2_DAY, "CQDNNT", "Số người tham gia", "người", Events(Level::Cqdnnt, Measure::People), Sum;
}

impl Figure {
    /// The figure stored under `key`.
    pub fn from_key(key: &str) -> Option<Figure> {
        Figure::ALL.iter().copied().find(|f| f.key() == key)
    }

    /// Whether the unit types it (alone, or beside its events' hand-ins):
    /// only these are stored in records and imported.
    pub fn is_entered(self) -> bool {
        matches!(
            self.spec().origin,
            Origin::Entered | Origin::EnteredPlusEvents(_)
        )
    }

    /// The figures the unit types, in column order.
    pub fn entered() -> impl Iterator<Item = Figure> {
        Figure::ALL.iter().copied().filter(|f| f.is_entered())
    }

    /// The figure whose value comes from `origin`, if one does.
    pub fn of_origin(origin: Origin) -> Option<Figure> {
        Figure::ALL
            .iter()
            .copied()
            .find(|f| f.spec().origin == origin)
    }

    /// Whether it is an amount of money, in đồng.
    pub fn is_money(self) -> bool {
        self.spec().unit == "đồng"
    }

    /// Decimal places of its displayed unit: explosives are weighed in kg
    /// and stored in grams, as the outreach table stores them.
    pub fn decimals(self) -> u32 {
        match self.spec().origin {
            Origin::EnteredPlusEvents(OutreachKind::Explosives) => 3,
            _ => 0,
        }
    }

    /// Its headers in one line, from the group down, each once: the name
    /// the import template and messages give it ("Khiếu kiện – Tổng số
    /// (vụ)", "Văn bản hướng dẫn"). No two figures share it.
    pub fn title_vi(self) -> String {
        let s = self.spec();
        [s.group, s.subgroup, s.header]
            .into_iter()
            .filter(|h| !h.is_empty())
            .collect::<Vec<_>>()
            .join(" – ")
    }

    /// Its own name for a message: the header, with the group's where the
    /// header alone does not say which ("Tổng số (vụ)" of what).
    pub fn name_vi(self) -> String {
        let s = self.spec();
        match s.header {
            "" => s.group.to_string(),
            "Tổng số"
            | "Tổng số (vụ)"
            | "Số lượt"
            | "Số người tham dự"
            | "Số người tham gia"
            | "Buổi"
            | "Người tham gia" => self.title_vi(),
            header => header.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_figure_has_one_key_and_one_title() {
        let keys: HashSet<_> = Figure::ALL.iter().map(|f| f.key()).collect();
        let titles: HashSet<_> = Figure::ALL.iter().map(|f| f.title_vi()).collect();
        assert_eq!(keys.len(), Figure::ALL.len());
        assert_eq!(titles.len(), Figure::ALL.len());
        for f in Figure::ALL {
            assert!(f.key().bytes().all(|b| b.is_ascii_lowercase() || b == b'_'));
            assert_eq!(Figure::from_key(f.key()), Some(*f));
            let json = serde_json::to_string(f).unwrap();
            assert_eq!(json, format!("\"{}\"", f.key()));
        }
    }

    #[test]
    fn the_tables_hold_the_seeds_columns_in_order() {
        let table = |t| Figure::ALL.iter().filter(|f| f.spec().table == t).count();
        assert_eq!((table(Table::One), table(Table::Two)), (16, 28));
        assert_eq!(
            Figure::Tips.title_vi(),
            "Tin về ANTT do nhân dân cung cấp – Tổng số tin"
        );
        assert_eq!(
            Figure::PeopleXa.title_vi(),
            "Kết quả tổ chức Ngày hội toàn dân bảo vệ ANTQ – Cấp xã – Số người tham dự"
        );
        assert_eq!(Figure::Documents.title_vi(), "Văn bản hướng dẫn");
        assert_eq!(Figure::Complaints.name_vi(), "Khiếu kiện – Tổng số (vụ)");
        assert_eq!(Figure::TipsValuable.name_vi(), "Tin có giá trị");
        // Stocks are the forces and the models there are.
        let stocks: Vec<Figure> = Figure::ALL
            .iter()
            .copied()
            .filter(|f| f.spec().over_years == OverYears::LastYear)
            .collect();
        assert_eq!(
            stocks,
            [
                Figure::ModelsExisting,
                Figure::XdptOfficers,
                Figure::CommunePolice,
                Figure::CivilDefence
            ]
        );
        assert!(Figure::FundAwards.is_money() && !Figure::Tips.is_money());
        assert_eq!(Figure::Explosives.decimals(), 3);
        assert_eq!(Figure::Guns.decimals(), 0);
        assert!(Figure::Guns.is_entered() && !Figure::EventsXa.is_entered());
        assert!(!Figure::ModelsBuilt.is_entered());
        assert_eq!(Figure::entered().count(), 34);
    }
}
