// Test-only loader: copies the real ui/index.html (its markup, stylesheet and scripts) into this page
// after fake-tauri.js has installed the fake backend, so tests exercise the shipped files unchanged.
"use strict";

(function () {
  const uiBase = new URL("../../ui/index.html", location.href);

  async function load() {
    const html = await (await fetch(uiBase.href)).text();
    const doc = new DOMParser().parseFromString(html, "text/html");
    doc.head.querySelectorAll('link[rel="stylesheet"]').forEach((link) => {
      const copy = document.createElement("link");
      copy.rel = "stylesheet";
      copy.href = new URL(link.getAttribute("href"), uiBase).href;
      document.head.appendChild(copy);
    });
    for (const attr of doc.body.attributes) document.body.setAttribute(attr.name, attr.value);
    Array.from(doc.body.childNodes).forEach((node) => document.body.appendChild(document.importNode(node, true)));
    doc.head.querySelectorAll("script[src]").forEach((script) => {
      const copy = document.createElement("script");
      copy.src = new URL(script.getAttribute("src"), uiBase).href;
      copy.async = false; // keep the document order, like defer
      document.head.appendChild(copy);
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    load().catch((err) => console.error("harness failed", err));
  });
})();
