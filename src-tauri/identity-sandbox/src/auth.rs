//! API key authentication, as Stripe does it: `Authorization: Bearer KEY` or HTTP basic with
//! the key as the user name.
//!
//! Any well-formed test key is accepted (`sk_test_`/`rk_test_` + at least 10 of `[A-Za-z0-9_]`),
//! all on one shared account ([`ACCOUNT_ID`]). Keys are never echoed whole: messages carry
//! [`mask_key`]'s form, as Stripe's do.

use std::collections::HashMap;

use base64::Engine;

use crate::api_error::ApiError;

/// The single account every key belongs to.
pub const ACCOUNT_ID: &str = "acct_1IdentityKioskSbx";

/// State of a key set through `POST /_sandbox/keys`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyState {
    /// Works (the default for any well-formed test key).
    Ok,
    /// Rejected with 401 `api_key_expired`.
    Revoked,
    /// A restricted key without the Identity permission: 403.
    NoIdentityPermission,
}

/// Which kind of key authenticated the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    /// `sk_test_…`
    Secret,
    /// `rk_test_…`: may read sensitive expansions (`verified_outputs.dob`…).
    Restricted,
}

/// How the request carried its key, for the request log (never the key itself).
pub fn scheme_of(header: Option<&str>) -> &'static str {
    match header.map(str::trim) {
        None | Some("") => "none",
        Some(h) if h.len() >= 7 && h[..7].eq_ignore_ascii_case("bearer ") => "bearer",
        Some(h) if h.len() >= 6 && h[..6].eq_ignore_ascii_case("basic ") => "basic",
        Some(_) => "other",
    }
}

/// `sk_test_****…abcd`: known prefix, one star per hidden character, last four shown only when
/// at least as many characters stay hidden.
pub fn mask_key(key: &str) -> String {
    const PREFIXES: [&str; 6] = [
        "sk_test_", "sk_live_", "rk_test_", "rk_live_", "pk_test_", "pk_live_",
    ];
    let chars: Vec<char> = key.chars().collect();
    let prefix_len = PREFIXES
        .iter()
        .find(|p| key.starts_with(*p))
        .map(|p| p.len())
        .unwrap_or(0);
    let rest = chars.len().saturating_sub(prefix_len);
    let shown = if rest >= 8 { 4 } else { 0 };
    let mut out: String = chars[..prefix_len].iter().collect();
    out.push_str(&"*".repeat(rest - shown));
    out.extend(&chars[chars.len() - shown..]);
    out
}

fn extract_key(header: Option<&str>) -> Result<Option<String>, ApiError> {
    let Some(h) = header.map(str::trim).filter(|h| !h.is_empty()) else {
        return Ok(None);
    };
    match scheme_of(Some(h)) {
        "bearer" => Ok(Some(h[7..].trim().to_string()).filter(|k| !k.is_empty())),
        "basic" => {
            let decoded = base64::engine::general_purpose::STANDARD
                .decode(h[6..].trim())
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
                .ok_or_else(|| invalid_key(""))?;
            let user = decoded.split(':').next().unwrap_or_default().to_string();
            Ok(Some(user).filter(|k| !k.is_empty()))
        }
        _ => Err(invalid_key("")),
    }
}

fn invalid_key(key: &str) -> ApiError {
    ApiError::invalid(format!("Invalid API Key provided: {}", mask_key(key))).status(401)
}

fn well_formed_test_key(key: &str) -> Option<KeyKind> {
    let (kind, rest) = if let Some(rest) = key.strip_prefix("sk_test_") {
        (KeyKind::Secret, rest)
    } else if let Some(rest) = key.strip_prefix("rk_test_") {
        (KeyKind::Restricted, rest)
    } else {
        return None;
    };
    (rest.len() >= 10 && rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .then_some(kind)
}

/// Checks the `Authorization` header; `write` picks the permission named in a 403.
pub fn authenticate(
    header: Option<&str>,
    states: &HashMap<String, KeyState>,
    write: bool,
) -> Result<KeyKind, ApiError> {
    let Some(key) = extract_key(header)? else {
        return Err(ApiError::invalid(
            "You did not provide an API key. You need to provide your API key in the \
             Authorization header, using Bearer auth (e.g. 'Authorization: Bearer \
             YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or \
             we can help at https://support.stripe.com/.",
        )
        .status(401));
    };
    if key.starts_with("pk_") {
        return Err(ApiError::invalid(
            "This API call cannot be made with a publishable API key. Please use a secret API \
             key. You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.",
        )
        .status(401));
    }
    if key.starts_with("sk_live_") || key.starts_with("rk_live_") {
        return Err(ApiError::invalid(format!(
            "Live mode key provided: {}. This is the Identity Kiosk sandbox, which only accepts \
             test mode keys (sk_test_… or rk_test_…).",
            mask_key(&key)
        ))
        .status(401));
    }
    let kind = well_formed_test_key(&key).ok_or_else(|| invalid_key(&key))?;
    match states.get(&key).copied().unwrap_or(KeyState::Ok) {
        KeyState::Ok => Ok(kind),
        KeyState::Revoked => Err(ApiError::invalid(format!(
            "Expired API Key provided: {}",
            mask_key(&key)
        ))
        .status(401)
        .code("api_key_expired")),
        KeyState::NoIdentityPermission => {
            let permission = if write {
                "rak_identity_product_write"
            } else {
                "rak_identity_product_read"
            };
            Err(ApiError::invalid(format!(
                "The provided key '{}' does not have the required permissions for this endpoint \
                 on account '{ACCOUNT_ID}'. Having the '{permission}' permission would allow this \
                 request to continue.",
                mask_key(&key)
            ))
            .status(403))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_never_show_the_whole_key() {
        assert_eq!(mask_key("sk_test_abcdefghijkl"), "sk_test_********ijkl");
        assert_eq!(mask_key("sk_test_abc"), "sk_test_***");
        assert_eq!(mask_key("garbage"), "*******");
        assert_eq!(mask_key("garbage-key-123"), "***********-123");
    }

    #[test]
    fn basic_and_bearer() {
        let states = HashMap::new();
        let basic = format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode("rk_test_1234567890:")
        );
        assert_eq!(
            authenticate(Some(&basic), &states, true).ok(),
            Some(KeyKind::Restricted)
        );
        assert_eq!(
            authenticate(Some("Bearer sk_test_1234567890"), &states, true).ok(),
            Some(KeyKind::Secret)
        );
        assert_eq!(
            authenticate(Some("Bearer sk_test_short"), &states, true)
                .map_err(|e| e.status)
                .err(),
            Some(401)
        );
    }
}
