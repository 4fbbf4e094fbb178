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
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();
    let args = Args::parse();
    if !args.dist.join("index.html").is_file() {
        tracing::warn!(dist = %args.dist.display(), "no index.html there: build the app first (trunk build --release)");
    }
    let app = server::app(&server::Config { dist: args.dist });
    let listener = tokio::net::TcpListener::bind(args.addr).await?;
    // Printed plainly: scripts and tests wait for this line.
    println!(
        "Ngày hội server listening on http://{}",
        listener.local_addr()?
    );
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
