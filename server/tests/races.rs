//! Races between two server processes on one database (PostgreSQL behind
//! a load balancer; on SQLite, two routers on one file): what one process
//! checks, the other cannot change before it writes.

mod support;

use axum::http::StatusCode;
use serde_json::json;
use std::sync::Arc;
use support::units::{ask_code, enrol_with, tree, withdraw};
use support::Server;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_withdrawal_and_an_enrolment_at_once_never_leave_a_fresh_phone() {
    let one = Arc::new(Server::new());
    let two = Arc::new(one.twin());
    let t = Arc::new(tree(&one).await);
    for round in 0..10 {
        // The sibling commune's phones withdrawn, a code given for a new one.
        let (status, _) = withdraw(&one, "05839", &t.province.token).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (status, res) = ask_code(&one, "05839", &t.province.token).await;
        assert_eq!(status, StatusCode::CREATED, "{res}");
        let code = res["code"].as_str().unwrap().to_string();
        // A phone enrols through one process while the province withdraws
        // through the other.
        let enrol = {
            let (one, code) = (one.clone(), code.clone());
            tokio::spawn(async move { enrol_with(&one, &code).await })
        };
        let withdraw = {
            let (two, t) = (two.clone(), t.clone());
            tokio::spawn(async move { withdraw(&two, "05839", &t.province.token).await.0 })
        };
        let (enrolled, _, _) = enrol.await.unwrap();
        assert_eq!(withdraw.await.unwrap(), StatusCode::NO_CONTENT);
        // Whichever came first, no phone is left working after both.
        let active =
            one.texts("SELECT hash FROM unit_tokens WHERE unit = '05839' AND revoked_at IS NULL");
        assert!(
            active.is_empty(),
            "round {round}: enrol {enrolled}, {active:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_codes_used_at_once_through_two_processes_enrol_one_first_phone() {
    let one = Arc::new(Server::new());
    let two = Arc::new(one.twin());
    let t = tree(&one).await;
    let (status, _) = withdraw(&one, "05839", &t.province.token).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    // Two codes from above, used at once: a unit's first phone is one.
    let mut codes = Vec::new();
    for _ in 0..2 {
        let (_, res) = ask_code(&one, "05839", &t.province.token).await;
        codes.push(res["code"].as_str().unwrap().to_string());
    }
    let a = {
        let (one, code) = (one.clone(), codes[0].clone());
        tokio::spawn(async move { enrol_with(&one, &code).await.0 })
    };
    let b = {
        let (two, code) = (two.clone(), codes[1].clone());
        tokio::spawn(async move { enrol_with(&two, &code).await.0 })
    };
    let mut answers = [a.await.unwrap(), b.await.unwrap()];
    answers.sort();
    assert_eq!(answers, [StatusCode::CREATED, StatusCode::CONFLICT]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_event_attached_by_two_units_at_once_joins_one() {
    let one = Arc::new(Server::new());
    let two = Arc::new(one.twin());
    let t = Arc::new(tree(&one).await);
    for _ in 0..5 {
        let (phone, _) = support::register(&one).await;
        let (id, claim) = (phone.state.id, phone.claim.clone());
        let attach = |server: Arc<Server>, token: String| {
            let claim = claim.clone();
            tokio::spawn(async move {
                server
                    .call(
                        "POST",
                        &format!("/api/events/{id}/unit"),
                        Some(&token),
                        Some(json!({ "claim": claim })),
                    )
                    .await
                    .0
            })
        };
        let a = attach(one.clone(), t.commune.token.clone());
        let b = attach(two.clone(), t.sibling.token.clone());
        let mut answers = [a.await.unwrap(), b.await.unwrap()];
        answers.sort();
        assert_eq!(answers, [StatusCode::NO_CONTENT, StatusCode::CONFLICT]);
        let unit: Option<String> = one
            .db()
            .call_now(|conn| {
                conn.query_row(
                    "SELECT unit FROM events WHERE id = ?1",
                    server::params![id.to_string()],
                )?
                .unwrap()
                .get(0)
            })
            .unwrap();
        assert!(
            matches!(unit.as_deref(), Some("05836" | "05839")),
            "{unit:?}"
        );
    }
}
