//! What the phone keeps beside its events — a claim, a link to the
//! server, its unit, the level above's last answer — written through the
//! session like every change, with storage's write half, but without
//! waiting for the writes' turn: none touches a record or the clock.

use crate::error::AppError;
use crate::session::Session;
use crate::storage::{Enrolled, SyncLink};
use domain::EventId;
use std::future::Future;

impl Session {
    /// Keeps an event's claim (before the event itself is first written).
    pub fn save_claim<'a>(
        &'a self,
        event: EventId,
        claim: &'a str,
    ) -> impl Future<Output = Result<(), AppError>> + 'a {
        self.writer().save_claim(event, claim)
    }

    /// Keeps an event's link to the server (after sharing, joining, a new code).
    pub fn save_link<'a>(
        &'a self,
        link: &'a SyncLink,
    ) -> impl Future<Output = Result<(), AppError>> + 'a {
        self.writer().save_link(link)
    }

    /// Keeps this phone's enrolment (after enrolling, or a fresh home).
    pub fn save_enrolment<'a>(
        &'a self,
        enrolled: &'a Enrolled,
    ) -> impl Future<Output = Result<(), AppError>> + 'a {
        self.writer().save_enrolment(enrolled)
    }

    /// Forgets this phone's enrolment (the officer signs the phone out).
    pub fn forget_enrolment(&self) -> impl Future<Output = Result<(), AppError>> + '_ {
        self.writer().forget_enrolment()
    }

    /// Keeps a copy of a server's answer (its JSON) for offline use.
    pub fn save_cached<'a>(
        &'a self,
        key: &'a str,
        json: &'a [u8],
    ) -> impl Future<Output = Result<(), AppError>> + 'a {
        self.writer().save_cached(key, json)
    }

    /// Forgets the marks of gate taps counted before `before_ms` (see
    /// [`Writer::forget_taps`]).
    pub(in crate::session) fn forget_taps(
        &self,
        before_ms: u64,
    ) -> impl Future<Output = Result<(), AppError>> + '_ {
        self.writer().forget_taps(before_ms)
    }
}
