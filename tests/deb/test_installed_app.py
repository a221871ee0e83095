"""The app as installed from the .deb: scripts/deb-roundtrip runs this after `apt-get install`,
with IDENTITY_KIOSK_E2E_BIN=/usr/bin/identity-kiosk, under Xvfb and scripts/with-keyring (an
empty, unlocked keyring: no Stripe key, so sandbox mode). It reuses the end-to-end harness
(tauri-driver + WebKitWebDriver).

    scripts/deb-roundtrip          # builds, installs, runs this, uninstalls
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))

from harness import SANDBOX_BANNER, Kiosk, kiosk_binary, wait_for  # noqa: E402

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


def developer_switches() -> list:
    """Every developer switch, as kiosk-core's src/switches.rs lists them (`ALL`)."""
    source = (Path(__file__).resolve().parents[2] / "src-tauri/kiosk-core/src/switches.rs").read_text()
    listing = re.search(r"pub const ALL: &\[&str\] = &\[(.*?)\];", source, re.S)
    assert listing, "switches.rs no longer has `pub const ALL`"
    names = re.findall(r'"([A-Z_]+)"', listing.group(1))
    assert len(names) >= 13, names
    return names


def test_the_shipped_build_ignores_every_developer_switch(tmp_path):
    """The .deb's binary is the shipped build: a key, an API, Stripe.js, folders or a policy
    named in its environment (or --api-base on its command line) change nothing, and its log
    says each was ignored."""
    binary = kiosk_binary()
    assert binary == INSTALLED, f"run against the installed binary, not {binary}"
    elsewhere = tmp_path / "elsewhere"
    config = elsewhere / "config"
    config.mkdir(parents=True)
    (config / "settings.toml").write_text('[kiosk]\nbusiness_name = "Settings From The Environment"\n')
    policy = elsewhere / "policy.toml"
    policy.write_text('[kiosk]\nbusiness_name = "Policy From The Environment"\n')
    values = {
        "STRIPE_SECRET_KEY": "sk_test_fromtheenvironment0123456789",
        "STRIPE_PUBLISHABLE_KEY": "pk_test_fromtheenvironment0123456789",
        "IDENTITY_KIOSK_API_BASE": "http://127.0.0.1:9",
        "IDENTITY_KIOSK_STRIPE_JS_URL": "https://js.example.invalid/v3/",
        "IDENTITY_KIOSK_POLICY": str(policy),
        "IDENTITY_KIOSK_CONFIG_DIR": str(config),
        "IDENTITY_KIOSK_DATA_DIR": str(elsewhere / "data"),
        "IDENTITY_KIOSK_LOG_DIR": str(elsewhere / "logs"),
        "IDENTITY_KIOSK_CHECK_SECS": "1",
        "IDENTITY_KIOSK_TEST_CAMERA": "refused",
        # The embedded sandbox would copy every response (client secrets too) into this file.
        "IDENTITY_SANDBOX_RECORD": str(elsewhere / "record.jsonl"),
        # TLS roots from the environment: a shipped kiosk trusts the OS's store only.
        "SSL_CERT_FILE": str(elsewhere / "attacker-ca.pem"),
        "SSL_CERT_DIR": str(elsewhere / "attacker-certs"),
    }
    assert sorted(values) == sorted(developer_switches()), "a switch is missing from this test"
    kiosk = Kiosk("deb-switches", values, binary=binary, args=["--api-base", "http://127.0.0.1:9"])
    try:
        kiosk.wait_booted(timeout=30)
        kiosk.wait_screen("welcome")
        # The key from the environment is not used: no key in the keyring means sandbox mode.
        assert kiosk.visible("#sandbox-banner"), "the environment's key was used"
        # Neither the environment's settings file nor its policy was read.
        title = kiosk.text("#welcome-title")
        assert "From The Environment" not in title, title
        # The folders are the OS's, not the environment's.
        home_data = Path(os.environ["XDG_DATA_HOME"]) / "com.identitykiosk.kiosk"
        wait_for(home_data.is_dir, 10, "the OS's data folder")
        assert not (elsewhere / "data").exists(), "the data folder came from the environment"
        assert not (elsewhere / "logs").exists(), "the log folder came from the environment"
        assert not (elsewhere / "record.jsonl").exists(), "the sandbox recorded its responses"
        log = kiosk.app_log()
        for name in values:
            assert f"ignored {name}: this build has no developer switches" in log, f"{name} not reported:\n{log}"
        assert "ignored --api-base" in log, log
        assert "sk_test_fromtheenvironment" not in log, "a key from the environment reached the log"
        print(f"the shipped build ignored {len(values)} developer variables and --api-base, and said so in its log")
    finally:
        kiosk.close()
