//! Money conventions (R-MT-1): amounts are `rust_decimal::Decimal`, never floating point,
//! carried at full precision and rounded once, at the end, to the cent, half away from zero.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::{CoreError, Result};

/// Rounds an amount that is charged, refunded or shown to the cent, half away from zero.
pub fn round_to_cent(amount: Decimal) -> Decimal {
    amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// The amount as it crosses to the UI and the command line: a decimal string with two
/// decimals, e.g. `"29.00"`.
pub fn format_amount(amount: Decimal) -> String {
    let mut rounded = round_to_cent(amount);
    // Zero has a sign in rust_decimal (0 negated, or -0.001 rounded); "-0.00" is not an amount.
    if rounded.is_zero() {
        rounded = Decimal::ZERO;
    }
    rounded.rescale(2);
    rounded.to_string()
}

/// A unit price as a price list shows it: at least two decimals, and as many more as the
/// seller set (an hourly price may be `0.015`). Unit prices are not amounts due, so they are
/// never rounded.
pub fn format_unit_price(price: Decimal) -> String {
    let mut shown = price.normalize();
    if shown.scale() < 2 {
        shown.rescale(2);
    }
    shown.to_string()
}

/// An amount due as whole cents, the form the store keeps (SQLite sums integers exactly):
/// rounded once to the cent (R-MT-1).
pub fn to_cents(amount: Decimal) -> Result<i64> {
    let cents = round_to_cent(amount) * Decimal::ONE_HUNDRED;
    i64::try_from(cents).map_err(|_| CoreError::invalid(format!("the amount {amount} is too large")))
}

/// Cents read back from the store as a decimal amount.
pub fn from_cents(cents: i64) -> Decimal {
    Decimal::new(cents, 2)
}

/// The most one top-up can add: a slip of the finger should not make a millionaire.
pub const MAX_TOP_UP: i64 = 1_000_000;

/// An amount of money a person typed ("100", "25.50"): positive, at most two decimals, at
/// most [`MAX_TOP_UP`]. `what` names the field in the refusal.
pub fn parse_amount(what: &str, text: &str) -> Result<Decimal> {
    let amount = parse_money(what, text)?;
    if amount > Decimal::from(MAX_TOP_UP) {
        return Err(CoreError::invalid(format!(
            "{what}: {text:?} is more than the most one top-up can add ({MAX_TOP_UP}.00)"
        )));
    }
    Ok(amount)
}

/// An amount of money a person typed that some other figure bounds (a refund, at most what was
/// paid): positive, at most two decimals.
pub fn parse_money(what: &str, text: &str) -> Result<Decimal> {
    let refuse = |why: &str| CoreError::invalid(format!("{what}: {text:?} {why}"));
    let amount: Decimal = text.trim().parse().map_err(|_| refuse("is not an amount; write it like 100 or 25.50"))?;
    if amount <= Decimal::ZERO {
        return Err(refuse("must be more than zero"));
    }
    if amount.normalize().scale() > 2 {
        return Err(refuse("has more than two decimals; amounts are in whole cents"));
    }
    Ok(amount)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn r_mt_1_rounds_once_to_the_cent_half_away_from_zero() {
        let cases = [
            ("29", "29.00"),
            ("29.5", "29.50"),
            ("0.125", "0.13"),
            ("0.135", "0.14"),
            ("0.124999", "0.12"),
            ("-0.125", "-0.13"),
            ("10.005", "10.01"),
            ("199.994", "199.99"),
            ("0", "0.00"),
        ];
        for (input, expected) in cases {
            assert_eq!(format_amount(d(input)), expected, "amount {input}");
        }
    }

    #[test]
    fn unit_prices_keep_the_sellers_precision_with_at_least_two_decimals() {
        let cases = [("29", "29.00"), ("0.12", "0.12"), ("0.015", "0.015"), ("8.5000", "8.50")];
        for (input, expected) in cases {
            assert_eq!(format_unit_price(d(input)), expected, "price {input}");
        }
    }

    #[test]
    fn r_mt_1_amounts_are_kept_as_cents_rounded_once() {
        let cases = [("29", 2900), ("0.125", 13), ("-0.125", -13), ("199.994", 19999), ("0", 0)];
        for (input, cents) in cases {
            assert_eq!(to_cents(d(input)).unwrap(), cents, "amount {input}");
        }
        assert_eq!(format_amount(from_cents(19900)), "199.00");
        assert_eq!(format_amount(from_cents(-5)), "-0.05");
        assert_eq!(format_amount(-Decimal::ZERO), "0.00", "no negative zero");
        assert_eq!(format_amount(d("-0.004")), "0.00", "no negative zero after rounding");
    }

    #[test]
    fn typed_amounts_are_positive_with_at_most_two_decimals() {
        for (text, amount) in [("100", "100"), (" 25.50 ", "25.50"), ("0.01", "0.01"), ("1000000", "1000000")] {
            assert_eq!(parse_amount("amount", text).unwrap(), d(amount), "{text}");
        }
        for (text, why) in [
            ("0", "more than zero"),
            ("-5", "more than zero"),
            ("1.005", "two decimals"),
            ("ten", "not an amount"),
            ("", "not an amount"),
            ("1000000.01", "the most one top-up"),
        ] {
            let err = parse_amount("amount", text).unwrap_err();
            assert!(err.to_string().starts_with("amount: "), "{err}");
            assert!(err.to_string().contains(why), "{text}: {err}");
        }
    }
}
