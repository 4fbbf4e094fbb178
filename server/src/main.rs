//! `server`: runs the sync server. See `--help`.

use clap::Parser;
use std::net::SocketAddr;
use std::path::PathBuf;
use tracing_subscriber::EnvFilter;

/// Sync server for Ngày hội: serves the app and the sync API.
#[derive(Debug, Parser)]
#[command(version)]
struct Args {
    /// Address to listen on. Loopback by default: put a reverse proxy with
    /// TLS in front to serve phones on a network.
    #[arg(long, env = "NGAYHOI_ADDR", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// The built app to serve (output of `trunk build --release`).
    #[arg(long, env = "NGAYHOI_DIST", default_value = "dist")]
    dist: PathBuf,
    /// The SQLite database file; created, and migrated, at start-up.
    #[arg(long, env = "NGAYHOI_DB", default_value = "data/ngayhoi.sqlite")]
    db: PathBuf,
    /// The key a phone needs to register an event here. Without it, the key
    /// already stored is kept, or one is made at first start and printed.
    #[arg(long, env = "NGAYHOI_REGISTRATION_KEY", hide_env_values = true)]
    registration_key: Option<String>,
    /// The address phones reach this server at (for join links and QR
    /// codes), e.g. https://ngayhoi.example.vn. Default: the request's host.
    #[arg(long, env = "NGAYHOI_PUBLIC_URL")]
    public_url: Option<String>,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();
    let args = Args::parse();
    if !args.dist.join("index.html").is_file() {
        tracing::warn!(dist = %args.dist.display(), "no index.html there: build the app first (trunk build --release)");
    }
    if let Some(dir) = args.db.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let config = server::Config {
        dist: args.dist,
        database: args.db,
        registration_key: args.registration_key,
        public_url: args.public_url,
    };
    let (state, made_key) = server::AppState::open(&config)?;
    if let Some(key) = made_key {
        println!("Registration key (shown once; phones need it to share an event): {key}");
    }
    let app = server::app(state, &config);
    let listener = tokio::net::TcpListener::bind(args.addr).await?;
    // Printed plainly: scripts and tests wait for this line.
    println!(
        "Ngày hội server listening on http://{}",
        listener.local_addr()?
    );
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown())
        .await?;
    Ok(())
}

/// Ctrl-C or SIGTERM: finish the requests under way, then stop.
async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
}
