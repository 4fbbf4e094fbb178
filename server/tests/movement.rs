//! The movement across years on the server: each unit's ledger ("Sổ phong
//! trào") comes into being on its unit's first sync and syncs like an
//! event, but only its own unit's phones write it, the units above read
//! it, and no access code opens it; the level above reads the period's
//! figures of its subtree and computes the sheet with the domain's code.
//! Every test runs on SQLite, and on PostgreSQL when
//! `NGAYHOI_TEST_POSTGRES` is set.

mod support;

use axum::http::StatusCode;
use domain::api::{self, PeriodQuery};
use domain::kinds::model::{Model, ModelFields};
use domain::kinds::movement::{Movement, Source};
use domain::movement::figures::Figure;
use domain::protocol::PeriodData;
use domain::text::month::MonthYear;
use domain::{EventId, EventState, Hlc, Record};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use support::units::{enrol_below, share_under_unit, sync, tree, UnitPhone};
use support::Server;

/// `unit`'s ledger with its 2019 (100 tips, 40 of them valuable) and two
/// models (one since 2016, one built in 2019), as its phone saves them:
/// the records to push.
fn ledger_records(unit: &str, phone: &UnitPhone) -> Vec<Record> {
    let mut clock = Hlc::new(phone.device);
    let mut state = EventState::ledger(unit);
    let values = BTreeMap::from([(Figure::Tips, 100), (Figure::TipsValuable, 40)]);
    let mut records = state
        .save_movement(unit, 2019, &values, Source::Entered, clock.tick(1_000))
        .unwrap();
    for (name, since) in [
        ("Tổ liên gia tự quản thôn Đông", (2016, 3)),
        ("Dòng họ Nguyễn tự quản", (2019, 5)),
    ] {
        let fields = ModelFields {
            name: name.into(),
            since: Some(MonthYear::new(since.0, since.1).unwrap()),
            households: 40,
            people: 160,
            ..Default::default()
        };
        let record = state
            .save::<Model>(None, fields, clock.tick(2_000))
            .unwrap();
        state.apply(record.clone()).unwrap();
        records.push(record);
    }
    for r in &records {
        let _ = state.apply(r.clone());
    }
    records
}

/// The period's answer to `token`.
async fn period(server: &Server, token: &str, from: i32, to: i32) -> (StatusCode, Value) {
    let path = format!("/api/units/me/period?from={from}&to={to}");
    server.call("GET", &path, Some(token), None).await
}

/// The period's data, answered 200.
async fn period_data(server: &Server, token: &str, from: i32, to: i32) -> PeriodData {
    let query = PeriodQuery { from, to };
    server.read::<api::Period>(&(), &query, token).await
}

/// How many rows of `events` are ledgers.
fn ledgers(server: &Server) -> i64 {
    server.number("SELECT COUNT(*) FROM events WHERE kind = 'ledger'")
}

#[tokio::test]
async fn a_communes_ledger_reaches_the_period_sheet_of_the_units_above_and_no_event_list() {
    let server = Server::new();
    let t = tree(&server).await;
    // An event of the commune's, held in 2026, beside its ledger.
    let (event, _, _) = share_under_unit(&server, &t.district_commune).await;
    let ledger = EventId::ledger("05842");
    let records = ledger_records("05842", &t.district_commune);
    assert_eq!(ledgers(&server), 0);
    let (status, res) = sync(&server, &t.district_commune.token, ledger, records).await;
    assert_eq!(status, StatusCode::OK, "{res}");
    assert_eq!(res["acked"].as_array().unwrap().len(), 3);
    assert_eq!(ledgers(&server), 1);
    assert_eq!(
        server.texts("SELECT unit FROM events WHERE kind = 'ledger'"),
        ["05842"]
    );

    // The district reads the commune's years and models, and computes the
    // sheet itself, as the app does.
    let data = period_data(&server, &t.district.token, 2015, 2020).await;
    assert_eq!(data.unit.code, "164");
    assert_eq!((data.period.from(), data.period.to()), (2015, 2020));
    assert_eq!(data.movements.len(), 1);
    assert_eq!(data.movements[0].ledger, "05842");
    assert_eq!(data.models.len(), 2);
    assert!(data.events.is_empty(), "the event is of 2026");
    let sheet = data.sheet();
    let row = sheet.rows.iter().find(|r| r.unit.code == "05842").unwrap();
    let y2019 = row.figures.year(2019);
    assert_eq!(y2019.get(Figure::Tips), 100);
    assert_eq!(y2019.get(Figure::TipsValuable), 40);
    assert_eq!(y2019.get(Figure::ModelsExisting), 2);
    assert_eq!(y2019.get(Figure::ModelsBuilt), 1);
    assert_eq!(row.figures.year(2017).get(Figure::ModelsExisting), 1);
    assert_eq!(sheet.total.period_value(Figure::Tips), 100);

    // The province reads it too, and the event in a period holding 2026.
    let data = period_data(&server, &t.province.token, 2020, 2026).await;
    assert!(data.movements.is_empty(), "2019 is before the period");
    assert_eq!(data.models.len(), 2, "both models stand in 2020–2026");
    let events: Vec<EventId> = data.events.iter().map(|e| e.event).collect();
    assert_eq!(events, [event.id]);
    // The commune reads its own.
    let data = period_data(&server, &t.district_commune.token, 2019, 2019).await;
    assert_eq!(data.sheet().own.year(2019).get(Figure::Tips), 100);

    // No list of events shows the ledger: the dashboard, the reports below.
    let token = &t.province.token;
    let dashboard = server
        .read::<api::Dashboard>(&(), &2026.into(), token)
        .await;
    let events: Vec<EventId> = dashboard.events.iter().map(|e| e.event).collect();
    assert_eq!(events, [event.id]);
    let reports = server
        .read::<api::ReportsBelow>(&(), &2026.into(), token)
        .await;
    let events: Vec<EventId> = reports.iter().map(|r| r.event).collect();
    assert_eq!(events, [event.id]);
    assert_eq!(
        server.number(
            "SELECT COUNT(*) FROM event_figures
             WHERE event_id IN (SELECT id FROM events WHERE kind = 'ledger')"
        ),
        0
    );
}

#[tokio::test]
async fn only_a_ledgers_own_unit_writes_it_the_units_above_read_it_and_no_one_else_reaches_it() {
    let server = Server::new();
    let t = tree(&server).await;
    let ledger = EventId::ledger("05842");
    let records = ledger_records("05842", &t.district_commune);

    // Before the commune's first sync, another commune cannot open it.
    let (status, res) = sync(&server, &t.commune.token, ledger, records.clone()).await;
    assert_eq!(
        (status, &res["code"]),
        (StatusCode::FORBIDDEN, &json!("forbidden"))
    );
    assert_eq!(ledgers(&server), 0);
    // Nor the district above it: a ledger comes only from its own unit.
    let (status, _) = sync(&server, &t.district.token, ledger, vec![]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Nor a ledger of a unit below it, nor any other id.
    for id in [
        EventId::ledger("05836-01"),
        EventId::ledger("99"),
        EventId::random(),
    ] {
        let (status, _) = sync(&server, &t.commune.token, id, vec![]).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{id}");
    }
    assert_eq!(ledgers(&server), 0);

    let (status, res) = sync(&server, &t.district_commune.token, ledger, records.clone()).await;
    assert_eq!(status, StatusCode::OK, "{res}");

    // Another commune, and another province, still cannot.
    for phone in [&t.commune, &t.sibling, &t.other_province] {
        let (status, res) = sync(&server, &phone.token, ledger, vec![]).await;
        assert_eq!(
            (status, &res["code"]),
            (StatusCode::FORBIDDEN, &json!("forbidden"))
        );
    }
    // The district above pulls it, but cannot change it.
    let (status, res) = sync(&server, &t.district.token, ledger, vec![]).await;
    assert_eq!(status, StatusCode::OK, "{res}");
    assert_eq!(res["bundle"]["records"].as_array().unwrap().len(), 3);
    let mut clock = Hlc::new(t.district.device);
    let mut state = EventState::ledger("05842");
    for r in &records {
        let _ = state.apply(r.clone());
    }
    let change = state
        .save_movement(
            "05842",
            2019,
            &BTreeMap::from([(Figure::Tips, 120)]),
            Source::Entered,
            clock.tick(5_000),
        )
        .unwrap();
    let (status, res) = sync(&server, &t.district.token, ledger, change.clone()).await;
    assert_eq!(
        (status, &res["code"]),
        (StatusCode::FORBIDDEN, &json!("read_only"))
    );
    // The province further up reads it too, and its history.
    let (status, _) = sync(&server, &t.province.token, ledger, vec![]).await;
    assert_eq!(status, StatusCode::OK);
    let path = format!("/api/events/{ledger}/history");
    let (status, res) = server
        .call("GET", &path, Some(&t.province.token), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{res}");
    assert!(!res.as_array().unwrap().is_empty());

    // A sibling district sees nothing of it.
    server.load_units("165,Huyện Khác,huyen,19\n");
    let other_district = enrol_below(&server, &t.province, "165").await;
    let data = period_data(&server, &other_district.token, 2015, 2020).await;
    assert!(data.units.is_empty() && data.movements.is_empty() && data.models.is_empty());
    let (status, _) = sync(&server, &other_district.token, ledger, vec![]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // An event's token never reaches it: not the creator's, not a joined phone's.
    let (creator, code) = support::register(&server).await;
    let joined = support::join(&server, &code).await;
    for token in [&creator.token, &joined.token] {
        let (status, res) = sync(&server, token, ledger, vec![]).await;
        assert_eq!(
            (status, &res["code"]),
            (StatusCode::FORBIDDEN, &json!("forbidden"))
        );
    }
    // A ledger is never registered: no claim stands for its id, with the
    // registration key or a unit token.
    let claim = "c".repeat(64);
    let body = json!({ "registration_key": support::KEY, "event": ledger, "device": t.district_commune.device, "claim": claim });
    let (status, res) = server.call("POST", "/api/events", None, Some(body)).await;
    assert_eq!(
        (status, &res["code"]),
        (StatusCode::CONFLICT, &json!("event_exists"))
    );
    let fresh = EventId::ledger("05845");
    let body = json!({ "registration_key": "", "event": fresh, "device": t.district_commune.device, "claim": claim });
    let (status, res) = server
        .call(
            "POST",
            "/api/events",
            Some(&t.district_commune.token),
            Some(body),
        )
        .await;
    assert_eq!(
        (status, &res["code"]),
        (StatusCode::CONFLICT, &json!("event_exists"))
    );
    assert_eq!(ledgers(&server), 1);

    // The commune's own second phone writes it; a record of an event's
    // kind is no ledger's.
    let (status, res) = sync(&server, &t.district_commune.token, ledger, change).await;
    assert_eq!(status, StatusCode::OK, "{res}");
    let step = EventState::create(ledger, domain::NewEvent::example(), clock.tick(6_000))
        .unwrap()
        .into_iter()
        .find(|r| matches!(r, Record::Step(_)))
        .unwrap();
    let (status, res) = sync(&server, &t.district_commune.token, ledger, vec![step]).await;
    assert_eq!(
        (status, &res["code"]),
        (StatusCode::UNPROCESSABLE_ENTITY, &json!("foreign_record"))
    );
    let data = period_data(&server, &t.district.token, 2019, 2019).await;
    assert_eq!(data.sheet().total.year(2019).get(Figure::Tips), 120);
}

#[tokio::test]
async fn undoing_a_phone_on_a_ledger_gives_it_no_code_that_opens_it() {
    let server = Server::new();
    let t = tree(&server).await;
    let ledger = EventId::ledger("05836");
    let (status, res) = sync(&server, &t.commune.token, ledger, vec![]).await;
    assert_eq!(status, StatusCode::OK, "{res}");
    let records = ledger_records("05836", &t.commune_2);
    let (status, res) = sync(&server, &t.commune_2.token, ledger, records).await;
    assert_eq!(status, StatusCode::OK, "{res}");
    let path = format!("/api/events/{ledger}/devices/{}/undo", t.commune_2.device);
    let (status, res) = server
        .call("POST", &path, Some(&t.commune.token), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{res}");
    // What it wrote is written back, and the answer carries no code or
    // join link (a ledger has none); nothing joins with an empty code.
    let data = period_data(&server, &t.commune.token, 2019, 2019).await;
    assert!(
        data.movements.is_empty() && data.models.is_empty(),
        "{data:?}"
    );
    assert_eq!((&res["code"], &res["join_url"]), (&json!(""), &json!("")));
    assert_eq!(res["qr_svg"], json!(""));
    let body = json!({ "code": "", "device": domain::DeviceId::random() });
    let (status, res) = server.call("POST", "/api/join", None, Some(body)).await;
    assert_eq!(
        (status, &res["code"]),
        (StatusCode::NOT_FOUND, &json!("unknown_code"))
    );
}

#[tokio::test]
async fn an_implausible_year_is_refused_with_its_code_and_changes_nothing() {
    let server = Server::new();
    let t = tree(&server).await;
    let ledger = EventId::ledger("05842");
    // 120 valuable tips of 100: no phone's form saves it; a forged push.
    let mut clock = Hlc::new(t.district_commune.device);
    let mut year = Movement::blank("05842", 2019, clock.tick(1_000));
    year.write(
        &BTreeMap::from([(Figure::Tips, 100), (Figure::TipsValuable, 120)]),
        Source::Entered,
        clock.tick(1_000),
    );
    let (status, res) = sync(
        &server,
        &t.district_commune.token,
        ledger,
        vec![Record::Movement(year)],
    )
    .await;
    assert_eq!(
        (status, &res["code"]),
        (StatusCode::UNPROCESSABLE_ENTITY, &json!("invalid_record")),
        "{res}"
    );
    assert!(
        res["message"].as_str().unwrap().contains("Tin có giá trị"),
        "{res}"
    );
    // Nothing of it is kept: the ledger holds nothing, its history neither.
    let data = period_data(&server, &t.district.token, 2019, 2019).await;
    assert!(data.movements.is_empty());
    assert_eq!(server.number("SELECT COUNT(*) FROM records"), 0);
    assert_eq!(server.number("SELECT COUNT(*) FROM changes"), 0);
}

#[tokio::test]
async fn a_period_backwards_too_long_or_without_a_token_is_refused() {
    let server = Server::new();
    let t = tree(&server).await;
    for (from, to) in [(1990, 2021), (2020, 2015), (1980, 1985)] {
        let (status, res) = period(&server, &t.district.token, from, to).await;
        assert_eq!(
            (status, &res["code"]),
            (StatusCode::BAD_REQUEST, &json!("bad_period")),
            "{from}-{to}: {res}"
        );
    }
    // Thirty years apart is a period still.
    let data = period_data(&server, &t.district.token, 1990, 2020).await;
    assert_eq!(data.period.len(), 31);
    let (status, _) = server
        .call("GET", "/api/units/me/period?from=2015&to=2020", None, None)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

/// `unit`'s review of 2015–2020 written and sent from its phone: the
/// records to push, and the submission's id.
fn review_records(unit: &str, phone: &UnitPhone, at: u64) -> (Vec<Record>, String) {
    use domain::movement::period::Period;
    use domain::movement::review::review_doc;
    use domain::movement::sheet::period_sheet;
    let mut clock = Hlc::new(phone.device);
    let mut state = EventState::ledger(unit);
    let period = Period::new(2015, 2020).unwrap();
    let text = state
        .set_review_text(period, "situation", "Địa bàn bán sơn địa.", clock.tick(at))
        .unwrap();
    state.apply(text.clone()).unwrap();
    let root = domain::unit::Unit {
        code: unit.into(),
        name: "Xã Tân Lập".into(),
        level: domain::unit::UnitLevel::Xa,
        parent: None,
    };
    let sheet = period_sheet(&root, &[], &[], &[], &[], period);
    let doc = review_doc(
        &sheet,
        &[],
        &state.review_texts(period),
        domain::Day::traditional(2020).unwrap(),
    );
    let sent = state
        .submit_review(&doc, "Nguyễn Văn A", at, clock.tick(at + 1))
        .unwrap();
    let id = match &sent {
        Record::Submission(s) => s.id.to_string(),
        _ => unreachable!(),
    };
    (vec![text, sent], id)
}

#[tokio::test]
async fn a_review_sent_from_a_ledger_reaches_the_level_above_which_accepts_or_returns_it() {
    let server = Server::new();
    let t = tree(&server).await;
    let ledger = EventId::ledger("05842");
    let (records, first) = review_records("05842", &t.district_commune, 1_000);
    let (status, res) = sync(&server, &t.district_commune.token, ledger, records).await;
    assert_eq!(status, StatusCode::OK, "{res}");

    // The district sees it with the period it is of, and no other period's.
    let data = period_data(&server, &t.district.token, 2015, 2020).await;
    assert_eq!(data.reviews.len(), 1);
    assert_eq!(data.reviews[0].unit, "05842");
    assert_eq!(data.reviews[0].latest.id, first);
    assert_eq!(data.reviews[0].latest.officer, "Nguyễn Văn A");
    assert!(period_data(&server, &t.district.token, 2016, 2020)
        .await
        .reviews
        .is_empty());
    // The district reads the ledger whole, as its phone opens the review.
    let years = ledger_records("05842", &t.district_commune);
    let (status, res) = sync(&server, &t.district_commune.token, ledger, years).await;
    assert_eq!(status, StatusCode::OK, "{res}");
    let (status, res) = sync(&server, &t.district.token, ledger, vec![]).await;
    assert_eq!(status, StatusCode::OK, "{res}");
    let bundle: domain::Bundle = serde_json::from_value(res["bundle"].clone()).unwrap();
    bundle.check().unwrap();
    assert!(bundle
        .records
        .iter()
        .any(|r| matches!(r, Record::Submission(s) if s.id.to_string() == first)));
    // A sibling district's unit does not see it; the commune sees its own.
    let sibling = period_data(&server, &t.commune.token, 2015, 2020).await;
    assert!(sibling.reviews.is_empty());

    // A second sending: the latest is the one the level above sees.
    let (records, second) = review_records("05842", &t.district_commune, 5_000);
    let (status, res) = sync(&server, &t.district_commune.token, ledger, records).await;
    assert_eq!(status, StatusCode::OK, "{res}");
    let data = period_data(&server, &t.province.token, 2015, 2020).await;
    assert_eq!(data.reviews.len(), 1);
    assert_eq!(data.reviews[0].latest.id, second);

    // The commune cannot decide on its own review; the district can.
    let decision = format!("/api/events/{ledger}/reports/{second}/decision");
    let body = json!({ "accept": false, "note": "Bổ sung mô hình tiêu biểu." });
    let (status, _) = server
        .call(
            "POST",
            &decision,
            Some(&t.district_commune.token),
            Some(body.clone()),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, res) = server
        .call("POST", &decision, Some(&t.district.token), Some(body))
        .await;
    assert!(status.is_success(), "{status} {res}");
    let data = period_data(&server, &t.district.token, 2015, 2020).await;
    assert_eq!(
        data.reviews[0].latest.status,
        domain::protocol::ReportStatus::Returned
    );
    assert_eq!(data.reviews[0].latest.note, "Bổ sung mô hình tiêu biểu.");
    // The commune's phone reads where it stands.
    let (status, res) = server
        .call(
            "GET",
            &format!("/api/events/{ledger}/reports"),
            Some(&t.district_commune.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{res}");
    assert_eq!(res.as_array().unwrap().len(), 2);
}
