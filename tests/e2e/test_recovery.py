"""Crash recovery: the app is killed (SIGKILL: no exit handler runs) while a customer's session
is `requires_input` and while it is `processing`; after a restart on the same data folder the
journal and the sandbox agree: the first is canceled, the second reached its terminal state,
and both are recorded.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess

from harness import OUT, Sandbox, kiosk_binary, wait_for


def journal(data_dir) -> dict:
    """session id → status, read-only (the app may be running)."""
    path = data_dir / "journal.sqlite3"
    if not path.exists():
        return {}
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
    try:
        return dict(con.execute("SELECT session_id, status FROM sessions"))
    finally:
        con.close()


def kill_app(kiosk) -> None:
    """SIGKILL the kiosk process (not tauri-driver, not WebKit's helpers: they go with it)."""
    pids = subprocess.run(["pgrep", "-xf", str(kiosk_binary())], capture_output=True, text=True).stdout.split()
    assert len(pids) == 1, f"expected one kiosk process, found {pids}"
    os.kill(int(pids[0]), signal.SIGKILL)
    wait_for(lambda: not subprocess.run(["pgrep", "-xf", str(kiosk_binary())], capture_output=True).stdout,
             10, "the killed kiosk to be gone")
    kiosk.close()


def status(sandbox: Sandbox, session_id: str) -> str:
    return sandbox.api("GET", f"/v1/identity/verification_sessions/{session_id}")["status"]


def test_sessions_open_when_the_app_was_killed_are_settled_after_restart(sandbox: Sandbox, launch):
    data = OUT / "config" / "recovery-data"
    shutil.rmtree(data, ignore_errors=True)
    env = {"IDENTITY_KIOSK_DATA_DIR": data}

    # 1. Killed while the customer has Stripe's window open: the session is requires_input.
    kiosk = launch(sandbox, env=env)
    kiosk.tap_verify()
    kiosk.wait_modal()
    kiosk.driver.switch_to.default_content()
    first = sandbox.wait_status("requires_input")["id"]
    # Recorded before its client secret reached the webview.
    assert journal(data) == {first: "requires_input"}
    kill_app(kiosk)
    assert status(sandbox, first) == "requires_input", "nothing settled it on the way down"

    # 2. Restarted: the first is canceled in the background. A new customer submits a document
    # whose check takes a while, and the app is killed while Stripe is still processing it.
    kiosk = launch(sandbox, env=env)
    wait_for(lambda: status(sandbox, first) == "canceled", 20, "the first session to be canceled")
    wait_for(lambda: journal(data).get(first) == "canceled", 10, "the journal to record the cancel")
    kiosk.tap_verify()
    kiosk.run_modal("outcome-verified-async")
    second = wait_for(lambda: next((s["id"] for s in sandbox.sessions() if s["id"] != first
                                    and s["status"] == "processing"), None), 10, "a processing session")
    kill_app(kiosk)
    assert status(sandbox, second) == "processing", "killed too late: the check already ended"
    assert journal(data).get(second) in ("requires_input", "processing")

    # 3. Restarted: the processing one is followed to its end and recorded; nothing is left open.
    kiosk = launch(sandbox, env=env)
    wait_for(lambda: journal(data).get(second) == "verified", 30, "the journal to record the outcome")
    assert status(sandbox, second) == "verified"
    assert journal(data) == {first: "canceled", second: "verified"}
    assert {s["id"]: s["status"] for s in sandbox.sessions()} == {first: "canceled", second: "verified"}
    assert "resuming an unfinished session from the journal" in kiosk.log_path.read_text(errors="replace")
    kiosk.wait_screen("welcome")
