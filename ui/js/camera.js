// The kiosk's own camera check: the webview owns the camera, so only the page can tell whether
// there is one and whether it may use it. It opens the camera for a moment and releases it at
// once; the outcome ("ok", "missing", "refused", "unsupported") goes to the backend for staff
// and the log. Nothing of the stream is kept or shown.
"use strict";

(function () {
  const PROBE_TIMEOUT_MS = 8000;

  function classify(err) {
    const name = (err && err.name) || "";
    if (name === "NotAllowedError" || name === "SecurityError") return "refused";
    if (name === "NotFoundError" || name === "OverconstrainedError" || name === "NotReadableError") return "missing";
    return "missing";
  }

  /** Opens and releases the camera; resolves to "ok" | "missing" | "refused" | "unsupported",
   *  or null when the webview did not answer in time (not known: nothing is blocked). */
  async function probe() {
    const media = navigator.mediaDevices;
    if (!media || typeof media.getUserMedia !== "function") return "unsupported";
    let timer;
    const timeout = new Promise((resolve) => {
      timer = setTimeout(() => resolve(null), PROBE_TIMEOUT_MS);
    });
    const attempt = media.getUserMedia({ video: true }).then(
      (stream) => {
        stream.getTracks().forEach((t) => t.stop());
        return "ok";
      },
      classify);
    const result = await Promise.race([attempt, timeout]);
    clearTimeout(timer);
    return result;
  }

  /** Probes and tells the backend; resolves to the outcome. */
  async function check() {
    const camera = await probe();
    if (camera) {
      try {
        await window.Kiosk.api.invoke("report_camera", { camera });
      } catch (_) {
        // the report is for staff; the customer's screen does not depend on it
      }
    }
    return camera;
  }

  /** Whether a customer can be verified with this outcome (unknown counts as yes). */
  const usable = (camera) => camera === null || camera === "ok";

  window.Kiosk = window.Kiosk || {};
  window.Kiosk.camera = { probe, check, usable };
})();
