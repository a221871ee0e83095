//! WebKitGTK specifics.

use std::time::Duration;

use tauri::{Runtime, WebviewWindow};
use webkit2gtk::{
    CacheModel, SettingsExt, WebContextExt, WebProcessTerminationReason, WebViewExt,
    WebsiteDataManagerExtManual, WebsiteDataTypes,
};

/// WebKitGTK has media streams off by default in some versions and wry never turns them on.
/// With the `testing` feature (test builds only) WebKit's mock capture devices stand in
/// for a webcam.
pub fn enable_camera<R: Runtime>(window: &WebviewWindow<R>) -> tauri::Result<()> {
    window.with_webview(|pw| {
        let wv = pw.inner();
        if let Some(settings) = WebViewExt::settings(&wv) {
            settings.set_enable_media_stream(true);
            settings.set_enable_mock_capture_devices(super::mock_camera());
        }
    })
}

/// Nothing of a customer is cached on disk: WebKit's disk cache would keep the URLs of Stripe's
/// frames, which carry the session's client secret. (The webview is not incognito on Linux,
/// see `lockdown::window`; storage is wiped after each customer and at start.)
pub fn no_disk_cache<R: Runtime>(window: &WebviewWindow<R>) -> tauri::Result<()> {
    window.with_webview(|pw| {
        if let Some(context) = pw.inner().context() {
            context.set_cache_model(CacheModel::DocumentViewer);
        }
    })
}

/// No context menu (in the page and in Stripe's iframe alike: WebKit asks the view before it
/// shows one) and no zoom (a pinch or a shortcut that changes the zoom level is undone).
pub fn lock_down<R: Runtime>(window: &WebviewWindow<R>) -> tauri::Result<()> {
    window.with_webview(|pw| {
        let wv = pw.inner();
        // Returning true means "handled": WebKit shows nothing.
        wv.connect_context_menu(|_, _, _, _| true);
        wv.connect_zoom_level_notify(|wv| {
            if (wv.zoom_level() - 1.0).abs() > f64::EPSILON {
                wv.set_zoom_level(1.0);
            }
        });
    })
}

/// Calls `gone` when the web content process ends by itself (a crash, the memory limit), not
/// when the kiosk ended it (closing a customer's window).
pub fn on_web_process_gone<R: Runtime>(
    window: &WebviewWindow<R>,
    gone: impl Fn() + Send + Sync + 'static,
) -> tauri::Result<()> {
    let gone = std::sync::Arc::new(gone);
    window.with_webview(move |pw| {
        let gone = gone.clone();
        pw.inner().connect_web_process_terminated(move |_, reason| {
            tracing::warn!(?reason, "the web process ended");
            if reason != WebProcessTerminationReason::TerminatedByApi {
                gone();
            }
        });
    })
}

/// The webview's preferred languages, for WebKit's `Accept-Language` and `navigator.languages`.
pub fn set_languages<R: Runtime>(window: &WebviewWindow<R>, languages: &[&str]) {
    let languages: Vec<String> = languages.iter().map(|l| (*l).to_owned()).collect();
    let done = window.with_webview(move |pw| {
        if let Some(context) = pw.inner().context() {
            let refs: Vec<&str> = languages.iter().map(String::as_str).collect();
            context.set_preferred_languages(&refs);
        }
    });
    if let Err(e) = done {
        tracing::warn!(error = %e, "could not set the webview's languages");
    }
}

/// Clears all website data through WebKit's data manager and waits for its callback.
pub async fn clear_browsing_data<R: Runtime>(window: &WebviewWindow<R>) -> bool {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let sent = window.with_webview(move |pw| {
        let manager = pw.inner().context().and_then(|c| c.website_data_manager());
        match manager {
            Some(m) => m.clear(
                WebsiteDataTypes::ALL,
                webkit2gtk::glib::TimeSpan::from_seconds(0),
                None::<&webkit2gtk::gio::Cancellable>,
                move |result| {
                    let _ = tx.send(result.is_ok());
                },
            ),
            None => {
                let _ = tx.send(false);
            }
        }
    });
    if sent.is_err() {
        return false;
    }
    matches!(
        tokio::time::timeout(Duration::from_secs(5), rx).await,
        Ok(Ok(true))
    )
}
