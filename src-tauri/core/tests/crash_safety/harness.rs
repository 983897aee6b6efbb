//! The kill harness, the same for every kind of write. A worker (this test binary run again
//! with only `crash_worker` selected) opens the kind's store, says `READY`, then writes in a
//! loop and prints `ACK <key>` after each commit. The harness kills it with SIGKILL a random
//! moment after `READY`, opens every store file again and checks what must hold after any
//! crash: SQLite finds the file sound, every ledger transaction balances, the ledger sums to
//! zero and every kept balance is its entries' sum (R-MT-5). Then the kind checks its own
//! acknowledged actions: each there exactly once, and done again with its key, nothing
//! written twice.

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use koogallery_core::{ledger, Store};

pub const DIR_VAR: &str = "KG_CRASH_DIR";
pub const KIND_VAR: &str = "KG_CRASH_WORKER_KIND";
pub const RUN_VAR: &str = "KG_CRASH_RUN";

/// One kind of write the harness kills.
pub struct Kind {
    pub name: &'static str,
    /// What the worker is doing when killed, for the report: "paying orders".
    pub doing: &'static str,
    /// The store files it writes, in the folder the harness gives it; the first is its own.
    pub stores: &'static [&'static str],
    /// Writes the stores once, before the first worker.
    pub prepare: fn(&Path),
    /// The worker: opens the stores, calls [`Worker::ready`], then writes until it is killed,
    /// calling [`Worker::ack`] after each commit. `run` numbers the workers from 0.
    pub work: fn(&Path, u64, &mut Worker),
    /// The kind's own check after a kill, given the stores opened again in `stores` order.
    pub check: fn(&Path, &mut [Store], &Acks<'_>),
    /// The kill comes 0 to this many milliseconds after `READY`: about the time a few actions
    /// take, so that most kills follow an acknowledged action and land inside the next one.
    pub window_ms: u64,
}

/// What the workers acknowledged: all of it, oldest first, and what the last one did.
pub struct Acks<'a> {
    pub all: &'a [String],
    pub new: &'a [String],
}

/// The worker's side of the conversation with the harness.
pub struct Worker {
    out: std::io::StdoutLock<'static>,
}

impl Worker {
    /// The stores are open: from now on a kill lands in the writing.
    pub fn ready(&mut self) {
        writeln!(self.out, "READY").unwrap();
        self.out.flush().unwrap();
    }

    /// `key` is committed: it must be there after any later kill.
    pub fn ack(&mut self, key: impl std::fmt::Display) {
        writeln!(self.out, "ACK {key}").unwrap();
        self.out.flush().unwrap();
    }
}

/// The worker's body, when this process is one; else nothing.
pub fn work(kinds: &[Kind]) {
    let Some(dir) = std::env::var_os(DIR_VAR) else { return };
    let name = std::env::var(KIND_VAR).unwrap();
    let kind = kinds.iter().find(|k| k.name == name).unwrap_or_else(|| panic!("no kind {name}"));
    let run: u64 = std::env::var(RUN_VAR).unwrap().parse().unwrap();
    let mut worker = Worker { out: std::io::stdout().lock() };
    (kind.work)(Path::new(&dir), run, &mut worker);
    unreachable!("a worker writes until it is killed");
}

/// A small, seedable generator for the moments to kill at.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

/// How many kills a kind gets: `KG_CRASH_KILLS`, 200 by default.
fn kills() -> u32 {
    std::env::var("KG_CRASH_KILLS").ok().and_then(|v| v.parse().ok()).unwrap_or(200)
}

/// How many kills one store takes before the kind starts again on a new one:
/// `KG_CRASH_KILLS_PER_STORE`, 500 by default. Every check reads the whole store, so on one
/// store the 10,000th kill would cost many times the first; a fresh store every 500
/// keeps a long run's kills alike.
fn kills_per_store() -> u32 {
    std::env::var("KG_CRASH_KILLS_PER_STORE").ok().and_then(|v| v.parse().ok()).filter(|&n| n > 0).unwrap_or(500)
}

/// What a kind's kills came to.
#[derive(Default)]
struct Tally {
    killed_after_an_ack: u32,
    acknowledged: usize,
}

/// Kills `kind`'s worker again and again, checking the stores after each kill. With
/// `KG_CRASH_KIND` set (names separated by spaces or commas), only the kinds it names run.
pub fn kill_and_check(kind: &Kind) {
    if let Ok(only) = std::env::var("KG_CRASH_KIND") {
        if !only.split([' ', ',']).any(|name| name == kind.name) {
            return;
        }
    }
    let kills = kills();
    let started = Instant::now();
    let mut random = Lcg(0x5eed ^ kind.name.bytes().fold(0, |h: u64, b| h.wrapping_mul(31).wrapping_add(u64::from(b))));
    let mut tally = Tally::default();
    let mut done = 0;
    while done < kills {
        let these = kills_per_store().min(kills - done);
        kill_on_one_store(kind, done, these, &mut random, &mut tally);
        done += these;
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "crash safety: {}: {kills} kills while {} ({} after at least one acknowledged action), {} \
         acknowledged actions, none lost, {seconds:.1} s",
        kind.name, kind.doing, tally.killed_after_an_ack, tally.acknowledged
    );
    // How many actions a worker does before its kill depends on the machine's load; that the
    // workers acknowledged actions at all is what the run must show.
    assert!(tally.acknowledged > 0, "{}: no worker acknowledged an action", kind.name);
}

/// Kills `count` workers in turn on a store prepared for them, the first numbered `first`.
fn kill_on_one_store(kind: &Kind, first: u32, count: u32, random: &mut Lcg, tally: &mut Tally) {
    let dir = tempfile::tempdir().unwrap();
    (kind.prepare)(dir.path());
    // The worker runs from a copy, so that rebuilding the tests meanwhile cannot pull the
    // binary out from under a long run.
    let worker_exe = dir.path().join("worker");
    std::fs::copy(std::env::current_exe().unwrap(), &worker_exe).unwrap();
    let log = dir.path().join("worker.log");

    let mut acknowledged: Vec<String> = Vec::new();
    let mut seen = HashSet::new();
    for run in first..first + count {
        let mut worker = Command::new(&worker_exe)
            .args(["crash_worker", "--exact", "--ignored", "--nocapture", "--test-threads=1"])
            .env(DIR_VAR, dir.path())
            .env(KIND_VAR, kind.name)
            .env(RUN_VAR, run.to_string())
            .stdout(Stdio::piped())
            .stderr(File::create(&log).unwrap())
            .spawn()
            .unwrap();
        let stdout = worker.stdout.take().unwrap();
        let (lines, received) = mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if lines.send(line).is_err() {
                    break;
                }
            }
        });
        // The test harness prints its own words first, on the same line with one test thread.
        loop {
            match received.recv_timeout(Duration::from_secs(60)) {
                Ok(line) if line.ends_with("READY") => break,
                Ok(_) => {}
                Err(_) => {
                    let _ = worker.kill();
                    panic!("{}: worker {run} never opened its store:\n{}", kind.name, tail(&log))
                }
            }
        }
        std::thread::sleep(Duration::from_micros(random.below(kind.window_ms * 1000)));
        worker.kill().unwrap(); // SIGKILL on Unix
        let status = worker.wait().unwrap();
        assert!(status.code().is_none(), "{}: worker {run} stopped by itself ({status}):\n{}", kind.name, tail(&log));
        reader.join().unwrap();
        let new: Vec<String> =
            received.try_iter().filter_map(|line| line.strip_prefix("ACK ").map(str::to_string)).collect();
        if !new.is_empty() {
            tally.killed_after_an_ack += 1;
        }
        let first_new = acknowledged.len();
        acknowledged.extend(new.iter().filter(|key| seen.insert((*key).clone())).cloned());
        let mut stores: Vec<Store> = kind.stores.iter().map(|name| sound(&dir.path().join(name))).collect();
        let acks = Acks { all: &acknowledged, new: &acknowledged[first_new..] };
        (kind.check)(dir.path(), &mut stores, &acks);
    }
    tally.acknowledged += acknowledged.len();
}

fn tail(log: &Path) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    text.lines().rev().take(30).collect::<Vec<_>>().into_iter().rev().collect::<Vec<_>>().join("\n")
}

/// Opens the store at `path` again and checks what any crash must leave true (R-MT-5).
fn sound(path: &Path) -> Store {
    let store = Store::open(path).unwrap();
    let conn = store.conn();
    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(integrity, "ok", "{}", path.display());
    assert!(ledger::unbalanced(conn).unwrap().is_empty(), "an unbalanced ledger transaction");
    assert_eq!(
        count(&store, "SELECT coalesce(sum(amount_cents), 0) FROM ledger_entries"),
        0,
        "the ledger sums to zero"
    );
    assert_eq!(ledger::unbalanced_accounts(conn).unwrap(), vec![], "every kept balance is its entries' sum");
    store
}

/// The one number `sql` reads.
pub fn count(store: &Store, sql: &str) -> i64 {
    store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Runs `again` (an acknowledged action done again with its key) and checks that it wrote no
/// row into any of `tables`.
pub fn writes_nothing<T>(store: &mut Store, tables: &[&str], again: impl FnOnce(&mut Store) -> T) -> T {
    let rows = |store: &Store| -> Vec<i64> {
        tables.iter().map(|t| count(store, &format!("SELECT count(*) FROM {t}"))).collect()
    };
    let before = rows(store);
    let answer = again(store);
    assert_eq!(rows(store), before, "done again with its key, an action wrote again ({tables:?})");
    answer
}
