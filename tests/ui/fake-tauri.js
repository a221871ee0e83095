// Test-only stand-in for the Rust backend and for Stripe.js, so the kiosk UI runs in plain headless
// Chromium. NEVER shipped (it lives under tests/). The scenario comes from the harness URL:
// harness.html?s=<JSON>, see DEFAULTS below for what it may hold. Every command call is appended to
// sessionStorage["fake.log"] so tests can read it even after the UI reloads the page.
"use strict";

(function () {
  const params = new URLSearchParams(location.search);
  let scenario = {};
  try {
    scenario = JSON.parse(params.get("s") || "{}");
  } catch (err) {
    console.error("bad scenario JSON", err);
  }
  const returned = params.get("returned") === "1";
  const here = (file) => new URL(file, location.href).href;

  const info = Object.assign({
    mode: "sandbox",
    version: "0.1.0",
    kiosk_id: "kiosk-front-1",
    business_name: "Grand Hotel Central",
    flow: "auto",
    stripe_js_url: here(scenario.stripe === "load_error" ? "does-not-exist.js" : "fake-stripe.js"),
    publishable_key: "pk_test_fake",
    idle_timeout_secs: 30,
    modal_timeout_secs: 900,
    max_attempts: 3,
    show_verified_name: false,
    languages: ["en"],
  }, scenario.info || {});
  info.reference = Object.assign({ mode: "hidden", label: null }, (scenario.info || {}).reference || {});

  // ---- the log (survives reloads within the tab) ----
  function readList(key) {
    try {
      return JSON.parse(sessionStorage.getItem(key) || "[]");
    } catch (_) {
      return [];
    }
  }
  function push(key, item) {
    const list = readList(key);
    list.push(item);
    sessionStorage.setItem(key, JSON.stringify(list));
  }
  const log = (cmd, args) => push("fake.log", { cmd, args: args || {} });

  // Record CSP violations and everything written to the console (tests check for leaks).
  document.addEventListener("securitypolicyviolation", (e) =>
    push("fake.csp", { directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample }));
  ["log", "info", "warn", "error", "debug"].forEach((level) => {
    const original = console[level].bind(console);
    console[level] = (...args) => {
      push("fake.console", args.map((a) => { try { return typeof a === "string" ? a : JSON.stringify(a); } catch (_) { return String(a); } }).join(" "));
      original(...args);
    };
  });

  // ---- scripted sequences: each call takes the next item, the last one repeats ----
  const cursors = {};
  function next(name, fallback) {
    const list = scenario[name];
    if (!Array.isArray(list) || list.length === 0) return fallback;
    const i = cursors[name] || 0;
    cursors[name] = i + 1;
    return list[Math.min(i, list.length - 1)];
  }
  const never = () => new Promise(() => {});
  const reject = (code) => Promise.reject({ code, message: "fake backend says " + code });
  const delay = (ms, value) => new Promise((resolve) => setTimeout(() => resolve(value), ms));

  let secretCounter = 0;
  let lastSecret = null;
  function newSecret() {
    secretCounter += 1;
    lastSecret = "vs_fake" + secretCounter + "_secret_DO_NOT_LEAK_" + Math.random().toString(36).slice(2);
    window.__fake.issuedSecrets.push(lastSecret);
    return { client_secret: lastSecret };
  }
  function secretResponse(item) {
    if (item === "hold") return never();
    if (item && item.error) return reject(item.error);
    return delay(item && item.delay ? item.delay : 30).then(newSecret);
  }

  let infoFailures = Number(scenario.info_errors || 0);

  const commands = {
    kiosk_info() {
      if (infoFailures > 0) {
        infoFailures -= 1;
        return reject("internal");
      }
      return delay(10, JSON.parse(JSON.stringify(info)));
    },
    start_verification() {
      return secretResponse(next("start", {}));
    },
    retry_verification() {
      return secretResponse(next("retry", {}));
    },
    verification_status() {
      const list = returned && scenario.status_returned ? "status_returned" : "status";
      const item = next(list, { state: "processing" });
      if (item === "hold") return never();
      if (item && item.error) return reject(item.error);
      return delay(10, Object.assign({ state: "processing", reason: null, attempts_left: info.max_attempts, verified_name: null }, item));
    },
    check_connection() {
      const item = next("connection", { ok: true });
      if (item && item.error) return reject(item.error);
      return delay(10, item);
    },
    use_hosted_flow() {
      const item = next("hosted", { ok: true });
      if (item && item.error) return reject(item.error);
      // Like the backend: leave for the hosted page, come back to the kiosk page with #returned.
      setTimeout(() => {
        const url = new URL(location.href);
        url.searchParams.set("returned", "1");
        url.hash = "returned";
        location.replace(url.href);
      }, 300);
      return never();
    },
    finish_verification() {
      // Like the backend: wipe and reload to Welcome (the promise never resolves).
      setTimeout(() => {
        const url = new URL(location.href);
        url.searchParams.delete("returned");
        url.hash = "";
        location.replace(url.href);
      }, 50);
      return never();
    },
  };

  window.__fake = {
    scenario,
    info,
    issuedSecrets: [],
    pendingVerify: null,
    log: () => readList("fake.log"),
    csp: () => readList("fake.csp"),
    consoleLines: () => readList("fake.console"),
    calls: (cmd) => readList("fake.log").filter((e) => e.cmd === cmd),
    /** Resolves a held verifyIdentity, e.g. resolveVerify({}) or resolveVerify({error: {code: "x"}}). */
    resolveVerify(result) {
      const resolve = window.__fake.pendingVerify;
      window.__fake.pendingVerify = null;
      if (resolve) resolve(result && result.error ? result : { verificationSession: { id: "vs_fake" } });
      return Boolean(resolve);
    },
    /** The fake Stripe(pk) factory; fake-stripe.js publishes it as window.Stripe. */
    makeStripe(pk) {
      log("Stripe", { pk });
      if (scenario.stripe === "throw") throw new Error("fake: live key on a non-HTTPS page");
      return {
        verifyIdentity(clientSecret) {
          log("stripe.verifyIdentity", { secret_is_latest: clientSecret === lastSecret });
          const item = next("verify", {});
          if (item === "hold") return new Promise((resolve) => { window.__fake.pendingVerify = resolve; });
          const result = item && item.error ? { error: Object.assign({ type: "invalid_request_error", message: "raw Stripe message" }, item.error) }
            : { verificationSession: { id: "vs_fake" } };
          return delay(scenario.verify_delay || 150, result);
        },
      };
    },
  };

  window.__TAURI__ = {
    core: {
      invoke(cmd, args) {
        log(cmd, args);
        const fn = commands[cmd];
        return fn ? fn(args || {}) : reject("unknown_command");
      },
    },
  };

  // Extra (test) catalogs, e.g. {"fr": {"language_name": "Français", ...}}: en.js merges into these.
  if (scenario.catalogs) window.KioskMessages = JSON.parse(JSON.stringify(scenario.catalogs));

  // The app runs with Tauri's freezePrototype: catch code that would break under it.
  Object.freeze(Object.prototype);
})();
