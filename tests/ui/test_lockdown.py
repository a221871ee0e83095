"""Lock-down inside the page (ui/js/lockdown.js) and the Welcome screen's knowledge of whether
Stripe can be reached (connection_status), in headless Chromium against the fake backend.

    .venv/bin/pytest tests/ui/test_lockdown.py -q
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import (  # noqa: E402  (server, driver: shared fixtures)
    driver, server,
    calls, click, cmds, open_scenario, screen, wait_for, wait_screen,
)


@pytest.fixture
def kiosk(driver, server):
    def open_(scenario=None):
        open_scenario(driver, server, scenario, "")
        return driver
    return open_


# A synthetic keydown on window: returns whether the page let it through (not defaultPrevented).
DISPATCH = """
const [type, init] = arguments;
const event = type === 'wheel' ? new WheelEvent('wheel', Object.assign({bubbles: true, cancelable: true}, init))
  : type === 'contextmenu' ? new MouseEvent('contextmenu', {bubbles: true, cancelable: true})
  : new KeyboardEvent('keydown', Object.assign({bubbles: true, cancelable: true}, init));
document.getElementById('verify').dispatchEvent(event);
return !event.defaultPrevented;
"""

BROWSER_SHORTCUTS = [
    {"key": "F5"},
    {"key": "r", "ctrlKey": True},
    {"key": "R", "ctrlKey": True, "shiftKey": True},
    {"key": "f", "ctrlKey": True},
    {"key": "p", "ctrlKey": True},
    {"key": "+", "ctrlKey": True},
    {"key": "-", "ctrlKey": True},
    {"key": "0", "ctrlKey": True},
    {"key": "w", "ctrlKey": True},
    {"key": "n", "ctrlKey": True},
    {"key": "I", "ctrlKey": True, "shiftKey": True},
    {"key": "F12"},
    {"key": "ArrowLeft", "altKey": True},
    {"key": "F4", "altKey": True},
]


def lets_through(drv, type_, init=None) -> bool:
    wait_screen(drv, "welcome")
    return drv.execute_script(DISPATCH, type_, init or {})


@pytest.mark.parametrize("init", BROWSER_SHORTCUTS, ids=lambda i: "+".join(
    [m for m in ("ctrl", "shift", "alt") if i.get(m + "Key")] + [i["key"]]))
def test_locked_page_swallows_browser_shortcuts(kiosk, init):
    drv = kiosk({"info": {"locked": True}})
    assert not lets_through(drv, "keydown", init)


def test_locked_page_swallows_menu_and_zoom_but_not_typing(kiosk):
    drv = kiosk({"info": {"locked": True, "reference": {"mode": "optional"}}})
    assert not lets_through(drv, "contextmenu")
    assert not lets_through(drv, "wheel", {"ctrlKey": True, "deltaY": -100})
    assert lets_through(drv, "wheel", {"deltaY": 100}), "plain scrolling stays"
    for key in ("a", "1", "Enter", "Tab", "Backspace"):
        assert lets_through(drv, "keydown", {"key": key}), key
    assert lets_through(drv, "keydown", {"key": "c", "ctrlKey": True}), "copy in a field stays"
    # The staff chord is not a browser shortcut: it still opens the staff panel.
    lets_through(drv, "keydown", {"key": "S", "ctrlKey": True, "altKey": True, "shiftKey": True})
    wait_screen(drv, "staff-pin")


def test_unlocked_page_leaves_shortcuts_alone(kiosk):
    # Debug builds (kiosk_info.locked false) stay usable for development.
    drv = kiosk({"info": {"locked": False}})
    assert lets_through(drv, "keydown", {"key": "F5"})
    assert lets_through(drv, "contextmenu")


def test_welcome_says_not_available_before_the_tap_and_comes_back(kiosk):
    # The backend's background check finds Stripe down, later up again.
    drv = kiosk({"reach": [{"ok": True}, {"ok": False}, {"ok": True}], "connection": [{"ok": False}, {"ok": True}]})
    wait_screen(drv, "unavailable", timeout=10)
    assert calls(drv, "start_verification") == [], "no session is started while Stripe is down"
    wait_screen(drv, "welcome", timeout=15)
    assert cmds(drv).count("check_connection") == 2


def test_a_tap_while_stripe_is_known_down_starts_nothing(kiosk):
    # Down from the first answer; the unavailable screen's own checks keep failing.
    drv = kiosk({"reach": [{"ok": False}], "connection": [{"ok": False}]})
    wait_screen(drv, "unavailable", timeout=10)
    assert screen(drv) == "unavailable"
    assert calls(drv, "start_verification") == []


def test_unknown_reachability_does_not_block_the_customer(kiosk):
    # Before the first background check answers, ok is null: the tap goes ahead.
    drv = kiosk({"reach": [{"ok": None}]})
    wait_screen(drv, "welcome")
    click(drv, "verify")
    wait_for(drv, lambda: calls(drv, "start_verification"), "start_verification after the tap")
    assert len(calls(drv, "start_verification")) == 1


def test_no_camera_says_not_available_and_comes_back_when_one_appears(kiosk):
    drv = kiosk({"info": {"mode": "test"}, "camera": ["missing", "missing", "ok"]})
    wait_screen(drv, "unavailable", timeout=10)
    assert [c["args"] for c in calls(drv, "report_camera")] == [{"camera": "missing"}]
    # The screen checks again every few seconds; the camera is back on the third try.
    wait_screen(drv, "welcome", timeout=20)
    assert [c["args"]["camera"] for c in calls(drv, "report_camera")] == ["missing", "missing", "ok"]
    assert calls(drv, "start_verification") == []


def test_refused_camera_is_reported_and_blocks_the_start(kiosk):
    drv = kiosk({"info": {"mode": "live"}, "camera": ["refused"]})
    wait_screen(drv, "unavailable", timeout=10)
    assert calls(drv, "report_camera")[0]["args"] == {"camera": "refused"}
    assert calls(drv, "start_verification") == []


def test_a_camera_known_good_is_not_opened_again(kiosk):
    # kiosk_info says this run already found the camera: the page does not open it again.
    drv = kiosk({"info": {"camera": "ok"}, "camera": ["missing"]})
    wait_screen(drv, "welcome")
    assert calls(drv, "report_camera") == []


def test_the_sandbox_works_without_a_camera(kiosk):
    # Demo and training: the stand-in's outcomes need no camera, so Welcome stays; staff still
    # learn that there is none.
    drv = kiosk({"camera": ["missing"]})
    wait_screen(drv, "welcome")
    assert calls(drv, "report_camera")[0]["args"] == {"camera": "missing"}
    click(drv, "verify")
    wait_for(drv, lambda: calls(drv, "start_verification"), "start_verification after the tap")
