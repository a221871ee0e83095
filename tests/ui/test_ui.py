"""The kiosk's web UI in headless Chromium against the fake backend (tests/ui/harness.html), plus the
message-catalog checks (node --test). No Rust build needed: ui/ is loaded unchanged by the harness.

    .venv/bin/pytest tests/ui -q
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import (  # noqa: E402  (server, driver: shared fixtures)
    driver, server,
    REPO_ROOT, WAIT, advance, calls, click, cmds, console_lines, csp_violations, open_scenario, screen,
    settle, text, visible, wait_for, wait_screen,
)

EN = json.loads(subprocess.run(
    ["node", "-e", "global.window={};require(process.argv[1]);console.log(JSON.stringify(window.KioskMessages.en))",
     str(REPO_ROOT / "ui" / "i18n" / "en.js")],
    check=True, capture_output=True, text=True).stdout) if shutil.which("node") else {}

VERIFIED = {"state": "verified", "verified_name": "Jenny R."}


@pytest.fixture
def kiosk(driver, server):
    """Opens a scenario: kiosk(scenario, hash_='') → driver on the first screen."""
    def open_(scenario=None, hash_=""):
        open_scenario(driver, server, scenario, hash_)
        return driver
    yield open_
    assert csp_violations(driver) == []
    assert [line for line in console_lines(driver) if "missing message" in line] == []
    assert_no_secret_leak(driver)


def assert_no_secret_leak(drv):
    """No client_secret in the DOM, the URL, web storage or anything written to the console."""
    secrets = drv.execute_script("return (window.__fake && window.__fake.issuedSecrets) || []")
    if not secrets:
        return
    where = drv.execute_script(
        "return [document.documentElement.outerHTML, location.href, JSON.stringify(localStorage),"
        " JSON.stringify(sessionStorage)].join('\\n')")
    lines = "\n".join(console_lines(drv))
    for s in secrets:
        assert s not in where
        assert s not in lines


# ---- the catalog -------------------------------------------------------------------------

def test_catalog_node_tests_pass():
    node = shutil.which("node")
    assert node, "node is required"
    run = subprocess.run([node, "--test", str(Path(__file__).with_name("catalog.test.mjs"))],
                         capture_output=True, text=True, cwd=REPO_ROOT)
    assert run.returncode == 0, run.stdout + run.stderr


# ---- the main paths ----------------------------------------------------------------------

def test_welcome_verify_submitted_verified_done(kiosk):
    drv = kiosk({"info": {"show_verified_name": True},
                 "status": [{"state": "processing"}, {"state": "processing"}, VERIFIED]})
    assert screen(drv) == "welcome"
    assert text(drv, "welcome-title") == "Welcome to Grand Hotel Central"
    assert not visible(drv, "reference-field")
    click(drv, "verify")
    wait_screen(drv, "submitted")
    assert text(drv, "submitted-title") == EN["submitted_title"]
    wait_screen(drv, "verified")
    assert text(drv, "verified-name") == "Jenny R."
    assert "Returning to the start in 30 s" in text(drv, "screen-verified")
    # The camera check and the Welcome screen's reachability polls run beside the flow.
    flow = [c for c in cmds(drv) if c not in ("report_camera", "connection_status", "set_language")]
    assert flow[:4] == ["kiosk_info", "Stripe", "start_verification", "stripe.verifyIdentity"]
    assert calls(drv, "report_camera")[0]["args"] == {"camera": "ok"}
    assert calls(drv, "start_verification")[0]["args"] == {"reference": None}
    assert calls(drv, "stripe.verifyIdentity")[0]["args"] == {"secret_is_latest": True}
    assert_no_secret_leak(drv)
    click(drv, "done")
    wait_for(drv, lambda: calls(drv, "finish_verification"), "finish_verification not called")
    wait_for(drv, lambda: cmds(drv).count("kiosk_info") == 2, "page did not reload")
    wait_screen(drv, "welcome")


def test_verified_name_hidden_unless_enabled(kiosk):
    drv = kiosk({"status": [VERIFIED]})
    click(drv, "verify")
    wait_screen(drv, "verified")
    assert not visible(drv, "verified-name-box")
    assert "Jenny" not in drv.find_element(By.TAG_NAME, "body").text


def test_api_failure_reason_then_try_again_verified(kiosk):
    drv = kiosk({"status": [{"state": "requires_input", "reason": "selfie_face_mismatch", "attempts_left": 2},
                            {"state": "processing"}, VERIFIED]})
    click(drv, "verify")
    wait_screen(drv, "needs-attention")
    assert text(drv, "reason") == EN["reason_selfie_face_mismatch"]
    assert text(drv, "attempts-left") == "You can try 2 more times."
    assert visible(drv, "try-again") and visible(drv, "ask-staff")
    assert not visible(drv, "please-see-staff")
    click(drv, "try-again")
    wait_screen(drv, "verified")
    assert cmds(drv).count("retry_verification") == 1
    verifies = calls(drv, "stripe.verifyIdentity")
    assert len(verifies) == 2 and all(v["args"]["secret_is_latest"] for v in verifies)


@pytest.mark.parametrize("code,key", [
    ("consent_declined", "reason_consent_declined"),
    ("device_unsupported", "reason_device_unsupported"),
    ("session_cancelled", "reason_session_cancelled"),
    ("something_new", "reason_generic"),
])
def test_modal_error_reason_then_try_again(kiosk, code, key):
    drv = kiosk({"verify": [{"error": {"code": code}}, {}],
                 "status": [{"state": "requires_input", "reason": None, "attempts_left": 1},
                            {"state": "processing"}, VERIFIED]})
    click(drv, "verify")
    wait_screen(drv, "needs-attention")
    assert text(drv, "reason") == EN[key]
    assert text(drv, "attempts-left") == "You can try 1 more time."
    body = drv.find_element(By.TAG_NAME, "body").text
    assert "raw Stripe message" not in body and code not in body
    click(drv, "try-again")
    wait_screen(drv, "verified")


@pytest.mark.parametrize("code,stopped", [("session_cancelled", True), ("consent_declined", True),
                                          ("document_unverified_other", False)])
def test_a_customer_who_stopped_sees_a_calm_title_and_no_attempt_count(kiosk, code, stopped):
    # max_attempts is 3 in the fake kiosk_info: 3 left means nothing was submitted yet.
    drv = kiosk({"verify": [{"error": {"code": code}}],
                 "status": [{"state": "requires_input", "reason": None, "attempts_left": 3}]})
    click(drv, "verify")
    wait_screen(drv, "needs-attention")
    title = EN["needs_title_stopped"] if stopped else EN["needs_title"]
    assert text(drv, "needs-title") == title
    classes = drv.find_element(By.ID, "screen-needs-attention").get_attribute("class")
    assert ("result-neutral" in classes) == stopped and ("result-warn" in classes) != stopped
    assert text(drv, "attempts-left") == EN["needs_attempts_unused"]


def test_stripe_js_connection_errors_show_unavailable_not_a_customer_problem(kiosk):
    drv = kiosk({"verify": [{"error": {"type": "api_connection_error", "code": "sandbox_unreachable"}}],
                 "status": [{"state": "awaiting_customer", "attempts_left": 3}]})
    click(drv, "verify")
    wait_screen(drv, "unavailable")


def test_attempts_exhausted_shows_please_see_staff(kiosk):
    drv = kiosk({"status": [{"state": "requires_input", "reason": "document_expired", "attempts_left": 0}]})
    click(drv, "verify")
    wait_screen(drv, "needs-attention")
    assert text(drv, "reason") == EN["reason_document_expired"]
    assert not visible(drv, "try-again")
    assert not visible(drv, "attempts-left")
    assert visible(drv, "please-see-staff")
    assert text(drv, "please-see-staff") == EN["needs_please_see_staff"]
    click(drv, "needs-done")
    wait_for(drv, lambda: calls(drv, "finish_verification"), "finish_verification not called")


def test_retry_refused_as_exhausted_shows_please_see_staff(kiosk):
    drv = kiosk({"status": [{"state": "requires_input", "reason": "document_unverified_other", "attempts_left": 1}],
                 "retry": [{"error": "attempts_exhausted"}]})
    click(drv, "verify")
    wait_screen(drv, "needs-attention")
    click(drv, "try-again")
    wait_for(drv, lambda: visible(drv, "please-see-staff"), "no 'Please see staff'")
    assert screen(drv) == "needs-attention"
    assert not visible(drv, "try-again")
    assert text(drv, "reason") == EN["reason_document_unverified_other"]


def test_ask_staff(kiosk):
    drv = kiosk({"status": [{"state": "requires_input", "reason": "abandoned", "attempts_left": 2}]})
    click(drv, "verify")
    wait_screen(drv, "needs-attention")
    click(drv, "ask-staff")
    wait_screen(drv, "staff")
    assert text(drv, "staff-title") == EN["staff_title"]


@pytest.mark.parametrize("state,target", [("canceled", "canceled"), ("check_later", "check-later")])
def test_other_results(kiosk, state, target):
    drv = kiosk({"status": [{"state": "processing"}, {"state": state}]})
    click(drv, "verify")
    wait_screen(drv, target)


# ---- the reference field -----------------------------------------------------------------

def test_required_reference_refuses_empty_value(kiosk):
    drv = kiosk({"info": {"reference": {"mode": "required", "label": "Booking number"}}, "status": [VERIFIED]})
    assert text(drv, "reference-label") == "Booking number"
    assert not visible(drv, "reference-optional")
    drv.find_element(By.ID, "reference").send_keys("   ")
    click(drv, "verify")
    settle(drv)
    assert screen(drv) == "welcome"
    assert visible(drv, "reference-error")
    assert text(drv, "reference-error") == EN["reference_required_error"]
    assert drv.find_element(By.ID, "reference").get_attribute("aria-invalid") == "true"
    assert drv.execute_script("return document.activeElement.id") == "reference"
    assert calls(drv, "start_verification") == []
    drv.find_element(By.ID, "reference").send_keys("BK-1042")
    assert not visible(drv, "reference-error")
    click(drv, "verify")
    wait_screen(drv, "verified")
    assert calls(drv, "start_verification")[0]["args"] == {"reference": "BK-1042"}


def test_optional_reference_may_be_empty(kiosk):
    drv = kiosk({"info": {"reference": {"mode": "optional", "label": None}}, "status": [VERIFIED]})
    assert text(drv, "reference-label") == EN["reference_label_default"]
    assert visible(drv, "reference-optional")
    click(drv, "verify")
    wait_screen(drv, "verified")
    assert calls(drv, "start_verification")[0]["args"] == {"reference": None}


def test_backend_requiring_a_reference_shows_the_field(kiosk):
    drv = kiosk({"start": [{"error": "reference_required"}]})
    click(drv, "verify")
    wait_for(drv, lambda: visible(drv, "reference-error"), "no inline error")
    assert screen(drv) == "welcome" and visible(drv, "reference-field")


# ---- Stripe.js and the hosted fallback ---------------------------------------------------

@pytest.mark.parametrize("failure", ["load_error", "throw"])
def test_stripe_js_failing_with_flow_auto_uses_hosted_flow(kiosk, failure):
    drv = kiosk({"stripe": failure, "status_returned": [{"state": "processing"}, VERIFIED]})
    click(drv, "verify")
    wait_for(drv, lambda: calls(drv, "use_hosted_flow"), "use_hosted_flow not invoked")
    names = cmds(drv)
    assert names.index("start_verification") < names.index("use_hosted_flow")
    assert "stripe.verifyIdentity" not in names
    # the fake backend navigates back to index.html#returned: Submitted, then the result
    wait_screen(drv, "verified")
    assert drv.execute_script("return location.hash") == ""


def test_stripe_js_failing_with_flow_modal_shows_unavailable_without_a_session(kiosk):
    drv = kiosk({"stripe": "load_error", "info": {"flow": "modal"}, "connection": [{"ok": False}]})
    click(drv, "verify")
    wait_screen(drv, "unavailable")
    assert calls(drv, "start_verification") == [] and calls(drv, "use_hosted_flow") == []


def test_flow_hosted_never_loads_stripe_js(kiosk):
    drv = kiosk({"info": {"flow": "hosted"}})
    click(drv, "verify")
    wait_for(drv, lambda: calls(drv, "use_hosted_flow"), "use_hosted_flow not invoked")
    assert calls(drv, "Stripe") == []
    assert drv.execute_script("return document.querySelectorAll('script[src*=fake-stripe]').length") == 0


def test_returned_hash_goes_straight_to_submitted(kiosk):
    drv = kiosk({"status": [{"state": "processing"}, {"state": "processing"}, VERIFIED]}, hash_="returned")
    assert screen(drv) == "submitted"
    assert calls(drv, "start_verification") == []
    wait_screen(drv, "verified")


# ---- errors and recovery -----------------------------------------------------------------

def test_unavailable_recovers_to_welcome_when_connection_ok(kiosk):
    drv = kiosk({"start": [{"error": "unavailable"}], "connection": [{"ok": False}, {"ok": True}]})
    click(drv, "verify")
    wait_screen(drv, "unavailable")
    assert text(drv, "unavailable-title") == EN["unavailable_title"]
    wait_screen(drv, "welcome", timeout=14)
    assert cmds(drv).count("check_connection") == 2
    # The start's answer never came, so a session may exist at Stripe: going back to Welcome
    # goes through finish_verification, which settles it.
    assert len(calls(drv, "finish_verification")) == 1


def test_kiosk_info_failure_shows_unavailable_then_recovers(kiosk):
    drv = kiosk({"info_errors": 1})
    assert screen(drv) == "unavailable"
    wait_screen(drv, "welcome", timeout=9)
    assert text(drv, "welcome-title") == "Welcome to Grand Hotel Central"


def test_stripe_rejected_asks_staff(kiosk):
    drv = kiosk({"start": [{"error": "stripe_rejected"}]})
    click(drv, "verify")
    wait_screen(drv, "staff")


def test_busy_continues_from_the_open_session(kiosk):
    drv = kiosk({"start": [{"error": "busy"}], "status": [{"state": "processing"}, VERIFIED]})
    click(drv, "verify")
    wait_screen(drv, "verified")
    assert calls(drv, "stripe.verifyIdentity") == []


# ---- timers ------------------------------------------------------------------------------

def test_idle_timeout_on_a_result_screen_calls_finish_verification(kiosk):
    drv = kiosk({"info": {"idle_timeout_secs": 3}, "status": [VERIFIED]})
    click(drv, "verify")
    wait_screen(drv, "verified")
    assert text(drv, "countdown") == "Returning to the start in 3 s"
    advance(drv, 1.6)
    ActionChains(drv).move_to_element(drv.find_element(By.ID, "verified-title")).click().perform()
    assert text(drv, "countdown") == "Returning to the start in 3 s"  # input restarted it
    assert calls(drv, "finish_verification") == []
    advance(drv, 2)
    assert calls(drv, "finish_verification") == [], "3 s after the input, not before"
    advance(drv, 1.2)
    wait_for(drv, lambda: calls(drv, "finish_verification"), "finish_verification not called", timeout=2)
    wait_screen(drv, "welcome")


def test_modal_timeout_calls_finish_verification(kiosk):
    drv = kiosk({"info": {"modal_timeout_secs": 2, "idle_timeout_secs": 1}, "verify": ["hold"]})
    click(drv, "verify")
    wait_screen(drv, "verifying")
    advance(drv, 1)
    assert calls(drv, "finish_verification") == []  # no idle timer while the modal is open
    advance(drv, 1.2)
    wait_for(drv, lambda: calls(drv, "finish_verification"), "finish_verification not called", timeout=2)


# ---- accessibility and mode markers ------------------------------------------------------

def test_keyboard_only_and_focus_on_each_heading(kiosk):
    drv = kiosk({"status": [{"state": "requires_input", "reason": "document_expired", "attempts_left": 2},
                            VERIFIED]})
    assert drv.execute_script("return document.activeElement.id") == "welcome-title"
    for _ in range(10):
        ActionChains(drv).send_keys(Keys.TAB).perform()
        if drv.execute_script("return document.activeElement.id") == "verify":
            break
    assert drv.execute_script("return document.activeElement.id") == "verify"
    ActionChains(drv).send_keys(Keys.ENTER).perform()
    wait_screen(drv, "needs-attention")
    assert drv.execute_script("return document.activeElement.id") == "needs-title"
    ActionChains(drv).send_keys(Keys.TAB).perform()
    assert drv.execute_script("return document.activeElement.id") == "try-again"
    ActionChains(drv).send_keys(Keys.ENTER).perform()
    wait_screen(drv, "verified")
    assert drv.execute_script("return document.activeElement.id") == "verified-title"


def test_every_screen_change_is_announced(kiosk):
    drv = kiosk({"status": [{"state": "requires_input", "reason": "document_expired", "attempts_left": 2},
                            VERIFIED]})
    announcer = drv.find_element(By.ID, "screen-announcer")
    assert (announcer.get_attribute("role"), announcer.get_attribute("aria-live")) == ("status", "polite")
    said = lambda: drv.execute_script("return document.getElementById('screen-announcer').textContent")
    assert said().startswith(text(drv, "welcome-title"))
    click(drv, "verify")
    wait_screen(drv, "needs-attention")
    settle(drv)
    assert said().startswith(EN["needs_title"]) and EN["reason_document_expired"] in said(), said()
    click(drv, "try-again")
    wait_screen(drv, "verified")
    settle(drv)
    assert said() == EN["verified_title"] + " " + EN["verified_lead"]


def test_sandbox_banner_on_every_screen(kiosk):
    drv = kiosk({"status": [{"state": "processing"}, {"state": "requires_input", "reason": "abandoned"}],
                 "verify_delay": 400})
    seen = set()
    deadline = time.time() + WAIT
    click(drv, "verify")
    while time.time() < deadline and screen(drv) != "needs-attention":
        seen.add(screen(drv))
        assert visible(drv, "sandbox-banner")
        assert text(drv, "sandbox-banner") == "Sandbox: not a real verification"
    assert {"verifying", "submitted"} <= seen
    assert visible(drv, "sandbox-banner")
    assert not visible(drv, "test-marker")


@pytest.mark.parametrize("mode,banner,marker", [("test", False, True), ("live", False, False)])
def test_mode_markers(kiosk, mode, banner, marker):
    drv = kiosk({"info": {"mode": mode}})
    assert visible(drv, "sandbox-banner") is banner
    assert visible(drv, "test-marker") is marker
    if marker:
        assert text(drv, "test-marker") == "Test mode"


def test_touch_targets_and_text_size(kiosk):
    drv = kiosk({"info": {"reference": {"mode": "optional"}}})
    sizes = drv.execute_script("""
        return [...document.querySelectorAll('button, input')].filter(e => e.offsetParent)
          .map(e => [e.id, e.getBoundingClientRect().height, e.getBoundingClientRect().width,
                     parseFloat(getComputedStyle(e).fontSize)])""")
    assert sizes
    for element_id, height, width, font in sizes:
        assert height >= 48 and width >= 48, element_id
        assert font >= 20, element_id
    verify = drv.find_element(By.ID, "verify").rect
    assert verify["height"] >= 96


FR = {"fr": {"language_name": "Français", "verify_button": "Vérifier votre identité", "welcome_title_named": "Bienvenue à {name}"}}


def test_language_picker_only_with_several_languages(kiosk):
    drv = kiosk({"catalogs": FR, "info": {"languages": ["en"]}})
    assert not visible(drv, "language-picker")
    drv = kiosk({"catalogs": FR, "info": {"languages": ["en", "fr", "xx"]}})  # xx: no catalog, not offered
    assert visible(drv, "language-picker")
    buttons = drv.find_elements(By.CSS_SELECTOR, "#language-picker button")
    assert [b.text for b in buttons] == ["English", "Français"]
    assert buttons[0].get_attribute("aria-pressed") == "true"
    buttons[1].click()
    assert text(drv, "verify") == "Vérifier votre identité"
    assert text(drv, "welcome-title") == "Bienvenue à Grand Hotel Central"
    assert drv.execute_script("return document.documentElement.lang") == "fr"
    assert text(drv, "screen-welcome").count(EN["welcome_lead"]) == 1  # untranslated keys fall back to English


def test_welcome_clears_a_typed_reference_after_inactivity(kiosk):
    drv = kiosk({"info": {"idle_timeout_secs": 2, "reference": {"mode": "optional"}}})
    drv.find_element(By.ID, "reference").send_keys("BK-7")
    wait_for(drv, lambda: drv.find_element(By.ID, "reference").get_attribute("value") == "", "not cleared", timeout=5)
    assert screen(drv) == "welcome" and calls(drv, "finish_verification") == []
