#!/usr/bin/env python3
"""Soak harness: N full customer cycles through the real kiosk window against one sandbox.

Run it inside a display and a private Secret Service (scripts/soak does that):

    scripts/soak --cycles 300 --fault-share 0.10 --kills 4 --report target/soak/report-300.json

One standalone sandbox (tests/e2e/harness.py `Sandbox`) for the whole run, and one app driven
through tauri-driver + WebKitWebDriver (`Kiosk`) with fixed config/data/log folders under
--out, so the journal survives the kills. The reference field is on (optional) and every tap
on Verify types a unique reference `soak-<n>`, which the session carries as
`client_reference_id` and `metadata[reference]`: that is how sessions are told apart.

Each cycle: Welcome → type the reference → Verify → Stripe's (sandbox) modal → an outcome
chosen at random (success, failure then "Try again" or "Done", success async, failure async,
decline consent, close the modal) → the result screen → Done (or the idle timeout) → Welcome.

- Faults (--fault-share of the cycles): one sandbox fault per cycle (5xx, 429, dropped
  connection, latency, malformed body, on the create, the status poll, the retry's retrieve
  or the cancel), injected before or during the cycle. The kiosk must either recover by
  itself, or show its Unavailable screen and, once the fault is cleared, come back to Welcome
  on its own (its connection check runs every 5 s).
- Kills (--kills, spread over the run, alternating): `kill -9` of the app while the modal is
  open (`requires_input`) or just after an async outcome was chosen (`processing`); the
  tauri-driver session goes with it; the app is relaunched on the same folders and the killed
  session must be settled by its start-up recovery: canceled, or followed to its terminal
  state, in the sandbox and in the journal alike.
- Crashes: before each cycle (and after a failed step) the harness checks that the app
  process it launched is still alive; one that died unasked is counted and relaunched.

At the end the kiosk gets SIGTERM (it settles what is open), then the report:
duplicates (references with more than one session), orphans (sessions still open in the
sandbox, sessions the journal does not know, journal rows whose status disagrees), crashes,
secrets (the secret key, any client secret, any hosted-page token, or anything shaped like
one, in every file under the app's folders, in the webview's storage and in the app's
stderr), and RSS of the app and its WebKit processes per app lifetime. Exit status 1 when
any of duplicates, orphans, crashes, secrets or failed cycles is not zero.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT / "tests" / "e2e"))

import harness  # noqa: E402
from harness import SESSIONS_PATH, Kiosk, Sandbox, wait_for  # noqa: E402
from selenium.common.exceptions import WebDriverException  # noqa: E402

# ---------------------------------------------------------------------------------------------
# What a cycle does
# ---------------------------------------------------------------------------------------------

# Outcome → (modal button, weight, Stripe status the session must end in).
OUTCOMES = {
    "success": ("outcome-verified", 30, "verified"),
    "failure": ("outcome-unverified", 20, "canceled"),
    "success_async": ("outcome-verified-async", 15, "verified"),
    "failure_async": ("outcome-unverified-async", 10, "canceled"),
    "decline": ("decline-consent", 10, "canceled"),
    "close": ("close-modal", 15, "canceled"),
}
# After a failure and "Try again": the second attempt's outcome.
RETRY_OUTCOMES = ["success", "failure", "close"]
SHARE_IDLE = 0.10  # result screens left alone until the idle timeout (5 s) instead of Done
SHARE_TRY_AGAIN = 0.5  # failures followed by "Try again" (else "Ask staff" → Done)

ITEM = SESSIONS_PATH + "/"  # retrieve / cancel of one session (not the list)


@dataclass
class FaultKind:
    name: str
    stage: str  # create | poll | retry | cancel
    spec: dict
    # "unavailable": the kiosk must show Unavailable, then Welcome once the fault is cleared;
    # "recovers": the flow goes on as if nothing happened.
    expect: str
    # For create faults that fail the start: what the reference's session must end as. None:
    # no session (an error response means Stripe made none); "canceled": Stripe made one (a
    # malformed 200), which the kiosk must settle; a dropped create never reached the API, but
    # the kiosk cannot know that and replays it (same Idempotency-Key) to settle it, so either.
    after: tuple = (None,)


FAULTS = [
    # The create (POST /v1/identity/verification_sessions): the client retries 5xx and dropped
    # connections twice, never 429, and a malformed 200 is not retried (the session exists).
    FaultKind("create_503_x3", "create", dict(method="POST", path_prefix=SESSIONS_PATH, status=503, count=3), "unavailable"),
    FaultKind("create_500_x1", "create", dict(method="POST", path_prefix=SESSIONS_PATH, status=500, count=1), "recovers"),
    FaultKind("create_429", "create", dict(method="POST", path_prefix=SESSIONS_PATH, status=429, count=1), "unavailable"),
    FaultKind("create_drop_x3", "create", dict(method="POST", path_prefix=SESSIONS_PATH, drop_connection=True, count=3), "unavailable", (None, "canceled")),
    FaultKind("create_malformed", "create", dict(method="POST", path_prefix=SESSIONS_PATH, malformed=True, count=1), "unavailable", ("canceled",)),
    FaultKind("create_latency_2500ms", "create", dict(method="POST", path_prefix=SESSIONS_PATH, latency_ms=2500, count=1), "recovers"),
    # The whole API unreachable (until cleared): Unavailable, and it stays there while down.
    FaultKind("network_down", "create", dict(path_prefix="/v1/", drop_connection=True, count=100000), "unavailable", (None, "canceled")),
    # The status poll after the modal (GET …/{id}): the page keeps polling and shows the result.
    FaultKind("poll_503_x6", "poll", dict(method="GET", path_prefix=ITEM, status=503, count=6), "recovers"),
    FaultKind("poll_drop_x4", "poll", dict(method="GET", path_prefix=ITEM, drop_connection=True, count=4), "recovers"),
    FaultKind("poll_malformed_x2", "poll", dict(method="GET", path_prefix=ITEM, malformed=True, count=2), "recovers"),
    FaultKind("poll_latency_3000ms", "poll", dict(method="GET", path_prefix=ITEM, latency_ms=3000, count=1), "recovers"),
    # "Try again" after a failure (its retrieve fails): Unavailable, then Welcome (canceled).
    FaultKind("retry_503_x3", "retry", dict(method="GET", path_prefix=ITEM, status=503, count=3), "unavailable"),
    # The cancel on Done (POST …/{id}/cancel): the kiosk goes back to Welcome anyway and a
    # background follow-up cancels the session.
    FaultKind("cancel_503_x3", "cancel", dict(method="POST", path_prefix=ITEM, status=503, count=3), "recovers"),
    FaultKind("cancel_drop_x3", "cancel", dict(method="POST", path_prefix=ITEM, drop_connection=True, count=3), "recovers"),
]
FAULTS_BY_NAME = {f.name: f for f in FAULTS}


@dataclass
class Plan:
    n: int
    ref: str
    outcome: str
    ending: str  # done | idle
    try_again: bool = False
    retry_outcome: Optional[str] = None
    fault: Optional[FaultKind] = None
    kill: Optional[str] = None  # requires_input | processing


@dataclass
class Lifetime:
    launch: int
    pid: int
    started: float
    first_cycle: Optional[int] = None
    last_cycle: Optional[int] = None
    rss_first: Optional[dict] = None
    rss_last: Optional[dict] = None
    samples: list = field(default_factory=list)
    end: Optional[str] = None  # killed | crashed | terminated | restarted
    webkit: dict = field(default_factory=dict)  # pid → kind, as last seen


# ---------------------------------------------------------------------------------------------
# /proc
# ---------------------------------------------------------------------------------------------


def proc_table() -> dict:
    """pid → (ppid, state) for every process."""
    table = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        rest = stat[stat.rindex(")") + 2:].split()
        table[int(d)] = (int(rest[1]), rest[0])
    return table


def descendants(pid: int, table: Optional[dict] = None) -> list:
    table = table if table is not None else proc_table()
    kids: dict = {}
    for p, (pp, _) in table.items():
        kids.setdefault(pp, []).append(p)
    out, todo = [], [pid]
    while todo:
        for c in kids.get(todo.pop(), []):
            out.append(c)
            todo.append(c)
    return out


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            stat = f.read()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2:].split()[0] not in ("Z", "X")


def exe_of(pid: int) -> str:
    try:
        return os.readlink(f"/proc/{pid}/exe")
    except OSError:
        return ""


def cmd_of(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        return ""


def rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def webkit_kind(cmd: str) -> Optional[str]:
    for kind in ("WebKitWebProcess", "WebKitNetworkProcess", "WebKitGPUProcess"):
        if kind in cmd:
            return kind
    return None


# ---------------------------------------------------------------------------------------------
# Secrets
# ---------------------------------------------------------------------------------------------

SHAPES = {
    "secret key": re.compile(rb"\b(?:sk|rk)_(?:test|live)_[A-Za-z0-9]{6,}"),
    "client secret": re.compile(rb"vs_[A-Za-z0-9]+_secret_[A-Za-z0-9_]+"),
    "hosted URL": re.compile(rb"/start/test_[A-Za-z0-9]{6,}"),
}


def _context(data: bytes, at: int, length: int) -> str:
    """What surrounds a finding, printable, with the finding itself shortened."""
    before = data[max(0, at - 60):at]
    after = data[at + length:at + length + 40]
    clean = lambda b: re.sub(rb"[^\x20-\x7e]", b".", b).decode()  # noqa: E731
    return f"{clean(before)}[{clean(data[at:at + min(length, 14)])}…]{clean(after)}"


def scan_file(path: Path, needles: dict) -> list:
    """Findings in one file: each known secret found (first occurrence), and anything shaped
    like a secret that is not one of those. (The sandbox's hosted-page token is also the tail
    of the client secret: inside a client secret it is not counted again.)"""
    try:
        data = path.read_bytes()
    except OSError as e:
        return [{"file": str(path), "what": f"unreadable ({e})"}]
    found, spans = [], []
    for what, values in needles.items():
        for v in values:
            if not v:
                continue
            b = v.encode()
            at = data.find(b)
            while at >= 0 and what == "hosted token" and data[max(0, at - 8):at] == b"_secret_":
                at = data.find(b, at + 1)
            if at >= 0:
                spans.append((at, at + len(b)))
                found.append({"file": str(path), "what": what, "context": _context(data, at, len(b))})
    for what, rx in SHAPES.items():
        for m in rx.finditer(data):
            if not any(a < m.end() and m.start() < b for a, b in spans):
                spans.append((m.start(), m.end()))
                found.append({"file": str(path), "what": f"shaped like a {what}",
                              "context": _context(data, m.start(), m.end() - m.start())})
                break
    return found


# ---------------------------------------------------------------------------------------------
# The soak run
# ---------------------------------------------------------------------------------------------


class Soak:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.rng = random.Random(args.seed)
        self.out = Path(args.out).resolve()
        shutil.rmtree(self.out, ignore_errors=True)
        self.app_dir = self.out / "app"
        self.config_dir = self.app_dir / "config"
        self.data_dir = self.app_dir / "data"
        self.log_dir = self.app_dir / "logs"
        for d in (self.config_dir, self.data_dir, self.log_dir):
            d.mkdir(parents=True, exist_ok=True)
        # The harness writes the sandbox's and tauri-driver's logs (the app's stderr) here.
        harness.OUT = self.out
        harness.LOGS = self.out / "logs"
        harness.SCREENS = self.out / "screens"
        self.binary = Path(args.bin).resolve()
        self.kiosk_id = f"soak-{args.seed}-{os.getpid()}"
        self.sandbox: Optional[Sandbox] = None
        self.kiosk: Optional[Kiosk] = None
        self.app_pid: Optional[int] = None
        self.launches = 0
        self.lifetimes: list[Lifetime] = []
        self.life: Optional[Lifetime] = None
        self.crashes: list = []
        self.failures: list = []
        self.kill_checks: list = []
        self.leaked_processes: list = []
        self.webkit_changes: list = []
        self.retyped: list = []
        self.launch_retries: list = []
        self.fault_log: list = []
        # reference → the status its session must end in, or a tuple of allowed ones (None: no session)
        self.expected: dict = {}
        self.client_secrets: set = set()
        self.hosted_tokens: set = set()
        self.completed = 0
        self.t0 = time.monotonic()

    # -- logging ------------------------------------------------------------------------------
    def log(self, msg: str) -> None:
        print(f"[{time.monotonic() - self.t0:7.1f}s] {msg}", flush=True)

    # -- the app ------------------------------------------------------------------------------
    def app_env(self) -> dict:
        env = dict(self.sandbox.app_env())
        env.update({
            "IDENTITY_KIOSK_ID": self.kiosk_id,
            "IDENTITY_KIOSK_REFERENCE": "optional",
            "IDENTITY_KIOSK_IDLE_TIMEOUT_SECS": "5",
            "IDENTITY_KIOSK_MAX_ATTEMPTS": "3",
            "IDENTITY_KIOSK_CONFIG_DIR": str(self.config_dir),
            "IDENTITY_KIOSK_DATA_DIR": str(self.data_dir),
            "IDENTITY_KIOSK_LOG_DIR": str(self.log_dir),
            "IDENTITY_KIOSK_POLICY": str(self.config_dir / "no-policy.toml"),
            "RUST_LOG": self.args.rust_log,
        })
        return env

    def launch(self) -> None:
        # tauri-driver listens before WebKitWebDriver does: a session asked for in between fails
        # ("tcp connect error" in its log). That is the harness's race, not the app's: retry.
        for attempt in range(3):
            name = f"soak.{self.launches}"
            self.launches += 1
            try:
                self.kiosk = Kiosk(name, self.app_env(), binary=self.binary)
                break
            except Exception as e:  # noqa: BLE001
                self.launch_retries.append({"launch": name, "error": f"{type(e).__name__}: {e}"[:300]})
                self.log(f"launch {name} failed ({type(e).__name__}); retrying")
                if attempt == 2:
                    raise
                time.sleep(1)
        self.kiosk.wait_booted(timeout=60)
        self.app_pid = self.find_app_pid()
        self.life = Lifetime(launch=self.launches - 1, pid=self.app_pid, started=time.monotonic())
        self.lifetimes.append(self.life)
        self.log(f"launched app pid {self.app_pid} ({name})")

    def find_app_pid(self) -> int:
        def find():
            table = proc_table()
            pids = [p for p in descendants(self.kiosk.driver_proc.pid, table)
                    if exe_of(p) == str(self.binary) and table[p][1] not in ("Z", "X")]
            return pids[0] if len(pids) == 1 else None

        return wait_for(find, 20, "the app process under tauri-driver")

    def webkit_children(self, pid: Optional[int] = None) -> dict:
        pid = pid or self.app_pid
        out = {}
        for p in descendants(pid):
            kind = webkit_kind(cmd_of(p))
            if kind and alive(p):
                out[p] = kind
        return out

    def rss(self) -> dict:
        kids = self.webkit_children()
        # A WebKit process replaced within one app lifetime (a web process crash, or a swap).
        known = self.life.webkit
        if known and set(known) != set(kids):
            self.webkit_changes.append({"launch": self.life.launch, "gone": sorted(set(known) - set(kids)),
                                        "new": sorted(set(kids) - set(known))})
        self.life.webkit = kids
        sample = {"app": rss_kb(self.app_pid), "web": 0, "network": 0, "other": 0}
        for p, kind in kids.items():
            key = {"WebKitWebProcess": "web", "WebKitNetworkProcess": "network"}.get(kind, "other")
            sample[key] += rss_kb(p)
        sample["total"] = sample["app"] + sample["web"] + sample["network"] + sample["other"]
        sample["processes"] = 1 + len(kids)
        return sample

    def teardown_driver(self) -> None:
        """Ends the tauri-driver session of an app that is gone (or going)."""
        if self.kiosk is None:
            return
        if self.kiosk.driver is not None:
            # The WebDriver session died with the app: do not ask WebKitWebDriver to close it.
            self.kiosk.driver = None
        self.kiosk.close()
        self.kiosk = None

    def reap_webkit(self, kids: dict, why: str) -> None:
        """WebKit processes of a dead app must go with it; those left are counted and killed."""
        if not kids:
            return
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(alive(p) for p in kids):
            time.sleep(0.2)
        for p, kind in kids.items():
            if alive(p):
                self.leaked_processes.append({"pid": p, "kind": kind, "after": why})
                try:
                    os.kill(p, signal.SIGKILL)
                except ProcessLookupError:
                    pass

    def kill_app(self, why: str) -> None:
        pid = self.app_pid
        kids = self.webkit_children(pid)
        os.kill(pid, signal.SIGKILL)
        wait_for(lambda: not alive(pid), 10, f"app pid {pid} to die")
        self.life.end = "killed"
        self.teardown_driver()
        self.reap_webkit(kids, f"kill -9 ({why})")
        self.app_pid = None

    def terminate_app(self, why: str) -> bool:
        """SIGTERM: the app settles the customer's session and exits. Returns whether it did."""
        pid = self.app_pid
        kids = self.webkit_children(pid)
        os.kill(pid, signal.SIGTERM)
        try:
            wait_for(lambda: not alive(pid), 30, f"app pid {pid} to exit after SIGTERM")
            ok = True
        except AssertionError:
            self.failures.append({"cycle": None, "step": f"SIGTERM ({why})", "error": "app did not exit in 30 s"})
            os.kill(pid, signal.SIGKILL)
            ok = False
        self.life.end = "terminated" if why == "end" else "restarted"
        self.teardown_driver()
        self.reap_webkit(kids, f"SIGTERM ({why})")
        self.app_pid = None
        return ok

    def check_alive(self, cycle: int, where: str) -> bool:
        """Counts a crash (and relaunches) when the app died without being asked to."""
        if self.app_pid is not None and alive(self.app_pid):
            return True
        pid = self.app_pid
        if pid is None:
            # No app since the harness killed or stopped one (its relaunch failed): not a crash.
            self.teardown_driver()
            self.launch()
            return False
        self.log(f"CRASH: app pid {pid} is gone ({where}, cycle {cycle})")
        self.crashes.append({"cycle": cycle, "pid": pid, "where": where,
                             "log": str(self.kiosk.log_path) if self.kiosk else None})
        if self.life:
            self.life.end = "crashed"
        kids = {}
        if pid:
            kids = {p: k for p, k in ((p, webkit_kind(cmd_of(p))) for p in descendants(pid)) if k}
        self.teardown_driver()
        self.reap_webkit(kids, "crash")
        self.launch()
        return False

    # -- sandbox ------------------------------------------------------------------------------
    def all_sessions(self) -> list:
        out, after = [], None
        while True:
            params = {"limit": 100}
            if after:
                params["starting_after"] = after
            page = self.sandbox.api("GET", SESSIONS_PATH, params=params)
            out.extend(page["data"])
            if not page.get("has_more") or not page["data"]:
                return out
            after = page["data"][-1]["id"]

    def session_for(self, ref: str, timeout: float = 10) -> dict:
        """The session of this reference (among the newest), noting its secrets."""

        def find():
            data = self.sandbox.api("GET", SESSIONS_PATH, params={"limit": 10})["data"]
            found = [s for s in data if (s.get("metadata") or {}).get("reference") == ref]
            return found[0] if found else None

        s = wait_for(find, timeout, f"the session of {ref}")
        self.note_secrets(s)
        return s

    def note_secrets(self, s: dict) -> None:
        if s.get("client_secret"):
            self.client_secrets.add(s["client_secret"])
        url = s.get("url") or ""
        if "/start/" in url:
            self.hosted_tokens.add(url.rsplit("/start/", 1)[1].split("?")[0])

    def session_status(self, sid: str) -> str:
        return self.sandbox.api("GET", f"{SESSIONS_PATH}/{sid}")["status"]

    def journal_pending_creates(self) -> int:
        """Creates the journal noted before their request left and never resolved (newer schema)."""
        path = self.data_dir / "journal.sqlite3"
        if not path.exists():
            return 0
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute("SELECT count(*) FROM pending_creates").fetchone()[0]
        except sqlite3.OperationalError:  # no such table: a journal from before it existed
            return 0
        finally:
            conn.close()

    def journal_rows(self) -> dict:
        path = self.data_dir / "journal.sqlite3"
        if not path.exists():
            return {}
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            rows = conn.execute("SELECT session_id, status, reason_code, reference, kiosk_id FROM sessions").fetchall()
        finally:
            conn.close()
        return {r[0]: {"status": r[1], "reason_code": r[2], "reference": r[3], "kiosk_id": r[4]} for r in rows}

    # -- UI steps -----------------------------------------------------------------------------
    def welcome(self, timeout: float = 30) -> None:
        self.kiosk.wait_screen("welcome", timeout=timeout)

    def enter_reference(self, ref: str) -> None:
        """Types the reference. Typing that did not land (seen once in 600 cycles under load: the
        field stayed empty) is retried twice and counted, not failed."""
        k = self.kiosk
        for attempt in range(3):
            self.welcome()
            wait_for(lambda: k.visible("#reference"), 10, "the reference field")
            field_ = k.el("#reference")
            field_.clear()
            field_.send_keys(ref)
            try:
                wait_for(lambda: k.js("return document.getElementById('reference').value") == ref, 5,
                         f"the reference field to hold {ref}")
                return
            except AssertionError as e:
                value = k.js("return document.getElementById('reference').value")
                self.retyped.append({"ref": ref, "attempt": attempt + 1, "screen": k.screen(), "value": value})
                if attempt == 2:
                    raise AssertionError(f"{e} (holds {value!r})") from None

    def result_after(self, outcome: str) -> str:
        """Waits for the screen an outcome leads to; returns it."""
        k = self.kiosk
        if outcome in ("success", "success_async"):
            return k.wait_screen("verified", timeout=40)
        if outcome == "close":
            k.wait_modal_gone()
        return k.wait_screen("needs-attention", timeout=40)

    def end_turn(self, screen: str, ending: str) -> None:
        k = self.kiosk
        if ending == "idle":
            self.welcome(timeout=40)
            return
        if screen == "verified":
            k.click("#done")
        elif k.visible("#needs-done"):
            k.click("#needs-done")
        else:
            k.click("#ask-staff")
            k.wait_screen("staff")
            k.click("#staff-done")
        self.welcome(timeout=40)

    def unavailable_then_welcome(self, fault: FaultKind) -> None:
        k = self.kiosk
        k.wait_screen("unavailable", timeout=45)
        if fault.name == "network_down":
            # It keeps checking while the API is down, and stays on Unavailable.
            wait_for(lambda: any(r["method"] == "GET" and r["path"] == SESSIONS_PATH and r["status"] is None
                                 for r in self.sandbox.requests_log()[-20:]), 30,
                     "a failed connection check during the outage")
            assert k.screen() == "unavailable", f"left Unavailable while down: {k.screen()}"
        self.sandbox.clear_faults()
        self.welcome(timeout=30)

    # -- one cycle ----------------------------------------------------------------------------
    def run_cycle(self, p: Plan) -> None:
        k, sb = self.kiosk, self.sandbox
        self.welcome()
        fault = p.fault
        if fault:
            self.fault_log.append({"cycle": p.n, "fault": fault.name})
        if fault and fault.stage == "create":
            sb.add_fault(**fault.spec)
        self.enter_reference(p.ref)
        k.tap_verify()
        if fault and fault.stage == "create" and fault.expect == "unavailable":
            self.expected[p.ref] = fault.after
            self.unavailable_then_welcome(fault)
            return
        # The modal is open: the session exists and waits for the customer.
        k.wait_modal(timeout=30)
        k.driver.switch_to.default_content()
        session = self.session_for(p.ref)
        if fault and fault.stage == "create":
            sb.clear_faults()  # a latency fault may be unused if it was taken by nothing else
        if p.kill == "requires_input":
            self.kill_and_check(p, session, "canceled")
            return
        self.expected[p.ref] = OUTCOMES[p.outcome][2]
        if fault and fault.stage == "poll":
            sb.add_fault(**fault.spec)
        k.driver.switch_to.frame(k.el("#identity-sandbox-frame"))
        k.modal_click(OUTCOMES[p.outcome][0])
        if p.kill == "processing":
            wait_for(lambda: self.session_status(session["id"]) == "processing", 10, "the session to be processing")
            self.kill_and_check(p, session, OUTCOMES[p.outcome][2])
            return
        screen = self.result_after(p.outcome)
        if fault and fault.stage == "poll":
            sb.clear_faults()
        if p.try_again:
            assert screen == "needs-attention", screen
            if fault and fault.stage == "retry":
                sb.add_fault(**fault.spec)
                k.click("#try-again")
                self.expected[p.ref] = "canceled"
                self.unavailable_then_welcome(fault)
                return
            k.click("#try-again")
            k.wait_modal(timeout=30)
            k.driver.switch_to.default_content()
            self.note_secrets(sb.api("GET", f"{SESSIONS_PATH}/{session['id']}"))
            k.driver.switch_to.frame(k.el("#identity-sandbox-frame"))
            k.modal_click(OUTCOMES[p.retry_outcome][0])
            self.expected[p.ref] = OUTCOMES[p.retry_outcome][2]
            screen = self.result_after(p.retry_outcome)
        if fault and fault.stage == "cancel":
            assert screen == "needs-attention", screen
            sb.add_fault(**fault.spec)
        self.end_turn(screen, p.ending)
        if fault:
            left = sb.clear_faults()
            if left and fault.stage != "cancel":
                self.fault_log[-1]["unused"] = left

    def kill_and_check(self, p: Plan, session: dict, expected: str) -> None:
        sid = session["id"]
        before = self.session_status(sid)
        self.log(f"kill -9 app pid {self.app_pid} at cycle {p.n} ({p.kill}, session {before})")
        self.kill_app(p.kill)
        self.launch()
        self.expected[p.ref] = expected
        check = {"cycle": p.n, "kind": p.kill, "outcome": p.outcome if p.kill == "processing" else None,
                 "status_at_kill": before, "expected": expected}
        t = time.monotonic()
        try:
            wait_for(lambda: self.session_status(sid) == expected, 60,
                     f"the killed session to end {expected} in the sandbox")
            wait_for(lambda: (self.journal_rows().get(sid) or {}).get("status") == expected, 30,
                     f"the journal to record {expected}")
            check["ok"] = True
        except AssertionError as e:
            check["ok"] = False
            check["error"] = str(e)
            check["sandbox"] = self.session_status(sid)
            check["journal"] = self.journal_rows().get(sid)
        check["settled_after_s"] = round(time.monotonic() - t, 1)
        self.kill_checks.append(check)
        self.log(f"after restart: killed session {check.get('sandbox', expected)} "
                 f"({'ok' if check['ok'] else 'NOT SETTLED'}, {check['settled_after_s']} s)")

    def recover(self, n: int) -> None:
        """After a failed step: back to a clean Welcome, restarting the app if need be."""
        self.sandbox.clear_faults()
        if not self.check_alive(n, "after a failed step"):
            return
        k = self.kiosk
        try:
            (self.out / "failures").mkdir(parents=True, exist_ok=True)
            k.driver.switch_to.default_content()
            k.driver.save_screenshot(str(self.out / "failures" / f"cycle-{n}.png"))
        except Exception:  # noqa: BLE001
            pass
        try:
            # Result screens time out in 5 s, Unavailable checks every 5 s.
            self.welcome(timeout=40)
            return
        except AssertionError:
            pass
        try:
            k.js("window.Kiosk.flow.reset(); return true")
            self.welcome(timeout=30)
            return
        except (AssertionError, WebDriverException):
            pass
        self.log("the kiosk did not come back to Welcome: restarting it (SIGTERM)")
        self.terminate_app("restart")
        self.launch()

    # -- planning -----------------------------------------------------------------------------
    def plans(self) -> list:
        a, rng = self.args, self.rng
        n = a.cycles
        kills = {}
        for i in range(a.kills):
            c = min(n, max(2, round((i + 0.5) * n / a.kills) + 1))
            while c in kills and c < n:
                c += 1
            kills[c] = "requires_input" if i % 2 == 0 else "processing"
        candidates = [c for c in range(2, n + 1) if c not in kills]
        n_faults = min(len(candidates), round(n * a.fault_share))
        fault_cycles = set(rng.sample(candidates, n_faults))
        # Every fault kind comes up (shuffled rounds over the list).
        kinds: list = []
        pool = [FAULTS_BY_NAME[k] for k in a.fault_kinds.split(",")] if a.fault_kinds else FAULTS
        while len(kinds) < n_faults:
            batch = list(pool)
            rng.shuffle(batch)
            kinds.extend(batch)
        kinds_iter = iter(kinds)
        names, weights = list(OUTCOMES), [OUTCOMES[o][1] for o in OUTCOMES]
        plans = []
        async_kill = 0
        for c in range(1, n + 1):
            p = Plan(n=c, ref=f"soak-{c}", outcome=rng.choices(names, weights)[0],
                     ending="idle" if rng.random() < SHARE_IDLE else "done")
            if p.outcome == "failure" and rng.random() < SHARE_TRY_AGAIN:
                p.try_again = True
                p.retry_outcome = rng.choice(RETRY_OUTCOMES)
            if c in kills:
                p.kill = kills[c]
                p.try_again, p.retry_outcome = False, None
                if p.kill == "processing":
                    p.outcome = ["success_async", "failure_async"][async_kill % 2]
                    async_kill += 1
            elif c in fault_cycles:
                f = next(kinds_iter)
                p.fault = f
                if f.stage == "poll":
                    p.outcome = rng.choice(["success", "success_async", "failure_async"])
                    p.try_again, p.retry_outcome = False, None
                elif f.stage == "retry":
                    p.outcome, p.try_again, p.retry_outcome = "failure", True, None
                elif f.stage == "cancel":
                    p.outcome = rng.choice(["failure", "decline", "close"])
                    p.try_again, p.retry_outcome, p.ending = False, None, "done"
            plans.append(p)
        return plans

    # -- the run ------------------------------------------------------------------------------
    def run(self) -> dict:
        a = self.args
        self.log(f"soak: {a.cycles} cycles, fault share {a.fault_share}, {a.kills} kills, seed {a.seed}, "
                 f"binary {self.binary}, out {self.out}")
        self.sandbox = Sandbox(name="soak", binary=self.binary)
        try:
            self.launch()
            plans = self.plans()
            for p in plans:
                self.check_alive(p.n, "before the cycle")
                sample = self.rss()
                if self.life.first_cycle is None:
                    self.life.first_cycle, self.life.rss_first = p.n, sample
                self.life.last_cycle, self.life.rss_last = p.n, sample
                if p.n % 10 == 1 or p.n == a.cycles:
                    self.life.samples.append({"cycle": p.n, **sample})
                t = time.monotonic()
                try:
                    self.run_cycle(p)
                    self.completed += 1
                except Exception as e:  # noqa: BLE001 - every failure is recorded and the run goes on
                    msg = f"{type(e).__name__}: {e}".strip()
                    self.log(f"cycle {p.n} FAILED ({p.outcome}, fault {p.fault.name if p.fault else '-'}, "
                             f"kill {p.kill or '-'}): {msg[:300]}")
                    if a.verbose:
                        traceback.print_exc()
                    screen = None
                    try:
                        screen = self.kiosk.screen()
                    except Exception:  # noqa: BLE001
                        pass
                    self.failures.append({"cycle": p.n, "ref": p.ref, "outcome": p.outcome,
                                          "fault": p.fault.name if p.fault else None, "kill": p.kill,
                                          "screen": screen, "error": msg[:1000]})
                    self.recover(p.n)
                if a.cycle_log:
                    self.log(f"cycle {p.n} {p.outcome}{'+retry:' + p.retry_outcome if p.try_again and p.retry_outcome else ''}"
                             f" {p.ending} fault={p.fault.name if p.fault else '-'} kill={p.kill or '-'}"
                             f" {time.monotonic() - t:.1f}s")
                if p.n % 10 == 0:
                    self.log(f"{p.n}/{a.cycles} cycles, {self.completed} completed, {len(self.failures)} failed, "
                             f"{len(self.crashes)} crashes, RSS {sample['total'] // 1024} MiB "
                             f"(app {sample['app'] // 1024}, web {sample['web'] // 1024}, net {sample['network'] // 1024})")
            self.finish()
        finally:
            if self.app_pid and alive(self.app_pid):
                try:
                    self.terminate_app("end")
                except Exception:  # noqa: BLE001
                    pass
            self.teardown_driver()
        report = self.report()
        self.sandbox.close()
        return report

    def finish(self) -> None:
        """Back at Welcome: wait for the background follow-ups, then SIGTERM the app."""
        self.sandbox.clear_faults()
        try:
            self.welcome(timeout=40)
        except AssertionError as e:
            self.failures.append({"cycle": None, "step": "final Welcome", "error": str(e)})

        def settled():
            mine = [s for s in self.all_sessions() if (s.get("metadata") or {}).get("kiosk_id") == self.kiosk_id]
            return all(s["status"] in ("verified", "canceled") for s in mine)

        try:
            wait_for(settled, 60, "every session to be settled", interval=1)
        except AssertionError:
            pass  # counted as orphans below
        # A kiosk idles after its last customer: whatever the app (or WebKit) writes late is
        # on disk before the scan.
        time.sleep(self.args.idle_secs)
        self.log("SIGTERM to the app")
        self.terminate_app("end")

    # -- the report ---------------------------------------------------------------------------
    def report(self) -> dict:
        sessions = self.all_sessions()
        for s in sessions:
            self.note_secrets(s)
        mine = [s for s in sessions if (s.get("metadata") or {}).get("kiosk_id") == self.kiosk_id]
        by_ref: dict = {}
        for s in mine:
            ref = (s.get("metadata") or {}).get("reference") or s.get("client_reference_id")
            by_ref.setdefault(ref, []).append(s)
        duplicates = {ref: [s["id"] for s in ss] for ref, ss in by_ref.items() if len(ss) > 1}

        journal = self.journal_rows()
        open_in_sandbox = [{"id": s["id"], "ref": (s.get("metadata") or {}).get("reference"), "status": s["status"]}
                           for s in mine if s["status"] in ("requires_input", "processing")]
        not_in_journal = [{"id": s["id"], "ref": (s.get("metadata") or {}).get("reference"), "status": s["status"]}
                          for s in mine if s["id"] not in journal]
        status_by_id = {s["id"]: s["status"] for s in sessions}
        journal_disagrees = [{"id": sid, "journal": row["status"], "sandbox": status_by_id.get(sid)}
                             for sid, row in journal.items() if status_by_id.get(sid) != row["status"]]
        orphans = open_in_sandbox + not_in_journal + journal_disagrees

        unexpected = []
        for ref, want in self.expected.items():
            allowed = want if isinstance(want, tuple) else (want,)
            got = [s["status"] for s in by_ref.get(ref, [])]
            if not ((None in allowed and not got) or (len(got) == 1 and got[0] in allowed)):
                unexpected.append({"ref": ref, "expected": allowed, "sandbox": got})
        unreferenced = [s["id"] for s in by_ref.get(None, [])]

        needles = {"secret key": {self.sandbox.key}, "client secret": self.client_secrets,
                   "hosted token": self.hosted_tokens}
        # What the app writes: its config, data (journal, PIN) and log folders, and its stderr.
        files = [p for p in self.app_dir.rglob("*") if p.is_file()]
        files += [p for p in (self.out / "logs").glob("*.tauri-driver.log")]
        secrets_found = []
        for path in files:
            secrets_found.extend(scan_file(path, needles))
        # What WebKit writes for the app (its cache and website data, under the throwaway HOME
        # of scripts/with-keyring): counted apart, and kept as evidence since HOME goes away.
        webview_roots, webview_files, webview_found = [], [], []
        for var in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
            root = os.environ.get(var)
            if root and "kiosk-keyring." in root and Path(root).is_dir():
                webview_roots.append(root)
                webview_files += [p for p in Path(root).rglob("*") if p.is_file() and "keyrings" not in p.parts]
        for path in webview_files:
            found = scan_file(path, needles)
            webview_found.extend(found)
            if found:
                keep = self.out / "evidence" / path.relative_to(Path(os.environ["HOME"]).parent)
                keep.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, keep)

        # RSS per app lifetime; the headline is the longest-lived one.
        lifetimes = []
        for life in self.lifetimes:
            cycles = 0 if life.first_cycle is None else life.last_cycle - life.first_cycle + 1
            lifetimes.append({"launch": life.launch, "pid": life.pid, "cycles": cycles,
                              "first_cycle": life.first_cycle, "last_cycle": life.last_cycle,
                              "rss_first_kb": life.rss_first, "rss_last_kb": life.rss_last,
                              "end": life.end, "samples": life.samples})
        longest = max(lifetimes, key=lambda x: x["cycles"]) if lifetimes else None

        elapsed = time.monotonic() - self.t0
        report = {
            "cycles": self.args.cycles,
            "completed": self.completed,
            "failed_cycles": len(self.failures),
            "duplicates": len(duplicates),
            "orphans": len(orphans),
            "crashes": len(self.crashes),
            "secrets": len(secrets_found),
            "webview_secrets": len(webview_found),
            "kills": len(self.kill_checks),
            "kills_not_settled": sum(1 for c in self.kill_checks if not c["ok"]),
            "unexpected_status": len(unexpected),
            "leaked_processes": len(self.leaked_processes),
            "webkit_process_changes": len(self.webkit_changes),
            "reference_retyped": len(self.retyped),
            "launch_retries": len(self.launch_retries),
            "faults_injected": len(self.fault_log),
            "sessions": len(mine),
            "journal_rows": len(journal),
            "journal_pending_creates": self.journal_pending_creates(),
            "duration_s": round(elapsed, 1),
            "seconds_per_cycle": round(elapsed / max(1, self.args.cycles), 2),
            "rss_longest_lifetime": longest and {
                "launch": longest["launch"], "cycles": longest["cycles"],
                "first_kb": longest["rss_first_kb"], "last_kb": longest["rss_last_kb"]},
            "details": {
                "args": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(self.args).items()},
                "kiosk_id": self.kiosk_id,
                "duplicates": duplicates,
                "orphans": {"open_in_sandbox": open_in_sandbox, "not_in_journal": not_in_journal,
                            "journal_disagrees": journal_disagrees},
                "unreferenced_sessions": unreferenced,
                "unexpected_status": unexpected,
                "crashes": self.crashes,
                "failures": self.failures,
                "kill_checks": self.kill_checks,
                "leaked_processes": self.leaked_processes,
                "webkit_process_changes": self.webkit_changes,
                "reference_retyped": self.retyped,
                "launch_retries": self.launch_retries,
                "faults": self.fault_log,
                "secrets": secrets_found,
                "webview_secrets": webview_found,
                "scanned_webview_files": len(webview_files),
                "scanned_files": len(files),
                "webview_roots": webview_roots,
                "client_secrets_collected": len(self.client_secrets),
                "hosted_tokens_collected": len(self.hosted_tokens),
                "lifetimes": lifetimes,
                "out": str(self.out),
            },
        }
        return report


def print_table(r: dict) -> None:
    def mib(kb):
        return f"{kb / 1024:.0f} MiB"

    rows = [
        ("cycles", f"{r['completed']}/{r['cycles']} completed, {r['failed_cycles']} failed"),
        ("duplicates", r["duplicates"]),
        ("orphans", r["orphans"]),
        ("crashes", r["crashes"]),
        ("secrets", f"{r['secrets']} in the app's folders and logs ({r['details']['scanned_files']} files), "
                    f"{r['webview_secrets']} in the webview's storage ({r['details']['scanned_webview_files']} files)"),
        ("kills", f"{r['kills']} ({r['kills_not_settled']} not settled after restart)"),
        ("faults injected", r["faults_injected"]),
        ("unexpected status", r["unexpected_status"]),
        ("leaked processes", r["leaked_processes"]),
        ("WebKit processes replaced", r["webkit_process_changes"]),
        ("reference retyped", r["reference_retyped"]),
        ("launch retries", r["launch_retries"]),
        ("sessions / journal", f"{r['sessions']} sessions, {r['journal_rows']} journal rows, "
                               f"{r['journal_pending_creates']} pending creates left in the journal"),
        ("duration", f"{r['duration_s'] / 60:.1f} min ({r['seconds_per_cycle']} s/cycle)"),
    ]
    life = r.get("rss_longest_lifetime")
    if life and life["first_kb"] and life["last_kb"]:
        f, l = life["first_kb"], life["last_kb"]
        rows.append(("RSS (longest run)", f"cycles {life['cycles']}: total {mib(f['total'])} → {mib(l['total'])} "
                     f"(app {mib(f['app'])} → {mib(l['app'])}, web {mib(f['web'])} → {mib(l['web'])}, "
                     f"network {mib(f['network'])} → {mib(l['network'])})"))
    for lt in r["details"]["lifetimes"]:
        if lt["rss_first_kb"] and lt["rss_last_kb"]:
            rows.append((f"  launch {lt['launch']}", f"cycles {lt['first_cycle']}–{lt['last_cycle']}: "
                         f"{mib(lt['rss_first_kb']['total'])} → {mib(lt['rss_last_kb']['total'])}, ended {lt['end']}"))
    width = max(len(k) for k, _ in rows)
    print("\n" + "\n".join(f"{k:<{width}}  {v}" for k, v in rows), flush=True)
    d = r["details"]
    for what in ("duplicates", "unexpected_status", "crashes", "failures", "secrets", "webview_secrets",
                 "leaked_processes"):
        if d[what]:
            print(f"\n{what}:\n" + "\n".join(f"  {json.dumps(x) if not isinstance(x, str) else x}"
                                                for x in (d[what].items() if isinstance(d[what], dict) else d[what])[:20]))
    for what, items in d["orphans"].items():
        if items:
            print(f"\norphans ({what}):\n" + "\n".join(f"  {json.dumps(x)}" for x in items[:20]))


def main(argv: Optional[list] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cycles", type=int, default=300)
    ap.add_argument("--fault-share", type=float, default=0.10)
    ap.add_argument("--kills", type=int, default=None, help="default: 4 per 300 cycles, at least 1 (0 for none)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--bin", default=str(harness.kiosk_binary()), help="the app (release build with the testing feature)")
    ap.add_argument("--report", default=None, help="JSON report path (default: <out>/report.json)")
    ap.add_argument("--out", default=str(REPO_ROOT / "target" / "soak" / "run"),
                    help="working folder (app folders, logs); emptied first")
    ap.add_argument("--fault-kinds", default=None,
                    help="comma-separated subset of: " + ", ".join(FAULTS_BY_NAME))
    ap.add_argument("--idle-secs", type=float, default=10,
                    help="idle time after the last cycle, before SIGTERM and the scan for secrets")
    ap.add_argument("--rust-log", default="info")
    ap.add_argument("--cycle-log", action="store_true", help="one line per cycle")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    if args.kills is None:
        args.kills = max(1, round(4 * args.cycles / 300))
    if args.cycles < 1 or not 0 <= args.fault_share <= 1 or args.kills < 0 or args.kills > args.cycles:
        ap.error("bad --cycles / --fault-share / --kills")
    unknown = [k for k in (args.fault_kinds or "").split(",") if k and k not in FAULTS_BY_NAME]
    if unknown:
        ap.error(f"unknown fault kinds: {unknown}")
    if not Path(args.bin).exists():
        ap.error(f"no app binary at {args.bin}")
    report = Soak(args).run()
    path = Path(args.report) if args.report else Path(args.out) / "report.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2) + "\n")
    print_table(report)
    print(f"\nreport: {path}")
    bad = [k for k in ("duplicates", "orphans", "crashes", "secrets", "webview_secrets", "failed_cycles",
                       "kills_not_settled",
                       "unexpected_status") if report[k]]
    if bad:
        print("FAILED: " + ", ".join(f"{k}={report[k]}" for k in bad), flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
