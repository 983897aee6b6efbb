#!/usr/bin/env bash
# Builds KooGallery Desktop's Linux packages with the Tauri bundler: a .deb and an .rpm holding
# the app (its UI and demo catalog are inside the binary) and the `kg` command line. Nothing is
# downloaded while building: the bundler ships in the UI's npm packages and writes both formats
# itself.
#
#     bash scripts/package.sh           # -> target/release/bundle/{deb,rpm}/
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/setup.sh
source scripts/setup.sh
export CARGO_INCREMENTAL=0

say "Building kg (release), which the packages carry beside the app"
cargo build --release --locked -p koogallery-cli

say "Building the UI, then the app, and bundling them (.deb, .rpm)"
npm run --prefix ui build
rm -rf target/release/bundle/deb target/release/bundle/rpm
# --ci: no prompts. The UI is built above, from this folder: the bundler would run the
# configured command from ui/.
ui/node_modules/.bin/tauri build --ci --bundles deb,rpm --config '{"build":{"beforeBuildCommand":""}}' -- --locked

deb=$(ls target/release/bundle/deb/*.deb)
rpm=$(ls target/release/bundle/rpm/*.rpm)
say "Packages"
ls -l "$deb" "$rpm"
dpkg-deb --info "$deb" | sed -n 's/^ *\(Package\|Version\|Depends\|Installed-Size\):/  &/p'
dpkg-deb --contents "$deb" | awk '{print "  " $6}' | grep -E 'bin/|\.desktop$'
