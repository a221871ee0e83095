"""15. One customer, one web process: the WebKit web content process that served a customer is gone
before the next Welcome shows, the next page starts with no storage, history or memory of the last
one, and a web process that dies mid-flow is recovered (the session settled, Welcome shown).
"""

from __future__ import annotations

import os
import signal

from harness import Sandbox, wait_for


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_each_customer_gets_a_new_web_process_and_nothing_of_the_last(sandbox: Sandbox, launch):
    kiosk = launch(sandbox)
    kiosk.wait_screen("welcome")
    before = wait_for(lambda: kiosk.web_processes(), 10, "the web process")
    # Something of this customer in the page's memory and storage.
    kiosk.js("window.__lastCustomer = 'Jenny'; localStorage.setItem('k', 'v'); sessionStorage.setItem('k', 'v');")
    kiosk.tap_verify()
    kiosk.run_modal("outcome-verified")
    kiosk.wait_screen("verified", timeout=30)
    kiosk.click("#done")
    kiosk.wait_screen("welcome", timeout=30)
    after = kiosk.web_processes()
    assert after and not set(after) & set(before), (before, after)
    assert not any(alive(pid) for pid in before), f"the last customer's web process {before} still runs"
    state = kiosk.js(
        "return [typeof window.__lastCustomer, localStorage.length, sessionStorage.length, history.length]")
    assert state == ["undefined", 0, 0, 1], state
    assert "the customer's web process was ended" in kiosk.app_log()


def test_a_web_process_killed_mid_flow_is_recovered(sandbox: Sandbox, launch):
    kiosk = launch(sandbox)
    kiosk.tap_verify()
    kiosk.wait_modal()
    kiosk.driver.switch_to.default_content()
    session = sandbox.only_session()
    killed = kiosk.web_processes()
    assert killed
    for pid in killed:
        os.kill(pid, signal.SIGKILL)
    wait_for(lambda: sandbox.only_session()["status"] == "canceled", 30, "the open session to be settled")
    # WebKitWebDriver ends its session with the web process it drove (WebKit's automation), so
    # from here the kiosk is watched from outside: a new web process serves a new window, and
    # the log says so.
    wait_for(lambda: kiosk.web_processes() and not set(kiosk.web_processes()) & set(killed), 30,
             "a new web process")
    wait_for(lambda: "Welcome loads in a new one" in kiosk.app_log(), 10, "Welcome in a new window")
    assert "the web process ended by itself" in kiosk.app_log()
    assert [s["id"] for s in sandbox.sessions()] == [session["id"]], "no second session"
