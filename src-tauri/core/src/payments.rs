//! The payment-provider interface, and the simulated provider the app ships with.
//!
//! Checkout asks a provider to approve a charge from a funding source (the prepaid balance,
//! a card on file by its token, or the account's credit). The provider answers approved,
//! with its reference, or declined, with the reason; it never touches the store. A charge
//! carries the order's reference, and a provider must answer the same reference the same way
//! without charging twice: that is what lets an interrupted payment be retried.
//!
//! The simulated provider approves everything except the documented test card
//! [`simulated::DECLINED_CARD`] and amounts beyond the balance or credit available.

use rust_decimal::Decimal;

use crate::money::format_amount;

/// Where a charge is paid from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FundingSource<'a> {
    PrepaidBalance { available: Decimal },
    Card { token: &'a str },
    Credit { available: Decimal },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Charge<'a> {
    /// The order's reference: the same reference is never charged twice.
    pub reference: &'a str,
    pub amount: Decimal,
    pub source: FundingSource<'a>,
}

/// Why a charge was declined: the front ends treat a balance to top up differently from a
/// card to change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeclineReason {
    CardDeclined,
    InsufficientFunds,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Approved { reference: String },
    Declined { reason: DeclineReason, message: String },
}

pub trait PaymentProvider: Send + Sync {
    /// Asks for `charge` to be paid. Must not touch the store.
    fn charge(&self, charge: &Charge<'_>) -> Outcome;

    /// The token this provider keeps for a card number, and the card's brand. The number
    /// itself is never stored.
    fn tokenize(&self, number: &str) -> (String, String);
}

pub mod simulated {
    use super::*;

    /// The test card that is always declined, as card networks document theirs.
    pub const DECLINED_CARD: &str = "4000000000000002";
    /// A test card that is always approved.
    pub const APPROVED_CARD: &str = "4242424242424242";

    const DECLINED_TOKEN: &str = "sim_card_declined";

    /// The built-in provider: decisions only, no network, no money.
    #[derive(Debug, Clone, Copy, Default)]
    pub struct SimulatedProvider;

    impl PaymentProvider for SimulatedProvider {
        fn charge(&self, charge: &Charge<'_>) -> Outcome {
            let short = |what: &str, available: Decimal| Outcome::Declined {
                reason: DeclineReason::InsufficientFunds,
                message: format!(
                    "the {what} ({}) does not cover the amount due ({})",
                    format_amount(available),
                    format_amount(charge.amount)
                ),
            };
            match charge.source {
                FundingSource::PrepaidBalance { available } if available < charge.amount => {
                    short("prepaid balance", available)
                }
                FundingSource::Credit { available } if available < charge.amount => {
                    short("credit available", available)
                }
                FundingSource::Card { token } if token == DECLINED_TOKEN => Outcome::Declined {
                    reason: DeclineReason::CardDeclined,
                    message: "the card was declined by its issuer".to_string(),
                },
                _ => Outcome::Approved { reference: format!("sim-{}", charge.reference) },
            }
        }

        fn tokenize(&self, number: &str) -> (String, String) {
            let digits: String = number.chars().filter(char::is_ascii_digit).collect();
            let brand = match digits.chars().next() {
                Some('4') => "Visa",
                Some('5') => "Mastercard",
                Some('3') => "American Express",
                _ => "Card",
            };
            // One token per card number, as a provider's card fingerprint: FNV-1a of the digits.
            let token = if digits == DECLINED_CARD {
                DECLINED_TOKEN.to_string()
            } else {
                let fingerprint = digits
                    .bytes()
                    .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
                format!("sim_card_{fingerprint:016x}")
            };
            (token, brand.to_string())
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        fn d(text: &str) -> Decimal {
            text.parse().unwrap()
        }

        fn charge(source: FundingSource<'_>) -> Outcome {
            SimulatedProvider.charge(&Charge { reference: "order-1", amount: d("29.00"), source })
        }

        #[test]
        fn r_buy_1_the_simulated_provider_declines_the_test_card_and_short_funds_only() {
            let provider = SimulatedProvider;
            let (good, brand) = provider.tokenize("4242 4242 4242 4242");
            assert_eq!(brand, "Visa");
            let (bad, _) = provider.tokenize(DECLINED_CARD);
            let approved = Outcome::Approved { reference: "sim-order-1".into() };
            assert_eq!(charge(FundingSource::Card { token: &good }), approved);
            assert_eq!(charge(FundingSource::PrepaidBalance { available: d("29.00") }), approved);
            assert_eq!(charge(FundingSource::Credit { available: d("100") }), approved);
            let declined = |outcome: Outcome| match outcome {
                Outcome::Declined { reason, .. } => reason,
                other => panic!("approved: {other:?}"),
            };
            assert_eq!(declined(charge(FundingSource::Card { token: &bad })), DeclineReason::CardDeclined);
            assert_eq!(
                declined(charge(FundingSource::PrepaidBalance { available: d("28.99") })),
                DeclineReason::InsufficientFunds
            );
            assert_eq!(declined(charge(FundingSource::Credit { available: d("0") })), DeclineReason::InsufficientFunds);
        }
    }
}
