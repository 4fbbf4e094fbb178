//! Benchmark: phones pulling a big event at once, page after page.
//!
//!   cargo run --profile server -p server --example pull -- <base url> <registration key> [records] [phones]
//!
//! Registers an event, pushes `records` invitees into it (default 200,000)
//! in pushes of 4,000, then `phones` phones (default 8) join and pull it
//! whole at the same time, as new joiners on the morning of the day would.
//! Prints how long the pulls took and checks every phone ends equal to the
//! event. The server's memory is read by the caller (scripts/bench-server.sh).

use domain::kinds::invitee::{Invitee, InviteeFields};
use domain::protocol::{
    AccessGrant, JoinRequest, RegisterRequest, SyncRequest, SyncResponse, PROTOCOL,
};
use domain::Kind;
use domain::{Bundle, DeviceId, EventId, EventState, Hlc, Item, ItemId, NewEvent};
use std::time::Instant;

/// A minimal HTTP/1.1 client on one keep-alive connection per phone.
struct Client {
    base: String,
}

impl Client {
    async fn post(&self, path: &str, token: Option<&str>, body: String) -> String {
        use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
        let host = self
            .base
            .trim_start_matches("http://")
            .trim_end_matches('/');
        let stream = tokio::net::TcpStream::connect(host).await.expect("connect");
        let mut stream = BufReader::new(stream);
        let auth = token
            .map(|t| format!("Authorization: Bearer {t}\r\n"))
            .unwrap_or_default();
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n{auth}Content-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        stream.get_mut().write_all(head.as_bytes()).await.unwrap();
        stream.get_mut().write_all(body.as_bytes()).await.unwrap();
        let mut line = String::new();
        stream.read_line(&mut line).await.unwrap();
        let status: u16 = line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap();
        let mut length = 0;
        loop {
            line.clear();
            stream.read_line(&mut line).await.unwrap();
            if line == "\r\n" {
                break;
            }
            if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = v.trim().parse().unwrap();
            }
        }
        let mut answer = vec![0; length];
        stream.read_exact(&mut answer).await.unwrap();
        let answer = String::from_utf8(answer).unwrap();
        assert!((200..300).contains(&status), "{status}: {answer}");
        answer
    }
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let base = args.get(1).expect("base url").clone();
    let key = args.get(2).expect("registration key").clone();
    let records: u128 = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(200_000);
    let phones: usize = args.get(4).and_then(|a| a.parse().ok()).unwrap_or(8);
    let client = Client { base: base.clone() };

    let owner = DeviceId::random();
    let mut clock = Hlc::new(owner);
    let (event, claim) = EventId::new_claimed();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64;
    let stamp = clock.tick(now);
    let mut all = EventState::create(event, NewEvent::example(), stamp).unwrap();
    all.extend((0..records).map(|n| {
        let mut person = Invitee::blank(ItemId(uuid::Uuid::from_u128(n + 1)), stamp);
        person.write(
            InviteeFields {
                name: format!("Nguyễn Văn Khách {n}"),
                title: "Trưởng thôn".into(),
                ..Default::default()
            },
            stamp,
        );
        person.into_record()
    }));
    let register = RegisterRequest {
        registration_key: key,
        event,
        device: owner,
        claim,
    };
    let grant: AccessGrant = serde_json::from_str(
        &client
            .post(
                "/api/events",
                None,
                serde_json::to_string(&register).unwrap(),
            )
            .await,
    )
    .unwrap();
    let path = format!("/api/events/{event}/sync");
    let started = Instant::now();
    let mut cursor = 0;
    for chunk in all.chunks(4_000) {
        let push = SyncRequest {
            cursor,
            bundle: Bundle::new(event, owner, chunk.to_vec()),
            protocol: PROTOCOL,
            officer: String::new(),
        };
        let answer = client
            .post(
                &path,
                Some(&grant.token),
                serde_json::to_string(&push).unwrap(),
            )
            .await;
        cursor = serde_json::from_str::<SyncResponse>(&answer)
            .unwrap()
            .cursor;
    }
    println!(
        "pushed {} records in {:.1} s",
        all.len(),
        started.elapsed().as_secs_f64()
    );
    let expected = EventState::from_records(event, all).unwrap();
    // The caller samples the server's memory from here on.
    println!("pulling");

    let started = Instant::now();
    let tasks: Vec<_> = (0..phones)
        .map(|_| {
            let client = Client { base: base.clone() };
            let (code, path) = (grant.code.clone(), path.clone());
            tokio::spawn(async move {
                let device = DeviceId::random();
                let join = JoinRequest { code, device };
                let token = serde_json::from_str::<AccessGrant>(
                    &client
                        .post("/api/join", None, serde_json::to_string(&join).unwrap())
                        .await,
                )
                .unwrap()
                .token;
                let (mut state, mut cursor, mut pages) = (EventState::empty(event), 0, 0);
                loop {
                    let pull = SyncRequest {
                        cursor,
                        bundle: Bundle::new(event, device, vec![]),
                        protocol: PROTOCOL,
                        officer: String::new(),
                    };
                    let answer = client
                        .post(&path, Some(&token), serde_json::to_string(&pull).unwrap())
                        .await;
                    let response: SyncResponse = serde_json::from_str(&answer).unwrap();
                    for r in response.bundle.records {
                        state.apply(r).unwrap();
                    }
                    cursor = response.cursor;
                    pages += 1;
                    if response.more != Some(true) {
                        return (state, pages);
                    }
                }
            })
        })
        .collect();
    let mut pages = 0;
    for t in tasks {
        let (state, p) = t.await.unwrap();
        assert!(state == expected, "a phone ended different from the event");
        pages = p;
    }
    println!(
        "{phones} phones pulled {records} records each in {pages} pages in {:.1} s; all equal to the event",
        started.elapsed().as_secs_f64()
    );
}
