//! The Tauri application's wiring: plugins (one instance per kiosk, start at login, the
//! updater), managed state, the window's close and permission handlers, the background loops
//! and the exit path. What any of it decides is `kiosk_core::host`'s.

use kiosk_core::host::{lifecycle, updater};
use kiosk_core::web::permissions::Request;
use kiosk_core::{InstanceLock, Kiosk};
use tauri::webview::{PermissionKind, PermissionResponse};
use tauri::{Builder, Manager, Runtime};

use crate::state::{KioskState, Restarter};
use crate::updater::PluginUpdater;
use crate::{autostart, ipc, lockdown, platform, window};

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
                    if let Some(window) = crate::window::current_window(app) {
                        let _ = window.unminimize();
                        let _ = window.show();
                        let _ = window.set_focus();
                    }
                })
                .build(),
        );
    commands(builder, KioskState::new(kiosk, instance, locked))
        .on_window_event(|window, event| match event {
            tauri::WindowEvent::CloseRequested { api, .. }
                if !window.state::<KioskState>().lifecycle.close_allowed() =>
            {
                api.prevent_close();
            }
            // Locked down, the window follows its monitor (size, place, rotation) itself.
            tauri::WindowEvent::Moved(_)
            | tauri::WindowEvent::Resized(_)
            | tauri::WindowEvent::ScaleFactorChanged { .. }
                if window.state::<KioskState>().lifecycle.locked() =>
            {
                if let Some(w) = window.app_handle().get_webview_window(window.label()) {
                    lockdown::cover_monitor(&w);
                }
            }
            _ => {}
        })
        // The camera, for the verification's documents only; nothing else (kiosk_core::web).
        .on_permission_request(|webview, kind| {
            let request = match kind {
                PermissionKind::Camera => Request::Camera,
                PermissionKind::Microphone => Request::Microphone,
                _ => Request::Other,
            };
            let document = webview.url().ok();
            let state = webview.state::<KioskState>();
            match state
                .window
                .permission(request, document.as_ref(), platform::camera_refused())
            {
                true => PermissionResponse::Allow,
                false => PermissionResponse::Deny,
            }
        })
        .setup(|app| {
            autostart::sync(app.handle());
            window::open_main_window(app.handle())?;
            exit_on_signals(app.handle().clone());
            spawn_background(app.handle().clone());
            Ok(())
        })
}

/// The page's command surface: the kiosk's state, the commands, and the plugins they use
/// (start at login, the updater). The IPC test builds exactly this on the mock runtime.
pub fn commands<R: Runtime>(builder: Builder<R>, state: KioskState) -> Builder<R> {
    let builder = builder.plugin(tauri_plugin_autostart::Builder::new().build());
    crate::updater::register(builder)
        .manage(state)
        .invoke_handler(ipc::handler())
}

/// Opens the kiosk window and runs until it closes.
pub fn run(kiosk: Kiosk, instance: InstanceLock) -> Result<(), tauri::Error> {
    tracing::info!(mode = ?kiosk.backend().mode(), flow = ?kiosk.verifier().settings().flow,
        locked = lockdown::enabled(), "starting the kiosk window");
    let mut context = context();
    // The CSP names a sandbox's origin only when Stripe.js comes from one (see csp.rs).
    context.config_mut().app.security.csp = Some(tauri::utils::config::Csp::Policy(
        kiosk_core::web::csp::policy(kiosk.csp_origins()),
    ));
    let app = build(tauri::Builder::default(), kiosk, instance).build(context)?;
    app.run(|handle, event| {
        if let tauri::RunEvent::ExitRequested { api, .. } = event {
            // The first request: settle the customer's session before leaving (a session
            // waiting for the customer is canceled), then exit for real.
            if handle.state::<KioskState>().lifecycle.begin_exit() {
                api.prevent_exit();
                let handle = handle.clone();
                tauri::async_runtime::spawn(async move {
                    lifecycle::settle_before_exit(&handle.state::<KioskState>().kiosk).await;
                    handle.exit(0);
                });
            }
        }
    });
    Ok(())
}

/// The app's configuration and assets (one copy in the binary, shared by both ways to start).
pub fn context<R: Runtime>() -> tauri::Context<R> {
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

/// The background loops: whether Stripe answers (and the restart that may ask for), and the
/// update checks.
fn spawn_background<R: Runtime>(handle: tauri::AppHandle<R>) {
    let stripe = handle.clone();
    tauri::async_runtime::spawn(async move {
        let at_most = kiosk_core::switches::env("IDENTITY_KIOSK_CHECK_SECS");
        let at_most = lifecycle::check_interval_override(at_most.as_deref());
        let kiosk = &stripe.state::<KioskState>().kiosk;
        lifecycle::watch_stripe(kiosk, at_most, &Restarter(&stripe)).await;
    });
    tauri::async_runtime::spawn(async move {
        let kiosk = &handle.state::<KioskState>().kiosk;
        updater::periodic_checks(kiosk, &PluginUpdater(&handle)).await;
    });
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
