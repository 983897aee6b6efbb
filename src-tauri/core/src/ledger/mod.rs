//! The double-entry ledger (R-MT-5): every movement of money (top-up, payment, refund, credit
//! use) is one transaction whose entries sum to zero, written in the same database
//! transaction as the change it belongs to.
//!
//! A balance is the sum of the entries of its ledger account. Each account's sum is also kept
//! in `ledger_balances`, moved by `post` in the same statement batch as the entries, so that
//! reading a balance does not read the account's whole history; `unbalanced_accounts` is the
//! check that the two agree. The ledger accounts are named `<book>:<owner>`: a buyer's prepaid balance
//! (`buyer_balance:<account>`), the credit a postpaid buyer has used (`buyer_credit:<account>`,
//! negative when used), what a seller has sold (`seller_sales:<seller>`), and money that
//! entered or left through a payment provider (`provider:top_ups`, `provider:cards`).
//!
//! Nothing here decides whether money may move; callers check, then post.

use rusqlite::{params, Connection, OptionalExtension};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::money::{format_amount, from_cents, to_cents};
use crate::{CoreError, Result};

/// What moved money.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    TopUp,
    Payment,
    Refund,
    CreditUse,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::TopUp => "top_up",
            Kind::Payment => "payment",
            Kind::Refund => "refund",
            Kind::CreditUse => "credit_use",
        }
    }
}

/// A buyer's prepaid balance.
pub fn buyer_balance(account: &str) -> String {
    format!("buyer_balance:{account}")
}

/// The credit a postpaid buyer has used: negative by the amount owed.
pub fn buyer_credit(account: &str) -> String {
    format!("buyer_credit:{account}")
}

/// What a seller has sold through the marketplace.
pub fn seller_sales(seller: &str) -> String {
    format!("seller_sales:{seller}")
}

/// Money that came in from outside to top up balances.
pub const PROVIDER_TOP_UPS: &str = "provider:top_ups";
/// Money paid by card, through the payment provider.
pub const PROVIDER_CARDS: &str = "provider:cards";
/// What the cloud's own resources (ECS flavours, elastic IPs) earned: the platform, not a
/// seller, is paid for them.
pub const CLOUD_RESOURCES: &str = "cloud:resources";

/// A transaction to post: what it is, whose, and its entries.
pub struct NewTransaction<'a> {
    pub kind: Kind,
    pub account_id: &'a str,
    pub order_id: Option<i64>,
    pub reference: Option<&'a str>,
    pub memo: String,
    pub at: &'a str,
    /// (ledger account, amount); the amounts must sum to zero, none be zero.
    pub entries: Vec<(String, Decimal)>,
}

impl NewTransaction<'_> {
    /// The usual two-legged movement: `amount` from `from` to `to`.
    pub fn transfer(mut self, from: String, to: String, amount: Decimal) -> Self {
        self.entries = vec![(from, -amount), (to, amount)];
        self
    }
}

/// Writes a balanced transaction and returns its id. An unbalanced one, or one with an entry
/// of zero or of fractions of a cent, is refused and nothing is written: the ledger never
/// holds a transaction that does not add up.
pub fn post(conn: &Connection, tx: &NewTransaction<'_>) -> Result<i64> {
    if tx.entries.len() < 2 {
        return Err(CoreError::Internal("a ledger transaction needs at least two entries".into()));
    }
    let mut cents = Vec::with_capacity(tx.entries.len());
    for (account, amount) in &tx.entries {
        if amount.is_zero() || amount.normalize().scale() > 2 {
            return Err(CoreError::Internal(format!(
                "the ledger entry {amount} on {account} is not a whole non-zero cent"
            )));
        }
        cents.push(to_cents(*amount)?);
    }
    if cents.iter().sum::<i64>() != 0 {
        return Err(CoreError::Internal(format!("the ledger transaction {:?} does not balance", tx.memo)));
    }
    conn.prepare_cached(
        "INSERT INTO ledger_transactions (kind, account_id, order_id, reference, memo, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![tx.kind.as_str(), tx.account_id, tx.order_id, tx.reference, tx.memo, tx.at])?;
    let id = conn.last_insert_rowid();
    let mut insert = conn.prepare_cached(
        "INSERT INTO ledger_entries (transaction_id, ledger_account, amount_cents) VALUES (?1, ?2, ?3)",
    )?;
    let mut moved = conn.prepare_cached(
        "INSERT INTO ledger_balances (ledger_account, amount_cents) VALUES (?1, ?2)
         ON CONFLICT (ledger_account) DO UPDATE SET amount_cents = amount_cents + excluded.amount_cents",
    )?;
    for ((account, _), amount) in tx.entries.iter().zip(cents) {
        insert.execute(params![id, account, amount])?;
        moved.execute(params![account, amount])?;
    }
    Ok(id)
}

/// The balance of a ledger account: the sum of its entries, as kept beside them.
pub fn balance(conn: &Connection, ledger_account: &str) -> Result<Decimal> {
    let cents: Option<i64> = conn
        .prepare_cached("SELECT amount_cents FROM ledger_balances WHERE ledger_account = ?1")?
        .query_row([ledger_account], |r| r.get(0))
        .optional()?;
    Ok(from_cents(cents.unwrap_or(0)))
}

/// The ledger accounts whose kept balance differs from the sum of their entries, with both
/// figures in cents: empty when the ledger is sound.
pub fn unbalanced_accounts(conn: &Connection) -> Result<Vec<(String, i64, i64)>> {
    let rows = conn
        .prepare(
            "SELECT coalesce(e.ledger_account, b.ledger_account), coalesce(b.amount_cents, 0), coalesce(e.total, 0)
             FROM (SELECT ledger_account, sum(amount_cents) AS total FROM ledger_entries GROUP BY ledger_account) e
             FULL OUTER JOIN ledger_balances b ON b.ledger_account = e.ledger_account
             WHERE coalesce(b.amount_cents, 0) <> coalesce(e.total, 0)",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// One entry as an order's page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LedgerLine {
    pub transaction_id: u32,
    /// top_up, payment, refund or credit_use.
    pub kind: String,
    pub memo: String,
    pub ledger_account: String,
    /// Signed, two decimals: money into the ledger account is positive.
    pub amount: String,
    pub at: String,
}

/// The entries of the transactions that belong to an order, in the order they were posted.
pub fn lines_of_order(conn: &Connection, order_id: i64) -> Result<Vec<LedgerLine>> {
    let rows = conn
        .prepare_cached(
            "SELECT t.id, t.kind, t.memo, e.ledger_account, e.amount_cents, t.at
             FROM ledger_transactions t JOIN ledger_entries e ON e.transaction_id = t.id
             WHERE t.order_id = ?1 ORDER BY t.id, e.id",
        )?
        .query_map([order_id], |r| {
            Ok(LedgerLine {
                transaction_id: r.get(0)?,
                kind: r.get(1)?,
                memo: r.get(2)?,
                ledger_account: r.get(3)?,
                amount: format_amount(from_cents(r.get(4)?)),
                at: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The transactions whose entries do not sum to zero; empty in a sound ledger. For checks
/// after a crash and in tests.
pub fn unbalanced(conn: &Connection) -> Result<Vec<i64>> {
    Ok(conn
        .prepare(
            "SELECT t.id FROM ledger_transactions t LEFT JOIN ledger_entries e ON e.transaction_id = t.id
             GROUP BY t.id HAVING coalesce(sum(e.amount_cents), 0) <> 0 OR count(e.id) < 2",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;

    fn d(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    fn store() -> Store {
        let store = Store::open_in_memory().unwrap();
        store
            .conn()
            .execute(
                "INSERT INTO accounts (id, name, kind, email, mobile, iam_user, time_zone)
                 VALUES ('a', 'A', 'direct_prepaid', 'a@b.example', '+1 555 0100', 'a', 'UTC')",
                [],
            )
            .unwrap();
        store
    }

    fn new(entries: Vec<(String, Decimal)>) -> NewTransaction<'static> {
        NewTransaction {
            kind: Kind::TopUp,
            account_id: "a",
            order_id: None,
            reference: None,
            memo: "test".into(),
            at: "2026-03-01T09:00:00Z",
            entries,
        }
    }

    #[test]
    fn r_mt_5_a_balanced_transaction_is_posted_and_balances_are_sums_of_entries() {
        let store = store();
        let top_up = new(vec![]).transfer(PROVIDER_TOP_UPS.into(), buyer_balance("a"), d("100.00"));
        post(store.conn(), &top_up).unwrap();
        let pay = new(vec![]).transfer(buyer_balance("a"), seller_sales("s"), d("29.99"));
        post(store.conn(), &pay).unwrap();
        assert_eq!(balance(store.conn(), &buyer_balance("a")).unwrap(), d("70.01"));
        assert_eq!(balance(store.conn(), &seller_sales("s")).unwrap(), d("29.99"));
        assert_eq!(balance(store.conn(), PROVIDER_TOP_UPS).unwrap(), d("-100.00"));
        assert!(unbalanced(store.conn()).unwrap().is_empty());
    }

    #[test]
    fn r_mt_5_an_unbalanced_or_fractional_transaction_is_refused_and_nothing_is_written() {
        let store = store();
        let cases = [
            vec![(buyer_balance("a"), d("10")), (PROVIDER_TOP_UPS.to_string(), d("-9.99"))],
            vec![(buyer_balance("a"), d("10"))],
            vec![(buyer_balance("a"), d("0")), (PROVIDER_TOP_UPS.to_string(), d("0"))],
            vec![(buyer_balance("a"), d("0.005")), (PROVIDER_TOP_UPS.to_string(), d("-0.005"))],
        ];
        for entries in cases {
            let err = post(store.conn(), &new(entries)).unwrap_err();
            assert_eq!(err.code(), crate::ErrorCode::Internal, "{err}");
        }
        let n: i64 = store.conn().query_row("SELECT count(*) FROM ledger_transactions", [], |r| r.get(0)).unwrap();
        assert_eq!(n, 0);
    }
}
