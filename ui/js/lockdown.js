// Kiosk lock-down inside the page (release builds; kiosk_info.locked): no context menu, no zoom
// (Ctrl+wheel, Ctrl+plus/minus/0, pinch), no reload, find, print, save, open, new window, close
// tab, dev tools or history shortcuts, no dragging links or files in. The Rust side refuses the
// same on its level (window close, navigation, new windows, WebKit's menu and zoom); this covers
// the page on every OS. Typing and the staff chord (Ctrl+Alt+Shift+S) still work.
"use strict";

(function () {
  // Keys that do something to the browser rather than to the page, with Ctrl (or Cmd) held.
  const CTRL_KEYS = new Set(["r", "f", "g", "p", "s", "o", "n", "t", "w", "u", "h", "j", "l", "+", "=", "-", "_", "0"]);
  const BARE_KEYS = new Set(["F1", "F3", "F5", "F6", "F7", "F11", "F12", "BrowserBack", "BrowserForward",
    "BrowserRefresh", "BrowserSearch", "BrowserHome", "ZoomIn", "ZoomOut"]);

  let enabled = false;

  /** True when `event` is a browser shortcut the kiosk swallows. */
  function isBlocked(event) {
    const key = event.key || "";
    if (BARE_KEYS.has(key)) return true;
    const ctrl = event.ctrlKey || event.metaKey;
    // The staff chord is the one Ctrl+Alt+Shift combination the page uses.
    if (ctrl && event.altKey && event.shiftKey && key.toLowerCase() === "s") return false;
    if (ctrl && CTRL_KEYS.has(key.toLowerCase())) return true;
    if (ctrl && event.shiftKey && ["i", "j", "c", "k", "delete"].includes(key.toLowerCase())) return true;
    if (event.altKey && ["ArrowLeft", "ArrowRight", "Home", "F4"].includes(key)) return true;
    return false;
  }

  function swallow(event) {
    if (!enabled) return;
    event.preventDefault();
    event.stopPropagation();
  }

  function enable() {
    if (enabled) return;
    enabled = true;
    document.documentElement.classList.add("locked");
    window.addEventListener("keydown", (event) => {
      if (enabled && isBlocked(event)) swallow(event);
    }, { capture: true });
    window.addEventListener("contextmenu", swallow, { capture: true });
    // Ctrl+wheel and trackpad pinch arrive as wheel events with ctrlKey.
    window.addEventListener("wheel", (event) => {
      if (event.ctrlKey) swallow(event);
    }, { capture: true, passive: false });
    ["gesturestart", "gesturechange", "dragstart", "dragover", "drop"].forEach((type) =>
      window.addEventListener(type, swallow, { capture: true, passive: false }));
  }

  window.Kiosk = window.Kiosk || {};
  window.Kiosk.lockdown = { enable, isBlocked, isEnabled: () => enabled };
})();
