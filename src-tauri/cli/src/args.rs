//! The grammar of `kg`.
//!
//! Values the core knows how to read (delivery methods, billing modes, instants, durations)
//! are parsed here, through the core's own parsers, so that a bad value is refused before the
//! store is opened and the message names the argument it came from.

use std::fmt::Display;
use std::path::PathBuf;

use chrono::{DateTime, TimeDelta, Utc};
use clap::{Args, Parser, Subcommand};
use koogallery_core::agencies::Purpose;
use koogallery_core::catalog::model::{BillingMode, BillingPeriod, DeliveryMethod, SortOrder};
use koogallery_core::catalog::search::{DEFAULT_LIMIT, MAX_LIMIT};
use koogallery_core::clock::{parse_duration, parse_instant};
use koogallery_core::demo::MAX_GENERATED;
use koogallery_core::images::ProvisionMode;

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
    /// Replace everything in the data file with the demo catalog and demo accounts
    Reset,

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

    /// Stop the demo clock at an instant
    Set {
        /// e.g. 2026-03-01T09:00:00Z, or with an offset: 2026-03-01T10:00:00+01:00
        #[arg(value_name = "RFC3339", value_parser = parse_instant)]
        at: DateTime<Utc>,
    },

    /// Move the demo clock forward (starting it from the machine's time if it is not set)
    Advance {
        /// e.g. 5d, 3h, 90m or "1d 12h"
        #[arg(value_name = "DURATION", value_parser = parse_duration)]
        by: TimeDelta,
    },

    /// Go back to the machine's clock
    Reset,
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
}
