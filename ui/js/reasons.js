// Which catalog message explains which failure code: the 19 API last_error codes, the Stripe.js
// verifyIdentity error codes, and a generic message for anything else. Codes never reach the screen.
"use strict";

(function () {
  const REASON_KEYS = {
    // Stripe Identity API: VerificationSession.last_error.code
    abandoned: "reason_abandoned",
    consent_declined: "reason_consent_declined",
    country_not_supported: "reason_country_not_supported",
    device_not_supported: "reason_device_not_supported",
    document_expired: "reason_document_expired",
    document_type_not_supported: "reason_document_type_not_supported",
    document_unverified_other: "reason_document_unverified_other",
    email_unverified_other: "reason_email_unverified_other",
    email_verification_declined: "reason_email_verification_declined",
    id_number_insufficient_document_data: "reason_id_number_insufficient_document_data",
    id_number_mismatch: "reason_id_number_mismatch",
    id_number_unverified_other: "reason_id_number_unverified_other",
    phone_unverified_other: "reason_phone_unverified_other",
    phone_verification_declined: "reason_phone_verification_declined",
    selfie_document_missing_photo: "reason_selfie_document_missing_photo",
    selfie_face_mismatch: "reason_selfie_face_mismatch",
    selfie_manipulated: "reason_selfie_manipulated",
    selfie_unverified_other: "reason_selfie_unverified_other",
    under_supported_age: "reason_under_supported_age",
    // Stripe.js verifyIdentity error codes not in the list above
    device_unsupported: "reason_device_unsupported",
    phone_otp_declined: "reason_phone_otp_declined",
    session_cancelled: "reason_session_cancelled",
    // The kiosk's own: back from the hosted page (or the modal) without a submission
    not_finished: "reason_not_finished",
  };
  const GENERIC = "reason_generic";

  /** The catalog key that explains `code` (generic for null or unknown codes). */
  function reasonKey(code) {
    return typeof code === "string" && Object.prototype.hasOwnProperty.call(REASON_KEYS, code)
      ? REASON_KEYS[code]
      : GENERIC;
  }

  window.Kiosk = window.Kiosk || {};
  window.Kiosk.reasons = { REASON_KEYS, GENERIC, reasonKey };
})();
