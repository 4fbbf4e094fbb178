//! Security headers on every answer, and the checks on addresses written
//! into join links.
//!
//! The Content-Security-Policy allows scripts only from this origin, plus
//! WebAssembly compilation and the inline loader Trunk writes into
//! `index.html` (by its hash, read from the file served, so a new build is
//! covered without a restart).

use crate::ApiError;
use axum::extract::{Request, State};
use axum::http::{header, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use sha2::{Digest, Sha256};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

/// The policy, with the inline scripts of `index.html` allowed by hash.
pub struct Csp {
    index: PathBuf,
    /// The policy for the index as last read, and that file's modification time.
    cached: Mutex<Option<(Option<SystemTime>, HeaderValue)>>,
}

impl Csp {
    /// A policy following the `index.html` at `index`.
    pub fn new(index: PathBuf) -> Csp {
        Csp {
            index,
            cached: Mutex::new(None),
        }
    }

    fn value(&self) -> HeaderValue {
        let modified = std::fs::metadata(&self.index)
            .and_then(|m| m.modified())
            .ok();
        let mut cached = self.cached.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((at, value)) = cached.as_ref() {
            if *at == modified {
                return value.clone();
            }
        }
        let html = std::fs::read_to_string(&self.index).unwrap_or_default();
        let value = HeaderValue::from_str(&policy(&html)).expect("the policy is ASCII");
        *cached = Some((modified, value.clone()));
        value
    }
}

/// The policy for a page whose inline scripts are those of `html`.
pub fn policy(html: &str) -> String {
    let hashes: String = inline_scripts(html)
        .map(|script| {
            let digest = Sha256::digest(script.as_bytes());
            format!(
                " 'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            )
        })
        .collect();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; \
         style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// The contents of every `<script>` without a `src`.
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    html.split("<script").skip(1).filter_map(|rest| {
        let (tag, body) = rest.split_once('>')?;
        if tag.contains("src=") {
            return None;
        }
        body.split_once("</script>").map(|(script, _)| script)
    })
}

/// Adds the security headers to every answer, and `no-store` to the API's.
pub async fn headers(State(csp): State<Arc<Csp>>, req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with(domain::api::PREFIX);
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, csp.value());
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static("camera=(self), microphone=(), geolocation=()"),
    );
    if api {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

/// A `Host` header fit for a join link: a host name or address and an
/// optional port, nothing else.
pub fn is_plain_host(host: &str) -> bool {
    let (name, port) = if host.starts_with('[') {
        match host.split_once(']') {
            Some((v6, rest)) => (
                &host[..=v6.len()],
                rest.strip_prefix(':').or(rest.is_empty().then_some("")),
            ),
            None => return false,
        }
    } else {
        match host.split_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (host, Some("")),
        }
    };
    let Some(port) = port else { return false };
    let port_ok = port.is_empty() || (port.len() <= 5 && port.bytes().all(|b| b.is_ascii_digit()));
    let name_ok = if let Some(v6) = name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
        v6.parse::<std::net::Ipv6Addr>().is_ok()
    } else {
        (1..=253).contains(&name.len())
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
    };
    port_ok && name_ok
}

/// Checks the configured public address: `http(s)://host[:port][/path]`,
/// without query or fragment. Returns it without a trailing slash.
pub fn check_public_url(url: &str) -> Result<String, ApiError> {
    let bad = || {
        ApiError::Internal(format!(
            "NGAYHOI_PUBLIC_URL {url:?} is not http(s)://host[:port][/path]"
        ))
    };
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(bad)?;
    let host = rest.split('/').next().unwrap_or("");
    if !is_plain_host(host) || url.contains(['?', '#', ' ', '"', '<', '>']) {
        return Err(bad());
    }
    Ok(url.trim_end_matches('/').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_allowed_by_hash_and_nothing_else() {
        let html = r#"<script type="module" src="/a.js"></script><script type="module">import init from '/x.js';init();</script>"#;
        let p = policy(html);
        let expected = base64::engine::general_purpose::STANDARD
            .encode(Sha256::digest(b"import init from '/x.js';init();"));
        assert!(p.contains(&format!("'sha256-{expected}'")), "{p}");
        assert_eq!(p.matches("'sha256-").count(), 1);
        assert!(p.contains("frame-ancestors 'none'") && p.contains("object-src 'none'"));
    }

    #[test]
    fn only_plain_hosts_make_join_links() {
        for good in [
            "127.0.0.1:8080",
            "ngayhoi.example.vn",
            "[::1]:8080",
            "localhost",
        ] {
            assert!(is_plain_host(good), "{good}");
        }
        let long = "a".repeat(4_000);
        for bad in [
            "",
            "evil.vn/phish",
            "a b",
            "x:99999999",
            "host:port",
            long.as_str(),
            "[zz]:1",
        ] {
            assert!(!is_plain_host(bad), "{bad}");
        }
        assert_eq!(
            check_public_url("https://ngayhoi.example.vn/").unwrap(),
            "https://ngayhoi.example.vn"
        );
        assert!(check_public_url("ftp://x").is_err());
        assert!(check_public_url("https://x/?a=1").is_err());
    }
}
