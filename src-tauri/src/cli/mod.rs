//! The command line. No subcommand opens the kiosk window; subcommands work headless for IT and
//! tests, print JSON on stdout and exit 0 on success, or print
//! `error: <type>/<code>: <message> (request <id>)` on stderr and exit 1 (`/<code>` is left out
//! when Stripe gave none, e.g. for a connection error). Usage errors exit 2. `doctor` prints its
//! checks and exits 1 when one of them fails.

mod doctor;
mod pin;
mod sandbox;
mod secret;
mod sessions;

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use tracing_subscriber::fmt::writer::{BoxMakeWriter, MakeWriterExt};

use crate::error::AppError;
use kiosk_core::logs::{LogFiles, Redacting};
use kiosk_core::{AppPaths, BackendEnv, LoadedSettings, SettingsPaths};

/// Identity Kiosk: front-desk identity verification with Stripe Identity.
#[derive(Debug, Parser)]
#[command(name = "identity-kiosk", version, about)]
pub struct Cli {
    /// Stripe API base for the subcommands: https://api.stripe.com (the default) or a sandbox
    /// on this machine (`identity-kiosk sandbox`), with a test key. A shipped kiosk window
    /// ignores it and uses Stripe's (or its embedded sandbox); a `testing` build obeys it.
    #[arg(long, global = true, value_name = "URL")]
    api_base: Option<String>,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Create, read, list, cancel or redact verification sessions (key from the keyring).
    #[command(subcommand)]
    Sessions(sessions::SessionsCommand),
    /// Run the offline Stripe Identity sandbox; prints its base URL as the first line.
    Sandbox(sandbox::SandboxArgs),
    /// Set the staff panel's PIN (run as the kiosk's user).
    #[command(subcommand)]
    Pin(pin::PinCommand),
    /// Store, show or remove the Stripe key in the OS keyring (run as the kiosk's user).
    #[command(subcommand)]
    Secret(secret::SecretCommand),
    /// Check what the kiosk needs (keyring, keys, network, camera, settings, folders); exits 1
    /// if something is broken (run as the kiosk's user).
    Doctor(doctor::DoctorArgs),
}

/// Parses the command line and runs it.
pub fn main() -> ExitCode {
    // Which switches this (shipped) build ignores, read before the TLS overrides go.
    let ignored = kiosk_core::switches::ignored();
    kiosk_core::switches::drop_tls_overrides();
    // Before anything reads a secret: a dump of this process would hold it.
    if let Err(e) = kiosk_core::core_dumps::forbid() {
        eprintln!("warning: core dumps could not be turned off: {e}");
    }
    let cli = Cli::parse();
    // The kiosk window sets up its logging itself: its files' retention is a setting.
    let Some(command) = cli.command else {
        return run_kiosk(cli.api_base, &ignored);
    };
    // These commands print for scripts and IT: only warnings and errors unless RUST_LOG says.
    let level = if matches!(command, Command::Sandbox(_)) {
        "info"
    } else {
        "warn"
    };
    init_logging(level, None);
    log_ignored_switches(&ignored);
    match command {
        Command::Sandbox(args) => runtime_then(|| sandbox::run(args)),
        Command::Sessions(cmd) => runtime_then(|| sessions::run(cmd, cli.api_base)),
        Command::Secret(cmd) => runtime_then(|| secret::run(cmd, cli.api_base)),
        Command::Pin(cmd) => runtime_then(|| async { pin::run(cmd) }),
        Command::Doctor(args) => in_runtime(|| doctor::run(args, cli.api_base)),
    }
}

/// A shipped build says which developer switches it found and ignored (kiosk_core::switches),
/// so whoever set one sees why it had no effect.
fn log_ignored_switches(ignored: &[&str]) {
    for name in ignored {
        tracing::warn!("ignored {name}: this build has no developer switches (only a `testing` build reads it)");
    }
}

/// Logs go to stderr (stdout is for JSON and the sandbox URL), and to the daily `files` when
/// given; `RUST_LOG` overrides the level. Every line is redacted before it reaches either: keys
/// and client secrets never appear in a log, at any level, whichever crate logged them (Tauri's
/// and wry's `log` records are bridged into `tracing` and go through the same writer). No colors:
/// escape codes would only get in the redaction's way.
fn init_logging(level: &str, files: Option<LogFiles>) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(format!("{level},wry=warn")));
    let writer = match files {
        Some(files) => BoxMakeWriter::new(Redacting::new(std::io::stderr.and(files))),
        None => BoxMakeWriter::new(Redacting::new(std::io::stderr)),
    };
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(false)
        .try_init();
    // A panic's message is redacted like every other line, not printed raw by the default hook.
    kiosk_core::logs::log_panics();
}

/// The kiosk window's logging: stderr and the daily files in the log folder, old files deleted
/// per `logs.retention_days`. A log folder that cannot be used leaves stderr only: logging
/// never keeps the kiosk from starting.
fn init_kiosk_logging(log_dir: &std::path::Path, retention_days: u32) {
    let files = LogFiles::open(log_dir, retention_days);
    let files_error = files.as_ref().err().map(ToString::to_string);
    init_logging("info", files.ok());
    if let Some(e) = files_error {
        tracing::warn!(error = %e, "logging to stderr only");
        return;
    }
    match kiosk_core::logs::prune(log_dir, retention_days) {
        Ok(pruned) => {
            if !pruned.removed.is_empty() {
                tracing::info!(
                    count = pruned.removed.len(),
                    retention_days,
                    "old log files deleted"
                );
            }
            for (path, e) in &pruned.failed {
                tracing::warn!(path = %path.display(), error = %e, "cannot delete an old log file");
            }
        }
        Err(e) => {
            tracing::warn!(dir = %log_dir.display(), error = %e, "cannot list the log folder")
        }
    }
}

fn runtime_then<F, Fut>(f: F) -> ExitCode
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<(), AppError>>,
{
    in_runtime(|| async {
        match f().await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => report(&e),
        }
    })
}

/// Runs a command that picks its own exit code.
fn in_runtime<F, Fut>(f: F) -> ExitCode
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = ExitCode>,
{
    match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt.block_on(f()),
        Err(e) => {
            eprintln!("error: could not start the async runtime: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Prints an error as documented above and picks the exit code.
fn report(e: &AppError) -> ExitCode {
    // Messages are written not to contain keys or client secrets; scrubbed anyway, as a log is.
    eprintln!("{}", stripe_identity::secret::scrub(&format_error(e)));
    match e {
        AppError::NoKey | AppError::KeyFormat(_) | AppError::Input(_) => ExitCode::from(2),
        AppError::Pin(_, "pin_invalid") => ExitCode::from(2),
        AppError::Key(k)
            if matches!(
                k.code(),
                "key_empty" | "key_format" | "publishable_key_format" | "key_mode_mismatch"
            ) =>
        {
            ExitCode::from(2)
        }
        AppError::Kiosk(k) if matches!(k.code(), "key_format" | "config_invalid") => {
            ExitCode::from(2)
        }
        _ => ExitCode::FAILURE,
    }
}

fn format_error(e: &AppError) -> String {
    let AppError::Stripe(err) = e else {
        return format!("error: {}: {e}", e.code());
    };
    match err.api_failure() {
        Some(f) => {
            let kind = f.kind.as_str();
            let code = f
                .code
                .as_deref()
                .map(|c| format!("/{c}"))
                .unwrap_or_default();
            let param = f
                .param
                .as_deref()
                .map(|p| format!(" (param {p})"))
                .unwrap_or_default();
            let request = f
                .request_id
                .as_deref()
                .map(|r| format!(" (request {r})"))
                .unwrap_or_default();
            format!("error: {kind}{code}: {}{param}{request}", f.message)
        }
        // No Stripe error object: the message says it all (a malformed response already
        // names its request id).
        None => format!("error: {}: {err}", err.class()),
    }
}

/// No subcommand: open the kiosk window, on the sandbox unless a key is configured.
fn run_kiosk(api_base: Option<String>, ignored: &[&str]) -> ExitCode {
    // Never fails: whatever is broken in the files or variables is logged and skipped.
    let settings = LoadedSettings::load(SettingsPaths::from_env(), |n| std::env::var(n).ok());
    let paths = AppPaths::from_env();
    init_kiosk_logging(&paths.log_dir, settings.settings.log_retention_days);
    for p in &settings.problems {
        tracing::warn!("setting: {p}");
    }
    log_ignored_switches(ignored);
    // The window talks to Stripe (or its embedded sandbox) only, unless this is a test build.
    let api_base = match api_base {
        Some(base) if !kiosk_core::switches::OBEYED => {
            tracing::warn!(api_base = %base, "ignored --api-base: the kiosk window talks to https://api.stripe.com only (this build has no developer switches)");
            None
        }
        other => other,
    };
    // Before the journal is opened: a second kiosk must not settle the first one's sessions.
    let instance = match kiosk_core::InstanceLock::acquire(&paths.data_dir) {
        Ok(lock) => lock,
        Err(e @ kiosk_core::InstanceError::AlreadyRunning(_)) => {
            tracing::warn!("{e}; bringing it to the front");
            eprintln!("{e}; bringing it to the front");
            return match crate::app::hand_over(&paths.data_dir) {
                Ok(()) => ExitCode::SUCCESS,
                Err(err) => {
                    eprintln!("error: {}: {e} ({err})", e.code());
                    ExitCode::FAILURE
                }
            };
        }
        Err(e) => {
            eprintln!("error: {}: {e}", e.code());
            return ExitCode::FAILURE;
        }
    };
    let keyring = kiosk_core::Keyring::native()
        .map(|k| std::sync::Arc::new(k) as std::sync::Arc<dyn kiosk_core::SecretStore>);
    if let Err(e) = &keyring {
        tracing::warn!(code = e.code(), error = %e, "the OS keyring cannot be used");
    }
    let opts = kiosk_core::StartOptions {
        env: BackendEnv::from_env(api_base),
        settings,
        paths,
        keyring,
    };
    // The sandbox (if any) serves on Tauri's async runtime, which outlives this call.
    let kiosk = match tauri::async_runtime::block_on(kiosk_core::Kiosk::start(opts)) {
        Ok(k) => k,
        Err(e) => return report(&AppError::from(e)),
    };
    match crate::app::run(kiosk, instance) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: the kiosk window failed: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn non_stripe_errors_print_their_code() {
        assert!(format_error(&AppError::NoKey).starts_with("error: no_key: no Stripe secret key"));
    }
}
