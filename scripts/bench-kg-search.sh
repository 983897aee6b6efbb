#!/usr/bin/env bash
# `kg catalog search` as a whole process (spawn to exit) at marketplace scale: the release
# build of kg, a store with the demo catalog plus 100,000 generated products (made once, then
# kept in $KG_BENCH_DIR), then N searches of various words (default 40), each its own process,
# wall time and peak memory (/usr/bin/time). Prints p50/p95 of both. Target: p95 <= 100 ms.
#
#     scripts/bench-kg-search.sh [N]
#
# Measure on a quiet machine: other work on the CPU shows up in these figures.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-40}"
dir="${KG_BENCH_DIR:-${TMPDIR:-/tmp}/kg-search-bench}"
mkdir -p "$dir"
db="$dir/kg.db"
cargo build --release --locked -p koogallery-cli --bin kg >/dev/null 2>&1
kg="${CARGO_TARGET_DIR:-target}/release/kg"

if [ ! -s "$db" ]; then
  echo "making $db: the demo catalog and 100,000 generated products" >&2
  start=$(date +%s.%N)
  "$kg" --db "$db" demo reset >/dev/null
  "$kg" --db "$db" demo generate --products 100000 --seed 7 >/dev/null
  echo "made in $(echo "$(date +%s.%N) - $start" | bc) s" >&2
fi
# A first search, so that every measured one finds the store as a person's would.
"$kg" --db "$db" catalog search mysql >/dev/null

words=(mysql my sql wordpress data backup crm nimbus kub git log serv pay anal redis cache
       "mysql server" "backup vault" "load test" post gra vault secur monit stor ware cloud
       lemp "nimbus crm" kafka mongo elastic dock jenk ngin proxy dns mail ledger quantum)
times="$dir/times.txt"
: >"$times"
for n in $(seq 0 $((runs - 1))); do
  word="${words[$((n % ${#words[@]}))]}"
  # shellcheck disable=SC2086 # several words are several arguments, as a person types them
  /usr/bin/time -f "%e %M" -o "$dir/one.txt" "$kg" --db "$db" catalog search $word >/dev/null
  start=$(date +%s%N)
  "$kg" --db "$db" catalog search $word >/dev/null
  end=$(date +%s%N)
  echo "$(( (end - start) / 1000 )) $(cut -d' ' -f2 "$dir/one.txt")" >>"$times"
done
python3 - "$times" <<'PY'
import sys
rows = [line.split() for line in open(sys.argv[1])]
def pct(values, p):
    values = sorted(values)
    return values[round((len(values) - 1) * p)]
wall = [int(r[0]) / 1000 for r in rows]
rss = [int(r[1]) / 1024 for r in rows]
print(f"kg catalog search, whole process, n={len(rows)}: "
      f"p50={pct(wall, .5):.1f} ms p95={pct(wall, .95):.1f} ms max={max(wall):.1f} ms; "
      f"peak RSS p50={pct(rss, .5):.1f} MB p95={pct(rss, .95):.1f} MB")
PY
