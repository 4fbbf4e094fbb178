//! One round of sync with the server, and sharing and joining: the code
//! that talks to the server, in the sync module fetched on first use.

use crate::error::AppError;
use crate::net;
use crate::session::{now_ms, Session};
use crate::storage::{Pending, SyncLink};
use domain::protocol::{AccessGrant, JoinRequest, RegisterRequest, SyncRequest, SyncResponse};
use domain::{Bundle, EventId, Record, RecordKey};

/// Syncs each linked event in turn. Each on its own: one that fails (say, its
/// access was revoked) must not keep the others from syncing. The first
/// error is reported.
pub async fn sync_links(session: Session, links: Vec<SyncLink>) -> Result<(), AppError> {
    let mut first_error = None;
    for link in links {
        if let Err(e) = sync_event(&session, link).await {
            first_error.get_or_insert(e);
        }
    }
    first_error.map_or(Ok(()), Err)
}

/// One round trip for one event.
async fn sync_event(session: &Session, mut link: SyncLink) -> Result<(), AppError> {
    let event = link.grant.event;
    // What to push: taken under the write lock, so no tap is half-seen.
    let (pending, records) = session
        .exclusive(async {
            let pending = session.db().outbox(event).await?;
            let records: Vec<Record> = match session.db().load_event(event).await {
                Ok(state) if link.push_all => state.records().collect(),
                Ok(state) => {
                    let prefix = format!("{event}/");
                    pending
                        .iter()
                        .filter_map(|(key, _)| key.strip_prefix(&prefix).and_then(RecordKey::parse))
                        .filter_map(|key| state.record(&key))
                        .collect()
                }
                // Joined, and nothing here yet: only pull.
                Err(AppError::EventNotFound) => vec![],
                Err(e) => return Err(e),
            };
            Ok((pending, records))
        })
        .await?;
    let request = SyncRequest {
        cursor: link.cursor,
        bundle: Bundle::new(event, session.device(), records),
    };
    let path = format!("/api/events/{event}/sync");
    let response: SyncResponse = net::post_json(&path, &request, Some(&link.grant.token)).await?;
    response.bundle.check()?;
    response.bundle.expect_event(event)?;

    let prefix = format!("{event}/");
    let settled: Vec<Pending> = pending
        .into_iter()
        .filter(|(key, _)| {
            key.strip_prefix(&prefix)
                .is_some_and(|k| response.acked.iter().any(|a| a == k))
        })
        .collect();
    link.cursor = response.cursor;
    link.push_all = false;
    link.last_success_ms = Some(now_ms());
    session
        .apply_remote(event, response.bundle.records, &settled, &link)
        .await
}

/// Shares an event through the server: registers it, then pushes it whole.
pub async fn share(
    session: &Session,
    event: EventId,
    registration_key: String,
) -> Result<(), AppError> {
    let request = RegisterRequest {
        registration_key: registration_key.trim().to_string(),
        event,
        device: session.device(),
    };
    let grant: AccessGrant = net::post_json("/api/events", &request, None).await?;
    let link = SyncLink::new(grant, true);
    session.db().save_link(&link).await?;
    super::sync_all(session.clone()).await;
    Ok(())
}

/// Joins an event by its access code and fetches everything recorded so far.
pub async fn join(session: &Session, code: &str) -> Result<EventId, AppError> {
    let request = JoinRequest {
        code: code.to_string(),
        device: session.device(),
    };
    let grant: AccessGrant = net::post_json("/api/join", &request, None).await?;
    let event = grant.event;
    let link = SyncLink::new(grant, false);
    session.db().save_link(&link).await?;
    sync_event(session, link).await?;
    Ok(event)
}
