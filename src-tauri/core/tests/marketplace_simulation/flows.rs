//! Steps on service flows: on the marketplace through `supervision::apply`, the one way an
//! action reaches a flow, and on the seller's laptop copy, into its outbox.

use koogallery_core::catalog::model::DeliveryMethod;
use koogallery_core::supervision::unsubscribe::{self, RequestStatus};
use koogallery_core::supervision::{self, Action, FlowState};
use koogallery_core::sync;
use koogallery_core::Store;
use rusqlite::OptionalExtension;

use crate::act::{action, actor, next_act, operation, Outcome};
use crate::steps::{FlowAct, Who};
use crate::world::{pick, World};

struct Flow {
    order_id: u32,
    state: FlowState,
    account: String,
    method: DeliveryMethod,
    paid_cents: i64,
}

fn flow(store: &Store, at: usize) -> Option<Flow> {
    let conn = store.conn();
    let orders: Vec<u32> = conn
        .prepare("SELECT order_id FROM service_flows ORDER BY order_id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let order_id = pick(&orders, at)?;
    conn.query_row(
        "SELECT f.state, o.account_id, o.delivery, o.amount_cents FROM service_flows f
         JOIN orders o ON o.id = f.order_id WHERE f.order_id = ?1",
        [order_id],
        |r| {
            Ok(Flow {
                order_id,
                state: FlowState::parse(&r.get::<_, String>(0)?).unwrap(),
                account: r.get(1)?,
                method: r.get::<_, String>(2)?.parse().unwrap(),
                paid_cents: r.get(3)?,
            })
        },
    )
    .optional()
    .unwrap()
}

/// The order's unsubscription request waiting for the seller's review.
fn pending_request(store: &Store, order_id: u32) -> Option<u32> {
    let requests = unsubscribe::of_order(store.conn(), order_id).unwrap();
    requests.into_iter().find(|r| r.status == RequestStatus::Pending).map(|r| r.id)
}

/// The review names the order's pending unsubscription request (none: a request that is not).
fn with_request(store: &Store, order_id: u32, action: Action) -> Action {
    match action {
        Action::ReviewUnsubscription { approve, comment, records, .. } => {
            let request_id = pending_request(store, order_id).unwrap_or(0);
            Action::ReviewUnsubscription { request_id, approve, comment, records }
        }
        other => other,
    }
}

pub fn on_marketplace(world: &mut World, who: Who, at: usize, act: Option<FlowAct>, again: bool) -> Outcome {
    let operation = match (again, world.last_operation.clone()) {
        // The same operation once more, as a retried request would send it.
        (true, Some(earlier)) => earlier,
        _ => {
            let Some(flow) = flow(&world.market(), at) else {
                return Outcome::of("no flow to act on".into(), Ok(()));
            };
            let pending = pending_request(&world.market(), flow.order_id).is_some();
            let (who, act) = act.map_or_else(|| next_act(flow.state, at, pending), |act| (who, act));
            let action = with_request(&world.market(), flow.order_id, action(act, flow.method, flow.paid_cents));
            operation(world, flow.order_id, actor(who, &flow.account), action)
        }
    };
    let now = world.now();
    let done = {
        let mut market = world.market();
        let key = market.secret_key().clone();
        market.write(|tx| supervision::apply(tx, &key, &operation, now))
    };
    let said = format!(
        "{:?} {} does {} on order {} ({})",
        operation.actor.role,
        operation.actor.id,
        operation.action.step().as_str(),
        operation.order_id,
        operation.id
    );
    let repeated = done.as_ref().is_ok_and(|applied| applied.repeated);
    if done.is_ok() {
        world.last_operation = Some(operation);
    }
    let mut outcome = Outcome::of(said, done);
    outcome.repeat = repeated;
    outcome
}

pub fn on_laptop(world: &mut World, at: usize, act: Option<FlowAct>) -> Outcome {
    let Some(flow) = flow(&world.laptop, at) else {
        return Outcome::of("no flow on the laptop".into(), Ok(()));
    };
    let pending = pending_request(&world.laptop, flow.order_id).is_some();
    let act = act.unwrap_or(match next_act(flow.state, at, pending) {
        (Who::Seller, act) => act,
        // Not the seller's turn: it delivers anyway, which the rules refuse.
        _ => FlowAct::Deliver,
    });
    let action = with_request(&world.laptop, flow.order_id, action(act, flow.method, flow.paid_cents));
    let step = action.step().as_str();
    let services = world.services();
    let done = sync::laptop::act(&mut world.laptop, &services, flow.order_id, None, action);
    Outcome::of(format!("offline, the seller does {step} on order {}", flow.order_id), done)
}
