//! Provisioning an image with its ECS, quick or customized (R-IMG, R-BUY-5, R-BUY-6).
//!
//! The fees the buyer saw (`super::fees`) are what is charged. [`provision`] follows
//! checkout's pattern (`orders::place`): the order is recorded as pending payment
//! under its idempotency key, with the request (never the password: only its salted hash);
//! then, in one transaction, it is paid (yearly/monthly: the whole fee, shared in the ledger
//! between the image's seller and the cloud), every resource is created (VPC and subnet when
//! new, security group, EIPs, instances) and, for pay-per-use, hourly billing starts. If
//! anything fails the transaction is undone and the order cancelled: no half-made resource.
//!
//! Pay-per-use charges nothing up front; metering bills each started hour. A prepaid
//! account must have a balance that covers the first hour.

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::fees::{image_item, price, EcsConfiguration, Priced};
use super::metering::{open_run, ECS_ITEM};
use super::password::{self, LoginPassword};
use super::{login_user, EcsInstance, ProvisionMode};
use crate::agencies::{self, Purpose};
use crate::catalog::model::{BillingMode, BillingPeriod, PricingModel};
use crate::catalog::product;
use crate::clock::term_end;
use crate::cloud;
use crate::cloud::network::{self, Cidr};
use crate::ledger;
use crate::money::{format_amount, round_to_cent, to_cents};
use crate::orders::place::{
    cancel, cancel_abandoned, cancelled_error, charge_to, check_key, due, paid_note, resolve_payment, Payment,
};
use crate::orders::status::{self, transition, OrderStatus};
use crate::orders::{OrderDetail, PaymentChoice, Services};
use crate::{accounts, apps, roles, CoreError, Result, Store};

/// The network: an existing VPC and subnet, or a new VPC made in the wizard (R-BUY-5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum NetworkChoice {
    Existing {
        vpc_id: u32,
        subnet_id: u32,
    },
    New {
        vpc_name: String,
        vpc_cidr: String,
        /// The subnet's block; the VPC's first /24 (or the VPC itself) when left out.
        #[serde(default)]
        subnet_cidr: Option<String>,
    },
}

/// The security group: the seller's recommended one, one the account has, or a new one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum SecurityGroupChoice {
    Recommended,
    Existing { security_group_id: u32 },
    New { name: String, ports: Vec<u16> },
}

/// One submission of the quick page or of the wizard's Confirm step.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct ProvisionRequest {
    pub mode: ProvisionMode,
    pub configuration: EcsConfiguration,
    pub network: NetworkChoice,
    pub security_group: SecurityGroupChoice,
    /// The ECS name (1 to 64 letters, digits, `-`, `_`, `.`); `ecs-<product>` when left
    /// out. Several instances are named `<name>-1`, `<name>-2`…
    #[serde(default)]
    pub name: Option<String>,
    /// R-IMG-3. Hashed, never stored or shown.
    pub password: LoginPassword,
    /// The agreements (the image's terms, the cloud's service agreement).
    #[serde(default)]
    pub accept_agreements: bool,
    #[serde(default)]
    pub payment: Option<PaymentChoice>,
    /// One per submission, made by the front end, as at checkout.
    pub idempotency_key: String,
}

/// What is stored of a request between recording the order and paying it: everything but
/// the password and the key. It is also what tells a retry from a different submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Plan {
    mode: ProvisionMode,
    configuration: EcsConfiguration,
    network: NetworkChoice,
    security_group: SecurityGroupChoice,
    name: String,
    accept_agreements: bool,
    payment: String,
    card_id: Option<u32>,
}

/// What a provisioning made: its order and its instances.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ProvisionResult {
    pub order: OrderDetail,
    pub instances: Vec<EcsInstance>,
}

/// Provisions `request` for the account the app acts for, or returns what an earlier
/// submission with the same key made. A refused request changes nothing; a failed payment
/// or creation leaves the order cancelled and nothing else.
pub fn provision(store: &mut Store, services: &Services<'_>, request: &ProvisionRequest) -> Result<ProvisionResult> {
    check_key(&request.idempotency_key)?;
    let now = store.clock(services.clock)?.now;
    let at = now.to_rfc3339_opts(SecondsFormat::Secs, true);
    // Hashing takes tens of milliseconds: done before the write lock is taken. The hash of a
    // retry is simply not used.
    let hash = password::hash(&request.password, services.entropy)?;
    let id = store.write(|tx| {
        roles::require_buyer(tx, "provision an image")?;
        cancel_abandoned(tx, now, &at)?;
        record(tx, request, &hash, &at)
    })?;
    settle(store, services, id, now)?;
    result(store.conn(), id)
}

fn result(conn: &Connection, id: u32) -> Result<ProvisionResult> {
    let order = crate::orders::show(conn, id)?;
    let instances = super::ecs::list(conn)?.into_iter().filter(|i| i.order_id == id).collect();
    Ok(ProvisionResult { order, instances })
}

/// Step 1: every check, then the order pending payment with its plan; or the order this key
/// already made.
fn record(tx: &Connection, request: &ProvisionRequest, hash: &str, at: &str) -> Result<u32> {
    let account = accounts::load(tx, &accounts::current(tx)?)?;
    let key = &request.idempotency_key;
    let payment = resolve_payment(tx, &account, request.payment)?;
    let c = &request.configuration;
    let name =
        request.name.clone().unwrap_or_else(|| format!("ecs-{}", c.product_id.chars().take(40).collect::<String>()));
    let plan = Plan {
        mode: request.mode,
        configuration: c.clone(),
        network: request.network.clone(),
        security_group: request.security_group.clone(),
        name: name.clone(),
        accept_agreements: request.accept_agreements,
        payment: payment.method().to_string(),
        card_id: payment.card_id(),
    };
    let fingerprint = serde_json::to_string(&plan)
        .map_err(|e| CoreError::Internal(format!("a request could not be written: {e}")))?;
    let earlier: Option<(u32, Option<String>)> = tx
        .prepare_cached(
            "SELECT o.id, p.request FROM orders o LEFT JOIN image_provisionings p ON p.order_id = o.id
             WHERE o.account_id = ?1 AND o.idempotency_key = ?2",
        )?
        .query_row(params![account.id, key], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if let Some((id, earlier)) = earlier {
        if earlier.as_deref() != Some(fingerprint.as_str()) {
            return Err(CoreError::Conflict(format!(
                "idempotency key: {key:?} was already used for a different purchase (order {id}); a new submission \
                 needs a new key"
            )));
        }
        return Ok(id);
    }

    if request.mode == ProvisionMode::Quick {
        agencies::require(tx, Purpose::QuickProvisioning)?;
    }
    if !request.accept_agreements {
        return Err(CoreError::invalid(
            "agreements: tick the image's terms and the cloud service agreement to provision",
        ));
    }
    let priced = price(tx, c)?;
    let detail = product::show(tx, &c.product_id)?;
    let edition = detail.editions.iter().find(|e| e.code == c.edition);
    if let Some(plan) = edition
        .and_then(|e| e.plans.iter().find(|p| p.billing == c.billing))
        .filter(|p| p.pricing != PricingModel::Flat)
    {
        return Err(CoreError::invalid(format!("edition: images are priced flat; this plan is {}", plan.pricing)));
    }
    let longest = if priced.quantity > 1 { format!("{name}-{}", priced.quantity) } else { name.clone() };
    network::check_name("ECS name", &longest)?;
    password::validate(&request.password, login_user(detail.operating_system.as_deref()))?;
    check_network(tx, &account.id, &request.network)?;
    check_security_group(tx, &account.id, &c.product_id, &request.security_group)?;

    let edition_name = edition.map_or_else(|| c.edition.clone(), |e| e.name.clone());
    let quote_json = serde_json::to_string(&priced.fees.quote)
        .map_err(|e| CoreError::Internal(format!("a quote could not be written down: {e}")))?;
    let amount = if priced.fees.hourly { Decimal::ZERO } else { priced.image + priced.cloud };
    let summary = &detail.summary;
    tx.prepare_cached(
        "INSERT INTO orders (account_id, idempotency_key, checkout, product_id, product_name, seller_id, seller_name,
                             delivery, supervised, edition, edition_name, billing, period, duration, users, quantity,
                             quote, amount_cents, payment_method, card_id, status, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'image', 0, ?8, ?9, ?10, ?11, ?12, NULL, ?13, ?14, ?15, ?16, ?17,
                 'pending_payment', ?18, ?18)",
    )?
    .execute(params![
        account.id,
        key,
        fingerprint,
        summary.id,
        summary.name,
        summary.seller_id,
        summary.seller,
        c.edition,
        edition_name,
        c.billing,
        priced.period,
        priced.duration,
        priced.quantity,
        quote_json,
        to_cents(amount)?,
        payment.method(),
        payment.card_id(),
        at,
    ])?;
    let id = u32::try_from(tx.last_insert_rowid()).map_err(|_| CoreError::Internal("too many orders".into()))?;
    tx.prepare_cached("INSERT INTO image_provisionings (order_id, request, password_hash) VALUES (?1, ?2, ?3)")?
        .execute(params![id, fingerprint, hash])?;
    status::record(tx, id, OrderStatus::PendingPayment, Some("Order placed: image with its ECS"), at)?;
    Ok(id)
}

fn check_network(tx: &Connection, account: &str, network: &NetworkChoice) -> Result<()> {
    match network {
        NetworkChoice::Existing { vpc_id, subnet_id } => {
            let found = tx
                .prepare_cached(
                    "SELECT 1 FROM subnets s JOIN vpcs v ON v.id = s.vpc_id WHERE v.id = ?1 AND s.id = ?2 AND v.account_id = ?3",
                )?
                .exists(params![vpc_id, subnet_id, account])?;
            if !found {
                return Err(CoreError::invalid(format!(
                    "network: this account has no VPC {vpc_id} with subnet {subnet_id}; choose one of its VPCs or create one"
                )));
            }
        }
        NetworkChoice::New { vpc_name, vpc_cidr, subnet_cidr } => {
            network::check_name("VPC name", vpc_name)?;
            let cidr = network::check_vpc_cidr(vpc_cidr)?;
            if let Some(subnet) = subnet_cidr {
                network::check_subnet_cidr(cidr, subnet)?;
            }
            let taken = tx
                .prepare_cached("SELECT 1 FROM vpcs WHERE account_id = ?1 AND name = ?2")?
                .exists(params![account, vpc_name])?;
            if taken {
                return Err(CoreError::invalid(format!(
                    "VPC name: this account already has a VPC called {vpc_name:?}; choose it or another name"
                )));
            }
        }
    }
    Ok(())
}

fn check_security_group(tx: &Connection, account: &str, product_id: &str, choice: &SecurityGroupChoice) -> Result<()> {
    match choice {
        SecurityGroupChoice::Recommended => {
            if cloud::recommended_security_group(tx, product_id)?.is_none() {
                return Err(CoreError::invalid(
                    "security group: the seller recommends none for this image; choose one of yours or create one",
                ));
            }
        }
        SecurityGroupChoice::Existing { security_group_id } => {
            let found = tx
                .prepare_cached("SELECT 1 FROM security_groups WHERE id = ?1 AND account_id = ?2")?
                .exists(params![security_group_id, account])?;
            if !found {
                return Err(CoreError::invalid(format!(
                    "security group: this account has no security group {security_group_id}"
                )));
            }
        }
        SecurityGroupChoice::New { name, ports } => {
            network::check_name("security group name", name)?;
            network::check_ports(ports)?;
            let taken = tx
                .prepare_cached("SELECT 1 FROM security_groups WHERE account_id = ?1 AND name = ?2")?
                .exists(params![account, name])?;
            if taken {
                return Err(CoreError::invalid(format!(
                    "security group name: this account already has {name:?}; choose it or another name"
                )));
            }
        }
    }
    Ok(())
}

/// Step 2: pays and creates, or cancels.
fn settle(store: &mut Store, services: &Services<'_>, id: u32, now: DateTime<Utc>) -> Result<()> {
    let at = now.to_rfc3339_opts(SecondsFormat::Secs, true);
    let key = store.secret_key().clone();
    let settled = store.write(|tx| {
        let order = due(tx, id)?;
        match order.status {
            OrderStatus::PendingPayment => {}
            OrderStatus::Cancelled => return Ok(Err(cancelled_error(id, &order))),
            _ => return Ok(Ok(())),
        }
        let (plan, hash): (String, String) = tx
            .prepare_cached("SELECT request, password_hash FROM image_provisionings WHERE order_id = ?1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let plan: Plan = serde_json::from_str(&plan)
            .map_err(|e| CoreError::Internal(format!("the stored request of order {id} is unreadable: {e}")))?;
        let priced = price(tx, &plan.configuration)?;
        if priced.fees.hourly && order.payment == Payment::Balance {
            // Pay-per-use from a balance that cannot pay even the first hour would be
            // suspended at once: refused instead, with nothing created.
            let first_hour =
                round_to_cent((priced.image_hourly + priced.cloud_hourly) * Decimal::from(priced.quantity));
            let balance = ledger::balance(tx, &ledger::buyer_balance(&order.account_id))?;
            if balance < first_hour {
                let why = CoreError::InsufficientBalance(format!(
                    "the prepaid balance ({}) does not cover the first hour ({})",
                    format_amount(balance),
                    format_amount(first_hour)
                ));
                cancel(tx, id, &why, &at)?;
                return Ok(Err(cancelled_error(id, &due(tx, id)?)));
            }
        }
        let recipients = [
            (ledger::seller_sales(&order.seller_id), if priced.fees.hourly { Decimal::ZERO } else { priced.image }),
            (ledger::CLOUD_RESOURCES.to_string(), if priced.fees.hourly { Decimal::ZERO } else { priced.cloud }),
        ];
        if let Err(declined) = charge_to(tx, services, id, &order, &at, &recipients)? {
            cancel(tx, id, &declined, &at)?;
            return Ok(Err(cancelled_error(id, &due(tx, id)?)));
        }
        transition(tx, id, OrderStatus::PendingPayment, OrderStatus::Paid, Some(&paid_note(&order)), &at)?;
        crate::catalog::product::count_purchase(tx, &order.product_id)?;
        create(tx, id, &order.account_id, &order.seller_id, &plan, &priced, &hash, now)?;
        let next = apps::deliver(tx, &key, services.entropy, id, &at)?;
        transition(tx, id, OrderStatus::Paid, next, Some("Resources created"), &at)?;
        Ok(Ok(()))
    });
    match settled {
        Ok(result) => result,
        Err(err) => {
            // Payment and creation rolled back together; the order is cancelled (R-BUY-6).
            store.write(|tx| match due(tx, id)?.status {
                OrderStatus::PendingPayment => cancel(tx, id, &err, &at),
                _ => Ok(()),
            })?;
            Err(err)
        }
    }
}

/// Creates every resource of a paid order, inside its payment's transaction.
#[allow(clippy::too_many_arguments)]
fn create(
    tx: &Connection,
    order_id: u32,
    account: &str,
    seller: &str,
    plan: &Plan,
    priced: &Priced,
    hash: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let at = now.to_rfc3339_opts(SecondsFormat::Secs, true);
    let c = &plan.configuration;
    let (vpc_id, subnet_id) = match &plan.network {
        NetworkChoice::Existing { vpc_id, subnet_id } => (*vpc_id, *subnet_id),
        NetworkChoice::New { vpc_name, vpc_cidr, subnet_cidr } => {
            let cidr = network::check_vpc_cidr(vpc_cidr)?;
            let subnet: Cidr = match subnet_cidr {
                Some(text) => network::check_subnet_cidr(cidr, text)?,
                None => cidr.first(24),
            };
            let vpc = network::create_vpc(tx, account, vpc_name, cidr, &at)?;
            (vpc, network::create_subnet(tx, vpc, &format!("{vpc_name}-subnet"), subnet)?)
        }
    };
    let security_group = match &plan.security_group {
        SecurityGroupChoice::Existing { security_group_id } => *security_group_id,
        SecurityGroupChoice::Recommended => {
            let recommended = cloud::recommended_security_group(tx, &c.product_id)?
                .ok_or_else(|| CoreError::invalid("security group: the seller no longer recommends one"))?;
            network::ensure_security_group(tx, account, &recommended.name, &recommended.ports, &at)?
        }
        SecurityGroupChoice::New { name, ports } => {
            tx.prepare_cached(
                "INSERT INTO security_groups (account_id, name, ports, created_at) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![account, name, cloud::write_ports(&network::check_ports(ports)?), at])?;
            u32::try_from(tx.last_insert_rowid()).map_err(|_| CoreError::Internal("too many security groups".into()))?
        }
    };
    let detail = product::show(tx, &c.product_id)?;
    let user = login_user(detail.operating_system.as_deref());
    let (billing_since, expires_at) = match c.billing {
        BillingMode::PayPerUse => (Some(at.clone()), None),
        BillingMode::YearlyMonthly => {
            let zone: String = tx
                .prepare_cached("SELECT time_zone FROM accounts WHERE id = ?1")?
                .query_row([account], |r| r.get(0))?;
            let months = if priced.period == BillingPeriod::Year { priced.duration * 12 } else { priced.duration };
            (None, Some(term_end(now, &zone, months).to_rfc3339_opts(SecondsFormat::Secs, true)))
        }
    };
    let (payment_method, card_id): (String, Option<u32>) = tx
        .prepare_cached("SELECT payment_method, card_id FROM orders WHERE id = ?1")?
        .query_row([order_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    for n in 1..=priced.quantity {
        let name = if priced.quantity > 1 { format!("{}-{n}", plan.name) } else { plan.name.clone() };
        let eip = c.eip_bandwidth_mbps.map(|mbps| network::create_eip(tx, account, mbps, &at)).transpose()?;
        tx.prepare_cached(
            "INSERT INTO ecs_instances (account_id, order_id, name, flavour_id, product_id, product_name, edition,
                                        prepaid_product_id, login_user, password_hash, vpc_id, subnet_id,
                                        security_group_id, eip_id, billing, payment_method, card_id, state, expires_at,
                                        created_at, billing_since, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, 'running', ?18, ?19, ?20, ?19)",
        )?
        .execute(params![
            account,
            order_id,
            name,
            c.flavour,
            c.product_id,
            detail.summary.name,
            c.edition,
            (c.billing == BillingMode::YearlyMonthly).then_some(&c.product_id),
            user,
            hash,
            vpc_id,
            subnet_id,
            security_group,
            eip,
            c.billing,
            payment_method,
            card_id,
            expires_at,
            at,
            billing_since,
        ])?;
        let instance =
            u32::try_from(tx.last_insert_rowid()).map_err(|_| CoreError::Internal("too many instances".into()))?;
        if c.billing == BillingMode::PayPerUse {
            let ecs_label = match c.eip_bandwidth_mbps {
                Some(mbps) => format!("ECS {} with EIP {mbps} Mbit/s", c.flavour),
                None => format!("ECS {}", c.flavour),
            };
            open_run(tx, instance, ECS_ITEM, &ecs_label, None, priced.cloud_hourly, &at)?;
            open_run(
                tx,
                instance,
                &image_item(&c.product_id, &c.edition),
                &format!("Image {} ({})", detail.summary.name, c.edition),
                Some(seller),
                priced.image_hourly,
                &at,
            )?;
        }
    }
    Ok(())
}
