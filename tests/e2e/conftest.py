"""Fixtures of the end-to-end suite: see harness.py.

- `sandbox`: a fresh standalone sandbox per test (sessions are global in a sandbox, so a fresh
  one keeps tests independent); it outlives app restarts within the test.
- `launch(sandbox=sb, **settings)`: starts tauri-driver + the app with the given settings
  (keyword `flow="hosted"` becomes `IDENTITY_KIOSK_FLOW=hosted`, and so on), waits until the page
  booted, and tears both down at the end of the test. Without `sandbox` the app runs in sandbox
  mode (no keys at all).
"""

from __future__ import annotations

import re
from typing import Optional

import pytest

from harness import LOGS, OUT, Kiosk, Sandbox, kiosk_binary, tauri_driver_binary


def pytest_configure(config):
    # Selenium's own Remote() path warns about its internal RemoteConnection arguments.
    config.addinivalue_line("filterwarnings", "ignore:setting remote_server_addr:DeprecationWarning")
    if not kiosk_binary().exists():
        raise pytest.UsageError(
            f"kiosk binary {kiosk_binary()} is missing: build it with "
            "`npx tauri build --no-bundle --features testing` or set IDENTITY_KIOSK_E2E_BIN"
        )
    if not tauri_driver_binary():
        raise pytest.UsageError("tauri-driver is missing: cargo install tauri-driver --version ^2 --locked")


def pytest_collection_modifyitems(config, items):
    # With pytest-timeout (tests/requirements.txt), a hung webview session fails one test.
    if config.pluginmanager.hasplugin("timeout"):
        for item in items:
            if item.get_closest_marker("timeout") is None:
                item.add_marker(pytest.mark.timeout(240))


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name)[:80]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, "rep_" + report.when, report)


@pytest.fixture
def sandbox(request):
    sb = Sandbox(name=_safe(request.node.name))
    yield sb
    sb.close()


@pytest.fixture
def kiosk_id(request) -> str:
    return "e2e-" + _safe(request.node.name)[:40]


@pytest.fixture
def launch(request, kiosk_id):
    started: list[Kiosk] = []

    def start(sandbox: Optional[Sandbox] = None, boot: bool = True, env: Optional[dict] = None,
              **settings) -> Kiosk:
        env = {**(sandbox.app_env() if sandbox else {}), **(env or {})}
        settings.setdefault("id", kiosk_id)
        for key, value in settings.items():
            env[f"IDENTITY_KIOSK_{key.upper()}"] = str(value)
        kiosk = Kiosk(f"{_safe(request.node.name)}.{len(started)}", env)
        started.append(kiosk)
        if boot:
            kiosk.wait_booted()
        return kiosk

    yield start
    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    for i, kiosk in enumerate(started):
        if failed and kiosk.driver is not None:
            try:
                (OUT / "failures").mkdir(parents=True, exist_ok=True)
                kiosk.driver.switch_to.default_content()
                kiosk.driver.save_screenshot(str(OUT / "failures" / f"{_safe(request.node.name)}.{i}.png"))
            except Exception:  # noqa: BLE001 - best effort
                pass
        kiosk.close()
