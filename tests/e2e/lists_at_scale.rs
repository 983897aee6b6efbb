//! A buyer with more than a page of everything: My Orders, Purchased Apps, Unsubscriptions, the
//! hourly bills and the ECS Console each show twenty rows with "1–20 of N", Next shows the next
//! twenty, and Back returns to the first page; one invoice is asked for orders picked on two pages. The
//! store is made with `kg` before the app starts.

use serde_json::Value;

use crate::driver::{kg_on, App};

/// The demo buyer plus 24 months of the Headless CMS and, for 11½ hours, 22 pay-per-use MySQL
/// images with their ECS (two orders of 11): 12 started hours of each, 528 hourly charges.
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
    for key in ["many-image-1", "many-image-2"] {
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
            "--quantity",
            "11",
            "--new-vpc-name",
            key,
            "--new-vpc-cidr",
            "10.0.0.0/16",
            "--accept-agreements",
            "--idempotency-key",
            key,
        ];
        kg_on(db, &provision, "Kg-Demo-2026!\n");
    }
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
        ("bills", "#/billing/bills", counted(&app, &["bills", "list"])),
        ("ecs", "#/ecs", counted(&app, &["ecs", "list"])),
    ];
    for (name, route, total) in lists {
        assert!(total > 20, "{name}: more than a page ({total})");
        app.open_route(route).await;
        app.wait_for_text(&format!("[data-testid={name}-range]"), &format!("1–20 of {total}")).await;
        app.screenshot(&format!("lists-{name}-first-page")).await;

        app.click(&format!("[data-testid={name}-next]")).await;
        let second = format!("21–{} of {total}", total.min(40));
        app.wait_for_text(&format!("[data-testid={name}-range]"), &second).await;
        assert!(app.url().await.contains("offset=20"), "the page is kept in the address");
        app.screenshot(&format!("lists-{name}-second-page")).await;
        app.go_back().await;
        app.wait_for_text(&format!("[data-testid={name}-range]"), &format!("1–20 of {total}")).await;
    }
    assert_eq!(app.count("[data-testid=ecs-row]").await, 20);
    app.check_accessibility("lists-ecs-first-page").await;

    // One invoice of an order picked on the first page of the paid orders and one on the second.
    app.open_route("#/billing/invoices").await;
    app.wait_for_text("[data-testid=invoice-orders-range]", "1–20 of").await;
    let first = first_order_offered(&app).await;
    app.click(&format!("[data-testid=invoice-order-{first}]")).await;
    app.click("[data-testid=invoice-orders-next]").await;
    app.wait_for_text("[data-testid=invoice-orders-range]", "21–").await;
    let second = first_order_offered(&app).await;
    assert_ne!(first, second);
    app.click(&format!("[data-testid=invoice-order-{second}]")).await;
    app.wait_for_text("[data-testid=invoice-picked]", "2 orders picked").await;
    app.fill("[data-testid=invoice-title]", "Acme Retail Inc.").await;
    app.fill("[data-testid=invoice-tax-id]", "US-12-3456789").await;
    app.fill("[data-testid=invoice-address]", "1 Market Street, Springfield").await;
    app.fill("[data-testid=invoice-email]", "billing@acme-retail.example").await;
    app.screenshot("lists-invoice-picked-on-two-pages").await;
    app.check_accessibility("lists-invoice-picked-on-two-pages").await;
    app.click("[data-testid=invoice-submit]").await;
    app.wait_for("[data-testid^=invoice-row-]").await;
    let invoices: Value = serde_json::from_str(&app.kg(&["invoice", "list", "--json"])).unwrap();
    let newest = invoices.as_array().unwrap().iter().max_by_key(|i| i["id"].as_u64()).unwrap();
    let mut orders: Vec<u64> =
        newest["lines"].as_array().unwrap().iter().map(|l| l["order_id"].as_u64().unwrap()).collect();
    orders.sort_unstable();
    orders.dedup();
    let mut picked = vec![first, second];
    picked.sort_unstable();
    assert_eq!(orders, picked, "{newest}");
    app.close().await;
}

/// The id of the first order on the page of paid orders shown that can still be invoiced.
async fn first_order_offered(app: &App) -> u64 {
    let id = app
        .eval(
            "const box = document.querySelector('[data-testid^=invoice-order-]:not(:disabled)[type=checkbox]');
             return box ? Number(box.dataset.testid.replace('invoice-order-', '')) : null;",
        )
        .await;
    id.as_u64().expect("an order to invoice on the page")
}
