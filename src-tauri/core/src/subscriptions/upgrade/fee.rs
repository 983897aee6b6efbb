//! The fee itself: checking the change asked for, then one line per figure.
//!
//! Every amount is carried at full precision; each line is shown rounded to the cent, the
//! total is rounded once from the full-precision sum (R-MT-1), and a rounding difference
//! between the two gets its own line, so that the shown lines add up to the total.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{r_up_4_from, Change, EditionPrices, Subscription, UpgradeInput, UpgradeLine, UpgradeQuote};
use crate::catalog::model::{BillingPeriod, PricingModel};
use crate::catalog::pricing::{users_parts, users_price, MAX_USERS};
use crate::money::{format_amount, format_unit_price, round_to_cent};
use crate::{CoreError, Result};

/// Refusals of R-UP-5 end with this: what the buyer can do instead.
const AT_RENEWAL: &str = "only as part of a renewal, from 30 days before expiry (R-UP-5)";

/// Prices an upgrade of a subscription for the rest of its term, or says why it cannot be
/// made: a downgrade, fewer users, no change at all, a term that has ended or not begun.
pub fn upgrade_fee(input: &UpgradeInput) -> Result<UpgradeQuote> {
    let sub = &input.subscription;
    check_plan(sub)?;
    let plan = Plan::of(sub, &input.change)?;
    let days = Days::of(sub, input.today)?;

    let mut lines = Lines::default();
    lines.explain(
        "R-MT-3",
        "Days in the term",
        format!("{} − {} = {}", sub.term_end, sub.term_start, days_text(days.term)),
    );
    let remaining = (sub.term_end - input.today).num_days();
    let remaining_text = if remaining < 1 {
        format!(
            "{} − {} = {}; at least 1 while the term has not ended: 1 day",
            sub.term_end,
            input.today,
            days_text(remaining.max(0) as u32)
        )
    } else {
        format!("{} − {} = {}", sub.term_end, input.today, days_text(days.remaining))
    };
    lines.explain("R-MT-3", "Days remaining", remaining_text);

    let term = Term { period: sub.period, duration: sub.duration, days, discount: sub.discount };

    // The edition first, at the users already subscribed (R-UP-1)…
    if plan.new_edition_index != plan.old_edition_index {
        let new = &sub.editions[plan.new_edition_index];
        let old = &sub.editions[plan.old_edition_index];
        let users_for_new = if new.pricing.per_user() { plan.old_users.or(plan.new_users) } else { None };
        let charge = term.share(new, users_for_new);
        lines.charge(
            "R-UP-1",
            format!("{} for the remaining days", who(new, users_for_new)),
            charge.text,
            charge.amount,
        );
        let credit = term.share(old, plan.old_users);
        lines.charge(
            "R-UP-1",
            format!("Less {} already paid for those days", who(old, plan.old_users)),
            credit.text,
            -credit.amount,
        );
    }

    // …then the users, in the new edition (R-UP-3 or R-UP-4, by the order's date).
    if let (Some(before), Some(after)) = (plan.old_users, plan.new_users) {
        if after > before {
            let edition = &sub.editions[plan.new_edition_index];
            let (rule, when) = if sub.ordered_on < r_up_4_from() {
                ("R-UP-3", format!("ordered {}, before {}", sub.ordered_on, r_up_4_from()))
            } else {
                ("R-UP-4", format!("ordered {}, from {}", sub.ordered_on, r_up_4_from()))
            };
            if rule == "R-UP-4" && edition.pricing == PricingModel::Volume {
                // Only the added users, at the unit price of the tier the new total falls in.
                let unit = users_parts(PricingModel::Volume, edition.price, &edition.tiers, after)
                    .first()
                    .map_or(Decimal::ZERO, |(_, unit)| *unit);
                let added = after - before;
                let price = Decimal::from(added) * unit;
                let text = format!("{added} × {} (the tier of {after} users)", format_unit_price(unit));
                let charge = term.share_of(price, text, false);
                lines.charge(
                    rule,
                    format!("{added} added users of the {} edition, volume pricing ({when})", edition.name),
                    charge.text,
                    charge.amount,
                );
            } else {
                let charge = term.share(edition, Some(after));
                lines.charge(
                    rule,
                    format!("{} for the remaining days ({when})", who(edition, Some(after))),
                    charge.text,
                    charge.amount,
                );
                let credit = term.share(edition, Some(before));
                lines.charge(
                    rule,
                    format!("Less {} before the expansion, for those days", who(edition, Some(before))),
                    credit.text,
                    -credit.amount,
                );
            }
        }
    }

    let (lines, total) = lines.finish();
    Ok(UpgradeQuote {
        lines,
        total: format_amount(total),
        term_days: days.term,
        remaining_days: days.remaining,
        edition: sub.editions[plan.new_edition_index].code.clone(),
        users: plan.new_users,
    })
}

/// The plan as bought must make sense before any figure is computed from it.
fn check_plan(sub: &Subscription) -> Result<()> {
    if sub.period == BillingPeriod::Hour {
        return Err(CoreError::invalid(
            "period: a pay-per-use subscription has no term to upgrade; only yearly/monthly ones are upgraded",
        ));
    }
    if sub.duration == 0 {
        return Err(CoreError::invalid("duration: a term is bought for at least one period"));
    }
    if sub.discount <= Decimal::ZERO || sub.discount > Decimal::ONE {
        return Err(CoreError::invalid(format!(
            "discount: a discount is a factor more than 0 and at most 1 (R-MT-2), not {}",
            sub.discount
        )));
    }
    if sub.term_end <= sub.term_start {
        return Err(CoreError::invalid(format!(
            "term: the term's end ({}) must be after its start ({})",
            sub.term_end, sub.term_start
        )));
    }
    Ok(())
}

/// The editions and users before and after, checked against R-UP-5.
struct Plan {
    old_edition_index: usize,
    new_edition_index: usize,
    old_users: Option<u32>,
    new_users: Option<u32>,
}

impl Plan {
    fn of(sub: &Subscription, change: &Change) -> Result<Plan> {
        let find = |code: &str| {
            sub.editions.iter().position(|e| e.code == code).ok_or_else(|| {
                let codes: Vec<&str> = sub.editions.iter().map(|e| e.code.as_str()).collect();
                CoreError::invalid(format!(
                    "edition: {code:?} is not an edition of this product; choose one of: {}",
                    codes.join(", ")
                ))
            })
        };
        let old_index = find(&sub.edition)?;
        let old = &sub.editions[old_index];
        let old_users = check_users(old, sub.users, "the subscription's users")?;

        let new_index = match &change.edition {
            Some(code) => find(code)?,
            None => old_index,
        };
        let new = &sub.editions[new_index];
        if new_index < old_index {
            return Err(CoreError::invalid(format!(
                "edition: {} is a lower edition than {}; a downgrade can be chosen {AT_RENEWAL}",
                new.name, old.name
            )));
        }
        // A per-user edition keeps its users unless the change names a new number; moving
        // from a flat edition to a per-user one needs the number.
        let asked = if new.pricing.per_user() { change.users.or(old_users) } else { change.users };
        let new_users = check_users(new, asked, "users")?;
        if let (Some(before), Some(after)) = (old_users, new_users) {
            if after < before {
                return Err(CoreError::invalid(format!(
                    "users: {after} is fewer than the {before} users subscribed; fewer users can be chosen {AT_RENEWAL}"
                )));
            }
        }
        if new_index == old_index && new_users == old_users {
            let users = old_users.map_or(String::new(), |n| format!(" for {}", users_text(n)));
            return Err(CoreError::invalid(format!(
                "change: the subscription already has the {} edition{users}; choose a higher edition or more users",
                old.name
            )));
        }
        Ok(Plan { old_edition_index: old_index, new_edition_index: new_index, old_users, new_users })
    }
}

/// The users an edition is priced for: 1 to MAX_USERS for a per-user edition, none for a
/// flat one.
fn check_users(edition: &EditionPrices, users: Option<u32>, field: &str) -> Result<Option<u32>> {
    match (edition.pricing.per_user(), users) {
        (true, None) => Err(CoreError::invalid(format!(
            "{field}: the {} edition is priced per user; give the number of users (1 to {MAX_USERS})",
            edition.name
        ))),
        (true, Some(n)) if !(1..=MAX_USERS).contains(&n) => {
            Err(CoreError::invalid(format!("{field}: must be between 1 and {MAX_USERS} (got {n})")))
        }
        (true, Some(n)) => Ok(Some(n)),
        (false, Some(_)) => Err(CoreError::invalid(format!(
            "{field}: the {} edition has one price whatever the number of users; leave users out",
            edition.name
        ))),
        (false, None) => Ok(None),
    }
}

/// The days of the term and the days left in it (R-MT-3).
#[derive(Debug, Clone, Copy)]
struct Days {
    term: u32,
    remaining: u32,
}

impl Days {
    fn of(sub: &Subscription, today: NaiveDate) -> Result<Days> {
        if today > sub.term_end {
            return Err(CoreError::invalid(format!(
                "today: the term ended on {}; an ended subscription is renewed, not upgraded",
                sub.term_end
            )));
        }
        if today < sub.term_start {
            return Err(CoreError::invalid(format!(
                "today: the term starts on {}; it can be upgraded once it has started",
                sub.term_start
            )));
        }
        let term = (sub.term_end - sub.term_start).num_days();
        let remaining = (sub.term_end - today).num_days().max(1);
        let days = |n: i64| u32::try_from(n).map_err(|_| CoreError::invalid("term: the term is too long"));
        Ok(Days { term: days(term)?, remaining: days(remaining)? })
    }
}

/// The remaining days of the term, priced: a price of the term ÷ days in the term × remaining
/// days × discount.
struct Term {
    period: BillingPeriod,
    duration: u32,
    days: Days,
    discount: Decimal,
}

/// An amount at full precision and the arithmetic that gives it.
struct Share {
    text: String,
    amount: Decimal,
}

impl Term {
    /// What `users` of `edition` cost for the remaining days.
    fn share(&self, edition: &EditionPrices, users: Option<u32>) -> Share {
        let price = users_price(edition.pricing, edition.price, &edition.tiers, users.unwrap_or(1));
        let (text, compound) = price_text(edition, users);
        self.share_of(price, text, compound)
    }

    /// `price` (of one period, shown as `text`; `compound` when it is a sum that needs
    /// brackets) for the remaining days: price × periods ÷ days in the term × remaining days ×
    /// discount.
    fn share_of(&self, price: Decimal, text: String, compound: bool) -> Share {
        let periods = Decimal::from(self.duration);
        // Multiplying before dividing keeps the figure exact wherever it can be.
        let amount =
            price * periods * Decimal::from(self.days.remaining) * self.discount / Decimal::from(self.days.term);
        let unit = match self.period {
            BillingPeriod::Year => "year",
            _ => "month",
        };
        let term_price = match (self.duration, compound) {
            (1, false) => text,
            (1, true) => format!("({text})"),
            (n, true) => format!("({text}) × {n} {unit}s"),
            (n, false) => format!("{text} × {n} {unit}s"),
        };
        let text = format!(
            "{term_price} ÷ {} × {} × {} = {}",
            days_text(self.days.term),
            days_text(self.days.remaining),
            discount_text(self.discount),
            format_amount(amount)
        );
        Share { text, amount }
    }
}

/// One period of `edition` for `users`, as arithmetic: "59.00", "25 × 6.50",
/// "10 × 12.00 + 15 × 10.00", "25 × 10.00"; and whether it is a sum.
fn price_text(edition: &EditionPrices, users: Option<u32>) -> (String, bool) {
    if edition.pricing == PricingModel::Flat {
        return (format_unit_price(edition.price.unwrap_or_default()), false);
    }
    let parts: Vec<String> = users_parts(edition.pricing, edition.price, &edition.tiers, users.unwrap_or(1))
        .iter()
        .map(|(n, unit)| format!("{n} × {}", format_unit_price(*unit)))
        .collect();
    let compound = parts.len() > 1;
    (parts.join(" + "), compound)
}

/// "the Professional edition" or "the Professional edition, 25 users (tiered)".
fn who(edition: &EditionPrices, users: Option<u32>) -> String {
    match users {
        Some(n) if edition.pricing.per_user() => {
            format!("the {} edition, {} ({})", edition.name, users_text(n), edition.pricing)
        }
        _ => format!("the {} edition", edition.name),
    }
}

fn users_text(n: u32) -> String {
    if n == 1 {
        "1 user".to_string()
    } else {
        format!("{n} users")
    }
}

fn days_text(n: u32) -> String {
    if n == 1 {
        "1 day".to_string()
    } else {
        format!("{n} days")
    }
}

/// "0.9 discount", "1 (no discount)", or a long factor cut short: "0.833333… discount".
fn discount_text(discount: Decimal) -> String {
    if discount == Decimal::ONE {
        return "1 (no discount)".to_string();
    }
    format!("{} discount", figure(discount))
}

/// A full-precision figure as a person can read it: as it is when it has at most six
/// decimals, else cut (not rounded) to six, with "…".
fn figure(value: Decimal) -> String {
    let value = value.normalize();
    if value.scale() <= 6 {
        return value.to_string();
    }
    format!("{}…", value.trunc_with_scale(6))
}

/// The lines as they are built: each with its full-precision amount.
#[derive(Default)]
struct Lines {
    lines: Vec<(UpgradeLine, Decimal)>,
}

impl Lines {
    fn explain(&mut self, rule: &str, label: &str, arithmetic: String) {
        self.push(rule, label.to_string(), arithmetic, Decimal::ZERO);
    }

    fn charge(&mut self, rule: &str, label: String, arithmetic: String, amount: Decimal) {
        let label = capitalise(&label);
        self.push(rule, label, arithmetic, amount);
    }

    fn push(&mut self, rule: &str, label: String, arithmetic: String, amount: Decimal) {
        let line = UpgradeLine { rule: rule.to_string(), label, arithmetic, amount: format_amount(amount) };
        self.lines.push((line, amount));
    }

    /// Closes the fee: never negative (R-UP-2), rounded once (R-MT-1), and the shown lines
    /// made to add up to it.
    fn finish(mut self) -> (Vec<UpgradeLine>, Decimal) {
        let exact: Decimal = self.lines.iter().map(|(_, amount)| *amount).sum();
        // What the lines come to as shown, each rounded to the cent.
        let shown: Decimal = self.lines.iter().map(|(_, amount)| round_to_cent(*amount)).sum();
        let total = if exact < Decimal::ZERO { Decimal::ZERO } else { round_to_cent(exact) };
        // The closing line takes exactly what brings the shown lines to the total.
        let difference = total - shown;
        if exact < Decimal::ZERO {
            self.push(
                "R-UP-2",
                "The fee is never negative".to_string(),
                format!("the lines above come to {}; the fee is 0.00", figure(exact)),
                difference,
            );
        } else if !difference.is_zero() {
            self.push(
                "R-MT-1",
                "Rounded once, at the end".to_string(),
                format!(
                    "{} rounds half away from zero to {}; the lines rounded one by one come to {}",
                    figure(exact),
                    format_amount(total),
                    format_amount(shown)
                ),
                difference,
            );
        }
        (self.lines.into_iter().map(|(line, _)| line).collect(), total)
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
