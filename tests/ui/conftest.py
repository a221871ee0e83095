"""Fixtures shared by the UI tests: one static server for the repository and one headless
Chromium per test module."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import RepoServer, chromium  # noqa: E402


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
