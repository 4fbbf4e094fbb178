//! The register of models ("Mô hình, điển hình tiên tiến", seeds 000, 002
//! and 004): self-managed groups that keep order, kept in a unit's
//! ledger. The movement's sheet counts them by year: existing at a
//! year's end, built in a year.

use crate::error::DomainError;
use crate::kinds::event::Level;
use crate::merge::items::{self, choice, controls, item};
use crate::text::month::MonthYear;

/// The most households or people one model may span (a cross-border link
/// of 14 communes spans 22,134 households and 88,307 people).
pub const MAX_SCALE: u64 = 10_000_000;

choice! {
    /// What kind of model.
    pub enum ModelKind {
        SafeArea = "khu_dan_cu_an_toan" / "Khu dân cư an toàn về ANTT",
        NeighbourGroup = "to_lien_gia" / "Tổ liên gia tự quản",
        Clan = "dong_ho" / "Dòng họ tự quản",
        School = "nha_truong" / "Nhà trường tự quản",
        BorderLink = "cum_giap_ranh" / "Cụm liên kết giáp ranh",
        WorkersTeam = "to_an_ninh_cong_nhan" / "Tổ an ninh công nhân",
        Other = "khac" / "Khác",
    }
}

item! {
    /// One model: what it is, where, how large, since when, at which
    /// level, whether it still runs, and what it achieved.
    pub struct Model / ModelFields {
        /// Its name ("Tổ liên gia tự quản thôn Đông").
        pub name: String,
        /// What kind of model.
        pub kind: ModelKind,
        /// Where it is.
        pub place: String,
        /// Households it spans.
        pub households: u64,
        /// People it spans.
        pub people: u64,
        /// The month it began (required).
        pub since: Option<MonthYear>,
        /// The level it is built at.
        pub level: Level,
        /// The month it stopped; `None` while it runs.
        pub stopped: Option<MonthYear>,
        /// A typical one ("tiêu biểu"), for a review to cite.
        pub typical: bool,
        /// What it achieved, a few lines.
        pub results: String,
    }
}

impl Model {
    fn check_fields(f: &mut ModelFields) -> Result<(), DomainError> {
        items::required("name", &mut f.name)?;
        items::optional("place", &mut f.place)?;
        items::at_most("households", f.households, MAX_SCALE)?;
        items::at_most("people", f.people, MAX_SCALE)?;
        items::long_text("results", &mut f.results)?;
        let since = f.since.ok_or(DomainError::Empty { field: "since" })?;
        match f.stopped {
            Some(stopped) if stopped < since => Err(DomainError::Refused {
                code: "stopped_before_since",
                message: format!(
                    "Thời điểm dừng hoạt động ({}) trước thời điểm bắt đầu ({}).",
                    stopped.display_vi(),
                    since.display_vi()
                ),
            }),
            _ => Ok(()),
        }
    }
}

impl ModelFields {
    /// Whether it exists at the end of `year`: begun by then, and not
    /// stopped by then.
    pub fn exists_at_end_of(&self, year: i32) -> bool {
        self.since.is_some_and(|s| s.year() <= year) && self.stopped.is_none_or(|s| s.year() > year)
    }

    /// Whether it began in `year`.
    pub fn built_in(&self, year: i32) -> bool {
        self.since.is_some_and(|s| s.year() == year)
    }

    /// Whether it runs at the end of `year`, or has stopped by then.
    pub fn status_at_end_of(&self, year: i32) -> ModelStatus {
        if self.exists_at_end_of(year) {
            ModelStatus::Active
        } else {
            ModelStatus::Stopped
        }
    }
}

choice! {
    /// Whether a model runs, as the level above's list filters it.
    pub enum ModelStatus {
        Active = "active" / "Đang hoạt động",
        Stopped = "stopped" / "Đã dừng",
    }
}

/// What the level above's list of the models below keeps: of a kind, at
/// a level, running or stopped at the end of a year (`None`: any).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ModelFilter {
    /// Of this kind only.
    pub kind: Option<ModelKind>,
    /// At this level only.
    pub level: Option<Level>,
    /// Running, or stopped, at the end of the year given.
    pub status: Option<ModelStatus>,
}

impl ModelFilter {
    /// Whether `model` is kept, its status read at the end of `year`.
    pub fn keeps(&self, model: &ModelFields, year: i32) -> bool {
        self.kind.is_none_or(|k| model.kind == k)
            && self.level.is_none_or(|l| model.level == l)
            && self
                .status
                .is_none_or(|s| model.status_at_end_of(year) == s)
    }
}

controls! {
    /// A control of the form of a model.
    pub enum ModelControl {
        Name = "name",
        Kind = "kind",
        Place = "place",
        Households = "households",
        People = "people",
        Since = "since",
        Level = "level",
        Stopped = "stopped",
        Typical = "typical",
        Results = "results",
    }
}

impl ModelFields {
    /// Sets the field a form control names; a name no control has is refused.
    pub fn set(&mut self, name: &str, value: &str) -> Result<(), DomainError> {
        match ModelControl::read(name)? {
            ModelControl::Name => self.name = value.to_string(),
            ModelControl::Kind => self.kind = items::chosen(value)?,
            ModelControl::Place => self.place = value.to_string(),
            ModelControl::Households => self.households = items::count_opt(value)?,
            ModelControl::People => self.people = items::count_opt(value)?,
            ModelControl::Since => self.since = month_opt(value)?,
            ModelControl::Level => {
                self.level = Level::from_code(value).ok_or(DomainError::OutOfRange("level"))?
            }
            ModelControl::Stopped => self.stopped = month_opt(value)?,
            ModelControl::Typical => self.typical = items::flag(value),
            ModelControl::Results => self.results = value.to_string(),
        }
        Ok(())
    }
}

/// Reads a form's month ("2019-05" or "05/2019"); empty is none.
fn month_opt(value: &str) -> Result<Option<MonthYear>, DomainError> {
    match value.trim() {
        "" => Ok(None),
        text => MonthYear::parse(text).map(Some),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::merge::items::Item;

    fn model(since: &str, stopped: &str) -> ModelFields {
        let mut f = ModelFields::default();
        for (name, value) in [
            ("name", " Tổ liên gia tự quản thôn Đông "),
            ("kind", "to_lien_gia"),
            ("households", "22.134"),
            ("people", "88 307"),
            ("since", since),
            ("level", "thon"),
            ("stopped", stopped),
            ("typical", "on"),
        ] {
            f.set(name, value).unwrap();
        }
        f
    }

    #[test]
    fn a_model_is_read_from_its_form_and_checked() {
        let mut f = model("05/2019", "");
        Model::check(&mut f).unwrap();
        assert_eq!(f.name, "Tổ liên gia tự quản thôn Đông");
        assert_eq!((f.households, f.people), (22_134, 88_307));
        assert_eq!(f.kind.label_vi(), "Tổ liên gia tự quản");
        assert_eq!(f.level, Level::Thon);
        assert!(f.typical);
        assert!(f.set("colour", "red").is_err());
        assert!(f.set("since", "2019-13").is_err());
        // No start, or a stop before the start, is refused.
        let mut none = model("", "");
        assert_eq!(
            Model::check(&mut none),
            Err(DomainError::Empty { field: "since" })
        );
        let mut backwards = model("2019-05", "2018-03");
        let e = Model::check(&mut backwards).unwrap_err();
        assert_eq!(
            e.message_vi(),
            "Thời điểm dừng hoạt động (03/2018) trước thời điểm bắt đầu (05/2019)."
        );
        let mut huge = model("2019-05", "");
        huge.people = MAX_SCALE + 1;
        assert!(Model::check(&mut huge).is_err());
    }

    #[test]
    fn a_model_counts_from_its_start_until_the_year_it_stops() {
        let running = model("2016-11", "");
        assert!(!running.exists_at_end_of(2015));
        assert!(running.exists_at_end_of(2016) && running.exists_at_end_of(2030));
        assert!(running.built_in(2016) && !running.built_in(2017));
        let stopped = model("2016-11", "2019-03");
        assert!(stopped.exists_at_end_of(2018));
        assert!(!stopped.exists_at_end_of(2019));
    }

    #[test]
    fn the_level_above_filters_models_by_kind_level_and_status() {
        let stopped = model("2016-11", "2019-03");
        let running = ModelFields {
            kind: ModelKind::School,
            level: Level::Xa,
            ..model("2017-01", "")
        };
        let all = ModelFilter::default();
        assert!(all.keeps(&stopped, 2020) && all.keeps(&running, 2020));
        let schools = ModelFilter {
            kind: Some(ModelKind::School),
            ..all
        };
        assert!(schools.keeps(&running, 2020) && !schools.keeps(&stopped, 2020));
        let hamlets = ModelFilter {
            level: Some(Level::Thon),
            ..all
        };
        assert!(hamlets.keeps(&stopped, 2020) && !hamlets.keeps(&running, 2020));
        let gone = ModelFilter {
            status: Some(ModelStatus::Stopped),
            ..all
        };
        assert!(gone.keeps(&stopped, 2020) && !gone.keeps(&running, 2020));
        // Read at the end of 2018, the stopped one still ran.
        assert!(!gone.keeps(&stopped, 2018));
    }
}
