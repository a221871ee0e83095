//! Runs a sandbox until Ctrl-C: `cargo run -p identity-sandbox --example standalone [PORT]`.

use identity_sandbox::SandboxConfig;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let port: u16 = std::env::args()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    let sandbox =
        identity_sandbox::start(([127, 0, 0, 1], port).into(), SandboxConfig::from_env()).await?;
    println!(
        "Identity sandbox at {} (Stripe.js stand-in: {}/v3/)",
        sandbox.base_url(),
        sandbox.base_url()
    );
    tokio::signal::ctrl_c().await?;
    sandbox.shutdown().await;
    Ok(())
}
