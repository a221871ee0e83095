"""Lock-down of the release build, as far as WebDriver and X11 can observe it on Linux:
navigation off the allow-list and new windows are refused, a close request is refused without
the staff panel, the window is full screen, a second instance hands over to the first and
exits, and start at login follows the setting.
"""

from __future__ import annotations

import http.server
import os
import subprocess
import threading
import time
from pathlib import Path

import pytest
from Xlib import X, display as xdisplay, protocol

from harness import Sandbox, kiosk_binary, wait_for

TITLE = "Identity Kiosk"


@pytest.fixture
def elsewhere():
    """A real web page on loopback that the kiosk must never reach (if navigation to it were
    allowed, it would load: nothing else stops it)."""
    class Page(http.server.BaseHTTPRequestHandler):
        hits: list = []

        def do_GET(self):  # noqa: N802 (http.server's name)
            Page.hits.append(self.path)
            body = b"<html><body id=escaped>escaped</body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    server.hits = Page.hits
    yield server
    server.shutdown()



def kiosk_windows(d) -> list:
    """The X11 toplevels titled like the kiosk (no window manager under Xvfb: root's children)."""
    found = []

    def walk(win):
        for child in win.query_tree().children:
            try:
                name = child.get_full_property(d.intern_atom("_NET_WM_NAME"), 0)
                title = name.value.decode() if name else (child.get_wm_name() or "")
            except Exception:  # noqa: BLE001 - windows come and go
                continue
            if title == TITLE and child.get_attributes().map_state == X.IsViewable:
                found.append(child)
            walk(child)

    walk(d.screen().root)
    return found


def request_close(win, d) -> None:
    """What a window manager sends when the user clicks × or presses Alt+F4."""
    protocols = d.intern_atom("WM_PROTOCOLS")
    delete = d.intern_atom("WM_DELETE_WINDOW")
    event = protocol.event.ClientMessage(window=win, client_type=protocols,
                                         data=(32, [delete, X.CurrentTime, 0, 0, 0]))
    win.send_event(event, event_mask=X.NoEventMask)
    d.flush()


def test_navigation_off_the_allow_list_is_refused(sandbox: Sandbox, launch, elsewhere):
    kiosk = launch(sandbox)
    kiosk.wait_screen("welcome")
    home = kiosk.js("return location.href")
    for target in (elsewhere.url + "/escape", "https://example.com/"):
        kiosk.js("location.href = arguments[0]", target)
        time.sleep(1.5)
        assert kiosk.js("return location.href") == home, target
        assert kiosk.screen() == "welcome"
    # A link the customer could tap, and a form, go nowhere either.
    kiosk.js("""const a = document.createElement('a'); a.href = arguments[0] + '/link';
                document.body.appendChild(a); a.click();""", elsewhere.url)
    time.sleep(1.5)
    assert kiosk.js("return location.href") == home
    assert elsewhere.hits == [], "the page outside the allow-list was requested"
    assert "navigation refused" in kiosk.app_log()


def test_new_windows_are_refused(sandbox: Sandbox, launch, elsewhere):
    kiosk = launch(sandbox)
    kiosk.wait_screen("welcome")
    # A script's window.open (WebKit's popup rule already stops it without a user gesture).
    kiosk.js("window.open(arguments[0] + '/popup')", elsewhere.url)
    # A link with target=_blank that the customer taps: a real click, so it reaches the app's
    # new-window handler, which refuses it.
    kiosk.js("""const a = document.createElement('a'); a.id = 'e2e-blank'; a.href = arguments[0] + '/blank';
                a.target = '_blank'; a.textContent = 'open'; a.style = 'position:fixed;top:40%;left:40%;z-index:99;font-size:40px';
                document.body.appendChild(a);""", elsewhere.url)
    kiosk.el("#e2e-blank").click()
    wait_for(lambda: "new window refused" in kiosk.app_log(), 10, "the app to refuse the new window")
    time.sleep(1)
    assert kiosk.driver.window_handles == [kiosk.driver.current_window_handle]
    assert elsewhere.hits == []
    d = xdisplay.Display()
    try:
        assert len(kiosk_windows(d)) == 1
    finally:
        d.close()


def test_window_is_full_screen_and_close_is_refused(launch):
    kiosk = launch()
    kiosk.wait_screen("welcome")
    inner = kiosk.js("return [window.innerWidth, window.innerHeight, screen.width, screen.height]")
    assert inner[:2] == inner[2:], f"not full screen: {inner}"
    assert kiosk.js("return window.Kiosk.lockdown.isEnabled()") is True
    d = xdisplay.Display()
    try:
        wins = kiosk_windows(d)
        assert len(wins) == 1
        geometry = wins[0].get_geometry()
        assert (geometry.width, geometry.height) == (d.screen().width_in_pixels, d.screen().height_in_pixels)
        request_close(wins[0], d)
        wait_for(lambda: "close refused" in kiosk.app_log(), 10, "the app to refuse the close request")
        time.sleep(1)
        assert len(kiosk_windows(d)) == 1, "the window went away"
    finally:
        d.close()
    assert kiosk.screen() == "welcome"
    kiosk.tap_verify()
    kiosk.wait_modal()  # still fully working


def test_second_instance_brings_the_first_forward_and_exits(sandbox: Sandbox, launch):
    kiosk = launch(sandbox)
    kiosk.tap_verify()
    kiosk.wait_modal()
    kiosk.driver.switch_to.default_content()
    session = sandbox.wait_status("requires_input")
    started = time.monotonic()
    second = subprocess.run([str(kiosk_binary())], env=kiosk.env, capture_output=True, text=True, timeout=60)
    assert second.returncode == 0, second.stderr
    assert "already running" in second.stderr
    assert time.monotonic() - started < 30
    wait_for(lambda: "another kiosk instance was started" in kiosk.app_log(), 10,
             "the first kiosk to be told about the second")
    # The second never touched the first one's customer: the session is still theirs.
    assert sandbox.api("GET", f"/v1/identity/verification_sessions/{session['id']}")["status"] == "requires_input"
    assert len(sandbox.sessions()) == 1
    assert kiosk.driver.find_elements("css selector", "#identity-sandbox-frame")


def test_start_at_login_follows_the_setting(launch):
    autostart = Path(os.environ["HOME"]) / ".config" / "autostart"

    def entries():
        return sorted(autostart.glob("*.desktop")) if autostart.is_dir() else []

    kiosk = launch(autostart="true")
    wait_for(entries, 10, "a login item")
    (entry,) = entries()
    text = entry.read_text()
    assert str(kiosk_binary()) in text, text
    kiosk.close()
    launch(autostart="false")
    wait_for(lambda: not entries(), 10, "the login item to be removed")


def test_the_running_window_enforces_the_one_csp(sandbox: Sandbox, launch):
    """The policy the window runs under, read back from the page (a blocked image reports it),
    is tauri.conf.json's, which tests/csp.rs holds to kiosk_core::web::csp: the same directives
    and sources, plus only the sandbox's origin this kiosk loads Stripe.js from (and any hash or
    nonce Tauri adds for its own scripts)."""
    import json
    from urllib.parse import urlsplit

    kiosk = launch(sandbox)
    kiosk.wait_screen("welcome")
    policy = kiosk.driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "document.addEventListener('securitypolicyviolation', (e) => done(e.originalPolicy), {once: true});"
        "const img = new Image(); img.src = 'https://blocked.invalid/probe.png';"
        "document.body.appendChild(img);"
    )
    running = {}
    for directive in filter(None, (d.strip() for d in policy.split(";"))):
        name, *sources = directive.split()
        running[name] = [s for s in sources if not s.startswith(("'nonce-", "'sha256-", "'sha384-", "'sha512-"))]
    conf = json.loads((Path(__file__).resolve().parents[2] / "tauri.conf.json").read_text())
    sb = urlsplit(sandbox.url)
    extra = f"{sb.scheme}://{sb.netloc}"
    expected = {name: value.split() for name, value in conf["app"]["security"]["csp"].items()}
    for name in ("script-src", "frame-src"):
        expected[name] = expected[name] + [extra]
    assert {k: sorted(v) for k, v in running.items()} == {k: sorted(v) for k, v in expected.items()}, policy


def test_the_locked_window_covers_its_monitor_without_a_window_manager(launch):
    """Under Xvfb nobody carries out a full-screen request (no window manager, as with a bare
    `xinit` kiosk): the app places the window over the monitor itself, and says so."""
    kiosk = launch()
    kiosk.wait_screen("welcome")
    d = xdisplay.Display()
    try:
        screen = (d.screen().width_in_pixels, d.screen().height_in_pixels)

        def geometry():
            wins = kiosk_windows(d)
            assert len(wins) == 1, wins
            g = wins[0].get_geometry()
            return (g.width, g.height)

        wait_for(lambda: geometry() == screen, 10, "the window to cover the screen")
        assert f"covering the monitor x=0 y=0 width={screen[0]} height={screen[1]}" in kiosk.app_log()
    finally:
        d.close()
