// The customer flow: start a session, run Stripe's modal (or the hosted page), poll the status, and
// map every backend state and error code to a screen. The client_secret only ever lives in local
// variables and function arguments here: never in storage, the DOM, the URL or the console.
"use strict";

(function () {
  const { invoke } = window.Kiosk.api;
  const screens = window.Kiosk.screens;
  const { plural, setText } = window.Kiosk.i18n;
  const { reasonKey } = window.Kiosk.reasons;
  const stripeLoader = window.Kiosk.stripeLoader;

  const POLL_MS = 1000;
  const CONNECTION_POLL_MS = 5000;
  const CONNECTION_WATCH_MS = 3000;
  const AWAITING_GRACE_MS = 10000; // "awaiting_customer" right after a submission may be a stale status
  const SLOW_NOTE_MS = 20000; // then "Still checking" appears on the Submitted screen
  const STOPPED_CODES = ["session_cancelled", "consent_declined"];

  let info = null;
  let loadInfo = async () => null;
  let run = 0; // bumped by every new step; a callback from an older step sees run changed and stops
  let sessionStarted = false; // a session may be open: going back to Welcome needs finish_verification
  let useHosted = false;
  let attemptsLeft = null;
  let lastReason = null;
  let resetting = false;
  const timers = new Set();

  function later(fn, ms) {
    const id = setTimeout(() => {
      timers.delete(id);
      fn();
    }, ms);
    timers.add(id);
    return id;
  }

  function cancel(id) {
    clearTimeout(id);
    timers.delete(id);
  }

  /** Starts a new step: older steps' timers stop and their pending promises are ignored. */
  function newRun() {
    timers.forEach((id) => clearTimeout(id));
    timers.clear();
    run += 1;
    return run;
  }

  const wantsModal = () => info && info.flow !== "hosted" && !useHosted;
  const preload = () =>
    stripeLoader.load(info.stripe_js_url, info.publishable_key, window.Kiosk.i18n.language());

  // ---- going back to the start -------------------------------------------------------------

  /** Cancels what is unfinished, wipes the webview's storage and reloads (the backend does it all). */
  async function reset() {
    if (resetting) return;
    resetting = true;
    newRun();
    window.Kiosk.idle.stop();
    try {
      await invoke("finish_verification");
    } catch (_) {
      // reload anyway: a fresh page is the safest state for the next customer
    }
    location.replace("index.html");
  }

  function clearWelcome() {
    const input = document.getElementById("reference");
    input.value = "";
    hideReferenceError();
  }

  /** Back to Welcome without a reload (nothing of a customer is held yet). */
  function goWelcome() {
    if (sessionStarted) return reset();
    newRun();
    clearWelcome();
    window.Kiosk.main.resetLanguage();
    useHosted = false;
    if (info && info.flow !== "hosted") stripeLoader.retryIfFailed().then(preload);
    screens.show("welcome");
  }

  // ---- Welcome -----------------------------------------------------------------------------

  let stripeDown = false; // the backend's background check last found Stripe unreachable

  /** While Welcome shows: asks the backend what its background check knows (no network), and
   *  says "not available" before a customer taps rather than after. Stops with the next step. */
  let watching = -1; // the run whose Welcome is being watched (one watcher per run)

  function watchConnection() {
    const my = run;
    if (watching === my) return;
    watching = my;
    const check = async () => {
      if (my !== run || screens.current() !== "welcome") return;
      try {
        const conn = await invoke("connection_status");
        if (my !== run || screens.current() !== "welcome") return;
        stripeDown = Boolean(conn && conn.ok === false);
        if (stripeDown) return showUnavailable();
      } catch (_) {
        // an older backend or a hiccup: the tap will find out
      }
      later(check, CONNECTION_WATCH_MS);
    };
    check();
  }

  function referenceMode() {
    const mode = info && info.reference && info.reference.mode;
    return mode === "optional" || mode === "required" ? mode : "hidden";
  }

  function showReferenceError() {
    const input = document.getElementById("reference");
    const error = document.getElementById("reference-error");
    setText(error, "reference_required_error");
    error.hidden = false;
    input.setAttribute("aria-invalid", "true");
    input.focus();
  }

  function hideReferenceError() {
    document.getElementById("reference-error").hidden = true;
    document.getElementById("reference").removeAttribute("aria-invalid");
  }

  /** The reference to send (null when none), or undefined when a required one is missing. */
  function readReference() {
    const mode = referenceMode();
    if (mode === "hidden") return null;
    const value = document.getElementById("reference").value.trim();
    if (!value) return mode === "required" ? undefined : null;
    return value;
  }

  function onVerify() {
    if (screens.current() !== "welcome") return;
    const reference = readReference();
    if (reference === undefined) return showReferenceError();
    hideReferenceError();
    if (stripeDown) return showUnavailable();
    begin(reference);
  }

  // ---- start -------------------------------------------------------------------------------

  async function begin(reference) {
    const my = newRun();
    screens.show("starting");
    const stripePromise = wantsModal() ? preload() : Promise.resolve(null);
    if (info.flow === "modal" && !(await stripePromise)) {
      // No modal possible and no fallback allowed: do not create a session at all.
      if (my === run) showUnavailable();
      return;
    }
    let started;
    // From here a session may exist at Stripe even if the answer never arrives (the backend
    // then settles it): going back to Welcome must go through finish_verification.
    sessionStarted = true;
    try {
      started = await invoke("start_verification", { reference });
    } catch (err) {
      if (my === run) onStartError(err, my);
      return;
    }
    if (my !== run) return;
    const stripe = await stripePromise;
    if (my !== run) return;
    if (!stripe) {
      useHosted = true;
      return goHosted(my);
    }
    openModal(stripe, started.client_secret, my);
  }

  function onStartError(err, my) {
    switch (err.code) {
      case "reference_required":
        if (info.reference) info.reference.mode = "required";
        window.Kiosk.main.applyReferenceField();
        screens.show("welcome");
        return showReferenceError();
      case "unavailable":
      case "keyring_locked":
        return showUnavailable();
      case "busy":
        sessionStarted = true;
        return resumeFromStatus(my, true);
      case "stripe_rejected":
      default:
        return screens.show("staff");
    }
  }

  /** Continues an already open session from wherever the backend says it is. */
  async function resumeFromStatus(my, mayRetry) {
    let status;
    try {
      status = await invoke("verification_status");
    } catch (err) {
      if (my === run) showUnavailable();
      return;
    }
    if (my !== run) return;
    noteAttempts(status);
    switch (status.state) {
      case "awaiting_customer":
      case "requires_input":
        if (status.state === "requires_input" || !mayRetry) return showResult(status);
        return tryAgain();
      case "processing":
        return startPolling(my);
      case "unavailable":
        return showUnavailable();
      case "none":
        return screens.show("staff");
      default:
        return showResult(status);
    }
  }

  // ---- verify: Stripe's modal or the hosted page ---------------------------------------------

  async function goHosted(my) {
    screens.show("starting");
    try {
      await invoke("use_hosted_flow"); // the backend navigates this window away
    } catch (err) {
      if (my !== run) return;
      if (err.code === "unavailable") showUnavailable();
      else screens.show("staff");
    }
  }

  async function openModal(stripe, clientSecret, my) {
    screens.show("verifying");
    // The page cannot see input inside Stripe's iframe: no idle timer, only an overall limit.
    const limit = later(reset, Math.max(1, Number(info.modal_timeout_secs) || 900) * 1000);
    let result;
    try {
      result = await stripe.verifyIdentity(clientSecret);
    } catch (err) {
      console.warn("[kiosk] verifyIdentity threw:", err && err.name);
      result = { error: { code: null } };
    }
    if (my !== run) return;
    cancel(limit);
    if (result && result.error) return afterModalError(result.error, my);
    startPolling(my);
  }

  async function afterModalError(error, my) {
    const code = typeof error.code === "string" ? error.code : null;
    let status = null;
    try {
      status = await invoke("verification_status");
    } catch (_) {
      status = null;
    }
    if (my !== run) return;
    noteAttempts(status);
    // If the session moved on anyway (submitted before the modal closed), follow the session.
    if (status && ["processing", "verified", "canceled", "check_later"].includes(status.state)) {
      return status.state === "processing" ? startPolling(my) : showResult(status);
    }
    // Stripe.js could not reach Stripe: the network, not the customer; the Unavailable screen
    // recovers by itself.
    if (error.type === "api_connection_error") return showUnavailable();
    showNeedsAttention(code);
  }

  // ---- poll --------------------------------------------------------------------------------

  function startPolling(my) {
    const statusLine = document.getElementById("submitted-status");
    statusLine.textContent = "";
    screens.show("submitted");
    const since = Date.now();
    const limitMs = Math.max(60, Number(info && info.modal_timeout_secs) || 900) * 1000;
    later(() => {
      if (my === run) setText(statusLine, "submitted_still_checking");
    }, SLOW_NOTE_MS);

    const poll = async () => {
      let status;
      try {
        status = await invoke("verification_status");
      } catch (_) {
        status = { state: "unavailable" };
      }
      if (my !== run) return;
      noteAttempts(status);
      const waited = Date.now() - since;
      switch (status.state) {
        case "processing":
        case "unavailable":
          break;
        case "awaiting_customer":
          if (waited >= AWAITING_GRACE_MS) return showNeedsAttention("not_finished");
          break;
        case "none":
          return screens.show("staff");
        default:
          return showResult(status);
      }
      if (waited >= limitMs) return screens.show("check-later");
      later(poll, POLL_MS);
    };
    poll();
  }

  // ---- results -----------------------------------------------------------------------------

  function noteAttempts(status) {
    if (status && typeof status.attempts_left === "number") attemptsLeft = status.attempts_left;
  }

  function showResult(status) {
    switch (status.state) {
      case "verified":
        return showVerified(status.verified_name);
      case "requires_input":
        return showNeedsAttention(status.reason);
      case "awaiting_customer":
        return showNeedsAttention("not_finished");
      case "canceled":
        return screens.show("canceled");
      case "check_later":
        return screens.show("check-later");
      default:
        return screens.show("staff");
    }
  }

  function showVerified(name) {
    const box = document.getElementById("verified-name-box");
    const show = Boolean(info && info.show_verified_name && typeof name === "string" && name.trim());
    document.getElementById("verified-name").textContent = show ? name.trim() : "";
    box.hidden = !show;
    screens.show("verified");
  }

  function showNeedsAttention(code) {
    lastReason = code;
    setText(document.getElementById("reason"), reasonKey(code));
    // The customer stopped (closed the modal, declined consent): a calm "stopped", not a failure.
    const stopped = STOPPED_CODES.includes(code);
    const section = document.getElementById("screen-needs-attention");
    section.classList.toggle("result-warn", !stopped);
    section.classList.toggle("result-neutral", stopped);
    const title = document.getElementById("needs-title");
    if (stopped) setText(title, "needs_title_stopped");
    else setText(title, "needs_title");
    const known = typeof attemptsLeft === "number";
    const exhausted = known && attemptsLeft <= 0;
    const unused = known && info && attemptsLeft >= info.max_attempts;
    const attempts = document.getElementById("attempts-left");
    if (known && !exhausted && unused) setText(attempts, "needs_attempts_unused");
    else attempts.textContent = known && !exhausted ? plural("needs_attempts", attemptsLeft) : "";
    attempts.hidden = !known || exhausted;
    document.getElementById("try-again").hidden = exhausted;
    document.getElementById("ask-staff").hidden = exhausted;
    document.getElementById("please-see-staff").hidden = !exhausted;
    document.getElementById("needs-done").hidden = !exhausted;
    screens.show("needs-attention");
  }

  async function tryAgain() {
    const my = newRun();
    screens.show("starting");
    let retried;
    try {
      retried = await invoke("retry_verification");
    } catch (err) {
      if (my !== run) return;
      if (err.code === "attempts_exhausted") {
        attemptsLeft = 0;
        return showNeedsAttention(lastReason);
      }
      if (err.code === "unavailable") return showUnavailable();
      if (err.code === "not_retryable") return resumeFromStatus(my, false);
      return screens.show("staff");
    }
    if (my !== run) return;
    if (!wantsModal()) return goHosted(my);
    const stripe = await preload();
    if (my !== run) return;
    if (stripe) return openModal(stripe, retried.client_secret, my);
    if (info.flow === "auto") {
      useHosted = true;
      return goHosted(my);
    }
    showUnavailable();
  }

  // ---- camera ------------------------------------------------------------------------------

  let cameraBad = false; // the last camera check found none, or access was refused

  /** Checks the camera (see camera.js); false when no customer could be verified with it. */
  async function cameraReady() {
    cameraBad = !window.Kiosk.camera.usable(await window.Kiosk.camera.check());
    return !cameraBad;
  }

  // ---- unavailable ---------------------------------------------------------------------------

  async function stripeJsReady() {
    await stripeLoader.retryIfFailed();
    return Boolean(await preload());
  }

  function showUnavailable() {
    const my = run;
    screens.show("unavailable");
    const check = async () => {
      if (my !== run) return;
      if (cameraBad && info && info.mode !== "sandbox" && !(await cameraReady())) {
        if (my === run) later(check, CONNECTION_POLL_MS);
        return;
      }
      if (my !== run) return;
      try {
        if (!info) {
          await loadInfo();
          if (my !== run) return;
        }
        const conn = await invoke("check_connection");
        if (my !== run) return;
        // With the modal as the only way, Welcome comes back only once Stripe.js loads too;
        // otherwise the screen would flip between Welcome and this one.
        const ready = conn && conn.ok && (info.flow !== "modal" || await stripeJsReady());
        if (my !== run) return;
        if (ready) {
          stripeDown = false;
          // A session may be open: settle it (the page reloads with fresh kiosk_info).
          if (sessionStarted) return reset();
          // What came back may be another Stripe (a key read from a keyring that was locked):
          // fetch kiosk_info again; the page reloads if Stripe.js must be made anew.
          await loadInfo();
          if (my !== run) return;
          return goWelcome();
        }
      } catch (_) {
        // still down: keep checking
      }
      if (my === run) later(check, CONNECTION_POLL_MS);
    };
    later(check, CONNECTION_POLL_MS);
  }

  // ---- wiring ------------------------------------------------------------------------------

  /** Called by main.js once kiosk_info is known (and again if it arrives after a failure). */
  function configure(kioskInfo) {
    info = kioskInfo;
    attemptsLeft = typeof info.max_attempts === "number" ? info.max_attempts : null;
    useHosted = info.flow === "hosted";
    if (info.flow !== "hosted") preload();
  }

  /** After the hosted page: the backend brought the window back to index.html#returned. */
  function resumeAfterHosted() {
    sessionStarted = true;
    useHosted = true;
    startPolling(newRun());
  }

  function bind() {
    document.getElementById("welcome-form").addEventListener("submit", (event) => {
      event.preventDefault();
      onVerify();
    });
    document.getElementById("reference").addEventListener("input", hideReferenceError);
    document.getElementById("try-again").addEventListener("click", tryAgain);
    document.getElementById("ask-staff").addEventListener("click", () => {
      newRun();
      screens.show("staff");
    });
    document.querySelectorAll("[data-action=done]").forEach((button) =>
      button.addEventListener("click", reset));
  }

  window.Kiosk = window.Kiosk || {};
  window.Kiosk.flow = {
    bind,
    /** Stops this flow's timers and pending steps (the staff panel is taking the screen). */
    suspend: () => {
      newRun();
    },
    /** True when a customer's session may be open (going back to Welcome must settle it). */
    hasSession: () => sessionStarted,
    configure,
    setInfoLoader: (fn) => {
      loadInfo = fn;
    },
    showWelcome: goWelcome,
    watchConnection,
    cameraReady,
    showUnavailable,
    resumeAfterHosted,
    reset,
    clearWelcome,
  };
})();
