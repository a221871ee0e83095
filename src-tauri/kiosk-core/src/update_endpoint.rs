//! Where updates may come from: `https://`, or plain `http://` to this machine (tests). A leaf:
//! the settings check `updates.endpoint` with it and the updates use it, so neither depends on
//! the other for it.

use url::Url;

/// Parses an update endpoint: `https://`, or `http://` to a loopback address (tests). The
/// error is the reason shown to IT. `{{target}}`, `{{arch}}` and `{{current_version}}` may
/// appear in it; the updater fills them in.
pub fn endpoint_url(raw: &str) -> Result<Url, String> {
    let refused = || format!("{raw:?} is not an https:// URL");
    // The URL parser would read `https:///path` as host `path`: a host must be written.
    let written_host = raw
        .split_once("://")
        .is_some_and(|(_, rest)| !rest.is_empty() && !rest.starts_with('/'));
    let url = Url::parse(raw).map_err(|_| refused())?;
    let host_ok = written_host && url.host_str().is_some_and(|h| !h.is_empty());
    match url.scheme() {
        "https" if host_ok => Ok(url),
        "http" if host_ok && is_loopback(&url) => Ok(url),
        _ => Err(refused()),
    }
}

/// Whether `url` names this machine (no proxy, and plain HTTP allowed for tests).
pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}
