//! The ECS console: the account's instances, and what a buyer does to one (stop, start,
//! delete, replace the system disk). Every action first bills what is due up to now
//! (metering, committed on its own), then moves the instance through its state machine
//! ([`super::InstanceState::after`]) in one transaction.
//!
//! Billing (R-IMG-4, see docs/decisions.md): stopping does not stop billing (the instance
//! keeps its image, disk and addresses); deleting, switching to another image and suspension
//! do. Replacing the system disk with the same image changes nothing in billing; with
//! another image, the old image's run ends and the new one's starts now, so that both images'
//! fees are due for that hour.

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use rust_decimal::Decimal;

use super::fees::image_item;
use super::metering::{self, close_runs, open_run, ECS_ITEM};
use super::{login_user, next_state, EcsAction, EcsInstance, InstanceState};
use crate::catalog::model::{BillingMode, BillingPeriod, DeliveryMethod};
use crate::catalog::product;
use crate::money::{format_amount, from_cents};
use crate::orders::place::Payment;
use crate::orders::Services;
use crate::paging::{Page, PageRequest};
use crate::{accounts, roles, CoreError, Result, Store};

const SELECT: &str =
    "SELECT i.id, i.name, i.state, i.flavour_id, i.product_id, i.product_name, i.edition, i.login_user,
        i.billing, i.payment_method, v.name, s.name || ' (' || s.cidr || ')', g.name, e.address, e.bandwidth_mbps,
        i.expires_at, i.order_id, i.created_at, i.billing_since,
        (SELECT coalesce(sum(amount_cents), 0) FROM hourly_charges c WHERE c.instance_id = i.id AND c.status = 'unpaid')
     FROM ecs_instances i
     JOIN vpcs v ON v.id = i.vpc_id
     JOIN subnets s ON s.id = i.subnet_id
     JOIN security_groups g ON g.id = i.security_group_id
     LEFT JOIN eips e ON e.id = i.eip_id";

fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<EcsInstance> {
    let payment: String = r.get(9)?;
    Ok(EcsInstance {
        id: r.get(0)?,
        name: r.get(1)?,
        state: r.get(2)?,
        flavour: r.get(3)?,
        product_id: r.get(4)?,
        product_name: r.get(5)?,
        edition: r.get(6)?,
        login_user: r.get(7)?,
        billing: r.get(8)?,
        payment: match payment.as_str() {
            "balance" => "Prepaid balance",
            "card" => "Card",
            "credit" => "Credit",
            _ => "Reseller",
        }
        .to_string(),
        vpc: r.get(10)?,
        subnet: r.get(11)?,
        security_group: r.get(12)?,
        eip_address: r.get(13)?,
        eip_bandwidth_mbps: r.get(14)?,
        expires_at: r.get(15)?,
        order_id: r.get(16)?,
        created_at: r.get(17)?,
        billing_since: r.get(18)?,
        arrears: format_amount(from_cents(r.get(19)?)),
    })
}

/// The current account's instances, deleted ones included (the console shows them greyed),
/// the newest first.
pub fn list(conn: &Connection) -> Result<Vec<EcsInstance>> {
    let account = accounts::current(conn)?;
    conn.prepare_cached(&format!("{SELECT} WHERE i.account_id = ?1 ORDER BY i.id DESC"))?
        .query_map([&account], read)?
        .collect::<rusqlite::Result<Vec<_>>>()
        .map_err(Into::into)
}

/// The ECS console: a page of the current account's instances, the newest first, after billing
/// what is due, so that a suspension for arrears shows at once. A page asked for wrongly bills
/// nothing.
pub fn console(store: &mut Store, services: &Services<'_>, request: PageRequest) -> Result<Page<EcsInstance>> {
    let window = request.window()?;
    metering::bill_due(store, services)?;
    let conn = store.conn();
    let account = accounts::current(conn)?;
    let total = conn
        .prepare_cached("SELECT count(*) FROM ecs_instances WHERE account_id = ?1")?
        .query_row([&account], |r| r.get(0))?;
    let items = conn
        .prepare_cached(&format!("{SELECT} WHERE i.account_id = ?1 ORDER BY i.id DESC LIMIT ?2 OFFSET ?3"))?
        .query_map(params![account, window.limit, window.offset], read)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Page::new(items, total, window))
}

/// Instance `id` after billing what is due.
pub fn console_show(store: &mut Store, services: &Services<'_>, id: u32) -> Result<EcsInstance> {
    metering::bill_due(store, services)?;
    show(store.conn(), id)
}

/// Instance `id` of the current account; another account's is not found.
pub fn show(conn: &Connection, id: u32) -> Result<EcsInstance> {
    let account = accounts::current(conn)?;
    conn.prepare_cached(&format!("{SELECT} WHERE i.id = ?1 AND i.account_id = ?2"))?
        .query_row(params![id, account], read)
        .optional()?
        .ok_or_else(|| CoreError::not_found(format!("ECS {id}")))
}

/// Bills what is due, then reads the clock's "now" as text too.
fn bill_up_to_now(store: &mut Store, services: &Services<'_>) -> Result<(DateTime<Utc>, String)> {
    let now = store.clock(services.clock)?.now;
    metering::process_metering(store, services.payments, now)?;
    Ok((now, now.to_rfc3339_opts(SecondsFormat::Secs, true)))
}

fn set_state(tx: &Connection, id: u32, state: InstanceState, at: &str) -> Result<()> {
    tx.prepare_cached("UPDATE ecs_instances SET state = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(params![id, state, at])?;
    Ok(())
}

/// Shuts instance `id` down. Billing goes on (docs/decisions.md): delete it to stop paying.
pub fn stop(store: &mut Store, services: &Services<'_>, id: u32) -> Result<EcsInstance> {
    let (_, at) = bill_up_to_now(store, services)?;
    store.write(|tx| {
        roles::require_buyer(tx, "stop an instance")?;
        let instance = show(tx, id)?;
        set_state(tx, id, next_state(id, instance.state, EcsAction::Stop)?, &at)?;
        show(tx, id)
    })
}

/// Starts instance `id`. A suspended one pays its arrears first (refused, with nothing
/// changed, when they cannot be paid), and hourly billing resumes from a new block start.
pub fn start(store: &mut Store, services: &Services<'_>, id: u32) -> Result<EcsInstance> {
    let (_, at) = bill_up_to_now(store, services)?;
    store.write(|tx| {
        roles::require_buyer(tx, "start an instance")?;
        let instance = show(tx, id)?;
        let next = next_state(id, instance.state, EcsAction::Start)?;
        if instance.state == InstanceState::Suspended {
            let (account, method, card): (String, String, Option<u32>) = tx
                .prepare_cached("SELECT account_id, payment_method, card_id FROM ecs_instances WHERE id = ?1")?
                .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            let payment = Payment::read(&method, card)?;
            metering::pay_arrears(tx, services.payments, id, &account, payment, &at)??;
            resume_billing(tx, id, &at)?;
        }
        set_state(tx, id, next, &at)?;
        show(tx, id)
    })
}

/// Opens the runs an instance is billed by from `at`: the ECS and its image for
/// pay-per-use; on a yearly/monthly instance, only an image other than the one prepaid.
fn resume_billing(tx: &Connection, id: u32, at: &str) -> Result<()> {
    let (billing, product_id, edition, prepaid, flavour, bandwidth): (
        BillingMode,
        String,
        String,
        Option<String>,
        String,
        Option<u32>,
    ) = tx
        .prepare_cached(
            "SELECT i.billing, i.product_id, i.edition, i.prepaid_product_id, i.flavour_id, e.bandwidth_mbps
             FROM ecs_instances i LEFT JOIN eips e ON e.id = i.eip_id WHERE i.id = ?1",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))?;
    if billing == BillingMode::PayPerUse {
        let flavour_hourly = crate::cloud::flavour_prices(tx, &flavour)?.hourly;
        let eip = from_cents(crate::cloud::EIP_HOURLY_PER_MBPS_CENTS) * Decimal::from(bandwidth.unwrap_or(0));
        let label = match bandwidth {
            Some(mbps) => format!("ECS {flavour} with EIP {mbps} Mbit/s"),
            None => format!("ECS {flavour}"),
        };
        open_run(tx, id, ECS_ITEM, &label, None, flavour_hourly + eip, at)?;
    }
    if prepaid.as_deref() != Some(product_id.as_str()) {
        open_image_run(tx, id, &product_id, &edition, at)?;
    }
    tx.prepare_cached("UPDATE ecs_instances SET billing_since = ?2 WHERE id = ?1")?.execute(params![id, at])?;
    Ok(())
}

/// Opens the hourly run of an image at its pay-per-use price.
fn open_image_run(tx: &Connection, id: u32, product_id: &str, edition: &str, at: &str) -> Result<()> {
    let (hourly, name, seller) = hourly_price(tx, product_id, edition)?;
    open_run(tx, id, &image_item(product_id, edition), &format!("Image {name} ({edition})"), Some(&seller), hourly, at)
}

/// An image edition's pay-per-use price per hour, the product's name and its seller.
fn hourly_price(conn: &Connection, product_id: &str, edition: &str) -> Result<(Decimal, String, String)> {
    let detail = product::show(conn, product_id)?;
    let price = detail
        .editions
        .iter()
        .find(|e| e.code == edition)
        .and_then(|e| e.plans.iter().find(|p| p.billing == BillingMode::PayPerUse && p.period == BillingPeriod::Hour))
        .and_then(|p| p.price.as_deref())
        .ok_or_else(|| {
            CoreError::invalid(format!(
                "edition: the {edition:?} edition of {} is not sold by the hour, which a replaced system disk is billed by",
                detail.summary.name
            ))
        })?;
    let price = price.parse().map_err(|_| CoreError::Internal(format!("an unreadable price {price:?}")))?;
    Ok((price, detail.summary.name, detail.summary.seller_id))
}

/// Deletes instance `id` (final): its billing stops now and its EIP is released.
pub fn delete(store: &mut Store, services: &Services<'_>, id: u32) -> Result<EcsInstance> {
    let (_, at) = bill_up_to_now(store, services)?;
    store.write(|tx| {
        roles::require_buyer(tx, "delete an instance")?;
        let instance = show(tx, id)?;
        set_state(tx, id, next_state(id, instance.state, EcsAction::Delete)?, &at)?;
        close_runs(tx, id, None, &at)?;
        tx.prepare_cached(
            "UPDATE eips SET released_at = ?2 WHERE id = (SELECT eip_id FROM ecs_instances WHERE id = ?1) AND released_at IS NULL",
        )?
        .execute(params![id, at])?;
        tx.prepare_cached("UPDATE ecs_instances SET billing_since = NULL WHERE id = ?1")?.execute([id])?;
        show(tx, id)
    })
}

/// Replaces the system disk of instance `id` with image `product_id` (edition `edition`, or
/// the same edition for the same product, else the first sold by the hour). The login
/// password is kept; the login user follows the new operating system.
pub fn replace_disk(
    store: &mut Store,
    services: &Services<'_>,
    id: u32,
    product_id: &str,
    edition: Option<&str>,
) -> Result<EcsInstance> {
    let (_, at) = bill_up_to_now(store, services)?;
    store.write(|tx| {
        roles::require_buyer(tx, "replace a system disk")?;
        let instance = show(tx, id)?;
        let next = next_state(id, instance.state, EcsAction::ReplaceDisk)?;
        let detail = product::show(tx, product_id)?;
        if detail.summary.delivery != DeliveryMethod::Image {
            return Err(CoreError::invalid(format!("image: {} is not an image", detail.summary.name)));
        }
        let edition = match edition {
            Some(code) => code.to_string(),
            None if product_id == instance.product_id => instance.edition.clone(),
            None => detail
                .editions
                .iter()
                .find(|e| e.plans.iter().any(|p| p.billing == BillingMode::PayPerUse))
                .map(|e| e.code.clone())
                .ok_or_else(|| CoreError::invalid(format!("image: {} is not sold by the hour", detail.summary.name)))?,
        };
        if !detail.editions.iter().any(|e| e.code == edition) {
            return Err(CoreError::invalid(format!(
                "edition: {edition:?} is not an edition of {}",
                detail.summary.name
            )));
        }
        let same = product_id == instance.product_id && edition == instance.edition;
        if !same {
            let prepaid: Option<String> = tx
                .prepare_cached("SELECT prepaid_product_id FROM ecs_instances WHERE id = ?1")?
                .query_row([id], |r| r.get(0))?;
            let metered = prepaid.as_deref() != Some(product_id);
            // Checked before anything changes: an edition not sold by the hour is refused.
            if metered {
                hourly_price(tx, product_id, &edition)?;
            }
            // R-IMG-4: the old image's billing stops now (its started hour stays billed in
            // full); the new image's starts now, so both fees are due for this hour.
            close_runs(tx, id, Some(()), &at)?;
            if metered {
                open_image_run(tx, id, product_id, &edition, &at)?;
            }
            tx.prepare_cached(
                "UPDATE ecs_instances SET product_id = ?2, product_name = ?3, edition = ?4, login_user = ?5,
                        billing_since = CASE WHEN billing = 'pay_per_use' THEN billing_since
                                             WHEN ?6 IS NULL THEN NULL
                                             ELSE coalesce(billing_since, ?6) END
                 WHERE id = ?1",
            )?
            .execute(params![
                id,
                product_id,
                detail.summary.name,
                edition,
                login_user(detail.operating_system.as_deref()),
                metered.then_some(&at)
            ])?;
        }
        set_state(tx, id, next, &at)?;
        show(tx, id)
    })
}

/// The ECS of order `order_id` enter retention with their subscription (R-REN-1): the running
/// ones are stopped, their data kept. Returns how many were stopped.
pub(crate) fn freeze_order(tx: &Connection, order_id: u32, at: &str) -> Result<u32> {
    let running = tx
        .prepare_cached("SELECT id FROM ecs_instances WHERE order_id = ?1 AND state = 'running'")?
        .query_map([order_id], |r| r.get::<_, u32>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for id in &running {
        set_state(tx, *id, next_state(*id, InstanceState::Running, EcsAction::Stop)?, at)?;
    }
    Ok(running.len() as u32)
}

/// The ECS of order `order_id` are released with their subscription (R-REN-1): deleted, their
/// billing ended and their EIPs released. Returns how many were deleted.
pub(crate) fn release_order(tx: &Connection, order_id: u32, at: &str) -> Result<u32> {
    let live = tx
        .prepare_cached("SELECT id, state FROM ecs_instances WHERE order_id = ?1 AND state <> 'deleted'")?
        .query_map([order_id], |r| Ok((r.get::<_, u32>(0)?, r.get::<_, InstanceState>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (id, state) in &live {
        set_state(tx, *id, next_state(*id, *state, EcsAction::Delete)?, at)?;
        close_runs(tx, *id, None, at)?;
        tx.prepare_cached(
            "UPDATE eips SET released_at = ?2 WHERE id = (SELECT eip_id FROM ecs_instances WHERE id = ?1) AND released_at IS NULL",
        )?
        .execute(params![id, at])?;
        tx.prepare_cached("UPDATE ecs_instances SET billing_since = NULL WHERE id = ?1")?.execute([id])?;
    }
    Ok(live.len() as u32)
}
