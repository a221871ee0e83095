//! The languages the kiosk speaks: one catalog per language in `ui/i18n/<code>.js`, and this
//! list, which the settings accept and the page loads catalogs from. Adding a language is
//! dropping its catalog file there and adding its code here (`tests/languages.rs` checks that
//! the two agree).
//!
//! The codes are the ones Stripe.js takes as `locale` for these languages (`zh` is Simplified
//! Chinese, `pt` Portugal's Portuguese), so the page passes the customer's choice to Stripe's
//! modal as it is.

/// Every language with a catalog, in the order the staff panel lists them.
pub const LANGUAGES: &[&str] = &[
    "en", "es", "fr", "de", "it", "pt", "nl", "pl", "tr", "ar", "zh", "ja",
];

/// What every catalog falls back to, and the kiosk's default language.
pub const FALLBACK: &str = "en";

/// The kiosk's own spelling of `code` when it is one of [`LANGUAGES`].
pub fn known(code: &str) -> Option<&'static str> {
    LANGUAGES.iter().copied().find(|l| *l == code)
}

/// What the webview tells web pages (navigator.languages, `Accept-Language`) while a customer
/// reads `code`: that language first, then the fallback, so a page without it (Stripe's
/// hosted page in a language it lacks) picks English rather than the machine's language.
pub fn preferred(code: &str) -> Vec<&'static str> {
    let first = known(code).unwrap_or(FALLBACK);
    if first == FALLBACK {
        vec![FALLBACK]
    } else {
        vec![first, FALLBACK]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preferred_puts_the_choice_first_and_english_after() {
        assert_eq!(preferred("de"), ["de", "en"]);
        assert_eq!(preferred("en"), ["en"]);
        assert_eq!(preferred("xx"), ["en"]);
    }

    #[test]
    fn the_fallback_is_a_language() {
        assert_eq!(known(FALLBACK), Some(FALLBACK));
        assert_eq!(known("EN"), None);
    }
}
