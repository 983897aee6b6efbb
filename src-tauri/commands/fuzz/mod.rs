//! Every command fed generated bad arguments through the mock runtime, as a webview could send
//! them: each answer is Ok or a refusal, never a panic; a refusal is `{ code, message }` with a
//! known code (or Tauri's own refusal of an argument that does not deserialise, which comes
//! before the command runs); and a refusal, or any answer of a command that only reads, leaves
//! every table of the store as it was.
//!
//! `KG_FUZZ_CASES` sets the cases per command (24 by default; `scripts/fuzz.sh` runs more),
//! `KG_FUZZ_SEED` fixes the generator's seed, and `KG_FUZZ_LOG=1` prints every Ok answer of a
//! command that writes, to look at what nonsense was accepted.

mod harness;
mod specs;
mod values;

use std::collections::BTreeSet;

use harness::Fuzzer;
use specs::{specs, Kind};

/// The commands `build.rs` declares, read from its source so that a command added there and
/// not here fails the coverage test.
fn declared_commands() -> BTreeSet<String> {
    let source = include_str!("../../build.rs");
    let list = source.split("const COMMANDS: &[&str] = &[").nth(1).and_then(|rest| rest.split("];").next());
    list.expect("build.rs declares COMMANDS")
        .lines()
        .filter_map(|line| line.trim().strip_prefix('"')?.strip_suffix("\",").map(str::to_string))
        .collect()
}

#[test]
fn the_fuzzer_covers_every_declared_command_once() {
    let declared = declared_commands();
    assert!(declared.len() > 90, "{declared:?}");
    let fuzzed: Vec<&str> = specs().iter().map(|s| s.name).collect();
    let unique: BTreeSet<String> = fuzzed.iter().map(|s| s.to_string()).collect();
    assert_eq!(unique.len(), fuzzed.len(), "a command fuzzed twice");
    assert_eq!(unique, declared, "every command in build.rs's COMMANDS, and only those, is fuzzed");
}

/// The commands split in four, so that the test threads share the work.
fn fuzz_part(part: usize) {
    let fuzzer = Fuzzer::new();
    let all = specs();
    let chunk = all.len().div_ceil(4);
    let mine: Vec<_> = all.iter().skip(part * chunk).take(chunk).collect();
    let failures: Vec<String> = mine.iter().flat_map(|spec| fuzzer.fuzz(spec)).collect();
    eprintln!("app fuzz: {} commands, {} cases each, {} failing", mine.len(), fuzzer.cases(), failures.len());
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn fuzzed_commands_refuse_with_code_and_message_and_write_nothing_1() {
    fuzz_part(0);
}

#[test]
fn fuzzed_commands_refuse_with_code_and_message_and_write_nothing_2() {
    fuzz_part(1);
}

#[test]
fn fuzzed_commands_refuse_with_code_and_message_and_write_nothing_3() {
    fuzz_part(2);
}

#[test]
fn fuzzed_commands_refuse_with_code_and_message_and_write_nothing_4() {
    fuzz_part(3);
}

#[test]
fn a_read_changes_nothing_in_the_fixture_store() {
    // The baseline the fuzzer compares against: reading it twice gives the same digest.
    let fuzzer = Fuzzer::new();
    let reads: Vec<_> = specs().into_iter().filter(|s| s.kind == Kind::Read).collect();
    assert!(reads.len() > 40);
    let (_dir, window) = fuzzer.window();
    let before = harness::digest(&window);
    for spec in &reads {
        let _ = harness::call(&window, spec.name, spec.args.clone());
    }
    assert_eq!(before.changed_tables(&harness::digest(&window)), Vec::<String>::new());
}
