//! The marketplace the simulation acts on: the supervision test catalog (SaaS, a license, a
//! professional service, hardware, an image, per-user and fractional prices), the three kinds
//! of buyer, the seller online and on a laptop copy, and the operations manager; one clock and
//! one source of randomness, both from the seed.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use koogallery_core::orders::Services;
use koogallery_core::payments::simulated::SimulatedProvider;
use koogallery_core::roles::{self, RoleChoice};
use koogallery_core::supervision::Operation;
use koogallery_core::sync::{self, Served};
use koogallery_core::{cloud, Store};

use crate::common::simulation::{Moving, Random};
use crate::common::supervision::{store, t0, SELLER};
use crate::common::sync::as_operations;

/// The buyers, one of each kind of account (R-BUY-1): prepaid, postpaid with cards and
/// credit, and a reseller's customer.
pub const BUYERS: [&str; 3] = ["acme-prepaid", "borealis-postpaid", "cedar-reseller"];

/// Which tables each committed transaction on the marketplace wrote, from SQLite's own hooks:
/// what proves that a refused action wrote nothing.
pub struct Writes {
    pending: Arc<Mutex<BTreeSet<Write>>>,
    committed: Arc<Mutex<BTreeSet<Write>>>,
}

/// A table and how it was written: `insert`, `update` or `delete`.
pub type Write = (String, &'static str);

impl Writes {
    fn watch(store: &Store) -> Writes {
        let pending = Arc::new(Mutex::new(BTreeSet::new()));
        let committed = Arc::new(Mutex::new(BTreeSet::new()));
        let conn = store.conn();
        let written = pending.clone();
        conn.update_hook(Some(move |action, _: &str, table: &str, _| {
            let how = match action {
                rusqlite::hooks::Action::SQLITE_INSERT => "insert",
                rusqlite::hooks::Action::SQLITE_DELETE => "delete",
                _ => "update",
            };
            written.lock().unwrap().insert((table.to_string(), how));
        }))
        .unwrap();
        let (from, to) = (pending.clone(), committed.clone());
        conn.commit_hook(Some(move || {
            to.lock().unwrap().append(&mut from.lock().unwrap());
            false
        }))
        .unwrap();
        let undone = pending.clone();
        conn.rollback_hook(Some(move || undone.lock().unwrap().clear())).unwrap();
        Writes { pending, committed }
    }

    /// The tables written and committed since the last call, with how.
    pub fn take(&self) -> BTreeSet<Write> {
        assert!(self.pending.lock().unwrap().is_empty(), "a transaction was left open");
        std::mem::take(&mut self.committed.lock().unwrap())
    }
}

/// Where each order, flow and subscription stood after the last step, to check the next one
/// moved it only by legal steps; and what was acknowledged, to check it is never lost or
/// repeated.
#[derive(Default)]
pub struct Seen {
    pub orders: BTreeMap<u32, String>,
    pub flows: BTreeMap<u32, String>,
    /// The state a flow froze from, where an appeal settled for the seller puts it back.
    pub frozen_from: BTreeMap<u32, String>,
    pub subscriptions: BTreeMap<u32, String>,
    /// Idempotency key → the order its first acknowledged submission made.
    pub checkouts: BTreeMap<String, u32>,
    /// Every timer's effect reported by the scheduler: (when, kind, subject).
    pub fired: HashSet<(String, String, String)>,
    /// The money topped up by acknowledged top-ups, in cents.
    pub topped_up_cents: i64,
    /// The flows changed by the last step, whose chains are walked after it.
    pub touched: BTreeSet<u32>,
    pub ledger: LedgerSeen,
}

/// The ledger as read so far, entry by entry: it only grows, so each step reads what it added.
#[derive(Default)]
pub struct LedgerSeen {
    pub last_entry: i64,
    /// Each ledger account's sum of entries, in cents.
    pub sums: BTreeMap<String, i64>,
    /// Each order's money paid in and refunded, in cents.
    pub paid: BTreeMap<u32, i64>,
    pub refunded: BTreeMap<u32, i64>,
    /// The provider's references of the charges posted.
    pub charges: HashSet<String>,
}

pub struct World {
    pub clock: &'static Moving,
    pub entropy: &'static Random,
    pub served: Served<&'static Moving, &'static Random>,
    pub laptop: Store,
    pub writes: Writes,
    pub seen: Seen,
    /// The checkout keys used so far, by buyer, for submitting one again.
    pub keys: Vec<(usize, String, KeyKind)>,
    /// The step being run, to make keys and names unique.
    pub step: usize,
    /// The time the scheduler last ran to.
    pub scheduled_to: DateTime<Utc>,
    /// The last operation applied on the marketplace, to submit once more.
    pub last_operation: Option<Operation>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    Checkout { product: usize, months: u32, payment: u8 },
    Provision { months: Option<u32> },
}

impl World {
    pub fn new(seed: u64) -> World {
        let clock = Moving::leaked(t0());
        // The core's randomness (operation ids, passwords, codes) has its own sequence, so
        // that which steps are chosen never depends on how many random bytes the core drew.
        let entropy = Random::leaked(seed ^ 0x005E_ED0F_C0DE);
        let mut market = store();
        market
            .conn()
            .execute("UPDATE accounts SET time_zone = 'America/New_York' WHERE id = 'borealis-postpaid'", [])
            .unwrap();
        market
            .conn()
            .execute("UPDATE accounts SET time_zone = 'Asia/Shanghai' WHERE id = 'cedar-reseller'", [])
            .unwrap();
        cloud::recommend_security_group(market.conn(), "mysql-image", "sg-mysql-image", &[22]).unwrap();
        let services = Services { clock, payments: &SimulatedProvider, entropy };
        as_operations(&mut market);
        let code = sync::issue_code(&mut market, &services, SELLER).unwrap();
        let topped_up_cents = market
            .conn()
            .query_row(
                "SELECT -sum(amount_cents) FROM ledger_entries WHERE ledger_account = 'provider:top_ups'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        let writes = Writes::watch(&market);
        let served = Served::new(market, clock, entropy);
        let mut laptop = Store::open_in_memory().unwrap();
        sync::connect(&mut laptop, &services, &served, "https://127.0.0.1:8443", None, &code.code, "Field laptop")
            .unwrap();
        writes.take();
        World {
            clock,
            entropy,
            served,
            laptop,
            writes,
            seen: Seen { topped_up_cents, ..Seen::default() },
            keys: Vec::new(),
            step: 0,
            scheduled_to: t0(),
            last_operation: None,
        }
    }

    pub fn services(&self) -> Services<'static> {
        Services { clock: self.clock, payments: &SimulatedProvider, entropy: self.entropy }
    }

    pub fn now(&self) -> DateTime<Utc> {
        *self.clock.0.lock().unwrap()
    }

    pub fn market(&self) -> std::sync::MutexGuard<'_, Store> {
        self.served.store.lock().unwrap()
    }

    /// Makes the marketplace's app act as `choice`; what that writes is not the next action's.
    pub fn act_as(&self, choice: RoleChoice) {
        roles::switch(&mut self.market(), &choice).unwrap();
        self.writes.take();
    }

    pub fn as_buyer(&self, buyer: usize) {
        self.act_as(RoleChoice::Buyer { account_id: BUYERS[buyer].into() });
    }

    /// The ids `sql` lists, in order: what a step's pick chooses among.
    pub fn ids(&self, sql: &str) -> Vec<u32> {
        let market = self.market();
        let mut statement = market.conn().prepare(sql).unwrap();
        statement.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
    }
}

/// The `pick`-th of `items`, wrapping round; none when there are none.
pub fn pick<T: Copy>(items: &[T], pick: usize) -> Option<T> {
    (!items.is_empty()).then(|| items[pick % items.len()])
}
