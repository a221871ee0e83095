//! Tauri commands: adapters of a few lines over `kiosk-core`, nothing else.
//!
//! What crosses IPC: the kiosk's public settings, a small status, and a `client_secret` from
//! `start_verification` and `retry_verification` only. Never a session id, a session object,
//! a hosted URL or a key.

use kiosk_core::{CustomerStatus, KioskError, KioskMode, ReferenceMode};
use serde::Serialize;
use tauri::{Runtime, State, WebviewWindow};

use crate::app::KioskState;

/// What the page needs to know about this kiosk. Holds no secret (a publishable key is public).
#[derive(Debug, Serialize)]
pub struct KioskInfo {
    mode: KioskMode,
    version: &'static str,
    kiosk_id: String,
    business_name: String,
    flow: kiosk_core::Flow,
    stripe_js_url: String,
    publishable_key: Option<String>,
    reference: ReferenceInfo,
    idle_timeout_secs: u64,
    modal_timeout_secs: u64,
    max_attempts: u32,
    show_verified_name: bool,
    languages: Vec<String>,
    /// Release builds: the page swallows browser shortcuts, menus and zoom (see lockdown.rs).
    locked: bool,
    /// The page's last camera check in this run (null: not checked yet, so the page checks).
    camera: Option<kiosk_core::CameraState>,
}

#[derive(Debug, Serialize)]
pub struct ReferenceInfo {
    mode: ReferenceMode,
    label: Option<String>,
}

/// The one response that carries a client secret.
#[derive(Serialize)]
pub struct SecretResponse {
    client_secret: String,
}

#[derive(Debug, Serialize)]
pub struct ConnectionStatus {
    ok: Option<bool>,
}

#[tauri::command]
pub fn kiosk_info(state: State<'_, KioskState>) -> KioskInfo {
    let s = state.kiosk.verifier().settings();
    let backend = state.kiosk.backend();
    KioskInfo {
        mode: state.kiosk.customer_mode(),
        version: env!("CARGO_PKG_VERSION"),
        kiosk_id: s.kiosk_id.clone(),
        business_name: s.business_name.clone(),
        flow: s.flow,
        stripe_js_url: backend.stripe_js_url().to_owned(),
        publishable_key: backend.publishable_key().map(str::to_owned),
        reference: ReferenceInfo {
            mode: s.reference_mode,
            label: s.reference_label.clone(),
        },
        idle_timeout_secs: s.idle_timeout.as_secs(),
        modal_timeout_secs: s.modal_timeout.as_secs(),
        max_attempts: s.max_attempts,
        show_verified_name: s.show_verified_name,
        languages: s.languages.clone(),
        locked: state.locked,
        camera: state.kiosk.health().camera(),
    }
}

#[tauri::command]
pub async fn start_verification(
    state: State<'_, KioskState>,
    reference: Option<String>,
) -> Result<SecretResponse, KioskError> {
    if state.kiosk.awaiting_keyring() {
        return logged("start_verification", Err(KioskError::KeyringPending));
    }
    let secret = stripe_call(
        &state,
        "start_verification",
        state.kiosk.verifier().start(reference.as_deref()).await,
    )?;
    Ok(SecretResponse {
        client_secret: secret.expose().to_owned(),
    })
}

#[tauri::command]
pub async fn verification_status(
    state: State<'_, KioskState>,
) -> Result<CustomerStatus, KioskError> {
    stripe_call(
        &state,
        "verification_status",
        state.kiosk.verifier().status().await,
    )
}

#[tauri::command]
pub async fn retry_verification(
    state: State<'_, KioskState>,
) -> Result<SecretResponse, KioskError> {
    let secret = stripe_call(
        &state,
        "retry_verification",
        state.kiosk.verifier().retry().await,
    )?;
    Ok(SecretResponse {
        client_secret: secret.expose().to_owned(),
    })
}

/// Sends the window to Stripe's hosted page; the app brings it back when the customer is done.
#[tauri::command]
pub async fn use_hosted_flow<R: Runtime>(
    window: WebviewWindow<R>,
    state: State<'_, KioskState>,
) -> Result<(), KioskError> {
    let url = logged("use_hosted_flow", state.kiosk.verifier().hosted_url().await)?;
    let url = url::Url::parse(url.expose())
        .map_err(|_| KioskError::HostedUnavailable("Stripe gave a malformed URL".into()))?;
    // Watch first: once the page navigates away, nothing after this call is guaranteed to run.
    crate::app::watch_hosted_visit(window.clone(), &state);
    window
        .navigate(url)
        .map_err(|e| KioskError::HostedUnavailable(e.to_string()))
}

/// Ends the customer's turn: settles the session, wipes the webview's data, back to Welcome.
#[tauri::command]
pub async fn finish_verification<R: Runtime>(
    window: WebviewWindow<R>,
    state: State<'_, KioskState>,
) -> Result<(), KioskError> {
    state.kiosk.verifier().finish().await;
    crate::app::reset_webview(&window, &state).await;
    Ok(())
}

/// Asks Stripe now (the "not available" screen, every few seconds until it answers).
#[tauri::command]
pub async fn check_connection(
    state: State<'_, KioskState>,
) -> Result<ConnectionStatus, KioskError> {
    Ok(ConnectionStatus {
        ok: state.kiosk.check_health().await.ok,
    })
}

/// What the background check last learned (no network): the Welcome screen asks this every
/// few seconds, so it says "not available" before a customer taps, not after. `ok` is null
/// until the first check has answered.
#[tauri::command]
pub fn connection_status(state: State<'_, KioskState>) -> ConnectionStatus {
    ConnectionStatus {
        ok: state.kiosk.health().current().ok,
    }
}

/// The page tried the camera (at start, and while it waits for one): recorded for staff and
/// the log. Only the outcome crosses IPC, never a device name.
#[tauri::command]
pub fn report_camera(state: State<'_, KioskState>, camera: kiosk_core::CameraState) {
    state.kiosk.health().record_camera(camera);
}

/// A customer call that reaches Stripe: what it shows about Stripe's reachability is recorded,
/// then it is [`logged`].
fn stripe_call<T>(
    state: &KioskState,
    command: &str,
    result: Result<T, KioskError>,
) -> Result<T, KioskError> {
    state.kiosk.health().observe(&result);
    logged(command, result)
}

/// The page only gets an error's code and a safe message; the kiosk's log keeps the detail
/// (scrubbed of secrets by the Stripe client) for staff.
pub fn logged<T>(command: &str, result: Result<T, KioskError>) -> Result<T, KioskError> {
    if let Err(e) = &result {
        tracing::warn!(command, code = e.code(), error = %e, "command failed");
    }
    result
}
