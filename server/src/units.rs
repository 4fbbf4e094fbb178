//! The units API: enrolling a phone in a unit, the unit's home (the units
//! below it, its deadline), adding and renaming the units directly below,
//! their enrolment codes and the deadline they report by; attaching an
//! event shared the old way; and the reports an event submitted, with the
//! level above's decision.
//!
//! Every route loads what the rule book needs, asks it
//! ([`domain::rules::decide`]), and only then stores: a phone of unit U
//! acts for U, reads the units and events below U, and sees nothing else —
//! not its siblings, not the units above it.

use crate::db;
use crate::db::units::{self as unit_db, Member};
use crate::endpoint::{Mount, Reply};
use crate::error::ApiError;
use crate::extract::{ClientAddr, EventAccess, JsonBody, UnitAccess};
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::Router;
use domain::api::{self, PeriodQuery, YearQuery};
use domain::protocol::{
    AttachRequest, Dashboard, Deadline, Decision, EnrolRequest, Enrolment, EnrolmentCode, NewUnit,
    PeriodData, RenameUnit, UnitHome, UnitReport,
};
use domain::rules::{self, Action, Actor, Standing};
use domain::unit::{check_code, check_name, Unit};

/// The units routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .endpoint(api::Enrol, enrol)
        .endpoint(api::Home, home)
        .endpoint(api::ReportsBelow, reports_below)
        .endpoint(api::Dashboard, dashboard)
        .endpoint(api::Period, period)
        .endpoint(api::UnitHome, unit_home)
        .endpoint(api::Rename, rename)
        .endpoint(api::AddUnit, add_unit)
        .endpoint(api::Audit, audit)
        .endpoint(api::IssueCode, issue_code)
        .endpoint(api::WithdrawCode, withdraw_code)
        .endpoint(api::OwnDeadline, own_deadline)
        .endpoint(api::SetDeadline, set_deadline)
        .endpoint(api::Attach, attach)
        .endpoint(api::Reports, reports)
        .endpoint(api::Decide, decide)
}

/// The most grace days a unit above may give after its deadline.
const MAX_GRACE_DAYS: u32 = 60;

/// The longest note the level above may write on a returned report.
const MAX_NOTE: usize = 2_000;

async fn enrol(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    JsonBody(request): JsonBody<EnrolRequest>,
) -> Result<Reply<api::Enrol>, ApiError> {
    let token = crate::secrets::token();
    let token_hash = state.key.hash(&token);
    let device = request.device;
    let code = state
        .limits
        .code_attempt(&state.key, addr, &request.code)
        .await?;
    let code_hash = state.key.hash(&code);
    let unit = state
        .db
        .call(move |conn| unit_db::enrol(conn, &code_hash, &token_hash, device))
        .await?;
    Ok(Reply(Enrolment { token, unit }))
}

/// The year asked about: this year unless given, within the model's range.
fn year_of(query: &YearQuery) -> Result<i32, ApiError> {
    let year = query.year.unwrap_or_else(|| {
        time::OffsetDateTime::from_unix_timestamp((db::now_ms() / 1000) as i64)
            .map_or(2026, |t| t.year())
    });
    if (2000..=2199).contains(&year) {
        Ok(year)
    } else {
        Err(ApiError::BadRequest("year: 2000 to 2199".into()))
    }
}

async fn home(
    State(state): State<AppState>,
    access: UnitAccess,
    Query(query): Query<YearQuery>,
) -> Result<Reply<api::Home>, ApiError> {
    let code = access.member.unit.clone();
    let Reply(home) = unit_home(State(state), access, Path(code), Query(query)).await?;
    Ok(Reply(home))
}

/// A unit the caller may see (its own or one below), with the units
/// directly below it and its deadline.
async fn unit_home(
    State(state): State<AppState>,
    UnitAccess { member, .. }: UnitAccess,
    Path(code): Path<String>,
    Query(query): Query<YearQuery>,
) -> Result<Reply<api::UnitHome>, ApiError> {
    let year = year_of(&query)?;
    state
        .db
        .call(move |conn| {
            let (unit, path, _) = ask(conn, &member, &code, |_| Action::ReadUnit)?;
            let (report_due, grace_days) = unit_db::deadline(conn, &path, year)?;
            Ok(Reply(UnitHome {
                children: unit_db::children(conn, &unit.code)?,
                report_due,
                grace_days,
                unit,
                year,
            }))
        })
        .await
}

/// The unit `code`, its path and how `member`'s unit stands to it, if the
/// rule book lets `member` do `action` to it. Unknown units and units out
/// of reach are answered alike, so a phone cannot probe the tree.
fn ask(
    conn: &crate::db::sql::Conn,
    member: &Member,
    code: &str,
    action: impl FnOnce(&Unit) -> Action,
) -> Result<(Unit, String, Standing), ApiError> {
    let (unit, path) = unit_db::unit(conn, code)?.ok_or(ApiError::NotFound)?;
    let standing = Standing::of(&member.path, &path);
    rules::decide(Actor::UnitPhone(standing), action(&unit))?;
    Ok((unit, path, standing))
}

async fn add_unit(
    State(state): State<AppState>,
    UnitAccess { member, .. }: UnitAccess,
    Path(code): Path<String>,
    JsonBody(request): JsonBody<NewUnit>,
) -> Result<Reply<api::AddUnit>, ApiError> {
    let unit = Unit {
        code: check_code(&request.code).map_err(|e| ApiError::BadRequest(e.to_string()))?,
        name: check_name(&request.name).map_err(|e| ApiError::BadRequest(e.to_string()))?,
        level: request.level,
        parent: Some(member.unit.clone()),
    };
    let answer = unit.clone();
    state
        .db
        .call(move |conn| {
            let level = unit.level;
            ask(conn, &member, &code, |parent| Action::AddUnit {
                parent: parent.level,
                child: level,
            })?;
            unit_db::add_child(conn, &member, &unit)
        })
        .await?;
    Ok(Reply(answer))
}

async fn rename(
    State(state): State<AppState>,
    UnitAccess { member, .. }: UnitAccess,
    Path(code): Path<String>,
    JsonBody(request): JsonBody<RenameUnit>,
) -> Result<Reply<api::Rename>, ApiError> {
    let name = check_name(&request.name).map_err(|e| ApiError::BadRequest(e.to_string()))?;
    state
        .db
        .call(move |conn| {
            ask(conn, &member, &code, |_| Action::RenameUnit)?;
            unit_db::rename_child(conn, &member, &code, &name)
        })
        .await?;
    Ok(Reply(()))
}

async fn issue_code(
    State(state): State<AppState>,
    UnitAccess { member, .. }: UnitAccess,
    Path(code): Path<String>,
    headers: HeaderMap,
) -> Result<Reply<api::IssueCode>, ApiError> {
    let enrolment = crate::secrets::access_code();
    // In the fragment, like join links: never sent to a server.
    let link = api::AppLink::UnitSignIn.to(&state.public_url(&headers)?, &enrolment);
    let qr_svg = crate::sync::qr_svg(&link)?;
    let code_hash = state.key.hash(&enrolment);
    let unit = code.clone();
    state
        .db
        .call(move |conn| {
            let (_, _, standing) = ask(conn, &member, &code, |_| Action::ReadUnit)?;
            // Decided again under the tree's lock, with the unit's phones
            // as they are then.
            unit_db::issue_code(conn, &code, &code_hash, &member.unit, |has_phones| {
                Ok(rules::decide(
                    Actor::UnitPhone(standing),
                    Action::IssueCode { has_phones },
                )?)
            })
        })
        .await?;
    Ok(Reply(EnrolmentCode {
        unit,
        code: enrolment,
        link,
        qr_svg,
    }))
}

async fn withdraw_code(
    State(state): State<AppState>,
    UnitAccess { member, .. }: UnitAccess,
    Path(code): Path<String>,
) -> Result<Reply<api::WithdrawCode>, ApiError> {
    // Withdrawing the code alone left the phones (and what they hold)
    // working: a withdrawal is always of both.
    state
        .db
        .call(move |conn| {
            ask(conn, &member, &code, |_| Action::WithdrawPhones)?;
            unit_db::withdraw_phones(conn, &code, &member.unit)
        })
        .await?;
    Ok(Reply(()))
}

/// The deadline `code` set for the units below it for the year asked,
/// if it set one (its form shows it when reopened).
async fn own_deadline(
    State(state): State<AppState>,
    UnitAccess { member, .. }: UnitAccess,
    Path(code): Path<String>,
    Query(query): Query<YearQuery>,
) -> Result<Reply<api::OwnDeadline>, ApiError> {
    let year = year_of(&query)?;
    state
        .db
        .call(move |conn| {
            ask(conn, &member, &code, |_| Action::ReadUnit)?;
            unit_db::own_deadline(conn, &code, year).map(Reply)
        })
        .await
}

async fn set_deadline(
    State(state): State<AppState>,
    UnitAccess { member, .. }: UnitAccess,
    Path(code): Path<String>,
    JsonBody(request): JsonBody<Deadline>,
) -> Result<Reply<api::SetDeadline>, ApiError> {
    if !(2000..=2199).contains(&request.year)
        || (request.due.year() != request.year && request.due.year() != request.year + 1)
    {
        return Err(ApiError::BadRequest("due: in the report's year".into()));
    }
    if request.grace_days > MAX_GRACE_DAYS {
        return Err(ApiError::BadRequest(format!(
            "grace_days: 0 to {MAX_GRACE_DAYS}"
        )));
    }
    state
        .db
        .call(move |conn| {
            ask(conn, &member, &code, |_| Action::SetDeadline)?;
            unit_db::set_deadline(conn, &code, request.year, request.due, request.grace_days)
        })
        .await?;
    Ok(Reply(()))
}

/// The creator attaches an event it shared the old way to its phone's
/// unit. The unit token is the credential; the claim proves the creator.
async fn attach(
    State(state): State<AppState>,
    UnitAccess { member, .. }: UnitAccess,
    Path(id): Path<String>,
    JsonBody(request): JsonBody<AttachRequest>,
) -> Result<Reply<api::Attach>, ApiError> {
    let event = domain::EventId::parse(&id).ok_or(ApiError::NotFound)?;
    let claim_hash = state.key.hash(&request.claim);
    state
        .db
        .call(move |conn| {
            ask(conn, &member, &member.unit, |_| Action::AttachEvent)?;
            unit_db::attach_event(conn, event, &claim_hash, &member.unit)
        })
        .await?;
    Ok(Reply(()))
}

/// The level above's dashboard for `year`: the units below and every event
/// of theirs (and the unit's own) with its figures and report.
async fn dashboard(
    State(state): State<AppState>,
    UnitAccess { member, .. }: UnitAccess,
    Query(query): Query<YearQuery>,
) -> Result<Reply<api::Dashboard>, ApiError> {
    let year = year_of(&query)?;
    state
        .db
        .call(move |conn| {
            let (unit, _) = unit_db::unit(conn, &member.unit)?.ok_or(ApiError::NotFound)?;
            Ok(Reply(Dashboard {
                unit,
                year,
                generated_at: db::now_ms(),
                units: db::rollup::units_below(conn, &member)?,
                events: db::rollup::events_below(conn, &member, year)?,
            }))
        })
        .await
}

/// What the level above computes the movement's period sheet from: the
/// units below, the years and models their ledgers (and its own) hold in
/// the period, and their events held in its years. At most
/// [`MAX_SPAN`](domain::movement::period::MAX_SPAN) + 1 years.
async fn period(
    State(state): State<AppState>,
    UnitAccess { member, .. }: UnitAccess,
    Query(query): Query<PeriodQuery>,
) -> Result<Reply<api::Period>, ApiError> {
    let period = query
        .period()
        .map_err(|e| ApiError::BadPeriod(e.message_vi()))?;
    state
        .db
        .call(move |conn| {
            let (unit, _, _) = ask(conn, &member, &member.unit, |_| Action::ReadDashboard)?;
            let (movements, models) = db::ledger::ledgers_below(conn, &member.path, period)?;
            Ok(Reply(PeriodData {
                unit,
                period,
                generated_at: db::now_ms(),
                units: db::rollup::units_below(conn, &member)?,
                movements,
                models,
                events: db::rollup::events_in(conn, &member, period)?,
                reviews: db::ledger::reviews_below(conn, &member.path, period)?,
            }))
        })
        .await
}

/// The events of the units below, in `year`, each with its latest report:
/// what the level above works from.
async fn reports_below(
    State(state): State<AppState>,
    UnitAccess { member, .. }: UnitAccess,
    Query(query): Query<YearQuery>,
) -> Result<Reply<api::ReportsBelow>, ApiError> {
    let year = year_of(&query)?;
    let rows = state
        .db
        .call(move |conn| unit_db::events_below(conn, &member))
        .await?;
    let mut out = Vec::new();
    for row in rows {
        let Some(meta) = row.meta_json.and_then(|m| match serde_json::from_str(&m) {
            Ok(domain::Record::Event(meta)) => Some(meta),
            _ => None,
        }) else {
            continue;
        };
        if meta.year() != year || meta.removed.is_removed() {
            continue;
        }
        let report = row
            .report_json
            .and_then(|r| match serde_json::from_str(&r) {
                Ok(domain::Record::Submission(s)) => Some(s.report.value),
                _ => None,
            });
        out.push(UnitReport {
            unit: row.unit,
            event: row.event,
            host_name: meta.host_name.value,
            date: meta.date.value,
            latest: row.latest.map(unit_db::report_state),
            report,
        });
    }
    Ok(Reply(out))
}

async fn reports(
    State(state): State<AppState>,
    EventAccess { event, .. }: EventAccess,
) -> Result<Reply<api::Reports>, ApiError> {
    let rows = state
        .db
        .call(move |conn| unit_db::submissions(conn, event))
        .await?;
    Ok(Reply(rows.into_iter().map(unit_db::report_state).collect()))
}

/// The level above decides on a submission: only a phone of the unit
/// directly above the event's (the rule book's [`Action::DecideReport`]).
async fn decide(
    State(state): State<AppState>,
    access: EventAccess,
    Path((_, submission)): Path<(String, String)>,
    JsonBody(request): JsonBody<Decision>,
) -> Result<Reply<api::Decide>, ApiError> {
    // Only the direct parent of the event's unit decides; further up reads.
    rules::decide(access.role.actor(true), Action::DecideReport)?;
    if request.note.chars().count() > MAX_NOTE {
        return Err(ApiError::BadRequest("note: too long".into()));
    }
    if submission.len() > 64 {
        return Err(ApiError::NotFound);
    }
    let event = access.event;
    let token_hash = access.token_hash;
    state
        .db
        .call(move |conn| {
            let by = unit_db::member(conn, &token_hash)?.unit;
            unit_db::decide(
                conn,
                event,
                &submission,
                request.accept,
                request.note.trim(),
                &by,
            )
        })
        .await?;
    Ok(Reply(()))
}

/// "Nhật ký đơn vị": the unit's audit list, for the unit and its parent.
async fn audit(
    State(state): State<AppState>,
    UnitAccess { member, .. }: UnitAccess,
    Path(code): Path<String>,
) -> Result<Reply<api::Audit>, ApiError> {
    state
        .db
        .call(move |conn| {
            ask(conn, &member, &code, |_| Action::ReadAudit)?;
            unit_db::audit_list(conn, &code).map(Reply)
        })
        .await
}
