//! `server copy-to`: a province's SQLite database moved into PostgreSQL
//! keeps every phone working as before. Runs when `NGAYHOI_TEST_POSTGRES`
//! names a PostgreSQL server (scripts/test.sh starts one).

mod support;

use axum::http::StatusCode;
use domain::kinds::invitee::{Invitee, InviteeFields};
use domain::Kind;
use domain::{Item, ItemId, Record};
use serde_json::Value;
use support::*;

async fn history(server: &Server, phone: &Phone, record: &str) -> Vec<Value> {
    let path = format!("/api/events/{}/history?record={record}", phone.state.id);
    let (status, list) = server.call("GET", &path, Some(&phone.token), None).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    list.as_array().unwrap().clone()
}

fn copy_to(sqlite: &server::db::Location, key: &std::path::Path, to: &str) -> (bool, String) {
    let server::db::Location::Sqlite(path) = sqlite else {
        panic!("the source is SQLite")
    };
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .arg("--db")
        .arg(path)
        .arg("--key-file")
        .arg(key)
        .args(["copy-to", to])
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

#[tokio::test]
async fn a_sqlite_database_copied_into_postgres_serves_every_phone_as_before() {
    if std::env::var("NGAYHOI_TEST_POSTGRES").is_err() {
        eprintln!("NGAYHOI_TEST_POSTGRES is not set: nothing to copy into");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let sqlite = server::db::Location::Sqlite(dir.path().join("province.sqlite"));
    let old = Server::with(|c| c.database = sqlite.clone());
    old.load_units(
        "79,TP. Hồ Chí Minh,tinh,\n26734,Phường Bến Thành,xa,79\n26737,Phường Sài Gòn,xa,79",
    );
    let (mut creator, code) = register(&old).await;
    let mut all: Vec<Record> = creator.state.records().collect();
    // More rows than one batched insert of the copy holds.
    for i in 0..450 {
        let stamp = creator.clock.tick(server::db::now_ms());
        let mut person = Invitee::blank(ItemId::new(stamp.wall), stamp);
        let fields = InviteeFields {
            name: format!("Người {i}"),
            ..Default::default()
        };
        person.write(fields, stamp);
        all.push(person.into_record());
    }
    let (status, res) = creator.sync(&old, all).await;
    assert_eq!(status, StatusCode::OK, "{res}");
    let mut gate = join(&old, &code).await;
    gate.pull_all(&old).await;
    let tally = gate.state.tap(gate.device(), 37);
    assert_eq!(gate.sync(&old, vec![tally]).await.0, StatusCode::OK);
    let own = format!("headcount/{}", gate.device());
    let before = history(&old, &creator, &own).await;
    assert!(!before.is_empty());

    let target = database(dir.path());
    let server::db::Location::Postgres(url) = &target else {
        panic!("a PostgreSQL database")
    };
    let key = old.dir.path().join("server-key");
    // Another server key would hash no phone's token alike: refused.
    let (ok, out) = copy_to(&sqlite, &dir.path().join("another-key"), url);
    assert!(!ok);
    assert!(out.contains("server key"), "{out}");
    let (ok, out) = copy_to(&sqlite, &key, url);
    assert!(ok, "{out}");
    assert!(out.contains("records: "), "{out}");

    let new = Server::with(|c| {
        c.database = target.clone();
        c.key_file = key.clone();
    });
    // The same token goes on syncing, from where it was.
    let tally = gate.state.tap(gate.device(), 5);
    let (status, res) = gate.sync(&new, vec![tally]).await;
    assert_eq!(status, StatusCode::OK, "{res}");
    // The same code lets a new phone in, and it reads the whole event.
    let mut late = join(&new, &code).await;
    late.pull_all(&new).await;
    creator.pull_all(&new).await;
    assert_eq!(late.state.headcount(), 42);
    assert_eq!(late.state, creator.state);
    assert_eq!(late.state.invitee_counts().total.listed, 450);
    // The history is there, and goes on numbering after it.
    let after = history(&new, &creator, &own).await;
    assert_eq!(after[..before.len()], before[..]);
    assert_eq!(after.len(), before.len() + 1);
    assert!(after[before.len()]["id"].as_i64() > before.last().unwrap()["id"].as_i64());
    // The units came too.
    assert_eq!(
        new.texts("SELECT path FROM units ORDER BY path"),
        ["/79/", "/79/26734/", "/79/26737/"]
    );

    // Into a database that is not empty: refused, and nothing changes.
    let (ok, out) = copy_to(&sqlite, &key, url);
    assert!(!ok);
    assert!(out.contains("not empty"), "{out}");
    assert_eq!(new.number("SELECT COUNT(*) FROM events"), 1);
}
