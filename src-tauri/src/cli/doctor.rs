//! `identity-kiosk doctor [--json]`: the kiosk's health checks (`kiosk_core::doctor`) without
//! the GUI, for IT. Run it as the kiosk's user: the keyring, settings and folders checked are
//! that user's.
//!
//! One line per check, `<status> <name>: <detail> — <remedy>`, or a JSON array with `--json`.
//! Exits 1 when any check fails, so scripts and monitoring can use it as is.

use std::process::ExitCode;

use kiosk_core::doctor::{self, Check, CheckStatus, DoctorInput};
use kiosk_core::{AppPaths, BackendEnv, Keyring, LoadedSettings, SecretStore, SettingsPaths};

#[derive(Debug, clap::Args)]
pub struct DoctorArgs {
    /// Print the checks as a JSON array of {name, status, detail, remedy}.
    #[arg(long)]
    json: bool,
}

/// Runs the checks, prints them, and exits 1 if any failed.
pub async fn run(args: DoctorArgs, api_base: Option<String>) -> ExitCode {
    let keyring = Keyring::native();
    let env = BackendEnv::from_env(api_base);
    let settings = LoadedSettings::load(SettingsPaths::from_env(), |n| std::env::var(n).ok());
    let paths = AppPaths::from_env();
    let input = DoctorInput::new(
        keyring.as_ref().map(|k| k as &dyn SecretStore),
        &env,
        &settings,
        &paths,
    );
    let checks = doctor::run(input).await;

    if args.json {
        // Plain data (strings and enums): serializing it cannot fail.
        match serde_json::to_string_pretty(&checks) {
            Ok(text) => println!("{text}"),
            Err(e) => eprintln!("error: could not write the checks as JSON: {e}"),
        }
    } else {
        for check in &checks {
            println!("{}", line(check));
        }
    }
    if doctor::worst(&checks) == CheckStatus::Fail {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// `ok    keyring: Secret Service reachable`, `warn  camera: no camera found — connect …`.
fn line(check: &Check) -> String {
    let mut out = format!(
        "{:<5} {}: {}",
        check.status.as_str(),
        check.name,
        check.detail
    );
    if let Some(remedy) = &check.remedy {
        out.push_str(" — ");
        out.push_str(remedy);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_pad_the_status_and_add_the_remedy() {
        let ok = Check {
            name: "keyring",
            status: CheckStatus::Ok,
            detail: "Secret Service reachable".into(),
            remedy: None,
            code: "keyring_ok",
            remedy_code: None,
            notes: Vec::new(),
            params: Default::default(),
        };
        assert_eq!(line(&ok), "ok    keyring: Secret Service reachable");
        let warn = Check {
            name: "camera",
            status: CheckStatus::Warn,
            detail: "no camera found".into(),
            remedy: Some("connect a UVC webcam".into()),
            code: "camera_none",
            remedy_code: Some("connect_camera"),
            notes: Vec::new(),
            params: Default::default(),
        };
        assert_eq!(
            line(&warn),
            "warn  camera: no camera found — connect a UVC webcam"
        );
    }
}
