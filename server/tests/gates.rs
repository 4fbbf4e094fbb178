//! The gate headcount's tallies of other phones: a phone that syncs relays
//! those of file-only gate phones, but brings only so many into an event.

mod support;

use axum::http::StatusCode;
use domain::kinds::headcount::MAX_RELAYED_TALLIES;
use domain::state::headcount;
use domain::{DeviceId, Record, Tally};
use serde_json::Value;
use support::*;

/// An event shared by its creator, with every record synced, and a phone
/// that joined it and read it.
async fn event_with_a_relay(server: &Server) -> (Phone, Phone) {
    let (mut creator, code) = register(server).await;
    let all: Vec<Record> = creator.state.records().collect();
    let (status, res) = creator.sync(server, all).await;
    assert_eq!(status, StatusCode::OK, "{res}");
    let mut relay = join(server, &code).await;
    relay.pull_all(server).await;
    (creator, relay)
}

/// A tally of a made-up gate phone: `taps` people in.
fn gate(taps: i64) -> Record {
    Record::Headcount(Tally::zero(DeviceId::random()).tapped(taps))
}

fn key(record: &Record) -> String {
    record.key().to_string()
}

fn acked(res: &Value) -> Vec<String> {
    res["acked"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap().to_string())
        .collect()
}

/// The tallies a fresh replica reads through `phone`'s token, by device.
async fn tallies(server: &Server, phone: &Phone) -> Vec<Tally> {
    let mut check = Phone {
        clock: domain::Hlc::new(DeviceId::random()),
        state: domain::EventState::empty(phone.state.id),
        token: phone.token.clone(),
        cursor: 0,
        claim: String::new(),
    };
    check.pull_all(server).await;
    check
        .state
        .records()
        .filter_map(|r| match r {
            Record::Headcount(t) => Some(t),
            _ => None,
        })
        .collect()
}

async fn history(server: &Server, phone: &Phone, record: &str) -> Vec<Value> {
    let path = format!("/api/events/{}/history?record={record}", phone.state.id);
    let (status, list) = server.call("GET", &path, Some(&phone.token), None).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    list.as_array().unwrap().clone()
}

#[tokio::test]
async fn a_phone_brings_in_eight_tallies_of_other_phones_and_no_more() {
    assert_eq!(MAX_RELAYED_TALLIES, 8);
    let server = Server::new();
    let (mut creator, mut relay) = event_with_a_relay(&server).await;
    // Its own taps and five file-only gate phones' in one push; three
    // more gates in the next: eight, all stored.
    let own = relay.state.tap(relay.device(), 7);
    let first: Vec<Record> = (1..=5).map(gate).collect();
    let mut push = vec![own];
    push.extend(first.iter().cloned());
    let (status, res) = relay.sync(&server, push).await;
    assert_eq!(status, StatusCode::OK, "{res}");
    let second: Vec<Record> = (6..=8).map(gate).collect();
    let (status, res) = relay.sync(&server, second.clone()).await;
    assert_eq!(status, StatusCode::OK, "{res}");
    let eight: Vec<Record> = first.into_iter().chain(second).collect();
    assert_eq!(tallies(&server, &creator).await.len(), 1 + 8);
    assert_eq!(creator_headcount(&server, &mut creator).await, 7 + 36);

    // A ninth and a tenth gate, with a step renamed in the same push: the
    // push is answered, the rename stored, the two gates not.
    let (ninth, tenth) = (gate(900), gate(1_000));
    let step = relay.state.program()[0].id;
    let rename = relay
        .state
        .rename_step(step, "Đón tiếp đại biểu", relay.clock.tick(now_ms()))
        .unwrap();
    let (status, res) = relay
        .sync(&server, vec![ninth.clone(), rename, tenth.clone()])
        .await;
    assert_eq!(status, StatusCode::OK, "{res}");
    // Acked all the same: sending them again would change nothing.
    let keys = acked(&res);
    assert!(
        keys.contains(&key(&ninth)) && keys.contains(&key(&tenth)),
        "{res}"
    );
    let stored = tallies(&server, &creator).await;
    assert_eq!(stored.len(), 1 + 8, "{stored:?}");
    for t in &stored {
        let k = headcount::key(t.device).to_string();
        assert!(k != key(&ninth) && k != key(&tenth), "{k} stored");
    }
    assert_eq!(creator_headcount(&server, &mut creator).await, 7 + 36);
    assert_eq!(creator.state.program()[0].title.value, "Đón tiếp đại biểu");
    // The event's history keeps the attempt, as refused, by the relay.
    for (gate, taps) in [(&ninth, 900), (&tenth, 1_000)] {
        let entries = history(&server, &creator, &key(gate)).await;
        assert_eq!(entries.len(), 1, "{entries:?}");
        assert_eq!(entries[0]["outcome"], "refused");
        assert_eq!(entries[0]["field"], "increments");
        assert_eq!(entries[0]["new"], taps);
        assert_eq!(entries[0]["device"], relay.device().to_string());
    }
    let path = format!("/api/events/{}/history", creator.state.id);
    let (status, all) = server.call("GET", &path, Some(&creator.token), None).await;
    assert_eq!(status, StatusCode::OK, "{all}");
    assert!(
        all.as_array()
            .unwrap()
            .iter()
            .any(|e| e["record"] == key(&ninth) && e["outcome"] == "refused"),
        "{all}"
    );

    // Raising a gate it brought in is still the relay's to do, and its own
    // tally moves as ever.
    let Record::Headcount(mut raised) = eight[0].clone() else {
        unreachable!()
    };
    raised = raised.tapped(50);
    let own = relay.state.tap(relay.device(), 3);
    let (status, res) = relay
        .sync(&server, vec![Record::Headcount(raised), own])
        .await;
    assert_eq!(status, StatusCode::OK, "{res}");
    assert_eq!(
        creator_headcount(&server, &mut creator).await,
        7 + 36 + 50 + 3
    );
    // A new gate is still refused.
    let (status, _) = relay.sync(&server, vec![gate(1)]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(tallies(&server, &creator).await.len(), 1 + 8);
}

#[tokio::test]
async fn in_one_push_the_gates_past_the_eighth_are_left_out() {
    let server = Server::new();
    let (mut creator, mut relay) = event_with_a_relay(&server).await;
    let gates: Vec<Record> = (1..=10).map(gate).collect();
    let (status, res) = relay.sync(&server, gates.clone()).await;
    assert_eq!(status, StatusCode::OK, "{res}");
    assert_eq!(acked(&res).len(), 10, "{res}");
    let stored: Vec<String> = tallies(&server, &creator)
        .await
        .iter()
        .map(|t| headcount::key(t.device).to_string())
        .collect();
    let expected: Vec<String> = gates[..8].iter().map(key).collect();
    let mut sorted = stored.clone();
    sorted.sort();
    let mut want = expected.clone();
    want.sort();
    assert_eq!(sorted, want);
    assert_eq!(creator_headcount(&server, &mut creator).await, 36);
    for refused in &gates[8..] {
        let entries = history(&server, &creator, &key(refused)).await;
        assert_eq!(entries.len(), 1, "{entries:?}");
        assert_eq!(entries[0]["outcome"], "refused");
    }
}

#[tokio::test]
async fn a_phones_own_tally_is_never_counted_against_the_bound() {
    let server = Server::new();
    let (mut creator, mut relay) = event_with_a_relay(&server).await;
    // Eight gates first; then the relay's own first taps: stored.
    let gates: Vec<Record> = (1..=8).map(gate).collect();
    assert_eq!(relay.sync(&server, gates).await.0, StatusCode::OK);
    let own = relay.state.tap(relay.device(), 5);
    let (status, res) = relay.sync(&server, vec![own]).await;
    assert_eq!(status, StatusCode::OK, "{res}");
    assert_eq!(creator_headcount(&server, &mut creator).await, 36 + 5);
    // The creator's own first taps do not count for it either, and it
    // still brings in eight gates of its own.
    let own = creator.state.tap(creator.device(), 4);
    assert_eq!(creator.sync(&server, vec![own]).await.0, StatusCode::OK);
    let gates: Vec<Record> = (1..=8).map(gate).collect();
    let (status, res) = creator.sync(&server, gates).await;
    assert_eq!(status, StatusCode::OK, "{res}");
    assert_eq!(tallies(&server, &creator).await.len(), 2 + 8 + 8);
    assert_eq!(
        creator_headcount(&server, &mut creator).await,
        36 + 5 + 4 + 36
    );
}

/// The headcount on the server, as the creator reads it after a pull.
async fn creator_headcount(server: &Server, creator: &mut Phone) -> u64 {
    creator.pull_all(server).await;
    creator.state.headcount()
}

fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64
}
