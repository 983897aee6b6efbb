//! Keeping the index up to date with the catalog, whichever process changed it.
//!
//! The `catalog_changes` counters (migration 0005) say whether anything moved since the index
//! was brought up to date. If the content moved, the products changed or deleted since
//! (`search_pending`, filled by triggers) and those added (keys above the largest indexed) are
//! taken out of the rows their old words and values name and put in the rows of their new ones,
//! each row read and written once however many products touch it. If only popularity moved,
//! the orders are sorted again. Everything happens in one write transaction, so that another
//! process sees the index before or after, never between.

use std::collections::BTreeMap;

use roaring::RoaringBitmap;
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};

use super::build::{catalog_versions, rebuild, write_orders, Entry, Key, SortKey, PRODUCT_COLUMNS};
use super::{from_blob, head, i64_bytes, i64s, to_blob, to_nullable, write_head, FORMAT};
use crate::Result;

/// Beyond this many changed products, and a quarter of the catalog, building the index whole
/// is quicker than updating it product by product.
const MOST_CHANGES_APPLIED: usize = 1_000;

/// Brings the index tables up to date with the catalog. Cheap (one read) when they are; else
/// takes the write lock, in a transaction of its own unless the caller holds one.
pub(crate) fn bring_up_to_date(conn: &Connection) -> Result<()> {
    let current: Option<bool> = conn
        .prepare_cached(
            "SELECT s.content = c.content AND s.ranking = c.ranking
             FROM catalog_changes c JOIN search_state s ON s.format = ?1",
        )?
        .query_row([FORMAT], |r| r.get(0))
        .optional()?;
    if current == Some(true) {
        return Ok(());
    }
    if conn.is_autocommit() {
        let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
        update(&tx)?;
        tx.commit()?;
        Ok(())
    } else {
        update(conn)
    }
}

/// A set's change: the documents leaving it, and those joining it (a document in both stays).
#[derive(Default)]
struct Change {
    gone: RoaringBitmap,
    added: RoaringBitmap,
}

impl Change {
    fn apply(&self, mut set: RoaringBitmap) -> RoaringBitmap {
        set -= &self.gone;
        set |= &self.added;
        set
    }
}

/// What the changed products do to the rows of the index.
#[derive(Default)]
struct Changes {
    terms: BTreeMap<String, [Change; 3]>,
    trigrams: BTreeMap<String, Change>,
    sets: BTreeMap<(&'static str, String), Change>,
}

impl Changes {
    fn note(&mut self, entry: &Entry, doc: u32, joining: bool) {
        entry.keys(|key| {
            let change = match key {
                Key::Term(word, column) => &mut self.terms.entry(word.to_string()).or_default()[column],
                Key::Trigram(trigram) => self.trigrams.entry(trigram.to_string()).or_default(),
                Key::Set(facet, value) => self.sets.entry((facet, value.to_string())).or_default(),
            };
            if joining { &mut change.added } else { &mut change.gone }.insert(doc);
        });
    }
}

/// Brings the index up to date inside the caller's write transaction.
fn update(conn: &Connection) -> Result<()> {
    let state: Option<(i64, i64, u32)> = conn
        .query_row("SELECT content, ranking, next_doc FROM search_state WHERE format = ?1", [FORMAT], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    // Another process may have done it while this one waited for the lock.
    let (content, ranking) = catalog_versions(conn)?;
    let Some((indexed_content, indexed_ranking, mut next_doc)) = state else { return rebuild(conn) };
    if (indexed_content, indexed_ranking) == (content, ranking) {
        return Ok(());
    }
    if indexed_content != content {
        let largest: i64 = conn.query_row("SELECT coalesce(max(product_pk), 0) FROM search_docs", [], |r| r.get(0))?;
        let mut changed: Vec<i64> = conn
            .prepare("SELECT product_pk FROM search_pending UNION SELECT pk FROM products WHERE pk > ?1")?
            .query_map([largest], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        // In key order: products added get document numbers in key order too, which the orders'
        // last tie-break relies on.
        changed.sort_unstable();
        let live: i64 = conn.query_row("SELECT count(*) FROM search_docs", [], |r| r.get(0))?;
        let many = changed.len() > MOST_CHANGES_APPLIED && changed.len() as i64 * 4 > live;
        // Numbers of deleted products are not given again: past twice the catalog, renumber.
        let sparse = i64::from(next_doc) > 2 * live + MOST_CHANGES_APPLIED as i64;
        if many || sparse {
            return rebuild(conn);
        }
        next_doc = apply(conn, &changed, next_doc)?;
        conn.execute("DELETE FROM search_pending", [])?;
    }
    resort(conn)?;
    conn.execute("UPDATE search_state SET content = ?1, ranking = ?2, next_doc = ?3", (content, ranking, next_doc))?;
    Ok(())
}

/// Takes each changed product out of the index as it was indexed and puts it back as it is now
/// (a deleted product only leaves; an added one gets the next document number). Returns the
/// next document number.
fn apply(conn: &Connection, changed: &[i64], mut next_doc: u32) -> Result<u32> {
    let mut pks = i64s(&head(conn, "pks")?);
    let mut prices = i64s(&head(conn, "prices")?);
    let mut changes = Changes::default();
    let mut product = conn.prepare(&format!("{PRODUCT_COLUMNS} WHERE p.pk = ?1"))?;
    for &pk in changed {
        let old = indexed(conn, pk)?;
        let new = product.query_row([pk], |row| Ok(Entry::read(row))).optional()?.transpose()?;
        let doc = match (&old, &new) {
            (Some((doc, _)), _) => *doc,
            (None, Some(_)) => {
                next_doc += 1;
                next_doc - 1
            }
            (None, None) => continue,
        };
        if let Some((_, entry)) = &old {
            changes.note(entry, doc, false);
        }
        if pks.len() <= doc as usize {
            pks.resize(doc as usize + 1, 0);
            prices.resize(doc as usize + 1, 0);
        }
        match &new {
            Some((entry, _)) => {
                changes.note(entry, doc, true);
                entry.save(conn, doc)?;
                (pks[doc as usize], prices[doc as usize]) = (pk, entry.monthly_price_cents);
            }
            None => {
                conn.prepare_cached("DELETE FROM search_docs WHERE doc = ?1")?.execute([doc])?;
                (pks[doc as usize], prices[doc as usize]) = (0, 0);
            }
        }
    }
    write_head(conn, "pks", &i64_bytes(&pks))?;
    write_head(conn, "prices", &i64_bytes(&prices))?;

    let mut read = conn.prepare_cached("SELECT name, tags, other FROM search_terms WHERE term = ?1")?;
    for (term, change) in &changes.terms {
        let blobs: [Option<Vec<u8>>; 3] =
            read.query_row([term], |r| Ok([r.get(0)?, r.get(1)?, r.get(2)?])).optional()?.unwrap_or_default();
        let mut updated = Vec::with_capacity(3);
        for (blob, change) in blobs.iter().zip(change) {
            let set = blob.as_deref().map_or_else(|| Ok(RoaringBitmap::new()), from_blob)?;
            updated.push(change.apply(set));
        }
        if updated.iter().all(RoaringBitmap::is_empty) {
            conn.prepare_cached("DELETE FROM search_terms WHERE term = ?1")?.execute([term])?;
        } else {
            conn.prepare_cached(
                "INSERT OR REPLACE INTO search_terms (term, name, tags, other) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute((
                term,
                to_nullable(&updated[0]),
                to_nullable(&updated[1]),
                to_nullable(&updated[2]),
            ))?;
        }
    }
    for (trigram, change) in &changes.trigrams {
        let docs = change.apply(read_set(conn, "SELECT docs FROM search_trigrams WHERE trigram = ?1", [trigram])?);
        if docs.is_empty() {
            conn.prepare_cached("DELETE FROM search_trigrams WHERE trigram = ?1")?.execute([trigram])?;
        } else {
            conn.prepare_cached("INSERT OR REPLACE INTO search_trigrams (trigram, docs) VALUES (?1, ?2)")?
                .execute((trigram, to_blob(&docs)))?;
        }
    }
    for ((facet, value), change) in &changes.sets {
        let read = "SELECT docs FROM search_sets WHERE facet = ?1 AND value = ?2";
        let docs = change.apply(read_set(conn, read, [*facet, value.as_str()])?);
        if docs.is_empty() {
            conn.prepare_cached("DELETE FROM search_sets WHERE facet = ?1 AND value = ?2")?
                .execute([*facet, value.as_str()])?;
        } else {
            conn.prepare_cached("INSERT OR REPLACE INTO search_sets (facet, value, docs) VALUES (?1, ?2, ?3)")?
                .execute((facet, value, to_blob(&docs)))?;
        }
    }
    Ok(next_doc)
}

fn read_set(conn: &Connection, sql: &str, key: impl rusqlite::Params) -> Result<RoaringBitmap> {
    let blob: Option<Vec<u8>> = conn.prepare_cached(sql)?.query_row(key, |r| r.get(0)).optional()?;
    blob.map_or_else(|| Ok(RoaringBitmap::new()), |b| from_blob(&b))
}

/// The product as the index has it: its document and entry.
fn indexed(conn: &Connection, pk: i64) -> Result<Option<(u32, Entry)>> {
    let words = |text: String| text.split(' ').filter(|w| !w.is_empty()).map(String::from).collect();
    Ok(conn
        .prepare_cached(
            "SELECT doc, name, folded_name, tag_words, other_words, category, sub_category, delivery, seller,
                    operating_system, billing, supervised, monthly_price_cents, released_on
             FROM search_docs WHERE product_pk = ?1",
        )?
        .query_row([pk], |r| {
            Ok((
                r.get(0)?,
                Entry {
                    pk,
                    name: r.get(1)?,
                    folded_name: r.get(2)?,
                    tag_words: words(r.get(3)?),
                    other_words: words(r.get(4)?),
                    category: r.get(5)?,
                    sub_category: r.get(6)?,
                    delivery: r.get(7)?,
                    seller: r.get(8)?,
                    operating_system: r.get(9)?,
                    billing: r.get(10)?,
                    supervised: r.get(11)?,
                    monthly_price_cents: r.get(12)?,
                    released_on: r.get(13)?,
                },
            ))
        })
        .optional()?)
}

/// Sorts the orders of results again from what the index holds and today's popularity.
fn resort(conn: &Connection) -> Result<()> {
    let keys = conn
        .prepare(
            "SELECT d.doc, p.popularity, d.name, d.monthly_price_cents, d.released_on
             FROM search_docs d JOIN products p ON p.pk = d.product_pk",
        )?
        .query_map([], |r| {
            Ok(SortKey {
                doc: r.get(0)?,
                popularity: r.get(1)?,
                name: r.get(2)?,
                price: r.get(3)?,
                released_on: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    write_orders(conn, keys)
}
