#!/usr/bin/env python3
"""What writing a clock move's rows alone costs: the floor under any scheduler on this store.

Given a store before a move of the clock and the same store after it (the scheduler benchmark
keeps them: KG_BENCH_STORE and KG_BENCH_MOVED), this finds every row the move wrote or
changed, table by table, then writes exactly those rows into a copy of the store before, in one
transaction with the app's settings (WAL, synchronous NORMAL, foreign keys checked), as bulk
statements run inside SQLite: no reads of the rules, no statement made per row, the triggers
left out (what they wrote is among the rows). The time is what storing the move's outcome
costs before any rule is applied.

    mkdir -p /tmp/moved
    KG_BENCH_STORE=/tmp/bench10k.db KG_BENCH_MOVED=/tmp/moved \\
        cargo bench -p koogallery-core --bench scheduler -- 10000
    python3 scripts/scheduler-write-floor.py /tmp/bench10k.db /tmp/moved/a-year.db
    python3 scripts/scheduler-write-floor.py /tmp/bench10k.db /tmp/moved/five-days.db

A measuring script: its figures go to docs/benchmarks.md.
"""

import os
import shutil
import sqlite3
import sys
import tempfile
import time


def key_columns(conn, table):
    columns = conn.execute(f"SELECT name, pk FROM pragma_table_info('{table}')").fetchall()
    keys = [name for name, pk in sorted(columns, key=lambda c: c[1]) if pk > 0]
    return [name for name, _ in columns], keys


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: scheduler-write-floor.py STORE_BEFORE STORE_AFTER")
    before, after = sys.argv[1:]
    work = tempfile.mkdtemp()
    copy = os.path.join(work, "floor.db")
    shutil.copy(before, copy)
    conn = sqlite3.connect(copy, isolation_level=None)
    for pragma in ("journal_mode = WAL", "synchronous = NORMAL", "foreign_keys = ON", "cache_size = -65536"):
        conn.execute(f"PRAGMA {pragma}")
    conn.execute("ATTACH DATABASE ? AS after", (f"file:{after}?mode=ro",))
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        conn.execute(f"DROP TRIGGER {name}")

    # The rows the move wrote or changed, set aside before timing; a table's parents first, so
    # that every row checks its foreign keys as it is written, as the app's do.
    tables = [
        name
        for (name,) in conn.execute(
            "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    parents = {
        table: {p for (p,) in conn.execute(f"SELECT \"table\" FROM pragma_foreign_key_list('{table}')") if p != table}
        for table in tables
    }
    ordered = []
    while len(ordered) < len(tables):
        ready = [t for t in tables if t not in ordered and parents[t] <= set(ordered)]
        if not ready:
            sys.exit("the tables' foreign keys go round in a circle")
        ordered.extend(ready)
    tables = ordered
    plan = []
    for table in tables:
        columns, keys = key_columns(conn, table)
        if not keys:
            continue
        conn.execute(
            f"CREATE TEMP TABLE \"d_{table}\" AS SELECT * FROM after.\"{table}\" EXCEPT SELECT * FROM main.\"{table}\""
        )
        removed = conn.execute(
            f"SELECT count(*) FROM main.\"{table}\" m WHERE NOT EXISTS (SELECT 1 FROM after.\"{table}\" a WHERE "
            + " AND ".join(f'a."{k}" IS m."{k}"' for k in keys)
            + ")"
        ).fetchone()[0]
        if removed:
            sys.exit(f"{table}: {removed} rows removed by the move; this script writes rows, it removes none")
        count = conn.execute(f'SELECT count(*) FROM "d_{table}"').fetchone()[0]
        if count:
            sets = ", ".join(f'"{c}" = excluded."{c}"' for c in columns if c not in keys) or None
            upsert = (
                f'INSERT INTO main."{table}" SELECT * FROM temp."d_{table}" WHERE true ON CONFLICT ('
                + ", ".join(f'"{k}"' for k in keys)
                + (f") DO UPDATE SET {sets}" if sets else ") DO NOTHING")
            )
            plan.append((table, count, upsert))

    conn.execute("BEGIN")
    total = 0.0
    rows = 0
    for table, count, upsert in plan:
        began = time.perf_counter()
        conn.execute(upsert)
        took = time.perf_counter() - began
        total += took
        rows += count
        print(f"{table:28} {count:>8} rows  {took:6.3f} s")
    began = time.perf_counter()
    conn.execute("COMMIT")
    took = time.perf_counter() - began
    total += took
    print(f"{'commit':28} {'':>8}       {took:6.3f} s")
    print(f"{'the move written':28} {rows:>8} rows  {total:6.3f} s")
    load = open("/proc/loadavg").read().split()[:3]
    print(f"load average {' '.join(load)}")
    conn.close()
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
