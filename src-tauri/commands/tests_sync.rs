//! The commands of sellers who work offline, through the mock runtime, against a marketplace
//! served on loopback in this process: enrolling from the operations screens, connecting the
//! app with the code, acting offline, and syncing.

use std::net::SocketAddr;
use std::sync::mpsc;

use koogallery_core::orders::Services;
use koogallery_core::roles::{self, RoleChoice};
use koogallery_core::{demo, Store};
use koogallery_server::serve::{serve, Transport};
use serde_json::json;

use super::tests::{invoke, window};

/// The demo marketplace served on a free port of loopback; its file, and its address.
fn marketplace() -> (tempfile::TempDir, std::path::PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("marketplace.db");
    let mut store = Store::open(&path).unwrap();
    demo::reset_at(&mut store, chrono::Utc::now()).unwrap();
    let (tell, told) = mpsc::channel::<String>();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let listen: SocketAddr = "127.0.0.1:0".parse().unwrap();
        runtime
            .block_on(serve(store, listen, Transport::Http, move |l| tell.send(l.address.clone()).unwrap()))
            .unwrap();
    });
    (dir, path, told.recv().unwrap())
}

#[test]
fn r_sync_1_the_app_connects_with_a_code_then_shows_its_status_and_syncs() {
    let (_market_dir, market, address) = marketplace();
    let code = {
        let mut store = Store::open(&market).unwrap();
        roles::switch(&mut store, &RoleChoice::OperationsManager).unwrap();
        koogallery_core::sync::issue_code(&mut store, &Services::system(), "dolphin-data").unwrap().code
    };
    let (_dir, window) = window();
    assert_eq!(invoke(&window, "sync_status", json!({})).unwrap(), json!(null), "a marketplace is no copy");

    let bad =
        json!({ "address": "192.168.1.20:8765", "code": code, "deviceName": "Field laptop", "fingerprint": null });
    let refused = invoke(&window, "sync_connect", bad).unwrap_err();
    assert_eq!(refused["code"], "invalid_input", "{refused}");
    let clear =
        json!({ "address": "http://192.0.2.7:8765", "code": code, "deviceName": "Field laptop", "fingerprint": null });
    let refused = invoke(&window, "sync_connect", clear).unwrap_err();
    assert_eq!(refused["code"], "invalid_input", "no token in the clear beyond loopback: {refused}");
    let unnamed = json!({ "address": address, "code": "AAAA-BBBB-CCCC", "deviceName": " ", "fingerprint": null });
    assert_eq!(invoke(&window, "sync_connect", unnamed).unwrap_err()["code"], "invalid_input");
    assert_eq!(invoke(&window, "sync_status", json!({})).unwrap(), json!(null), "still the marketplace");

    let args =
        json!({ "address": format!("{address}/"), "code": code, "deviceName": "Field laptop", "fingerprint": "" });
    let status = invoke(&window, "sync_connect", args).unwrap();
    assert_eq!((status["online"].as_bool(), status["link"]["seller_id"].as_str()), (Some(true), Some("dolphin-data")));
    assert_eq!(status["link"]["address"], address.as_str());
    assert!(status["link"].get("cursor").is_some(), "kept, though the screens do not show it");
    let acting = invoke(&window, "role_show", json!({})).unwrap();
    assert_eq!((acting["role"].as_str(), acting["seller"]["id"].as_str()), (Some("seller"), Some("dolphin-data")));

    let again = json!({ "address": address, "code": code, "deviceName": "Again", "fingerprint": null });
    assert_eq!(invoke(&window, "sync_connect", again).unwrap_err()["code"], "conflict", "already a copy");

    let round = invoke(&window, "sync_now", json!({})).unwrap();
    assert_eq!(round["unreachable"], json!(null));
    assert_eq!(invoke(&window, "sync_conflicts", json!({})).unwrap(), json!([]));
    let devices = Store::open(&market).unwrap();
    let enrolled = koogallery_core::sync::devices(devices.conn(), Some("dolphin-data")).unwrap();
    assert_eq!(enrolled.iter().map(|d| d.name.as_str()).collect::<Vec<_>>(), ["Field laptop"]);
}

#[test]
fn r_sync_5_only_the_operations_manager_enrols_and_revokes_laptops() {
    let (_dir, window) = window();
    let as_buyer = invoke(&window, "sync_enrol", json!({ "sellerId": "dolphin-data" })).unwrap_err();
    assert_eq!(as_buyer["code"], "forbidden", "{as_buyer}");
    assert_eq!(invoke(&window, "sync_now", json!({})).unwrap_err()["code"], "not_found", "nothing to sync");

    invoke(&window, "role_switch", json!({ "choice": { "role": "operations_manager" } })).unwrap();
    let code = invoke(&window, "sync_enrol", json!({ "sellerId": "dolphin-data" })).unwrap();
    assert_eq!(code["code"].as_str().unwrap().len(), 14);
    assert_eq!(code["served"], json!(null), "never served: nothing to give with the code");
    assert_eq!(invoke(&window, "sync_devices", json!({})).unwrap(), json!([]));
    let missing = invoke(&window, "sync_revoke", json!({ "deviceId": 99 })).unwrap_err();
    assert_eq!(missing["code"], "not_found", "{missing}");
}
