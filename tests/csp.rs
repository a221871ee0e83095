//! The Content Security Policy has one source, `kiosk_core::web::csp` (itself built from the
//! one table of Stripe's hosts). `tauri.conf.json` carries the same policy for what Tauri
//! does with it at build time; this test holds the two together, directive by directive.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

fn directives(policy: &str) -> BTreeMap<String, String> {
    policy
        .split(';')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| {
            let (name, sources) = d.split_once(' ').unwrap_or((d, ""));
            (
                name.to_owned(),
                sources.split_whitespace().collect::<Vec<_>>().join(" "),
            )
        })
        .collect()
}

#[test]
fn tauri_conf_json_has_the_policy_the_kiosk_builds() {
    let conf: serde_json::Value = serde_json::from_str(include_str!("../tauri.conf.json")).unwrap();
    let in_conf: BTreeMap<String, String> = conf["app"]["security"]["csp"]
        .as_object()
        .expect("tauri.conf.json's CSP is a map of directives")
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
        .collect();
    // The shipped kiosk's policy: real Stripe, no sandbox origin.
    let built = directives(&kiosk_core::web::csp::policy(&[]));
    assert_eq!(in_conf, built);
}
