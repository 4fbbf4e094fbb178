//! Load generator for the sync server: many phones pushing gate taps at once.
//!
//!   cargo run --profile server -p server --example load -- <base url> <registration key> [seconds] [connections]
//!
//! Each connection is one phone with its own keep-alive HTTP/1.1 connection,
//! pushing one tap per sync (the worst case: no batching) and reading back
//! the other phones' taps, as the app does. Prints pushes per second and
//! latency percentiles, then checks the server's total is exact.

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

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let base = args.get(1).expect("base url").clone();
    let key = args.get(2).expect("registration key").clone();
    let seconds: u64 = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(10);
    let connections: usize = args.get(4).and_then(|a| a.parse().ok()).unwrap_or(16);

    // The event, registered and pushed whole by its first phone.
    let owner = DeviceId::random();
    let mut clock = Hlc::new(owner);
    let (event, claim) = EventId::new_claimed();
    let new = NewEvent::example();
    let records = EventState::create(event, new, clock.tick(1)).unwrap();
    let mut conn = Conn::open(&base).await;
    let register = RegisterRequest {
        registration_key: key,
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

    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for _ in 0..connections {
        let base = base.clone();
        let code = grant.code.clone();
        let path = path.clone();
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
            (latencies, tally.increments)
        }));
    }
    let started = Instant::now();
    let mut latencies = Vec::new();
    let mut taps = 0;
    for t in tasks {
        let (l, n) = t.await.unwrap();
        latencies.extend(l);
        taps += n;
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort();
    let pct = |p: f64| {
        latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)].as_secs_f64()
            * 1000.0
    };
    println!(
        "pushes: {} in {:.1} s with {connections} connections = {:.0} pushes/s; latency ms p50 {:.2}, p99 {:.2}, max {:.2}",
        latencies.len(),
        elapsed,
        latencies.len() as f64 / elapsed,
        pct(0.50),
        pct(0.99),
        latencies.last().unwrap().as_secs_f64() * 1000.0
    );

    // Exactness: the server's total equals every tap pushed.
    let mut state = EventState::empty(event);
    let mut cursor = 0;
    loop {
        let check = SyncRequest {
            cursor,
            bundle: Bundle::new(event, owner, vec![]),
            protocol: PROTOCOL,
            officer: String::new(),
        };
        let (_, body) = conn
            .post(
                &path,
                Some(&grant.token),
                &serde_json::to_string(&check).unwrap(),
            )
            .await;
        let response: SyncResponse = serde_json::from_str(&body).unwrap();
        for r in response.bundle.records {
            state.apply(r).unwrap();
        }
        cursor = response.cursor;
        if response.more != Some(true) {
            break;
        }
    }
    println!(
        "server headcount: {} (taps pushed: {taps}) {}",
        state.headcount(),
        if state.headcount() == taps {
            "exact"
        } else {
            "MISMATCH"
        }
    );
    assert_eq!(state.headcount(), taps);
}
