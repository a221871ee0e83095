// Message lookup: t(key, vars), plural(key, count, vars), setText(el, key, vars), the current
// language, and re-rendering of every [data-i18n] element when the language changes.
"use strict";

(function () {
  const FALLBACK = "en";
  let current = FALLBACK;

  function catalog(lang) {
    const all = window.KioskMessages || {};
    return Object.prototype.hasOwnProperty.call(all, lang) ? all[lang] : null;
  }

  function fill(text, vars) {
    if (!vars) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name) =>
      Object.prototype.hasOwnProperty.call(vars, name) ? String(vars[name]) : whole);
  }

  /** The message `key` in the current language (English when missing), placeholders filled. */
  function t(key, vars) {
    const own = catalog(current);
    const fallback = catalog(FALLBACK) || {};
    let text = own && typeof own[key] === "string" ? own[key] : fallback[key];
    if (typeof text !== "string") {
      console.warn("[kiosk] missing message", key);
      text = "";
    }
    return fill(text, vars);
  }

  /** `key_one` or `key_other` by `count` (the language's plural rules), with {count} filled. */
  function plural(key, count, vars) {
    let form = "other";
    try {
      form = new Intl.PluralRules(current).select(count) === "one" ? "one" : "other";
    } catch (_) {
      form = count === 1 ? "one" : "other";
    }
    return t(key + "_" + form, Object.assign({ count }, vars || {}));
  }

  /** Sets an element's text from the catalog and remembers the key so a language change re-renders it. */
  function setText(el, key, vars) {
    el.dataset.i18n = key;
    if (vars) el.dataset.i18nVars = JSON.stringify(vars);
    else delete el.dataset.i18nVars;
    el.textContent = t(key, vars);
  }

  function renderAll(root) {
    (root || document).querySelectorAll("[data-i18n]").forEach((el) => {
      let vars = null;
      try {
        vars = el.dataset.i18nVars ? JSON.parse(el.dataset.i18nVars) : null;
      } catch (_) {
        vars = null;
      }
      el.textContent = t(el.dataset.i18n, vars);
    });
    document.title = t("page_title");
  }

  /** The languages that are both configured and have a catalog loaded, configured order first. */
  function available(configured) {
    const list = (configured || []).filter((lang) => catalog(lang));
    return list.length ? list : [FALLBACK];
  }

  function setLanguage(lang) {
    current = catalog(lang) ? lang : FALLBACK;
    document.documentElement.lang = current;
    renderAll();
  }

  window.Kiosk = window.Kiosk || {};
  window.Kiosk.i18n = { t, plural, setText, renderAll, available, setLanguage, language: () => current };
  window.t = t;
})();
