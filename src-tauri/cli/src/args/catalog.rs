//! The catalog: searching it, a product's page and quote, My Favorites, and product
//! requirements (`kg catalog`, `kg product`, `kg favorites`, `kg requirements`).

use std::path::PathBuf;

use clap::{Args, Subcommand};
use koogallery_core::catalog::model::{BillingMode, BillingPeriod, DeliveryMethod, SortOrder};
use koogallery_core::catalog::search::{DEFAULT_LIMIT, MAX_LIMIT};

use super::one_of;

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
