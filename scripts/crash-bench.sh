#!/usr/bin/env bash
# The crash-safety harness at length, in a release build: for each kind of write (paying
# orders, provisioning, hourly billing, delivery with proof, appeal settlement, renewal, refund
# by unsubscription, invoice, a laptop's sync), a process doing it is killed with SIGKILL at
# random moments, 10,000 times by default (or $1), and its store is checked after every kill:
# integrity, a balanced ledger, every acknowledged action there exactly once, done again with
# its key without writing twice. Each kind starts again on a new store every 500 kills
# (KG_CRASH_KILLS_PER_STORE), so that a check, which reads the whole store, costs the same at
# the last kill as at the first. KG_CRASH_KIND="refund invoice" runs only those kinds.
# Prints one line per kind: kills, kills after at least one acknowledged action, acknowledged
# actions, lost (any loss fails that kind), seconds; docs/benchmarks.md records them. The test
# suite runs the same harness with 200 kills a kind.
set -euo pipefail
cd "$(dirname "$0")/.."
kills="${1:-10000}"
kinds="${KG_CRASH_KIND:-payments provisioning hourly-billing delivery settlement renewal refund invoice sync}"
run() {
  cargo test --locked --release -p koogallery-core --test crash_safety "$@"
}
run --no-run 2>&1 | grep -E '^error' -A 5 || true
printf '%-15s %7s %10s %13s %5s %8s\n' kind kills after-ack acknowledged lost seconds
failed=0
for kind in $kinds; do
  began=$(date +%s)
  if out=$(KG_CRASH_KILLS="$kills" KG_CRASH_KIND="$kind" run -- --nocapture 2>&1); then
    # "crash safety: <kind>: N kills while … (A after at least one acknowledged action), K acknowledged actions, none lost, S s"
    line=$(grep -E "^crash safety: $kind:" <<<"$out")
    after=$(sed -E 's/.*\(([0-9]+) after.*/\1/' <<<"$line")
    acked=$(sed -E 's/.*, ([0-9]+) acknowledged actions.*/\1/' <<<"$line")
    printf '%-15s %7s %10s %13s %5s %8s\n' "$kind" "$kills" "$after" "$acked" 0 "$(( $(date +%s) - began ))"
  else
    failed=1
    printf '%-15s FAILED after %s s\n' "$kind" "$(( $(date +%s) - began ))"
    grep -E 'panicked|assertion|left:|right:|lost|cut short' -A 2 <<<"$out" | head -20
  fi
done
exit "$failed"
