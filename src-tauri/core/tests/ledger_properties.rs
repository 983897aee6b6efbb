//! R-MT-5 and R-BUY-3 as properties: whatever sequence of top-ups, purchases, declines and
//! retries happens, every ledger transaction balances, every balance is the sum of its
//! entries and equals what was topped up less what was charged, and a retried checkout
//! answers as it first did without charging again.

mod common;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use common::{act_for, buyers_of_each_kind, buying_catalog, monthly_checkout};
use koogallery_core::clock::FixedClock;
use koogallery_core::entropy::OsEntropy;
use koogallery_core::orders::{self, CheckoutRequest, PaymentChoice, Services};
use koogallery_core::payments::simulated::SimulatedProvider;
use koogallery_core::{accounts, ledger, ErrorCode, Store};
use proptest::prelude::*;
use rust_decimal::Decimal;

#[derive(Debug, Clone)]
enum Op {
    TopUp { cents: u32 },
    Buy { buyer: usize, product: usize, months: u32, key: usize },
}

/// (account, payment choice): prepaid balance, an approved card, the declined test card,
/// credit, a reseller customer.
const BUYERS: [(&str, Option<PaymentChoice>); 5] = [
    ("acme-prepaid", None),
    ("borealis-postpaid", Some(PaymentChoice::Card { card_id: 1 })),
    ("borealis-postpaid", Some(PaymentChoice::Card { card_id: 2 })),
    ("borealis-postpaid", Some(PaymentChoice::Credit)),
    ("cedar-reseller", None),
];
const PRODUCTS: [&str; 4] = ["crm", "fractions", "db-license", "team"];

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (1u32..20_000).prop_map(|cents| Op::TopUp { cents }),
        (0..BUYERS.len(), 0..PRODUCTS.len(), 1u32..4, 0usize..5).prop_map(|(buyer, product, months, key)| Op::Buy {
            buyer,
            product,
            months,
            key
        }),
    ]
}

fn request(product: &str, months: u32, payment: Option<PaymentChoice>, key: usize) -> CheckoutRequest {
    let mut request = monthly_checkout(product, months, &format!("key-{key}"));
    request.configuration.users = (product == "team").then_some(3);
    request.payment = payment;
    request
}

fn sum_of_entries(store: &Store, ledger_account: &str) -> Decimal {
    let cents: i64 = store
        .conn()
        .query_row(
            "SELECT coalesce(sum(amount_cents), 0) FROM ledger_entries WHERE ledger_account = ?1",
            [ledger_account],
            |r| r.get(0),
        )
        .unwrap();
    Decimal::new(cents, 2)
}

fn check_ledger(store: &Store, prepaid: Decimal, credit_used: Decimal) {
    assert!(ledger::unbalanced(store.conn()).unwrap().is_empty(), "an unbalanced transaction");
    let total: i64 =
        store.conn().query_row("SELECT coalesce(sum(amount_cents), 0) FROM ledger_entries", [], |r| r.get(0)).unwrap();
    assert_eq!(total, 0, "the whole ledger sums to zero");
    assert_eq!(ledger::unbalanced_accounts(store.conn()).unwrap(), vec![], "every kept balance is its entries' sum");

    act_for(store, "acme-prepaid");
    let shown: Decimal = accounts::show(store.conn()).unwrap().balance.unwrap().parse().unwrap();
    assert_eq!(shown, sum_of_entries(store, "buyer_balance:acme-prepaid"), "the balance is the sum of its entries");
    assert_eq!(shown, prepaid, "topped up less charged");
    assert!(shown >= Decimal::ZERO);

    act_for(store, "borealis-postpaid");
    let credit = accounts::show(store.conn()).unwrap().credit.unwrap();
    let used: Decimal = credit.used.parse().unwrap();
    assert_eq!(used, -sum_of_entries(store, "buyer_credit:borealis-postpaid"));
    assert_eq!(used, credit_used);
    assert!(used <= credit.limit.parse().unwrap());

    let paid: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM orders WHERE status IN ('paid', 'processing', 'completed') AND payment_method <> 'reseller'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let payments: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM ledger_transactions WHERE kind IN ('payment', 'credit_use')", [], |r| r.get(0))
        .unwrap();
    assert_eq!(paid, payments, "one ledger transaction per paid order, none for the rest");
}

/// A checkout as first submitted, and its answer: the order's id, or the error's code.
type FirstAnswer = (CheckoutRequest, Result<u32, ErrorCode>);

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn r_mt_5_random_top_ups_purchases_declines_and_retries_keep_the_ledger_balanced(ops in prop::collection::vec(op(), 1..30)) {
        let mut store = Store::open_in_memory().unwrap();
        buying_catalog(&mut store);
        buyers_of_each_kind(&store);
        let clock = FixedClock("2026-03-08T10:00:00Z".parse::<DateTime<Utc>>().unwrap());
        let services = Services { clock: &clock, payments: &SimulatedProvider, entropy: &OsEntropy };

        let mut prepaid = Decimal::ZERO;
        let mut credit_used = Decimal::ZERO;
        // (account, key) → (the checkout, its first answer as Ok(order id) or Err(code))
        let mut first: HashMap<(&str, usize), FirstAnswer> = HashMap::new();

        for op in ops {
            match op {
                Op::TopUp { cents } => {
                    act_for(&store, "acme-prepaid");
                    let amount = Decimal::new(i64::from(cents), 2);
                    accounts::top_up(&mut store, &clock, &amount.to_string()).unwrap();
                    prepaid += amount;
                }
                Op::Buy { buyer, product, months, key } => {
                    let (account, payment) = BUYERS[buyer];
                    act_for(&store, account);
                    let request = request(PRODUCTS[product], months, payment, key);
                    let answer = orders::place(&mut store, &services, &request);
                    match first.get(&(account, key)) {
                        Some((earlier, _)) if *earlier != request => {
                            assert_eq!(answer.unwrap_err().code(), ErrorCode::Conflict, "same key, different checkout");
                        }
                        Some((_, earlier)) => {
                            let now = answer.as_ref().map(|o| o.order.id).map_err(|e| e.code());
                            assert_eq!(&now, earlier, "a retry answers as the first submission did");
                        }
                        None => {
                            if let Ok(order) = &answer {
                                let amount: Decimal = order.order.amount.parse().unwrap();
                                match (account, payment) {
                                    ("acme-prepaid", _) => prepaid -= amount,
                                    (_, Some(PaymentChoice::Credit)) => credit_used += amount,
                                    _ => {}
                                }
                            } else {
                                let code = answer.as_ref().unwrap_err().code();
                                assert!(
                                    matches!(code, ErrorCode::InsufficientBalance | ErrorCode::PaymentDeclined),
                                    "only declines fail here: {code:?}"
                                );
                            }
                            let outcome = answer.map(|o| o.order.id).map_err(|e| e.code());
                            first.insert((account, key), (request, outcome));
                        }
                    }
                }
            }
            check_ledger(&store, prepaid, credit_used);
        }
    }
}
