//! Subscriptions: renewals, automatic renewal and upgrades (`kg subscription`, `kg autorenew`,
//! `kg upgrade`).

use clap::Subcommand;
use koogallery_core::subscriptions::renewals::{RenewalsTab, DEFAULT_LIMIT, MAX_LIMIT};

use super::one_of;

#[derive(Debug, Subcommand)]
pub enum SubscriptionCommand {
    /// The subscriptions of the buyer acted for, with their expiry, state and days left: a tab of
    /// Renewals, a page at a time, the soonest to expire first
    List {
        #[arg(long, value_name = "TAB", default_value_t = RenewalsTab::All, help = one_of("Which subscriptions", &RenewalsTab::ALL))]
        tab: RenewalsTab,

        /// Only products whose name contains this text, any case
        #[arg(long, value_name = "TEXT")]
        product: Option<String>,

        #[arg(long, value_name = "N", help = format!("At most N subscriptions, 1 to {MAX_LIMIT} [default: {DEFAULT_LIMIT}]"))]
        limit: Option<u32>,

        /// Skip the first N subscriptions, to page through the tab
        #[arg(long, value_name = "N")]
        offset: Option<u32>,
    },

    /// One subscription, with its renewals and its timeline
    Show {
        #[arg(value_name = "ID")]
        id: u32,
    },

    /// What will happen to a subscription on which date (expiry, grace, retention, release,
    /// automatic renewal), from the timers the scheduler will fire
    Timeline {
        #[arg(value_name = "ID")]
        id: u32,
    },

    /// What a renewal would cost and the expiry it would give, without paying
    Quote {
        #[arg(value_name = "ID")]
        id: u32,
        #[command(flatten)]
        length: RenewalLength,
    },

    /// Renew by hand at the quoted price, from the old expiry (R-REN-2)
    Renew {
        #[arg(value_name = "ID")]
        id: u32,
        #[command(flatten)]
        length: RenewalLength,
        /// One per renewal: the same key again pays nothing more
        #[arg(long, value_name = "KEY")]
        idempotency_key: String,
    },
}

/// How long a renewal is: 1 to 11 months, or 1 to 5 years.
#[derive(Debug, Clone, Copy, clap::Args)]
#[group(required = true, multiple = false)]
pub struct RenewalLength {
    /// 1 to 11 months
    #[arg(long, value_name = "N")]
    pub months: Option<u32>,
    /// 1 to 5 years
    #[arg(long, value_name = "N")]
    pub years: Option<u32>,
}

#[derive(Debug, Subcommand)]
pub enum AutorenewCommand {
    /// Switch automatic renewal on, or change it (charged at 03:00 seven days before expiry,
    /// or on the date given; switched on later than that, charged at once)
    On {
        #[arg(value_name = "ID")]
        id: u32,
        /// What each renewal adds: month or year (the subscription's own period by default)
        #[arg(long, value_name = "PERIOD")]
        period: Option<String>,
        /// The date of the next charge, YYYY-MM-DD in the buyer's time zone
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
    },
    /// Switch automatic renewal off
    Off {
        #[arg(value_name = "ID")]
        id: u32,
    },
}

#[derive(Debug, Subcommand)]
pub enum UpgradeCommand {
    /// The fee of the upgrade, each line with its rule id and its arithmetic
    Quote {
        /// The subscription, as `kg subscription list` shows it
        #[arg(value_name = "ID")]
        id: u32,
        #[command(flatten)]
        to: UpgradeTo,
    },
    /// Pay the upgrade: effective at once
    Pay {
        #[arg(value_name = "ID")]
        id: u32,
        #[command(flatten)]
        to: UpgradeTo,
        /// One per upgrade: the same key again pays nothing more
        #[arg(long, value_name = "KEY")]
        idempotency_key: String,
    },
}

/// What an upgrade asks for: a higher edition, more users, or both.
#[derive(Debug, Clone, clap::Args)]
#[group(required = true, multiple = true)]
pub struct UpgradeTo {
    /// The new edition's code
    #[arg(long, value_name = "EDITION")]
    pub edition: Option<String>,
    /// The new number of users
    #[arg(long, value_name = "N")]
    pub users: Option<u32>,
}
