//! Finding products: every word as a prefix (and, in names, inside words), with filters, sort
//! orders and facet counts, answered from the index the store keeps (`index/`).
//!
//! Ranking: products whose name holds every word come first, then those whose tags hold them,
//! then the rest. Inside a group the most bought come first: a buyer who types "mysql" wants
//! the MySQL product everyone uses, not the one whose description says MySQL most often.
//! Ties go by name, then by key, so that pages never overlap.

mod facets;
mod index;
mod suggestions;
mod words;

use std::borrow::Cow;

use roaring::RoaringBitmap;
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

pub use super::model::SortOrder;
use super::model::*;
use crate::{CoreError, Result, Store};
pub(crate) use index::SearchIndex;

pub const DEFAULT_LIMIT: u32 = 50;
pub const MAX_LIMIT: u32 = 500;
const MAX_QUERY_CHARS: usize = 200;
const MAX_QUERY_WORDS: usize = 12;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct SearchQuery {
    pub text: Option<String>,
    pub category: Option<String>,
    pub sub_category: Option<String>,
    pub delivery: Option<DeliveryMethod>,
    pub billing: Option<BillingMode>,
    /// A seller's id.
    pub seller: Option<String>,
    /// Only products that involve service supervision (true) or that do not (false).
    pub supervised: Option<bool>,
    /// For images: the operating system, exactly as the product states it.
    pub operating_system: Option<String>,
    /// Bounds on the monthly price (decimal strings, e.g. "10.00"), see [`SortOrder::PriceAsc`].
    pub min_price: Option<String>,
    pub max_price: Option<String>,
    pub sort: Option<SortOrder>,
    /// Also count, for every filter value, how many products it would leave.
    pub facets: Option<bool>,
    pub limit: Option<u32>,
    pub offset: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SearchResults {
    pub items: Vec<ProductSummary>,
    pub total: u32,
    /// Present when the query asked for facets.
    pub facets: Option<Facets>,
    /// Near spellings of the search text, when it found nothing.
    pub suggestions: Vec<String>,
}

/// For each filter, its values with the number of products each would leave, given the other
/// filters and the search text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Facets {
    pub category: Vec<FacetValue>,
    pub sub_category: Vec<FacetValue>,
    pub delivery: Vec<FacetValue>,
    pub billing: Vec<FacetValue>,
    pub seller: Vec<FacetValue>,
    pub supervised: Vec<FacetValue>,
    pub operating_system: Vec<FacetValue>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FacetValue {
    /// What the query's field takes: an id, a method, "true"/"false", an operating system.
    pub value: String,
    pub label: String,
    pub count: u32,
}

/// What the home screen shows: the category menu and the Popular Applications module.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct HomeView {
    pub categories: Vec<Category>,
    pub popular: Vec<ProductSummary>,
    pub product_count: u32,
}

const POPULAR_COUNT: u32 = 12;

fn price_cents(field: &str, text: &Option<String>) -> Result<Option<i64>> {
    let Some(text) = text else { return Ok(None) };
    let invalid = || CoreError::invalid(format!("the {field} must be an amount such as 10 or 10.50, not {text:?}"));
    let amount = rust_decimal::Decimal::from_str_exact(text.trim()).map_err(|_| invalid())?;
    if amount.is_sign_negative() || amount.scale() > 2 {
        return Err(invalid());
    }
    i64::try_from(amount * rust_decimal::Decimal::from(100)).map(Some).map_err(|_| invalid())
}

fn check(conn: &Connection, query: &SearchQuery) -> Result<()> {
    if let Some(text) = &query.text {
        if text.chars().count() > MAX_QUERY_CHARS {
            return Err(CoreError::invalid(format!("the search text is longer than {MAX_QUERY_CHARS} characters")));
        }
    }
    if let Some(limit) = query.limit {
        if limit == 0 || limit > MAX_LIMIT {
            return Err(CoreError::invalid(format!("the limit must be between 1 and {MAX_LIMIT}")));
        }
    }
    let known = |sql: &str, id: &str| -> Result<bool> {
        Ok(conn.prepare_cached(sql)?.query_row([id], |_| Ok(())).optional()?.is_some())
    };
    if let Some(category) = &query.category {
        if !known("SELECT 1 FROM categories WHERE id = ?1", category)? {
            return Err(CoreError::invalid(format!("there is no category {category:?}")));
        }
    }
    if let Some(sub) = &query.sub_category {
        if !known("SELECT 1 FROM sub_categories WHERE id = ?1", sub)? {
            return Err(CoreError::invalid(format!("there is no sub-category {sub:?}")));
        }
    }
    if let Some(seller) = &query.seller {
        if !known("SELECT 1 FROM sellers WHERE id = ?1", seller)? {
            return Err(CoreError::invalid(format!("there is no seller {seller:?}")));
        }
    }
    if let (Some(min), Some(max)) =
        (price_cents("minimum price", &query.min_price)?, price_cents("maximum price", &query.max_price)?)
    {
        if min > max {
            return Err(CoreError::invalid("the minimum price is above the maximum price"));
        }
    }
    Ok(())
}

/// The filters a facet can leave out, to count what each of its values would leave.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Facet {
    Category,
    SubCategory,
    Delivery,
    Billing,
    Seller,
    Supervised,
    OperatingSystem,
}

/// A query's filters as sets of products, each with the facet it belongs to (the price range
/// belongs to none: it is never left out).
struct Filters<'a>(Vec<(Option<Facet>, Cow<'a, RoaringBitmap>)>);

impl<'a> Filters<'a> {
    fn of(index: &'a SearchIndex, query: &SearchQuery) -> Result<Filters<'a>> {
        let empty = || Cow::Owned(RoaringBitmap::new());
        let value = |sets: &'a std::collections::HashMap<String, RoaringBitmap>, key: &str| {
            sets.get(key).map_or_else(empty, Cow::Borrowed)
        };
        let mut filters = Vec::new();
        if let Some(v) = &query.category {
            filters.push((Some(Facet::Category), value(&index.category, v)));
        }
        if let Some(v) = &query.sub_category {
            filters.push((Some(Facet::SubCategory), value(&index.sub_category, v)));
        }
        if let Some(v) = query.delivery {
            filters.push((Some(Facet::Delivery), value(&index.delivery, v.as_str())));
        }
        if let Some(v) = query.billing {
            let set = match v {
                BillingMode::PayPerUse => &index.pay_per_use,
                BillingMode::YearlyMonthly => &index.yearly_monthly,
            };
            filters.push((Some(Facet::Billing), Cow::Borrowed(set)));
        }
        if let Some(v) = &query.seller {
            filters.push((Some(Facet::Seller), value(&index.seller, v)));
        }
        if let Some(v) = query.supervised {
            let set = if v { Cow::Borrowed(&index.supervised) } else { Cow::Owned(&index.all - &index.supervised) };
            filters.push((Some(Facet::Supervised), set));
        }
        if let Some(v) = &query.operating_system {
            filters.push((Some(Facet::OperatingSystem), value(&index.operating_system, v)));
        }
        let min = price_cents("minimum price", &query.min_price)?;
        let max = price_cents("maximum price", &query.max_price)?;
        if min.is_some() || max.is_some() {
            let (min, max) = (min.unwrap_or(i64::MIN), max.unwrap_or(i64::MAX));
            let in_range = index.all.iter().filter(|&d| (min..=max).contains(&index.monthly_price_cents[d as usize]));
            filters.push((None, Cow::Owned(RoaringBitmap::from_sorted_iter(in_range).expect("documents in order"))));
        }
        Ok(Filters(filters))
    }

    fn has(&self, facet: Facet) -> bool {
        self.0.iter().any(|(f, _)| *f == Some(facet))
    }

    /// `base` narrowed by every filter, leaving out one facet's own if asked.
    fn apply(&self, base: &RoaringBitmap, without: Option<Facet>) -> RoaringBitmap {
        let mut kept: Vec<&RoaringBitmap> =
            self.0.iter().filter(|(f, _)| without.is_none() || *f != without).map(|(_, set)| set.as_ref()).collect();
        // Smallest first: every later intersection then works on less.
        kept.sort_by_key(|set| set.len());
        let mut result = base.clone();
        for set in kept {
            result &= set;
        }
        result
    }
}

/// Brings the search index up to date now if the catalog moved (or builds it if the store has
/// none), and reads its head, so that the next search does neither. Cheap when it is current.
pub fn prepare(store: &Store) -> Result<()> {
    let conn = store.conn();
    index::bring_up_to_date(conn)?;
    let _read = reading(conn)?;
    SearchIndex::current(conn, &mut store.search_index())?;
    Ok(())
}

/// Builds the search index again from the whole catalog, in one transaction. Never needed for
/// correctness (the index follows every change); measured by the bench, and compared against
/// in the tests.
pub fn rebuild(store: &Store) -> Result<()> {
    let tx = rusqlite::Transaction::new_unchecked(store.conn(), rusqlite::TransactionBehavior::Immediate)?;
    index::rebuild(&tx)?;
    tx.commit()?;
    *store.search_index() = None;
    Ok(())
}

/// How many times the store's search index was built whole: the evidence that a store opened
/// again, or a product changed, did not rebuild it.
pub fn full_builds(store: &Store) -> Result<u32> {
    Ok(store.conn().query_row("SELECT coalesce(max(builds), 0) FROM search_state", [], |r| r.get(0))?)
}

/// Brings the search index up to date inside the caller's write transaction: the import and
/// the demo call it at their end, so that the first search does not pay for what they added.
pub(crate) fn refresh(conn: &Connection) -> Result<()> {
    index::bring_up_to_date(conn)
}

/// A read transaction for one search, unless the caller holds one: the index's head, its words
/// and the rows of the page are then read from the same state of the store, even while another
/// process writes.
fn reading(conn: &Connection) -> Result<Option<rusqlite::Transaction<'_>>> {
    Ok(if conn.is_autocommit() { Some(conn.unchecked_transaction()?) } else { None })
}

pub fn search(store: &Store, query: &SearchQuery) -> Result<SearchResults> {
    let conn = store.conn();
    check(conn, query)?;
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT) as usize;
    let offset = query.offset.unwrap_or(0) as usize;
    let words = query.text.as_deref().map(|t| words::query_words(t, MAX_QUERY_WORDS)).unwrap_or_default();
    let has_text = !words.is_empty();

    index::bring_up_to_date(conn)?;
    let _read = reading(conn)?;
    let mut slot = store.search_index();
    let index = SearchIndex::current(conn, &mut slot)?;
    let tiers = if has_text { Some(index.matching(conn, &words)?) } else { None };
    let matched = match &tiers {
        Some([first, second, third]) => Cow::Owned(first | second | third),
        None => Cow::Borrowed(&index.all),
    };
    let filters = Filters::of(index, query)?;
    let results = filters.apply(&matched, None);

    let sort = query.sort.unwrap_or(if has_text { SortOrder::Relevance } else { SortOrder::Popularity });
    let mut docs = Vec::with_capacity(limit);
    match (&tiers, sort) {
        (Some(tiers), SortOrder::Relevance) => {
            let mut skip = offset;
            for tier in tiers {
                let tier = tier & &results;
                let len = tier.len() as usize;
                index.orders.popularity.page(&tier, skip, limit - docs.len(), &mut docs);
                skip = skip.saturating_sub(len);
            }
        }
        (_, SortOrder::Relevance | SortOrder::Popularity) => {
            index.orders.popularity.page(&results, offset, limit, &mut docs)
        }
        (_, SortOrder::PriceAsc) => index.orders.price_asc.page(&results, offset, limit, &mut docs),
        (_, SortOrder::PriceDesc) => index.orders.price_desc.page(&results, offset, limit, &mut docs),
        (_, SortOrder::Newest) => index.orders.newest.page(&results, offset, limit, &mut docs),
    }
    let items = index.summaries(conn, &docs)?;

    let total = results.len() as u32;
    let facets = (query.facets == Some(true)).then(|| facets::count(index, &matched, &results, &filters));
    let suggestions = if total == 0 && has_text { suggestions::near(conn, index, &words)? } else { Vec::new() };
    Ok(SearchResults { items, total, facets, suggestions })
}

/// The four categories with their sub-categories, in menu order.
pub fn categories(conn: &Connection) -> Result<Vec<Category>> {
    let mut categories: Vec<Category> = conn
        .prepare_cached("SELECT id, name FROM categories ORDER BY position")?
        .query_map([], |r| Ok(Category { id: r.get(0)?, name: r.get(1)?, sub_categories: vec![] }))?
        .collect::<rusqlite::Result<_>>()?;
    let mut statement =
        conn.prepare_cached("SELECT id, name FROM sub_categories WHERE category_id = ?1 ORDER BY position")?;
    for category in &mut categories {
        category.sub_categories = statement
            .query_map([&category.id], |r| Ok(SubCategory { id: r.get(0)?, name: r.get(1)? }))?
            .collect::<rusqlite::Result<_>>()?;
    }
    Ok(categories)
}

pub fn home(store: &Store) -> Result<HomeView> {
    let popular = search(store, &SearchQuery { limit: Some(POPULAR_COUNT), ..Default::default() })?;
    Ok(HomeView { categories: categories(store.conn())?, popular: popular.items, product_count: popular.total })
}
