"""The Stripe.js stand-in, its modal and the hosted verification page, in headless Chromium.

A small host page, served by a Python `http.server` thread on another loopback port (a
different origin than the sandbox, like the kiosk's webview), loads `{sandbox}/v3/`, calls
`Stripe(pk_test_…).verifyIdentity(clientSecret)` on a button click and writes the resolved
result as JSON into `#result`. Each test creates a session through the API, drives the modal
inside its iframe, and checks both the resolved result and the session through the API.
Chromium's fake media flags give the modal a live fake camera. Screenshots of the open modal
and of the hosted page go to target/acceptance/.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlencode

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import ARTIFACTS, Sandbox

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
PUBLISHABLE_KEY = "pk_test_IdentityKioskAcceptance"
WAIT = 20  # seconds, upper bound for any UI wait

HOST_PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Kiosk host page</title>
<script src="{sandbox}/v3/"></script></head>
<body>
<h1>Kiosk host page</h1>
<button id="verify" type="button">Verify my identity</button>
<pre id="result"></pre>
<script>
  var clientSecret = new URLSearchParams(location.search).get('cs');
  var stripe = Stripe('{pk}');
  document.getElementById('verify').addEventListener('click', function () {{
    stripe.verifyIdentity(clientSecret).then(function (result) {{
      document.getElementById('result').textContent = JSON.stringify(result);
    }});
  }});
</script>
</body>
</html>
"""

DONE_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Done</title></head>
<body><h1 id="done">Back at the kiosk</h1></body></html>
"""


class HostServer:
    """The host page origin: `/` (host page) and `/done` (return_url target)."""

    def __init__(self, sandbox_url: str):
        page = HOST_PAGE.format(sandbox=sandbox_url, pk=PUBLISHABLE_KEY).encode()
        done = DONE_PAGE.encode()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server naming)
                path = self.path.split("?", 1)[0]
                body = page if path == "/" else done if path == "/done" else None
                self.send_response(200 if body else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(body or b"not found")

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def host(sandbox: Sandbox):
    server = HostServer(sandbox.url)
    assert server.url != sandbox.url
    yield server
    server.stop()


@pytest.fixture(scope="module")
def driver():
    for path in (CHROMIUM, CHROMEDRIVER):
        if not Path(path).exists():
            pytest.fail(f"{path} is required for the browser tests")
    profile = tempfile.mkdtemp(prefix="identity-acceptance-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
        f"--user-data-dir={profile}", "--window-size=1100,900",
    ):
        options.add_argument(flag)
    drv = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    drv.set_page_load_timeout(WAIT)
    try:
        yield drv
    finally:
        drv.quit()
        shutil.rmtree(profile, ignore_errors=True)


def open_modal(driver, host: HostServer, client_secret: str):
    """Loads the host page, clicks Verify and switches into the modal iframe once it is ready."""
    driver.switch_to.default_content()
    driver.get(f"{host.url}/?{urlencode({'cs': client_secret})}")
    WebDriverWait(driver, WAIT).until(lambda d: d.execute_script("return !!window.Stripe && Stripe.identitySandbox"))
    driver.find_element(By.ID, "verify").click()
    frame = WebDriverWait(driver, WAIT).until(
        EC.presence_of_element_located((By.CSS_SELECTOR, "#identity-sandbox-overlay iframe#identity-sandbox-frame"))
    )
    assert frame.get_attribute("allow") == "camera; microphone"
    driver.switch_to.frame(frame)
    WebDriverWait(driver, WAIT).until(EC.element_to_be_clickable((By.ID, "outcome-verified")))
    assert driver.find_element(By.ID, "sandbox-label").text == "Sandbox: not a real verification"
    assert driver.find_element(By.ID, "modal-status").text == "Choose a test outcome."


def resolved_result(driver) -> dict:
    """Back in the host page: waits for the resolved verifyIdentity result."""
    driver.switch_to.default_content()
    text = WebDriverWait(driver, WAIT).until(lambda d: d.find_element(By.ID, "result").text)
    # The overlay is gone once the promise resolved.
    assert driver.find_elements(By.ID, "identity-sandbox-overlay") == []
    return json.loads(text)


def click_in_modal(driver, button_id: str) -> dict:
    driver.find_element(By.ID, button_id).click()
    return resolved_result(driver)


LIVE_TRACK_JS = """
var v = document.getElementById('camera-preview');
var s = v && v.srcObject;
if (!s || v.hidden) { return null; }
return s.getVideoTracks().map(function (t) { return [t.kind, t.readyState, t.enabled]; });
"""


def test_modal_verified_with_live_camera_and_screenshot(driver, host, sandbox):
    session = sandbox.create_session()
    open_modal(driver, host, session["client_secret"])
    tracks = WebDriverWait(driver, WAIT).until(lambda d: d.execute_script(LIVE_TRACK_JS))
    assert ["video", "live", True] in tracks
    assert driver.find_element(By.ID, "camera-status").text == "Camera preview (nothing is recorded)"
    WebDriverWait(driver, WAIT).until(
        lambda d: d.execute_script("var v = document.getElementById('camera-preview'); return v.videoWidth > 0;")
    )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    driver.switch_to.default_content()
    assert driver.save_screenshot(str(ARTIFACTS / "modal.png"))
    driver.switch_to.frame(driver.find_element(By.ID, "identity-sandbox-frame"))

    result = click_in_modal(driver, "outcome-verified")
    assert result == {"verificationSession": {"id": session["id"]}}
    after = sandbox.get_session(session["id"])
    assert after["status"] == "verified"
    assert after["last_error"] is None
    assert after["client_secret"] is None
    assert after["last_verification_report"].startswith("vr_")


def test_modal_unverified(driver, host, sandbox):
    session = sandbox.create_session()
    open_modal(driver, host, session["client_secret"])
    result = click_in_modal(driver, "outcome-unverified")
    assert result == {"verificationSession": {"id": session["id"]}}
    after = sandbox.get_session(session["id"])
    assert after["status"] == "requires_input"
    assert after["last_error"]["code"] == "document_unverified_other"
    assert after["client_secret"] and after["client_secret"] != session["client_secret"]


@pytest.mark.parametrize(
    "button, final, error_code",
    [("outcome-verified-async", "verified", None), ("outcome-unverified-async", "requires_input", "document_unverified_other")],
    ids=["verified_async", "unverified_async"],
)
def test_modal_async_outcomes(driver, host, sandbox, button, final, error_code):
    session = sandbox.create_session()
    open_modal(driver, host, session["client_secret"])
    result = click_in_modal(driver, button)
    assert result == {"verificationSession": {"id": session["id"]}}
    assert sandbox.get_session(session["id"])["status"] == "processing"
    after = sandbox.wait_for_status(session["id"], final, timeout=15)
    assert (after["last_error"] or {}).get("code") == error_code


def test_modal_decline_consent(driver, host, sandbox):
    session = sandbox.create_session()
    open_modal(driver, host, session["client_secret"])
    result = click_in_modal(driver, "decline-consent")
    assert result["error"]["type"] == "invalid_request_error"
    assert result["error"]["code"] == "consent_declined"
    assert "verificationSession" not in result
    after = sandbox.get_session(session["id"])
    assert after["status"] == "requires_input"
    assert after["last_error"]["code"] == "consent_declined"


def test_modal_close_button(driver, host, sandbox):
    session = sandbox.create_session()
    open_modal(driver, host, session["client_secret"])
    tracks = WebDriverWait(driver, WAIT).until(lambda d: d.execute_script(LIVE_TRACK_JS))
    assert ["video", "live", True] in tracks
    result = click_in_modal(driver, "close-modal")
    assert result["error"]["type"] == "invalid_request_error"
    assert result["error"]["code"] == "session_cancelled"
    after = sandbox.get_session(session["id"])
    assert after["status"] == "requires_input"
    assert after["last_error"] is None
    # The secret was not spent: the modal opens again with it.
    assert sandbox.page_info(session["client_secret"]).status_code == 200


def test_modal_with_spent_secret_resolves_an_error(driver, host, sandbox):
    session = sandbox.create_session()
    sandbox.submit(session["client_secret"], "verified")
    driver.switch_to.default_content()
    driver.get(f"{host.url}/?{urlencode({'cs': session['client_secret']})}")
    driver.find_element(By.ID, "verify").click()
    result = resolved_result(driver)
    assert result["error"]["code"] == "client_secret_used"


def test_live_publishable_key_throws_on_http_page(driver, host):
    driver.switch_to.default_content()
    driver.get(host.url + "/")
    outcome = driver.execute_script(
        "try { Stripe('pk_live_IdentityKioskAcceptance'); return 'no error'; }"
        " catch (e) { return e.name + ': ' + e.message; }"
    )
    assert outcome.startswith("IntegrationError: Live Stripe.js integrations must use HTTPS"), outcome
    secret = driver.execute_script("try { Stripe('sk_test_abcdefghijkl'); return 'no error'; } catch (e) { return e.message; }")
    assert "secret key" in secret


# ---------------------------------------------------------------------------------------
# hosted page
# ---------------------------------------------------------------------------------------


HOSTED = [
    ("outcome-verified", ["verified"], None),
    ("outcome-unverified", ["requires_input"], "document_unverified_other"),
    ("outcome-verified-async", ["processing", "verified"], None),
    ("outcome-unverified-async", ["processing", "requires_input"], "document_unverified_other"),
    ("decline-consent", ["requires_input"], "consent_declined"),
]


def test_hosted_page_outcomes_redirect_to_return_url(driver, host, sandbox):
    driver.switch_to.default_content()
    for index, (button, statuses, error_code) in enumerate(HOSTED):
        return_url = f"{host.url}/done?case={button}"
        session = sandbox.create_session(return_url=return_url)
        assert session["url"].startswith(sandbox.url + "/start/test_")
        driver.get(session["url"])
        WebDriverWait(driver, WAIT).until(EC.element_to_be_clickable((By.ID, button)))
        assert driver.find_element(By.ID, "sandbox-label").is_displayed()
        if index == 0:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            assert driver.save_screenshot(str(ARTIFACTS / "hosted.png"))
        driver.find_element(By.ID, button).click()
        WebDriverWait(driver, WAIT).until(lambda d: d.current_url == return_url)
        assert driver.find_element(By.ID, "done").text == "Back at the kiosk"
        now = sandbox.get_session(session["id"])
        assert now["status"] == statuses[0], button
        if len(statuses) > 1:
            now = sandbox.wait_for_status(session["id"], statuses[1], timeout=15)
        assert (now["last_error"] or {}).get("code") == error_code, button
        if button != "decline-consent":
            # A used link shows the error page.
            driver.get(session["url"])
            error = WebDriverWait(driver, WAIT).until(EC.presence_of_element_located((By.ID, "page-error")))
            assert "already been used" in error.text


def test_hosted_page_without_return_url_shows_result(driver, sandbox):
    session = sandbox.create_session()
    driver.switch_to.default_content()
    driver.get(session["url"])
    WebDriverWait(driver, WAIT).until(EC.element_to_be_clickable((By.ID, "outcome-verified"))).click()
    result = WebDriverWait(driver, WAIT).until(EC.presence_of_element_located((By.ID, "page-result")))
    assert "submitted" in result.text
    assert sandbox.get_session(session["id"])["status"] == "verified"


def test_hosted_page_invalid_and_used_links(driver, sandbox):
    driver.switch_to.default_content()
    driver.get(sandbox.url + "/start/test_doesnotexist")
    error = WebDriverWait(driver, WAIT).until(EC.presence_of_element_located((By.ID, "page-error")))
    assert error.text == "This verification link is not valid."
    assert driver.find_elements(By.ID, "outcome-verified") == []
    r = sandbox.http.get(sandbox.url + "/start/test_doesnotexist", timeout=10)
    assert r.status_code == 404

    session = sandbox.create_session()
    canceled = sandbox.api("POST", f"/v1/identity/verification_sessions/{session['id']}/cancel")
    assert canceled.status_code == 200
    driver.get(session["url"])
    error = WebDriverWait(driver, WAIT).until(EC.presence_of_element_located((By.ID, "page-error")))
    assert "already been used" in error.text
    assert sandbox.http.get(session["url"], timeout=10).status_code == 410
