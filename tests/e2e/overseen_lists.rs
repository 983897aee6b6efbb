//! The lists of the other roles at more than a page: the seller's orders received and the
//! operations manager's every order, filtered by status with a count each, and a buyer's
//! messages, every one or the unread only. The store is made with `kg` before the app starts.

use std::process::{Command, Stdio};

use serde_json::Value;

use crate::buying::act_as;
use crate::driver::{kg_binary, kg_on, App};

const SELLER: &str = "inkwell-web";

/// The demo plus 24 months of Inkwell's Headless CMS bought by the prepaid buyer and one refused
/// on Borealis's declined card, then 35 days on the clock: every month expires into grace and
/// the buyer is told of each step, more than five pages of messages.
fn many_orders_and_messages(db: &std::path::Path) {
    kg_on(db, &["demo", "reset"], "");
    kg_on(db, &["clock", "set", "2026-03-08T15:00:00Z"], "");
    kg_on(db, &["account", "topup", "5000"], "");
    let cms = ["order", "place", "--product", "headless-cms-saas", "--edition", "team", "--billing", "yearly_monthly"];
    for n in 0..24 {
        let key = format!("many-{n}");
        kg_on(db, &[&cms[..], &["--accept-terms", "--idempotency-key", &key]].concat(), "");
    }
    kg_on(db, &["role", "buyer", "borealis-postpaid"], "");
    let declined = Command::new(kg_binary())
        .arg("--db")
        .arg(db)
        .args(cms)
        .args(["--accept-terms", "--card", "2", "--idempotency-key", "declined"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(!declined.success(), "the test card 2 is declined");
    kg_on(db, &["role", "buyer", "acme-prepaid"], "");
    kg_on(db, &["clock", "advance", "35d"], "");
}

fn kg_json(app: &App, args: &[&str]) -> Value {
    serde_json::from_str(&app.kg(&[args, &["--json"]].concat())).unwrap()
}

/// How many orders `kg order received|all [--status S]` lists.
fn orders(app: &App, list: &str, status: Option<&str>) -> usize {
    let mut args = vec!["order", list];
    args.extend(status.map(|s| ["--status", s]).into_iter().flatten());
    kg_json(app, &args).as_array().unwrap().len()
}

#[tokio::test]
#[ignore = "drives the real app: needs a display and tauri-driver (run by scripts/test-all.sh)"]
async fn the_seller_operations_and_messages_lists_come_a_page_at_a_time() {
    let app = App::launch_on(many_orders_and_messages).await;
    app.wait_for("[data-testid=popular-apps]").await;

    // The seller: 25 orders received, 24 completed and 1 cancelled.
    act_as(&app, "seller", Some(SELLER)).await;
    app.wait_for_text("[data-testid=acting-as]", "Inkwell").await;
    app.open_route("#/seller").await;
    let all = orders(&app, "received", None);
    assert_eq!((all, orders(&app, "received", Some("cancelled"))), (25, 1));
    app.wait_for_text("[data-testid=orders-range]", &format!("1–20 of {all}")).await;
    app.wait_for_text("[data-testid=orders-status-count-completed]", "24").await;
    app.screenshot("overseen-seller-all").await;
    app.click("[data-testid=orders-status-completed]").await;
    app.wait_for_text("[data-testid=orders-range]", "1–20 of 24").await;
    app.click("[data-testid=orders-next]").await;
    app.wait_for_text("[data-testid=orders-range]", "21–24 of 24").await;
    let url = app.url().await;
    assert!(url.contains("status=completed") && url.contains("offset=20"), "{url}");
    assert_eq!(app.count("[data-testid=order-row]").await, 4);
    app.screenshot("overseen-seller-completed-second-page").await;
    app.go_back().await;
    app.wait_for_text("[data-testid=orders-range]", "1–20 of 24").await;
    app.click("[data-testid=orders-status-pending_payment]").await;
    app.wait_for_text("[data-testid=orders-section]", "No orders pending payment").await;
    app.screenshot("overseen-seller-none-pending").await;
    app.click("[data-testid=orders-show-all]").await;
    app.wait_for_text("[data-testid=orders-range]", &format!("1–20 of {all}")).await;
    app.click("[data-testid=orders-status-cancelled]").await;
    app.wait_until("return document.querySelectorAll('[data-testid=order-row]').length === 1").await;
    assert_eq!(app.text("[data-testid=order-buyer]").await, "Borealis Logistics (postpaid)");
    app.check_accessibility("overseen-seller-cancelled").await;

    // The operations manager: every order of the marketplace, the cancelled ones on their own.
    act_as(&app, "operations", None).await;
    app.wait_for_text("[data-testid=acting-as]", "Operations").await;
    app.open_route("#/operations").await;
    let every = orders(&app, "all", None);
    app.wait_for_text("[data-testid=orders-range]", &format!("1–20 of {every}")).await;
    app.wait_for_text("[data-testid=order-counts]", &format!("{every} orders")).await;
    app.wait_for_text("[data-testid=order-counts]", "completed").await;
    let cancelled = orders(&app, "all", Some("cancelled"));
    app.click("[data-testid=orders-status-cancelled]").await;
    app.wait_until(&format!("return document.querySelectorAll('[data-testid=order-row]').length === {cancelled}"))
        .await;
    assert!(app.url().await.contains("status=cancelled"));
    app.screenshot("overseen-operations-cancelled").await;
    app.check_accessibility("overseen-operations-cancelled").await;

    // The buyer: every message a page at a time, then the unread only.
    act_as(&app, "buyer", Some("acme-prepaid")).await;
    app.wait_for_text("[data-testid=acting-as]", "Acme").await;
    app.open_route("#/messages").await;
    let inbox = kg_json(&app, &["messages", "list"]);
    let (total, unread) = (inbox["total"].as_u64().unwrap(), inbox["unread"].as_u64().unwrap());
    assert!(total > 100 && unread == total, "{total} messages, {unread} unread");
    app.wait_for_text("[data-testid=messages-range]", &format!("1–20 of {total}")).await;
    app.click("[data-testid=messages-next]").await;
    app.wait_for_text("[data-testid=messages-range]", &format!("21–40 of {total}")).await;
    app.screenshot("overseen-messages-second-page").await;
    // A month's expiry leads to its subscription: the order has no service flow to open.
    let link = app.text("[data-testid=message-link]").await;
    assert!(link.starts_with("Subscription of order #"), "{link}");
    app.click("[data-testid=message-open]").await;
    app.wait_for_text("[data-testid=unread-count]", &format!("{} unread", unread - 1)).await;

    app.click("[data-testid=messages-filter-unread]").await;
    app.wait_for_text("[data-testid=messages-range]", &format!("1–20 of {}", unread - 1)).await;
    assert!(app.url().await.contains("unread=1"));
    app.click("[data-testid=mark-all-read]").await;
    app.wait_for_text("main", "No unread messages").await;
    app.screenshot("overseen-messages-none-unread").await;
    app.check_accessibility("overseen-messages-none-unread").await;
    assert_eq!(kg_json(&app, &["messages", "list", "--unread"])["total"], 0);
    app.close().await;
}
