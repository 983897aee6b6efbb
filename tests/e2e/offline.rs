//! A seller who works offline (R-SYNC), in the real app: connected to a marketplace that
//! `kg serve` runs over TLS, the seller delivers a license with a PDF and a screenshot while the
//! server is down; back up, the delivery syncs and the buyer's app on the marketplace shows it
//! and accepts it. And a delivery the marketplace refuses because the buyer appealed meanwhile,
//! shown to the seller as a conflict.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use crate::driver::{kg_binary, kg_on, App};
use crate::supervision::proof_files;

/// `kg serve --tls` on the marketplace's data file, until dropped.
struct Server {
    child: Child,
}

impl Server {
    /// Starts serving `db` on `listen` and waits until it listens; returns its address.
    fn start(db: &Path, listen: &str) -> (Server, String) {
        let mut child = Command::new(kg_binary())
            .args(["--db", &db.display().to_string(), "--json", "serve", "--tls", "--listen", listen])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let listening: serde_json::Value = serde_json::from_str(&line).expect("kg serve says where it listens");
        (Server { child }, listening["listening"].as_str().unwrap().to_string())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A marketplace with the demo data, where Acme has just bought a Sentinel license that waits
/// for its delivery, served over TLS, and an enrolment code for Sentinel's laptop.
struct Marketplace {
    folder: tempfile::TempDir,
    order: String,
    listen: String,
}

struct Enrolment {
    code: String,
    address: String,
    fingerprint: String,
}

impl Marketplace {
    fn new() -> Marketplace {
        let folder = tempfile::tempdir().unwrap();
        let db = folder.path().join("kg.db");
        kg_on(&db, &["demo", "reset"], "");
        let placed = kg_on(
            &db,
            &[
                "--json",
                "order",
                "place",
                "--product",
                "fleet-config-license",
                "--edition",
                "100-nodes",
                "--billing",
                "yearly_monthly",
                "--accept-terms",
                "--idempotency-key",
                "offline-journey",
            ],
            "",
        );
        let placed: serde_json::Value = serde_json::from_str(&placed).unwrap();
        let order = placed["order"]["id"].to_string();
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        Marketplace { folder, order, listen: format!("127.0.0.1:{port}") }
    }

    fn db(&self) -> PathBuf {
        self.folder.path().join("kg.db")
    }

    fn serve(&self) -> (Server, String) {
        Server::start(&self.db(), &self.listen)
    }

    /// The operations manager's code for Sentinel's laptop, with what the laptop needs beside it.
    fn enrol(&self) -> Enrolment {
        kg_on(&self.db(), &["role", "operations"], "");
        let enrolled: serde_json::Value =
            serde_json::from_str(&kg_on(&self.db(), &["--json", "seller", "enrol", "sentinel-ops"], "")).unwrap();
        let text = |key: &str| enrolled[key].as_str().unwrap_or_else(|| panic!("{key} in {enrolled}")).to_string();
        Enrolment { code: text("code"), address: text("address"), fingerprint: text("fingerprint") }
    }
}

/// The operations manager, in the marketplace's own app, issues the code for Sentinel's laptop
/// and reads out the address and fingerprint beside it.
async fn enrol_from_operations(market: &Marketplace) -> Enrolment {
    kg_on(&market.db(), &["role", "operations"], "");
    let operations = App::launch_in(market.folder.path()).await;
    operations.wait_for("[data-testid=popular-apps]").await;
    operations.open_route("#/operations").await;
    operations.wait_for("[data-testid=laptops-section]").await;
    operations.click("[data-testid=enrol-seller]").await;
    operations.click("[data-testid=enrol-seller] option[value='sentinel-ops']").await;
    operations.click("[data-testid=enrol-issue]").await;
    operations.wait_for("[data-testid=enrolment-code]").await;
    let enrolment = Enrolment {
        code: operations.text("[data-testid=enrolment-code]").await.trim().to_string(),
        address: operations.text("[data-testid=enrolment-address]").await.trim().to_string(),
        fingerprint: operations.text("[data-testid=enrolment-fingerprint]").await.trim().to_string(),
    };
    operations.screenshot("off-a-00-operations-enrol").await;
    operations.close().await;
    enrolment
}

/// A new app on this laptop, connected from its Connect screen as Sentinel's copy.
async fn connected_laptop(enrolment: &Enrolment, shots: &str) -> App {
    let laptop = App::launch().await;
    laptop.wait_for("[data-testid=popular-apps] [data-testid=product-card]").await;
    laptop.click("[data-testid=nav-connect]").await;
    laptop.wait_for("[data-testid=connect-form]").await;
    laptop.fill("[data-testid=connect-address]", &enrolment.address).await;
    laptop.fill("[data-testid=connect-code]", &enrolment.code).await;
    laptop.fill("[data-testid=connect-name]", "Field laptop").await;
    laptop.fill("[data-testid=connect-fingerprint]", &enrolment.fingerprint).await;
    if shots == "off-b" {
        // A code mistyped: the marketplace refuses it, and the form stays as it was.
        laptop.fill("[data-testid=connect-code]", "AAAA-BBBB-CCCC").await;
        laptop.click("[data-testid=connect-submit]").await;
        laptop.wait_for_text("[data-testid=connect-error]", "code").await;
        laptop.screenshot("off-b-00-connect-refused").await;
        laptop.fill("[data-testid=connect-code]", &enrolment.code).await;
    }
    laptop.screenshot(&format!("{shots}-01-connect")).await;
    laptop.click("[data-testid=connect-submit]").await;
    laptop.wait_for_text("[data-testid=sync-status]", "Online").await;
    laptop.wait_for_text("[data-testid=sync-bar]", "Seller's copy of").await;
    laptop.screenshot(&format!("{shots}-02-connected")).await;
    laptop
}

/// Delivers the license of `order` from the Seller Console, with proof.
async fn deliver(laptop: &App, order: &str) {
    laptop.click("[data-testid=nav-seller-console]").await;
    laptop.wait_for(&format!("[data-testid=queue-row-{order}]")).await;
    laptop.click(&format!("[data-testid=queue-row-{order}] a")).await;
    laptop.wait_for("[data-testid=deliver-form]").await;
    laptop.pick_files("[data-testid=deliver-proof]", &proof_files(laptop)).await;
    laptop.fill("[data-testid=deliver-remark]", "License file for 100 nodes, installed on site").await;
    laptop.wait_for_text("[data-testid=deliver-files]", "license-validity.png").await;
    laptop.click("[data-testid=deliver-submit]").await;
}

#[tokio::test]
#[ignore = "drives the real app: needs a display and tauri-driver (run by scripts/test-all.sh)"]
async fn a_seller_delivers_offline_and_the_buyer_accepts_once_it_synced() {
    let market = Marketplace::new();
    let (server, _) = market.serve();
    let enrolment = enrol_from_operations(&market).await;
    assert!(enrolment.address.starts_with("https://"), "served over TLS: {}", enrolment.address);
    let laptop = connected_laptop(&enrolment, "off-a").await;

    // The network is gone: the seller delivers all the same, and the action waits.
    drop(server);
    deliver(&laptop, &market.order).await;
    laptop.wait_for_text("[data-testid=flow-step]", "Customer accepts product").await;
    laptop.wait_for_text("[data-testid=flow-unsynced]", "Waiting to sync: Delivery").await;
    laptop.wait_for_text("[data-testid=sync-state]", "Offline").await;
    laptop.wait_for_text("[data-testid=sync-waiting]", "1 action waiting to sync").await;
    laptop.screenshot("off-a-03-delivered-offline").await;

    // Back: Sync now sends the files and the delivery, once.
    let (_server, _) = market.serve();
    laptop.click("[data-testid=sync-now]").await;
    laptop.wait_for_text("[data-testid=sync-state]", "Online").await;
    laptop.open_route("#/sync").await;
    laptop.wait_for("[data-testid=sync-nothing-waiting]").await;
    laptop.wait_for_text("main", "No conflicts").await;
    laptop.screenshot("off-a-04-synced").await;
    laptop.close().await;

    // The buyer, on the marketplace's own app, is told and accepts.
    kg_on(&market.db(), &["role", "buyer", "acme-prepaid"], "");
    let buyer = App::launch_in(market.folder.path()).await;
    buyer.wait_for_text("[data-testid=acting-as]", "Acme").await;
    buyer.wait_for("[data-testid=messages-badge]").await;
    buyer.open_route(&format!("#/supervision/{}", market.order)).await;
    buyer.wait_for_text("[data-testid=flow-step]", "Customer accepts product").await;
    buyer.wait_for_text("[data-testid=timeline]", "Delivered").await;
    assert_eq!(buyer.count("[data-testid=attachment]").await, 2, "both files reached the marketplace");
    buyer.wait_for_text("[data-testid=chain-status]", "intact").await;
    buyer.screenshot("off-a-05-buyer-sees-delivery").await;
    buyer.click("[data-testid=step-accept_delivery]").await;
    buyer.wait_for("[data-testid=accept-dialog]").await;
    buyer.click("[data-testid=confirm-accept]").await;
    buyer.wait_for_text("[data-testid=flow-step]", "Accepted").await;
    buyer.screenshot("off-a-06-buyer-accepted").await;
    buyer.open_route("#/sync").await;
    buyer.wait_for_text("main", "This app works on the marketplace itself").await;
    buyer.screenshot("off-a-07-sync-on-the-marketplace").await;
    buyer.close().await;
}

#[tokio::test]
#[ignore = "drives the real app: needs a display and tauri-driver (run by scripts/test-all.sh)"]
async fn a_delivery_made_offline_after_the_buyer_appealed_is_a_conflict_shown_to_the_seller() {
    let market = Marketplace::new();
    let (server, _) = market.serve();
    let enrolment = market.enrol();
    let laptop = connected_laptop(&enrolment, "off-b").await;
    drop(server);

    // Meanwhile, on the marketplace: five days of silence, and the buyer appeals.
    kg_on(&market.db(), &["clock", "advance", "5d 1m"], "");
    kg_on(&market.db(), &["role", "buyer", "acme-prepaid"], "");
    kg_on(&market.db(), &["supervision", "appeal", &market.order, "--reason", "Nothing was delivered"], "");

    // The seller, offline, does not know and delivers.
    deliver(&laptop, &market.order).await;
    laptop.wait_for_text("[data-testid=flow-unsynced]", "Waiting to sync").await;

    let (_server, _) = market.serve();
    laptop.click("[data-testid=sync-now]").await;
    laptop.wait_for_text("[data-testid=sync-conflicts]", "1 conflict to look at").await;
    laptop.click("[data-testid=sync-conflicts]").await;
    let row = format!("[data-testid=sync-conflicts-list-row-{}]", market.order);
    laptop.wait_for_text(&row, "flow_frozen").await;
    assert!(laptop.text(&row).await.contains("Refused by the marketplace"));
    laptop.screenshot("off-b-03-conflict").await;

    // The flow shows the marketplace's truth: frozen by the buyer's appeal.
    laptop.click(&format!("{row} a")).await;
    laptop.wait_for_text("[data-testid=flow-step]", "Frozen by an appeal").await;
    laptop.wait_for_text("[data-testid=timeline]", "Nothing was delivered").await;
    assert_eq!(laptop.count("[data-testid=flow-unsynced]").await, 0, "nothing waits any more");
    laptop.screenshot("off-b-04-flow-frozen").await;
    laptop.close().await;
}
