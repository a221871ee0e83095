// Preloads Stripe.js while Welcome shows and creates the Stripe instance. Resolves to the instance,
// or to null when the script fails to load, takes longer than 10 s, or Stripe() refuses the page
// (it throws for a live key on a non-HTTPS page). Never rejects.
"use strict";

(function () {
  const LOAD_TIMEOUT_MS = 10000;
  let pending = null;
  let scriptEl = null;

  function load(url, publishableKey) {
    if (pending) return pending;
    pending = new Promise((resolve) => {
      let settled = false;
      const finish = (stripe, why) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (!stripe) console.warn("[kiosk] Stripe.js unusable:", why);
        resolve(stripe);
      };
      const create = () => {
        if (typeof window.Stripe !== "function") return finish(null, "no Stripe function");
        try {
          finish(window.Stripe(publishableKey), "ok");
        } catch (err) {
          finish(null, "Stripe() refused: " + (err && err.message));
        }
      };
      const timer = setTimeout(() => finish(null, "timeout"), LOAD_TIMEOUT_MS);
      if (!url || !publishableKey) return finish(null, "no Stripe.js URL or publishable key");
      if (typeof window.Stripe === "function") return create();
      scriptEl = document.createElement("script");
      scriptEl.src = url;
      scriptEl.async = true;
      scriptEl.addEventListener("load", create);
      scriptEl.addEventListener("error", () => finish(null, "script error"));
      document.head.appendChild(scriptEl);
    });
    return pending;
  }

  /** Forgets a failed attempt so the next load() tries again. */
  async function retryIfFailed() {
    if (!pending) return;
    const stripe = await pending;
    if (stripe) return;
    if (scriptEl) scriptEl.remove();
    scriptEl = null;
    pending = null;
  }

  window.Kiosk = window.Kiosk || {};
  window.Kiosk.stripeLoader = { load, retryIfFailed, started: () => pending !== null };
})();
