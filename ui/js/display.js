// Welcome's display choices for the current customer: larger text (200 %, WCAG 1.4.4) and high
// contrast. Each is a toggle button; reset() puts both back for the next customer: plain text, and
// high contrast exactly when the system asks for more contrast (prefers-contrast: more).
"use strict";

(function () {
  const CHOICES = { "larger-text": "text-large", "high-contrast": "contrast-high" };

  function set(id, on) {
    document.documentElement.classList.toggle(CHOICES[id], on);
    const button = document.getElementById(id);
    if (button) button.setAttribute("aria-pressed", String(on));
  }

  function systemWantsContrast() {
    return Boolean(window.matchMedia && window.matchMedia("(prefers-contrast: more)").matches);
  }

  function reset() {
    set("larger-text", false);
    set("high-contrast", systemWantsContrast());
  }

  function bind() {
    Object.keys(CHOICES).forEach((id) => {
      const button = document.getElementById(id);
      if (!button) return;
      button.addEventListener("click", () => set(id, button.getAttribute("aria-pressed") !== "true"));
    });
    reset();
  }

  window.Kiosk = window.Kiosk || {};
  window.Kiosk.display = { bind, reset };
})();
