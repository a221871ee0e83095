//! The updater's signature check, for real: the app's own updater glue (`identity_kiosk::updater`)
//! and tauri-plugin-updater, configured from the shipped `tauri.conf.json` with only the public
//! key swapped for a throwaway one, run under Tauri's mock runtime against an update server on
//! loopback. A correctly signed artifact is accepted; a tampered copy (one byte flipped), a
//! signature by another key, and a manifest announcing another version than the one signed are
//! refused by the plugin's own verification.
//!
//!     cargo test --test updater_signature
//!
//! By default the artifact is made and signed here with minisign, in the format `tauri signer`
//! writes. `scripts/deb-roundtrip` runs it on what `tauri build` made instead: the `.deb`, its
//! `.sig` and a throwaway key from `tauri signer generate`:
//!
//!     IDENTITY_KIOSK_SIGNED_UPDATE=path/to/app.deb IDENTITY_KIOSK_SIGNED_UPDATE_PUBKEY=path/to/key.pub \
//!       cargo test --test updater_signature
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::io::Cursor;
use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use identity_kiosk::updater;
use kiosk_core::UpdateFailure;
use serde_json::{json, Value};
use tauri::test::{mock_builder, mock_context, noop_assets, MockRuntime};
use tauri::App;

/// The version the mock app runs as: older than anything signed here.
const RUNNING: &str = "0.0.1";

/// A signed artifact: its bytes, its `.sig` (base64, as `tauri signer` writes it), the public
/// key that verifies it (base64, as in `plugins.updater.pubkey`) and the version it was signed
/// for.
struct Signed {
    name: String,
    artifact: Vec<u8>,
    signature: String,
    pubkey: String,
    version: String,
}

/// A throwaway minisign key pair.
struct Key {
    pk: minisign::PublicKey,
    sk: minisign::SecretKey,
}

impl Key {
    fn generate() -> Self {
        let minisign::KeyPair { pk, sk } =
            minisign::KeyPair::generate_unencrypted_keypair().unwrap();
        Self { pk, sk }
    }

    fn pubkey(&self) -> String {
        B64.encode(self.pk.to_box().unwrap().into_string())
    }

    /// Signs like `tauri signer sign --app-version`: the trusted comment names the file and
    /// the version, and minisign's global signature covers it.
    fn sign(&self, data: &[u8], file: &str, version: &str) -> String {
        let trusted = format!("timestamp:1767225600\tfile:{file}\tversion:{version}");
        let sig = minisign::sign(
            Some(&self.pk),
            &self.sk,
            Cursor::new(data),
            Some(&trusted),
            Some("signature from tauri secret key"),
        )
        .unwrap();
        B64.encode(sig.into_string())
    }
}

impl Signed {
    /// What `tauri build` made (scripts/deb-roundtrip), or else an artifact signed here.
    fn load() -> Self {
        match std::env::var_os("IDENTITY_KIOSK_SIGNED_UPDATE") {
            Some(path) => Self::from_files(PathBuf::from(path)),
            None => {
                let key = Key::generate();
                let artifact: Vec<u8> = (0..64 * 1024).map(|i| (i * 7 % 251) as u8).collect();
                let name = "identity-kiosk_0.2.0_amd64.deb".to_owned();
                Self {
                    signature: key.sign(&artifact, &name, "0.2.0"),
                    pubkey: key.pubkey(),
                    name,
                    artifact,
                    version: "0.2.0".into(),
                }
            }
        }
    }

    fn from_files(path: PathBuf) -> Self {
        let sig_path = PathBuf::from(format!("{}.sig", path.display()));
        let pub_path = std::env::var_os("IDENTITY_KIOSK_SIGNED_UPDATE_PUBKEY")
            .expect("IDENTITY_KIOSK_SIGNED_UPDATE_PUBKEY names the signing key's .pub file");
        let read = |p: &std::path::Path| {
            std::fs::read_to_string(p)
                .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
                .trim()
                .to_owned()
        };
        let signature = read(&sig_path);
        // The version `tauri build` bound the signature to, from its trusted comment.
        let text = String::from_utf8(B64.decode(&signature).unwrap()).unwrap();
        let version = text
            .lines()
            .find_map(|l| l.strip_prefix("trusted comment: "))
            .and_then(|c| c.split('\t').find_map(|f| f.strip_prefix("version:")))
            .expect("the signature names the version it was made for")
            .to_owned();
        Self {
            name: path.file_name().unwrap().to_string_lossy().into_owned(),
            artifact: std::fs::read(&path).unwrap(),
            signature,
            pubkey: read(std::path::Path::new(&pub_path)),
            version,
        }
    }
}

/// Files served over loopback HTTP, by name.
type Files = Arc<HashMap<String, (&'static str, Vec<u8>)>>;

async fn serve_file(State(files): State<Files>, Path(name): Path<String>) -> impl IntoResponse {
    match files.get(&name) {
        Some((content_type, body)) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, *content_type)],
            body.clone(),
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// The shipped `plugins.updater` configuration.
fn shipped_updater_config() -> Value {
    let conf: Value = serde_json::from_str(include_str!("../tauri.conf.json")).unwrap();
    conf["plugins"]["updater"].clone()
}

/// The app's updater set-up under the mock runtime, with the shipped configuration but
/// `pubkey` in place of the release key.
fn mock_app(pubkey: &str) -> App<MockRuntime> {
    let mut config = shipped_updater_config();
    config["pubkey"] = pubkey.into();
    let mut context = mock_context(noop_assets());
    context
        .config_mut()
        .plugins
        .0
        .insert("updater".into(), config);
    context.package_info_mut().version = RUNNING.parse().unwrap();
    updater::register(mock_builder()).build(context).unwrap()
}

fn manifest(version: &str, url: &str, signature: &str) -> Vec<u8> {
    let platform = tauri_plugin_updater::target().unwrap();
    serde_json::to_vec(&json!({
        "version": version,
        "notes": "Signed by the test",
        "pub_date": "2026-01-01T00:00:00Z",
        "platforms": { platform: { "url": url, "signature": signature } },
    }))
    .unwrap()
}

#[test]
fn the_updater_accepts_the_right_signature_and_refuses_tampering() {
    let signed = Signed::load();
    eprintln!(
        "artifact {} ({} bytes), signed for version {}",
        signed.name,
        signed.artifact.len(),
        signed.version
    );
    let mut tampered = signed.artifact.clone();
    let middle = tampered.len() / 2;
    tampered[middle] ^= 0x01;
    let other_key = Key::generate().sign(&signed.artifact, &signed.name, &signed.version);

    let (base, app) = tauri::async_runtime::block_on(async {
        let octet = "application/octet-stream";
        let json = "application/json";
        // Every manifest points at files on the same server: its address is known once bound,
        // so bind first and hand the table to the server after.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let artifact_url = format!("{base}/artifact");
        let tampered_url = format!("{base}/tampered");
        let wrong_version = bump(&signed.version);
        let files: HashMap<String, (&'static str, Vec<u8>)> = [
            ("artifact", (octet, signed.artifact.clone())),
            ("tampered", (octet, tampered.clone())),
            (
                "good.json",
                (
                    json,
                    manifest(&signed.version, &artifact_url, &signed.signature),
                ),
            ),
            (
                "tampered.json",
                (
                    json,
                    manifest(&signed.version, &tampered_url, &signed.signature),
                ),
            ),
            (
                "other-key.json",
                (json, manifest(&signed.version, &artifact_url, &other_key)),
            ),
            (
                "wrong-version.json",
                (
                    json,
                    manifest(&wrong_version, &artifact_url, &signed.signature),
                ),
            ),
            (
                "not-newer.json",
                (json, manifest(RUNNING, &artifact_url, &signed.signature)),
            ),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        let router = Router::new()
            .route("/{name}", get(serve_file))
            .with_state(Arc::new(files));
        tauri::async_runtime::spawn(async move { axum::serve(listener, router).await });
        (base, mock_app(&signed.pubkey))
    });
    let handle = app.handle().clone();
    let endpoint = |name: &str| url::Url::parse(&format!("{base}/{name}")).unwrap();

    tauri::async_runtime::block_on(async {
        // The right key: found, downloaded and verified.
        let update = updater::check(&handle, endpoint("good.json"))
            .await
            .unwrap()
            .expect("a newer release");
        let release = updater::release(&update);
        assert_eq!(release.version, signed.version);
        assert_eq!(release.notes.as_deref(), Some("Signed by the test"));
        let bytes = updater::download(&update).await.unwrap();
        assert_eq!(bytes, signed.artifact, "accepted, byte for byte");

        // One byte flipped: the signature no longer matches.
        let update = updater::check(&handle, endpoint("tampered.json"))
            .await
            .unwrap()
            .unwrap();
        let err = updater::download(&update).await.unwrap_err();
        assert_eq!(err, UpdateFailure::Signature, "tampered artifact");
        // (and `install` verifies again: tampered bytes handed to it are refused too)
        assert!(update.install(&tampered).is_err());

        // Signed by another key; and a manifest announcing another version than the one
        // signed (requireSignedVersion).
        for (manifest, what) in [
            ("other-key.json", "another key's signature"),
            ("wrong-version.json", "a signature bound to another version"),
        ] {
            let update = updater::check(&handle, endpoint(manifest))
                .await
                .unwrap()
                .unwrap();
            assert_eq!(
                updater::download(&update).await.unwrap_err(),
                UpdateFailure::Signature,
                "{what}"
            );
        }

        // Not newer than the running app: nothing to do. No manifest: unreachable.
        assert!(updater::check(&handle, endpoint("not-newer.json"))
            .await
            .unwrap()
            .is_none());
        let missing = updater::check(&handle, endpoint("missing.json")).await;
        assert_eq!(missing.err(), Some(UpdateFailure::Unreachable));
    });
}

/// A version one major release ahead.
fn bump(version: &str) -> String {
    let major: u64 = version.split('.').next().unwrap().parse().unwrap();
    format!("{}.0.0", major + 1)
}

#[test]
fn the_shipped_config_has_the_release_key_and_no_endpoint() {
    let updater = shipped_updater_config();
    let pubkey = String::from_utf8(
        B64.decode(updater["pubkey"].as_str().expect("a pubkey"))
            .unwrap(),
    )
    .unwrap();
    assert!(
        pubkey.starts_with("untrusted comment: minisign public key"),
        "{pubkey}"
    );
    assert!(
        updater.get("endpoints").is_none(),
        "IT sets the endpoint (updates.endpoint), not the build"
    );
    assert_eq!(updater["requireSignedVersion"], true);
    assert_eq!(updater["windows"]["installMode"], "passive");
    // Nothing that weakens transport or version checks.
    for key in [
        "dangerousInsecureTransportProtocol",
        "dangerousAcceptInvalidCerts",
        "dangerousAcceptInvalidHostnames",
        "allowDowngrades",
    ] {
        assert!(updater.get(key).is_none(), "{key}");
    }
}
