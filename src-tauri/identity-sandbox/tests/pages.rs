//! Served assets and control endpoints: /v3/, modal, reset, recording; the pages in the reader's
//! language.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{fast_config, start, start_with};
use identity_sandbox::SandboxConfig;
use reqwest::Method;

#[tokio::test]
async fn stripe_js_stand_in() {
    let h = start().await;
    for path in ["/v3/", "/v3"] {
        let r = h.send(h.http.get(format!("{}{path}", h.base))).await;
        assert_eq!(r.status, 200);
        assert!(r
            .header("content-type")
            .unwrap()
            .starts_with("application/javascript"));
        assert!(r.text.contains("verifyIdentity"));
        assert!(r
            .text
            .contains("Live Stripe.js integrations must use HTTPS"));
        assert!(r.text.contains("allow', 'camera; microphone'"));
        assert!(r.text.contains("document.currentScript"));
    }
}

#[tokio::test]
async fn modal_page_and_assets() {
    let h = start().await;
    let r = h
        .send(h.http.get(format!(
            "{}/_sandbox/modal?client_secret=x&parent_origin=http%3A%2F%2Flocalhost",
            h.base
        )))
        .await;
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    let csp = r.header("content-security-policy").unwrap();
    assert!(csp.contains("script-src 'self'"));
    for id in [
        "sandbox-label",
        "camera-preview",
        "camera-status",
        "outcome-verified",
        "outcome-unverified",
        "outcome-verified-async",
        "outcome-unverified-async",
        "decline-consent",
        "close-modal",
    ] {
        assert!(
            r.text
                .contains(&format!("id=\"{id}\" data-testid=\"{id}\"")),
            "{id}"
        );
    }
    for label in [
        "Sandbox: not a real verification",
        ">Verification success<",
        ">Verification failure<",
        ">Verification success async<",
        ">Verification failure async<",
        "Decline consent",
    ] {
        assert!(r.text.contains(label), "{label}");
    }
    assert!(!r.text.contains("<script>"), "no inline scripts");
    let js = h
        .send(h.http.get(format!("{}/_sandbox/modal.js", h.base)))
        .await;
    assert!(js
        .header("content-type")
        .unwrap()
        .starts_with("application/javascript"));
    assert!(js.text.contains("t('camera_none')"));
    assert!(js.text.contains("getUserMedia({ video: true })"));
    let css = h
        .send(h.http.get(format!("{}/_sandbox/sandbox.css", h.base)))
        .await;
    assert!(css.header("content-type").unwrap().starts_with("text/css"));
}

#[tokio::test]
async fn reset_forgets_everything() {
    let h = start().await;
    h.create("type=document").await;
    let r = h.control(Method::POST, "/_sandbox/reset", None).await;
    assert_eq!(r.status, 200);
    assert!(
        h.get("/v1/identity/verification_sessions").await.json()["data"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert!(
        h.control(Method::GET, "/_sandbox/requests", None)
            .await
            .json()["data"]
            .as_array()
            .unwrap()
            .len()
            == 1
    );
}

#[tokio::test]
async fn records_v1_responses_as_json_lines() {
    let path = std::env::temp_dir().join(format!(
        "identity-sandbox-record-{}.jsonl",
        std::process::id()
    ));
    let _ = std::fs::remove_file(&path);
    let h = start_with(SandboxConfig {
        record_path: Some(path.clone()),
        ..fast_config()
    })
    .await;
    h.create("type=document").await;
    h.get("/v1/identity/verification_sessions/vs_missing").await;
    h.send(h.http.get(format!("{}/v3/", h.base))).await;
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["method"], "POST");
    assert_eq!(lines[0]["path"], "/v1/identity/verification_sessions");
    assert_eq!(lines[0]["status"], 200);
    assert_eq!(lines[0]["body"]["object"], "identity.verification_session");
    assert_eq!(lines[1]["status"], 404);
    assert_eq!(lines[1]["body"]["error"]["code"], "resource_missing");
    h.sandbox.shutdown().await;
    let _ = std::fs::remove_file(&path);
}

#[tokio::test]
async fn shutdown_closes_the_port() {
    let h = start().await;
    let base = h.base.clone();
    h.sandbox.shutdown().await;
    assert!(reqwest::get(format!("{base}/v3/")).await.is_err());
}

#[tokio::test]
async fn the_modal_speaks_the_locale_stripe_js_was_given() {
    let h = start().await;
    let modal = |locale: &str| {
        h.http.get(format!(
            "{}/_sandbox/modal?client_secret=x&parent_origin=http%3A%2F%2Flocalhost&locale={locale}",
            h.base
        ))
    };
    let de = h.send(modal("de")).await;
    assert!(
        de.text.contains("<html lang=\"de\" dir=\"ltr\">"),
        "{}",
        de.text
    );
    assert!(de.text.contains("Sandbox: keine echte Verifizierung"));
    assert!(!de.text.contains("Sandbox: not a real verification"));
    // Stripe's test-mode choices keep Stripe's (English) names, marked as English.
    assert!(de.text.contains("lang=\"en\" dir=\"ltr\""));
    assert!(de.text.contains(">Verification success<"));
    // The script gets every text, as JSON that cannot close its element.
    assert!(de
        .text
        .contains("<script id=\"texts\" type=\"application/json\">{"));
    assert!(de.text.contains("\"camera_none\":"));
    let ar = h.send(modal("ar")).await;
    assert!(ar.text.contains("<html lang=\"ar\" dir=\"rtl\">"));
    let region = h.send(modal("pt-BR")).await;
    assert!(region.text.contains("<html lang=\"pt\""));
    for unknown in ["sv", "", "%3Cscript%3E"] {
        let r = h.send(modal(unknown)).await;
        assert_eq!(r.status, 200);
        assert!(
            r.text.contains("<html lang=\"en\" dir=\"ltr\">"),
            "{unknown}"
        );
        assert!(r.text.contains("Sandbox: not a real verification"));
    }
}

#[tokio::test]
async fn the_hosted_page_follows_accept_language() {
    let h = start().await;
    let s = h.create("type=document").await;
    let url = s["url"].as_str().unwrap();
    let page = |lang: &'static str| h.http.get(url).header("accept-language", lang);
    let fr = h.send(page("fr-FR, fr;q=0.9, en;q=0.5")).await;
    assert_eq!(fr.status, 200);
    assert!(
        fr.text.contains("<html lang=\"fr\" dir=\"ltr\">"),
        "{}",
        fr.text
    );
    assert!(!fr.text.contains("Choose a test outcome."));
    assert!(
        fr.text.contains(">Verification success<"),
        "Stripe's labels stay"
    );
    let ja = h.send(page("sv, ja;q=0.8")).await;
    assert!(ja.text.contains("<html lang=\"ja\""));
    let none = h.send(h.http.get(url)).await;
    assert!(none.text.contains("<html lang=\"en\""));
    assert!(none.text.contains("Choose a test outcome."));
    // The result page and the error pages too.
    let done = h
        .send(
            h.http
                .post(url)
                .header("accept-language", "ar")
                .form(&[("outcome", "verified")]),
        )
        .await;
    assert!(done.text.contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert!(!done.text.contains("You can close this page"));
    let used = h.send(page("de")).await;
    assert_eq!(used.status, 410);
    assert!(used.text.contains("<html lang=\"de\""));
    assert!(!used
        .text
        .contains("This verification link has already been used"));
}
