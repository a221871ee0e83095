// Test-only Stripe.js stand-in: loaded by the UI's stripe-loader from kiosk_info.stripe_js_url and
// publishes the fake Stripe factory that fake-tauri.js defines.
"use strict";
window.Stripe = (pk, options) => window.__fake.makeStripe(pk, options);
