//! Test helper: a sandbox on 127.0.0.1:0 with short delays, and a small Stripe-like client.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use identity_sandbox::{RunningSandbox, SandboxConfig};
use serde_json::Value;

pub const KEY: &str = "sk_test_sandboxKey1234567890";
pub const RK: &str = "rk_test_sandboxKey1234567890";

pub use identity_sandbox::testing::fast_config;

pub struct Harness {
    pub sandbox: RunningSandbox,
    pub http: reqwest::Client,
    pub base: String,
}

pub struct Resp {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub text: String,
}

impl Resp {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    }
}

pub async fn start() -> Harness {
    start_with(fast_config()).await
}

pub async fn start_with(config: SandboxConfig) -> Harness {
    let sandbox = identity_sandbox::testing::start(config).await;
    let base = sandbox.base_url();
    Harness {
        sandbox,
        http: reqwest::Client::new(),
        base,
    }
}

impl Harness {
    pub async fn send(&self, req: reqwest::RequestBuilder) -> Resp {
        let r = req.send().await.expect("request failed");
        let status = r.status().as_u16();
        let headers = r.headers().clone();
        let text = r.text().await.unwrap();
        Resp {
            status,
            headers,
            text,
        }
    }

    /// GET `path` (with query already in it) with the default key.
    pub async fn get(&self, path: &str) -> Resp {
        self.send(
            self.http
                .get(format!("{}{path}", self.base))
                .bearer_auth(KEY),
        )
        .await
    }

    /// POST a raw form body with the default key.
    pub async fn post(&self, path: &str, body: &str) -> Resp {
        self.send(
            self.http
                .post(format!("{}{path}", self.base))
                .bearer_auth(KEY)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(body.to_string()),
        )
        .await
    }

    pub async fn create(&self, body: &str) -> Value {
        let r = self.post("/v1/identity/verification_sessions", body).await;
        assert_eq!(r.status, 200, "{}", r.text);
        r.json()
    }

    pub async fn retrieve(&self, id: &str, query: &str) -> Value {
        let r = self
            .get(&format!("/v1/identity/verification_sessions/{id}{query}"))
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
        r.json()
    }

    /// Submits an outcome through the private verification-page endpoint.
    pub async fn submit(&self, client_secret: &str, outcome: &str) -> Resp {
        self.send(
            self.http
                .post(format!(
                    "{}/_sandbox/verification_pages/{client_secret}/submit",
                    self.base
                ))
                .form(&[("outcome", outcome)]),
        )
        .await
    }

    pub async fn control(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Resp {
        let mut req = self.http.request(method, format!("{}{path}", self.base));
        if let Some(b) = body {
            req = req.json(&b);
        }
        self.send(req).await
    }

    /// Polls a session until `pred` holds (bounded wait).
    pub async fn wait_for(&self, id: &str, pred: impl Fn(&Value) -> bool) -> Value {
        let what = format!("session {id} to reach the expected state");
        identity_sandbox::testing::eventually(&what, || async {
            let s = self.retrieve(id, "").await;
            pred(&s).then_some(s)
        })
        .await
    }
}

/// Asserts a Stripe error body: type, code, param.
pub fn assert_error(r: &Resp, status: u16, kind: &str, code: Option<&str>, param: Option<&str>) {
    assert_eq!(r.status, status, "{}", r.text);
    let e = &r.json()["error"];
    assert_eq!(e["type"], kind, "{}", r.text);
    assert_eq!(e["code"].as_str(), code, "{}", r.text);
    assert_eq!(e["param"].as_str(), param, "{}", r.text);
    assert!(e["message"].as_str().is_some_and(|m| !m.is_empty()));
    assert!(r
        .header("request-id")
        .is_some_and(|id| id.starts_with("req_")));
}
