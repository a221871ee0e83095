"""12. What crosses IPC: every command's response, recorded by wrapping
window.__TAURI__.core.invoke from WebDriver right after the page loads, over a whole flow
(failure, Try again, success) run with TRACE logging. Only start_verification and
retry_verification may carry a client secret; nothing may carry a session id, a session object,
a secret key or a hosted URL. Then the app's log (its stderr at TRACE), its config, data and log
folders (settings, journal database and its WAL, PIN file) are scanned: no secret key and no
client secret anywhere.
"""

from __future__ import annotations

import json
import re

from harness import Sandbox, wait_for

SECRET_COMMANDS = ("start_verification", "retry_verification")
CLIENT_SECRET = re.compile(r"vs_[A-Za-z0-9]+_secret_[A-Za-z0-9_]+")

FORBIDDEN = {
    "session id (vs_…)": re.compile(r"\bvs_[A-Za-z0-9]"),
    "session object": re.compile(r'"object"\s*:\s*"identity\.verification_session"'),
    "secret key": re.compile(r"\b(sk_test_|sk_live_|rk_test_|rk_live_|rk_)"),
    "hosted URL": re.compile(r"/start/"),
}


def test_ipc_responses_hold_no_secrets(sandbox: Sandbox, launch):
    # TRACE everywhere, so the scan of the log below covers every level.
    kiosk = launch(sandbox, env={"RUST_LOG": "trace"})
    assert kiosk.wrap_ipc().startswith("wrapped")
    # kiosk_info ran before the wrapper existed: call it once through the wrapper.
    assert kiosk.invoke("kiosk_info")["ok"]

    kiosk.tap_verify()
    kiosk.run_modal("outcome-unverified")
    kiosk.wait_screen("needs-attention")
    kiosk.click("#try-again")
    kiosk.run_modal("outcome-verified")
    kiosk.wait_screen("verified")
    sandbox.wait_status("verified")

    log = kiosk.ipc_log()
    commands = [entry["cmd"] for entry in log]
    # The wrapper saw the flow's commands (if it did not, the UI captured invoke elsewhere).
    for cmd in ("kiosk_info", "start_verification", "retry_verification", "verification_status"):
        assert cmd in commands, f"{cmd} was not seen by the wrapper: {commands}"

    problems = []
    for entry in log:
        text = entry["json"] or ""
        if entry["cmd"] in SECRET_COMMANDS:
            # Stripe's client secret is "<session id>_secret_<token>": its own vs_ prefix is
            # expected there, and only there.
            text = CLIENT_SECRET.sub("<client_secret>", text)
        for what, pattern in FORBIDDEN.items():
            if pattern.search(text):
                problems.append(f"{entry['cmd']}: {what} in {text[:200]}")
        if "_secret_" in text and entry["cmd"] not in SECRET_COMMANDS:
            problems.append(f"{entry['cmd']}: a client secret in {text[:200]}")
    assert not problems, "\n".join(problems)

    secrets_seen = [e for e in log if "_secret_" in (e["json"] or "")]
    assert {e["cmd"] for e in secrets_seen} == set(SECRET_COMMANDS)
    for entry in secrets_seen:
        assert set(json.loads(entry["json"]).keys()) == {"client_secret"}, entry["cmd"]
    # The publishable key is public and expected in kiosk_info; the secret key is not.
    assert sandbox.key not in json.dumps(log)

    # Everything the app wrote: its TRACE log (stderr, in the tauri-driver log), and every file
    # under its config, data and log folders (the journal's database, WAL and all).
    client_secrets = {json.loads(e["json"])["client_secret"] for e in secrets_seen}
    assert client_secrets
    kiosk.close()
    written = [kiosk.log_path] + [p for p in kiosk.config_dir.rglob("*") if p.is_file()]
    journal_files = [p for p in written if p.name.startswith("journal.sqlite3")]
    assert journal_files, f"the journal was written: {written}"
    log_text = kiosk.log_path.read_text(errors="replace")
    assert "TRACE" in log_text, "the app logged at TRACE"
    leaks = []
    for path in written:
        data = path.read_bytes()
        for needle in [sandbox.key, *client_secrets]:
            if needle.encode() in data:
                leaks.append(f"{path}: {needle[:12]}…")
        if b"_secret_" in data:
            leaks.append(f"{path}: something shaped like a client secret")
    assert not leaks, "\n".join(leaks)


# Tries every way a page could reach the app's commands: the global API, Tauri's internals, and
# a raw post to the IPC protocol. Answers "no ipc" when none exists, else what the call did.
TRY_IPC = """
const done = arguments[arguments.length - 1];
const internals = window.__TAURI_INTERNALS__;
const api = window.__TAURI__ && window.__TAURI__.core;
const invoke = (api && api.invoke) || (internals && internals.invoke);
const raw = () => fetch('ipc://localhost/kiosk_info', {method: 'POST', body: '{}'})
  .then(r => r.ok ? 'raw answered ' + r.status : 'raw refused ' + r.status, e => 'raw failed: ' + e);
if (!invoke) { raw().then(r => done('no ipc; ' + r)); return; }
invoke('kiosk_info', {}).then(v => done('answered ' + JSON.stringify(v)), e => done('refused: ' + e));
"""


def test_remote_pages_cannot_invoke_any_command(sandbox: Sandbox, launch):
    """Stripe's frames and hosted page are not the kiosk's: the capability grants commands to
    the app's own page only, so neither the modal's frame (the sandbox's stand-in of Stripe's
    origin) nor the hosted verification page can call one."""
    kiosk = launch(sandbox)
    own = kiosk.invoke("kiosk_info")
    assert own["ok"], f"the app's own page must be able to: {own}"

    kiosk.tap_verify()
    kiosk.wait_modal()
    try:
        in_frame = kiosk.driver.execute_async_script(TRY_IPC)
    finally:
        kiosk.driver.switch_to.default_content()
    assert not in_frame.startswith("answered") and "raw answered 200" not in in_frame, in_frame
    kiosk.run_modal("outcome-verified")
    kiosk.wait_screen("verified")
    kiosk.close()

    hosted = launch(sandbox, flow="hosted")
    hosted.tap_verify()
    wait_for(lambda: "/start/" in hosted.driver.current_url, 20, "the hosted verification page")
    on_hosted = hosted.driver.execute_async_script(TRY_IPC)
    assert not on_hosted.startswith("answered") and "raw answered 200" not in on_hosted, on_hosted
    print(f"modal frame: {in_frame}; hosted page: {on_hosted}")
