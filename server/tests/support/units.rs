//! Units for the server's tests: the example tree, phones enrolled in
//! its units, and events shared under a unit.

use super::Server;
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

/// The operator's one-time code for `unit` (`server units issue-code`).
pub fn operator_code(server: &Server, unit: &str) -> String {
    let code = server::secrets::access_code();
    let key = server::secrets::ServerKey::load_or_create(&server.key_file()).unwrap();
    let hash = key.hash(&code);
    server
        .db()
        .call_now(|conn| server::db::units::operator_issue_code(conn, unit, &hash))
        .unwrap();
    code
}

/// A sign-in code for `unit`, asked with `token`
/// (`POST /api/units/{unit}/enrolment`): the answer.
pub async fn ask_code(server: &Server, unit: &str, token: &str) -> (StatusCode, Value) {
    let path = format!("/api/units/{unit}/enrolment");
    server.call("POST", &path, Some(token), None).await
}

/// `unit`'s phones withdrawn with `token`
/// (`DELETE /api/units/{unit}/enrolment`): the answer.
pub async fn withdraw(server: &Server, unit: &str, token: &str) -> (StatusCode, Value) {
    let path = format!("/api/units/{unit}/enrolment");
    server.call("DELETE", &path, Some(token), None).await
}

/// A phone enrols with `code`: the answer.
pub async fn enrol_with(server: &Server, code: &str) -> (StatusCode, Value, DeviceId) {
    let device = DeviceId::random();
    let (status, res) = server
        .call(
            "POST",
            "/api/units/enrol",
            None,
            Some(json!({ "code": code, "device": device })),
        )
        .await;
    (status, res, device)
}

/// The top unit's first phone, on the operator's code.
pub async fn enrol_top(server: &Server, unit: &str) -> UnitPhone {
    let code = operator_code(server, unit);
    let (status, res, device) = enrol_with(server, &code).await;
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
    let (status, res, device) = enrol_with(server, res["code"].as_str().unwrap()).await;
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
    // A second phone of the same commune, added by its colleague: the
    // province gives a unit its first phone only.
    let commune_2 = enrol_below(server, &commune, "05836").await;
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
