//! The fees of an image with its ECS, itemised before the buyer pays (R-IMG, R-BUY-5): the
//! image priced by the catalog's own quote from its price plans, the ECS flavour and the EIP.
//! Provisioning charges exactly these (`super::provision`).

use rusqlite::Connection;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::catalog::model::{BillingMode, BillingPeriod, DeliveryMethod};
use crate::catalog::pricing::{quote, Quote, QuoteLine, QuoteRequest};
use crate::catalog::product;
use crate::cloud::network;
use crate::cloud::{self, EIP_HOURLY_PER_MBPS_CENTS, EIP_MONTHLY_PER_MBPS_CENTS, EIP_YEARLY_PER_MBPS_CENTS};
use crate::money::{format_amount, format_unit_price, from_cents, round_to_cent};
use crate::{CoreError, Result};

/// The most instances one provisioning creates.
pub const MAX_INSTANCES: u32 = 20;

/// What is bought: the image's edition and billing, the ECS flavour, the EIP, how long and
/// how many. The fees depend on this alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct EcsConfiguration {
    pub product_id: String,
    pub edition: String,
    pub billing: BillingMode,
    /// Yearly/monthly: `month` (when left out) or `year`. Pay-per-use: `hour` or left out.
    #[serde(default)]
    pub period: Option<BillingPeriod>,
    /// Yearly/monthly: 1 to 36 months or 1 to 5 years (1 when left out).
    #[serde(default)]
    pub duration: Option<u32>,
    /// How many instances: 1 to 20 (1 when left out).
    #[serde(default)]
    pub quantity: Option<u32>,
    pub flavour: String,
    /// An EIP of this bandwidth per instance (1 to 300 Mbit/s); none when left out.
    #[serde(default)]
    pub eip_bandwidth_mbps: Option<u32>,
}

/// The fees, itemised, before paying.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ProvisionFees {
    /// Image, ECS and EIP lines; they add up to the total.
    pub quote: Quote,
    /// Charged when the resources are created: the total for yearly/monthly, nothing for
    /// pay-per-use (billed by the hour instead).
    pub due_now: String,
    /// Pay-per-use: the total is a rate per hour.
    pub hourly: bool,
}

/// Fees and the amounts behind them.
pub(super) struct Priced {
    pub(super) fees: ProvisionFees,
    /// The image's part and the cloud's part of the total, exact.
    pub(super) image: Decimal,
    pub(super) cloud: Decimal,
    /// Per instance and hour (pay-per-use): the image's rate and the ECS's with its EIP.
    pub(super) image_hourly: Decimal,
    pub(super) cloud_hourly: Decimal,
    pub(super) period: BillingPeriod,
    pub(super) duration: u32,
    pub(super) quantity: u32,
}

/// The fees of `configuration`, itemised, or which part of it cannot be bought and why.
pub fn fees(conn: &Connection, configuration: &EcsConfiguration) -> Result<ProvisionFees> {
    price(conn, configuration).map(|p| p.fees)
}

pub(super) fn price(conn: &Connection, c: &EcsConfiguration) -> Result<Priced> {
    let detail = product::show(conn, &c.product_id)?;
    if detail.summary.delivery != DeliveryMethod::Image {
        return Err(CoreError::invalid(format!(
            "product: {} is not an image; only images are provisioned with an ECS",
            detail.summary.name
        )));
    }
    let quantity = c.quantity.unwrap_or(1);
    if !(1..=MAX_INSTANCES).contains(&quantity) {
        return Err(CoreError::invalid(format!("quantity: 1 to {MAX_INSTANCES} instances (got {quantity})")));
    }
    let (period, duration) = match (c.billing, c.period, c.duration) {
        (BillingMode::PayPerUse, None | Some(BillingPeriod::Hour), None | Some(1)) => (BillingPeriod::Hour, 1),
        (BillingMode::PayPerUse, None | Some(BillingPeriod::Hour), Some(n)) => {
            return Err(CoreError::invalid(format!(
                "duration: pay-per-use is billed by the hour for as long as the image runs; leave the duration out (got {n})"
            )))
        }
        (BillingMode::PayPerUse, Some(p), _) => {
            return Err(CoreError::invalid(format!("period: pay-per-use is billed by the hour, not by the {p}")))
        }
        (BillingMode::YearlyMonthly, None | Some(BillingPeriod::Month), d) => (BillingPeriod::Month, d.unwrap_or(1)),
        (BillingMode::YearlyMonthly, Some(BillingPeriod::Year), d) => (BillingPeriod::Year, d.unwrap_or(1)),
        (BillingMode::YearlyMonthly, Some(BillingPeriod::Hour), _) => {
            return Err(CoreError::invalid("period: yearly/monthly is bought by the month or the year"))
        }
    };
    let image = quote(
        conn,
        &QuoteRequest {
            product_id: c.product_id.clone(),
            edition: c.edition.clone(),
            billing: c.billing,
            period,
            duration,
            users: None,
            quantity: Some(quantity),
        },
    )?;
    let image_total: Decimal = image.total.parse().map_err(|_| CoreError::Internal("an unreadable quote".into()))?;
    let flavour = cloud::flavour_prices(conn, &c.flavour)?;
    if let Some(mbps) = c.eip_bandwidth_mbps {
        network::check_bandwidth(mbps)?;
    }
    let mbps = Decimal::from(c.eip_bandwidth_mbps.unwrap_or(0));
    let (flavour_unit, eip_unit, per) = match period {
        BillingPeriod::Hour => (flavour.hourly, from_cents(EIP_HOURLY_PER_MBPS_CENTS), "hour"),
        BillingPeriod::Month => (flavour.monthly, from_cents(EIP_MONTHLY_PER_MBPS_CENTS), "month"),
        BillingPeriod::Year => (flavour.yearly, from_cents(EIP_YEARLY_PER_MBPS_CENTS), "year"),
    };
    let times = Decimal::from(duration) * Decimal::from(quantity);
    let count = if quantity > 1 { format!("{quantity} × ") } else { String::new() };
    let periods = if period == BillingPeriod::Hour {
        format!("per {per}")
    } else {
        format!("× {duration} {per}{}", if duration > 1 { "s" } else { "" })
    };
    let mut lines: Vec<QuoteLine> = image
        .lines
        .iter()
        .map(|l| QuoteLine { label: format!("Image: {}", l.label), amount: l.amount.clone() })
        .collect();
    let ecs = flavour_unit * times;
    lines.push(QuoteLine {
        label: format!("{count}ECS {}, ${} {periods}", c.flavour, format_unit_price(flavour_unit)),
        amount: format_amount(ecs),
    });
    let eip = eip_unit * mbps * times;
    if let Some(bandwidth) = c.eip_bandwidth_mbps {
        lines.push(QuoteLine {
            label: format!("{count}EIP {bandwidth} Mbit/s, ${} {periods}", format_unit_price(eip_unit * mbps)),
            amount: format_amount(eip),
        });
    }
    let cloud = ecs + eip;
    let total = round_to_cent(image_total + cloud);
    let hourly = period == BillingPeriod::Hour;
    let note = if hourly {
        "Pay-per-use: nothing is charged now. Each started hour the resources exist is billed in full, \
         from when they are created, until they are deleted."
    } else {
        "Paid when the resources are created; the subscription takes effect at once."
    };
    let image_rate = if hourly { image_total / Decimal::from(quantity) } else { Decimal::ZERO };
    Ok(Priced {
        fees: ProvisionFees {
            quote: Quote { lines, total: format_amount(total), per: image.per, note: Some(note.to_string()) },
            due_now: format_amount(if hourly { Decimal::ZERO } else { total }),
            hourly,
        },
        image: image_total,
        cloud,
        image_hourly: image_rate,
        cloud_hourly: if hourly { flavour.hourly + eip_unit * mbps } else { Decimal::ZERO },
        period,
        duration,
        quantity,
    })
}

/// The metering item of an image: `product/edition`.
pub(crate) fn image_item(product_id: &str, edition: &str) -> String {
    format!("{product_id}/{edition}")
}
