//! Canary secrets and the search for them in every encoding a leak would take.
//!
//! A canary is searched as its bytes, as lower- and upper-case hex, and as base64, standard
//! and URL-safe. Base64 of a secret depends on where the secret starts in the encoded data
//! (its offset modulo 3), so for each of the three offsets the canary is encoded behind 0, 1
//! or 2 filler bytes and only the characters made of the canary's bits alone are kept: that
//! core appears in the base64 of any data containing the canary at that offset, padded or
//! not, whatever comes before and after it. Searching for the cores is exact and needs no
//! guess of where a base64 run starts or ends, which decoding every base64-looking run
//! would (a run is easily cut wrong beside letters and digits, and then decodes to
//! garbage). Base64 wrapped over lines is searched too: each place is also searched with
//! its line breaks taken out. The shortest canary, 12 characters, leaves cores of 15
//! characters or more, too long to occur by chance. All the forms of all the canaries are
//! searched in one pass (an Aho-Corasick automaton), megabytes of data files at a time.
//!
//! The shell's command tests search their answers with it too.
#![allow(dead_code)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use aho_corasick::AhoCorasick;
use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
use base64::Engine;

/// One form of a canary to look for.
struct Needle {
    encoding: String,
    bytes: Vec<u8>,
}

/// A canary value no run has used before: `prefix` and 12 random upper-case hex digits,
/// which keep the ECS password rules (three kinds of characters, no `root` inside).
pub fn canary(prefix: &str) -> String {
    use std::hash::{BuildHasher, Hasher};
    let random = std::collections::hash_map::RandomState::new().build_hasher().finish();
    format!("{prefix}{:012X}", random & 0xFFFF_FFFF_FFFF)
}

/// Every form a canary is searched in.
fn needles(value: &str) -> Vec<Needle> {
    let plain = value.as_bytes();
    let hex: String = plain.iter().map(|b| format!("{b:02x}")).collect();
    let mut found = vec![
        Needle { encoding: "plain".into(), bytes: plain.to_vec() },
        Needle { encoding: "hex".into(), bytes: hex.clone().into_bytes() },
        Needle { encoding: "HEX".into(), bytes: hex.to_uppercase().into_bytes() },
    ];
    for (name, engine) in [("base64", &STANDARD_NO_PAD), ("base64url", &URL_SAFE_NO_PAD)] {
        for offset in 0..3 {
            found.push(Needle {
                encoding: format!("{name} at offset {offset}"),
                bytes: base64_core(engine, plain, offset),
            });
        }
    }
    found
}

/// The characters of base64 that `secret`'s bits alone make when it follows `offset` other
/// bytes (modulo 3): the first characters share bits with what comes before, the last with
/// what comes after.
pub fn base64_core(engine: &impl Engine, secret: &[u8], offset: usize) -> Vec<u8> {
    let mut data = vec![0u8; offset];
    data.extend_from_slice(secret);
    let encoded = engine.encode(&data).into_bytes();
    let first = (8 * offset).div_ceil(6);
    let last = 8 * data.len() / 6;
    encoded[first..last].to_vec()
}

/// The canaries of one run and what was searched.
#[derive(Default)]
pub struct Canaries {
    canaries: Vec<(String, String, Vec<Needle>)>,
    /// Every place searched, with the canary found there and how it was encoded.
    findings: Vec<String>,
    places: usize,
    /// The automata made so far, by the canary each leaves out.
    searchers: HashMap<Option<String>, (AhoCorasick, Vec<String>)>,
}

impl Canaries {
    /// Adds a canary under `name`.
    pub fn add(&mut self, name: &str, value: &str) {
        // The shortest, an enrolment code without its dashes, is 12 characters of 32: 60 bits.
        assert!(value.len() >= 12, "a canary long enough never to occur by chance: {name}");
        self.canaries.push((name.to_string(), value.to_string(), needles(value)));
        self.searchers.clear();
    }

    /// The canary called `name`.
    pub fn value(&self, name: &str) -> &str {
        &self.canaries.iter().find(|(n, _, _)| n == name).unwrap_or_else(|| panic!("no canary {name}")).1
    }

    /// Searches `bytes`, found at `place`, for every canary.
    pub fn search(&mut self, place: &str, bytes: &[u8]) {
        self.search_but(place, bytes, None);
    }

    /// Searches `bytes` for every canary but `allowed`: the answer that shows that one secret
    /// to whom it belongs, on purpose.
    pub fn search_but(&mut self, place: &str, bytes: &[u8], allowed: Option<&str>) {
        self.places += 1;
        let unwrapped: Vec<u8> = bytes.iter().copied().filter(|b| !matches!(b, b'\r' | b'\n')).collect();
        let (searcher, labels) = self.searcher(allowed);
        let mut hits: Vec<usize> = searcher
            .find_overlapping_iter(bytes)
            .chain(searcher.find_overlapping_iter(&unwrapped))
            .map(|m| m.pattern().as_usize())
            .collect();
        hits.sort_unstable();
        hits.dedup();
        let found: Vec<String> = hits.into_iter().map(|hit| format!("{} in {place}", labels[hit])).collect();
        self.findings.extend(found);
    }

    /// One automaton for every form of every canary but `allowed`, made once per set of
    /// canaries: it searches megabytes for them all in one pass.
    fn searcher(&mut self, allowed: Option<&str>) -> &(AhoCorasick, Vec<String>) {
        let key = allowed.map(str::to_string);
        let canaries = &self.canaries;
        self.searchers.entry(key).or_insert_with(|| {
            let mut labels = Vec::new();
            let mut patterns = Vec::new();
            for (name, _, needles) in canaries.iter().filter(|(name, _, _)| Some(name.as_str()) != allowed) {
                for needle in needles {
                    labels.push(format!("{name} ({})", needle.encoding));
                    patterns.push(needle.bytes.clone());
                }
            }
            (AhoCorasick::new(patterns).unwrap(), labels)
        })
    }

    /// Searches every file under `dir`, each by its path.
    pub fn search_folder(&mut self, when: &str, dir: &Path) {
        for file in files_under(dir) {
            self.search(&format!("{} ({when})", file.display()), &read_aside(&file));
        }
    }

    /// Fails, naming every place a canary was found, unless none was; `places` at least were
    /// searched.
    pub fn assert_none_found(&self, places: usize) {
        assert!(self.findings.is_empty(), "secrets found:\n{}", self.findings.join("\n"));
        assert!(self.places >= places, "only {} places searched", self.places);
    }

    /// The names of the canaries found so far, for tests of the search itself.
    pub fn found(&self) -> &[String] {
        &self.findings
    }
}

/// A file's bytes, read by another process. Reading it here would close a descriptor of a
/// data file the test holds open, and a close drops every lock this process has on the file
/// (POSIX locks belong to the process): the next `kg` to exit would then fold the log into the
/// file and delete it before it is searched.
fn read_aside(file: &Path) -> Vec<u8> {
    let read = std::process::Command::new("cat").arg(file).output().unwrap();
    assert!(read.status.success(), "{}: {}", file.display(), String::from_utf8_lossy(&read.stderr));
    read.stdout
}

/// Every file under `dir`, at any depth.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap_or_else(|e| panic!("{}: {e}", folder.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

#[test]
fn a_canary_is_found_in_each_encoding_at_any_offset_and_wrapped_over_lines() {
    use base64::engine::general_purpose::{STANDARD, URL_SAFE};
    let secret = "Kg!Canary-Test-0123456789?>~";
    let mut canaries = Canaries::default();
    canaries.add("test", secret);
    let hex: String = secret.bytes().map(|b| format!("{b:02x}")).collect();
    let mut cases: Vec<(String, Vec<u8>)> = vec![
        ("plain".into(), format!("{{\"password\":\"{secret}\"}}").into_bytes()),
        ("hex".into(), format!("x'{hex}'").into_bytes()),
        ("HEX".into(), hex.to_uppercase().into_bytes()),
    ];
    for before in 0..3 {
        let data = [&b"abc"[..before], secret.as_bytes(), b"tail"].concat();
        cases.push((format!("base64 at offset {before}"), STANDARD.encode(&data).into_bytes()));
        cases.push((format!("base64url at offset {before}"), URL_SAFE.encode(&data).into_bytes()));
    }
    let long = [vec![7u8; 50], secret.as_bytes().to_vec()].concat();
    let wrapped: Vec<u8> = STANDARD.encode(long).into_bytes().chunks(20).flat_map(|l| [l, b"\r\n"].concat()).collect();
    cases.push(("base64 at offset 2".into(), wrapped));
    for (encoding, bytes) in &cases {
        let mut one = Canaries::default();
        one.add("test", secret);
        one.search("case", bytes);
        assert!(
            one.found().iter().any(|f| f == &format!("test ({encoding}) in case")),
            "{encoding}: {:?}",
            one.found()
        );
    }
    // Not a near miss, nor a secret allowed in its own answer.
    canaries.search("near", &secret.as_bytes()[..secret.len() - 1]);
    canaries.search_but("reveal", secret.as_bytes(), Some("test"));
    assert!(canaries.found().is_empty(), "{:?}", canaries.found());
}
