#!/usr/bin/env bash
# The crash-safety harness at length: a process paying orders is killed with SIGKILL at random
# moments (10,000 times by default, or $1), and after each kill the store is checked (integrity,
# a balanced ledger, the balance, every acknowledged order present). Prints the figures that
# docs/benchmarks.md records. The test suite runs the same harness with 200 kills.
set -euo pipefail
cd "$(dirname "$0")/.."
kills="${1:-10000}"
KG_CRASH_KILLS="$kills" cargo test --locked -p koogallery-core --test crash_safety \
  crash_kill_restart_keeps_every_acknowledged_order -- --exact --nocapture 2>&1 | grep -E 'crash safety:|test result|panicked'
