//! Every `kg` subcommand fed generated bad arguments: unknown flags, missing values, wrong
//! types, numbers out of range, odd Unicode, huge strings, others' ids and files that lie.
//! Each run ends by itself with 0, 1 or 2; a refusal prints nothing on stdout and one line on
//! stderr (a JSON `{code, message}` with `--json`, exit 2 exactly for bad input), never a
//! panic; and a refusal, or any run of a subcommand that only reads, leaves every table of the
//! data file as it was.
//!
//! The subcommands come from `kg`'s own help, so a new one is fuzzed without being listed;
//! only whether it writes is said here. `KG_FUZZ_CASES` sets the cases per subcommand (8 by
//! default), `KG_FUZZ_SEED` the seed.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use common::grammar::{leaves, Leaf};
use common::lying_files::lying_files;
use common::{Db, PLACE_CMS_TEAM};
use koogallery_core::store::digest::{digest, StoreDigest};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};

/// The subcommands that may change the data file when they succeed; every other one reads.
const WRITES: &[&str] = &[
    "account add-card",
    "account request-credit",
    "account time-zone",
    "account topup",
    "account use",
    "agency authorize",
    "agency delete",
    "appeals settle",
    "autorenew off",
    "autorenew on",
    "clock advance",
    "clock reset",
    "clock set",
    "clock skip",
    "clock undo",
    "connect",
    "demo generate",
    "demo reset",
    "demo sandbox",
    "ecs delete",
    "ecs replace-disk",
    "ecs start",
    "ecs stop",
    "favorites add",
    "favorites remove",
    "image provision",
    "invoice issue",
    "invoice reissue",
    "invoice request",
    "messages read",
    "order place",
    "requirements submit",
    "role buyer",
    "role operations",
    "role seller",
    "seller enrol",
    "seller revoke",
    "subscription renew",
    "supervision accept",
    "supervision accept-request",
    "supervision appeal",
    "supervision deliver",
    "supervision reject",
    "supervision reject-request",
    "supervision remind",
    "supervision request",
    "sync",
    "ticket answer",
    "ticket close",
    "ticket open",
    "unsubscribe request",
    "unsubscribe review",
    "upgrade pay",
];

/// No run of `kg` may take longer: a hang is a failure too.
const PATIENCE: Duration = Duration::from_secs(30);

struct Run {
    status: Option<i32>,
    stdout: String,
    stderr: String,
}

fn kg(db: &Path, cwd: &Path, args: &[String], stdin: &str) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kg"))
        .arg("--db")
        .arg(db)
        .args(args)
        .current_dir(cwd)
        .env_remove("KG_DB")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kg runs");
    // Written on a thread of its own: kg may never read it, and a long text fills the pipe.
    let mut input = child.stdin.take().unwrap();
    let stdin = stdin.to_string();
    std::thread::spawn(move || input.write_all(stdin.as_bytes()));
    // Output is read while kg runs (a long refusal must not fill the pipe and stall it), on a
    // thread of its own so that a run that never ends can be stopped.
    let pid = child.id();
    let (tell, told) = std::sync::mpsc::channel();
    std::thread::spawn(move || tell.send(child.wait_with_output()));
    let output = match told.recv_timeout(PATIENCE) {
        Ok(output) => output.unwrap(),
        Err(_) => {
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
            told.recv().unwrap().unwrap()
        }
    };
    Run {
        status: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn store_digest(db: &Path) -> StoreDigest {
    digest(koogallery_core::Store::open(db).unwrap().conn()).unwrap()
}

/// The demo store with another buyer's order (Borealis's SaaS, order 14, after the demo's 13),
/// ticket and invoice, its clock stopped so that nothing falls due while the fuzzer runs; the
/// demo buyer Acme owns orders 1 to 3 and 11, and Dolphin Data sells order 1 only.
fn fixture(dir: &Path) -> PathBuf {
    let db = Db::new();
    let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
    for args in [
        vec!["clock", "set", &now],
        vec!["account", "use", "borealis-postpaid"],
        [&PLACE_CMS_TEAM[..], &["--accept-terms", "--credit", "--idempotency-key", "fixture-1"]].concat(),
        vec!["ticket", "open", "--category", "other", "--order", "14", "--description", "The app does not start."],
        vec![
            "invoice",
            "request",
            "--order",
            "14",
            "--title",
            "Borealis Ltd",
            "--tax-id",
            "DE-1",
            "--address",
            "1 Main Street",
            "--email",
            "billing@borealis.example",
        ],
        vec!["account", "use", "acme-prepaid"],
        vec!["catalog", "search", "mysql"],
    ] {
        let run = db.kg(&args);
        assert_eq!(run.status, 0, "fixture kg {args:?}: {}", run.stderr);
    }
    let kept = dir.join("fixture.db");
    std::fs::copy(&db.path, &kept).unwrap();
    std::fs::copy(db.path.with_extension("key"), kept.with_extension("key")).unwrap();
    kept
}

/// Lying files written into `dir`, by path; names keep the extension they lie with.
fn lying_paths(dir: &Path) -> Vec<String> {
    let mut paths: Vec<String> = lying_files()
        .into_iter()
        .enumerate()
        .map(|(i, (name, bytes))| {
            let extension = name.rsplit('.').next().unwrap_or("bin");
            let path = dir.join(format!("lie-{i}.{extension}"));
            std::fs::write(&path, bytes).unwrap();
            path.display().to_string()
        })
        .collect();
    paths.push(dir.join("missing.pdf").display().to_string());
    paths.push(dir.display().to_string());
    paths
}

fn odd_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just(" ".to_string()),
        Just("\u{202E}dlrow olleh\u{202C}".to_string()),
        Just("e\u{301}\u{301}\u{301}\u{301}".to_string()),
        Just("👩‍👩‍👧‍👦".to_string()),
        Just("\u{FEFF}\u{200B}".to_string()),
        Just("١٢٣".to_string()),
        Just("-1".to_string()),
        Just("0".to_string()),
        Just("4294967296".to_string()),
        Just("18446744073709551616".to_string()),
        Just("1.5".to_string()),
        Just("-0.001".to_string()),
        Just("1e400".to_string()),
        Just("NaN".to_string()),
        Just("'; DROP TABLE orders; --".to_string()),
        Just("%s%n".to_string()),
        Just("2025-02-30".to_string()),
        Just("9999-12-31T23:59:59Z".to_string()),
        Just("100000y".to_string()),
        Just("--".to_string()),
        Just("-".to_string()),
        // The kernel takes at most 128 KiB in one argument.
        Just("x".repeat(100_000)),
        "\\PC{0,30}".prop_filter("no NUL in an argument", |s| !s.contains('\0')),
        proptest::sample::select(vec![
            "1",
            "2",
            "3",
            "4",
            "7",
            "10",
            "11",
            "12",
            "14",
            "acme-prepaid",
            "borealis-postpaid",
            "cedar-reseller",
            "dolphin-data",
            "vaultwise",
            "crm-saas",
            "headless-cms-saas",
            "mysql-8-database-image",
            "demo-10-2",
            "mkp_rfs_agency_trust",
            "team",
            "standard",
            "month",
            "yearly_monthly",
            "buyer",
            "seller",
        ])
        .prop_map(str::to_string),
    ]
}

/// A value for an option or argument named `value`: files and folders stay in the test's
/// folder, addresses on a closed port of loopback; anything else is odd text.
fn value_for(value: &str, files: &[String], dir: &Path) -> BoxedStrategy<String> {
    let inside = |name: &str| dir.join(name).display().to_string();
    match value {
        "FILE" => proptest::sample::select(files.to_vec()).boxed(),
        "DIR" | "PATH" => {
            proptest::sample::select(vec![inside("out"), inside("lie-0.png"), inside("no/such/dir")]).boxed()
        }
        "ADDRESS" | "ADDR" => proptest::sample::select(vec![
            "127.0.0.1:1".to_string(),
            "http://127.0.0.1:1".to_string(),
            "https://127.0.0.1:1".to_string(),
            "127.0.0.1:99999".to_string(),
            "ftp://127.0.0.1".to_string(),
            String::new(),
            "nonsense".to_string(),
            "[::1".to_string(),
        ])
        .boxed(),
        _ => odd_text().boxed(),
    }
}

/// Arguments for `leaf`: its positionals and some of its options, each value odd, sometimes
/// with a flag it does not know, an option without its value, or `--json`.
fn arguments(leaf: &Leaf, files: &[String], dir: &Path) -> BoxedStrategy<(Vec<String>, String)> {
    let positionals: Vec<BoxedStrategy<String>> =
        leaf.positionals.iter().map(|name| value_for(name, files, dir)).collect();
    let options: Vec<BoxedStrategy<Vec<String>>> = leaf
        .options
        .iter()
        .map(|(name, value)| {
            let flag = format!("--{name}");
            let pair = match value {
                Some(v) => value_for(v, files, dir).prop_map(move |v| vec![flag.clone(), v]).boxed(),
                None => Just(vec![flag]).boxed(),
            };
            prop_oneof![2 => Just(Vec::new()), 1 => pair].boxed()
        })
        .collect();
    let path = leaf.path.clone();
    let serve = leaf.path == ["serve"];
    (positionals, options, 0..8u8, any::<bool>(), odd_text())
        .prop_map(move |(positionals, options, twist, json, stdin)| {
            let mut args = path.clone();
            if json {
                args.push("--json".into());
            }
            args.extend(positionals);
            args.extend(options.into_iter().flatten());
            match twist {
                0 => args.push("--no-such-flag".into()),
                1 => args.push("--operation-id".into()),
                2 if args.len() > path.len() => drop(args.pop()),
                _ => {}
            }
            if serve {
                // Never a server that starts: always an address it cannot listen on.
                args.extend(["--listen".to_string(), "127.0.0.1:99999".to_string()]);
            }
            (args, stdin)
        })
        .boxed()
}

/// The verdict on one run.
fn judge(writes: bool, run: &Run, before: &StoreDigest, after: &StoreDigest) -> Result<(), String> {
    let status = run.status.ok_or("killed: no answer within 30 s, or a signal")?;
    if run.stderr.contains("panicked at") || run.stdout.contains("panicked at") {
        return Err(format!("a panic: {}", run.stderr));
    }
    let unchanged = || match before.changed_tables(after) {
        changed if changed.is_empty() => Ok(()),
        changed => Err(format!("the data file changed ({})", changed.join(", "))),
    };
    match status {
        0 if writes => Ok(()),
        0 => unchanged(),
        1 | 2 => {
            if !run.stdout.is_empty() {
                return Err(format!("a refusal printed on stdout: {:?}", run.stdout));
            }
            let line = run.stderr.strip_suffix('\n').unwrap_or(&run.stderr);
            if line.is_empty() || line.contains('\n') {
                return Err(format!("a refusal is one line on stderr: {:?}", run.stderr));
            }
            if let Ok(error) = serde_json::from_str::<serde_json::Value>(line) {
                let code = error["code"].as_str().ok_or(format!("a JSON refusal without a code: {line}"))?;
                if code == "internal" {
                    return Err(format!("an internal error: {line}"));
                }
                let bad_input = code == "invalid_input" || code == "invalid_image";
                if bad_input != (status == 2) {
                    return Err(format!("exit {status} for {code}: {line}"));
                }
            } else if !line.starts_with("kg: ") {
                return Err(format!("a refusal that is neither `kg: …` nor JSON: {line}"));
            }
            unchanged()
        }
        other => Err(format!("exit status {other}: {}", run.stderr)),
    }
}

fn fuzz_leaf(leaf: &Leaf, fixture: &Path, cases: u32, seed: u64) -> Option<String> {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kg.db");
    std::fs::copy(fixture, &db).unwrap();
    std::fs::copy(fixture.with_extension("key"), db.with_extension("key")).unwrap();
    let files = lying_paths(dir.path());
    let name = leaf.path.join(" ");
    let writes = WRITES.contains(&name.as_str());
    let before = std::cell::RefCell::new(store_digest(&db));
    let seed = seed ^ name.bytes().fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
    let mut seed_bytes = [0u8; 32];
    seed_bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let config = Config { cases, failure_persistence: None, max_shrink_iters: 16, ..Config::default() };
    let mut runner = TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes));
    let result = runner.run(&arguments(leaf, &files, dir.path()), |(args, stdin)| {
        let run = kg(&db, dir.path(), &args, &stdin);
        let after = store_digest(&db);
        let verdict = judge(writes, &run, &before.borrow(), &after);
        *before.borrow_mut() = after;
        let shown: Vec<String> =
            args.iter().map(|a| if a.len() > 80 { format!("{}…", &a[..60]) } else { a.clone() }).collect();
        verdict.map_err(|why| TestCaseError::fail(format!("{why}; kg {shown:?}")))
    });
    result.err().map(|err| format!("kg {name}: {err}"))
}

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

#[test]
fn every_subcommand_refuses_bad_arguments_on_one_line_and_writes_nothing() {
    let all = leaves();
    let names: Vec<String> = all.iter().map(|l| l.path.join(" ")).collect();
    assert!(all.len() > 80, "kg's help lists its subcommands: {names:?}");
    for write in WRITES {
        assert!(names.iter().any(|n| n == write), "{write} is no subcommand of kg");
    }
    let dir = tempfile::tempdir().unwrap();
    let fixture = fixture(dir.path());
    let cases = env_number("KG_FUZZ_CASES").map_or(8, |n| n as u32);
    let seed = env_number("KG_FUZZ_SEED").unwrap_or(0x6b67);
    // Two threads, one per core: a run of kg waits on its process most of the time.
    let (even, odd): (Vec<&Leaf>, Vec<&Leaf>) = {
        let (a, b): (Vec<_>, Vec<_>) = all.iter().enumerate().partition(|(i, _)| i % 2 == 0);
        (a.into_iter().map(|(_, l)| l).collect(), b.into_iter().map(|(_, l)| l).collect())
    };
    let failures: Vec<String> = std::thread::scope(|scope| {
        let fixture = &fixture;
        let handles: Vec<_> = [even, odd]
            .into_iter()
            .map(|half| {
                scope.spawn(move || half.iter().filter_map(|l| fuzz_leaf(l, fixture, cases, seed)).collect::<Vec<_>>())
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });
    eprintln!("kg fuzz: {} subcommands, {cases} cases each, {} failing", all.len(), failures.len());
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

/// Found by the fuzzer, twice: moving the demo clock 100,000 years kept an instant RFC 3339
/// cannot write, after which every command on the data file failed; and a clock set to the
/// last second of 9999 let the scheduler renew terms into the year 10000, with the same effect.
#[test]
fn the_demo_clock_past_the_year_9989_is_refused_and_the_data_file_still_works() {
    let db = Db::new();
    db.kg(&["clock", "set", "2026-03-01T09:00:00Z"]);
    let line = db.kg(&["clock", "advance", "100000y"]).refused(2).to_string();
    assert!(line.contains("9989"), "{line}");
    let line = db.kg(&["--json", "clock", "set", "9999-12-31T23:59:59Z"]).refused(2).to_string();
    assert!(line.contains("invalid_input") && line.contains("9999"), "{line}");
    let shown = db.kg(&["--json", "clock", "show"]).json();
    assert!(shown.to_string().contains("2026-03-01T09:00:00Z"), "{shown}");
    db.kg(&["--json", "clock", "advance", "30d"]).json();
    let listed = db.kg(&["--json", "subscription", "list"]).json();
    assert!(listed.is_array() || listed.is_object(), "{listed}");
}
