// Which catalog message explains which staff-panel code: backend error codes per action, journal
// statuses, modes, key sources and check results. Codes themselves never reach the screen.
"use strict";

(function () {
  /** Setting, replacing, checking or removing the Stripe key. */
  const KEY_ERRORS = {
    clipboard_empty: "staff_key_error_clipboard_empty",
    key_format: "staff_key_error_key_format",
    key_mode_mismatch: "staff_key_error_key_mode_mismatch",
    publishable_key_format: "staff_key_error_publishable_key_format",
    key_rejected: "staff_key_error_key_rejected",
    key_permission: "staff_key_error_key_permission",
    keyring_unavailable: "staff_key_error_keyring_unavailable",
    stripe_unreachable: "staff_key_error_stripe_unreachable",
    busy: "staff_key_error_busy",
  };

  /** staff_update_settings. */
  const SAVE_ERRORS = {
    setting_locked: "staff_save_error_setting_locked",
    setting_invalid: "staff_save_error_setting_invalid",
    setting_unknown: "staff_save_error_setting_unknown",
    settings_write_failed: "staff_save_error_settings_write_failed",
  };

  /** staff_cancel_session and staff_redact_session. */
  const SESSION_ERRORS = {
    stripe_unreachable: "staff_session_error_stripe_unreachable",
  };

  /** Journal statuses (Stripe's VerificationSession.status). */
  const STATUSES = {
    requires_input: "staff_status_requires_input",
    processing: "staff_status_processing",
    verified: "staff_status_verified",
    canceled: "staff_status_canceled",
  };

  const MODES = { sandbox: "staff_mode_sandbox", test: "staff_mode_test", live: "staff_mode_live" };

  const SOURCES = {
    keyring: "staff_conn_source_keyring",
    environment: "staff_conn_source_environment",
    none: "staff_conn_source_none",
  };

  const CHECKS = { ok: "staff_diag_ok", warn: "staff_diag_warn", fail: "staff_diag_fail" };

  /** The page's camera check, as the Connection tab shows it (unknown values: not checked). */
  const CAMERA = {
    ok: "staff_conn_camera_ok",
    missing: "staff_conn_camera_missing",
    refused: "staff_conn_camera_refused",
    unsupported: "staff_conn_camera_unsupported",
  };

  /** Updates: why they are off, the last check's or install's failure, and refused requests. */
  const UPDATES = {
    updates_off: "staff_upd_off",
    updates_no_endpoint: "staff_upd_no_endpoint",
    updates_endpoint_invalid: "staff_upd_endpoint_invalid",
    busy: "staff_upd_busy",
    update_in_progress: "staff_upd_in_progress",
    no_update: "staff_upd_no_update",
    update_unreachable: "staff_upd_error_unreachable",
    update_invalid: "staff_upd_error_invalid",
    update_signature: "staff_upd_error_signature",
    update_insecure: "staff_upd_error_insecure",
    update_install_failed: "staff_upd_error_install",
  };

  const GENERIC = "staff_error_generic";
  const OTHER_STATUS = "staff_status_other";

  /** The catalog key for `code` in `map`, or `fallback` (the generic error) for anything else. */
  function keyFor(map, code, fallback) {
    if (typeof code === "string" && Object.prototype.hasOwnProperty.call(map, code)) return map[code];
    // Any other code Rust sends has its own message (errors.js); only unknown ones are generic.
    const errors = window.Kiosk.errors;
    return (errors && errors.errorKey(code)) || fallback || GENERIC;
  }

  /** The catalog key for an error of an action with no messages of its own. */
  function errorFor(code) {
    return keyFor({}, code);
  }

  window.Kiosk = window.Kiosk || {};
  window.Kiosk.staffMessages = {
    KEY_ERRORS, SAVE_ERRORS, SESSION_ERRORS, STATUSES, MODES, SOURCES, CHECKS, CAMERA, UPDATES, GENERIC, OTHER_STATUS, keyFor, errorFor,
  };
})();
