// Inactivity timers. On result screens: a visible countdown ("Returning to the start in N s") that any
// pointer or key input restarts, then the reset callback. On Welcome: quietly clears a typed reference
// after the same delay, so nothing of one customer is left for the next.
"use strict";

(function () {
  const { plural } = window.Kiosk.i18n;
  let seconds = 30;
  let onExpire = () => {};
  let onWelcomeIdle = () => {};
  let mode = "off"; // "countdown" | "welcome" | "off"
  let remaining = 0;
  let tick = null;
  let listening = false;

  function el() {
    return document.getElementById("countdown");
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
  }

  function restart() {
    clear();
    remaining = seconds;
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
    const node = el();
    if (node && slot) slot.appendChild(node);
    if (node) node.hidden = false;
    mode = "countdown";
    restart();
  }

  function startWelcome() {
    const node = el();
    if (node) node.hidden = true;
    mode = "welcome";
    restart();
  }

  function stop() {
    const node = el();
    if (node) node.hidden = true;
    mode = "off";
    clear();
  }

  function onInput() {
    if (mode !== "off") restart();
  }

  function init(opts) {
    seconds = Math.max(1, Math.round(Number(opts.seconds) || 30));
    onExpire = opts.onExpire;
    onWelcomeIdle = opts.onWelcomeIdle;
    if (listening) return;
    listening = true;
    ["pointerdown", "keydown", "wheel", "touchstart", "input"].forEach((type) =>
      document.addEventListener(type, onInput, { capture: true, passive: true }));
  }

  window.Kiosk = window.Kiosk || {};
  window.Kiosk.idle = { init, startCountdown, startWelcome, stop };
})();
