// Preloads Stripe.js while Welcome shows and creates the Stripe instance for the customer's
// language (Stripe(pk, {locale}), so Stripe's modal speaks it too). Resolves to the instance, or
// to null when the script fails to load, takes longer than 10 s, or Stripe() refuses the page (it
// throws for a live key on a non-HTTPS page). Never rejects.
"use strict";

(function () {
  const LOAD_TIMEOUT_MS = 10000;
  let pending = null; // the script: resolves true once window.Stripe exists, false on failure
  let scriptEl = null;
  const instances = new Map(); // "<key> <locale>" -> Stripe instance or null (refused)

  function loadScript(url) {
    if (pending) return pending;
    pending = new Promise((resolve) => {
      let settled = false;
      const finish = (ok, why) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (!ok) console.warn("[kiosk] Stripe.js unusable:", why);
        resolve(ok);
      };
      const timer = setTimeout(() => finish(false, "timeout"), LOAD_TIMEOUT_MS);
      if (!url) return finish(false, "no Stripe.js URL");
      if (typeof window.Stripe === "function") return finish(true);
      scriptEl = document.createElement("script");
      scriptEl.src = url;
      scriptEl.async = true;
      scriptEl.addEventListener("load", () =>
        finish(typeof window.Stripe === "function", "no Stripe function"));
      scriptEl.addEventListener("error", () => finish(false, "script error"));
      document.head.appendChild(scriptEl);
    });
    return pending;
  }

  /** The Stripe instance for `publishableKey` in `locale` (a kiosk language code, which is
   *  also Stripe.js's name for it), loading Stripe.js from `url` first. */
  async function load(url, publishableKey, locale) {
    if (!publishableKey) {
      console.warn("[kiosk] Stripe.js unusable: no publishable key");
      return null;
    }
    if (!(await loadScript(url))) return null;
    const lang = typeof locale === "string" && locale ? locale : "auto";
    const id = publishableKey + " " + lang;
    if (!instances.has(id)) {
      let stripe = null;
      try {
        stripe = window.Stripe(publishableKey, { locale: lang });
      } catch (err) {
        console.warn("[kiosk] Stripe.js unusable: Stripe() refused: " + (err && err.message));
      }
      instances.set(id, stripe);
    }
    return instances.get(id);
  }

  /** Forgets a failed attempt so the next load() tries again. */
  async function retryIfFailed() {
    if (!pending) return;
    if (await pending) return;
    if (scriptEl) scriptEl.remove();
    scriptEl = null;
    pending = null;
  }

  window.Kiosk = window.Kiosk || {};
  window.Kiosk.stripeLoader = { load, retryIfFailed, started: () => pending !== null };
})();
