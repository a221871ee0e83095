// Boot: renders the catalog texts, asks the backend for kiosk_info, applies the mode (sandbox banner,
// test marker), business name, reference field and language picker, then shows the first screen.
// The staff panel calls afterStaff() when it closes: kiosk_info is fetched and applied again.
"use strict";

(function () {
  const { invoke } = window.Kiosk.api;
  const i18n = window.Kiosk.i18n;
  const screens = window.Kiosk.screens;
  const flow = window.Kiosk.flow;
  const idle = window.Kiosk.idle;

  let info = null;

  function applyReferenceField() {
    const ref = (info && info.reference) || {};
    const mode = ref.mode === "optional" || ref.mode === "required" ? ref.mode : "hidden";
    const input = document.getElementById("reference");
    document.getElementById("reference-field").hidden = mode === "hidden";
    document.getElementById("reference-optional").hidden = mode !== "optional";
    const label = document.getElementById("reference-label");
    if (typeof ref.label === "string" && ref.label.trim()) {
      delete label.dataset.i18n; // configured by the business, not from the catalog
      label.textContent = ref.label.trim();
    } else {
      i18n.setText(label, "reference_label_default");
    }
    input.required = mode === "required";
    if (mode === "required") input.setAttribute("aria-required", "true");
    else input.removeAttribute("aria-required");
  }

  function applyBusinessName() {
    const name = typeof info.business_name === "string" ? info.business_name.trim() : "";
    const title = document.getElementById("welcome-title");
    if (name) i18n.setText(title, "welcome_title_named", { name });
    else i18n.setText(title, "welcome_title");
  }

  /** The language each customer starts in (IT's default, when its catalog loaded). */
  function defaultLanguage() {
    const languages = i18n.available(info && info.languages);
    const wanted = info && info.default_language;
    return languages.includes(wanted) ? wanted : languages[0];
  }

  function markPicked() {
    document.querySelectorAll("#language-picker button").forEach((b) =>
      b.setAttribute("aria-pressed", String(b.dataset.lang === i18n.language())));
  }

  /** Welcome's picker: each configured language named in itself, shown when there are two or more. */
  function applyLanguagePicker() {
    const picker = document.getElementById("language-picker");
    picker.querySelectorAll("button").forEach((b) => b.remove());
    const languages = i18n.available(info.languages);
    picker.hidden = languages.length < 2;
    if (picker.hidden) return;
    picker.setAttribute("aria-labelledby", "language-picker-label");
    languages.forEach((lang) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "secondary lang";
      button.lang = lang;
      button.dir = i18n.isRtl(lang) ? "rtl" : "ltr";
      button.dataset.lang = lang;
      button.textContent = i18n.nameOf(lang);
      button.addEventListener("click", () => {
        i18n.setLanguage(lang);
        markPicked();
      });
      picker.appendChild(button);
    });
    markPicked();
  }

  /** Back to the kiosk's default language and a plain display (each new customer, and when
   *  Welcome sat idle). */
  function resetLanguage() {
    window.Kiosk.display.reset();
    if (!info) return;
    i18n.setLanguage(defaultLanguage());
    markPicked();
  }

  function applyInfo(kioskInfo) {
    info = kioskInfo;
    if (info.locked) window.Kiosk.lockdown.enable();
    const mode = info.mode;
    document.body.dataset.mode = mode;
    document.getElementById("sandbox-banner").hidden = mode !== "sandbox";
    document.getElementById("test-marker").hidden = mode !== "test";
    const version = document.getElementById("version");
    const versionText = info.version ? i18n.t("footer_version", { version: info.version }) : "";
    version.textContent = [versionText, info.kiosk_id || ""].filter(Boolean).join(" · ");
    i18n.setLanguage(defaultLanguage());
    applyBusinessName();
    applyReferenceField();
    applyLanguagePicker();
    idle.init({
      seconds: info.idle_timeout_secs,
      onExpire: flow.reset,
      onWelcomeIdle: () => {
        flow.clearWelcome();
        resetLanguage();
      },
    });
    flow.configure(info);
  }

  /** The catalogs a kiosk_info names (the customer's languages and the staff panel's). */
  function loadCatalogs(kioskInfo) {
    return i18n.load([].concat(kioskInfo.languages || [], kioskInfo.staff_language || []));
  }

  async function loadInfo() {
    const kioskInfo = await invoke("kiosk_info");
    await loadCatalogs(kioskInfo);
    applyInfo(kioskInfo);
    return kioskInfo;
  }

  /** kiosk_info again (the staff panel may have changed settings or the key) and applied again. A
   *  different Stripe (mode, Stripe.js URL or publishable key) needs a fresh page: the Stripe.js
   *  already loaded was made for the old one. */
  async function reloadInfo() {
    const before = info;
    const kioskInfo = await invoke("kiosk_info");
    const stripeChanged = before && ["mode", "stripe_js_url", "publishable_key"].some((k) => before[k] !== kioskInfo[k]);
    if (stripeChanged) {
      location.reload();
      return new Promise(() => {}); // the page is going away
    }
    await loadCatalogs(kioskInfo);
    applyInfo(kioskInfo);
    return kioskInfo;
  }

  /** After the staff panel closes: Welcome with fresh kiosk_info. A customer's session left open
   *  on a result screen is settled first (finish_verification reloads the page, which fetches
   *  kiosk_info anyway). */
  async function afterStaff() {
    if (flow.hasSession()) return flow.reset();
    try {
      await reloadInfo();
    } catch (_) {
      return flow.showUnavailable();
    }
    flow.showWelcome();
  }

  async function boot() {
    i18n.setLanguage("en");
    // The webview tells Stripe's pages (the hosted page, the modal's frames) the same language.
    i18n.onChange((lang) => invoke("set_language", { language: lang }).catch(() => {}));
    flow.bind();
    window.Kiosk.display.bind();
    window.Kiosk.staff.bind();
    screens.onChange((name) => {
      if (screens.isResult(name)) idle.startCountdown(screens.section(name).querySelector(".countdown-slot"));
      else if (name === "welcome") {
        idle.startWelcome();
        flow.watchConnection();
      }
      else idle.stop();
    });
    flow.setInfoLoader(reloadInfo);
    const returned = location.hash === "#returned";
    if (returned) history.replaceState(null, "", location.pathname + location.search);
    try {
      await loadInfo();
    } catch (_) {
      return flow.showUnavailable();
    }
    if (returned) return flow.resumeAfterHosted();
    // Once per run (kiosk_info remembers the answer): without a usable camera no customer can
    // be verified, so say so now rather than inside Stripe's window. The sandbox (demo,
    // training) works without one: its stand-in offers the outcomes anyway.
    if (info.camera !== "ok" && !(await flow.cameraReady()) && info.mode !== "sandbox") {
      return flow.showUnavailable();
    }
    screens.show("welcome");
  }

  window.Kiosk = window.Kiosk || {};
  window.Kiosk.main = {
    applyReferenceField: () => applyReferenceField(), reloadInfo, afterStaff, resetLanguage,
    staffLanguage: () => (info && info.staff_language) || "en",
    info: () => info,
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
  else boot();
})();
