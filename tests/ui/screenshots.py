"""Walks every kiosk screen through the fake backend (harness.html) in headless Chromium at 1920×1080
and 1280×800, saving PNGs to target/ui-screens/ for a human to look at.

    .venv/bin/python tests/ui/screenshots.py [name prefix ...]   (e.g. "3" for the staff screens only)
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import REPO_ROOT, RepoServer, chromium, csp_violations, open_scenario, set_viewport, wait_screen  # noqa: E402

OUT = REPO_ROOT / "target" / "ui-screens"
SIZES = [(1920, 1080), (1280, 800)]
VERIFIED = {"state": "verified", "verified_name": "Jenny R."}


def click(drv, element_id):
    drv.find_element("id", element_id).click()


def tab_to(drv, element_id, max_tabs=12):
    """Moves keyboard focus with Tab until element_id has it (so the focus ring shows)."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys
    for _ in range(max_tabs):
        ActionChains(drv).send_keys(Keys.TAB).perform()
        if drv.execute_script("return document.activeElement && document.activeElement.id") == element_id:
            return


def staff_chord(drv):
    """Ctrl+Alt+Shift+S: opens the staff PIN screen."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys
    (ActionChains(drv).key_down(Keys.CONTROL).key_down(Keys.ALT).key_down(Keys.SHIFT).send_keys("s")
     .key_up(Keys.SHIFT).key_up(Keys.ALT).key_up(Keys.CONTROL).perform())


def staff_digits(drv, digits):
    for d in digits:
        drv.find_element("css selector", f'#staff-pin-pad [data-digit="{d}"]').click()


def staff_open(drv, pin="2468"):
    staff_chord(drv)
    wait_screen(drv, "staff-pin")
    staff_digits(drv, pin)
    click(drv, "staff-pin-ok")
    wait_screen(drv, "staff-panel")


def staff_tab(name):
    return lambda d: (staff_open(d), click(d, f"staff-tab-{name}"))


STAFF_LOCKED = {"settings": [
    {"key": "verification.allowed_types", "value": ["passport", "id_card"], "source": "policy", "locked": True},
    {"key": "verification.require_id_number", "value": False, "source": "default", "locked": False},
    {"key": "verification.require_live_capture", "value": True, "source": "policy", "locked": True},
    {"key": "verification.require_matching_selfie", "value": True, "source": "user", "locked": False},
    {"key": "kiosk.business_name", "value": "Grand Hotel Central", "source": "user", "locked": False},
    {"key": "kiosk.id", "value": "kiosk-front-1", "source": "environment", "locked": True},
    {"key": "kiosk.reference", "value": "optional", "source": "user", "locked": False},
    {"key": "kiosk.reference_label", "value": "Room number", "source": "user", "locked": False},
    {"key": "kiosk.flow", "value": "auto", "source": "policy", "locked": True},
    {"key": "kiosk.max_attempts", "value": 3, "source": "default", "locked": False},
    {"key": "kiosk.idle_timeout_secs", "value": 30, "source": "default", "locked": False},
    {"key": "kiosk.modal_timeout_secs", "value": 900, "source": "default", "locked": False},
    {"key": "kiosk.show_verified_name", "value": False, "source": "default", "locked": False},
    {"key": "kiosk.sandbox", "value": False, "source": "policy", "locked": True},
    {"key": "kiosk.staff_timeout_secs", "value": 120, "source": "default", "locked": False},
    {"key": "kiosk.autostart", "value": True, "source": "policy", "locked": True},
    {"key": "kiosk.languages", "value": ["en"], "source": "default", "locked": False},
], "problems": ["settings.toml line 12: idle_timeout_secs must be a number; using 30"]}


# (name, scenario, hash, steps, screen to wait for)
WALK = [
    ("01-welcome", {}, "", [], "welcome"),
    ("02-welcome-reference-optional", {"info": {"reference": {"mode": "optional", "label": "Booking number"}}}, "", [], "welcome"),
    ("03-welcome-reference-required-error", {"info": {"reference": {"mode": "required", "label": "Room or booking number"}}}, "",
     [lambda d: click(d, "verify")], "welcome"),
    ("04-welcome-test-mode-focus", {"info": {"mode": "test", "business_name": "Banque du Léman — Agence Centre-Ville"}}, "",
     [lambda d: tab_to(d, "verify")], "welcome"),
    ("04b-welcome-languages", {"catalogs": {"fr": {"language_name": "Français"}, "de": {"language_name": "Deutsch"}},
                               "info": {"languages": ["en", "fr", "de"], "reference": {"mode": "optional"}}}, "", [], "welcome"),
    ("05-welcome-live-no-name", {"info": {"mode": "live", "business_name": ""}}, "", [], "welcome"),
    ("06-starting", {"start": ["hold"]}, "", [lambda d: click(d, "verify")], "starting"),
    ("07-verifying", {"verify": ["hold"]}, "", [lambda d: click(d, "verify")], "verifying"),
    ("08-submitted", {"status": [{"state": "processing"}]}, "", [lambda d: click(d, "verify")], "submitted"),
    ("09-verified", {"status": [VERIFIED]}, "", [lambda d: click(d, "verify")], "verified"),
    ("10-verified-with-name", {"info": {"show_verified_name": True}, "status": [VERIFIED]}, "", [lambda d: click(d, "verify")], "verified"),
    ("11-needs-attention-api-code", {"status": [{"state": "requires_input", "reason": "document_unverified_other", "attempts_left": 2}]}, "",
     [lambda d: click(d, "verify")], "needs-attention"),
    ("12-needs-attention-one-left", {"status": [{"state": "requires_input", "reason": "selfie_face_mismatch", "attempts_left": 1}]}, "",
     [lambda d: click(d, "verify")], "needs-attention"),
    ("13-needs-attention-stripejs-code", {"verify": [{"error": {"code": "consent_declined"}}], "status": [{"state": "requires_input", "reason": None, "attempts_left": 2}]}, "",
     [lambda d: click(d, "verify")], "needs-attention"),
    ("14-needs-attention-exhausted", {"status": [{"state": "requires_input", "reason": "document_expired", "attempts_left": 0}]}, "",
     [lambda d: click(d, "verify")], "needs-attention"),
    ("15-needs-attention-unknown-code", {"status": [{"state": "requires_input", "reason": "brand_new_code", "attempts_left": 2}]}, "",
     [lambda d: click(d, "verify")], "needs-attention"),
    ("16-canceled", {"status": [{"state": "canceled"}]}, "", [lambda d: click(d, "verify")], "canceled"),
    ("17-check-later", {"status": [{"state": "check_later"}]}, "", [lambda d: click(d, "verify")], "check-later"),
    ("18-staff", {"start": [{"error": "stripe_rejected"}]}, "", [lambda d: click(d, "verify")], "staff"),
    ("19-unavailable", {"start": [{"error": "unavailable"}], "connection": [{"ok": False}]}, "", [lambda d: click(d, "verify")], "unavailable"),
    ("20-unavailable-at-boot", {"info_errors": 99}, "", [], "unavailable"),
    ("21-returned-from-hosted", {"status": [{"state": "processing"}]}, "returned", [], "submitted"),
    ("30-staff-pin", {}, "", [staff_chord, lambda d: staff_digits(d, "24")], "staff-pin"),
    ("31-staff-pin-first", {"staff": {"pin_set": False}}, "", [staff_chord], "staff-pin"),
    ("32-staff-pin-locked-out", {"staff": {"retry_after_secs": 95}}, "", [staff_chord], "staff-pin"),
    ("32b-staff-pin-ask-it", {"staff": {"pin_set": False, "ask_it": True}}, "", [staff_chord], "staff-pin"),
    ("33-staff-connection", {"info": {"mode": "live"}}, "", [staff_open], "staff-panel"),
    ("34-staff-verification", {"staff": STAFF_LOCKED}, "", [staff_tab("verification")], "staff-panel"),
    ("35-staff-kiosk", {"staff": STAFF_LOCKED}, "", [staff_tab("kiosk")], "staff-panel"),
    ("36-staff-recent", {}, "", [staff_tab("recent")], "staff-panel"),
    ("37-staff-diagnostics", {}, "", [staff_tab("diagnostics")], "staff-panel"),
    ("38-staff-confirm", {}, "", [staff_tab("recent"), lambda d: d.find_element("css selector", "#staff-journal-rows [data-action=cancel]").click()], "staff-panel"),
    ("39-staff-connection-error", {"staff": {"errors": {"staff_set_key_from_clipboard": "key_permission"}}}, "",
     [staff_open, lambda d: d.find_element("id", "staff-publishable-key").send_keys("pk_live_51Hfake"),
      lambda d: click(d, "staff-use-clipboard")], "staff-panel"),
    ("40-staff-update-available", {"staff": {"updates": {"state": "available", "version": "0.2.0", "last_checked": 1767261600,
                                                          "notes": "Faster camera start.\nClearer messages for expired documents."}}},
     "", [staff_tab("diagnostics")], "staff-panel"),
    ("41-staff-update-customer-mid-flow", {"staff": {"updates": {"state": "available", "version": "0.2.0", "customer_in_flow": True}}},
     "", [staff_tab("diagnostics")], "staff-panel"),
]


def main() -> int:
    only = sys.argv[1:]  # optional name prefixes, e.g. "3" for the staff screens
    OUT.mkdir(parents=True, exist_ok=True)
    server = RepoServer()
    problems = []
    try:
        for width, height in SIZES:
            drv = chromium(width, height)
            try:
                for name, scenario, hash_, steps, target in WALK:
                    if only and not any(name.startswith(prefix) for prefix in only):
                        continue
                    set_viewport(drv, width, height)
                    open_scenario(drv, server, scenario, hash_)
                    for step in steps:
                        step(drv)
                    wait_screen(drv, target)
                    drv.execute_script("return new Promise(r => setTimeout(r, 250))")  # let fonts/layout settle
                    overflow = drv.execute_script(
                        "const e = document.documentElement; return [e.scrollWidth > innerWidth, e.scrollHeight > innerHeight]")
                    if any(overflow):
                        problems.append(f"{name} {width}x{height}: page overflows (x, y) = {overflow}")
                    if csp_violations(drv):
                        problems.append(f"{name}: CSP violations {csp_violations(drv)}")
                    path = OUT / f"{name}-{width}x{height}.png"
                    drv.save_screenshot(str(path))
                    print(path.relative_to(REPO_ROOT))
            finally:
                drv.quit()
    finally:
        server.stop()
    for p in problems:
        print("PROBLEM:", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
