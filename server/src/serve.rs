//! Serving connections: hyper's own settings bound what a slow or silent
//! client may hold. A request's head must arrive within
//! [`Timeouts::header`] — that timer also runs while a kept-alive
//! connection waits for its next request, so an idle connection is closed
//! after it —, a body may pause at most [`Timeouts::body_idle`] between two
//! pieces, and a request is answered within [`Timeouts::request`] (408
//! otherwise). A stalled body fails its read, and the body budget it held
//! ([`crate::limits::Limiters::read_body`]) is released with it.

use axum::extract::ConnectInfo;
use axum::Router;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::service::TowerToHyperService;
use std::time::Duration;
use tokio::net::TcpListener;

/// How long a client may take.
#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    /// To send a request's head; also how long an idle connection stays open.
    pub header: Duration,
    /// Between two pieces of a request's body.
    pub body_idle: Duration,
    /// To be answered, whole (a push waiting its event's turn included).
    pub request: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        // A phone on a weak 3G link sends a sync's head in well under a
        // second and a 4 MiB body at 50 KB/s in under 90 s; a pause of 20 s
        // in a body is a lost or hostile client.
        Timeouts {
            header: Duration::from_secs(15),
            body_idle: Duration::from_secs(20),
            request: Duration::from_secs(120),
        }
    }
}

/// The layers that time requests and their bodies out, around `app`.
pub fn with_timeouts(app: Router, timeouts: Timeouts) -> Router {
    app.layer(tower_http::timeout::RequestBodyTimeoutLayer::new(
        timeouts.body_idle,
    ))
    .layer(tower_http::timeout::TimeoutLayer::with_status_code(
        axum::http::StatusCode::REQUEST_TIMEOUT,
        timeouts.request,
    ))
}

/// Serves `app` on `listener` until `shutdown` completes, then lets the
/// requests under way finish (for at most `request`).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    timeouts: Timeouts,
    shutdown: impl std::future::Future<Output = ()>,
) -> std::io::Result<()> {
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(timeouts.header);
    builder
        .http2()
        .timer(TokioTimer::new())
        .keep_alive_interval(Some(timeouts.header))
        .keep_alive_timeout(timeouts.header);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let (socket, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                // Out of file descriptors or a connection reset while
                // queued: the listener itself is fine.
                Err(e) => {
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // The client's address, as axum's `ConnectInfo` reads it.
        let service = tower::ServiceExt::map_request(
            app.clone(),
            move |mut request: axum::http::Request<hyper::body::Incoming>| {
                request.extensions_mut().insert(ConnectInfo(remote));
                request
            },
        );
        let connection = builder
            .serve_connection_with_upgrades(TokioIo::new(socket), TowerToHyperService::new(service))
            .into_owned();
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, %remote, "connection ended");
            }
        });
    }
    drop(listener);
    if tokio::time::timeout(timeouts.request, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("requests still under way at shutdown were cut off");
    }
    Ok(())
}
