//! `identity-kiosk secret set --stdin | status | delete`: provisioning the Stripe key without
//! the GUI. The key is read from standard input only (never an argument: those show up in
//! `ps` and shell history), checked with Stripe, and stored in the OS keyring of the user who
//! runs the command — which must be the kiosk's user.

use std::io::Read;
use zeroize::Zeroizing;

use kiosk_core::{KeyError, Keyring, SecretStore, StripeKeys};

use crate::error::AppError;

/// Longest input read from stdin: a Stripe key is about 110 characters.
const MAX_INPUT: u64 = 4096;

#[derive(Debug, clap::Subcommand)]
pub enum SecretCommand {
    /// Read the secret key from standard input, check it with Stripe, store it in the keyring.
    Set {
        /// Read the key from standard input (required: keys never go on the command line).
        #[arg(long, required = true)]
        stdin: bool,
        /// The publishable key (pk_…) for Stripe.js; it must be of the same mode.
        #[arg(long, value_name = "PK")]
        publishable_key: Option<String>,
        /// Store without asking Stripe first (machines provisioned offline). The format and
        /// the modes are still checked.
        #[arg(long)]
        no_check: bool,
    },
    /// Show the stored key's mode and mask (never the key).
    Status,
    /// Remove the stored keys; the kiosk returns to sandbox mode.
    Delete,
}

/// Runs one `secret` subcommand.
pub async fn run(cmd: SecretCommand, api_base: Option<String>) -> Result<(), AppError> {
    match cmd {
        SecretCommand::Set {
            stdin: _,
            publishable_key,
            no_check,
        } => {
            let raw = read_stdin()?;
            let keys = StripeKeys::parse(&raw, publishable_key.as_deref())?;
            if no_check {
                eprintln!("warning: not checked with Stripe (--no-check)");
            } else {
                let base = api_base.unwrap_or_else(|| stripe_identity::DEFAULT_API_BASE.into());
                keys.check_with_stripe(&base).await?;
            }
            let keyring = Keyring::native().map_err(KeyError::from)?;
            keys.store(&keyring)?;
            let status = keys.status();
            // So that a keyring locked at a later start is not taken for "no key" (sandbox).
            kiosk_core::provisioned::mark(&kiosk_core::AppPaths::from_env(), status.mode);
            println!(
                "stored the {} key {} in the OS keyring{}",
                status.mode,
                status.secret_key,
                if no_check {
                    ""
                } else {
                    " (checked with Stripe)"
                }
            );
            Ok(())
        }
        SecretCommand::Status => {
            // A `testing` build only (kiosk_core::switches): a shipped one has no such variable.
            if let Some(raw) = kiosk_core::switches::env("STRIPE_SECRET_KEY") {
                println!("source: environment (STRIPE_SECRET_KEY overrides the keyring)");
                let keys = StripeKeys::parse(&raw, None)?;
                print_status(&keys);
                return Ok(());
            }
            let keyring = Keyring::native().map_err(KeyError::from)?;
            match StripeKeys::load(&keyring)? {
                Some(keys) => {
                    println!("source: keyring");
                    print_status(&keys);
                }
                None => println!("no key stored: the kiosk runs in sandbox mode"),
            }
            Ok(())
        }
        SecretCommand::Delete => {
            let keyring = Keyring::native().map_err(KeyError::from)?;
            let removed = StripeKeys::remove(&keyring as &dyn SecretStore)?;
            kiosk_core::provisioned::clear(&kiosk_core::AppPaths::from_env());
            if removed {
                println!(
                    "removed the Stripe keys from the OS keyring: the kiosk runs in sandbox mode"
                );
            } else {
                println!("no key was stored");
            }
            Ok(())
        }
    }
}

fn print_status(keys: &StripeKeys) {
    let s = keys.status();
    println!("mode: {}", s.mode);
    println!(
        "secret key: {}{}",
        s.secret_key,
        if s.restricted { " (restricted)" } else { "" }
    );
    println!(
        "publishable key: {}",
        s.publishable_key
            .as_deref()
            .unwrap_or("none (only the hosted flow works)")
    );
}

/// Reads standard input; refuses an interactive terminal with nothing piped in only by
/// reading what comes (Ctrl-D ends it), and more than [`MAX_INPUT`] bytes.
pub fn read_stdin() -> Result<Zeroizing<String>, AppError> {
    // Room for all of it up front: growing the string would leave copies behind unwiped.
    let mut buf = Zeroizing::new(String::with_capacity(MAX_INPUT as usize + 1));
    std::io::stdin()
        .take(MAX_INPUT + 1)
        .read_to_string(&mut buf)
        .map_err(|e| AppError::Input(format!("could not read standard input: {e}")))?;
    if buf.len() as u64 > MAX_INPUT {
        return Err(AppError::Input(format!(
            "standard input is longer than {MAX_INPUT} bytes; pipe in the key alone"
        )));
    }
    Ok(buf)
}
