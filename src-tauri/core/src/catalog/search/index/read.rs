//! Answering from the index tables: a query reads the words of its prefixes (a range of
//! `search_terms`), the trigrams of its words, the folded names of the products those leave to
//! confirm, and the rows of the page it shows; nothing else of the catalog.

use roaring::{MultiOps, RoaringBitmap};
use rusqlite::{Connection, OptionalExtension};

use super::{from_blob, SearchIndex};
use crate::catalog::model::{BillingMode, BillingPeriod, PricingModel, ProductSummary};
use crate::catalog::product::{decimal, Prices};
use crate::Result;

/// The first string after every string that starts with `prefix`, for a range of terms.
fn after_prefix(prefix: &str) -> String {
    format!("{prefix}{}", char::MAX)
}

/// The documents having a word that starts with `prefix`, per column: (name, tags, other).
fn prefixed(conn: &Connection, prefix: &str) -> Result<[RoaringBitmap; 3]> {
    let mut columns: [Vec<RoaringBitmap>; 3] = Default::default();
    let mut statement =
        conn.prepare_cached("SELECT name, tags, other FROM search_terms WHERE term >= ?1 AND term < ?2")?;
    let mut rows = statement.query((prefix, after_prefix(prefix)))?;
    while let Some(row) = rows.next()? {
        for (column, sets) in columns.iter_mut().enumerate() {
            if let rusqlite::types::ValueRef::Blob(blob) = row.get_ref(column)? {
                sets.push(from_blob(blob)?);
            }
        }
    }
    Ok(columns.map(|sets| sets.union()))
}

/// The documents outside `known` whose name holds `word` inside a word ("sql" in "MySQL");
/// words of fewer than three letters are left to prefix matching.
fn in_names(conn: &Connection, word: &str, known: &RoaringBitmap) -> Result<RoaringBitmap> {
    let starts: Vec<usize> = word.char_indices().map(|(i, _)| i).chain([word.len()]).collect();
    if starts.len() < 4 {
        return Ok(RoaringBitmap::new());
    }
    let mut statement = conn.prepare_cached("SELECT docs FROM search_trigrams WHERE trigram = ?1")?;
    let mut candidates = Vec::new();
    for window in starts.windows(4) {
        let blob: Option<Vec<u8>> = statement.query_row([&word[window[0]..window[3]]], |r| r.get(0)).optional()?;
        match blob {
            Some(blob) => candidates.push(from_blob(&blob)?),
            None => return Ok(RoaringBitmap::new()),
        }
    }
    let candidates = candidates.intersection() - known;
    if starts.len() == 4 {
        return Ok(candidates);
    }
    // Trigrams in the right words but not side by side are not a match.
    let mut name = conn.prepare_cached("SELECT folded_name FROM search_docs WHERE doc = ?1")?;
    let mut found = RoaringBitmap::new();
    for doc in &candidates {
        let folded: Option<String> = name.query_row([doc], |r| r.get(0)).optional()?;
        if folded.is_some_and(|f| f.contains(word)) {
            found.insert(doc);
        }
    }
    Ok(found)
}

impl SearchIndex {
    /// The documents matching every word, by tier: the name holds every word (as a prefix or,
    /// from three letters, inside a word), the tags hold every word, and the rest; each tier
    /// without the ones before it.
    pub(crate) fn matching(&self, conn: &Connection, words: &[String]) -> Result<[RoaringBitmap; 3]> {
        let mut in_name = Vec::new();
        let mut in_tags = Vec::new();
        let mut anywhere = Vec::new();
        for word in words {
            let [name, tags, other] = prefixed(conn, word)?;
            let inside = in_names(conn, word, &name)?;
            let name = name | inside;
            anywhere.push(&name | &tags | other);
            in_name.push(name);
            in_tags.push(tags);
        }
        let first = in_name.intersection();
        let second = in_tags.intersection() - &first;
        let third = anywhere.intersection() - &first - &second;
        Ok([first, second, third])
    }

    /// Whether some word of the catalog starts with `prefix`.
    pub(crate) fn knows_prefix(&self, conn: &Connection, prefix: &str) -> Result<bool> {
        Ok(conn
            .prepare_cached("SELECT 1 FROM search_terms WHERE term >= ?1 AND term < ?2 LIMIT 1")?
            .query_row((prefix, after_prefix(prefix)), |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// Every word of the catalog whose length in letters is in `lengths`.
    pub(crate) fn terms(&self, conn: &Connection, lengths: std::ops::RangeInclusive<usize>) -> Result<Vec<String>> {
        let mut terms = Vec::new();
        let mut statement = conn.prepare_cached("SELECT term FROM search_terms")?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            let term: String = row.get(0)?;
            if lengths.contains(&term.chars().count()) {
                terms.push(term);
            }
        }
        Ok(terms)
    }

    /// How many products have `term` (a whole word) anywhere.
    pub(crate) fn products_with(&self, conn: &Connection, term: &str) -> Result<u64> {
        let blobs: Option<[Option<Vec<u8>>; 3]> = conn
            .prepare_cached("SELECT name, tags, other FROM search_terms WHERE term = ?1")?
            .query_row([term], |r| Ok([r.get(0)?, r.get(1)?, r.get(2)?]))
            .optional()?;
        let mut sets = Vec::new();
        for blob in blobs.into_iter().flatten().flatten() {
            sets.push(from_blob(&blob)?);
        }
        Ok(sets.union().len())
    }

    /// The products of `docs` as a list shows them, in that order.
    pub(crate) fn summaries(&self, conn: &Connection, docs: &[u32]) -> Result<Vec<ProductSummary>> {
        docs.iter().map(|&doc| summary(conn, self.pk(doc))).collect()
    }
}

/// One product as a list shows it, read from the catalog (so always as it is now).
fn summary(conn: &Connection, pk: i64) -> Result<ProductSummary> {
    let mut summary = conn
        .prepare_cached(
            "SELECT p.id, p.name, p.seller_id, s.name, p.category_id, coalesce(c.name, ''), p.sub_category_id,
                    coalesce(sc.name, ''), p.delivery, p.supervised, p.summary, p.popularity,
                    EXISTS (SELECT 1 FROM product_media m WHERE m.product_pk = p.pk AND m.kind = 'logo')
             FROM products p
             JOIN sellers s ON s.id = p.seller_id
             LEFT JOIN categories c ON c.id = p.category_id
             LEFT JOIN sub_categories sc ON sc.id = p.sub_category_id
             WHERE p.pk = ?1",
        )?
        .query_row([pk], crate::catalog::product::summary_row)?;
    // Plans with a price in the order of their keys, then the tiers of the others in the order
    // they were written: the order a list has always folded them in (ties keep the first).
    let mut prices = Prices::default();
    let mut add = |sql: &str| -> Result<()> {
        let mut statement = conn.prepare_cached(sql)?;
        let mut rows = statement.query([pk])?;
        while let Some(row) = rows.next()? {
            let (billing, period, pricing): (BillingMode, BillingPeriod, PricingModel) =
                (row.get(0)?, row.get(1)?, row.get(2)?);
            prices.add(billing, period, pricing, decimal(&row.get::<_, String>(3)?)?);
        }
        Ok(())
    };
    add("SELECT pp.billing, pp.period, pp.pricing, pp.price
         FROM editions e JOIN price_plans pp ON pp.edition_pk = e.pk
         WHERE e.product_pk = ?1 AND pp.price IS NOT NULL ORDER BY pp.pk")?;
    add("SELECT pp.billing, pp.period, pp.pricing, t.unit_price
         FROM editions e JOIN price_plans pp ON pp.edition_pk = e.pk JOIN price_tiers t ON t.plan_pk = pp.pk
         WHERE e.product_pk = ?1 AND pp.price IS NULL ORDER BY t.rowid")?;
    (summary.billing_modes, summary.starting_price) = prices.finish();
    Ok(summary)
}
