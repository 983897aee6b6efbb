//! Buyer accounts, which one the app acts for, and how it pays (R-BUY-1).
//!
//! Until there is signing in, the store holds the account the app acts for in the
//! `current_account` setting, defaulting to the first demo account. Everything a buyer owns
//! (favourites, requirements, orders) is keyed by it.
//!
//! An account is direct prepaid (a balance it tops up), direct postpaid (cards on file and
//! credit, when enabled) or a reseller customer (pays nothing here). Balances and credit used
//! are sums of ledger entries ([`crate::ledger`]); cards are kept masked.

use chrono::SecondsFormat;
use rusqlite::{params, Connection, OptionalExtension};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::clock::Clock;
use crate::ledger::{self, Kind, NewTransaction};
use crate::money::{format_amount, from_cents, parse_amount, to_cents};
use crate::payments::PaymentProvider;
use crate::roles::{self, RoleChoice};
use crate::{CoreError, Result, Store};

/// The setting that names the account the app acts for.
pub const CURRENT_ACCOUNT_KEY: &str = "current_account";

/// The account used when the setting is absent: the first demo account.
pub const DEFAULT_ACCOUNT: &str = "acme-prepaid";

/// The id of the buyer account the app acts for; it must exist.
pub fn current(conn: &Connection) -> Result<String> {
    let id: String = conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([CURRENT_ACCOUNT_KEY], |row| row.get(0))
        .optional()?
        .unwrap_or_else(|| DEFAULT_ACCOUNT.to_string());
    let exists = conn.prepare_cached("SELECT 1 FROM accounts WHERE id = ?1")?.exists([&id])?;
    if !exists {
        return Err(CoreError::not_found(format!(
            "the buyer account {id:?} (kg demo reset restores the demo accounts)"
        )));
    }
    Ok(id)
}

/// The three kinds of buyer account (R-BUY-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum AccountKind {
    DirectPrepaid,
    DirectPostpaid,
    ResellerCustomer,
}

impl rusqlite::types::FromSql for AccountKind {
    fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        match value.as_str()? {
            "direct_prepaid" => Ok(AccountKind::DirectPrepaid),
            "direct_postpaid" => Ok(AccountKind::DirectPostpaid),
            "reseller_customer" => Ok(AccountKind::ResellerCustomer),
            other => Err(rusqlite::types::FromSqlError::Other(format!("unknown account kind {other:?}").into())),
        }
    }
}

/// A card on file, masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Card {
    pub id: u32,
    pub brand: String,
    pub last4: String,
    /// "Visa •••• 4242".
    pub masked: String,
}

/// A postpaid account's credit: used and available are derived from the ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Credit {
    pub enabled: bool,
    pub limit: String,
    pub used: String,
    pub available: String,
}

/// The account the app acts for, as Billing Center shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Account {
    pub id: String,
    pub name: String,
    pub kind: AccountKind,
    /// The contact details a seller may use with the buyer's authorization (R-BUY-4).
    pub email: String,
    pub mobile: String,
    pub iam_user: String,
    /// The buyer's time zone (IANA name): days and terms are counted in it (R-MT-3, R-MT-4).
    pub time_zone: String,
    /// Prepaid accounts only: the sum of the balance's ledger entries.
    pub balance: Option<String>,
    /// Postpaid accounts only.
    pub cards: Vec<Card>,
    /// Postpaid accounts only.
    pub credit: Option<Credit>,
}

/// Makes `id` the account the app acts for, as a buyer: the demo's switch between a prepaid, a
/// postpaid and a reseller customer's account. An unknown account is not found and changes nothing.
pub fn switch(store: &mut Store, id: &str) -> Result<Account> {
    store.write(|tx| {
        let account = load(tx, id)?;
        roles::switch_in(tx, &RoleChoice::Buyer { account_id: id.to_string() })?;
        Ok(account)
    })
}

/// The account with `id`, or not found.
pub(crate) fn load(conn: &Connection, id: &str) -> Result<Account> {
    let mut account = conn
        .prepare_cached("SELECT id, name, kind, email, mobile, iam_user, time_zone FROM accounts WHERE id = ?1")?
        .query_row([id], |r| {
            Ok(Account {
                id: r.get(0)?,
                name: r.get(1)?,
                kind: r.get(2)?,
                email: r.get(3)?,
                mobile: r.get(4)?,
                iam_user: r.get(5)?,
                time_zone: r.get(6)?,
                balance: None,
                cards: Vec::new(),
                credit: None,
            })
        })
        .optional()?
        .ok_or_else(|| CoreError::not_found(format!("the buyer account {id:?}")))?;
    match account.kind {
        AccountKind::DirectPrepaid => {
            account.balance = Some(format_amount(ledger::balance(conn, &ledger::buyer_balance(id))?));
        }
        AccountKind::DirectPostpaid => {
            account.cards = cards(conn, id)?;
            let (enabled, limit) = credit_terms(conn, id)?;
            let used = -ledger::balance(conn, &ledger::buyer_credit(id))?;
            account.credit = Some(Credit {
                enabled,
                limit: format_amount(limit),
                used: format_amount(used),
                available: format_amount(credit_available(conn, id)?),
            });
        }
        AccountKind::ResellerCustomer => {}
    }
    Ok(account)
}

/// The account the app acts for, with its balance, cards and credit.
pub fn show(conn: &Connection) -> Result<Account> {
    load(conn, &current(conn)?)
}

fn cards(conn: &Connection, account: &str) -> Result<Vec<Card>> {
    Ok(conn
        .prepare_cached("SELECT id, brand, last4 FROM account_cards WHERE account_id = ?1 ORDER BY id")?
        .query_map([account], |r| {
            let (id, brand, last4): (u32, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
            Ok(Card { id, masked: format!("{brand} •••• {last4}"), brand, last4 })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

/// A card of `account`, with the provider's token for it; another account's card is not found.
pub(crate) fn card(conn: &Connection, account: &str, card_id: u32) -> Result<(Card, String)> {
    conn.prepare_cached("SELECT id, brand, last4, token FROM account_cards WHERE account_id = ?1 AND id = ?2")?
        .query_row(params![account, card_id], |r| {
            let (id, brand, last4): (u32, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
            Ok((Card { id, masked: format!("{brand} •••• {last4}"), brand, last4 }, r.get(3)?))
        })
        .optional()?
        .ok_or_else(|| CoreError::not_found(format!("the card {card_id} on this account")))
}

fn credit_terms(conn: &Connection, account: &str) -> Result<(bool, Decimal)> {
    let (enabled, limit): (bool, i64) = conn
        .prepare_cached("SELECT credit_enabled, credit_limit_cents FROM accounts WHERE id = ?1")?
        .query_row([account], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok((enabled, from_cents(limit)))
}

/// The credit `account` can still use: its limit less what the ledger says it has used;
/// nothing when credit is not enabled.
pub(crate) fn credit_available(conn: &Connection, account: &str) -> Result<Decimal> {
    let (enabled, limit) = credit_terms(conn, account)?;
    if !enabled {
        return Ok(Decimal::ZERO);
    }
    Ok(limit + ledger::balance(conn, &ledger::buyer_credit(account))?)
}

/// The most cards one account keeps on file.
pub const MAX_CARDS: usize = 5;

/// The credit line a postpaid account gets when it asks for credit. The simulated marketplace
/// approves every request at once; a real one would review it first.
pub const STANDARD_CREDIT_LIMIT: Decimal = Decimal::from_parts(500_000, 0, 0, false, 2);

/// An account the demo can act for, as the account switcher lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AccountChoice {
    pub id: String,
    pub name: String,
    pub kind: AccountKind,
}

/// Every buyer account in the store, by name.
pub fn list(conn: &Connection) -> Result<Vec<AccountChoice>> {
    Ok(conn
        .prepare_cached("SELECT id, name, kind FROM accounts ORDER BY name, id")?
        .query_map([], |r| Ok(AccountChoice { id: r.get(0)?, name: r.get(1)?, kind: r.get(2)? }))?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Puts the card `number` on file for the postpaid account the app acts for (R-BUY-1). The
/// number must look like a card number (12 to 19 digits passing the Luhn check); only its
/// brand, last four digits and the provider's token are kept. A card already on file, a sixth
/// card, or an account that does not pay by card is refused and nothing is written.
pub fn add_card_to_current(
    store: &mut Store,
    provider: &dyn PaymentProvider,
    clock: &dyn Clock,
    number: &str,
) -> Result<Account> {
    let at = store.clock(clock)?.now.to_rfc3339_opts(SecondsFormat::Secs, true);
    store.write(|tx| {
        roles::require_buyer(tx, "add a card")?;
        let account = load(tx, &current(tx)?)?;
        if account.kind != AccountKind::DirectPostpaid {
            return Err(CoreError::invalid(format!(
                "card number: {} does not pay by card; only direct postpaid accounts keep cards on file",
                account.name
            )));
        }
        if account.cards.len() >= MAX_CARDS {
            return Err(CoreError::invalid(format!("card number: an account keeps at most {MAX_CARDS} cards on file")));
        }
        add_card(tx, provider, &account.id, number, &at)?;
        load(tx, &account.id)
    })
}

/// Asks for credit on the postpaid account the app acts for (R-BUY-1: credit is enabled on
/// request). It is granted at once with [`STANDARD_CREDIT_LIMIT`]; asking again when credit is
/// already enabled changes nothing. Other accounts cannot have credit and are refused.
pub fn request_credit(store: &mut Store) -> Result<Account> {
    store.write(|tx| {
        roles::require_buyer(tx, "ask for credit")?;
        let account = load(tx, &current(tx)?)?;
        if account.kind != AccountKind::DirectPostpaid {
            return Err(CoreError::invalid(format!(
                "{} is not a direct postpaid account; only those can pay on credit",
                account.name
            )));
        }
        tx.prepare_cached(
            "UPDATE accounts SET credit_enabled = 1, credit_limit_cents = ?2 WHERE id = ?1 AND credit_enabled = 0",
        )?
        .execute(params![account.id, to_cents(STANDARD_CREDIT_LIMIT)?])?;
        load(tx, &account.id)
    })
}

/// `zone` as an IANA name ("Europe/Berlin"), spelt as the zone database spells it; an unknown
/// one is refused, naming the field.
pub(crate) fn parse_time_zone(zone: &str) -> Result<chrono_tz::Tz> {
    let asked = zone.trim();
    asked.parse().map_err(|_| {
        CoreError::invalid(format!(
            "time zone: {asked:?} is not a known time zone; choose an IANA name such as Europe/Berlin, \
             America/New_York or UTC"
        ))
    })
}

/// Writes the time zone of the buyer account the app acts for, in `tx`; returns the zone it
/// had and the account as it is now. What follows from the change is `crate::time_zone`'s.
pub(crate) fn write_time_zone(tx: &Connection, tz: chrono_tz::Tz) -> Result<(String, Account)> {
    roles::require_buyer(tx, "change the account's time zone")?;
    let id = current(tx)?;
    let before = load(tx, &id)?.time_zone;
    tx.prepare_cached("UPDATE accounts SET time_zone = ?2 WHERE id = ?1")?.execute(params![id, tz.name()])?;
    Ok((before, load(tx, &id)?))
}

/// True when `digits` passes the Luhn check every card number carries.
fn luhn(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            match (i % 2 == 1, d * 2) {
                (false, _) => d,
                (true, doubled) if doubled > 9 => doubled - 9,
                (true, doubled) => doubled,
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// Puts a card on file for `account`, keeping only its brand, last four digits and the
/// provider's token.
pub fn add_card(
    conn: &Connection,
    provider: &dyn PaymentProvider,
    account: &str,
    number: &str,
    at: &str,
) -> Result<u32> {
    let digits: String = number.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    if !(12..=19).contains(&digits.len()) || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(CoreError::invalid("card number: must be 12 to 19 digits"));
    }
    if !luhn(&digits) {
        return Err(CoreError::invalid("card number: is not a valid card number (check the digits)"));
    }
    let (token, brand) = provider.tokenize(&digits);
    let on_file = conn
        .prepare_cached("SELECT 1 FROM account_cards WHERE account_id = ?1 AND token = ?2")?
        .exists(params![account, token])?;
    if on_file {
        return Err(CoreError::invalid(format!(
            "card number: the {brand} ending {} is already on file",
            &digits[digits.len() - 4..]
        )));
    }
    conn.prepare_cached(
        "INSERT INTO account_cards (account_id, brand, last4, token, added_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![account, brand, &digits[digits.len() - 4..], token, at])?;
    u32::try_from(conn.last_insert_rowid()).map_err(|_| CoreError::Internal("too many cards".into()))
}

/// Adds `amount` (typed by a person: positive, at most two decimals) to the prepaid balance
/// of the account the app acts for, as one balanced ledger transaction. Only prepaid
/// accounts have a balance; anything else is refused and changes nothing.
pub fn top_up(store: &mut Store, clock: &dyn Clock, amount: &str) -> Result<Account> {
    let amount = parse_amount("amount", amount)?;
    let at = store.clock(clock)?.now.to_rfc3339_opts(SecondsFormat::Secs, true);
    store.write(|tx| {
        roles::require_buyer(tx, "top up a balance")?;
        let account = load(tx, &current(tx)?)?;
        if account.kind != AccountKind::DirectPrepaid {
            return Err(CoreError::invalid(format!(
                "amount: {} is not a prepaid account; only prepaid accounts have a balance to top up",
                account.name
            )));
        }
        top_up_account(tx, &account.id, amount, &at)?;
        load(tx, &account.id)
    })
}

/// Posts a top-up of `account`'s balance: money in from the provider to the balance.
pub(crate) fn top_up_account(conn: &Connection, account: &str, amount: Decimal, at: &str) -> Result<i64> {
    let posting = NewTransaction {
        kind: Kind::TopUp,
        account_id: account,
        order_id: None,
        reference: None,
        memo: format!("Top-up of {}", format_amount(amount)),
        at,
        entries: Vec::new(),
    };
    ledger::post(conn, &posting.transfer(ledger::PROVIDER_TOP_UPS.into(), ledger::buyer_balance(account), amount))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ErrorCode, Store};

    fn add_account(store: &Store, id: &str) {
        store
            .conn()
            .execute(
                "INSERT INTO accounts (id, name, kind, email, mobile, iam_user, time_zone)
                 VALUES (?1, ?1, 'direct_prepaid', 'a@b.example', '+1 555 0100', 'iam', 'UTC')",
                [id],
            )
            .unwrap();
    }

    #[test]
    fn the_current_account_is_the_setting_or_the_first_demo_account() {
        let store = Store::open_in_memory().unwrap();
        let err = current(store.conn()).unwrap_err();
        assert_eq!(err.code(), ErrorCode::NotFound, "{err}");
        assert!(err.to_string().contains("acme-prepaid"), "{err}");

        add_account(&store, "acme-prepaid");
        add_account(&store, "other");
        assert_eq!(current(store.conn()).unwrap(), "acme-prepaid");

        store.conn().execute("INSERT INTO settings (key, value) VALUES ('current_account', 'other')", []).unwrap();
        assert_eq!(current(store.conn()).unwrap(), "other");

        store.conn().execute("UPDATE settings SET value = 'gone' WHERE key = 'current_account'", []).unwrap();
        assert_eq!(current(store.conn()).unwrap_err().code(), ErrorCode::NotFound);
    }
}
