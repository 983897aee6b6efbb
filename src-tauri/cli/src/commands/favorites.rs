//! `kg favorites`: My Favorites from a terminal, with the specification each product was
//! saved with.

use koogallery_core::catalog::model::{BillingMode, BillingPeriod};
use koogallery_core::clock::Clock;
use koogallery_core::favorites::{self, Favorite, FavoriteSpec};
use koogallery_core::Store;

use crate::args::FavoritesCommand;
use crate::output::{count, table, truncate, Output};
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
            out.show(&list, || listing(&list))?;
        }
    }
    Ok(())
}

fn listing(list: &[Favorite]) -> String {
    if list.is_empty() {
        return "No saved products yet.".to_string();
    }
    let mut rows = vec![["ID", "NAME", "SPECIFICATION", "SAVED"].map(String::from).to_vec()];
    rows.extend(
        list.iter().map(|f| {
            vec![f.product.id.clone(), truncate(&f.product.name, NAME_WIDTH), spec_words(f), f.saved_at.clone()]
        }),
    );
    let mut lines = table(&rows);
    lines.push(count(list.len() as u32, "saved product"));
    lines.join("\n")
}

/// "Standard · yearly/monthly · 3 months · 25 users", as the app says it.
pub fn spec_words(favorite: &Favorite) -> String {
    let spec = &favorite.spec;
    let billing = match spec.billing {
        BillingMode::PayPerUse => "pay-per-use",
        BillingMode::YearlyMonthly => "yearly/monthly",
    };
    let period = match spec.period {
        BillingPeriod::Hour => "hour",
        BillingPeriod::Month => "month",
        BillingPeriod::Year => "year",
    };
    let mut words = vec![favorite.edition_name.clone(), billing.to_string(), plural(spec.duration, period)];
    if let Some(users) = spec.users {
        words.push(plural(users, "user"));
    }
    words.join(" · ")
}

fn plural(n: u32, unit: &str) -> String {
    if n == 1 {
        format!("1 {unit}")
    } else {
        format!("{n} {unit}s")
    }
}
