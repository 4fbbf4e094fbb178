//! Trust up the chain: each hole a review reproduced with plain requests,
//! tried again. Every test runs in-process on SQLite, and on PostgreSQL
//! when `NGAYHOI_TEST_POSTGRES` is set.

mod support;

use axum::http::StatusCode;
use domain::{DeviceId, EventId, EventState, Hlc, NewEvent};
use serde_json::json;
use support::units::{
    ask_code, enrol_below, enrol_with, operator_code, sync, tree, withdraw, UnitPhone,
};
use support::Server;

/// A unit phone shares an event under its unit: the event token it gets.
async fn share(server: &Server, phone: &UnitPhone) -> (EventId, String) {
    let mut clock = Hlc::new(phone.device);
    let (id, claim) = EventId::new_claimed();
    let records = EventState::create(id, NewEvent::example(), clock.tick(1_000)).unwrap();
    let body =
        json!({ "registration_key": "", "event": id, "device": phone.device, "claim": claim });
    let (status, res) = server
        .call("POST", "/api/events", Some(&phone.token), Some(body))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{res}");
    let token = res["token"].as_str().unwrap().to_string();
    let (status, res) = sync(server, &token, id, records).await;
    assert_eq!(status, StatusCode::OK, "{res}");
    (id, token)
}

#[tokio::test]
async fn a_code_from_above_enrols_only_a_unit_without_phones_once_and_is_audited() {
    let server = Server::new();
    let t = tree(&server).await;
    // Finding 2: the province cannot slip a phone of its own into a
    // district or a commune that has working phones.
    for unit in ["164", "05836"] {
        let (status, res) = ask_code(&server, unit, &t.province.token).await;
        assert_eq!(
            (status, res["code"].clone()),
            (StatusCode::CONFLICT, json!("unit_has_phones")),
            "{unit}"
        );
    }
    // The operator cannot either.
    let key = server::secrets::ServerKey::load_or_create(&server.key_file()).unwrap();
    let refused = server.db().call_now(|conn| {
        server::db::units::operator_issue_code(conn, "19", &key.hash("ABCD-EFGH-JKMN"))
    });
    assert!(matches!(refused, Err(server::ApiError::UnitHasPhones)));

    // A code is good once: the colleague's code enrols one phone.
    let (status, res) = ask_code(&server, "05836", &t.commune.token).await;
    assert_eq!(status, StatusCode::CREATED, "{res}");
    let code = res["code"].as_str().unwrap().to_string();
    let (status, _, _) = enrol_with(&server, &code).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, res, _) = enrol_with(&server, &code).await;
    assert_eq!(
        (status, res["code"].clone()),
        (StatusCode::NOT_FOUND, json!("unknown_code"))
    );

    // A code past its lifetime is unknown.
    let (_, res) = ask_code(&server, "05836", &t.commune.token).await;
    let code = res["code"].as_str().unwrap().to_string();
    server
        .db()
        .call_now(|conn| {
            conn.execute(
                "UPDATE unit_codes SET expires_at = 1 WHERE unit = '05836'",
                server::params![],
            )
        })
        .unwrap();
    let (status, _, _) = enrol_with(&server, &code).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The unit and its parent read the audit list; a sibling and the
    // province further up do not (and the commune's list names who did what).
    let (status, list) = server
        .call(
            "GET",
            "/api/units/05836/audit",
            Some(&t.commune.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let actions: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "code_issued",
            "enrolled",
            "code_issued",
            "enrolled",
            "code_issued",
            "enrolled",
            "code_issued"
        ]
        .into_iter()
        .rev()
        .collect::<Vec<_>>(),
        "{list}"
    );
    assert_eq!(list[6]["by_name"], "Tỉnh Thái Nguyên");
    let (status, _) = server
        .call(
            "GET",
            "/api/units/05836/audit",
            Some(&t.province.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    for phone in [&t.sibling, &t.hamlet] {
        let (status, _) = server
            .call("GET", "/api/units/05836/audit", Some(&phone.token), None)
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
    let (_, list) = server
        .call(
            "GET",
            "/api/units/05836/audit",
            Some(&t.commune_2.token),
            None,
        )
        .await;
    assert_eq!(list[0]["action"], "code_issued", "{list}");

    // To replace the phones, the parent withdraws them first, then gives a
    // code: the withdrawal is in the list the unit's phones read.
    let (status, _) = withdraw(&server, "05839", &t.province.token).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let replacement = enrol_below(&server, &t.province, "05839").await;
    let (_, list) = server
        .call(
            "GET",
            "/api/units/05839/audit",
            Some(&replacement.token),
            None,
        )
        .await;
    let actions: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        &actions[..4],
        ["enrolled", "code_issued", "phones_withdrawn", "enrolled"]
    );
}

#[tokio::test]
async fn the_registration_key_and_the_operators_code_are_for_one_thing_each() {
    let server = Server::new();
    server.load_units(support::units::UNITS);
    // Finding 1: the key enrols no unit, however often it is tried.
    for _ in 0..3 {
        let (status, _, _) = enrol_with(&server, support::KEY).await;
        assert_ne!(status, StatusCode::CREATED);
    }
    // The operator's code enrols the top unit's first phone, once.
    let code = operator_code(&server, "19");
    let (status, res, _) = enrol_with(&server, &code).await;
    assert_eq!(
        (status, res["unit"]["code"].clone()),
        (StatusCode::CREATED, json!("19"))
    );
    let (status, _, _) = enrol_with(&server, &code).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn withdrawing_a_units_phones_withdraws_the_event_tokens_they_took() {
    let server = Server::new();
    let t = tree(&server).await;
    let (event, token) = share(&server, &t.commune).await;
    let (status, _) = sync(&server, &token, event, vec![]).await;
    assert_eq!(status, StatusCode::OK);
    // Finding 3: the commune's phone is lost; the province withdraws it.
    let (status, _) = withdraw(&server, "05836", &t.province.token).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, res) = sync(&server, &token, event, vec![]).await;
    assert_eq!(
        (status, res["code"].clone()),
        (StatusCode::UNAUTHORIZED, json!("token_revoked"))
    );
    // Nor can it cut the honest phones off by rotating the code.
    let (status, _) = server
        .call(
            "POST",
            &format!("/api/events/{event}/code"),
            Some(&token),
            Some(json!({ "revoke_others": true })),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // The province still reads the event.
    let (status, _) = sync(&server, &t.province.token, event, vec![]).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn undo_reaches_only_this_events_phones_and_the_level_above_reads_on() {
    let server = Server::new();
    let t = tree(&server).await;
    let (event, _) = share(&server, &t.commune).await;
    // Finding 5: a sibling's phone and the province's phone are not this
    // event's: answered as unknown, and nothing changes.
    for device in [t.sibling.device, t.province.device, DeviceId::random()] {
        let (status, res) = server
            .call(
                "POST",
                &format!("/api/events/{event}/devices/{device}/undo"),
                Some(&t.commune.token),
                None,
            )
            .await;
        assert_eq!(
            (status, res["code"].clone()),
            (StatusCode::NOT_FOUND, json!("not_found")),
            "{device}"
        );
    }
    let (status, _) = sync(&server, &t.province.token, event, vec![]).await;
    assert_eq!(status, StatusCode::OK);
    // The commune's colleague is the event's unit's: that undo goes through.
    let (status, _) = server
        .call(
            "POST",
            &format!("/api/events/{event}/devices/{}/undo", t.commune_2.device),
            Some(&t.commune.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn only_the_direct_parent_decides_on_a_report() {
    let server = Server::new();
    let t = tree(&server).await;
    let (_, _, submission) = support::units::share_under_unit(&server, &t.district_commune).await;
    let event = {
        let (_, list) = server
            .call(
                "GET",
                "/api/units/me/reports?year=2026",
                Some(&t.district.token),
                None,
            )
            .await;
        list[0]["event"].as_str().unwrap().to_string()
    };
    let path = format!("/api/events/{event}/reports/{submission}/decision");
    // The province, two levels up, reads but does not decide.
    let (status, _) = server
        .call(
            "POST",
            &path,
            Some(&t.province.token),
            Some(json!({ "accept": false, "note": "Ghi đè" })),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = server
        .call(
            "POST",
            &path,
            Some(&t.district.token),
            Some(json!({ "accept": true, "note": "" })),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn unknown_tokens_are_rate_limited_per_address_before_any_lookup() {
    let server = Server::with(|c| c.limits.auth_failures_per_minute = 5);
    // Finding 6: random bearer tokens, one after another.
    let mut limited = 0;
    for i in 0..20 {
        let token = format!("random-token-{i}");
        let (status, _) = server
            .call("GET", "/api/units/me", Some(&token), None)
            .await;
        if status == StatusCode::TOO_MANY_REQUESTS {
            limited += 1;
        } else {
            assert_eq!(status, StatusCode::UNAUTHORIZED);
        }
    }
    assert!(limited >= 14, "{limited} refused as too many");
    // Event routes too.
    let (status, _) = sync(&server, "another-random", EventId::random(), vec![]).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn sqlite_has_the_indexes_a_push_needs_and_both_schemas_agree() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("schema.sqlite");
    let key = server::secrets::ServerKey::load_or_create(&dir.path().join("key")).unwrap();
    server::db::Db::open(&server::db::Location::Sqlite(path.clone()), &key).unwrap();
    let sqlite = sqlite_schema(&path);
    // Finding 4: looked up by every push and every undo.
    for index in [
        "index tokens_by_event (event_id,device)",
        "index unit_tokens_by_device (device)",
    ] {
        assert!(sqlite.contains(index), "{index}: {sqlite:#?}");
    }
    let Ok(base) = std::env::var("NGAYHOI_TEST_POSTGRES") else {
        return;
    };
    if base.is_empty() {
        return;
    }
    let location = support::database(dir.path());
    server::db::Db::open(&location, &key).unwrap();
    let server::db::Location::Postgres(url) = location else {
        unreachable!()
    };
    let postgres = std::thread::spawn(move || postgres_schema(&url))
        .join()
        .unwrap();
    assert_eq!(sqlite, postgres);
}

/// Tables with their columns, and indexes with theirs, as SQLite lists them.
fn sqlite_schema(path: &std::path::Path) -> std::collections::BTreeSet<String> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut out = std::collections::BTreeSet::new();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for table in tables {
        let columns: Vec<String> = conn
            .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for c in columns {
            out.insert(format!("column {table}.{c}"));
        }
        let indexes: Vec<String> = conn
            .prepare(&format!(
                "SELECT name FROM pragma_index_list('{table}') WHERE origin = 'c'"
            ))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for index in indexes {
            let cols: Vec<String> = conn
                .prepare(&format!("SELECT name FROM pragma_index_info('{index}')"))
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            out.insert(format!("index {index} ({})", cols.join(",")));
        }
    }
    out
}

/// The same, as PostgreSQL's catalog lists them (its migration table and
/// the indexes behind keys, which SQLite makes implicitly, left out).
fn postgres_schema(url: &str) -> std::collections::BTreeSet<String> {
    let mut client = postgres::Client::connect(url, postgres::NoTls).unwrap();
    let mut out = std::collections::BTreeSet::new();
    for row in client
        .query(
            "SELECT c.relname, a.attname FROM pg_catalog.pg_attribute a
             JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
             JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0
               AND NOT a.attisdropped AND c.relname <> 'schema_version'",
            &[],
        )
        .unwrap()
    {
        let (table, column): (String, String) = (row.get(0), row.get(1));
        out.insert(format!("column {table}.{column}"));
    }
    for row in client
        .query(
            "SELECT i.relname,
                    array_to_string(ARRAY(SELECT a.attname FROM unnest(x.indkey) WITH ORDINALITY k(n, o)
                        JOIN pg_catalog.pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.n
                        ORDER BY k.o), ',')
             FROM pg_catalog.pg_index x
             JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
             JOIN pg_catalog.pg_namespace n ON n.oid = i.relnamespace
             WHERE n.nspname = 'public'
               AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c WHERE c.conindid = x.indexrelid)",
            &[],
        )
        .unwrap()
    {
        let (index, cols): (String, String) = (row.get(0), row.get(1));
        out.insert(format!("index {index} ({cols})"));
    }
    out
}

#[tokio::test]
async fn the_operator_reads_the_servers_counters_from_loopback_or_with_its_token_only() {
    use axum::body::Body;
    use axum::http::Request;
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let server = Server::with(|c| {
        c.limits.trust_forwarded_for = true;
        c.metrics_token = Some("metrics-token-for-tests".into());
    });
    // Some traffic: a refusal and a health check.
    let (status, _) = server
        .call("GET", "/api/units/me", Some("not-a-token"), None)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = server.call("GET", "/api/health", None, None).await;
    assert_eq!(status, StatusCode::OK);
    let read = |from: &'static str, token: Option<&'static str>| {
        let app = server.app.clone();
        async move {
            let mut req = Request::get("/metrics").header("x-forwarded-for", from);
            if let Some(t) = token {
                req = req.header("authorization", format!("Bearer {t}"));
            }
            let res = app.oneshot(req.body(Body::empty()).unwrap()).await.unwrap();
            let status = res.status();
            let text = res.into_body().collect().await.unwrap().to_bytes();
            (status, String::from_utf8(text.to_vec()).unwrap())
        }
    };
    // From another address: unknown, with a wrong token too.
    assert_eq!(read("203.0.113.5", None).await.0, StatusCode::NOT_FOUND);
    assert_eq!(
        read("203.0.113.5", Some("wrong-token")).await.0,
        StatusCode::NOT_FOUND
    );
    // The token opens the counters, and nothing else.
    let (status, text) = read("203.0.113.5", Some("metrics-token-for-tests")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        text.contains(r#"ngayhoi_refusals_total{code="unauthorized"} 1"#),
        "{text}"
    );
    assert!(
        text.contains(r#"ngayhoi_requests_total{method="GET",route="/api/health",status="200"} 1"#),
        "{text}"
    );
    assert!(
        text.contains("ngayhoi_request_duration_seconds_bucket"),
        "{text}"
    );
    let (status, _) = server
        .call(
            "GET",
            "/api/units/me",
            Some("metrics-token-for-tests"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // From the server's own machine, no token is needed.
    assert_eq!(read("127.0.0.1", None).await.0, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn pushes_waiting_for_one_slow_event_leave_connections_for_the_others() {
    let Ok(base) = std::env::var("NGAYHOI_TEST_POSTGRES") else {
        return;
    };
    if base.is_empty() {
        return;
    }
    let server = std::sync::Arc::new(Server::new());
    let (slow, _) = support::register(&server).await;
    let (mut other, _) = support::register(&server).await;
    let server::db::Location::Postgres(url) = server.location() else {
        unreachable!()
    };
    // Another process holds the slow event's lock (a push under way there).
    let key = format!("event/{}", slow.state.id);
    let (locked_tx, locked_rx) = std::sync::mpsc::channel();
    let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
    let holder = std::thread::spawn(move || {
        let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
        let mut tx = client.transaction().unwrap();
        tx.execute(
            "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
            &[&key],
        )
        .unwrap();
        locked_tx.send(()).unwrap();
        release_rx.recv().unwrap();
        tx.commit().unwrap();
    });
    locked_rx.recv().unwrap();
    // More pushes to it than the pool has connections.
    let mut waiting = Vec::new();
    for _ in 0..24 {
        let (server, token, id) = (server.clone(), slow.token.clone(), slow.state.id);
        let tally = slow.state.tap(slow.clock.device, 1);
        waiting.push(tokio::spawn(async move {
            sync(&server, &token, id, vec![tally]).await.0
        }));
    }
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    // Another event's push is answered at once.
    let started = std::time::Instant::now();
    let tally = other.state.tap(other.clock.device, 1);
    let (status, res) = other.sync(&server, vec![tally]).await;
    assert_eq!(status, StatusCode::OK, "{res}");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    release_tx.send(()).unwrap();
    holder.join().unwrap();
    for push in waiting {
        assert_eq!(push.await.unwrap(), StatusCode::OK);
    }
}

#[tokio::test]
async fn colleagues_added_at_once_each_keep_their_code() {
    let server = Server::new();
    let t = tree(&server).await;
    let mut codes = Vec::new();
    for _ in 0..3 {
        let (status, res) = ask_code(&server, "05836", &t.commune.token).await;
        assert_eq!(status, StatusCode::CREATED);
        codes.push(res["code"].as_str().unwrap().to_string());
    }
    for code in codes.iter().rev() {
        let (status, res, _) = enrol_with(&server, code).await;
        assert_eq!(status, StatusCode::CREATED, "{res}");
    }
    // Past the bound, the oldest outstanding code stops working.
    let mut codes = Vec::new();
    for _ in 0..=server::db::units::OUTSTANDING_CODES {
        let (_, res) = ask_code(&server, "05836", &t.commune.token).await;
        codes.push(res["code"].as_str().unwrap().to_string());
    }
    assert_eq!(
        enrol_with(&server, &codes[0]).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(enrol_with(&server, &codes[1]).await.0, StatusCode::CREATED);
}

#[tokio::test]
async fn a_units_deadline_form_reads_back_what_it_set() {
    let server = Server::new();
    let t = tree(&server).await;
    let (_, none) = server
        .call(
            "GET",
            "/api/units/164/deadline?year=2026",
            Some(&t.district.token),
            None,
        )
        .await;
    assert_eq!(none, serde_json::Value::Null);
    let (status, _) = server
        .call(
            "PUT",
            "/api/units/164/deadline",
            Some(&t.district.token),
            Some(json!({ "year": 2026, "due": "2026-08-20", "grace_days": 5 })),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, set) = server
        .call(
            "GET",
            "/api/units/164/deadline?year=2026",
            Some(&t.district.token),
            None,
        )
        .await;
    assert_eq!(
        set,
        json!({ "year": 2026, "due": "2026-08-20", "grace_days": 5 })
    );
    // The commune below reports by it, and sees its grace days.
    let (_, home) = server
        .call(
            "GET",
            "/api/units/me?year=2026",
            Some(&t.district_commune.token),
            None,
        )
        .await;
    assert_eq!(
        (home["report_due"].clone(), home["grace_days"].clone()),
        (json!("2026-08-20"), json!(5))
    );
    // Out of reach, as unknown.
    let (status, _) = server
        .call(
            "GET",
            "/api/units/164/deadline?year=2026",
            Some(&t.commune.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // More grace than the bound is refused.
    let (status, _) = server
        .call(
            "PUT",
            "/api/units/164/deadline",
            Some(&t.district.token),
            Some(json!({ "year": 2026, "due": "2026-08-20", "grace_days": 365 })),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}
