//! The grammar of `kg`, one module per area as in `crate::commands`.
//!
//! Values the core knows how to read (delivery methods, billing modes, instants, durations)
//! are parsed here, through the core's own parsers, so that a bad value is refused before the
//! store is opened and the message names the argument it came from.

pub mod accounts;
pub mod after_sales;
pub mod buying;
pub mod catalog;
pub mod demo;
pub mod images;
pub mod sellers;
pub mod subscriptions;
pub mod supervision;

use std::fmt::Display;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use accounts::{AccountCommand, RoleCommand};
use after_sales::{InvoiceCommand, TicketCommand};
use buying::{AppsCommand, OrderCommand};
use catalog::{CatalogCommand, FavoritesCommand, ProductCommand, RequirementsCommand};
use demo::{ClockCommand, DemoCommand};
use images::{AgencyCommand, BillsCommand, EcsCommand, ImageCommand};
use sellers::{SellerCommand, SyncCommand};
use subscriptions::{AutorenewCommand, SubscriptionCommand, UpgradeCommand};
use supervision::{AppealsCommand, MessagesCommand, SupervisionCommand, UnsubscribeCommand};

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

/// A help line that lists the values the core accepts, so it cannot drift from them.
pub(crate) fn one_of<T: Display>(what: &str, choices: &[T]) -> String {
    let names: Vec<String> = choices.iter().map(ToString::to_string).collect();
    format!("{what}: {}", names.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;
    use koogallery_core::catalog::model::DeliveryMethod;
    use koogallery_core::supervision::FlowState;

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
