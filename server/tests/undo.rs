//! A phone that joined legitimately and went wrong: what the server refuses
//! outright, what its history keeps, and undoing it.

mod support;

use axum::http::StatusCode;
use domain::{headcount, Record};
use serde_json::Value;
use support::*;

/// Three phones of one event: the creator, an honest one and the rogue,
/// each with taps at the gate already synced.
async fn three_phones(server: &Server) -> (Phone, Phone, Phone, String) {
    let (mut creator, code) = register(server).await;
    let all: Vec<Record> = creator.state.records().collect();
    assert_eq!(creator.sync(server, all).await.0, StatusCode::OK);
    let mut honest = join(server, &code).await;
    let mut rogue = join(server, &code).await;
    for (phone, taps) in [(&mut creator, 40), (&mut honest, 25), (&mut rogue, 3)] {
        phone.pull_all(server).await;
        let tally = phone.state.tap(phone.device(), taps);
        let (status, res) = phone.sync(server, vec![tally]).await;
        assert_eq!(status, StatusCode::OK, "{res}");
    }
    (creator, honest, rogue, code)
}

async fn history(server: &Server, phone: &Phone, record: &str) -> Vec<Value> {
    let path = format!("/api/events/{}/history?record={record}", phone.state.id);
    let (status, list) = server.call("GET", &path, Some(&phone.token), None).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    list.as_array().unwrap().clone()
}

#[tokio::test]
async fn a_tally_jumping_by_more_than_a_gate_counts_is_refused_and_kept_as_refused() {
    let server = Server::new();
    let (creator, _, mut rogue, _) = three_phones(&server).await;
    // A billion into the creator's slot.
    let mut inflated = creator.state.tally_of(creator.device());
    inflated.increments = 1_000_000_000;
    let (status, res) = rogue.sync(&server, vec![Record::Headcount(inflated)]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{res}");
    assert_eq!(res["code"], "implausible");
    // Nothing stored; the attempt is in the history, as refused, by the rogue.
    let mut check = join_as(&server, &creator).await;
    check.pull_all(&server).await;
    assert_eq!(check.state.headcount(), 68);
    let key = format!("headcount/{}", creator.device());
    let entries = history(&server, &creator, &key).await;
    let refused = entries.last().unwrap();
    assert_eq!(refused["outcome"], "refused", "{entries:?}");
    assert_eq!(refused["new"], 1_000_000_000);
    assert_eq!(refused["device"], rogue.device().to_string());
    // Nor may a member set another phone's tally aside (only the unit
    // does, by undoing a phone): left out of the push, kept as refused.
    let mut aside = creator.state.tally_of(creator.device());
    aside.left_out.remove(domain::Stamp {
        wall: now_ms(),
        counter: 0,
        device: rogue.device(),
    });
    let (status, res) = rogue.sync(&server, vec![Record::Headcount(aside)]).await;
    assert_eq!(status, StatusCode::OK, "{res}");
    let mut check = join_as(&server, &creator).await;
    check.pull_all(&server).await;
    assert_eq!(check.state.headcount(), 68);
    let entries = history(&server, &creator, &key).await;
    assert_eq!(entries.last().unwrap()["field"], "left_out");
    assert_eq!(entries.last().unwrap()["outcome"], "refused");
    // Within what a gate counts, a tally still moves.
    let fine = rogue.state.tap(rogue.device(), headcount::MAX_TAP);
    assert_eq!(rogue.sync(&server, vec![fine]).await.0, StatusCode::OK);
}

fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64
}

/// A fresh replica of the creator's event, read through the creator's token.
async fn join_as(_server: &Server, creator: &Phone) -> Phone {
    Phone {
        clock: domain::Hlc::new(domain::DeviceId::random()),
        state: domain::EventState::empty(creator.state.id),
        token: creator.token.clone(),
        cursor: 0,
        claim: String::new(),
    }
}

#[tokio::test]
async fn undoing_a_rogue_phone_takes_back_its_renames_removals_and_taps_and_keeps_everyone_elses() {
    let server = Server::new();
    let (mut creator, mut honest, mut rogue, code) = three_phones(&server).await;
    let steps: Vec<domain::Step> = rogue.state.program().into_iter().cloned().collect();
    let (first, second) = (steps[0].id, steps[1].id);
    // The honest phone renames the first step; then the rogue renames both
    // (later), removes the third and tries to remove the event.
    let fixed = honest
        .state
        .rename_step(first, "Đón tiếp đại biểu", honest.clock.tick(now_ms()))
        .unwrap();
    assert_eq!(honest.sync(&server, vec![fixed]).await.0, StatusCode::OK);
    rogue.pull_all(&server).await;
    let now = now_ms() + 1_000;
    let mut pushed = vec![
        rogue
            .state
            .rename_step(first, "XXX", rogue.clock.tick(now))
            .unwrap(),
        rogue
            .state
            .rename_step(second, "YYY", rogue.clock.tick(now))
            .unwrap(),
        rogue
            .state
            .remove_step(steps[2].id, rogue.clock.tick(now))
            .unwrap(),
    ];
    let mut meta = rogue.state.meta.clone().unwrap();
    meta.removed.remove(rogue.clock.tick(now));
    pushed.push(Record::Event(meta));
    let (status, res) = rogue.sync(&server, pushed).await;
    assert_eq!(status, StatusCode::OK, "{res}");
    // The event's removal was left out (only its unit, or for an event under
    // no unit its creator, removes it), and kept as refused.
    creator.pull_all(&server).await;
    assert!(!creator.state.meta.as_ref().unwrap().removed.is_removed());
    let event_key = format!("event/{}", creator.state.id);
    let entries = history(&server, &creator, &event_key).await;
    assert_eq!(entries.last().unwrap()["outcome"], "refused");
    assert_eq!(creator.state.program()[0].title.value, "XXX");

    // A second phone writes to the rogue's tally too (to shield it): the
    // undo sets the rogue's own tally aside all the same.
    honest.pull_all(&server).await;
    let shield = honest.state.tap(rogue.device(), 1);
    assert_eq!(honest.sync(&server, vec![shield]).await.0, StatusCode::OK);

    // Only the creator (or the event's unit) may undo; never a member.
    let undo = |who: &Phone, device: domain::DeviceId| {
        format!("/api/events/{}/devices/{device}/undo", who.state.id)
    };
    let (status, _) = server
        .call(
            "POST",
            &undo(&honest, rogue.device()),
            Some(&honest.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = server
        .call(
            "POST",
            &undo(&creator, creator.device()),
            Some(&creator.token),
            None,
        )
        .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "a phone does not undo itself"
    );
    let (status, _) = server
        .call(
            "POST",
            &undo(&creator, domain::DeviceId::random()),
            Some(&creator.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = server
        .call(
            "POST",
            "/api/events/x/devices/not-a-device/undo",
            Some(&creator.token),
            None,
        )
        .await;
    assert!(status.is_client_error());

    let (status, done) = server
        .call(
            "POST",
            &undo(&creator, rogue.device()),
            Some(&creator.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!(done["revoked"], 1);
    // Its renames, removal and taps: four records written back.
    assert_eq!(done["records"], 4, "{done}");

    // Every phone converges to the state without the rogue: the honest
    // rename back, the second step's first title, the third step back,
    // the honest taps all counted and the rogue's left out.
    for phone in [&mut creator, &mut honest] {
        phone.pull_all(&server).await;
        let program = phone.state.program();
        assert_eq!(program[0].title.value, "Đón tiếp đại biểu");
        assert_eq!(program[1].title.value, steps[1].title.value);
        assert_eq!(program.len(), steps.len());
        assert_eq!(phone.state.headcount(), 65);
    }
    // The rogue is told it was removed, in its own words, and cannot come
    // back with the code.
    let (status, res) = rogue.sync(&server, vec![]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(res["code"], "device_removed");
    let body = serde_json::json!({ "code": code, "device": rogue.device() });
    let (status, res) = server.post("/api/join", None, body.to_string()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{res}");
    assert_eq!(res["code"], "device_removed");
    // The history shows the undo, by the creator's phone.
    let entries = history(&server, &creator, &format!("step/{}", second.0)).await;
    let last = entries.last().unwrap();
    assert_eq!(last["outcome"], "undo");
    assert_eq!(last["device"], creator.device().to_string());
    assert_eq!(last["new"], steps[1].title.value.as_str());
}

#[tokio::test]
async fn the_undo_route_refuses_no_token_another_events_token_and_a_revoked_one() {
    let server = Server::new();
    let (creator, _, rogue, _) = three_phones(&server).await;
    let (other, _) = register(&server).await;
    let path = format!(
        "/api/events/{}/devices/{}/undo",
        creator.state.id,
        rogue.device()
    );
    let (status, _) = server.call("POST", &path, None, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = server.call("POST", &path, Some(&other.token), None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // The creator leaves: its token is revoked, and undoes nothing more.
    let leave = format!("/api/events/{}/token", creator.state.id);
    let (status, _) = server
        .call("DELETE", &leave, Some(&creator.token), None)
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, res) = server.call("POST", &path, Some(&creator.token), None).await;
    assert_eq!(
        (status, res["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("token_revoked"))
    );
    // Nothing was undone: the rogue still syncs.
    let mut rogue = rogue;
    assert_eq!(rogue.sync(&server, vec![]).await.0, StatusCode::OK);
}
