//! The marketplace's HTTP API refusing what it must (R-SYNC-5, and the issue's bad input):
//! every refusal is `{code, message}` with a status of its kind, and writes nothing.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use koogallery_core::orders::Services;
use koogallery_core::roles::{self, RoleChoice};
use koogallery_core::{demo, sync, Store};
use koogallery_server::serve::{serve, Transport};
use reqwest::blocking::Client;
use reqwest::StatusCode;
use serde_json::{json, Value};

/// A marketplace with the demo store, served on a free port of loopback for the test's life.
fn served() -> (tempfile::TempDir, PathBuf, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("marketplace.db");
    let mut store = Store::open(&path).unwrap();
    demo::reset_at(&mut store, chrono::Utc::now()).unwrap();
    roles::switch(&mut store, &RoleChoice::OperationsManager).unwrap();
    let code = sync::issue_code(&mut store, &Services::system(), "dolphin-data").unwrap().code;
    let (tell, told) = mpsc::channel::<SocketAddr>();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let listen: SocketAddr = "127.0.0.1:0".parse().unwrap();
        runtime
            .block_on(serve(store, listen, Transport::Http, move |listening| tell.send(listening.bound).unwrap()))
            .unwrap();
    });
    let address = format!("http://{}", told.recv().unwrap());
    (dir, path, address, code)
}

fn refused(response: reqwest::blocking::Response, status: StatusCode, code: &str) -> String {
    assert_eq!(response.status(), status);
    let body: Value = response.json().expect("a refusal is JSON");
    assert_eq!(body["code"], code, "{body}");
    body["message"].as_str().expect("with a message").to_string()
}

/// A push announcing a body of `size` bytes, none of them sent: the answer's status and body.
/// (Sending them all would race the refusal against the connection being cut.)
fn announced(address: &str, token: &str, size: usize) -> (u16, Value) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(address.trim_start_matches("http://")).unwrap();
    stream.set_read_timeout(Some(std::time::Duration::from_secs(10))).unwrap();
    write!(
        stream,
        "POST /v1/push HTTP/1.1\r\nHost: marketplace\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {size}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let status = answer.split(' ').nth(1).and_then(|s| s.parse().ok()).expect("an HTTP answer");
    let body = answer.split("\r\n\r\n").nth(1).unwrap_or_default();
    (status, serde_json::from_str(body).unwrap_or(Value::Null))
}

fn count(path: &Path, table: &str) -> i64 {
    let store = Store::open(path).unwrap();
    store.conn().query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap()
}

#[test]
fn r_sync_5_bad_calls_are_refused_with_a_code_and_a_message_and_write_nothing() {
    let (_dir, path, base, code) = served();
    // reqwest comes without a TLS provider of its own; this test's plain client needs one all the same.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = Client::new();
    let url = |p: &str| format!("{base}{p}");

    // Enrolment: malformed, unknown fields, then the code once.
    let bad = client.post(url("/v1/enrol")).body("{not json").send().unwrap();
    refused(bad, StatusCode::BAD_REQUEST, "invalid_input");
    let extra = json!({ "code": code, "device_name": "Laptop", "admin": true });
    refused(client.post(url("/v1/enrol")).json(&extra).send().unwrap(), StatusCode::BAD_REQUEST, "invalid_input");
    let ok = client.post(url("/v1/enrol")).json(&json!({ "code": code, "device_name": "Laptop" })).send().unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    let token = ok.json::<Value>().unwrap()["token"].as_str().unwrap().to_string();
    let again = client.post(url("/v1/enrol")).json(&json!({ "code": code, "device_name": "Again" })).send().unwrap();
    refused(again, StatusCode::UNAUTHORIZED, "unauthenticated");

    let operations_before = count(&path, "flow_operations");
    // Pushes: no token, a wrong one, not JSON, too large, a gap, an unknown kind.
    let empty = json!({ "operations": [] });
    refused(client.post(url("/v1/push")).json(&empty).send().unwrap(), StatusCode::UNAUTHORIZED, "unauthenticated");
    let wrong = client.post(url("/v1/push")).bearer_auth("kgd_guess").json(&empty).send().unwrap();
    refused(wrong, StatusCode::UNAUTHORIZED, "unauthenticated");
    let garbage = client.post(url("/v1/push")).bearer_auth(&token).body("[1, 2").send().unwrap();
    refused(garbage, StatusCode::BAD_REQUEST, "invalid_input");
    let (status, huge) = announced(&base, &token, 5 * 1024 * 1024);
    assert_eq!((status, huge["code"].as_str()), (413, Some("invalid_input")), "{huge}");
    assert!(huge["message"].as_str().unwrap().contains("MiB"), "{huge}");
    let operation = json!({
        "id": "op-1", "order_id": 1, "actor": { "role": "seller", "id": "dolphin-data" },
        "action": { "action": "remind" }
    });
    let gap = json!({ "operations": [{ "seq": 5, "operation": operation }] });
    let skipped = client.post(url("/v1/push")).bearer_auth(&token).json(&gap).send().unwrap();
    refused(skipped, StatusCode::CONFLICT, "out_of_sequence");
    let mut teleport = operation.clone();
    teleport["action"]["action"] = json!("teleport");
    let unknown = json!({ "operations": [{ "seq": 1, "operation": teleport }] });
    let strange = client.post(url("/v1/push")).bearer_auth(&token).json(&unknown).send().unwrap();
    refused(strange, StatusCode::BAD_REQUEST, "invalid_input");

    // Pulls and files: a bad cursor, a hash that is not one, an unknown call.
    let cursor = client.get(url("/v1/pull?cursor=abc&limit=10")).bearer_auth(&token).send().unwrap();
    refused(cursor, StatusCode::BAD_REQUEST, "invalid_input");
    let part = client.put(url("/v1/uploads/nothex?size=3&offset=0")).bearer_auth(&token).body("abc").send().unwrap();
    refused(part, StatusCode::BAD_REQUEST, "invalid_input");
    refused(client.get(url("/v2/everything")).send().unwrap(), StatusCode::NOT_FOUND, "not_found");

    assert_eq!(count(&path, "flow_operations"), operations_before, "no refusal wrote a record");
    assert_eq!(count(&path, "device_operations"), 0, "nor an outcome");
    assert_eq!(count(&path, "device_uploads"), 0, "nor a file");

    // And a good pull answers with the seller's flows.
    let pulled: Value =
        client.get(url("/v1/pull?cursor=0&limit=100")).bearer_auth(&token).send().unwrap().json().unwrap();
    assert!(!pulled["flows"].as_array().unwrap().is_empty());
}
