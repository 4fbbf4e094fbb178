//! What a unit's phone may do to an event and its phones: the history of
//! every accepted change, the list of phones, removing and restoring the
//! event, undoing a phone.

mod support;

use axum::http::StatusCode;
use domain::{Bundle, DeviceId, EventId, EventState, Hlc, NewEvent, Record};
use serde_json::{json, Value};
use support::units::*;
use support::*;

#[tokio::test]
async fn every_accepted_change_is_in_the_history_with_the_phone_that_pushed_it() {
    let server = Server::new();
    let t = tree(&server).await;
    let (state, mut clock, _) = share_under_unit(&server, &t.commune).await;
    let id = state.id;
    let step = state.program()[1].id;
    let renamed = state
        .rename_step(step, "Chào cờ", clock.tick(5_000))
        .unwrap();
    let (status, _) = sync(&server, &t.commune_2.token, id, vec![renamed.clone()]).await;
    assert_eq!(status, StatusCode::OK);
    // The same change again changes nothing, and adds nothing.
    let (status, _) = sync(&server, &t.commune_2.token, id, vec![renamed]).await;
    assert_eq!(status, StatusCode::OK);
    let path = format!("/api/events/{id}/history?record=step/{}", step.0);
    let (status, list) = server
        .call("GET", &path, Some(&t.province.token), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let entries = list.as_array().unwrap();
    assert_eq!(entries.len(), 2, "{list}");
    // Its creation, by the commune's first phone; the rename, by the second.
    assert_eq!(entries[0]["field"], "*");
    assert_eq!(entries[0]["new"], Value::Null, "a creation is a marker");
    assert_eq!(entries[0]["device"], t.commune.device.to_string());
    assert_eq!(entries[1]["field"], "title");
    assert_eq!(entries[1]["old"], "Lễ chào cờ");
    assert_eq!(entries[1]["new"], "Chào cờ");
    assert_eq!(entries[1]["device"], t.commune_2.device.to_string());
    // Paged and bounded; refused to phones out of reach and for bad input.
    let (_, page) = server
        .call(
            "GET",
            &format!("/api/events/{id}/history?limit=3"),
            Some(&t.commune.token),
            None,
        )
        .await;
    assert_eq!(page.as_array().unwrap().len(), 3);
    for phone in [&t.sibling, &t.hamlet, &t.other_province] {
        let (status, _) = server.call("GET", &path, Some(&phone.token), None).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    let (status, _) = server
        .call(
            "GET",
            &format!("/api/events/{id}/history?record=nope"),
            Some(&t.commune.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = server.call("GET", &path, None, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_phones_of_an_event_are_listed_with_their_officer_and_what_they_did() {
    let server = Server::new();
    let (a, code) = register(&server).await;
    let b = join(&server, &code).await;
    let id = a.state.id;
    let tally = a.state.tap(a.device(), 12);
    let bundle = Bundle::new(id, a.device(), vec![tally]);
    let body = json!({ "cursor": 0, "bundle": serde_json::to_value(&bundle).unwrap(), "protocol": domain::protocol::PROTOCOL, "officer": "  Nguyễn Văn An  " });
    let (status, res) = server
        .call(
            "POST",
            &format!("/api/events/{id}/sync"),
            Some(&a.token),
            Some(body),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{res}");
    let too_long = "x".repeat(5_000);
    let bundle = Bundle::new(id, b.device(), vec![]);
    let body = json!({ "cursor": 0, "bundle": serde_json::to_value(&bundle).unwrap(), "protocol": domain::protocol::PROTOCOL, "officer": too_long });
    let (status, _) = server
        .call(
            "POST",
            &format!("/api/events/{id}/sync"),
            Some(&b.token),
            Some(body),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, list) = server
        .call(
            "GET",
            &format!("/api/events/{id}/devices"),
            Some(&b.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let list: Vec<domain::protocol::EventDevice> = serde_json::from_value(list).unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0].device, a.device().to_string());
    assert_eq!(list[0].officer, "Nguyễn Văn An");
    assert_eq!((list[0].taps, list[0].changes), (12, 1));
    assert!(list[0].last_sync_at.is_some());
    assert_eq!(list[1].officer.chars().count(), 200);
    // Another event's phone sees none of it.
    let (other, _) = register(&server).await;
    let (status, _) = server
        .call(
            "GET",
            &format!("/api/events/{id}/devices"),
            Some(&other.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

/// The event's record as the server holds it, read with `token`.
async fn event_record(server: &Server, token: &str, id: EventId) -> domain::EventMeta {
    let (status, res) = sync(server, token, id, vec![]).await;
    assert_eq!(status, StatusCode::OK, "{res}");
    let bundle = Bundle::parse(res["bundle"].to_string().as_bytes()).unwrap();
    bundle
        .records
        .into_iter()
        .find_map(|r| match r {
            Record::Event(m) => Some(m),
            _ => None,
        })
        .unwrap()
}

#[tokio::test]
async fn only_a_phone_of_the_events_unit_removes_or_restores_the_event_or_undoes_a_phone() {
    let server = Server::new();
    let t = tree(&server).await;
    // The commune's phone shares an event; its answer holds a code and
    // the event token the app syncs with.
    let mut clock = Hlc::new(t.commune.device);
    let (id, claim) = EventId::new_claimed();
    let records = EventState::create(id, NewEvent::example(), clock.tick(1_000)).unwrap();
    let body =
        json!({ "registration_key": "", "event": id, "device": t.commune.device, "claim": claim });
    let (status, grant) = server
        .call("POST", "/api/events", Some(&t.commune.token), Some(body))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{grant}");
    let creator = grant["token"].as_str().unwrap().to_string();
    assert_eq!(sync(&server, &creator, id, records).await.0, StatusCode::OK);
    // A phone that joined with the code, not enrolled in the commune.
    let member_device = DeviceId::random();
    let (status, joined) = server
        .call(
            "POST",
            "/api/join",
            None,
            Some(json!({ "code": grant["code"], "device": member_device })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{joined}");
    let member = joined["token"].as_str().unwrap().to_string();

    // The member's removal is left out, and kept as refused.
    let (status, res) = sync(
        &server,
        &member,
        id,
        vec![removed(&server, &creator, id, 1).await],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{res}");
    assert!(!event_record(&server, &creator, id)
        .await
        .removed
        .is_removed());
    let (_, history) = server
        .call(
            "GET",
            &format!("/api/events/{id}/history?record=event/{id}"),
            Some(&creator),
            None,
        )
        .await;
    assert_eq!(
        history.as_array().unwrap().last().unwrap()["outcome"],
        "refused"
    );
    // Its event token is not enough, though it is the commune's phone (a
    // device id is whatever a phone says): refused too.
    let (status, _) = sync(
        &server,
        &creator,
        id,
        vec![removed(&server, &creator, id, 2).await],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(!event_record(&server, &creator, id)
        .await
        .removed
        .is_removed());
    // With its unit's token it removes it; another phone of the commune
    // restores it.
    let (status, _) = sync(
        &server,
        &t.commune.token,
        id,
        vec![removed(&server, &creator, id, 3).await],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let mut meta = event_record(&server, &creator, id).await;
    assert!(meta.removed.is_removed());
    meta.removed.restore(domain::Stamp {
        wall: 9_000,
        counter: 0,
        device: t.commune_2.device,
    });
    let (status, _) = sync(&server, &t.commune_2.token, id, vec![Record::Event(meta)]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!event_record(&server, &creator, id)
        .await
        .removed
        .is_removed());

    // Undoing a phone: never the member, nor the province above; the
    // commune's phones may.
    let undo = |device: DeviceId| format!("/api/events/{id}/devices/{device}/undo");
    for token in [&member, &t.province.token] {
        let (status, _) = server
            .call("POST", &undo(t.commune.device), Some(token), None)
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    let (status, done) = server
        .call("POST", &undo(member_device), Some(&t.commune_2.token), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{done}");
    let (status, res) = sync(&server, &member, id, vec![]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(res["code"], "device_removed");
}

/// The event's record as stored, removed (at wall time `5_000 + n`).
async fn removed(server: &Server, token: &str, id: EventId, n: u64) -> Record {
    let mut meta = event_record(server, token, id).await;
    meta.removed.remove(domain::Stamp {
        wall: 5_000 + n,
        counter: 0,
        device: DeviceId::random(),
    });
    Record::Event(meta)
}

#[tokio::test]
async fn undoing_the_phone_that_created_the_event_keeps_the_event_as_created_and_leaves_out_its_taps(
) {
    let server = Server::new();
    let t = tree(&server).await;
    let (state, mut clock, _) = share_under_unit(&server, &t.commune).await;
    let id = state.id;
    let step = state.program()[1].id;
    // The creator's phone, later: renames a step and counts at the gate.
    let renamed = state
        .rename_step(step, "Sai tên", clock.tick(9_000))
        .unwrap();
    let tally = state.tap(t.commune.device, 30);
    let (status, _) = sync(&server, &t.commune.token, id, vec![renamed, tally]).await;
    assert_eq!(status, StatusCode::OK);
    // Another phone of the commune counts too, then undoes the first.
    let honest = state.tap(t.commune_2.device, 12);
    assert_eq!(
        sync(&server, &t.commune_2.token, id, vec![honest]).await.0,
        StatusCode::OK
    );
    let (status, done) = server
        .call(
            "POST",
            &format!("/api/events/{id}/devices/{}/undo", t.commune.device),
            Some(&t.commune_2.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{done}");
    // The event and its program stand as created; the rename is undone;
    // only the other phone's people are counted.
    let (status, res) = sync(&server, &t.commune_2.token, id, vec![]).await;
    assert_eq!(status, StatusCode::OK, "{res}");
    let bundle = Bundle::parse(res["bundle"].to_string().as_bytes()).unwrap();
    let after = EventState::from_records(id, bundle.records).unwrap();
    assert!(!after.meta.as_ref().unwrap().removed.is_removed());
    assert_eq!(after.program().len(), 11);
    assert_eq!(after.program()[1].title.value, "Lễ chào cờ");
    assert_eq!(after.headcount(), 12);
    // The phone stays out of this event, even with its unit's token.
    let (status, res) = sync(&server, &t.commune.token, id, vec![]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(res["code"], "device_removed");
}

#[tokio::test]
async fn a_unit_phones_device_id_is_not_given_to_a_phone_joining_with_the_code() {
    let server = Server::new();
    let t = tree(&server).await;
    let (id, claim) = EventId::new_claimed();
    let body =
        json!({ "registration_key": "", "event": id, "device": t.commune.device, "claim": claim });
    let (status, res) = server
        .call("POST", "/api/events", Some(&t.commune.token), Some(body))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{res}");
    let code = res["code"].as_str().unwrap();
    // The commune's second phone works the event with its unit token only:
    // its device id (which the event's records show) is still its own.
    let join = |device: DeviceId| json!({ "code": code, "device": device }).to_string();
    let (status, res) = server
        .post("/api/join", None, join(t.commune_2.device))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{res}");
    assert_eq!(res["code"], "device_taken");
    // A phone of another unit has no access to this event: it may join.
    let (status, res) = server.post("/api/join", None, join(t.sibling.device)).await;
    assert_eq!(status, StatusCode::OK, "{res}");
}
