//! Money conventions (R-MT-1): amounts are `rust_decimal::Decimal`, never floating point,
//! carried at full precision and rounded once, at the end, to the cent, half away from zero.

use rust_decimal::{Decimal, RoundingStrategy};

/// Rounds an amount that is charged, refunded or shown to the cent, half away from zero.
pub fn round_to_cent(amount: Decimal) -> Decimal {
    amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// The amount as it crosses to the UI and the command line: a decimal string with two
/// decimals, e.g. `"29.00"`.
pub fn format_amount(amount: Decimal) -> String {
    let mut rounded = round_to_cent(amount);
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
}
