# Shared by the scripts in this folder: installs what the kiosk and its tests need on
# Debian/Ubuntu, once (each step is skipped when already done).
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT

# System packages: WebKitGTK and friends to build Tauri, Xvfb/D-Bus/keyring for headless runs,
# WebKitWebDriver for end-to-end tests, Chromium for browser tests of the sandbox pages,
# GStreamer plugins for the camera.
APT_PACKAGES=(
  libwebkit2gtk-4.1-dev build-essential pkg-config curl file libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev
  xvfb xauth webkit2gtk-driver gnome-keyring dbus-x11 libsecret-tools xclip procps imagemagick
  chromium chromium-driver
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good
  python3 python3-venv nodejs npm
  fonts-noto-cjk python3-gi gir1.2-atspi-2.0 at-spi2-core
)

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "error: installing system packages needs root (or sudo): $*" >&2; return 1; fi
}

install_system_packages() {
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    # nodejs/npm/python3 may come from elsewhere (nvm, pyenv): a working command is enough.
    case "$p" in
      nodejs) command -v node >/dev/null && continue ;;
      npm) command -v npm >/dev/null && continue ;;
      python3) command -v python3 >/dev/null && continue ;;
      python3-venv) python3 -c 'import venv, ensurepip' 2>/dev/null && continue ;;
    esac
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "==> installing system packages: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

install_rust() {
  if ! command -v cargo >/dev/null; then
    echo "error: Rust is not installed. Install it with rustup (https://rustup.rs), then run this again." >&2
    return 1
  fi
}

# The Tauri CLI (for `tauri dev` / `tauri build`), from package.json.
install_node_tools() {
  if [ ! -x "$ROOT/node_modules/.bin/tauri" ] || [ ! -f "$ROOT/node_modules/axe-core/axe.min.js" ]; then
    echo "==> installing the Tauri CLI and axe-core (npm)"
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# Supply-chain checks: cargo-deny (licenses, bans and sources of every dependency; deny.toml).
install_cargo_deny() {
  if ! command -v cargo-deny >/dev/null && [ ! -x "$HOME/.cargo/bin/cargo-deny" ]; then
    echo "==> installing cargo-deny"
    cargo install cargo-deny --version ^0.18 --locked --quiet
  fi
}

# Test tools: tauri-driver (WebDriver for the real webview).
install_test_tools() {
  if ! command -v tauri-driver >/dev/null && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
    echo "==> installing tauri-driver"
    cargo install tauri-driver --version ^2 --locked --quiet
  fi
}

# Python packages for the SDK and browser tests, in a venv inside the repo (git-ignored).
install_python_tools() {
  local venv="$ROOT/.venv"
  if [ ! -x "$venv/bin/python" ]; then
    echo "==> creating the Python venv for tests"
    python3 -m venv "$venv"
  fi
  if ! "$venv/bin/python" -c 'import stripe, pytest, selenium, openapi_schema_validator' 2>/dev/null; then
    echo "==> installing Python test packages"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$ROOT/tests/requirements.txt"
  fi
}
