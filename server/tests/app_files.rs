//! The server serves the built app: MIME types, the app shell for app routes,
//! 404 for missing files, and cache headers.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use std::path::Path;
use tower::ServiceExt;

fn dist() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, body: &[u8]| std::fs::write(dir.path().join(name), body).unwrap();
    write(
        "index.html",
        b"<!doctype html><title>Ng\xc3\xa0y h\xe1\xbb\x99i</title>",
    );
    write("sw.js", b"self.addEventListener('fetch', () => {});");
    write("ngayhoi-0123456789abcdef_bg.wasm", b"\0asm\x01\0\0\0");
    write("ngayhoi-0123456789abcdef.js", b"export default 1;");
    write("main-5bd42efd15ad973.css", b"body{}");
    write("manifest.webmanifest", b"{}");
    dir
}

async fn get(dist: &Path, path: &str) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let mut config = server::Config::new(dist.to_path_buf(), dist.join("test.sqlite"));
    config.registration_key = Some("test-registration-key".into());
    let (state, _) = server::AppState::open(&config).unwrap();
    let app = server::app(state, &config);
    let res = app
        .oneshot(Request::get(path).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body = res.into_body().collect().await.unwrap().to_bytes().to_vec();
    (status, headers, body)
}

fn header(h: &axum::http::HeaderMap, name: header::HeaderName) -> &str {
    h.get(name).map(|v| v.to_str().unwrap()).unwrap_or("")
}

#[tokio::test]
async fn wasm_and_js_have_their_mime_types_and_are_immutable() {
    let d = dist();
    let (status, h, _) = get(d.path(), "/ngayhoi-0123456789abcdef_bg.wasm").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(header(&h, header::CONTENT_TYPE), "application/wasm");
    assert_eq!(
        header(&h, header::CACHE_CONTROL),
        "public, max-age=31536000, immutable"
    );
    let (_, h, _) = get(d.path(), "/ngayhoi-0123456789abcdef.js").await;
    assert!(header(&h, header::CONTENT_TYPE).starts_with("text/javascript"));
    // Trunk's hash has no leading zeros: 15 digits happen.
    let (_, h, _) = get(d.path(), "/main-5bd42efd15ad973.css").await;
    assert_eq!(header(&h, header::CONTENT_TYPE), "text/css");
    assert_eq!(
        header(&h, header::CACHE_CONTROL),
        "public, max-age=31536000, immutable"
    );
    let (_, h, _) = get(d.path(), "/manifest.webmanifest").await;
    assert_eq!(
        header(&h, header::CONTENT_TYPE),
        "application/manifest+json"
    );
    assert_eq!(header(&h, header::CACHE_CONTROL), "no-cache");
}

#[tokio::test]
async fn index_and_service_worker_are_never_cached() {
    let d = dist();
    for path in ["/", "/index.html", "/sw.js"] {
        let (status, h, _) = get(d.path(), path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(header(&h, header::CACHE_CONTROL), "no-store", "{path}");
    }
}

#[tokio::test]
async fn app_routes_get_the_app_shell() {
    let d = dist();
    let (status, h, body) = get(d.path(), "/su-kien/8c1f/chuong-trinh").await;
    assert_eq!(status, StatusCode::OK);
    assert!(header(&h, header::CONTENT_TYPE).starts_with("text/html"));
    assert_eq!(header(&h, header::CACHE_CONTROL), "no-store");
    assert!(String::from_utf8(body).unwrap().contains("Ngày hội"));
}

#[tokio::test]
async fn missing_files_and_api_routes_are_404() {
    let d = dist();
    let (status, _, _) = get(d.path(), "/ngayhoi-ffffffffffffffff.js").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, h, body) = get(d.path(), "/api/no-such-thing").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(header(&h, header::CONTENT_TYPE), "application/json");
    let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(json["code"], "not_found");
}

#[tokio::test]
async fn health_answers_ok() {
    let d = dist();
    let (status, _, body) = get(d.path(), "/api/health").await;
    assert_eq!(status, StatusCode::OK);
    let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(json["status"], "ok");
}

#[tokio::test]
async fn every_answer_carries_the_security_headers() {
    let dist = dist();
    std::fs::write(
        dist.path().join("index.html"),
        "<!doctype html><script type=\"module\">import init from '/a.js';init();</script>",
    )
    .unwrap();
    for path in [
        "/",
        "/su-kien/x",
        "/ngayhoi-0123456789abcdef_bg.wasm",
        "/api/health",
        "/api/nothing",
    ] {
        let (_, h, _) = get(dist.path(), path).await;
        let csp = header(&h, header::CONTENT_SECURITY_POLICY);
        for part in [
            "default-src 'self'",
            "script-src 'self' 'wasm-unsafe-eval' 'sha256-",
            "frame-ancestors 'none'",
            "object-src 'none'",
            "base-uri 'none'",
        ] {
            assert!(csp.contains(part), "{path}: {csp}");
        }
        assert_eq!(
            header(&h, header::X_CONTENT_TYPE_OPTIONS),
            "nosniff",
            "{path}"
        );
        assert_eq!(header(&h, header::REFERRER_POLICY), "no-referrer", "{path}");
        if path.starts_with("/api/") {
            assert_eq!(header(&h, header::CACHE_CONTROL), "no-store", "{path}");
        }
    }
}
