#!/usr/bin/env bash
# The seeded simulation of the whole marketplace at length: 1,000 seeds of 1,000 steps by
# default (1,000,000 steps; or $1 seeds, from seed $2, 0 by default), buyers of the three kinds, the seller online and on a
# laptop copy, and the operations manager acting at random while the clock jumps, with every
# invariant checked after every step. Runs two seeds at a time (KG_SIM_THREADS to change).
# The test suite runs 10 seeds. A failure prints its seed and the shortest list of steps that
# still fails; replay it with KG_SIM_SEED=<seed>. Prints the figures docs/benchmarks.md records.
set -euo pipefail
cd "$(dirname "$0")/.."
seeds="${1:-1000}"
KG_SIM_SEEDS="$seeds" KG_SIM_FIRST_SEED="${2:-0}" KG_SIM_THREADS="${KG_SIM_THREADS:-2}" \
  cargo test --locked --release -p koogallery-core --test marketplace_simulation \
  r_mt_5_r_buy_6_r_sup_r_ren_the_marketplace_holds_together -- --nocapture 2>&1 \
  | grep -E 'marketplace simulation|test result|panicked|failed at step|shortest|^  [A-Z]|replay'
