//! The search index: the catalog held in memory as compressed bitmaps (roaring), so that a
//! keystroke's search, its total and every facet count are set operations over 100,000
//! products instead of row-by-row reads.
//!
//! Products are numbered 0..n in key order ("documents"). For every word of the catalog the
//! index keeps three sets of documents — those with the word in the name, in the tags, and in
//! the seller or description — and for every filter value the set of products that have it.
//! Orders (popularity, price, newest) are permutations of the documents.
//!
//! The store is the only truth: the index is built from it and rebuilt when the store's
//! `catalog_changes` counters move (triggers bump them on every change to products or sellers,
//! whichever process made it). A change of popularity alone only re-sorts.

use std::collections::HashMap;

use rustc_hash::FxHashMap;

use roaring::{MultiOps, RoaringBitmap};
use rusqlite::Connection;

use super::words::each_word;
use crate::catalog::model::{BillingMode, BillingPeriod, DeliveryMethod, PricingModel, ProductSummary};
use crate::catalog::product::{decimal, Prices};
use crate::Result;

/// Where a word was found, in the order of the ranking tiers.
#[derive(Default)]
struct Postings {
    name: RoaringBitmap,
    tags: RoaringBitmap,
    other: RoaringBitmap,
}

/// A display name with its position, for the facet labels.
pub(crate) struct Label {
    pub name: String,
    pub position: i64,
}

/// An order of the documents: `docs` in that order, and each document's place in it.
pub(crate) struct Ordering {
    docs: Vec<u32>,
    rank: Vec<u32>,
}

impl Ordering {
    fn by<K: Ord>(n: usize, key: impl Fn(usize) -> K) -> Ordering {
        let mut docs: Vec<u32> = (0..n as u32).collect();
        // Every key ends in something unique, so an unstable sort is exact.
        docs.sort_unstable_by_key(|&d| key(d as usize));
        let mut rank = vec![0; n];
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

pub(crate) struct SearchIndex {
    /// The `catalog_changes` counters this index was built at.
    content_version: i64,
    ranking_version: i64,
    /// Document → product key.
    pks: Vec<i64>,
    names: Vec<String>,
    /// Folded names, to confirm substring candidates.
    folded_names: Vec<String>,
    /// Every word of the catalog, sorted, so that a prefix is a range.
    terms: Vec<(String, Postings)>,
    /// Three letters of a name word → the documents whose name has them, for substrings.
    trigrams: FxHashMap<[char; 3], RoaringBitmap>,
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
    popularity: Vec<i64>,
    released_on: Vec<String>,
    pub orders: Orders,
    /// What a list shows of each document, so that a page of results needs no query.
    summaries: Vec<ProductSummary>,
    pub category_labels: HashMap<String, Label>,
    pub sub_category_labels: HashMap<String, Label>,
    pub seller_labels: HashMap<String, Label>,
}

/// The store's change counters: (content, ranking).
fn versions(conn: &Connection) -> Result<(i64, i64)> {
    Ok(conn
        .prepare_cached("SELECT content, ranking FROM catalog_changes")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?)
}

fn labels(conn: &Connection, sql: &str) -> Result<HashMap<String, Label>> {
    Ok(conn
        .prepare(sql)?
        .query_map([], |r| Ok((r.get(0)?, Label { name: r.get(1)?, position: r.get(2)? })))?
        .collect::<rusqlite::Result<_>>()?)
}

fn sets(lists: HashMap<String, Vec<u32>>) -> HashMap<String, RoaringBitmap> {
    lists.into_iter().map(|(k, docs)| (k, RoaringBitmap::from_sorted_iter(docs).expect("documents in order"))).collect()
}

impl SearchIndex {
    /// The index `slot` holds, brought up to date with the store first.
    pub(crate) fn current<'a>(conn: &Connection, slot: &'a mut Option<SearchIndex>) -> Result<&'a SearchIndex> {
        let (content, ranking) = versions(conn)?;
        match slot {
            Some(index) if index.content_version == content => {
                if index.ranking_version != ranking {
                    index.rerank(conn, ranking)?;
                }
            }
            _ => *slot = Some(SearchIndex::build(conn, content, ranking)?),
        }
        Ok(slot.as_ref().expect("just filled"))
    }

    fn build(conn: &Connection, content_version: i64, ranking_version: i64) -> Result<SearchIndex> {
        let mut pks = Vec::new();
        let mut names = Vec::new();
        let mut folded_names = Vec::new();
        let mut words: FxHashMap<String, [Vec<u32>; 3]> = FxHashMap::default();
        let mut trigrams: FxHashMap<[char; 3], Vec<u32>> = FxHashMap::default();
        let mut category: HashMap<String, Vec<u32>> = HashMap::new();
        let mut sub_category: HashMap<String, Vec<u32>> = HashMap::new();
        let mut delivery: HashMap<String, Vec<u32>> = HashMap::new();
        let mut seller: HashMap<String, Vec<u32>> = HashMap::new();
        let mut operating_system: HashMap<String, Vec<u32>> = HashMap::new();
        let (mut pay_per_use, mut yearly_monthly, mut supervised) = (Vec::new(), Vec::new(), Vec::new());
        let (mut monthly_price_cents, mut popularity, mut released_on) = (Vec::new(), Vec::new(), Vec::new());

        let mut statement = conn.prepare(
            "SELECT p.pk, p.name, p.tags, s.name, p.description, p.category_id, p.sub_category_id, p.delivery,
                    p.billing_modes, p.supervised, p.seller_id, p.operating_system, p.popularity, p.released_on,
                    p.monthly_price_cents, p.id, p.summary,
                    EXISTS (SELECT 1 FROM product_media m WHERE m.product_pk = p.pk AND m.kind = 'logo')
             FROM products p JOIN sellers s ON s.id = p.seller_id
             ORDER BY p.pk",
        )?;
        let category_labels = labels(conn, "SELECT id, name, position FROM categories")?;
        let sub_category_labels = labels(
            conn,
            "SELECT s.id, s.name, c.position * 100 + s.position
             FROM sub_categories s JOIN categories c ON c.id = s.category_id",
        )?;
        let label =
            |labels: &HashMap<String, Label>, id: &str| labels.get(id).map(|l| l.name.clone()).unwrap_or_default();
        let mut summaries = Vec::new();
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            let doc = pks.len() as u32;
            pks.push(row.get::<_, i64>(0)?);
            let name: String = row.get(1)?;
            let mut folded = String::with_capacity(name.len());
            let mut index_words = |text: &str, column: usize| {
                each_word(text, |word| {
                    let docs = match words.get_mut(word) {
                        Some(lists) => &mut lists[column],
                        None => &mut words.entry(word.to_string()).or_default()[column],
                    };
                    if docs.last() != Some(&doc) {
                        docs.push(doc);
                    }
                })
            };
            index_words(&name, 0);
            each_word(&name, |word| {
                folded.push_str(word);
                folded.push(' ');
                let letters: Vec<char> = word.chars().collect();
                for window in letters.windows(3) {
                    let docs = trigrams.entry([window[0], window[1], window[2]]).or_default();
                    if docs.last() != Some(&doc) {
                        docs.push(doc);
                    }
                }
            });
            index_words(&row.get::<_, String>(2)?, 1);
            let seller_name: String = row.get(3)?;
            index_words(&seller_name, 2);
            index_words(&row.get::<_, String>(4)?, 2);
            folded_names.push(folded);

            let (category_id, sub_category_id): (String, String) = (row.get(5)?, row.get(6)?);
            let delivery_method: DeliveryMethod = row.get(7)?;
            let seller_id: String = row.get(10)?;
            summaries.push(ProductSummary {
                id: row.get(15)?,
                name: name.clone(),
                seller_id: seller_id.clone(),
                seller: seller_name,
                category_name: label(&category_labels, &category_id),
                category: category_id.clone(),
                sub_category_name: label(&sub_category_labels, &sub_category_id),
                sub_category: sub_category_id.clone(),
                delivery: delivery_method,
                billing_modes: Vec::new(),
                supervised: row.get(9)?,
                summary: row.get(16)?,
                starting_price: None,
                popularity: 0,
                has_logo: row.get(17)?,
            });
            names.push(name);

            category.entry(category_id).or_default().push(doc);
            sub_category.entry(sub_category_id).or_default().push(doc);
            delivery.entry(delivery_method.as_str().to_string()).or_default().push(doc);
            let billing: i64 = row.get(8)?;
            if billing & 1 != 0 {
                pay_per_use.push(doc);
            }
            if billing & 2 != 0 {
                yearly_monthly.push(doc);
            }
            if row.get::<_, bool>(9)? {
                supervised.push(doc);
            }
            seller.entry(seller_id).or_default().push(doc);
            if let Some(os) = row.get::<_, Option<String>>(11)? {
                operating_system.entry(os).or_default().push(doc);
            }
            popularity.push(row.get(12)?);
            released_on.push(row.get(13)?);
            monthly_price_cents.push(row.get(14)?);
        }
        drop(rows);
        add_prices(conn, &pks, &mut summaries)?;

        let bitmap = |docs: Vec<u32>| RoaringBitmap::from_sorted_iter(docs).expect("documents in order");
        let mut terms: Vec<(String, Postings)> = words
            .into_iter()
            .map(|(word, [name, tags, other])| {
                (word, Postings { name: bitmap(name), tags: bitmap(tags), other: bitmap(other) })
            })
            .collect();
        terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let trigrams = trigrams.into_iter().map(|(k, docs)| (k, bitmap(docs))).collect();

        let mut index = SearchIndex {
            content_version,
            ranking_version,
            all: (0..pks.len() as u32).collect(),
            pks,
            names,
            folded_names,
            terms,
            trigrams,
            category: sets(category),
            sub_category: sets(sub_category),
            delivery: sets(delivery),
            seller: sets(seller),
            operating_system: sets(operating_system),
            pay_per_use: bitmap(pay_per_use),
            yearly_monthly: bitmap(yearly_monthly),
            supervised: bitmap(supervised),
            orders: Orders::empty(),
            monthly_price_cents,
            popularity,
            released_on,
            summaries,
            category_labels,
            sub_category_labels,
            seller_labels: labels(conn, "SELECT id, name, 0 FROM sellers")?,
        };
        index.sort();
        Ok(index)
    }

    /// Popularity changed (orders were placed): read it again and re-sort.
    fn rerank(&mut self, conn: &Connection, ranking_version: i64) -> Result<()> {
        let by_pk: HashMap<i64, i64> = conn
            .prepare("SELECT pk, popularity FROM products")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (doc, pk) in self.pks.iter().enumerate() {
            self.popularity[doc] = by_pk.get(pk).copied().unwrap_or(0);
        }
        self.sort();
        self.ranking_version = ranking_version;
        Ok(())
    }

    /// The orders of search results; ties go to the more popular, then the name, then the key,
    /// so that every order is total and pages never overlap.
    fn sort(&mut self) {
        let n = self.pks.len();
        let (popularity, names, price, released) =
            (&self.popularity, &self.names, &self.monthly_price_cents, &self.released_on);
        let popular = Ordering::by(n, |d| (std::cmp::Reverse(popularity[d]), names[d].as_str(), d));
        // The other orders break ties by popularity: by its rank, a number, no name compared.
        let rank = &popular.rank;
        self.orders = Orders {
            price_asc: Ordering::by(n, |d| (price[d], rank[d])),
            price_desc: Ordering::by(n, |d| (std::cmp::Reverse(price[d]), rank[d])),
            newest: Ordering::by(n, |d| (std::cmp::Reverse(released[d].as_str()), rank[d])),
            popularity: popular,
        };
    }

    /// The product as a list shows it.
    pub(crate) fn summary(&self, doc: u32) -> ProductSummary {
        let mut summary = self.summaries[doc as usize].clone();
        summary.popularity = u32::try_from(self.popularity[doc as usize]).unwrap_or(u32::MAX);
        summary
    }

    /// The documents having a word that starts with `prefix`, per column: (name, tags, other).
    fn prefixed(&self, prefix: &str) -> (RoaringBitmap, RoaringBitmap, RoaringBitmap) {
        let start = self.terms.partition_point(|(term, _)| term.as_str() < prefix);
        let matching = || self.terms[start..].iter().take_while(|(term, _)| term.starts_with(prefix)).map(|(_, p)| p);
        (matching().map(|p| &p.name).union(), matching().map(|p| &p.tags).union(), matching().map(|p| &p.other).union())
    }

    /// The documents outside `known` whose name holds `word` inside a word ("sql" in "MySQL");
    /// words of fewer than three letters are left to prefix matching.
    fn in_names(&self, word: &str, known: &RoaringBitmap) -> RoaringBitmap {
        let letters: Vec<char> = word.chars().collect();
        if letters.len() < 3 {
            return RoaringBitmap::new();
        }
        let mut candidates = Vec::new();
        for window in letters.windows(3) {
            match self.trigrams.get(&[window[0], window[1], window[2]]) {
                Some(docs) => candidates.push(docs),
                None => return RoaringBitmap::new(),
            }
        }
        let candidates = candidates.intersection() - known;
        if letters.len() == 3 {
            return candidates;
        }
        // Trigrams in the right words but not side by side are not a match.
        RoaringBitmap::from_sorted_iter(candidates.iter().filter(|&d| self.folded_names[d as usize].contains(word)))
            .expect("documents in order")
    }

    /// The documents matching every word, by tier: the name holds every word (as a prefix or,
    /// from three letters, inside a word), the tags hold every word, and the rest; each tier
    /// without the ones before it.
    pub(crate) fn matching(&self, words: &[String]) -> [RoaringBitmap; 3] {
        let mut in_name = Vec::new();
        let mut in_tags = Vec::new();
        let mut anywhere = Vec::new();
        for word in words {
            let (name, tags, other) = self.prefixed(word);
            let inside = self.in_names(word, &name);
            let name = name | inside;
            anywhere.push(&name | &tags | other);
            in_name.push(name);
            in_tags.push(tags);
        }
        let first = in_name.intersection();
        let second = in_tags.intersection() - &first;
        let third = anywhere.intersection() - &first - &second;
        [first, second, third]
    }

    /// Whether some word of the catalog starts with `prefix`.
    pub(crate) fn knows_prefix(&self, prefix: &str) -> bool {
        let start = self.terms.partition_point(|(term, _)| term.as_str() < prefix);
        self.terms.get(start).is_some_and(|(term, _)| term.starts_with(prefix))
    }

    /// Every word of the catalog.
    pub(crate) fn terms(&self) -> impl Iterator<Item = &str> {
        self.terms.iter().map(|(term, _)| term.as_str())
    }

    /// How many products have `term` (a whole word) anywhere.
    pub(crate) fn products_with(&self, term: &str) -> u64 {
        match self.terms.binary_search_by(|(t, _)| t.as_str().cmp(term)) {
            Ok(i) => {
                let p = &self.terms[i].1;
                [&p.name, &p.tags, &p.other].union().len()
            }
            Err(_) => 0,
        }
    }
}

/// Every product's billing modes and starting price. The three tables are read straight
/// through and joined here: a join in SQL looks every plan up by index, several times slower.
fn add_prices(conn: &Connection, pks: &[i64], summaries: &mut [ProductSummary]) -> Result<()> {
    let mut doc_of_edition: FxHashMap<i64, usize> = FxHashMap::default();
    let mut statement = conn.prepare("SELECT pk, product_pk FROM editions")?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        if let Ok(doc) = pks.binary_search(&row.get(1)?) {
            doc_of_edition.insert(row.get(0)?, doc);
        }
    }
    let mut prices: Vec<Prices> = (0..pks.len()).map(|_| Prices::default()).collect();
    // Tiered and volume plans are priced by their tiers.
    let mut tiered: FxHashMap<i64, (usize, BillingMode, BillingPeriod, PricingModel)> = FxHashMap::default();

    let mut statement = conn.prepare("SELECT pk, edition_pk, billing, period, pricing, price FROM price_plans")?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        let Some(&doc) = doc_of_edition.get(&row.get(1)?) else { continue };
        let (billing, period, pricing) = (row.get(2)?, row.get(3)?, row.get(4)?);
        match row.get::<_, Option<String>>(5)? {
            Some(price) => prices[doc].add(billing, period, pricing, decimal(&price)?),
            None => {
                tiered.insert(row.get(0)?, (doc, billing, period, pricing));
            }
        }
    }
    let mut statement = conn.prepare("SELECT plan_pk, unit_price FROM price_tiers")?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        if let Some(&(doc, billing, period, pricing)) = tiered.get(&row.get(0)?) {
            prices[doc].add(billing, period, pricing, decimal(&row.get::<_, String>(1)?)?);
        }
    }
    for (summary, prices) in summaries.iter_mut().zip(prices) {
        (summary.billing_modes, summary.starting_price) = prices.finish();
    }
    Ok(())
}

impl Orders {
    fn empty() -> Orders {
        let none = || Ordering { docs: Vec::new(), rank: Vec::new() };
        Orders { popularity: none(), price_asc: none(), price_desc: none(), newest: none() }
    }
}
