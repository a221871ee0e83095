"""The staff panel in headless Chromium against the fake backend (tests/ui/fake-tauri.js, scenario key
"staff"): the gesture, the PIN screen (first PIN, wrong PIN, lock-out), the panel's tabs, settings,
key handling, recent sessions, diagnostics, the inactivity lock, and the rule that no secret key ever
crosses IPC from the page.

    .venv/bin/pytest tests/ui/test_staff.py -q
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.actions.action_builder import ActionBuilder
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import (  # noqa: E402  (server, driver: shared fixtures)
    driver, server,
    REPO_ROOT, WAIT, advance, calls, click, cmds, console_lines, csp_violations, open_scenario, screen,
    settle, text, visible, wait_for, wait_screen,
)

EN = json.loads(subprocess.run(
    ["node", "-e", "global.window={};require(process.argv[1]);console.log(JSON.stringify(window.KioskMessages.en))",
     str(REPO_ROOT / "ui" / "i18n" / "en.js")],
    check=True, capture_output=True, text=True).stdout) if shutil.which("node") else {}

PIN = "2468"  # the fake's default staff PIN


def setting(key, value, source="default", locked=False):
    return {"key": key, "value": value, "source": source, "locked": locked}


SETTINGS = [
    setting("verification.allowed_types", []),
    setting("verification.require_id_number", False),
    setting("verification.require_live_capture", True, "policy", True),
    setting("verification.require_matching_selfie", False),
    setting("kiosk.business_name", "Grand Hotel Central", "user"),
    setting("kiosk.id", "kiosk-front-1"),
    setting("kiosk.reference", "hidden"),
    setting("kiosk.reference_label", None),
    setting("kiosk.flow", "auto", "policy", True),
    setting("kiosk.max_attempts", 3),
    setting("kiosk.idle_timeout_secs", 30),
    setting("kiosk.modal_timeout_secs", 900),
    setting("kiosk.show_verified_name", False),
    setting("kiosk.sandbox", True),
    setting("kiosk.staff_timeout_secs", 300),
    setting("kiosk.autostart", False, "environment", True),
    setting("kiosk.languages", ["en"]),
]


# ---- fixtures and helpers ----------------------------------------------------------------

@pytest.fixture
def kiosk(driver, server):
    """Opens a scenario: kiosk(scenario) → driver on the first screen. Afterwards: no CSP violation,
    no missing message, and no secret or restricted key in any argument the page sent."""
    def open_(scenario=None, hash_=""):
        open_scenario(driver, server, scenario, hash_)
        return driver
    yield open_
    assert csp_violations(driver) == []
    assert [line for line in console_lines(driver) if "missing message" in line] == []
    assert_no_secret_key_sent(driver)


def assert_no_secret_key_sent(drv):
    for call in calls(drv):
        args = json.dumps(call["args"])
        assert "sk_" not in args and "rk_" not in args, f"{call['cmd']} was sent a secret key: {args}"


def tap_corner(drv, times):
    """Taps the top-left corner of the viewport (where #staff-corner sits, if it is there)."""
    actions = ActionBuilder(drv)
    for _ in range(times):
        actions.pointer_action.move_to_location(20, 20).click()
    actions.perform()


def chord(drv):
    (ActionChains(drv).key_down(Keys.CONTROL).key_down(Keys.ALT).key_down(Keys.SHIFT).send_keys("s")
     .key_up(Keys.SHIFT).key_up(Keys.ALT).key_up(Keys.CONTROL).perform())


def keys(drv, *sequence):
    ActionChains(drv).send_keys(*sequence).perform()


def pad(drv, digits):
    for d in digits:
        drv.find_element(By.CSS_SELECTOR, f'#staff-pin-pad [data-digit="{d}"]').click()


def pad_disabled(drv):
    return drv.execute_script(
        "return [...document.querySelectorAll('#staff-pin-pad button')].every(b => b.disabled)")


def dots(drv):
    return int(drv.find_element(By.ID, "staff-pin-dots").get_attribute("data-count"))


def open_pin(drv):
    chord(drv)
    wait_screen(drv, "staff-pin")


def unlock(drv, pin=PIN):
    """From Welcome: the chord, the PIN, and the panel with its overview rendered."""
    open_pin(drv)
    pad(drv, pin)
    click(drv, "staff-pin-ok")
    wait_panel(drv)


def wait_panel(drv):
    wait_screen(drv, "staff-panel")
    wait_for(drv, lambda: text(drv, "staff-version") != "", "overview not rendered")


def tab(drv, name):
    click(drv, f"staff-tab-{name}")
    assert visible(drv, f"staff-tabpanel-{name}")


def dialog_open(drv):
    return drv.execute_script("return document.getElementById('staff-dialog').open")


def answer_dialog(drv, confirm):
    wait_for(drv, lambda: dialog_open(drv), "no confirmation dialog")
    click(drv, "staff-dialog-ok" if confirm else "staff-dialog-cancel")
    wait_for(drv, lambda: not dialog_open(drv), "dialog still open")


def message(drv, element_id, expected):
    wait_for(drv, lambda: visible(drv, element_id) and text(drv, element_id) == expected,
             f"{element_id}: wanted {expected!r}, got {text(drv, element_id)!r}")


def setting_node(drv, key):
    return drv.find_element(By.CSS_SELECTOR, f'[data-setting="{key}"]')


def row(drv, session_id):
    return drv.find_element(By.CSS_SELECTOR, f'#staff-journal-rows tr[data-session-id="{session_id}"]')


# ---- opening -----------------------------------------------------------------------------

def test_five_taps_on_the_corner_open_the_pin_screen_and_four_do_not(kiosk):
    drv = kiosk()
    assert screen(drv) == "welcome"
    corner = drv.find_element(By.ID, "staff-corner").rect
    assert (corner["x"], corner["y"], corner["width"], corner["height"]) == (0, 0, 64, 64)
    corner_el = drv.find_element(By.ID, "staff-corner")
    assert corner_el.value_of_css_property("background-color") == "rgba(0, 0, 0, 0)"  # invisible
    assert corner_el.get_attribute("tabindex") is None and corner_el.get_attribute("aria-hidden") == "true"
    tap_corner(drv, 4)
    settle(drv)
    assert screen(drv) == "welcome" and calls(drv, "staff_status") == []
    # Taps older than 3 s do not count: 4 taps, a pause, then 2 more is not five within 3 s.
    advance(drv, 3.1)
    tap_corner(drv, 2)
    settle(drv)
    assert screen(drv) == "welcome" and calls(drv, "staff_status") == []
    tap_corner(drv, 5)
    wait_screen(drv, "staff-pin")
    assert len(calls(drv, "staff_status")) == 1
    assert text(drv, "staff-pin-title") == EN["staff_pin_title"]
    assert dots(drv) == 0


def test_key_chord_opens_the_pin_screen(kiosk):
    drv = kiosk()
    keys(drv, "s")
    settle(drv)
    assert screen(drv) == "welcome"
    chord(drv)
    wait_screen(drv, "staff-pin")
    assert calls(drv, "staff_status") != []


@pytest.mark.parametrize("scenario,target", [
    ({"start": ["hold"]}, "starting"),
    ({"verify": ["hold"]}, "verifying"),
    ({"status": [{"state": "processing"}]}, "submitted"),
])
def test_gesture_is_ignored_while_a_verification_is_under_way(kiosk, scenario, target):
    drv = kiosk(scenario)
    click(drv, "verify")
    wait_screen(drv, target)
    assert not visible(drv, "staff-corner")
    tap_corner(drv, 5)
    chord(drv)
    settle(drv)
    assert screen(drv) == target
    assert calls(drv, "staff_status") == []


def test_from_a_result_screen_closing_settles_the_customers_session(kiosk):
    drv = kiosk({"status": [{"state": "requires_input", "reason": "document_expired", "attempts_left": 2}]})
    click(drv, "verify")
    wait_screen(drv, "needs-attention")
    tap_corner(drv, 5)
    wait_screen(drv, "staff-pin")
    keys(drv, PIN, Keys.ENTER)
    wait_panel(drv)
    click(drv, "staff-close")
    wait_for(drv, lambda: calls(drv, "finish_verification"), "the open session was not settled")
    assert cmds(drv).index("staff_lock") < cmds(drv).index("finish_verification")
    wait_screen(drv, "welcome")


def test_cancel_and_escape_go_back_to_welcome(kiosk):
    drv = kiosk()
    open_pin(drv)
    click(drv, "staff-pin-cancel")
    wait_screen(drv, "welcome")
    open_pin(drv)
    keys(drv, "12", Keys.ESCAPE)
    wait_screen(drv, "welcome")
    assert calls(drv, "staff_unlock") == [] and calls(drv, "staff_lock") == []


# ---- the PIN -----------------------------------------------------------------------------

def test_first_pin_is_entered_twice_mismatch_then_success(kiosk):
    drv = kiosk({"staff": {"pin_set": False}})
    open_pin(drv)
    assert text(drv, "staff-pin-title") == EN["staff_pin_choose_title"]
    pad(drv, "135")
    click(drv, "staff-pin-ok")
    assert text(drv, "staff-pin-message") == EN["staff_pin_length"]
    pad(drv, "7")
    assert dots(drv) == 4
    click(drv, "staff-pin-ok")
    assert text(drv, "staff-pin-title") == EN["staff_pin_confirm_title"]
    assert dots(drv) == 0
    pad(drv, "1358")
    click(drv, "staff-pin-ok")
    assert text(drv, "staff-pin-message") == EN["staff_pin_mismatch"]
    assert text(drv, "staff-pin-title") == EN["staff_pin_choose_title"]
    assert calls(drv, "staff_set_first_pin") == []
    pad(drv, "1357")
    click(drv, "staff-pin-ok")
    keys(drv, "1357", Keys.ENTER)  # the keyboard works too
    wait_panel(drv)
    assert [c["args"] for c in calls(drv, "staff_set_first_pin")] == [{"pin": "1357"}]
    assert calls(drv, "staff_unlock") == []


def test_first_pin_already_set_elsewhere_asks_for_it(kiosk):
    drv = kiosk({"staff": {"pin_set": False, "errors": {"staff_set_first_pin": "pin_already_set"}}})
    open_pin(drv)
    keys(drv, "9999", Keys.ENTER, "9999", Keys.ENTER)
    message(drv, "staff-pin-message", EN["staff_pin_already_set"])
    assert text(drv, "staff-pin-title") == EN["staff_pin_title"]


def test_no_pin_on_a_kiosk_with_a_key_sends_staff_to_it_without_a_pad(kiosk):
    drv = kiosk({"staff": {"pin_set": False, "ask_it": True}})
    open_pin(drv)
    assert text(drv, "staff-pin-title") == EN["staff_pin_ask_it_title"]
    assert "identity-kiosk pin set --stdin" in text(drv, "staff-pin-lead")
    assert not drv.find_element(By.ID, "staff-pin-pad").is_displayed(), "no pad: nothing to type"
    keys(drv, "2468", Keys.ENTER, "2468", Keys.ENTER)
    assert calls(drv, "staff_set_first_pin") == [] and calls(drv, "staff_unlock") == []
    click(drv, "staff-pin-cancel")
    wait_screen(drv, "welcome")


def test_a_first_pin_refused_by_rust_because_a_key_is_stored_sends_staff_to_it(kiosk):
    # The status said "choose" (say, a key was stored meanwhile); Rust refuses the PIN itself.
    drv = kiosk({"staff": {"pin_set": False, "errors": {"staff_set_first_pin": "pin_set_by_it"}}})
    open_pin(drv)
    keys(drv, "2468", Keys.ENTER, "2468", Keys.ENTER)
    wait_for(drv, lambda: text(drv, "staff-pin-title") == EN["staff_pin_ask_it_title"], "not sent to IT")
    assert not drv.find_element(By.ID, "staff-pin-pad").is_displayed()


def test_wrong_pin_shows_the_tries_left(kiosk):
    drv = kiosk({"staff": {"max_tries": 5}})
    open_pin(drv)
    pad(drv, "1111")
    click(drv, "staff-pin-ok")
    message(drv, "staff-pin-message", "Wrong PIN. 4 more tries before a pause.")
    assert dots(drv) == 0 and screen(drv) == "staff-pin"
    keys(drv, "1112", Keys.ENTER)
    message(drv, "staff-pin-message", "Wrong PIN. 3 more tries before a pause.")
    assert [c["args"]["pin"] for c in calls(drv, "staff_unlock")] == ["1111", "1112"]


def test_keyboard_digits_backspace_and_enter(kiosk):
    drv = kiosk()
    open_pin(drv)
    keys(drv, "24689")
    assert dots(drv) == 5
    keys(drv, Keys.BACKSPACE)
    assert dots(drv) == 4
    keys(drv, Keys.ENTER)
    wait_panel(drv)
    assert [c["args"] for c in calls(drv, "staff_unlock")] == [{"pin": PIN}]


def test_locked_out_after_wrong_pins_disables_the_pad_with_a_countdown(kiosk):
    drv = kiosk({"staff": {"max_tries": 2, "lockout_secs": 3}})
    open_pin(drv)
    keys(drv, "0000", Keys.ENTER)
    message(drv, "staff-pin-message", "Wrong PIN. 1 more try before a pause.")
    keys(drv, "0001", Keys.ENTER)
    # The pad is also disabled while the check is in flight: wait for the lock-out's message.
    locked_out = [EN["staff_pin_locked_out"].replace("{time}", t) for t in ("0:03", "0:02")]
    wait_for(drv, lambda: text(drv, "staff-pin-message") in locked_out, "no lock-out message")
    assert pad_disabled(drv)
    keys(drv, "2468", Keys.ENTER)  # ignored while locked out
    pad_buttons = drv.find_elements(By.CSS_SELECTOR, "#staff-pin-pad button")
    assert all(not b.is_enabled() for b in pad_buttons)
    assert dots(drv) == 0 and len(calls(drv, "staff_unlock")) == 2
    message(drv, "staff-pin-message", EN["staff_pin_try_again_now"])
    assert not pad_disabled(drv)
    keys(drv, PIN, Keys.ENTER)
    wait_panel(drv)


def test_locked_out_on_opening_shows_the_countdown_from_staff_status(kiosk):
    drv = kiosk({"staff": {"retry_after_secs": 90}})
    open_pin(drv)
    assert pad_disabled(drv)
    assert text(drv, "staff-pin-message") in (
        EN["staff_pin_locked_out"].replace("{time}", t) for t in ("1:30", "1:29"))
    remaining = int(drv.find_element(By.ID, "staff-pin-message").get_attribute("data-remaining"))
    # Two ticks of the countdown: the first can still round up to the same second (the page's
    # Date.now and performance.now differ by a fraction of a millisecond), the second cannot.
    advance(drv, 2.2)
    assert int(drv.find_element(By.ID, "staff-pin-message").get_attribute("data-remaining")) < remaining
    assert visible(drv, "staff-pin-cancel") and drv.find_element(By.ID, "staff-pin-cancel").is_enabled()


def test_a_panel_still_open_skips_the_pin(kiosk):
    drv = kiosk({"staff": {"open": True}})
    chord(drv)
    wait_panel(drv)
    assert calls(drv, "staff_unlock") == []


# ---- the panel ---------------------------------------------------------------------------

def test_header_problems_and_connection_facts(kiosk):
    drv = kiosk({"info": {"mode": "live"}, "staff": {
        "problems": [
            {"kind": "setting", "file": "/etc/identity-kiosk/policy.toml", "line": 3, "key": "kiosk.max_attempts",
             "reason": {"code": "not_in_range", "params": {"value": '"three"', "min": "1", "max": "10"}},
             "outcome": {"fallback": "default"}, "text": "English"},
            {"kind": "setting", "file": None, "line": None, "key": "IDENTITY_KIOSK_LANGUAGES",
             "reason": {"code": "not_one_of", "params": {"value": '"tlh"', "choices": "en, es"}},
             "outcome": "entry_ignored", "text": "English"},
            {"kind": "journal", "code": "journal_full", "text": "English"},
        ],
        "connection": {"source": "keyring", "secret_key": "sk_live_…1234", "publishable_key": "pk_live_51Abc",
                       "keyring": {"ok": True, "message": None}}}})
    unlock(drv)
    assert text(drv, "staff-version") == "Version 0.1.0"
    assert text(drv, "staff-mode") == EN["staff_mode_live"]
    assert visible(drv, "staff-problems")
    assert EN["staff_problems_title"] in text(drv, "staff-problems")
    lines = [li.text for li in drv.find_elements(By.CSS_SELECTOR, "#staff-problems-list li")]
    assert lines == [
        "/etc/identity-kiosk/policy.toml, line 3: kiosk.max_attempts: "
        + EN["staff_problem_not_in_range"].replace("{value}", '"three"').replace("{min}", "1").replace("{max}", "10")
        + " (" + EN["staff_problem_outcome_fallback_default"] + ")",
        "IDENTITY_KIOSK_LANGUAGES: " + EN["staff_problem_not_one_of"].replace("{value}", '"tlh"')
        .replace("{choices}", "en, es") + " (" + EN["staff_problem_outcome_entry_ignored"] + ")",
        EN["error_journal_full"],
    ]
    assert "English" not in text(drv, "staff-problems-list"), "worded from the codes, not Rust's English"
    assert text(drv, "staff-conn-key") == "sk_live_…1234"
    assert text(drv, "staff-conn-source") == EN["staff_conn_source_keyring"]
    assert text(drv, "staff-conn-keyring") == EN["staff_conn_keyring_ok"]
    assert drv.find_element(By.ID, "staff-publishable-key").get_attribute("value") == "pk_live_51Abc"
    assert not visible(drv, "test-marker")
    assert text(drv, "staff-conn-stripe") == EN["staff_conn_stripe_unknown"]
    assert text(drv, "staff-conn-camera") == EN["staff_conn_camera_unknown"]


UP = ({"ok": True, "cause": None}, EN.get("staff_conn_stripe_ok"))
DOWN = ({"ok": False, "cause": "api_connection_error"},
        EN.get("staff_conn_stripe_down", "").replace("{cause}", "api_connection_error"))


@pytest.mark.parametrize("reach,stripe_text,camera", [
    (*UP, "ok"), (*DOWN, "missing"), (*UP, "refused"), (*DOWN, "unsupported"), (*UP, "brand_new"),
])
def test_connection_tab_shows_stripe_and_camera_health(kiosk, reach, stripe_text, camera):
    drv = kiosk({"staff": {"connection": {"reachability": reach, "camera": camera}}})
    unlock(drv)
    assert text(drv, "staff-conn-stripe") == stripe_text
    expected = EN["staff_conn_camera_" + camera] if camera != "brand_new" else EN["staff_conn_camera_unknown"]
    assert text(drv, "staff-conn-camera") == expected


@pytest.mark.parametrize("live_flow,key", [
    (None, "staff_conn_live_flow_hosted_https"),  # Linux and macOS: Stripe.js needs an https page
    ({"flow": "auto", "reason": None}, "staff_conn_live_flow_modal"),  # Windows
    ({"flow": "hosted", "reason": None}, "staff_conn_live_flow_hosted"),  # kiosk.flow = hosted
])
def test_connection_tab_says_which_flow_a_live_customer_gets(kiosk, live_flow, key):
    drv = kiosk({"staff": {"live_flow": live_flow} if live_flow else {}})
    unlock(drv)
    assert text(drv, "staff-conn-live-flow") == EN[key]


def test_no_problems_no_warning_box(kiosk):
    drv = kiosk()
    unlock(drv)
    assert not visible(drv, "staff-problems")
    assert text(drv, "staff-conn-key") == EN["staff_conn_no_key"]
    assert not visible(drv, "staff-remove-key")  # nothing stored to remove


def test_tabs_switch_with_the_keyboard(kiosk):
    drv = kiosk()
    unlock(drv)
    names = ["connection", "verification", "kiosk", "recent", "diagnostics"]

    def selected():
        return [n for n in names if drv.find_element(By.ID, f"staff-tab-{n}").get_attribute("aria-selected") == "true"]

    def shown():
        return [n for n in names if visible(drv, f"staff-tabpanel-{n}")]

    assert selected() == shown() == ["connection"]
    drv.find_element(By.ID, "staff-tab-connection").send_keys(Keys.ARROW_RIGHT)
    assert selected() == shown() == ["verification"]
    assert drv.execute_script("return document.activeElement.id") == "staff-tab-verification"
    keys(drv, Keys.END)
    assert selected() == shown() == ["diagnostics"]
    keys(drv, Keys.ARROW_RIGHT)  # wraps around
    assert selected() == shown() == ["connection"]
    keys(drv, Keys.ARROW_LEFT)
    assert selected() == ["diagnostics"]
    keys(drv, Keys.HOME)
    assert selected() == ["connection"]
    tabindex = [drv.find_element(By.ID, f"staff-tab-{n}").get_attribute("tabindex") for n in names]
    assert tabindex == ["0", "-1", "-1", "-1", "-1"]  # one Tab stop for the whole tab row
    panel = drv.find_element(By.ID, "staff-tabpanel-connection")
    assert panel.get_attribute("role") == "tabpanel"
    assert panel.get_attribute("aria-labelledby") == "staff-tab-connection"


def test_locked_settings_are_disabled_with_the_policy_note(kiosk):
    drv = kiosk({"staff": {"settings": SETTINGS}})
    unlock(drv)
    tab(drv, "kiosk")
    flow = setting_node(drv, "kiosk.flow")
    radios = flow.find_elements(By.CSS_SELECTOR, "input[type=radio]")
    assert len(radios) == 3 and all(not r.is_enabled() for r in radios)
    assert [r.get_attribute("value") for r in radios if r.is_selected()] == ["auto"]
    note = flow.find_element(By.CSS_SELECTOR, ".setting-locked")
    assert note.is_displayed() and note.text == EN["staff_setting_locked"]
    assert note.find_element(By.CSS_SELECTOR, "svg.lock-icon")
    autostart = setting_node(drv, "kiosk.autostart")  # locked by an environment variable
    assert not autostart.find_element(By.TAG_NAME, "input").is_enabled()
    assert autostart.find_element(By.CSS_SELECTOR, ".setting-locked").text == EN["staff_setting_locked_environment"]
    name = setting_node(drv, "kiosk.business_name")
    assert name.find_element(By.TAG_NAME, "input").is_enabled()
    assert not name.find_element(By.CSS_SELECTOR, ".setting-locked").is_displayed()
    tab(drv, "verification")
    live = setting_node(drv, "verification.require_live_capture")
    box = live.find_element(By.TAG_NAME, "input")
    assert not box.is_enabled() and box.is_selected()
    assert live.find_element(By.CSS_SELECTOR, ".setting-locked").text == EN["staff_setting_locked"]
    # "All types" is stored as an empty list: every box is ticked.
    types = setting_node(drv, "verification.allowed_types").find_elements(By.TAG_NAME, "input")
    assert [b.is_selected() for b in types] == [True, True, True]


def test_settings_the_backend_does_not_have_are_not_offered(kiosk):
    drv = kiosk({"staff": {"settings": [setting("kiosk.business_name", "X")]}})
    unlock(drv)
    tab(drv, "kiosk")
    assert setting_node(drv, "kiosk.business_name").is_displayed()
    assert not setting_node(drv, "kiosk.flow").is_displayed()
    assert not setting_node(drv, "kiosk.autostart").is_displayed()


def test_save_sends_only_the_changed_keys(kiosk):
    drv = kiosk({"staff": {"settings": SETTINGS}})
    unlock(drv)
    tab(drv, "kiosk")
    click(drv, "staff-save-kiosk")
    out = drv.find_element(By.CSS_SELECTOR, "#staff-tabpanel-kiosk [data-save-message]")
    wait_for(drv, lambda: out.text == EN["staff_nothing_changed"], "no 'nothing to save'")
    assert calls(drv, "staff_update_settings") == []
    name = drv.find_element(By.ID, "staff-set-business-name")
    name.clear()
    name.send_keys("Hotel Lumière")
    attempts = drv.find_element(By.ID, "staff-set-max-attempts")
    attempts.clear()
    attempts.send_keys("5")
    setting_node(drv, "kiosk.reference").find_element(By.XPATH, ".//input[@value='required']/..").click()
    setting_node(drv, "kiosk.show_verified_name").find_element(By.TAG_NAME, "label").click()
    click(drv, "staff-save-kiosk")
    wait_for(drv, lambda: out.text == EN["staff_saved"], "not saved")
    assert [c["args"] for c in calls(drv, "staff_update_settings")] == [{"changes": {
        "kiosk.business_name": "Hotel Lumière", "kiosk.max_attempts": 5,
        "kiosk.reference": "required", "kiosk.show_verified_name": True}}]
    # Saved values are the new baseline: saving again sends nothing.
    click(drv, "staff-save-kiosk")
    wait_for(drv, lambda: out.text == EN["staff_nothing_changed"], "no 'nothing to save'")
    assert len(calls(drv, "staff_update_settings")) == 1
    # The Verification tab saves its own keys only. Unticking one type sends the explicit list.
    tab(drv, "verification")
    setting_node(drv, "verification.allowed_types").find_element(By.XPATH, ".//input[@value='driving_license']/..").click()
    setting_node(drv, "verification.require_matching_selfie").find_element(By.TAG_NAME, "label").click()
    click(drv, "staff-save-verification")
    wait_for(drv, lambda: len(calls(drv, "staff_update_settings")) == 2, "verification not saved")
    assert calls(drv, "staff_update_settings")[1]["args"] == {"changes": {
        "verification.allowed_types": ["passport", "id_card"], "verification.require_matching_selfie": True}}


def test_save_checks_numbers_and_document_types_first(kiosk):
    drv = kiosk({"staff": {"settings": SETTINGS}})
    unlock(drv)
    tab(drv, "kiosk")
    idle = drv.find_element(By.ID, "staff-set-idle-timeout")
    idle.clear()
    idle.send_keys("0")
    click(drv, "staff-save-kiosk")
    error = setting_node(drv, "kiosk.idle_timeout_secs").find_element(By.CSS_SELECTOR, ".field-error")
    assert error.is_displayed() and error.text == EN["staff_number_invalid"].replace("{min}", "1")
    assert idle.get_attribute("aria-invalid") == "true"
    assert drv.execute_script("return document.activeElement.id") == "staff-set-idle-timeout"
    tab(drv, "verification")
    for box in setting_node(drv, "verification.allowed_types").find_elements(By.TAG_NAME, "label"):
        box.click()
    click(drv, "staff-save-verification")
    error = setting_node(drv, "verification.allowed_types").find_element(By.CSS_SELECTOR, ".field-error")
    assert error.text == EN["staff_ver_doc_types_none"]
    assert calls(drv, "staff_update_settings") == []


@pytest.mark.parametrize("code", ["setting_locked", "setting_invalid", "setting_unknown", "settings_write_failed"])
def test_save_errors_show_their_catalog_text(kiosk, code):
    drv = kiosk({"staff": {"settings": SETTINGS, "errors": {"staff_update_settings": code}}})
    unlock(drv)
    tab(drv, "kiosk")
    drv.find_element(By.ID, "staff-set-business-name").send_keys(" Annex")
    click(drv, "staff-save-kiosk")
    out = drv.find_element(By.CSS_SELECTOR, "#staff-tabpanel-kiosk [data-save-message]")
    wait_for(drv, lambda: out.text == EN[f"staff_save_error_{code}"], f"no message for {code}")
    detail = drv.find_element(By.CSS_SELECTOR, "#staff-tabpanel-kiosk [data-save-detail]")
    if code == "setting_invalid":  # which setting and why, worded from the reason's code
        assert detail.is_displayed()
        assert detail.text == "kiosk.business_name: " + EN["staff_problem_too_long"].replace("{max}", "100")
    else:
        assert not detail.is_displayed()
        assert "fake backend" not in drv.find_element(By.TAG_NAME, "body").text


# ---- the Stripe key ----------------------------------------------------------------------

KEY_CODES = ["clipboard_empty", "key_format", "key_mode_mismatch", "publishable_key_format", "key_rejected",
             "key_permission", "keyring_unavailable", "stripe_unreachable", "busy"]


@pytest.mark.parametrize("code", KEY_CODES)
def test_key_errors_show_their_catalog_text(kiosk, code):
    drv = kiosk({"staff": {"errors": {"staff_set_key_from_clipboard": code}}})
    unlock(drv)
    drv.find_element(By.ID, "staff-publishable-key").send_keys("pk_live_51Abc")
    click(drv, "staff-use-clipboard")
    message(drv, "staff-conn-message", EN[f"staff_key_error_{code}"])
    assert drv.find_element(By.ID, "staff-conn-message").get_attribute("data-kind") == "error"
    assert screen(drv) == "staff-panel"
    assert "fake backend" not in drv.find_element(By.TAG_NAME, "body").text


def test_key_permission_message_names_the_permission():
    assert "Identity verification sessions and reports: write" in EN["staff_key_error_key_permission"]


def test_use_the_key_on_the_clipboard_sends_only_the_publishable_key(kiosk):
    drv = kiosk({"staff": {"key_mode": "live"}})
    unlock(drv)
    field = drv.find_element(By.ID, "staff-publishable-key")
    field.clear()
    field.send_keys("  pk_live_51Abc  ")
    click(drv, "staff-use-clipboard")
    message(drv, "staff-conn-message", EN["staff_conn_key_saved"])
    assert [c["args"] for c in calls(drv, "staff_set_key_from_clipboard")] == [{"publishable_key": "pk_live_51Abc"}]
    assert text(drv, "staff-conn-key") == "sk_live_…4242"  # the masked key Rust sent back
    wait_for(drv, lambda: text(drv, "staff-mode") == EN["staff_mode_live"], "mode not refreshed")
    assert visible(drv, "staff-remove-key")


@pytest.mark.parametrize("typed", ["sk_live_FAKE_abc", "rk_test_51restricted", " pk_live_1 sk_live_2"])
def test_a_secret_key_typed_in_the_publishable_field_is_wiped_and_never_sent(kiosk, typed):
    drv = kiosk()
    unlock(drv)
    field = drv.find_element(By.ID, "staff-publishable-key")
    field.send_keys(typed)
    click(drv, "staff-use-clipboard")
    message(drv, "staff-conn-message", EN["staff_conn_publishable_secret"])
    assert field.get_attribute("value") == ""
    assert calls(drv, "staff_set_key_from_clipboard") == []
    assert_no_secret_key_sent(drv)
    for fragment in ("51SECRETabc", "51restricted", "sk_live_2"):
        assert fragment not in drv.page_source


def test_an_empty_publishable_key_is_asked_for(kiosk):
    drv = kiosk()
    unlock(drv)
    click(drv, "staff-use-clipboard")
    message(drv, "staff-conn-message", EN["staff_conn_publishable_missing"])
    assert calls(drv, "staff_set_key_from_clipboard") == []


@pytest.mark.parametrize("check,expected", [
    ({"ok": True, "code": None}, "staff_conn_check_ok"),
    ({"ok": False, "code": "key_rejected"}, "staff_key_error_key_rejected"),
    ({"ok": False, "code": "stripe_unreachable"}, "staff_key_error_stripe_unreachable"),
    ({"ok": False, "code": "brand_new"}, "staff_error_generic"),
])
def test_check_connection(kiosk, check, expected):
    drv = kiosk({"staff": {"check": check}})
    unlock(drv)
    click(drv, "staff-check-connection")
    message(drv, "staff-conn-message", EN[expected])


def test_remove_key_asks_first(kiosk):
    drv = kiosk({"info": {"mode": "test"}})
    unlock(drv)
    assert text(drv, "staff-conn-key") == "sk_test_…1234"
    click(drv, "staff-remove-key")
    wait_for(drv, lambda: dialog_open(drv), "no dialog")
    assert text(drv, "staff-dialog-title") == EN["staff_confirm_remove_title"]
    assert text(drv, "staff-dialog-body") == EN["staff_confirm_remove_body"]
    assert drv.execute_script("return document.activeElement.id") == "staff-dialog-cancel"
    answer_dialog(drv, confirm=False)
    assert calls(drv, "staff_remove_key") == []
    click(drv, "staff-remove-key")
    wait_for(drv, lambda: dialog_open(drv), "no dialog")
    keys(drv, Keys.ESCAPE)
    wait_for(drv, lambda: not dialog_open(drv), "Escape did not close the dialog")
    assert calls(drv, "staff_remove_key") == []
    click(drv, "staff-remove-key")
    answer_dialog(drv, confirm=True)
    message(drv, "staff-conn-message", EN["staff_conn_removed"])
    assert len(calls(drv, "staff_remove_key")) == 1
    assert text(drv, "staff-conn-key") == EN["staff_conn_no_key"]
    wait_for(drv, lambda: text(drv, "staff-mode") == EN["staff_mode_sandbox"], "mode not refreshed")


# ---- recent sessions ---------------------------------------------------------------------

def test_journal_rows_render_with_the_right_actions(kiosk):
    drv = kiosk()
    unlock(drv)
    tab(drv, "recent")
    wait_for(drv, lambda: len(drv.find_elements(By.CSS_SELECTOR, "#staff-journal-rows tr")) == 4, "rows")
    assert calls(drv, "staff_journal")[0]["args"] == {"limit": 100}
    first = row(drv, "vs_1QfakeRequiresInput000001")
    cells = first.find_elements(By.TAG_NAME, "td")
    assert cells[1].text == "vs_1QfakeRequiresInput000001"
    assert cells[2].text == EN["staff_status_requires_input"]
    assert cells[3].text.replace("\n", "") == "document_expired"
    assert cells[4].text == "BK-1042"
    assert cells[0].find_element(By.TAG_NAME, "time").get_attribute("datetime") == "2026-01-01T10:00:00.000Z"

    def actions(session_id):
        return [b.get_attribute("data-action") for b in row(drv, session_id).find_elements(By.TAG_NAME, "button")]

    assert actions("vs_1QfakeRequiresInput000001") == ["cancel", "redact"]
    assert actions("vs_1QfakeProcessing00000002") == ["cancel", "redact"]
    assert actions("vs_1QfakeVerified0000000003") == ["redact"]
    assert actions("vs_1QfakeRedacted0000000004") == []
    assert EN["staff_recent_redacted"] in row(drv, "vs_1QfakeRedacted0000000004").text
    label = row(drv, "vs_1QfakeProcessing00000002").find_element(By.CSS_SELECTOR, "[data-action=cancel]")
    assert label.get_attribute("aria-label") == "Cancel session vs_1QfakeProcessing00000002"


def test_cancel_and_redact_ask_first_and_send_the_session_id(kiosk):
    drv = kiosk()
    unlock(drv)
    tab(drv, "recent")
    wait_for(drv, lambda: len(drv.find_elements(By.CSS_SELECTOR, "#staff-journal-rows tr")) == 4, "rows")
    row(drv, "vs_1QfakeProcessing00000002").find_element(By.CSS_SELECTOR, "[data-action=cancel]").click()
    wait_for(drv, lambda: dialog_open(drv), "no dialog")
    assert "vs_1QfakeProcessing00000002" in text(drv, "staff-dialog-body")
    answer_dialog(drv, confirm=False)
    assert calls(drv, "staff_cancel_session") == []
    row(drv, "vs_1QfakeProcessing00000002").find_element(By.CSS_SELECTOR, "[data-action=cancel]").click()
    answer_dialog(drv, confirm=True)
    message(drv, "staff-recent-message", EN["staff_recent_canceled_done"])
    assert [c["args"] for c in calls(drv, "staff_cancel_session")] == [{"session_id": "vs_1QfakeProcessing00000002"}]
    updated = row(drv, "vs_1QfakeProcessing00000002")
    assert EN["staff_status_canceled"] in updated.text
    assert [b.get_attribute("data-action") for b in updated.find_elements(By.TAG_NAME, "button")] == ["redact"]
    row(drv, "vs_1QfakeVerified0000000003").find_element(By.CSS_SELECTOR, "[data-action=redact]").click()
    wait_for(drv, lambda: dialog_open(drv), "no dialog")
    assert text(drv, "staff-dialog-title") == EN["staff_confirm_redact_title"]
    answer_dialog(drv, confirm=True)
    message(drv, "staff-recent-message", EN["staff_recent_redacted_done"])
    assert [c["args"] for c in calls(drv, "staff_redact_session")] == [{"session_id": "vs_1QfakeVerified0000000003"}]
    redacted = row(drv, "vs_1QfakeVerified0000000003")
    assert EN["staff_recent_redacted"] in redacted.text and redacted.find_elements(By.TAG_NAME, "button") == []


@pytest.mark.parametrize("code,key", [
    ("stripe_unreachable", "staff_session_error_stripe_unreachable"),
    ("stripe_rejected", "error_stripe_rejected"),  # worded by errors.js, as every code Rust sends
    ("a_future_code", "staff_error_generic"),  # a code from a newer backend: the generic message
])
def test_session_action_errors(kiosk, code, key):
    drv = kiosk({"staff": {"errors": {"staff_cancel_session": code}}})
    unlock(drv)
    tab(drv, "recent")
    wait_for(drv, lambda: drv.find_elements(By.CSS_SELECTOR, "#staff-journal-rows [data-action=cancel]"), "rows")
    drv.find_element(By.CSS_SELECTOR, "#staff-journal-rows [data-action=cancel]").click()
    answer_dialog(drv, confirm=True)
    message(drv, "staff-recent-message", EN[key])


def test_export_csv_shows_where_it_was_written(kiosk):
    drv = kiosk({"staff": {"export": {"path": "/home/kiosk/Documents/kiosk-sessions.csv", "rows": 12}}})
    unlock(drv)
    tab(drv, "recent")
    click(drv, "staff-export-csv")
    message(drv, "staff-recent-message", "Saved 12 rows to /home/kiosk/Documents/kiosk-sessions.csv")


def test_empty_journal(kiosk):
    drv = kiosk({"staff": {"journal": []}})
    unlock(drv)
    tab(drv, "recent")
    wait_for(drv, lambda: visible(drv, "staff-recent-empty"), "no empty note")
    assert not visible(drv, "staff-journal")


# ---- diagnostics -------------------------------------------------------------------------

def test_diagnostics_paths_and_badges(kiosk):
    drv = kiosk()
    unlock(drv)
    tab(drv, "diagnostics")
    wait_for(drv, lambda: len(drv.find_elements(By.CSS_SELECTOR, "#staff-diag-list li")) == 4, "no checks")
    items = drv.find_elements(By.CSS_SELECTOR, "#staff-diag-list li")
    assert [i.get_attribute("data-status") for i in items] == ["ok", "ok", "warn", "fail"]
    assert [i.find_element(By.CSS_SELECTOR, ".badge").text for i in items] == [
        EN["staff_diag_ok"], EN["staff_diag_ok"], EN["staff_diag_warn"], EN["staff_diag_fail"]]
    assert [i.find_element(By.CSS_SELECTOR, ".diag-name").text for i in items] == [
        EN["staff_diag_name_keyring"], EN["staff_diag_name_api_reachable"], EN["staff_diag_name_camera"],
        EN["staff_diag_name_settings"]]
    assert EN["staff_diag_keyring_ok"].replace("{store}", "Secret Service") in items[0].text
    assert EN["staff_diag_camera_none"] in items[2].text
    assert EN["staff_remedy_connect_camera"] in items[2].text
    assert EN["staff_diag_settings_policy_not_in_force_one"].replace("{count}", "1") in items[3].text
    assert EN["staff_remedy_correct_policy"].replace("{policy_file}", "/etc/identity-kiosk/policy.toml") in items[3].text
    assert "English" not in text(drv, "staff-diag-list"), "worded from the codes, not Rust's English"
    assert items[0].find_elements(By.CSS_SELECTOR, ".diag-remedy") == []
    assert text(drv, "staff-diag-version") == "0.1.0"
    assert text(drv, "staff-diag-log-dir").replace("\n", "") == "/home/kiosk/.local/share/identity-kiosk/logs"
    assert text(drv, "staff-diag-policy") == "/etc/identity-kiosk/policy.toml"
    click(drv, "staff-diag-run")
    wait_for(drv, lambda: len(calls(drv, "staff_diagnostics")) == 2, "checks not run again")


def test_change_pin(kiosk):
    drv = kiosk()
    unlock(drv)
    tab(drv, "diagnostics")
    click(drv, "staff-change-pin")
    wait_screen(drv, "staff-pin")
    assert text(drv, "staff-pin-title") == EN["staff_pin_new_title"]
    keys(drv, "97531", Keys.ENTER)
    assert text(drv, "staff-pin-title") == EN["staff_pin_confirm_title"]
    keys(drv, "97531", Keys.ENTER)
    wait_panel(drv)
    message(drv, "staff-panel-message", EN["staff_pin_changed"])
    assert [c["args"] for c in calls(drv, "staff_change_pin")] == [{"pin": "97531"}]
    # Cancel on the change screen goes back to the panel, still open.
    tab(drv, "diagnostics")
    click(drv, "staff-change-pin")
    wait_screen(drv, "staff-pin")
    click(drv, "staff-pin-cancel")
    wait_panel(drv)
    assert calls(drv, "staff_lock") == []


def test_leave_kiosk_mode_asks_first(kiosk):
    drv = kiosk()
    unlock(drv)
    tab(drv, "diagnostics")
    click(drv, "staff-quit")
    wait_for(drv, lambda: dialog_open(drv), "no dialog")
    assert text(drv, "staff-dialog-title") == EN["staff_confirm_quit_title"]
    answer_dialog(drv, confirm=False)
    assert calls(drv, "staff_quit") == []
    click(drv, "staff-quit")
    answer_dialog(drv, confirm=True)
    wait_for(drv, lambda: calls(drv, "staff_quit"), "staff_quit not called")


# ---- updates (Diagnostics) -----------------------------------------------------------------

AVAILABLE = {"state": "available", "version": "0.2.0", "notes": "Faster camera start.", "last_checked": 1767261600}


def fill(key, **values):
    text_ = EN[key]
    for name, value in values.items():
        text_ = text_.replace("{" + name + "}", value)
    return text_


def updates_tab(drv):
    tab(drv, "diagnostics")
    wait_for(drv, lambda: calls(drv, "staff_update_status") and text(drv, "staff-upd-status"), "no update status")


def disabled(drv, element_id):
    return not drv.find_element(By.ID, element_id).is_enabled()


@pytest.mark.parametrize("reason, key", [
    ("updates_off", "staff_upd_off"),
    ("updates_no_endpoint", "staff_upd_no_endpoint"),
    ("updates_endpoint_invalid", "staff_upd_endpoint_invalid"),
])
def test_updates_off_say_why_and_offer_nothing(kiosk, reason, key):
    drv = kiosk({"staff": {"updates": {"off_reason": reason}}})
    unlock(drv)
    updates_tab(drv)
    assert text(drv, "staff-upd-status") == EN["staff_upd_never"]
    message(drv, "staff-upd-reason", EN[key])
    assert disabled(drv, "staff-upd-check")
    assert not visible(drv, "staff-upd-install")
    assert text(drv, "staff-diag-version") == "0.1.0"


def test_check_finds_an_update_and_install_asks_first(kiosk):
    drv = kiosk({"staff": {}})
    unlock(drv)
    updates_tab(drv)
    assert text(drv, "staff-upd-status") == EN["staff_upd_never"]
    assert not visible(drv, "staff-upd-install") and not visible(drv, "staff-upd-reason")
    click(drv, "staff-upd-check")
    message(drv, "staff-upd-status", fill("staff_upd_available", version="0.2.0"))
    assert text(drv, "staff-upd-notes") == "Faster camera start."
    assert text(drv, "staff-upd-install") == fill("staff_upd_install", version="0.2.0")
    assert not disabled(drv, "staff-upd-install")
    # Asks first; going back installs nothing.
    click(drv, "staff-upd-install")
    wait_for(drv, lambda: dialog_open(drv), "no dialog")
    assert text(drv, "staff-dialog-title") == fill("staff_confirm_update_title", version="0.2.0")
    answer_dialog(drv, confirm=False)
    assert calls(drv, "staff_install_update") == []
    click(drv, "staff-upd-install")
    answer_dialog(drv, confirm=True)
    message(drv, "staff-upd-status", fill("staff_upd_installing", version="0.2.0"))
    assert len(calls(drv, "staff_install_update")) == 1
    assert not visible(drv, "staff-upd-install")
    assert disabled(drv, "staff-upd-check")


def test_install_is_disabled_while_a_customer_is_mid_flow(kiosk):
    drv = kiosk({"staff": {"updates": dict(AVAILABLE, customer_in_flow=True)}})
    unlock(drv)
    updates_tab(drv)
    assert text(drv, "staff-upd-status") == fill("staff_upd_available", version="0.2.0")
    assert visible(drv, "staff-upd-install") and disabled(drv, "staff-upd-install")
    message(drv, "staff-upd-reason", EN["staff_upd_busy"])
    assert not disabled(drv, "staff-upd-check")


def test_install_refused_as_busy_says_so_and_reloads_the_state(kiosk):
    drv = kiosk({"staff": {"updates": AVAILABLE, "errors": {"staff_install_update": "busy"}}})
    unlock(drv)
    updates_tab(drv)
    click(drv, "staff-upd-install")
    answer_dialog(drv, confirm=True)
    message(drv, "staff-diag-message", EN["staff_upd_busy"])
    wait_for(drv, lambda: len(calls(drv, "staff_update_status")) >= 2, "state not reloaded")
    message(drv, "staff-upd-status", fill("staff_upd_available", version="0.2.0"))


@pytest.mark.parametrize("code, key", [
    ("update_unreachable", "staff_upd_error_unreachable"),
    ("update_invalid", "staff_upd_error_invalid"),
    ("update_signature", "staff_upd_error_signature"),
    ("update_insecure", "staff_upd_error_insecure"),
    ("update_install_failed", "staff_upd_error_install"),
    ("brand_new_code", "staff_error_generic"),
])
def test_a_failed_check_or_install_shows_its_reason(kiosk, code, key):
    drv = kiosk({"staff": {"update_check": {"state": "failed", "code": code}}})
    unlock(drv)
    updates_tab(drv)
    click(drv, "staff-upd-check")
    message(drv, "staff-upd-status", EN[key])
    status = drv.find_element(By.ID, "staff-upd-status")
    assert status.get_attribute("data-kind") == "error"
    assert not visible(drv, "staff-upd-install")
    assert not disabled(drv, "staff-upd-check"), "staff may try again"


def test_up_to_date_says_when_it_was_checked(kiosk):
    drv = kiosk({"staff": {"updates": {"state": "idle", "last_checked": 1767261600}}})
    unlock(drv)
    updates_tab(drv)
    status = text(drv, "staff-upd-status")
    prefix = EN["staff_upd_up_to_date"].split("{time}")[0]
    assert status.startswith(prefix) and status != EN["staff_upd_up_to_date"], status


def test_release_notes_are_shown_as_text(kiosk):
    notes = '<img src=x onerror="window.__pwned=1">Line one\nLine two'
    drv = kiosk({"staff": {"updates": dict(AVAILABLE, notes=notes)}})
    unlock(drv)
    updates_tab(drv)
    assert drv.find_elements(By.CSS_SELECTOR, "#staff-upd-notes img") == []
    assert "<img" in text(drv, "staff-upd-notes")
    assert not drv.execute_script("return window.__pwned === 1")


# ---- locking and closing -----------------------------------------------------------------

def _save_business_name(drv):
    tab(drv, "kiosk")
    drv.find_element(By.ID, "staff-set-business-name").send_keys("!")
    click(drv, "staff-save-kiosk")


def _cancel_first_session(drv):
    tab(drv, "recent")
    wait_for(drv, lambda: drv.find_elements(By.CSS_SELECTOR, "#staff-journal-rows [data-action=cancel]"), "rows")
    drv.find_element(By.CSS_SELECTOR, "#staff-journal-rows [data-action=cancel]").click()
    answer_dialog(drv, confirm=True)


def _set_key(drv):
    drv.find_element(By.ID, "staff-publishable-key").send_keys("pk_test_51Abc")
    click(drv, "staff-use-clipboard")


ACTIONS = {
    "staff_overview": None,
    "staff_update_settings": _save_business_name,
    "staff_journal": lambda drv: click(drv, "staff-tab-recent"),
    "staff_diagnostics": lambda drv: click(drv, "staff-tab-diagnostics"),
    "staff_check_connection": lambda drv: click(drv, "staff-check-connection"),
    "staff_set_key_from_clipboard": _set_key,
    "staff_export_csv": lambda drv: (tab(drv, "recent"), click(drv, "staff-export-csv")),
    "staff_cancel_session": _cancel_first_session,
    "staff_update_status": lambda drv: click(drv, "staff-tab-diagnostics"),
    "staff_check_update": lambda drv: (tab(drv, "diagnostics"), click(drv, "staff-upd-check")),
}


@pytest.mark.parametrize("cmd", list(ACTIONS))
def test_staff_locked_from_any_command_returns_to_the_pin(kiosk, cmd):
    drv = kiosk({"staff": {"errors": {cmd: ["staff_locked", None]}}})
    open_pin(drv)
    keys(drv, PIN, Keys.ENTER)
    if cmd == "staff_overview":  # the panel asks for it as it opens, and goes straight back
        wait_for(drv, lambda: calls(drv, "staff_overview"), "no staff_overview")
    else:
        wait_panel(drv)
        ACTIONS[cmd](drv)
    wait_for(drv, lambda: calls(drv, cmd), f"{cmd} not called")
    wait_screen(drv, "staff-pin")
    message(drv, "staff-pin-message", EN["staff_pin_relock"])
    assert text(drv, "staff-pin-title") == EN["staff_pin_title"]
    assert not dialog_open(drv)
    keys(drv, PIN, Keys.ENTER)
    wait_panel(drv)
    assert len(calls(drv, "staff_unlock")) == 2


def test_inactivity_locks_and_closes_the_panel(kiosk):
    drv = kiosk({"staff": {"timeout_secs": 2}})
    unlock(drv)
    before = len(calls(drv, "kiosk_info"))
    for name in ("verification", "kiosk"):  # input keeps it open
        advance(drv, 1.2)
        tab(drv, name)
    assert screen(drv) == "staff-panel" and calls(drv, "staff_lock") == []
    advance(drv, 1.4)
    assert screen(drv) == "staff-panel", "2 s after the last input, not before"
    advance(drv, 0.8)
    wait_screen(drv, "welcome", timeout=5)
    assert len(calls(drv, "staff_lock")) == 1
    wait_for(drv, lambda: len(calls(drv, "kiosk_info")) == before + 1, "kiosk_info not fetched again")


def test_inactivity_on_the_pin_screen_returns_to_welcome(kiosk):
    drv = kiosk({"staff": {"timeout_secs": 1}})
    open_pin(drv)
    keys(drv, "24")
    wait_screen(drv, "welcome", timeout=4)
    assert calls(drv, "staff_lock") == []  # nothing was unlocked


def test_inactivity_closes_an_open_confirmation_too(kiosk):
    drv = kiosk({"staff": {"timeout_secs": 2}})
    unlock(drv)
    tab(drv, "diagnostics")
    click(drv, "staff-quit")
    wait_for(drv, lambda: dialog_open(drv), "no dialog")
    wait_screen(drv, "welcome", timeout=5)
    assert not dialog_open(drv) and calls(drv, "staff_quit") == []


def test_lock_button_locks_and_asks_for_the_pin(kiosk):
    drv = kiosk()
    unlock(drv)
    click(drv, "staff-lock")
    wait_screen(drv, "staff-pin")
    assert len(calls(drv, "staff_lock")) == 1
    assert text(drv, "staff-pin-title") == EN["staff_pin_title"]
    keys(drv, PIN, Keys.ENTER)
    wait_panel(drv)


def test_close_fetches_kiosk_info_again_and_applies_it(kiosk):
    drv = kiosk({"staff": {"settings": SETTINGS}})
    assert text(drv, "welcome-title") == "Welcome to Grand Hotel Central"
    assert not visible(drv, "reference-field")
    unlock(drv)
    tab(drv, "kiosk")
    name = drv.find_element(By.ID, "staff-set-business-name")
    name.clear()
    name.send_keys("Hotel Lumière")
    setting_node(drv, "kiosk.reference").find_element(By.XPATH, ".//input[@value='optional']/..").click()
    click(drv, "staff-save-kiosk")
    wait_for(drv, lambda: calls(drv, "staff_update_settings"), "not saved")
    click(drv, "staff-close")
    wait_screen(drv, "welcome")
    assert len(calls(drv, "staff_lock")) == 1
    assert cmds(drv).count("kiosk_info") == 2
    assert text(drv, "welcome-title") == "Welcome to Hotel Lumière"
    assert visible(drv, "reference-field") and visible(drv, "reference-optional")
    assert calls(drv, "finish_verification") == []  # no customer session to settle
    # The gesture still works afterwards.
    tap_corner(drv, 5)
    wait_screen(drv, "staff-pin")


def test_a_new_stripe_mode_reloads_the_page_on_close(kiosk):
    drv = kiosk({"staff": {"key_mode": "live"}})
    assert visible(drv, "sandbox-banner")
    unlock(drv)
    drv.find_element(By.ID, "staff-publishable-key").send_keys("pk_live_51Abc")
    click(drv, "staff-use-clipboard")
    message(drv, "staff-conn-message", EN["staff_conn_key_saved"])
    click(drv, "staff-close")
    # Stripe.js was loaded for the sandbox: a fresh page for the live key (kiosk_info at boot).
    wait_for(drv, lambda: cmds(drv).count("kiosk_info") == 3, "page not reloaded")
    wait_screen(drv, "welcome")
    assert not visible(drv, "sandbox-banner")
    assert drv.execute_script("return document.body.dataset.mode") == "live"


# ---- quality bars ------------------------------------------------------------------------

def _targets(drv):
    """Every visible control's touch target (a box or radio counts by its label) and font size."""
    return drv.execute_script("""
        return [...document.querySelectorAll('button, input, a[href]')].filter(e => {
            const target = e.matches('input[type=checkbox], input[type=radio]') ? e.closest('label') : e;
            return target.offsetParent || target.getClientRects().length;
          }).filter(e => {
            const s = getComputedStyle(e.matches('input[type=checkbox], input[type=radio]') ? e.closest('label') : e);
            return s.visibility !== 'hidden' && !e.closest('[hidden]');
          }).map(e => {
            const target = e.matches('input[type=checkbox], input[type=radio]') ? e.closest('label') : e;
            const r = target.getBoundingClientRect();
            return [e.id || e.value || e.textContent.trim(), r.height, r.width,
                    parseFloat(getComputedStyle(target).fontSize)];
          }).filter(([, h, w]) => h > 0 && w > 0)""")


def test_touch_targets_and_text_size_on_staff_screens(kiosk):
    drv = kiosk({"staff": {"settings": SETTINGS}})
    open_pin(drv)
    checked = _targets(drv)
    keys(drv, PIN, Keys.ENTER)
    wait_panel(drv)
    for name in ("connection", "verification", "kiosk", "recent", "diagnostics"):
        tab(drv, name)
        settle(drv)
        checked += _targets(drv)
    assert len(checked) > 40
    for label, height, width, font in checked:
        assert height >= 48 and width >= 48, (label, height, width)
        assert font >= 16, (label, font)


def test_page_does_not_overflow_and_each_tab_scrolls_inside(kiosk):
    drv = kiosk({"staff": {"settings": SETTINGS, "problems": ["one", "two"]}})
    unlock(drv)
    for name in ("connection", "verification", "kiosk", "recent", "diagnostics"):
        tab(drv, name)
        overflow = drv.execute_script(
            "const e = document.documentElement; return [e.scrollWidth > innerWidth, e.scrollHeight > innerHeight]")
        assert overflow == [False, False], name
        for button in ("staff-close", "staff-lock"):
            rect = drv.find_element(By.ID, button).rect
            assert rect["y"] >= 0 and rect["y"] + rect["height"] <= 800
