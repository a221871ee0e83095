// The message catalog against the UI code: every key the JS and HTML use exists in en.js, every API
// last_error code and Stripe.js error code has its own reason, no message is empty, and every
// message in the catalog is used. Run: node --test tests/ui/catalog.test.mjs
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const UI = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "ui");
const read = (...parts) => readFileSync(join(UI, ...parts), "utf8");

function loadScript(file, sandbox) {
  vm.runInNewContext(read(file), sandbox, { filename: file });
  return sandbox;
}

const en = loadScript("i18n/en.js", { window: {} }).window.KioskMessages.en;
const reasons = loadScript("js/reasons.js", { window: {} }).window.Kiosk.reasons;
// errors.js first, as index.html loads them: the staff maps fall back to its messages.
const pageWindow = loadScript("js/errors.js", { window: {} });
const staffMessages = loadScript("js/staff-messages.js", pageWindow).window.Kiosk.staffMessages;
const errors = pageWindow.window.Kiosk.errors;
// Every code Rust can send the page: kiosk-core's tests/error_codes.rs keeps this file current.
const RUST_CODES = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), "error-codes.json"), "utf8"));
// Codes the UI tests send on purpose although Rust never does: the page must cope with a code
// from a newer backend (it falls back to the generic message).
const UNKNOWN_ON_PURPOSE = ["a_future_code"];
// The staff panel's diagnostics and settings-problem codes: kiosk-core's tests/error_codes.rs
// writes this file from kiosk_core::doctor (FINDINGS, REMEDIES, NOTES, CHECK_NAMES) and
// settings::Reason::CODES / Outcome.
const DIAG = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), "diagnostic-codes.json"), "utf8"));
const outcomeName = (o) => (typeof o === "string" ? o : "fallback_" + o.fallback);
/** Catalog keys for every code of diagnostic-codes.json: [code, keys that may word it]. */
function diagnosticKeys() {
  const plain = (prefix, codes) => codes.map((c) => [c, [prefix + c, prefix + c + "_other"]]);
  return [
    ...plain("staff_diag_", DIAG.findings),
    ...plain("staff_remedy_", DIAG.remedies),
    ...plain("staff_diag_note_", DIAG.notes),
    ...plain("staff_diag_name_", DIAG.checks),
    ...plain("staff_problem_", DIAG.setting_reasons),
    ...plain("staff_problem_outcome_", DIAG.setting_outcomes.map(outcomeName)),
  ];
}
const STAFF_MAPS = ["KEY_ERRORS", "SAVE_ERRORS", "SESSION_ERRORS", "STATUSES", "MODES", "SOURCES", "CHECKS", "UPDATES", "CAMERA"];
const staffMapKeys = () => STAFF_MAPS.flatMap((name) => Object.values(staffMessages[name]))
  .concat([staffMessages.GENERIC, staffMessages.OTHER_STATUS]);

const API_CODES = [
  "abandoned", "consent_declined", "country_not_supported", "device_not_supported", "document_expired",
  "document_type_not_supported", "document_unverified_other", "email_unverified_other",
  "email_verification_declined", "id_number_insufficient_document_data", "id_number_mismatch",
  "id_number_unverified_other", "phone_unverified_other", "phone_verification_declined",
  "selfie_document_missing_photo", "selfie_face_mismatch", "selfie_manipulated", "selfie_unverified_other",
  "under_supported_age",
];
// The staff commands' error codes that the contract says get their own message.
const STAFF_KEY_CODES = [
  "clipboard_empty", "key_format", "key_mode_mismatch", "publishable_key_format", "key_rejected",
  "key_permission", "keyring_unavailable", "stripe_unreachable", "busy", "key_empty", "key_check_failed",
  "key_api_base",
];
const STAFF_SAVE_CODES = ["setting_locked", "setting_invalid", "setting_unknown", "settings_write_failed"];
const STAFF_SESSION_CODES = ["stripe_unreachable"];
// kiosk_core::updates: why updates are off, failures, refusals (UpdateError, UpdateFailure, busy).
const STAFF_UPDATE_CODES = [
  "updates_off", "updates_no_endpoint", "updates_endpoint_invalid", "busy", "update_in_progress", "no_update",
  "update_unreachable", "update_invalid", "update_signature", "update_insecure", "update_install_failed",
];
const STRIPE_JS_CODES = [
  "consent_declined", "device_unsupported", "under_supported_age", "phone_otp_declined",
  "email_verification_declined", "session_cancelled",
];

const jsFiles = readdirSync(join(UI, "js")).filter((f) => f.endsWith(".js")).map((f) => join("js", f));

/** Keys referenced from code: t("k"), plural("k", n) (→ k_one, k_other), setText(el, "k"), data-i18n="k". */
function referencedKeys() {
  const keys = new Set();
  for (const file of jsFiles) {
    const src = read(file);
    for (const m of src.matchAll(/\bt\(\s*"([a-z0-9_]+)"/g)) keys.add(m[1]);
    for (const m of src.matchAll(/\bsetText\(\s*[^,()]+,\s*"([a-z0-9_]+)"/g)) keys.add(m[1]);
    for (const m of src.matchAll(/\bplural\(\s*"([a-z0-9_]+)"/g)) {
      keys.add(m[1] + "_one");
      keys.add(m[1] + "_other");
    }
  }
  for (const m of read("index.html").matchAll(/data-i18n="([a-z0-9_]+)"/g)) keys.add(m[1]);
  return keys;
}

test("the UI code references catalog keys (the extraction works)", () => {
  const keys = referencedKeys();
  assert.ok(keys.size > 30, `only ${keys.size} keys found`);
  for (const k of ["verify_button", "countdown_one", "needs_attempts_other", "reference_required_error"]) {
    assert.ok(keys.has(k), `${k} not found by the extraction`);
  }
});

test("every key referenced from the JS and HTML exists in en.js", () => {
  const missing = [...referencedKeys()].filter((k) => !(k in en));
  assert.deepEqual(missing, []);
});

test("every one of the 19 API last_error codes has its own reason message", () => {
  assert.equal(API_CODES.length, 19);
  for (const code of API_CODES) {
    const key = reasons.reasonKey(code);
    assert.notEqual(key, reasons.GENERIC, `${code} falls back to the generic message`);
    assert.ok(en[key], `${code} → ${key} missing in en.js`);
  }
});

test("every Stripe.js verifyIdentity error code has its own reason message", () => {
  assert.equal(STRIPE_JS_CODES.length, 6);
  for (const code of STRIPE_JS_CODES) {
    const key = reasons.reasonKey(code);
    assert.notEqual(key, reasons.GENERIC, `${code} falls back to the generic message`);
    assert.ok(en[key], `${code} → ${key} missing in en.js`);
  }
});

test("unknown and missing codes get the generic message", () => {
  for (const code of ["brand_new_code", null, undefined, "", "toString", "__proto__"]) {
    assert.equal(reasons.reasonKey(code), reasons.GENERIC);
  }
  assert.ok(en[reasons.GENERIC]);
});

test("every reason key the map names exists", () => {
  for (const key of Object.values(reasons.REASON_KEYS)) assert.ok(en[key], `${key} missing in en.js`);
});

test("every staff error code of the contract has its own message, and the maps name existing keys", () => {
  const own = (map, codes) => {
    for (const code of codes) {
      const key = staffMessages.keyFor(staffMessages[map], code);
      assert.notEqual(key, staffMessages.GENERIC, `${map}: ${code} falls back to the generic message`);
      assert.ok(en[key], `${map}: ${code} → ${key} missing in en.js`);
    }
  };
  own("KEY_ERRORS", STAFF_KEY_CODES);
  own("SAVE_ERRORS", STAFF_SAVE_CODES);
  own("SESSION_ERRORS", STAFF_SESSION_CODES);
  own("UPDATES", STAFF_UPDATE_CODES);
  for (const key of staffMapKeys()) assert.ok(en[key], `${key} missing in en.js`);
  for (const code of ["brand_new_code", null, undefined, "toString", "__proto__"]) {
    assert.equal(staffMessages.keyFor(staffMessages.KEY_ERRORS, code), staffMessages.GENERIC);
  }
  // The secret-key instructions must say where restricted keys need their permission.
  assert.match(en.staff_key_error_key_permission, /Identity verification sessions and reports: write/);
});

test("no message is empty and placeholders are well-formed", () => {
  for (const [key, value] of Object.entries(en)) {
    assert.equal(typeof value, "string", key);
    assert.ok(value.trim().length > 0, `${key} is empty`);
    assert.doesNotMatch(value, /\{[^a-z}]|\{[a-z_]*[^a-z_}][^}]*\}/i, `${key} has a malformed placeholder`);
    assert.doesNotMatch(value.replace(/\{\w+\}/g, ""), /[a-z]+_[a-z_]+/, `${key} looks like it shows a code: ${value}`);
  }
});

test("every message in en.js is used (no dead strings)", () => {
  const used = referencedKeys();
  for (const key of Object.values(reasons.REASON_KEYS)) used.add(key);
  used.add(reasons.GENERIC);
  for (const key of staffMapKeys()) used.add(key);
  for (const key of Object.values(errors.ERROR_KEYS)) used.add(key);
  used.add("language_name"); // read by main.js for the language picker
  // Worded by code (i18n.code(prefix, code)): the keys of every code Rust can send.
  for (const [, keys] of diagnosticKeys()) {
    for (const key of keys) {
      if (key in en) used.add(key);
      if (key.endsWith("_other") && key in en) used.add(key.replace(/_other$/, "_one"));
    }
  }
  const unused = Object.keys(en).filter((k) => !used.has(k));
  assert.deepEqual(unused, []);
});

test("Rust's list of codes is there and plausible", () => {
  assert.ok(Array.isArray(RUST_CODES) && RUST_CODES.length > 40, `${RUST_CODES.length} codes`);
  for (const code of ["key_empty", "key_check_failed", "stripe_unreachable", "pin_set_by_it", "busy"]) {
    assert.ok(RUST_CODES.includes(code), `${code} is not in tests/ui/error-codes.json`);
  }
});

test("every code Rust can send is worded in the catalog", () => {
  const unworded = RUST_CODES.filter((code) => !errors.errorKey(code) || !en[errors.errorKey(code)]);
  assert.deepEqual(unworded, []);
  for (const code of RUST_CODES) {
    assert.notEqual(staffMessages.errorFor(code), staffMessages.GENERIC, `${code} is shown as the generic error`);
  }
});

test("the page's maps name only codes Rust sends", () => {
  const stray = (names) => names.filter((code) => !RUST_CODES.includes(code));
  assert.deepEqual(stray(Object.keys(errors.ERROR_KEYS)), [], "errors.js");
  for (const map of ["KEY_ERRORS", "SAVE_ERRORS", "SESSION_ERRORS", "UPDATES"]) {
    assert.deepEqual(stray(Object.keys(staffMessages[map])), [], map);
  }
});

test("the UI tests' fake backend and scenarios send only codes Rust sends", () => {
  const here = dirname(fileURLToPath(import.meta.url));
  const used = new Set();
  for (const m of readFileSync(join(here, "fake-tauri.js"), "utf8").matchAll(/\breject\(\s*"([a-z_]+)"/g)) used.add(m[1]);
  for (const file of readdirSync(here).filter((f) => f.endsWith(".py"))) {
    const src = readFileSync(join(here, file), "utf8");
    // Scenario errors: "errors": {"command": "code" | ["code", None, ...]}.
    for (const block of src.matchAll(/"errors":\s*\{([^}]*)\}/g)) {
      for (const m of block[1].matchAll(/:\s*\[?([^,\]]*(?:,[^:\]]*)*)\]?/g)) {
        for (const code of m[1].matchAll(/"([a-z_]+)"/g)) used.add(code[1]);
      }
    }
    // The staff panel's parametrized IPC error codes: ("code", "catalog_key") pairs. (test_ui.py's
    // code,key pairs are Stripe.js's verifyIdentity codes, which come from Stripe, not Rust.)
    if (file !== "test_staff.py") continue;
    for (const block of src.matchAll(/parametrize\(\s*"code,key",\s*\[([\s\S]*?)\]\)/g)) {
      for (const m of block[1].matchAll(/\(\s*"([a-z_]+)"\s*,/g)) used.add(m[1]);
    }
  }
  assert.ok(used.size > 5, `only ${used.size} codes found: the extraction broke`);
  const stray = [...used].filter((code) => !RUST_CODES.includes(code) && !UNKNOWN_ON_PURPOSE.includes(code));
  assert.deepEqual(stray, []);
});

// ---- Every language ----------------------------------------------------------------------------

const RUST_LANGUAGES = (() => {
  const src = readFileSync(join(UI, "..", "src-tauri", "kiosk-core", "src", "languages.rs"), "utf8");
  const list = src.match(/pub const LANGUAGES: &\[&str\] = &\[([^\]]*)\]/);
  return list ? [...list[1].matchAll(/"([a-z-]+)"/g)].map((m) => m[1]) : [];
})();
const catalogFiles = readdirSync(join(UI, "i18n")).filter((f) => f.endsWith(".js")).map((f) => f.slice(0, -3));
const catalogs = Object.fromEntries(catalogFiles.map((lang) => {
  const messages = loadScript(join("i18n", `${lang}.js`), { window: {} }).window.KioskMessages;
  return [lang, messages && messages[lang]];
}));
/** Counted messages: the bases en.js has _one and _other forms of (staff_status_other is not one). */
const PLURAL_BASES = Object.keys(en).filter((k) => k.endsWith("_one")).map((k) => k.slice(0, -4))
  .filter((base) => `${base}_other` in en);
const CATEGORY = /_(zero|one|two|few|many|other)$/;
const placeholders = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(",");

test("the catalogs in ui/i18n are exactly Rust's list of languages (kiosk-core's languages.rs)", () => {
  assert.ok(RUST_LANGUAGES.length >= 12, `languages.rs lists ${RUST_LANGUAGES.length}`);
  assert.deepEqual([...catalogFiles].sort(), [...RUST_LANGUAGES].sort());
  for (const lang of catalogFiles) assert.ok(catalogs[lang], `${lang}.js does not define KioskMessages.${lang}`);
});

test("the plural bases are found (the extraction works)", () => {
  for (const base of ["countdown", "needs_attempts", "staff_pin_wrong"]) assert.ok(PLURAL_BASES.includes(base), base);
  assert.ok(!PLURAL_BASES.includes("staff_status"), "staff_status_other is a status, not a plural");
});

for (const lang of catalogFiles.filter((l) => l !== "en")) {
  test(`${lang}: every message of en.js, no other, same placeholders`, () => {
    const own = catalogs[lang];
    const countedHere = (k) => PLURAL_BASES.some((base) => k.startsWith(base + "_") && CATEGORY.test(k) && k.replace(CATEGORY, "") === base);
    const missing = Object.keys(en).filter((k) => !countedHere(k) && !(k in own));
    const extra = Object.keys(own).filter((k) => !countedHere(k) && !(k in en));
    assert.deepEqual(missing, [], "missing");
    assert.deepEqual(extra, [], "extra");
    for (const [key, text] of Object.entries(own)) {
      assert.equal(typeof text, "string", key);
      assert.ok(text.trim().length > 0, `${key} is empty`);
      const english = en[key] !== undefined ? en[key] : en[key.replace(CATEGORY, "_other")];
      assert.equal(placeholders(text), placeholders(english), `${key}: placeholders differ from English`);
    }
  });

  test(`${lang}: counted messages have each CLDR plural category the language uses`, () => {
    const own = catalogs[lang];
    const rules = new Intl.PluralRules(lang);
    const allowed = new Set(rules.resolvedOptions().pluralCategories);
    const needed = new Set(["other"]);
    for (let n = 0; n <= 1000; n++) needed.add(rules.select(n));
    for (const base of PLURAL_BASES) {
      for (const category of needed) assert.ok(`${base}_${category}` in own, `${base}_${category} missing`);
      for (const key of Object.keys(own).filter((k) => k.replace(CATEGORY, "") === base && CATEGORY.test(k))) {
        assert.ok(allowed.has(key.match(CATEGORY)[1]), `${key}: ${lang} has no such plural category`);
      }
    }
  });

  test(`${lang}: is a translation (named in itself, few messages left in English)`, () => {
    const own = catalogs[lang];
    assert.notEqual(own.language_name, en.language_name);
    const same = Object.keys(own).filter((k) => en[k] !== undefined && own[k] === en[k]);
    assert.ok(same.length < Object.keys(en).length * 0.08, `${same.length} messages as in English: ${same.join(", ")}`);
  });
}

test("every plural form in the UI is reached through plural(), which picks the category", () => {
  // plural() in i18n.js tries key_<category>, then key_other: a catalog form is never looked up by a
  // literal _few/_many key in code, so the JS only ever names the base.
  for (const file of jsFiles) {
    assert.doesNotMatch(read(file), /"[a-z_]+_(zero|two|few|many)"/, `${file} names a plural form directly`);
  }
});

test("every diagnostics and settings-problem code Rust can send is worded in the catalog", () => {
  assert.ok(DIAG.findings.length > 30 && DIAG.remedies.length > 15 && DIAG.setting_reasons.length > 10,
    "tests/ui/diagnostic-codes.json looks empty");
  const unworded = diagnosticKeys().filter(([, keys]) => !keys.some((k) => k in en)).map(([code]) => code);
  assert.deepEqual(unworded, []);
  // Counted findings come with {count} (and their _one form).
  for (const [, [plain, counted]] of diagnosticKeys()) {
    if (!(plain in en) && counted in en) assert.ok(counted.replace(/_other$/, "_one") in en, counted);
  }
});

test("the fake backend's diagnostics use only codes Rust sends", () => {
  const src = readFileSync(join(dirname(fileURLToPath(import.meta.url)), "fake-tauri.js"), "utf8");
  const found = [...src.matchAll(/check\(\s*"([a-z_]+)",\s*"[a-z]+",\s*"([a-z_]+)"[^)]*?(?:"([a-z_]+)"\s*)?\)/g)];
  assert.ok(found.length >= 4, "the extraction broke");
  for (const [, name, code, remedy] of found) {
    assert.ok(DIAG.checks.includes(name), name);
    assert.ok(DIAG.findings.includes(code), code);
    if (remedy) assert.ok(DIAG.remedies.includes(remedy), remedy);
  }
});
