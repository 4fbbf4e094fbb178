//! What the operator sees of the server, at `/metrics` in Prometheus' text
//! format (the prometheus-client crate writes it): requests by route and
//! status, refusals by their stable code, each route's latency (a sync,
//! a roll-up), and the database pool's use. Only from the loopback address
//! or with the operator's metrics token, which opens nothing else.

use crate::error::{ApiError, Refused};
use crate::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;
use std::sync::Arc;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CodeLabels {
    code: String,
}

type Latency = Family<RouteLabels, Histogram, fn() -> Histogram>;

/// The server's counters, shared by every request.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    refusals: Family<CodeLabels, Counter>,
    latency: Latency,
    pool_connections: Gauge,
    pool_idle: Gauge,
}

fn latency_histogram() -> Histogram {
    // 1 ms to about 33 s.
    Histogram::new(exponential_buckets(0.001, 2.0, 16))
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("ngayhoi");
        let requests = Family::<RequestLabels, Counter>::default();
        let refusals = Family::<CodeLabels, Counter>::default();
        let latency: Latency = Family::new_with_constructor(latency_histogram);
        let pool_connections = Gauge::default();
        let pool_idle = Gauge::default();
        registry.register("requests", "Requests by route and status", requests.clone());
        registry.register(
            "refusals",
            "Refused requests by their stable error code",
            refusals.clone(),
        );
        registry.register(
            "request_duration_seconds",
            "Time to answer, by route",
            latency.clone(),
        );
        registry.register(
            "db_pool_connections",
            "PostgreSQL connections this process holds",
            pool_connections.clone(),
        );
        registry.register(
            "db_pool_idle",
            "PostgreSQL connections idle in the pool",
            pool_idle.clone(),
        );
        Metrics {
            registry,
            requests,
            refusals,
            latency,
            pool_connections,
            pool_idle,
        }
    }
}

/// Counts and times every request. Routes are labelled by their pattern
/// (`/api/events/{id}/sync`), never by the address asked: the labels stay
/// few whatever a client sends.
pub async fn count(State(metrics): State<Arc<Metrics>>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("(files)", |p| p.as_str())
        .to_string();
    let method = request.method().as_str().to_string();
    let started = std::time::Instant::now();
    let response = next.run(request).await;
    metrics
        .latency
        .get_or_create(&RouteLabels {
            route: route.clone(),
        })
        .observe(started.elapsed().as_secs_f64());
    metrics
        .requests
        .get_or_create(&RequestLabels {
            method,
            route,
            status: response.status().as_u16(),
        })
        .inc();
    if let Some(Refused(code)) = response.extensions().get::<Refused>() {
        metrics
            .refusals
            .get_or_create(&CodeLabels {
                code: (*code).to_string(),
            })
            .inc();
    }
    response
}

/// `GET /metrics`: from the loopback address (the operator on the server's
/// machine; behind a proxy that sets `X-Forwarded-For`, the client's own
/// address counts), or with the operator's metrics token.
pub async fn page(
    State(state): State<AppState>,
    headers: HeaderMap,
    request: Request,
) -> Result<Response, ApiError> {
    let addr = state.limits.client_addr(&headers, request.extensions());
    let by_token = match (&state.metrics_token_hash, crate::extract::bearer(&headers)) {
        (Some(expected), Ok(given)) => state.key.hash(&given) == *expected,
        _ => false,
    };
    if !addr.is_loopback() && !by_token {
        // As for any unknown address: nothing tells a stranger it exists.
        return Err(ApiError::NotFound);
    }
    if let Some((connections, idle)) = state.db.pool_state() {
        state.metrics.pool_connections.set(i64::from(connections));
        state.metrics.pool_idle.set(i64::from(idle));
    }
    let mut text = String::new();
    prometheus_client::encoding::text::encode(&mut text, &state.metrics.registry)
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok((
        StatusCode::OK,
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        text,
    )
        .into_response())
}
