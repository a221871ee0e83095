//! The HTTP client: headers, idempotency, retries, and turning responses into models or errors.
//!
//! One [`Client`] holds one `reqwest` connection pool; clone it freely (clones share the pool).

use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue, AUTHORIZATION, CONTENT_TYPE};
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::form;
use crate::models::ApiErrorBody;
use crate::retry::{AttemptOutcome, RetryPolicy};
use crate::secret::SecretKey;

/// The API version the models follow (the spec in `shared/stripe/identity-openapi.json`).
pub const STRIPE_VERSION: &str = "2026-09-30.endive";

/// Stripe's production API.
pub const DEFAULT_API_BASE: &str = "https://api.stripe.com";

/// Settings of a [`Client`]. `Default` is what production uses.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// Scheme, host and port, without a trailing `/v1` (e.g. a sandbox's `http://127.0.0.1:PORT`).
    pub api_base: String,
    /// Sent as `Stripe-Version` on every request.
    pub stripe_version: String,
    /// Time allowed for one attempt, connection included.
    pub timeout: Duration,
    /// Time allowed to open a connection.
    pub connect_timeout: Duration,
    /// Retries and backoff.
    pub retry: RetryPolicy,
    /// Sent as `User-Agent`.
    pub user_agent: String,
}

impl Default for ClientConfig {
    fn default() -> Self {
        Self {
            api_base: DEFAULT_API_BASE.to_owned(),
            stripe_version: STRIPE_VERSION.to_owned(),
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            retry: RetryPolicy::default(),
            user_agent: format!("identity-kiosk/{}", env!("CARGO_PKG_VERSION")),
        }
    }
}

/// Per-request options.
#[derive(Debug, Clone, Default)]
pub struct RequestOptions {
    /// The `Idempotency-Key` of a POST. When `None`, a random one is made; either way the same
    /// key is sent on every retry of that request. Pass your own to make a repeated call (e.g.
    /// after the app restarted) return the first result instead of creating a second object.
    pub idempotency_key: Option<String>,
}

impl RequestOptions {
    pub fn with_idempotency_key(key: impl Into<String>) -> Self {
        Self {
            idempotency_key: Some(key.into()),
        }
    }
}

/// A Stripe Identity API client.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    key: SecretKey,
    /// `Bearer <key>`, built once and marked sensitive (HTTP/2 never indexes it, `Debug`
    /// hides it): every request shares these bytes instead of formatting the key anew.
    authorization: HeaderValue,
    config: ClientConfig,
    base: String,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("api_base", &self.inner.base)
            .field("key", &self.inner.key.masked())
            .finish_non_exhaustive()
    }
}

/// One response, before it is decoded.
struct RawResponse {
    status: u16,
    request_id: Option<String>,
    should_retry: Option<bool>,
    body: Vec<u8>,
}

/// Whether `url` names this machine: a loopback address, or `localhost` and the names under it
/// (RFC 6761). The one test of "a sandbox here" for every rule about where a key may go.
pub fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d == "localhost" || d.ends_with(".localhost"),
        None => false,
    }
}

impl Client {
    /// Builds a client; fails only if the TLS backend cannot initialise or the base URL is bad.
    pub fn new(key: SecretKey, config: ClientConfig) -> Result<Self> {
        let base = config.api_base.trim_end_matches('/').to_owned();
        let parsed = url::Url::parse(&base)
            .map_err(|e| Error::InvalidArgument(format!("API base {base:?} is not a URL: {e}")))?;
        // Plain http only to this machine (a sandbox), and never with a live key: a typo in
        // the API base must not send the key unencrypted across a network.
        let loopback = is_loopback(&parsed);
        let plain_ok = loopback && key.mode() == crate::secret::Mode::Test;
        if !(parsed.scheme() == "https" || (parsed.scheme() == "http" && plain_ok)) {
            return Err(Error::InvalidArgument(format!(
                "API base {base:?} must start with https:// (plain http:// is allowed only for a sandbox on this machine, with a test key)"
            )));
        }
        let mut headers = HeaderMap::new();
        headers.insert("Accept", HeaderValue::from_static("application/json"));
        let version = HeaderValue::from_str(&config.stripe_version)
            .map_err(|_| Error::InvalidArgument("Stripe-Version has invalid characters".into()))?;
        headers.insert("Stripe-Version", version);
        // Proxies come from the environment (HTTPS_PROXY, NO_PROXY...), reqwest's default.
        let http = reqwest::Client::builder()
            .default_headers(headers)
            .user_agent(config.user_agent.clone())
            .timeout(config.timeout)
            .connect_timeout(config.connect_timeout)
            .pool_idle_timeout(Duration::from_secs(60))
            .build()
            .map_err(|e| Error::Connection {
                message: format!("HTTP client set-up failed: {e}"),
            })?;
        // The formatted string is wiped once the header holds its bytes.
        let bearer = secrecy::zeroize::Zeroizing::new(format!("Bearer {}", key.expose()));
        let mut authorization = HeaderValue::from_str(&bearer)
            .map_err(|_| Error::InvalidArgument("the key has invalid characters".into()))?;
        authorization.set_sensitive(true);
        Ok(Self {
            inner: Arc::new(Inner {
                http,
                authorization,
                key,
                config,
                base,
            }),
        })
    }

    /// The API base this client talks to.
    pub fn api_base(&self) -> &str {
        &self.inner.base
    }

    /// The key's mode and mask, for status screens.
    pub fn key(&self) -> &SecretKey {
        &self.inner.key
    }

    /// GET `path` with `params` in the query string.
    pub(crate) async fn get<T: DeserializeOwned>(&self, path: &str, params: &Value) -> Result<T> {
        self.request(Method::GET, path, params, &RequestOptions::default())
            .await
    }

    /// POST `params` form-encoded to `path`.
    pub(crate) async fn post<T: DeserializeOwned>(
        &self,
        path: &str,
        params: &Value,
        opts: &RequestOptions,
    ) -> Result<T> {
        self.request(Method::POST, path, params, opts).await
    }

    async fn request<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        params: &Value,
        opts: &RequestOptions,
    ) -> Result<T> {
        let encoded = form::encode(params);
        let idempotency_key = (method == Method::POST).then(|| {
            opts.idempotency_key
                .clone()
                .unwrap_or_else(new_idempotency_key)
        });
        let policy = self.inner.config.retry;
        let mut retries = 0;
        loop {
            let attempt = self
                .send_once(&method, path, &encoded, idempotency_key.as_deref())
                .await;
            let outcome = match &attempt {
                Ok(raw) => AttemptOutcome::Response {
                    status: raw.status,
                    should_retry: raw.should_retry,
                },
                Err(_) => AttemptOutcome::NoResponse,
            };
            if policy.should_retry(outcome, retries) {
                retries += 1;
                let delay = policy.delay(retries);
                tracing::info!(%method, path, retry = retries, delay_ms = delay.as_millis() as u64,
                    outcome = ?outcome, "retrying Stripe request");
                tokio::time::sleep(delay).await;
                continue;
            }
            return decode(attempt?);
        }
    }

    async fn send_once(
        &self,
        method: &Method,
        path: &str,
        encoded: &str,
        idempotency_key: Option<&str>,
    ) -> Result<RawResponse> {
        let mut url = format!("{}{}", self.inner.base, path);
        let mut req = if *method == Method::GET {
            if !encoded.is_empty() {
                url.push('?');
                url.push_str(encoded);
            }
            self.inner.http.get(url)
        } else {
            self.inner
                .http
                .request(method.clone(), url)
                .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(encoded.to_owned())
        };
        req = req.header(AUTHORIZATION, self.inner.authorization.clone());
        if let Some(key) = idempotency_key {
            req = req.header("Idempotency-Key", key);
        }
        let started = std::time::Instant::now();
        let resp = req.send().await.map_err(|e| self.network_error(&e))?;
        let status = resp.status().as_u16();
        let headers = resp.headers();
        let request_id = header_str(headers, "request-id");
        let should_retry = header_str(headers, "stripe-should-retry").map(|v| v == "true");
        let body = resp
            .bytes()
            .await
            .map_err(|e| self.network_error(&e))?
            .to_vec();
        tracing::debug!(%method, path, status, request_id = request_id.as_deref().unwrap_or("-"),
            elapsed_ms = started.elapsed().as_millis() as u64, "Stripe response");
        Ok(RawResponse {
            status,
            request_id,
            should_retry,
            body,
        })
    }

    fn network_error(&self, e: &reqwest::Error) -> Error {
        if e.is_timeout() {
            Error::Timeout {
                seconds: self.inner.config.timeout.as_secs_f64(),
            }
        } else {
            // reqwest's Display names the URL (our API base and path), never headers.
            Error::Connection {
                message: crate::secret::scrub(&error_chain(e)),
            }
        }
    }
}

fn decode<T: DeserializeOwned>(raw: RawResponse) -> Result<T> {
    let RawResponse {
        status,
        request_id,
        body,
        ..
    } = raw;
    if (200..300).contains(&status) {
        return serde_json::from_slice(&body).map_err(|e| {
            // Only where it failed: serde's message can quote the value (personal data).
            tracing::warn!(status, line = e.line(), column = e.column(), kind = ?e.classify(),
                "Stripe response did not parse");
            Error::MalformedResponse { status, request_id }
        });
    }
    match serde_json::from_slice::<ApiErrorBody>(&body) {
        Ok(err) => Err(Error::from_response(status, err.error, request_id)),
        Err(_) => Err(Error::MalformedResponse { status, request_id }),
    }
}

fn header_str(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

/// A random version-4 UUID, as stripe-python and stripe-node make their keys.
pub fn new_idempotency_key() -> String {
    uuid::Uuid::new_v4().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idempotency_keys_are_fresh_version_4_uuids() {
        let key = new_idempotency_key();
        let uuid = uuid::Uuid::parse_str(&key).unwrap();
        assert_eq!(uuid.get_version_num(), 4);
        assert_eq!(uuid.get_variant(), uuid::Variant::RFC4122);
        assert_ne!(key, new_idempotency_key());
    }

    fn client(key: &str, base: &str) -> Result<Client> {
        let config = ClientConfig {
            api_base: base.into(),
            ..ClientConfig::default()
        };
        Client::new(SecretKey::parse(key).unwrap(), config)
    }

    #[test]
    fn plain_http_only_to_this_machine_and_never_with_a_live_key() {
        assert!(client("sk_test_abcdefghijkl", "http://127.0.0.1:12111").is_ok());
        assert!(client("sk_test_abcdefghijkl", "http://localhost:12111").is_ok());
        assert!(client("sk_live_FAKE_abcd_efgh", "https://api.stripe.com").is_ok());
        assert!(client("sk_test_abcdefghijkl", "http://api.stripe.com").is_err());
        assert!(client("sk_test_abcdefghijkl", "http://10.0.0.5:12111").is_err());
        assert!(client("sk_live_FAKE_abcd_efgh", "http://127.0.0.1:12111").is_err());
        assert!(client("sk_test_abcdefghijkl", "ftp://127.0.0.1").is_err());
        let err = client("sk_live_FAKE_abcd_efgh", "http://127.0.0.1:1")
            .unwrap_err()
            .to_string();
        assert!(!err.contains("abcdefghijkl"), "{err}");
    }
}
