"""End-to-end harness for the Identity Kiosk window: a standalone sandbox, tauri-driver, the app.

Used by the pytest suite (conftest.py) and by timings.py. Everything runs on loopback:

- `Sandbox`: `identity-kiosk sandbox --addr 127.0.0.1:0` as a subprocess (first stdout line =
  base URL) plus helpers for its Stripe API (sessions, with the test's own secret key); its
  control endpoints come from `tests/sandbox_control.py`.
- `launch_kiosk(env)`: one tauri-driver per app configuration, on free ports, with the app's
  environment (tauri-driver passes it down to WebKitWebDriver and the app), then a WebDriver
  session `{"tauri:options": {"application": BIN}}`. Returns a `Kiosk` with UI helpers.

The app's configuration comes only from the environment given here: every inherited
`STRIPE_*` and `IDENTITY_KIOSK_*` variable is dropped first, and the settings files are an empty
folder under target/e2e/config/<launch>/ and a policy file that does not exist; the journal and
PIN live in its data/ folder. The suite runs inside scripts/with-keyring, so the app has a
real, empty, unlocked Secret Service of its own.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable, Iterable, Optional

import requests
from selenium import webdriver
import urllib3
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.options import ArgOptions

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT / "tests"))
from sandbox_control import SandboxControl  # noqa: E402
OUT = REPO_ROOT / "target" / "e2e"
SCREENS = OUT / "screens"
LOGS = OUT / "logs"

SANDBOX_BANNER = "Sandbox: not a real verification"
SESSIONS_PATH = "/v1/identity/verification_sessions"


def kiosk_binary() -> Path:
    raw = os.environ.get("IDENTITY_KIOSK_E2E_BIN") or str(REPO_ROOT / "target" / "release" / "identity-kiosk")
    path = Path(raw)
    if not path.is_absolute():
        path = REPO_ROOT / path
    return path.resolve()


def tauri_driver_binary() -> Optional[str]:
    return (
        os.environ.get("TAURI_DRIVER")
        or shutil.which("tauri-driver")
        or next((str(p) for p in [Path.home() / ".cargo" / "bin" / "tauri-driver"] if p.exists()), None)
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(check: Callable[[], Any], timeout: float, what: str, interval: float = 0.1) -> Any:
    """Polls `check` until it returns something truthy; fails with `what` after `timeout` s."""
    deadline = time.monotonic() + timeout
    last_exc: Optional[BaseException] = None
    while True:
        try:
            value = check()
            if value:
                return value
        except (WebDriverException, urllib3.exceptions.HTTPError, ConnectionError) as e:
            # e.g. the page is reloading (tauri-driver may drop the connection meanwhile)
            last_exc = e
        if time.monotonic() > deadline:
            extra = f" (last error: {last_exc!r})" if last_exc else ""
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}{extra}")
        time.sleep(interval)


def _kill_group(proc: subprocess.Popen) -> None:
    """Stops a process we started (in its own process group) and its children."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=5)


# ---------------------------------------------------------------------------------------------
# Sandbox
# ---------------------------------------------------------------------------------------------


class Sandbox(SandboxControl):
    """A standalone sandbox process (its controls from `SandboxControl`); `key`/`publishable_key` are the keys the app is given."""

    def __init__(self, name: str = "sandbox", binary: Optional[Path] = None, addr: str = "127.0.0.1:0"):
        binary = binary or kiosk_binary()
        LOGS.mkdir(parents=True, exist_ok=True)
        self.log_path = LOGS / f"{name}.sandbox.log"
        self._log = open(self.log_path, "wb")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("STRIPE_", "IDENTITY_KIOSK_"))}
        self.proc = subprocess.Popen(
            [str(binary), "sandbox", "--addr", addr],
            stdout=subprocess.PIPE,
            stderr=self._log,
            env=env,
            start_new_session=True,
        )
        line = self.proc.stdout.readline().decode().strip()
        if not line.startswith("http://"):
            _kill_group(self.proc)
            raise RuntimeError(f"sandbox did not print its URL (got {line!r}); see {self.log_path}")
        self.url = line
        self.key = "sk_test_e2e" + secrets.token_hex(10)
        self.publishable_key = "pk_test_e2e" + secrets.token_hex(10)
        self.http = requests.Session()

    def close(self) -> None:
        _kill_group(self.proc)
        if self.proc.stdout:
            self.proc.stdout.close()
        self._log.close()

    def app_env(self) -> dict:
        """The environment that points the app at this sandbox as if it were Stripe (test mode)."""
        return {
            "STRIPE_SECRET_KEY": self.key,
            "STRIPE_PUBLISHABLE_KEY": self.publishable_key,
            "IDENTITY_KIOSK_API_BASE": self.url,
            "IDENTITY_KIOSK_STRIPE_JS_URL": f"{self.url}/v3/",
        }

    # -- Stripe API ---------------------------------------------------------------------
    def api(self, method: str, path: str, **kw) -> dict:
        r = self.http.request(method, self.url + path, headers={"Authorization": f"Bearer {self.key}"}, timeout=10, **kw)
        r.raise_for_status()
        return r.json()

    def sessions(self, kiosk_id: Optional[str] = None) -> list:
        data = self.api("GET", SESSIONS_PATH, params={"limit": 100})["data"]
        if kiosk_id is not None:
            data = [s for s in data if (s.get("metadata") or {}).get("kiosk_id") == kiosk_id]
        return data

    def only_session(self, kiosk_id: Optional[str] = None) -> dict:
        found = self.sessions(kiosk_id)
        assert len(found) == 1, f"expected exactly one session, found {len(found)}: {[s['id'] for s in found]}"
        return found[0]

    def wait_status(self, status: str, kiosk_id: Optional[str] = None, timeout: float = 20) -> dict:
        def check():
            found = self.sessions(kiosk_id)
            return found[0] if len(found) == 1 and found[0]["status"] == status else None

        return wait_for(check, timeout, f"the one session to be {status} (sessions: {self._summary(kiosk_id)})")

    def _summary(self, kiosk_id: Optional[str]) -> str:
        try:
            return json.dumps([(s["id"], s["status"]) for s in self.sessions(kiosk_id)])
        except Exception as e:  # noqa: BLE001 - only for a message
            return repr(e)


# ---------------------------------------------------------------------------------------------
# The app under tauri-driver
# ---------------------------------------------------------------------------------------------

# Records every data-screen change with Date.now() (window.__e2eScreens), idempotent.
SCREEN_OBSERVER_JS = """
if (!window.__e2eScreens) {
  window.__e2eScreens = [{screen: document.body.dataset.screen, t: Date.now()}];
  new MutationObserver(() => {
    const s = document.body.dataset.screen;
    const list = window.__e2eScreens;
    if (list[list.length - 1].screen !== s) list.push({screen: s, t: Date.now()});
  }).observe(document.body, {attributes: true, attributeFilter: ['data-screen']});
}
return true;
"""

# Wraps window.__TAURI__.core.invoke so that every command's name and JSON response (or error) is
# kept in window.__e2eIpc. Returns a description of what could (not) be wrapped.
IPC_WRAPPER_JS = """
const core = window.__TAURI__ && window.__TAURI__.core;
if (!core || typeof core.invoke !== 'function') return 'no window.__TAURI__.core.invoke';
if (core.invoke.__e2eWrapped) return 'already';
window.__e2eIpc = window.__e2eIpc || [];
const original = core.invoke;
const wrapped = async function (cmd, args, options) {
  try {
    const response = await original.call(this, cmd, args, options);
    window.__e2eIpc.push({cmd, ok: true, json: JSON.stringify(response === undefined ? null : response)});
    return response;
  } catch (err) {
    let json;
    try { json = JSON.stringify(err); } catch (_) { json = String(err); }
    window.__e2eIpc.push({cmd, ok: false, json: json === undefined ? String(err) : json});
    throw err;
  }
};
wrapped.__e2eWrapped = true;
try { core.invoke = wrapped; } catch (_) { /* strict-mode TypeError on a frozen object */ }
if (core.invoke === wrapped) return 'wrapped';
// Tauri freezes window.__TAURI__.core, but window.__TAURI__ itself is writable and the UI reads
// window.__TAURI__.core.invoke at call time: swap in a copy whose core has the wrapper.
window.__TAURI__ = Object.assign({}, window.__TAURI__, {core: Object.assign({}, core, {invoke: wrapped})});
return window.__TAURI__.core.invoke === wrapped ? 'wrapped (core is frozen: replaced window.__TAURI__)' : 'could not wrap';
"""


class Kiosk:
    """One running app (tauri-driver + WebDriver session) and UI helpers."""

    def __init__(self, name: str, env: dict, binary: Optional[Path] = None, args: Iterable[str] = ()):
        self.name = name
        self.binary = binary or kiosk_binary()
        driver_bin = tauri_driver_binary()
        if not driver_bin:
            raise RuntimeError("tauri-driver not found (cargo install tauri-driver --version ^2 --locked)")
        LOGS.mkdir(parents=True, exist_ok=True)
        self.log_path = LOGS / f"{name}.tauri-driver.log"
        self._log = open(self.log_path, "wb")
        base = {k: v for k, v in os.environ.items() if not k.startswith(("STRIPE_", "IDENTITY_KIOSK_"))}
        # Not this machine's settings files: an empty config folder per launch, and no policy.
        config = OUT / "config" / name
        shutil.rmtree(config, ignore_errors=True)
        self.config_dir = config
        self.data_dir = config / "data"
        base["IDENTITY_KIOSK_CONFIG_DIR"] = str(config)
        base["IDENTITY_KIOSK_POLICY"] = str(config / "no-policy.toml")
        # The journal and the staff PIN: per launch too, unless the test names a folder.
        base["IDENTITY_KIOSK_DATA_DIR"] = str(self.data_dir)
        base["IDENTITY_KIOSK_LOG_DIR"] = str(config / "logs")
        base.update({k: str(v) for k, v in env.items()})
        self.data_dir = Path(base["IDENTITY_KIOSK_DATA_DIR"])
        base.setdefault("RUST_LOG", "info")
        self.env = base
        self.port, self.native_port = free_port(), free_port()
        while self.native_port == self.port:
            self.native_port = free_port()
        self.driver_proc = subprocess.Popen(
            [driver_bin, "--port", str(self.port), "--native-port", str(self.native_port)],
            stdout=self._log,
            stderr=subprocess.STDOUT,
            env=base,
            start_new_session=True,
        )
        self.driver: Optional[webdriver.Remote] = None
        try:
            wait_for(self._driver_ready, 20, "tauri-driver to listen")
            opts = ArgOptions()
            opts.set_capability("tauri:options", {"application": str(self.binary), "args": list(args)})
            self.driver = webdriver.Remote(command_executor=f"http://127.0.0.1:{self.port}", options=opts)
            try:
                self.driver.set_window_rect(x=0, y=0, width=1920, height=1080)
            except WebDriverException:
                pass  # the locked-down window is full screen and cannot be resized
        except BaseException:
            self.close()
            raise

    def web_processes(self) -> list[int]:
        """The WebKit web content processes serving this app (in tauri-driver's session)."""
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                cmdline = (entry / "cmdline").read_bytes().split(b"\0")[0]
                if cmdline.endswith(b"WebKitWebProcess") and os.getsid(int(entry.name)) == self.driver_proc.pid:
                    found.append(int(entry.name))
            except (OSError, ProcessLookupError):
                continue
        return sorted(found)

    def _driver_ready(self) -> bool:
        if self.driver_proc.poll() is not None:
            raise RuntimeError(f"tauri-driver exited with {self.driver_proc.returncode}; see {self.log_path}")
        # Both tauri-driver and the WebKitWebDriver it starts: a session requested before the
        # second listens fails with "tcp connect error" (seen right after a kill -9).
        try:
            for port in (self.port, self.native_port):
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    pass
            return True
        except OSError:
            return False

    def close(self) -> None:
        if self.driver is not None:
            try:
                self.driver.quit()
            except Exception:  # noqa: BLE001 - the app may already be gone
                pass
            self.driver = None
        _kill_group(self.driver_proc)
        self._log.close()

    def app_log(self) -> str:
        """What the app wrote: its stderr (in tauri-driver's log) and its daily log files."""
        text = self.log_path.read_text(errors="replace")
        logs = self.config_dir / "logs"
        if logs.is_dir():
            text += "".join(p.read_text(errors="replace") for p in sorted(logs.iterdir()) if p.is_file())
        return text

    # -- page state -----------------------------------------------------------------------
    def js(self, script: str, *args):
        try:
            return self.driver.execute_script(script, *args)
        except WebDriverException as e:
            # Each customer's turn ends in a new window (a new webview and web process): follow it.
            if "window" not in str(e).lower() and "NoSuchWindow" not in type(e).__name__:
                raise
            self.follow_window()
            return self.driver.execute_script(script, *args)

    def current_url(self) -> str:
        """The kiosk window's URL (following it into a new window after a customer's turn)."""
        return self.js("return location.href")

    def follow_window(self) -> None:
        """Switches WebDriver to the kiosk's newest window."""
        handles = self.driver.window_handles
        if handles:
            self.driver.switch_to.window(handles[-1])

    def screen(self) -> Optional[str]:
        return self.js("return document.body ? document.body.dataset.screen : null")

    def wait_screen(self, *names: str, timeout: float = 20) -> str:
        def check():
            s = self.screen()
            return s if s in names else None

        try:
            return wait_for(check, timeout, f"screen {' or '.join(names)}")
        except AssertionError as e:
            raise AssertionError(f"{e}; current screen: {self._safe_screen()!r}") from None

    def _safe_screen(self):
        try:
            return self.screen()
        except Exception as e:  # noqa: BLE001
            return repr(e)

    def wait_booted(self, timeout: float = 20) -> str:
        """Waits until the page has left its initial `loading` state; installs the screen observer."""
        s = wait_for(lambda: (self.screen() not in (None, "loading")) and self.screen(), timeout, "the page to boot")
        self.js(SCREEN_OBSERVER_JS)
        return s

    def el(self, css: str):
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def visible(self, css: str) -> bool:
        found = self.driver.find_elements(By.CSS_SELECTOR, css)
        return bool(found) and found[0].is_displayed()

    def text(self, css: str) -> str:
        return self.js("const e = document.querySelector(arguments[0]); return e ? e.textContent.trim() : null", css)

    def click(self, css: str) -> None:
        wait_for(lambda: self.visible(css), 10, f"{css} to be visible")
        self.el(css).click()

    def tap_verify(self) -> int:
        """Clicks Verify; returns Date.now() of the page just before the click."""
        wait_for(lambda: self.visible("#verify"), 10, "#verify to be visible")
        button = self.el("#verify")
        t = self.js("return Date.now()")
        button.click()
        return t

    def screenshot(self, name: str) -> Path:
        SCREENS.mkdir(parents=True, exist_ok=True)
        path = SCREENS / f"{name}.png"
        # WebKitWebDriver's screenshot can show the last painted frame, which may predate the
        # screen change just asserted: wait for two animation frames and a short settle first.
        self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 400)));"
        )
        self.driver.save_screenshot(str(path))
        return path

    # -- the Stripe.js stand-in modal -------------------------------------------------------
    def wait_modal(self, timeout: float = 20) -> None:
        """Waits for the overlay's iframe, switches into it, waits until the outcomes are enabled."""
        wait_for(lambda: self.visible("#identity-sandbox-overlay #identity-sandbox-frame"), timeout, "the modal iframe")
        self.driver.switch_to.frame(self.el("#identity-sandbox-frame"))
        try:
            wait_for(
                lambda: self.driver.find_element(By.ID, "outcome-verified").is_enabled(),
                timeout,
                "the modal's outcome buttons to be enabled",
            )
        except BaseException:
            self.driver.switch_to.default_content()
            raise

    def modal_click(self, button_id: str) -> int:
        """Clicks a button inside the (already switched-to) modal iframe, returns the iframe's
        Date.now() just before the click, and switches back to the page."""
        try:
            button = self.driver.find_element(By.ID, button_id)
            t = self.js("return Date.now()")
            button.click()
        finally:
            self.driver.switch_to.default_content()
        return t

    def run_modal(self, button_id: str, shot: Optional[str] = None) -> int:
        self.wait_modal()
        if shot:
            self.driver.switch_to.default_content()
            self.screenshot(shot)
            self.driver.switch_to.frame(self.el("#identity-sandbox-frame"))
        return self.modal_click(button_id)

    def wait_modal_gone(self, timeout: float = 10) -> None:
        wait_for(lambda: not self.driver.find_elements(By.ID, "identity-sandbox-overlay"), timeout, "the modal to close")

    # -- IPC ---------------------------------------------------------------------------------
    def wrap_ipc(self) -> str:
        return self.js(IPC_WRAPPER_JS)

    def ipc_log(self) -> list:
        return self.js("return window.__e2eIpc || []")

    def invoke(self, cmd: str, args: Optional[dict] = None):
        return self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "window.__TAURI__.core.invoke(arguments[0], arguments[1] || {})"
            ".then(r => done({ok: true, value: r}), e => done({ok: false, error: e}));",
            cmd,
            args,
        )


def app_screens(kiosk: Kiosk) -> list:
    return kiosk.js("return window.__e2eScreens || []")


def first_screen_time(kiosk: Kiosk, names: Iterable[str], after: int = 0) -> Optional[int]:
    names = set(names)
    for entry in app_screens(kiosk):
        if entry["screen"] in names and entry["t"] >= after:
            return entry["t"]
    return None


def tap_corner(kiosk: "Kiosk", times: int) -> None:
    """Taps the staff corner (top left) `times` times: five open the PIN screen."""
    from selenium.webdriver.common.actions.action_builder import ActionBuilder

    actions = ActionBuilder(kiosk.driver)
    for _ in range(times):
        actions.pointer_action.move_to_location(20, 20).click()
    actions.perform()


def pad(kiosk: "Kiosk", digits: str) -> None:
    """Types `digits` on the staff PIN pad and presses OK."""
    for d in digits:
        kiosk.click(f'#staff-pin-pad [data-digit="{d}"]')
    kiosk.click("#staff-pin-ok")
