//! Per-OS webview set-up the Tauri API does not cover: the camera and wiping browsing data
//! with a completion signal.
//!
//! - Linux (WebKitGTK): media streams are enabled explicitly; permission requests are answered
//!   by the app-wide handler (the camera only, for the verification's documents; see
//!   `kiosk_core::web::permissions`); clearing
//!   website data waits for WebKit's completion callback.
//! - macOS (WKWebView): `Info.plist` has `NSCameraUsageDescription` and the entitlements file
//!   grants `com.apple.security.device.camera`; the permission handler answers WebKit.
//! - Windows (WebView2): the permission handler answers WebView2's PermissionRequested, which
//!   also fires for iframes (Stripe's modal).

#[cfg(target_os = "linux")]
mod linux;

use tauri::{Runtime, WebviewWindow};

/// Test builds only (`testing`): `IDENTITY_KIOSK_TEST_CAMERA=none` hides the mock camera
/// and `=refused` refuses camera access, so the end-to-end tests can see what a kiosk without
/// a usable camera does. A shipped build has neither switch (see `kiosk_core::switches`).
#[cfg(feature = "testing")]
fn test_camera() -> Option<String> {
    kiosk_core::switches::env("IDENTITY_KIOSK_TEST_CAMERA")
}

/// Whether camera access is to be refused (only ever in a test build, see [`test_camera`]).
pub fn camera_refused() -> bool {
    #[cfg(feature = "testing")]
    return test_camera().as_deref() == Some("refused");
    #[cfg(not(feature = "testing"))]
    false
}

/// Whether WebKit's mock camera stands in for a webcam (test builds, unless hidden).
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
pub fn mock_camera() -> bool {
    #[cfg(feature = "testing")]
    return test_camera().as_deref() != Some("none");
    #[cfg(not(feature = "testing"))]
    false
}

/// Turns on what the camera needs in `window`'s webview.
pub fn enable_camera<R: Runtime>(window: &WebviewWindow<R>) -> tauri::Result<()> {
    #[cfg(target_os = "linux")]
    return linux::enable_camera(window);
    #[cfg(not(target_os = "linux"))]
    {
        let _ = window;
        Ok(())
    }
}

/// Keeps WebKit from caching pages on disk (Linux; the other OSes' webviews are incognito).
pub fn no_disk_cache<R: Runtime>(window: &WebviewWindow<R>) -> tauri::Result<()> {
    #[cfg(target_os = "linux")]
    return linux::no_disk_cache(window);
    #[cfg(not(target_os = "linux"))]
    {
        let _ = window;
        Ok(())
    }
}

/// Switches off the webview's context menu and zoom where the OS's webview allows it. On
/// Windows and macOS the page's own handlers (ui/js/lockdown.js) cover the kiosk's page;
/// Stripe's iframe keeps the webview's defaults there.
pub fn lock_down<R: Runtime>(window: &WebviewWindow<R>) -> tauri::Result<()> {
    #[cfg(target_os = "linux")]
    return linux::lock_down(window);
    #[cfg(not(target_os = "linux"))]
    {
        let _ = window;
        Ok(())
    }
}

/// Clears cookies, storage and caches of `window`'s webview and waits until that is done
/// (at most a few seconds), so nothing of one customer reaches the next.
pub async fn clear_browsing_data<R: Runtime>(window: &WebviewWindow<R>) -> bool {
    #[cfg(target_os = "linux")]
    return linux::clear_browsing_data(window).await;
    #[cfg(not(target_os = "linux"))]
    {
        // WebView2 and WKWebView clear asynchronously without telling Tauri when they are done;
        // the page is reloaded right after, and the webview runs with an ephemeral profile.
        window.clear_all_browsing_data().is_ok()
    }
}

/// Tells web pages in `window` which languages the reader prefers, best first (the
/// `Accept-Language` header and `navigator.languages` of the next requests and documents).
/// WebKitGTK can change this at any time. WebView2 and WKWebView take the language only when
/// the webview is created, so there Stripe's pages follow the `locale` the page passes
/// Stripe.js, and the hosted page follows the system's language.
pub fn set_languages<R: Runtime>(window: &WebviewWindow<R>, languages: &[&str]) {
    #[cfg(target_os = "linux")]
    linux::set_languages(window, languages);
    #[cfg(not(target_os = "linux"))]
    let _ = (window, languages);
}

/// Calls `gone` when `window`'s web content process ends by itself (Linux).
pub fn on_web_process_gone<R: Runtime>(
    window: &WebviewWindow<R>,
    gone: impl Fn() + Send + Sync + 'static,
) -> tauri::Result<()> {
    #[cfg(target_os = "linux")]
    return linux::on_web_process_gone(window, gone);
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (window, gone);
        Ok(())
    }
}
