//! Proof files a laptop sends before the operations that name them (R-SYNC-2): by SHA-256, in
//! parts that go on from what arrived, checked by hash and size, a no-op for a file the
//! marketplace has; a damaged file is dropped and sent again.

mod common;

use common::supervision::{pdf, store, t0, with_clock};
use common::sync::{enrolled, other_seller, OTHER_SELLER};
use koogallery_core::sync::{self, Device};
use koogallery_core::{ErrorCode, Store};
use sha2::{Digest, Sha256};

fn sha(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

fn send(store: &mut Store, device: &Device, bytes: &[u8], offset: u64, part: &[u8]) -> sync::Received {
    with_clock(t0(), |s| sync::upload(store, s, device, &sha(bytes), bytes.len() as u64, offset, part)).unwrap()
}

/// A PDF of `size` bytes, different for each `n`.
fn document(n: u8, size: usize) -> Vec<u8> {
    let mut bytes = pdf();
    bytes.resize(size, b' ' + n % 64);
    bytes
}

#[test]
fn r_sync_2_a_file_goes_on_from_what_arrived_and_completes_only_whole_and_true() {
    let mut store = store();
    let (_, device) = enrolled(&mut store);
    let file = document(1, 3000);
    let hash = sha(&file);
    assert_eq!(sync::received(store.conn(), &device, &hash).unwrap().received, 0);
    let first = send(&mut store, &device, &file, 0, &file[..1000]);
    assert_eq!((first.received, first.complete), (1000, false));
    // A part sent again from where it started (its answer was lost) is refused: the
    // marketplace says where to go on from.
    let again = with_clock(t0(), |s| sync::upload(&mut store, s, &device, &hash, 3000, 0, &file[..1000]));
    assert_eq!(again.unwrap_err().code(), ErrorCode::OutOfSequence);
    assert_eq!(sync::received(store.conn(), &device, &hash).unwrap().received, 1000);
    let done = send(&mut store, &device, &file, 1000, &file[1000..]);
    assert!(done.complete);
    // Whole already: sending it again is a no-op.
    assert!(send(&mut store, &device, &file, 0, &file[..10]).complete);

    // Bytes that do not hash to the name they were sent under are dropped.
    let other = document(2, 2000);
    let mut damaged = other.clone();
    damaged[1500] ^= 0xFF;
    send(&mut store, &device, &other, 0, &damaged[..1000]);
    let err = with_clock(t0(), |s| sync::upload(&mut store, s, &device, &sha(&other), 2000, 1000, &damaged[1000..]));
    assert_eq!(err.unwrap_err().code(), ErrorCode::InvalidInput);
    assert_eq!(sync::received(store.conn(), &device, &sha(&other)).unwrap().received, 0, "sent again from the start");
}

#[test]
fn r_sync_2_bad_parts_are_refused_and_write_nothing() {
    let mut store = store();
    let (_, device) = enrolled(&mut store);
    let file = document(3, 100);
    let hash = sha(&file);
    let cases: Vec<(&str, String, u64, u64, Vec<u8>)> = vec![
        ("not a hash", "xyz".into(), 100, 0, file.clone()),
        ("upper-case hash", hash.to_uppercase(), 100, 0, file.clone()),
        ("empty file", hash.clone(), 0, 0, vec![]),
        ("too large", hash.clone(), sync::MAX_FILE_BYTES + 1, 0, file.clone()),
        ("empty part", hash.clone(), 100, 0, vec![]),
        ("past the end", hash.clone(), 100, 50, file.clone()),
        ("not from the start", hash.clone(), 100, 10, file[..10].to_vec()),
    ];
    for (what, hash, size, offset, part) in cases {
        let err = with_clock(t0(), |s| sync::upload(&mut store, s, &device, &hash, size, offset, &part)).unwrap_err();
        assert!(matches!(err.code(), ErrorCode::InvalidInput | ErrorCode::OutOfSequence), "{what}: {err}");
        let uploads: i64 = store.conn().query_row("SELECT count(*) FROM device_uploads", [], |r| r.get(0)).unwrap();
        assert_eq!(uploads, 2, "{what}: only the proof files sent at enrolment");
    }
}

#[test]
fn r_sync_5_a_file_one_seller_sent_is_not_another_sellers_to_name() {
    let mut store = store();
    let (_, device) = enrolled(&mut store);
    let file = document(4, 500);
    send(&mut store, &device, &file, 0, &file);
    other_seller(&store);
    store
        .conn()
        .execute(
            "INSERT INTO seller_devices (seller_id, name, token_hash, enrolled_at) VALUES (?1, 'Other', 'x', ?2)",
            [OTHER_SELLER, "2026-03-02T10:00:00Z"],
        )
        .unwrap();
    let other = sync::devices(store.conn(), Some(OTHER_SELLER)).unwrap().remove(0);
    let seen = sync::received(store.conn(), &other, &sha(&file)).unwrap();
    assert_eq!((seen.received, seen.complete), (0, false), "the other seller must send it itself");
}
