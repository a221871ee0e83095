//! `identity-kiosk sandbox`: the offline Stripe Identity emulator, standalone.

use std::io::Write;
use std::net::SocketAddr;

use crate::error::AppError;

#[derive(Debug, clap::Args)]
pub struct SandboxArgs {
    /// Loopback address to listen on (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:12111")]
    addr: SocketAddr,
}

/// Starts the sandbox, prints its base URL as the first line on stdout, and serves until
/// interrupted (Ctrl-C or SIGTERM).
pub async fn run(args: SandboxArgs) -> Result<(), AppError> {
    let config = identity_sandbox::SandboxConfig::from_env();
    let running = identity_sandbox::start(args.addr, config)
        .await
        .map_err(|e| AppError::Kiosk(kiosk_core::KioskError::Sandbox(e.to_string())))?;
    let mut out = std::io::stdout().lock();
    // Tests and scripts read this line to learn the port: flush it at once.
    let _ = writeln!(out, "{}", running.base_url());
    let _ = out.flush();
    drop(out);
    tracing::info!(url = %running.base_url(), "sandbox ready; any well-formed test key works");
    shutdown_signal().await;
    running.shutdown().await;
    Ok(())
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
