//! What happened in the demo marketplace before the visitor arrived: supervised purchases of
//! every supervised delivery method, from sellers the role switcher offers, with their flows in
//! every state, so that Service Supervision, the Seller Console, Appeals, Unsubscriptions and
//! Messages all have something to show after `kg demo reset`; and subscriptions that renew
//! themselves or lapse, so that a year of the time machine shows renewals charged and a
//! subscription released.
//!
//! Everything goes through the ordinary paths: checkout pays the orders, operations go through
//! `supervision::apply` at their own times, and the scheduler fires what fell due. Times are
//! counted back from the reset, so that flows waiting on someone stay fresh. The prepaid
//! account is topped up by what it spends here, so that its balance still reads 2,000.00.

use chrono::{DateTime, Duration, DurationRound, Utc};

use crate::catalog::pricing::QuoteRequest;
use crate::clock::FixedClock;
use crate::entropy::OsEntropy;
use crate::orders::{self, CheckoutRequest, PaymentChoice, Services};
use crate::payments::simulated::SimulatedProvider;
use crate::roles::{self, RoleChoice};
use crate::store::secrets::Secret;
use crate::supervision::{self, Action, Actor, AppAccess, Delivery, Operation, Ruling, Upload};
use crate::{accounts, scheduler, CoreError, Result, Store};

use super::demo_file;

/// The version of the history [`seed`] writes, part of what names a sandbox's first state:
/// raised with every change to it, so that a first state seeded before is made again.
pub(super) const HISTORY: u32 = 2;

struct Purchase {
    account: &'static str,
    product: &'static str,
    edition: &'static str,
    period: &'static str,
    users: Option<u32>,
    days_ago: i64,
}

fn checkout(p: &Purchase, key: String) -> CheckoutRequest {
    CheckoutRequest {
        configuration: QuoteRequest {
            product_id: p.product.into(),
            edition: p.edition.into(),
            billing: crate::catalog::model::BillingMode::YearlyMonthly,
            period: p.period.parse().unwrap_or(crate::catalog::model::BillingPeriod::Month),
            duration: 1,
            users: p.users,
            quantity: None,
        },
        accept_terms: true,
        authorize_seller: true,
        payment: (p.account == "borealis-postpaid").then_some(PaymentChoice::Card { card_id: 1 }),
        idempotency_key: key,
    }
}

/// Buys `p` at its time as its account and returns the order.
fn buy(store: &mut Store, p: &Purchase, at: DateTime<Utc>) -> Result<u32> {
    store.write(|tx| roles::switch_in(tx, &RoleChoice::Buyer { account_id: p.account.into() }))?;
    let clock = FixedClock(at);
    let services = Services { clock: &clock, payments: &SimulatedProvider, entropy: &OsEntropy };
    let request = checkout(p, format!("demo-{}-{}", p.account, p.product));
    if p.account == "acme-prepaid" {
        // Keep the prepaid balance at its demo figure: top up what the purchase costs first.
        let quote = crate::catalog::pricing::quote(store.conn(), &request.configuration)?;
        let amount = quote.total.parse().map_err(|_| CoreError::Internal("a demo quote is unreadable".into()))?;
        store.write(|tx| accounts::top_up_account(tx, p.account, amount, &crate::timers::text(at)).map(|_| ()))?;
    }
    Ok(orders::place(store, &services, &request)?.order.id)
}

/// Switches automatic renewal on for the subscription of `order`, by its own period, at `at`.
fn renew_automatically(store: &mut Store, order: u32, at: DateTime<Utc>) -> Result<()> {
    let id = crate::subscriptions::of_order(store.conn(), order)?
        .ok_or_else(|| CoreError::Internal(format!("demo order {order} made no subscription")))?;
    let clock = FixedClock(at);
    let services = Services { clock: &clock, payments: &SimulatedProvider, entropy: &OsEntropy };
    let choice = crate::subscriptions::AutoRenewChoice { enabled: true, period: None, date: None };
    crate::subscriptions::set_auto_renew(store, &services, id, &choice)
}

fn proof(files: &[&str]) -> Result<Vec<Upload>> {
    files
        .iter()
        .map(|path| {
            let bytes = demo_file(path).ok_or_else(|| CoreError::not_found(format!("the demo file {path}")))?;
            let name = path.rsplit('/').next().unwrap_or(path);
            Ok(Upload::from_bytes(name, &bytes))
        })
        .collect()
}

/// Applies `action` on `order` as `role`/`id` at `at`.
fn act(
    store: &mut Store,
    order: u32,
    n: u32,
    actor: (roles::Role, &str),
    action: Action,
    at: DateTime<Utc>,
) -> Result<()> {
    let key = store.secret_key().clone();
    let op = Operation {
        id: format!("demo-{order}-{n}"),
        order_id: order,
        actor: Actor { role: actor.0, id: actor.1.to_string() },
        action,
    };
    store.write(|tx| supervision::apply(tx, &key, &op, at)).map(|_| ())
}

/// Fills the demo marketplace's history up to `now`.
pub(super) fn seed(store: &mut Store, now: DateTime<Utc>) -> Result<()> {
    use roles::Role::{Buyer, OperationsManager, Seller};
    let now = now.duration_trunc(Duration::minutes(1)).unwrap_or(now);
    let ago = |days: i64, hours: i64| now - Duration::days(days) - Duration::hours(hours);
    let ops = (OperationsManager, crate::messages::OPERATIONS);
    let purchase = |account, product, edition, period, users, days_ago| Purchase {
        account,
        product,
        edition,
        period,
        users,
        days_ago,
    };
    let delivery = |files: &[&str], remark: &str| -> Result<Action> {
        Ok(Action::Deliver(Delivery { remark: Some(remark.into()), proof: proof(files)?, enabled_at: None, app: None }))
    };

    // A license the seller is deploying.
    let p = purchase("acme-prepaid", "database-license", "8-core", "year", None, 2);
    buy(store, &p, ago(p.days_ago, 0))?;

    // A supervised SaaS delivered, waiting for the buyer's acceptance.
    let p = purchase("acme-prepaid", "online-accounting-saas", "essentials", "month", None, 4);
    let saas = buy(store, &p, ago(p.days_ago, 0))?;
    let ledgerleaf = (Seller, "ledgerleaf");
    act(
        store,
        saas,
        1,
        (Buyer, "acme-prepaid"),
        Action::SubmitRequest {
            text: "Company: Acme Retail. Fiscal year from April. Two ledgers: US and Canada.".into(),
        },
        ago(3, 20),
    )?;
    act(
        store,
        saas,
        2,
        ledgerleaf,
        Action::AcceptRequest { remark: Some("Setting up both ledgers.".into()) },
        ago(3, 2),
    )?;
    let mut deliver = delivery(
        &["guides/online-accounting-saas.pdf", "images/online-accounting-saas/screenshot-1.png"],
        "Both ledgers are ready; the administrator account is below.",
    )?;
    if let Action::Deliver(d) = &mut deliver {
        d.app = Some(AppAccess {
            user_name: "it@acme-retail.example".into(),
            initial_password: Secret::new("Ledger-Acme-2026".into()),
            management_url: "https://online-accounting-saas.apps.koogallery.example/manage/acme".into(),
            front_end_url: "https://acme.online-accounting-saas.apps.koogallery.example/".into(),
        });
    }
    act(store, saas, 3, ledgerleaf, deliver, ago(1, 5))?;

    // A professional service delivered, accepted and completed long ago.
    let p = purchase("acme-prepaid", "data-migration-service", "standard", "month", None, 20);
    let migration = buy(store, &p, ago(p.days_ago, 0))?;
    let meridian = (Seller, "meridian-cloud");
    act(
        store,
        migration,
        1,
        (Buyer, "acme-prepaid"),
        Action::SubmitRequest { text: "Move 2 TB of MySQL 5.7 data to the new cluster over a weekend.".into() },
        ago(19, 22),
    )?;
    act(store, migration, 2, meridian, Action::AcceptRequest { remark: None }, ago(19, 3))?;
    act(
        store,
        migration,
        3,
        meridian,
        delivery(&["guides/data-migration-service.pdf"], "Migrated and verified; report attached.")?,
        ago(12, 0),
    )?;
    act(store, migration, 4, (Buyer, "acme-prepaid"), Action::AcceptDelivery, ago(11, 0))?;

    // A training waiting for the buyer's request.
    let p = purchase("borealis-postpaid", "cloud-admin-training", "remote", "month", None, 1);
    buy(store, &p, ago(p.days_ago, 0))?;

    // A request the seller has yet to review, after one rejection.
    let p = purchase("borealis-postpaid", "kubernetes-cluster-setup-service", "single-cluster", "month", None, 3);
    let k8s = buy(store, &p, ago(p.days_ago, 0))?;
    let bluepine = (Seller, "bluepine-stack");
    act(
        store,
        k8s,
        1,
        (Buyer, "borealis-postpaid"),
        Action::SubmitRequest { text: "One cluster.".into() },
        ago(2, 20),
    )?;
    act(
        store,
        k8s,
        2,
        bluepine,
        Action::RejectRequest {
            reason: "Please give the region, node count and the Kubernetes version you need".into(),
        },
        ago(2, 6),
    )?;
    act(
        store,
        k8s,
        3,
        (Buyer, "borealis-postpaid"),
        Action::SubmitRequest {
            text: "Frankfurt region, 3 worker nodes, Kubernetes 1.30, private API endpoint.".into(),
        },
        ago(1, 2),
    )?;

    // A license whose seller stayed silent: the buyer appealed; the case waits for operations.
    let p = purchase("borealis-postpaid", "api-gateway-license", "2-nodes", "month", None, 9);
    let silent = buy(store, &p, ago(p.days_ago, 0))?;
    act(store, silent, 1, (Buyer, "borealis-postpaid"), Action::Remind, ago(6, 0))?;
    act(
        store,
        silent,
        2,
        (Buyer, "borealis-postpaid"),
        Action::Appeal { reason: "No license key and no answer for more than 5 days".into(), proof: vec![] },
        ago(1, 0),
    )?;

    // A license delivered to the reseller customer, who asks to unsubscribe.
    let p = purchase("cedar-reseller", "fleet-config-license", "100-nodes", "month", None, 5);
    let fleet = buy(store, &p, ago(p.days_ago, 0))?;
    let sentinel = (Seller, "sentinel-ops");
    act(
        store,
        fleet,
        1,
        sentinel,
        delivery(&["guides/fleet-config-license.pdf"], "License file for 100 nodes attached.")?,
        ago(3, 0),
    )?;
    act(
        store,
        fleet,
        2,
        (Buyer, "cedar-reseller"),
        Action::RequestUnsubscription {
            amount: "150.00".into(),
            reason: "The clinic network is smaller than planned; agreed with the seller by phone".into(),
            share_contact: true,
        },
        ago(1, 3),
    )?;

    // A license unsubscribed by agreement: approved and refunded.
    let p = purchase("borealis-postpaid", "testbench-automation-license", "25-users", "month", None, 8);
    let testbench = buy(store, &p, ago(p.days_ago, 0))?;
    let forgeworks = (Seller, "forgeworks");
    act(
        store,
        testbench,
        1,
        (Buyer, "borealis-postpaid"),
        Action::RequestUnsubscription {
            amount: "220.00".into(),
            reason: "Bought the wrong edition".into(),
            share_contact: false,
        },
        ago(7, 0),
    )?;
    let request =
        crate::supervision::unsubscribe::of_order(store.conn(), testbench)?.first().map(|r| r.id).unwrap_or(0);
    act(
        store,
        testbench,
        2,
        forgeworks,
        Action::ReviewUnsubscription {
            request_id: request,
            approve: true,
            comment: "Agreed: full refund.".into(),
            records: vec![],
        },
        ago(6, 20),
    )?;

    // Hardware delivered and accepted an hour ago: it completes 2 hours after the reset.
    let p = purchase("borealis-postpaid", "pos-terminal-kit-hardware", "single", "year", None, 6);
    let pos = buy(store, &p, ago(p.days_ago, 0))?;
    let cartwheel = (Seller, "cartwheel-commerce");
    act(
        store,
        pos,
        1,
        cartwheel,
        delivery(
            &["guides/pos-terminal-kit-hardware.pdf"],
            "Shipped and installed at the Hamburg warehouse; signed delivery note attached.",
        )?,
        ago(1, 4),
    )?;
    act(store, pos, 2, (Buyer, "borealis-postpaid"), Action::AcceptDelivery, ago(0, 1))?;

    // An appeal the operations manager settled for the seller: the flow went on.
    let p = purchase("cedar-reseller", "mysql-backup-manager-license", "5-servers", "month", None, 12);
    let backup = buy(store, &p, ago(p.days_ago, 0))?;
    let vaultwise = (Seller, "vaultwise");
    act(
        store,
        backup,
        1,
        vaultwise,
        Action::Appeal {
            reason: "The buyer has not answered for a week; we need the server list to issue the keys".into(),
            proof: vec![],
        },
        ago(6, 0),
    )?;
    act(
        store,
        backup,
        2,
        ops,
        Action::Settle {
            ruling: Ruling::Seller { complete: false },
            decision: "The buyer sent the server list to both parties; the seller delivers within 3 days.".into(),
        },
        ago(4, 0),
    )?;

    // Subscriptions for the time machine to carry through a year: a month of backup that renews
    // itself from the prepaid balance, a per-user dashboard whose year is renewed on the card a
    // week before it ends, and a month of e-invoicing left to lapse into grace, retention and
    // release (R-REN-1, R-REN-3).
    let p = purchase("acme-prepaid", "cloud-backup-saas", "1tb", "month", None, 18);
    let monthly = buy(store, &p, ago(p.days_ago, 0))?;
    renew_automatically(store, monthly, ago(p.days_ago, 0))?;
    let p = purchase("borealis-postpaid", "bi-dashboard-saas", "per-user", "year", Some(10), 350);
    let yearly = buy(store, &p, ago(p.days_ago, 0))?;
    renew_automatically(store, yearly, ago(p.days_ago, 0))?;
    let p = purchase("cedar-reseller", "e-invoicing-saas", "per-user", "month", Some(3), 27);
    buy(store, &p, ago(p.days_ago, 0))?;

    scheduler::run_until(
        store,
        &Services { clock: &FixedClock(now), payments: &SimulatedProvider, entropy: &OsEntropy },
        now,
    )?;
    store.write(|tx| roles::switch_in(tx, &RoleChoice::Buyer { account_id: accounts::DEFAULT_ACCOUNT.into() }))?;
    Ok(())
}
