//! The grammar of `kg`.
//!
//! Values the core knows how to read (delivery methods, billing modes, instants, durations)
//! are parsed here, through the core's own parsers, so that a bad value is refused before the
//! store is opened and the message names the argument it came from.

use std::fmt::Display;
use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use clap::{Args, Parser, Subcommand};
use koogallery_core::agencies::Purpose;
use koogallery_core::catalog::model::{BillingMode, BillingPeriod, DeliveryMethod, SortOrder};
use koogallery_core::catalog::search::{DEFAULT_LIMIT, MAX_LIMIT};
use koogallery_core::clock::{parse_duration, parse_instant};
use koogallery_core::demo::MAX_GENERATED;
use koogallery_core::images::ProvisionMode;
use koogallery_core::supervision::FlowState;
use koogallery_core::tickets::TicketCategory;

#[derive(Debug, Parser)]
#[command(
    name = "kg",
    version,
    about = "KooGallery Desktop from the command line: the same catalog and the same data file as the app",
    propagate_version = true
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,

    #[command(subcommand)]
    pub command: Command,
}

/// Listed after each command's own options in its help, where a reader looks for them last.
#[derive(Debug, Args)]
#[command(next_display_order = 100)]
pub struct Global {
    /// The data file to use [default: $KG_DB, else the app's own data file]
    #[arg(long, value_name = "PATH", global = true)]
    pub db: Option<PathBuf>,

    /// Print JSON for scripts; errors then come as one JSON line on stderr
    #[arg(long, global = true)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The demo store shown at trade shows
    #[command(subcommand)]
    Demo(DemoCommand),

    /// Find products
    #[command(subcommand)]
    Catalog(CatalogCommand),

    /// One product in full
    #[command(subcommand)]
    Product(ProductCommand),

    /// The demo clock, to watch time-based rules play out
    #[command(subcommand)]
    Clock(ClockCommand),

    /// My Favorites: products saved with a specification, to buy later
    #[command(subcommand)]
    Favorites(FavoritesCommand),

    /// Product requirements: tell the marketplace what the catalog lacks
    #[command(subcommand)]
    Requirements(RequirementsCommand),

    /// The buyer account: its kind, balance, cards on file and credit
    #[command(subcommand)]
    Account(AccountCommand),

    /// Buy a product, and Billing Center > My Orders
    #[command(subcommand)]
    Order(OrderCommand),

    /// My KooGallery > Purchased Apps: what was bought and can be used
    #[command(subcommand)]
    Apps(AppsCommand),

    /// Who the app acts as: a buyer account, a seller or the operations manager
    #[command(subcommand)]
    Role(RoleCommand),

    /// Provision an image with its ECS, quick or customized, and see its fees first
    #[command(subcommand)]
    Image(ImageCommand),

    /// The ECS console: instances, and stopping, starting, deleting, replacing a system disk
    #[command(subcommand)]
    Ecs(EcsCommand),

    /// Billing Center: hourly charges of pay-per-use images and instances
    #[command(subcommand)]
    Bills(BillsCommand),

    /// Agencies: the authorization quick provisioning and template deployment need
    #[command(subcommand)]
    Agency(AgencyCommand),

    /// Service Supervision: follow and act on the service flow of a supervised order
    #[command(subcommand)]
    Supervision(SupervisionCommand),

    /// Sellers' laptops that work offline: enrol one, list them, revoke one (operations manager role)
    #[command(subcommand)]
    Seller(SellerCommand),

    /// Run this data file as the marketplace server sellers' laptops sync with; beyond this
    /// computer over HTTPS only, with a certificate made on the first start and kept beside the
    /// data file, whose fingerprint laptops pin at enrolment
    Serve {
        /// The address to listen on, like 0.0.0.0:8765 for the sellers' network (HTTPS); on
        /// 127.0.0.1 plain HTTP unless --tls
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8765")]
        listen: std::net::SocketAddr,
        /// Serve HTTPS on 127.0.0.1 too
        #[arg(long)]
        tls: bool,
    },

    /// Make a new data file (--db) a seller's copy of the marketplace at ADDRESS
    Connect {
        /// Like https://192.0.2.7:8765, as kg seller enrol printed it (http:// on this computer only)
        #[arg(value_name = "ADDRESS")]
        address: String,
        /// The enrolment code the operations manager gave (kg seller enrol)
        #[arg(long, value_name = "CODE")]
        code: String,
        /// What the marketplace calls this laptop
        #[arg(long, value_name = "NAME", default_value = "Seller laptop")]
        name: String,
        /// The marketplace's certificate fingerprint (kg seller enrol), needed for https://;
        /// this laptop trusts that certificate only, from now on
        #[arg(long, value_name = "FP")]
        fingerprint: Option<String>,
    },

    /// A seller's copy: push what waits and pull what changed (or: status, conflicts)
    Sync {
        #[command(subcommand)]
        command: Option<SyncCommand>,
    },

    /// Appeals: the frozen flows, and settling them (operations manager role)
    #[command(subcommand)]
    Appeals(AppealsCommand),

    /// Unsubscriptions: negotiated refunds of supervised orders, asked and reviewed
    #[command(subcommand)]
    Unsubscribe(UnsubscribeCommand),

    /// Messages: what whom the app acts as was told, and what is unread
    #[command(subcommand)]
    Messages(MessagesCommand),

    /// Billing Center > Invoices: ask for, issue, save as PDF and reissue invoices of paid orders
    #[command(subcommand)]
    Invoice(InvoiceCommand),

    /// Service tickets: ask the marketplace for help, and answer (operations manager)
    #[command(subcommand)]
    Ticket(TicketCommand),

    /// Billing Center > Renewals: subscriptions, their timeline, and renewing them
    #[command(subcommand)]
    Subscription(SubscriptionCommand),

    /// Automatic renewal of a subscription: on (with its period and an optional date) or off
    #[command(subcommand)]
    Autorenew(AutorenewCommand),

    /// Upgrade Specification: a higher edition or more users, its fee explained line by line
    #[command(subcommand)]
    Upgrade(UpgradeCommand),
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

#[derive(Debug, Subcommand)]
pub enum SubscriptionCommand {
    /// Every subscription of the buyer acted for, with its expiry, state and days left
    List,

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

    /// Only orders paid on or after this date, e.g. 2026-03-01 (UTC)
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
    /// The messages of whom the app acts as, the newest first, with how many are unread
    List,

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

#[derive(Debug, Subcommand)]
pub enum InvoiceCommand {
    /// The buyer's paid orders, and whether each can be invoiced (and why not)
    Orders,

    /// Buyer: ask for an invoice of paid orders not yet invoiced
    Request {
        /// An order to invoice (repeat for more)
        #[arg(long = "order", value_name = "ORDER", required = true, num_args = 1..)]
        orders: Vec<u32>,

        /// Whom the invoice is made out to, 2 to 120 characters
        #[arg(long, value_name = "TEXT")]
        title: String,

        /// The tax id: letters, digits, - and spaces
        #[arg(long, value_name = "ID")]
        tax_id: String,

        /// The address, 5 to 300 characters
        #[arg(long, value_name = "TEXT")]
        address: String,

        /// Where invoices go
        #[arg(long, value_name = "ADDRESS")]
        email: String,
    },

    /// The buyer's invoices, or every invoice for the operations manager
    List,

    /// One invoice in full
    Show {
        #[arg(value_name = "ID")]
        id: u32,
    },

    /// Save an issued invoice as a PDF into a folder (never over another file)
    Save {
        #[arg(value_name = "ID")]
        id: u32,

        /// The folder to save it in
        #[arg(long, value_name = "DIR")]
        output: PathBuf,
    },

    /// Buyer: reissue an issued invoice with corrected details (a new number; the same orders)
    Reissue {
        #[arg(value_name = "ID")]
        id: u32,

        #[arg(long, value_name = "TEXT")]
        title: Option<String>,

        #[arg(long, value_name = "ID")]
        tax_id: Option<String>,

        #[arg(long, value_name = "TEXT")]
        address: Option<String>,

        #[arg(long, value_name = "ADDRESS")]
        email: Option<String>,
    },

    /// Operations manager: issue a submitted invoice (its buyer is told)
    Issue {
        #[arg(value_name = "ID")]
        id: u32,
    },
}

#[derive(Debug, Subcommand)]
pub enum TicketCommand {
    /// Buyer: open a service ticket
    Open {
        /// What it is about: invoice, seller_unreachable, credit or other
        #[arg(long, value_name = "CATEGORY", value_parser = parse_ticket_category)]
        category: TicketCategory,

        /// The order it is about, one of the buyer's
        #[arg(long, value_name = "ORDER")]
        order: Option<u32>,

        /// The invoice it is about (to return it), one of the buyer's
        #[arg(long, value_name = "ID")]
        invoice: Option<u32>,

        /// What happened, 10 to 4000 characters
        #[arg(long, value_name = "TEXT")]
        description: String,

        /// A PDF, PNG or JPEG file (repeat for more)
        #[arg(long, value_name = "FILE")]
        attach: Vec<PathBuf>,
    },

    /// The buyer's tickets, or every ticket for the operations manager (open ones first)
    List,

    /// One ticket in full
    Show {
        #[arg(value_name = "ID")]
        id: u32,
    },

    /// Operations manager: answer an open ticket (its buyer is told)
    Answer {
        #[arg(value_name = "ID")]
        id: u32,

        /// The answer, 2 to 4000 characters
        #[arg(long, value_name = "TEXT")]
        reply: String,
    },

    /// Buyer: close a ticket, answered or not
    Close {
        #[arg(value_name = "ID")]
        id: u32,
    },

    /// Save one of a ticket's files into a folder (never over another file)
    SaveFile {
        #[arg(value_name = "ID")]
        id: u32,

        /// The file's position, as `kg ticket show` lists it
        #[arg(value_name = "POSITION")]
        position: u32,

        #[arg(long, value_name = "DIR")]
        output: PathBuf,
    },
}

fn parse_ticket_category(text: &str) -> Result<TicketCategory, String> {
    TicketCategory::parse(&text.trim().replace('-', "_")).ok_or_else(|| {
        let names: Vec<&str> = TicketCategory::ALL.iter().map(|c| c.as_str()).collect();
        format!("use one of {}", names.join(", "))
    })
}

#[derive(Debug, Subcommand)]
pub enum ImageCommand {
    /// Provision: the ECS login password is read from standard input (one line), never
    /// from a flag, so that it stays out of shell history and process lists
    Provision(Box<ProvisionArgs>),

    /// The fees of a configuration, itemised (image, ECS, EIP), before provisioning
    Fees(EcsConfigArgs),

    /// The ECS flavours on offer, with their prices
    Flavours,
}

/// What is bought; the fees depend on this alone.
#[derive(Debug, Args)]
pub struct EcsConfigArgs {
    /// The image product's id, e.g. mysql-8-database-image
    #[arg(long, value_name = "ID")]
    pub product: String,

    /// The edition's code [default: the product's first edition]
    #[arg(long, value_name = "CODE")]
    pub edition: Option<String>,

    #[arg(long, value_name = "MODE", help = one_of("The billing mode", BillingMode::ALL))]
    pub billing: BillingMode,

    /// Yearly/monthly: month or year [default: month]
    #[arg(long, value_name = "PERIOD")]
    pub period: Option<BillingPeriod>,

    /// Yearly/monthly: how many months (1 to 36) or years (1 to 5) [default: 1]
    #[arg(long, value_name = "N")]
    pub duration: Option<u32>,

    /// How many instances (1 to 20) [default: 1]
    #[arg(long, value_name = "N")]
    pub quantity: Option<u32>,

    /// The ECS flavour, as `kg image flavours` lists them, e.g. s6.large.2
    #[arg(long, value_name = "ID")]
    pub flavour: String,

    /// An elastic IP of this bandwidth for each instance, in Mbit/s (1 to 300)
    #[arg(long, value_name = "MBPS")]
    pub eip: Option<u32>,
}

#[derive(Debug, Args)]
pub struct ProvisionArgs {
    /// quick (needs the agencies: kg agency authorize) or custom
    #[arg(long, value_name = "MODE", value_parser = parse_mode)]
    pub mode: ProvisionMode,

    #[command(flatten)]
    pub configuration: EcsConfigArgs,

    /// An existing VPC of the account (its id, as `kg ecs networks` lists it)
    #[arg(long, value_name = "ID", conflicts_with_all = ["new_vpc_name", "new_vpc_cidr"])]
    pub vpc: Option<u32>,

    /// The subnet of --vpc [default: its first]
    #[arg(long, value_name = "ID", requires = "vpc")]
    pub subnet: Option<u32>,

    /// Create a VPC with this name
    #[arg(long, value_name = "NAME", requires = "new_vpc_cidr")]
    pub new_vpc_name: Option<String>,

    /// The new VPC's private block, e.g. 192.168.0.0/16
    #[arg(long, value_name = "CIDR", requires = "new_vpc_name")]
    pub new_vpc_cidr: Option<String>,

    /// The new VPC's subnet [default: its first /24]
    #[arg(long, value_name = "CIDR", requires = "new_vpc_name")]
    pub new_subnet_cidr: Option<String>,

    /// One of the account's security groups [default: the seller's recommended group]
    #[arg(long, value_name = "ID", conflicts_with = "new_security_group")]
    pub security_group: Option<u32>,

    /// Create a security group with this name
    #[arg(long, value_name = "NAME")]
    pub new_security_group: Option<String>,

    /// The new security group's inbound TCP ports, e.g. 22,80,443
    #[arg(long, value_name = "PORTS", value_delimiter = ',', requires = "new_security_group")]
    pub ports: Vec<u16>,

    /// The ECS name [default: ecs-<product>]
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,

    /// Tick the image's terms and the cloud service agreement (required)
    #[arg(long)]
    pub accept_agreements: bool,

    /// Pay with this card on file (postpaid accounts)
    #[arg(long, value_name = "ID", conflicts_with = "credit")]
    pub card: Option<u32>,

    /// Pay on credit (postpaid accounts with credit enabled)
    #[arg(long)]
    pub credit: bool,

    /// One key per submission: submitting again with the same key returns the first result
    #[arg(long, value_name = "KEY")]
    pub idempotency_key: String,
}

#[derive(Debug, Subcommand)]
pub enum EcsCommand {
    /// The account's instances, the newest first
    List,

    /// One instance
    Show {
        #[arg(value_name = "ID")]
        id: u32,
    },

    /// Shut an instance down (billing goes on: delete it to stop paying)
    Stop {
        #[arg(value_name = "ID")]
        id: u32,
    },

    /// Start an instance; a suspended one pays its arrears first
    Start {
        #[arg(value_name = "ID")]
        id: u32,
    },

    /// Delete an instance for good; its billing stops and its EIP is released
    Delete {
        #[arg(value_name = "ID")]
        id: u32,
    },

    /// Replace the system disk with an image (the same one, or another product's)
    ReplaceDisk {
        #[arg(value_name = "ID")]
        id: u32,

        /// The image product's id
        #[arg(long, value_name = "PRODUCT")]
        image: String,

        /// Its edition [default: the same edition, or the first sold by the hour]
        #[arg(long, value_name = "CODE")]
        edition: Option<String>,
    },

    /// The account's VPCs with their subnets, and its security groups
    Networks,
}

#[derive(Debug, Subcommand)]
pub enum BillsCommand {
    /// Hourly charges, the newest first (billing what is due first)
    List,
}

#[derive(Debug, Subcommand)]
pub enum AgencyCommand {
    /// The account's agencies, and what quick provisioning still needs, with each policy's actions
    List,

    /// Agree to the agencies a purpose needs
    Authorize {
        /// quick_provisioning or template_deployment
        #[arg(long, value_name = "PURPOSE", default_value = "quick_provisioning", value_parser = parse_purpose)]
        purpose: Purpose,
    },

    /// Delete an agency at once (what needs it asks again)
    Delete {
        #[arg(value_name = "NAME")]
        name: String,
    },
}

fn parse_mode(text: &str) -> Result<ProvisionMode, String> {
    text.parse().map_err(|e: koogallery_core::CoreError| e.to_string())
}

fn parse_purpose(text: &str) -> Result<Purpose, String> {
    match text.trim().replace('-', "_").as_str() {
        "quick_provisioning" | "quick" => Ok(Purpose::QuickProvisioning),
        "template_deployment" | "template" => Ok(Purpose::TemplateDeployment),
        _ => Err("use quick_provisioning or template_deployment".to_string()),
    }
}

#[derive(Debug, Subcommand)]
pub enum AccountCommand {
    /// The account's kind, prepaid balance, cards (masked) and credit
    Show,

    /// Act for another buyer account (the demo accounts: acme-prepaid, borealis-postpaid,
    /// cedar-reseller)
    Use {
        #[arg(value_name = "ACCOUNT_ID")]
        id: String,
    },

    /// Add money to a prepaid account's balance
    Topup {
        /// A positive amount with at most two decimals, e.g. 100 or 25.50
        #[arg(value_name = "AMOUNT")]
        amount: String,
    },

    /// Put a card on file for a postpaid account; the number is read from standard input, so
    /// that it stays out of the shell's history
    AddCard,

    /// Ask for credit on a postpaid account (granted at once with the standard limit)
    RequestCredit,

    /// Set the account's time zone, in which days and terms are counted (an IANA name such as
    /// Europe/Berlin, America/New_York or UTC)
    TimeZone {
        #[arg(value_name = "ZONE")]
        zone: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum SyncCommand {
    /// The marketplace, the last sync, the actions waiting and the conflicts
    Status,
    /// The actions the marketplace refused, with their reasons
    Conflicts,
}

#[derive(Debug, Subcommand)]
pub enum SellerCommand {
    /// A seller's page: its contact, the hours its after-sales support answers, and its most
    /// bought products (`kg catalog search --seller ID` lists them all)
    Show {
        /// The seller's id, as `kg product show` lists it
        #[arg(value_name = "SELLER")]
        seller: String,
    },

    /// A one-time code, valid for a day, with which a laptop of SELLER enrols, with the
    /// marketplace's address and certificate fingerprint (where kg serve last listened)
    Enrol {
        #[arg(value_name = "SELLER")]
        seller: String,
    },

    /// The enrolled laptops, of one seller or of all
    Devices {
        #[arg(value_name = "SELLER")]
        seller: Option<String>,
    },

    /// Refuse a laptop from now on: it must enrol again with a new code
    Revoke {
        #[arg(value_name = "DEVICE_ID")]
        device: u32,
    },
}

#[derive(Debug, Subcommand)]
pub enum RoleCommand {
    /// Who the app acts as, and the accounts and sellers it could act as
    Show,

    /// Act as a buyer account (this is also what `kg account use` does)
    Buyer {
        #[arg(value_name = "ACCOUNT_ID")]
        id: String,
    },

    /// Act as a seller: Seller Center's orders received
    Seller {
        #[arg(value_name = "SELLER_ID")]
        id: String,
    },

    /// Act as the operations manager: every order in the marketplace
    Operations,
}

#[derive(Debug, Subcommand)]
pub enum OrderCommand {
    /// Check out and pay: placing again with the same key charges nothing more
    Place(PlaceArgs),

    /// My Orders, the newest first
    List,

    /// Seller Center: the orders the seller acted as received (seller role)
    Received,

    /// Every order in the marketplace (operations manager role)
    All,

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

#[derive(Debug, Subcommand)]
pub enum DemoCommand {
    /// Replace everything in the data file with the demo catalog and demo accounts; a demo
    /// sandbox is put back to its first state instead, in well under a second
    Reset,

    /// Make the data file a demo sandbox: the demo store with its clock stopped, its first
    /// state kept beside it (FILE.first.db) to be put back at once, and a time machine whose
    /// moves can be undone. On a sandbox, put it back to its first state
    Sandbox,

    /// Add synthetic but plausible products, to try the app at marketplace scale
    Generate {
        /// How many products to add
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_GENERATED)))]
        products: u32,

        /// The same seed generates the same products
        #[arg(long, value_name = "N", default_value_t = 42)]
        seed: u64,
    },
}

#[derive(Debug, Subcommand)]
pub enum CatalogCommand {
    /// Search the catalog by words and filters, most relevant first
    Search(SearchArgs),
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words to look for in names, tags, sellers and descriptions (all must match)
    #[arg(value_name = "QUERY")]
    pub words: Vec<String>,

    /// Only this category (e.g. infrastructure-software)
    #[arg(long, value_name = "ID")]
    pub category: Option<String>,

    /// Only this sub-category (e.g. databases-and-cache)
    #[arg(long, value_name = "ID")]
    pub sub_category: Option<String>,

    #[arg(long, value_name = "METHOD", help = one_of("Only this delivery method", DeliveryMethod::ALL))]
    pub delivery: Option<DeliveryMethod>,

    #[arg(long, value_name = "MODE", help = one_of("Only products that offer this billing mode", BillingMode::ALL))]
    pub billing: Option<BillingMode>,

    #[arg(long, value_name = "N", help = format!("At most N products, 1 to {MAX_LIMIT} [default: {DEFAULT_LIMIT}]"))]
    pub limit: Option<u32>,

    /// Skip the first N products, to page through the results
    #[arg(long, value_name = "N")]
    pub offset: Option<u32>,

    /// Only this seller's products (a seller id, as `kg product show` lists it)
    #[arg(long, value_name = "ID")]
    pub seller: Option<String>,

    /// Only products that involve service supervision (true) or that do not (false)
    #[arg(long, value_name = "BOOL")]
    pub supervised: Option<bool>,

    /// Only images for this operating system, e.g. "Ubuntu 22.04 64bit"
    #[arg(long = "os", value_name = "NAME")]
    pub operating_system: Option<String>,

    /// Only products whose monthly price is at least this amount, e.g. 10 or 10.50
    #[arg(long, value_name = "AMOUNT")]
    pub min_price: Option<String>,

    /// Only products whose monthly price is at most this amount
    #[arg(long, value_name = "AMOUNT")]
    pub max_price: Option<String>,

    #[arg(long, value_name = "ORDER", help = one_of("How to order the results", SortOrder::ALL))]
    pub sort: Option<SortOrder>,
}

#[derive(Debug, Subcommand)]
pub enum ProductCommand {
    /// Everything the product page shows: editions, price plans, support, user guide
    Show {
        /// The product's id, as `kg catalog search` lists it
        id: String,
    },

    /// What a configuration costs, itemised: edition, billing mode, period, duration, users
    Quote(QuoteArgs),

    /// Save the product's user guide (a PDF) to a file
    Guide {
        /// The product's id, as `kg catalog search` lists it
        id: String,

        /// Where to write it: a file (replaced if it exists) or a folder. Without it, the
        /// guide goes to the current folder under its own name, never over another file
        #[arg(long, short, value_name = "PATH")]
        output: Option<PathBuf>,
    },
}

#[derive(Debug, Args)]
pub struct QuoteArgs {
    /// The product's id, as `kg catalog search` lists it
    pub id: String,

    /// The edition's code, as `kg product show` lists it
    #[arg(long, value_name = "CODE")]
    pub edition: String,

    #[arg(long, value_name = "MODE", help = one_of("The billing mode", BillingMode::ALL))]
    pub billing: BillingMode,

    #[arg(long, value_name = "PERIOD", help = one_of("The period the plan is priced by", BillingPeriod::ALL))]
    pub period: BillingPeriod,

    /// How many periods: 1 to 36 months, 1 to 5 years, 1 hour [default: 1]
    #[arg(long, value_name = "N")]
    pub duration: Option<u32>,

    /// The number of users, for plans priced per user
    #[arg(long, value_name = "N")]
    pub users: Option<u32>,

    /// How many of this configuration [default: 1]
    #[arg(long, value_name = "N")]
    pub quantity: Option<u32>,
}

#[derive(Debug, Subcommand)]
pub enum ClockCommand {
    /// The time the store runs on, and whether it is the demo clock
    Show,

    /// Stop the demo clock at an instant, firing every timer due by then, in time order
    Set {
        /// e.g. 2026-03-01T09:00:00Z, or with an offset: 2026-03-01T10:00:00+01:00
        #[arg(value_name = "RFC3339", value_parser = parse_instant)]
        at: DateTime<Utc>,
    },

    /// Move the demo clock forward (starting it from the machine's time if it is not set),
    /// firing every timer it passes, in time order: completions, refunds, hourly billing
    Advance {
        /// e.g. 5d, 3h, 90m or "1d 12h"
        #[arg(value_name = "DURATION", value_parser = parse_duration)]
        by: TimeDelta,
    },

    /// Go back to the machine's clock
    Reset,

    /// Move the clock to the next timer, whatever it is (a demo sandbox's time machine)
    Skip,

    /// Undo the last move of the clock: the store as it was before it (a demo sandbox)
    Undo,

    /// What will fire next and when: completions, appeal eligibility, refunds, hourly billing
    Next {
        /// At most N timers
        #[arg(long, value_name = "N", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=1000))]
        limit: u32,
    },
}

#[derive(Debug, Subcommand)]
pub enum FavoritesCommand {
    /// Save a product with a specification (saving it again changes the specification)
    Add(FavoriteArgs),

    /// Take a product off the list
    Remove {
        /// The product's id, as `kg favorites list` shows it
        #[arg(value_name = "PRODUCT_ID")]
        product_id: String,
    },

    /// The saved products, the most recently added first
    List,
}

#[derive(Debug, Args)]
pub struct FavoriteArgs {
    /// The product's id, as `kg catalog search` lists it
    #[arg(value_name = "PRODUCT_ID")]
    pub product_id: String,

    /// The edition's code, as `kg product show` lists it
    #[arg(long, value_name = "CODE")]
    pub edition: String,

    #[arg(long, value_name = "MODE", help = one_of("The billing mode", BillingMode::ALL))]
    pub billing: BillingMode,

    #[arg(long, value_name = "PERIOD", help = one_of("The billing period", BillingPeriod::ALL))]
    pub period: BillingPeriod,

    /// How many periods: 1 to 36 months, 1 to 5 years, 1 to 8760 hours
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub duration: u32,

    /// How many users, for editions priced per user only
    #[arg(long, value_name = "N")]
    pub users: Option<u32>,
}

#[derive(Debug, Subcommand)]
pub enum RequirementsCommand {
    /// Send a requirement for a product the catalog does not have
    Submit(RequirementArgs),

    /// The requirements sent, the most recent first
    List,
}

#[derive(Debug, Args)]
pub struct RequirementArgs {
    /// What is needed, in 10 to 2000 characters
    #[arg(long, value_name = "TEXT")]
    pub requirement: String,

    /// The company's name
    #[arg(long, value_name = "NAME")]
    pub company: String,

    /// The name of the person to contact
    #[arg(long, value_name = "NAME")]
    pub contact: String,

    /// A phone number: digits, spaces, +, -, ( and )
    #[arg(long, value_name = "NUMBER")]
    pub phone: String,

    /// An email address
    #[arg(long, value_name = "ADDRESS")]
    pub email: String,

    /// The search that found nothing
    #[arg(long, value_name = "QUERY")]
    pub search_text: Option<String>,
}

/// A help line that lists the values the core accepts, so it cannot drift from them.
fn one_of<T: Display>(what: &str, choices: &[T]) -> String {
    let names: Vec<String> = choices.iter().map(ToString::to_string).collect();
    format!("{what}: {}", names.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_grammar_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn global_options_are_accepted_after_the_subcommand() {
        let cli = Cli::try_parse_from(["kg", "catalog", "search", "my", "sql", "--json", "--db", "x.db"]).unwrap();
        assert!(cli.global.json);
        assert_eq!(cli.global.db, Some(PathBuf::from("x.db")));
        let Command::Catalog(CatalogCommand::Search(args)) = cli.command else { panic!("not a search") };
        assert_eq!(args.words, ["my", "sql"]);
    }

    #[test]
    fn values_are_parsed_by_the_core() {
        let cli = Cli::try_parse_from(["kg", "catalog", "search", "--delivery", "professional-service"]).unwrap();
        let Command::Catalog(CatalogCommand::Search(args)) = cli.command else { panic!("not a search") };
        assert_eq!(args.delivery, Some(DeliveryMethod::ProfessionalService));

        let err = Cli::try_parse_from(["kg", "catalog", "search", "--billing", "rental"]).unwrap_err();
        assert!(err.to_string().contains("--billing <MODE>"), "{err}");
        assert!(Cli::try_parse_from(["kg", "clock", "advance", "soon"]).is_err());
        assert!(Cli::try_parse_from(["kg", "clock", "set", "1 March"]).is_err());
    }

    #[test]
    fn supervision_values_are_checked_before_the_store_is_opened() {
        let cli =
            Cli::try_parse_from(["kg", "supervision", "list", "--state", "seller-deploying", "--from", "2026-3-1"])
                .unwrap();
        let Command::Supervision(SupervisionCommand::List(filter)) = cli.command else { panic!("not a list") };
        assert_eq!(filter.state, Some(FlowState::SellerDeploying));
        assert_eq!(filter.from.as_deref(), Some("2026-03-01"));

        let state = Cli::try_parse_from(["kg", "supervision", "list", "--state", "done"]).unwrap_err().to_string();
        assert!(state.contains("awaiting_request") && state.contains("cancelled"), "the states are listed: {state}");
        assert!(Cli::try_parse_from(["kg", "unsubscribe", "review", "3", "--comment", "ok"]).is_err(), "a verdict");
        assert!(Cli::try_parse_from(["kg", "unsubscribe", "review", "3", "--approve", "--reject", "--comment", "ok"])
            .is_err());
        let half = ["kg", "supervision", "deliver", "7", "--proof", "a.pdf", "--app-user", "admin"];
        assert!(Cli::try_parse_from(half).is_err(), "a SaaS account comes whole");
        assert!(Cli::try_parse_from(["kg", "supervision", "deliver", "7", "--proof", "a.pdf", "--app-password-stdin"])
            .is_err());
        let settle =
            ["kg", "appeals", "settle", "7", "--for", "buyer", "--refund", "5", "--complete", "--decision", "x"];
        assert!(Cli::try_parse_from(settle).is_err(), "a refund does not complete");
    }
}
