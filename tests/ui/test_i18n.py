"""The kiosk in the customer's language and for every customer's needs, in headless Chromium against
the fake backend: the picker, a choice that lasts one customer, the language passed on to Stripe.js
and to the webview, CLDR plurals and Intl numbers, right to left, the staff panel's own language,
more time on a countdown, larger text and high contrast.

    .venv/bin/pytest tests/ui/test_i18n.py -q
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import (  # noqa: E402  (server, driver: shared fixtures)
    driver, server,
    REPO_ROOT, advance, calls, click, settle, text, visible, wait_for, wait_screen,
)
from test_ui import kiosk  # noqa: E402,F401  (the same fixture: CSP, catalog and secret checks)

ALL = ["en", "es", "fr", "de", "it", "pt", "nl", "pl", "tr", "ar", "zh", "ja"]
VERIFIED = {"state": "verified", "verified_name": "Jenny R."}


def catalog(lang: str) -> dict:
    assert shutil.which("node"), "node is required"
    out = subprocess.run(
        ["node", "-e",
         "global.window={};require(process.argv[1]);console.log(JSON.stringify(window.KioskMessages[process.argv[2]]))",
         str(REPO_ROOT / "ui" / "i18n" / f"{lang}.js"), lang],
        check=True, capture_output=True, text=True).stdout
    return json.loads(out)


EN, DE, AR, PL, JA = (catalog(lang) for lang in ("en", "de", "ar", "pl", "ja"))


def many(languages=None, **info):
    return {"info": dict({"languages": languages or ALL}, **info)}


def lang_of(drv):
    return drv.execute_script("return [document.documentElement.lang, document.documentElement.dir]")


def picker_buttons(drv):
    return drv.find_elements(By.CSS_SELECTOR, "#language-picker button")


# ---- the picker ----------------------------------------------------------------------------

def test_one_language_shows_no_picker(kiosk):
    drv = kiosk({"info": {"languages": ["de"], "default_language": "de"}})
    assert not visible(drv, "language-picker")
    assert text(drv, "verify") == DE["verify_button"]
    assert lang_of(drv) == ["de", "ltr"]


def test_the_picker_names_each_language_in_itself_in_the_configured_order(kiosk):
    drv = kiosk(many(["fr", "de", "ar", "ja", "en"], default_language="en"))
    assert visible(drv, "language-picker")
    names = [(b.get_attribute("lang"), b.text) for b in picker_buttons(drv)]
    assert names == [("fr", "Français"), ("de", "Deutsch"), ("ar", "العربية"), ("ja", "日本語"),
                     ("en", "English")]
    # Big touch targets, no pictures (no flags): text buttons of at least 48 px.
    for b in picker_buttons(drv):
        assert b.size["height"] >= 48 and b.size["width"] >= 48
        assert b.find_elements(By.CSS_SELECTOR, "img, svg") == []
    assert [b.get_attribute("aria-pressed") for b in picker_buttons(drv)] == \
        ["false", "false", "false", "false", "true"]
    label = drv.find_element(By.ID, "language-picker").get_attribute("aria-labelledby")
    assert label == "language-picker-label"


def test_choosing_by_keyboard_switches_every_text_and_tells_the_backend(kiosk):
    drv = kiosk(many())
    assert text(drv, "verify") == EN["verify_button"]
    for _ in range(40):
        ActionChains(drv).send_keys(Keys.TAB).perform()
        if drv.execute_script("return document.activeElement.dataset.lang") == "de":
            break
    assert drv.execute_script("return document.activeElement.dataset.lang") == "de"
    ActionChains(drv).send_keys(Keys.ENTER).perform()
    assert text(drv, "verify") == DE["verify_button"]
    assert text(drv, "welcome-title") == DE["welcome_title_named"].replace("{name}", "Grand Hotel Central")
    assert lang_of(drv) == ["de", "ltr"]
    assert drv.title == DE["page_title"]
    assert calls(drv, "set_language")[-1]["args"] == {"language": "de"}
    pressed = [b.get_attribute("data-lang") for b in picker_buttons(drv) if b.get_attribute("aria-pressed") == "true"]
    assert pressed == ["de"]


def test_the_choice_reaches_stripe_js_as_its_locale(kiosk):
    drv = kiosk(dict(many(), status=[VERIFIED]))
    drv.find_element(By.CSS_SELECTOR, '#language-picker button[data-lang="ja"]').click()
    click(drv, "verify")
    wait_screen(drv, "verified")
    stripes = calls(drv, "Stripe")
    assert stripes and stripes[-1]["args"]["locale"] == "ja", stripes
    assert text(drv, "verified-title") == JA["verified_title"]


def test_the_choice_lasts_one_customer(kiosk):
    drv = kiosk(dict(many(default_language="fr"), status=[VERIFIED]))
    assert lang_of(drv) == ["fr", "ltr"]
    drv.find_element(By.CSS_SELECTOR, '#language-picker button[data-lang="pl"]').click()
    click(drv, "verify")
    wait_screen(drv, "verified")
    assert lang_of(drv)[0] == "pl"
    click(drv, "done")
    wait_for(drv, lambda: len(calls(drv, "kiosk_info")) == 2, "page did not reload")
    wait_screen(drv, "welcome")
    assert lang_of(drv) == ["fr", "ltr"], "the next customer starts in the kiosk's default"
    # The webview is told so too, even though the new page never changed language itself.
    assert calls(drv, "set_language")[-1]["args"] == {"language": "fr"}


def test_welcome_left_idle_goes_back_to_the_default(kiosk):
    drv = kiosk(many(idle_timeout_secs=5))
    drv.find_element(By.CSS_SELECTOR, '#language-picker button[data-lang="tr"]').click()
    assert lang_of(drv)[0] == "tr"
    advance(drv, 6)
    settle(drv)
    assert lang_of(drv)[0] == "en"


def test_an_unknown_default_falls_back_to_the_first_language(kiosk):
    drv = kiosk({"info": {"languages": ["de", "fr"], "default_language": "xx"}})
    assert lang_of(drv)[0] == "de"


# ---- formats: plurals, numbers, right to left -----------------------------------------------

def test_plurals_follow_cldr_categories(kiosk):
    drv = kiosk(many())
    def plural(lang, key, n):
        return drv.execute_script(
            "Kiosk.i18n.setLanguage(arguments[0]); return Kiosk.i18n.plural(arguments[1], arguments[2]);",
            lang, key, n)
    number = lambda lang, n: drv.execute_script("return new Intl.NumberFormat(arguments[0]).format(arguments[1])", lang, n)
    # Polish: one (1), few (2-4, 22-24), many (5-21, 25…).
    assert plural("pl", "needs_attempts", 1) == PL["needs_attempts_one"].replace("{count}", "1")
    assert plural("pl", "needs_attempts", 3) == PL["needs_attempts_few"].replace("{count}", "3")
    assert plural("pl", "needs_attempts", 22) == PL["needs_attempts_few"].replace("{count}", "22")
    assert plural("pl", "needs_attempts", 5) == PL["needs_attempts_many"].replace("{count}", "5")
    assert PL["needs_attempts_few"] != PL["needs_attempts_many"]
    # Arabic: all six, numbers in Arabic's own digits as Intl writes them.
    for n, category in [(0, "zero"), (1, "one"), (2, "two"), (5, "few"), (11, "many"), (100, "other")]:
        assert plural("ar", "countdown", n) == AR[f"countdown_{category}"].replace("{count}", number("ar", n)), n
    # Japanese: one form.
    assert plural("ja", "needs_attempts", 1) == JA["needs_attempts_other"].replace("{count}", "1")
    # English.
    assert plural("en", "needs_attempts", 1) == "You can try 1 more time."


def test_arabic_is_right_to_left_and_mirrors_the_layout(kiosk):
    drv = kiosk(dict(many(default_language="ar"), status=[{"state": "requires_input", "reason": "document_expired",
                                                             "attempts_left": 2}]))
    assert lang_of(drv) == ["ar", "rtl"]
    assert text(drv, "verify") == AR["verify_button"]
    # Logical properties: text starts on the right.
    assert drv.execute_script("return getComputedStyle(document.querySelector('.footer')).textAlign") == "end"
    footer = drv.execute_script("const r = document.getElementById('version').getBoundingClientRect(); return r.left")
    assert footer < 400, "the footer's version sits at the inline end: the left in Arabic"
    # Latin names stay readable in their own direction.
    english = drv.find_element(By.CSS_SELECTOR, '#language-picker button[data-lang="en"]')
    assert (english.get_attribute("dir"), english.text) == ("ltr", "English")
    click(drv, "verify")
    wait_screen(drv, "needs-attention")
    assert text(drv, "needs-title") == AR["needs_title"]


# ---- the staff panel's own language ----------------------------------------------------------

def test_staff_read_their_own_language_and_customers_get_theirs_back(kiosk):
    drv = kiosk(dict(many(default_language="fr", staff_language="de"), staff={"open": True}))
    assert lang_of(drv)[0] == "fr"
    drv.execute_script("Kiosk.staff.open()")
    wait_screen(drv, "staff-panel")
    assert lang_of(drv)[0] == "de"
    assert text(drv, "staff-tab-connection") == DE["staff_tab_connection"]
    assert calls(drv, "set_language")[-1]["args"] == {"language": "de"}
    # The language settings: every language named in itself; default and staff language as set.
    click(drv, "staff-tab-kiosk")
    names = [e.text for e in drv.find_elements(By.CSS_SELECTOR, "#staff-set-languages label span")]
    assert names[:4] == ["English", "Español", "Français", "Deutsch"] and "العربية" in names and len(names) == 12
    checked = drv.execute_script(
        "return ['staff-set-default-language', 'staff-set-staff-language'].map((id) =>"
        " (document.querySelector('#' + id + ' input:checked') || {}).value)")
    assert checked == ["fr", "de"]
    click(drv, "staff-close")
    wait_screen(drv, "welcome")
    assert lang_of(drv)[0] == "fr"


# ---- timing, text size, contrast ----------------------------------------------------------------

def test_a_countdown_warns_before_it_ends_and_one_tap_gives_more_time(kiosk):
    drv = kiosk({"info": {"idle_timeout_secs": 30}, "status": [VERIFIED]})
    click(drv, "verify")
    wait_screen(drv, "verified")
    assert visible(drv, "more-time")
    assert text(drv, "countdown-alert") == ""
    assert drv.find_element(By.ID, "countdown-alert").get_attribute("aria-live") == "assertive"
    advance(drv, 10.2)
    settle(drv)
    warning = drv.execute_script("return document.getElementById('countdown-alert').textContent")
    assert warning == EN["countdown_warning_other"].replace("{count}", "20")
    click(drv, "more-time")
    assert drv.find_element(By.ID, "countdown").get_attribute("data-remaining") == "60"
    assert drv.execute_script("return document.getElementById('countdown-alert').textContent") == EN["more_time_given"]
    advance(drv, 45)
    settle(drv)
    assert calls(drv, "finish_verification") == [], "the extended time holds"
    advance(drv, 16)
    wait_for(drv, lambda: calls(drv, "finish_verification"), "finish_verification not called", timeout=3)


def test_a_short_countdown_warns_at_once(kiosk):
    drv = kiosk({"info": {"idle_timeout_secs": 8}, "status": [VERIFIED]})
    click(drv, "verify")
    wait_screen(drv, "verified")
    settle(drv)
    assert drv.execute_script("return document.getElementById('countdown-alert').textContent") == \
        EN["countdown_warning_other"].replace("{count}", "8")


def test_larger_text_doubles_the_text_without_sideways_scrolling(kiosk):
    drv = kiosk(dict(many(), status=[{"state": "requires_input", "reason": "document_unverified_other",
                                       "attempts_left": 2}]))
    base = drv.execute_script("return parseFloat(getComputedStyle(document.getElementById('verify')).fontSize)")
    click(drv, "larger-text")
    assert drv.find_element(By.ID, "larger-text").get_attribute("aria-pressed") == "true"
    big = drv.execute_script("return parseFloat(getComputedStyle(document.getElementById('verify')).fontSize)")
    assert big == pytest.approx(2 * base, rel=0.02)
    def no_sideways():
        return drv.execute_script(
            "return document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert no_sideways()
    click(drv, "verify")
    wait_screen(drv, "needs-attention")
    assert no_sideways(), "a result screen at 200 %"
    for element_id in ("needs-title", "try-again", "ask-staff"):
        rect = drv.execute_script("return document.getElementById(arguments[0]).getBoundingClientRect().toJSON()", element_id)
        assert rect["left"] >= 0 and rect["right"] <= drv.execute_script("return innerWidth"), element_id


def test_high_contrast_and_reset_for_the_next_customer(kiosk):
    drv = kiosk(many(idle_timeout_secs=5))
    ink = lambda: drv.execute_script("return getComputedStyle(document.querySelector('.lead')).color")
    before = ink()
    click(drv, "high-contrast")
    assert drv.execute_script("return document.documentElement.classList.contains('contrast-high')")
    assert ink() == "rgb(0, 0, 0)" and before != ink()
    click(drv, "larger-text")
    advance(drv, 6)
    settle(drv)
    assert drv.execute_script("return document.documentElement.className") == ""
    assert [drv.find_element(By.ID, i).get_attribute("aria-pressed") for i in ("larger-text", "high-contrast")] == \
        ["false", "false"]


def test_diagnostics_and_problems_are_worded_in_the_staff_language(kiosk):
    problem = {"kind": "setting", "file": "/etc/identity-kiosk/policy.toml", "line": 3, "key": "kiosk.max_attempts",
               "reason": {"code": "not_in_range", "params": {"value": '"three"', "min": "1", "max": "10"}},
               "outcome": {"fallback": "default"}, "text": "English"}
    drv = kiosk(dict(many(staff_language="de"), staff={"open": True, "problems": [problem]}))
    drv.execute_script("Kiosk.staff.open()")
    wait_screen(drv, "staff-panel")
    line = drv.find_element(By.CSS_SELECTOR, "#staff-problems-list li").text
    assert line == (DE["staff_problem_at_line"].replace("{file}", "/etc/identity-kiosk/policy.toml").replace("{line}", "3")
                    + ": kiosk.max_attempts: "
                    + DE["staff_problem_not_in_range"].replace("{value}", '"three"').replace("{min}", "1")
                    .replace("{max}", "10")
                    + " (" + DE["staff_problem_outcome_fallback_default"] + ")")
    click(drv, "staff-tab-diagnostics")
    wait_for(drv, lambda: len(drv.find_elements(By.CSS_SELECTOR, "#staff-diag-list li")) == 4, "no checks")
    listed = text(drv, "staff-diag-list")
    for expected in (DE["staff_diag_name_camera"], DE["staff_diag_camera_none"], DE["staff_remedy_connect_camera"],
                     DE["staff_diag_keyring_ok"].replace("{store}", "Secret Service")):
        assert expected in listed, expected
    assert "English" not in listed
