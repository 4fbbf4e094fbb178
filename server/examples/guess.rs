//! Benchmark: a client guessing join codes and registration keys as fast as
//! it can, from one address. Prints how many guesses were answered and how
//! many refused by the rate limits.
//!
//!   cargo run --profile server -p server --example guess -- <base url> [seconds]

use std::collections::BTreeMap;
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};

async fn post(base: &str, path: &str, body: &str) -> u16 {
    let host = base.trim_start_matches("http://").trim_end_matches('/');
    let stream = tokio::net::TcpStream::connect(host).await.expect("connect");
    let mut stream = BufReader::new(stream);
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.get_mut().write_all(head.as_bytes()).await.unwrap();
    stream.get_mut().write_all(body.as_bytes()).await.unwrap();
    let mut line = String::new();
    stream.read_line(&mut line).await.unwrap();
    let mut rest = Vec::new();
    let _ = stream.read_to_end(&mut rest).await;
    line.split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let base = args.get(1).expect("base url").clone();
    let seconds: u64 = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(5);
    for (what, path) in [
        ("join codes", "/api/join"),
        ("registration keys", "/api/events"),
    ] {
        let deadline = Instant::now() + Duration::from_secs(seconds);
        let mut statuses: BTreeMap<u16, u64> = BTreeMap::new();
        let mut n = 0u64;
        while Instant::now() < deadline {
            n += 1;
            let body = if path == "/api/join" {
                format!(
                    r#"{{"code":"{:012}","device":"{}"}}"#,
                    n % 1_000_000,
                    uuid::Uuid::new_v4()
                )
                .replace("\"code\":\"", "\"code\":\"A")
            } else {
                format!(
                    r#"{{"registration_key":"guess-{n:012}","event":"{}","device":"{}","claim":"{}"}}"#,
                    uuid::Uuid::new_v4(),
                    uuid::Uuid::new_v4(),
                    "c".repeat(64)
                )
            };
            *statuses.entry(post(&base, path, &body).await).or_default() += 1;
        }
        let refused = statuses.get(&429).copied().unwrap_or(0);
        println!(
            "guessing {what} for {seconds} s from one address: {n} tries, {} answered, {refused} refused (429); by status {statuses:?}",
            n - refused
        );
    }
}
