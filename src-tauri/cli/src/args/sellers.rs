//! Sellers: a seller's page, its laptops, and a laptop's sync (`kg seller`, `kg sync`).

use clap::Subcommand;

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
pub enum SyncCommand {
    /// The marketplace, the last sync, the actions waiting and the conflicts
    Status,
    /// The actions the marketplace refused, with their reasons
    Conflicts,
}
