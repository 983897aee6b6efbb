//! Sync over loopback HTTP, measured (R-SYNC): a laptop syncing 1,000 queued deliveries with
//! 100 proof files of 1 MB; and one marketplace taking pushes from 1, 10 and 50 laptops at
//! once: operations applied per second and the 99th percentile of a push's latency.
//!
//!     cargo bench -p koogallery-server --bench sync
//!
//! A measuring script: the targets and figures live in docs/benchmarks.md.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use koogallery_core::catalog::pricing::QuoteRequest;
use koogallery_core::orders::{self, CheckoutRequest, Services};
use koogallery_core::roles::{self, RoleChoice};
use koogallery_core::supervision::{Action, Actor, Delivery, Operation, Upload};
use koogallery_core::sync::{self, Marketplace, PushRequest, PushedOperation};
use koogallery_core::{accounts, demo, Store};
use koogallery_server::client::Http;
use koogallery_server::serve::Transport;

const SELLER: &str = "dolphin-data";

/// The demo marketplace with `count` more license orders of the seller, each waiting on its
/// delivery (bought by the reseller customer: for reference, nothing to top up).
fn marketplace(path: &Path, count: usize) -> Vec<u32> {
    let mut store = Store::open(path).unwrap();
    demo::reset_at(&mut store, chrono::Utc::now()).unwrap();
    accounts::switch(&mut store, "cedar-reseller").unwrap();
    let began = Instant::now();
    let orders = (0..count)
        .map(|n| {
            let request = CheckoutRequest {
                configuration: QuoteRequest {
                    product_id: "database-license".into(),
                    edition: "8-core".into(),
                    billing: "yearly_monthly".parse().unwrap(),
                    period: "year".parse().unwrap(),
                    duration: 1,
                    users: None,
                    quantity: None,
                },
                accept_terms: true,
                authorize_seller: true,
                payment: None,
                idempotency_key: format!("bench-{n}"),
            };
            orders::place(&mut store, &Services::system(), &request).unwrap().order.id
        })
        .collect();
    println!("{count} orders waiting on delivery made in {:.1} s", began.elapsed().as_secs_f64());
    orders
}

fn serve(path: &Path) -> String {
    let store = Store::open(path).unwrap();
    let (tell, told) = mpsc::channel::<SocketAddr>();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let listen: SocketAddr = "127.0.0.1:0".parse().unwrap();
        runtime
            .block_on(koogallery_server::serve::serve(store, listen, Transport::Http, move |listening| {
                tell.send(listening.bound).unwrap()
            }))
            .unwrap();
    });
    format!("http://{}", told.recv().unwrap())
}

fn codes(path: &Path, count: usize) -> Vec<String> {
    let mut store = Store::open(path).unwrap();
    roles::switch(&mut store, &RoleChoice::OperationsManager).unwrap();
    (0..count).map(|_| sync::issue_code(&mut store, &Services::system(), SELLER).unwrap().code).collect()
}

/// A PDF of `size` bytes, its own for each `n`.
fn pdf(n: usize, size: usize) -> Vec<u8> {
    let mut bytes = format!("%PDF-1.4\n% proof {n}\n").into_bytes();
    bytes.resize(size, b'.');
    bytes
}

fn deliver(n: usize, size: usize) -> Action {
    Action::Deliver(Delivery {
        remark: Some(format!("Delivered {n}")),
        proof: vec![Upload::from_bytes(format!("proof-{n}.pdf"), &pdf(if size > 1000 { n } else { 0 }, size))],
        enabled_at: None,
        app: None,
    })
}

fn queued_actions(dir: &Path) {
    let market = dir.join("queued.db");
    let orders = marketplace(&market, 1_000);
    let address = serve(&market);
    let code = codes(&market, 1).remove(0);
    let mut laptop = Store::open(&dir.join("laptop.db")).unwrap();
    let http = Http::new(&address, None).unwrap();
    let services = Services::system();
    let began = Instant::now();
    sync::connect(&mut laptop, &services, &http, &address, None, &code, "Bench laptop").unwrap();
    let first = sync::sync_once(&mut laptop, &services, &http).unwrap();
    println!("first pull: {} flows in {:.2} s", first.pulled, began.elapsed().as_secs_f64());
    let began = Instant::now();
    for (n, order) in orders.iter().enumerate() {
        let size = if n < 100 { 1024 * 1024 } else { 600 };
        sync::laptop::act(&mut laptop, &services, *order, None, deliver(n, size)).unwrap();
    }
    println!("1,000 deliveries made offline in {:.2} s", began.elapsed().as_secs_f64());
    let began = Instant::now();
    let round = sync::sync_once(&mut laptop, &services, &http).unwrap();
    println!(
        "sync of 1,000 queued deliveries with 100 files of 1 MB: {:.2} s ({} applied, {} pulled back)",
        began.elapsed().as_secs_f64(),
        round.applied,
        round.pulled
    );
    assert_eq!(round.applied, 1_000);
}

fn devices_at_once(devices: usize, orders: &[u32], address: &str, codes: &[String]) {
    let per_device = orders.len() / devices;
    let small = pdf(0, 600);
    let sha = format!("{:x}", <sha2::Sha256 as sha2::Digest>::digest(&small));
    let began = Instant::now();
    let latencies: Vec<Duration> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..devices)
            .map(|d| {
                let (small, sha) = (&small, &sha);
                let orders = &orders[d * per_device..(d + 1) * per_device];
                let code = codes[d].clone();
                scope.spawn(move || {
                    let http = Http::new(address, None).unwrap();
                    let welcome = http.enrol(&code, &format!("Laptop {d}")).unwrap();
                    http.upload(&welcome.token, sha, small.len() as u64, 0, small).unwrap();
                    let mut latencies = Vec::with_capacity(orders.len());
                    for (n, order) in orders.iter().enumerate() {
                        let operation = Operation {
                            id: format!("bench-{devices}-{d}-{n}"),
                            order_id: *order,
                            actor: Actor { role: koogallery_core::roles::Role::Seller, id: SELLER.into() },
                            action: deliver(0, 600),
                        };
                        let pushed = PushedOperation {
                            seq: n as u32 + 1,
                            operation: serde_json::to_value(&operation).unwrap(),
                            secret: None,
                            made_at: None,
                        };
                        let started = Instant::now();
                        let answer = http.push(&welcome.token, &PushRequest { operations: vec![pushed] }).unwrap();
                        latencies.push(started.elapsed());
                        assert!(answer.outcomes[0].applied, "{:?}", answer.outcomes[0]);
                    }
                    latencies
                })
            })
            .collect();
        workers.into_iter().flat_map(|w| w.join().unwrap()).collect()
    });
    let took = began.elapsed().as_secs_f64();
    let mut sorted = latencies.clone();
    sorted.sort();
    let p99 = sorted[(sorted.len() * 99 / 100).min(sorted.len() - 1)];
    println!(
        "{devices:>2} laptops at once: {} operations in {took:.2} s = {:.0} per second; push p50 {:.1} ms, p99 {:.1} ms",
        latencies.len(),
        latencies.len() as f64 / took,
        sorted[sorted.len() / 2].as_secs_f64() * 1000.0,
        p99.as_secs_f64() * 1000.0
    );
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    queued_actions(dir.path());
    let market = dir.path().join("devices.db");
    let orders = marketplace(&market, 3_000);
    let address = serve(&market);
    let codes = codes(&market, 61);
    let mut used = 0;
    for (run, devices) in [1, 10, 50].into_iter().enumerate() {
        let orders = &orders[run * 1000..(run + 1) * 1000];
        devices_at_once(devices, orders, &address, &codes[used..used + devices]);
        used += devices;
    }
}
