//! A supervised order's journeys through `kg`: a demo store with its clock standing still, acting
//! as each role, buying, the files a delivery's proof is made of, and reading what moved.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use serde_json::Value;
use tempfile::TempDir;

use super::{items, Db, Run};

/// Whether `value` is the number `id` (an order or request number as the tests hold it).
pub fn same(value: &Value, id: &str) -> bool {
    value.as_u64().is_some() && value.as_u64() == id.parse().ok()
}

pub fn at(value: &Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(value.as_str().unwrap_or_else(|| panic!("not a time: {value}")))
        .unwrap()
        .with_timezone(&Utc)
}

/// A demo store whose demo clock stands still at the machine's time, and a folder for files.
pub struct Demo {
    pub db: Db,
    pub files: TempDir,
}

impl Demo {
    pub fn new() -> Demo {
        let db = Db::new();
        assert_eq!(db.kg(&["demo", "reset"]).status, 0);
        assert_eq!(db.kg(&["clock", "advance", "1m"]).status, 0);
        Demo { db, files: tempfile::tempdir().unwrap() }
    }

    pub fn kg(&self, args: &[&str]) -> Run {
        self.db.kg(args)
    }

    pub fn json(&self, args: &[&str]) -> Value {
        let mut all = args.to_vec();
        all.push("--json");
        self.db.kg(&all).json()
    }

    pub fn as_buyer(&self, account: &str) {
        assert_eq!(self.kg(&["role", "buyer", account]).status, 0);
    }

    pub fn as_seller(&self, seller: &str) {
        assert_eq!(self.kg(&["role", "seller", seller]).status, 0);
    }

    pub fn as_operations(&self) {
        assert_eq!(self.kg(&["role", "operations"]).status, 0);
    }

    /// Places an order for one `period` of `product`'s `edition` as the current buyer.
    pub fn buy(&self, product: &str, edition: &str, period: &str) -> String {
        let key = format!("{product}-{edition}");
        let placed = self.json(&[
            "order",
            "place",
            "--product",
            product,
            "--edition",
            edition,
            "--billing",
            "yearly_monthly",
            "--period",
            period,
            "--accept-terms",
            "--idempotency-key",
            &key,
        ]);
        assert_eq!(placed["order"]["status"], "processing", "a supervised order waits for its flow: {placed}");
        placed["order"]["id"].to_string()
    }

    /// A file of the test's own with these bytes.
    pub fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.files.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    pub fn pdf(&self, name: &str) -> String {
        let bytes = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
        self.file(name, bytes).to_str().unwrap().to_string()
    }

    pub fn png(&self, name: &str) -> String {
        self.file(name, &png_32()).to_str().unwrap().to_string()
    }

    /// The flow's page as JSON, as whom the app acts as.
    pub fn flow(&self, order: &str) -> Value {
        self.json(&["supervision", "show", order])
    }

    pub fn order_status(&self, order: &str) -> Value {
        self.json(&["order", "show", order])["order"]["status"].clone()
    }
}

/// A 32×32 PNG of one colour, written out by hand (8-bit RGB, one stored deflate block), so
/// that the screenshot delivered as proof is a real picture the core decodes in full.
pub fn png_32() -> Vec<u8> {
    const SIDE: u32 = 32;
    // Each row: no filter, then its pixels.
    let row: Vec<u8> = std::iter::once(0).chain([20, 120, 200].repeat(SIDE as usize)).collect();
    let raw = row.repeat(SIDE as usize);
    let len = u16::try_from(raw.len()).unwrap();
    let mut zlib = vec![0x78, 0x01, 0x01];
    zlib.extend_from_slice(&len.to_le_bytes());
    zlib.extend_from_slice(&(!len).to_le_bytes());
    zlib.extend_from_slice(&raw);
    let (mut a, mut b) = (1u32, 0u32);
    for byte in &raw {
        a = (a + u32::from(*byte)) % 65521;
        b = (b + a) % 65521;
    }
    zlib.extend_from_slice(&((b << 16) | a).to_be_bytes());

    let mut header = Vec::new();
    header.extend_from_slice(&SIDE.to_be_bytes());
    header.extend_from_slice(&SIDE.to_be_bytes());
    header.extend_from_slice(&[8, 2, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, data) in [(b"IHDR", header), (b"IDAT", zlib), (b"IEND", Vec::new())] {
        png.extend_from_slice(&u32::try_from(data.len()).unwrap().to_be_bytes());
        let start = png.len();
        png.extend_from_slice(kind);
        png.extend_from_slice(&data);
        let crc = crc32(&png[start..]);
        png.extend_from_slice(&crc.to_be_bytes());
    }
    png
}

pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for byte in bytes {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// The fired timers of a clock move that concern `subject` ("order 12").
pub fn fired_for<'a>(moved: &'a Value, subject: &str) -> Vec<&'a Value> {
    items(&moved["fired"]).iter().filter(|f| f["subject"] == subject).collect()
}

/// A license bought by the prepaid buyer, in Dolphin Data's queue.
pub fn licence_bought(demo: &Demo) -> String {
    demo.as_buyer("acme-prepaid");
    assert_eq!(demo.kg(&["account", "topup", "1000"]).status, 0, "the licence costs more than the demo balance");
    demo.buy("database-license", "8-core", "year")
}
