//! What the simulation's people do, as plain data drawn from the seed: a step names its actor,
//! what it picks by position among what exists when it runs, and its figures. Drawn before the
//! run, a list of steps replays exactly and can be cut down to the few that still fail.

use crate::common::simulation::Random;

/// Who acts on a service flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// The buyer who bought the order.
    Owner,
    /// A buyer who did not.
    OtherBuyer,
    Seller,
    /// A seller whose product it is not.
    OtherSeller,
    Operations,
}

/// An action on a service flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlowAct {
    Submit,
    AcceptRequest,
    RejectRequest,
    Deliver,
    Accept,
    Reject,
    Remind,
    Appeal,
    /// Asks for this many percent of the price back.
    AskUnsubscribe(u32),
    Review {
        approve: bool,
    },
    SettleForBuyer {
        partial: bool,
    },
    SettleResume,
    SettleComplete,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// `cents` may be zero or negative: refused.
    TopUp {
        buyer: usize,
        cents: i64,
    },
    /// A checkout paid at once; `again` submits an earlier checkout of this buyer once more
    /// (a double click, a retry). `payment`: 0 the account's default, 1 credit, 2 the card
    /// that is declined, 3 the balance.
    Buy {
        buyer: usize,
        product: usize,
        months: u32,
        payment: u8,
        again: Option<usize>,
    },
    /// An image with its ECS, by the hour or for `months`.
    Provision {
        buyer: usize,
        months: Option<u32>,
        again: Option<usize>,
    },
    DeleteEcs {
        owner: bool,
        pick: usize,
    },
    /// `act` left out: what the flow waits for, by whom it waits on.
    Flow {
        who: Who,
        pick: usize,
        act: Option<FlowAct>,
        again: bool,
    },
    /// The seller acts on its laptop's copy, offline.
    Offline {
        pick: usize,
        act: Option<FlowAct>,
    },
    /// The laptop syncs with the marketplace.
    Sync,
    Renew {
        owner: bool,
        pick: usize,
        months: u32,
    },
    AutoRenew {
        owner: bool,
        pick: usize,
        on: bool,
    },
    Upgrade {
        owner: bool,
        pick: usize,
        users: u32,
    },
    /// Standard unsubscription of an image (R-UNS-2).
    Unsubscribe {
        owner: bool,
        pick: usize,
    },
    Invoice {
        buyer: usize,
        picks: [usize; 2],
    },
    /// A buyer's action taken while the app acts as the seller or the operations manager.
    WrongRole {
        operations: bool,
        buy: bool,
    },
    /// A buyer moves to another time zone ([`ZONES`]; the last is no zone at all: refused).
    TimeZone {
        buyer: usize,
        zone: usize,
    },
    /// The clock moves `minutes` and the scheduler runs to it in `parts` runs.
    Clock {
        minutes: i64,
        parts: u32,
    },
}

/// What `Buy` chooses among; the last two cannot be bought at checkout.
pub const PRODUCTS: [&str; 9] = [
    "crm",
    "accounting",
    "db-license",
    "migration",
    "appliance",
    "fractions",
    "team",
    "mysql-image",
    "no-such-product",
];

/// What `TimeZone` chooses among: whole and half and three-quarter hours from UTC, with and
/// without daylight saving, clocks changed at midnight (a day ending at 22:59:59 in Nuuk, one
/// reading 23:59:59 twice in Santiago), and one that is not a zone.
pub const ZONES: [&str; 9] = [
    "UTC",
    "America/New_York",
    "Asia/Shanghai",
    "Europe/Berlin",
    "Asia/Kolkata",
    "Pacific/Chatham",
    "America/Nuuk",
    "America/Santiago",
    "Mars/Olympus_Mons",
];

pub fn draw(seed: u64, count: usize) -> Vec<Step> {
    let random = Random::new(seed);
    (0..count).map(|_| one(&random)).collect()
}

fn one(r: &Random) -> Step {
    let below = |n: u64| r.below(n) as usize;
    let chance = |percent: u64| r.below(100) < percent;
    let buyer = below(3);
    let owner = !chance(10);
    match r.below(100) {
        0..=3 => {
            let cents = if chance(10) { -(r.below(500) as i64) } else { 1 + r.below(50_000) as i64 };
            Step::TopUp { buyer, cents }
        }
        4..=17 => Step::Buy {
            buyer,
            product: below(if chance(95) { 7 } else { 9 } as u64),
            months: if chance(5) { [0, 13][below(2)] } else { 1 + r.below(3) as u32 },
            payment: if chance(80) { 0 } else { below(4) as u8 },
            again: chance(15).then(|| below(1000)),
        },
        18..=21 => Step::Provision {
            buyer,
            months: chance(50).then(|| 1 + r.below(3) as u32),
            again: chance(15).then(|| below(1000)),
        },
        22..=23 => Step::DeleteEcs { owner, pick: below(1000) },
        24..=47 => Step::Flow { who: Who::Owner, pick: below(1000), act: None, again: chance(5) },
        48..=55 => Step::Flow { who: who(r), pick: below(1000), act: Some(act(r)), again: chance(5) },
        56..=61 => Step::Offline { pick: below(1000), act: (!chance(70)).then(|| act(r)) },
        62..=65 => Step::Sync,
        66..=70 => Step::Renew { owner, pick: below(1000), months: if chance(5) { 12 } else { 1 + r.below(3) as u32 } },
        71..=73 => Step::AutoRenew { owner, pick: below(1000), on: chance(70) },
        74..=76 => Step::Upgrade { owner, pick: below(1000), users: 1 + r.below(12) as u32 },
        77..=79 => Step::Unsubscribe { owner, pick: below(1000) },
        80..=82 => Step::Invoice { buyer, picks: [below(1000), below(1000)] },
        83 => Step::WrongRole { operations: chance(50), buy: chance(50) },
        84 => Step::TimeZone { buyer, zone: below(ZONES.len() as u64) },
        _ => {
            let minutes = match r.below(10) {
                0..=6 => 1 + r.below(180) as i64,
                7 | 8 => 60 * (1 + r.below(72) as i64),
                _ => 24 * 60 * (1 + r.below(40) as i64),
            };
            Step::Clock { minutes, parts: 1 + r.below(4) as u32 }
        }
    }
}

fn who(r: &Random) -> Who {
    [Who::Owner, Who::Owner, Who::OtherBuyer, Who::Seller, Who::Seller, Who::OtherSeller, Who::Operations]
        [r.below(7) as usize]
}

fn act(r: &Random) -> FlowAct {
    match r.below(13) {
        0 => FlowAct::Submit,
        1 => FlowAct::AcceptRequest,
        2 => FlowAct::RejectRequest,
        3 => FlowAct::Deliver,
        4 => FlowAct::Accept,
        5 => FlowAct::Reject,
        6 => FlowAct::Remind,
        7 => FlowAct::Appeal,
        8 => FlowAct::AskUnsubscribe([10, 50, 100, 150][r.below(4) as usize]),
        9 => FlowAct::Review { approve: r.below(2) == 0 },
        10 => FlowAct::SettleForBuyer { partial: r.below(2) == 0 },
        11 => FlowAct::SettleResume,
        _ => FlowAct::SettleComplete,
    }
}
