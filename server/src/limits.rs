//! What one client may ask of the server: rates per address, code and token
//! (the governor crate's GCRA limiters in this process on SQLite; the same
//! algorithm in the database on PostgreSQL, so that several processes
//! count together, [`crate::db::rate`]), a budget of request bytes held in
//! this process's memory at once, and the client's address.

use crate::db::Page;
use crate::ApiError;
use axum::body::{Body, Bytes};
use axum::extract::ConnectInfo;
use axum::http::{header, Extensions, HeaderMap};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};
use std::hash::Hash;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The limits, each sized so that a real event never meets it.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Join attempts per client address per minute (a commune's phones may
    /// share one carrier address, so this allows a room joining at once).
    pub joins_per_minute: u32,
    /// Join attempts per access code per minute.
    pub joins_per_code_per_minute: u32,
    /// Registrations (and registration-key guesses) per address per minute.
    pub registers_per_minute: u32,
    /// Sync requests per token per minute: the app syncs every 10 s and
    /// after changes; a first pull of a big event takes many pages at once.
    pub syncs_per_minute: u32,
    /// One sync answer's size.
    pub page: Page,
    /// The most records one event may hold: a showcase event with a
    /// thousand invitees and a day of outreach holds a few thousand.
    pub records_per_event: u64,
    /// The most history entries one phone (token) may add to one event: a
    /// day's honest work, gate syncs and check-ins included, is a few tens
    /// of thousands; this bounds what a hostile phone makes the server keep
    /// (a new record's creation is bounded by `records_per_event` instead).
    pub history_per_phone: u64,
    /// Failed authentications (unknown or revoked tokens) per client
    /// address per minute: an honest phone fails once and signs in again;
    /// past this the address is refused before any lookup.
    pub auth_failures_per_minute: u32,
    /// Request bodies held in memory at once, in bytes, across all requests.
    pub body_budget: usize,
    /// Read the client's address from the last `X-Forwarded-For` entry
    /// (only behind a reverse proxy that sets it).
    pub trust_forwarded_for: bool,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            joins_per_minute: 30,
            joins_per_code_per_minute: 60,
            registers_per_minute: 10,
            syncs_per_minute: 600,
            page: Page {
                records: 2_000,
                bytes: 1024 * 1024,
            },
            records_per_event: 300_000,
            history_per_phone: 200_000,
            auth_failures_per_minute: 30,
            body_budget: 32 * 1024 * 1024,
            trust_forwarded_for: false,
        }
    }
}

/// The limiters, shared by every request.
pub struct Limiters {
    pub(crate) limits: Limits,
    /// On PostgreSQL, the rates are counted in the database.
    shared: Option<crate::db::Db>,
    joins_by_addr: DefaultKeyedRateLimiter<IpAddr>,
    joins_by_code: DefaultKeyedRateLimiter<String>,
    registers_by_addr: DefaultKeyedRateLimiter<IpAddr>,
    syncs_by_token: DefaultKeyedRateLimiter<String>,
    auth_failures_by_addr: DefaultKeyedRateLimiter<IpAddr>,
    /// Addresses refused until then for failing to authenticate: checked
    /// before any token is hashed or looked up.
    auth_blocked: std::sync::Mutex<std::collections::HashMap<IpAddr, std::time::Instant>>,
    /// Permits are KiB of request body.
    bodies: Arc<Semaphore>,
}

/// `per_minute` requests a minute, all of them allowed in a burst.
fn quota(per_minute: u32) -> Quota {
    Quota::per_minute(NonZeroU32::new(per_minute.max(1)).expect("at least 1"))
}

fn check<K: Hash + Eq + Clone>(
    limiter: &DefaultKeyedRateLimiter<K>,
    key: &K,
) -> Result<(), ApiError> {
    limiter
        .check_key(key)
        .map_err(|not_until| ApiError::RateLimited {
            retry_after: not_until
                .wait_time_from(DefaultClock::default().now())
                .as_secs()
                + 1,
        })
}

impl Limiters {
    /// Limiters for `limits`, counting in this process.
    pub fn new(limits: &Limits) -> Limiters {
        Limiters {
            shared: None,
            joins_by_addr: DefaultKeyedRateLimiter::keyed(quota(limits.joins_per_minute)),
            joins_by_code: DefaultKeyedRateLimiter::keyed(quota(limits.joins_per_code_per_minute)),
            registers_by_addr: DefaultKeyedRateLimiter::keyed(quota(limits.registers_per_minute)),
            syncs_by_token: DefaultKeyedRateLimiter::keyed(quota(limits.syncs_per_minute)),
            auth_failures_by_addr: DefaultKeyedRateLimiter::keyed(quota(
                limits.auth_failures_per_minute,
            )),
            auth_blocked: Default::default(),
            bodies: Arc::new(Semaphore::new(kib(limits.body_budget))),
            limits: limits.clone(),
        }
    }

    /// Limiters for `limits`, counting in `db` when it is one every
    /// process shares (PostgreSQL), in this process otherwise.
    pub fn for_db(limits: &Limits, db: &crate::db::Db) -> Limiters {
        let mut limiters = Limiters::new(limits);
        if db.shared() {
            limiters.shared = Some(db.clone());
        }
        limiters
    }

    /// One request under `key` in `local`, or in the database.
    async fn take<K: Hash + Eq + Clone + std::fmt::Display>(
        &self,
        local: &DefaultKeyedRateLimiter<K>,
        name: &str,
        key: &K,
        per_minute: u32,
    ) -> Result<(), ApiError> {
        // This process's count is never above every process's: a refusal
        // here is one there too, and costs the database nothing.
        check(local, key)?;
        let Some(db) = &self.shared else {
            return Ok(());
        };
        let key = format!("{name}/{key}");
        match db
            .call(move |conn| crate::db::rate::take(conn, &key, per_minute))
            .await?
        {
            None => Ok(()),
            Some(retry_after) => Err(ApiError::RateLimited { retry_after }),
        }
    }

    /// A join attempt from `addr` with a code, by its keyed hash (the code
    /// as typed, normalised if it can be): the database never holds a code.
    pub async fn join(&self, addr: IpAddr, code_hash: &str) -> Result<(), ApiError> {
        let per_addr = self.limits.joins_per_minute;
        let per_code = self.limits.joins_per_code_per_minute;
        self.take(&self.joins_by_addr, "join-addr", &addr, per_addr)
            .await?;
        self.take(
            &self.joins_by_code,
            "join-code",
            &code_hash.to_string(),
            per_code,
        )
        .await
    }

    /// A typed code (join or sign-in) from `addr`: its attempt counted by
    /// address and by code, then the code normalised, or unknown.
    pub async fn code_attempt(
        &self,
        key: &crate::secrets::ServerKey,
        addr: IpAddr,
        typed: &str,
    ) -> Result<String, ApiError> {
        let code = crate::secrets::normalise_code(typed);
        self.join(addr, &key.hash(code.as_deref().unwrap_or(typed)))
            .await?;
        code.ok_or(ApiError::UnknownCode)
    }

    /// A registration attempt from `addr`.
    pub async fn register(&self, addr: IpAddr) -> Result<(), ApiError> {
        let per_minute = self.limits.registers_per_minute;
        self.take(&self.registers_by_addr, "register", &addr, per_minute)
            .await
    }

    /// A sync (or another request) with a token, by its hash.
    pub async fn sync(&self, token_hash: &str) -> Result<(), ApiError> {
        let per_minute = self.limits.syncs_per_minute;
        self.take(
            &self.syncs_by_token,
            "sync",
            &token_hash.to_string(),
            per_minute,
        )
        .await
    }

    /// Refuses an address that failed to authenticate too often, before
    /// its token costs a hash or a query.
    pub fn auth_allowed(&self, addr: IpAddr) -> Result<(), ApiError> {
        let blocked = self
            .auth_blocked
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&addr)
            .copied();
        match blocked {
            Some(until) if until > std::time::Instant::now() => Err(ApiError::RateLimited {
                retry_after: until
                    .saturating_duration_since(std::time::Instant::now())
                    .as_secs()
                    + 1,
            }),
            _ => Ok(()),
        }
    }

    /// Counts a failed authentication from `addr`; past the quota, the
    /// address is refused until the quota refills.
    pub fn auth_failed(&self, addr: IpAddr) {
        if let Err(ApiError::RateLimited { retry_after }) =
            check(&self.auth_failures_by_addr, &addr)
        {
            self.auth_blocked
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert(
                    addr,
                    std::time::Instant::now() + Duration::from_secs(retry_after),
                );
        }
    }

    /// Forgets keys idle long enough to be full again: the maps (or the
    /// table) stay small.
    pub async fn forget_idle(&self) -> Result<(), ApiError> {
        self.joins_by_addr.retain_recent();
        self.joins_by_code.retain_recent();
        self.registers_by_addr.retain_recent();
        self.syncs_by_token.retain_recent();
        self.auth_failures_by_addr.retain_recent();
        let now = std::time::Instant::now();
        self.auth_blocked
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .retain(|_, until| *until > now);
        if let Some(db) = &self.shared {
            db.call(|conn| crate::db::rate::forget_idle(conn)).await?;
        }
        Ok(())
    }

    /// Reads a request body of at most `max` bytes, once there is room for
    /// it in the budget of bodies held at once (so a crowd of large
    /// requests cannot fill the server's memory). The permit goes with the
    /// bytes: hold it while the body is being parsed.
    pub async fn read_body(
        &self,
        headers: &HeaderMap,
        body: Body,
        max: usize,
    ) -> Result<(Bytes, OwnedSemaphorePermit), ApiError> {
        let declared = headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        if declared.is_some_and(|n| n > max) {
            return Err(ApiError::PayloadTooLarge);
        }
        let wanted = kib(declared.unwrap_or(max)).clamp(1, kib(self.limits.body_budget));
        let permit = tokio::time::timeout(
            Duration::from_secs(5),
            self.bodies.clone().acquire_many_owned(wanted as u32),
        )
        .await
        .map_err(|_| ApiError::Busy)?
        .map_err(|_| ApiError::Busy)?;
        let bytes = axum::body::to_bytes(body, max).await.map_err(|e| {
            if e.into_inner().is::<http_body_util::LengthLimitError>() {
                ApiError::PayloadTooLarge
            } else {
                ApiError::BadRequest("unreadable body".into())
            }
        })?;
        Ok((bytes, permit))
    }

    /// The client's address: the connection's, or the last hop a trusted
    /// proxy wrote into `X-Forwarded-For`.
    pub fn client_addr(&self, headers: &HeaderMap, extensions: &Extensions) -> IpAddr {
        if self.limits.trust_forwarded_for {
            let forwarded = headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                // The proxy appends the address it saw: the last entry.
                .next_back()
                .and_then(|a| a.trim().parse::<IpAddr>().ok());
            if let Some(addr) = forwarded {
                return addr;
            }
        }
        extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::LOCALHOST), |c| c.0.ip())
    }
}

/// Each event's turn for pushes in this process: a push waits here, on the
/// async runtime, before it takes a database connection. Pushes to one
/// event are ordered by the database's lock anyway (across processes); a
/// push that waited for it there held a pooled connection meanwhile, so a
/// burst of pushes to one slow event could take every connection and
/// starve every other event.
#[derive(Default)]
pub struct EventTurns {
    turns:
        std::sync::Mutex<std::collections::HashMap<domain::EventId, Arc<tokio::sync::Mutex<()>>>>,
}

impl EventTurns {
    /// Waits for `event`'s turn; held until the guard is dropped.
    pub async fn wait(&self, event: domain::EventId) -> EventTurn<'_> {
        let turn = self
            .turns
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .entry(event)
            .or_default()
            .clone();
        let guard = turn.clone().lock_owned().await;
        EventTurn {
            turns: self,
            event,
            guard: Some(guard),
        }
    }

    /// How many events have a push waiting or under way (tests).
    pub fn len(&self) -> usize {
        self.turns.lock().unwrap_or_else(|p| p.into_inner()).len()
    }

    /// Whether no push is waiting or under way.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// One push's turn on its event.
pub struct EventTurn<'a> {
    turns: &'a EventTurns,
    event: domain::EventId,
    guard: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl Drop for EventTurn<'_> {
    fn drop(&mut self) {
        drop(self.guard.take());
        // The last one out forgets the event: the map holds only events
        // with a push under way.
        let mut turns = self.turns.turns.lock().unwrap_or_else(|p| p.into_inner());
        if turns
            .get(&self.event)
            .is_some_and(|t| Arc::strong_count(t) == 1)
        {
            turns.remove(&self.event);
        }
    }
}

fn kib(bytes: usize) -> usize {
    bytes.div_ceil(1024)
}
