//! Slow clients, reached directly over TCP: a half-sent head, an idle
//! kept-alive connection and a stalled body each let go of what they held.

mod support;

use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A server on a free loopback port with short timeouts and a body budget
/// of `budget` bytes; its address.
async fn start(budget: usize) -> (SocketAddr, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut config = support::config(dir.path());
    config.registration_key = Some(support::KEY.into());
    config.limits.body_budget = budget;
    config.timeouts = server::serve::Timeouts {
        header: Duration::from_millis(800),
        body_idle: Duration::from_millis(500),
        request: Duration::from_secs(30),
    };
    let (state, _) = server::AppState::open(&config).unwrap();
    let app = server::app(state, &config);
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(server::serve::serve(
        listener,
        app,
        config.timeouts,
        std::future::pending(),
    ));
    (addr, dir)
}

/// Reads until the server closes the connection; what it sent, and when.
async fn until_closed(stream: &mut TcpStream, limit: Duration) -> Option<(String, Instant)> {
    let mut all = Vec::new();
    let mut buf = [0u8; 4096];
    let deadline = Instant::now() + limit;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, stream.read(&mut buf)).await {
            Err(_) => return None,
            Ok(Ok(0)) | Ok(Err(_)) => {
                return Some((String::from_utf8_lossy(&all).into_owned(), Instant::now()))
            }
            Ok(Ok(n)) => all.extend_from_slice(&buf[..n]),
        }
    }
}

#[tokio::test]
async fn a_half_sent_head_and_an_idle_connection_are_closed() {
    let (addr, _dir) = start(1 << 20).await;
    let started = Instant::now();
    let mut half = TcpStream::connect(addr).await.unwrap();
    half.write_all(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .await
        .unwrap();
    let (_, closed) = until_closed(&mut half, Duration::from_secs(10))
        .await
        .expect("a half-sent head is cut off");
    assert!(closed - started < Duration::from_secs(5));

    // A whole request is answered; the connection then waits for the
    // next one no longer than a head may take.
    let mut idle = TcpStream::connect(addr).await.unwrap();
    idle.write_all(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .await
        .unwrap();
    let (answer, _) = until_closed(&mut idle, Duration::from_secs(10))
        .await
        .expect("an idle connection is closed");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[tokio::test]
async fn a_stalled_body_gives_its_share_of_the_budget_back() {
    // Room for two small bodies at once.
    let (addr, _dir) = start(8 * 1024).await;
    let mut stalled = Vec::new();
    for _ in 0..4 {
        let mut s = TcpStream::connect(addr).await.unwrap();
        s.write_all(
            b"POST /api/join HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
              Transfer-Encoding: chunked\r\n\r\n1\r\n{\r\n",
        )
        .await
        .unwrap();
        stalled.push(s);
    }
    // Once the stalled bodies time out, a join is read and answered (an
    // unknown code), not refused as busy after waiting for the budget.
    tokio::time::sleep(Duration::from_millis(900)).await;
    let body = r#"{"code":"AAAA-BBBB-CCCC","device":"00000000-0000-4000-8000-000000000001"}"#;
    let mut join = TcpStream::connect(addr).await.unwrap();
    join.write_all(
        format!(
            "POST /api/join HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .as_bytes(),
    )
    .await
    .unwrap();
    let started = Instant::now();
    let (answer, _) = until_closed(&mut join, Duration::from_secs(10))
        .await
        .expect("answered");
    assert!(answer.starts_with("HTTP/1.1 404"), "{answer}");
    assert!(started.elapsed() < Duration::from_secs(3));
    // Each stalled request was ended, not left holding its connection.
    for mut s in stalled {
        assert!(until_closed(&mut s, Duration::from_secs(5)).await.is_some());
    }
}
