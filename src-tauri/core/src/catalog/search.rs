//! Finding products: full-text search (SQLite FTS5, prefix matching) with filters.
//!
//! Ranking: products whose name holds every word come first, then those whose tags hold them,
//! then the rest. Inside a group the most bought come first: a buyer who types "mysql" wants
//! the MySQL product everyone uses, not the one whose description says MySQL most often.
//! bm25 relevance (name weighing most) breaks ties.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::model::*;
use super::product;
use crate::{CoreError, Result};

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

/// How results are ordered. Relevance is the default with search text, popularity without.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum SortOrder {
    Relevance,
    Popularity,
    /// By the monthly price: the cheapest yearly/monthly plan per month (a yearly price is
    /// divided by 12), or for products sold by the hour only, 730 hours of the cheapest rate.
    PriceAsc,
    PriceDesc,
    Newest,
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

/// The words of a query, lower-cased: letters and digits, everything else separates words.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(MAX_QUERY_WORDS)
        .map(str::to_lowercase)
        .collect()
}

/// An FTS5 expression in which every word must match as a prefix, optionally in one column.
/// Words are quoted, so nothing the buyer types is read as FTS5 syntax.
fn match_expression(words: &[String], column: Option<&str>) -> String {
    let all = words.iter().map(|w| format!("\"{w}\"*")).collect::<Vec<_>>().join(" ");
    match column {
        Some(column) => format!("{column} : ({all})"),
        None => all,
    }
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
    Ok(())
}

const FILTERS: &str = "
    (?2 IS NULL OR s.category_id = ?2)
    AND (?3 IS NULL OR p.sub_category_id = ?3)
    AND (?4 IS NULL OR p.delivery = ?4)
    AND (?5 IS NULL OR EXISTS (
        SELECT 1 FROM editions e JOIN price_plans pp ON pp.edition_pk = e.pk
        WHERE e.product_pk = p.pk AND pp.billing = ?5))";

pub fn search(conn: &Connection, query: &SearchQuery) -> Result<SearchResults> {
    check(conn, query)?;
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
    let offset = query.offset.unwrap_or(0);
    let words = query.text.as_deref().map(words).unwrap_or_default();

    let (pks, total) = if words.is_empty() {
        let pks = conn
            .prepare_cached(&format!(
                "SELECT p.pk FROM products p JOIN sub_categories s ON s.id = p.sub_category_id
                 WHERE ?1 IS NULL AND {FILTERS}
                 ORDER BY p.popularity DESC, p.name LIMIT ?6 OFFSET ?7"
            ))?
            .query_map(
                params![
                    None::<String>,
                    query.category,
                    query.sub_category,
                    query.delivery,
                    query.billing,
                    limit,
                    offset
                ],
                |r| r.get(0),
            )?
            .collect::<rusqlite::Result<Vec<i64>>>()?;
        let total = conn
            .prepare_cached(&format!(
                "SELECT count(*) FROM products p JOIN sub_categories s ON s.id = p.sub_category_id
                 WHERE ?1 IS NULL AND {FILTERS}"
            ))?
            .query_row(
                params![None::<String>, query.category, query.sub_category, query.delivery, query.billing],
                |r| r.get(0),
            )?;
        (pks, total)
    } else {
        let everywhere = match_expression(&words, None);
        let pks = conn
            .prepare_cached(&format!(
                "SELECT p.pk FROM products_fts
                 JOIN products p ON p.pk = products_fts.rowid
                 JOIN sub_categories s ON s.id = p.sub_category_id
                 WHERE products_fts MATCH ?1 AND {FILTERS}
                 ORDER BY
                    CASE WHEN p.pk IN (SELECT rowid FROM products_fts WHERE products_fts MATCH ?8) THEN 0
                         WHEN p.pk IN (SELECT rowid FROM products_fts WHERE products_fts MATCH ?9) THEN 1
                         ELSE 2 END,
                    p.popularity DESC, bm25(products_fts, 10.0, 5.0, 2.0, 1.0), p.name
                 LIMIT ?6 OFFSET ?7"
            ))?
            .query_map(
                params![
                    everywhere,
                    query.category,
                    query.sub_category,
                    query.delivery,
                    query.billing,
                    limit,
                    offset,
                    match_expression(&words, Some("name")),
                    match_expression(&words, Some("tags")),
                ],
                |r| r.get(0),
            )?
            .collect::<rusqlite::Result<Vec<i64>>>()?;
        let total = conn
            .prepare_cached(&format!(
                "SELECT count(*) FROM products_fts
                 JOIN products p ON p.pk = products_fts.rowid
                 JOIN sub_categories s ON s.id = p.sub_category_id
                 WHERE products_fts MATCH ?1 AND {FILTERS}"
            ))?
            .query_row(params![everywhere, query.category, query.sub_category, query.delivery, query.billing], |r| {
                r.get(0)
            })?;
        (pks, total)
    };
    Ok(SearchResults { items: product::summaries(conn, &pks)?, total, facets: None, suggestions: Vec::new() })
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

pub fn home(conn: &Connection) -> Result<HomeView> {
    let popular = search(conn, &SearchQuery { limit: Some(POPULAR_COUNT), ..Default::default() })?;
    Ok(HomeView { categories: categories(conn)?, popular: popular.items, product_count: popular.total })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_on_anything_but_letters_and_digits() {
        assert_eq!(words("  My-SQL 8.0 "), ["my", "sql", "8", "0"]);
        assert_eq!(words("\"*) OR NEAR("), ["or", "near"]);
        assert!(words(" - ").is_empty());
    }

    #[test]
    fn match_expressions_quote_every_word() {
        let w = words("word press");
        assert_eq!(match_expression(&w, None), "\"word\"* \"press\"*");
        assert_eq!(match_expression(&w, Some("name")), "name : (\"word\"* \"press\"*)");
    }
}
