//! The units API, as the app calls it: enrolling this phone in a unit, the
//! unit's home, managing the units below, and the reports that go up.
//! Used by the unit screen and the report screen, which are fetched on
//! first use; this code moves with them.

use crate::error::AppError;
use crate::net;
use crate::session::Session;
use crate::storage::{Enrolled, SyncLink};
use domain::api;
use domain::protocol::{
    AccessGrant, AttachRequest, Dashboard, Deadline, Decision, EnrolRequest, Enrolment,
    EnrolmentCode, NewUnit, RenameUnit, ReportState, UnitHome, UnitReport,
};
use domain::protocol::{EventDevice, HistoryEntry, SyncRequest, SyncResponse, PROTOCOL};
use domain::unit::Unit;
use domain::{Bundle, DeviceId, EventId, EventState};

/// Enrols this phone with a one-time code: from the level above, from a
/// colleague's phone of the unit, or for a top unit from the server's
/// operator.
pub async fn enrol(session: &Session, code: &str) -> Result<Enrolled, AppError> {
    let request = EnrolRequest {
        code: code.trim().to_string(),
        device: session.device(),
    };
    let answer: Enrolment = net::call::<api::Enrol>(&(), &(), &request, None).await?;
    let mut enrolled = Enrolled {
        token: answer.token,
        unit: answer.unit,
        home: None,
    };
    session.save_enrolment(&enrolled).await?;
    // The unit's ledger syncs from now on (its figures typed on another
    // of the unit's phones come in).
    link_ledger(session, &enrolled).await?;
    // The home comes when it can; the enrolment holds without it.
    if let Ok(home) = home(&enrolled, None).await {
        enrolled.home = Some(home);
        session.save_enrolment(&enrolled).await?;
    }
    Ok(enrolled)
}

/// The unit, the units below it and its deadline for `year` (this year if none).
pub async fn home(enrolled: &Enrolled, year: Option<i32>) -> Result<UnitHome, AppError> {
    let query = api::YearQuery { year };
    net::call::<api::Home>(&(), &query, &(), Some(&enrolled.token)).await
}

/// Reads the home afresh and keeps it for offline use.
pub async fn refresh(session: &Session, mut enrolled: Enrolled) -> Result<Enrolled, AppError> {
    enrolled.home = Some(home(&enrolled, None).await?);
    session.save_enrolment(&enrolled).await?;
    Ok(enrolled)
}

/// A unit's audit list ("Nhật ký đơn vị"), for the unit and its parent.
pub async fn audit(
    enrolled: &Enrolled,
    unit: &str,
) -> Result<Vec<domain::protocol::AuditEntry>, AppError> {
    net::call::<api::Audit>(&(unit.to_string(),), &(), &(), Some(&enrolled.token)).await
}

/// A one-time sign-in code (shown once): for a unit below with no phone,
/// or for a colleague's phone of this phone's own unit.
pub async fn issue_code(enrolled: &Enrolled, unit: &str) -> Result<EnrolmentCode, AppError> {
    net::call::<api::IssueCode>(&(unit.to_string(),), &(), &(), Some(&enrolled.token)).await
}

/// Withdraws a unit's outstanding code and every phone signed in to it,
/// with what those phones hold.
pub async fn withdraw_phones(enrolled: &Enrolled, unit: &str) -> Result<(), AppError> {
    net::call::<api::WithdrawCode>(&(unit.to_string(),), &(), &(), Some(&enrolled.token)).await
}

/// Adds a unit directly below this phone's.
pub async fn add_unit(enrolled: &Enrolled, unit: &NewUnit) -> Result<Unit, AppError> {
    let params = (enrolled.unit.code.clone(),);
    net::call::<api::AddUnit>(&params, &(), unit, Some(&enrolled.token)).await
}

/// Renames a unit directly below.
pub async fn rename(enrolled: &Enrolled, unit: &str, name: &str) -> Result<(), AppError> {
    let body = RenameUnit {
        name: name.to_string(),
    };
    net::call::<api::Rename>(&(unit.to_string(),), &(), &body, Some(&enrolled.token)).await
}

/// The deadline this phone's unit set for the units below for `year`.
pub async fn own_deadline(enrolled: &Enrolled, year: i32) -> Result<Option<Deadline>, AppError> {
    let params = (enrolled.unit.code.clone(),);
    net::call::<api::OwnDeadline>(&params, &year.into(), &(), Some(&enrolled.token)).await
}

/// Sets when the units below report for `deadline.year`.
pub async fn set_deadline(enrolled: &Enrolled, deadline: &Deadline) -> Result<(), AppError> {
    let params = (enrolled.unit.code.clone(),);
    net::call::<api::SetDeadline>(&params, &(), deadline, Some(&enrolled.token)).await
}

/// The events of the units below in `year`, with their latest report.
pub async fn reports_below(enrolled: &Enrolled, year: i32) -> Result<Vec<UnitReport>, AppError> {
    net::call::<api::ReportsBelow>(&(), &year.into(), &(), Some(&enrolled.token)).await
}

/// What the level above computes the movement's period sheet from
/// (its units below, their ledgers' years and models, their events), fresh
/// from the server.
pub async fn period(
    enrolled: &Enrolled,
    period: domain::movement::period::Period,
) -> Result<domain::protocol::PeriodData, AppError> {
    net::call::<api::Period>(&(), &period.into(), &(), Some(&enrolled.token)).await
}

/// The level above's dashboard for `year`, fresh from the server.
pub async fn dashboard(enrolled: &Enrolled, year: i32) -> Result<Dashboard, AppError> {
    net::call::<api::Dashboard>(&(), &year.into(), &(), Some(&enrolled.token)).await
}

/// An event of a unit below, read whole (page after page) with this
/// phone's unit token: the level above reads, never writes, so nothing is
/// pushed and nothing is kept on the phone.
pub async fn pull_event(enrolled: &Enrolled, event: EventId) -> Result<EventState, AppError> {
    let mut state = EventState::empty(event);
    let mut cursor = 0;
    // Bounded like a sync: a million records at most.
    for _ in 0..1_000 {
        let request = SyncRequest {
            cursor,
            bundle: Bundle::new(event, DeviceId(uuid::Uuid::nil()), Vec::new()),
            protocol: PROTOCOL,
            officer: String::new(),
        };
        let answer: SyncResponse =
            net::call::<api::Sync>(&(event,), &(), &request, Some(&enrolled.token)).await?;
        answer.bundle.check()?;
        answer.bundle.expect_event(event)?;
        for r in answer.bundle.records {
            state.apply(r).map_err(AppError::Invalid)?;
        }
        cursor = answer.cursor;
        if answer.more != Some(true) {
            break;
        }
    }
    Ok(state)
}

/// The history of one record of a shared event, as the server kept it.
pub async fn history(
    session: &Session,
    event: EventId,
    record: &str,
) -> Result<Vec<HistoryEntry>, AppError> {
    let link = session.db().link(event).await?.ok_or(AppError::NotShared)?;
    let query = api::HistoryQuery {
        record: Some(record.to_string()),
        ..Default::default()
    };
    net::call::<api::History>(&(event,), &query, &(), Some(&link.grant.token)).await
}

/// The phones working a shared event, with what each contributed.
pub async fn devices(session: &Session, event: EventId) -> Result<Vec<EventDevice>, AppError> {
    let link = session.db().link(event).await?.ok_or(AppError::NotShared)?;
    net::call::<api::Devices>(&(event,), &(), &(), Some(&link.grant.token)).await
}

/// Undoes a phone of a shared event (the event's unit, or the phone that
/// shared it): its access revoked, what it wrote written back.
pub async fn undo_device(
    session: &Session,
    event: EventId,
    device: &str,
) -> Result<domain::protocol::Undone, AppError> {
    let params = (event, device.to_string());
    // The unit's token is what lets a phone act for the unit; an event
    // under no unit is undone by the phone that shared it, with its own.
    let link = session.db().link(event).await?;
    let mut answered = None;
    if let Some(enrolled) = session.db().enrolment().await? {
        match net::call::<api::UndoDevice>(&params, &(), &(), Some(&enrolled.token)).await {
            Err(AppError::Server { status: 403, .. }) => {}
            other => answered = Some(other),
        }
    }
    let undone: domain::protocol::Undone = match answered {
        Some(answered) => answered?,
        None => {
            let link = link.as_ref().ok_or(AppError::NotShared)?;
            net::call::<api::UndoDevice>(&params, &(), &(), Some(&link.grant.token)).await?
        }
    };
    // The event has a new access code: this phone shows it from now on.
    if let Some(mut link) = link.filter(|_| !undone.code.is_empty()) {
        link.grant.code = undone.code.clone();
        link.grant.join_url = undone.join_url.clone();
        link.grant.qr_svg = undone.qr_svg.clone();
        session.save_link(&link).await?;
    }
    Ok(undone)
}

/// Accepts or returns a report of a unit below.
pub async fn decide(
    enrolled: &Enrolled,
    event: EventId,
    submission: &str,
    decision: &Decision,
) -> Result<(), AppError> {
    let params = (event, submission.to_string());
    net::call::<api::Decide>(&params, &(), decision, Some(&enrolled.token)).await
}

/// Where an event's submissions stand with the level above.
pub async fn event_reports(
    session: &Session,
    event: EventId,
) -> Result<Vec<ReportState>, AppError> {
    let link = session
        .db()
        .link(event)
        .await?
        .ok_or(AppError::EventNotFound)?;
    net::call::<api::Reports>(&(event,), &(), &(), Some(&link.grant.token)).await
}

/// Keeps the link of the unit's ledger ("Sổ phong trào"), so the sync loop
/// carries it as it carries a shared event. It syncs with the unit's
/// token: the server registers it under the unit at its first sync, and
/// only the unit's own phones write it. A phone signed in again gets a
/// new token, which the link then takes.
pub async fn link_ledger(session: &Session, enrolled: &Enrolled) -> Result<EventId, AppError> {
    let id = EventId::ledger(&enrolled.unit.code);
    match session.db().link(id).await? {
        Some(link) if link.grant.token == enrolled.token => {}
        Some(mut link) => {
            link.grant.token = enrolled.token.clone();
            session.save_link(&link).await?;
        }
        None => {
            let grant = AccessGrant {
                event: id,
                code: String::new(),
                token: enrolled.token.clone(),
                join_url: String::new(),
                qr_svg: String::new(),
            };
            let mut link = SyncLink::new(grant, true);
            link.unit = Some(enrolled.unit.code.clone());
            session.save_link(&link).await?;
        }
    }
    Ok(id)
}

/// Attaches an event this phone created and shared before enrolling to
/// this phone's unit.
pub async fn attach(session: &Session, event: EventId) -> Result<(), AppError> {
    let enrolled = session
        .db()
        .enrolment()
        .await?
        .ok_or(AppError::NotEnrolled)?;
    let claim = session
        .db()
        .claim(event)
        .await?
        .ok_or(AppError::NotCreator)?;
    let request = AttachRequest { claim };
    net::call::<api::Attach>(&(event,), &(), &request, Some(&enrolled.token)).await?;
    if let Some(mut link) = session.db().link(event).await? {
        link.unit = Some(enrolled.unit.code);
        session.save_link(&link).await?;
    }
    Ok(())
}
