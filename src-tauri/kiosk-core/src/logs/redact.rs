//! Scrubbing log text before it is written anywhere.
//!
//! [`redact`] replaces, in any text:
//!
//! - Stripe API keys (`sk_`, `rk_`, `pk_` then `test_`/`live_`), masked to their prefix and at
//!   most the last four characters (`sk_test_…1234`); client secrets (`vs_…_secret_…`, any word
//!   with `_secret_` in it) and webhook secrets, cut after `_secret_`/`whsec_`. This part is
//!   [`stripe_identity::secret::scrub`], the one scrubber for these, which the Stripe client's
//!   error messages also go through;
//! - hosted verification URLs: the token after `/start/` (Stripe's `verify.stripe.com` page and
//!   the sandbox's `http://127.0.0.1:<port>/start/…`), also when URL-encoded;
//! - `Bearer` tokens, and any `Authorization` field's value (so `Basic` credentials too);
//! - personal data: email addresses, and the values of fields named like Stripe's personal
//!   outputs ([`SENSITIVE_FIELDS`]: `first_name`, `dob`, `address`, `email`, `phone`…) or like
//!   credentials (`client_secret`, `password`…), written as JSON, Rust `Debug`, `key=value`
//!   (tracing's fields) or form fields (`provided_details[email]=…`).
//!
//! Session ids (`vs_…`), report and request ids are left alone: they are not secret, and they
//! are what staff and support look up.
//!
//! Not covered: personal data in free text without a field name (a name in a sentence), and
//! secrets split by characters that are not in them (a key with spaces inserted).
//!
//! Here: what is redacted ([`REDACTED`], [`SENSITIVE_FIELDS`]) and the order the passes run in
//! ([`redact`]). The passes themselves are in `patterns` (field values, `Bearer` tokens, hosted
//! URLs, emails) and `ansi` (escape sequences removed first); `writer` applies [`redact`] to
//! what `tracing`'s formatter writes.

use ansi::strip_ansi;
use patterns::{bearer_token, email_address, field_value, hosted_token, replace_values};

mod ansi;
mod patterns;
#[cfg(test)]
mod tests;
mod writer;

pub use writer::{Redacting, RedactingWriter};

/// What a redacted value is replaced with (keys keep a masked form instead).
pub const REDACTED: &str = "<redacted>";

/// Fields whose values never reach a log: Stripe's personal data (verified outputs, provided
/// details, the kiosk's `verified_name`) and credentials. Matched as whole words, any case.
pub const SENSITIVE_FIELDS: &[&str] = &[
    "first_name",
    "last_name",
    "dob",
    "id_number",
    "address",
    "email",
    "phone",
    "sex",
    "unparsed_sex",
    "unparsed_place_of_birth",
    "verified_name",
    "client_secret",
    "secret_key",
    "api_key",
    "password",
    "authorization",
];

/// Redacts `text` as the module doc describes.
pub fn redact(text: &str) -> String {
    let text = strip_ansi(text);
    let text = replace_values(&text, field_value);
    let text = replace_values(&text, bearer_token);
    let text = replace_values(&text, hosted_token);
    let text = replace_values(&text, email_address);
    stripe_identity::secret::scrub(&text)
}
