//! `kg image`, `kg ecs`, `kg bills`, `kg agency` and billing on `kg clock advance`, on the
//! real binary: the password comes on standard input, money as decimal strings, refusals as
//! one line with a stable code.

mod common;

use common::{items, Db, Run};
use serde_json::Value;

const PASSWORD: &str = "Kg-Demo-2026!";

/// A data file of its own, its demo clock set to 2026-03-02 10:00 UTC.
fn store() -> Db {
    let db = Db::new();
    assert_eq!(db.kg(&["clock", "set", "2026-03-02T10:00:00Z"]).status, 0);
    db
}

impl Db {
    /// Provisions the demo MySQL image with `extra` arguments, the password on stdin.
    fn provision(&self, extra: &[&str]) -> Run {
        let mut args = vec![
            "image",
            "provision",
            "--product",
            "mysql-8-database-image",
            "--flavour",
            "s6.large.2",
            "--accept-agreements",
            "--json",
        ];
        args.extend_from_slice(extra);
        self.kg_input(&args, &format!("{PASSWORD}\n"))
    }
}

const NEW_VPC: [&str; 4] = ["--new-vpc-name", "vpc-shop", "--new-vpc-cidr", "192.168.0.0/16"];

#[test]
fn r_img_3_the_password_comes_on_standard_input_and_is_never_kept_in_plain_text() {
    let db = store();
    let flag = db.kg(&["image", "provision", "--password", PASSWORD]);
    assert_eq!(flag.status, 2);
    assert!(flag.stderr.contains("unexpected argument '--password'"), "{}", flag.stderr);

    let base =
        [&["--mode", "custom", "--billing", "pay_per_use", "--idempotency-key", "k1"][..], &NEW_VPC[..]].concat();
    let empty = db.kg(&[
        &["image", "provision", "--product", "mysql-8-database-image", "--flavour", "s6.large.2", "--json"][..],
        &base[..],
    ]
    .concat());
    assert_eq!(empty.code(2), "invalid_input");
    assert!(empty.stderr.contains("standard input"), "{}", empty.stderr);

    let weak = db.kg_input(
        &[
            &[
                "image",
                "provision",
                "--product",
                "mysql-8-database-image",
                "--flavour",
                "s6.large.2",
                "--accept-agreements",
                "--json",
            ][..],
            &base[..],
        ]
        .concat(),
        "rootroot\n",
    );
    assert_eq!(weak.code(2), "invalid_input");
    assert!(weak.stderr.contains("password: "), "{}", weak.stderr);

    let made = db.provision(&base).json();
    assert_eq!(made["order"]["order"]["status"], "completed");
    assert_eq!(made["order"]["order"]["amount"], "0.00");
    assert_eq!(made["order"]["quote"]["total"], "0.20", "money as decimal strings");
    let instance = &made["instances"][0];
    assert_eq!(instance["state"], "running");
    assert_eq!(instance["vpc"], "vpc-shop");
    assert_eq!(instance["security_group"], "sg-mysql-8-database-image");
    assert!(!made.to_string().contains(PASSWORD));
    let again = db.provision(&base).json();
    assert_eq!(again["order"]["order"]["id"], made["order"]["order"]["id"], "the same key, the same order");
    assert_eq!(items(&db.kg(&["ecs", "list", "--json"]).json()).len(), 1);
    let file = std::fs::read(&db.path).unwrap();
    assert!(!file.windows(PASSWORD.len()).any(|w| w == PASSWORD.as_bytes()), "not in the data file");
}

#[test]
fn r_img_4_advancing_the_clock_bills_the_hours_and_bills_list_shows_them() {
    let db = store();
    db.provision(
        &[&["--mode", "custom", "--billing", "pay_per_use", "--idempotency-key", "k1"][..], &NEW_VPC[..]].concat(),
    )
    .json();
    let advanced = db.kg(&["clock", "advance", "150m", "--json"]).json();
    let billed: Vec<&Value> = items(&advanced["fired"]).iter().filter(|f| f["rule"] == "R-IMG-4").collect();
    assert_eq!(billed.len(), 1, "{advanced}");
    assert_eq!(billed[0]["summary"], "6 hours billed", "three started hours of image and ECS");
    assert_eq!(billed[0]["money"], "0.60");
    let bills = db.kg(&["bills", "list", "--json"]).json();
    assert_eq!(items(&bills).len(), 6);
    assert_eq!(bills[0]["block_start"], "2026-03-02T12:00:00Z");
    assert!(["0.12", "0.08"].contains(&bills[0]["amount"].as_str().unwrap()));
    assert_eq!(db.kg(&["account", "show", "--json"]).json()["balance"], "1999.40");
    // Listing again, or advancing within the same hour, bills nothing twice.
    assert_eq!(items(&db.kg(&["bills", "list", "--json"]).json()).len(), 6);
    let text = db.kg(&["clock", "advance", "10m"]);
    assert!(!text.stdout.contains("R-IMG-4"), "{}", text.stdout);
    let text = db.kg(&["bills", "list"]);
    assert!(text.stdout.lines().last().unwrap().contains("6 hourly charges"), "{}", text.stdout);
}

#[test]
fn r_img_the_ecs_console_stops_starts_replaces_and_deletes() {
    let db = store();
    let made = db
        .provision(
            &[
                &[
                    "--mode",
                    "custom",
                    "--billing",
                    "yearly_monthly",
                    "--duration",
                    "3",
                    "--eip",
                    "5",
                    "--idempotency-key",
                    "k1",
                ][..],
                &NEW_VPC[..],
            ]
            .concat(),
        )
        .json();
    // 87.00 image + 120.00 ECS + 75.00 EIP, paid now.
    assert_eq!(made["order"]["order"]["amount"], "282.00");
    // R-MT-4 in the buyer's time zone: Acme is in New York, where 2 June 23:59:59 (EDT) is
    // 03:59:59 UTC on 3 June.
    assert_eq!(made["instances"][0]["expires_at"], "2026-06-03T03:59:59Z");
    let id = made["instances"][0]["id"].to_string();
    assert_eq!(db.kg(&["ecs", "stop", &id, "--json"]).json()["state"], "stopped");
    assert_eq!(db.kg(&["ecs", "stop", &id, "--json"]).code(1), "conflict");
    let replaced = db.kg(&["ecs", "replace-disk", &id, "--image", "redis-cache-image", "--json"]).json();
    assert_eq!(replaced["product_id"], "redis-cache-image");
    assert_eq!(db.kg(&["ecs", "start", &id, "--json"]).json()["state"], "running");
    db.kg(&["clock", "advance", "61m"]);
    let bills = db.kg(&["bills", "list", "--json"]).json();
    let items_billed: Vec<&str> = items(&bills).iter().map(|b| b["item"].as_str().unwrap()).collect();
    assert_eq!(items_billed, ["redis-cache-image/standard", "redis-cache-image/standard"], "the new image by the hour");
    assert_eq!(db.kg(&["ecs", "delete", &id, "--json"]).json()["state"], "deleted");
    assert_eq!(db.kg(&["ecs", "start", &id, "--json"]).code(1), "conflict");
    assert_eq!(db.kg(&["ecs", "show", "99", "--json"]).code(1), "not_found");
    let text = db.kg(&["ecs", "show", &id]);
    assert!(text.stdout.contains("deleted"), "{}", text.stdout);
}

#[test]
fn r_agy_quick_provisioning_asks_for_the_agencies_and_asks_again_once_one_is_deleted() {
    let db = store();
    let quick =
        [&["--mode", "quick", "--billing", "pay_per_use", "--idempotency-key", "q1"][..], &NEW_VPC[..]].concat();
    let refused = db.provision(&quick);
    assert_eq!(refused.code(1), "authorization_required");
    assert!(refused.stderr.contains("mkp_rfs_agency_trust"), "{}", refused.stderr);
    let listed = db.kg(&["agency", "list", "--json"]).json();
    assert_eq!(items(&listed["pending"]).len(), 2);
    assert!(items(&listed["pending"][0]["actions"]).iter().any(|a| a == "ecs:servers:create"));

    let authorized = db.kg(&["agency", "authorize", "--json"]).json();
    assert!(items(&authorized["pending"]).is_empty());
    db.provision(&quick).json();

    db.kg(&["agency", "delete", "mkp_rfs_agency_trust", "--json"]).json();
    let again = db.provision(
        &[&["--mode", "quick", "--billing", "pay_per_use", "--idempotency-key", "q2", "--vpc", "2"][..]].concat(),
    );
    assert_eq!(again.code(1), "authorization_required");
    assert_eq!(db.kg(&["agency", "delete", "nothing", "--json"]).code(1), "not_found");

    db.kg(&["account", "use", "borealis-postpaid"]);
    let retired = db.kg(&["agency", "list"]);
    assert!(
        retired.stdout.contains("mkp_ims_trust") && retired.stdout.contains("retired: delete it"),
        "{}",
        retired.stdout
    );
}
