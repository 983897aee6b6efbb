#!/usr/bin/env bash
# The seeded simulation of sellers' laptops and the marketplace at length: 10,000 seeds by
# default (or $1, from seed $2, 0 by default), each 120 random steps of two laptops, the buyer
# and the operations manager while links drop, answers are lost and either side restarts, then
# the invariants once the network heals. The test suite runs 200 seeds. A failure prints its
# seed; replay it with KG_SYNC_SEED=<seed>. Prints the time the run took, which
# docs/benchmarks.md records.
set -euo pipefail
cd "$(dirname "$0")/.."
seeds="${1:-10000}"
began=$(date +%s)
KG_SYNC_SEEDS="$seeds" KG_SYNC_FIRST_SEED="${2:-0}" cargo test --locked --release -p koogallery-core --test sync_simulation -- --nocapture 2>&1 \
  | grep -E 'seeds done|test result|panicked|failed after'
echo "sync simulation: $seeds seeds from ${2:-0}, 0 invariant breaks, $(( $(date +%s) - began )) s"
