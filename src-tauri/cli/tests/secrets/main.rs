//! Secrets proven absent (R-IMG-3, R-USE, R-SYNC-5): canary values for an ECS login password,
//! a SaaS application's initial password, an enrolment code and a device token are pushed
//! through every path that carries one, on the real `kg`, a marketplace served by `kg serve
//! --tls` and a seller's laptop made by `kg connect`; then every place they could be left is
//! searched for them (plain, hex, base64: see `canaries`).
//!
//! A path that carries a secret: every way a person gives one (an ECS password on quick and
//! customized provisioning, a SaaS password delivered online and offline through a laptop's
//! outbox), every way one is made (the password of an unsupervised SaaS bought, an enrolment
//! code, a device token), and every way one is used afterwards (replacing a system disk,
//! syncing, showing orders, instances, apps and flows, exporting a case file), including the
//! failures that happen with a secret in memory: a refused delivery, a device revoked, a
//! reveal whose output cannot be written, a `kg` killed in the middle of provisioning.
//!
//! Where they are searched: the output of every `kg` call (with `RUST_BACKTRACE=1`, so a
//! panic would print its backtrace there), `kg serve`'s output, the data folders of the
//! marketplace and the laptop (data file, its `-wal` and `-shm`, the key file, anything
//! else) while their logs are held open, after a checkpoint and once closed, and the case
//! files. The answers that show a secret to its owner on purpose (`kg apps show
//! --reveal-password`, the code `kg seller enrol` gives) may carry that secret, and only it.
//! The device token is never shown: the test opens it from the laptop's seal, as `kg sync`
//! does, to know what to look for.

#[path = "../common/mod.rs"]
mod common;

mod canaries;
mod journey;

use canaries::canary;
use common::Db;
use journey::{Held, Journey, Served};

const ECS_QUICK: &str = "ECS password, quick provisioning";
const ECS_CUSTOM: &str = "ECS password, customized provisioning";
const ECS_KILLED: &str = "ECS password, provisioning killed";
const SAAS_ONLINE: &str = "SaaS password, delivered online";
const SAAS_OFFLINE: &str = "SaaS password, delivered offline";
const SAAS_GENERATED: &str = "SaaS password, generated";
const CODE: &str = "enrolment code";
const CODE_TYPED: &str = "enrolment code, as checked";
const TOKEN: &str = "device token";

/// A new VPC named `name`.
fn new_vpc(name: &str) -> [&str; 4] {
    ["--new-vpc-name", name, "--new-vpc-cidr", "192.168.0.0/16"]
}

/// A SaaS delivery's application account, but its password (on standard input).
const SAAS_APP: [&str; 6] = [
    "--app-user",
    "finance@acme-retail.example",
    "--management-url",
    "https://lake.example/manage",
    "--frontend-url",
    "https://lake.example",
];

#[test]
fn r_img_3_r_use_r_sync_5_no_secret_is_found_beyond_the_one_answer_that_shows_it() {
    let mut j = Journey::new();
    let market = Db::new();
    assert_eq!(j.kg(&market, &["demo", "reset"]).status, 0);
    assert_eq!(j.kg(&market, &["clock", "advance", "1m"]).status, 0);
    let market_held = Held::open(&market);

    images(&mut j, &market);
    let generated = generated_password(&mut j, &market);
    let online = supervised_delivery(&mut j, &market);
    let offline = offline_delivery(&mut j, &market);

    // The answers that reveal a password to its owner: each carries its own, and only it.
    for (order, name) in [(&generated, SAAS_GENERATED), (&online, SAAS_ONLINE), (&offline, SAAS_OFFLINE)] {
        let revealed = j.allowed(&market, &["apps", "show", order, "--reveal-password", "--json"], name);
        assert_eq!(revealed.json()["password"], j.canaries.value(name), "{name} reaches the buyer");
    }
    reveal_into_a_full_disk(&mut j, &market, &online);

    let cases = j.files.path().join("cases");
    for order in [&online, &offline] {
        let saved = j.json(&market, &["supervision", "export", order, "--output", cases.to_str().unwrap()]);
        assert!(saved["path"].is_string(), "{saved}");
    }
    assert_eq!(canaries::files_under(&cases).len(), 6, "two case files: timeline.txt, case.json, the proof");

    market_held.search_to_the_end(&mut j.canaries, "the marketplace's data folder");
    j.canaries.search_folder("case files, logs and proof", j.files.path());
    j.search_transcripts();
    j.canaries.assert_none_found(j.transcripts() + 20);
}

/// An ECS login password on quick and customized provisioning, the disk replaced, the
/// console read; and one `kg image provision` killed while it hashes the password.
fn images(j: &mut Journey, market: &Db) {
    j.canaries.add(ECS_QUICK, &canary("Kg!Canary-ECS-"));
    j.canaries.add(ECS_CUSTOM, &canary("Kg!Canary-ECS-"));
    j.canaries.add(ECS_KILLED, &canary("Kg!Canary-ECS-"));
    assert_eq!(j.kg(market, &["agency", "authorize"]).status, 0);
    let quick = provision(
        j,
        market,
        &[&["--mode", "quick", "--idempotency-key", "canary-quick"][..], &new_vpc("vpc-quick")].concat(),
        ECS_QUICK,
    );
    let custom = provision(
        j,
        market,
        &[&["--mode", "custom", "--idempotency-key", "canary-custom"][..], &new_vpc("vpc-custom")].concat(),
        ECS_CUSTOM,
    );
    for made in [&quick, &custom] {
        let instance = made["instances"][0]["id"].to_string();
        j.both(market, &["ecs", "show", &instance]);
        j.both(market, &["order", "show", &made["order"]["order"]["id"].to_string()]);
    }
    let instance = custom["instances"][0]["id"].to_string();
    j.both(market, &["ecs", "replace-disk", &instance, "--image", "redis-cache-image"]);
    j.both(market, &["ecs", "list"]);
    j.both(market, &["bills", "list"]);
    killed_while_provisioning(j, market);
}

fn provision(j: &mut Journey, market: &Db, extra: &[&str], canary: &str) -> serde_json::Value {
    let args = [
        &["image", "provision", "--product", "mysql-8-database-image", "--flavour", "s6.large.2"][..],
        &["--billing", "pay_per_use", "--accept-agreements"],
        extra,
    ]
    .concat();
    let input = format!("{}\n", j.canaries.value(canary));
    let text = j.run(market, &args, &input);
    assert_eq!(text.status, 0, "{}", text.stderr);
    // The same key again answers with the first result, as JSON this time.
    let made = j.json_input(market, &args, &input);
    assert_eq!(made["instances"][0]["state"], "running", "{made}");
    made
}

/// `kg image provision` killed (SIGKILL) while the password is in its memory: what it
/// printed and what it left in the data folder are searched with the rest. The kill comes after
/// a few ticks of the process's CPU time, fewer on each try, until one lands before it ends
/// (hashing the password takes tens of milliseconds, optimised even in a debug build).
fn killed_while_provisioning(j: &mut Journey, market: &Db) {
    use std::io::Write;
    use std::os::unix::process::ExitStatusExt;
    for (attempt, ticks) in [6u64, 4, 3, 2, 1, 0].into_iter().enumerate() {
        let key = format!("canary-killed-{attempt}");
        let vpc = format!("vpc-killed-{attempt}");
        let args = [
            &["--db", market.path.to_str().unwrap(), "image", "provision", "--product", "mysql-8-database-image"][..],
            &["--flavour", "s6.large.2", "--billing", "pay_per_use", "--accept-agreements", "--mode", "custom"],
            &["--idempotency-key", &key],
            &new_vpc(&vpc),
        ]
        .concat();
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_kg"))
            .args(&args)
            .env_remove("KG_DB")
            .env("RUST_BACKTRACE", "1")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(format!("{}\n", j.canaries.value(ECS_KILLED)).as_bytes()).unwrap();
        let started = std::time::Instant::now();
        while cpu_ticks(child.id()).is_some_and(|used| used < ticks) && started.elapsed().as_secs() < 20 {
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        child.kill().unwrap();
        let output = child.wait_with_output().unwrap();
        j.keep_bytes("stdout of kg image provision, killed", output.stdout, None);
        j.keep_bytes("stderr of kg image provision, killed", output.stderr, None);
        j.canaries.search_folder("the marketplace's data folder, a kg just killed", market.path.parent().unwrap());
        if output.status.signal() == Some(9) {
            return;
        }
    }
    panic!("kg image provision finished every time before it could be killed");
}

/// The CPU time process `pid` has used, in clock ticks (utime and stime in /proc/PID/stat).
fn cpu_ticks(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The fields after the command's name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = stat[stat.rfind(')')? + 2..].split(' ').collect();
    Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
}

/// Buys a month of `product`'s team edition as the demo buyer; returns the order's number.
fn place(j: &mut Journey, market: &Db, product: &str, key: &str) -> String {
    let terms = ["--billing", "yearly_monthly", "--period", "month", "--accept-terms", "--idempotency-key", key];
    let args = [&["order", "place", "--product", product, "--edition", "team"][..], &terms].concat();
    j.json(market, &args)["order"]["id"].to_string()
}

/// An unsupervised SaaS bought: its password is made by the marketplace, read once through
/// the reveal, and from then on a canary like the others.
fn generated_password(j: &mut Journey, market: &Db) -> String {
    let order = place(j, market, "headless-cms-saas", "canary-generated");
    let revealed = market.kg_input(&["apps", "show", &order, "--reveal-password", "--json"], "").json();
    j.canaries.add(SAAS_GENERATED, revealed["password"].as_str().unwrap());
    j.both(market, &["apps", "show", &order]);
    j.both(market, &["apps", "list"]);
    j.both(market, &["order", "show", &order]);
    order
}

/// Buys a month of the supervised SaaS `data-lake-query-saas` as the demo buyer and asks for
/// it; the seller (quartz-analytics) accepts the request. The buyer is whom the app acts for
/// again at the end.
fn supervised_order(j: &mut Journey, market: &Db, key: &str) -> String {
    let order = place(j, market, "data-lake-query-saas", key);
    j.json(market, &["supervision", "request", &order, "--text", "A workspace for the finance team"]);
    assert_eq!(j.kg(market, &["role", "seller", "quartz-analytics"]).status, 0);
    j.json(market, &["supervision", "accept-request", &order]);
    assert_eq!(j.kg(market, &["role", "buyer", "acme-prepaid"]).status, 0);
    order
}

/// The buyer accepts the delivery of `order`, which completes once the clock moves on.
fn accept(j: &mut Journey, market: &Db, order: &str) {
    j.both(market, &["supervision", "show", order]);
    j.json(market, &["supervision", "accept", order]);
    j.json(market, &["clock", "advance", "3h"]);
    j.both(market, &["apps", "show", order]);
}

/// The seller delivers a SaaS account with its password on the marketplace; a delivery
/// refused by the rules (a management URL that is not one) holds the password too.
fn supervised_delivery(j: &mut Journey, market: &Db) -> String {
    j.canaries.add(SAAS_ONLINE, &canary("Kg!Canary-SaaS-"));
    let order = supervised_order(j, market, "canary-online");
    assert_eq!(j.kg(market, &["role", "seller", "quartz-analytics"]).status, 0);
    let pdf = j.pdf("acceptance.pdf");
    let password = format!("{}\n", j.canaries.value(SAAS_ONLINE));
    let deliver =
        [&["supervision", "deliver", &order, "--proof", &pdf, "--app-password-stdin"][..], &SAAS_APP].concat();
    let mut bad_url = deliver.clone();
    bad_url[9] = "not a url";
    assert_eq!(j.run(market, &bad_url, &password).status, 2, "refused");
    let delivered = j.run(market, &[&deliver[..], &["--operation-id", "canary-online"]].concat(), &password);
    assert_eq!(delivered.status, 0, "{}", delivered.stderr);
    j.json_input(market, &[&deliver[..], &["--operation-id", "canary-online"]].concat(), &password);
    j.both(market, &["supervision", "show", &order]);
    j.both(market, &["supervision", "queue"]);
    assert_eq!(j.kg(market, &["role", "buyer", "acme-prepaid"]).status, 0);
    j.both(market, &["messages", "list"]);
    accept(j, market, &order);
    order
}

/// A seller's laptop enrolled with a code, the seller delivering while the marketplace is
/// down (the password waits in the outbox), then syncing once it is back; the device then
/// revoked while the laptop still syncs with its token.
fn offline_delivery(j: &mut Journey, market: &Db) -> String {
    j.canaries.add(SAAS_OFFLINE, &canary("Kg!Canary-Sync-"));
    let order = supervised_order(j, market, "canary-offline");
    let logs = j.files.path().join("logs");
    std::fs::create_dir(&logs).unwrap();

    assert_eq!(j.kg(market, &["role", "operations"]).status, 0);
    let enrolled = j.allowed(market, &["seller", "enrol", "quartz-analytics", "--json"], CODE).json();
    let code = enrolled["code"].as_str().unwrap().to_string();
    j.canaries.add(CODE, &code);
    j.canaries.add(CODE_TYPED, &code.replace('-', ""));
    let server = Served::start(market, 0, &logs, 1);
    let port = server.port();

    let laptop = Db::new();
    let connect = ["connect", &server.address, "--code", &code, "--fingerprint", &server.fingerprint];
    let connected = j.json(&laptop, &connect);
    assert_eq!(connected["link"]["seller_id"], "quartz-analytics");
    j.canaries.add(TOKEN, &device_token(&laptop));
    let laptop_held = Held::open(&laptop);
    j.both(&laptop, &["sync", "status"]);

    drop(server);
    let pdf = j.pdf("acceptance-offline.pdf");
    let password = format!("{}\n", j.canaries.value(SAAS_OFFLINE));
    let deliver =
        [&["supervision", "deliver", &order, "--proof", &pdf, "--app-password-stdin"][..], &SAAS_APP].concat();
    let delivered = j.run(&laptop, &deliver, &password);
    assert_eq!(delivered.status, 0, "{}", delivered.stderr);
    let waiting = j.json(&laptop, &["sync"]);
    assert_eq!(waiting["waiting"], 1, "{waiting}");
    j.canaries.search_folder("the laptop's data folder, a delivery waiting", laptop.path.parent().unwrap());

    let server = Served::start(market, port, &logs, 2);
    let synced = j.json(&laptop, &["sync"]);
    assert_eq!((synced["applied"].as_u64(), synced["waiting"].as_u64()), (Some(1), Some(0)), "{synced}");
    j.both(&laptop, &["sync", "status"]);
    j.both(&laptop, &["supervision", "show", &order]);
    j.canaries.search_folder("the marketplace's data folder, served", market.path.parent().unwrap());

    let devices = j.json(market, &["seller", "devices"]);
    let device = devices[0]["id"].to_string();
    j.json(market, &["seller", "revoke", &device]);
    let revoked = j.kg(&laptop, &["sync", "--json"]);
    assert_eq!(revoked.code(1), "unauthenticated", "the token is refused from now on");
    drop(server);
    laptop_held.search_to_the_end(&mut j.canaries, "the laptop's data folder");

    assert_eq!(j.kg(market, &["role", "buyer", "acme-prepaid"]).status, 0);
    accept(j, market, &order);
    order
}

/// The token the laptop keeps, opened from its seal the way the laptop does: the test's
/// oracle, since the token is never shown.
fn device_token(laptop: &Db) -> String {
    let store = koogallery_core::Store::open(&laptop.path).unwrap();
    let (nonce, cipher) = store
        .conn()
        .query_row("SELECT token_nonce, token_cipher FROM marketplace_link", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    let sealed = koogallery_core::store::secrets::Sealed { nonce, cipher };
    let token = store.secret_key().open(&sealed).unwrap();
    assert!(token.expose().starts_with("kgd_"), "a device token");
    token.expose().to_string()
}

/// The reveal with its standard output on a full disk: the password is in memory and the
/// write fails; the error says so without it.
fn reveal_into_a_full_disk(j: &mut Journey, market: &Db, order: &str) {
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_kg"))
        .args(["--db", market.path.to_str().unwrap(), "apps", "show", order, "--reveal-password"])
        .env_remove("KG_DB")
        .env("RUST_BACKTRACE", "1")
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("cannot write the output"), "{stderr}");
    j.keep_bytes("stderr of kg apps show --reveal-password onto a full disk", stderr.into_bytes(), None);
}
