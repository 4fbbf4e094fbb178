//! One round of sync with the server, and sharing and joining: the code
//! that talks to the server, in the sync module fetched on first use. Its
//! entries are the `pub` functions returning [`Entry`]; call them with
//! [`crate::lazy::run_entry`].

use crate::error::AppError;
use crate::lazy::{split_entry, Entry};
use crate::net;
use crate::session::Session;
use crate::storage::{Pending, SyncLink};
use crate::time::now_ms;
use domain::api;
use domain::merge::clock::MAX_AHEAD_MS;
use domain::protocol::{
    AccessGrant, JoinRequest, RegisterRequest, RotateRequest, SyncRequest, SyncResponse, PROTOCOL,
    PUSH_RECORDS,
};
use domain::{Bundle, EventId, Record, RecordKey};
use leptos::prelude::Set;
use std::rc::Rc;

split_entry!(
    sync,
    /// One round of sync for `links` (see [`sync_links`]).
    pub fn sync_round(session: Session, links: Vec<SyncLink>) -> Entry<()> {
        Ok(Box::pin(sync_links(session, links)))
    }
);

split_entry!(
    sync,
    /// Shares an event through the server (see [`share`]).
    pub fn share_event(session: Session, event: EventId, registration_key: String) -> Entry<()> {
        Ok(Box::pin(async move {
            share(&session, event, registration_key).await
        }))
    }
);

split_entry!(
    sync,
    /// A new access code, optionally locking out every other phone (see [`rotate`]).
    pub fn rotate_code(session: Session, event: EventId, revoke_others: bool) -> Entry<()> {
        Ok(Box::pin(async move {
            rotate(&session, event, revoke_others).await
        }))
    }
);

split_entry!(
    sync,
    /// Joins an event by its access code (see [`join`]).
    pub fn join_event(session: Session, code: String) -> Entry<EventId> {
        Ok(Box::pin(async move { join(&session, &code).await }))
    }
);

split_entry!(
    sync,
    /// Attaches an event shared before enrolling to this phone's unit (see
    /// [`super::units::attach`]).
    pub fn attach_event(session: Session, event: EventId) -> Entry<()> {
        Ok(Box::pin(async move {
            super::units::attach(&session, event).await
        }))
    }
);

/// Syncs each linked event in turn. Each on its own: one that fails (say, its
/// access was revoked) must not keep the others from syncing. The first
/// error is reported.
async fn sync_links(session: Session, links: Vec<SyncLink>) -> Result<(), AppError> {
    let mut first_error = None;
    for link in links {
        if let Err(e) = sync_event(&session, link).await {
            first_error.get_or_insert(e);
        }
    }
    first_error.map_or(Ok(()), Err)
}

thread_local! {
    static ONE_AT_A_TIME: Rc<futures::lock::Mutex<()>> = Rc::new(futures::lock::Mutex::new(()));
}

/// A sync of one event: pushes what waits, a page at a time, and pulls
/// page after page until the server has nothing more. Each page is stored
/// with its cursor before the next is asked for, so a sync cut off midway
/// goes on from there next time instead of starting over.
///
/// If the server refuses changes stamped ahead of its clock and this
/// phone's clock is right now (it was fixed since), they are restamped and
/// sent once more; if the clock is still wrong, the officer is told.
async fn sync_event(session: &Session, link: SyncLink) -> Result<(), AppError> {
    // One sync at a time on this phone (joining, the poll, "Đồng bộ ngay"):
    // two would pull the same pages and store their cursors out of order.
    let lock = ONE_AT_A_TIME.with(Rc::clone);
    let _turn = lock.lock().await;
    // Read again: a sync that ran while this one waited moved the cursor on.
    let mut link = session.db().link(link.grant.event).await?.unwrap_or(link);
    link.upgrade_protocol();
    let result = push_and_pull(session, &mut link).await;
    let result = match result {
        Err(AppError::ClockAhead { server_ms }) if now_ms() <= server_ms + MAX_AHEAD_MS / 2 => {
            session
                .rebase(link.grant.event, server_ms + MAX_AHEAD_MS / 2)
                .await?;
            push_and_pull(session, &mut link).await
        }
        other => other,
    };
    session.sync.received.set(None);
    result
}

/// Round trips until everything waiting is pushed and everything new pulled.
async fn push_and_pull(session: &Session, link: &mut SyncLink) -> Result<(), AppError> {
    let event = link.grant.event;
    let prefix = format!("{event}/");
    let mut received = 0u64;
    // The outbox of a whole pushed event, a page at a time.
    let mut offset = 0usize;
    // Bounded all the same (a million records each way): whatever the
    // server answers, a sync ends, and the next one goes on.
    for _ in 0..1_000 {
        // What to push: taken under the write lock, so no tap is half-seen.
        let (pending, records, rest) = session
            .exclusive(async {
                let pending = session.db().outbox(event).await?;
                // A joined event with nothing here yet is empty: only pull.
                // A ledger has no event record: it is read all the same.
                let state = session.db().load_document(event).await?;
                if link.push_all {
                    let all: Vec<Record> = state.records().skip(offset).collect();
                    let rest = all.len() > PUSH_RECORDS;
                    let page: Vec<Record> = all.into_iter().take(PUSH_RECORDS).collect();
                    // Every record goes this time: the outbox is settled with the last page.
                    let pending = if rest { vec![] } else { pending };
                    return Ok::<_, AppError>((pending, page, rest));
                }
                let rest = pending.len() > PUSH_RECORDS;
                let pending: Vec<Pending> = pending.into_iter().take(PUSH_RECORDS).collect();
                let records = pending
                    .iter()
                    .filter_map(|(key, _)| key.strip_prefix(&prefix).and_then(RecordKey::parse))
                    .filter_map(|key| state.record(&key))
                    .collect();
                Ok((pending, records, rest))
            })
            .await?;
        let pushed = records.len();
        let request = SyncRequest {
            cursor: link.cursor,
            bundle: Bundle::new(event, session.device(), records),
            protocol: PROTOCOL,
            // So the other phones' history can say who did what.
            officer: crate::prefs::Prefs::load().display_name,
        };
        let response: SyncResponse =
            net::call::<api::Sync>(&(event,), &(), &request, Some(&link.grant.token)).await?;
        response.bundle.check()?;
        response.bundle.expect_event(event)?;

        let settled: Vec<Pending> = pending
            .into_iter()
            .filter(|(key, _)| {
                key.strip_prefix(&prefix)
                    .is_some_and(|k| response.acked.iter().any(|a| a == k))
            })
            .collect();
        let more = response.more == Some(true);
        received += response.bundle.records.len() as u64;
        if more || received > response.bundle.records.len() as u64 {
            session.sync.received.set(Some(received));
        }
        link.cursor = response.cursor;
        if link.push_all {
            offset += pushed;
            link.push_all = rest;
        }
        link.last_success_ms = Some(now_ms());
        session
            .apply_remote(event, response.bundle.records, &settled, link)
            .await?;
        if !more && !rest {
            return Ok(());
        }
    }
    Ok(())
}

/// Shares an event through the server: registers it, then pushes it whole.
async fn share(
    session: &Session,
    event: EventId,
    registration_key: String,
) -> Result<(), AppError> {
    let claim = match session.db().claim(event).await? {
        Some(claim) => claim,
        // Made before claims: any claim may register it first, this one.
        None if !event.is_claimed() => {
            let (_, claim) = EventId::new_claimed();
            session.save_claim(event, &claim).await?;
            claim
        }
        // The event came by file or by joining: its creator shares it.
        None => return Err(AppError::NotCreator),
    };
    // An enrolled phone shares under its unit, with its unit's token; the
    // server's registration key is for phones not enrolled.
    let enrolled = session.db().enrolment().await?;
    let request = RegisterRequest {
        registration_key: registration_key.trim().to_string(),
        event,
        device: session.device(),
        claim,
    };
    let token = enrolled.as_ref().map(|e| e.token.as_str());
    let grant: AccessGrant = net::call::<api::Register>(&(), &(), &request, token).await?;
    let mut link = SyncLink::new(grant, true);
    link.unit = enrolled.map(|e| e.unit.code);
    session.save_link(&link).await?;
    super::sync_all(session.clone()).await;
    Ok(())
}

/// A new access code for an event this phone shared; with `revoke_others`,
/// every other phone loses access (a phone was lost) and must join again
/// with the new code.
async fn rotate(session: &Session, event: EventId, revoke_others: bool) -> Result<(), AppError> {
    // Not while a sync runs: it would save the link with the old code.
    let lock = ONE_AT_A_TIME.with(Rc::clone);
    let _turn = lock.lock().await;
    let Some(mut link) = session.db().link(event).await? else {
        return Err(AppError::EventNotFound);
    };
    let request = RotateRequest { revoke_others };
    let grant: AccessGrant =
        net::call::<api::Rotate>(&(event,), &(), &request, Some(&link.grant.token)).await?;
    link.grant = grant;
    session.save_link(&link).await
}

/// Joins an event by its access code and fetches everything recorded so far.
async fn join(session: &Session, code: &str) -> Result<EventId, AppError> {
    // Already in it (the code typed again): open it. The server would
    // refuse this phone a second access to the same event.
    if let Some(typed) = domain::protocol::normalise_code(code) {
        let links = session.db().links().await?;
        let same =
            |l: &SyncLink| domain::protocol::normalise_code(&l.grant.code) == Some(typed.clone());
        if let Some(link) = links.iter().find(|l| same(l)) {
            return Ok(link.grant.event);
        }
    }
    let request = JoinRequest {
        code: code.to_string(),
        device: session.device(),
    };
    let grant: AccessGrant = match net::call::<api::Join>(&(), &(), &request, None).await {
        // This phone is in the event already and holds an older code (it
        // was changed since): it opens the event it has.
        Err(AppError::AlreadyIn(event)) if session.db().link(event).await?.is_some() => {
            return Ok(event);
        }
        answered => answered?,
    };
    let event = grant.event;
    let link = SyncLink::new(grant, false);
    session.save_link(&link).await?;
    sync_event(session, link).await?;
    Ok(event)
}
