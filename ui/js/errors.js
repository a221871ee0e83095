// The catalog message for every error code Rust can send the page. tests/ui/error-codes.json is
// Rust's own list (kept current by kiosk-core's tests/error_codes.rs); tests/ui/catalog.test.mjs
// fails when a code there has no entry here, or when this map, the staff panel's maps or the UI
// tests' fake backend name a code Rust never sends. The staff panel's per-action messages
// (staff-messages.js) come first; this is what any other code is worded with, so no code Rust
// sends falls through to "That did not work".
"use strict";

(function () {
  const ERROR_KEYS = {
    attempts_exhausted: "error_attempts_exhausted",
    busy: "staff_key_error_busy",
    clipboard_empty: "staff_key_error_clipboard_empty",
    config_invalid: "error_config_invalid",
    export_failed: "error_export_failed",
    hosted_unavailable: "error_hosted_unavailable",
    interrupted: "error_interrupted",
    journal_failed: "error_journal_failed",
    journal_full: "error_journal_full",
    journal_unavailable: "error_journal_unavailable",
    key_api_base: "error_key_api_base",
    key_check_failed: "error_key_check_failed",
    key_empty: "error_key_empty",
    key_format: "staff_key_error_key_format",
    key_mode_mismatch: "staff_key_error_key_mode_mismatch",
    key_permission: "staff_key_error_key_permission",
    key_rejected: "staff_key_error_key_rejected",
    language_unknown: "error_language_unknown",
    keyring_corrupt: "error_keyring_corrupt",
    keyring_failed: "error_keyring_failed",
    keyring_locked: "error_keyring_locked",
    keyring_unavailable: "staff_key_error_keyring_unavailable",
    no_session: "error_no_session",
    no_update: "staff_upd_no_update",
    not_retryable: "error_not_retryable",
    pin_already_set: "staff_pin_already_set",
    pin_corrupt: "error_pin_corrupt",
    pin_invalid: "staff_pin_length",
    pin_set_by_it: "staff_pin_ask_it_lead",
    pin_storage: "error_pin_storage",
    publishable_key_format: "staff_key_error_publishable_key_format",
    reference_required: "error_reference_required",
    reference_too_long: "error_reference_too_long",
    sandbox_failed: "error_sandbox_failed",
    setting_invalid: "staff_save_error_setting_invalid",
    setting_locked: "staff_save_error_setting_locked",
    setting_unknown: "staff_save_error_setting_unknown",
    settings_write_failed: "staff_save_error_settings_write_failed",
    staff_locked: "staff_pin_relock",
    stripe_rejected: "error_stripe_rejected",
    stripe_unreachable: "staff_key_error_stripe_unreachable",
    unavailable: "error_unavailable",
    unknown_session: "error_unknown_session",
    update_in_progress: "staff_upd_in_progress",
    update_insecure: "staff_upd_error_insecure",
    update_install_failed: "staff_upd_error_install",
    update_invalid: "staff_upd_error_invalid",
    update_signature: "staff_upd_error_signature",
    update_unreachable: "staff_upd_error_unreachable",
    updates_endpoint_invalid: "staff_upd_endpoint_invalid",
    updates_no_endpoint: "staff_upd_no_endpoint",
    updates_off: "staff_upd_off",
  };

  /** The catalog key for a code Rust sends, or null for anything else. */
  function errorKey(code) {
    return typeof code === "string" && Object.prototype.hasOwnProperty.call(ERROR_KEYS, code)
      ? ERROR_KEYS[code]
      : null;
  }

  window.Kiosk = window.Kiosk || {};
  window.Kiosk.errors = { ERROR_KEYS, errorKey };
})();
