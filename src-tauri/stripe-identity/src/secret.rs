//! Secrets that must never reach a log, an error message, IPC or disk by accident.
//!
//! [`SecretKey`] (the business's `sk_`/`rk_` key) and [`ClientSecret`] (what Stripe.js needs for
//! one session) print as `<redacted>` in `Debug` and `Display` and do not implement `Serialize`,
//! so putting one in a serialized struct does not compile. Reading the value takes an explicit
//! `expose()` call, which is easy to find in review. Each holds its value in `secrecy`'s
//! [`SecretString`], which wipes its memory when it is dropped. (What leaves the wrapper on
//! purpose, the request header and the bytes written to the keyring or the page, is out of
//! its reach; core dumps are off, see `kiosk_core::core_dumps`.)

use std::fmt;

use secrecy::{ExposeSecret, SecretString};

/// Whether a key works on test data or real data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Test,
    Live,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Test => "test",
            Self::Live => "live",
        }
    }
}

/// What is wrong with a string offered as a secret key. Messages never contain the key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyFormatError {
    #[error("the key is empty")]
    Empty,
    #[error(
        "this is a publishable key (pk_…); the kiosk needs a secret key (sk_…) or a restricted key (rk_…)"
    )]
    Publishable,
    #[error("a secret key starts with sk_test_, sk_live_, rk_test_ or rk_live_")]
    UnknownPrefix,
    #[error(
        "the key has characters a Stripe key never has (only letters, digits and _ are allowed)"
    )]
    BadCharacters,
    #[error("the key is too short to be a Stripe key")]
    TooShort,
}

/// A Stripe secret (`sk_`) or restricted (`rk_`) API key.
#[derive(Clone)]
pub struct SecretKey(SecretString);

impl PartialEq for SecretKey {
    fn eq(&self, other: &Self) -> bool {
        self.expose() == other.expose()
    }
}

impl Eq for SecretKey {}

impl SecretKey {
    /// Validates the format: surrounding whitespace and newlines from pasting are trimmed.
    pub fn parse(raw: &str) -> Result<Self, KeyFormatError> {
        let key = raw.trim();
        if key.is_empty() {
            return Err(KeyFormatError::Empty);
        }
        if key.starts_with("pk_") {
            return Err(KeyFormatError::Publishable);
        }
        let prefix_len = ["sk_test_", "sk_live_", "rk_test_", "rk_live_"]
            .iter()
            .find(|p| key.starts_with(*p))
            .map(|p| p.len())
            .ok_or(KeyFormatError::UnknownPrefix)?;
        let rest = &key[prefix_len..];
        if !rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(KeyFormatError::BadCharacters);
        }
        if rest.len() < 10 {
            return Err(KeyFormatError::TooShort);
        }
        Ok(Self(SecretString::from(key)))
    }

    /// Test or live, from the prefix.
    pub fn mode(&self) -> Mode {
        if self.expose().contains("_live_") {
            Mode::Live
        } else {
            Mode::Test
        }
    }

    /// Whether this is a restricted key (`rk_`).
    pub fn is_restricted(&self) -> bool {
        self.expose().starts_with("rk_")
    }

    /// A form safe to show staff: the prefix and the last four characters, e.g. `sk_live_…1234`.
    pub fn masked(&self) -> String {
        mask_key(self.expose())
    }

    /// The key itself. Call only to build the `Authorization` header or to store it in the keyring.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey(<redacted>)")
    }
}

impl fmt::Display for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// A session's `client_secret`: single use, handed to Stripe.js and nothing else.
#[derive(Clone, serde::Deserialize)]
#[serde(transparent)]
pub struct ClientSecret(SecretString);

impl ClientSecret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(SecretString::from(value.into()))
    }

    /// The secret itself, for the webview's `verifyIdentity` call only.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl PartialEq for ClientSecret {
    fn eq(&self, other: &Self) -> bool {
        self.expose() == other.expose()
    }
}

impl Eq for ClientSecret {}

impl fmt::Debug for ClientSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ClientSecret(<redacted>)")
    }
}

impl fmt::Display for ClientSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// A session's hosted verification `url`: whoever has it can submit the session, so it is as
/// sensitive as the client secret.
#[derive(Clone, serde::Deserialize)]
#[serde(transparent)]
pub struct HostedUrl(SecretString);

impl HostedUrl {
    pub fn new(value: impl Into<String>) -> Self {
        Self(SecretString::from(value.into()))
    }

    /// The URL itself, for the hosted-flow navigation only.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl PartialEq for HostedUrl {
    fn eq(&self, other: &Self) -> bool {
        self.expose() == other.expose()
    }
}

impl Eq for HostedUrl {}

impl fmt::Debug for HostedUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("HostedUrl(<redacted>)")
    }
}

/// `sk_live_abcdef…1234` → `sk_live_…1234`. Keys too short to mask keep only their prefix.
pub fn mask_key(key: &str) -> String {
    let prefix_end = key.match_indices('_').nth(1).map_or(0, |(i, _)| i + 1);
    let prefix = &key[..prefix_end];
    let rest = &key[prefix_end..];
    if rest.len() <= 8 {
        format!("{prefix}…")
    } else {
        format!("{prefix}…{}", &rest[rest.len() - 4..])
    }
}

/// The key prefixes [`scrub`] masks: secret, restricted and publishable keys. (Publishable keys
/// are not secret, but masking them costs nothing and keeps the rule simple to check.)
const KEY_PREFIXES: [&str; 6] = [
    "sk_test_", "sk_live_", "rk_test_", "rk_live_", "pk_test_", "pk_live_",
];

/// Removes anything that looks like a Stripe API key, webhook secret or client secret from
/// `text`. This is the one scrubber for these secrets: error messages here and the kiosk's log
/// lines (`kiosk_core::logs`) both go through it.
///
/// Stripe's own messages mask keys, but the text comes from the network: scrub it before it can
/// reach an error shown to staff or a log line. Keys and client secrets are single "words" of
/// letters, digits and `_`, so every such word is checked on its own.
pub fn scrub(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word_start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        let in_word = i < text.len() && (c.is_ascii_alphanumeric() || c == '_');
        match (in_word, word_start) {
            (true, None) => word_start = Some(i),
            (false, Some(start)) => {
                out.push_str(&scrub_word(&text[start..i]));
                word_start = None;
                if i < text.len() {
                    out.push(c);
                }
            }
            (false, None) if i < text.len() => out.push(c),
            _ => {}
        }
    }
    out
}

fn scrub_word(word: &str) -> String {
    // Nothing after the marker: nothing to hide (and `…_secret_<redacted>` stays as it is).
    if let Some(at) = word.find("_secret_").filter(|at| at + 8 < word.len()) {
        // A client secret `vs_…_secret_…`: keep the session id (useful to staff), drop the rest.
        return format!("{}_secret_<redacted>", &word[..at]);
    }
    if let Some(at) = word.find("whsec_").filter(|at| at + 6 < word.len()) {
        // A webhook signing secret: nothing of it is useful in a log.
        return format!("{}whsec_<redacted>", &word[..at]);
    }
    let key_at = KEY_PREFIXES.iter().filter_map(|p| word.find(p)).min();
    match key_at {
        // A bare prefix has nothing to hide: it is what a masked key (`sk_test_…1234`, or
        // Stripe's `sk_test_****1234`) starts with, and scrubbing must leave that as it is.
        Some(at) if KEY_PREFIXES.contains(&&word[at..]) => word.to_owned(),
        Some(at) => format!("{}{}", &word[..at], mask_key(&word[at..])),
        None => word.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_never_show_the_key() {
        let k = SecretKey::parse("sk_test_abcdefghijklmnop1234").unwrap();
        assert_eq!(format!("{k:?}"), "SecretKey(<redacted>)");
        assert_eq!(format!("{k}"), "<redacted>");
        let c = ClientSecret::new("vs_123_secret_test_xyz");
        assert_eq!(format!("{c:?} {c}"), "ClientSecret(<redacted>) <redacted>");
    }

    #[test]
    fn parse_trims_pasted_whitespace_and_checks_prefixes() {
        let k = SecretKey::parse("  sk_live_FAKE_abcd_1234\r\n").unwrap();
        assert_eq!(k.expose(), "sk_live_FAKE_abcd_1234");
        assert_eq!(k.mode(), Mode::Live);
        assert_eq!(k.masked(), "sk_live_…1234");
        assert!(SecretKey::parse("rk_test_abcdefghijkl")
            .unwrap()
            .is_restricted());
        assert_eq!(
            SecretKey::parse("pk_test_abcdefghijkl"),
            Err(KeyFormatError::Publishable)
        );
        assert_eq!(SecretKey::parse(" \n"), Err(KeyFormatError::Empty));
        assert_eq!(
            SecretKey::parse("whsec_abcdefghijkl"),
            Err(KeyFormatError::UnknownPrefix)
        );
        assert_eq!(
            SecretKey::parse("sk_test_short"),
            Err(KeyFormatError::TooShort)
        );
        assert_eq!(
            SecretKey::parse("sk_test_abc def ghijkl"),
            Err(KeyFormatError::BadCharacters)
        );
    }

    #[test]
    fn scrub_masks_keys_and_client_secrets() {
        let text = "Invalid API Key provided: sk_test_abcdefghijklmnop9876; secret vs_1AB_secret_test_T0k3n.";
        let s = scrub(text);
        assert_eq!(
            s,
            "Invalid API Key provided: sk_test_…9876; secret vs_1AB_secret_<redacted>."
        );
        assert_eq!(scrub("nothing here"), "nothing here");
        // Every occurrence, wherever it stands, and not fooled by an earlier `_secret_`.
        let tricky = "bad client_secret_x; vs_1_secret_abc and rk_live_FAKE_zzzz_9999 (sk_test_abcdefghijklmn)";
        assert_eq!(
            scrub(tricky),
            "bad client_secret_<redacted>; vs_1_secret_<redacted> and rk_live_…9999 (sk_test_…klmn)"
        );
        assert_eq!(
            scrub("pk_live_abcdefghijkl5678 whsec_abcdefghijkl vs_123 req_abc"),
            "pk_live_…5678 whsec_<redacted> vs_123 req_abc"
        );
        // Scrubbing twice changes nothing: masked keys stay as they are.
        for masked in [
            "sk_test_…9876",
            "sk_test_********9876",
            "vs_1_secret_<redacted>",
            "whsec_<redacted>",
        ] {
            assert_eq!(scrub(masked), masked);
        }
    }
}
