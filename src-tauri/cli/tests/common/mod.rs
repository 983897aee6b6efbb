//! Running the real `kg` binary on a data file of a test's own.
#![allow(dead_code)]

pub mod grammar;
pub mod lying_files;
pub mod supervision;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use tempfile::TempDir;

/// A JSON answer that must be a list.
pub fn items(value: &Value) -> &Vec<Value> {
    value.as_array().unwrap_or_else(|| panic!("not an array: {value}"))
}

pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> Value {
        assert_eq!(self.status, 0, "kg failed: {}", self.stderr);
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.stdout))
    }

    /// A refusal with this status, nothing on stdout, and its JSON error's code.
    pub fn code(&self, status: i32) -> String {
        assert_eq!(self.status, status, "stdout: {}\nstderr: {}", self.stdout, self.stderr);
        assert_eq!(self.stdout, "");
        let error: Value = serde_json::from_str(self.stderr.trim()).unwrap_or_else(|_| panic!("{}", self.stderr));
        error["code"].as_str().unwrap().to_string()
    }

    /// Asserts a refusal: this status, nothing on stdout, and one line on stderr.
    pub fn refused(&self, status: i32) -> &str {
        assert_eq!(self.status, status, "stdout: {}\nstderr: {}", self.stdout, self.stderr);
        assert_eq!(self.stdout, "", "a refused command prints nothing on stdout");
        assert_eq!(self.stderr.lines().count(), 1, "one line on stderr: {:?}", self.stderr);
        self.stderr.trim_end()
    }
}

/// Runs `kg` with `KG_DB` set to `kg_db` (and to nothing otherwise, whatever the calling
/// shell has), so that a test never reaches the default data file.
pub fn kg_with(kg_db: Option<&Path>, args: &[&str]) -> Run {
    kg_with_in(kg_db, Path::new("."), args)
}

pub fn kg_with_in(kg_db: Option<&Path>, cwd: &Path, args: &[&str]) -> Run {
    kg_with_input(kg_db, cwd, args, "")
}

/// Runs `kg` with `input` on its standard input.
pub fn kg_with_input(kg_db: Option<&Path>, cwd: &Path, args: &[&str], input: &str) -> Run {
    use std::io::Write;
    let mut command = Command::new(env!("CARGO_BIN_EXE_kg"));
    // A panic prints its backtrace, where the secrets test searches it too.
    command.args(args).current_dir(cwd).env_remove("KG_DB").env("RUST_BACKTRACE", "1");
    if let Some(path) = kg_db {
        command.env("KG_DB", path);
    }
    command
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = command.spawn().expect("kg runs");
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let output = child.wait_with_output().expect("kg runs");
    Run {
        status: output.status.code().expect("kg exits by itself"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// A data file of its own for one test.
pub struct Db {
    _dir: TempDir,
    pub path: PathBuf,
}

impl Db {
    pub fn new() -> Db {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("koogallery.db");
        Db { _dir: dir, path }
    }

    pub fn kg(&self, args: &[&str]) -> Run {
        self.kg_in(Path::new("."), args)
    }

    /// Runs `kg` with `input` on its standard input.
    pub fn kg_input(&self, args: &[&str], input: &str) -> Run {
        let mut all = vec!["--db", self.path.to_str().unwrap()];
        all.extend_from_slice(args);
        kg_with_input(None, Path::new("."), &all, input)
    }

    /// Runs `kg` from the folder `cwd`.
    pub fn kg_in(&self, cwd: &Path, args: &[&str]) -> Run {
        let mut all = vec!["--db", self.path.to_str().unwrap()];
        all.extend_from_slice(args);
        kg_with_in(None, cwd, &all)
    }
}

/// `kg serve` on `db`, on a free port of loopback; stopped when dropped.
/// `kg serve` running: the process, the address it listens on, and its certificate's
/// fingerprint when it serves TLS.
pub struct Server(pub std::process::Child, pub String, pub Option<String>);

impl Server {
    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.1.rsplit(':').next().unwrap().parse().unwrap()
    }

    pub fn start(db: &Db, port: u16) -> Server {
        Server::start_with(db, port, &[])
    }

    /// Serving HTTPS on loopback, as it does beyond.
    pub fn start_tls(db: &Db, port: u16) -> Server {
        Server::start_with(db, port, &["--tls"])
    }

    fn start_with(db: &Db, port: u16, more: &[&str]) -> Server {
        let listen = format!("127.0.0.1:{port}");
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_kg"))
            .args(["--db", db.path.to_str().unwrap(), "serve", "--listen", &listen, "--json"])
            .args(more)
            .env_remove("KG_DB")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::BufRead;
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let ready: serde_json::Value =
            serde_json::from_str(&line).unwrap_or_else(|_| panic!("not the address: {line:?}"));
        let fingerprint = ready["fingerprint"].as_str().map(str::to_string);
        Server(child, ready["listening"].as_str().unwrap().to_string(), fingerprint)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `kg order place` of the demo's Headless CMS, Team edition, yearly/monthly: the checkout the
/// tests build on, each adding its duration, boxes and key.
#[allow(dead_code)]
pub const PLACE_CMS_TEAM: [&str; 8] =
    ["order", "place", "--product", "headless-cms-saas", "--edition", "team", "--billing", "yearly_monthly"];
