//! Which of the webview's permission requests the kiosk grants: video capture (the camera)
//! only, and only to a document the verification runs in; the microphone, geolocation,
//! notifications, screen capture and everything else are denied.
//!
//! The OS webviews tell the app what is asked but not which frame asks (wry hands Tauri's
//! handler the kind alone), so the origin checked is the window's document: the kiosk's own
//! page (whose frames the CSP limits to Stripe's, and the sandbox's in sandbox mode), Stripe's
//! hosted verification page, or the sandbox's. A request made while the window shows anything
//! else is denied, whatever frame made it.

use url::Url;

use super::origins::origin;
use super::stripe_hosts::is_stripe;

/// What a page asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Request {
    /// Video capture.
    Camera,
    Microphone,
    /// Anything else (location, notifications, screen capture, clipboard, MIDI, …).
    Other,
}

/// Whether to grant `request` to the window showing `document`. `app_url` is the kiosk's own
/// page, `extra_origins` the sandbox's (as for the navigation rules); `camera_refused` is a
/// test build's switch for a kiosk whose camera access is refused.
pub fn grant(
    request: Request,
    document: &Url,
    app_url: Option<&Url>,
    extra_origins: &[String],
    camera_refused: bool,
) -> bool {
    if request != Request::Camera || camera_refused {
        return false;
    }
    let o = origin(document);
    let own_page = app_url.is_some_and(|app| origin(app) == o);
    let stripe = document.scheme() == "https"
        && is_stripe(document.host_str().unwrap_or_default(), |h| h.camera);
    own_page || stripe || extra_origins.contains(&o)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn the_camera_only_and_only_where_the_verification_runs() {
        let app = url("tauri://localhost/index.html");
        let sandbox = vec!["http://127.0.0.1:4000".to_owned()];
        let asks =
            |request, document: &str| grant(request, &url(document), Some(&app), &sandbox, false);
        for document in [
            "tauri://localhost/index.html",
            "https://verify.stripe.com/start/test_abc",
            "http://127.0.0.1:4000/start/test_abc",
        ] {
            assert!(asks(Request::Camera, document), "{document}");
            assert!(
                !asks(Request::Microphone, document),
                "no microphone: {document}"
            );
            assert!(!asks(Request::Other, document), "{document}");
        }
        for document in [
            "https://example.com/",
            "https://hooks.stripe.com/redirect",
            "https://stripe.com/",
            "http://verify.stripe.com/start/x",
            "http://127.0.0.1:4001/",
            "http://tauri.localhost/index.html",
        ] {
            assert!(
                !asks(Request::Camera, document),
                "another origin: {document}"
            );
        }
        // A test build whose camera access is refused.
        assert!(!grant(Request::Camera, &app, Some(&app), &sandbox, true));
        // Before the app's URL is known, only Stripe's and the sandbox's documents.
        assert!(!grant(Request::Camera, &app, None, &sandbox, false));
    }
}
