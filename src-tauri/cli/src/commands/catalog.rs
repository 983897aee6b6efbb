//! `kg catalog search`: the app's search, with its filters, for scripts and terminals.

use koogallery_core::catalog::model::{BillingPeriod, ProductSummary, StartingPrice};
use koogallery_core::catalog::search::{self, SearchQuery, SearchResults};
use koogallery_core::Store;

use crate::args::catalog::SearchArgs;
use crate::output::{count, table, truncate, Output};
use crate::Failure;

/// Wide enough for most product names while a row still fits a 120-column terminal; ids are
/// never cut, since they are what `kg product show` takes.
const NAME_WIDTH: usize = 40;
const SELLER_WIDTH: usize = 24;

pub fn search(store: &Store, args: SearchArgs, out: &Output) -> Result<(), Failure> {
    let query = SearchQuery {
        text: (!args.words.is_empty()).then(|| args.words.join(" ")),
        category: args.category,
        sub_category: args.sub_category,
        delivery: args.delivery,
        billing: args.billing,
        limit: args.limit,
        offset: args.offset,
        seller: args.seller,
        supervised: args.supervised,
        operating_system: args.operating_system,
        min_price: args.min_price,
        max_price: args.max_price,
        sort: args.sort,
        facets: None,
    };
    let results = search::search(store, &query)?;
    out.show(&results.items, || listing(&results))?;
    Ok(())
}

fn listing(results: &SearchResults) -> String {
    let mut lines = products_table(&results.items);
    lines.push(format!("{} of {}", results.items.len(), count(results.total, "product")));
    if !results.suggestions.is_empty() {
        lines.push(format!("Did you mean: {}?", results.suggestions.join(", ")));
    }
    lines.join("\n")
}

/// Products as a search lists them, a line each under a header; nothing for none.
pub fn products_table(products: &[ProductSummary]) -> Vec<String> {
    if products.is_empty() {
        return Vec::new();
    }
    let mut rows = vec![["ID", "NAME", "SELLER", "DELIVERY", "PRICE"].map(String::from).to_vec()];
    rows.extend(products.iter().map(row));
    table(&rows)
}

fn row(product: &ProductSummary) -> Vec<String> {
    vec![
        product.id.clone(),
        truncate(&product.name, NAME_WIDTH),
        truncate(&product.seller, SELLER_WIDTH),
        product.delivery.to_string(),
        starting_price(product.starting_price.as_ref()),
    ]
}

/// "from 0.12/hour", "from 8.00/user/month", or "on request" when no plan has a price.
pub fn starting_price(price: Option<&StartingPrice>) -> String {
    match price {
        Some(price) => format!("from {}", rate(&price.amount, price.period, price.per_user)),
        None => "on request".to_string(),
    }
}

/// "29.00/month", "8.00/user/month".
pub fn rate(amount: &str, period: BillingPeriod, per_user: bool) -> String {
    let user = if per_user { "/user" } else { "" };
    format!("{amount}{user}/{period}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starting_prices_read_like_the_app() {
        let hourly = StartingPrice { amount: "0.12".into(), period: BillingPeriod::Hour, per_user: false };
        assert_eq!(starting_price(Some(&hourly)), "from 0.12/hour");
        let per_user = StartingPrice { amount: "8.00".into(), period: BillingPeriod::Month, per_user: true };
        assert_eq!(starting_price(Some(&per_user)), "from 8.00/user/month");
        assert_eq!(starting_price(None), "on request");
    }

    #[test]
    fn an_empty_result_says_so_without_a_header() {
        let empty = SearchResults { items: vec![], total: 0, facets: None, suggestions: vec![] };
        assert_eq!(listing(&empty), "0 of 0 products");
    }
}
