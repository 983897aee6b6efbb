//! Who the app acts as (buyer, seller, operations manager), and a buyer's means of payment
//! (R-BUY-1): cards added and kept masked, credit enabled on request.

mod common;

use chrono::{DateTime, Utc};
use common::{act_for, buyers_of_each_kind, buying_catalog, monthly_checkout};
use koogallery_core::accounts::{self, AccountKind, STANDARD_CREDIT_LIMIT};
use koogallery_core::clock::FixedClock;
use koogallery_core::entropy::OsEntropy;
use koogallery_core::money::format_amount;
use koogallery_core::orders::{self, Services};
use koogallery_core::payments::simulated::SimulatedProvider;
use koogallery_core::roles::{self, Role, RoleChoice};
use koogallery_core::{ErrorCode, Store};

fn clock() -> FixedClock {
    FixedClock("2026-03-08T10:00:00Z".parse::<DateTime<Utc>>().unwrap())
}

fn store() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    buying_catalog(&mut store);
    buyers_of_each_kind(&store);
    store
}

fn add_card(store: &mut Store, number: &str) -> Result<accounts::Account, koogallery_core::CoreError> {
    accounts::add_card_to_current(store, &SimulatedProvider, &clock(), number)
}

fn cards(store: &Store) -> i64 {
    store.conn().query_row("SELECT count(*) FROM account_cards", [], |r| r.get(0)).unwrap()
}

fn buy(store: &mut Store, key: &str) -> Result<orders::OrderDetail, koogallery_core::CoreError> {
    let clock = clock();
    let services = Services { clock: &clock, payments: &SimulatedProvider, entropy: &OsEntropy };
    orders::place(store, &services, &monthly_checkout("crm", 1, key))
}

#[test]
fn r_buy_1_a_postpaid_buyer_adds_a_card_kept_masked() {
    let mut store = store();
    act_for(&store, "borealis-postpaid");
    let account = add_card(&mut store, "5555 5555 5555 4444").unwrap();
    let added = account.cards.last().unwrap();
    assert_eq!((added.brand.as_str(), added.masked.as_str()), ("Mastercard", "Mastercard •••• 4444"));
    assert_eq!(account.cards.len(), 3);
    let stored: String =
        store.conn().query_row("SELECT group_concat(token) FROM account_cards", [], |r| r.get(0)).unwrap();
    assert!(!stored.contains("5555555555554444"), "the number is never stored: {stored}");
}

#[test]
fn r_buy_1_a_card_that_is_not_a_card_number_is_refused_and_nothing_is_stored() {
    let mut store = store();
    act_for(&store, "borealis-postpaid");
    let before = cards(&store);
    // (number, what the message names)
    let cases = [
        ("", "12 to 19 digits"),
        ("4242", "12 to 19 digits"),
        ("4242 4242 4242 424x", "12 to 19 digits"),
        ("4242 4242 4242 4241", "not a valid card number"),
        ("4242 4242 4242 4242", "already on file"),
        ("4000-0000-0000-0002", "already on file"),
    ];
    for (number, says) in cases {
        let err = add_card(&mut store, number).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidInput, "{number:?}: {err}");
        assert!(err.to_string().contains(says), "{number:?}: {err}");
        assert_eq!(cards(&store), before, "{number:?} changed nothing");
    }
}

#[test]
fn r_buy_1_an_account_keeps_at_most_five_cards() {
    let mut store = store();
    act_for(&store, "borealis-postpaid");
    for number in ["5555555555554444", "378282246310005"] {
        add_card(&mut store, number).unwrap();
    }
    assert_eq!(cards(&store), 4);
    add_card(&mut store, "6011111111111117").unwrap();
    let err = add_card(&mut store, "3530111333300000").unwrap_err();
    assert!(err.to_string().contains("at most 5"), "{err}");
    assert_eq!(cards(&store), 5);
}

#[test]
fn r_buy_1_only_postpaid_accounts_keep_cards() {
    let mut store = store();
    for account in ["acme-prepaid", "cedar-reseller"] {
        act_for(&store, account);
        let err = add_card(&mut store, "5555555555554444").unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidInput, "{account}: {err}");
    }
    assert_eq!(cards(&store), 2);
}

#[test]
fn r_buy_1_credit_is_enabled_on_request_for_postpaid_accounts_only() {
    let mut store = store();
    act_for(&store, "borealis-postpaid");
    store.conn().execute("UPDATE accounts SET credit_enabled = 0, credit_limit_cents = 0", []).unwrap();
    assert!(!accounts::show(store.conn()).unwrap().credit.unwrap().enabled);

    let credit = accounts::request_credit(&mut store).unwrap().credit.unwrap();
    let limit = format_amount(STANDARD_CREDIT_LIMIT);
    assert_eq!(
        (credit.enabled, credit.limit.as_str(), credit.available.as_str()),
        (true, limit.as_str(), limit.as_str())
    );
    assert_eq!(limit, "5000.00");

    // Asking again keeps the line as it is.
    store.conn().execute("UPDATE accounts SET credit_limit_cents = 12300", []).unwrap();
    assert_eq!(accounts::request_credit(&mut store).unwrap().credit.unwrap().limit, "123.00");

    for account in ["acme-prepaid", "cedar-reseller"] {
        act_for(&store, account);
        let err = accounts::request_credit(&mut store).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidInput, "{account}: {err}");
        let kind = accounts::show(store.conn()).unwrap().kind;
        assert_ne!(kind, AccountKind::DirectPostpaid);
    }
    let enabled: i64 = store.conn().query_row("SELECT sum(credit_enabled) FROM accounts", [], |r| r.get(0)).unwrap();
    assert_eq!(enabled, 1, "only the postpaid account has credit");
}

#[test]
fn the_app_acts_as_a_buyer_until_another_role_is_chosen() {
    let mut store = store();
    let acting = roles::show(store.conn()).unwrap();
    assert_eq!((acting.role, acting.account.id.as_str()), (Role::Buyer, "acme-prepaid"));
    assert_eq!(acting.accounts.len(), 3);
    assert_eq!(acting.sellers.len(), 1);
    assert_eq!(acting.seller.as_ref().map(|s| (s.id.as_str(), s.products)), Some(("test-seller", 6)));

    let acting = roles::switch(&mut store, &RoleChoice::Seller { seller_id: "test-seller".into() }).unwrap();
    assert_eq!(acting.role, Role::Seller);
    let acting = roles::switch(&mut store, &RoleChoice::OperationsManager).unwrap();
    assert_eq!(acting.role, Role::OperationsManager);
    let acting = roles::switch(&mut store, &RoleChoice::Buyer { account_id: "cedar-reseller".into() }).unwrap();
    assert_eq!((acting.role, acting.account.id.as_str()), (Role::Buyer, "cedar-reseller"));

    // Switching accounts the old way also makes the app a buyer again.
    roles::switch(&mut store, &RoleChoice::OperationsManager).unwrap();
    accounts::switch(&mut store, "borealis-postpaid").unwrap();
    let acting = roles::show(store.conn()).unwrap();
    assert_eq!((acting.role, acting.account.id.as_str()), (Role::Buyer, "borealis-postpaid"));
}

#[test]
fn switching_to_someone_unknown_is_not_found_and_changes_nothing() {
    let mut store = store();
    roles::switch(&mut store, &RoleChoice::OperationsManager).unwrap();
    for choice in [RoleChoice::Buyer { account_id: "nobody".into() }, RoleChoice::Seller { seller_id: "nobody".into() }]
    {
        let err = roles::switch(&mut store, &choice).unwrap_err();
        assert_eq!(err.code(), ErrorCode::NotFound, "{choice:?}: {err}");
        let acting = roles::show(store.conn()).unwrap();
        assert_eq!((acting.role, acting.account.id.as_str()), (Role::OperationsManager, "acme-prepaid"));
    }
}

#[test]
fn r_buy_1_only_a_buyer_pays_tops_up_or_adds_means_of_payment() {
    let mut store = store();
    accounts::top_up(&mut store, &clock(), "100.00").unwrap();
    for choice in [RoleChoice::Seller { seller_id: "test-seller".into() }, RoleChoice::OperationsManager] {
        roles::switch(&mut store, &choice).unwrap();
        let refused = [
            buy(&mut store, "k-1").map(|_| ()),
            accounts::top_up(&mut store, &clock(), "10.00").map(|_| ()),
            add_card(&mut store, "5555555555554444").map(|_| ()),
            accounts::request_credit(&mut store).map(|_| ()),
        ];
        for err in refused {
            let err = err.unwrap_err();
            assert_eq!(err.code(), ErrorCode::Forbidden, "{choice:?}: {err}");
            assert!(err.to_string().contains("switch roles"), "{err}");
        }
        let orders: i64 = store.conn().query_row("SELECT count(*) FROM orders", [], |r| r.get(0)).unwrap();
        assert_eq!(orders, 0);
        assert_eq!(accounts::show(store.conn()).unwrap().balance.as_deref(), Some("100.00"));
    }
    roles::switch(&mut store, &RoleChoice::Buyer { account_id: "acme-prepaid".into() }).unwrap();
    buy(&mut store, "k-1").unwrap();
}

#[test]
fn a_seller_sees_the_orders_it_received_and_operations_every_order() {
    let mut store = store();
    accounts::top_up(&mut store, &clock(), "100.00").unwrap();
    buy(&mut store, "prepaid-1").unwrap();
    accounts::switch(&mut store, "cedar-reseller").unwrap();
    buy(&mut store, "reseller-1").unwrap();

    // A buyer sees its own orders and may not look at the others'.
    assert_eq!(orders::list(store.conn()).unwrap().len(), 1);
    assert_eq!(orders::received(store.conn(), None).unwrap_err().code(), ErrorCode::Forbidden);
    assert_eq!(orders::all(store.conn(), None).unwrap_err().code(), ErrorCode::Forbidden);

    roles::switch(&mut store, &RoleChoice::Seller { seller_id: "test-seller".into() }).unwrap();
    let received = orders::received(store.conn(), None).unwrap();
    let buyers: Vec<_> = received.iter().map(|o| o.buyer_name.as_str()).collect();
    assert_eq!(buyers, ["cedar-reseller", "acme-prepaid"], "newest first, with the buyer's name");
    assert_eq!(orders::all(store.conn(), None).unwrap_err().code(), ErrorCode::Forbidden);

    store.conn().execute("INSERT INTO sellers (id, name, email, phone, support_hours) VALUES ('other', 'Other', 'o@x.example', '1', 'any')", []).unwrap();
    roles::switch(&mut store, &RoleChoice::Seller { seller_id: "other".into() }).unwrap();
    assert!(orders::received(store.conn(), None).unwrap().is_empty(), "another seller's orders are not its own");

    roles::switch(&mut store, &RoleChoice::OperationsManager).unwrap();
    assert_eq!(orders::all(store.conn(), None).unwrap().len(), 2);
}

#[test]
fn r_agy_only_a_buyer_authorizes_or_deletes_agencies() {
    use koogallery_core::agencies::{self, Purpose};
    let mut store = store();
    let now = "2026-03-08T10:00:00Z".parse::<DateTime<Utc>>().unwrap();
    roles::switch(&mut store, &RoleChoice::OperationsManager).unwrap();
    let err = agencies::authorize(&mut store, now, Purpose::QuickProvisioning).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Forbidden, "{err}");
    accounts::switch(&mut store, "acme-prepaid").unwrap();
    assert!(agencies::list(store.conn()).unwrap().is_empty(), "nothing was authorized");
    assert!(!agencies::authorize(&mut store, now, Purpose::QuickProvisioning).unwrap().is_empty());
}
