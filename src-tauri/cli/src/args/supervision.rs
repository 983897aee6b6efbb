//! Service supervision and what hangs on it: a flow's actions, appeals, negotiated
//! unsubscriptions and messages (`kg supervision`, `kg appeals`, `kg unsubscribe`,
//! `kg messages`).

use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, Utc};
use clap::{Args, Subcommand};
use koogallery_core::clock::parse_instant;
use koogallery_core::paging::{DEFAULT_LIMIT, MAX_LIMIT};
use koogallery_core::supervision::FlowState;

use super::one_of;

/// The id an action is applied under. The same id again changes nothing and answers as the
/// first time, so a script can retry safely.
#[derive(Debug, Args)]
pub struct OperationArg {
    /// Apply the action under this id (letters, digits, '-', '_', '.', ':') [default: a new one]
    #[arg(long, value_name = "ID")]
    pub operation_id: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum SupervisionCommand {
    /// The service flows whom the app acts as may see, the most recently paid first
    List(FlowFilter),

    /// A flow's page: where it stands, its timeline with files, and what can be done now
    Show {
        /// The order's number, as `kg supervision list` shows it
        #[arg(value_name = "ORDER")]
        order: u32,
    },

    /// Walk the flow's chained records and re-hash their files (exit status 1 if broken)
    Verify {
        /// The order's number, as `kg supervision list` shows it
        #[arg(value_name = "ORDER")]
        order: u32,
    },

    /// Write the flow's case file (timeline, records as JSON, every file) into a new folder
    Export {
        /// The order's number, as `kg supervision list` shows it
        #[arg(value_name = "ORDER")]
        order: u32,

        /// The folder to create the case file in
        #[arg(long, short, value_name = "DIR")]
        output: PathBuf,
    },

    /// Seller Console: the flows waiting on the seller, the longest silent first (seller role)
    Queue,

    /// Buyer: submit the request a SaaS or professional service starts from
    Request {
        /// The order's number, as `kg supervision list` shows it
        #[arg(value_name = "ORDER")]
        order: u32,

        /// What the seller should provide, following its request template if it has one
        #[arg(long, value_name = "TEXT")]
        text: String,

        #[command(flatten)]
        operation: OperationArg,
    },

    /// Buyer: remind the seller while the flow waits on it (once a day)
    Remind {
        /// The order's number, as `kg supervision list` shows it
        #[arg(value_name = "ORDER")]
        order: u32,

        #[command(flatten)]
        operation: OperationArg,
    },

    /// Buyer: accept the delivery; the order completes 3 hours later and can no longer be
    /// unsubscribed from. Has the service been completely provisioned?
    Accept {
        /// The order's number, as `kg supervision list` shows it
        #[arg(value_name = "ORDER")]
        order: u32,

        #[command(flatten)]
        operation: OperationArg,
    },

    /// Buyer: reject the delivery (not delivered, or not satisfied)
    Reject {
        /// The order's number, as `kg supervision list` shows it
        #[arg(value_name = "ORDER")]
        order: u32,

        /// Why, for the seller
        #[arg(long, value_name = "TEXT")]
        reason: String,

        #[command(flatten)]
        operation: OperationArg,
    },

    /// Buyer or seller: appeal to the operations manager; the flow is frozen until settled
    Appeal {
        /// The order's number, as `kg supervision list` shows it
        #[arg(value_name = "ORDER")]
        order: u32,

        /// Why, for the operations manager
        #[arg(long, value_name = "TEXT")]
        reason: String,

        /// Proof: a PDF document or a PNG or JPEG screenshot (repeat for more files)
        #[arg(long, value_name = "FILE", num_args = 1..)]
        proof: Vec<PathBuf>,

        #[command(flatten)]
        operation: OperationArg,
    },

    /// Seller: accept the buyer's request
    AcceptRequest {
        /// The order's number, as `kg supervision list` shows it
        #[arg(value_name = "ORDER")]
        order: u32,

        /// A note for the buyer
        #[arg(long, value_name = "TEXT")]
        remark: Option<String>,

        #[command(flatten)]
        operation: OperationArg,
    },

    /// Seller: reject the buyer's request, asking for changes
    RejectRequest {
        /// The order's number, as `kg supervision list` shows it
        #[arg(value_name = "ORDER")]
        order: u32,

        /// What to change, for the buyer
        #[arg(long, value_name = "TEXT")]
        reason: String,

        #[command(flatten)]
        operation: OperationArg,
    },

    /// Seller: deliver with proof (and for SaaS the application's account)
    ///
    /// The SaaS initial password is read from standard input (one line) with
    /// --app-password-stdin, never from a flag, so that it stays out of shell history and
    /// process lists; it is sealed in the data file and never printed.
    Deliver(Box<DeliverArgs>),
}

/// Search criteria of Service Supervision; every one optional.
#[derive(Debug, Args)]
pub struct FlowFilter {
    /// Only the flow of this order
    #[arg(long, value_name = "ORDER")]
    pub order: Option<u32>,

    /// Only products whose name contains this text, any case
    #[arg(long, value_name = "TEXT")]
    pub product: Option<String>,

    #[arg(long, value_name = "STATE", value_parser = parse_flow_state, help = one_of("Only flows in this state", &FlowState::ALL))]
    pub state: Option<FlowState>,

    /// Only orders paid on or after this date, e.g. 2026-03-01 (a buyer's in its time zone, else UTC)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub from: Option<String>,

    /// Only orders paid on or before this date
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub to: Option<String>,
}

#[derive(Debug, Args)]
pub struct DeliverArgs {
    /// The order's number, as `kg supervision list` shows it
    #[arg(value_name = "ORDER")]
    pub order: u32,

    /// Proof of the delivery: PDF documents (statement of work, acceptance document) and PNG
    /// or JPEG screenshots (repeat for more files)
    #[arg(long, value_name = "FILE", num_args = 1.., required = true)]
    pub proof: Vec<PathBuf>,

    /// A note for the buyer
    #[arg(long, value_name = "TEXT")]
    pub remark: Option<String>,

    /// When the service was actually enabled, between the payment and now, e.g. 2026-03-02T09:00:00Z
    #[arg(long, value_name = "TIME", value_parser = parse_instant)]
    pub enabled_at: Option<DateTime<Utc>>,

    /// SaaS: the application account's user name
    #[arg(long, value_name = "USER", requires_all = ["app_password_stdin", "management_url", "frontend_url"])]
    pub app_user: Option<String>,

    /// SaaS: read the application account's initial password from standard input (one line)
    #[arg(long, requires = "app_user")]
    pub app_password_stdin: bool,

    /// SaaS: the application's management address, e.g. https://crm.example/manage
    #[arg(long, value_name = "URL", requires = "app_user")]
    pub management_url: Option<String>,

    /// SaaS: the application's front-end address
    #[arg(long, value_name = "URL", requires = "app_user")]
    pub frontend_url: Option<String>,

    #[command(flatten)]
    pub operation: OperationArg,
}

#[derive(Debug, Subcommand)]
pub enum AppealsCommand {
    /// Every open appeal, the oldest first
    List,

    /// Settle an appeal with a written decision: for the buyer (the order is cancelled and
    /// refunded, in full or the amount decided) or for the seller (the flow goes on, or completes)
    Settle {
        /// The order's number, as `kg supervision list` shows it
        #[arg(value_name = "ORDER")]
        order: u32,

        /// Whom the decision is for
        #[arg(long = "for", value_name = "PARTY")]
        side: Side,

        /// For the buyer: refund this amount only, e.g. 120.50 [default: what was paid]
        #[arg(long, value_name = "AMOUNT", conflicts_with = "complete")]
        refund: Option<String>,

        /// For the seller: complete the flow instead of letting it go on from where it froze
        #[arg(long)]
        complete: bool,

        /// The decision and its reasons, recorded on the flow
        #[arg(long, value_name = "TEXT")]
        decision: String,

        #[command(flatten)]
        operation: OperationArg,
    },
}

/// A party an appeal can be settled for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Side {
    Buyer,
    Seller,
}

#[derive(Debug, Subcommand)]
pub enum UnsubscribeCommand {
    /// My KooGallery > Unsubscriptions: every paid order, whether it can be unsubscribed, and why not
    List,

    /// Whether one order can be unsubscribed now, how, and the most that can be asked for
    Quote {
        /// The order's number, as `kg supervision list` shows it
        #[arg(value_name = "ORDER")]
        order: u32,
    },

    /// Buyer: ask for the refund agreed with the seller, within the transaction guarantee period;
    /// without --amount, unsubscribe a yearly/monthly image by the standard rules (R-UNS-2)
    Request {
        /// The order's number, as `kg supervision list` shows it
        #[arg(value_name = "ORDER")]
        order: u32,

        /// The negotiated refund: more than 0 and at most what was paid, e.g. 250 or 99.50
        #[arg(long, value_name = "AMOUNT", requires = "reason")]
        amount: Option<String>,

        /// Why
        #[arg(long, value_name = "TEXT", requires = "amount")]
        reason: Option<String>,

        /// An image: the refund `kg unsubscribe quote` showed; refused if it has changed since
        #[arg(long, value_name = "REFUND", conflicts_with = "amount")]
        expect: Option<String>,

        /// Let the seller see this account's email and mobile number
        #[arg(long)]
        share_contact: bool,

        #[command(flatten)]
        operation: OperationArg,
    },

    /// Seller Console > Orders > Unsubscriptions: the requests on the seller's orders (seller role)
    Received,

    /// Seller: approve or reject a request (approved, the order is cancelled and refunded 3 hours later)
    #[command(group = clap::ArgGroup::new("verdict").required(true).args(["approve", "reject"]))]
    Review {
        /// The request's number, as `kg unsubscribe received` shows it
        #[arg(value_name = "REQUEST")]
        request: u32,

        /// Approve: the order is cancelled now and the refund paid 3 hours later
        #[arg(long)]
        approve: bool,

        /// Reject: that request ends; the buyer may send another
        #[arg(long)]
        reject: bool,

        /// The review's comments, for the buyer
        #[arg(long, value_name = "TEXT")]
        comment: String,

        /// A record of the talks with the buyer: PDF, PNG or JPEG (repeat for more files)
        #[arg(long, value_name = "FILE", num_args = 1..)]
        record: Vec<PathBuf>,

        #[command(flatten)]
        operation: OperationArg,
    },
}

#[derive(Debug, Subcommand)]
pub enum MessagesCommand {
    /// The messages of whom the app acts as, the newest first, a page at a time, with how many
    /// are unread
    List {
        /// Only the unread messages
        #[arg(long)]
        unread: bool,

        #[arg(long, value_name = "N", help = format!("At most N messages, 1 to {MAX_LIMIT} [default: {DEFAULT_LIMIT}]"))]
        limit: Option<u32>,

        /// Skip the first N messages, to page through them
        #[arg(long, value_name = "N")]
        offset: Option<u32>,
    },

    /// Mark messages read: the ones named, or all of them when none is named
    Read {
        #[arg(value_name = "ID")]
        ids: Vec<u32>,
    },
}

fn parse_flow_state(text: &str) -> Result<FlowState, String> {
    FlowState::parse(&text.trim().replace('-', "_")).ok_or_else(|| {
        let names: Vec<&str> = FlowState::ALL.iter().map(|s| s.as_str()).collect();
        format!("use one of {}", names.join(", "))
    })
}

/// A date as the core reads it, checked here so that a bad one is refused by name.
fn parse_date(text: &str) -> Result<String, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map(|d| d.format("%Y-%m-%d").to_string())
        .map_err(|_| "not a date; write it like 2026-03-01".to_string())
}
