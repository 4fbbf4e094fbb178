//! The ceremony program (phần lễ): the standard template and its steps.

use crate::error::DomainError;
use crate::merge::clock::Stamp;
use crate::merge::lww::{Lww, Tombstone};
use crate::merge::order::OrderKey;
use crate::merge::replica::{tombstoned_registers, Replica};
use crate::text;
use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

/// A step of the standard program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StepTemplate {
    /// The step's title, as plans write it (without "(nếu có)").
    pub title: &'static str,
    /// Whether plans mark it "(nếu có)": held only if there is one.
    pub optional: bool,
}

/// The standard 11-step program of the ceremony, in order (seed 003).
pub const STANDARD_PROGRAM: [StepTemplate; 11] = [
    StepTemplate {
        title: "Văn nghệ chào mừng",
        optional: true,
    },
    StepTemplate {
        title: "Lễ chào cờ",
        optional: false,
    },
    StepTemplate {
        title: "Tuyên bố lý do, giới thiệu đại biểu",
        optional: false,
    },
    StepTemplate {
        title: "Thông báo chương trình Ngày hội",
        optional: false,
    },
    StepTemplate {
        title: "Diễn văn khai mạc",
        optional: false,
    },
    StepTemplate {
        title: "Tọa đàm, thảo luận, trao đổi kinh nghiệm",
        optional: false,
    },
    StepTemplate {
        title: "Công bố quyết định và trao thưởng",
        optional: false,
    },
    StepTemplate {
        title: "Đại biểu cấp trên phát biểu và tặng quà",
        optional: true,
    },
    StepTemplate {
        title: "Phát biểu đáp từ của người đứng đầu đơn vị tổ chức",
        optional: false,
    },
    StepTemplate {
        title: "Ký kết giao ước thi đua",
        optional: true,
    },
    StepTemplate {
        title: "Tuyên bố kết thúc buổi lễ",
        optional: false,
    },
];

/// The identity of one step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct StepId(pub Uuid);

impl StepId {
    /// A fresh random step id.
    pub fn random() -> Self {
        StepId(Uuid::new_v4())
    }
}

impl fmt::Display for StepId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// One step of an event's program. Each editable field is its own register,
/// so an officer renaming a step and another ticking it never collide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// The step's id.
    pub id: StepId,
    /// Marked "(nếu có)" in the template; fixed at creation.
    pub optional: bool,
    /// The title shown on stage and in the report.
    pub title: Lww<String>,
    /// Who speaks or performs it.
    pub performer: Lww<String>,
    /// Planned start, in minutes after midnight.
    pub planned: Lww<Option<u16>>,
    /// Position in the program.
    pub order: Lww<OrderKey>,
    /// Not held this year (for optional steps, or any step the officer drops for the day).
    pub skipped: Lww<bool>,
    /// When it actually happened (Unix ms), or `None` while not done.
    pub done_at: Lww<Option<u64>>,
    /// Set when the step is removed from the program.
    #[serde(default)]
    pub removed: Tombstone,
}

impl Step {
    /// A new step, every field written at `stamp`.
    pub fn create(title: String, optional: bool, order: OrderKey, stamp: Stamp) -> Step {
        Step {
            id: StepId::random(),
            optional,
            title: Lww::new(title, stamp),
            performer: Lww::new(String::new(), stamp),
            planned: Lww::new(None, stamp),
            order: Lww::new(order, stamp),
            skipped: Lww::new(false, stamp),
            done_at: Lww::new(None, stamp),
            removed: Tombstone::default(),
        }
    }

    /// Whether the step has been ticked as done.
    pub fn is_done(&self) -> bool {
        self.done_at.value.is_some()
    }

    /// Whether the step still waits to happen: not done, not skipped.
    pub fn is_pending(&self) -> bool {
        !self.is_done() && !self.skipped.value
    }

    /// Joins another replica of the same step.
    pub fn merge(&mut self, other: &Step) {
        // `optional` never changes after creation; taking the greater value
        // keeps merge a join even if a corrupt replica disagrees.
        self.optional = self.optional.max(other.optional);
        self.title.merge(&other.title);
        self.performer.merge(&other.performer);
        self.planned.merge(&other.planned);
        self.order.merge(&other.order);
        self.skipped.merge(&other.skipped);
        self.done_at.merge(&other.done_at);
        self.removed.merge(&other.removed);
    }

    /// Every stamp in the record.
    pub fn stamps(&self) -> impl Iterator<Item = &Stamp> {
        [
            &self.title.stamp,
            &self.performer.stamp,
            &self.planned.stamp,
            &self.order.stamp,
            &self.skipped.stamp,
            &self.done_at.stamp,
        ]
        .into_iter()
        .chain(self.removed.stamps())
    }

    /// Every stamp in the record, to restamp ([`crate::Record::restamp_ahead`]).
    pub fn stamps_mut(&mut self) -> impl Iterator<Item = &mut Stamp> {
        [
            &mut self.title.stamp,
            &mut self.performer.stamp,
            &mut self.planned.stamp,
            &mut self.order.stamp,
            &mut self.skipped.stamp,
            &mut self.done_at.stamp,
        ]
        .into_iter()
        .chain(self.removed.stamps_mut())
    }
}

/// How one step went against its plan, for run mode and the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepProgress {
    /// The step.
    pub id: StepId,
    /// Planned start, minutes after midnight.
    pub planned: Option<u16>,
    /// Actual time, minutes after local midnight.
    pub actual: Option<u16>,
    /// Actual minus planned, in minutes (positive: late).
    pub delay: Option<i32>,
}

/// The whole program's progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgramProgress {
    /// Steps done.
    pub done: usize,
    /// Steps to hold (not skipped).
    pub total: usize,
    /// Per step, in program order.
    pub steps: Vec<StepProgress>,
    /// The delay of the latest step done that had a planned time.
    pub latest_delay: Option<i32>,
    /// The step happening now: the first neither done nor skipped.
    pub current: Option<StepId>,
}

impl ProgramProgress {
    /// Where a step stands in the program (0-based), if it is in it.
    pub fn position(&self, id: StepId) -> Option<usize> {
        self.steps.iter().position(|s| s.id == id)
    }

    /// Whether the ceremony has begun (a step ticked): the day counts as
    /// held. What the roll-up's "held", the sheet's số lượt and the level
    /// above's reporting counts read.
    pub fn started(&self) -> bool {
        self.done > 0
    }

    /// Whether every step to hold has been ticked.
    pub fn finished(&self) -> bool {
        self.total > 0 && self.done >= self.total
    }
}

impl Replica for Step {
    fn uuid(&self) -> Uuid {
        self.id.0
    }

    fn join(&mut self, other: &Self) {
        self.merge(other)
    }

    fn validate(&self) -> Result<(), DomainError> {
        text::check_len("title", &self.title.value)?;
        text::check_len("performer", &self.performer.value)?;
        if self.planned.value.is_some_and(|m| m >= 24 * 60) {
            return Err(DomainError::OutOfRange("planned"));
        }
        Ok(())
    }

    tombstoned_registers!();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_standard_program_has_eleven_steps_in_seed_order() {
        assert_eq!(STANDARD_PROGRAM.len(), 11);
        assert_eq!(STANDARD_PROGRAM[1].title, "Lễ chào cờ");
        assert_eq!(STANDARD_PROGRAM[10].title, "Tuyên bố kết thúc buổi lễ");
        let optional: Vec<usize> = STANDARD_PROGRAM
            .iter()
            .enumerate()
            .filter(|(_, s)| s.optional)
            .map(|(i, _)| i + 1)
            .collect();
        assert_eq!(optional, vec![1, 8, 10]);
    }
}
