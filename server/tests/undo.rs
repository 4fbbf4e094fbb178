//! A phone that joined legitimately and went wrong: what the server refuses
//! outright, what its history keeps, and undoing it.

mod support;

use axum::http::StatusCode;
use domain::kinds::headcount;
use domain::Record;
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
    // A billion into its own slot: refused whole.
    let mut inflated = rogue.state.tally_of(rogue.device());
    inflated.increments = 1_000_000_000;
    let (status, res) = rogue.sync(&server, vec![Record::Headcount(inflated)]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{res}");
    assert_eq!(res["code"], "implausible");
    // Nothing stored; the attempt is in the history, as refused, by the rogue.
    let mut check = join_as(&server, &creator).await;
    check.pull_all(&server).await;
    assert_eq!(check.state.headcount(), 68);
    let own = format!("headcount/{}", rogue.device());
    let entries = history(&server, &creator, &own).await;
    let refused = entries.last().unwrap();
    assert_eq!(refused["outcome"], "refused", "{entries:?}");
    assert_eq!(refused["new"], 1_000_000_000);
    assert_eq!(refused["device"], rogue.device().to_string());
    // Into the creator's slot, even by a little: another phone's tally is
    // that phone's to write. Left out of the push, kept as refused.
    let mut raised = creator.state.tally_of(creator.device());
    raised.increments += 500;
    let (status, res) = rogue.sync(&server, vec![Record::Headcount(raised)]).await;
    assert_eq!(status, StatusCode::OK, "{res}");
    let mut check = join_as(&server, &creator).await;
    check.pull_all(&server).await;
    assert_eq!(check.state.headcount(), 68);
    let key = format!("headcount/{}", creator.device());
    let entries = history(&server, &creator, &key).await;
    let refused = entries.last().unwrap();
    assert_eq!(refused["outcome"], "refused", "{entries:?}");
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
    // back: the code it knew no longer opens the event, under any device
    // id, and the new one does not let its device in.
    let (status, res) = rogue.sync(&server, vec![]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(res["code"], "device_removed");
    for device in [rogue.device(), domain::DeviceId::random()] {
        let body = serde_json::json!({ "code": code, "device": device });
        let (status, res) = server.post("/api/join", None, body.to_string()).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{res}");
        assert_eq!(res["code"], "unknown_code");
    }
    let new_code = done["code"].as_str().unwrap();
    assert_ne!(new_code, code);
    assert!(done["join_url"].as_str().unwrap().ends_with(new_code));
    assert!(done["qr_svg"].as_str().unwrap().starts_with("<?xml"));
    let body = serde_json::json!({ "code": new_code, "device": rogue.device() });
    let (status, res) = server.post("/api/join", None, body.to_string()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{res}");
    assert_eq!(res["code"], "device_removed");
    // An app older than bundle version 2 still reads the event, in the
    // shape it holds: the step back as not removed, no restored shapes.
    let path = format!("/api/events/{}/sync", honest.state.id);
    let old_app = serde_json::json!({
        "cursor": 0,
        "bundle": domain::Bundle::new(honest.state.id, honest.device(), vec![]),
        "protocol": 2,
    });
    let (status, res) = server
        .post(&path, Some(&honest.token), old_app.to_string())
        .await;
    assert_eq!(status, StatusCode::OK, "{res}");
    assert_eq!(res["bundle"]["version"], 1);
    let text = res["bundle"].to_string();
    assert!(!text.contains("\"restored\":") && !text.contains("\"left_out\":"));
    let back = domain::Bundle::parse(text.as_bytes()).unwrap();
    let third = back
        .records
        .iter()
        .find(|r| r.key().to_string() == format!("step/{}", steps[2].id.0))
        .unwrap();
    assert!(matches!(third, Record::Step(s) if !s.removed.is_removed()));
    // A new phone joins with the new code; the honest one still syncs.
    let mut newcomer = join(&server, new_code).await;
    newcomer.pull_all(&server).await;
    assert_eq!(newcomer.state.headcount(), 65);
    assert_eq!(honest.sync(&server, vec![]).await.0, StatusCode::OK);
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

#[tokio::test]
async fn a_tally_of_a_phone_with_no_access_of_its_own_is_relayed_and_a_copy_changes_nothing() {
    let server = Server::new();
    let (creator, mut honest, _, _) = three_phones(&server).await;
    // A phone that only exchanges files counts at the gate; the honest
    // phone imported its file and sends its taps on.
    let offline = domain::DeviceId::random();
    let relayed = honest.state.tap(offline, 12);
    let (status, res) = honest.sync(&server, vec![relayed]).await;
    assert_eq!(status, StatusCode::OK, "{res}");
    // The creator's own tally as it is on the server, relayed from a file:
    // nothing to refuse, nothing kept.
    let key = format!("headcount/{}", creator.device());
    let before = history(&server, &creator, &key).await.len();
    let copy = Record::Headcount(honest.state.tally_of(creator.device()));
    assert_eq!(honest.sync(&server, vec![copy]).await.0, StatusCode::OK);
    assert_eq!(history(&server, &creator, &key).await.len(), before);
    let mut check = join_as(&server, &creator).await;
    check.pull_all(&server).await;
    assert_eq!(check.state.headcount(), 68 + 12);
}

#[tokio::test]
async fn a_device_id_already_working_the_event_is_not_given_to_a_second_phone() {
    let server = Server::new();
    let (mut creator, code) = register(&server).await;
    let member = join(&server, &code).await;
    for device in [creator.device(), member.device()] {
        let body = serde_json::json!({ "code": code, "device": device });
        let (status, res) = server.post("/api/join", None, body.to_string()).await;
        assert_eq!(status, StatusCode::CONFLICT, "{res}");
        assert_eq!(res["code"], "device_taken");
        // Named, so a phone already in it (holding an older code) opens it.
        assert_eq!(res["event"], creator.state.id.to_string());
    }
    // Once its access is gone (the creator locked every other phone out
    // with a new code), the same phone joins again.
    let path = format!("/api/events/{}/code", creator.state.id);
    let (status, res) = server
        .call(
            "POST",
            &path,
            Some(&creator.token),
            Some(serde_json::json!({ "revoke_others": true })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{res}");
    let body = serde_json::json!({ "code": res["code"], "device": member.device() });
    let (status, res) = server.post("/api/join", None, body.to_string()).await;
    assert_eq!(status, StatusCode::OK, "{res}");
    assert_eq!(creator.sync(&server, vec![]).await.0, StatusCode::OK);
}

#[tokio::test]
async fn a_phone_adds_only_so_much_history_to_an_event() {
    let server = Server::with(|c| c.limits.history_per_phone = 5);
    let (mut creator, code) = register(&server).await;
    let all: Vec<Record> = creator.state.records().collect();
    // Creating the event's records is bounded by the record quota, not this.
    assert_eq!(creator.sync(&server, all).await.0, StatusCode::OK);
    let mut rogue = join(&server, &code).await;
    rogue.pull_all(&server).await;
    let step = rogue.state.program()[0].id;
    let mut statuses = Vec::new();
    for n in 0..7 {
        let rename = rogue
            .state
            .rename_step(step, &format!("Bước {n}"), rogue.clock.tick(now_ms()))
            .unwrap();
        let (status, res) = rogue.sync(&server, vec![rename]).await;
        statuses.push((status, res["code"].as_str().map(str::to_string)));
    }
    let full = (
        StatusCode::PAYLOAD_TOO_LARGE,
        Some("history_full".to_string()),
    );
    assert_eq!(
        statuses[..5]
            .iter()
            .filter(|s| s.0 == StatusCode::OK)
            .count(),
        5
    );
    assert_eq!(statuses[5..], [full.clone(), full]);
    // At its quota it still reads what the others write.
    assert_eq!(rogue.sync(&server, vec![]).await.0, StatusCode::OK);
    // The refused push stored nothing; other phones still write.
    creator.pull_all(&server).await;
    assert_eq!(creator.state.program()[0].title.value, "Bước 4");
    let rename = creator
        .state
        .rename_step(step, "Khai mạc", creator.clock.tick(now_ms()))
        .unwrap();
    assert_eq!(creator.sync(&server, vec![rename]).await.0, StatusCode::OK);
}

#[tokio::test]
async fn a_record_twice_in_one_push_is_refused_whole() {
    let server = Server::new();
    let (creator, _, mut rogue, _) = three_phones(&server).await;
    // Two copies of its own tally, each within a gate's jump of the one
    // before: together past it. Nothing of the push is stored.
    let mut first = rogue.state.tally_of(rogue.device());
    first.increments += headcount::MAX_JUMP;
    let mut second = first;
    second.increments += headcount::MAX_JUMP;
    let (status, res) = rogue
        .sync(
            &server,
            vec![Record::Headcount(first), Record::Headcount(second)],
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{res}");
    let mut check = join_as(&server, &creator).await;
    check.pull_all(&server).await;
    assert_eq!(
        check.state.headcount(),
        68,
        "40 + 25 + 3, as before the push"
    );
}
