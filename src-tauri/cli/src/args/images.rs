//! Images and their cloud resources: provisioning, the ECS console, hourly bills and agencies
//! (`kg image`, `kg ecs`, `kg bills`, `kg agency`).

use clap::{Args, Subcommand};
use koogallery_core::agencies::Purpose;
use koogallery_core::catalog::model::{BillingMode, BillingPeriod};
use koogallery_core::images::ProvisionMode;

use super::one_of;

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
