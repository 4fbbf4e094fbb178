//! Units for the server's tests: the example tree, phones enrolled in
//! its units, and events shared under a unit.

use super::{Server, KEY};
use axum::http::StatusCode;
use domain::{Bundle, Day, DeviceId, EventId, EventState, Hlc, NewEvent, Record};
use serde_json::{json, Value};

pub const UNITS: &str = include_str!("../../units-demo.csv");
pub const OTHER_PROVINCE: &str = "99,Tỉnh Khác,tinh,\n99001,Xã Khác,xa,99\n";

/// A phone enrolled in a unit.
pub struct UnitPhone {
    pub token: String,
    pub device: DeviceId,
}

pub async fn enrol_top(server: &Server, unit: &str) -> UnitPhone {
    let device = DeviceId::random();
    let (status, res) = server
        .call(
            "POST",
            "/api/units/enrol",
            None,
            Some(json!({ "code": KEY, "device": device, "top_unit": unit })),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{res}");
    assert_eq!(res["unit"]["code"], unit);
    UnitPhone {
        token: res["token"].as_str().unwrap().into(),
        device,
    }
}

/// `above` issues a code for `unit`; a new phone enrols with it.
pub async fn enrol_below(server: &Server, above: &UnitPhone, unit: &str) -> UnitPhone {
    let (status, res) = server
        .call(
            "POST",
            &format!("/api/units/{unit}/enrolment"),
            Some(&above.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{res}");
    assert!(res["link"].as_str().unwrap().contains("/don-vi#ma="));
    assert!(res["qr_svg"].as_str().unwrap().starts_with("<?xml"));
    let device = DeviceId::random();
    let (status, res) = server
        .call(
            "POST",
            "/api/units/enrol",
            None,
            Some(json!({ "code": res["code"], "device": device })),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{res}");
    assert_eq!(res["unit"]["code"], unit);
    UnitPhone {
        token: res["token"].as_str().unwrap().into(),
        device,
    }
}

/// An event shared by a unit's phone, with a submitted report.
pub async fn share_under_unit(server: &Server, phone: &UnitPhone) -> (EventState, Hlc, String) {
    let mut clock = Hlc::new(phone.device);
    let (id, claim) = EventId::new_claimed();
    let records = EventState::create(id, NewEvent::example(), clock.tick(1_000)).unwrap();
    let mut state = EventState::from_records(id, records.clone()).unwrap();
    // No registration key: the unit's token is the credential.
    let body =
        json!({ "registration_key": "", "event": id, "device": phone.device, "claim": claim });
    let (status, res) = server
        .call("POST", "/api/events", Some(&phone.token), Some(body))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{res}");
    let submission = state
        .submit_report(
            "Nguyễn Văn An",
            Day::parse("2026-08-20").unwrap(),
            420,
            1_787_200_000_000,
            clock.tick(1_787_200_000_000),
        )
        .unwrap();
    state.apply(submission.clone()).unwrap();
    let mut all = records;
    all.push(submission.clone());
    let (status, res) = sync(server, &phone.token, id, all).await;
    assert_eq!(status, StatusCode::OK, "{res}");
    let Record::Submission(s) = submission else {
        unreachable!()
    };
    (state, clock, s.id.to_string())
}

/// Pushes `records` to `event` with `token`, from cursor 0.
pub async fn sync(
    server: &Server,
    token: &str,
    event: EventId,
    records: Vec<Record>,
) -> (StatusCode, Value) {
    let bundle = Bundle::new(event, DeviceId::random(), records);
    let body = json!({ "cursor": 0, "bundle": serde_json::to_value(&bundle).unwrap(), "protocol": domain::protocol::PROTOCOL });
    server
        .call(
            "POST",
            &format!("/api/events/{event}/sync"),
            Some(token),
            Some(body),
        )
        .await
}

/// A phone in each unit of the example tree, and one in another province.
pub struct Tree {
    pub province: UnitPhone,
    pub district: UnitPhone,
    pub commune: UnitPhone,
    pub commune_2: UnitPhone,
    pub sibling: UnitPhone,
    pub hamlet: UnitPhone,
    pub district_commune: UnitPhone,
    pub other_province: UnitPhone,
}

/// Loads the example units and enrols a phone in each.
pub async fn tree(server: &Server) -> Tree {
    server.load_units(UNITS);
    server.load_units(OTHER_PROVINCE);
    let province = enrol_top(server, "19").await;
    let district = enrol_below(server, &province, "164").await;
    let commune = enrol_below(server, &province, "05836").await;
    // A second phone of the same commune, enrolled by the province again
    // (the first code stopped working when the new one was issued).
    let commune_2 = enrol_below(server, &province, "05836").await;
    let sibling = enrol_below(server, &province, "05839").await;
    let hamlet = enrol_below(server, &commune, "05836-01").await;
    let district_commune = enrol_below(server, &district, "05842").await;
    let other_top = enrol_top(server, "99").await;
    let other_province = enrol_below(server, &other_top, "99001").await;
    Tree {
        province,
        district,
        commune,
        commune_2,
        sibling,
        hamlet,
        district_commune,
        other_province,
    }
}
