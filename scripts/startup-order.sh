#!/usr/bin/env bash
# Lists the functions of the app's own binary that a start runs, from the launch to the home
# screen shown and the app gone quiet, in src-tauri/startup-order.txt. The release build's
# linker lays them out first and together (src-tauri/build.rs): the kernel then reads a start's
# code from a few neighbouring pages instead of from pages all over the binary, which is what a
# running app keeps resident of it (docs/benchmarks.md, the desktop app beside a hello world).
#
#     bash scripts/startup-order.sh      # then build the release again (scripts/package.sh)
#
# The start is watched by valgrind's callgrind under Xvfb, with the demo store. The names are
# the linker's (mangled), which stay the same from one build to the next unless a dependency's
# version changes: a name the binary no longer has is skipped by the linker, so a list grown
# stale only places less code first. Run it again after upgrading Tauri or WebKit's bindings,
# and after changing what the start runs (opening the store, the first screen's commands): a start
# that runs functions the list does not name pages in more of the binary (docs/benchmarks.md).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/setup.sh
source scripts/setup.sh
command -v valgrind >/dev/null || {
  as_root apt-get update -q
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q --no-install-recommends valgrind
}
export CARGO_INCREMENTAL=0
work=$(mktemp -d)
trap 'kill "$xvfb" 2>/dev/null || true; rm -rf "$work"' EXIT

say "Building the app and kg (release)"
npm run --prefix ui build >/dev/null
cargo build --release --locked -p koogallery-desktop -p koogallery-cli
app=$PWD/target/release/koogallery-desktop
target/release/kg --db "$work/demo/koogallery.db" demo reset >/dev/null

display=:$((90 + RANDOM % 100))
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
sleep 1

say "Starting it under callgrind, until it has been quiet for 5 s"
DISPLAY=$display KG_DB="$work/demo/koogallery.db" valgrind --tool=callgrind --demangle=no \
  --compress-strings=no --compress-pos=no --dump-instr=no --callgrind-out-file="$work/start.out" \
  "$app" >"$work/valgrind.log" 2>&1 &
pid=$!
cpu() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
sleep 20
before=$(cpu)
while sleep 5; do
  now=$(cpu)
  # Clock ticks of 10 ms: under a fifth of a second in 5 s is an app at rest.
  [ $((now - before)) -lt 20 ] && break
  before=$now
done
kill -TERM "$pid"
wait "$pid" || true

python3 - "$work/start.out" "$app" src-tauri/startup-order.txt <<'EOF'
import sys
out, app, order = sys.argv[1:]
names, seen, current = [], set(), None
for line in open(out, errors="replace"):
    if line.startswith("ob="):
        current = line[3:].strip()
    elif line.startswith("fn=") and current == app:
        name = line[3:].strip()
        # A function callgrind could not name is an address: nothing the linker can place.
        if not name.startswith("0x") and name not in seen:
            seen.add(name)
            names.append(name)
if len(names) < 1000:
    sys.exit(f"only {len(names)} functions of {app} seen: the start was not watched")
with open(order, "w") as f:
    f.write("\n".join(names) + "\n")
print(f"{len(names)} functions in {order}")
EOF
