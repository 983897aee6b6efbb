#!/usr/bin/env bash
# Real processes killed while a seller's deliveries sync: `kg serve` or the laptop's `kg sync`
# killed with SIGKILL at a random moment, 1,000 cycles by default (or $1); after each, the
# laptop syncs until nothing waits and the delivery must be on the marketplace exactly once.
# The test suite runs 50 cycles. Prints the time, which docs/benchmarks.md records.
set -euo pipefail
cd "$(dirname "$0")/.."
cycles="${1:-1000}"
began=$(date +%s)
KG_SYNC_KILLS="$cycles" cargo test --locked -p koogallery-cli --test sync_kills -- --nocapture 2>&1 \
  | grep -E 'test result|panicked'
echo "sync kills: $cycles cycles, 0 lost, 0 doubled, $(( $(date +%s) - began )) s"
