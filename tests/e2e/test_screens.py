"""13. Screens that the scenario tests do not reach or do not photograph: Starting (held open by
a slow create), Canceled (the session is canceled behind the customer's back while the modal is
open) and the Submitted screen of an async failure. Every test also saves screenshots of the
screens it reaches to target/e2e/screens/ (1920x1080).
"""

from __future__ import annotations

from harness import SESSIONS_PATH, Sandbox, wait_for


def test_starting_screen(sandbox: Sandbox, launch):
    kiosk = launch(sandbox)
    sandbox.add_fault(method="POST", path_prefix=SESSIONS_PATH, latency_ms=4000, count=1)
    kiosk.tap_verify()
    kiosk.wait_screen("starting", timeout=5)
    kiosk.screenshot("starting")
    kiosk.wait_modal()
    kiosk.driver.switch_to.default_content()
    # Under the modal: the Verifying screen.
    assert kiosk.screen() == "verifying"
    kiosk.driver.switch_to.frame(kiosk.el("#identity-sandbox-frame"))
    kiosk.modal_click("outcome-unverified-async")
    kiosk.wait_screen("submitted")
    kiosk.wait_screen("needs-attention", timeout=30)
    sandbox.wait_status("requires_input")


def test_canceled_screen(sandbox: Sandbox, launch):
    kiosk = launch(sandbox)
    kiosk.tap_verify()
    kiosk.wait_modal()
    session = sandbox.only_session()
    sandbox.api("POST", f"{SESSIONS_PATH}/{session['id']}/cancel")
    kiosk.modal_click("close-modal")
    kiosk.wait_screen("canceled")
    kiosk.screenshot("canceled")
    assert sandbox.only_session()["status"] == "canceled"
