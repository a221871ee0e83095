"""13. A short soak (tests/soak/soak.py): 20 customer cycles through the real window against one
sandbox, 10 % of them with an injected fault, and two `kill -9`s of the app (one while the modal
is open, one while the session is processing) followed by a restart on the same folders. The
report must count no duplicate session, no orphan (open in the sandbox, unknown to the journal,
or recorded differently), no crash, no secret in the app's files, logs or webview storage, no
failed cycle, and both killed sessions settled after the restart.

It runs as a subprocess with its own sandbox, ports and folders (target/soak/ci/), so it shares
nothing with the other tests. The full run: `scripts/soak` (300 cycles).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from harness import REPO_ROOT, kiosk_binary

OUT = REPO_ROOT / "target" / "soak" / "ci"
CYCLES = int(os.environ.get("IDENTITY_KIOSK_SOAK_CYCLES", "20"))
SEED = os.environ.get("IDENTITY_KIOSK_SOAK_SEED", "20")


@pytest.mark.timeout(1800)
def test_short_soak():
    report_path = OUT.parent / "ci-report.json"
    log_path = OUT.parent / "ci.log"
    OUT.parent.mkdir(parents=True, exist_ok=True)
    report_path.unlink(missing_ok=True)
    cmd = [
        sys.executable, str(REPO_ROOT / "tests" / "soak" / "soak.py"),
        "--cycles", str(CYCLES), "--fault-share", "0.10", "--kills", "2", "--seed", SEED,
        "--bin", str(kiosk_binary()), "--out", str(OUT), "--report", str(report_path),
    ]
    with open(log_path, "wb") as log:
        proc = subprocess.run(cmd, stdout=log, stderr=subprocess.STDOUT, timeout=1700)
    output = log_path.read_text(errors="replace")
    summary = output[-6000:]
    assert report_path.exists(), f"no report (exit {proc.returncode}); see {log_path}\n{output[-4000:]}"
    report = json.loads(report_path.read_text())
    counts = {k: report[k] for k in ("duplicates", "orphans", "crashes", "secrets", "webview_secrets",
                                      "failed_cycles", "kills_not_settled", "unexpected_status")}
    assert report["completed"] == CYCLES and all(v == 0 for v in counts.values()), (
        f"{counts}, {report['completed']}/{CYCLES} completed; details in {report_path}\n{summary}")
    assert report["kills"] == 2
    assert report["faults_injected"] == round(CYCLES * 0.10)
    assert proc.returncode == 0, f"soak.py exited {proc.returncode}; see {log_path}"
