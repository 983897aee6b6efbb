//! Running one step on the marketplace, through the same core functions the app and `kg`
//! call, and saying what came of it.

use chrono::Duration;
use koogallery_core::catalog::model::DeliveryMethod;
use koogallery_core::catalog::pricing::QuoteRequest;
use koogallery_core::images::{self, NetworkChoice};
use koogallery_core::invoices::{self, InvoiceRequest};
use koogallery_core::orders::{self, CheckoutRequest, PaymentChoice};
use koogallery_core::roles::{Role, RoleChoice};
use koogallery_core::scheduler::{self, Fired};
use koogallery_core::subscriptions::unsubscribe::{self as standard, StandardUnsubscribe};
use koogallery_core::subscriptions::upgrade::{self, UpgradeRequest};
use koogallery_core::subscriptions::{self, AutoRenewChoice, RenewRequest};
use koogallery_core::supervision::{self, Action, Actor, FlowState, Operation, Ruling};
use koogallery_core::{accounts, sync, time_zone, CoreError, ErrorCode};

use crate::common::images::{monthly_request, ppu_request};
use crate::common::supervision::{delivery, SELLER};
use crate::steps::{FlowAct, Step, Who, PRODUCTS, ZONES};
use crate::world::{pick, KeyKind, World, BUYERS};

/// What a step did.
#[derive(Default)]
pub struct Outcome {
    pub said: String,
    pub refused: Option<CoreError>,
    /// What a refusal may still leave: a declined charge records its order as cancelled
    /// (R-BUY-6); anything else refused writes nothing.
    pub declined_order: bool,
    /// The same checkout or operation submitted again: it must write nothing.
    pub repeat: bool,
    /// A checkout acknowledged, under its key.
    pub checkout: Option<(String, u32)>,
    pub topped_up_cents: i64,
    pub fired: Vec<Fired>,
    /// The scheduler ran to the store's time.
    pub scheduled: bool,
    /// Several operations may have reached one flow (a sync, the clock).
    pub many_per_flow: bool,
}

impl Outcome {
    pub fn of<T>(said: String, result: Result<T, CoreError>) -> Outcome {
        let refused = result.err();
        let declined_order = refused
            .as_ref()
            .is_some_and(|e| matches!(e.code(), ErrorCode::PaymentDeclined | ErrorCode::InsufficientBalance));
        Outcome { said, refused, declined_order, ..Outcome::default() }
    }
}

pub fn run(world: &mut World, step: &Step) -> Outcome {
    let services = world.services();
    let n = world.step;
    match *step {
        Step::TopUp { buyer, cents } => {
            world.as_buyer(buyer);
            let sign = if cents < 0 { "-" } else { "" };
            let amount = format!("{sign}{}.{:02}", cents.abs() / 100, cents.abs() % 100);
            let done = accounts::top_up(&mut world.market(), world.clock, &amount);
            let mut outcome = Outcome::of(format!("{} tops up {amount}", BUYERS[buyer]), done);
            if outcome.refused.is_none() {
                outcome.topped_up_cents = cents;
            }
            outcome
        }
        Step::Buy { buyer, product, months, payment, again } => {
            world.as_buyer(buyer);
            let earlier = again.and_then(|a| earlier(world, buyer, a, |k| matches!(k, KeyKind::Checkout { .. })));
            let (key, product, months, payment) = match earlier {
                Some((key, KeyKind::Checkout { product, months, payment })) => (key, product, months, payment),
                _ => (format!("checkout-{n}"), product, months, payment),
            };
            world.keys.push((buyer, key.clone(), KeyKind::Checkout { product, months, payment }));
            let request = checkout(world, buyer, product, months, payment, &key);
            let done = orders::place(&mut world.market(), &services, &request);
            let said = format!(
                "{} buys {} for {months} months (key {key}, payment {payment})",
                BUYERS[buyer], PRODUCTS[product]
            );
            let id = done.as_ref().ok().map(|o| o.order.id);
            let mut outcome = Outcome::of(said, done);
            outcome.repeat = world.seen.checkouts.contains_key(&key);
            outcome.checkout = id.map(|id| (key, id));
            outcome
        }
        Step::Provision { buyer, months, again } => {
            world.as_buyer(buyer);
            let earlier = again.and_then(|a| earlier(world, buyer, a, |k| matches!(k, KeyKind::Provision { .. })));
            let (key, months) = match earlier {
                Some((key, KeyKind::Provision { months })) => (key, months),
                _ => (format!("provision-{n}"), months),
            };
            world.keys.push((buyer, key.clone(), KeyKind::Provision { months }));
            let mut request = match months {
                Some(months) => monthly_request(&key, months),
                None => ppu_request(&key),
            };
            // The network is part of what the key stands for: the same key, the same request.
            request.network = NetworkChoice::New {
                vpc_name: format!("vpc-{key}"),
                vpc_cidr: "10.0.0.0/16".into(),
                subnet_cidr: None,
            };
            let done = images::provision(&mut world.market(), &services, &request);
            let said = format!("{} provisions the image for {months:?} months (key {key})", BUYERS[buyer]);
            let id = done.as_ref().ok().map(|p| p.order.order.id);
            let mut outcome = Outcome::of(said, done);
            outcome.repeat = world.seen.checkouts.contains_key(&key);
            outcome.checkout = id.map(|id| (key, id));
            outcome
        }
        Step::DeleteEcs { owner, pick: at } => {
            let sql = "SELECT id, account_id FROM ecs_instances ORDER BY id";
            let Some((id, buyer)) = as_its_buyer(world, sql, owner, at) else {
                return Outcome::of("no instance to delete".into(), Ok(()));
            };
            let done = images::delete(&mut world.market(), &services, id);
            Outcome::of(format!("{} deletes instance {id}", BUYERS[buyer]), done)
        }
        Step::Flow { who, pick: at, act, again } => crate::flows::on_marketplace(world, who, at, act, again),
        Step::Offline { pick: at, act } => crate::flows::on_laptop(world, at, act),
        Step::Sync => {
            let round = sync::sync_once(&mut world.laptop, &services, &world.served);
            let mut outcome = Outcome::of(format!("the laptop syncs: {round:?}"), round);
            outcome.many_per_flow = true;
            outcome
        }
        Step::Renew { owner, pick: at, months } => {
            let Some((id, buyer)) = as_its_buyer(world, SUBSCRIPTIONS, owner, at) else {
                return Outcome::of("no subscription to renew".into(), Ok(()));
            };
            let request = RenewRequest {
                subscription_id: id,
                period: "month".parse().unwrap(),
                duration: months,
                idempotency_key: format!("renewal-{n}"),
            };
            let done = subscriptions::renew(&mut world.market(), &services, &request);
            let mut outcome =
                Outcome::of(format!("{} renews subscription {id} by {months} months", BUYERS[buyer]), done);
            // A renewal by hand that is declined writes nothing (only an automatic one is
            // recorded as failed, to be tried again).
            outcome.declined_order = false;
            outcome
        }
        Step::AutoRenew { owner, pick: at, on } => {
            let Some((id, buyer)) = as_its_buyer(world, SUBSCRIPTIONS, owner, at) else {
                return Outcome::of("no subscription to renew automatically".into(), Ok(()));
            };
            let choice = AutoRenewChoice { enabled: on, period: None, date: None };
            let done = subscriptions::set_auto_renew(&mut world.market(), &services, id, &choice);
            Outcome::of(format!("{} sets auto-renewal of subscription {id} to {on}", BUYERS[buyer]), done)
        }
        Step::Upgrade { owner, pick: at, users } => {
            let Some((id, buyer)) = as_its_buyer(world, SUBSCRIPTIONS, owner, at) else {
                return Outcome::of("no subscription to upgrade".into(), Ok(()));
            };
            let request = UpgradeRequest {
                subscription_id: id,
                edition: None,
                users: Some(users),
                idempotency_key: format!("upgrade-{n}"),
            };
            let done = upgrade::pay(&mut world.market(), &services, &request);
            Outcome::of(format!("{} upgrades subscription {id} to {users} users", BUYERS[buyer]), done)
        }
        Step::Unsubscribe { owner, pick: at } => {
            let sql = "SELECT id, account_id FROM orders WHERE delivery = 'image' ORDER BY id";
            let Some((id, buyer)) = as_its_buyer(world, sql, owner, at) else {
                return Outcome::of("no image order to unsubscribe".into(), Ok(()));
            };
            let request = StandardUnsubscribe { order_id: id, expected_refund: None };
            let done = standard::unsubscribe(&mut world.market(), &services, &request);
            Outcome::of(format!("{} unsubscribes order {id}", BUYERS[buyer]), done)
        }
        Step::Invoice { buyer, picks } => {
            world.as_buyer(buyer);
            let all = world.ids("SELECT id FROM orders ORDER BY id");
            let mut order_ids: Vec<u32> = picks.iter().filter_map(|&p| pick(&all, p)).collect();
            order_ids.dedup();
            let request = InvoiceRequest {
                order_ids: order_ids.clone(),
                title: "Acme Trading Ltd".into(),
                tax_id: "91-330100-7788".into(),
                address: "1 Harbour Road, Hangzhou".into(),
                email: "finance@buyer.example".into(),
            };
            let done = invoices::request(&mut world.market(), world.clock, &request);
            Outcome::of(format!("{} asks for an invoice of {order_ids:?}", BUYERS[buyer]), done)
        }
        Step::TimeZone { buyer, zone } => {
            world.as_buyer(buyer);
            let done = time_zone::change(&mut world.market(), world.clock, ZONES[zone]);
            Outcome::of(format!("{} moves to {}", BUYERS[buyer], ZONES[zone]), done)
        }
        Step::WrongRole { operations, buy } => {
            world.act_as(if operations {
                RoleChoice::OperationsManager
            } else {
                RoleChoice::Seller { seller_id: SELLER.into() }
            });
            let done = if buy {
                let request = checkout(world, 0, 0, 1, 0, &format!("wrong-{n}"));
                orders::place(&mut world.market(), &services, &request).map(|_| ())
            } else {
                accounts::top_up(&mut world.market(), world.clock, "10.00").map(|_| ())
            };
            let mut outcome = Outcome::of(format!("not a buyer (operations: {operations}) buys: {buy}"), done);
            outcome.declined_order = false;
            outcome
        }
        Step::Clock { minutes, parts } => {
            let start = world.now();
            let end = world.clock.advance(Duration::minutes(minutes));
            let mut fired = Vec::new();
            for part in 1..=i64::from(parts) {
                let until = start + Duration::minutes(minutes * part / i64::from(parts));
                fired.extend(scheduler::run_until(&mut world.market(), &services, until).unwrap());
            }
            let mut outcome =
                Outcome::of(format!("the clock moves {minutes} minutes to {end} in {parts} runs"), Ok(()));
            outcome.fired = fired;
            outcome.scheduled = true;
            outcome.many_per_flow = true;
            outcome
        }
    }
}

/// The `at`-th key of `buyer`'s earlier submissions of a kind, to submit again.
fn earlier(world: &World, buyer: usize, at: usize, of_kind: fn(&KeyKind) -> bool) -> Option<(String, KeyKind)> {
    let mine: Vec<_> = world.keys.iter().filter(|(b, _, kind)| *b == buyer && of_kind(kind)).collect();
    pick(&mine, at).map(|(_, key, kind)| (key.clone(), *kind))
}

fn checkout(world: &World, buyer: usize, product: usize, months: u32, payment: u8, key: &str) -> CheckoutRequest {
    let declined_card =
        world.ids("SELECT id FROM account_cards WHERE account_id = 'borealis-postpaid' ORDER BY id DESC LIMIT 1");
    let payment = match payment {
        1 => Some(PaymentChoice::Credit),
        2 => Some(PaymentChoice::Card { card_id: declined_card[0] }),
        3 => Some(PaymentChoice::Balance),
        _ => None,
    };
    let _ = buyer;
    CheckoutRequest {
        configuration: QuoteRequest {
            product_id: PRODUCTS[product].into(),
            edition: "standard".into(),
            billing: "yearly_monthly".parse().unwrap(),
            period: "month".parse().unwrap(),
            duration: months,
            users: (PRODUCTS[product] == "team").then_some(3),
            quantity: None,
        },
        accept_terms: true,
        authorize_seller: true,
        payment,
        idempotency_key: key.into(),
    }
}

const SUBSCRIPTIONS: &str = "SELECT id, account_id FROM subscriptions ORDER BY id";

/// The `at`-th row of `sql` (an id and its buyer account), with the app acting as its buyer
/// (`owner`) or as another one; the id and the buyer acting.
fn as_its_buyer(world: &World, sql: &str, owner: bool, at: usize) -> Option<(u32, usize)> {
    let rows: Vec<(u32, String)> = {
        let market = world.market();
        let mut statement = market.conn().prepare(sql).unwrap();
        statement.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().collect::<Result<_, _>>().unwrap()
    };
    let (id, account) = rows.get(at % rows.len().max(1))?.clone();
    let buyer = buyer_of(&account, owner);
    world.as_buyer(buyer);
    Some((id, buyer))
}

/// The buyer who owns it, or another one.
pub fn buyer_of(account: &str, owner: bool) -> usize {
    let at = BUYERS.iter().position(|b| *b == account).expect("a simulated buyer");
    if owner {
        at
    } else {
        (at + 1) % BUYERS.len()
    }
}

/// The flow action `act` as the core takes it, for an order delivered by `method`.
pub fn action(act: FlowAct, method: DeliveryMethod, paid_cents: i64) -> Action {
    match act {
        FlowAct::Submit => Action::SubmitRequest { text: "Please set it up for our team".into() },
        FlowAct::AcceptRequest => Action::AcceptRequest { remark: Some("Scheduled".into()) },
        FlowAct::RejectRequest => Action::RejectRequest { reason: "Out of scope".into() },
        FlowAct::Deliver => delivery(method),
        FlowAct::Accept => Action::AcceptDelivery,
        FlowAct::Reject => Action::RejectDelivery { reason: "Not what was agreed".into() },
        FlowAct::Remind => Action::Remind,
        FlowAct::Appeal => Action::Appeal { reason: "No progress".into(), proof: vec![] },
        FlowAct::AskUnsubscribe(percent) => {
            let cents = paid_cents * i64::from(percent) / 100;
            Action::RequestUnsubscription {
                amount: format!("{}.{:02}", cents / 100, cents % 100),
                reason: "No longer needed".into(),
                share_contact: percent % 20 == 0,
            }
        }
        FlowAct::Review { approve } => Action::ReviewUnsubscription {
            request_id: 0,
            approve,
            comment: if approve { "Agreed".into() } else { "The work has started".into() },
            records: vec![],
        },
        FlowAct::SettleForBuyer { partial } => Action::Settle {
            ruling: Ruling::Buyer {
                refund: partial.then(|| format!("{}.{:02}", paid_cents / 200, (paid_cents / 2) % 100)),
            },
            decision: "The seller did not deliver".into(),
        },
        FlowAct::SettleResume => {
            Action::Settle { ruling: Ruling::Seller { complete: false }, decision: "Go on with the work".into() }
        }
        FlowAct::SettleComplete => {
            Action::Settle { ruling: Ruling::Seller { complete: true }, decision: "The work was done".into() }
        }
    }
}

/// What the flow waits for and by whom, for a step that does "the next thing"; now and then
/// the buyer asks to unsubscribe or the seller appeals instead, and a request to unsubscribe
/// is reviewed before anything else.
pub fn next_act(state: FlowState, at: usize, unsubscription_pending: bool) -> (Who, FlowAct) {
    let open = !matches!(state, FlowState::Completed | FlowState::Cancelled | FlowState::Frozen);
    if open && unsubscription_pending {
        return (Who::Seller, FlowAct::Review { approve: !at.is_multiple_of(3) });
    }
    if open && at % 10 == 1 {
        return (Who::Owner, FlowAct::AskUnsubscribe([10, 50, 100][at % 3]));
    }
    if open && at % 20 == 2 {
        return (Who::Seller, FlowAct::Appeal);
    }
    match state {
        FlowState::AwaitingRequest => (Who::Owner, FlowAct::Submit),
        FlowState::ReviewingRequest if at.is_multiple_of(4) => (Who::Seller, FlowAct::RejectRequest),
        FlowState::ReviewingRequest => (Who::Seller, FlowAct::AcceptRequest),
        FlowState::SellerDeploying => (Who::Seller, FlowAct::Deliver),
        FlowState::AwaitingAcceptance if at.is_multiple_of(4) => (Who::Owner, FlowAct::Reject),
        FlowState::AwaitingAcceptance => (Who::Owner, FlowAct::Accept),
        FlowState::Frozen => (
            Who::Operations,
            [FlowAct::SettleResume, FlowAct::SettleComplete, FlowAct::SettleForBuyer { partial: at.is_multiple_of(2) }]
                [at % 3],
        ),
        _ => (Who::Owner, FlowAct::Remind),
    }
}

/// The actor `who` is on an order of `account`.
pub fn actor(who: Who, account: &str) -> Actor {
    match who {
        Who::Owner => Actor { role: Role::Buyer, id: account.into() },
        Who::OtherBuyer => Actor { role: Role::Buyer, id: BUYERS[(buyer_of(account, true) + 1) % 3].into() },
        Who::Seller => Actor { role: Role::Seller, id: SELLER.into() },
        Who::OtherSeller => Actor { role: Role::Seller, id: "other-seller".into() },
        Who::Operations => Actor { role: Role::OperationsManager, id: "operations".into() },
    }
}

/// An operation with a new id.
pub fn operation(world: &World, order_id: u32, actor: Actor, action: Action) -> Operation {
    Operation { id: supervision::new_operation_id(world.entropy), order_id, actor, action }
}
