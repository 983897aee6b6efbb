#!/usr/bin/env bash
# Keystroke to painted results in the real app, as people run it: the release build, on the demo
# store plus 100,000 generated products, under Xvfb. Runs the end-to-end search test $1 times
# (default 3) and prints each run's figures and the p50/p95 over every keystroke of every run.
# Measure on a quiet machine: other work on the CPU shows up in these figures.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
npm run --prefix ui build >/dev/null
cargo build --release --locked -p koogallery-desktop --bin koogallery-desktop
all=()
for run in $(seq "$runs"); do
  KG_E2E_APP="$PWD/target/release/koogallery-desktop" xvfb-run -a -s "-screen 0 1280x800x24" \
    cargo test --locked --test e2e -- --ignored --exact \
    search_at_scale::results_follow_every_keystroke_at_100000_products_and_the_time_to_paint_is_recorded \
    >/dev/null 2>&1
  head -1 target/e2e/search-timings.txt | sed "s/^/run $run: /"
  all+=("$(sed -n 2p target/e2e/search-timings.txt)")
done
printf '%s\n' "${all[@]}" | python3 -c '
import json, sys
rows = [t for line in sys.stdin for t in json.loads(line)]
def pct(values, p):
    values = sorted(values)
    return values[round((len(values) - 1) * p)]
for name, key in (("to painted", "ms"), ("to the answer", "answered_ms"), ("to the DOM", "rendered_ms")):
    values = [r[key] for r in rows if r[key] is not None]
    print(f"all runs, keystroke {name}: n={len(values)} p50={pct(values, .5):.1f} ms p95={pct(values, .95):.1f} ms")
'
