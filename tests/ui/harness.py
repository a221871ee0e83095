"""Shared helpers for the UI tests and the screenshot walk: a loopback HTTP server for the repo
(so harness.html can load ../../ui/), headless Chromium, and scenario URLs for fake-tauri.js."""

from __future__ import annotations

import functools
import json
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
WAIT = 15  # seconds, upper bound for any UI wait


class RepoServer:
    """Serves the repository read-only on 127.0.0.1 (test harness and ui/)."""

    def __init__(self):
        class Quiet(SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def end_headers(self):
                self.send_header("Cache-Control", "no-store")
                super().end_headers()

        handler = functools.partial(Quiet, directory=str(REPO_ROOT))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def harness(self, scenario: dict | None = None, hash_: str = "") -> str:
        s = quote(json.dumps(scenario or {}, separators=(",", ":")))
        return f"{self.url}/tests/ui/harness.html?s={s}" + (f"#{hash_}" if hash_ else "")

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def chromium(width: int = 1280, height: int = 800) -> webdriver.Chrome:
    for path in (CHROMIUM, CHROMEDRIVER):
        if not Path(path).exists():
            raise RuntimeError(f"{path} is required for the UI tests")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--force-device-scale-factor=1", f"--user-data-dir={tempfile.mkdtemp(prefix='kiosk-ui-')}",
        f"--window-size={width},{height}",
    ):
        options.add_argument(flag)
    drv = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    drv.set_page_load_timeout(WAIT)
    set_viewport(drv, width, height)
    return drv


def set_viewport(drv: webdriver.Chrome, width: int, height: int) -> None:
    """Makes the page viewport exactly width×height (what a kiosk screen shows)."""
    drv.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})


def open_scenario(drv, server: RepoServer, scenario: dict | None = None, hash_: str = "") -> None:
    """Loads the harness with a fresh log and waits for the first screen."""
    drv.get(f"{server.url}/README.md")  # same origin, no app running: a clean log
    drv.execute_script("sessionStorage.clear()")
    drv.get(server.harness(scenario, hash_))
    wait_screen(drv, None)


def screen(drv) -> str:
    return drv.execute_script("return document.body.dataset.screen || ''")


def wait_screen(drv, name: str | None, timeout: float = WAIT) -> None:
    """Waits until body[data-screen] is `name` (None: any screen other than loading)."""
    def ok(d):
        s = screen(d)
        return s == name if name else s not in ("", "loading")
    WebDriverWait(drv, timeout, poll_frequency=0.05).until(ok, f"screen {name!r}, still {screen(drv)!r}")


def calls(drv, cmd: str | None = None) -> list:
    log = drv.execute_script("return JSON.parse(sessionStorage.getItem('fake.log') || '[]')")
    return [c for c in log if cmd is None or c["cmd"] == cmd]


def csp_violations(drv) -> list:
    return drv.execute_script("return JSON.parse(sessionStorage.getItem('fake.csp') || '[]')")


def console_lines(drv) -> list:
    return drv.execute_script("return JSON.parse(sessionStorage.getItem('fake.console') || '[]')")


def click(drv, element_id: str) -> None:
    drv.find_element(By.ID, element_id).click()


def text(drv, element_id: str) -> str:
    return drv.find_element(By.ID, element_id).text


def visible(drv, element_id: str) -> bool:
    return drv.find_element(By.ID, element_id).is_displayed()


def wait_for(drv, predicate, message: str, timeout: float = WAIT) -> None:
    WebDriverWait(drv, timeout, poll_frequency=0.05).until(lambda d: predicate(), message)


def advance(drv, seconds: float) -> None:
    """Moves the page's clock on (fake-clock.js): the timers due meanwhile fire at once."""
    drv.execute_script("window.__clock.advance(arguments[0])", seconds * 1000)


def settle(drv) -> None:
    """Lets the page finish what an input started (a frame, then a turn of its event loop), so
    a test can check that nothing came of it."""
    drv.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "requestAnimationFrame(() => setTimeout(done, 0));")


def cmds(drv) -> list:
    return [c["cmd"] for c in calls(drv)]


# Fixtures shared by the test modules, which import them by name. (Not in a conftest.py: the
# acceptance tests import their own `conftest` module by name, and pytest runs both folders in one
# session.)
@pytest.fixture(scope="module")
def server():
    srv = RepoServer()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def driver():
    drv = chromium(1280, 800)
    yield drv
    drv.quit()
