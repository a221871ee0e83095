"""14. The customer's language and accessibility in the real window: every customer screen and the
staff panel's tabs pass axe-core (WCAG 2.1 A and AA) in English, Arabic and German; the page's
lang and dir follow the language; Stripe's modal (the sandbox's stand-in) is opened in it; and the
webview tells web pages the customer's choice, so Stripe's hosted page speaks it too. The platform
accessibility tree (AT-SPI, which Orca reads) exposes the Verify button, the picker and the result
with their names and roles.
Screenshots of each screen go to target/e2e/screens/ (lang-<code>-<screen>.png).
"""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from harness import REPO_ROOT, pad, tap_corner, wait_for

AXE = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PIN = "2468"
STAFF_TABS = ["connection", "verification", "kiosk", "recent", "diagnostics"]


def axe_violations(kiosk, where: str) -> list:
    """axe-core's WCAG 2.1 A/AA violations on the page as it is now (id, impact, first nodes)."""
    assert AXE.exists(), f"{AXE} is missing: npm ci"
    if not kiosk.js("return typeof window.axe === 'object'"):
        kiosk.js(AXE.read_text(encoding="utf-8") + "\n;return true;")
    kiosk.driver.set_script_timeout(60)
    found = kiosk.driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, { runOnly: { type: 'tag', values: arguments[0] }, resultTypes: ['violations'] })"
        "  .then((r) => done(r.violations.map((v) => ({ id: v.id, impact: v.impact,"
        "    nodes: v.nodes.slice(0, 4).map((n) => n.target.join(' ')) }))),"
        "        (e) => done([{ id: 'axe-failed', impact: String(e), nodes: [] }]));",
        WCAG,
    )
    return [dict(v, where=where) for v in found]


def lang_dir(kiosk) -> list:
    return kiosk.js("return [document.documentElement.lang, document.documentElement.dir]")




@pytest.mark.timeout(300)
@pytest.mark.parametrize("lang,direction", [("en", "ltr"), ("ar", "rtl"), ("de", "ltr")])
def test_every_screen_passes_axe_in_the_customers_language(launch, lang, direction):
    kiosk = launch(default_language=lang, staff_language=lang)
    violations = []
    kiosk.wait_screen("welcome")
    assert lang_dir(kiosk) == [lang, direction]
    assert kiosk.visible("#language-picker"), "every language is offered by default"
    violations += axe_violations(kiosk, "welcome")
    kiosk.screenshot(f"lang-{lang}-welcome")

    # Stripe's window is opened in the customer's language.
    kiosk.tap_verify()
    kiosk.wait_modal()
    assert kiosk.js("return document.documentElement.lang") == lang
    kiosk.modal_click("outcome-unverified")
    kiosk.wait_screen("needs-attention", timeout=30)
    assert lang_dir(kiosk) == [lang, direction]
    violations += axe_violations(kiosk, "needs-attention")
    kiosk.screenshot(f"lang-{lang}-needs-attention")

    kiosk.click("#try-again")
    kiosk.wait_modal()
    kiosk.modal_click("outcome-verified")
    kiosk.wait_screen("verified", timeout=30)
    assert kiosk.visible("#more-time")
    violations += axe_violations(kiosk, "verified")
    kiosk.screenshot(f"lang-{lang}-verified")

    # The staff panel, in the staff language, tab by tab.
    kiosk.click("#done")
    kiosk.wait_screen("welcome", timeout=30)
    tap_corner(kiosk, 5)
    kiosk.wait_screen("staff-pin")
    violations += axe_violations(kiosk, "staff-pin")
    pad(kiosk, PIN)
    pad(kiosk, PIN)
    kiosk.wait_screen("staff-panel")
    assert lang_dir(kiosk) == [lang, direction]
    for tab in STAFF_TABS:
        kiosk.click(f"#staff-tab-{tab}")
        wait_for(lambda: kiosk.visible(f"#staff-tabpanel-{tab}"), 10, f"the {tab} tab")
        if tab == "diagnostics":
            wait_for(lambda: kiosk.js("return document.querySelectorAll('#staff-diag-list li').length") > 0,
                     60, "the diagnostics")
        violations += axe_violations(kiosk, f"staff-{tab}")
        kiosk.screenshot(f"lang-{lang}-staff-{tab}")
    assert violations == []


def test_the_webview_tells_stripes_hosted_page_the_customers_choice(launch):
    kiosk = launch(flow="hosted")
    kiosk.wait_screen("welcome")
    assert lang_dir(kiosk)[0] == "en"
    kiosk.click('#language-picker button[data-lang="ja"]')
    assert lang_dir(kiosk) == ["ja", "ltr"]
    kiosk.tap_verify()
    wait_for(lambda: "/start/" in kiosk.driver.current_url, 20, "the hosted verification page")
    wait_for(lambda: kiosk.visible("#outcome-verified"), 10, "the hosted page's buttons")
    # The sandbox's hosted page reads Accept-Language, as Stripe's does: WebKit sent "ja".
    assert kiosk.js("return document.documentElement.lang") == "ja"
    assert kiosk.js("return navigator.language").startswith("ja")
    kiosk.screenshot("lang-ja-hosted-page")
    kiosk.click("#outcome-verified")
    kiosk.wait_screen("verified", timeout=30)
    kiosk.click("#done")
    kiosk.wait_screen("welcome", timeout=30)
    # The next customer starts in the default, and so does what the webview tells pages.
    assert lang_dir(kiosk)[0] == "en"
    wait_for(lambda: kiosk.js("return navigator.language").startswith("en"), 10,
             "navigator.language back to English")


def atspi_nodes(kiosk) -> list:
    """What the platform accessibility tree (AT-SPI, what Orca reads) exposes of the kiosk now."""
    script = REPO_ROOT / "tests" / "e2e" / "atspi_tree.py"
    run = subprocess.run(["/usr/bin/python3", str(script), "identity-kiosk"], capture_output=True,
                         text=True, timeout=60, env=os.environ.copy())
    assert run.returncode == 0, run.stderr
    tree = json.loads(run.stdout)
    assert tree["nodes"], f"the kiosk is not in the accessibility tree; applications: {tree['apps']}"
    return tree["nodes"]


def exposed(nodes, role: str, name: str) -> bool:
    return any(n["role"] == role and n["name"].strip() == name for n in nodes)


def test_the_accessibility_tree_exposes_verify_the_picker_and_the_result(launch):
    kiosk = launch()
    kiosk.wait_screen("welcome")
    nodes = wait_for(lambda: (lambda n: n if exposed(n, "push button", "Verify your identity") else None)(
        atspi_nodes(kiosk)), 30, "the Verify button in the AT-SPI tree")
    # The picker is a named group of toggle buttons (aria-pressed), each language named in itself.
    assert exposed(nodes, "panel", "Choose your language")
    for name in ("Deutsch", "Français", "العربية", "日本語", "Larger text", "High contrast"):
        assert exposed(nodes, "toggle button", name), (name, [n["name"] for n in nodes if "button" in n["role"]])
    assert exposed(nodes, "heading", "Welcome"), [n for n in nodes if n["role"] == "heading"]
    kiosk.tap_verify()
    kiosk.wait_modal()
    kiosk.modal_click("outcome-verified")
    kiosk.wait_screen("verified", timeout=30)
    wait_for(lambda: exposed(atspi_nodes(kiosk), "heading", "You are verified"), 30,
             "the result's heading in the AT-SPI tree")
    nodes = atspi_nodes(kiosk)
    assert exposed(nodes, "push button", "I need more time")
    assert exposed(nodes, "push button", "Done")
