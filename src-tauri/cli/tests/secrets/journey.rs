//! What the secrets test drives: `kg` on data files of its own, every call's output kept to be
//! searched once every canary is known, `kg serve` with its output in log files, and the data
//! files held open so that their write-ahead logs stay on disk to be searched.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use tempfile::TempDir;

use super::canaries::Canaries;
use super::common::{Db, Run};

/// One output to search: where it came from, its bytes, and the one canary it may show.
struct Transcript {
    place: String,
    bytes: Vec<u8>,
    allowed: Option<String>,
}

pub struct Journey {
    pub canaries: Canaries,
    transcripts: Vec<Transcript>,
    /// Case files, logs and proof files.
    pub files: TempDir,
}

impl Journey {
    pub fn new() -> Journey {
        Journey { canaries: Canaries::default(), transcripts: Vec::new(), files: tempfile::tempdir().unwrap() }
    }

    /// Runs `kg` on `db` with `input` on stdin, and keeps what it printed.
    pub fn run(&mut self, db: &Db, args: &[&str], input: &str) -> Run {
        let run = db.kg_input(args, input);
        self.keep(&format!("kg {}", args.join(" ")), &run, None);
        run
    }

    pub fn kg(&mut self, db: &Db, args: &[&str]) -> Run {
        self.run(db, args, "")
    }

    /// `kg … --json`, which must succeed.
    pub fn json(&mut self, db: &Db, args: &[&str]) -> Value {
        self.json_input(db, args, "")
    }

    pub fn json_input(&mut self, db: &Db, args: &[&str], input: &str) -> Value {
        let all = [args, &["--json"]].concat();
        self.run(db, &all, input).json()
    }

    /// Runs `kg` both ways (text, then JSON), which must succeed.
    pub fn both(&mut self, db: &Db, args: &[&str]) -> Value {
        let text = self.kg(db, args);
        assert_eq!(text.status, 0, "{}", text.stderr);
        self.json(db, args)
    }

    /// The output of the one call that shows the secret `canary` to whom it belongs: it
    /// must carry that secret and may carry no other.
    pub fn allowed(&mut self, db: &Db, args: &[&str], canary: &str) -> Run {
        let run = db.kg_input(args, "");
        self.keep(&format!("kg {}", args.join(" ")), &run, Some(canary));
        run
    }

    fn keep(&mut self, place: &str, run: &Run, allowed: Option<&str>) {
        for (stream, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
            self.keep_bytes(&format!("{stream} of {place}"), text.as_bytes().to_vec(), allowed);
        }
    }

    pub fn keep_bytes(&mut self, place: &str, bytes: Vec<u8>, allowed: Option<&str>) {
        self.transcripts.push(Transcript { place: place.to_string(), bytes, allowed: allowed.map(str::to_string) });
    }

    /// A file of the journey's own with these bytes.
    pub fn file(&self, name: &str, bytes: &[u8]) -> String {
        let path = self.files.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path.to_str().unwrap().to_string()
    }

    pub fn pdf(&self, name: &str) -> String {
        self.file(name, b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    }

    /// Searches every output kept, for every canary known by now.
    pub fn search_transcripts(&mut self) {
        for t in &self.transcripts {
            self.canaries.search_but(&t.place, &t.bytes, t.allowed.as_deref());
        }
    }

    /// How many outputs were kept.
    pub fn transcripts(&self) -> usize {
        self.transcripts.len()
    }
}

/// A data file held open by a connection of the test's own: while it is, a `kg` that exits
/// does not fold the write-ahead log back into the file and delete it, so the log, with every
/// page written since, can be searched.
pub struct Held {
    conn: Option<rusqlite::Connection>,
    pub folder: PathBuf,
}

impl Held {
    pub fn open(db: &Db) -> Held {
        let conn = rusqlite::Connection::open(&db.path).unwrap();
        let _: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0)).unwrap();
        Held { conn: Some(conn), folder: db.path.parent().unwrap().to_path_buf() }
    }

    /// Searches the data folder as the log holds it, after the log is folded into the file
    /// and emptied, and once nothing holds the file.
    pub fn search_to_the_end(mut self, canaries: &mut Canaries, name: &str) {
        let files = super::canaries::files_under(&self.folder);
        assert!(files.iter().any(|f| f.to_string_lossy().ends_with("-wal")), "{name}: {files:?}");
        canaries.search_folder(&format!("{name}, its log held"), &self.folder);
        let conn = self.conn.take().unwrap();
        let (busy, _, _): (i64, i64, i64) =
            conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap();
        assert_eq!(busy, 0, "the checkpoint ran");
        canaries.search_folder(&format!("{name}, after a checkpoint"), &self.folder);
        drop(conn);
        canaries.search_folder(&format!("{name}, closed"), &self.folder);
    }
}

/// `kg serve --tls` on a data file, as beyond loopback (its certificate and key beside the
/// data file), its stdout and stderr written to log files that are searched.
pub struct Served {
    child: Child,
    pub address: String,
    pub fingerprint: String,
}

impl Served {
    pub fn start(db: &Db, port: u16, logs: &Path, n: u32) -> Served {
        let listen = format!("127.0.0.1:{port}");
        let stdout = logs.join(format!("serve-{n}.stdout.log"));
        let stderr = logs.join(format!("serve-{n}.stderr.log"));
        let child = Command::new(env!("CARGO_BIN_EXE_kg"))
            .args(["--db", db.path.to_str().unwrap(), "serve", "--listen", &listen, "--tls", "--json"])
            .env_remove("KG_DB")
            .env("RUST_BACKTRACE", "1")
            .stdout(Stdio::from(std::fs::File::create(&stdout).unwrap()))
            .stderr(Stdio::from(std::fs::File::create(&stderr).unwrap()))
            .spawn()
            .unwrap();
        let started = Instant::now();
        let line = loop {
            let text = std::fs::read_to_string(&stdout).unwrap();
            if let Some(line) = text.lines().next().filter(|_| text.contains('\n')) {
                break line.to_string();
            }
            assert!(started.elapsed() < Duration::from_secs(20), "kg serve did not start: {text}");
            std::thread::sleep(Duration::from_millis(20));
        };
        let ready: Value = serde_json::from_str(&line).unwrap_or_else(|_| panic!("not the address: {line:?}"));
        let fingerprint = ready["fingerprint"].as_str().unwrap().to_string();
        Served { child, address: ready["listening"].as_str().unwrap().to_string(), fingerprint }
    }

    pub fn port(&self) -> u16 {
        self.address.rsplit(':').next().unwrap().parse().unwrap()
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
