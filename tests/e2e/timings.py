#!/usr/bin/env python3
"""Latency figures of the kiosk window (not a test). Run it after building, in the same harness:

    xvfb-run -a -s "-screen 0 1920x1080x24" dbus-run-session -- .venv/bin/python tests/e2e/timings.py [RUNS]

It starts a standalone sandbox and one app pointed at it (test mode), then runs RUNS (default 7,
at least 5) success flows, pressing Done between them, and prints the median and max of:

- tap → modal: Date.now() in the page just before the click on Verify, to the modal iframe's
  `load` event (the iframe was added by the Stripe.js stand-in and has rendered its document);
  also to the modal's "ready" message and to its outcome buttons being enabled (polled, so
  that figure is ±100 ms);
- terminal → result: Date.now() inside the modal iframe just before the click on "Verification
  success" (the session turns `verified` on that request), to the data-screen change to
  `verified` (a MutationObserver in the page stores Date.now()). Both clocks are the same
  webview process's wall clock.
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from selenium.webdriver.common.by import By  # noqa: E402

from harness import SCREEN_OBSERVER_JS, Kiosk, Sandbox, first_screen_time, wait_for  # noqa: E402

# Records when the modal iframe loads and when the modal says it is ready.
MODAL_OBSERVER_JS = """
window.__e2eModal = {};
if (!window.__e2eModalHooked) {
  window.__e2eModalHooked = true;
  window.addEventListener('message', (ev) => {
    const d = ev.data;
    if (d && d.source === 'identity-sandbox' && d.kind === 'ready' && !window.__e2eModal.ready) window.__e2eModal.ready = Date.now();
  });
  new MutationObserver(() => {
    const f = document.getElementById('identity-sandbox-frame');
    if (f && !f.__e2e) {
      f.__e2e = true;
      window.__e2eModal.added = Date.now();
      f.addEventListener('load', () => { window.__e2eModal.loaded = Date.now(); });
    }
  }).observe(document.documentElement, {childList: true, subtree: true});
}
return true;
"""


def one_run(kiosk: Kiosk, sandbox: Sandbox) -> dict:
    kiosk.wait_screen("welcome", timeout=30)
    kiosk.js(SCREEN_OBSERVER_JS)
    kiosk.js(MODAL_OBSERVER_JS)
    t_tap = kiosk.tap_verify()
    wait_for(lambda: kiosk.visible("#identity-sandbox-frame"), 20, "the modal iframe")
    kiosk.driver.switch_to.frame(kiosk.el("#identity-sandbox-frame"))
    wait_for(lambda: kiosk.driver.find_element(By.ID, "outcome-verified").is_enabled(), 20, "enabled outcomes")
    t_enabled_seen = kiosk.js("return Date.now()")
    kiosk.driver.switch_to.default_content()
    modal = wait_for(lambda: (m := kiosk.js("return window.__e2eModal")) and m.get("loaded") and m, 10, "iframe load")
    kiosk.driver.switch_to.frame(kiosk.el("#identity-sandbox-frame"))
    t_click = kiosk.modal_click("outcome-verified")
    kiosk.wait_screen("verified", timeout=30)
    t_result = first_screen_time(kiosk, ["verified"], after=t_click)
    return {
        "tap_to_iframe_added": modal["added"] - t_tap,
        "tap_to_iframe_loaded": modal["loaded"] - t_tap,
        "tap_to_modal_ready": modal.get("ready", modal["loaded"]) - t_tap,
        "tap_to_buttons_enabled": t_enabled_seen - t_tap,
        "terminal_to_result": t_result - t_click,
    }


def main() -> int:
    runs = max(5, int(sys.argv[1]) if len(sys.argv) > 1 else 7)
    sandbox = Sandbox(name="timings")
    kiosk = None
    try:
        env = dict(sandbox.app_env(), IDENTITY_KIOSK_ID="e2e-timings")
        kiosk = Kiosk("timings", env)
        kiosk.wait_booted()
        results = []
        for i in range(runs):
            r = one_run(kiosk, sandbox)
            results.append(r)
            print(f"run {i + 1}: " + ", ".join(f"{k}={v} ms" for k, v in r.items()), flush=True)
            kiosk.click("#done")  # finish_verification, wipe, reload
            wait_for(lambda: kiosk.screen() == "welcome", 30, "Welcome after Done")
        verified = [s for s in sandbox.sessions() if s["status"] == "verified"]
        assert len(verified) == runs, f"{len(verified)} verified sessions for {runs} runs"
        print(f"\n{runs} runs (ms)            median    max")
        for key in results[0]:
            values = [r[key] for r in results]
            print(f"{key:<24} {statistics.median(values):>7.0f} {max(values):>6.0f}")
        return 0
    finally:
        if kiosk:
            kiosk.close()
        sandbox.close()


if __name__ == "__main__":
    sys.exit(main())
