// The staff panel's entry and exit: the discreet gesture (five taps within 3 s on the invisible
// top-left corner, or Ctrl+Alt+Shift+S) from Welcome or a result screen only, the PIN-or-panel
// decision from staff_status, the inactivity lock, the confirmation dialog, and the staff_locked
// rule (any staff command may answer it: back to the PIN). The PIN screen is staff-pin.js, the
// panel staff-panel.js. No secret key ever passes through here: Rust reads it from the clipboard.
"use strict";

(function () {
  const { invoke } = window.Kiosk.api;
  const screens = window.Kiosk.screens;

  const TAPS = 5;
  const TAP_WINDOW_MS = 3000;
  /** Screens where no customer's verification is under way: the only ones the gesture works on. */
  const GESTURE_SCREENS = ["welcome", "verified", "needs-attention", "canceled", "check-later", "staff", "unavailable"];
  const STAFF_SCREENS = ["staff-pin", "staff-panel"];
  const DEFAULT_TIMEOUT_SECS = 120;

  let taps = [];
  let opening = false;
  let closing = false;
  let unlocked = false; // the panel is open on the Rust side, as far as this page knows
  let timeoutSecs = DEFAULT_TIMEOUT_SECS;
  let inactivity = null;
  let dialogResolve = null;

  const el = (id) => document.getElementById(id);
  const isStaffScreen = (name) => STAFF_SCREENS.includes(name);
  const gestureAllowed = () => !opening && !closing && GESTURE_SCREENS.includes(screens.current());

  // ---- opening -------------------------------------------------------------------------------

  function onCornerTap(event) {
    event.preventDefault();
    const now = Date.now();
    taps = taps.filter((at) => now - at < TAP_WINDOW_MS);
    taps.push(now);
    if (taps.length >= TAPS) {
      taps = [];
      open();
    }
  }

  function onKeyChord(event) {
    if (!(event.ctrlKey && event.altKey && event.shiftKey) || event.metaKey) return;
    if (event.code !== "KeyS" && String(event.key).toLowerCase() !== "s") return;
    event.preventDefault();
    open();
  }

  function applyStatus(status) {
    const secs = Number(status && status.timeout_secs);
    if (secs > 0) timeoutSecs = secs;
  }

  async function open() {
    if (!gestureAllowed()) return;
    opening = true;
    let status;
    try {
      status = await invoke("staff_status");
    } catch (_) {
      status = null; // stay where we are: the gesture can simply be tried again
    }
    opening = false;
    if (!status || !gestureAllowed()) return; // a customer may have started meanwhile
    window.Kiosk.flow.suspend();
    applyStatus(status);
    // Staff read the panel in their own language (kiosk.staff_language); Welcome resets it.
    window.Kiosk.i18n.setLanguage(window.Kiosk.main.staffLanguage());
    if (status.open) {
      unlocked = true;
      window.Kiosk.staffPanel.show();
      return;
    }
    const kind = status.pin_set ? "unlock" : status.ask_it ? "ask_it" : "choose";
    window.Kiosk.staffPin.show(kind, { retryAfterSecs: status.retry_after_secs });
  }

  /** The PIN was accepted (or a first PIN set): the panel is open on the Rust side. */
  function onOpened(status) {
    unlocked = true;
    if (status) applyStatus(status);
    window.Kiosk.staffPanel.show();
  }

  // ---- the backend's lock --------------------------------------------------------------------

  /** The backend locked the panel (its own inactivity timer): back to the PIN, then to the panel. */
  function relock() {
    unlocked = false;
    settleDialog(false);
    window.Kiosk.staffPin.show("unlock", { relocked: true });
  }

  /** Calls a staff command. staff_locked sends staff back to the PIN screen and comes back with
   *  err.handled set, so callers only show their own messages for other failures. */
  async function call(cmd, args) {
    try {
      return await invoke(cmd, args);
    } catch (err) {
      if (err.code === "staff_locked") {
        err.handled = true;
        if (isStaffScreen(screens.current()) && !closing) relock();
      }
      throw err;
    }
  }

  // ---- closing -------------------------------------------------------------------------------

  /** Locks the panel (if it is open) and stays on the PIN screen. */
  async function lock() {
    settleDialog(false);
    if (unlocked) {
      unlocked = false;
      try {
        await invoke("staff_lock");
      } catch (_) {
        // locked already, or the backend is gone: either way nothing is open any more
      }
    }
    window.Kiosk.staffPin.show("unlock");
  }

  /** Locks the panel and goes back to Welcome with kiosk_info fetched and applied again. */
  async function close() {
    if (closing) return;
    closing = true;
    stopTimer();
    settleDialog(false);
    window.Kiosk.staffPin.stop();
    if (unlocked) {
      unlocked = false;
      try {
        await invoke("staff_lock");
      } catch (_) {
        // as in lock()
      }
    }
    try {
      await window.Kiosk.main.afterStaff();
    } finally {
      closing = false;
    }
  }

  // ---- inactivity ----------------------------------------------------------------------------

  function stopTimer() {
    clearTimeout(inactivity);
    inactivity = null;
  }

  function arm() {
    stopTimer();
    if (isStaffScreen(screens.current())) inactivity = setTimeout(close, timeoutSecs * 1000);
  }

  function onInput() {
    if (inactivity) arm();
  }

  // ---- confirmation dialog -------------------------------------------------------------------

  function settleDialog(value) {
    const resolve = dialogResolve;
    dialogResolve = null;
    const dialog = el("staff-dialog");
    if (dialog && dialog.open) dialog.close();
    if (resolve) resolve(value);
  }

  /** Asks before something that cannot be undone. Texts come from the caller (catalog, via t()).
   *  Resolves true when confirmed; false when declined, escaped, or the panel closed meanwhile. */
  function confirm(texts) {
    settleDialog(false);
    el("staff-dialog-title").textContent = texts.title;
    el("staff-dialog-body").textContent = texts.body;
    el("staff-dialog-ok").textContent = texts.ok;
    return new Promise((resolve) => {
      dialogResolve = resolve;
      el("staff-dialog").showModal();
      el("staff-dialog-cancel").focus(); // the safe choice is the default one
    });
  }

  // ---- wiring --------------------------------------------------------------------------------

  function bind() {
    const corner = el("staff-corner");
    corner.addEventListener("pointerdown", onCornerTap);
    document.addEventListener("keydown", onKeyChord, { capture: true });
    ["pointerdown", "keydown", "input", "wheel", "touchstart"].forEach((type) =>
      document.addEventListener(type, onInput, { capture: true, passive: true }));
    screens.onChange((name) => {
      corner.hidden = !GESTURE_SCREENS.includes(name);
      taps = [];
      if (isStaffScreen(name)) arm();
      else stopTimer();
    });
    el("staff-dialog-ok").addEventListener("click", () => settleDialog(true));
    el("staff-dialog-cancel").addEventListener("click", () => settleDialog(false));
    el("staff-dialog").addEventListener("cancel", () => settleDialog(false)); // Escape
    window.Kiosk.staffPin.bind();
    window.Kiosk.staffPanel.bind();
  }

  window.Kiosk = window.Kiosk || {};
  window.Kiosk.staff = {
    bind,
    open,
    onOpened,
    call,
    lock,
    close,
    confirm,
    setTimeoutSecs: (secs) => applyStatus({ timeout_secs: secs }),
  };
})();
