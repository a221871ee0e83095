// English message catalog: every customer-facing string of the kiosk UI.
// Placeholders look like {name}. Plural forms use the suffixes _one and _other.
// To add a language, copy this file to e.g. fr.js, change "en" to "fr", translate the values,
// and add a <script> tag for it next to this one in index.html.
"use strict";

window.KioskMessages = Object.assign(window.KioskMessages || {}, {
  en: {
    language_name: "English",
    page_title: "Identity verification",

    sandbox_banner: "Sandbox: not a real verification",
    test_marker: "Test mode",
    footer_version: "Version {version}",
    language_picker_label: "Language",
    countdown_one: "Returning to the start in {count} s",
    countdown_other: "Returning to the start in {count} s",
    done: "Done",

    welcome_title: "Welcome",
    welcome_title_named: "Welcome to {name}",
    welcome_lead: "Confirm your identity in a few minutes with your ID document and the camera.",
    welcome_need: "Have your passport, driving licence or ID card ready.",
    verify_button: "Verify your identity",
    reference_label_default: "Booking number",
    reference_optional: "(optional)",
    reference_required_error: "Please fill this in first, then tap the button again.",

    starting_title: "Getting things ready…",
    starting_lead: "This takes just a moment.",

    verifying_title: "Follow the steps on the screen",
    verifying_lead: "Hold your ID document up to the camera when asked.",

    submitted_title: "Thanks, we are checking your document",
    submitted_lead: "This usually takes less than a minute. Please stay here.",
    submitted_still_checking: "Still checking. Thank you for waiting.",

    verified_title: "You are verified",
    verified_lead: "Thank you. Please let a member of staff know you are done.",
    verified_name_label: "Name on the document",

    needs_title: "We could not finish the check",
    needs_title_stopped: "The check was stopped",
    needs_attempts_unused: "You can start again whenever you are ready.",
    needs_attempts_one: "You can try {count} more time.",
    needs_attempts_other: "You can try {count} more times.",
    needs_please_see_staff: "Please see a member of staff. They will help you finish.",
    try_again: "Try again",
    ask_staff: "Ask staff for help",

    canceled_title: "This verification was canceled",
    canceled_lead: "It was stopped before it was finished, so nothing was checked. If you still need to verify, please ask a member of staff.",

    check_later_title: "Thanks, that is all for now",
    check_later_lead: "Checking your document is taking longer than usual. A member of staff will check the result for you.",

    staff_title: "A member of staff will help you",
    staff_lead: "Please go to the front desk. Thank you for your patience.",

    unavailable_title: "Verification is temporarily unavailable",
    unavailable_lead: "Sorry about that. Please try again in a few minutes, or ask a member of staff.",
    unavailable_note: "This screen will go back to the start by itself when we are ready again.",

    reason_abandoned: "The verification was not finished.",
    reason_consent_declined: "We need your permission to check your ID. Without it, we cannot continue.",
    reason_country_not_supported: "Documents from this country cannot be checked here.",
    reason_device_not_supported: "The check could not run on this kiosk.",
    reason_document_expired: "Your document has expired. Please use one that is still valid.",
    reason_document_type_not_supported: "This type of document is not accepted here. Please use another ID document.",
    reason_document_unverified_other: "We could not read your document. Make sure all of it is in the picture, in focus and without glare.",
    reason_email_unverified_other: "We could not confirm your email address.",
    reason_email_verification_declined: "Your email address was not confirmed, so we could not continue.",
    reason_id_number_insufficient_document_data: "Your document does not show enough details to check your ID number.",
    reason_id_number_mismatch: "The ID number did not match the details we found.",
    reason_id_number_unverified_other: "We could not confirm your ID number.",
    reason_phone_unverified_other: "We could not confirm your phone number.",
    reason_phone_verification_declined: "Your phone number was not confirmed, so we could not continue.",
    reason_selfie_document_missing_photo: "We could not find a photo of your face on the document. Please use an ID with your photo.",
    reason_selfie_face_mismatch: "Your selfie did not match the photo on your document. Please try again in good light.",
    reason_selfie_manipulated: "We could not use your selfie. Please take a new one, looking straight at the camera.",
    reason_selfie_unverified_other: "We could not check your selfie. Please try again in good light.",
    reason_under_supported_age: "Sorry, we cannot complete this verification here because of an age requirement.",
    reason_device_unsupported: "The check needs a camera, and the camera could not be used.",
    reason_phone_otp_declined: "The code for your phone was not confirmed, so we could not continue.",
    reason_session_cancelled: "The verification window was closed before the end.",
    reason_not_finished: "It looks like the verification was not finished.",
    reason_generic: "Something went wrong during the check."
  }
});
