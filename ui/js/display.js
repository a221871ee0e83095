// Welcome's display choices for the current customer: larger text (200 %, WCAG 1.4.4) and high
// contrast (also on when the system asks for more contrast, via CSS). Each is a toggle button;
// reset() puts both back for the next customer (a new page starts plain anyway).
"use strict";

(function () {
  const CHOICES = { "larger-text": "text-large", "high-contrast": "contrast-high" };

  function set(id, on) {
    document.documentElement.classList.toggle(CHOICES[id], on);
    const button = document.getElementById(id);
    if (button) button.setAttribute("aria-pressed", String(on));
  }

  function bind() {
    Object.keys(CHOICES).forEach((id) => {
      const button = document.getElementById(id);
      if (!button) return;
      button.addEventListener("click", () => set(id, button.getAttribute("aria-pressed") !== "true"));
    });
  }

  function reset() {
    Object.keys(CHOICES).forEach((id) => set(id, false));
  }

  window.Kiosk = window.Kiosk || {};
  window.Kiosk.display = { bind, reset };
})();
