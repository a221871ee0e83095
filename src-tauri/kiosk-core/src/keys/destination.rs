//! Where a Stripe key may be sent: the one rule every client of the kiosk's keys goes through
//! (the kiosk's backend, the key check before storing, the command-line tools).

use stripe_identity::Mode;

use super::KeyError;

/// Where a key may be sent. Stripe's API always; anything else only from a `testing` build
/// (`obeyed`), or, from a shipped one, a loopback sandbox (`identity-kiosk sandbox`) with a
/// test key: a shipped kiosk never sends a key to a host someone else named, and never a live
/// key anywhere but Stripe.
pub fn check_api_base(obeyed: bool, api_base: &str, mode: Mode) -> Result<(), KeyError> {
    let refuse = |reason: &'static str| Err(KeyError::ApiBase(reason));
    if obeyed || api_base.trim_end_matches('/') == stripe_identity::DEFAULT_API_BASE {
        return Ok(());
    }
    let loopback = url::Url::parse(api_base)
        .ok()
        .is_some_and(|u| stripe_identity::is_loopback(&u));
    if !loopback {
        return refuse(
            "this build talks to https://api.stripe.com only; another API base must be a \
             sandbox on this machine (http://127.0.0.1:PORT, from `identity-kiosk sandbox`)",
        );
    }
    if mode == Mode::Live {
        return refuse(
            "a live key goes to https://api.stripe.com only; use a test key with a sandbox",
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shipped_build_sends_keys_to_stripe_or_a_loopback_sandbox_with_a_test_key_only() {
        let shipped = |base: &str, mode| check_api_base(false, base, mode);
        assert!(shipped("https://api.stripe.com", Mode::Live).is_ok());
        assert!(shipped("https://api.stripe.com/", Mode::Test).is_ok());
        for base in [
            "http://127.0.0.1:4242",
            "http://localhost:9",
            "http://[::1]:80",
        ] {
            assert!(shipped(base, Mode::Test).is_ok(), "{base}");
            let live = shipped(base, Mode::Live).unwrap_err().to_string();
            assert!(live.contains("live key"), "{live}");
        }
        for base in [
            "https://api.stripe.com.evil.example",
            "https://10.0.0.5",
            "not a url",
        ] {
            let err = shipped(base, Mode::Test).unwrap_err().to_string();
            assert!(err.contains("api.stripe.com only"), "{base}: {err}");
        }
        // A testing build is pointed wherever its tests need.
        assert!(check_api_base(true, "https://10.0.0.5", Mode::Live).is_ok());
    }
}
