//! The units API and the one access rule, in process on a real SQLite
//! file: every route tried by a phone of the same unit, a child, a
//! grandchild, a sibling, the parent, the grandparent, another province, a
//! revoked phone and no token at all.

mod support;

use axum::http::StatusCode;
use domain::report::ReportDoc;
use domain::{Bundle, Day, DeviceId, EventId, EventState, Hlc, NewEvent, Record};
use serde_json::{json, Value};
use support::*;

const UNITS: &str = include_str!("../units-demo.csv");
const OTHER_PROVINCE: &str = "99,Tỉnh Khác,tinh,\n99001,Xã Khác,xa,99\n";

/// A phone enrolled in a unit.
struct UnitPhone {
    token: String,
    device: DeviceId,
}

async fn enrol_top(server: &Server, unit: &str) -> UnitPhone {
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
async fn enrol_below(server: &Server, above: &UnitPhone, unit: &str) -> UnitPhone {
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
async fn share_under_unit(server: &Server, phone: &UnitPhone) -> (EventState, Hlc, String) {
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

async fn sync(
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

struct Tree {
    province: UnitPhone,
    district: UnitPhone,
    commune: UnitPhone,
    commune_2: UnitPhone,
    sibling: UnitPhone,
    hamlet: UnitPhone,
    district_commune: UnitPhone,
    other_province: UnitPhone,
}

async fn tree(server: &Server) -> Tree {
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

#[tokio::test]
async fn a_commune_writes_its_events_the_levels_above_read_them_and_no_one_else_sees_them() {
    let server = Server::new();
    let t = tree(&server).await;
    let (state, mut clock, submission) = share_under_unit(&server, &t.commune).await;
    let id = state.id;
    let edit = state
        .set_host_name("UBND xã Tân Hương", clock.tick(2_000))
        .unwrap();
    let reports = format!("/api/events/{id}/reports");
    let decision = format!("/api/events/{id}/reports/{submission}/decision");

    // Same unit: reads and writes, sees the submission.
    for phone in [&t.commune, &t.commune_2] {
        let (status, res) = sync(&server, &phone.token, id, vec![edit.clone()]).await;
        assert_eq!(status, StatusCode::OK, "{res}");
        let (status, res) = server.call("GET", &reports, Some(&phone.token), None).await;
        assert_eq!(status, StatusCode::OK, "{res}");
        assert_eq!(res[0]["id"], submission.as_str());
        assert_eq!(res[0]["status"], "submitted");
        // It cannot accept its own report.
        let (status, _) = server
            .call(
                "POST",
                &decision,
                Some(&phone.token),
                Some(json!({ "accept": true })),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }

    // The province's list of reports below holds it, with its document;
    // the sibling's list does not.
    let (status, list) = server
        .call(
            "GET",
            "/api/units/me/reports?year=2026",
            Some(&t.province.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    assert_eq!(list[0]["unit"]["code"], "05836");
    assert_eq!(list[0]["latest"]["id"], submission.as_str());
    let doc = ReportDoc::from_json(list[0]["report"].as_str().unwrap()).unwrap();
    assert_eq!(
        doc.issuer,
        state.meta.as_ref().unwrap().host_name.value.to_uppercase()
    );
    for phone in [&t.sibling, &t.commune, &t.hamlet, &t.other_province] {
        let (status, list) = server
            .call(
                "GET",
                "/api/units/me/reports?year=2026",
                Some(&phone.token),
                None,
            )
            .await;
        assert_eq!((status, list), (StatusCode::OK, json!([])));
    }

    // The parent (the province, directly above this commune) reads,
    // refuses to write, and decides on the report.
    let (status, res) = sync(&server, &t.province.token, id, vec![]).await;
    assert_eq!(status, StatusCode::OK, "{res}");
    let pulled = Bundle::parse(res["bundle"].to_string().as_bytes()).unwrap();
    let doc = pulled.records.iter().find_map(|r| match r {
        Record::Submission(s) => Some(ReportDoc::from_json(&s.report.value).unwrap()),
        _ => None,
    });
    assert_eq!(
        doc.unwrap().title,
        "Kết quả tổ chức Ngày hội toàn dân bảo vệ an ninh Tổ quốc năm 2026"
    );
    let (status, res) = sync(&server, &t.province.token, id, vec![edit.clone()]).await;
    assert_eq!(
        (status, res["code"].clone()),
        (StatusCode::FORBIDDEN, json!("read_only"))
    );
    let (status, _) = server
        .call(
            "POST",
            &decision,
            Some(&t.province.token),
            Some(json!({ "accept": false, "note": "Bổ sung số liệu phần hội." })),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, res) = server
        .call("GET", &reports, Some(&t.commune.token), None)
        .await;
    assert_eq!(res[0]["status"], "returned");
    assert_eq!(res[0]["note"], "Bổ sung số liệu phần hội.");
    let (status, _) = server
        .call(
            "POST",
            &format!("/api/events/{id}/code"),
            Some(&t.province.token),
            Some(json!({})),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = server
        .call(
            "DELETE",
            &format!("/api/events/{id}/token"),
            Some(&t.province.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // A child, a grandchild's peer, a sibling, a district's commune and
    // another province see nothing of it, on every event route.
    for (who, phone) in [
        ("child", &t.hamlet),
        ("sibling", &t.sibling),
        ("uncle", &t.district),
        ("cousin", &t.district_commune),
        ("other province", &t.other_province),
    ] {
        let (status, _) = sync(&server, &phone.token, id, vec![]).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{who}: sync");
        let (status, _) = sync(&server, &phone.token, id, vec![edit.clone()]).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{who}: push");
        let (status, _) = server.call("GET", &reports, Some(&phone.token), None).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{who}: reports");
        let (status, _) = server
            .call(
                "POST",
                &decision,
                Some(&phone.token),
                Some(json!({ "accept": true })),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{who}: decision");
    }
    // Still returned: none of those changed it.
    let (_, res) = server
        .call("GET", &reports, Some(&t.commune.token), None)
        .await;
    assert_eq!(res[0]["status"], "returned");

    // No token, or a made-up one.
    for token in [None, Some("0".repeat(64))] {
        let (status, _) = server.call("GET", &reports, token.as_deref(), None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        let (status, _) = server
            .call("GET", "/api/units/me", token.as_deref(), None)
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
}

#[tokio::test]
async fn the_grandparent_reads_a_district_communes_event() {
    let server = Server::new();
    let t = tree(&server).await;
    let (state, _, _) = share_under_unit(&server, &t.district_commune).await;
    let id = state.id;
    for (who, phone, expected) in [
        ("parent", &t.district, StatusCode::OK),
        ("grandparent", &t.province, StatusCode::OK),
        ("commune elsewhere", &t.commune, StatusCode::FORBIDDEN),
    ] {
        let (status, _) = sync(&server, &phone.token, id, vec![]).await;
        assert_eq!(status, expected, "{who}");
        let (status, _) = server
            .call(
                "GET",
                &format!("/api/events/{id}/reports"),
                Some(&phone.token),
                None,
            )
            .await;
        assert_eq!(status, expected, "{who}");
    }
}

#[tokio::test]
async fn units_see_their_own_and_below_and_manage_only_directly_below() {
    let server = Server::new();
    let t = tree(&server).await;

    let (status, home) = server
        .call(
            "GET",
            "/api/units/me?year=2026",
            Some(&t.province.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{home}");
    assert_eq!(home["unit"]["name"], "Tỉnh Thái Nguyên");
    let children: Vec<&str> = home["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["code"].as_str().unwrap())
        .collect();
    assert_eq!(children.len(), 3, "{children:?}");
    assert!(children.contains(&"164") && children.contains(&"05836"));
    assert_eq!(home["report_due"], "2026-08-25");

    // The province sets the deadline; the commune and the district's
    // commune see it; the province's own default is unchanged.
    let (status, _) = server
        .call(
            "PUT",
            "/api/units/19/deadline",
            Some(&t.province.token),
            Some(json!({ "year": 2026, "due": "2026-08-28" })),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    for phone in [&t.commune, &t.district_commune] {
        let (_, home) = server
            .call("GET", "/api/units/me?year=2026", Some(&phone.token), None)
            .await;
        assert_eq!(home["report_due"], "2026-08-28");
    }
    // Nobody sets another unit's deadline, nor its own from below.
    let (status, _) = server
        .call(
            "PUT",
            "/api/units/19/deadline",
            Some(&t.commune.token),
            Some(json!({ "year": 2026, "due": "2026-08-30" })),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Seeing units: own and below yes; siblings, above, other provinces not
    // (answered as unknown, so the tree cannot be probed).
    for (phone, unit, expected) in [
        (&t.province, "05836-01", StatusCode::OK),
        (&t.commune, "05836-01", StatusCode::OK),
        (&t.commune, "05836", StatusCode::OK),
        (&t.commune, "19", StatusCode::NOT_FOUND),
        (&t.commune, "05839", StatusCode::NOT_FOUND),
        (&t.hamlet, "05836", StatusCode::NOT_FOUND),
        (&t.other_province, "05836", StatusCode::NOT_FOUND),
        (&t.commune, "khong-co", StatusCode::NOT_FOUND),
    ] {
        let (status, _) = server
            .call(
                "GET",
                &format!("/api/units/{unit}"),
                Some(&phone.token),
                None,
            )
            .await;
        assert_eq!(status, expected, "{unit}");
    }

    // Adding: only directly below one's own unit, with a fresh code.
    let new = json!({ "code": "05836-03", "name": "Thôn Mới", "level": "thon" });
    let (status, _) = server
        .call(
            "POST",
            "/api/units/05836/units",
            Some(&t.commune.token),
            Some(new.clone()),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, _) = server
        .call(
            "POST",
            "/api/units/05836/units",
            Some(&t.commune.token),
            Some(new.clone()),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    for (phone, under) in [
        (&t.province, "05836"),
        (&t.sibling, "05836"),
        (&t.hamlet, "05836"),
    ] {
        let (status, _) = server
            .call(
                "POST",
                &format!("/api/units/{under}/units"),
                Some(&phone.token),
                Some(new.clone()),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    let bad = json!({ "code": "a/b", "name": "X", "level": "thon" });
    let (status, _) = server
        .call(
            "POST",
            "/api/units/05836/units",
            Some(&t.commune.token),
            Some(bad),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // Renaming: only a unit directly below.
    let rename = json!({ "name": "Thôn Tân Hương Một" });
    let (status, _) = server
        .call(
            "PATCH",
            "/api/units/05836-01",
            Some(&t.commune.token),
            Some(rename.clone()),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    for (phone, unit, expected) in [
        (&t.province, "05836-01", StatusCode::FORBIDDEN),
        (&t.hamlet, "05836-01", StatusCode::FORBIDDEN),
        (&t.commune, "05836", StatusCode::FORBIDDEN),
        (&t.sibling, "05836-01", StatusCode::NOT_FOUND),
    ] {
        let (status, _) = server
            .call(
                "PATCH",
                &format!("/api/units/{unit}"),
                Some(&phone.token),
                Some(rename.clone()),
            )
            .await;
        assert_eq!(status, expected, "{unit}");
    }

    // Enrolment codes: only for units below; not for one's own or above.
    for (phone, unit, expected) in [
        (&t.commune, "05836", StatusCode::FORBIDDEN),
        (&t.commune, "19", StatusCode::NOT_FOUND),
        (&t.sibling, "05836-01", StatusCode::NOT_FOUND),
        (&t.other_province, "05836", StatusCode::NOT_FOUND),
    ] {
        let (status, _) = server
            .call(
                "POST",
                &format!("/api/units/{unit}/enrolment"),
                Some(&phone.token),
                None,
            )
            .await;
        assert_eq!(status, expected, "{unit}");
    }
}

#[tokio::test]
async fn codes_are_shown_once_and_a_withdrawn_code_or_revoked_phone_stops_working() {
    let server = Server::new();
    let t = tree(&server).await;
    // A wrong code, and the operator's key for a unit that is not a top one.
    let (status, _) = server
        .call(
            "POST",
            "/api/units/enrol",
            None,
            Some(json!({ "code": "AAAA-BBBB-CCCC", "device": DeviceId::random() })),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = server
        .call(
            "POST",
            "/api/units/enrol",
            None,
            Some(json!({ "code": KEY, "device": DeviceId::random(), "top_unit": "05836" })),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = server
        .call("POST", "/api/units/enrol", None, Some(json!({ "code": "wrong-key-wrong-key", "device": DeviceId::random(), "top_unit": "19" })))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // Withdrawing the sibling commune's code, and its phones with it.
    let (status, res) = server
        .call(
            "POST",
            "/api/units/05839/enrolment",
            Some(&t.province.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let code = res["code"].clone();
    let (status, _) = server
        .call(
            "DELETE",
            "/api/units/05839/enrolment?phones=true",
            Some(&t.province.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = server
        .call(
            "POST",
            "/api/units/enrol",
            None,
            Some(json!({ "code": code, "device": DeviceId::random() })),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, res) = server
        .call("GET", "/api/units/me", Some(&t.sibling.token), None)
        .await;
    assert_eq!(
        (status, res["code"].clone()),
        (StatusCode::UNAUTHORIZED, json!("token_revoked"))
    );
    // A commune cannot withdraw its province's phones.
    let (status, _) = server
        .call(
            "DELETE",
            "/api/units/19/enrolment?phones=true",
            Some(&t.commune.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = server
        .call("GET", "/api/units/me", Some(&t.province.token), None)
        .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn an_event_shared_the_old_way_is_attached_by_its_creator_only() {
    let server = Server::new();
    let t = tree(&server).await;
    let (phone, _) = register(&server).await;
    let id = phone.state.id;
    // The province cannot read it yet: it belongs to no unit.
    let (status, _) = sync(&server, &t.province.token, id, vec![]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Another claim cannot attach it.
    let (_, wrong) = EventId::new_claimed();
    let (status, _) = server
        .call(
            "POST",
            &format!("/api/events/{id}/unit"),
            Some(&t.sibling.token),
            Some(json!({ "claim": wrong })),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Its creator, enrolled in the commune, attaches it.
    let (status, _) = server
        .call(
            "POST",
            &format!("/api/events/{id}/unit"),
            Some(&t.commune.token),
            Some(json!({ "claim": phone.claim })),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = sync(&server, &t.province.token, id, vec![]).await;
    assert_eq!(status, StatusCode::OK);
    // Once attached, no other unit can take it.
    let (status, res) = server
        .call(
            "POST",
            &format!("/api/events/{id}/unit"),
            Some(&t.sibling.token),
            Some(json!({ "claim": phone.claim })),
        )
        .await;
    assert_eq!(
        (status, res["code"].clone()),
        (StatusCode::CONFLICT, json!("event_in_unit"))
    );
    // The phones that joined by code keep working.
    let mut old = phone;
    let (status, _) = old.sync(&server, vec![]).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn the_dashboard_shows_every_event_below_with_its_figures_as_of_its_last_change() {
    let server = Server::new();
    let t = tree(&server).await;
    let (state, mut clock, _) = share_under_unit(&server, &t.commune).await;
    let id = state.id;
    let (in_district, _, _) = share_under_unit(&server, &t.district_commune).await;
    let dashboard = |token: String| {
        let server = &server;
        async move {
            let (status, res) = server
                .call(
                    "GET",
                    "/api/units/me/dashboard?year=2026",
                    Some(&token),
                    None,
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{res}");
            serde_json::from_value::<domain::protocol::Dashboard>(res).unwrap()
        }
    };
    let d = dashboard(t.province.token.clone()).await;
    assert_eq!(d.unit.code, "19");
    assert_eq!(d.events.len(), 2);
    assert!(d.units.iter().any(|u| u.code == "05842-01"));
    let mine = d.events.iter().find(|e| e.event == id).unwrap();
    assert_eq!(mine.unit, "05836");
    assert_eq!(mine.figures.attendance, 0);
    assert!(!mine.figures.started);
    assert_eq!(mine.due.iso(), "2026-08-25");
    assert!(mine.latest.is_some());

    // The commune counts 25 at the gate and ticks a step: the next
    // dashboard shows it, computed once from the change.
    let tally = state.tap(clock.device, 25);
    let step = state.program()[1].id;
    let tick = state
        .tick_step(step, true, 1_787_099_400_000, clock.tick(3_000))
        .unwrap();
    let (status, res) = sync(&server, &t.commune.token, id, vec![tally, tick]).await;
    assert_eq!(status, StatusCode::OK, "{res}");
    let d = dashboard(t.province.token.clone()).await;
    let mine = d.events.iter().find(|e| e.event == id).unwrap();
    assert_eq!(mine.figures.attendance, 25);
    assert!(mine.figures.started);

    // The district sees only its commune's event; a sibling commune
    // nothing; the commune its own.
    let d = dashboard(t.district.token.clone()).await;
    let events: Vec<EventId> = d.events.iter().map(|e| e.event).collect();
    assert_eq!(events, [in_district.id]);
    let d = dashboard(t.sibling.token.clone()).await;
    assert!(d.events.is_empty() && d.units.is_empty());
    let d = dashboard(t.commune.token.clone()).await;
    assert_eq!(d.events.len(), 1);
    let (status, _) = server
        .call(
            "GET",
            "/api/units/me/dashboard?year=1800",
            Some(&t.province.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = server
        .call("GET", "/api/units/me/dashboard", None, None)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

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
async fn only_the_unit_directly_above_manages_a_unit_and_the_operator_never_adopts_a_planted_code()
{
    let server = Server::new();
    let t = tree(&server).await;
    // The province cannot enrol its own phone in a hamlet two levels down
    // (it would write as the hamlet), nor withdraw the hamlet's phones.
    for (method, path) in [
        ("POST", "/api/units/05836-01/enrolment"),
        ("DELETE", "/api/units/05836-01/enrolment?phones=true"),
    ] {
        let (status, _) = server
            .call(method, path, Some(&t.province.token), None)
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{method} {path}");
    }
    let (status, _) = server
        .call("GET", "/api/units/me", Some(&t.hamlet.token), None)
        .await;
    assert_eq!(status, StatusCode::OK);
    // A commune plants code "77" below itself; the operator's later file
    // with a province "77" is refused for that line, not adopted.
    let planted = json!({ "code": "77", "name": "Cắm trước", "level": "tinh" });
    let (status, _) = server
        .call(
            "POST",
            "/api/units/05836/units",
            Some(&t.commune.token),
            Some(planted),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let refused = server.try_load_units("77,Tỉnh Bảy Bảy,tinh,\n");
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert!(
        refused[0].1.contains("đã được đơn vị 05836 thêm"),
        "{refused:?}"
    );
    let (_, home) = server
        .call("GET", "/api/units/me", Some(&t.province.token), None)
        .await;
    assert!(home["children"]
        .as_array()
        .unwrap()
        .iter()
        .all(|u| u["code"] != "77"));
    // Deadlines only for the years the model holds.
    let (status, _) = server
        .call(
            "PUT",
            "/api/units/19/deadline",
            Some(&t.province.token),
            Some(json!({ "year": 2147483647, "due": "2026-08-25" })),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_submitted_report_is_never_changed_nor_removed() {
    let server = Server::new();
    let t = tree(&server).await;
    let (state, mut clock, submission) = share_under_unit(&server, &t.commune).await;
    let id = state.id;
    let sent = state
        .submissions()
        .into_iter()
        .find(|s| s.id.to_string() == submission)
        .unwrap()
        .clone();
    // A valid report, another date: still refused.
    let mut doc = ReportDoc::from_json(&sent.report.value).unwrap();
    doc.place_date = "Tân Hương, ngày 21 tháng 8 năm 2026".into();
    let mut forged = sent.clone();
    forged.report.set(doc.to_json(), clock.tick(9_000));
    let mut removed = sent.clone();
    domain::Item::remove(&mut removed, clock.tick(9_500));
    for record in [Record::Submission(forged), Record::Submission(removed)] {
        let (status, _) = sync(&server, &t.commune_2.token, id, vec![record]).await;
        assert!(
            status == StatusCode::BAD_REQUEST || status == StatusCode::UNPROCESSABLE_ENTITY,
            "{status}"
        );
    }
    let (_, list) = server
        .call(
            "GET",
            "/api/units/me/reports?year=2026",
            Some(&t.province.token),
            None,
        )
        .await;
    let doc = ReportDoc::from_json(list[0]["report"].as_str().unwrap()).unwrap();
    assert_eq!(
        doc.title,
        "Kết quả tổ chức Ngày hội toàn dân bảo vệ an ninh Tổ quốc năm 2026"
    );
    // The same submission again is not a change: accepted.
    let (status, _) = sync(
        &server,
        &t.commune_2.token,
        id,
        vec![Record::Submission(sent)],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
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

#[tokio::test]
async fn unit_routes_refuse_malformed_and_oversized_bodies_and_change_nothing() {
    let server = Server::new();
    let t = tree(&server).await;
    let big = "x".repeat(8 * 1024);
    for (method, path) in [
        ("POST", "/api/units/enrol"),
        ("POST", "/api/units/05836/units"),
        ("PATCH", "/api/units/05836-01"),
        ("PUT", "/api/units/05836/deadline"),
    ] {
        let (status, _) = server
            .call(
                method,
                path,
                Some(&t.commune.token),
                Some(json!({ "nope": 1 })),
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{method} {path} malformed");
        let (status, _) = server
            .call(
                method,
                path,
                Some(&t.commune.token),
                Some(json!({ "name": big })),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::PAYLOAD_TOO_LARGE,
            "{method} {path} oversized"
        );
    }
    let (state, _, submission) = share_under_unit(&server, &t.commune).await;
    let decision = format!("/api/events/{}/reports/{submission}/decision", state.id);
    let (status, _) = server
        .call(
            "POST",
            &decision,
            Some(&t.province.token),
            Some(json!({ "accept": "yes" })),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let note = "n".repeat(2_001);
    let (status, _) = server
        .call(
            "POST",
            &decision,
            Some(&t.province.token),
            Some(json!({ "accept": false, "note": note })),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // Nothing changed: the report still waits, the hamlet keeps its name.
    let (_, list) = server
        .call(
            "GET",
            &format!("/api/events/{}/reports", state.id),
            Some(&t.commune.token),
            None,
        )
        .await;
    assert_eq!(list[0]["status"], "submitted");
    let (_, home) = server
        .call("GET", "/api/units/me", Some(&t.hamlet.token), None)
        .await;
    assert_eq!(home["unit"]["name"], "Thôn Tân Hương 1");
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
