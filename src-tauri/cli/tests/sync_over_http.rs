//! A seller's laptop and the marketplace as real processes over HTTP (R-SYNC-1 to R-SYNC-5):
//! `kg serve` on the marketplace's data file, `kg connect` on a new one with a code from
//! `kg seller enrol`; the server stopped, the seller delivers with a PDF on its copy and
//! `kg sync` says it is offline; the server started again, the delivery reaches the
//! marketplace once. Over TLS, the laptop pins the fingerprint `kg seller enrol` gives.
//! Refusals and conflicts are covered in the core's sync tests.

mod common;

use common::{Db, Server};
use serde_json::Value;

fn json(db: &Db, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.push("--json");
    db.kg(&all).json()
}

fn flow_state(db: &Db, order: &str) -> String {
    json(db, &["supervision", "show", order])["summary"]["state"].as_str().unwrap().to_string()
}

#[test]
fn r_sync_1_r_sync_2_r_sync_3_a_laptop_delivers_offline_and_syncs_over_http_once_the_marketplace_is_back() {
    let market = Db::new();
    assert_eq!(market.kg(&["demo", "reset"]).status, 0);
    // The demo's order 1 is a license of dolphin-data waiting on its delivery; order 10 is
    // vaultwise's. dolphin-data's laptop is enrolled.
    assert_eq!(market.kg(&["role", "operations"]).status, 0);
    let code = json(&market, &["seller", "enrol", "dolphin-data"])["code"].as_str().unwrap().to_string();
    let server = Server::start(&market, 0);
    let (address, port) = (server.1.clone(), server.port());

    let laptop = Db::new();
    let connected = json(&laptop, &["connect", &address, "--code", &code, "--name", "Field laptop"]);
    assert_eq!(connected["link"]["seller_id"], "dolphin-data");
    let pulled = connected["round"]["pulled"].as_u64().unwrap();
    assert!(pulled >= 1, "{connected}");
    assert_eq!(flow_state(&laptop, "1"), "seller_deploying");
    // The copy holds its seller's flows alone: `kg` never fills it with the demo store, as it
    // does a new data file.
    let flows = json(&laptop, &["supervision", "list"]);
    let sellers: Vec<&str> = flows.as_array().unwrap().iter().map(|f| f["seller_name"].as_str().unwrap()).collect();
    assert!(!sellers.is_empty() && sellers.iter().all(|s| *s == "Dolphin Data Systems"), "{sellers:?}");
    assert_eq!(laptop.kg(&["supervision", "show", "10"]).status, 1, "another seller's order is not on the copy");
    // The code worked once.
    let again = Db::new();
    assert_eq!(again.kg(&["connect", &address, "--code", &code, "--json"]).code(1), "unauthenticated");

    // Offline: the seller delivers on its copy.
    drop(server);
    let dir = tempfile::tempdir().unwrap();
    let sow = dir.path().join("sow.pdf");
    std::fs::write(&sow, b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n").unwrap();
    let delivered = laptop.kg(&["supervision", "deliver", "1", "--proof", sow.to_str().unwrap()]);
    assert_eq!(delivered.status, 0, "{}", delivered.stderr);
    assert_eq!(flow_state(&laptop, "1"), "awaiting_acceptance", "shown at once");
    let offline = json(&laptop, &["sync"]);
    assert!(offline["unreachable"].is_string(), "{offline}");
    assert_eq!(offline["waiting"], 1);

    // The marketplace is back on the same address.
    let server = Server::start(&market, port);
    let back = json(&laptop, &["sync"]);
    assert_eq!((back["applied"].as_u64(), back["waiting"].as_u64()), (Some(1), Some(0)), "{back}");
    assert_eq!(flow_state(&market, "1"), "awaiting_acceptance", "the buyer sees the delivery on the marketplace");
    let status = json(&laptop, &["sync", "status"]);
    assert_eq!(status["conflicts"], 0);
    assert!(status["link"]["last_error"].is_null());
    drop(server);
}

#[test]
fn r_sync_5_the_server_refuses_what_it_must_with_a_code_and_a_token_never_travels_in_the_clear() {
    let market = Db::new();
    assert_eq!(market.kg(&["demo", "reset"]).status, 0);
    let server = Server::start(&market, 0);
    assert!(server.1.starts_with("http://127.0.0.1:") && server.2.is_none(), "plain HTTP on loopback");
    let laptop = Db::new();
    assert_eq!(laptop.kg(&["connect", &server.1, "--code", "AAAA-BBBB-CCCC", "--json"]).code(1), "unauthenticated");
    assert_eq!(laptop.kg(&["sync", "--json"]).code(1), "not_found", "not a copy");
    let elsewhere = laptop.kg(&["connect", "http://192.0.2.7:8765", "--code", "AAAA-BBBB-CCCC", "--json"]);
    assert_eq!(elsewhere.code(2), "invalid_input", "refused before any connection");
    drop(server);
}

#[test]
fn r_sync_5_over_tls_the_laptop_pins_the_fingerprint_enrolment_gives_and_syncs_with_it() {
    let market = Db::new();
    assert_eq!(market.kg(&["demo", "reset"]).status, 0);
    assert_eq!(market.kg(&["role", "operations"]).status, 0);
    let unserved = market.kg(&["seller", "enrol", "dolphin-data"]);
    assert!(unserved.stdout.contains("has not been served yet: start it with kg serve"), "{}", unserved.stdout);

    let server = Server::start_tls(&market, 0);
    let fingerprint = server.2.clone().expect("kg serve --tls prints the fingerprint");
    assert!(server.1.starts_with("https://127.0.0.1:"), "{}", server.1);
    let enrolment = json(&market, &["seller", "enrol", "dolphin-data"]);
    assert_eq!(
        (enrolment["address"].as_str(), enrolment["fingerprint"].as_str()),
        (Some(server.1.as_str()), Some(fingerprint.as_str()))
    );
    let code = enrolment["code"].as_str().unwrap();
    let human = market.kg(&["seller", "enrol", "dolphin-data"]).stdout;
    assert!(human.contains(&format!("Fingerprint: {fingerprint}")), "{human}");
    assert!(human.contains(&format!("kg connect {} --code ", server.1)), "{human}");

    let laptop = Db::new();
    let unpinned = laptop.kg(&["connect", &server.1, "--code", code, "--json"]);
    assert_eq!(unpinned.code(2), "invalid_input", "https:// needs the fingerprint");
    let other = "00:".repeat(31) + "00";
    let wrong = laptop.kg(&["connect", &server.1, "--code", code, "--fingerprint", &other]);
    assert!(wrong.refused(1).contains("is not the one pinned at enrolment"), "{}", wrong.stderr);

    let connected = json(&laptop, &["connect", &server.1, "--code", code, "--fingerprint", &fingerprint]);
    assert_eq!(connected["link"]["fingerprint"], fingerprint.as_str(), "the code still worked: nothing was sent");
    assert!(connected["round"]["pulled"].as_u64().unwrap() >= 1, "{connected}");
    let synced = json(&laptop, &["sync"]);
    assert!(synced["unreachable"].is_null(), "{synced}");

    // Started again, the marketplace shows the same certificate, and the laptop syncs on.
    let port = server.port();
    drop(server);
    let server = Server::start_tls(&market, port);
    assert_eq!(server.2.as_deref(), Some(fingerprint.as_str()));
    assert!(json(&laptop, &["sync"])["unreachable"].is_null());
    drop(server);
}
