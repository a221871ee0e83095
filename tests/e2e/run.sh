#!/usr/bin/env bash
# Runs the end-to-end suite: the release app (built with the mock camera) under Xvfb and a
# private D-Bus session with its own unlocked keyring, driven through tauri-driver + WebKitWebDriver.
#
#   npx tauri build --no-bundle --features testing     # once, and after changes
#   tests/e2e/run.sh [pytest args...]                      # e.g. -k hosted, -x
#
# IDENTITY_KIOSK_E2E_BIN overrides the app binary (default target/release/identity-kiosk).
# Screenshots go to target/e2e/screens/, logs to target/e2e/logs/, failures to target/e2e/failures/.
set -euo pipefail
cd "$(dirname "$0")/../.."
export IDENTITY_KIOSK_E2E_BIN="${IDENTITY_KIOSK_E2E_BIN:-target/release/identity-kiosk}"

fail() { echo "tests/e2e/run.sh: $*" >&2; exit 2; }
[[ -x "$IDENTITY_KIOSK_E2E_BIN" ]] ||
  fail "no app binary at $IDENTITY_KIOSK_E2E_BIN; build it: npx tauri build --no-bundle --features testing"
command -v tauri-driver >/dev/null || [[ -x "${CARGO_HOME:-$HOME/.cargo}/bin/tauri-driver" ]] ||
  fail "tauri-driver is missing; install it: cargo install tauri-driver --version ^2 --locked"
export PATH="$PATH:${CARGO_HOME:-$HOME/.cargo}/bin"
command -v WebKitWebDriver >/dev/null || fail "WebKitWebDriver is missing (apt-get install webkit2gtk-driver)"
command -v xvfb-run >/dev/null || fail "xvfb-run is missing (apt-get install xvfb)"
command -v dbus-run-session >/dev/null || fail "dbus-run-session is missing (apt-get install dbus)"
[[ -x .venv/bin/pytest ]] || fail "no .venv/bin/pytest; python3 -m venv .venv && .venv/bin/pip install -r tests/requirements.txt"

command -v xclip >/dev/null || fail "xclip is missing (apt-get install xclip)"
# A private D-Bus session with an unlocked, empty keyring (scripts/with-keyring), on a virtual display.
exec xvfb-run -a -s "-screen 0 1920x1080x24" scripts/with-keyring .venv/bin/pytest tests/e2e -q "$@"
