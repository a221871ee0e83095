//! `identity-kiosk pin set --stdin`: IT sets (or resets) the staff panel's PIN without the GUI,
//! e.g. when staff forgot it or it is locked out. Reading from stdin keeps the PIN out of `ps`
//! and shell history. Resetting also clears the lockout.

use kiosk_core::{AppPaths, PinStore};

use crate::error::AppError;

#[derive(Debug, clap::Subcommand)]
pub enum PinCommand {
    /// Read a new staff PIN (4 to 12 digits) from standard input and store its hash.
    Set {
        /// Read the PIN from standard input (required: PINs never go on the command line).
        #[arg(long, required = true)]
        stdin: bool,
    },
}

pub fn run(cmd: PinCommand) -> Result<(), AppError> {
    match cmd {
        PinCommand::Set { stdin: _ } => {
            let raw = super::secret::read_stdin()?;
            let pin = raw.trim();
            if pin.is_empty() {
                return Err(AppError::Input(
                    "standard input was empty: pipe in the PIN, e.g. `printf 2468 | identity-kiosk pin set --stdin`".into(),
                ));
            }
            let store = PinStore::new(AppPaths::from_env().pin());
            store
                .set(pin)
                .map_err(|e| AppError::Pin(e.to_string(), e.code()))?;
            println!("staff PIN set ({})", store.path().display());
            Ok(())
        }
    }
}
