//! Buying and what was bought (`kg order`, `kg apps`).

use clap::{Args, Subcommand};
use koogallery_core::catalog::model::{BillingMode, BillingPeriod};
use koogallery_core::orders::OrderStatus;

use super::one_of;

#[derive(Debug, Subcommand)]
pub enum OrderCommand {
    /// Check out and pay: placing again with the same key charges nothing more
    Place(PlaceArgs),

    /// My Orders, the newest first
    List,

    /// Seller Center: the orders the seller acted as received (seller role), the newest first
    Received {
        #[arg(long, value_name = "STATUS", value_parser = parse_order_status, help = one_of("Only orders in this status", &OrderStatus::ALL))]
        status: Option<OrderStatus>,
    },

    /// Every order in the marketplace (operations manager role), the newest first
    All {
        #[arg(long, value_name = "STATUS", value_parser = parse_order_status, help = one_of("Only orders in this status", &OrderStatus::ALL))]
        status: Option<OrderStatus>,
    },

    /// One order with its itemised price, history and ledger lines
    Show {
        /// The order's number, as `kg order list` shows it
        #[arg(value_name = "ID")]
        id: u32,
    },
}

#[derive(Debug, Args)]
pub struct PlaceArgs {
    /// The product's id, as `kg catalog search` lists it
    #[arg(long, value_name = "ID")]
    pub product: String,

    /// The edition's code, as `kg product show` lists it
    #[arg(long, value_name = "CODE")]
    pub edition: String,

    #[arg(long, value_name = "MODE", help = one_of("The billing mode", BillingMode::ALL))]
    pub billing: BillingMode,

    #[arg(long, value_name = "PERIOD", default_value = "month", help = one_of("The period the plan is priced by [default: month]", BillingPeriod::ALL))]
    pub period: BillingPeriod,

    /// How many periods: 1 to 36 months or 1 to 5 years
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub duration: u32,

    /// The number of users, for plans priced per user
    #[arg(long, value_name = "N")]
    pub users: Option<u32>,

    /// How many of this configuration [default: 1]
    #[arg(long, value_name = "N")]
    pub quantity: Option<u32>,

    /// Tick Terms and Conditions (required to buy)
    #[arg(long)]
    pub accept_terms: bool,

    /// Authorize the seller to use this account's contact information to create the
    /// application management account (SaaS products that require it)
    #[arg(long)]
    pub authorize_seller: bool,

    /// Pay with this card on file (postpaid accounts), as `kg account show` lists it
    #[arg(long, value_name = "ID", conflicts_with = "credit")]
    pub card: Option<u32>,

    /// Pay on credit (postpaid accounts with credit enabled)
    #[arg(long)]
    pub credit: bool,

    /// One key per checkout: placing again with the same key returns the first order
    #[arg(long, value_name = "KEY")]
    pub idempotency_key: String,
}

#[derive(Debug, Subcommand)]
pub enum AppsCommand {
    /// The apps bought and ready to use, the newest first
    List,

    /// An app's Resource Details: the SaaS account, the seller's contact, the user guide
    Show {
        /// The number of the order that bought it, as `kg apps list` shows it
        #[arg(value_name = "ID")]
        id: u32,

        /// Also print the SaaS initial password
        #[arg(long)]
        reveal_password: bool,
    },
}

fn parse_order_status(text: &str) -> Result<OrderStatus, String> {
    OrderStatus::parse(&text.trim().replace('-', "_")).ok_or_else(|| {
        let names: Vec<&str> = OrderStatus::ALL.iter().map(|s| s.as_str()).collect();
        format!("use one of {}", names.join(", "))
    })
}
