//! Charging a buyer for what it already agreed to pay, the way its order pays: from the prepaid
//! balance, on credit, by card through the provider, or not at all for a reseller customer
//! (the amount is for reference only). Checkout, hourly metering, arrears and renewals all
//! charge through here, so a means of payment is read and debited one way.
//!
//! Nothing here decides whether something is due; callers do, then charge.

use rusqlite::Connection;
use rust_decimal::Decimal;

use crate::ledger::{self, Kind, NewTransaction};
use crate::payments::{Charge, DeclineReason, FundingSource, Outcome, PaymentProvider};
use crate::{accounts, CoreError, Result};

/// The longest idempotency key.
pub const MAX_KEY_LEN: usize = 128;

/// An idempotency key: one per checkout or renewal, so that submitting it again pays once.
pub(crate) fn check_key(key: &str) -> Result<()> {
    let fine = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':');
    if key.is_empty() || key.len() > MAX_KEY_LEN || !key.chars().all(fine) {
        return Err(CoreError::invalid(format!(
            "idempotency key: must be 1 to {MAX_KEY_LEN} letters, digits, '-', '_', '.' or ':' (one per checkout)"
        )));
    }
    Ok(())
}

/// How the order will be paid, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Payment {
    Balance,
    Card(u32),
    Credit,
    Reseller,
}

impl Payment {
    pub(crate) fn method(&self) -> &'static str {
        match self {
            Payment::Balance => "balance",
            Payment::Card(_) => "card",
            Payment::Credit => "credit",
            Payment::Reseller => "reseller",
        }
    }

    pub(crate) fn card_id(&self) -> Option<u32> {
        match self {
            Payment::Card(id) => Some(*id),
            _ => None,
        }
    }

    /// The payment as stored: its method and, for a card, the card.
    pub(crate) fn read(method: &str, card_id: Option<u32>) -> rusqlite::Result<Payment> {
        match (method, card_id) {
            ("balance", _) => Ok(Payment::Balance),
            ("credit", _) => Ok(Payment::Credit),
            ("reseller", _) => Ok(Payment::Reseller),
            ("card", Some(id)) => Ok(Payment::Card(id)),
            _ => Err(rusqlite::Error::InvalidColumnType(5, format!("payment {method}"), rusqlite::types::Type::Text)),
        }
    }
}

/// Where a charge of `account` is paid from, as the provider and the ledger see it; none for a
/// reseller customer.
pub(crate) fn funding<'a>(
    tx: &Connection,
    account: &str,
    payment: Payment,
    token: &'a mut String,
) -> Result<Option<(FundingSource<'a>, String, Kind)>> {
    Ok(Some(match payment {
        Payment::Reseller => return Ok(None),
        Payment::Balance => (
            FundingSource::PrepaidBalance { available: ledger::balance(tx, &ledger::buyer_balance(account))? },
            ledger::buyer_balance(account),
            Kind::Payment,
        ),
        Payment::Credit => (
            FundingSource::Credit { available: accounts::credit_available(tx, account)? },
            ledger::buyer_credit(account),
            Kind::CreditUse,
        ),
        Payment::Card(card_id) => {
            *token = accounts::card(tx, account, card_id)?.1;
            (FundingSource::Card { token: token.as_str() }, ledger::PROVIDER_CARDS.to_string(), Kind::Payment)
        }
    }))
}

/// One charge: whose, how, how much, and who is paid.
pub(crate) struct Due<'a> {
    pub account: &'a str,
    pub payment: Payment,
    pub amount: Decimal,
    /// The reference the provider charges by: the same reference never charges twice.
    pub reference: &'a str,
    pub memo: String,
    pub order_id: Option<i64>,
    pub at: &'a str,
    /// (ledger account, amount), summing to `amount`.
    pub recipients: &'a [(String, Decimal)],
}

/// How a charge went when it was not declined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Charged {
    /// Posted as this ledger transaction.
    Posted(i64),
    /// Nothing to post: a reseller customer's, or an amount of zero.
    Nothing,
}

/// Charges `due`. The outer error is a failure to write; the inner one the decline, as
/// `insufficient_balance` for a prepaid balance too low and `payment_declined` otherwise.
pub(crate) fn charge(
    tx: &Connection,
    payments: &dyn PaymentProvider,
    due: &Due<'_>,
) -> Result<std::result::Result<Charged, CoreError>> {
    let mut token = String::new();
    let Some((source, from, kind)) = funding(tx, due.account, due.payment, &mut token)? else {
        return Ok(Ok(Charged::Nothing));
    };
    let outcome = payments.charge(&Charge { reference: due.reference, amount: due.amount, source });
    let provider_reference = match outcome {
        Outcome::Approved { reference } => reference,
        Outcome::Declined { reason, message } => {
            return Ok(Err(match (reason, &source) {
                (DeclineReason::InsufficientFunds, FundingSource::PrepaidBalance { .. }) => {
                    CoreError::InsufficientBalance(message)
                }
                _ => CoreError::PaymentDeclined(message),
            }))
        }
    };
    if due.amount.is_zero() {
        return Ok(Ok(Charged::Nothing));
    }
    let mut entries = vec![(from, -due.amount)];
    entries.extend(due.recipients.iter().filter(|(_, amount)| !amount.is_zero()).cloned());
    let posting = NewTransaction {
        kind,
        account_id: due.account,
        order_id: due.order_id,
        reference: Some(&provider_reference),
        memo: due.memo.clone(),
        at: due.at,
        entries,
    };
    Ok(Ok(Charged::Posted(ledger::post(tx, &posting)?)))
}
