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
    default_language: "en",
    staff_language: "en",
    all_languages: ["en", "es", "fr", "de", "it", "pt", "nl", "pl", "tr", "ar", "zh", "ja"],
  }, scenario.info || {});
  info.reference = Object.assign({ mode: "hidden", label: null }, (scenario.info || {}).reference || {});

  // ---- the camera: scenario "camera" is a list of outcomes for getUserMedia ("ok", "missing",
  // "refused"; the last repeats; default "ok"), so no real device is needed ----
  const CAMERA_ERRORS = { missing: "NotFoundError", refused: "NotAllowedError" };
  if (navigator.mediaDevices || scenario.camera) {
    const media = navigator.mediaDevices || {};
    media.getUserMedia = () => {
      const outcome = next("camera", "ok");
      if (outcome === "ok") return Promise.resolve({ getTracks: () => [] });
      return Promise.reject(new DOMException("fake camera: " + outcome, CAMERA_ERRORS[outcome] || "NotFoundError"));
    };
  }

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
  // A refused setting also says which and why, as kiosk_core's SettingsError does.
  const INVALID = { key: "kiosk.business_name", reason: { code: "too_long", params: { max: "100" } } };
  const reject = (code) => Promise.reject(Object.assign({ code, message: "fake backend says " + code },
    code === "setting_invalid" ? INVALID : {}));
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
        // What a broken IPC gives (Tauri's own error, a string), not a code Rust sends.
        return Promise.reject("fake IPC failure");
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
    report_camera() {
      return delay(5, null);
    },
    set_language({ language }) {
      const offered = info.languages.includes(language) || info.staff_language === language;
      return offered ? delay(5, null) : reject("language_unknown");
    },
    connection_status() {
      // What the backend's background check knows (no network); scenario "reach".
      return delay(10, next("reach", { ok: true }));
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


  // ---- the staff panel's backend ----
  // Scenario key "staff" (all optional): {pin_set: true, pin: "2468", open: false, retry_after_secs: null,
  // ask_it: false (no PIN and the screen may not choose one: a key is stored, as Rust decides),
  // live_flow: {flow, reason} (what a live customer gets here; default: the hosted page, as on Linux),
  // timeout_secs: 300, max_tries: 5, lockout_secs: 30, mode, connection: {...}, key_mode: "test",
  // settings: [{key, value, source, locked}], problems: [...], journal: [...], diagnostics: [...],
  // paths: {...}, check: {ok, code}, export: {path, rows},
  // updates: the staff_update_status view, update_check: the view staff_check_update answers,
  // update_install: the view staff_install_update answers (views as kiosk_core::UpdatesView),
  // errors: {cmd: code | [code or null, ...]} (a list is taken one call at a time, the last repeats;
  // null answers normally)}. Like the Rust side, every staff command but staff_status, staff_unlock
  // and staff_set_first_pin answers staff_locked while the panel is not open. The state survives
  // reloads (sessionStorage "fake.staff"), so kiosk_info after a reload reflects saved settings.
  const STAFF_DEFAULT_SETTINGS = [
    ["verification.allowed_types", []], ["verification.require_id_number", false],
    ["verification.require_live_capture", true], ["verification.require_matching_selfie", false],
    ["kiosk.business_name", info.business_name], ["kiosk.id", info.kiosk_id],
    ["kiosk.reference", info.reference.mode], ["kiosk.reference_label", info.reference.label],
    ["kiosk.flow", info.flow], ["kiosk.max_attempts", info.max_attempts],
    ["kiosk.idle_timeout_secs", info.idle_timeout_secs], ["kiosk.modal_timeout_secs", info.modal_timeout_secs],
    ["kiosk.show_verified_name", info.show_verified_name], ["kiosk.sandbox", info.mode === "sandbox"],
    ["kiosk.staff_timeout_secs", 300], ["kiosk.autostart", false], ["kiosk.languages", info.languages],
    ["kiosk.default_language", info.default_language], ["kiosk.staff_language", info.staff_language],
  ].map(([key, value]) => ({ key, value, source: "default", locked: false }));
  const STAFF_DEFAULT_JOURNAL = [
    { session_id: "vs_1QfakeRequiresInput000001", created_at: 1767261600, updated_at: 1767261660, status: "requires_input", reason_code: "document_expired", reference: "BK-1042", kiosk_id: "kiosk-front-1", redacted: false },
    { session_id: "vs_1QfakeProcessing00000002", created_at: 1767258000, updated_at: 1767258030, status: "processing", reason_code: null, reference: null, kiosk_id: "kiosk-front-1", redacted: false },
    { session_id: "vs_1QfakeVerified0000000003", created_at: 1767254400, updated_at: 1767254500, status: "verified", reason_code: null, reference: "BK-1040", kiosk_id: "kiosk-front-1", redacted: false },
    { session_id: "vs_1QfakeRedacted0000000004", created_at: 1767250800, updated_at: 1767250900, status: "canceled", reason_code: null, reference: null, kiosk_id: "kiosk-front-1", redacted: true },
  ];
  // As kiosk_core::doctor sends them: English detail/remedy for the log, codes the page words.
  const check = (name, status, code, params, remedyCode) => ({
    name, status, code, params: params || {}, notes: [], remedy_code: remedyCode || null,
    detail: "English detail of " + code, remedy: remedyCode ? "English remedy " + remedyCode : null,
  });
  const STAFF_DEFAULT_DIAGNOSTICS = [
    check("keyring", "ok", "keyring_ok", { store: "Secret Service" }),
    check("api_reachable", "ok", "api_reachable_ok", { url: "https://api.stripe.com", status: "401" }),
    check("camera", "warn", "camera_none", {}, "connect_camera"),
    check("settings", "fail", "settings_policy_not_in_force",
      { policy_file: "/etc/identity-kiosk/policy.toml", count: "1" }, "correct_policy"),
  ];
  const clone = (value) => JSON.parse(JSON.stringify(value));
  const staffScenario = scenario.staff || {};
  const staff = (() => {
    try {
      const saved = JSON.parse(sessionStorage.getItem("fake.staff") || "null");
      if (saved) return saved;
    } catch (_) {
      // start afresh
    }
    return {
      pinSet: staffScenario.pin_set !== false,
      askIt: Boolean(staffScenario.ask_it),
      pin: staffScenario.pin || "2468",
      open: Boolean(staffScenario.open),
      failures: 0,
      lockedUntil: staffScenario.retry_after_secs ? Date.now() + staffScenario.retry_after_secs * 1000 : 0,
      mode: staffScenario.mode || info.mode,
      connection: Object.assign({
        source: info.mode === "sandbox" ? "none" : "keyring",
        secret_key: info.mode === "sandbox" ? null : "sk_" + info.mode + "_…1234",
        publishable_key: info.mode === "sandbox" ? null : info.publishable_key,
        keyring: { ok: true, message: null },
      }, staffScenario.connection || {}),
      settings: clone(staffScenario.settings || STAFF_DEFAULT_SETTINGS),
      problems: clone(staffScenario.problems || []),
      journal: clone(staffScenario.journal || STAFF_DEFAULT_JOURNAL),
      updates: Object.assign({ current_version: info.version, state: "idle", last_checked: null,
        off_reason: null, customer_in_flow: false }, staffScenario.updates || {}),
      cursors: {},
    };
  })();
  const saveStaff = () => sessionStorage.setItem("fake.staff", JSON.stringify(staff));
  const setting = (key) => staff.settings.find((entry) => entry.key === key);

  // kiosk_info follows the staff state (as the Rust side would after a change).
  function applyStaffToInfo() {
    const value = (key, fallback) => (setting(key) ? setting(key).value : fallback);
    info.business_name = value("kiosk.business_name", info.business_name);
    info.kiosk_id = value("kiosk.id", info.kiosk_id);
    info.flow = value("kiosk.flow", info.flow);
    info.max_attempts = value("kiosk.max_attempts", info.max_attempts);
    info.idle_timeout_secs = value("kiosk.idle_timeout_secs", info.idle_timeout_secs);
    info.modal_timeout_secs = value("kiosk.modal_timeout_secs", info.modal_timeout_secs);
    info.show_verified_name = value("kiosk.show_verified_name", info.show_verified_name);
    info.languages = value("kiosk.languages", info.languages);
    info.default_language = value("kiosk.default_language", info.default_language);
    info.staff_language = value("kiosk.staff_language", info.staff_language);
    info.reference.mode = value("kiosk.reference", info.reference.mode);
    info.reference.label = value("kiosk.reference_label", info.reference.label);
    info.mode = staff.mode;
    info.publishable_key = staff.connection.publishable_key || info.publishable_key;
  }
  if (scenario.staff) applyStaffToInfo();

  /** The scripted error for `cmd`, if any (null: answer normally). */
  function staffError(cmd) {
    const plan = (staffScenario.errors || {})[cmd];
    if (plan === undefined || plan === null) return null;
    if (!Array.isArray(plan)) return plan;
    const i = staff.cursors[cmd] || 0;
    staff.cursors[cmd] = i + 1;
    saveStaff();
    return plan.length ? plan[Math.min(i, plan.length - 1)] : null;
  }
  function staffStatus() {
    const left = Math.ceil((staff.lockedUntil - Date.now()) / 1000);
    return {
      pin_set: staff.pinSet,
      open: staff.open,
      retry_after_secs: left > 0 ? left : null,
      timeout_secs: staffScenario.timeout_secs || 300,
      ask_it: !staff.pinSet && staff.askIt,
    };
  }
  const staffOverview = () => ({
    version: info.version,
    mode: staff.mode,
    connection: clone(staff.connection),
    // As on Linux and macOS unless the scenario says (kiosk_core::live_flow).
    live_flow: clone(staffScenario.live_flow || { flow: "hosted", reason: "live_modal_needs_https" }),
    settings: clone(staff.settings),
    problems: clone(staff.problems),
    paths: Object.assign({
      config_file: "/home/kiosk/.config/identity-kiosk/settings.toml",
      policy_file: "/etc/identity-kiosk/policy.toml",
      log_dir: "/home/kiosk/.local/share/identity-kiosk/logs",
      journal: "/home/kiosk/.local/share/identity-kiosk/journal.jsonl",
    }, staffScenario.paths || {}),
  });
  function updateSettings(changes) {
    for (const key of Object.keys(changes || {})) {
      const entry = setting(key);
      if (!entry) return reject("setting_unknown");
      if (entry.locked) return reject("setting_locked");
    }
    for (const [key, value] of Object.entries(changes || {})) Object.assign(setting(key), { value, source: "user" });
    applyStaffToInfo();
    return { settings: clone(staff.settings), problems: clone(staff.problems) };
  }
  function journalUpdate(id, change) {
    const entry = staff.journal.find((item) => item.session_id === id);
    if (!entry) return reject("unknown_session");
    Object.assign(entry, change, { updated_at: entry.updated_at + 60 });
    return clone(entry);
  }

  const staffCommands = {
    staff_status: () => staffStatus(),
    staff_set_first_pin({ pin }) {
      if (staff.pinSet) return reject("pin_already_set");
      if (staff.askIt) return reject("pin_set_by_it");
      if (!/^\d{4,12}$/.test(String(pin))) return reject("pin_invalid");
      Object.assign(staff, { pinSet: true, pin, open: true });
      return staffStatus();
    },
    staff_unlock({ pin }) {
      if (!staff.pinSet) return { outcome: staff.askIt ? "ask_it" : "no_pin" };
      const left = Math.ceil((staff.lockedUntil - Date.now()) / 1000);
      if (left > 0) return { outcome: "locked_out", retry_after_secs: left };
      if (pin === staff.pin) {
        Object.assign(staff, { open: true, failures: 0 });
        return { outcome: "opened" };
      }
      staff.failures += 1;
      const remaining = (staffScenario.max_tries || 5) - staff.failures;
      if (remaining > 0) return { outcome: "wrong", remaining };
      staff.failures = 0;
      const secs = staffScenario.lockout_secs || 30;
      staff.lockedUntil = Date.now() + secs * 1000;
      return { outcome: "locked_out", retry_after_secs: secs };
    },
    staff_lock() {
      staff.open = false;
      return null;
    },
    staff_overview: () => staffOverview(),
    staff_check_connection: () => staffScenario.check || { ok: true, code: null },
    staff_set_key_from_clipboard({ publishable_key: publishable }) {
      const keyMode = staffScenario.key_mode || "test";
      staff.connection = { source: "keyring", secret_key: "sk_" + keyMode + "_…4242", publishable_key: publishable, keyring: { ok: true, message: null } };
      staff.mode = keyMode;
      applyStaffToInfo();
      return clone(staff.connection);
    },
    staff_remove_key() {
      staff.connection = Object.assign(staff.connection, { source: "none", secret_key: null });
      staff.mode = "sandbox";
      applyStaffToInfo();
      return clone(staff.connection);
    },
    staff_update_settings: ({ changes }) => updateSettings(changes),
    staff_journal: ({ limit }) => clone(staff.journal.slice(0, limit || 100)),
    staff_cancel_session: ({ session_id: id }) => journalUpdate(id, { status: "canceled" }),
    staff_redact_session: ({ session_id: id }) => journalUpdate(id, { redacted: true, reference: null }),
    staff_export_csv: () => staffScenario.export || { path: "/home/kiosk/Documents/identity-kiosk-2026-01-01.csv", rows: staff.journal.length },
    staff_diagnostics: () => clone(staffScenario.diagnostics || STAFF_DEFAULT_DIAGNOSTICS),
    staff_change_pin({ pin }) {
      if (!/^\d{4,12}$/.test(String(pin))) return reject("pin_invalid");
      staff.pin = pin;
      return null;
    },
    staff_quit: () => null,
    staff_update_status: () => clone(staff.updates),
    staff_check_update() {
      staff.updates = Object.assign(clone(staff.updates), staffScenario.update_check ||
        { state: "available", version: "0.2.0", notes: "Faster camera start.", last_checked: 1767261600 });
      return clone(staff.updates);
    },
    staff_install_update() {
      staff.updates = Object.assign(clone(staff.updates), staffScenario.update_install ||
        { state: "installing", version: staff.updates.version });
      return clone(staff.updates);
    },
  };
  const STAFF_OPEN_WITHOUT_PIN = ["staff_status", "staff_unlock", "staff_set_first_pin"];
  Object.entries(staffCommands).forEach(([cmd, fn]) => {
    commands[cmd] = (args) => {
      const code = staffError(cmd) || (!staff.open && !STAFF_OPEN_WITHOUT_PIN.includes(cmd) ? "staff_locked" : null);
      if (code === "staff_locked") staff.open = false;
      let result;
      try {
        result = code ? reject(code) : fn(args);
      } finally {
        saveStaff();
      }
      if (result instanceof Promise) return result;
      return delay(staffScenario.delay || 10, result);
    };
  });

  window.__fake = {
    scenario,
    info,
    issuedSecrets: [],
    pendingVerify: null,
    log: () => readList("fake.log"),
    csp: () => readList("fake.csp"),
    consoleLines: () => readList("fake.console"),
    calls: (cmd) => readList("fake.log").filter((e) => e.cmd === cmd),
    staff: () => staff,
    /** Resolves a held verifyIdentity, e.g. resolveVerify({}) or resolveVerify({error: {code: "x"}}). */
    resolveVerify(result) {
      const resolve = window.__fake.pendingVerify;
      window.__fake.pendingVerify = null;
      if (resolve) resolve(result && result.error ? result : { verificationSession: { id: "vs_fake" } });
      return Boolean(resolve);
    },
    /** The fake Stripe(pk) factory; fake-stripe.js publishes it as window.Stripe. */
    makeStripe(pk, options) {
      log("Stripe", { pk, locale: options && options.locale });
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
        // As Tauri answers a command that does not exist: a string, not one of the kiosk's codes.
        return fn ? fn(args || {}) : Promise.reject(`command ${cmd} not found`);
      },
    },
  };

  // Extra (test) catalogs, e.g. {"fr": {"language_name": "Français", ...}}: en.js merges into these.
  if (scenario.catalogs) window.KioskMessages = JSON.parse(JSON.stringify(scenario.catalogs));

  // The app runs with Tauri's freezePrototype: catch code that would break under it.
  Object.freeze(Object.prototype);
})();
