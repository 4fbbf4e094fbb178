//! The commune's report as the level above sees it: the dashboard's
//! figures as of each event's last change, and a submitted report that
//! no push changes.

mod support;

use axum::http::StatusCode;
use domain::kinds::submission::ReportDoc;
use domain::{EventId, Record};
use support::units::*;
use support::*;

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
