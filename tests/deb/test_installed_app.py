"""The app as installed from the .deb: scripts/deb-roundtrip runs this after `apt-get install`,
with IDENTITY_KIOSK_E2E_BIN=/usr/bin/identity-kiosk, under Xvfb and scripts/with-keyring (an
empty, unlocked keyring: no Stripe key, so sandbox mode). It reuses the end-to-end harness
(tauri-driver + WebKitWebDriver).

    scripts/deb-roundtrip          # builds, installs, runs this, uninstalls
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))

from harness import SANDBOX_BANNER, Kiosk, kiosk_binary  # noqa: E402

INSTALLED = Path("/usr/bin/identity-kiosk")


def test_the_installed_app_opens_on_welcome_in_sandbox_mode():
    binary = kiosk_binary()
    assert binary == INSTALLED, f"run against the installed binary, not {binary}"
    kiosk = Kiosk("deb-installed", {"IDENTITY_KIOSK_ID": "deb-roundtrip"}, binary=binary)
    try:
        kiosk.wait_booted(timeout=30)
        kiosk.wait_screen("welcome")
        assert kiosk.visible("#verify")
        assert kiosk.text("#verify") == "Verify your identity"
        assert kiosk.visible("#sandbox-banner"), "no key: the sandbox banner must show"
        assert kiosk.text("#sandbox-banner") == SANDBOX_BANNER
        shot = kiosk.screenshot("deb-installed-welcome")
        assert shot.stat().st_size > 10_000, "the screenshot looks empty"
        print(f"screenshot: {shot}")
    finally:
        kiosk.close()
