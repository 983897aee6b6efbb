//! A seller's laptop against the marketplace, in one process (R-SYNC-1 to R-SYNC-4): connected
//! with a code, it pulls its seller's flows; offline it delivers with proof, shown at once as
//! waiting; back online the delivery reaches the marketplace once, whatever answer was lost,
//! and the copy becomes the marketplace's truth; a delivery the marketplace refuses goes to the
//! conflicts with its reason and the copy is put back.

mod common;

use chrono::Duration;
use common::simulation::Moving;
use common::supervision::{apply_as, buyer, delivery, snapshot, state, store, t0, walk_to, APP_PASSWORD, SELLER};
use common::sync::{as_operations, two_licenses, Link, Network};
use koogallery_core::catalog::model::DeliveryMethod;
use koogallery_core::entropy::OsEntropy;
use koogallery_core::orders::Services;
use koogallery_core::payments::simulated::SimulatedProvider;
use koogallery_core::supervision::{self, Action, FlowState};
use koogallery_core::sync::{self, Served};
use koogallery_core::{scheduler, ErrorCode, Store};

fn clock() -> &'static Moving {
    Moving::leaked(t0())
}

fn services(clock: &'static Moving) -> Services<'static> {
    Services { clock, payments: &SimulatedProvider, entropy: &OsEntropy }
}

/// The marketplace with two license orders and a SaaS order waiting on the seller's delivery,
/// and a new laptop connected to it and synced once.
fn connected(clock: &'static Moving) -> (Served<&'static Moving, OsEntropy>, Store, [u32; 3]) {
    let mut market = store();
    let (first, second) = two_licenses(&mut market);
    let saas = common::supervision::buy_as(&mut market, "acme-prepaid", "accounting", t0() + Duration::seconds(2));
    walk_to(&mut market, saas, DeliveryMethod::Saas, FlowState::SellerDeploying, t0());
    as_operations(&mut market);
    let code = sync::issue_code(&mut market, &services(clock), SELLER).unwrap();
    let served = Served::new(market, clock, OsEntropy);
    let mut laptop = Store::open_in_memory().unwrap();
    sync::connect(&mut laptop, &services(clock), &served, "https://127.0.0.1:8443", None, &code.code, "Field laptop")
        .unwrap();
    let round = sync::sync_once(&mut laptop, &services(clock), &served).unwrap();
    assert_eq!((round.pulled, round.waiting, round.unreachable.as_deref()), (3, 0, None));
    (served, laptop, [first, second, saas])
}

fn flow_state(store: &Store, order: u32) -> String {
    store.conn().query_row("SELECT state FROM service_flows WHERE order_id = ?1", [order], |r| r.get(0)).unwrap()
}

fn records(store: &Store, order: u32) -> Vec<(String, String)> {
    let mut statement =
        store.conn().prepare("SELECT id, hash FROM flow_operations WHERE order_id = ?1 ORDER BY position").unwrap();
    statement.query_map([order], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().collect::<Result<_, _>>().unwrap()
}

#[test]
fn r_sync_1_r_sync_2_offline_deliveries_show_at_once_as_waiting_and_reach_the_marketplace_once_when_back() {
    let clock = clock();
    let (served, mut laptop, [first, _, saas]) = connected(clock);
    assert_eq!(flow_state(&laptop, first), "seller_deploying");
    let network = Network::new(&served, Link::Down);

    *clock.0.lock().unwrap() = t0() + Duration::hours(2);
    let pending =
        sync::laptop::act(&mut laptop, &services(clock), first, None, delivery(DeliveryMethod::License)).unwrap();
    assert_eq!((pending.state.as_str(), pending.action.as_str()), ("waiting", "deliver"));
    sync::laptop::act(&mut laptop, &services(clock), saas, None, delivery(DeliveryMethod::Saas)).unwrap();
    assert_eq!(flow_state(&laptop, first), "awaiting_acceptance", "shown at once on the copy");
    // The SaaS password is kept sealed in the outbox, never in plain.
    let outbox: String =
        laptop.conn().query_row("SELECT group_concat(operation, '|') FROM outbox", [], |r| r.get(0)).unwrap();
    assert!(!outbox.contains(APP_PASSWORD), "{outbox}");

    let offline = sync::sync_once(&mut laptop, &services(clock), &network).unwrap();
    assert_eq!((offline.applied, offline.waiting), (0, 2));
    assert!(offline.unreachable.is_some());
    assert!(sync::link(laptop.conn()).unwrap().last_error.is_some());

    // The first answer is lost after the marketplace applied the push; the next round sends
    // it again and learns the outcomes it kept.
    *clock.0.lock().unwrap() = t0() + Duration::hours(5);
    network.set(Link::AnswersLost);
    let lost = sync::sync_once(&mut laptop, &services(clock), &network).unwrap();
    assert_eq!((lost.applied, lost.waiting), (0, 2));
    network.set(Link::Up);
    let back = sync::sync_once(&mut laptop, &services(clock), &network).unwrap();
    assert_eq!((back.applied, back.refused, back.waiting, back.unreachable), (2, 0, 0, None));

    let market = served.store.lock().unwrap();
    assert_eq!(state(&market, first), FlowState::AwaitingAcceptance);
    let deliveries: i64 = market
        .conn()
        .query_row("SELECT count(*) FROM flow_operations WHERE order_id = ?1 AND action = 'deliver'", [first], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(deliveries, 1, "applied once");
    let (nonce, cipher) = market
        .conn()
        .query_row("SELECT password_nonce, password_cipher FROM purchased_apps WHERE order_id = ?1", [saas], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    let password = market.secret_key().open(&koogallery_core::store::secrets::Sealed { nonce, cipher }).unwrap();
    assert_eq!(password.expose(), APP_PASSWORD, "the buyer gets the password the seller typed offline");
    // The copy is the marketplace's truth, record for record, and its chain holds.
    assert_eq!(records(&laptop, first), records(&market, first));
    assert!(supervision::verify(laptop.conn(), first).unwrap().intact);
    assert_eq!(flow_state(&laptop, saas), "awaiting_acceptance");
    drop(market);
    let again = sync::sync_once(&mut laptop, &services(clock), &network).unwrap();
    assert_eq!((again.applied, again.pulled), (0, 0), "nothing left to do");
}

#[test]
fn r_sync_3_a_delivery_refused_because_the_buyer_appealed_meanwhile_is_a_conflict_and_the_copy_is_put_back() {
    let clock = clock();
    let (served, mut laptop, [first, second, _]) = connected(clock);
    // Offline for six days: the buyer appealed the first order after five days of silence.
    {
        let mut market = served.store.lock().unwrap();
        common::act_for(&market, "acme-prepaid");
        let appeal = Action::Appeal { reason: "Nothing delivered".into(), proof: vec![] };
        apply_as(&mut market, "buyer-appeal", first, &buyer(), appeal, t0() + Duration::days(5) + Duration::minutes(2))
            .unwrap();
    }
    *clock.0.lock().unwrap() = t0() + Duration::days(6);
    let s = services(clock);
    sync::laptop::act(&mut laptop, &s, first, None, delivery(DeliveryMethod::License)).unwrap();
    // On its copy the flow now waits on the buyer, who stays silent: the seller appeals.
    let appeal = Action::Appeal { reason: "The buyer's site was closed".into(), proof: vec![] };
    let depends = sync::laptop::act(&mut laptop, &s, first, None, appeal).unwrap();
    sync::laptop::act(&mut laptop, &s, second, None, delivery(DeliveryMethod::License)).unwrap();

    let round = sync::sync_once(&mut laptop, &s, &served).unwrap();
    assert_eq!((round.applied, round.refused, round.waiting), (1, 2, 0));
    let conflicts = sync::conflicts(laptop.conn()).unwrap();
    let seen: Vec<(u32, Option<&str>)> = conflicts.iter().map(|c| (c.order_id, c.code.as_deref())).collect();
    assert_eq!(seen, [(first, Some("flow_frozen")), (first, Some("flow_frozen"))], "newest first");
    assert!(conflicts[1].message.as_deref().unwrap().contains("appeal"), "{:?}", conflicts[1].message);
    assert_eq!(conflicts[0].operation_id, depends.operation_id);
    assert!(
        conflicts[0].message.as_deref().unwrap().contains(&conflicts[1].operation_id),
        "refused with the action it followed: {:?}",
        conflicts[0].message
    );
    assert_eq!(flow_state(&laptop, first), "frozen", "put back to the marketplace's truth");
    assert_eq!(flow_state(&laptop, second), "awaiting_acceptance");
    let market = served.store.lock().unwrap();
    assert_eq!(records(&laptop, first), records(&market, first));
}

#[test]
fn r_sync_3_after_a_refusal_the_copy_shows_the_truth_and_a_new_action_on_it_is_checked_against_it() {
    let clock = clock();
    let (served, mut laptop, [first, _, _]) = connected(clock);
    {
        let mut market = served.store.lock().unwrap();
        let appeal = Action::Appeal { reason: "Nothing delivered".into(), proof: vec![] };
        apply_as(&mut market, "buyer-appeal", first, &buyer(), appeal, t0() + Duration::days(5) + Duration::minutes(2))
            .unwrap();
    }
    *clock.0.lock().unwrap() = t0() + Duration::days(6);
    let s = services(clock);
    sync::laptop::act(&mut laptop, &s, first, None, delivery(DeliveryMethod::License)).unwrap();
    let network = Network::new(&served, Link::Up);
    let one = sync::sync_once(&mut laptop, &s, &network).unwrap();
    assert_eq!(one.refused, 1);
    // Made after the refusal is known, on the truth (frozen), an action is refused on the copy
    // itself and never sent.
    let later = sync::laptop::act(&mut laptop, &s, first, None, delivery(DeliveryMethod::License));
    assert_eq!(later.unwrap_err().code(), ErrorCode::FlowFrozen);
    assert!(sync::waiting(laptop.conn()).unwrap().is_empty());
}

#[test]
fn r_sync_5_a_revoked_laptop_is_refused_and_a_copy_fires_no_timer_of_its_own() {
    let clock = clock();
    let (served, mut laptop, [first, _, _]) = connected(clock);
    let device = sync::link(laptop.conn()).unwrap().device_id;
    {
        let mut market = served.store.lock().unwrap();
        sync::revoke(&mut market, &services(clock), device).unwrap();
    }
    sync::laptop::act(&mut laptop, &services(clock), first, None, delivery(DeliveryMethod::License)).unwrap();
    let before = snapshot(&laptop);
    let err = sync::sync_once(&mut laptop, &services(clock), &served).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Unauthenticated, "{err}");
    assert!(sync::link(laptop.conn()).unwrap().last_error.unwrap().contains("revoked"));
    assert_eq!(sync::waiting(laptop.conn()).unwrap().len(), 1, "kept, to send once enrolled again");
    assert_eq!(snapshot(&laptop), before);

    let later = t0() + Duration::days(30);
    let fired = scheduler::run_until(&mut laptop, &services(clock), later).unwrap();
    assert!(fired.is_empty(), "the marketplace owns time: {fired:?}");
}

#[test]
fn r_sync_5_only_a_new_data_file_becomes_a_copy() {
    let clock = clock();
    let mut market = store();
    as_operations(&mut market);
    let code = sync::issue_code(&mut market, &services(clock), SELLER).unwrap();
    let served = Served::new(store(), clock, OsEntropy);
    let mut already = store();
    common::supervision::buy(&mut already, "db-license");
    let err = sync::connect(&mut already, &services(clock), &served, "x", None, &code.code, "Laptop").unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict, "{err}");
    let mut fresh = Store::open_in_memory().unwrap();
    let wrong = sync::connect(&mut fresh, &services(clock), &served, "x", None, "AAAA-BBBB-CCCC", "Laptop");
    assert_eq!(wrong.unwrap_err().code(), ErrorCode::Unauthenticated);
    assert!(!sync::is_copy(fresh.conn()).unwrap());
}

#[test]
fn r_sync_4_the_status_says_online_or_offline_what_waits_and_how_many_conflicts() {
    let clock = clock();
    let (served, mut laptop, [first, second, _]) = connected(clock);
    let online = sync::status(laptop.conn()).unwrap().expect("a copy has a status");
    assert!(online.online);
    assert_eq!((online.waiting.len(), online.conflicts, online.link.seller_id.as_str()), (0, 0, SELLER));
    assert!(sync::status(served.store.lock().unwrap().conn()).unwrap().is_none(), "the marketplace is no copy");

    let s = services(clock);
    let network = Network::new(&served, Link::Down);
    sync::laptop::act(&mut laptop, &s, first, None, delivery(DeliveryMethod::License)).unwrap();
    sync::sync_once(&mut laptop, &s, &network).unwrap();
    let offline = sync::status(laptop.conn()).unwrap().unwrap();
    assert!(!offline.online);
    assert_eq!(offline.waiting.iter().map(|p| p.order_id).collect::<Vec<_>>(), [first]);

    // Noted without a round: the app found the address silent before taking the store.
    network.set(Link::Up);
    sync::sync_once(&mut laptop, &s, &network).unwrap();
    assert!(sync::status(laptop.conn()).unwrap().unwrap().online);
    sync::note_unreachable(&mut laptop, "no connection to the marketplace").unwrap();
    assert!(!sync::status(laptop.conn()).unwrap().unwrap().online);

    {
        let mut market = served.store.lock().unwrap();
        let appeal = Action::Appeal { reason: "Nothing delivered".into(), proof: vec![] };
        apply_as(
            &mut market,
            "buyer-appeal",
            second,
            &buyer(),
            appeal,
            t0() + Duration::days(5) + Duration::minutes(2),
        )
        .unwrap();
    }
    *clock.0.lock().unwrap() = t0() + Duration::days(6);
    sync::laptop::act(&mut laptop, &s, second, None, delivery(DeliveryMethod::License)).unwrap();
    sync::sync_once(&mut laptop, &s, &network).unwrap();
    let conflicted = sync::status(laptop.conn()).unwrap().unwrap();
    assert_eq!((conflicted.online, conflicted.waiting.len(), conflicted.conflicts), (true, 0, 1));
}

#[test]
fn r_sync_4_a_laptop_that_cannot_reach_the_marketplace_waits_longer_each_time_up_to_five_minutes() {
    let waits: Vec<u64> = (0..=9).map(|failures| sync::next_sync_in(failures).as_secs()).collect();
    assert_eq!(waits, [30, 5, 10, 20, 40, 80, 160, 300, 300, 300]);
    assert_eq!(sync::next_sync_in(u32::MAX).as_secs(), 300);
}

#[test]
fn the_apps_copy_lives_beside_its_data_file() {
    let copy = sync::copy_path(std::path::Path::new("/home/dana/.local/share/koogallery/koogallery.db"));
    assert_eq!(copy, std::path::Path::new("/home/dana/.local/share/koogallery/koogallery.seller-copy.db"));
}
