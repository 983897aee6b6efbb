//! Finding products: full-text search (SQLite FTS5, prefix matching) with filters.
//!
//! Ranking: products whose name holds every word come first, then those whose tags hold them,
//! then the rest. Inside a group the most bought come first: a buyer who types "mysql" wants
//! the MySQL product everyone uses, not the one whose description says MySQL most often.
//! bm25 relevance (name weighing most) breaks ties.

use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::import::billing_bit;
pub use super::model::SortOrder;
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

/// A trigram expression in which every word must appear somewhere in the name; `None` when a
/// word is too short for trigrams (the prefix match covers those).
fn substring_expression(words: &[String]) -> Option<String> {
    words
        .iter()
        .all(|w| w.chars().count() >= 3)
        .then(|| words.iter().map(|w| format!("\"{w}\"")).collect::<Vec<_>>().join(" "))
}

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
#[derive(Clone, Copy, PartialEq, Eq)]
enum Facet {
    Category,
    SubCategory,
    Delivery,
    Billing,
    Seller,
    Supervised,
    OperatingSystem,
}

/// The WHERE clause of a query's filters, leaving out one facet's own filter if asked.
fn filters(query: &SearchQuery, without: Option<Facet>) -> Result<(String, Vec<Value>)> {
    let mut clauses = vec!["1".to_string()];
    let mut values = Vec::new();
    let mut add = |facet: Option<Facet>, clause: &str, value: Value| {
        if facet.is_none() || facet != without {
            clauses.push(clause.to_string());
            values.push(value);
        }
    };
    if let Some(v) = &query.category {
        add(Some(Facet::Category), "p.category_id = ?", Value::Text(v.clone()));
    }
    if let Some(v) = &query.sub_category {
        add(Some(Facet::SubCategory), "p.sub_category_id = ?", Value::Text(v.clone()));
    }
    if let Some(v) = query.delivery {
        add(Some(Facet::Delivery), "p.delivery = ?", Value::Text(v.as_str().into()));
    }
    if let Some(v) = query.billing {
        add(Some(Facet::Billing), "p.billing_modes & ? != 0", Value::Integer(billing_bit(v).into()));
    }
    if let Some(v) = &query.seller {
        add(Some(Facet::Seller), "p.seller_id = ?", Value::Text(v.clone()));
    }
    if let Some(v) = query.supervised {
        add(Some(Facet::Supervised), "p.supervised = ?", Value::Integer(v.into()));
    }
    if let Some(v) = &query.operating_system {
        add(Some(Facet::OperatingSystem), "p.operating_system = ?", Value::Text(v.clone()));
    }
    if let Some(cents) = price_cents("minimum price", &query.min_price)? {
        add(None, "p.monthly_price_cents >= ?", Value::Integer(cents));
    }
    if let Some(cents) = price_cents("maximum price", &query.max_price)? {
        add(None, "p.monthly_price_cents <= ?", Value::Integer(cents));
    }
    Ok((clauses.join(" AND "), values))
}

/// Fills `temp.search_hits` with the products that match `words`, each with its tier: 0 when
/// the name holds every word (as a prefix, or as a substring of three letters or more), 1 when
/// the tags do, 2 otherwise. Materialised once, so that the page, the total and every facet
/// count read it instead of running the full-text search again.
fn collect_hits(conn: &Connection, words: &[String]) -> Result<()> {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS search_hits (pk INTEGER PRIMARY KEY, tier INTEGER NOT NULL);
         DELETE FROM temp.search_hits;",
    )?;
    let everywhere = match_expression(words, None);
    let in_name = match_expression(words, Some("name"));
    let in_tags = match_expression(words, Some("tags"));
    conn.prepare_cached(
        "INSERT OR IGNORE INTO temp.search_hits (pk, tier)
         SELECT rowid, 0 FROM products_fts WHERE products_fts MATCH ?1",
    )?
    .execute([&in_name])?;
    if let Some(substrings) = substring_expression(words) {
        conn.prepare_cached(
            "INSERT OR IGNORE INTO temp.search_hits (pk, tier)
             SELECT rowid, 0 FROM product_names_trigram WHERE product_names_trigram MATCH ?1",
        )?
        .execute([&substrings])?;
    }
    conn.prepare_cached(
        "INSERT OR IGNORE INTO temp.search_hits (pk, tier)
         SELECT rowid, 1 FROM products_fts WHERE products_fts MATCH ?1",
    )?
    .execute([&in_tags])?;
    conn.prepare_cached(
        "INSERT OR IGNORE INTO temp.search_hits (pk, tier)
         SELECT rowid, 2 FROM products_fts WHERE products_fts MATCH ?1",
    )?
    .execute([&everywhere])?;
    Ok(())
}

fn order_by(sort: SortOrder, has_text: bool) -> &'static str {
    match sort {
        SortOrder::Relevance if has_text => "h.tier, p.popularity DESC, p.name, p.pk",
        SortOrder::Relevance | SortOrder::Popularity => "p.popularity DESC, p.name, p.pk",
        SortOrder::PriceAsc => "p.monthly_price_cents, p.popularity DESC, p.pk",
        SortOrder::PriceDesc => "p.monthly_price_cents DESC, p.popularity DESC, p.pk",
        SortOrder::Newest => "p.released_on DESC, p.popularity DESC, p.pk",
    }
}

pub fn search(conn: &Connection, query: &SearchQuery) -> Result<SearchResults> {
    check(conn, query)?;
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
    let offset = query.offset.unwrap_or(0);
    let words = query.text.as_deref().map(words).unwrap_or_default();
    let has_text = !words.is_empty();
    if has_text {
        collect_hits(conn, &words)?;
    }
    let from = if has_text { "temp.search_hits h JOIN products p ON p.pk = h.pk" } else { "products p" };
    let sort = query.sort.unwrap_or(if has_text { SortOrder::Relevance } else { SortOrder::Popularity });

    let (clause, mut values) = filters(query, None)?;
    let total: u32 = conn
        .prepare_cached(&format!("SELECT count(*) FROM {from} WHERE {clause}"))?
        .query_row(params_from_iter(&values), |r| r.get(0))?;
    values.push(Value::Integer(limit.into()));
    values.push(Value::Integer(offset.into()));
    let pks = conn
        .prepare_cached(&format!(
            "SELECT p.pk FROM {from} WHERE {clause} ORDER BY {} LIMIT ? OFFSET ?",
            order_by(sort, has_text)
        ))?
        .query_map(params_from_iter(&values), |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<i64>>>()?;

    let facets = if query.facets == Some(true) { Some(facets(conn, query, from)?) } else { None };
    let suggestions = if total == 0 && has_text { suggestions(conn, &words)? } else { Vec::new() };
    Ok(SearchResults { items: product::summaries(conn, &pks)?, total, facets, suggestions })
}

/// Counts, for one column, how many products each value would leave.
fn count_by(
    conn: &Connection,
    query: &SearchQuery,
    from: &str,
    facet: Facet,
    column: &str,
) -> Result<Vec<(String, u32)>> {
    let (clause, values) = filters(query, Some(facet))?;
    let sql = format!(
        "SELECT {column}, count(*) FROM {from} WHERE {clause} AND {column} IS NOT NULL
         GROUP BY 1 ORDER BY 2 DESC, 1"
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_map(params_from_iter(&values), |r| Ok((r.get::<_, rusqlite::types::Value>(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .map(|(value, count)| {
            let value = match value {
                Value::Integer(i) => (i != 0).to_string(),
                Value::Text(t) => t,
                _ => String::new(),
            };
            (value, count)
        })
        .collect())
}

fn facets(conn: &Connection, query: &SearchQuery, from: &str) -> Result<Facets> {
    let names = |sql: &str| -> Result<std::collections::HashMap<String, (String, i64)>> {
        Ok(conn
            .prepare_cached(sql)?
            .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?
            .collect::<rusqlite::Result<_>>()?)
    };
    // Categories and sub-categories keep their menu order; the rest come by count.
    let in_menu_order = |counts: Vec<(String, u32)>, names: &std::collections::HashMap<String, (String, i64)>| {
        let mut values: Vec<(i64, FacetValue)> = counts
            .into_iter()
            .filter_map(|(value, count)| {
                names
                    .get(&value)
                    .map(|(label, position)| (*position, FacetValue { label: label.clone(), value, count }))
            })
            .collect();
        values.sort_by_key(|(position, _)| *position);
        values.into_iter().map(|(_, v)| v).collect::<Vec<_>>()
    };
    let category_names = names("SELECT id, name, position FROM categories")?;
    let sub_names = names(
        "SELECT s.id, s.name, c.position * 100 + s.position FROM sub_categories s JOIN categories c ON c.id = s.category_id",
    )?;

    let category = in_menu_order(count_by(conn, query, from, Facet::Category, "p.category_id")?, &category_names);
    let sub_category = in_menu_order(count_by(conn, query, from, Facet::SubCategory, "p.sub_category_id")?, &sub_names);
    let mut delivery: Vec<FacetValue> = count_by(conn, query, from, Facet::Delivery, "p.delivery")?
        .into_iter()
        .filter_map(|(value, count)| {
            let method: DeliveryMethod = value.parse().ok()?;
            Some(FacetValue { label: method.label().into(), value, count })
        })
        .collect();
    delivery.sort_by_key(|v| DeliveryMethod::ALL.iter().position(|m| m.as_str() == v.value));

    let (clause, values) = filters(query, Some(Facet::Billing))?;
    let (pay_per_use, yearly_monthly): (u32, u32) = conn
        .prepare_cached(&format!(
            "SELECT coalesce(sum(p.billing_modes & 1 != 0), 0), coalesce(sum(p.billing_modes & 2 != 0), 0)
             FROM {from} WHERE {clause}"
        ))?
        .query_row(params_from_iter(&values), |r| Ok((r.get(0)?, r.get(1)?)))?;
    let billing = [(BillingMode::PayPerUse, pay_per_use), (BillingMode::YearlyMonthly, yearly_monthly)]
        .into_iter()
        .filter(|(_, count)| *count > 0)
        .map(|(mode, count)| FacetValue { value: mode.as_str().into(), label: mode.label().into(), count })
        .collect();

    let (clause, values) = filters(query, Some(Facet::Seller))?;
    let seller = conn
        .prepare_cached(&format!(
            "SELECT p.seller_id, s.name, count(*) FROM {from} JOIN sellers s ON s.id = p.seller_id
             WHERE {clause} GROUP BY 1 ORDER BY 3 DESC, 2"
        ))?
        .query_map(params_from_iter(&values), |r| {
            Ok(FacetValue { value: r.get(0)?, label: r.get(1)?, count: r.get(2)? })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;

    let mut supervised: Vec<FacetValue> = count_by(conn, query, from, Facet::Supervised, "p.supervised")?
        .into_iter()
        .map(|(value, count)| {
            let label = if value == "true" { "Supervised" } else { "Not supervised" };
            FacetValue { label: label.into(), value, count }
        })
        .collect();
    supervised.sort_by(|a, b| b.value.cmp(&a.value));
    let operating_system = count_by(conn, query, from, Facet::OperatingSystem, "p.operating_system")?
        .into_iter()
        .map(|(value, count)| FacetValue { label: value.clone(), value, count })
        .collect();

    Ok(Facets { category, sub_category, delivery, billing, seller, supervised, operating_system })
}

const MAX_SUGGESTIONS: usize = 3;

/// Near spellings of a search that found nothing: each word that no indexed word starts with
/// is replaced by the closest indexed words (at most two edits away, one for short words),
/// the most frequent first.
fn suggestions(conn: &Connection, words: &[String]) -> Result<Vec<String>> {
    let mut vocabulary = conn.prepare_cached("SELECT term, doc FROM products_vocab WHERE term >= ?1 AND term < ?2")?;
    let mut starts = |word: &str| -> Result<bool> {
        let end = format!("{word}\u{10FFFF}");
        Ok(vocabulary.query([word, end.as_str()])?.next()?.is_some())
    };
    let mut alternatives: Vec<Vec<String>> = Vec::new();
    let mut any_unknown = false;
    for word in words {
        if starts(word)? {
            alternatives.push(vec![word.clone()]);
            continue;
        }
        any_unknown = true;
        let length = word.chars().count();
        let budget = if length <= 4 { 1 } else { 2 };
        let (shortest, longest) = (length.saturating_sub(budget).max(2) as i64, (length + budget) as i64);
        let mut close: Vec<(usize, i64, String)> = conn
            .prepare_cached("SELECT term, doc FROM products_vocab WHERE length(term) BETWEEN ?1 AND ?2")?
            .query_map([shortest, longest], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?
            .filter_map(|row| row.ok())
            .filter_map(|(term, docs)| {
                let distance = strsim::damerau_levenshtein(word, &term);
                (distance <= budget).then_some((distance, -docs, term))
            })
            .collect();
        close.sort();
        if close.is_empty() {
            return Ok(Vec::new());
        }
        alternatives.push(close.into_iter().take(MAX_SUGGESTIONS).map(|(_, _, term)| term).collect());
    }
    if !any_unknown {
        return Ok(Vec::new());
    }
    // The first unknown word's alternatives, each with the best alternative of the others;
    // only those that would find something.
    let varying = alternatives.iter().position(|a| a.len() > 1).unwrap_or(0);
    let mut finds = conn.prepare_cached("SELECT 1 FROM products_fts WHERE products_fts MATCH ?1 LIMIT 1")?;
    let mut suggested = Vec::new();
    for choice in &alternatives[varying] {
        let words: Vec<String> =
            alternatives.iter().enumerate().map(|(i, a)| if i == varying { choice } else { &a[0] }.clone()).collect();
        if finds.query([match_expression(&words, None)])?.next()?.is_some() {
            suggested.push(words.join(" "));
        }
    }
    Ok(suggested)
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
