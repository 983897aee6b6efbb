#!/usr/bin/env bash
# Both fuzzers at length: every app command through Tauri's mock runtime ($1 cases each, 250 by
# default) and every kg subcommand as a process ($2 cases each, 50 by default), fed generated
# bad arguments. Each answer must be Ok or {code, message} (one line and exit 1 or 2 for kg),
# never a panic, and a refusal must leave every table of the store as it was. A new seed each
# run unless KG_FUZZ_SEED is set. Prints the seed, the cases run, the time and every failure;
# exits 1 if any.
set -euo pipefail
cd "$(dirname "$0")/.."
app_cases="${1:-250}"
kg_cases="${2:-50}"
export KG_FUZZ_SEED="${KG_FUZZ_SEED:-$(date +%s)}"
echo "fuzz: seed $KG_FUZZ_SEED"
status=0
start=$(date +%s)
KG_FUZZ_CASES="$app_cases" cargo test --locked -p koogallery-desktop --lib commands::fuzz -- --nocapture 2>&1 |
  { grep -E 'app fuzz:|test result|Test failed|panicked' || true; } || status=1
echo "fuzz: app commands took $(($(date +%s) - start)) s"
start=$(date +%s)
KG_FUZZ_CASES="$kg_cases" cargo test --locked -p koogallery-cli --test fuzz -- --nocapture 2>&1 |
  { grep -E 'kg fuzz:|test result|Test failed|panicked|^kg ' || true; } || status=1
echo "fuzz: kg subcommands took $(($(date +%s) - start)) s"
exit "$status"
