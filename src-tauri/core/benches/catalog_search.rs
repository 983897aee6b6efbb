//! Search at marketplace scale: imports 100,000 generated products into a fresh store and builds
//! the search index (both timed), then times search queries and prints p50/p95/max per kind of query.
//!
//!     cargo bench -p koogallery-core --bench catalog_search [-- PRODUCTS]
//!
//! A measuring script rather than assertions: the targets live in docs/benchmarks.md, and a
//! timed test on a shared machine would only flake.

use std::time::{Duration, Instant};

use koogallery_core::catalog::import;
use koogallery_core::catalog::model::{BillingMode, DeliveryMethod, SortOrder};
use koogallery_core::catalog::search::{search, SearchQuery};
use koogallery_core::{demo, Store};

const ROUNDS: usize = 20;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn measure(store: &Store, label: &str, queries: &[SearchQuery]) {
    let mut times = Vec::new();
    for query in queries {
        search(store, query).expect("warm-up");
    }
    for _ in 0..ROUNDS {
        for query in queries {
            let start = Instant::now();
            let results = search(store, query).expect("search");
            times.push(start.elapsed());
            std::hint::black_box(results);
        }
    }
    times.sort();
    println!(
        "{label:<44} n={:<5} p50={:>7.2} ms  p95={:>7.2} ms  max={:>7.2} ms",
        times.len(),
        percentile(&times, 0.50).as_secs_f64() * 1e3,
        percentile(&times, 0.95).as_secs_f64() * 1e3,
        times.last().unwrap().as_secs_f64() * 1e3,
    );
}

/// The time this thread has run on a processor (Linux), so that an import measured on a busy
/// machine can still be compared: wall time grows with the load, this does not.
fn cpu_time() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .map(Duration::from_nanos)
        .unwrap_or_default()
}

fn text(t: &str) -> SearchQuery {
    SearchQuery { text: Some(t.into()), ..Default::default() }
}

fn main() {
    let products: u32 = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(100_000);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut store = Store::open(&dir.path().join("bench.db")).expect("a store");

    let catalog = demo::generated_catalog(store.conn(), products, 42).expect("a generated catalog");
    let (start, cpu) = (Instant::now(), cpu_time());
    let report = store.write(|tx| import::import(tx, &catalog, &|_: &str| None)).expect("import");
    let (import, import_cpu) = (start.elapsed(), cpu_time() - cpu);
    assert_eq!(report.products, products, "{:?}", report.refused.first());
    let seconds =
        |wall: Duration, cpu: Duration| format!("{:.2} s (processor {:.2} s)", wall.as_secs_f64(), cpu.as_secs_f64());
    println!("import of {products} products: {}", seconds(import, import_cpu));
    // The first search builds the index and writes it into the store.
    let (start, cpu) = (Instant::now(), cpu_time());
    search(&store, &SearchQuery::default()).expect("the first search");
    let (index, index_cpu) = (start.elapsed(), cpu_time() - cpu);
    println!("search index built (and written) by the first search: {}", seconds(index, index_cpu));
    println!("import and index together: {}", seconds(import + index, import_cpu + index_cpu));

    // What every later process pays: open the store, read the index's head, search.
    let path = dir.path().join("bench.db");
    drop(store);
    let mut opens = Vec::new();
    for word in ["mysql", "backup", "nimbus", "serv", "git"] {
        let start = Instant::now();
        let store = Store::open(&path).expect("the store again");
        std::hint::black_box(search(&store, &text(word)).expect("a first search"));
        opens.push(start.elapsed());
    }
    opens.sort();
    println!(
        "open the store and run a first search: p50={:.1} ms max={:.1} ms (n={})",
        percentile(&opens, 0.5).as_secs_f64() * 1e3,
        opens.last().unwrap().as_secs_f64() * 1e3,
        opens.len()
    );
    let store = Store::open(&path).expect("the store again");
    search(&store, &text("mysql")).expect("warm");
    // A change to one product, then popularity alone, each followed by the search that applies it.
    let timed = |label: &str, sql: &str| {
        store.conn().execute(sql, []).expect("a change");
        let start = Instant::now();
        search(&store, &text("mysql")).expect("a search after a change");
        println!("{label}: {:.1} ms", start.elapsed().as_secs_f64() * 1e3);
    };
    timed("search after renaming one product", "UPDATE products SET name = 'Renamed Server' WHERE pk = 500");
    timed("search after new tags on one product", "UPDATE products SET tags = '[\"quantum\"]' WHERE pk = 501");
    timed("search after one purchase (re-sort)", "UPDATE products SET popularity = popularity + 1 WHERE pk = 502");
    timed("search after deleting one product", "DELETE FROM products WHERE pk = 503");
    let (start, cpu) = (Instant::now(), cpu_time());
    koogallery_core::catalog::search::rebuild(&store).expect("a full build");
    println!("full build of the index: {}", seconds(start.elapsed(), cpu_time() - cpu));
    let mut store = store;
    let start = Instant::now();
    demo::generate(&mut store, 100, 43).expect("100 more products");
    println!("import of 100 more products, index updated: {:.1} ms", start.elapsed().as_secs_f64() * 1e3);

    let prefixes: Vec<SearchQuery> =
        ["my", "mys", "sql", "wor", "data", "back", "crm", "nim", "kub", "git", "log", "serv", "pay", "anal"]
            .iter()
            .map(|w| text(w))
            .collect();
    measure(&store, "one-word prefix", &prefixes);

    let two_filters: Vec<SearchQuery> = prefixes
        .iter()
        .map(|q| SearchQuery {
            category: Some("infrastructure-software".into()),
            delivery: Some(DeliveryMethod::Image),
            ..q.clone()
        })
        .collect();
    measure(&store, "one-word prefix, category + delivery", &two_filters);

    let sorted: Vec<SearchQuery> = prefixes
        .iter()
        .map(|q| SearchQuery {
            billing: Some(BillingMode::YearlyMonthly),
            sort: Some(SortOrder::PriceAsc),
            ..q.clone()
        })
        .collect();
    measure(&store, "prefix, billing filter, by price", &sorted);

    let categories: Vec<SearchQuery> =
        ["infrastructure-software", "business-software", "developer-tools", "professional-services"]
            .iter()
            .map(|c| SearchQuery { category: Some(c.to_string()), facets: Some(true), ..Default::default() })
            .collect();
    measure(&store, "category page with facet counts", &categories);

    let multi: Vec<SearchQuery> =
        ["mysql server", "nimbus crm", "backup vault", "git server", "load test"].iter().map(|w| text(w)).collect();
    measure(&store, "two words", &multi);
}
