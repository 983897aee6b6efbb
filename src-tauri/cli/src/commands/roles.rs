//! `kg role`: who the app acts as, for demos run from a terminal.

use koogallery_core::roles::{self, ActingAs, Role, RoleChoice};
use koogallery_core::Store;

use crate::args::accounts::RoleCommand;
use crate::output::Output;
use crate::Failure;

pub fn role(store: &mut Store, command: RoleCommand, out: &Output) -> Result<(), Failure> {
    let acting = match command {
        RoleCommand::Show => roles::show(store.conn())?,
        RoleCommand::Buyer { id } => roles::switch(store, &RoleChoice::Buyer { account_id: id })?,
        RoleCommand::Seller { id } => roles::switch(store, &RoleChoice::Seller { seller_id: id })?,
        RoleCommand::Operations => roles::switch(store, &RoleChoice::OperationsManager)?,
    };
    out.show(&acting, || text(&acting))?;
    Ok(())
}

fn text(acting: &ActingAs) -> String {
    let now = match acting.role {
        Role::Buyer => format!("Acting as the buyer {} ({})", acting.account.name, acting.account.id),
        Role::Seller => match &acting.seller {
            Some(seller) => format!("Acting as the seller {} ({})", seller.name, seller.id),
            None => "Acting as a seller, but the store has no sellers".to_string(),
        },
        Role::OperationsManager => "Acting as the operations manager".to_string(),
    };
    let mut lines = vec![now, String::new(), "Buyer accounts (kg role buyer ID):".to_string()];
    lines.extend(acting.accounts.iter().map(|a| format!("  {:<24} {}", a.id, a.name)));
    lines.push("Sellers (kg role seller ID):".to_string());
    lines.extend(acting.sellers.iter().map(|s| format!("  {:<24} {} ({} products)", s.id, s.name, s.products)));
    lines.join("\n")
}
