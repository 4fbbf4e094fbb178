//! Khánh tiết work: flags, banners, slogans and signboards to put up before
//! the day (Decree 111/2018/NĐ-CP, Article 10), plus the commune's own jobs.

use crate::error::DomainError;
use crate::kinds::event::{Day, EventId};
use crate::merge::items::{self, controls, item, ItemId};

item! {
    /// One decoration job: what, where, who, by when, and whether it is done.
    pub struct Decoration / DecorationFields {
        /// What to put up.
        pub job: String,
        /// Where.
        pub place: String,
        /// Who is in charge.
        pub assignee: String,
        /// When it must be up.
        pub due: Option<Day>,
        /// Whether it is done.
        pub done: bool,
    }
}

impl Decoration {
    fn check_fields(f: &mut DecorationFields) -> Result<(), DomainError> {
        items::required("job", &mut f.job)?;
        items::optional("place", &mut f.place)?;
        items::optional("assignee", &mut f.assignee)
    }
}

controls! {
    /// A control of the form of a decoration job.
    pub enum DecorationControl {
        Job = "job",
        Place = "place",
        Assignee = "assignee",
        Due = "due",
        Done = "done",
    }
}

impl DecorationFields {
    /// Sets the field a form control names; a name no control has is refused.
    pub fn set(&mut self, name: &str, value: &str) -> Result<(), DomainError> {
        match DecorationControl::read(name)? {
            DecorationControl::Job => self.job = value.to_string(),
            DecorationControl::Place => self.place = value.to_string(),
            DecorationControl::Assignee => self.assignee = value.to_string(),
            DecorationControl::Due if value.trim().is_empty() => self.due = None,
            DecorationControl::Due => self.due = Some(Day::parse(value.trim())?),
            DecorationControl::Done => self.done = items::flag(value),
        }
        Ok(())
    }
}

/// The standard jobs every plan lists, hung from 18 July.
pub const STANDARD_JOBS: [&str; 4] = [
    "Treo cờ Tổ quốc, cờ chuôi trên các tuyến đường chính",
    "Treo băng rôn",
    "Treo khẩu hiệu",
    "Bảng chữ điện tử",
];

/// Where the standard jobs go.
pub const STANDARD_PLACE: &str = "Trụ sở cơ quan, nơi công cộng, nơi tổ chức Ngày hội";

/// The standard jobs for an event held in `year`, due 18 July.
///
/// Their ids derive from the event's id, so two phones adding the standard
/// jobs at once create the same records, and merging them keeps one of each.
pub fn standard_jobs(event: EventId, year: i32) -> Vec<(ItemId, DecorationFields)> {
    let due = Day::parse(&format!("{year:04}-07-18")).ok();
    STANDARD_JOBS
        .iter()
        .enumerate()
        .map(|(i, job)| {
            let id = standard_id(event, i);
            let fields = DecorationFields {
                job: job.to_string(),
                place: STANDARD_PLACE.to_string(),
                assignee: String::new(),
                due,
                done: false,
            };
            (id, fields)
        })
        .collect()
}

/// The id of the `index`th standard job of `event`.
pub fn standard_id(event: EventId, index: usize) -> ItemId {
    ItemId::derived(event, b"decoration", &(index as u64).to_be_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    #[test]
    fn standard_jobs_are_due_18_july_with_stable_ids() {
        let event = EventId(Uuid::from_u128(42));
        let jobs = standard_jobs(event, 2026);
        assert_eq!(jobs.len(), 4);
        assert_eq!(jobs[0].1.due.unwrap().iso(), "2026-07-18");
        assert_eq!(standard_jobs(event, 2026), jobs);
        let other = standard_jobs(EventId(Uuid::from_u128(43)), 2026);
        assert_ne!(other[0].0, jobs[0].0);
        assert_ne!(jobs[0].0, jobs[1].0);
    }
}
