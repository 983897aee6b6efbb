//! Building the index whole from the catalog, in the caller's write transaction: when it was
//! never built (a new store, a store from before migration 0015), when its layout changed, or
//! when most of the catalog changed at once (a demo reset, the import of a fresh catalog).
//!
//! What one product is indexed under is an [`Entry`]; the build and the updates of
//! `update.rs` both go through it, so that a product updated gives the same rows as a product
//! built.

use rustc_hash::FxHashMap;

use roaring::RoaringBitmap;
use rusqlite::{Connection, Row};

use super::super::words::each_word;
use super::{i64_bytes, to_blob, to_nullable, u32_bytes, write_head, FORMAT, ORDER_NAMES};
use crate::catalog::model::DeliveryMethod;
use crate::Result;

/// What the index needs of a product, read with [`PRODUCT_COLUMNS`].
pub(super) const PRODUCT_COLUMNS: &str =
    "SELECT p.pk, p.name, p.tags, s.name, p.description, p.category_id, p.sub_category_id, p.delivery,
            p.billing_modes, p.supervised, p.seller_id, p.operating_system, p.monthly_price_cents,
            p.released_on, p.popularity
     FROM products p JOIN sellers s ON s.id = p.seller_id";

/// What one product is indexed under.
pub(super) struct Entry {
    pub pk: i64,
    pub name: String,
    /// The name's words, folded, each followed by a space: to confirm a word found inside a
    /// name by its trigrams ("sql" in "mysql ").
    pub folded_name: String,
    pub tag_words: Vec<String>,
    /// The seller's name and the description.
    pub other_words: Vec<String>,
    pub category: String,
    pub sub_category: String,
    pub delivery: String,
    pub seller: String,
    pub operating_system: Option<String>,
    /// Bit 1: pay per use; bit 2: yearly/monthly.
    pub billing: i64,
    pub supervised: bool,
    pub monthly_price_cents: i64,
    pub released_on: String,
}

/// A row of the index an entry is in.
pub(super) enum Key<'a> {
    /// A word, in a column: 0 the name, 1 the tags, 2 the seller or description.
    Term(&'a str, usize),
    Trigram(&'a str),
    Set(&'static str, &'a str),
}

fn distinct_words(texts: &[&str]) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for text in texts {
        each_word(text, |word| {
            if !words.iter().any(|w| w == word) {
                words.push(word.to_string());
            }
        });
    }
    words
}

impl Entry {
    /// A product read with [`PRODUCT_COLUMNS`]; also its popularity, which orders but is not
    /// indexed.
    pub(super) fn read(row: &Row<'_>) -> Result<(Entry, i64)> {
        let name: String = row.get(1)?;
        let mut folded_name = String::with_capacity(name.len() + 1);
        each_word(&name, |word| {
            folded_name.push_str(word);
            folded_name.push(' ');
        });
        let delivery: DeliveryMethod = row.get(7)?;
        let seller_name: String = row.get(3)?;
        let entry = Entry {
            pk: row.get(0)?,
            folded_name,
            tag_words: distinct_words(&[&row.get::<_, String>(2)?]),
            other_words: distinct_words(&[&seller_name, &row.get::<_, String>(4)?]),
            name,
            category: row.get(5)?,
            sub_category: row.get(6)?,
            delivery: delivery.as_str().to_string(),
            billing: row.get(8)?,
            supervised: row.get(9)?,
            seller: row.get(10)?,
            operating_system: row.get(11)?,
            monthly_price_cents: row.get(12)?,
            released_on: row.get(13)?,
        };
        Ok((entry, row.get(14)?))
    }

    /// Every row of the index this product is in.
    pub(super) fn keys<'a>(&'a self, mut visit: impl FnMut(Key<'a>)) {
        for word in self.folded_name.split(' ').filter(|w| !w.is_empty()) {
            visit(Key::Term(word, 0));
            let starts: Vec<usize> = word.char_indices().map(|(i, _)| i).chain([word.len()]).collect();
            for window in starts.windows(4) {
                visit(Key::Trigram(&word[window[0]..window[3]]));
            }
        }
        self.tag_words.iter().for_each(|w| visit(Key::Term(w, 1)));
        self.other_words.iter().for_each(|w| visit(Key::Term(w, 2)));
        visit(Key::Set("all", ""));
        visit(Key::Set("category", &self.category));
        visit(Key::Set("sub_category", &self.sub_category));
        visit(Key::Set("delivery", &self.delivery));
        visit(Key::Set("seller", &self.seller));
        if let Some(os) = &self.operating_system {
            visit(Key::Set("operating_system", os));
        }
        if self.billing & 1 != 0 {
            visit(Key::Set("billing", "pay_per_use"));
        }
        if self.billing & 2 != 0 {
            visit(Key::Set("billing", "yearly_monthly"));
        }
        if self.supervised {
            visit(Key::Set("supervised", "true"));
        }
    }

    /// Writes (or replaces) the product's row of `search_docs` under `doc`.
    pub(super) fn save(&self, conn: &Connection, doc: u32) -> Result<()> {
        conn.prepare_cached(
            "INSERT OR REPLACE INTO search_docs (doc, product_pk, name, folded_name, tag_words, other_words,
                 category, sub_category, delivery, seller, operating_system, billing, supervised,
                 monthly_price_cents, released_on)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        )?
        .execute(rusqlite::params![
            doc,
            self.pk,
            self.name,
            self.folded_name,
            self.tag_words.join(" "),
            self.other_words.join(" "),
            self.category,
            self.sub_category,
            self.delivery,
            self.seller,
            self.operating_system,
            self.billing,
            self.supervised,
            self.monthly_price_cents,
            self.released_on,
        ])?;
        Ok(())
    }
}

/// What the orders of results are sorted by, per live document.
pub(super) struct SortKey {
    pub doc: u32,
    pub popularity: i64,
    pub name: String,
    pub price: i64,
    pub released_on: String,
}

/// Sorts the four orders of results and writes them. Ties go to the more popular, then the
/// name, then the document (the product key's order), so that every order is total and pages
/// never overlap.
pub(super) fn write_orders(conn: &Connection, mut keys: Vec<SortKey>) -> Result<()> {
    // Every key ends in something unique, so an unstable sort is exact.
    keys.sort_unstable_by(|a, b| {
        b.popularity.cmp(&a.popularity).then_with(|| a.name.cmp(&b.name)).then(a.doc.cmp(&b.doc))
    });
    // The other orders break ties by popularity: by the place in it, a number, no name compared.
    let places = || (0..keys.len() as u32).collect::<Vec<u32>>();
    let docs = |places: Vec<u32>| u32_bytes(&places.into_iter().map(|i| keys[i as usize].doc).collect::<Vec<_>>());
    let mut price_asc = places();
    price_asc.sort_unstable_by_key(|&i| (keys[i as usize].price, i));
    let mut price_desc = places();
    price_desc.sort_unstable_by_key(|&i| (std::cmp::Reverse(keys[i as usize].price), i));
    let mut newest = places();
    newest.sort_unstable_by_key(|&i| (std::cmp::Reverse(keys[i as usize].released_on.as_str()), i));
    for (name, order) in ORDER_NAMES.iter().zip([places(), price_asc, price_desc, newest]) {
        write_head(conn, name, &docs(order))?;
    }
    Ok(())
}

/// The store's change counters: (content, ranking).
pub(super) fn catalog_versions(conn: &Connection) -> Result<(i64, i64)> {
    Ok(conn
        .prepare_cached("SELECT content, ranking FROM catalog_changes")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?)
}

/// Builds the whole index from the catalog, replacing whatever was there. The caller holds a
/// write transaction.
pub(crate) fn rebuild(conn: &Connection) -> Result<()> {
    let (content, ranking) = catalog_versions(conn)?;
    let builds: i64 = conn.query_row("SELECT coalesce(max(builds), 0) FROM search_state", [], |r| r.get(0))?;
    conn.execute_batch(
        "DELETE FROM search_docs; DELETE FROM search_terms; DELETE FROM search_trigrams;
         DELETE FROM search_sets; DELETE FROM search_head; DELETE FROM search_pending;",
    )?;

    let mut terms: FxHashMap<String, [Vec<u32>; 3]> = FxHashMap::default();
    let mut trigrams: FxHashMap<String, Vec<u32>> = FxHashMap::default();
    let mut sets: FxHashMap<(&'static str, String), Vec<u32>> = FxHashMap::default();
    let (mut pks, mut prices, mut sort_keys) = (Vec::new(), Vec::new(), Vec::new());
    let mut statement = conn.prepare(&format!("{PRODUCT_COLUMNS} ORDER BY p.pk"))?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        let doc = pks.len() as u32;
        let (entry, popularity) = Entry::read(row)?;
        // A document is pushed once per list: lists stay sorted and free of repeats.
        let push = |docs: &mut Vec<u32>| {
            if docs.last() != Some(&doc) {
                docs.push(doc)
            }
        };
        entry.keys(|key| match key {
            Key::Term(word, column) => match terms.get_mut(word) {
                Some(lists) => push(&mut lists[column]),
                None => push(&mut terms.entry(word.to_string()).or_default()[column]),
            },
            Key::Trigram(trigram) => match trigrams.get_mut(trigram) {
                Some(docs) => push(docs),
                None => push(trigrams.entry(trigram.to_string()).or_default()),
            },
            Key::Set(facet, value) => push(sets.entry((facet, value.to_string())).or_default()),
        });
        entry.save(conn, doc)?;
        pks.push(entry.pk);
        prices.push(entry.monthly_price_cents);
        sort_keys.push(SortKey {
            doc,
            popularity,
            name: entry.name,
            price: entry.monthly_price_cents,
            released_on: entry.released_on,
        });
    }
    drop(rows);

    let bitmap = |docs: Vec<u32>| RoaringBitmap::from_sorted_iter(docs).expect("documents in order");
    // Written in key order: each insert then appends to the table's b-tree.
    let mut terms: Vec<_> = terms.into_iter().collect();
    terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut insert =
        conn.prepare_cached("INSERT INTO search_terms (term, name, tags, other) VALUES (?1, ?2, ?3, ?4)")?;
    for (term, [name, tags, other]) in terms {
        let [name, tags, other] = [name, tags, other].map(|docs| to_nullable(&bitmap(docs)));
        insert.execute((term, name, tags, other))?;
    }
    let mut trigrams: Vec<_> = trigrams.into_iter().collect();
    trigrams.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut insert = conn.prepare_cached("INSERT INTO search_trigrams (trigram, docs) VALUES (?1, ?2)")?;
    for (trigram, docs) in trigrams {
        insert.execute((trigram, to_blob(&bitmap(docs))))?;
    }
    let mut insert = conn.prepare_cached("INSERT INTO search_sets (facet, value, docs) VALUES (?1, ?2, ?3)")?;
    for ((facet, value), docs) in sets {
        insert.execute((facet, value, to_blob(&bitmap(docs))))?;
    }
    write_head(conn, "pks", &i64_bytes(&pks))?;
    write_head(conn, "prices", &i64_bytes(&prices))?;
    write_orders(conn, sort_keys)?;
    conn.execute(
        "INSERT OR REPLACE INTO search_state (only, format, content, ranking, next_doc, builds)
         VALUES (1, ?1, ?2, ?3, ?4, ?5)",
        (FORMAT, content, ranking, pks.len() as i64, builds + 1),
    )?;
    Ok(())
}
