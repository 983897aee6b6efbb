//! The search index: the catalog kept in the store as compressed bitmaps (roaring), so that a
//! keystroke's search, its total and every facet count are set operations over 100,000
//! products instead of row-by-row reads, and so that a process opens the index instead of
//! building it.
//!
//! Products are numbered ("documents") in key order. For every word of the catalog the store
//! keeps three sets of documents — those with the word in the name, in the tags, and in the
//! seller or description — and for every filter value the set of products that have it
//! (migration 0015). A search reads only the words of its prefixes (`read.rs`).
//!
//! What every search needs whole — document → product key, the monthly prices, the filter sets
//! and the four orders of results — is the "head" ([`SearchIndex`]): a few MB at 100,000
//! products, read in milliseconds and kept by the `Store` while the index does not move.
//!
//! The store is the only truth: `update.rs` brings the index up to date when the store's
//! `catalog_changes` counters have moved (whichever process wrote), applying the products
//! changed since one by one, and `build.rs` builds it whole when it is missing.

mod build;
mod read;
mod update;

use std::collections::HashMap;

use roaring::RoaringBitmap;
use rusqlite::{Connection, OptionalExtension};

use crate::{CoreError, Result};
pub(crate) use build::rebuild;
pub(crate) use update::bring_up_to_date;

/// The layout of the index tables this build writes; an index of another is built again.
const FORMAT: i64 = 1;

/// A display name with its position, for the facet labels.
pub(crate) struct Label {
    pub name: String,
    pub position: i64,
}

/// An order of the documents: the live `docs` in that order, and each document's place in it
/// (`u32::MAX` for numbers no live product has).
pub(crate) struct Ordering {
    docs: Vec<u32>,
    rank: Vec<u32>,
}

impl Ordering {
    fn of(docs: Vec<u32>, numbers: usize) -> Ordering {
        let mut rank = vec![u32::MAX; numbers];
        for (place, &doc) in docs.iter().enumerate() {
            rank[doc as usize] = place as u32;
        }
        Ordering { docs, rank }
    }

    /// The members of `set` in this order, skipping `skip`, at most `take`. A set much smaller
    /// than the catalog is sorted by rank; a large one is found by walking the order, which
    /// reaches the page after a few times its length.
    pub(crate) fn page(&self, set: &RoaringBitmap, skip: usize, take: usize, out: &mut Vec<u32>) {
        let len = set.len() as usize;
        if skip >= len || take == 0 {
            return;
        }
        if len * 16 < self.docs.len() {
            let mut members: Vec<u32> = set.iter().collect();
            members.sort_unstable_by_key(|&d| self.rank[d as usize]);
            out.extend(members.into_iter().skip(skip).take(take));
        } else {
            out.extend(self.docs.iter().copied().filter(|&d| set.contains(d)).skip(skip).take(take));
        }
    }
}

pub(crate) struct Orders {
    pub popularity: Ordering,
    pub price_asc: Ordering,
    pub price_desc: Ordering,
    pub newest: Ordering,
}

/// The names of the orders in `search_head`, in the order of [`Orders`]' fields.
const ORDER_NAMES: [&str; 4] = ["order.popularity", "order.price_asc", "order.price_desc", "order.newest"];

/// The head of the index: what every search reads whole.
pub(crate) struct SearchIndex {
    /// The `catalog_changes` counters the index was brought up to date at when this was read.
    content_version: i64,
    ranking_version: i64,
    /// Document → product key (0 for a number no live product has).
    pks: Vec<i64>,
    pub all: RoaringBitmap,
    pub category: HashMap<String, RoaringBitmap>,
    pub sub_category: HashMap<String, RoaringBitmap>,
    pub delivery: HashMap<String, RoaringBitmap>,
    pub seller: HashMap<String, RoaringBitmap>,
    pub operating_system: HashMap<String, RoaringBitmap>,
    pub pay_per_use: RoaringBitmap,
    pub yearly_monthly: RoaringBitmap,
    pub supervised: RoaringBitmap,
    pub monthly_price_cents: Vec<i64>,
    pub orders: Orders,
    pub category_labels: HashMap<String, Label>,
    pub sub_category_labels: HashMap<String, Label>,
    pub seller_labels: HashMap<String, Label>,
}

/// The counters the index tables were brought up to date at: (content, ranking), or None when
/// they were never built.
fn indexed_versions(conn: &Connection) -> Result<Option<(i64, i64)>> {
    Ok(conn
        .prepare_cached("SELECT content, ranking FROM search_state WHERE format = ?1")?
        .query_row([FORMAT], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

impl SearchIndex {
    /// The head `slot` holds, read again if the index tables moved since. The caller has
    /// brought the index up to date ([`bring_up_to_date`]) and reads in one transaction.
    pub(crate) fn current<'a>(conn: &Connection, slot: &'a mut Option<SearchIndex>) -> Result<&'a SearchIndex> {
        let Some((content, ranking)) = indexed_versions(conn)? else {
            return Err(CoreError::Migration("the search index has not been built".into()));
        };
        match slot {
            Some(index) if (index.content_version, index.ranking_version) == (content, ranking) => {}
            _ => *slot = Some(SearchIndex::load(conn, content, ranking)?),
        }
        Ok(slot.as_ref().expect("just filled"))
    }

    fn load(conn: &Connection, content_version: i64, ranking_version: i64) -> Result<SearchIndex> {
        let pks = i64s(&head(conn, "pks")?);
        let numbers = pks.len();
        let mut orders = ORDER_NAMES.iter().map(|name| Ok(Ordering::of(u32s(&head(conn, name)?), numbers)));
        let mut next = || -> Result<Ordering> { orders.next().expect("four orders") };
        let orders = Orders { popularity: next()?, price_asc: next()?, price_desc: next()?, newest: next()? };

        let mut sets: HashMap<String, HashMap<String, RoaringBitmap>> = HashMap::new();
        let mut statement = conn.prepare_cached("SELECT facet, value, docs FROM search_sets")?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            let rusqlite::types::ValueRef::Blob(blob) = row.get_ref(2)? else { continue };
            let set = from_blob(blob)?;
            sets.entry(row.get(0)?).or_default().insert(row.get(1)?, set);
        }
        drop(rows);
        let mut facet = |name: &str| sets.remove(name).unwrap_or_default();
        let (mut all, mut billing, mut supervised) = (facet("all"), facet("billing"), facet("supervised"));
        let one = |sets: &mut HashMap<String, RoaringBitmap>, value: &str| sets.remove(value).unwrap_or_default();
        Ok(SearchIndex {
            content_version,
            ranking_version,
            all: one(&mut all, ""),
            pay_per_use: one(&mut billing, "pay_per_use"),
            yearly_monthly: one(&mut billing, "yearly_monthly"),
            supervised: one(&mut supervised, "true"),
            category: facet("category"),
            sub_category: facet("sub_category"),
            delivery: facet("delivery"),
            seller: facet("seller"),
            operating_system: facet("operating_system"),
            monthly_price_cents: i64s(&head(conn, "prices")?),
            pks,
            orders,
            category_labels: labels(conn, "SELECT id, name, position FROM categories")?,
            sub_category_labels: labels(
                conn,
                "SELECT s.id, s.name, c.position * 100 + s.position
                 FROM sub_categories s JOIN categories c ON c.id = s.category_id",
            )?,
            seller_labels: labels(conn, "SELECT id, name, 0 FROM sellers")?,
        })
    }

    /// The product key of a live document.
    pub(crate) fn pk(&self, doc: u32) -> i64 {
        self.pks[doc as usize]
    }
}

fn labels(conn: &Connection, sql: &str) -> Result<HashMap<String, Label>> {
    Ok(conn
        .prepare_cached(sql)?
        .query_map([], |r| Ok((r.get(0)?, Label { name: r.get(1)?, position: r.get(2)? })))?
        .collect::<rusqlite::Result<_>>()?)
}

fn head(conn: &Connection, name: &str) -> Result<Vec<u8>> {
    Ok(conn
        .prepare_cached("SELECT value FROM search_head WHERE name = ?1")?
        .query_row([name], |r| r.get(0))
        .optional()?
        .unwrap_or_default())
}

fn write_head(conn: &Connection, name: &str, value: &[u8]) -> Result<()> {
    conn.prepare_cached("INSERT OR REPLACE INTO search_head (name, value) VALUES (?1, ?2)")?.execute((name, value))?;
    Ok(())
}

fn i64s(bytes: &[u8]) -> Vec<i64> {
    bytes.chunks_exact(8).map(|b| i64::from_le_bytes(b.try_into().expect("eight bytes"))).collect()
}

fn u32s(bytes: &[u8]) -> Vec<u32> {
    bytes.chunks_exact(4).map(|b| u32::from_le_bytes(b.try_into().expect("four bytes"))).collect()
}

fn i64_bytes(values: &[i64]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

fn u32_bytes(values: &[u32]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

pub(super) fn to_blob(set: &RoaringBitmap) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(set.serialized_size());
    set.serialize_into(&mut bytes).expect("writing to memory");
    bytes
}

pub(super) fn from_blob(bytes: &[u8]) -> Result<RoaringBitmap> {
    RoaringBitmap::deserialize_from(bytes)
        .map_err(|e| CoreError::Migration(format!("a set of the search index is unreadable: {e}")))
}

fn to_nullable(set: &RoaringBitmap) -> Option<Vec<u8>> {
    (!set.is_empty()).then(|| to_blob(set))
}
