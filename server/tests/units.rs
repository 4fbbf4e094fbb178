//! The units API and the one access rule, in process on a real database:
//! every route tried by a phone of the same unit, a child, a grandchild, a
//! sibling, the parent, the grandparent, another province, a revoked phone
//! and no token at all.

mod support;

use axum::http::StatusCode;
use domain::kinds::submission::ReportDoc;
use domain::{Bundle, DeviceId, EventId, Record};
use serde_json::json;
use support::units::*;
use support::*;

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
    // Nobody sets another unit's deadline, nor its own from below: the
    // unit above is out of reach, answered as unknown.
    let (status, _) = server
        .call(
            "PUT",
            "/api/units/19/deadline",
            Some(&t.commune.token),
            Some(json!({ "year": 2026, "due": "2026-08-30" })),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

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
    // The unit above is refused; a sibling and a unit below, out of
    // reach, are answered as for an unknown unit.
    for (phone, under, expected) in [
        (&t.province, "05836", StatusCode::FORBIDDEN),
        (&t.sibling, "05836", StatusCode::NOT_FOUND),
        (&t.hamlet, "05836", StatusCode::NOT_FOUND),
    ] {
        let (status, _) = server
            .call(
                "POST",
                &format!("/api/units/{under}/units"),
                Some(&phone.token),
                Some(new.clone()),
            )
            .await;
        assert_eq!(status, expected);
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

    // Sign-in codes: for one's own unit (a colleague's phone) and a unit
    // directly below with no phone; never above or aside.
    for (phone, unit, expected) in [
        (&t.commune, "05836", StatusCode::CREATED),
        (&t.province, "05836-01", StatusCode::FORBIDDEN),
        (&t.commune, "19", StatusCode::NOT_FOUND),
        (&t.sibling, "05836-01", StatusCode::NOT_FOUND),
        (&t.other_province, "05836", StatusCode::NOT_FOUND),
    ] {
        let (status, _) = ask_code(&server, unit, &phone.token).await;
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
    // The registration key enrols no unit, top or not, in any shape.
    for body in [
        json!({ "code": KEY, "device": DeviceId::random(), "top_unit": "19" }),
        json!({ "code": KEY, "device": DeviceId::random() }),
    ] {
        let (status, _) = server
            .call("POST", "/api/units/enrol", None, Some(body.clone()))
            .await;
        assert!(
            status == StatusCode::BAD_REQUEST || status == StatusCode::NOT_FOUND,
            "{body}: {status}"
        );
    }

    // The sibling commune has a phone: the province gives it no code (its
    // own phone adds colleagues), until it withdraws that phone.
    let (status, res) = ask_code(&server, "05839", &t.province.token).await;
    assert_eq!(
        (status, res["code"].clone()),
        (StatusCode::CONFLICT, json!("unit_has_phones"))
    );
    let withdraw = || async {
        let (status, _) = withdraw(&server, "05839", &t.province.token).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
    };
    withdraw().await;
    // A code for a new phone, withdrawn before it is used.
    let (status, res) = ask_code(&server, "05839", &t.province.token).await;
    assert_eq!(status, StatusCode::CREATED);
    let code = res["code"].clone();
    withdraw().await;
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
    // A commune adds no unit of its level or above (its events would land
    // in the wrong columns of the sheet).
    for level in ["tinh", "huyen", "xa"] {
        let (status, res) = server
            .call(
                "POST",
                "/api/units/05836/units",
                Some(&t.commune.token),
                Some(json!({ "code": "78", "name": "Sai cấp", "level": level })),
            )
            .await;
        assert_eq!(
            (status, res["code"].clone()),
            (StatusCode::BAD_REQUEST, json!("level_not_below")),
            "{level}"
        );
    }
    // A commune plants code "77" below itself; the operator's later file
    // with a province "77" is refused for that line, not adopted.
    let planted = json!({ "code": "77", "name": "Cắm trước", "level": "thon" });
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
