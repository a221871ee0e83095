"""Faults, one test each: what the customer's screen shows, and that the kiosk recovers by itself
once the fault clears. (5xx and dropped connections during a start are in test_flows.py.)

The background Stripe check runs every 2 s here (IDENTITY_KIOSK_CHECK_SECS), not every minute.
"""

from __future__ import annotations

import http.server
import os
import shutil
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from harness import OUT, SESSIONS_PATH, Sandbox, kiosk_binary, wait_for

FAST_CHECKS = {"IDENTITY_KIOSK_CHECK_SECS": "2"}



def verify_once(kiosk, sandbox: Sandbox) -> None:
    """A whole customer verification: proof that the kiosk works again."""
    before = {s["id"] for s in sandbox.sessions()}
    kiosk.tap_verify()
    kiosk.run_modal("outcome-verified")
    kiosk.wait_screen("verified")
    new = [s["id"] for s in sandbox.sessions() if s["id"] not in before]
    assert len(new) == 1, f"one new session per customer, got {new}"
    wait_for(lambda: sandbox.api("GET", f"{SESSIONS_PATH}/{new[0]}")["status"] == "verified", 20, "verified")
    kiosk.click("#done")
    kiosk.wait_screen("welcome", timeout=40)


def test_stripe_unreachable_is_shown_before_the_tap_and_clears(launch):
    sandbox = Sandbox(name="unreachable.1")
    addr = sandbox.url.removeprefix("http://")
    try:
        kiosk = launch(sandbox, env=FAST_CHECKS)
        kiosk.wait_screen("welcome")
        sandbox.close()  # Stripe is gone: connections are refused
        kiosk.wait_screen("unavailable", timeout=15)  # without anyone tapping
        kiosk.screenshot("fault-unreachable")
        assert "Stripe cannot be reached" in kiosk.app_log()
        sandbox = Sandbox(name="unreachable.2", addr=addr)  # back, on the same address
        kiosk.wait_screen("welcome", timeout=20)
        assert "Stripe is reachable again" in kiosk.app_log()
        verify_once(kiosk, sandbox)
    finally:
        sandbox.close()


def test_slow_stripe_still_completes(sandbox: Sandbox, launch):
    kiosk = launch(sandbox)
    kiosk.wait_screen("welcome")
    sandbox.add_fault(method="POST", path_prefix=SESSIONS_PATH, latency_ms=4000, count=1)
    started = time.monotonic()
    kiosk.tap_verify()
    kiosk.wait_screen("starting")
    kiosk.wait_modal(timeout=30)
    assert time.monotonic() - started >= 3.5
    kiosk.driver.switch_to.default_content()
    kiosk.run_modal("outcome-verified")
    kiosk.wait_screen("verified")
    sandbox.wait_status("verified")


def test_rate_limited_then_recovers(sandbox: Sandbox, launch):
    kiosk = launch(sandbox)
    kiosk.wait_screen("welcome")
    # A plain 429 is not retried (Stripe's SDK policy): the customer is told at once.
    sandbox.add_fault(method="POST", path_prefix=SESSIONS_PATH, status=429, count=1)
    kiosk.tap_verify()
    kiosk.wait_screen("unavailable")
    assert sandbox.sessions() == []
    assert "rate_limit_error" in kiosk.app_log()
    kiosk.wait_screen("welcome", timeout=30)
    verify_once(kiosk, sandbox)


def test_malformed_responses_then_recovers(sandbox: Sandbox, launch):
    kiosk = launch(sandbox)
    kiosk.wait_screen("welcome")
    # 200s with a truncated body: Stripe may have made the session, so the kiosk settles it.
    sandbox.add_fault(method="POST", path_prefix=SESSIONS_PATH, malformed=True, count=3)
    kiosk.tap_verify()
    kiosk.wait_screen("unavailable", timeout=40)
    assert "malformed" in kiosk.app_log()
    kiosk.wait_screen("welcome", timeout=30)
    wait_for(lambda: all(s["status"] == "canceled" for s in sandbox.sessions()), 20,
             "sessions made during the fault to be canceled")
    verify_once(kiosk, sandbox)


def test_dns_failure_is_shown_then_clears(sandbox: Sandbox, launch):
    # Under `localhost` (RFC 6761), so plain http to the sandbox is allowed, yet not in
    # /etc/hosts: the name does not resolve until the test adds it.
    host = "stripe-api.identity-kiosk.localhost"
    port = sandbox.url.rsplit(":", 1)[1]
    hosts = Path("/etc/hosts")
    original = hosts.read_text()
    assert host not in original
    env = {**FAST_CHECKS, "IDENTITY_KIOSK_API_BASE": f"http://{host}:{port}"}
    try:
        kiosk = launch(sandbox, env=env)
        kiosk.wait_screen("unavailable", timeout=20)  # the name does not resolve
        assert "Stripe cannot be reached" in kiosk.app_log()
        hosts.write_text(original + f"\n127.0.0.1 {host}\n")  # DNS is fixed
        kiosk.wait_screen("welcome", timeout=20)
        verify_once(kiosk, sandbox)
    finally:
        hosts.write_text(original)


@pytest.fixture
def flaky_stripe_js(sandbox):
    """A reverse proxy in front of the sandbox's Stripe.js and modal pages that answers 503 while
    `down` is set: Stripe.js failing to load."""
    state = {"down": True}

    class Proxy(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (the modal's choices are posted)
            self.do_GET()

        def do_GET(self):  # noqa: N802
            if state["down"]:
                self.send_response(503)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            request = urllib.request.Request(sandbox.url + self.path, data=body, method=self.command,
                                             headers={k: v for k, v in self.headers.items()
                                                      if k.lower() in ("content-type", "authorization")})
            with urllib.request.urlopen(request, timeout=10) as r:
                body = r.read()
                self.send_response(r.status)
                for k in ("Content-Type", "Cache-Control"):
                    if r.headers.get(k):
                        self.send_header(k, r.headers[k])
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    state["url"] = f"http://127.0.0.1:{server.server_address[1]}/v3/"
    yield state
    server.shutdown()


def test_stripe_js_failing_to_load_then_recovers(sandbox: Sandbox, launch, flaky_stripe_js):
    kiosk = launch(sandbox, env={"IDENTITY_KIOSK_STRIPE_JS_URL": flaky_stripe_js["url"]}, flow="modal")
    kiosk.wait_screen("welcome")
    kiosk.tap_verify()
    kiosk.wait_screen("unavailable")
    assert sandbox.sessions() == [], "no session without a way to verify"
    time.sleep(7)
    assert kiosk.screen() == "unavailable", "stays while Stripe.js cannot load"
    flaky_stripe_js["down"] = False
    kiosk.wait_screen("welcome", timeout=20)
    kiosk.tap_verify()
    kiosk.run_modal("outcome-verified")
    kiosk.wait_screen("verified")
    sandbox.wait_status("verified")


def test_no_camera_is_said_before_the_tap(sandbox: Sandbox, launch):
    # (Access refused is covered in tests/ui: WebKit's mock camera does not ask permission.)
    kiosk = launch(sandbox, env={"IDENTITY_KIOSK_TEST_CAMERA": "none"})
    kiosk.wait_screen("unavailable", timeout=20)
    kiosk.screenshot("fault-camera-none")
    wait_for(lambda: "camera=Missing" in kiosk.app_log(), 10, "the camera problem in the log")
    assert sandbox.sessions() == []


def test_journal_disk_full_refuses_the_start_then_recovers(sandbox: Sandbox, launch):
    data = OUT / "config" / "disk-full-data"
    if data.is_mount():
        subprocess.run(["umount", str(data)], check=True)
    shutil.rmtree(data, ignore_errors=True)
    data.mkdir(parents=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(data)], check=True)
    try:
        kiosk = launch(sandbox, env={"IDENTITY_KIOSK_DATA_DIR": data})
        kiosk.wait_screen("welcome")
        filler = data / "filler"
        subprocess.run(["dd", "if=/dev/zero", f"of={filler}", "bs=64k"], capture_output=True)  # until ENOSPC
        kiosk.tap_verify()
        kiosk.wait_screen("staff")
        kiosk.screenshot("fault-disk-full")
        assert "journal_full" in kiosk.app_log()
        # The create could not even be noted, so it was never sent: no session to lose.
        assert sandbox.sessions() == []
        filler.unlink()  # space again
        kiosk.click("#staff-done")
        kiosk.wait_screen("welcome", timeout=40)
        verify_once(kiosk, sandbox)
    finally:
        subprocess.run(["umount", "-l", str(data)])


def _lock_keyring() -> None:
    subprocess.run(["dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.secrets",
                    "/org/freedesktop/secrets", "org.freedesktop.Secret.Service.Lock",
                    "array:objpath:/org/freedesktop/secrets/collection/login"], check=True, capture_output=True)


def _unlock_keyring() -> None:
    """What the login does on a desktop: gnome-keyring's unlock with the login password
    (scripts/with-keyring set it in KIOSK_KEYRING_PASSWORD)."""
    from jeepney import DBusAddress, new_method_call
    from jeepney.io.blocking import open_dbus_connection

    conn = open_dbus_connection(bus="SESSION")
    try:
        service = DBusAddress("/org/freedesktop/secrets", bus_name="org.freedesktop.secrets",
                              interface="org.freedesktop.Secret.Service")
        session = conn.send_and_get_reply(new_method_call(service, "OpenSession", "sv", ("plain", ("s", "")))).body[1]
        internal = DBusAddress("/org/freedesktop/secrets", bus_name="org.freedesktop.secrets",
                               interface="org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface")
        password = os.environ["KIOSK_KEYRING_PASSWORD"].encode()
        conn.send_and_get_reply(new_method_call(internal, "UnlockWithMasterPassword", "o(oayays)", (
            "/org/freedesktop/secrets/collection/login", (session, b"", password, "text/plain"))))
    finally:
        conn.close()


def test_locked_keyring_blocks_customers_until_it_is_unlocked(sandbox: Sandbox, launch):
    data = OUT / "config" / "keyring-locked-data"
    shutil.rmtree(data, ignore_errors=True)
    cli_env = {k: v for k, v in os.environ.items() if not k.startswith(("STRIPE_", "IDENTITY_KIOSK_"))}
    cli_env["IDENTITY_KIOSK_DATA_DIR"] = str(data)
    cli = [str(kiosk_binary()), "--api-base", sandbox.url]
    stored = subprocess.run(cli + ["secret", "set", "--stdin", "--publishable-key", sandbox.publishable_key],
                            input=sandbox.key, env=cli_env, capture_output=True, text=True)
    assert stored.returncode == 0, stored.stderr
    try:
        _lock_keyring()
        # The kiosk finds the key (from the keyring, not the environment) out of reach.
        kiosk = launch(env={**FAST_CHECKS, "IDENTITY_KIOSK_DATA_DIR": data,
                            "IDENTITY_KIOSK_API_BASE": sandbox.url,
                            "IDENTITY_KIOSK_STRIPE_JS_URL": f"{sandbox.url}/v3/"})
        kiosk.wait_screen("unavailable", timeout=20)
        kiosk.screenshot("fault-keyring-locked")
        assert not kiosk.visible("#sandbox-banner"), "a kiosk with a key is never a sandbox"
        assert "cannot be read; verification is not available until it can" in kiosk.app_log()
        _unlock_keyring()
        kiosk.wait_screen("welcome", timeout=60)  # it tries the keyring again every 30 s
        assert "the keyring can be read again" in kiosk.app_log()
        verify_once(kiosk, sandbox)
    finally:
        _unlock_keyring()
        subprocess.run(cli + ["secret", "delete"], env=cli_env, capture_output=True)
