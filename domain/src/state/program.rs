//! The program's queries (the steps in order, the current one, planned
//! against actual times) and the commands that change its steps. Like every
//! command, each returns the changed record, unapplied.

use crate::error::DomainError;
use crate::kinds::program::{ProgramProgress, Step, StepId, StepProgress};
use crate::kinds::Record;
use crate::merge::clock::Stamp;
use crate::merge::order::OrderKey;
use crate::state::EventState;
use crate::text;

impl EventState {
    /// The steps still in the program, in order.
    pub fn program(&self) -> Vec<&Step> {
        let mut steps: Vec<&Step> = self
            .steps
            .values()
            .filter(|s| !s.removed.is_removed())
            .collect();
        steps.sort_by(|a, b| (&a.order.value, a.id).cmp(&(&b.order.value, b.id)));
        steps
    }

    /// The step happening now: the first one neither done nor skipped.
    pub fn current_step(&self) -> Option<&Step> {
        self.program().into_iter().find(|s| s.is_pending())
    }

    /// Planned against actual times, for a phone at `utc_offset_minutes`.
    pub fn progress(&self, utc_offset_minutes: i32) -> ProgramProgress {
        let mut latest_delay = None;
        let mut latest_done = 0;
        let mut done = 0;
        let mut total = 0;
        let steps = self
            .program()
            .into_iter()
            .map(|s| {
                let actual = s
                    .done_at
                    .value
                    .map(|ms| crate::text::format::local_minutes(ms, utc_offset_minutes));
                let planned = s.planned.value;
                let delay = planned.zip(actual).map(|(p, a)| delay_minutes(p, a));
                if !s.skipped.value {
                    total += 1;
                }
                if let Some(at) = s.done_at.value {
                    done += 1;
                    if delay.is_some() && at >= latest_done {
                        latest_done = at;
                        latest_delay = delay;
                    }
                }
                StepProgress {
                    id: s.id,
                    planned,
                    actual,
                    delay,
                }
            })
            .collect();
        ProgramProgress {
            done,
            total,
            steps,
            latest_delay,
            current: self.current_step().map(|s| s.id),
        }
    }

    /// Changes one step.
    pub fn edit_step(
        &self,
        id: StepId,
        stamp: Stamp,
        edit: impl FnOnce(&mut Step, Stamp),
    ) -> Result<Record, DomainError> {
        let mut step = self
            .steps
            .get(&id)
            .cloned()
            .ok_or(DomainError::NotFound("step"))?;
        edit(&mut step, stamp);
        Ok(Record::Step(step))
    }

    /// Ticks a step as done at `now_ms`, or unticks it.
    pub fn tick_step(
        &self,
        id: StepId,
        done: bool,
        now_ms: u64,
        stamp: Stamp,
    ) -> Result<Record, DomainError> {
        self.edit_step(id, stamp, |s, st| {
            s.done_at.set(done.then_some(now_ms), st);
            if done {
                // Ticking a skipped step means it happened after all.
                s.skipped.set(false, st);
            }
        })
    }

    /// Renames a step.
    pub fn rename_step(
        &self,
        id: StepId,
        title: &str,
        stamp: Stamp,
    ) -> Result<Record, DomainError> {
        let title = text::required("title", title)?;
        self.edit_step(id, stamp, |s, st| s.title.set(title, st))
    }

    /// Sets who performs a step.
    pub fn set_performer(
        &self,
        id: StepId,
        performer: &str,
        stamp: Stamp,
    ) -> Result<Record, DomainError> {
        let performer = text::optional("performer", performer)?;
        self.edit_step(id, stamp, |s, st| s.performer.set(performer, st))
    }

    /// Sets a step's planned time (`""` clears it).
    pub fn set_planned(&self, id: StepId, hhmm: &str, stamp: Stamp) -> Result<Record, DomainError> {
        let planned = match hhmm.trim() {
            "" => None,
            t => Some(text::parse_hhmm(t)?),
        };
        self.edit_step(id, stamp, |s, st| s.planned.set(planned, st))
    }

    /// Marks a step skipped for this year, or brings it back.
    pub fn set_skipped(
        &self,
        id: StepId,
        skipped: bool,
        stamp: Stamp,
    ) -> Result<Record, DomainError> {
        self.edit_step(id, stamp, |s, st| {
            s.skipped.set(skipped, st);
            if skipped {
                s.done_at.set(None, st);
            }
        })
    }

    /// Removes a step from the program (a tombstone: it merges, but no longer shows).
    pub fn remove_step(&self, id: StepId, stamp: Stamp) -> Result<Record, DomainError> {
        self.edit_step(id, stamp, |s, st| s.removed.remove(st))
    }

    /// Adds a local step at the end of the program.
    pub fn add_step(&self, title: &str, stamp: Stamp) -> Result<Record, DomainError> {
        let title = text::required("title", title)?;
        let program = self.program();
        let last = program.last().map(|s| &s.order.value);
        Ok(Record::Step(Step::create(
            title,
            false,
            OrderKey::between(last, None),
            stamp,
        )))
    }

    /// Moves a step one place up (`up`) or down. Only the moved step changes.
    pub fn move_step(&self, id: StepId, up: bool, stamp: Stamp) -> Result<Record, DomainError> {
        let program = self.program();
        let pos = program
            .iter()
            .position(|s| s.id == id)
            .ok_or(DomainError::NotFound("step"))?;
        // The two neighbours the step lands between.
        let (before, after) = if up {
            if pos == 0 {
                return Err(DomainError::CannotMove);
            }
            (
                pos.checked_sub(2).map(|i| program[i]),
                Some(program[pos - 1]),
            )
        } else {
            if pos + 1 >= program.len() {
                return Err(DomainError::CannotMove);
            }
            (Some(program[pos + 1]), program.get(pos + 2).copied())
        };
        let key = OrderKey::between_sorted(
            before.map(|s| &s.order.value),
            after.map(|s| &s.order.value),
        );
        self.edit_step(id, stamp, |s, st| s.order.set(key, st))
    }
}

/// Actual minus planned, in minutes, across midnight: times are minutes of
/// the day, and no step moves by half a day, so a step planned at 23:57
/// and done at 00:07 is 10 minutes late, not 1,430 early.
pub fn delay_minutes(planned: u16, actual: u16) -> i32 {
    const DAY: i32 = 24 * 60;
    let d = (i32::from(actual) - i32::from(planned)).rem_euclid(DAY);
    if d > DAY / 2 {
        d - DAY
    } else {
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_delay_is_counted_across_midnight() {
        assert_eq!(delay_minutes(23 * 60 + 57, 7), 10);
        assert_eq!(delay_minutes(7, 23 * 60 + 57), -10);
        assert_eq!(delay_minutes(8 * 60, 8 * 60 + 9), 9);
        assert_eq!(delay_minutes(8 * 60, 7 * 60 + 50), -10);
    }
}
