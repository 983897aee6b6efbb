//! The buyer account and who the app acts as (`kg account`, `kg role`).

use clap::Subcommand;

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
    /// Europe/Berlin, America/New_York or UTC); the terms bought keep their expiry, and their
    /// renewals, reminders and grace periods follow the new zone
    TimeZone {
        #[arg(value_name = "ZONE")]
        zone: String,
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
