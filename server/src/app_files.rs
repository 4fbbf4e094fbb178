//! Serving the built app (Trunk's `dist/`): correct MIME types, precompressed
//! files where the build made them, `index.html` for the app's own routes, and
//! cache headers that let phones keep hashed files for a year but always fetch
//! a fresh `index.html` and service worker (otherwise an update never arrives).

use crate::error::ApiError;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::path::{Path, PathBuf};
use tower_http::services::ServeDir;

/// Files that must never be cached: they name every other file.
const NEVER_CACHE: &str = "no-store";
/// Trunk puts a content hash in these names, so they can be kept forever.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Icons, the manifest: revalidate each time.
const REVALIDATE: &str = "no-cache";

/// The router serving the app from `dist`.
pub fn router<S: Clone + Send + Sync + 'static>(dist: &Path) -> Router<S> {
    let index = dist.join("index.html");
    let files = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(axum::routing::get(move |req: Request| {
            app_route(req, index.clone())
        }));
    Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn(cache_headers))
}

/// A path with no file extension is one of the app's routes: serve the shell
/// and let the router in the browser take it from there. A missing file with
/// an extension is a real 404 (a stale asset must not come back as HTML).
async fn app_route(req: Request, index: PathBuf) -> Response {
    let path = req.uri().path();
    let last = path.rsplit('/').next().unwrap_or("");
    if path.starts_with(domain::api::PREFIX) {
        return ApiError::NotFound.into_response();
    }
    if last.contains('.') {
        return (StatusCode::NOT_FOUND, "Not found").into_response();
    }
    match tokio::fs::read(&index).await {
        Ok(html) => (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            )],
            Body::from(html),
        )
            .into_response(),
        Err(e) => ApiError::Internal(format!("reading {}: {e}", index.display())).into_response(),
    }
}

async fn cache_headers(req: Request, next: Next) -> Response {
    let policy = cache_policy(req.uri().path());
    let mut res = next.run(req).await;
    if res.status().is_success() || res.status() == StatusCode::NOT_MODIFIED {
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    } else {
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(NEVER_CACHE));
    }
    res
}

fn cache_policy(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or("");
    if name.is_empty() || name == "sw.js" || name.ends_with(".html") || !name.contains('.') {
        NEVER_CACHE
    } else if has_content_hash(name) {
        IMMUTABLE
    } else {
        REVALIDATE
    }
}

/// Trunk names hashed files `stem-<hash>.ext` (or `_bg.wasm`), the hash a
/// 64-bit number in hex without leading zeros (so up to 16 digits).
fn has_content_hash(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or("");
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(_, hash)| {
        (12..=16).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit())
    })
}
