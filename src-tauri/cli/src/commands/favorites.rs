//! `kg favorites`: My Favorites from a terminal, with the specification each product was
//! saved with.

use koogallery_core::catalog::model::{BillingMode, BillingPeriod};
use koogallery_core::clock::Clock;
use koogallery_core::favorites::{self, Favorite, FavoriteSpec};
use koogallery_core::Store;

use crate::args::catalog::FavoritesCommand;
use crate::output::{count, table, truncate, Output, Zone};
use crate::Failure;

const NAME_WIDTH: usize = 40;

pub fn run(store: &mut Store, clock: &dyn Clock, command: FavoritesCommand, out: &Output) -> Result<(), Failure> {
    match command {
        FavoritesCommand::Add(args) => {
            let spec = FavoriteSpec {
                edition: args.edition,
                billing: args.billing,
                period: args.period,
                duration: args.duration,
                users: args.users,
            };
            let saved = favorites::save(store, clock, &args.product_id, &spec)?;
            out.show(&saved, || {
                format!("Saved {} ({}): {}", saved.product.name, saved.product.id, spec_words(&saved))
            })?;
        }
        FavoritesCommand::Remove { product_id } => {
            favorites::remove(store, &product_id)?;
            out.show(&serde_json::json!({ "removed": product_id }), || {
                format!("Removed {product_id} from My Favorites")
            })?;
        }
        FavoritesCommand::List => {
            let list = favorites::list(store.conn())?;
            out.show(&list, || listing(&list, out.zone()))?;
        }
    }
    Ok(())
}

fn listing(list: &[Favorite], zone: Zone) -> String {
    if list.is_empty() {
        return "No saved products yet.".to_string();
    }
    let mut rows = vec![["ID", "NAME", "SPECIFICATION", "SAVED"].map(String::from).to_vec()];
    rows.extend(list.iter().map(|f| {
        vec![f.product.id.clone(), truncate(&f.product.name, NAME_WIDTH), spec_words(f), zone.at(&f.saved_at)]
    }));
    let mut lines = table(&rows);
    lines.push(count(list.len() as u32, "saved product"));
    lines.join("\n")
}

/// "Standard · yearly/monthly · 3 months · 25 users", as the app says it.
pub fn spec_words(favorite: &Favorite) -> String {
    let spec = &favorite.spec;
    configuration_words(&favorite.edition_name, spec.billing, spec.period, spec.duration, spec.users)
}

/// A configuration in words: edition, billing mode, duration and users.
pub fn configuration_words(
    edition_name: &str,
    billing: BillingMode,
    period: BillingPeriod,
    duration: u32,
    users: Option<u32>,
) -> String {
    let billing = match billing {
        BillingMode::PayPerUse => "pay-per-use",
        BillingMode::YearlyMonthly => "yearly/monthly",
    };
    let period = match period {
        BillingPeriod::Hour => "hour",
        BillingPeriod::Month => "month",
        BillingPeriod::Year => "year",
    };
    let mut words = vec![edition_name.to_string(), billing.to_string(), count(duration, period)];
    if let Some(users) = users {
        words.push(count(users, "user"));
    }
    words.join(" · ")
}
