#!/usr/bin/env bash
# Every check and every test of KooGallery Desktop, as CI runs them: formatting, lints, the UI's
# type check and linter, the generated bindings, the Rust tests, the UI tests, and the
# end-to-end tests of the real app in its real webview under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/setup.sh
source scripts/setup.sh
# Each build here happens once; incremental caches would only double what the disk holds.
export CARGO_INCREMENTAL=0

# Each step says how long the run has taken so far, so that a slow step shows in CI's log.
step() { printf '\n\033[1m==> [%d:%02d] %s\033[0m\n' $((SECONDS / 60)) $((SECONDS % 60)) "$*"; }

step "Building the UI (the app embeds ui/dist)"
npm run --prefix ui build

step "Rust formatting"
cargo fmt --all --check

step "Clippy, warnings denied"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "UI type check, lint and formatting"
npm run --prefix ui check
npm run --prefix ui lint
npm run --prefix ui format:check

step "UI tests"
npm test --prefix ui

step "Rust tests (core, command line, shell commands, bindings up to date)"
cargo test --workspace --locked

step "End-to-end tests: the real app in WebKitGTK under Xvfb"
xvfb-run -a -s "-screen 0 1280x800x24" cargo test --locked --test e2e -- --ignored --test-threads=1 --skip package_
echo "Screenshots: $(cd target/e2e && pwd)"

step "Packages of the test build: the .deb and .rpm made, the .deb installed, started and removed"
bash scripts/package.sh --debug
xvfb-run -a -s "-screen 0 1280x800x24" cargo test --locked --test e2e package_ -- --ignored --test-threads=1

step "Every check and test passed"
