//! A store to provision images in: the buying catalog and buyers, plus a second Linux image
//! ("redis-image", 0.06 an hour) and a Windows image ("iis-image"), each with a recommended
//! security group; and requests with the prices used in the hand-computed tables:
//! the "mysql-image" at 0.12 an hour or 29.00 a month, flavour s6.large.2 at 0.08 an hour or
//! 40.00 a month, an EIP at 0.01 an hour or 5.00 a month per Mbit/s.

use chrono::{DateTime, Utc};
use koogallery_core::catalog::model::DeliveryMethod;
use koogallery_core::clock::FixedClock;
use koogallery_core::entropy::OsEntropy;
use koogallery_core::images::ProvisionMode;
use koogallery_core::images::{
    self, EcsConfiguration, LoginPassword, NetworkChoice, ProvisionRequest, ProvisionResult, SecurityGroupChoice,
};
use koogallery_core::orders::Services;
use koogallery_core::payments::simulated::SimulatedProvider;
use koogallery_core::{accounts, cloud, CoreError, Store};

use super::{buyers_of_each_kind, buying_catalog, import_into, product, seed_plan};

pub const T0: &str = "2026-03-02T10:00:00Z";
pub const PASSWORD: &str = "Kg-Demo-2026!";

pub fn instant(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

/// `minutes` after [`T0`].
pub fn after(minutes: i64) -> DateTime<Utc> {
    instant(T0) + chrono::Duration::minutes(minutes)
}

pub fn with_clock<T>(now: DateTime<Utc>, work: impl FnOnce(&Services<'_>) -> T) -> T {
    let clock = FixedClock(now);
    work(&Services { clock: &clock, payments: &SimulatedProvider, entropy: &OsEntropy })
}

pub fn image_store() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    images_in(&mut store);
    store
}

/// What [`image_store`] holds, written into `store` (a file, for tests that reopen it).
pub fn images_in(store: &mut Store) {
    buying_catalog(store);
    buyers_of_each_kind(store);
    let mut redis = product("redis-image", "Redis Image", "databases-and-cache", DeliveryMethod::Image);
    redis.editions[0].plans =
        vec![seed_plan("pay_per_use", "hour", "0.06"), seed_plan("yearly_monthly", "month", "15.00")];
    let mut iis = product("iis-image", "IIS Image", "running-environment", DeliveryMethod::Image);
    iis.operating_system = Some("Windows Server 2022 Datacenter 64bit".into());
    import_into(store, vec![redis, iis]);
    for (id, ports) in [("mysql-image", &[22][..]), ("redis-image", &[22][..]), ("iis-image", &[3389, 80, 443][..])] {
        cloud::recommend_security_group(store.conn(), id, &format!("sg-{id}"), ports).unwrap();
    }
}

pub fn top_up(store: &mut Store, amount: &str) {
    accounts::top_up(store, &FixedClock(instant(T0)), amount).unwrap();
}

/// A customized pay-per-use request for the MySQL image on s6.large.2 in a new VPC.
pub fn ppu_request(key: &str) -> ProvisionRequest {
    ProvisionRequest {
        mode: ProvisionMode::Custom,
        configuration: EcsConfiguration {
            product_id: "mysql-image".into(),
            edition: "standard".into(),
            billing: "pay_per_use".parse().unwrap(),
            period: None,
            duration: None,
            quantity: None,
            flavour: "s6.large.2".into(),
            eip_bandwidth_mbps: None,
        },
        network: NetworkChoice::New { vpc_name: "vpc-shop".into(), vpc_cidr: "10.0.0.0/16".into(), subnet_cidr: None },
        security_group: SecurityGroupChoice::Recommended,
        name: Some("db-1".into()),
        password: LoginPassword::new(PASSWORD),
        accept_agreements: true,
        payment: None,
        idempotency_key: key.into(),
    }
}

/// The same, yearly/monthly for `months`.
pub fn monthly_request(key: &str, months: u32) -> ProvisionRequest {
    let mut request = ppu_request(key);
    request.configuration.billing = "yearly_monthly".parse().unwrap();
    request.configuration.duration = Some(months);
    request
}

pub fn provision_at(
    store: &mut Store,
    now: DateTime<Utc>,
    request: &ProvisionRequest,
) -> Result<ProvisionResult, CoreError> {
    with_clock(now, |services| images::provision(store, services, request))
}

pub fn count(store: &Store, table: &str) -> i64 {
    store.conn().query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap()
}

/// Every metering run is marked billed in full exactly when it has ended and its next block
/// would start at or after its end: metering and the scheduler read the others only, so a run
/// marked too soon would never bill its last hours, and one never marked would be read for ever.
pub fn assert_runs_to_bill_marked(conn: &rusqlite::Connection) {
    let mut statement =
        conn.prepare("SELECT id, started_at, blocks_billed, ended_at, billed_in_full FROM metering_runs").unwrap();
    let runs = statement
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, bool>(4)?,
            ))
        })
        .unwrap();
    for run in runs {
        let (id, started, blocks, ended, marked) = run.unwrap();
        let next_block = instant(&started) + chrono::Duration::hours(blocks);
        let done = ended.as_deref().is_some_and(|end| next_block >= instant(end));
        assert_eq!(marked, done, "metering run {id}: from {started}, {blocks} blocks billed, ended {ended:?}");
    }
}

/// Every transaction balanced, and the whole ledger sums to zero (R-MT-5).
pub fn assert_ledger_balanced(store: &Store) {
    assert!(koogallery_core::ledger::unbalanced(store.conn()).unwrap().is_empty());
    let total: i64 =
        store.conn().query_row("SELECT coalesce(sum(amount_cents), 0) FROM ledger_entries", [], |r| r.get(0)).unwrap();
    assert_eq!(total, 0);
    assert_eq!(koogallery_core::ledger::unbalanced_accounts(store.conn()).unwrap(), vec![]);
}
