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
      button.dataset.lang = lang;
      button.textContent = ((window.KioskMessages || {})[lang] || {}).language_name || lang;
      button.setAttribute("aria-pressed", String(lang === i18n.language()));
      button.addEventListener("click", () => {
        i18n.setLanguage(lang);
        picker.querySelectorAll("button").forEach((b) =>
          b.setAttribute("aria-pressed", String(b.dataset.lang === lang)));
      });
      picker.appendChild(button);
    });
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
    const languages = i18n.available(info.languages);
    i18n.setLanguage(languages[0]);
    applyBusinessName();
    applyReferenceField();
    applyLanguagePicker();
    idle.init({
      seconds: info.idle_timeout_secs,
      onExpire: flow.reset,
      onWelcomeIdle: flow.clearWelcome,
    });
    flow.configure(info);
  }

  async function loadInfo() {
    const kioskInfo = await invoke("kiosk_info");
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
    flow.bind();
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
  window.Kiosk.main = { applyReferenceField: () => applyReferenceField(), reloadInfo, afterStaff };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
  else boot();
})();
