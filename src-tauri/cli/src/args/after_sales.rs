//! After-sales: invoices and service tickets (`kg invoice`, `kg ticket`).

use std::path::PathBuf;

use clap::Subcommand;
use koogallery_core::tickets::TicketCategory;

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
