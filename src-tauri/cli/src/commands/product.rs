//! `kg product show`: what the product page shows, as text a terminal can hold; `kg product
//! quote`: what a configuration of it costs, line by line; `kg product guide`: its user guide,
//! saved to a file.
//!
//! The description is left to `--json`: the summary line says what the product is, and the
//! editions and prices are what a person at a terminal compares.

use std::fmt::Display;
use std::path::{Path, PathBuf};

use koogallery_core::catalog::model::{Edition, PricePlan, PriceTier, PricingModel, ProductDetail};
use koogallery_core::catalog::pricing::{self, Quote, QuoteRequest};
use koogallery_core::catalog::{media, product};
use koogallery_core::{CoreError, Store};

use super::catalog::{rate, starting_price};
use crate::args::catalog::QuoteArgs;
use crate::output::{table, Output};
use crate::Failure;

pub fn show(store: &Store, id: &str, out: &Output) -> Result<(), Failure> {
    let detail = product::show(store.conn(), id)?;
    out.show(&detail, || page(&detail))?;
    Ok(())
}

pub fn quote(store: &Store, args: QuoteArgs, out: &Output) -> Result<(), Failure> {
    let request = QuoteRequest {
        product_id: args.id,
        edition: args.edition,
        billing: args.billing,
        period: args.period,
        duration: args.duration.unwrap_or(1),
        users: args.users,
        quantity: args.quantity,
    };
    let quote = pricing::quote(store.conn(), &request)?;
    out.show(&quote, || quote_text(&quote))?;
    Ok(())
}

/// Saves the user guide: into a folder (the current one by default) under its own name, never
/// over another file, as the app does; or to exactly the file `output` names.
pub fn guide(store: &Store, id: &str, output: Option<PathBuf>, out: &Output) -> Result<(), Failure> {
    let io = |path: &Path| {
        let context = format!("cannot write {}", path.display());
        move |source| CoreError::Io { context, source }
    };
    let path = match output {
        Some(file) if !file.is_dir() => {
            let (_, guide) = media::read_guide(store.conn(), id)?;
            std::fs::write(&file, &guide.bytes).map_err(io(&file))?;
            file
        }
        Some(folder) => media::save_guide(store.conn(), id, &folder)?,
        None => {
            let here = std::env::current_dir().map_err(io(Path::new(".")))?;
            media::save_guide(store.conn(), id, &here)?
        }
    };
    let saved = serde_json::json!({ "product_id": id, "path": path });
    out.show(&saved, || format!("Saved the user guide of {id} to {}", path.display()))?;
    Ok(())
}

/// The lines with their amounts aligned on the right, then the total and the note.
fn quote_text(quote: &Quote) -> String {
    let mut rows: Vec<Vec<String>> = quote.lines.iter().map(|l| vec![l.label.clone(), l.amount.clone()]).collect();
    rows.push(vec![format!("Total {}", quote.per), quote.total.clone()]);
    let width = rows.iter().map(|r| r[1].len()).max().unwrap_or(0);
    for row in &mut rows {
        row[1] = format!("{:>width$}", row[1]);
    }
    let mut lines = table(&rows);
    if let Some(note) = &quote.note {
        lines.push(String::new());
        lines.push(note.clone());
    }
    lines.join("\n")
}

fn page(detail: &ProductDetail) -> String {
    let summary = &detail.summary;
    let seller = &detail.seller;
    let mut lines = vec![format!("{} ({})", summary.name, summary.id)];

    let mut contact = vec![seller.email.as_str(), seller.phone.as_str()];
    contact.extend(seller.website.as_deref());
    lines.push(field("Seller", format!("{} ({}) · {}", seller.name, seller.id, contact.join(" · "))));
    lines.push(field("Category", format!("{} › {}", summary.category_name, summary.sub_category_name)));
    let billing: Vec<String> = summary.billing_modes.iter().map(ToString::to_string).collect();
    lines.push(field("Delivery", format!("{}; billing: {}", summary.delivery, billing.join(", "))));
    let supervision =
        if summary.supervised { "yes: the delivery is followed step by step until the buyer accepts it" } else { "no" };
    lines.push(field("Supervision", supervision));
    lines.push(field("Price", starting_price(summary.starting_price.as_ref())));
    lines.push(field("Released", &detail.released_on));
    if let Some(os) = &detail.operating_system {
        lines.push(field("OS", os));
    }
    if !detail.tags.is_empty() {
        lines.push(field("Tags", detail.tags.join(", ")));
    }
    if detail.requires_seller_authorization {
        lines.push(field("Authorization", "at purchase, the buyer lets the seller use the account's contact details"));
    }

    lines.push(String::new());
    lines.push(summary.summary.clone());
    lines.push(String::new());
    lines.push("Editions:".to_string());
    lines.extend(detail.editions.iter().flat_map(edition));
    lines.push(String::new());

    let support = &detail.support;
    let guide = match &detail.user_guide {
        Some(guide) => format!("{} ({})", guide.file_name, file_size(guide.size_bytes)),
        None => "none".to_string(),
    };
    lines.push(field("Support", format!("{} · {} · {}", support.email, support.phone, support.hours)));
    lines.push(field("User guide", guide));
    lines.join("\n")
}

fn field(label: &str, value: impl Display) -> String {
    format!("{:<15}{value}", format!("{label}:"))
}

fn edition(edition: &Edition) -> Vec<String> {
    let mut lines = vec![format!("  {} ({}): {}", edition.name, edition.code, edition.specification)];
    for plan in &edition.plans {
        lines.extend(plan_lines(plan));
    }
    lines
}

fn plan_lines(plan: &PricePlan) -> Vec<String> {
    let head = format!("    {}, {}", plan.billing, plan.pricing);
    let price = |per_user| match &plan.price {
        Some(amount) => rate(amount, plan.period, per_user),
        None => "on request".to_string(),
    };
    match plan.pricing {
        PricingModel::Flat => vec![format!("{head}: {}", price(false))],
        PricingModel::Linear => vec![format!("{head}: {}", price(true))],
        PricingModel::Tiered | PricingModel::Volume => {
            let how = if plan.pricing == PricingModel::Tiered {
                "each tier's users pay that tier's price"
            } else {
                "all users pay the price of the tier the total falls in"
            };
            let mut lines = vec![format!("{head} ({how}):")];
            lines.extend(
                plan.tiers
                    .iter()
                    .map(|tier| format!("      {}: {}", users(tier), rate(&tier.unit_price, plan.period, true))),
            );
            lines
        }
    }
}

/// "1 user", "1–10 users", "51+ users".
fn users(tier: &PriceTier) -> String {
    match tier.to_users {
        None => format!("{}+ users", tier.from_users),
        Some(1) if tier.from_users == 1 => "1 user".to_string(),
        Some(to) if to == tier.from_users => format!("{to} users"),
        Some(to) => format!("{}–{to} users", tier.from_users),
    }
}

/// "512 B", "48 KB", "2.4 MB".
fn file_size(bytes: u32) -> String {
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut value = f64::from(bytes) / 1024.0;
    let mut unit = "KB";
    for next in ["MB", "GB"] {
        if value < 1024.0 {
            break;
        }
        value /= 1024.0;
        unit = next;
    }
    if value >= 10.0 {
        format!("{value:.0} {unit}")
    } else {
        format!("{} {unit}", format!("{value:.1}").trim_end_matches(".0"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tier(from_users: u32, to_users: Option<u32>) -> PriceTier {
        PriceTier { from_users, to_users, unit_price: "1.00".into() }
    }

    #[test]
    fn tiers_name_their_users() {
        assert_eq!(users(&tier(1, Some(1))), "1 user");
        assert_eq!(users(&tier(1, Some(10))), "1–10 users");
        assert_eq!(users(&tier(5, Some(5))), "5 users");
        assert_eq!(users(&tier(51, None)), "51+ users");
    }

    #[test]
    fn sizes_read_like_the_app() {
        assert_eq!(file_size(512), "512 B");
        assert_eq!(file_size(1024), "1 KB");
        assert_eq!(file_size(49_152), "48 KB");
        assert_eq!(file_size(2_516_582), "2.4 MB");
    }
}
