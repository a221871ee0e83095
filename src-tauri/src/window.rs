//! The kiosk's window: opened locked down (see [`crate::lockdown`]) with the navigation
//! allow-list and no new windows, and adapted to [`KioskWindow`] for `kiosk_core::host`,
//! which decides what happens to it.

use async_trait::async_trait;
use kiosk_core::host::window::{self as host, HostedVisit};
use kiosk_core::host::{KioskWindow, Navigation};
use kiosk_core::web::origins::redacted;
use tauri::webview::NewWindowResponse;
use tauri::{AppHandle, Manager, Runtime, WebviewUrl, WebviewWindow, WebviewWindowBuilder};
use url::Url;

use crate::state::KioskState;
use crate::{lockdown, platform};

/// A Tauri webview window as the kiosk's window.
pub struct TauriWindow<R: Runtime>(pub WebviewWindow<R>);

#[async_trait]
impl<R: Runtime> KioskWindow for TauriWindow<R> {
    fn current_url(&self) -> Option<Url> {
        self.0.url().ok()
    }

    fn navigate(&self, url: Url) -> Result<(), String> {
        self.0.navigate(url).map_err(|e| e.to_string())
    }

    async fn clear_browsing_data(&self) -> bool {
        platform::clear_browsing_data(&self.0).await
    }

    fn fresh_page(&self) -> bool {
        replace_window(&self.0)
    }
}

/// Opens the main window; what it may load is decided by [`WindowState::navigation`].
///
/// [`WindowState::navigation`]: kiosk_core::host::WindowState::navigation
pub fn open_main_window<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<()> {
    let window = open_window(app, "main")?;
    // Whatever a crash or power cut left of the last customer (cookies, storage, caches) goes
    // now, not at the end of the next customer's turn. (A later window follows a reset, which
    // has just wiped everything.)
    tauri::async_runtime::spawn(async move {
        if !platform::clear_browsing_data(&window).await {
            tracing::warn!("clearing browsing data at start did not confirm completion");
        }
    });
    Ok(())
}

/// Which of the kiosk's windows a label names: `main` is 0, `main-N` is N.
fn window_number(label: &str) -> Option<u64> {
    if label == "main" {
        Some(0)
    } else {
        label.strip_prefix("main-")?.parse().ok()
    }
}

/// The window now showing the kiosk (the newest of `main`, `main-1`, `main-2`…).
pub fn current_window<R: Runtime>(app: &AppHandle<R>) -> Option<WebviewWindow<R>> {
    app.webview_windows()
        .into_iter()
        .filter_map(|(label, window)| Some((window_number(&label)?, window)))
        .max_by_key(|(number, _)| *number)
        .map(|(_, window)| window)
}

/// A new window (so a new webview and web process) for the next customer, then the old one
/// destroyed with its web process.
pub fn replace_window<R: Runtime>(old: &WebviewWindow<R>) -> bool {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    let label = format!(
        "main-{}",
        NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
    );
    // The windows share one web context: the next customer's first request already goes out
    // in the kiosk's default language, not this customer's.
    let state = old.state::<KioskState>();
    platform::set_languages(old, &state.kiosk.default_page_languages());
    match open_window(old.app_handle(), &label) {
        Ok(_) => {
            let _ = old.destroy();
            true
        }
        Err(e) => {
            tracing::warn!(error = %e, "could not open a new window for the next customer");
            false
        }
    }
}

fn open_window<R: Runtime>(app: &AppHandle<R>, label: &str) -> tauri::Result<WebviewWindow<R>> {
    let state = app.state::<KioskState>();
    let handle = app.clone();
    // Windows: the page is https://tauri.localhost, where Stripe.js accepts a live key (the
    // other OSes' tauri://localhost cannot be https; see kiosk_core::live_flow). Elsewhere
    // this option does nothing.
    let builder = WebviewWindowBuilder::new(app, label, WebviewUrl::App("index.html".into()))
        .title("Identity Kiosk")
        .use_https_scheme(kiosk_core::live_flow::page_is_https_on(
            std::env::consts::OS,
        ));
    let window = lockdown::window(builder, state.lifecycle.locked())
        .on_navigation(move |url| on_navigation(&handle, url))
        .on_new_window(|url, _| {
            tracing::warn!(url = %redacted(&url), "new window refused");
            NewWindowResponse::Deny
        })
        .build()?;
    if let Ok(url) = window.url() {
        state.window.opened(url);
    }
    platform::enable_camera(&window)?;
    platform::set_languages(&window, &state.kiosk.default_page_languages());
    // A web process that dies by itself (a crash, out of memory) takes the page and its timers:
    // the kiosk settles the customer's session and loads Welcome in a new one.
    let crashed = window.clone();
    platform::on_web_process_gone(&window, move || {
        let window = crashed.clone();
        tauri::async_runtime::spawn(async move {
            let state = window.state::<KioskState>();
            host::web_process_gone(&state.kiosk, &state.window, &TauriWindow(window.clone())).await;
        });
    })?;
    platform::no_disk_cache(&window)?;
    if state.lifecycle.locked() {
        platform::lock_down(&window)?;
        lockdown::cover_monitor(&window);
    }
    Ok(window)
}

fn on_navigation<R: Runtime>(app: &AppHandle<R>, url: &Url) -> bool {
    match app.state::<KioskState>().window.navigation(url) {
        Navigation::Allow => true,
        Navigation::Deny => false,
        Navigation::Replace(back) => {
            if let Some(window) = current_window(app) {
                tauri::async_runtime::spawn(async move {
                    let _ = window.navigate(back);
                });
            }
            false
        }
    }
}

/// Starts the watchdog of a hosted-page visit (before the window leaves for it).
pub fn watch_hosted_visit<R: Runtime>(window: WebviewWindow<R>, visit: &HostedVisit) {
    let (number, limit) = (visit.visit, visit.limit);
    tauri::async_runtime::spawn(async move {
        let state = window.state::<KioskState>();
        let adapted = TauriWindow(window.clone());
        host::watch_hosted_visit(&state.kiosk, &state.window, &adapted, number, limit).await;
    });
}
