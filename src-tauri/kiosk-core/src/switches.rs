//! Developer switches: the environment variables that point a kiosk somewhere else (a key
//! outside the keyring, another Stripe API or Stripe.js, other folders, another machine
//! policy, faster background checks, no mock camera).
//!
//! Tests and developers need them. A shipped kiosk must not obey them: whoever can influence
//! its login session (a systemd unit, a shell profile, a desktop entry) could put a key beside
//! the keyring, send the keyring's key to any host, replace IT's policy, or point the kiosk at
//! an empty PIN store. So only a build with the `testing` cargo feature reads them
//! (`tauri build --features testing`, what the end-to-end tests run); the build `tauri build`
//! ships reads none, and [`ignored`] names those it found set, so its log says they were
//! ignored. Every read of a switch goes through [`env`]; nothing else in the kiosk reads one.
//!
//! Two variables of other programs count too: `IDENTITY_SANDBOX_RECORD` (the sandbox would copy
//! every response, client secrets included, into the file it names) and OpenSSL's
//! `SSL_CERT_FILE`/`SSL_CERT_DIR` (the TLS roots would trust whatever certificate they name, and
//! with a proxy variable the key could be read in transit). A shipped kiosk removes the latter
//! from its environment at start ([`drop_tls_overrides`]): it trusts the OS's certificate store,
//! which IT controls.
//!
//! The settings' own variables (`IDENTITY_KIOSK_FLOW` and the rest of the settings table) are
//! not switches: they are a documented settings layer, and IT's machine policy wins over them.
//! Nor are the platform's own (`HOME`, `XDG_*`, `DBUS_SESSION_BUS_ADDRESS`, proxies): they come
//! with the login session, which IT has to keep to itself (docs/it-guide.md). Whoever can set
//! those can point the kiosk at another home or session bus, but the PIN rule in
//! `kiosk::staff_pin` does not rest on the data folder.

/// Whether this build obeys the developer switches (built with `--features testing`).
pub const OBEYED: bool = cfg!(feature = "testing");

/// Every developer switch, by variable name.
pub const ALL: &[&str] = &[
    "STRIPE_SECRET_KEY",
    "STRIPE_PUBLISHABLE_KEY",
    "IDENTITY_KIOSK_API_BASE",
    "IDENTITY_KIOSK_STRIPE_JS_URL",
    "IDENTITY_KIOSK_POLICY",
    "IDENTITY_KIOSK_CONFIG_DIR",
    "IDENTITY_KIOSK_DATA_DIR",
    "IDENTITY_KIOSK_LOG_DIR",
    "IDENTITY_KIOSK_CHECK_SECS",
    "IDENTITY_KIOSK_TEST_CAMERA",
    "IDENTITY_SANDBOX_RECORD",
    "SSL_CERT_FILE",
    "SSL_CERT_DIR",
];

/// The TLS root overrides a shipped kiosk removes from its environment.
const TLS_OVERRIDES: [&str; 2] = ["SSL_CERT_FILE", "SSL_CERT_DIR"];

/// Removes [`TLS_OVERRIDES`] from this process's environment in a build that does not obey
/// switches. Call first thing in `main`, before any thread starts and before any TLS client
/// is built; [`ignored`] still names them for the log (it is read before).
pub fn drop_tls_overrides() {
    if OBEYED {
        return;
    }
    for name in TLS_OVERRIDES {
        // Single-threaded at this point: nothing else reads the environment meanwhile.
        std::env::remove_var(name);
    }
}

/// A switch's value (blank counts as unset), or `None` in a build that does not obey them.
pub fn env(name: &str) -> Option<String> {
    read(OBEYED, name, |n| std::env::var(n).ok())
}

/// The switches set in this process's environment that this build ignores: empty in a
/// `testing` build. Logged once at start.
pub fn ignored() -> Vec<&'static str> {
    ignored_in(OBEYED, |n| std::env::var(n).ok())
}

/// [`env`] for a build that does (`obeyed`) or does not obey switches, over `get`.
fn read(obeyed: bool, name: &str, get: impl Fn(&str) -> Option<String>) -> Option<String> {
    if !obeyed {
        return None;
    }
    get(name).filter(|v| !v.trim().is_empty())
}

/// [`ignored`] for a build that does (`obeyed`) or does not obey switches, over `get`.
fn ignored_in(obeyed: bool, get: impl Fn(&str) -> Option<String>) -> Vec<&'static str> {
    if obeyed {
        return Vec::new();
    }
    ALL.iter()
        .copied()
        .filter(|name| get(name).is_some_and(|v| !v.trim().is_empty()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn everything_set(name: &str) -> Option<String> {
        Some(format!("value of {name}"))
    }

    #[test]
    fn a_shipped_build_reads_no_switch_and_names_every_one_it_ignores() {
        for name in ALL {
            assert_eq!(read(false, name, everything_set), None, "{name}");
        }
        assert_eq!(ignored_in(false, everything_set), ALL);
        // Blank is unset: nothing to mention.
        assert!(ignored_in(false, |_| Some("  ".into())).is_empty());
    }

    #[test]
    fn a_testing_build_reads_them_and_ignores_none() {
        assert_eq!(
            read(true, "IDENTITY_KIOSK_DATA_DIR", everything_set).as_deref(),
            Some("value of IDENTITY_KIOSK_DATA_DIR")
        );
        assert_eq!(
            read(true, "IDENTITY_KIOSK_DATA_DIR", |_| Some(" ".into())),
            None
        );
        assert!(ignored_in(true, everything_set).is_empty());
    }
}
