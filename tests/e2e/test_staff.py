"""The staff panel in the real app: the corner gesture, a first PIN, a key from the clipboard
(checked by the sandbox and stored in the real Secret Service), verification options saved to
the settings file, and the next customer's session carrying them.

The app starts with no key (sandbox mode) but with the standalone sandbox's API base and
Stripe.js URL, so the key staff set is one the test's sandbox knows.
"""

from __future__ import annotations

import os
import subprocess

from selenium.webdriver.common.by import By

from harness import SANDBOX_BANNER, Sandbox, pad, tap_corner, wait_for

PIN = "2468"


def set_checkbox(kiosk, css: str, checked: bool) -> None:
    box = kiosk.el(css)
    if box.is_selected() != checked:
        # The box is drawn by the stylesheet: click its label, as a finger would.
        box.find_element(By.XPATH, "./ancestor::label[1]").click()
    wait_for(lambda: kiosk.el(css).is_selected() == checked, 5, f"{css} to be {checked}")


def clipboard(text: str) -> None:
    subprocess.run(["xclip", "-selection", "clipboard"], input=text.encode(), check=True, timeout=10)


def clipboard_text() -> str:
    out = subprocess.run(["xclip", "-selection", "clipboard", "-o"], capture_output=True, timeout=10)
    return out.stdout.decode() if out.returncode == 0 else ""


def test_staff_set_a_key_and_options_and_the_next_session_carries_them(sandbox: Sandbox, launch, kiosk_id):
    kiosk = launch(api_base=sandbox.url, stripe_js_url=f"{sandbox.url}/v3/")
    assert SANDBOX_BANNER in kiosk.text("#sandbox-banner"), "no key yet: sandbox mode"

    # Four taps do nothing; five open the PIN screen, which asks for a first PIN twice.
    tap_corner(kiosk, 4)
    assert kiosk.screen() == "welcome"
    tap_corner(kiosk, 5)
    kiosk.wait_screen("staff-pin")
    pad(kiosk, PIN)
    pad(kiosk, PIN)
    kiosk.wait_screen("staff-panel")
    kiosk.screenshot("staff-panel-first-open")

    # The key goes through the clipboard; only the publishable key is typed into the page.
    clipboard(f"  {sandbox.key}\n")
    field = kiosk.el("#staff-publishable-key")
    field.clear()
    field.send_keys(sandbox.publishable_key)
    kiosk.click("#staff-use-clipboard")
    masked = f"sk_test_…{sandbox.key[-4:]}"
    wait_for(lambda: masked in kiosk.text("#staff-conn-key"), 30, f"the panel to show {masked}")
    kiosk.screenshot("staff-key-set")
    stored = subprocess.run(
        ["secret-tool", "lookup", "service", "identity-kiosk", "username", "stripe-secret-key"],
        capture_output=True, text=True, timeout=10,
    )
    assert stored.stdout == sandbox.key, "the trimmed key is in the Secret Service"
    assert sandbox.key not in clipboard_text(), "the clipboard no longer holds the key"

    # Verification options: passport only, with an ID number.
    kiosk.click("#staff-tab-verification")
    types = '[data-setting="verification.allowed_types"] input[value="{}"]'
    set_checkbox(kiosk, types.format("passport"), True)
    set_checkbox(kiosk, types.format("driving_license"), False)
    set_checkbox(kiosk, types.format("id_card"), False)
    set_checkbox(kiosk, '[data-setting="verification.require_id_number"] input', True)
    kiosk.click("#staff-save-verification")
    saved = kiosk.config_dir / "settings.toml"
    wait_for(lambda: saved.exists() and "require_id_number = true" in saved.read_text(), 10,
             "the settings file to hold the change")
    text = saved.read_text()
    assert 'allowed_types = ["passport"]' in text, text
    assert "sk_" not in text and "pk_" not in text, "no key in the settings file"

    # Closing the panel: the kiosk is now in test mode with the staff's key.
    kiosk.click("#staff-close")
    kiosk.wait_screen("welcome")
    wait_for(lambda: not kiosk.visible("#sandbox-banner") and kiosk.visible("#test-marker"), 20,
             "test mode after the key was set")

    # The next customer's session is created with the sandbox's key and carries the options.
    kiosk.tap_verify()
    kiosk.wait_modal()
    session = sandbox.only_session(kiosk_id)
    document = session["options"]["document"]
    assert document["allowed_types"] == ["passport"], document
    assert document["require_id_number"] is True, document
    kiosk.modal_click("outcome-verified")
    kiosk.wait_screen("verified")


def test_the_window_keeps_answering_while_pins_are_checked(launch):
    """PIN checks (Argon2, slow on purpose) run off the main thread: a command asked after
    three of them is answered before any, where a main thread busy hashing would answer it
    last."""
    kiosk = launch()
    kiosk.wait_screen("welcome")
    # The PIN as IT sets it (an earlier test may have stored a key in this keyring, and then the
    # screen may not choose one).
    env = {**os.environ, "IDENTITY_KIOSK_DATA_DIR": str(kiosk.data_dir)}
    subprocess.run([str(kiosk.binary), "pin", "set", "--stdin"], input=PIN.encode(), env=env,
                   check=True, capture_output=True, timeout=60)
    order = kiosk.driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "const invoke = window.__TAURI__.core.invoke;"
        "const order = [];"
        "const note = (name) => () => order.push(name);"
        "const pins = ['1111', '2222', '3333'].map((pin) =>"
        "  invoke('staff_unlock', { pin }).then(note('pin ' + pin), note('pin ' + pin)));"
        "const info = invoke('kiosk_info').then(note('kiosk_info'), note('kiosk_info failed'));"
        "Promise.all([...pins, info]).then(() => done(order));"
    )
    assert sorted(order) == ["kiosk_info", "pin 1111", "pin 2222", "pin 3333"], order
    assert order[0] == "kiosk_info", f"the window waited for the PIN checks: {order}"
