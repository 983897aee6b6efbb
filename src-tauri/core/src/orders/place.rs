//! Checkout: Continue to Submit → order details → Terms and Conditions → Pay Now → payment
//! method → Confirm (R-BUY-3, R-BUY-4), paid exactly once whatever is submitted twice.
//!
//! Two transactions, as with any payment provider that lives outside the database:
//!
//! 1. the order is recorded as pending payment, under the checkout's idempotency key;
//! 2. the provider is asked to charge it (by the order's reference, so that asking again never
//!    charges twice) and, in one transaction, the order is paid, its ledger transaction
//!    posted and what it buys delivered; or, if the charge is declined or anything fails, the
//!    order is cancelled and nothing else is left behind (R-BUY-6).
//!
//! A process stopped between the two leaves an order pending payment; submitting the same
//! checkout again (same key, same contents) pays it. An order still pending after
//! [`PAYMENT_WINDOW_MINUTES`] is taken as abandoned and cancelled at the account's next
//! checkout. The same key with different contents is refused: it is a different checkout.

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use rust_decimal::Decimal;
use serde::Serialize;

use super::status::{self, transition, OrderStatus};
use super::{show, CheckoutRequest, OrderDetail, PaymentChoice, Services};
use crate::accounts::{self, Account, AccountKind};
use crate::catalog::model::DeliveryMethod;
use crate::catalog::pricing::{quote, QuoteRequest};
use crate::catalog::product;
use crate::ledger;
use crate::money::{from_cents, to_cents};
use crate::{apps, charging, roles, CoreError, ErrorCode, Result, Store};

pub(crate) use crate::charging::{check_key, Payment};

/// How long an order may wait for its payment before it is cancelled as abandoned.
pub const PAYMENT_WINDOW_MINUTES: i64 = 15;

/// Places the checkout `request` for the account the app acts for and pays it, or returns
/// the order an earlier submission of the same checkout made. A refused checkout changes
/// nothing; a declined payment leaves the order cancelled and charges nothing.
pub fn place(store: &mut Store, services: &Services<'_>, request: &CheckoutRequest) -> Result<OrderDetail> {
    check_key(&request.idempotency_key)?;
    let now = store.clock(services.clock)?.now;
    let at = now.to_rfc3339_opts(SecondsFormat::Secs, true);
    let id = store.write(|tx| {
        roles::require_buyer(tx, "buy")?;
        cancel_abandoned(tx, now, &at)?;
        record(tx, request, &at)
    })?;
    settle(store, services, id, &at)?;
    show(store.conn(), id)
}

/// Cancels the current account's orders left pending payment for longer than the payment
/// window: a process stopped between recording and paying them (R-BUY-6). Nothing was charged
/// for them, since a charge and its ledger transaction commit with the order's payment.
pub(crate) fn cancel_abandoned(tx: &Connection, now: DateTime<Utc>, at: &str) -> Result<()> {
    let account = accounts::current(tx)?;
    let cutoff = (now - Duration::minutes(PAYMENT_WINDOW_MINUTES)).to_rfc3339_opts(SecondsFormat::Secs, true);
    let abandoned = tx
        .prepare_cached(
            "SELECT id FROM orders WHERE account_id = ?1 AND status = 'pending_payment' AND created_at < ?2",
        )?
        .query_map(params![account, cutoff], |r| r.get::<_, u32>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let why = CoreError::Internal(format!(
        "the payment was interrupted and not completed within {PAYMENT_WINDOW_MINUTES} minutes"
    ));
    for id in abandoned {
        cancel(tx, id, &why, at)?;
    }
    Ok(())
}

/// The means of payment `choice` names for `account`, or the account's default.
pub(crate) fn resolve_payment(conn: &Connection, account: &Account, choice: Option<PaymentChoice>) -> Result<Payment> {
    let refuse = |why: &str| Err(CoreError::invalid(format!("payment: {why}")));
    match (account.kind, choice) {
        (AccountKind::ResellerCustomer, None) => Ok(Payment::Reseller),
        (AccountKind::ResellerCustomer, Some(_)) => {
            refuse("a reseller customer pays through its reseller, not in the app; leave the payment method out")
        }
        (AccountKind::DirectPrepaid, None | Some(PaymentChoice::Balance)) => Ok(Payment::Balance),
        (AccountKind::DirectPrepaid, Some(_)) => refuse("a prepaid account pays from its balance"),
        (AccountKind::DirectPostpaid, Some(PaymentChoice::Balance)) => {
            refuse("a postpaid account has no balance; pay by card or on credit")
        }
        (AccountKind::DirectPostpaid, Some(PaymentChoice::Card { card_id })) => {
            accounts::card(conn, &account.id, card_id)?;
            Ok(Payment::Card(card_id))
        }
        (AccountKind::DirectPostpaid, Some(PaymentChoice::Credit)) => match &account.credit {
            Some(credit) if credit.enabled => Ok(Payment::Credit),
            _ => refuse("credit is not enabled on this account; ask for it to be enabled, or pay by card"),
        },
        (AccountKind::DirectPostpaid, None) => match (account.cards.first(), &account.credit) {
            (Some(card), _) => Ok(Payment::Card(card.id)),
            (None, Some(credit)) if credit.enabled => Ok(Payment::Credit),
            // R-BUY-1: buying needs a payment means on file.
            _ => refuse("this account has no card on file and no credit; add a card before buying"),
        },
    }
}

/// What makes two submissions the same checkout.
#[derive(Serialize)]
struct Fingerprint<'a> {
    configuration: &'a QuoteRequest,
    accept_terms: bool,
    authorize_seller: bool,
    payment: &'static str,
    card_id: Option<u32>,
}

/// Step 1: the order pending payment, or the one this key already made.
fn record(tx: &Connection, request: &CheckoutRequest, at: &str) -> Result<u32> {
    let account = accounts::load(tx, &accounts::current(tx)?)?;
    let payment = resolve_payment(tx, &account, request.payment)?;
    let configuration =
        QuoteRequest { quantity: Some(request.configuration.quantity.unwrap_or(1)), ..request.configuration.clone() };
    let checkout = serde_json::to_string(&Fingerprint {
        configuration: &configuration,
        accept_terms: request.accept_terms,
        authorize_seller: request.authorize_seller,
        payment: payment.method(),
        card_id: payment.card_id(),
    })
    .map_err(|e| CoreError::Internal(format!("a checkout could not be written down: {e}")))?;

    let key = &request.idempotency_key;
    let earlier: Option<(u32, String)> = tx
        .prepare_cached("SELECT id, checkout FROM orders WHERE account_id = ?1 AND idempotency_key = ?2")?
        .query_row(params![account.id, key], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if let Some((id, earlier)) = earlier {
        if earlier != checkout {
            return Err(CoreError::Conflict(format!(
                "idempotency key: {key:?} was already used for a different checkout (order {id}); \
                 a new checkout needs a new key"
            )));
        }
        return Ok(id);
    }

    if !request.accept_terms {
        return Err(CoreError::invalid("terms: tick Terms and Conditions to place the order"));
    }
    let detail = product::show(tx, &configuration.product_id)?;
    let summary = &detail.summary;
    if summary.delivery == DeliveryMethod::Image {
        return Err(CoreError::invalid(format!(
            "product: {} is an image; images are bought together with their ECS in the image wizard, not at checkout",
            summary.name
        )));
    }
    if detail.requires_seller_authorization && !request.authorize_seller {
        return Err(CoreError::invalid(format!(
            "authorize seller: {} creates an application management account from this account's contact \
             information (mobile {}, email {}, IAM user {}); tick the authorization to buy it",
            summary.name, account.mobile, account.email, account.iam_user
        )));
    }
    let priced = quote(tx, &configuration)?;
    let total: Decimal = priced
        .total
        .parse()
        .map_err(|_| CoreError::Internal(format!("a quote total {:?} is unreadable", priced.total)))?;
    let edition_name = detail
        .editions
        .iter()
        .find(|e| e.code == configuration.edition)
        .map_or_else(|| configuration.edition.clone(), |e| e.name.clone());
    let quote_json = serde_json::to_string(&priced)
        .map_err(|e| CoreError::Internal(format!("a quote could not be written down: {e}")))?;

    tx.prepare_cached(
        "INSERT INTO orders (account_id, idempotency_key, checkout, product_id, product_name, seller_id, seller_name,
                             delivery, supervised, edition, edition_name, billing, period, duration, users, quantity,
                             quote, amount_cents, payment_method, card_id, status, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,
                 'pending_payment', ?21, ?21)",
    )?
    .execute(params![
        account.id,
        key,
        checkout,
        summary.id,
        summary.name,
        summary.seller_id,
        summary.seller,
        summary.delivery,
        summary.supervised,
        configuration.edition,
        edition_name,
        configuration.billing,
        configuration.period,
        configuration.duration,
        configuration.users,
        configuration.quantity,
        quote_json,
        to_cents(total)?,
        payment.method(),
        payment.card_id(),
        at,
    ])?;
    let id = u32::try_from(tx.last_insert_rowid()).map_err(|_| CoreError::Internal("too many orders".into()))?;
    status::record(tx, id, OrderStatus::PendingPayment, Some("Order placed"), at)?;
    Ok(id)
}

/// What step 2 needs of an order.
pub(crate) struct Due {
    pub(crate) status: OrderStatus,
    pub(crate) account_id: String,
    pub(crate) seller_id: String,
    pub(crate) product_id: String,
    pub(crate) product_name: String,
    pub(crate) amount: Decimal,
    pub(crate) payment: Payment,
    pub(crate) failure: Option<String>,
    pub(crate) failure_code: Option<String>,
}

pub(crate) fn due(conn: &Connection, id: u32) -> Result<Due> {
    Ok(conn
        .prepare_cached(
            "SELECT status, account_id, seller_id, product_name, amount_cents, payment_method, card_id,
                    failure, failure_code, product_id
             FROM orders WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok(Due {
                status: r.get(0)?,
                account_id: r.get(1)?,
                seller_id: r.get(2)?,
                product_name: r.get(3)?,
                amount: from_cents(r.get(4)?),
                payment: Payment::read(&r.get::<_, String>(5)?, r.get(6)?)?,
                failure: r.get(7)?,
                failure_code: r.get(8)?,
                product_id: r.get(9)?,
            })
        })?)
}

/// Step 2: pays and delivers a pending order, or cancels it. An order already settled is left
/// as it is; a cancelled one answers with the error that cancelled it.
fn settle(store: &mut Store, services: &Services<'_>, id: u32, at: &str) -> Result<()> {
    let key = store.secret_key().clone();
    let settled = store.write(|tx| {
        let order = due(tx, id)?;
        match order.status {
            OrderStatus::PendingPayment => {}
            OrderStatus::Cancelled => return Ok(Err(cancelled_error(id, &order))),
            _ => return Ok(Ok(())),
        }
        if let Err(declined) = charge(tx, services, id, &order, at)? {
            cancel(tx, id, &declined, at)?;
            return Ok(Err(cancelled_error(id, &due(tx, id)?)));
        }
        transition(tx, id, OrderStatus::PendingPayment, OrderStatus::Paid, Some(&paid_note(&order)), at)?;
        crate::catalog::product::count_purchase(tx, &order.product_id)?;
        let next = apps::deliver(tx, &key, services.entropy, id, at)?;
        let note = match next {
            OrderStatus::Processing => "Waiting for service supervision to complete",
            _ => "Delivered",
        };
        transition(tx, id, OrderStatus::Paid, next, Some(note), at)?;
        Ok(Ok(()))
    });
    match settled {
        Ok(result) => result,
        Err(err) => {
            // Payment and delivery rolled back together; the order must not linger as if it
            // might still be paid (R-BUY-6).
            store.write(|tx| match due(tx, id)?.status {
                OrderStatus::PendingPayment => cancel(tx, id, &err, at),
                _ => Ok(()),
            })?;
            Err(err)
        }
    }
}

pub(crate) fn paid_note(order: &Due) -> String {
    match order.payment {
        Payment::Reseller => "For reference only: to be settled with the reseller".to_string(),
        _ => "Paid".to_string(),
    }
}

/// Asks the provider to charge the order and posts the ledger transaction when it approves.
/// The outer error is a failure to write; the inner one a declined payment.
fn charge(
    tx: &Connection,
    services: &Services<'_>,
    id: u32,
    order: &Due,
    at: &str,
) -> Result<std::result::Result<(), CoreError>> {
    charge_to(tx, services, id, order, at, &[(ledger::seller_sales(&order.seller_id), order.amount)])
}

/// Like [`charge`], with the money shared among `recipients` (ledger account, amount), whose
/// amounts sum to the order's: an image's seller and the cloud for its ECS (R-BUY-5).
pub(crate) fn charge_to(
    tx: &Connection,
    services: &Services<'_>,
    id: u32,
    order: &Due,
    at: &str,
    recipients: &[(String, Decimal)],
) -> Result<std::result::Result<(), CoreError>> {
    let reference = format!("order-{id}");
    let due = charging::Due {
        account: &order.account_id,
        payment: order.payment,
        amount: order.amount,
        reference: &reference,
        memo: format!("Order {id}: {}", order.product_name),
        order_id: Some(i64::from(id)),
        at,
        recipients,
    };
    Ok(charging::charge(tx, services.payments, &due)?.map(drop))
}

pub(crate) fn cancel(tx: &Connection, id: u32, why: &CoreError, at: &str) -> Result<()> {
    let failure = why.to_string();
    tx.prepare_cached("UPDATE orders SET failure = ?2, failure_code = ?3 WHERE id = ?1")?.execute(params![
        id,
        failure,
        why.code().as_str()
    ])?;
    transition(tx, id, OrderStatus::PendingPayment, OrderStatus::Cancelled, Some(&failure), at)
}

/// The error a cancelled order answers with, the first time and on every retry of its key.
pub(crate) fn cancelled_error(id: u32, order: &Due) -> CoreError {
    let failure = order.failure.as_deref().unwrap_or("the purchase failed");
    let code = order.failure_code.as_deref().unwrap_or_default();
    let advice = if code == ErrorCode::InsufficientBalance.as_str() {
        "top up the balance and check out again"
    } else if code == ErrorCode::PaymentDeclined.as_str() {
        "choose another payment method and check out again"
    } else {
        "check out again"
    };
    let message = format!("{failure}; order {id} was cancelled and nothing was charged: {advice}");
    match code {
        c if c == ErrorCode::InsufficientBalance.as_str() => CoreError::InsufficientBalance(message),
        c if c == ErrorCode::PaymentDeclined.as_str() => CoreError::PaymentDeclined(message),
        _ => CoreError::Conflict(message),
    }
}
