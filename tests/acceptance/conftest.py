"""Shared fixtures for the Identity sandbox acceptance tests.

The sandbox is the real `identity-kiosk sandbox` binary, started as a subprocess on an
ephemeral loopback port; its first stdout line is its base URL. `IDENTITY_KIOSK_BIN`
overrides the binary path (default: `target/debug/identity-kiosk` under the repo root);
`IDENTITY_SANDBOX_RECORD`, when set in the environment, is passed through so every `/v1/`
response is recorded for `validate_responses.py`.

`Sandbox` adds the process and plain API calls to `tests/sandbox_control.py`, the one client
of the private control API (`/_sandbox/*`, not part of Stripe).
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Iterator, Optional

import pytest
import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from sandbox_control import SandboxControl  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "target" / "acceptance"
RECORD_ENV = "IDENTITY_SANDBOX_RECORD"


def sandbox_binary() -> Path:
    """The kiosk binary to run (`IDENTITY_KIOSK_BIN` or the debug build)."""
    override = os.environ.get("IDENTITY_KIOSK_BIN")
    return Path(override) if override else REPO_ROOT / "target" / "debug" / "identity-kiosk"


def new_secret_key() -> str:
    """A fresh well-formed test secret key (the sandbox accepts any)."""
    return "sk_test_" + secrets.token_hex(12)


def unique(prefix: str) -> str:
    """A unique string, e.g. for `client_reference_id`."""
    return f"{prefix}_{secrets.token_hex(6)}"


class Sandbox(SandboxControl):
    """A running sandbox process, its controls (`SandboxControl`) and plain API calls."""

    def __init__(self, proc: subprocess.Popen, url: str, log_path: Path):
        self.proc = proc
        self.url = url
        self.log_path = log_path
        self.key = new_secret_key()
        self.http = requests.Session()

    # -- plain API calls (no SDK) ------------------------------------------------------
    def api(self, method: str, path: str, key: Optional[str] = None, **kwargs: Any) -> requests.Response:
        """A raw `/v1/` call with Bearer auth (form-encoded `data=` for POSTs)."""
        headers = kwargs.pop("headers", {})
        headers.setdefault("Authorization", f"Bearer {key or self.key}")
        return self.http.request(method, f"{self.url}{path}", headers=headers, timeout=10, **kwargs)

    def create_session(self, **params: Any) -> dict:
        params.setdefault("type", "document")
        r = self.api("POST", "/v1/identity/verification_sessions", data=params)
        assert r.status_code == 200, r.text
        return r.json()

    def get_session(self, session_id: str) -> dict:
        r = self.api("GET", f"/v1/identity/verification_sessions/{session_id}")
        assert r.status_code == 200, r.text
        return r.json()

    def wait_for_status(self, session_id: str, status: str, timeout: float = 15.0) -> dict:
        """Polls the session until it has `status` (bounded wait)."""
        deadline = time.monotonic() + timeout
        while True:
            session = self.get_session(session_id)
            if session["status"] == status:
                return session
            if time.monotonic() > deadline:
                raise AssertionError(f"{session_id} still {session['status']!r} after {timeout}s, wanted {status!r}")
            time.sleep(0.25)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


def start_sandbox(record_path: Optional[Path] = None, name: str = "sandbox") -> Sandbox:
    """Starts the binary, waits for its base URL (first stdout line) and returns a `Sandbox`.

    `record_path` sets `IDENTITY_SANDBOX_RECORD`; otherwise the variable is inherited from
    the environment when set there (and removed when empty).
    """
    binary = sandbox_binary()
    if not binary.exists():
        pytest.fail(f"sandbox binary {binary} not found: run `cargo build --bin identity-kiosk` first")
    env = dict(os.environ)
    if record_path is not None:
        env[RECORD_ENV] = str(record_path)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log_path = ARTIFACTS / f"{name}.log"
    log = open(log_path, "wb")
    proc = subprocess.Popen(
        [str(binary), "sandbox", "--addr", "127.0.0.1:0"],
        stdout=subprocess.PIPE,
        stderr=log,
        env=env,
        cwd=REPO_ROOT,
    )
    log.close()
    first: list = []

    def read_first_line() -> None:
        assert proc.stdout is not None
        first.append(proc.stdout.readline().decode().strip())
        # Keep draining so a chatty child never blocks on a full pipe.
        for _ in iter(proc.stdout.readline, b""):
            pass

    threading.Thread(target=read_first_line, daemon=True).start()
    deadline = time.monotonic() + 30
    while not first and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    url = first[0] if first else ""
    if not url.startswith("http://127.0.0.1:"):
        proc.kill()
        pytest.fail(f"sandbox did not print its URL (got {url!r}); log: {log_path.read_text(errors='replace')[-2000:]}")
    return Sandbox(proc, url, log_path)


@pytest.fixture(scope="session")
def sandbox() -> Iterator[Sandbox]:
    """The shared sandbox for the whole test session."""
    sb = start_sandbox()
    try:
        yield sb
    finally:
        sb.stop()


@pytest.fixture(scope="session")
def sandbox_url(sandbox: Sandbox) -> str:
    """Base URL of the shared sandbox, e.g. `http://127.0.0.1:41234`."""
    return sandbox.url


@pytest.fixture
def clean_faults(sandbox: Sandbox) -> Iterator[Sandbox]:
    """For tests injecting faults: none pending before, none left behind after."""
    sandbox.clear_faults()
    try:
        yield sandbox
    finally:
        sandbox.clear_faults()
