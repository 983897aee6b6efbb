//! Buying (R-BUY-1, -3, -4, -7, R-USE, R-MT-1, R-MT-5): accounts and top-ups, checkout and its
//! idempotency, the order's state machine, the ledger and Purchased Apps. How an order is paid,
//! and payment going wrong (R-BUY-6), are in `orders_payment.rs`.

mod common;

use common::buying::*;
use common::{act_for, buyers_of_each_kind, buying_catalog, monthly_checkout as checkout};
use koogallery_core::clock::FixedClock;
use koogallery_core::entropy::OsEntropy;
use koogallery_core::orders::status::transition;
use koogallery_core::orders::{self, CheckoutRequest, OrderStatus, PaymentChoice, Services};
use koogallery_core::payments::simulated::SimulatedProvider;
use koogallery_core::{accounts, apps, ErrorCode, Store};

#[test]
fn r_buy_1_accounts_show_their_kind_balance_masked_cards_and_credit() {
    let mut store = store();
    let prepaid = accounts::show(store.conn()).unwrap();
    assert_eq!(prepaid.kind, accounts::AccountKind::DirectPrepaid);
    assert_eq!(prepaid.balance.as_deref(), Some("0.00"));
    assert!(prepaid.cards.is_empty() && prepaid.credit.is_none());
    top_up(&mut store, "150.5");
    assert_eq!(balance(&store), "150.50");

    act_for(&store, "borealis-postpaid");
    let postpaid = accounts::show(store.conn()).unwrap();
    assert_eq!(postpaid.balance, None);
    let masked: Vec<&str> = postpaid.cards.iter().map(|c| c.masked.as_str()).collect();
    assert_eq!(masked, ["Visa •••• 4242", "Visa •••• 0002"]);
    let credit = postpaid.credit.unwrap();
    assert_eq!((credit.enabled, credit.limit.as_str(), credit.available.as_str()), (true, "100.00", "100.00"));
    let json = serde_json::to_string(&accounts::show(store.conn()).unwrap()).unwrap();
    assert!(!json.contains("4242424242424242") && !json.contains("sim_card"), "no number, no token: {json}");

    act_for(&store, "cedar-reseller");
    let reseller = accounts::show(store.conn()).unwrap();
    assert_eq!(reseller.kind, accounts::AccountKind::ResellerCustomer);
    assert!(reseller.balance.is_none() && reseller.cards.is_empty() && reseller.credit.is_none());
}

#[test]
fn r_mt_5_top_ups_are_prepaid_only_positive_whole_cents_and_bad_ones_change_nothing() {
    let mut store = store();
    for bad in ["0", "-10", "10.001", "lots"] {
        let err = accounts::top_up(&mut store, &clock(), bad).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidInput, "{bad}: {err}");
    }
    act_for(&store, "borealis-postpaid");
    let err = accounts::top_up(&mut store, &clock(), "10").unwrap_err();
    assert!(err.to_string().contains("not a prepaid account"), "{err}");
    assert_eq!(count(&store, "ledger_transactions"), 0);
}

#[test]
fn r_mt_1_order_prices_are_the_quote_rounded_once_to_the_cent() {
    // (product, months, quantity, users, amount charged)
    type Case = (&'static str, u32, Option<u32>, Option<u32>, &'static str);
    let cases: &[Case] = &[
        ("crm", 1, None, None, "49.00"),
        ("crm", 3, Some(2), None, "294.00"),
        ("fractions", 1, None, None, "33.34"), // 33.335 → 33.34, half away from zero
        ("fractions", 3, None, None, "100.01"), // 100.005 → 100.01, rounded once
        ("fractions", 1, Some(3), None, "100.01"), // not 3 × 33.34 = 100.02
        ("team", 2, None, Some(25), "400.00"), // 25 users × 8.00 × 2 months
    ];
    let mut store = store();
    top_up(&mut store, "100000");
    for (n, (product, months, quantity, users, amount)) in cases.iter().enumerate() {
        let mut request = checkout(product, *months, &format!("price-{n}"));
        request.configuration.quantity = *quantity;
        request.configuration.users = *users;
        let before: rust_decimal::Decimal = balance(&store).parse().unwrap();
        let order = place(&mut store, &request).unwrap();
        assert_eq!(order.order.amount, *amount, "{product} × {months} months");
        assert_eq!(order.quote.total, *amount, "the order keeps the quote it was sold at");
        let after: rust_decimal::Decimal = balance(&store).parse().unwrap();
        assert_eq!((before - after).to_string(), *amount, "charged exactly the amount due");
    }
    assert_ledger_balanced(&store);
}

#[test]
fn order_states_allow_exactly_the_legal_steps() {
    use OrderStatus::*;
    let legal = [
        (PendingPayment, Paid),
        (PendingPayment, Cancelled),
        (Paid, Processing),
        (Paid, Completed),
        (Paid, Cancelled),
        (Processing, Completed),
        // R-SUP-5, R-UNS-3: an appeal settled for the buyer or an approved unsubscription.
        (Processing, Cancelled),
        // R-UNS-2: a yearly/monthly image unsubscribed by the standard rules.
        (Completed, Cancelled),
    ];
    for from in OrderStatus::ALL {
        for to in OrderStatus::ALL {
            assert_eq!(from.can_become(to), legal.contains(&(from, to)), "{from} → {to}");
        }
    }
}

#[test]
fn every_order_step_is_applied_or_refused_in_the_store() {
    use OrderStatus::*;
    for from in OrderStatus::ALL {
        for to in OrderStatus::ALL {
            let mut store = store();
            act_for(&store, "cedar-reseller");
            // A reseller order ends completed; move a fresh one to `from` by the legal path.
            let id = place(&mut store, &checkout("crm", 1, "k")).unwrap().order.id;
            store
                .conn()
                .execute("UPDATE orders SET status = ?1 WHERE id = ?2", rusqlite::params![from.as_str(), id])
                .unwrap();
            let events = count(&store, "order_events");
            let result = transition(store.conn(), id, from, to, None, NOW);
            let status: String =
                store.conn().query_row("SELECT status FROM orders WHERE id = ?1", [id], |r| r.get(0)).unwrap();
            if from.can_become(to) {
                result.unwrap();
                assert_eq!(status, to.as_str());
                assert_eq!(count(&store, "order_events"), events + 1, "the step is in the history");
            } else {
                let err = result.unwrap_err();
                assert_eq!(err.code(), ErrorCode::Conflict, "{from} → {to}: {err}");
                assert_eq!(status, from.as_str(), "{from} → {to} changed nothing");
                assert_eq!(count(&store, "order_events"), events);
            }
        }
    }
    // A step from a status the order is no longer in is refused too.
    let mut store = store();
    act_for(&store, "cedar-reseller");
    let id = place(&mut store, &checkout("crm", 1, "k")).unwrap().order.id;
    let err = transition(store.conn(), id, Paid, Completed, None, NOW).unwrap_err();
    assert!(err.to_string().contains("no longer paid"), "{err}");
}

#[test]
fn r_buy_3_the_same_key_and_contents_charge_once_and_return_the_first_result() {
    let mut store = store();
    top_up(&mut store, "100");
    let first = place(&mut store, &checkout("crm", 1, "checkout-1")).unwrap();
    let again = place(&mut store, &checkout("crm", 1, "checkout-1")).unwrap();
    assert_eq!(first, again);
    assert_eq!(balance(&store), "51.00", "charged once");
    assert_eq!(count(&store, "orders"), 1);
    assert_eq!(count(&store, "ledger_transactions"), 2, "the top-up and one payment");
    // Left out or given, the default payment method is the same checkout.
    let mut explicit = checkout("crm", 1, "checkout-1");
    explicit.payment = Some(PaymentChoice::Balance);
    explicit.configuration.quantity = Some(1);
    assert_eq!(place(&mut store, &explicit).unwrap(), first);
}

#[test]
fn r_buy_3_the_same_key_with_different_contents_is_refused_and_changes_nothing() {
    let mut store = store();
    top_up(&mut store, "1000");
    place(&mut store, &checkout("crm", 1, "checkout-1")).unwrap();
    let mut other_edition = checkout("crm", 1, "checkout-1");
    other_edition.configuration.period = "year".parse().unwrap();
    let different = [checkout("crm", 2, "checkout-1"), checkout("fractions", 1, "checkout-1"), other_edition];
    for request in different {
        let err = place(&mut store, &request).unwrap_err();
        assert_eq!(err.code(), ErrorCode::Conflict, "{err}");
        assert!(err.to_string().contains("different checkout"), "{err}");
    }
    assert_eq!(balance(&store), "951.00");
    assert_eq!(count(&store, "orders"), 1);
    // Another buyer's key is its own.
    act_for(&store, "cedar-reseller");
    place(&mut store, &checkout("crm", 2, "checkout-1")).unwrap();
}

#[test]
fn idempotency_keys_are_checked() {
    let mut store = store();
    for bad in ["", "has space", "ü", &"k".repeat(129)] {
        let err = place(&mut store, &checkout("crm", 1, bad)).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidInput, "{bad:?}");
        assert!(err.to_string().starts_with("idempotency key:"), "{err}");
    }
}

#[test]
fn r_buy_3_terms_must_be_ticked_and_a_refused_checkout_changes_nothing() {
    let mut store = store();
    top_up(&mut store, "100");
    let mut request = checkout("crm", 1, "k1");
    request.accept_terms = false;
    let err = place(&mut store, &request).unwrap_err();
    assert!(err.to_string().starts_with("terms:"), "{err}");
    assert_eq!(count(&store, "orders"), 0);
    // The same key, now ticked, is a first checkout: nothing was recorded under it.
    request.accept_terms = true;
    place(&mut store, &request).unwrap();
}

#[test]
fn r_buy_4_saas_that_requires_it_needs_the_seller_authorization_with_the_contact_shown() {
    let mut store = store();
    top_up(&mut store, "1000");
    let err = place(&mut store, &checkout("accounting", 1, "k1")).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    let message = err.to_string();
    assert!(message.starts_with("authorize seller:"), "{message}");
    assert!(message.contains("acme-prepaid@buyer.example") && message.contains("+1 555 0101"), "{message}");
    assert_eq!(count(&store, "orders"), 0);
    let mut request = checkout("accounting", 1, "k1");
    request.authorize_seller = true;
    assert_eq!(place(&mut store, &request).unwrap().order.status, OrderStatus::Processing);
}

#[test]
fn images_and_unbuyable_configurations_are_refused_at_checkout() {
    let mut store = store();
    top_up(&mut store, "1000");
    let err = place(&mut store, &checkout("mysql-image", 1, "k1")).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert!(err.to_string().contains("image wizard"), "{err}");
    let err = place(&mut store, &checkout("crm", 37, "k2")).unwrap_err();
    assert!(err.to_string().starts_with("duration:"), "the quote's own check: {err}");
    let err = place(&mut store, &checkout("nothing", 1, "k3")).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
    assert_eq!(count(&store, "orders"), 0);
}

#[test]
fn r_buy_7_paid_saas_is_in_purchased_apps_and_supervised_products_stay_processing() {
    let mut store = store();
    top_up(&mut store, "10000");
    let saas = place(&mut store, &checkout("crm", 1, "k1")).unwrap();
    assert_eq!(saas.order.status, OrderStatus::Completed);
    let steps: Vec<OrderStatus> = saas.events.iter().map(|e| e.status).collect();
    assert_eq!(steps, [OrderStatus::PendingPayment, OrderStatus::Paid, OrderStatus::Completed]);
    let license = place(&mut store, &checkout("db-license", 1, "k2")).unwrap();
    assert_eq!(license.order.status, OrderStatus::Processing);
    let mut supervised = checkout("accounting", 1, "k3");
    supervised.authorize_seller = true;
    assert_eq!(place(&mut store, &supervised).unwrap().order.status, OrderStatus::Processing);

    let listed: Vec<String> = apps::list(store.conn()).unwrap().into_iter().map(|a| a.product_id).collect();
    assert_eq!(listed, ["crm"], "supervised products are not listed until supervision completes");
    assert_eq!(apps::show(store.conn(), license.order.id).unwrap_err().code(), ErrorCode::NotFound);
    assert_eq!(orders::list(store.conn()).unwrap().len(), 3, "all are in My Orders");

    let app = apps::show(store.conn(), saas.order.id).unwrap();
    let access = app.saas.unwrap();
    assert_eq!(access.user_name, "acme-prepaid@buyer.example");
    assert!(access.management_url.starts_with("https://crm.apps.koogallery.example/"));
    assert!(access.front_end_url.starts_with("https://t1.crm."));
    assert_eq!(app.seller.name, "Test Seller");
    let password = apps::reveal_password(store.conn(), store.secret_key(), saas.order.id).unwrap();
    assert_eq!(password.expose().len(), 16);
    assert_eq!(format!("{password:?}"), "***", "a password never prints through Debug");
}

#[test]
fn r_use_the_saas_password_is_not_in_plain_text_in_the_data_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kg.db");
    let mut store = Store::open(&path).unwrap();
    buying_catalog(&mut store);
    buyers_of_each_kind(&store);
    top_up(&mut store, "100");
    let order = place(&mut store, &checkout("crm", 1, "k1")).unwrap();
    let password = apps::reveal_password(store.conn(), store.secret_key(), order.order.id).unwrap();
    store.conn().query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(())).unwrap();
    drop(store);
    for file in std::fs::read_dir(dir.path()).unwrap() {
        let bytes = std::fs::read(file.unwrap().path()).unwrap();
        assert!(!bytes.windows(16).any(|w| w == password.expose().as_bytes()), "the password is in plain text");
    }
    // Another process with the same files reads it back.
    let store = Store::open(&path).unwrap();
    assert_eq!(apps::reveal_password(store.conn(), store.secret_key(), order.order.id).unwrap(), password);
}

#[test]
fn switching_accounts_changes_who_buys_and_an_unknown_account_changes_nothing() {
    let mut store = store();
    assert_eq!(accounts::switch(&mut store, "cedar-reseller").unwrap().id, "cedar-reseller");
    assert_eq!(accounts::show(store.conn()).unwrap().id, "cedar-reseller");
    let err = accounts::switch(&mut store, "nobody").unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
    assert_eq!(accounts::show(store.conn()).unwrap().id, "cedar-reseller");
}

#[test]
fn r_buy_6_an_order_left_pending_past_the_payment_window_is_cancelled_at_the_next_checkout() {
    let mut store = store();
    top_up(&mut store, "100");
    place(&mut store, &checkout("crm", 1, "k1")).unwrap();
    interrupt_payment(&store);
    let place_at = |store: &mut Store, minutes: i64, request: &CheckoutRequest| {
        let clock = FixedClock(clock().0 + chrono::Duration::minutes(minutes));
        orders::place(store, &Services { clock: &clock, payments: &SimulatedProvider, entropy: &OsEntropy }, request)
    };
    place_at(&mut store, 15, &checkout("fractions", 1, "k2")).unwrap();
    assert_eq!(orders::show(store.conn(), 1).unwrap().order.status, OrderStatus::PendingPayment, "still in its window");
    place_at(&mut store, 16, &checkout("fractions", 1, "k3")).unwrap();
    let abandoned = orders::show(store.conn(), 1).unwrap();
    assert_eq!(abandoned.order.status, OrderStatus::Cancelled);
    assert!(abandoned.order.failure.unwrap().contains("interrupted"));
    assert!(abandoned.ledger.is_empty());
    let retried = place_at(&mut store, 17, &checkout("crm", 1, "k1")).unwrap_err();
    assert!(retried.to_string().contains("was cancelled and nothing was charged"), "{retried}");
}

#[test]
fn another_accounts_orders_are_not_found() {
    let mut store = store();
    act_for(&store, "cedar-reseller");
    let id = place(&mut store, &checkout("crm", 1, "k1")).unwrap().order.id;
    act_for(&store, "acme-prepaid");
    assert_eq!(orders::show(store.conn(), id).unwrap_err().code(), ErrorCode::NotFound);
    assert!(orders::list(store.conn()).unwrap().is_empty());
    assert!(apps::list(store.conn()).unwrap().is_empty());
}

#[test]
fn popular_applications_rank_by_what_is_actually_bought() {
    use koogallery_core::catalog::search::home;
    let mut store = store();
    let first = |store: &Store| home(store).unwrap().popular[0].id.clone();
    assert_eq!(first(&store), "fractions", "no purchases yet: ties go by name (Benchmark Data)");

    top_up(&mut store, "1000.00");
    place(&mut store, &checkout("crm", 1, "k1")).unwrap();
    assert_eq!(first(&store), "crm");
    assert_eq!(home(&store).unwrap().popular[0].popularity, 1);

    // A purchase that is declined is no purchase.
    act_for(&store, "borealis-postpaid");
    let mut declined = checkout("team", 1, "k2");
    declined.configuration.users = Some(1);
    declined.payment = Some(PaymentChoice::Card { card_id: 2 });
    assert_eq!(place(&mut store, &declined).unwrap_err().code(), ErrorCode::PaymentDeclined);
    let team = home(&store).unwrap().popular.into_iter().find(|p| p.id == "team").unwrap();
    assert_eq!(team.popularity, 0);
}
