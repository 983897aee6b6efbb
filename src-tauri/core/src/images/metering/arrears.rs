//! Arrears: the hours an instance could not pay, paid in one charge before it starts again.

use rusqlite::{params, Connection};
use rust_decimal::Decimal;

use super::bill::recipient;
use crate::charging::funding;
use crate::ledger::{self, NewTransaction};
use crate::money::{format_amount, from_cents};
use crate::orders::place::Payment;
use crate::payments::{Charge, Outcome, PaymentProvider};
use crate::{CoreError, Result};

/// Pays the arrears of instance `id` in one ledger transaction. The outer error is a failure
/// to write; the inner one a payment refused (nothing is written then).
pub(crate) fn pay_arrears(
    tx: &Connection,
    payments: &dyn PaymentProvider,
    id: u32,
    account: &str,
    payment: Payment,
    at: &str,
) -> Result<std::result::Result<(), CoreError>> {
    let unpaid = tx
        .prepare_cached(
            "SELECT id, seller_id, amount_cents FROM hourly_charges WHERE instance_id = ?1 AND status = 'unpaid' ORDER BY id",
        )?
        .query_map([id], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Option<String>>(1)?, r.get::<_, i64>(2)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let total = from_cents(unpaid.iter().map(|(_, _, cents)| cents).sum());
    if unpaid.is_empty() || total.is_zero() {
        return Ok(Ok(()));
    }
    let mut token = String::new();
    let Some((source, from, kind)) = funding(tx, account, payment, &mut token)? else { return Ok(Ok(())) };
    let reference = format!("arrears-{id}-{}", unpaid[0].0);
    let provider_reference = match payments.charge(&Charge { reference: &reference, amount: total, source }) {
        Outcome::Approved { reference } => reference,
        Outcome::Declined { message, .. } => {
            let advice = if payment == Payment::Balance { "top up the balance" } else { "check the card or credit" };
            let message = format!(
                "ECS {id} owes {} in hourly charges and {message}; {advice}, then start it again",
                format_amount(total)
            );
            return Ok(Err(if payment == Payment::Balance {
                CoreError::InsufficientBalance(message)
            } else {
                CoreError::PaymentDeclined(message)
            }));
        }
    };
    let mut by_recipient: Vec<(String, Decimal)> = Vec::new();
    for (_, seller, cents) in &unpaid {
        let to = recipient(seller.as_deref());
        match by_recipient.iter_mut().find(|(account, _)| *account == to) {
            Some((_, amount)) => *amount += from_cents(*cents),
            None => by_recipient.push((to, from_cents(*cents))),
        }
    }
    let mut entries = vec![(from, -total)];
    entries.extend(by_recipient.into_iter().filter(|(_, amount)| !amount.is_zero()));
    let transaction = ledger::post(
        tx,
        &NewTransaction {
            kind,
            account_id: account,
            order_id: None,
            reference: Some(&provider_reference),
            memo: format!("ECS {id}: hourly charges in arrears"),
            at,
            entries,
        },
    )?;
    tx.prepare_cached(
        "UPDATE hourly_charges SET status = 'paid', transaction_id = ?2 WHERE instance_id = ?1 AND status = 'unpaid'",
    )?
    .execute(params![id, transaction])?;
    Ok(Ok(()))
}
