//! Real processes killed while a seller's actions flow (R-SYNC-2): `kg serve` and a laptop's
//! `kg sync` are killed with SIGKILL at random moments; after each kill the server comes back
//! and the laptop syncs until nothing waits. Every delivery the seller made reaches the
//! marketplace exactly once, both files pass SQLite's integrity check, the device's numbers
//! are gap-free, and the copy equals the marketplace.
//!
//! 50 cycles here; `KG_SYNC_KILLS=N` runs N (the script `scripts/sync-kills.sh` runs 1,000).

mod common;

use std::process::{Command, Stdio};
use std::time::Duration;

use common::{Db, Server};
use serde_json::Value;

fn json(db: &Db, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.push("--json");
    db.kg(&all).json()
}

fn query<T: rusqlite::types::FromSql>(db: &Db, sql: &str) -> T {
    let conn = rusqlite::Connection::open(&db.path).unwrap();
    conn.busy_timeout(Duration::from_secs(5)).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn rows(db: &Db, sql: &str) -> Vec<String> {
    let conn = rusqlite::Connection::open(&db.path).unwrap();
    conn.busy_timeout(Duration::from_secs(5)).unwrap();
    let mut statement = conn.prepare(sql).unwrap();
    statement.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
}

/// A repeatable sequence of delays, the same for every run.
fn delays(cycles: usize) -> Vec<(u64, bool)> {
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    (0..cycles)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % 60, state.is_multiple_of(2))
        })
        .collect()
}

#[test]
fn r_sync_2_kills_of_the_server_or_the_laptops_sync_lose_and_double_no_delivery() {
    let cycles: usize = std::env::var("KG_SYNC_KILLS").ok().and_then(|n| n.parse().ok()).unwrap_or(50);
    let market = Db::new();
    assert_eq!(market.kg(&["demo", "reset"]).status, 0);
    assert_eq!(market.kg(&["role", "operations"]).status, 0);
    let code = json(&market, &["seller", "enrol", "dolphin-data"])["code"].as_str().unwrap().to_string();
    assert_eq!(market.kg(&["role", "buyer", "acme-prepaid"]).status, 0);
    let mut server = Server::start(&market, 0);
    let (address, port) = (server.1.clone(), server.port());
    let laptop = Db::new();
    json(&laptop, &["connect", &address, "--code", &code]);
    let dir = tempfile::tempdir().unwrap();
    let sow = dir.path().join("sow.pdf");
    std::fs::write(&sow, b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n").unwrap();

    for (cycle, (delay, kill_server)) in delays(cycles).into_iter().enumerate() {
        let remark = format!("cycle {cycle}");
        let delivered =
            laptop.kg(&["supervision", "deliver", "1", "--proof", sow.to_str().unwrap(), "--remark", &remark]);
        assert_eq!(delivered.status, 0, "cycle {cycle}: {}", delivered.stderr);
        let mut sync = Command::new(env!("CARGO_BIN_EXE_kg"))
            .args(["--db", laptop.path.to_str().unwrap(), "sync", "--json"])
            .env_remove("KG_DB")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        if kill_server {
            drop(server);
            server = Server::start(&market, port);
        } else {
            let _ = sync.kill();
        }
        let _ = sync.wait();
        // The laptop syncs until nothing waits: the delivery is on the marketplace, once.
        for attempt in 0.. {
            assert!(attempt < 10, "cycle {cycle}: still waiting");
            if json(&laptop, &["sync"])["waiting"] == 0 {
                break;
            }
        }
        let op: String = query(&laptop, "SELECT operation_id FROM outbox ORDER BY id DESC LIMIT 1");
        let state: String = query(&laptop, "SELECT state FROM outbox ORDER BY id DESC LIMIT 1");
        assert_eq!(state, "applied", "cycle {cycle}");
        let records: i64 = query(&market, &format!("SELECT count(*) FROM flow_operations WHERE id = '{op}'"));
        assert_eq!(records, 1, "cycle {cycle}: the delivery is on the marketplace exactly once");
        // The buyer sends it back, and the laptop pulls that before the next delivery.
        let rejected = market.kg(&["supervision", "reject", "1", "--reason", &remark]);
        assert_eq!(rejected.status, 0, "cycle {cycle}: {}", rejected.stderr);
        json(&laptop, &["sync"]);
    }

    for db in [&market, &laptop] {
        let integrity: String = query(db, "PRAGMA integrity_check");
        assert_eq!(integrity, "ok");
    }
    let applied: i64 = query(&laptop, "SELECT count(*) FROM outbox WHERE state = 'applied'");
    assert_eq!(applied as usize, cycles, "every delivery applied");
    let seqs = rows(&market, "SELECT CAST(seq AS TEXT) FROM device_operations ORDER BY seq");
    assert_eq!(seqs, (1..=cycles).map(|n| n.to_string()).collect::<Vec<_>>(), "gap-free, one outcome each");
    let records = "SELECT id || ':' || hash FROM flow_operations WHERE order_id = 1 ORDER BY position";
    assert_eq!(rows(&laptop, records), rows(&market, records), "the copy is the marketplace");
    drop(server);
}
