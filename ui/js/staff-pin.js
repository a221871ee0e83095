// The staff PIN screen: an on-screen digit pad plus the keyboard's digits, Backspace, Enter and
// Escape; masked dots. Three purposes: "unlock" (staff_unlock: wrong PIN with tries left, lock-out
// with a countdown and the pad disabled), "choose" (no PIN yet: enter twice, staff_set_first_pin)
// and "change" (from the panel: enter twice, staff_change_pin); and "ask_it" (no usable PIN on a
// kiosk that holds a Stripe key, or a PIN file that cannot be read: only IT can set one, so the
// pad is gone and the screen says how). The digits live in this closure only, and only until
// they are sent.
"use strict";

(function () {
  const screens = window.Kiosk.screens;
  const { setText, plural } = window.Kiosk.i18n;

  const MIN_DIGITS = 4;
  const MAX_DIGITS = 12;

  let purpose = "unlock"; // "unlock" | "choose" | "change" | "ask_it"
  let step = "enter"; // "enter" | "confirm" (choose and change only)
  let digits = "";
  let first = "";
  let busy = false;
  let lockedUntil = 0;
  let lockTimer = null;

  const el = (id) => document.getElementById(id);
  // What to say for a failed call: the code's own message (staff-messages.js, errors.js).
  const errorKey = (err) => window.Kiosk.staffMessages.errorFor(err && err.code);
  const staff = () => window.Kiosk.staff;
  const onScreen = () => screens.current() === "staff-pin";
  const lockedOut = () => lockedUntil > Date.now();

  // ---- rendering -----------------------------------------------------------------------------

  function renderTitle() {
    const title = el("staff-pin-title");
    const lead = el("staff-pin-lead");
    const askIt = purpose === "ask_it";
    ["staff-pin-pad", "staff-pin-dots", "staff-pin-count"].forEach((id) => {
      el(id).hidden = askIt;
    });
    if (askIt) {
      setText(title, "staff_pin_ask_it_title");
      setText(lead, "staff_pin_ask_it_lead");
    } else if (step === "confirm") {
      setText(title, "staff_pin_confirm_title");
      setText(lead, "staff_pin_confirm_lead");
    } else if (purpose === "choose") {
      setText(title, "staff_pin_choose_title");
      setText(lead, "staff_pin_choose_lead");
    } else if (purpose === "change") {
      setText(title, "staff_pin_new_title");
      setText(lead, "staff_pin_new_lead");
    } else {
      setText(title, "staff_pin_title");
      setText(lead, "staff_pin_lead");
    }
  }

  function renderDots() {
    const dots = el("staff-pin-dots");
    dots.textContent = "";
    for (let i = 0; i < Math.max(MIN_DIGITS, digits.length); i += 1) {
      const dot = document.createElement("span");
      dot.className = i < digits.length ? "pin-dot filled" : "pin-dot";
      dots.appendChild(dot);
    }
    dots.dataset.count = String(digits.length);
    el("staff-pin-count").textContent = plural("staff_pin_digits", digits.length);
  }

  const inputOff = () => busy || lockedOut() || purpose === "ask_it";

  function updatePad() {
    const off = inputOff();
    el("staff-pin-pad").querySelectorAll("button").forEach((button) => {
      button.disabled = off;
    });
    el("staff-pin-pad").setAttribute("aria-disabled", String(off));
  }

  let msg = null; // the message line, set by bind()

  function clearMessage() {
    delete msg.dataset.i18n;
    delete msg.dataset.i18nVars;
    msg.textContent = "";
  }

  // ---- lock-out ------------------------------------------------------------------------------

  /** m:ss in the staff language's digits (Arabic's own digits in Arabic, like every other number). */
  function formatWait(secs) {
    const minutes = Math.floor(secs / 60);
    const seconds = secs % 60;
    try {
      const lang = window.Kiosk.i18n.language();
      return new Intl.NumberFormat(lang).format(minutes) + ":" +
        new Intl.NumberFormat(lang, { minimumIntegerDigits: 2 }).format(seconds);
    } catch (_) {
      return minutes + ":" + String(seconds).padStart(2, "0");
    }
  }

  function stopLockout() {
    clearInterval(lockTimer);
    lockTimer = null;
    lockedUntil = 0;
    msg.setAttribute("aria-live", "assertive");
    delete msg.dataset.remaining;
  }

  function lockout(secs) {
    stopLockout();
    lockedUntil = Date.now() + Math.max(1, Math.ceil(Number(secs) || 1)) * 1000;
    digits = "";
    renderDots();
    let announced = false;
    const tick = () => {
      const left = Math.ceil((lockedUntil - Date.now()) / 1000);
      if (left <= 0) {
        stopLockout();
        setText(msg, "staff_pin_try_again_now");
        updatePad();
        return;
      }
      setText(msg, "staff_pin_locked_out", { time: formatWait(left) });
      msg.dataset.remaining = String(left);
      // Announce the lock-out once, not every second of the countdown.
      if (announced) msg.setAttribute("aria-live", "off");
      announced = true;
    };
    tick();
    lockTimer = setInterval(tick, 1000);
    updatePad();
  }

  // ---- input ---------------------------------------------------------------------------------

  function press(digit) {
    if (inputOff() || digits.length >= MAX_DIGITS) return;
    digits += digit;
    renderDots();
  }

  function erase() {
    if (inputOff()) return;
    digits = digits.slice(0, -1);
    renderDots();
  }

  async function submit() {
    if (inputOff()) return;
    if (digits.length < MIN_DIGITS) {
      setText(msg, "staff_pin_length");
      return;
    }
    const pin = digits;
    digits = "";
    renderDots();
    if (purpose === "unlock") return unlock(pin);
    if (step === "enter") {
      first = pin;
      step = "confirm";
      clearMessage();
      renderTitle();
      return;
    }
    const chosen = first;
    first = "";
    step = "enter";
    renderTitle();
    if (pin !== chosen) {
      setText(msg, "staff_pin_mismatch");
      return;
    }
    if (purpose === "choose") return setFirstPin(chosen);
    return changePin(chosen);
  }

  /** Runs one backend call with the pad disabled; undefined when it failed and was handled. */
  async function send(cmd, args) {
    busy = true;
    updatePad();
    try {
      return { ok: await staff().call(cmd, args) };
    } catch (err) {
      return { err };
    } finally {
      busy = false;
      updatePad();
    }
  }

  async function unlock(pin) {
    const { ok: result, err } = await send("staff_unlock", { pin });
    if (!onScreen()) return;
    if (err) {
      if (!err.handled) setText(msg, errorKey(err));
      return;
    }
    switch (result && result.outcome) {
      case "opened":
        clearMessage();
        return staff().onOpened(null);
      case "wrong":
        delete msg.dataset.i18n;
        msg.textContent = plural("staff_pin_wrong", Math.max(0, Number(result.remaining) || 0));
        return;
      case "locked_out":
        return lockout(result.retry_after_secs);
      case "no_pin":
        return show("choose");
      case "ask_it":
        return show("ask_it");
      default:
        setText(msg, "staff_error_generic");
    }
  }

  async function setFirstPin(pin) {
    const { ok: status, err } = await send("staff_set_first_pin", { pin });
    if (!onScreen()) return;
    if (!err) return staff().onOpened(status);
    if (err.handled) return;
    if (err.code === "pin_set_by_it") {
      show("ask_it");
    } else if (err.code === "pin_already_set") {
      purpose = "unlock";
      renderTitle();
      setText(msg, "staff_pin_already_set");
    } else if (err.code === "pin_invalid") {
      setText(msg, "staff_pin_length");
    } else {
      setText(msg, errorKey(err));
    }
  }

  async function changePin(pin) {
    const { err } = await send("staff_change_pin", { pin });
    if (!onScreen()) return;
    if (!err) return window.Kiosk.staffPanel.show({ pinChanged: true });
    if (err.handled) return;
    if (err.code === "pin_invalid") setText(msg, "staff_pin_length");
    else setText(msg, errorKey(err));
  }

  function cancel() {
    digits = "";
    first = "";
    if (purpose === "change") window.Kiosk.staffPanel.show();
    else staff().close();
  }

  function onKey(event) {
    if (!onScreen() || event.ctrlKey || event.altKey || event.metaKey) return;
    const key = event.key;
    if (/^[0-9]$/.test(key)) {
      event.preventDefault();
      press(key);
    } else if (key === "Backspace") {
      event.preventDefault();
      erase();
    } else if (key === "Enter") {
      // A focused button (Cancel, a pad key) answers Enter itself.
      const active = document.activeElement;
      if (active && active.tagName === "BUTTON" && el("screen-staff-pin").contains(active)) return;
      event.preventDefault();
      submit();
    } else if (key === "Escape") {
      event.preventDefault();
      cancel();
    }
  }

  // ---- showing -------------------------------------------------------------------------------

  /** Shows the PIN screen for `kind` ("unlock" | "choose" | "change" | "ask_it").
   *  opts.retryAfterSecs starts a lock-out; opts.relocked says why the PIN is asked again. */
  function show(kind, opts) {
    const o = opts || {};
    purpose = ["choose", "change", "ask_it"].includes(kind) ? kind : "unlock";
    step = "enter";
    digits = "";
    first = "";
    busy = false;
    stopLockout();
    clearMessage();
    if (o.relocked) setText(msg, "staff_pin_relock");
    renderTitle();
    renderDots();
    updatePad();
    screens.show("staff-pin");
    if (Number(o.retryAfterSecs) > 0) lockout(o.retryAfterSecs);
  }

  /** Forgets everything typed and stops the countdown (the staff screens are closing). */
  function stop() {
    digits = "";
    first = "";
    stopLockout();
  }

  function bind() {
    msg = el("staff-pin-message");
    const pad = el("staff-pin-pad");
    pad.addEventListener("click", (event) => {
      const button = event.target.closest("button");
      if (!button || button.disabled) return;
      if (button.dataset.digit) press(button.dataset.digit);
      else if (button.id === "staff-pin-erase") erase();
      else if (button.id === "staff-pin-ok") submit();
    });
    // Tapping a key must not move the focus there: Enter on a keyboard then still means OK.
    pad.addEventListener("mousedown", (event) => event.preventDefault());
    el("staff-pin-cancel").addEventListener("click", cancel);
    document.addEventListener("keydown", onKey);
    screens.onChange((name) => {
      if (name !== "staff-pin") stop();
    });
    renderDots();
  }

  window.Kiosk = window.Kiosk || {};
  window.Kiosk.staffPin = { bind, show, stop };
})();
