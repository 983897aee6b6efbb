//! The bad values the fuzzer puts in a command's arguments: wrong types, numbers out of
//! range, empty, huge and odd strings, ids that exist but belong to someone else, and files
//! that lie about themselves.
//!
//! Lone surrogates are not here: a JSON text with `"\ud800"` is refused by serde_json before
//! any command sees it, and a `serde_json::Value` cannot hold one.

use base64::Engine;
use proptest::prelude::*;
use serde_json::{json, Value};

#[path = "../../cli/tests/common/lying_files.rs"]
mod lying_files;

/// Ids the demo store holds, of every kind: each belongs to one account, seller or flow, so
/// whoever the app acts as, most of them are someone else's.
pub const STRING_IDS: &[&str] = &[
    "acme-prepaid",
    "borealis-postpaid",
    "cedar-reseller",
    "dolphin-data",
    "vaultwise",
    "meridian-cloud",
    "crm-saas",
    "mysql-8-database-image",
    "headless-cms-saas",
    "database-license",
    "demo-10-2",
    "demo-2-1",
    "mkp_rfs_agency_trust",
];

/// Numeric ids: the demo's orders, subscriptions, requests and the fixtures' tickets and
/// invoices run from 1 to about 12; the rest are out of range.
fn numeric_id() -> impl Strategy<Value = Value> {
    prop_oneof![
        4 => (0u32..14).prop_map(Value::from),
        1 => Just(json!(-1)),
        1 => Just(json!(u64::from(u32::MAX) + 1)),
    ]
}

pub fn huge_string() -> String {
    "x".repeat(1 << 20)
}

fn odd_string() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just(" \t\n ".to_string()),
        Just("\u{202E}dlrow olleh\u{202C}".to_string()),
        Just("nul\0inside".to_string()),
        Just("e\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}".to_string()),
        Just("👩‍👩‍👧‍👦🏳️‍🌈".to_string()),
        Just("\u{FEFF}\u{200B}zero width".to_string()),
        Just("١٢٣".to_string()),
        Just("-1".to_string()),
        Just("0.001".to_string()),
        Just("1e400".to_string()),
        Just("NaN".to_string()),
        Just("99999999999999999999999999".to_string()),
        Just("'; DROP TABLE orders; --".to_string()),
        Just("../../../etc/passwd".to_string()),
        Just("%s%n%x".to_string()),
        Just("<script>alert(1)</script>".to_string()),
        Just("2025-02-30".to_string()),
        Just("9999-12-31T23:59:59Z".to_string()),
        Just("Mars/Olympus_Mons".to_string()),
        Just("4000 0000 0000 0002".to_string()),
        Just("4111111111111111".to_string()),
        Just(huge_string()),
        Just("🚀".repeat(1 << 18)),
        "\\PC{0,40}",
        any::<String>(),
        proptest::sample::select(STRING_IDS).prop_map(str::to_string),
    ]
}

fn bad_number() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!(0)),
        Just(json!(-1)),
        Just(json!(i64::MIN)),
        Just(json!(u64::MAX)),
        Just(json!(u64::from(u32::MAX) + 1)),
        Just(json!(1.5)),
        Just(json!(-0.0)),
        Just(json!(1e300)),
        Just(json!(f64::MIN_POSITIVE)),
        any::<i64>().prop_map(Value::from),
        (-1e12f64..1e12).prop_map(Value::from),
        numeric_id(),
    ]
}

/// A file named and encoded as the webview sends it: a lie, or not base64 at all.
pub fn lying_upload() -> impl Strategy<Value = Value> {
    let lies = lying_files::lying_files();
    let encoded: Vec<Value> = lies
        .into_iter()
        .map(|(name, bytes)| {
            json!({ "name": name, "content_base64": base64::engine::general_purpose::STANDARD.encode(bytes) })
        })
        .chain([
            json!({ "name": "proof.pdf", "content_base64": "%%% not base64 %%%" }),
            json!({ "name": "", "content_base64": "" }),
            json!({ "name": "a.pdf" }),
        ])
        .collect();
    proptest::sample::select(encoded)
}

/// Any bad value, of any type.
pub fn bad_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        2 => Just(Value::Null),
        1 => any::<bool>().prop_map(Value::from),
        4 => bad_number(),
        6 => odd_string().prop_map(Value::from),
        1 => Just(json!([])),
        1 => Just(json!({})),
        1 => Just(json!({ "unexpected": true })),
        2 => lying_upload(),
        2 => prop::collection::vec(lying_upload(), 1..4).prop_map(Value::from),
        1 => prop::collection::vec(numeric_id(), 0..5).prop_map(Value::from),
    ];
    leaf.prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Value::from),
            prop::collection::btree_map("[a-z_]{1,12}", inner, 0..3)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

/// A value the way it would be if it were valid: an id, a number in range, a plain word.
pub fn plausible_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        numeric_id(),
        proptest::sample::select(STRING_IDS).prop_map(Value::from),
        any::<bool>().prop_map(Value::from),
    ]
}
