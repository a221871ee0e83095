//! Random identifiers shaped like Stripe's.

use rand::distr::Alphanumeric;
use rand::Rng;

/// `len` random characters of `[A-Za-z0-9]`.
pub fn random_alnum(len: usize) -> String {
    rand::rng()
        .sample_iter(&Alphanumeric)
        .take(len)
        .map(char::from)
        .collect()
}

/// `prefix` followed by 24 random alphanumerics, e.g. `vs_…`, `vr_…`.
pub fn object_id(prefix: &str) -> String {
    format!("{prefix}{}", random_alnum(24))
}

/// A request id, `req_` + 14 alphanumerics like Stripe's.
pub fn request_id() -> String {
    format!("req_{}", random_alnum(14))
}

/// The shared token of a `client_secret` / hosted `url` pair.
pub fn secret_token() -> String {
    random_alnum(40)
}

/// Current unix time in seconds.
pub fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}
