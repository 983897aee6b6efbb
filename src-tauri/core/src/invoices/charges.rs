//! What an invoice covers: charges. An order's payment is one; so is each paid renewal and each
//! paid upgrade of its subscription, which charge the buyer again long after the order. Each is
//! invoiced at most once (R-AFT-1), whichever invoice of the order takes it.
//!
//! A charge is money the ledger took from the buyer: a reseller customer's order and its
//! reference-only renewals, and anything of zero, are never charges. Amounts are the ones stored
//! when the charge was made; nothing here computes a price.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::{describe, InvoiceLine, InvoiceRef};
use crate::money::{format_amount, from_cents};
use crate::subscriptions::instant;
use crate::{clock, CoreError, Result};

/// What an invoice line charged for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ChargeKind {
    /// The order's payment at checkout.
    Order,
    /// A paid renewal of the order's subscription.
    Renewal,
    /// A paid upgrade of the order's subscription.
    Upgrade,
}

impl ChargeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChargeKind::Order => "order",
            ChargeKind::Renewal => "renewal",
            ChargeKind::Upgrade => "upgrade",
        }
    }

    pub(crate) fn parse(text: &str) -> rusqlite::Result<ChargeKind> {
        match text {
            "order" => Ok(ChargeKind::Order),
            "renewal" => Ok(ChargeKind::Renewal),
            "upgrade" => Ok(ChargeKind::Upgrade),
            other => {
                Err(rusqlite::Error::InvalidColumnType(0, format!("charge kind {other}"), rusqlite::types::Type::Text))
            }
        }
    }
}

/// One charge of an order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Charge {
    pub kind: ChargeKind,
    /// The order's id for its payment, else the renewal's or the upgrade's.
    pub id: u32,
    pub order_id: u32,
    pub cents: i64,
    /// The live invoice it is on.
    pub invoice: Option<InvoiceRef>,
}

impl Charge {
    /// How a refusal names it: "order 12", "renewal 3 of order 12".
    pub fn name(&self) -> String {
        match self.kind {
            ChargeKind::Order => format!("order {}", self.order_id),
            kind => format!("{} {} of order {}", kind.as_str(), self.id, self.order_id),
        }
    }
}

/// An order's charges, whatever the order's status, in the order they were made: its payment,
/// then its renewals and upgrades by time, and at the same time (a demo clock that stands still)
/// by their ledger transactions. A renewal counts once paid with a ledger transaction; a reseller
/// customer's is `reference_only` and has none.
const OF_ORDER: &str = "SELECT c.kind, c.id, c.amount_cents, i.id, i.number FROM (
        SELECT 'order' AS kind, o.id AS id, o.amount_cents AS amount_cents, o.created_at AS at, 0 AS made
        FROM orders o WHERE o.id = ?1 AND o.payment_method <> 'reseller' AND o.amount_cents > 0
        UNION ALL
        SELECT 'renewal', r.id, r.amount_cents, r.at, r.transaction_id
        FROM renewals r JOIN subscriptions s ON s.id = r.subscription_id
        WHERE s.order_id = ?1 AND r.status = 'paid' AND r.transaction_id IS NOT NULL AND r.amount_cents > 0
        UNION ALL
        SELECT 'upgrade', u.id, u.amount_cents, u.at, u.transaction_id
        FROM upgrades u JOIN subscriptions s ON s.id = u.subscription_id
        WHERE s.order_id = ?1 AND u.transaction_id IS NOT NULL AND u.amount_cents > 0
     ) c
     LEFT JOIN invoice_charges ic ON ic.kind = c.kind AND ic.charge_id = c.id AND ic.live = 1
     LEFT JOIN invoices i ON i.id = ic.invoice_id
     ORDER BY c.at, c.made";

/// Order `order`'s charges, each with the live invoice it is on.
pub(crate) fn of_order(conn: &Connection, order: u32) -> Result<Vec<Charge>> {
    Ok(conn
        .prepare_cached(OF_ORDER)?
        .query_map([order], |r| {
            let invoice: Option<u32> = r.get(3)?;
            let number: Option<String> = r.get(4)?;
            Ok(Charge {
                kind: ChargeKind::parse(&r.get::<_, String>(0)?)?,
                id: r.get(1)?,
                order_id: order,
                cents: r.get(2)?,
                invoice: invoice.map(|id| InvoiceRef { id, number }),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Charge `kind` `id` of order `order`, for `cents`, as an invoice line reads it; dates in the
/// buyer's time zone `zone`.
pub(crate) fn line(
    conn: &Connection,
    kind: ChargeKind,
    id: u32,
    order: u32,
    cents: i64,
    zone: &str,
) -> Result<InvoiceLine> {
    let (product_id, product_name, description, created_at): (String, String, String, String) = conn
        .prepare_cached(
            "SELECT product_id, product_name, edition_name, billing, period, duration, users, quantity, created_at
             FROM orders WHERE id = ?1",
        )?
        .query_row([order], |r| {
            let billing: String = r.get(3)?;
            let period: String = r.get(4)?;
            let description = describe(&r.get::<_, String>(2)?, &billing, &period, r.get(5)?, r.get(6)?, r.get(7)?);
            Ok((r.get(0)?, r.get(1)?, description, r.get(8)?))
        })
        .optional()?
        .ok_or_else(|| CoreError::not_found(format!("order {order}")))?;
    let (description, paid_at) = match kind {
        ChargeKind::Order => (description, created_at),
        ChargeKind::Renewal => {
            let (period, duration, to, at): (String, u32, String, String) = conn
                .prepare_cached("SELECT period, duration, to_expiry, at FROM renewals WHERE id = ?1")?
                .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
                .optional()?
                .ok_or_else(|| CoreError::not_found(format!("renewal {id}")))?;
            // The term ends at 23:59:59 on its last day in the buyer's zone: that day is the date.
            let to = clock::local_date(instant(&to)?, zone).format("%Y-%m-%d");
            let plural = if duration == 1 { "" } else { "s" };
            (format!("Renewal of order {order}: {product_name}, {duration} {period}{plural}, to {to}"), at)
        }
        ChargeKind::Upgrade => {
            type Row = (String, String, Option<u32>, Option<u32>, String);
            let (from, to, users_from, users_to, at): Row = conn
                .prepare_cached(
                    "SELECT coalesce(ef.name, u.edition_from), coalesce(et.name, u.edition_to), u.users_from,
                            u.users_to, u.at
                     FROM upgrades u
                     LEFT JOIN products p ON p.id = ?2
                     LEFT JOIN editions ef ON ef.product_pk = p.pk AND ef.code = u.edition_from
                     LEFT JOIN editions et ON et.product_pk = p.pk AND et.code = u.edition_to
                     WHERE u.id = ?1",
                )?
                .query_row(params![id, product_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
                .optional()?
                .ok_or_else(|| CoreError::not_found(format!("upgrade {id}")))?;
            (format!("Upgrade of order {order}: {}", changed(&from, &to, users_from, users_to)), at)
        }
    };
    Ok(InvoiceLine {
        kind,
        charge_id: id,
        order_id: order,
        product_name,
        description,
        paid_at,
        amount: format_amount(from_cents(cents)),
    })
}

/// What an upgrade changed, in words: "Standard to Professional, 5 to 8 users".
fn changed(from: &str, to: &str, users_from: Option<u32>, users_to: Option<u32>) -> String {
    let users = |n: u32| format!("{n} user{}", if n == 1 { "" } else { "s" });
    let mut parts = Vec::new();
    if from != to {
        parts.push(format!("{from} to {to}"));
    }
    match (users_from, users_to) {
        (Some(old), Some(new)) if old != new => parts.push(format!("{old} to {}", users(new))),
        (None, Some(new)) => parts.push(users(new)),
        _ => {}
    }
    if parts.is_empty() {
        parts.push(to.to_string());
    }
    parts.join(", ")
}

/// Invoices named for a sentence: "invoice 3", "INV-2026-000003 and INV-2026-000007".
pub(crate) fn names(invoices: &[InvoiceRef]) -> String {
    let names: Vec<String> = invoices.iter().map(|i| super::name_of(i.id, i.number.as_deref())).collect();
    match names.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_upgrade_says_what_changed() {
        assert_eq!(changed("Standard", "Professional", None, None), "Standard to Professional");
        assert_eq!(changed("Team", "Team", Some(5), Some(8)), "5 to 8 users");
        assert_eq!(changed("Team", "Business", Some(5), Some(8)), "Team to Business, 5 to 8 users");
        assert_eq!(changed("Basic", "Team", None, Some(1)), "Basic to Team, 1 user");
    }

    #[test]
    fn invoices_are_named_as_a_list() {
        let r = |id, number: Option<&str>| InvoiceRef { id, number: number.map(str::to_string) };
        assert_eq!(names(&[r(3, None)]), "invoice 3");
        assert_eq!(names(&[r(3, Some("INV-2026-000003")), r(7, None)]), "INV-2026-000003 and invoice 7");
        assert_eq!(names(&[r(1, None), r(2, None), r(3, None)]), "invoice 1, invoice 2 and invoice 3");
    }
}
