"""Runs the stripe-node acceptance tests (tests/acceptance/node) against the shared sandbox.

Installs the locked dependencies with `npm ci` when `node_modules/stripe` is missing, then runs
`node --test` with `SANDBOX_URL` set; its TAP output is shown when it fails.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

NODE_DIR = Path(__file__).resolve().parent / "node"


def test_stripe_node_sdk(sandbox_url: str) -> None:
    node = shutil.which("node")
    npm = shutil.which("npm")
    if not node or not npm:
        pytest.fail("node and npm are required for the stripe-node acceptance tests")
    if not (NODE_DIR / "node_modules" / "stripe" / "package.json").exists():
        install = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"],
            cwd=NODE_DIR,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert install.returncode == 0, f"npm ci failed:\n{install.stdout}\n{install.stderr}"
    env = dict(os.environ, SANDBOX_URL=sandbox_url)
    result = subprocess.run(
        [node, "--test", "sdk.test.mjs"],
        cwd=NODE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = f"{result.stdout}\n{result.stderr}"
    assert result.returncode == 0, f"node --test failed (exit {result.returncode}):\n{output}"
    passed = re.search(r"^# pass (\d+)$", result.stdout, re.M)
    assert passed and int(passed.group(1)) >= 7, output
    assert re.search(r"^# fail 0$", result.stdout, re.M), output
