//! Load generator for the sync server: many phones pushing gate taps at once.
//!
//!   cargo run --profile server -p server --example load -- <base urls> <registration key> [seconds] [connections] [events]
//!
//! Each connection is one phone with its own keep-alive HTTP/1.1 connection,
//! pushing one tap per sync (the worst case: no batching) and reading back
//! the other phones' taps, as the app does. The phones work `events` events
//! (default 1: one commune's gate), spread evenly; with several base URLs
//! (comma-separated: server processes on one database), phone `i` talks to
//! the `i`-th, round the list. Prints pushes per second and latency
//! percentiles, then checks each event's total on the server is exact.

use domain::protocol::{
    AccessGrant, JoinRequest, RegisterRequest, SyncRequest, SyncResponse, PROTOCOL,
};
use domain::{Bundle, DeviceId, EventId, EventState, Hlc, NewEvent, Tally};
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

struct Conn {
    stream: BufReader<TcpStream>,
    host: String,
}

impl Conn {
    async fn open(base: &str) -> Conn {
        let host = base
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string();
        let stream = TcpStream::connect(&host).await.expect("connect");
        stream.set_nodelay(true).unwrap();
        Conn {
            stream: BufReader::new(stream),
            host,
        }
    }

    async fn post(&mut self, path: &str, token: Option<&str>, body: &str) -> (u16, String) {
        let auth = token
            .map(|t| format!("Authorization: Bearer {t}\r\n"))
            .unwrap_or_default();
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\n{auth}Content-Length: {}\r\n\r\n",
            self.host,
            body.len()
        );
        let s = self.stream.get_mut();
        s.write_all(head.as_bytes()).await.unwrap();
        s.write_all(body.as_bytes()).await.unwrap();
        let mut line = String::new();
        self.stream.read_line(&mut line).await.unwrap();
        let status: u16 = line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .expect("status");
        let mut length = 0;
        loop {
            line.clear();
            self.stream.read_line(&mut line).await.unwrap();
            if line == "\r\n" {
                break;
            }
            if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = v.trim().parse().unwrap();
            }
        }
        let mut body = vec![0; length];
        self.stream.read_exact(&mut body).await.unwrap();
        (status, String::from_utf8(body).unwrap())
    }
}

/// An event registered and pushed whole by its first phone.
struct Registered {
    event: EventId,
    owner: DeviceId,
    grant: AccessGrant,
}

async fn register(conn: &mut Conn, key: &str) -> Registered {
    let owner = DeviceId::random();
    let mut clock = Hlc::new(owner);
    let (event, claim) = EventId::new_claimed();
    let records = EventState::create(event, NewEvent::example(), clock.tick(1)).unwrap();
    let register = RegisterRequest {
        registration_key: key.to_string(),
        event,
        device: owner,
        claim,
    };
    let (status, body) = conn
        .post(
            "/api/events",
            None,
            &serde_json::to_string(&register).unwrap(),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let grant: AccessGrant = serde_json::from_str(&body).unwrap();
    let first = SyncRequest {
        cursor: 0,
        bundle: Bundle::new(event, owner, records),
        protocol: PROTOCOL,
        officer: String::new(),
    };
    let path = format!("/api/events/{event}/sync");
    let (status, body) = conn
        .post(
            &path,
            Some(&grant.token),
            &serde_json::to_string(&first).unwrap(),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    Registered {
        event,
        owner,
        grant,
    }
}

/// The event's headcount as the server holds it, read from cursor 0.
async fn headcount(conn: &mut Conn, registered: &Registered) -> u64 {
    let path = format!("/api/events/{}/sync", registered.event);
    let mut state = EventState::empty(registered.event);
    let mut cursor = 0;
    loop {
        let check = SyncRequest {
            cursor,
            bundle: Bundle::new(registered.event, registered.owner, vec![]),
            protocol: PROTOCOL,
            officer: String::new(),
        };
        let (_, body) = conn
            .post(
                &path,
                Some(&registered.grant.token),
                &serde_json::to_string(&check).unwrap(),
            )
            .await;
        let response: SyncResponse = serde_json::from_str(&body).unwrap();
        for r in response.bundle.records {
            state.apply(r).unwrap();
        }
        cursor = response.cursor;
        if response.more != Some(true) {
            return state.headcount();
        }
    }
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let bases: Vec<String> = args
        .get(1)
        .expect("base urls")
        .split(',')
        .map(str::to_string)
        .collect();
    let key = args.get(2).expect("registration key").clone();
    let seconds: u64 = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(10);
    let connections: usize = args.get(4).and_then(|a| a.parse().ok()).unwrap_or(16);
    let events: usize = args.get(5).and_then(|a| a.parse().ok()).unwrap_or(1).max(1);

    let mut conn = Conn::open(&bases[0]).await;
    let mut registered = Vec::new();
    for _ in 0..events {
        registered.push(register(&mut conn, &key).await);
    }

    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for i in 0..connections {
        let base = bases[i % bases.len()].clone();
        let which = i % events;
        let event = registered[which].event;
        let code = registered[which].grant.code.clone();
        let path = format!("/api/events/{event}/sync");
        tasks.push(tokio::spawn(async move {
            let mut conn = Conn::open(&base).await;
            let device = DeviceId::random();
            let join = JoinRequest { code, device };
            let (status, body) = conn
                .post("/api/join", None, &serde_json::to_string(&join).unwrap())
                .await;
            assert_eq!(status, 200, "{body}");
            let token = serde_json::from_str::<AccessGrant>(&body).unwrap().token;
            let mut tally = Tally::zero(device);
            let mut cursor = 0;
            let mut latencies = Vec::new();
            while Instant::now() < deadline {
                tally = tally.tapped(1);
                let request = SyncRequest {
                    cursor,
                    bundle: Bundle::new(event, device, vec![domain::Record::Headcount(tally)]),
                    protocol: PROTOCOL,
                    officer: String::new(),
                };
                let body = serde_json::to_string(&request).unwrap();
                let started = Instant::now();
                let (status, answer) = conn.post(&path, Some(&token), &body).await;
                latencies.push(started.elapsed());
                assert_eq!(status, 200, "{answer}");
                let response: SyncResponse = serde_json::from_str(&answer).unwrap();
                cursor = response.cursor;
            }
            (which, latencies, tally.increments)
        }));
    }
    let started = Instant::now();
    let mut latencies = Vec::new();
    let mut taps = vec![0; events];
    for t in tasks {
        let (which, l, n) = t.await.unwrap();
        latencies.extend(l);
        taps[which] += n;
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort();
    let pct = |p: f64| {
        latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)].as_secs_f64()
            * 1000.0
    };
    println!(
        "pushes: {} in {:.1} s with {connections} connections on {events} event(s) through {} process(es) = {:.0} pushes/s; latency ms p50 {:.2}, p99 {:.2}, max {:.2}",
        latencies.len(),
        elapsed,
        bases.len(),
        latencies.len() as f64 / elapsed,
        pct(0.50),
        pct(0.99),
        latencies.last().unwrap().as_secs_f64() * 1000.0
    );

    // Exactness: each event's total on the server equals every tap pushed.
    let (mut counted, mut pushed) = (0, 0);
    for (registered, taps) in registered.iter().zip(&taps) {
        let held = headcount(&mut conn, registered).await;
        assert_eq!(held, *taps, "event {}", registered.event);
        counted += held;
        pushed += taps;
    }
    println!("server headcount: {counted} (taps pushed: {pushed}) exact");
}
