//! A buyer with more than a page of everything: My Orders, Purchased Apps, Unsubscriptions and
//! the hourly bills each show twenty rows with "1–20 of N", Next shows the rest, and Back
//! returns to the first page. The store is made with `kg` before the app starts.

use serde_json::Value;

use crate::driver::{kg_on, App};

/// The demo buyer plus 24 months of the Headless CMS and, for 11½ hours, a pay-per-use MySQL
/// image with its ECS: 12 started hours of each, 24 hourly charges.
fn buyer_of_many(db: &std::path::Path) {
    kg_on(db, &["demo", "reset"], "");
    kg_on(db, &["clock", "set", "2026-03-08T15:00:00Z"], "");
    kg_on(db, &["account", "topup", "5000"], "");
    for n in 0..24 {
        let key = format!("many-{n}");
        let order = [
            "order",
            "place",
            "--product",
            "headless-cms-saas",
            "--edition",
            "team",
            "--billing",
            "yearly_monthly",
            "--duration",
            "1",
            "--accept-terms",
            "--idempotency-key",
            &key,
        ];
        kg_on(db, &order, "");
    }
    let provision = [
        "image",
        "provision",
        "--mode",
        "custom",
        "--product",
        "mysql-8-database-image",
        "--billing",
        "pay_per_use",
        "--flavour",
        "s6.large.2",
        "--new-vpc-name",
        "vpc-many",
        "--new-vpc-cidr",
        "10.0.0.0/16",
        "--accept-agreements",
        "--idempotency-key",
        "many-image",
    ];
    kg_on(db, &provision, "Kg-Demo-2026!\n");
    kg_on(db, &["clock", "set", "2026-03-09T02:30:00Z"], "");
}

/// How many rows `kg … --json` lists.
fn counted(app: &App, args: &[&str]) -> u64 {
    let listed: Value = serde_json::from_str(&app.kg(&[args, &["--json"]].concat())).unwrap();
    listed.as_array().unwrap().len() as u64
}

#[tokio::test]
#[ignore = "drives the real app: needs a display and tauri-driver (run by scripts/test-all.sh)"]
async fn every_list_of_a_buyer_of_many_comes_a_page_at_a_time() {
    let app = App::launch_on(buyer_of_many).await;
    app.wait_for("[data-testid=popular-apps]").await;
    let lists = [
        ("orders", "#/billing/orders", counted(&app, &["order", "list"])),
        ("apps", "#/my/apps", counted(&app, &["apps", "list"])),
        ("unsubscriptions", "#/my/unsubscriptions", counted(&app, &["unsubscribe", "list"])),
        ("bills", "#/billing/bills", 24),
    ];
    for (name, route, total) in lists {
        assert!(total > 20, "{name}: more than a page ({total})");
        app.open_route(route).await;
        app.wait_for_text(&format!("[data-testid={name}-range]"), &format!("1–20 of {total}")).await;
        app.screenshot(&format!("lists-{name}-first-page")).await;

        app.click(&format!("[data-testid={name}-next]")).await;
        app.wait_for_text(&format!("[data-testid={name}-range]"), &format!("21–{total} of {total}")).await;
        assert!(app.url().await.contains("offset=20"), "the page is kept in the address");
        app.screenshot(&format!("lists-{name}-last-page")).await;
        app.go_back().await;
        app.wait_for_text(&format!("[data-testid={name}-range]"), &format!("1–20 of {total}")).await;
    }
    assert_eq!(app.count("[data-testid=bill-row]").await, 20);
    app.check_accessibility("lists-bills-first-page").await;
    app.close().await;
}
