#!/usr/bin/env bash
# KooGallery Desktop beside a hello-world Tauri app of the same Tauri version, webview settings
# and release profile (scripts/bench-desktop/hello), measured in one run on this machine under
# Xvfb, from outside the apps (scripts/bench-desktop/measure.py):
# - launch to a settled screen (median and p95 of RUNS launches, alternating the apps);
# - idle memory: PSS of every process of the app, 8 s after it settled;
# - the product's memory before and after a scripted soak (search, product pages, checkout,
#   the time machine, reset, repeated) of SOAK_SECONDS (600 by default), read at once and
#   again after 8 s left alone;
# - release binary and package sizes (unstripped, as built).
# The product is measured with the demo store, and with the demo store plus 100,000 products.
#
#     bash scripts/bench-desktop.sh [RUNS] [SOAK_SECONDS]      # figures go to docs/benchmarks.md
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/setup.sh
source scripts/setup.sh
export CARGO_INCREMENTAL=0
runs=${1:-10}
soak=${2:-600}
work=$(mktemp -d)
trap 'kill "$xvfb" 2>/dev/null || true; rm -rf "$work"' EXIT

say "Building both apps and their packages (release)"
bash scripts/package.sh >"$work/package.log" 2>&1 || { tail -40 "$work/package.log"; exit 1; }
(cd scripts/bench-desktop/hello && CARGO_TARGET_DIR="$PWD/../../../target/bench-hello" \
  ../../../ui/node_modules/.bin/tauri build --ci --bundles deb -- --locked) >"$work/hello.log" 2>&1 ||
  { tail -40 "$work/hello.log"; exit 1; }
product=target/release/koogallery-desktop
hello=target/bench-hello/release/hello-tauri

say "Preparing the stores: the demo store, and the demo store plus 100,000 products"
target/release/kg --db "$work/demo/koogallery.db" demo reset >/dev/null
mkdir -p "$work/large"
target/release/kg --db "$work/large/koogallery.db" demo reset >/dev/null
target/release/kg --db "$work/large/koogallery.db" demo generate --products 100000 >/dev/null
# A search, so that anything the first search of a store does once is done before measuring.
target/release/kg --db "$work/demo/koogallery.db" catalog search wordpress >/dev/null
target/release/kg --db "$work/large/koogallery.db" catalog search wordpress >/dev/null

# No blinking caret, so that a screen that stopped changing is a screen at rest (both apps).
mkdir -p "$work/config/gtk-3.0"
printf '[Settings]\ngtk-cursor-blink = false\n' >"$work/config/gtk-3.0/settings.ini"
export XDG_CONFIG_HOME="$work/config"

display=:$((90 + RANDOM % 100))
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
sleep 1
export DISPLAY=$display
# The product paints without compositing where there is no GPU (src-tauri/rendering.rs): the
# hello world gets the same webview setting, so that both are measured painting alike.
hello_env=""
if ! ls /dev/dri/renderD* >/dev/null 2>&1; then hello_env="WEBKIT_DISABLE_COMPOSITING_MODE=1 "; fi
apps=(
  "hello=$hello_env$hello"
  "product-demo=KG_DB=$work/demo/koogallery.db $product"
  "product-100k=KG_DB=$work/large/koogallery.db $product"
)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

say "Launch to a settled screen, $runs launches each (after one not counted)"
python3 scripts/bench-desktop/measure.py startup --runs "$runs" "${apps[@]}" >"$work/startup.json"
say "Idle memory, 8 s after settling"
python3 scripts/bench-desktop/measure.py memory --idle 8 "${apps[@]}" >"$work/memory.json"

say "Soak of the product, $soak s (the end-to-end soak journey driving the release app)"
KG_SOAK_SECONDS=$soak KG_SOAK_REPORT="$work/soak.json" KG_E2E_APP="$PWD/$product" \
  cargo test --locked --test e2e soak -- --ignored --nocapture >"$work/soak.log" 2>&1 ||
  { tail -40 "$work/soak.log"; exit 1; }
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

python3 - "$work" "$product" "$hello" "$load_before" "$load_after" <<'EOF'
import glob, json, os, sys
work, product, hello, load_before, load_after = sys.argv[1:]
startup = json.load(open(f"{work}/startup.json"))
memory = json.load(open(f"{work}/memory.json"))
soak = json.load(open(f"{work}/soak.json"))
mib = lambda path: os.path.getsize(path) / 2**20
deb = lambda folder: glob.glob(f"{folder}/bundle/deb/*.deb")[0]
h = startup["hello"]["settled"]["median"]
hm = memory["hello"]["pss_mib"]
print(f"load average before {load_before}, after {load_after}")
print()
print(f"{'':30}{'hello world':>14}{'demo store':>14}{'100,000 prod.':>16}")
row = lambda label, a, b, c: print(f"{label:30}{a:>14}{b:>14}{c:>16}")
for kind, label in [("first", "first content"), ("settled", "settled")]:
    for stat in ["median", "p95"]:
        row(f"{label}, {stat} (s)", *(f"{startup[n][kind][stat]:.2f}" for n in ["hello", "product-demo", "product-100k"]))
row("settled median vs hello", "1.00×", f"{startup['product-demo']['settled']['median'] / h:.2f}×",
    f"{startup['product-100k']['settled']['median'] / h:.2f}×")
# A window mapped before its page can paint waits up to 0.5 s for WebKit's first picture of it:
# the hello world's launches fall in two groups half a second apart, and its median in either.
# Its quick launches alone are the stricter baseline (docs/benchmarks.md).
hello_runs = startup["hello"]["settled"]["runs"]
quick = sorted(r for r in hello_runs if r < min(hello_runs) + 0.25)
hq = quick[len(quick) // 2] if len(quick) % 2 else (quick[len(quick) // 2 - 1] + quick[len(quick) // 2]) / 2
row(f"vs its {len(quick)} quick launches", f"{hq:.2f} s", f"{startup['product-demo']['settled']['median'] / hq:.2f}×",
    f"{startup['product-100k']['settled']['median'] / hq:.2f}×")
row("idle PSS (MiB)", *(f"{memory[n]['pss_mib']:.0f}" for n in ["hello", "product-demo", "product-100k"]))
row("idle PSS vs hello", "1.00×", f"{memory['product-demo']['pss_mib'] / hm:.2f}×",
    f"{memory['product-100k']['pss_mib'] / hm:.2f}×")
row("release binary (MiB)", f"{mib(hello):.1f}", f"{mib(product):.1f}", "")
row("binary vs hello", "1.00×", f"{mib(product) / mib(hello):.2f}×", "")
row(".deb (MiB)", f"{mib(deb('target/bench-hello/release')):.1f}", f"{mib(deb('target/release')):.1f}", "")
print()
print(f"soak {soak['seconds']} s, {soak['rounds']} rounds: PSS {soak['pss_start_mib']:.0f} MiB after the first round, "
      f"{soak['pss_end_mib']:.0f} MiB at the end ({soak['growth_percent']:+.1f}%)")
print(f"  each read after {soak['settle_seconds']} s left alone: {soak['settled_launched_mib']:.0f} MiB launched, "
      f"{soak['settled_start_mib']:.0f} MiB after the first round, {soak['settled_end_mib']:.0f} MiB at the end "
      f"({soak['settled_growth_percent']:+.1f}% from the first round, "
      f"{soak['settled_growth_from_launch_percent']:+.1f}% from the launch)")
print(f"  lowest read right after a round: {soak['lowest_first_rounds_mib']:.0f} MiB in the first rounds, "
      f"{soak['lowest_last_rounds_mib']:.0f} MiB in the last ({soak['lowest_growth_percent']:+.1f}%)")
resets = soak['reset_to_new_home_ms_sorted']
print(f"  a reset to the next visitor's home in its new window: median {resets[len(resets) // 2]} ms, "
      f"slowest {resets[-1]} ms")
files = soak['open_files_after_each_round']
print(f"  the app's open files: {files[0]} after the first round, {files[-1]} at the end")
for name in ["hello", "product-demo", "product-100k"]:
    print(f"{name} processes (PSS KiB): {memory[name]['processes']}")
EOF
