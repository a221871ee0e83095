// Messages in the reader's language: t(key, vars), plural(key, count, vars), setText(el, key, vars),
// the current language (with the document's lang and dir), catalogs loaded on demand, and the
// re-rendering of every [data-i18n] element when the language changes.
//
// The format is the platform's own: a catalog is a plain object of strings with {name}
// placeholders; counted messages have one entry per CLDR plural category (key_zero … key_other),
// chosen by Intl.PluralRules; numbers in placeholders and dates are formatted by Intl in the
// current language. Every webview the kiosk runs in (WebKitGTK, WebView2, WKWebView) ships ICU
// with CLDR's plural rules, so no library has to be bundled, and catalogs stay data a translator
// can edit. See ui/i18n/en.js for how to add a language.
"use strict";

(function () {
  const FALLBACK = "en";
  /** Languages written right to left (of the kiosk's, Arabic; the rest are ready for a catalog). */
  const RTL = ["ar", "fa", "he", "ur"];
  let current = FALLBACK;
  const loading = {};

  function catalog(lang) {
    const all = window.KioskMessages || {};
    return Object.prototype.hasOwnProperty.call(all, lang) ? all[lang] : null;
  }

  function numberFormat(lang) {
    try {
      return new Intl.NumberFormat(lang);
    } catch (_) {
      return null;
    }
  }

  function fill(text, vars, lang) {
    if (!vars) return text;
    const numbers = numberFormat(lang);
    return text.replace(/\{(\w+)\}/g, (whole, name) => {
      if (!Object.prototype.hasOwnProperty.call(vars, name)) return whole;
      const value = vars[name];
      return typeof value === "number" && numbers ? numbers.format(value) : String(value);
    });
  }

  function lookup(lang, key) {
    const own = catalog(lang);
    return own && typeof own[key] === "string" ? own[key] : null;
  }

  /** The message `key` in the current language (English when missing), placeholders filled. */
  function t(key, vars) {
    let text = lookup(current, key);
    let lang = current;
    if (text === null) {
      text = lookup(FALLBACK, key);
      lang = FALLBACK;
    }
    if (text === null) {
      console.warn("[kiosk] missing message", key);
      return "";
    }
    return fill(text, vars, lang);
  }

  function category(lang, count) {
    try {
      return new Intl.PluralRules(lang).select(count);
    } catch (_) {
      return count === 1 ? "one" : "other";
    }
  }

  /** The form of `key` for `count` in the current language (key_one, key_few, … key_other by
   *  CLDR's rules), with {count} filled; English's form when the catalog lacks the message. */
  function plural(key, count, vars) {
    const all = Object.assign({ count }, vars || {});
    for (const lang of current === FALLBACK ? [FALLBACK] : [current, FALLBACK]) {
      const forms = [key + "_" + category(lang, count), key + "_other"];
      for (const form of forms) {
        const text = lookup(lang, form);
        if (text !== null) return fill(text, all, lang);
      }
    }
    console.warn("[kiosk] missing message", key);
    return "";
  }

  /** Whether the catalogs word `key` (in the current language or English). */
  function has(key) {
    return lookup(current, key) !== null || lookup(FALLBACK, key) !== null;
  }

  /** The message for a code Rust sent: `prefix + code` with `params`, or its plural forms (by
   *  params.count) when it is a counted message; null when no catalog words it. */
  function code(prefix, name, params) {
    if (typeof name !== "string" || !/^[a-z0-9_]+$/.test(name)) return null;
    const vars = Object.assign({}, params || {});
    const key = prefix + name;
    if (has(key)) return t(key, vars);
    if (has(key + "_other")) return plural(key, Number(vars.count) || 0, vars);
    return null;
  }

  /** A date and time (Unix seconds) in the current language, short. */
  function dateTime(secs) {
    const date = new Date(Number(secs) * 1000);
    if (Number.isNaN(date.getTime())) return "";
    try {
      return new Intl.DateTimeFormat(current, { dateStyle: "short", timeStyle: "short" }).format(date);
    } catch (_) {
      return date.toLocaleString();
    }
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
    (root || document).querySelectorAll("[data-i18n-label]").forEach((el) => {
      el.setAttribute("aria-label", t(el.dataset.i18nLabel));
    });
    document.title = t("page_title");
  }

  /** The catalogs' folder: beside en.js, which every page loads first (the harness loads the
   *  page from elsewhere, so not relative to the document). */
  function catalogUrl(lang) {
    const english = document.querySelector('script[src$="i18n/en.js"]');
    const base = english ? english.src : new URL("i18n/en.js", location.href).href;
    return new URL(encodeURIComponent(lang) + ".js", base).href;
  }

  /** Loads the catalogs of `langs` that are not loaded yet; resolves when each has loaded or
   *  failed (a missing catalog leaves that language out, it never blocks the page). */
  function load(langs) {
    const wanted = (langs || []).filter((l) => typeof l === "string" && /^[a-z]{2,3}(-[A-Za-z0-9]+)*$/.test(l));
    return Promise.all(wanted.map((lang) => {
      if (catalog(lang)) return Promise.resolve();
      if (!loading[lang]) {
        loading[lang] = new Promise((resolve) => {
          const script = document.createElement("script");
          script.src = catalogUrl(lang);
          script.onload = () => resolve();
          script.onerror = () => {
            console.warn("[kiosk] no catalog for", lang);
            delete loading[lang];
            resolve();
          };
          document.head.appendChild(script);
        });
      }
      return loading[lang];
    }));
  }

  /** The languages that are both configured and have a catalog loaded, configured order first. */
  function available(configured) {
    const list = (configured || []).filter((lang) => catalog(lang));
    return list.length ? list : [FALLBACK];
  }

  /** The language's name in itself (Deutsch, العربية), from its catalog. */
  function nameOf(lang) {
    return lookup(lang, "language_name") || lang;
  }

  function isRtl(lang) {
    return RTL.includes(String(lang).split("-")[0]);
  }

  const listeners = [];

  function setLanguage(lang) {
    current = catalog(lang) ? lang : FALLBACK;
    const root = document.documentElement;
    root.lang = current;
    root.dir = isRtl(current) ? "rtl" : "ltr";
    renderAll();
    listeners.forEach((fn) => fn(current));
  }

  /** Calls `fn(lang)` each time a language is set, changed or not (the shell tells the webview,
   *  so Stripe's pages follow; a new page must say it even when it is the previous one's). */
  function onChange(fn) {
    listeners.push(fn);
  }

  window.Kiosk = window.Kiosk || {};
  window.Kiosk.i18n = {
    t, plural, has, code, dateTime, setText, renderAll, load, available, nameOf, isRtl, setLanguage, onChange,
    language: () => current,
  };
  window.t = t;
})();
