//! The rule book: every decision of who may do what, in one pure function.
//!
//! The server loads what a decision needs (the caller's credential, how its
//! unit stands to the target, a few stored facts), asks [`decide`], and
//! only then stores. Nothing else in the server says yes or no to an
//! actor, so a new route is one new [`Action`] here and one row more in the
//! table tested below. The phone asks the same function before it offers a
//! button (a unit's levels, a decision on a report), so what it offers and
//! what the server allows cannot drift apart.
//!
//! A push's records are judged record by record in [`push::verdict`]: who
//! may write which field of which record into an event.
//!
//! Out of reach is answered as unknown ([`Refusal::NotFound`]): a phone
//! learns nothing of units and phones it may not see, not even that they
//! exist.

use crate::unit::UnitLevel;
use serde::{Deserialize, Serialize};

pub mod movement;
pub mod push;

/// How the caller's unit stands to the unit an action is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// The same unit.
    Same,
    /// The caller's unit is the target's direct parent.
    Parent,
    /// The caller's unit is above the target, further than its parent.
    Ancestor,
    /// The caller's unit is below the target.
    Below,
    /// Another unit under the same parent.
    Sibling,
    /// Anywhere else in the tree (another branch, another province).
    Other,
}

impl Standing {
    /// Every standing, for tables and tests.
    pub const ALL: [Standing; 6] = [
        Standing::Same,
        Standing::Parent,
        Standing::Ancestor,
        Standing::Below,
        Standing::Sibling,
        Standing::Other,
    ];

    /// How the unit at `caller` (a path from the top, `/19/164/`) stands to
    /// the unit at `target`.
    pub fn of(caller: &str, target: &str) -> Standing {
        if caller == target {
            return Standing::Same;
        }
        if let Some(rest) = target.strip_prefix(caller) {
            // One more segment: "05836/" below "/19/".
            return if rest.trim_end_matches('/').contains('/') {
                Standing::Ancestor
            } else {
                Standing::Parent
            };
        }
        if caller.starts_with(target) {
            return Standing::Below;
        }
        let parent = |p: &str| {
            let trimmed = p.trim_end_matches('/');
            trimmed[..trimmed.rfind('/').unwrap_or(0) + 1].to_string()
        };
        if parent(caller) == parent(target) {
            Standing::Sibling
        } else {
            Standing::Other
        }
    }

    /// Whether the caller may see the target at all: its own unit and
    /// those below it.
    pub fn sees(self) -> bool {
        matches!(self, Standing::Same | Standing::Parent | Standing::Ancestor)
    }
}

/// Who acts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Actor {
    /// The server's operator, at the server's command line.
    Operator,
    /// A phone enrolled in a unit, by how its unit stands to the target
    /// (the target unit, or the unit an event belongs to).
    UnitPhone(Standing),
    /// A phone holding a token of the event (joined with its code);
    /// `creator` for the phone that shared it.
    EventPhone {
        /// Whether it shared the event.
        creator: bool,
        /// Whether the event belongs to a unit: then the unit answers for
        /// it (removal, undo), not the phone that shared it.
        in_unit: bool,
    },
    /// A phone that reaches the event only through files another phone
    /// relays: it has no credential of its own.
    Relay,
    /// A credential that was withdrawn, revoked or undone.
    Revoked,
}

impl Actor {
    /// Every actor, for tables and tests.
    pub fn all() -> Vec<Actor> {
        let mut all = vec![
            Actor::Operator,
            Actor::EventPhone {
                creator: true,
                in_unit: false,
            },
            Actor::EventPhone {
                creator: true,
                in_unit: true,
            },
            Actor::EventPhone {
                creator: false,
                in_unit: false,
            },
            Actor::EventPhone {
                creator: false,
                in_unit: true,
            },
            Actor::Relay,
            Actor::Revoked,
        ];
        all.extend(Standing::ALL.map(Actor::UnitPhone));
        all
    }
}

/// What the target of an undo is to the event it is asked on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UndoTarget {
    /// A phone that holds (or held) a token of this event.
    EventPhone,
    /// A phone enrolled in the event's own unit.
    OwnUnitPhone,
    /// The caller itself.
    Itself,
    /// Anything else: a phone of another unit, or no phone at all.
    Elsewhere,
}

/// What is asked. Unit actions are about a target unit; event actions
/// about an event (and, for a unit phone, the event's unit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Read a unit: its name, the units below, its deadline.
    ReadUnit,
    /// Add a unit of level `child` directly below the target (of level
    /// `parent`).
    AddUnit {
        /// The target's level.
        parent: UnitLevel,
        /// The new unit's level.
        child: UnitLevel,
    },
    /// Rename the target.
    RenameUnit,
    /// Issue a one-time sign-in code for the target; `has_phones` whether
    /// the target has phones enrolled and not withdrawn.
    IssueCode {
        /// Whether the target has an active phone.
        has_phones: bool,
    },
    /// Withdraw the target's outstanding code and every phone of it.
    WithdrawPhones,
    /// Set the deadline (and grace days) the units below the target report by.
    SetDeadline,
    /// Read the target's audit list ("Nhật ký đơn vị").
    ReadAudit,
    /// Read the roll-up of the units below the target.
    ReadDashboard,
    /// Read an event: pull, history, phones, reports.
    ReadEvent,
    /// Push changes into an event.
    WriteEvent,
    /// Remove or restore the event, or set a gate tally aside.
    RemoveEvent,
    /// Accept or return a report the event submitted.
    DecideReport,
    /// Undo a phone on the event: revoke it, write back what it wrote.
    Undo(UndoTarget),
    /// Give the event a new access code (and perhaps cut other phones off).
    RotateCode,
    /// Give back one's own token of the event.
    Leave,
    /// Attach an event shared the old way to the caller's unit.
    AttachEvent,
    /// Open a unit's ledger ("Sổ phong trào",
    /// [`EventId::ledger`](crate::EventId::ledger)) on its first sync. Once
    /// open, a ledger is read and written as an event of its unit
    /// ([`Action::ReadEvent`], [`Action::WriteEvent`]): its own phones
    /// write it, the units above read it. No access code opens it, so no
    /// event phone ever reaches it.
    OpenLedger,
}

/// Why an action is refused: each has a stable code clients switch on,
/// the same as the server's error codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Refusal {
    /// Out of reach, answered as unknown.
    NotFound,
    /// In sight, but not the caller's to do.
    Forbidden,
    /// The level above reads; it does not write.
    ReadOnly,
    /// The credential was revoked.
    Revoked,
    /// The unit has an active phone: its own phones add colleagues, and the
    /// parent withdraws them first to replace them.
    UnitHasPhones,
    /// A unit's level must be below its parent's.
    LevelNotBelow,
    /// A phone cannot undo itself.
    UndoSelf,
}

impl Refusal {
    /// The stable code (as the server's `ApiError::code`).
    pub fn code(self) -> &'static str {
        match self {
            Refusal::NotFound => "not_found",
            Refusal::Forbidden => "forbidden",
            Refusal::ReadOnly => "read_only",
            Refusal::Revoked => "token_revoked",
            Refusal::UnitHasPhones => "unit_has_phones",
            Refusal::LevelNotBelow => "level_not_below",
            Refusal::UndoSelf => "undo_self",
        }
    }
}

/// Where a level stands, top down: a child's rank is greater than its
/// parent's. Hamlets and agencies share the lowest rank; neither holds
/// units below it.
pub fn rank(level: UnitLevel) -> u8 {
    match level {
        UnitLevel::Tinh => 0,
        UnitLevel::Huyen => 1,
        UnitLevel::Xa => 2,
        UnitLevel::Thon | UnitLevel::Cqdnnt => 3,
    }
}

/// The levels a unit of level `parent` may add directly below it, top
/// down (what the form offers).
pub fn child_levels(parent: UnitLevel) -> Vec<UnitLevel> {
    UnitLevel::ALL
        .into_iter()
        .filter(|&child| rank(child) > rank(parent))
        .collect()
}

/// The one decision: may `actor` do `action`?
pub fn decide(actor: Actor, action: Action) -> Result<(), Refusal> {
    use Action as A;
    use Standing as S;
    match actor {
        Actor::Revoked => Err(Refusal::Revoked),
        // The operator runs the server: it manages the tree and hands out
        // the top unit's first code, never an event's contents.
        Actor::Operator => match action {
            A::ReadUnit | A::ReadAudit | A::WithdrawPhones => Ok(()),
            A::IssueCode { has_phones: true } => Err(Refusal::UnitHasPhones),
            A::IssueCode { has_phones: false } => Ok(()),
            _ => Err(Refusal::Forbidden),
        },
        // A file-only relay carries bundles; the server never hears from it.
        Actor::Relay => Err(Refusal::Forbidden),
        Actor::EventPhone { creator, in_unit } => match action {
            A::ReadEvent | A::WriteEvent | A::Leave => Ok(()),
            // For an event under no unit its creator answers for it.
            A::RemoveEvent | A::Undo(UndoTarget::EventPhone) if creator && !in_unit => Ok(()),
            A::Undo(UndoTarget::Itself) => Err(Refusal::UndoSelf),
            A::Undo(UndoTarget::OwnUnitPhone | UndoTarget::Elsewhere) => Err(Refusal::NotFound),
            A::RotateCode if creator => Ok(()),
            _ => Err(Refusal::Forbidden),
        },
        Actor::UnitPhone(standing) => unit_phone(standing, action),
    }
    .and_then(|()| match action {
        A::AddUnit { parent, child } if rank(child) <= rank(parent) => Err(Refusal::LevelNotBelow),
        _ => Ok(()),
    })
    .map_err(|refusal| match (actor, refusal) {
        // Out of sight stays out of sight whatever the action.
        (Actor::UnitPhone(S::Below | S::Sibling | S::Other), _) => Refusal::NotFound,
        _ => refusal,
    })
}

fn unit_phone(standing: Standing, action: Action) -> Result<(), Refusal> {
    use Action as A;
    use Standing as S;
    if !standing.sees() {
        return Err(Refusal::NotFound);
    }
    match (action, standing) {
        (A::ReadUnit | A::ReadEvent | A::ReadDashboard, _) => Ok(()),
        // Units are added below one's own unit; renamed, given a first
        // phone and withdrawn by their direct parent only: a unit further
        // up acting as a hamlet would write as that hamlet.
        (A::AddUnit { .. } | A::SetDeadline, S::Same) => Ok(()),
        (A::RenameUnit | A::WithdrawPhones, S::Parent) => Ok(()),
        (A::IssueCode { .. }, S::Same) => Ok(()),
        (A::IssueCode { has_phones: true }, S::Parent) => Err(Refusal::UnitHasPhones),
        (A::IssueCode { has_phones: false }, S::Parent) => Ok(()),
        (A::ReadAudit, S::Same | S::Parent) => Ok(()),
        // The event's own unit writes it and answers for it.
        (A::WriteEvent | A::RemoveEvent | A::AttachEvent | A::OpenLedger, S::Same) => Ok(()),
        (A::WriteEvent | A::RemoveEvent, S::Parent | S::Ancestor) => Err(Refusal::ReadOnly),
        (A::Undo(UndoTarget::EventPhone | UndoTarget::OwnUnitPhone), S::Same) => Ok(()),
        (A::Undo(UndoTarget::Itself), S::Same) => Err(Refusal::UndoSelf),
        (A::Undo(UndoTarget::Elsewhere), _) => Err(Refusal::NotFound),
        // Only the direct parent decides on a report; further up reads.
        (A::DecideReport, S::Parent) => Ok(()),
        _ => Err(Refusal::Forbidden),
    }
}

#[cfg(test)]
mod tests;
