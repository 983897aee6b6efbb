//! The fuzzer's store, its calls through the mock runtime, and what it checks of each answer.

use std::cell::RefCell;
use std::panic::AssertUnwindSafe;

use koogallery_core::orders::Services;
use koogallery_core::roles::{self, RoleChoice};
use koogallery_core::store::digest::StoreDigest;
use koogallery_core::{demo, ErrorCode, Store};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use serde_json::{json, Value};
use tauri::test::MockRuntime;
use tauri::{Manager, WebviewWindow};

use super::specs::{Kind, Spec};
use super::values::{bad_value, plausible_value};
use crate::commands::tests::{invoke, window_on};
use crate::AppState;

/// Whom the app acts as while a case runs: the demo buyer owns orders 1 to 3, the fixtures
/// belong to Borealis, and Dolphin Data sells only order 1, so most ids are someone else's.
fn roles() -> [RoleChoice; 4] {
    [
        RoleChoice::Buyer { account_id: "acme-prepaid".into() },
        RoleChoice::Seller { seller_id: "dolphin-data".into() },
        RoleChoice::OperationsManager,
        RoleChoice::Buyer { account_id: "borealis-postpaid".into() },
    ]
}

pub enum Answer {
    Ok(Value),
    Err(Value),
    Panicked,
}

/// Calls `command`; a command that panics drops its answer, which the mock reports by
/// panicking in turn: that is caught here.
pub fn call(window: &WebviewWindow<MockRuntime>, command: &str, args: Value) -> Answer {
    match std::panic::catch_unwind(AssertUnwindSafe(|| invoke(window, command, args))) {
        Ok(Ok(value)) => Answer::Ok(value),
        Ok(Err(value)) => Answer::Err(value),
        Err(_) => Answer::Panicked,
    }
}

pub fn digest(window: &WebviewWindow<MockRuntime>) -> StoreDigest {
    let state = window.state::<AppState>();
    let store = state.store().unwrap();
    koogallery_core::store::digest::digest(store.conn()).unwrap()
}

/// A demo store with the fixtures of another buyer (a SaaS order with its password, a ticket,
/// an invoice), its clock stopped so that no timer falls due while the fuzzer runs, kept as a
/// snapshot that each command starts from.
pub struct Fuzzer {
    dir: tempfile::TempDir,
    cases: u32,
    seed: u64,
    log_writes: bool,
}

impl Fuzzer {
    pub fn new() -> Fuzzer {
        let dir = tempfile::tempdir().unwrap();
        let store = demo::open(&dir.path().join("fixture.db")).unwrap();
        store.set_demo_clock(chrono::SubsecRound::trunc_subsecs(chrono::Utc::now(), 0)).unwrap();
        let window = window_on(AppState::new(store), &dir);
        for (command, args) in fixtures() {
            if let Err(err) = invoke(&window, command, args) {
                panic!("the fixture {command} was refused: {err}");
            }
        }
        {
            let state = window.state::<AppState>();
            let mut store = state.store().unwrap();
            koogallery_core::catalog::search::prepare(&store).unwrap();
            koogallery_core::scheduler::catch_up(&mut store, &Services::system()).unwrap();
            store.save_snapshot(&dir.path().join("snapshot.db")).unwrap();
        }
        std::fs::copy(dir.path().join("fixture.key"), dir.path().join("snapshot.key")).unwrap();
        let number = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<u64>().ok());
        Fuzzer {
            dir,
            cases: number("KG_FUZZ_CASES").map_or(24, |n| n as u32),
            seed: number("KG_FUZZ_SEED").unwrap_or(0x6b67),
            log_writes: std::env::var_os("KG_FUZZ_LOG").is_some(),
        }
    }

    pub fn cases(&self) -> u32 {
        self.cases
    }

    /// A window over a fresh copy of the fixture store.
    pub fn window(&self) -> (tempfile::TempDir, WebviewWindow<MockRuntime>) {
        let dir = tempfile::tempdir().unwrap();
        let copy = |from: &str, to: &str| std::fs::copy(self.dir.path().join(from), dir.path().join(to)).unwrap();
        copy("snapshot.db", "kg.db");
        copy("snapshot.key", "kg.key");
        let store = Store::open(&dir.path().join("kg.db")).unwrap();
        let window = window_on(AppState::new(store), &dir);
        (dir, window)
    }

    /// Runs the cases of one command; returns what went wrong, one line each.
    pub fn fuzz(&self, spec: &Spec) -> Vec<String> {
        let (_dir, window) = self.window();
        let baseline: RefCell<Option<(usize, StoreDigest)>> = RefCell::new(None);
        let config = Config { cases: self.cases, failure_persistence: None, max_shrink_iters: 32, ..Config::default() };
        let seed = self.seed ^ spec.name.bytes().fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
        let mut seed_bytes = [0u8; 32];
        seed_bytes[..8].copy_from_slice(&seed.to_le_bytes());
        let mut runner = TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes));
        let strategy = (0..roles().len(), arguments(spec));
        let result = runner.run(&strategy, |(role, args)| {
            let mut known = baseline.borrow_mut();
            if known.as_ref().map(|(r, _)| *r) != Some(role) {
                roles::switch(&mut window.state::<AppState>().store().unwrap(), &roles()[role]).unwrap();
                *known = Some((role, digest(&window)));
            }
            let before = known.as_ref().map(|(_, d)| d.clone()).unwrap();
            let answer = call(&window, spec.name, args.clone());
            let after = digest(&window);
            let shown = shorten(&args);
            let verdict = judge(spec, &answer, &before, &after);
            if let (Answer::Ok(value), Kind::Write, true) = (&answer, spec.kind, self.log_writes) {
                eprintln!("fuzz: {} as {:?} accepted {shown}: {}", spec.name, roles()[role], shorten(value));
            }
            *known = Some((role, after));
            verdict.map_err(|why| TestCaseError::fail(format!("{why}; as {:?} with {shown}", roles()[role])))
        });
        match result {
            Ok(()) => Vec::new(),
            Err(err) => vec![format!("{}: {err}", spec.name)],
        }
    }
}

/// What the fixture store holds beyond the demo: Borealis's own SaaS order (order 14, after the
/// demo's 13; its password sealed), ticket and invoice, so that others' ids of every kind exist.
fn fixtures() -> Vec<(&'static str, Value)> {
    vec![
        ("account_switch", json!({ "accountId": "borealis-postpaid" })),
        (
            "order_place",
            json!({ "request": {
                "configuration": {
                    "product_id": "headless-cms-saas", "edition": "team", "billing": "yearly_monthly",
                    "period": "month", "duration": 1, "users": null, "quantity": null
                },
                "accept_terms": true, "authorize_seller": false, "payment": { "method": "credit" },
                "idempotency_key": "fixture-1"
            } }),
        ),
        (
            "ticket_open",
            json!({ "form": {
                "category": "other", "order_id": 14, "description": "The application does not start."
            } }),
        ),
        (
            "invoice_request",
            json!({ "request": {
                "order_ids": [14], "title": "Borealis Ltd", "tax_id": "DE-123", "address": "1 Main Street",
                "email": "billing@borealis.example"
            } }),
        ),
        ("account_switch", json!({ "accountId": "acme-prepaid" })),
    ]
}

/// The verdict on one answer: Ok or `{ code, message }`, never a panic, and the store as it
/// was unless a command that writes succeeded.
fn judge(spec: &Spec, answer: &Answer, before: &StoreDigest, after: &StoreDigest) -> Result<(), String> {
    let untouched = || {
        let changed = before.changed_tables(after);
        if changed.is_empty() {
            Ok(())
        } else {
            Err(format!("the store changed ({})", changed.join(", ")))
        }
    };
    match answer {
        Answer::Panicked => Err("the command panicked".into()),
        Answer::Ok(_) if spec.kind == Kind::Write => Ok(()),
        Answer::Ok(_) => untouched(),
        Answer::Err(err) => {
            refusal_shape(spec.name, err)?;
            untouched()
        }
    }
}

/// `{ code, message }` with a known code and a message, or Tauri's refusal of arguments that
/// do not deserialise (a string naming the command, sent before the command runs).
fn refusal_shape(command: &str, err: &Value) -> Result<(), String> {
    if let Some(text) = err.as_str() {
        let tauri_refusal = text.starts_with("invalid args `") && text.contains(&format!("for command `{command}`"));
        return if tauri_refusal { Ok(()) } else { Err(format!("a refusal that is a bare string: {text:?}")) };
    }
    let object = err.as_object().ok_or_else(|| format!("a refusal that is not an object: {err}"))?;
    let code = object.get("code").and_then(Value::as_str);
    let message = object.get("message").and_then(Value::as_str);
    match (code, message, object.len()) {
        (Some(code), Some(message), 2)
            if ErrorCode::ALL.iter().any(|c| c.as_str() == code) && !message.trim().is_empty() =>
        {
            if code == "internal" {
                Err(format!("an internal error: {message}"))
            } else {
                Ok(())
            }
        }
        _ => Err(format!("a refusal that is not {{code, message}} with a known code: {}", shorten(err))),
    }
}

/// Arguments for `spec`: its well-formed ones with one field replaced, emptied or removed,
/// or something else entirely.
fn arguments(spec: &Spec) -> BoxedStrategy<Value> {
    let template = spec.args.clone();
    let paths = paths(&template);
    let whole = prop_oneof![
        Just(json!({})),
        bad_value(),
        bad_value().prop_map({
            let t = template.clone();
            move |v| with_extra(&t, v)
        }),
    ];
    let command = spec.name;
    let strategy = if paths.is_empty() {
        whole.boxed()
    } else {
        let replace = |values: BoxedStrategy<Value>| {
            let (t, p) = (template.clone(), paths.clone());
            (proptest::sample::select(p), values).prop_map(move |(path, v)| replaced(&t, &path, Some(v)))
        };
        let removed = {
            let (t, p) = (template.clone(), paths.clone());
            proptest::sample::select(p).prop_map(move |path| replaced(&t, &path, None))
        };
        prop_oneof![
            8 => replace(bad_value().boxed()),
            3 => replace(plausible_value().boxed()),
            2 => removed,
            1 => whole,
        ]
        .boxed()
    };
    strategy.prop_map(move |args| keep_off_the_network(command, args)).boxed()
}

/// Every place in `value` a field or an element sits, as a path of keys and indexes.
fn paths(value: &Value) -> Vec<Vec<Value>> {
    let mut found = Vec::new();
    let mut walk = vec![(Vec::new(), value)];
    while let Some((path, node)) = walk.pop() {
        let children: Vec<(Value, &Value)> = match node {
            Value::Object(map) => map.iter().map(|(k, v)| (json!(k), v)).collect(),
            Value::Array(items) => items.iter().enumerate().map(|(i, v)| (json!(i), v)).collect(),
            _ => Vec::new(),
        };
        for (key, child) in children {
            let mut deeper = path.clone();
            deeper.push(key);
            found.push(deeper.clone());
            walk.push((deeper, child));
        }
    }
    found
}

/// `template` with the value at `path` replaced, or removed when `value` is none.
fn replaced(template: &Value, path: &[Value], value: Option<Value>) -> Value {
    let mut args = template.clone();
    let (last, parents) = path.split_last().unwrap();
    let mut node = &mut args;
    for key in parents {
        node = match key {
            Value::String(k) => &mut node[k.as_str()],
            _ => &mut node[key.as_u64().unwrap() as usize],
        };
    }
    match (node, last, value) {
        (Value::Object(map), Value::String(k), Some(v)) => drop(map.insert(k.clone(), v)),
        (Value::Object(map), Value::String(k), None) => drop(map.remove(k)),
        (Value::Array(items), i, Some(v)) => items[i.as_u64().unwrap() as usize] = v,
        (Value::Array(items), i, None) => drop(items.remove(i.as_u64().unwrap() as usize)),
        _ => unreachable!("paths come from the template"),
    }
    args
}

fn with_extra(template: &Value, extra: Value) -> Value {
    let mut args = template.clone();
    if let Value::Object(map) = &mut args {
        map.insert("unexpected".into(), extra);
    }
    args
}

/// `sync_connect` dials the address it is given: any generated text is made a path on a
/// closed port of loopback, so that the fuzzer never reaches out to a real host.
fn keep_off_the_network(command: &str, mut args: Value) -> Value {
    if command == "sync_connect" {
        if let Some(address) = args.get("address").and_then(Value::as_str).filter(|a| !a.is_empty() && a.len() < 4096) {
            if !address.starts_with("http://127.0.0.1:1") {
                args["address"] = json!(format!("http://127.0.0.1:1/{address}"));
            }
        }
    }
    args
}

/// A value as a failure shows it: long strings cut.
fn shorten(value: &Value) -> String {
    let text = value.to_string();
    if text.len() > 300 {
        format!("{}… ({} bytes)", text.chars().take(300).collect::<String>(), text.len())
    } else {
        text
    }
}
