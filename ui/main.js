// Placeholder Welcome screen: asks the backend which mode it runs in and shows the sandbox banner.
"use strict";

(async function boot() {
  const invoke = window.__TAURI__ && window.__TAURI__.core && window.__TAURI__.core.invoke;
  if (!invoke) return;
  try {
    const info = await invoke("kiosk_info");
    document.getElementById("sandbox-banner").hidden = info.mode !== "sandbox";
    document.getElementById("mode").textContent = info.mode === "sandbox" ? "Sandbox mode" : info.mode === "live" ? "" : "Test mode";
    document.getElementById("version").textContent = "v" + info.version;
    document.body.dataset.mode = info.mode;
  } catch (err) {
    document.body.dataset.error = (err && err.code) || "unknown";
  }
})();
