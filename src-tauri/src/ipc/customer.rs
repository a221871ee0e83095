//! The customer screens' commands.

use kiosk_core::host::window as host;
use kiosk_core::kiosk::{ConnectionStatus, PageInfo};
use kiosk_core::{CameraState, CustomerStatus, KioskError};
use serde::Serialize;
use tauri::{Runtime, State, WebviewWindow};

use super::logged;
use crate::state::KioskState;
use crate::window::{watch_hosted_visit, TauriWindow};

/// The one response that carries a client secret. It is written straight from the zeroizing
/// wrapper into the response, never copied into a plain `String` on the way.
#[derive(Serialize)]
pub struct SecretResponse {
    #[serde(serialize_with = "expose_secret")]
    client_secret: stripe_identity::ClientSecret,
}

fn expose_secret<S: serde::Serializer>(
    secret: &stripe_identity::ClientSecret,
    ser: S,
) -> Result<S::Ok, S::Error> {
    ser.serialize_str(secret.expose())
}

impl From<stripe_identity::ClientSecret> for SecretResponse {
    fn from(client_secret: stripe_identity::ClientSecret) -> Self {
        Self { client_secret }
    }
}

#[tauri::command]
pub fn kiosk_info(state: State<'_, KioskState>) -> PageInfo {
    let locked = state.lifecycle.locked();
    state.kiosk.page_info(env!("CARGO_PKG_VERSION"), locked)
}

#[tauri::command]
pub async fn start_verification(
    state: State<'_, KioskState>,
    reference: Option<String>,
) -> Result<SecretResponse, KioskError> {
    let started = state.kiosk.start_verification(reference.as_deref()).await;
    logged("start_verification", started).map(SecretResponse::from)
}

#[tauri::command]
pub async fn verification_status(
    state: State<'_, KioskState>,
) -> Result<CustomerStatus, KioskError> {
    logged(
        "verification_status",
        state.kiosk.verification_status().await,
    )
}

#[tauri::command]
pub async fn retry_verification(
    state: State<'_, KioskState>,
) -> Result<SecretResponse, KioskError> {
    let retried = state.kiosk.retry_verification().await;
    logged("retry_verification", retried).map(SecretResponse::from)
}

/// Sends the window to Stripe's hosted page; the app brings it back when the customer is done.
#[tauri::command]
pub async fn use_hosted_flow<R: Runtime>(
    window: WebviewWindow<R>,
    state: State<'_, KioskState>,
) -> Result<(), KioskError> {
    let visit = host::begin_hosted_visit(&state.kiosk, &state.window).await;
    let visit = logged("use_hosted_flow", visit)?;
    watch_hosted_visit(window.clone(), &visit);
    (window.navigate(visit.url)).map_err(|e| KioskError::HostedUnavailable(e.to_string()))
}

/// Ends the customer's turn: settles the session, wipes the webview's data, back to Welcome.
#[tauri::command]
pub async fn finish_verification<R: Runtime>(
    window: WebviewWindow<R>,
    state: State<'_, KioskState>,
) -> Result<(), KioskError> {
    host::end_turn(&state.kiosk, &state.window, &TauriWindow(window)).await;
    Ok(())
}

/// Asks Stripe now (the "not available" screen, every few seconds until it answers).
#[tauri::command]
pub async fn check_connection(
    state: State<'_, KioskState>,
) -> Result<ConnectionStatus, KioskError> {
    let ok = state.kiosk.check_health().await.ok;
    Ok(ConnectionStatus { ok })
}

/// What the background check last learned (no network): the Welcome screen asks every few
/// seconds, so it says "not available" before a customer taps, not after.
#[tauri::command]
pub fn connection_status(state: State<'_, KioskState>) -> ConnectionStatus {
    state.kiosk.reachable()
}

/// The page tried the camera (at start, and while it waits for one). Only the outcome
/// crosses IPC, never a device name.
#[tauri::command]
pub fn report_camera(state: State<'_, KioskState>, camera: CameraState) {
    state.kiosk.report_camera(camera);
}

/// The page now reads `language` (the customer picked it, Welcome reset it, or the staff panel
/// opened): the webview tells web pages so too (`Accept-Language`, `navigator.languages`), so
/// Stripe's hosted page and the modal's frames follow the customer's choice.
#[tauri::command]
pub fn set_language<R: Runtime>(
    window: WebviewWindow<R>,
    state: State<'_, KioskState>,
    language: String,
) -> Result<(), KioskError> {
    let preferred = logged("set_language", state.kiosk.page_languages(&language))?;
    crate::platform::set_languages(&window, &preferred);
    Ok(())
}
