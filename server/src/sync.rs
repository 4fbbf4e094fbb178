//! The sync API: registering an event, joining it with an access code, the
//! sync round trip, rotating the code and leaving. Every route but
//! registration and joining needs a bearer token for the event in its path,
//! checked before a byte of the body is read.

pub use crate::db::SERVER_DEVICE;
use crate::db::{self, NewAccess};
use crate::endpoint::{Answers, Mount, Reply, Takes};
use crate::error::ApiError;
use crate::extract::{ClientAddr, EventAccess, JsonBody, RegisterAttempt};
use crate::AppState;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::{Json, Router};
use domain::api;
use domain::protocol::{AccessGrant, JoinRequest, RegisterRequest, RotateRequest};
use domain::rules::{self, Action};
use domain::{Bundle, DeviceId, EventId};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use uuid::Uuid;

/// The sync routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .endpoint(api::Register, register)
        .endpoint(api::Join, join)
        .endpoint(api::Sync, sync)
        .endpoint(api::Rotate, rotate)
        .endpoint(api::Leave, leave)
}

/// [`domain::protocol::SyncRequest`], with the bundle kept raw so that
/// [`Bundle::parse`] reads it (it names an unknown version precisely).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SyncRequest {
    cursor: u64,
    bundle: Box<RawValue>,
    #[serde(default)]
    protocol: Option<u32>,
    #[serde(default)]
    officer: String,
}

/// [`SyncRequest`] read within the sync route's budget: [`api::Sync`]'s
/// request, in its shape.
struct SyncBody(SyncRequest);

impl axum::extract::FromRequest<AppState> for SyncBody {
    type Rejection = ApiError;

    async fn from_request(req: axum::extract::Request, state: &AppState) -> Result<Self, ApiError> {
        let JsonBody(request) =
            JsonBody::<SyncRequest, { crate::MAX_BODY_BYTES }>::from_request(req, state).await?;
        Ok(SyncBody(request))
    }
}

impl Takes<api::Sync> for SyncBody {}

/// [`SyncAnswer`] written out: the sync route's answer, in [`api::Sync`]'s
/// shape.
struct SyncReply(axum::response::Response);

impl axum::response::IntoResponse for SyncReply {
    fn into_response(self) -> axum::response::Response {
        self.0
    }
}

impl Answers<api::Sync> for SyncReply {}

/// [`domain::protocol::SyncResponse`] written from the stored JSON of each
/// record, without parsing them again (the app reads it as that type; a
/// test holds the two together).
#[derive(Serialize)]
struct SyncAnswer<'a> {
    cursor: u64,
    acked: Vec<String>,
    bundle: RawBundle<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    more: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    server_time_ms: Option<u64>,
}

#[derive(Serialize)]
struct RawBundle<'a> {
    format: &'static str,
    version: u32,
    event: EventId,
    device: DeviceId,
    records: Vec<&'a RawValue>,
    checksum: String,
}

/// A fresh code and token, and the answer that carries them, made before
/// anything is written: whatever can fail here fails with nothing stored.
fn grant(
    state: &AppState,
    headers: &HeaderMap,
    event: EventId,
    code: String,
    token: String,
) -> Result<AccessGrant, ApiError> {
    let (join_url, qr_svg) = invitation(state, headers, &code)?;
    Ok(AccessGrant {
        event,
        code,
        token,
        join_url,
        qr_svg,
    })
}

/// The join link of an access code and its QR code.
pub fn invitation(
    state: &AppState,
    headers: &HeaderMap,
    code: &str,
) -> Result<(String, String), ApiError> {
    // The code goes in the fragment: browsers never send it to a server, so
    // no proxy log or referrer keeps it.
    let join_url = api::AppLink::Join.to(&state.public_url(headers)?, code);
    let qr_svg = qr_svg(&join_url)?;
    Ok((join_url, qr_svg))
}

/// The QR code of a link, as SVG, big enough to scan off a phone's screen.
pub fn qr_svg(link: &str) -> Result<String, ApiError> {
    Ok(qrcode::QrCode::new(link.as_bytes())
        .map_err(|e| ApiError::Internal(format!("qr code: {e}")))?
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(240, 240)
        .quiet_zone(true)
        .build())
}

/// Shares an event: under the phone's unit when it sends its enrolment
/// token, or on the server's registration key (phones not enrolled, as
/// before units).
async fn register(
    State(state): State<AppState>,
    _: RegisterAttempt,
    headers: HeaderMap,
    JsonBody(request): JsonBody<RegisterRequest>,
) -> Result<Reply<api::Register>, ApiError> {
    if request.claim.len() < 32 || request.claim.len() > 128 {
        return Err(ApiError::BadRequest("claim: 32 to 128 characters".into()));
    }
    if !request.event.accepts_claim(&request.claim) {
        return Err(ApiError::EventExists);
    }
    let answer = grant(
        &state,
        &headers,
        request.event,
        crate::secrets::access_code(),
        crate::secrets::token(),
    )?;
    let access = NewAccess {
        event: request.event,
        device: request.device,
        code_hash: state.key.hash(&answer.code),
        token_hash: state.key.hash(&answer.token),
    };
    let key_hash = state.key.hash(request.registration_key.trim());
    let unit_token = crate::extract::bearer(&headers)
        .ok()
        .map(|t| state.key.hash(&t));
    let claim_hash = state.key.hash(&request.claim);
    state
        .db
        .call(move |conn| {
            let unit = match &unit_token {
                Some(hash) => Some(db::units::member(conn, hash)?.unit),
                None if db::registration_key_hash(conn)?.as_deref() == Some(key_hash.as_str()) => {
                    None
                }
                None => return Err(ApiError::Unauthorized),
            };
            // The event token remembers the unit token it came from: a
            // withdrawn unit phone loses its events with it.
            db::register_event(
                conn,
                &access,
                &claim_hash,
                unit.as_deref(),
                unit_token.as_deref(),
            )
        })
        .await?;
    Ok(Reply(answer))
}

async fn join(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    headers: HeaderMap,
    JsonBody(request): JsonBody<JoinRequest>,
) -> Result<Reply<api::Join>, ApiError> {
    let code = state
        .limits
        .code_attempt(&state.key, addr, &request.code)
        .await?;
    let code_hash = state.key.hash(&code);
    // The event is not known until the code is looked up: the answer is
    // made with a placeholder and given its event after.
    let mut answer = grant(
        &state,
        &headers,
        EventId(Uuid::nil()),
        code,
        crate::secrets::token(),
    )?;
    let access = NewAccess {
        event: EventId(Uuid::nil()),
        device: request.device,
        code_hash: String::new(),
        token_hash: state.key.hash(&answer.token),
    };
    answer.event = state
        .db
        .call(move |conn| db::join(conn, &code_hash, access))
        .await?;
    Ok(Reply(answer))
}

async fn sync(
    State(state): State<AppState>,
    // Credentials first: nothing of the body is read for a stranger.
    EventAccess {
        event,
        role,
        token_hash,
        ..
    }: EventAccess,
    SyncBody(request): SyncBody,
) -> Result<SyncReply, ApiError> {
    let (cursor, protocol) = (request.cursor, request.protocol);
    // A name, not a document: bounded like the model's texts.
    let officer: String = request
        .officer
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(domain::text::MAX_TEXT)
        .collect();
    let bundle = Bundle::parse(request.bundle.get().as_bytes())?;
    drop(request);
    bundle.expect_event(event)?;
    if !role.writes() && !bundle.records.is_empty() {
        return Err(ApiError::ReadOnly);
    }
    let now = db::now_ms();
    bundle.check_stamps(now)?;
    let page = state.limits.limits.page;
    let quota = db::Quota {
        records: state.limits.limits.records_per_event,
        history: state.limits.limits.history_per_phone,
    };
    // A push waits for its event's turn here, holding no connection.
    let _turn = if bundle.records.is_empty() {
        None
    } else {
        Some(state.turns.wait(event).await)
    };
    let synced = state
        .db
        .call(move |conn| {
            let synced = db::sync(
                conn,
                event,
                cursor,
                &bundle.records,
                page,
                quota,
                db::Pusher {
                    token_hash: &token_hash,
                    role,
                    officer: &officer,
                },
            )?;
            db::history::synced(conn, &token_hash, &officer)?;
            Ok(synced)
        })
        .await?;
    tracing::debug!(%event, pushed = synced.acked.len(), changed = synced.changed, more = synced.more, "sync");
    // An app older than bundle version 2 refuses a whole answer it cannot
    // read: it gets each such record in the shape it holds instead.
    let bodies = if protocol.unwrap_or(1) < 3 {
        synced
            .records
            .into_iter()
            .map(as_version_1)
            .collect::<Result<Vec<_>, _>>()?
    } else {
        synced.records
    };
    let records = bodies
        .iter()
        .map(|body| serde_json::from_str::<&RawValue>(body))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| ApiError::Internal(format!("stored record: {e}")))?;
    let checksum = domain::protocol::bundle::checksum_of_json(
        serde_json::to_string(&records)
            .map_err(|e| ApiError::Internal(e.to_string()))?
            .as_bytes(),
    );
    let v2 = protocol.unwrap_or(1) >= 2;
    let answer = SyncAnswer {
        cursor: synced.cursor,
        acked: synced.acked,
        bundle: RawBundle {
            format: domain::protocol::bundle::FORMAT,
            version: answer_version(&records),
            event,
            device: SERVER_DEVICE,
            records,
            checksum,
        },
        more: v2.then_some(synced.more),
        server_time_ms: v2.then_some(now),
    };
    Ok(SyncReply(axum::response::IntoResponse::into_response(
        Json(answer),
    )))
}

/// A stored record's JSON in the shape a version-1 reader holds
/// ([`domain::Record::as_version_1`]); unchanged if it has that shape.
fn as_version_1(body: String) -> Result<String, ApiError> {
    if !needs_version_2(&body) {
        return Ok(body);
    }
    let internal = |e: serde_json::Error| ApiError::Internal(format!("stored record {e}"));
    let record: domain::Record = serde_json::from_str(&body).map_err(internal)?;
    serde_json::to_string(&record.as_version_1()).map_err(internal)
}

/// The oldest bundle version holding `records` (see
/// [`domain::Record::min_version`]), read from their stored JSON without
/// parsing them.
fn answer_version(records: &[&RawValue]) -> u32 {
    records
        .iter()
        .map(|r| record_version(r.get()))
        .max()
        .unwrap_or(1)
}

/// The oldest bundle version holding one stored record: its kind's first
/// (a record is stored compact and tagged by kind, `{"movement":…}`), or
/// 2 for a shape version 2 adds.
fn record_version(json: &str) -> u32 {
    let kind = json
        .strip_prefix("{\"")
        .and_then(|rest| rest.split_once('"'))
        .and_then(|(name, _)| domain::RecordKind::from_name(name));
    let shape = if needs_version_2(json) { 2 } else { 1 };
    kind.map_or(1, domain::RecordKind::first_version).max(shape)
}

/// Whether a record's stored JSON has a shape only bundle version 2
/// carries, read without parsing it: the two shapes version 2 adds are
/// the only objects with a `restored` or `left_out` key, and inside a JSON
/// string a quote is always escaped, so `"restored":` cannot occur in a
/// text.
fn needs_version_2(json: &str) -> bool {
    json.contains("\"restored\":") || json.contains("\"left_out\":")
}

/// A new access code, for the phone that registered the event; optionally
/// every other phone's access revoked.
async fn rotate(
    State(state): State<AppState>,
    access: EventAccess,
    headers: HeaderMap,
    JsonBody(request): JsonBody<RotateRequest>,
) -> Result<Reply<api::Rotate>, ApiError> {
    rules::decide(access.role.actor(true), Action::RotateCode)?;
    let EventAccess {
        event,
        token,
        token_hash,
        ..
    } = access;
    let answer = grant(
        &state,
        &headers,
        event,
        crate::secrets::access_code(),
        token,
    )?;
    let code_hash = state.key.hash(&answer.code);
    state
        .db
        .call(move |conn| {
            db::rotate_code(conn, event, &code_hash, &token_hash, request.revoke_others)
        })
        .await?;
    Ok(Reply(answer))
}

/// Revokes the caller's own token: the phone leaves the event.
async fn leave(
    State(state): State<AppState>,
    EventAccess {
        token_hash, role, ..
    }: EventAccess,
) -> Result<Reply<api::Leave>, ApiError> {
    // A unit's phone has no token of the event's to give back.
    rules::decide(role.actor(true), Action::Leave)?;
    state
        .db
        .call(move |conn| db::revoke_token(conn, &token_hash))
        .await?;
    Ok(Reply(()))
}
