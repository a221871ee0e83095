// Inactivity timers. On result screens: a visible countdown ("Returning to the start in N s") that any
// pointer or key input restarts, then the reset callback. Timing is adjustable (WCAG 2.2.1): "I need
// more time" gives twice the time with one tap, as often as wanted, and assistive technology hears
// a warning while there are still (at most) 20 seconds to tap it. On Welcome: quietly clears a typed
// reference after the same delay, so nothing of one customer is left for the next.
"use strict";

(function () {
  const { plural, t } = window.Kiosk.i18n;
  /** The warning comes this long before the end (or at once for a shorter countdown). */
  const WARN_SECS = 20;
  let seconds = 30;
  let onExpire = () => {};
  let onWelcomeIdle = () => {};
  let mode = "off"; // "countdown" | "welcome" | "off"
  let remaining = 0;
  let tick = null;
  let listening = false;

  let warned = false;
  let span = 30; // this countdown's length: the setting, or more after "I need more time"

  function el() {
    return document.getElementById("countdown");
  }

  function box() {
    return document.getElementById("countdown-box");
  }

  function alertLine() {
    return document.getElementById("countdown-alert");
  }

  function say(text) {
    const node = alertLine();
    if (node) node.textContent = text;
  }

  function clear() {
    if (tick) clearInterval(tick);
    tick = null;
  }

  function render() {
    const node = el();
    if (!node) return;
    node.textContent = plural("countdown", remaining);
    node.dataset.remaining = String(remaining);
    if (mode === "countdown" && !warned && remaining > 0 && remaining <= WARN_SECS) {
      warned = true;
      say(plural("countdown_warning", remaining));
    }
  }

  /** Restarts the current countdown from its full length (`span`). */
  function restart() {
    clear();
    remaining = span;
    warned = false;
    if (mode === "countdown") {
      render();
      tick = setInterval(() => {
        remaining -= 1;
        if (remaining <= 0) {
          clear();
          mode = "off";
          render();
          onExpire();
          return;
        }
        render();
      }, 1000);
    } else if (mode === "welcome") {
      tick = setInterval(() => {
        remaining -= 1;
        if (remaining <= 0) {
          clear();
          onWelcomeIdle();
        }
      }, 1000);
    }
  }

  /** Starts the visible countdown, placing the countdown line into `slot`. */
  function startCountdown(slot) {
    const node = box();
    if (node && slot) slot.appendChild(node);
    if (node) node.hidden = false;
    say("");
    mode = "countdown";
    span = seconds;
    restart();
  }

  function startWelcome() {
    const node = box();
    if (node) node.hidden = true;
    mode = "welcome";
    span = seconds;
    restart();
  }

  function stop() {
    const node = box();
    if (node) node.hidden = true;
    mode = "off";
    clear();
  }

  /** "I need more time": twice the usual time from now, said to assistive technology too. */
  function moreTime() {
    if (mode !== "countdown") return;
    span = seconds * 2;
    restart();
    say(t("more_time_given"));
  }

  function onInput(ev) {
    // The button's own tap gives more time; restarting first would only be undone.
    if (ev && ev.target && ev.target.id === "more-time") return;
    if (mode !== "off") restart();
  }

  function init(opts) {
    seconds = Math.max(1, Math.round(Number(opts.seconds) || 30));
    onExpire = opts.onExpire;
    onWelcomeIdle = opts.onWelcomeIdle;
    if (listening) return;
    listening = true;
    const more = document.getElementById("more-time");
    if (more) more.addEventListener("click", moreTime);
    ["pointerdown", "keydown", "wheel", "touchstart", "input"].forEach((type) =>
      document.addEventListener(type, onInput, { capture: true, passive: true }));
  }

  window.Kiosk = window.Kiosk || {};
  window.Kiosk.idle = { init, startCountdown, startWelcome, stop, moreTime };
})();
