//! `server`: runs the sync server. See `--help`.

use clap::Parser;
use std::net::SocketAddr;
use std::path::PathBuf;
use tracing_subscriber::EnvFilter;

/// Sync server for Ngày hội: serves the app and the sync API.
#[derive(Debug, Parser)]
#[command(version)]
struct Args {
    /// What to do instead of serving.
    #[command(subcommand)]
    command: Option<Command>,
    /// Address to listen on. Loopback by default: put a reverse proxy with
    /// TLS in front to serve phones on a network.
    #[arg(long, env = "NGAYHOI_ADDR", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// The built app to serve (output of `trunk build --release`).
    #[arg(long, env = "NGAYHOI_DIST", default_value = "dist")]
    dist: PathBuf,
    /// The database: a SQLite file (a path, or sqlite://path), created and
    /// migrated at start-up; or postgres://user:password@host:port/name, an
    /// existing PostgreSQL database whose tables are made at start-up. Any
    /// number of server processes may share one PostgreSQL database.
    #[arg(long, env = "NGAYHOI_DB", default_value = "data/ngayhoi.sqlite")]
    db: String,
    /// The key a phone needs to register an event here (at least 16
    /// characters). Without it, the key already stored is kept, or one is
    /// made at first start and written to an owner-only file beside the
    /// database, whose path is printed.
    #[arg(long, env = "NGAYHOI_REGISTRATION_KEY", hide_env_values = true)]
    registration_key: Option<String>,
    /// The server's secret key file (keys the stored hashes of codes and
    /// tokens; made at first start). Default: `server-key` beside the
    /// SQLite database, or `data/server-key` for PostgreSQL. Processes on
    /// one database must share one key file.
    #[arg(long, env = "NGAYHOI_KEY_FILE")]
    key_file: Option<PathBuf>,
    /// Behind a reverse proxy: take the client's address (for rate limits)
    /// from the last `X-Forwarded-For` entry.
    #[arg(long, env = "NGAYHOI_TRUST_FORWARDED_FOR")]
    trust_forwarded_for: bool,
    /// Join attempts per client address per minute.
    #[arg(long, env = "NGAYHOI_JOINS_PER_MINUTE", default_value_t = server::limits::Limits::default().joins_per_minute)]
    joins_per_minute: u32,
    /// Registrations per client address per minute.
    #[arg(long, env = "NGAYHOI_REGISTERS_PER_MINUTE", default_value_t = server::limits::Limits::default().registers_per_minute)]
    registers_per_minute: u32,
    /// Failed authentications (unknown or revoked tokens) per client
    /// address per minute; past it the address waits, before any lookup.
    #[arg(long, env = "NGAYHOI_AUTH_FAILURES_PER_MINUTE", default_value_t = server::limits::Limits::default().auth_failures_per_minute)]
    auth_failures_per_minute: u32,
    /// Sync requests per token per minute.
    #[arg(long, env = "NGAYHOI_SYNCS_PER_MINUTE", default_value_t = server::limits::Limits::default().syncs_per_minute)]
    syncs_per_minute: u32,
    /// Records in one sync answer at most (more follow in the next pages).
    #[arg(long, env = "NGAYHOI_PAGE_RECORDS", default_value_t = server::limits::Limits::default().page.records)]
    page_records: usize,
    /// Seconds a client has to send a request's head; an idle kept-alive
    /// connection is closed after as long.
    #[arg(long, env = "NGAYHOI_HEADER_TIMEOUT", default_value_t = server::serve::Timeouts::default().header.as_secs())]
    header_timeout: u64,
    /// Seconds a request's body may pause between two pieces.
    #[arg(long, env = "NGAYHOI_BODY_TIMEOUT", default_value_t = server::serve::Timeouts::default().body_idle.as_secs())]
    body_timeout: u64,
    /// A token that reads /metrics from an address other than loopback
    /// (a monitoring host); it opens nothing else.
    #[arg(long, env = "NGAYHOI_METRICS_TOKEN", hide_env_values = true)]
    metrics_token: Option<String>,
    /// The address phones reach this server at (for join links and QR
    /// codes), e.g. https://ngayhoi.example.vn. Default: the request's host.
    #[arg(long, env = "NGAYHOI_PUBLIC_URL")]
    public_url: Option<String>,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Manages the tree of units.
    Units {
        #[command(subcommand)]
        action: UnitsAction,
    },
    /// Copies everything in this server's SQLite database (`--db`) into an
    /// empty PostgreSQL database, to move a province onto PostgreSQL. Stop
    /// the server first; the SQLite file is only read. Keep the same
    /// server key file: codes and tokens are stored hashed with it.
    CopyTo {
        /// The PostgreSQL database: postgres://user:password@host:port/name.
        postgres: String,
    },
}

#[derive(Debug, clap::Subcommand)]
enum UnitsAction {
    /// Loads units from a CSV file (code, name, level, parent code per
    /// line), adding new ones and updating known ones; each refused line
    /// is printed with its number. Loading a file again changes nothing.
    Import {
        /// The CSV file (UTF-8; comma or semicolon).
        file: PathBuf,
    },
    /// Issues a one-time sign-in code for a unit that has no phone signed
    /// in (the top unit's first phone): prints its link and a QR code to
    /// scan, then the code alone on the last line. It is good once, for
    /// three days, and kept in the unit's audit list.
    IssueCode {
        /// The unit's code, e.g. 19.
        unit: String,
        /// The address phones reach the server at, for the link.
        #[arg(
            long,
            env = "NGAYHOI_PUBLIC_URL",
            default_value = "http://127.0.0.1:8080"
        )]
        public_url: String,
    },
    /// Withdraws every phone of a unit and its outstanding code (a phone
    /// was lost), with every event token those phones took.
    Withdraw {
        /// The unit's code.
        unit: String,
    },
}

/// `units import`: reads the file, loads what it can, says what it did.
fn import_units(
    config: &server::Config,
    file: &std::path::Path,
) -> Result<(), Box<dyn std::error::Error>> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let parsed = domain::unit::parse_units(&text);
    let key = server::secrets::ServerKey::load_or_create(&config.key_file)?;
    let db = server::db::Db::open(&config.database, &key)?;
    let loaded = db.call_now(|conn| server::db::units::load_units(conn, &parsed.units))?;
    let mut refused: Vec<(usize, String)> = parsed
        .bad
        .into_iter()
        .map(|b| (b.line, b.message))
        .chain(loaded.refused)
        .collect();
    refused.sort();
    for (line, message) in &refused {
        println!("Dòng {line}: {message}");
    }
    println!(
        "Đơn vị: thêm {}, cập nhật {}, không đổi {}, bỏ qua {} dòng.",
        loaded.added,
        loaded.updated,
        loaded.unchanged,
        refused.len()
    );
    Ok(())
}

/// `units issue-code`: a one-time code for a unit with no phone, as the
/// operator hands the top unit its first one.
fn issue_code(
    config: &server::Config,
    unit: &str,
    public_url: &str,
) -> Result<(), Box<dyn std::error::Error>> {
    let key = server::secrets::ServerKey::load_or_create(&config.key_file)?;
    let db = server::db::Db::open(&config.database, &key)?;
    let code = server::secrets::access_code();
    let link = domain::api::AppLink::UnitSignIn
        .to(&server::security::check_public_url(public_url)?, &code);
    let code_hash = key.hash(&code);
    db.call_now(|conn| server::db::units::operator_issue_code(conn, unit, &code_hash))
        .map_err(|e| match e {
            server::ApiError::NotFound => format!("Không có đơn vị mã {unit}."),
            server::ApiError::UnitHasPhones => format!(
                "Đơn vị {unit} đang có máy đăng nhập: máy của đơn vị tự cấp mã cho đồng nghiệp; \
                 muốn thay máy, thu hồi trước (server units withdraw {unit})."
            ),
            other => other.to_string(),
        })?;
    let qr = qrcode::QrCode::new(link.as_bytes())?
        .render::<qrcode::render::unicode::Dense1x2>()
        .quiet_zone(true)
        .build();
    println!("Mã đăng nhập một lần cho đơn vị {unit} (dùng được 3 ngày):");
    println!("{link}");
    println!("{qr}");
    // Alone on the last line: scripts read it.
    println!("{code}");
    Ok(())
}

/// `units withdraw`: every phone of a unit, and its outstanding code.
fn withdraw(config: &server::Config, unit: &str) -> Result<(), Box<dyn std::error::Error>> {
    let key = server::secrets::ServerKey::load_or_create(&config.key_file)?;
    let db = server::db::Db::open(&config.database, &key)?;
    db.call_now(|conn| server::db::units::operator_withdraw(conn, unit))?;
    println!("Đã thu hồi các máy và mã của đơn vị {unit}.");
    Ok(())
}

/// `copy-to`: the SQLite database into an empty PostgreSQL one.
fn copy_to(config: &server::Config, postgres: &str) -> Result<(), Box<dyn std::error::Error>> {
    let to = server::db::Location::parse(postgres);
    if !matches!(config.database, server::db::Location::Sqlite(_))
        || !matches!(to, server::db::Location::Postgres(_))
    {
        return Err("copy-to copies a SQLite database (--db) into a postgres:// one".into());
    }
    let key = server::secrets::ServerKey::load_or_create(&config.key_file)?;
    let from = server::db::Db::open(&config.database, &key)?;
    let into = server::db::Db::open(&to, &key)?;
    let check = key.check();
    let copied = server::db::sql::copy::copy(&from, &into, |conn| {
        server::db::check_server_key(conn, &check)
    })?;
    for (table, rows) in &copied {
        println!("{table}: {rows}");
    }
    println!("Đã chép sang {to}.");
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();
    let args = Args::parse();
    if args.command.is_none() && !args.dist.join("index.html").is_file() {
        tracing::warn!(dist = %args.dist.display(), "no index.html there: build the app first (trunk build --release)");
    }
    let database = server::db::Location::parse(&args.db);
    if let server::db::Location::Sqlite(path) = &database {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
    }
    let mut config = server::Config::new(args.dist, database);
    if let Some(path) = args.key_file {
        config.key_file = path;
    }
    // The key file's folder (data/ beside a PostgreSQL server's start) is
    // made, or the server stops saying which file it wanted.
    if let Some(dir) = config
        .key_file
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
    {
        std::fs::create_dir_all(dir).map_err(|e| {
            format!(
                "cannot make the folder of the key file {} ({e}): give another with --key-file",
                config.key_file.display()
            )
        })?;
    }
    match &args.command {
        Some(Command::Units {
            action: UnitsAction::Import { file },
        }) => return import_units(&config, file),
        Some(Command::Units {
            action: UnitsAction::IssueCode { unit, public_url },
        }) => return issue_code(&config, unit, public_url),
        Some(Command::Units {
            action: UnitsAction::Withdraw { unit },
        }) => return withdraw(&config, unit),
        _ => {}
    }
    if let Some(Command::CopyTo { postgres }) = &args.command {
        return copy_to(&config, postgres);
    }
    config.registration_key = args.registration_key;
    config.public_url = args.public_url;
    config.metrics_token = args.metrics_token;
    config.limits.trust_forwarded_for = args.trust_forwarded_for;
    config.limits.joins_per_minute = args.joins_per_minute;
    config.limits.registers_per_minute = args.registers_per_minute;
    config.limits.syncs_per_minute = args.syncs_per_minute;
    config.limits.auth_failures_per_minute = args.auth_failures_per_minute;
    config.timeouts.header = std::time::Duration::from_secs(args.header_timeout.max(1));
    config.timeouts.body_idle = std::time::Duration::from_secs(args.body_timeout.max(1));
    config.limits.page.records = args.page_records;
    let (state, made_key) = server::AppState::open(&config)?;
    if let Some(path) = made_key {
        // The key itself never goes to the log: only where to read it.
        println!(
            "Registration key made: read it from {} (owner-only); phones need it to share an event.",
            path.display()
        );
    }
    // The rate limiters forget idle clients now and then.
    let limits = state.limits.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(60));
        loop {
            every.tick().await;
            if let Err(e) = limits.forget_idle().await {
                tracing::warn!(error = %e, "rate limits not tidied");
            }
        }
    });
    let app = server::app(state, &config);
    let listener = tokio::net::TcpListener::bind(args.addr).await?;
    // Printed plainly: scripts and tests wait for this line.
    println!(
        "Ngày hội server listening on http://{}",
        listener.local_addr()?
    );
    server::serve::serve(listener, app, config.timeouts, shutdown()).await?;
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
