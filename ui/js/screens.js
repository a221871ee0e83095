// Screen switching: exactly one <section class="screen"> visible, body[data-screen] set, focus moved
// to the new screen's heading, the change announced (heading and lead, in a polite live region), and
// listeners told (the idle timer uses this).
"use strict";

(function () {
  /** Screens that show an outcome: they return to Welcome by themselves after inactivity. */
  const RESULT_SCREENS = ["verified", "needs-attention", "canceled", "check-later", "staff"];
  const listeners = [];
  let current = null;

  function section(name) {
    return document.getElementById("screen-" + name);
  }

  function show(name) {
    const target = section(name);
    if (!target) throw new Error("no screen " + name);
    document.querySelectorAll("section.screen").forEach((el) => {
      el.hidden = el !== target;
    });
    current = name;
    document.body.dataset.screen = name;
    const heading = target.querySelector("h1");
    if (heading) heading.focus({ preventScroll: true });
    window.scrollTo(0, 0);
    listeners.forEach((fn) => fn(name));
    announce(target, name);
  }

  /** Says the new screen once its texts are in (the caller fills them right after show()). */
  function announce(target, name) {
    const announcer = document.getElementById("screen-announcer");
    if (!announcer) return;
    announcer.textContent = "";
    Promise.resolve().then(() => {
      if (current !== name) return;
      const parts = [target.querySelector("h1"), target.querySelector(".lead:not([hidden]), .reason:not([hidden])")]
        .map((el) => (el ? el.textContent.trim() : ""))
        .filter(Boolean);
      announcer.textContent = parts.join(" ");
    });
  }

  window.Kiosk = window.Kiosk || {};
  window.Kiosk.screens = {
    show,
    section,
    current: () => current,
    isResult: (name) => RESULT_SCREENS.includes(name),
    onChange: (fn) => listeners.push(fn),
  };
})();
