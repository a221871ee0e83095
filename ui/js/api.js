// The only door to the Rust backend: invoke(cmd, args) over window.__TAURI__.core.invoke.
// Failures always reject with {code, message} (a refused setting adds {key, reason: {code, params}},
// which the staff panel words); the message goes to the console only, never on screen.
"use strict";

(function () {
  function normalize(err) {
    if (err && typeof err === "object" && typeof err.code === "string") {
      const e = { code: err.code, message: typeof err.message === "string" ? err.message : "" };
      if (typeof err.key === "string") e.key = err.key;
      if (err.reason && typeof err.reason === "object" && typeof err.reason.code === "string") {
        e.reason = { code: err.reason.code, params: Object.assign({}, err.reason.params) };
      }
      return e;
    }
    return { code: "unknown", message: typeof err === "string" ? err : String(err && err.message) };
  }

  /** Calls a backend command. Never logs arguments or results (they may hold a client secret). */
  async function invoke(cmd, args) {
    const core = window.__TAURI__ && window.__TAURI__.core;
    if (!core || typeof core.invoke !== "function") {
      throw { code: "no_backend", message: "window.__TAURI__.core.invoke is missing" };
    }
    try {
      return await core.invoke(cmd, args || {});
    } catch (err) {
      const e = normalize(err);
      console.warn("[kiosk]", cmd, "failed:", e.code, e.message);
      throw e;
    }
  }

  window.Kiosk = window.Kiosk || {};
  window.Kiosk.api = { invoke };
})();
