//! The Tauri application: the main window (lock-down, navigation allow-list, no new windows,
//! camera), one instance per kiosk, start at login, managed state and the command handler.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};

use kiosk_core::{InstanceLock, Kiosk};
use tauri::webview::{NewWindowResponse, PermissionKind, PermissionResponse};
use tauri::{Builder, Manager, Runtime, WebviewUrl, WebviewWindow, WebviewWindowBuilder};
use tauri_plugin_autostart::ManagerExt as _;
use url::Url;

use crate::navigation::{Decision, Policy};
use crate::{commands, csp, lockdown, platform, staff, updates};

/// State shared with commands through `tauri::State`.
#[derive(Debug)]
pub struct KioskState {
    pub kiosk: Kiosk,
    /// The app's own start page (`tauri://localhost/index.html` or the platform's equivalent),
    /// learned when the window opens.
    pub app_url: OnceLock<Url>,
    /// Bumped each time the window goes to the hosted page or the customer's turn ends, so a
    /// hosted-flow watchdog only acts on the visit it was started for.
    pub hosted_visit: AtomicU64,
    /// Set once the app starts exiting, so the exit handler settles the session only once.
    pub exiting: AtomicBool,
    /// Release builds: the window refuses to close (see [`lockdown`]).
    pub locked: bool,
    /// Set when staff quit from the panel: the only way a locked window may close.
    pub quitting: AtomicBool,
    /// This process's hold on the data folder; released before a restart so the new process
    /// can take it.
    pub instance: Mutex<Option<InstanceLock>>,
}

impl KioskState {
    /// Lets go of the data folder (before a restart).
    pub fn release_instance(&self) {
        if let Ok(mut held) = self.instance.lock() {
            held.take();
        }
    }
}

/// Adds the kiosk's plugins, state, window handling, permission handling and commands to
/// `builder`.
pub fn build<R: Runtime>(builder: Builder<R>, kiosk: Kiosk, instance: InstanceLock) -> Builder<R> {
    let locked = lockdown::enabled();
    let name =
        kiosk_core::instance_name(kiosk_core::paths::APP_IDENTIFIER, &kiosk.paths().data_dir);
    let builder = builder
        // First, so that a second instance hands over before anything else of it starts.
        // (The data folder's lock already stopped a second kiosk; this brings the first to
        // the front.)
        .plugin(
            tauri_plugin_single_instance::Builder::new()
                .dbus_id(name)
                .callback(|app, _argv, _cwd| {
                    tracing::warn!(
                        "another kiosk instance was started; bringing this one to the front"
                    );
                    if let Some(window) = app.get_webview_window("main") {
                        let _ = window.unminimize();
                        let _ = window.show();
                        let _ = window.set_focus();
                    }
                })
                .build(),
        )
        .plugin(tauri_plugin_autostart::Builder::new().build());
    updates::register(builder)
        .manage(KioskState {
            kiosk,
            app_url: OnceLock::new(),
            hosted_visit: AtomicU64::new(0),
            exiting: AtomicBool::new(false),
            locked,
            quitting: AtomicBool::new(false),
            instance: Mutex::new(Some(instance)),
        })
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::CloseRequested { api, .. } = event {
                let state = window.state::<KioskState>();
                if state.locked && !state.quitting.load(Ordering::SeqCst) {
                    tracing::warn!(
                        "close refused: the kiosk is locked (staff can quit from the panel)"
                    );
                    api.prevent_close();
                }
            }
        })
        // The camera (and the microphone Stripe may ask for with it); nothing else.
        .on_permission_request(|_, kind| match kind {
            PermissionKind::Camera | PermissionKind::Microphone if !platform::camera_refused() => {
                PermissionResponse::Allow
            }
            _ => PermissionResponse::Deny,
        })
        .setup(|app| {
            sync_autostart(app.handle());
            open_main_window(app.handle())?;
            exit_on_signals(app.handle().clone());
            watch_stripe(app.handle().clone());
            updates::spawn_checks(app.handle().clone());
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::kiosk_info,
            commands::start_verification,
            commands::verification_status,
            commands::retry_verification,
            commands::use_hosted_flow,
            commands::finish_verification,
            commands::check_connection,
            commands::connection_status,
            commands::report_camera,
            staff::staff_status,
            staff::staff_set_first_pin,
            staff::staff_unlock,
            staff::staff_lock,
            staff::staff_overview,
            staff::staff_check_connection,
            staff::staff_set_key_from_clipboard,
            staff::staff_remove_key,
            staff::staff_update_settings,
            staff::staff_journal,
            staff::staff_cancel_session,
            staff::staff_redact_session,
            staff::staff_export_csv,
            staff::staff_diagnostics,
            staff::staff_change_pin,
            staff::staff_quit,
            updates::staff_update_status,
            updates::staff_check_update,
            updates::staff_install_update,
        ])
}

/// Opens the kiosk window and runs until it closes.
pub fn run(kiosk: Kiosk, instance: InstanceLock) -> Result<(), tauri::Error> {
    tracing::info!(mode = ?kiosk.backend().mode(), flow = ?kiosk.verifier().settings().flow,
        locked = lockdown::enabled(), "starting the kiosk window");
    let mut context = context();
    // The CSP names a sandbox's origin only when Stripe.js comes from one (see csp.rs).
    context.config_mut().app.security.csp = Some(tauri::utils::config::Csp::Policy(csp::policy(
        kiosk.csp_origins(),
    )));
    let app = build(tauri::Builder::default(), kiosk, instance).build(context)?;
    app.run(|handle, event| {
        if let tauri::RunEvent::ExitRequested { api, .. } = event {
            // The first request: settle the customer's session before leaving (a session
            // waiting for the customer is canceled), then exit for real.
            let state = handle.state::<KioskState>();
            if !state.exiting.swap(true, Ordering::SeqCst) {
                api.prevent_exit();
                let handle = handle.clone();
                tauri::async_runtime::spawn(async move {
                    let outcome = handle.state::<KioskState>().kiosk.verifier().finish().await;
                    tracing::info!(?outcome, "kiosk exiting");
                    handle.exit(0);
                });
            }
        }
    });
    Ok(())
}

/// The app's configuration and assets (one copy in the binary, shared by both ways to start).
pub fn context() -> tauri::Context<tauri::Wry> {
    tauri::generate_context!()
}

/// Another kiosk holds this data folder: hand over to it (the single-instance plugin brings it
/// to the front and ends this process while the app is being built) and exit.
pub fn hand_over(data_dir: &std::path::Path) -> Result<(), tauri::Error> {
    let name = kiosk_core::instance_name(kiosk_core::paths::APP_IDENTIFIER, data_dir);
    let app = tauri::Builder::default()
        .plugin(
            tauri_plugin_single_instance::Builder::new()
                .dbus_id(name)
                .build(),
        )
        .build(context())?;
    // Still here: the plugin found no running kiosk to hand over to (no session bus, or the
    // other one is still starting). It holds the folder all the same, so leave it alone.
    tracing::warn!("could not reach the running kiosk to bring it to the front");
    app.cleanup_before_exit();
    Ok(())
}

/// Start at login follows the `kiosk.autostart` setting (which IT may lock by policy): the
/// OS's login item is added or removed at every start, so it never drifts from the setting.
pub fn sync_autostart<R: Runtime>(app: &tauri::AppHandle<R>) {
    let wanted = app
        .state::<KioskState>()
        .kiosk
        .loaded_settings()
        .settings
        .autostart;
    let launcher = app.autolaunch();
    let result = match (wanted, launcher.is_enabled()) {
        (true, Ok(false)) => launcher.enable().map(|()| "enabled"),
        (false, Ok(true)) => launcher.disable().map(|()| "disabled"),
        (_, Ok(_)) => Ok("unchanged"),
        (_, Err(e)) => Err(e),
    };
    match result {
        Ok(change) => tracing::info!(wanted, change, "start at login"),
        Err(e) => tracing::warn!(wanted, error = %e, "cannot change start at login"),
    }
}

/// Checks in the background whether Stripe answers (see `kiosk_core::health`), so the
/// Welcome screen knows before a customer taps.
/// `IDENTITY_KIOSK_CHECK_SECS` (development and tests) shortens the interval while Stripe answers.
fn watch_stripe<R: Runtime>(handle: tauri::AppHandle<R>) {
    let override_secs = std::env::var("IDENTITY_KIOSK_CHECK_SECS")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|s| *s > 0);
    tauri::async_runtime::spawn(async move {
        loop {
            let state = handle.state::<KioskState>();
            state.kiosk.check_health().await;
            if state.kiosk.take_restart_request() {
                restart_when_idle(&handle).await;
            }
            let wait = state.kiosk.health().next_check_in();
            let wait = override_secs.map_or(wait, |s| wait.min(std::time::Duration::from_secs(s)));
            tokio::time::sleep(wait).await;
        }
    });
}

/// Restarts the app (to load a page with another CSP) once no customer is mid-flow.
async fn restart_when_idle<R: Runtime>(handle: &tauri::AppHandle<R>) {
    let state = handle.state::<KioskState>();
    while state.kiosk.verifier().in_flow().await {
        tokio::time::sleep(std::time::Duration::from_secs(5)).await;
    }
    tracing::info!("restarting to use the key from the keyring");
    state.release_instance();
    handle.restart();
}

/// SIGTERM (a shutdown, a service manager) and SIGINT end the app through Tauri's exit path,
/// so the exit handler settles the customer's session first.
fn exit_on_signals<R: Runtime>(handle: tauri::AppHandle<R>) {
    #[cfg(unix)]
    tauri::async_runtime::spawn(async move {
        use tokio::signal::unix::{signal, SignalKind};
        let (Ok(mut term), Ok(mut int)) = (
            signal(SignalKind::terminate()),
            signal(SignalKind::interrupt()),
        ) else {
            tracing::warn!("cannot listen for termination signals");
            return;
        };
        tokio::select! {
            _ = term.recv() => {}
            _ = int.recv() => {}
        }
        tracing::info!("termination signal received");
        handle.exit(0);
    });
    #[cfg(not(unix))]
    let _ = handle;
}

fn open_main_window<R: Runtime>(app: &tauri::AppHandle<R>) -> tauri::Result<()> {
    let state = app.state::<KioskState>();
    let extra = state.kiosk.csp_origins().to_vec();
    // The app origin is only known once the window exists; until then only Stripe and the
    // sandbox are allowed, and the first load of the app's own page is always allowed.
    let handle = app.clone();
    let builder = WebviewWindowBuilder::new(app, "main", WebviewUrl::App("index.html".into()))
        .title("Identity Kiosk");
    let window = lockdown::window(builder, state.locked)
        .on_navigation(move |url| on_navigation(&handle, url, extra.clone()))
        .on_new_window(|url, _| {
            tracing::warn!(url = %redact_url(&url), "new window refused");
            NewWindowResponse::Deny
        })
        .build()?;
    if let Ok(url) = window.url() {
        let _ = state.app_url.set(url);
    }
    platform::enable_camera(&window)?;
    platform::no_disk_cache(&window)?;
    // Whatever a crash or power cut left of the last customer (cookies, storage, caches) goes
    // now, not at the end of the next customer's turn.
    let startup = window.clone();
    tauri::async_runtime::spawn(async move {
        if !platform::clear_browsing_data(&startup).await {
            tracing::warn!("clearing browsing data at start did not confirm completion");
        }
    });
    if state.locked {
        platform::lock_down(&window)?;
    }
    Ok(())
}

fn on_navigation<R: Runtime>(app: &tauri::AppHandle<R>, url: &Url, extra: Vec<String>) -> bool {
    let state = app.state::<KioskState>();
    let Some(app_url) = state.app_url.get() else {
        // The window's very first load, before its URL is known: only the app's own page.
        return matches!(url.scheme(), "tauri" | "http" | "https")
            && matches!(
                url.host_str(),
                Some("localhost" | "tauri.localhost" | "127.0.0.1")
            );
    };
    match Policy::new(Some(app_url), extra).decide(url) {
        Decision::Allow => true,
        Decision::Deny => {
            tracing::warn!(url = %redact_url(url), "navigation refused");
            false
        }
        Decision::ReturnToApp => {
            let back = app_url.join("index.html#returned");
            if let (Ok(back), Some(window)) = (back, app.get_webview_window("main")) {
                tauri::async_runtime::spawn(async move {
                    let _ = window.navigate(back);
                });
            }
            false
        }
    }
}

/// The hosted page is Stripe's, not ours: the page's own timers are gone while it shows. If the
/// customer walks away from it, end their turn after the modal limit so the kiosk is never
/// left stuck on Stripe's page.
pub fn watch_hosted_visit<R: Runtime>(window: WebviewWindow<R>, state: &KioskState) {
    let visit = state.hosted_visit.fetch_add(1, Ordering::SeqCst) + 1;
    let limit = state.kiosk.verifier().settings().modal_timeout;
    tracing::info!(
        visit,
        limit_secs = limit.as_secs(),
        "watching the hosted page visit"
    );
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(limit).await;
        let state = window.state::<KioskState>();
        let on_app_page = match (window.url(), state.app_url.get()) {
            (Ok(now), Some(app)) => {
                crate::navigation::origin(&now) == crate::navigation::origin(app)
            }
            _ => false,
        };
        if state.hosted_visit.load(Ordering::SeqCst) != visit || on_app_page {
            tracing::info!(visit, on_app_page, "hosted page visit already over");
            return;
        }
        tracing::warn!("the hosted page was left open past the limit; ending the customer's turn");
        state.kiosk.verifier().finish().await;
        reset_webview(&window, &state).await;
    });
}

/// Wipes the webview's data (waiting for it to finish) and reloads the Welcome screen.
pub async fn reset_webview<R: Runtime>(window: &WebviewWindow<R>, state: &KioskState) {
    state.hosted_visit.fetch_add(1, Ordering::SeqCst);
    if !platform::clear_browsing_data(window).await {
        tracing::warn!("clearing browsing data did not confirm completion");
    }
    if let Some(url) = state.app_url.get() {
        let _ = window.navigate(url.clone());
    }
}

/// Only scheme and host: paths (the hosted page's `/start/<token>`), queries and fragments may
/// hold tokens.
fn redact_url(url: &Url) -> String {
    format!("{}://{}", url.scheme(), url.host_str().unwrap_or_default())
}
