//! What the subscription tests share: moving the clock, the buyer's time zone, its
//! subscription, renewing by hand, its balance and its inbox.

use koogallery_core::catalog::model::BillingPeriod;
use koogallery_core::ledger;
use koogallery_core::subscriptions::{self, RenewRequest};
use koogallery_core::{scheduler, Store};

use super::supervision::{at, buy_as, store, with_clock};

pub fn run(store: &mut Store, until: &str) -> Vec<scheduler::Fired> {
    let until = at(until);
    with_clock(until, |s| scheduler::run_until(store, s, until)).unwrap()
}

pub fn zone(store: &Store, account: &str, zone: &str) {
    store.conn().execute("UPDATE accounts SET time_zone = ?2 WHERE id = ?1", [account, zone]).unwrap();
}

pub fn subscription(store: &Store, now: &str) -> subscriptions::Subscription {
    super::act_for(store, "acme-prepaid");
    subscriptions::list(store.conn(), at(now)).unwrap().remove(0)
}

pub fn renew(
    store: &mut Store,
    id: u32,
    period: BillingPeriod,
    duration: u32,
    key: &str,
    now: &str,
) -> Result<subscriptions::Renewal, koogallery_core::CoreError> {
    super::act_for(store, "acme-prepaid");
    let request = RenewRequest { subscription_id: id, period, duration, idempotency_key: key.into() };
    with_clock(at(now), |s| subscriptions::renew(store, s, &request))
}

pub fn balance(store: &Store) -> String {
    ledger::balance(store.conn(), &ledger::buyer_balance("acme-prepaid")).unwrap().to_string()
}

pub fn inbox(store: &Store) -> Vec<(String, String)> {
    let mut statement = store
        .conn()
        .prepare("SELECT kind, created_at FROM messages WHERE recipient_id = 'acme-prepaid' ORDER BY id")
        .unwrap();
    statement.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().collect::<Result<_, _>>().unwrap()
}

/// The prepaid buyer buys a month of the unsupervised SaaS "crm" (49.00) at `when`.
pub fn monthly_crm(when: &str) -> (Store, u32) {
    let mut store = store();
    buy_as(&mut store, "acme-prepaid", "crm", at(when));
    let id = subscription(&store, when).id;
    (store, id)
}
