"""The customer flow end to end: the real app window (tauri-driver + WebKitWebDriver) against a
standalone sandbox. Each test asserts the screen the customer sees and the session's state as
the Stripe API (the sandbox) reports it. All waits are bounded; nothing asserts on timing.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess

import pytest

from harness import SANDBOX_BANNER, SESSIONS_PATH, Sandbox, kiosk_binary, wait_for


def assert_human_reason(text: str) -> None:
    assert text, "the Needs-attention screen shows no reason"
    assert not re.fullmatch(r"[a-z0-9_]+", text), f"the reason looks like a code: {text!r}"
    assert "_" not in text, f"the reason contains a code-like token: {text!r}"
    assert len(text.split()) >= 3, f"the reason is not a sentence: {text!r}"


# 1 -------------------------------------------------------------------------------------------
def test_success(sandbox: Sandbox, launch, kiosk_id):
    kiosk = launch(sandbox)
    assert kiosk.screen() == "welcome"
    assert not kiosk.visible("#sandbox-banner"), "test mode (a key is set) must not show the sandbox banner"
    kiosk.screenshot("welcome")
    kiosk.tap_verify()
    kiosk.run_modal("outcome-verified", shot="modal-open")
    kiosk.wait_screen("verified")
    kiosk.screenshot("verified")
    assert kiosk.visible("#done")
    session = sandbox.wait_status("verified")
    assert session["metadata"].get("kiosk_id") == kiosk_id
    assert len(sandbox.sessions()) == 1


# 2 -------------------------------------------------------------------------------------------
def test_failure_then_try_again_then_success(sandbox: Sandbox, launch):
    kiosk = launch(sandbox)
    kiosk.tap_verify()
    kiosk.run_modal("outcome-unverified")
    kiosk.wait_screen("needs-attention")
    assert_human_reason(kiosk.text("#reason"))
    assert kiosk.visible("#try-again") and kiosk.visible("#ask-staff")
    assert not kiosk.visible("#please-see-staff")
    kiosk.screenshot("needs-attention")
    first = sandbox.wait_status("requires_input")
    assert first["last_error"] and first["last_error"]["code"]

    kiosk.click("#try-again")
    kiosk.run_modal("outcome-verified")
    kiosk.wait_screen("verified")
    session = sandbox.wait_status("verified")
    assert session["id"] == first["id"], "Try again must reuse the same session"
    assert len(sandbox.sessions()) == 1


# 3 -------------------------------------------------------------------------------------------
def test_success_async(sandbox: Sandbox, launch):
    kiosk = launch(sandbox)
    kiosk.tap_verify()
    kiosk.run_modal("outcome-verified-async")
    kiosk.wait_screen("submitted", "verified")
    # The sandbox keeps async outcomes `processing` for ~4 s: Submitted must show meanwhile.
    assert "submitted" in [e["screen"] for e in kiosk.js("return window.__e2eScreens")]
    if kiosk.screen() == "submitted":
        kiosk.screenshot("submitted")
    kiosk.wait_screen("verified", timeout=30)
    sandbox.wait_status("verified")
    assert len(sandbox.sessions()) == 1


# 4 -------------------------------------------------------------------------------------------
def test_decline_consent(sandbox: Sandbox, launch):
    kiosk = launch(sandbox)
    kiosk.tap_verify()
    kiosk.run_modal("decline-consent")
    kiosk.wait_screen("needs-attention")
    reason = kiosk.text("#reason")
    assert_human_reason(reason)
    assert "permission" in reason.lower() or "consent" in reason.lower(), reason
    kiosk.screenshot("needs-attention-consent")
    session = sandbox.only_session()
    assert session["status"] == "requires_input"
    assert (session["last_error"] or {}).get("code") == "consent_declined"

    # "Ask staff for help" leads to the staff screen.
    kiosk.click("#ask-staff")
    kiosk.wait_screen("staff")
    kiosk.screenshot("staff")


# 5 -------------------------------------------------------------------------------------------
def test_close_modal(sandbox: Sandbox, launch):
    kiosk = launch(sandbox)
    kiosk.tap_verify()
    kiosk.run_modal("close-modal")
    kiosk.wait_modal_gone()
    kiosk.wait_screen("needs-attention")
    assert_human_reason(kiosk.text("#reason"))
    assert kiosk.visible("#try-again"), "closing the modal must not use up the attempts"
    kiosk.screenshot("needs-attention-closed")
    session = sandbox.only_session()
    assert session["status"] == "requires_input"


# 6 -------------------------------------------------------------------------------------------
def test_attempts_exhausted(sandbox: Sandbox, launch):
    kiosk = launch(sandbox, max_attempts=2)
    kiosk.tap_verify()
    kiosk.run_modal("outcome-unverified")
    kiosk.wait_screen("needs-attention")
    assert kiosk.visible("#try-again")
    kiosk.click("#try-again")
    kiosk.run_modal("outcome-unverified")
    wait_for(lambda: kiosk.screen() == "needs-attention" and kiosk.visible("#please-see-staff"), 20,
             "Needs attention with 'Please see a member of staff'")
    assert "staff" in kiosk.text("#please-see-staff").lower()
    assert not kiosk.visible("#try-again"), "no Try again once the attempts are used up"
    kiosk.screenshot("exhausted")
    session = sandbox.only_session()
    assert session["status"] == "requires_input"


# 7 -------------------------------------------------------------------------------------------
def test_unavailable_503_then_recovers(sandbox: Sandbox, launch):
    kiosk = launch(sandbox)
    # The client makes 1 + 2 retries: three 503s fail the creation, and are then used up.
    sandbox.add_fault(method="POST", path_prefix=SESSIONS_PATH, status=503, count=3)
    kiosk.tap_verify()
    kiosk.wait_screen("unavailable")
    kiosk.screenshot("unavailable")
    assert sandbox.sessions() == []
    kiosk.wait_screen("welcome", timeout=30)
    assert sandbox.faults() == [], "the three faults should have been used up"
    kiosk.tap_verify()
    kiosk.run_modal("outcome-verified")
    kiosk.wait_screen("verified")
    sandbox.wait_status("verified")
    assert len(sandbox.sessions()) == 1


def test_unavailable_dropped_connections_then_network_restored(sandbox: Sandbox, launch):
    kiosk = launch(sandbox)
    sandbox.add_fault(path_prefix="/v1/", drop_connection=True, count=10000)
    kiosk.tap_verify()
    kiosk.wait_screen("unavailable", timeout=40)
    # It keeps checking (check_connection lists sessions) and stays Unavailable while down.
    wait_for(lambda: any(r["method"] == "GET" and r["status"] is None for r in sandbox.requests_log()),
             30, "a connection check during the outage")
    assert kiosk.screen() == "unavailable"
    assert sandbox.clear_faults() == 1  # the network is back
    kiosk.wait_screen("welcome", timeout=30)
    # The creation's answer never came, so the kiosk could not know whether Stripe made the
    # session: it replays the creation with the same Idempotency-Key and cancels what that
    # returns. Nothing may stay open.
    wait_for(lambda: all(s["status"] == "canceled" for s in sandbox.sessions()), 20,
             "every session from the outage to be settled")
    before = {s["id"] for s in sandbox.sessions()}
    assert len(before) <= 1
    kiosk.tap_verify()
    kiosk.run_modal("outcome-verified")
    kiosk.wait_screen("verified")
    new = [s for s in sandbox.sessions() if s["id"] not in before]
    assert len(new) == 1
    wait_for(lambda: sandbox.api("GET", f"{SESSIONS_PATH}/{new[0]['id']}")["status"] == "verified", 20,
             "the new session to be verified")


# 8 -------------------------------------------------------------------------------------------
def test_idle_timeout_cancels(sandbox: Sandbox, launch):
    kiosk = launch(sandbox, idle_timeout_secs=5)
    kiosk.tap_verify()
    kiosk.run_modal("outcome-unverified")
    kiosk.wait_screen("needs-attention")
    assert wait_for(lambda: kiosk.visible("#countdown") and kiosk.text("#countdown"), 5, "the countdown")
    sandbox.wait_status("requires_input")
    # No input: back to Welcome by itself (the page reloads), and the session is canceled.
    kiosk.wait_screen("welcome", timeout=30)
    sandbox.wait_status("canceled")
    assert len(sandbox.sessions()) == 1


# 9 -------------------------------------------------------------------------------------------
def test_hosted_flow(sandbox: Sandbox, launch):
    kiosk = launch(sandbox, flow="hosted")
    kiosk.tap_verify()
    wait_for(lambda: "/start/" in kiosk.driver.current_url, 20, "the hosted verification page")
    assert kiosk.driver.current_url.startswith(sandbox.url)
    wait_for(lambda: kiosk.visible("#outcome-verified"), 10, "the hosted page's buttons")
    kiosk.screenshot("hosted-page")
    kiosk.el("#outcome-verified").click()
    # The app intercepts the return URL and brings the window back to its own page.
    wait_for(lambda: kiosk.driver.current_url.startswith("tauri://") or "localhost" in kiosk.driver.current_url,
             20, "the window to come back to the app")
    kiosk.wait_screen("verified", timeout=30)
    assert "invalid" not in kiosk.driver.current_url
    sandbox.wait_status("verified")
    assert len(sandbox.sessions()) == 1


def test_hosted_page_left_alone_returns_to_welcome_and_cancels(sandbox: Sandbox, launch):
    # The page's own timers are gone while Stripe's hosted page shows: the app's watchdog must
    # end the customer's turn by itself (never stuck on Stripe's page).
    kiosk = launch(sandbox, flow="hosted", modal_timeout_secs=30)
    kiosk.tap_verify()
    wait_for(lambda: "/start/" in kiosk.driver.current_url, 20, "the hosted verification page")
    sandbox.wait_status("requires_input")
    wait_for(lambda: not kiosk.current_url().startswith(sandbox.url), 60,
             "the window to leave the hosted page by itself")
    kiosk.wait_screen("welcome", timeout=20)
    sandbox.wait_status("canceled")
    assert len(sandbox.sessions()) == 1


# 10 ------------------------------------------------------------------------------------------
def test_camera_in_modal(sandbox: Sandbox, launch):
    kiosk = launch(sandbox)
    kiosk.tap_verify()
    kiosk.wait_modal()  # now inside the iframe
    try:
        states = wait_for(
            lambda: kiosk.js(
                "const v = document.getElementById('camera-preview');"
                "const s = v && v.srcObject;"
                "return s ? s.getVideoTracks().map(t => t.readyState) : null;"
            ),
            15,
            "a camera stream on #camera-preview",
        )
        assert states == ["live"], states
        status = kiosk.js("return document.getElementById('camera-status').textContent")
        assert "no camera" not in status.lower(), status
        assert kiosk.js("return !document.getElementById('camera-preview').hidden")
    finally:
        kiosk.driver.switch_to.default_content()
    kiosk.screenshot("modal-camera")
    kiosk.driver.switch_to.frame(kiosk.el("#identity-sandbox-frame"))
    kiosk.modal_click("outcome-verified")
    kiosk.wait_screen("verified")


# 11 ------------------------------------------------------------------------------------------
def test_sandbox_mode(launch):
    kiosk = launch(None)  # no keys at all
    assert kiosk.screen() == "welcome"
    assert kiosk.visible("#sandbox-banner")
    assert kiosk.text("#sandbox-banner") == SANDBOX_BANNER
    kiosk.screenshot("welcome-sandbox-mode")
    info = kiosk.invoke("kiosk_info")
    assert info["ok"] and info["value"]["mode"] == "sandbox"
    kiosk.tap_verify()
    kiosk.wait_modal()
    kiosk.driver.switch_to.default_content()
    assert kiosk.visible("#sandbox-banner"), "the banner must stay visible during the flow"
    kiosk.driver.switch_to.frame(kiosk.el("#identity-sandbox-frame"))
    kiosk.modal_click("outcome-verified")
    kiosk.wait_screen("verified")
    assert kiosk.visible("#sandbox-banner")
    kiosk.screenshot("verified-sandbox-mode")
    # The in-process sandbox accepts any test key and its sessions are global: check the session.
    base = info["value"]["stripe_js_url"].rsplit("/v3/", 1)[0]
    probe = Sandbox.__new__(Sandbox)
    import requests

    probe.url, probe.key, probe.http = base, "sk_test_e2eprobe0123456789", requests.Session()
    session = probe.wait_status("verified")
    assert session["metadata"].get("kiosk_id")


def test_terminating_the_app_cancels_the_open_session(sandbox: Sandbox, launch):
    # A shutdown (SIGTERM) while a customer has the modal open: the session still waiting for
    # them is canceled on the way out, not left open at Stripe.
    kiosk = launch(sandbox)
    kiosk.tap_verify()
    kiosk.wait_modal()
    kiosk.driver.switch_to.default_content()
    sandbox.wait_status("requires_input")
    app = str(kiosk_binary())
    pids = subprocess.run(["pgrep", "-xf", app], capture_output=True, text=True).stdout.split()
    assert len(pids) == 1, f"expected one kiosk process, found {pids}"
    os.kill(int(pids[0]), signal.SIGTERM)
    sandbox.wait_status("canceled", timeout=20)
