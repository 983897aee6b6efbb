#!/usr/bin/env bash
# Builds KooGallery Desktop's Linux packages with the Tauri bundler: a .deb and an .rpm holding
# the app (its UI and demo catalog are inside the binary) and the `kg` command line. Nothing is
# downloaded while building: the bundler ships in the UI's npm packages and writes both formats
# itself.
#
#     bash scripts/package.sh           # -> target/release/bundle/{deb,rpm}/
#     bash scripts/package.sh --debug   # -> target/debug/bundle/{deb,rpm}/, from the test build
#
# The test suite packages the debug build: a release build from nothing takes a quarter of an
# hour on two cores, and what the install test checks (what the package holds, that the
# installed app starts and shows its home) does not depend on the optimiser.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/setup.sh
source scripts/setup.sh
export CARGO_INCREMENTAL=0

case "${1:-}" in
  "")
    profile=release
    say "Building kg (release), which the packages carry beside the app"
    cargo build --release --locked -p koogallery-cli

    say "Building the UI, then the app, and bundling them (.deb, .rpm)"
    npm run --prefix ui build
    rm -rf target/release/bundle/deb target/release/bundle/rpm
    # --ci: no prompts. The UI is built above, from this folder: the bundler would run the
    # configured command from ui/.
    ui/node_modules/.bin/tauri build --ci --bundles deb,rpm --config '{"build":{"beforeBuildCommand":""}}' -- --locked
    ;;
  --debug)
    profile=debug
    # The binaries the tests ran, made by the same command as theirs: nothing is built again
    # after the tests, and the UI inside is the one they saw (ui/dist as it was built).
    say "The app and kg as the test build made them (debug)"
    cargo test --workspace --locked --no-run
    say "Bundling them (.deb, .rpm)"
    rm -rf target/debug/bundle/deb target/debug/bundle/rpm
    kg='{"files":{"/usr/bin/kg":"target/debug/kg"}}'
    ui/node_modules/.bin/tauri bundle --debug --ci --bundles deb,rpm \
      --config "{\"bundle\":{\"linux\":{\"deb\":$kg,\"rpm\":$kg}}}"
    ;;
  *)
    echo "usage: $0 [--debug]" >&2
    exit 2
    ;;
esac

deb=$(ls "target/$profile"/bundle/deb/*.deb)
rpm=$(ls "target/$profile"/bundle/rpm/*.rpm)
say "Packages"
ls -l "$deb" "$rpm"
dpkg-deb --info "$deb" | sed -n 's/^ *\(Package\|Version\|Depends\|Installed-Size\):/  &/p'
dpkg-deb --contents "$deb" | awk '{print "  " $6}' | grep -E 'bin/|\.desktop$'
