use super::*;
use Action as A;
use Standing as S;

#[test]
fn standing_reads_paths() {
    assert_eq!(Standing::of("/19/", "/19/"), S::Same);
    assert_eq!(Standing::of("/19/", "/19/164/"), S::Parent);
    assert_eq!(Standing::of("/19/", "/19/164/05842/"), S::Ancestor);
    assert_eq!(Standing::of("/19/164/", "/19/"), S::Below);
    assert_eq!(Standing::of("/19/05836/", "/19/05839/"), S::Sibling);
    assert_eq!(Standing::of("/19/05836/", "/19/164/05842/"), S::Other);
    assert_eq!(Standing::of("/99/", "/19/"), S::Sibling);
    assert_eq!(Standing::of("/99/99001/", "/19/05836/"), S::Other);
    // A code that is a prefix of another is not its parent.
    assert_eq!(Standing::of("/19/058/", "/19/05836/"), S::Sibling);
}

/// Every action, with the parameters that change a decision.
fn actions() -> Vec<Action> {
    let mut all = vec![
        A::ReadUnit,
        A::RenameUnit,
        A::IssueCode { has_phones: false },
        A::IssueCode { has_phones: true },
        A::WithdrawPhones,
        A::SetDeadline,
        A::ReadAudit,
        A::ReadDashboard,
        A::ReadEvent,
        A::WriteEvent,
        A::RemoveEvent,
        A::DecideReport,
        A::RotateCode,
        A::Leave,
        A::AttachEvent,
        A::OpenLedger,
    ];
    for t in [
        UndoTarget::EventPhone,
        UndoTarget::OwnUnitPhone,
        UndoTarget::Itself,
        UndoTarget::Elsewhere,
    ] {
        all.push(A::Undo(t));
    }
    for parent in UnitLevel::ALL {
        for child in UnitLevel::ALL {
            all.push(A::AddUnit { parent, child });
        }
    }
    all
}

/// The matrix, written as an officer would say it: what each actor may
/// do. Anything not listed is refused.
fn allowed(actor: Actor, action: Action) -> bool {
    let level_ok = |a: Action| match a {
        A::AddUnit { parent, child } => rank(child) > rank(parent),
        _ => true,
    };
    match actor {
        Actor::Operator => matches!(
            action,
            A::ReadUnit | A::ReadAudit | A::WithdrawPhones | A::IssueCode { has_phones: false }
        ),
        Actor::Relay | Actor::Revoked => false,
        Actor::EventPhone { creator, in_unit } => {
            matches!(action, A::ReadEvent | A::WriteEvent | A::Leave)
                || (creator && action == A::RotateCode)
                || (creator
                    && !in_unit
                    && matches!(action, A::RemoveEvent | A::Undo(UndoTarget::EventPhone)))
        }
        Actor::UnitPhone(S::Same) => {
            level_ok(action)
                && matches!(
                    action,
                    A::ReadUnit
                        | A::ReadEvent
                        | A::ReadDashboard
                        | A::AddUnit { .. }
                        | A::SetDeadline
                        | A::IssueCode { .. }
                        | A::ReadAudit
                        | A::WriteEvent
                        | A::RemoveEvent
                        | A::AttachEvent
                        | A::OpenLedger
                        | A::Undo(UndoTarget::EventPhone | UndoTarget::OwnUnitPhone)
                )
        }
        Actor::UnitPhone(S::Parent) => matches!(
            action,
            A::ReadUnit
                | A::ReadEvent
                | A::ReadDashboard
                | A::RenameUnit
                | A::WithdrawPhones
                | A::IssueCode { has_phones: false }
                | A::ReadAudit
                | A::DecideReport
        ),
        Actor::UnitPhone(S::Ancestor) => {
            matches!(action, A::ReadUnit | A::ReadEvent | A::ReadDashboard)
        }
        Actor::UnitPhone(S::Below | S::Sibling | S::Other) => false,
    }
}

#[test]
fn every_actor_and_action_as_the_matrix_says() {
    for actor in Actor::all() {
        for action in actions() {
            let decided = decide(actor, action);
            assert_eq!(
                decided.is_ok(),
                allowed(actor, action),
                "{actor:?} {action:?}: {decided:?}"
            );
        }
    }
}

#[test]
fn refusals_say_why() {
    // Out of reach is unknown, whatever is asked.
    for standing in [S::Below, S::Sibling, S::Other] {
        for action in actions() {
            assert_eq!(
                decide(Actor::UnitPhone(standing), action),
                Err(Refusal::NotFound),
                "{standing:?} {action:?}"
            );
        }
    }
    assert_eq!(
        decide(
            Actor::UnitPhone(S::Parent),
            A::IssueCode { has_phones: true }
        ),
        Err(Refusal::UnitHasPhones)
    );
    assert_eq!(
        decide(Actor::UnitPhone(S::Ancestor), A::WriteEvent),
        Err(Refusal::ReadOnly)
    );
    assert_eq!(
        decide(Actor::UnitPhone(S::Ancestor), A::DecideReport),
        Err(Refusal::Forbidden)
    );
    assert_eq!(
        decide(
            Actor::UnitPhone(S::Same),
            A::AddUnit {
                parent: UnitLevel::Xa,
                child: UnitLevel::Tinh
            }
        ),
        Err(Refusal::LevelNotBelow)
    );
    assert_eq!(
        decide(Actor::UnitPhone(S::Same), A::Undo(UndoTarget::Elsewhere)),
        Err(Refusal::NotFound)
    );
    assert_eq!(decide(Actor::Revoked, A::ReadEvent), Err(Refusal::Revoked));
}

#[test]
fn child_levels_go_down() {
    assert_eq!(child_levels(UnitLevel::Tinh)[0], UnitLevel::Huyen);
    assert!(!child_levels(UnitLevel::Huyen).contains(&UnitLevel::Tinh));
    assert!(!child_levels(UnitLevel::Huyen).contains(&UnitLevel::Huyen));
    assert_eq!(
        child_levels(UnitLevel::Xa),
        vec![UnitLevel::Thon, UnitLevel::Cqdnnt]
    );
    assert!(child_levels(UnitLevel::Thon).is_empty());
}
