// The staff panel: header (version, mode, Lock, Close), the settings problems box, and five tabs
// (Connection, Verification, Kiosk, Recent, Diagnostics) that follow the ARIA tabs pattern (arrow
// keys, Home, End). Settings controls are plain markup in index.html marked data-setting="key" and
// data-type; each tab's Save sends only the keys whose value changed. Locked settings are disabled
// with a lock and "Set by your IT policy". The secret key never passes here: staff copy it to the
// clipboard and Rust reads it; the publishable key field refuses anything that looks secret.
"use strict";

(function () {
  const screens = window.Kiosk.screens;
  const i18n = window.Kiosk.i18n;
  const { t, setText, plural } = i18n;
  const msgs = window.Kiosk.staffMessages;
  const { keyFor } = msgs;

  const TABS = ["connection", "verification", "kiosk", "recent", "diagnostics"];
  const JOURNAL_LIMIT = 100;
  const CANCELABLE = ["requires_input", "processing"];
  const INVALID = {};
  /** A secret (sk_) or restricted (rk_) key: never sent anywhere from this page. */
  const LOOKS_SECRET = /[sr]k_/i;

  let overview = null;
  let tab = "connection";
  let journal = [];
  let diagnosticsLoaded = false;

  const el = (id) => document.getElementById(id);
  const staff = () => window.Kiosk.staff;
  const onScreen = () => screens.current() === "staff-panel";
  const settingNodes = (root) => Array.from((root || el("screen-staff-panel")).querySelectorAll(".setting[data-setting]"));

  // ---- messages ------------------------------------------------------------------------------

  /** Shows `text` (already from the catalog) in a status line; kind is "ok", "error" or "info". */
  function say(node, kind, text) {
    delete node.dataset.i18n;
    node.textContent = text;
    node.dataset.kind = kind;
    node.hidden = false;
  }

  function hush(node) {
    node.hidden = true;
    node.textContent = "";
    delete node.dataset.kind;
  }

  async function withBusy(button, work) {
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    try {
      return await work();
    } finally {
      button.disabled = false;
      button.removeAttribute("aria-busy");
    }
  }

  /** Runs a staff command: {ok: result} or {err} (err.handled when staff_locked sent us to the PIN). */
  async function run(cmd, args) {
    try {
      return { ok: await staff().call(cmd, args) };
    } catch (err) {
      return { err };
    }
  }

  // ---- header, problems ----------------------------------------------------------------------

  function renderHeader() {
    const version = el("staff-version");
    if (overview.version) setText(version, "footer_version", { version: overview.version });
    else version.textContent = "";
    const mode = el("staff-mode");
    const known = Object.prototype.hasOwnProperty.call(msgs.MODES, overview.mode);
    mode.hidden = !known;
    if (known) setText(mode, msgs.MODES[overview.mode]);
    mode.dataset.mode = known ? overview.mode : "";
  }

  /** A settings problem in the staff language: where, which key, why, and what the kiosk did. */
  function settingProblemText(p) {
    const reason = p.reason || {};
    const why = i18n.code("staff_problem_", reason.code, reason.params) || p.text || "";
    const outcome = typeof p.outcome === "string" ? p.outcome
      : p.outcome && typeof p.outcome.fallback === "string" ? "fallback_" + p.outcome.fallback : "";
    const did = i18n.code("staff_problem_outcome_", outcome);
    const where = p.file && p.line ? t("staff_problem_at_line", { file: p.file, line: p.line }) : p.file || "";
    const head = [where, p.key].filter(Boolean).join(": ");
    return (head ? head + ": " : "") + why + (did ? " (" + did + ")" : "");
  }

  /** One line of "Needs attention": a settings problem or the journal, worded here from its code. */
  function problemText(p) {
    if (typeof p === "string") return p;
    if (!p || typeof p !== "object") return "";
    if (p.kind === "setting") return settingProblemText(p);
    if (p.kind === "journal") return t(msgs.errorFor(p.code));
    return p.text || "";
  }

  function renderProblems() {
    const problems = (Array.isArray(overview.problems) ? overview.problems : []).map(problemText).filter(Boolean);
    const list = el("staff-problems-list");
    list.textContent = "";
    problems.forEach((text) => {
      const item = document.createElement("li");
      item.textContent = text;
      list.appendChild(item);
    });
    el("staff-problems").hidden = problems.length === 0;
  }

  // ---- Connection ----------------------------------------------------------------------------

  function renderConnection() {
    const c = overview.connection || {};
    const mode = el("staff-conn-mode");
    if (Object.prototype.hasOwnProperty.call(msgs.MODES, overview.mode)) setText(mode, msgs.MODES[overview.mode]);
    else mode.textContent = "";
    const key = el("staff-conn-key");
    const hasKey = typeof c.secret_key === "string" && c.secret_key !== "";
    key.classList.toggle("mono", hasKey);
    if (hasKey) {
      delete key.dataset.i18n;
      key.textContent = c.secret_key; // masked by Rust, e.g. sk_live_…1234
    } else {
      setText(key, "staff_conn_no_key");
    }
    setText(el("staff-conn-source"), keyFor(msgs.SOURCES, c.source, "staff_conn_source_none"));
    const keyring = c.keyring || {};
    const state = el("staff-conn-keyring");
    if (keyring.ok) setText(state, "staff_conn_keyring_ok");
    else setText(state, "staff_conn_keyring_fail");
    state.dataset.ok = String(Boolean(keyring.ok));
    const detail = el("staff-conn-keyring-detail");
    detail.textContent = !keyring.ok && keyring.code ? t(msgs.errorFor(keyring.code)) : "";
    detail.hidden = !detail.textContent;
    const reach = c.reachability || {};
    const stripe = el("staff-conn-stripe");
    if (reach.ok === true) setText(stripe, "staff_conn_stripe_ok");
    else if (reach.ok === false) setText(stripe, "staff_conn_stripe_down", { cause: String(reach.cause || "?") });
    else setText(stripe, "staff_conn_stripe_unknown");
    stripe.dataset.ok = String(reach.ok === true);
    const camera = el("staff-conn-camera");
    if (Object.prototype.hasOwnProperty.call(msgs.CAMERA, c.camera)) setText(camera, msgs.CAMERA[c.camera]);
    else setText(camera, "staff_conn_camera_unknown");
    camera.dataset.ok = String(c.camera === "ok");
    // What a live customer gets on this machine (kiosk_core::live_flow): Stripe.js needs an
    // https page for a live key, which only Windows' page is.
    const live = overview.live_flow || {};
    const liveFlow = el("staff-conn-live-flow");
    if (live.reason === "live_modal_needs_https") setText(liveFlow, "staff_conn_live_flow_hosted_https");
    else if (live.flow === "hosted") setText(liveFlow, "staff_conn_live_flow_hosted");
    else setText(liveFlow, "staff_conn_live_flow_modal");
    el("staff-publishable-key").value = typeof c.publishable_key === "string" ? c.publishable_key : "";
    // Only a key this kiosk stored can be removed here (an environment variable is IT's).
    el("staff-remove-key").hidden = !(c.secret_key && c.source === "keyring");
  }

  /** After the key changed the mode may have too: fetch the overview again, quietly. */
  async function refreshOverview() {
    const { ok } = await run("staff_overview");
    if (!ok || !onScreen()) return;
    overview = ok;
    renderHeader();
    renderConnection();
  }

  async function useClipboardKey() {
    const out = el("staff-conn-message");
    const input = el("staff-publishable-key");
    const publishable = input.value.trim();
    if (LOOKS_SECRET.test(publishable)) {
      input.value = ""; // a secret key typed here is wiped, never sent
      say(out, "error", t("staff_conn_publishable_secret"));
      input.focus();
      return;
    }
    if (!publishable) {
      say(out, "error", t("staff_conn_publishable_missing"));
      input.focus();
      return;
    }
    say(out, "info", t("staff_working"));
    const { ok, err } = await withBusy(el("staff-use-clipboard"), () =>
      run("staff_set_key_from_clipboard", { publishable_key: publishable }));
    if (!onScreen() || (err && err.handled)) return;
    if (err) return say(out, "error", t(keyFor(msgs.KEY_ERRORS, err.code)));
    overview.connection = ok;
    renderConnection();
    say(out, "ok", t("staff_conn_key_saved"));
    refreshOverview();
  }

  async function checkConnection() {
    const out = el("staff-conn-message");
    say(out, "info", t("staff_working"));
    const { ok, err } = await withBusy(el("staff-check-connection"), () => run("staff_check_connection"));
    if (!onScreen() || (err && err.handled)) return;
    if (err) return say(out, "error", t(keyFor(msgs.KEY_ERRORS, err.code)));
    if (ok && ok.ok) say(out, "ok", t("staff_conn_check_ok"));
    else say(out, "error", t(keyFor(msgs.KEY_ERRORS, ok && ok.code)));
  }

  async function removeKey() {
    const out = el("staff-conn-message");
    hush(out);
    const sure = await staff().confirm({
      title: t("staff_confirm_remove_title"),
      body: t("staff_confirm_remove_body"),
      ok: t("staff_conn_remove"),
    });
    if (!sure || !onScreen()) return;
    const { ok, err } = await withBusy(el("staff-remove-key"), () => run("staff_remove_key"));
    if (!onScreen() || (err && err.handled)) return;
    if (err) return say(out, "error", t(keyFor(msgs.KEY_ERRORS, err.code)));
    overview.connection = ok;
    renderConnection();
    say(out, "ok", t("staff_conn_removed"));
    refreshOverview();
  }

  // ---- settings forms ------------------------------------------------------------------------

  function options(node) {
    return Array.from(node.querySelectorAll("input[type=checkbox]")).map((box) => box.value);
  }

  /** The languages a staff member may pick: every language this kiosk has a catalog for (each
   *  named in itself), plus any already configured. */
  function languageCodes(value) {
    const codes = ((window.Kiosk.main.info() || {}).all_languages || []).filter((c) => typeof c === "string");
    (Array.isArray(value) ? value : [value]).forEach((code) => {
      if (typeof code === "string" && !codes.includes(code)) codes.push(code);
    });
    return codes;
  }

  function languageChoice(type, name, code) {
    const label = document.createElement("label");
    label.className = "check";
    const input = document.createElement("input");
    input.type = type;
    if (name) input.name = name;
    input.value = code;
    const text = document.createElement("span");
    text.lang = code;
    text.dir = i18n.isRtl(code) ? "rtl" : "ltr";
    text.textContent = i18n.nameOf(code);
    label.append(input, text);
    return label;
  }

  function renderLanguageChoices(value) {
    const box = el("staff-set-languages");
    box.textContent = "";
    languageCodes(value).forEach((code) => box.appendChild(languageChoice("checkbox", null, code)));
  }

  function renderLanguageRadios(node, value) {
    const box = node.querySelector("[data-language-radios]");
    box.textContent = "";
    languageCodes(value).forEach((code) =>
      box.appendChild(languageChoice("radio", box.dataset.languageRadios, code)));
  }

  function writeValue(node, value) {
    const type = node.dataset.type;
    if (type === "bool") {
      node.querySelector("input").checked = value === true;
    } else if (type === "int" || type === "string") {
      node.querySelector("input").value = value === null || value === undefined ? "" : String(value);
    } else if (type === "enum") {
      node.querySelectorAll("input[type=radio]").forEach((radio) => {
        radio.checked = radio.value === value;
      });
    } else if (type === "list") {
      const list = Array.isArray(value) ? value : [];
      const all = node.hasAttribute("data-empty-means-all") && list.length === 0;
      node.querySelectorAll("input[type=checkbox]").forEach((box) => {
        box.checked = all || list.includes(box.value);
      });
    }
  }

  /** The control's value in the setting's own shape, or INVALID. */
  function readValue(node) {
    const type = node.dataset.type;
    const input = node.querySelector("input");
    if (type === "bool") return input.checked;
    if (type === "int") {
      const raw = input.value.trim();
      const min = Number(node.dataset.min || 0);
      return /^\d+$/.test(raw) && Number(raw) >= min ? Number(raw) : INVALID;
    }
    if (type === "string") {
      const text = input.value.trim();
      return text === "" && node.hasAttribute("data-nullable") ? null : text;
    }
    if (type === "enum") {
      const checked = node.querySelector("input[type=radio]:checked");
      return checked ? checked.value : null;
    }
    const picked = Array.from(node.querySelectorAll("input[type=checkbox]:checked")).map((box) => box.value);
    if (!node.hasAttribute("data-ordered")) return picked;
    // Keep the configured order (the first language is the default one), new picks after.
    const before = JSON.parse(node.dataset.value || "[]");
    return before.filter((code) => picked.includes(code)).concat(picked.filter((code) => !before.includes(code)));
  }

  /** A comparable form: "all types" and [] are the same; unordered lists are sorted. */
  function comparable(node, value) {
    if (node.dataset.type === "list") {
      let list = Array.isArray(value) ? value.slice() : [];
      if (node.hasAttribute("data-empty-means-all") && list.length === 0) list = options(node);
      if (!node.hasAttribute("data-ordered")) list.sort();
      return JSON.stringify(list);
    }
    if (node.dataset.type === "string") {
      return JSON.stringify(value === null || value === undefined ? (node.hasAttribute("data-nullable") ? null : "") : String(value));
    }
    return JSON.stringify(value === undefined ? null : value);
  }

  function fieldError(node, value) {
    if (value === INVALID) return t("staff_number_invalid", { min: node.dataset.min || "0" });
    if (node.dataset.setting === "verification.allowed_types" && value.length === 0) return t("staff_ver_doc_types_none");
    if (node.dataset.setting === "kiosk.languages" && value.length === 0) return t("staff_k_languages_none");
    return null;
  }

  function showFieldError(node, text) {
    const error = node.querySelector(":scope > .field-error");
    error.textContent = text || "";
    error.hidden = !text;
    node.querySelectorAll("input").forEach((input) => {
      if (text) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
    });
  }

  function renderSettings() {
    const byKey = new Map();
    (Array.isArray(overview.settings) ? overview.settings : []).forEach((entry) => {
      if (entry && typeof entry.key === "string") byKey.set(entry.key, entry);
    });
    settingNodes().forEach((node) => {
      const entry = byKey.get(node.dataset.setting);
      node.hidden = !entry; // a setting this backend does not have is not offered
      showFieldError(node, null);
      if (!entry) return;
      if (node.dataset.setting === "kiosk.languages") renderLanguageChoices(entry.value);
      if (node.querySelector("[data-language-radios]")) renderLanguageRadios(node, entry.value);
      writeValue(node, entry.value);
      node.dataset.value = JSON.stringify(entry.value === undefined ? null : entry.value);
      node.dataset.original = comparable(node, entry.value);
      const locked = entry.locked === true;
      node.classList.toggle("is-locked", locked);
      node.querySelectorAll("input").forEach((input) => {
        input.disabled = locked;
      });
      const note = node.querySelector(":scope > .setting-locked");
      note.hidden = !locked;
      const noteText = note.querySelector("span");
      if (entry.source === "environment") setText(noteText, "staff_setting_locked_environment");
      else setText(noteText, "staff_setting_locked");
    });
    // A group whose settings are all missing disappears too.
    el("screen-staff-panel").querySelectorAll("fieldset.setting-group").forEach((group) => {
      group.hidden = settingNodes(group).every((node) => node.hidden);
    });
  }

  async function save(name) {
    const panel = el("staff-tabpanel-" + name);
    const out = panel.querySelector("[data-save-message]");
    const detail = panel.querySelector("[data-save-detail]");
    hush(out);
    hush(detail);
    const changes = {};
    let firstInvalid = null;
    settingNodes(panel).forEach((node) => {
      if (node.hidden || node.classList.contains("is-locked")) return;
      const value = readValue(node);
      const error = fieldError(node, value);
      showFieldError(node, error);
      if (error) {
        firstInvalid = firstInvalid || node;
        return;
      }
      if (comparable(node, value) !== node.dataset.original) changes[node.dataset.setting] = value;
    });
    if (firstInvalid) {
      firstInvalid.querySelector("input:not(:disabled)").focus();
      return;
    }
    if (Object.keys(changes).length === 0) return say(out, "info", t("staff_nothing_changed"));
    const { ok, err } = await withBusy(el("staff-save-" + name), () => run("staff_update_settings", { changes }));
    if (!onScreen() || (err && err.handled)) return;
    if (err) {
      say(out, "error", t(keyFor(msgs.SAVE_ERRORS, err.code)));
      // A refused value: which setting and why, worded from the reason's code.
      if (err.code === "setting_invalid" && err.reason) {
        const why = i18n.code("staff_problem_", err.reason.code, err.reason.params);
        if (why) say(detail, "error", (err.key ? err.key + ": " : "") + why);
      }
      return;
    }
    overview.settings = ok.settings;
    overview.problems = ok.problems;
    renderSettings();
    renderProblems();
    if (Object.prototype.hasOwnProperty.call(changes, "kiosk.staff_timeout_secs")) staff().setTimeoutSecs(changes["kiosk.staff_timeout_secs"]);
    say(out, "ok", t("staff_saved"));
  }

  // ---- Recent --------------------------------------------------------------------------------

  const formatTime = i18n.dateTime;

  /** `text` with a line-break opportunity after each of `chars` (paths, codes with underscores). */
  function breakable(text, chars) {
    const out = document.createDocumentFragment();
    let part = "";
    for (const ch of String(text || "")) {
      part += ch;
      if (chars.includes(ch)) {
        out.append(part, document.createElement("wbr"));
        part = "";
      }
    }
    if (part) out.append(part);
    return out;
  }

  function cell(row, content, className) {
    const td = document.createElement("td");
    if (className) td.className = className;
    if (content instanceof Node) td.appendChild(content);
    else td.textContent = content || "";
    row.appendChild(td);
    return td;
  }

  function badge(text, kind) {
    const span = document.createElement("span");
    span.className = "badge badge-" + kind;
    span.textContent = text;
    return span;
  }

  function actionButton(label, ariaLabel, action, entry) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "secondary staff-btn small" + (action === "redact" ? " danger" : "");
    button.textContent = label;
    button.setAttribute("aria-label", ariaLabel);
    button.dataset.action = action;
    button.addEventListener("click", () => sessionAction(action, entry, button));
    return button;
  }

  function journalRow(entry) {
    const row = document.createElement("tr");
    row.dataset.sessionId = entry.session_id;
    const time = document.createElement("time");
    time.textContent = formatTime(entry.created_at);
    if (Number.isFinite(Number(entry.created_at))) time.dateTime = new Date(Number(entry.created_at) * 1000).toISOString();
    cell(row, time, "col-time");
    const id = document.createElement("code");
    id.textContent = entry.session_id;
    cell(row, id, "col-session");
    const badges = document.createElement("div");
    badges.className = "status-badges";
    badges.appendChild(badge(t(keyFor(msgs.STATUSES, entry.status, msgs.OTHER_STATUS)), "status-" + (entry.status || "other")));
    if (entry.redacted) badges.appendChild(badge(t("staff_recent_redacted"), "redacted"));
    cell(row, badges, "col-status");
    const reason = document.createElement("code");
    reason.appendChild(breakable(entry.reason_code, "_")); // Stripe's code, for staff and support
    cell(row, reason, "col-reason");
    cell(row, entry.reference || "", "col-reference");
    const actions = cell(row, null, "col-actions");
    if (CANCELABLE.includes(entry.status)) {
      actions.appendChild(actionButton(t("staff_recent_cancel"), t("staff_recent_cancel_label", { id: entry.session_id }), "cancel", entry));
    }
    if (!entry.redacted) {
      actions.appendChild(actionButton(t("staff_recent_redact"), t("staff_recent_redact_label", { id: entry.session_id }), "redact", entry));
    }
    return row;
  }

  function renderJournal() {
    const rows = el("staff-journal-rows");
    rows.textContent = "";
    journal.forEach((entry) => {
      if (entry && typeof entry.session_id === "string") rows.appendChild(journalRow(entry));
    });
    el("staff-journal").hidden = journal.length === 0;
    el("staff-recent-empty").hidden = journal.length !== 0;
  }

  async function loadJournal() {
    const out = el("staff-recent-message");
    say(out, "info", t("staff_loading"));
    const { ok, err } = await run("staff_journal", { limit: JOURNAL_LIMIT });
    if (!onScreen() || (err && err.handled)) return;
    if (err) return say(out, "error", t(msgs.errorFor(err.code)));
    hush(out);
    journal = Array.isArray(ok) ? ok : [];
    renderJournal();
  }

  async function sessionAction(action, entry, button) {
    const out = el("staff-recent-message");
    hush(out);
    const id = entry.session_id;
    const cancel = action === "cancel";
    const sure = await staff().confirm(cancel
      ? { title: t("staff_confirm_cancel_title"), body: t("staff_confirm_cancel_body", { id }), ok: t("staff_confirm_cancel_ok") }
      : { title: t("staff_confirm_redact_title"), body: t("staff_confirm_redact_body", { id }), ok: t("staff_confirm_redact_ok") });
    if (!sure || !onScreen()) return;
    const { ok, err } = await withBusy(button, () =>
      run(cancel ? "staff_cancel_session" : "staff_redact_session", { session_id: id }));
    if (!onScreen() || (err && err.handled)) return;
    if (err) return say(out, "error", t(keyFor(msgs.SESSION_ERRORS, err.code)));
    const updated = ok && typeof ok.session_id === "string" ? ok : Object.assign({}, entry);
    journal = journal.map((item) => (item.session_id === id ? updated : item));
    renderJournal();
    say(out, "ok", cancel ? t("staff_recent_canceled_done") : t("staff_recent_redacted_done"));
  }

  async function exportCsv() {
    const out = el("staff-recent-message");
    hush(out);
    const { ok, err } = await withBusy(el("staff-export-csv"), () => run("staff_export_csv"));
    if (!onScreen() || (err && err.handled)) return;
    if (err || !ok) return say(out, "error", t(msgs.errorFor(err && err.code)));
    say(out, "ok", plural("staff_recent_exported", Number(ok.rows) || 0, { path: ok.path }));
  }

  // ---- Diagnostics ---------------------------------------------------------------------------

  function renderPaths() {
    const paths = overview.paths || {};
    el("staff-diag-version").textContent = overview.version || "";
    [["staff-diag-log-dir", paths.log_dir], ["staff-diag-config", paths.config_file],
      ["staff-diag-policy", paths.policy_file], ["staff-diag-journal", paths.journal]].forEach(([id, path]) => {
      const node = el(id);
      node.textContent = "";
      node.appendChild(breakable(path, "/\\"));
    });
  }

  /** A check's finding in the staff language, with its notes and, when there is one, what went
   *  wrong as the system said it (a parameter, not translated). */
  function diagnosticDetail(check) {
    const params = check.params || {};
    const finding = i18n.code("staff_diag_", check.code, params);
    if (finding === null) return check.detail || "";
    const notes = (Array.isArray(check.notes) ? check.notes : [])
      .map((note) => i18n.code("staff_diag_note_", note, params)).filter(Boolean);
    const cause = params.cause ? [t("staff_diag_cause", { cause: params.cause })] : [];
    return [finding].concat(notes, cause).join(" ");
  }

  function diagnosticItem(check) {
    const status = Object.prototype.hasOwnProperty.call(msgs.CHECKS, check.status) ? check.status : "warn";
    const item = document.createElement("li");
    item.className = "diag-item diag-" + status;
    item.dataset.status = status;
    item.dataset.check = check.name || "";
    item.appendChild(badge(t(msgs.CHECKS[status]), status));
    const body = document.createElement("div");
    const name = document.createElement("p");
    name.className = "diag-name";
    name.textContent = i18n.code("staff_diag_name_", check.name) || check.name || "";
    body.appendChild(name);
    const detailText = diagnosticDetail(check);
    if (detailText) {
      const detail = document.createElement("p");
      detail.className = "diag-detail";
      detail.textContent = detailText;
      body.appendChild(detail);
    }
    const remedyText = check.remedy_code
      ? i18n.code("staff_remedy_", check.remedy_code, check.params) || check.remedy : check.remedy;
    if (remedyText) {
      const remedy = document.createElement("p");
      remedy.className = "diag-remedy";
      const label = document.createElement("strong");
      label.textContent = t("staff_diag_remedy") + " ";
      remedy.append(label, document.createTextNode(remedyText));
      body.appendChild(remedy);
    }
    item.appendChild(body);
    return item;
  }

  async function loadDiagnostics() {
    diagnosticsLoaded = true;
    const out = el("staff-diag-message");
    const list = el("staff-diag-list");
    list.textContent = "";
    say(out, "info", t("staff_loading"));
    const { ok, err } = await withBusy(el("staff-diag-run"), () => run("staff_diagnostics"));
    if (!onScreen() || (err && err.handled)) return;
    if (err) return say(out, "error", t(msgs.errorFor(err.code)));
    hush(out);
    (Array.isArray(ok) ? ok : []).forEach((check) => {
      if (check) list.appendChild(diagnosticItem(check));
    });
  }

  // ---- Updates (Diagnostics) -----------------------------------------------------------------

  /** Shows what the backend knows about updates: {current_version, state, version, notes,
   * last_checked, off_reason, customer_in_flow, code}. Install is offered only for an available
   * update, and disabled (with the reason) while updates are off or a customer is mid-flow. */
  function renderUpdates(view) {
    const v = view || {};
    const status = el("staff-upd-status");
    const notes = el("staff-upd-notes");
    const reason = el("staff-upd-reason");
    const install = el("staff-upd-install");
    const check = el("staff-upd-check");
    const version = typeof v.version === "string" ? v.version : "";
    delete status.dataset.kind;
    if (v.state === "checking") setText(status, "staff_upd_checking");
    else if (v.state === "available") {
      setText(status, "staff_upd_available", { version });
      status.dataset.kind = "available";
    } else if (v.state === "installing") setText(status, "staff_upd_installing", { version });
    else if (v.state === "failed") {
      setText(status, keyFor(msgs.UPDATES, v.code));
      status.dataset.kind = "error";
    } else if (v.last_checked) setText(status, "staff_upd_up_to_date", { time: formatTime(v.last_checked) });
    else setText(status, "staff_upd_never");
    // Release notes come from the update server: shown as plain text only.
    notes.textContent = v.state === "available" && typeof v.notes === "string" ? v.notes : "";
    notes.hidden = !notes.textContent;
    const off = typeof v.off_reason === "string" ? v.off_reason : null;
    const blocked = off || (v.customer_in_flow ? "busy" : null);
    install.hidden = v.state !== "available";
    install.dataset.version = version;
    if (!install.hidden) setText(install, "staff_upd_install", { version });
    install.disabled = Boolean(blocked);
    check.disabled = Boolean(off) || v.state === "checking" || v.state === "installing";
    const shown = off || (v.state === "available" ? blocked : null);
    if (shown) setText(reason, keyFor(msgs.UPDATES, shown));
    reason.hidden = !shown;
    if (!shown) reason.textContent = "";
  }

  async function loadUpdates() {
    const { ok, err } = await run("staff_update_status");
    if (!onScreen() || (err && err.handled)) return;
    if (err) return say(el("staff-diag-message"), "error", t(msgs.errorFor(err.code)));
    renderUpdates(ok);
  }

  /** A refused request: its reason in the message line, then the state as it is now. */
  function updateRefused(err) {
    say(el("staff-diag-message"), "error", t(keyFor(msgs.UPDATES, err.code)));
    loadUpdates();
  }

  async function checkUpdate() {
    hush(el("staff-diag-message"));
    setText(el("staff-upd-status"), "staff_upd_checking");
    const { ok, err } = await withBusy(el("staff-upd-check"), () => run("staff_check_update"));
    if (!onScreen() || (err && err.handled)) return;
    if (err) return updateRefused(err);
    renderUpdates(ok);
  }

  async function installUpdate() {
    hush(el("staff-diag-message"));
    const version = el("staff-upd-install").dataset.version || "";
    const sure = await staff().confirm({
      title: t("staff_confirm_update_title", { version }),
      body: t("staff_confirm_update_body"),
      ok: t("staff_confirm_update_ok"),
    });
    if (!sure || !onScreen()) return;
    renderUpdates({ state: "installing", version });
    const { ok, err } = await withBusy(el("staff-upd-install"), () => run("staff_install_update"));
    if (!onScreen() || (err && err.handled)) return;
    if (err) return updateRefused(err);
    renderUpdates(ok);
  }

  async function quit() {
    const sure = await staff().confirm({
      title: t("staff_confirm_quit_title"),
      body: t("staff_confirm_quit_body"),
      ok: t("staff_diag_quit"),
    });
    if (!sure || !onScreen()) return;
    const out = el("staff-diag-message");
    say(out, "info", t("staff_working"));
    const { err } = await withBusy(el("staff-quit"), () => run("staff_quit"));
    if (err && !err.handled && onScreen()) say(out, "error", t(msgs.errorFor(err.code)));
  }

  // ---- tabs ----------------------------------------------------------------------------------

  function selectTab(name, focus) {
    tab = TABS.includes(name) ? name : TABS[0];
    TABS.forEach((each) => {
      const button = el("staff-tab-" + each);
      const on = each === tab;
      button.setAttribute("aria-selected", String(on));
      button.tabIndex = on ? 0 : -1;
      el("staff-tabpanel-" + each).hidden = !on;
    });
    if (focus) el("staff-tab-" + tab).focus();
    if (tab === "recent") loadJournal();
    if (tab === "diagnostics" && !diagnosticsLoaded) loadDiagnostics();
    if (tab === "diagnostics") loadUpdates();
  }

  function onTabKey(event) {
    const at = TABS.indexOf(tab);
    const moves = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: TABS.length - 1 };
    if (!Object.prototype.hasOwnProperty.call(moves, event.key)) return;
    event.preventDefault();
    selectTab(TABS[(moves[event.key] + TABS.length) % TABS.length], true);
  }

  // ---- showing -------------------------------------------------------------------------------

  function render() {
    renderHeader();
    renderProblems();
    renderConnection();
    renderSettings();
    renderPaths();
  }

  /** Shows the panel (the PIN was accepted, or staff came back from Change PIN). */
  async function show(opts) {
    const o = opts || {};
    el("screen-staff-panel").querySelectorAll(".staff-message, .staff-detail[data-save-detail]").forEach(hush);
    const note = el("staff-panel-message");
    if (o.pinChanged) say(note, "ok", t("staff_pin_changed"));
    diagnosticsLoaded = false;
    screens.show("staff-panel");
    selectTab(tab, false);
    const { ok, err } = await run("staff_overview");
    if (!onScreen() || (err && err.handled)) return;
    if (err) return say(note, "error", t(msgs.errorFor(err.code)));
    overview = ok;
    // The language settings name every language in itself: their catalogs say how.
    await i18n.load((window.Kiosk.main.info() || {}).all_languages);
    if (!onScreen()) return;
    render();
  }

  function bind() {
    // Every setting gets its lock note (from the template) and an inline error line.
    const template = el("staff-locked-note");
    settingNodes().forEach((node) => {
      const error = document.createElement("p");
      error.className = "field-error";
      error.hidden = true;
      node.appendChild(error);
      const note = template.content.firstElementChild.cloneNode(true);
      note.hidden = true;
      node.appendChild(note);
      node.hidden = true; // until the overview says this backend has it
    });
    el("staff-lock").addEventListener("click", () => staff().lock());
    el("staff-close").addEventListener("click", () => staff().close());
    const tablist = el("screen-staff-panel").querySelector("[role=tablist]");
    tablist.addEventListener("keydown", onTabKey);
    TABS.forEach((name) => el("staff-tab-" + name).addEventListener("click", () => selectTab(name, false)));
    el("staff-use-clipboard").addEventListener("click", useClipboardKey);
    el("staff-check-connection").addEventListener("click", checkConnection);
    el("staff-remove-key").addEventListener("click", removeKey);
    el("screen-staff-panel").querySelectorAll("[data-save]").forEach((button) =>
      button.addEventListener("click", () => save(button.dataset.save)));
    el("screen-staff-panel").querySelectorAll("form.staff-form").forEach((form) =>
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        save(form.dataset.form);
      }));
    el("staff-export-csv").addEventListener("click", exportCsv);
    el("staff-diag-run").addEventListener("click", loadDiagnostics);
    el("staff-change-pin").addEventListener("click", () => window.Kiosk.staffPin.show("change"));
    el("staff-quit").addEventListener("click", quit);
    el("staff-upd-check").addEventListener("click", checkUpdate);
    el("staff-upd-install").addEventListener("click", installUpdate);
  }

  window.Kiosk = window.Kiosk || {};
  window.Kiosk.staffPanel = { bind, show };
})();
