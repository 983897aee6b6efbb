//! Synthetic but plausible products, to load a store with as many products as a large
//! marketplace holds (`kg demo generate --products 100000`) and measure search against it.
//!
//! The same seed gives the same catalog, so benchmark figures are comparable between runs.
//! Generated products go through the ordinary import, so they obey every catalog rule.

use rusqlite::OptionalExtension;

use crate::catalog::import::{
    self, CatalogSeed, EditionSeed, ImportReport, PlanSeed, ProductSeed, SellerSeed, TierSeed,
};
use crate::catalog::model::{BillingMode, BillingPeriod, DeliveryMethod, PricingModel};
use crate::{CoreError, Result, Store};

/// More than this in one call is refused: a million products is beyond any demo.
pub const MAX_GENERATED: u32 = 1_000_000;

const BRANDS: &[&str] = &[
    "Nimbus", "Aurora", "Cobalt", "Stratus", "Quill", "Harbor", "Zenith", "Orbit", "Vertex", "Summit", "Lumen",
    "Cascade", "Beacon", "Pinnacle", "Atlas", "Nova", "Ember", "Tidal", "Granite", "Falcon", "Juniper", "Keystone",
    "Meridian", "Sable", "Willow", "Polaris", "Redwood", "Sierra", "Topaz", "Vector",
];

/// Per sub-category: what its products are called, and the words buyers search them by.
const KINDS: &[(&str, &[&str], &[&str])] = &[
    (
        "running-environment",
        &["Java Runtime", "Node.js Server", "Python Stack", "Tomcat Server", "LAMP Stack"],
        &["runtime", "server", "stack"],
    ),
    (
        "databases-and-cache",
        &["MySQL Server", "PostgreSQL Cluster", "Redis Cache", "MongoDB Replica Set", "MariaDB Galera"],
        &["database", "sql", "cache"],
    ),
    (
        "content-management",
        &["WordPress", "Drupal Portal", "Ghost Blog", "Joomla Site", "Headless CMS"],
        &["cms", "website", "blog"],
    ),
    (
        "system-administration",
        &["Server Monitor", "Patch Manager", "Config Automation", "Bastion Host", "Remote Desktop"],
        &["admin", "monitoring", "ops"],
    ),
    (
        "big-data-analytics",
        &["Spark Cluster", "Hadoop Suite", "Kafka Streams", "ClickHouse Analytics", "Data Lakehouse"],
        &["analytics", "big data", "streaming"],
    ),
    (
        "storage-and-backup",
        &["Backup Vault", "File Sync", "Object Gateway", "Disaster Recovery", "Archive Manager"],
        &["backup", "storage", "recovery"],
    ),
    (
        "business-intelligence",
        &["BI Dashboards", "Report Builder", "KPI Tracker", "Data Explorer"],
        &["bi", "reports", "dashboards"],
    ),
    (
        "financial-services",
        &["Invoicing", "Expense Manager", "Payroll", "Accounting Ledger"],
        &["finance", "accounting", "invoices"],
    ),
    (
        "enterprise-applications",
        &["ERP Suite", "HR Portal", "Procurement Hub", "Asset Manager"],
        &["erp", "hr", "enterprise"],
    ),
    ("crm", &["CRM", "Sales Pipeline", "Customer Desk", "Lead Manager"], &["crm", "sales", "customers"]),
    (
        "e-commerce",
        &["Online Store", "Checkout Engine", "Product Catalog", "Marketplace Builder"],
        &["shop", "ecommerce", "payments"],
    ),
    (
        "project-management",
        &["Project Board", "Task Planner", "Gantt Planner", "Team Workspace"],
        &["projects", "tasks", "kanban"],
    ),
    (
        "internet-middleware",
        &["API Gateway", "Message Queue", "Service Mesh", "Load Balancer"],
        &["middleware", "api", "queue"],
    ),
    (
        "application-development",
        &["Cloud IDE", "Low-Code Studio", "Mobile Backend", "App Builder"],
        &["development", "ide", "apps"],
    ),
    (
        "issue-and-bug-tracking",
        &["Issue Tracker", "Bug Hunter", "Service Desk", "Defect Manager"],
        &["issues", "bugs", "tracking"],
    ),
    (
        "log-analysis",
        &["Log Analyzer", "Log Search", "SIEM Console", "Trace Explorer"],
        &["logs", "observability", "search"],
    ),
    (
        "source-control",
        &["Git Server", "Code Review", "Repository Manager", "Artifact Registry"],
        &["git", "code", "repository"],
    ),
    ("testing", &["Load Tester", "Test Manager", "API Tester", "Browser Test Grid"], &["testing", "qa", "performance"]),
    (
        "data-transfer",
        &["Database Migration", "Data Transfer", "Cloud Move", "Replication Setup"],
        &["migration", "transfer", "data"],
    ),
    (
        "consulting-and-training",
        &["Cloud Training", "Architecture Review", "Security Workshop", "DevOps Coaching"],
        &["training", "consulting", "workshop"],
    ),
    (
        "environment-configuration",
        &["Environment Setup", "Kubernetes Setup", "Network Design", "CI Pipeline Setup"],
        &["setup", "configuration", "deployment"],
    ),
    (
        "maintenance",
        &["Managed Support", "Database Care", "Server Maintenance", "Security Patching"],
        &["maintenance", "support", "managed"],
    ),
];

const OPERATING_SYSTEMS: &[&str] =
    &["Ubuntu 22.04 64bit", "Debian 12 64bit", "CentOS 7.9 64bit", "Rocky Linux 9 64bit", "Windows Server 2022"];

/// Delivery methods that fit a sub-category: the first is the most common.
fn deliveries(sub_category: &str) -> &'static [DeliveryMethod] {
    use DeliveryMethod::*;
    match sub_category {
        "data-transfer" | "environment-configuration" | "maintenance" => &[ProfessionalService, ConsultingService],
        "consulting-and-training" => &[ConsultingService, ProfessionalService, ContentService],
        "storage-and-backup" => &[Image, License, Hardware, Saas],
        "running-environment" | "databases-and-cache" | "content-management" | "big-data-analytics" => {
            &[Image, License, CloudHost]
        }
        "system-administration" | "internet-middleware" | "source-control" | "log-analysis" => &[Image, Saas, License],
        _ => &[Saas, License, Image],
    }
}

/// A tiny deterministic generator (SplitMix64): the same seed, the same catalog.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// A few products sell a lot, most sell little.
    fn popularity(&mut self) -> u32 {
        let roll = self.below(1000) as u32;
        roll * roll / 400 + self.below(20) as u32
    }
}

fn flat(billing: BillingMode, period: BillingPeriod, cents: u64) -> PlanSeed {
    PlanSeed {
        billing,
        period,
        pricing: PricingModel::Flat,
        price: Some(rust_decimal::Decimal::new(cents as i64, 2)),
        unit_price: None,
        tiers: None,
    }
}

fn plans(dice: &mut Dice, delivery: DeliveryMethod, level: u64) -> Vec<PlanSeed> {
    let monthly = (900 + dice.below(9000) as u64) * level;
    let mut plans = Vec::new();
    if delivery == DeliveryMethod::Image {
        plans.push(flat(BillingMode::PayPerUse, BillingPeriod::Hour, (monthly / 600).max(1)));
    }
    if delivery == DeliveryMethod::Saas && dice.below(3) == 0 {
        let unit = (300 + dice.below(1200) as u64) * level;
        let tier = |up_to, unit: u64| TierSeed { up_to, unit_price: rust_decimal::Decimal::new(unit as i64, 2) };
        plans.push(PlanSeed {
            billing: BillingMode::YearlyMonthly,
            period: BillingPeriod::Month,
            pricing: if dice.below(2) == 0 { PricingModel::Tiered } else { PricingModel::Volume },
            price: None,
            unit_price: None,
            tiers: Some(vec![tier(Some(10), unit), tier(Some(50), unit * 9 / 10), tier(None, unit * 8 / 10)]),
        });
        return plans;
    }
    plans.push(flat(BillingMode::YearlyMonthly, BillingPeriod::Month, monthly));
    plans.push(flat(BillingMode::YearlyMonthly, BillingPeriod::Year, monthly * 10));
    plans
}

fn product(dice: &mut Dice, number: u32, sellers: &[String]) -> ProductSeed {
    let (sub_category, kinds, tags) = dice.pick(KINDS);
    let kind = dice.pick(kinds);
    let brand = dice.pick(BRANDS);
    let delivery = *dice.pick(deliveries(sub_category));
    let name = format!("{brand} {kind} {}", 1 + number % 97);
    let edition_names =
        [("standard", "Standard", 1), ("professional", "Professional", 2), ("enterprise", "Enterprise", 5)];
    let editions = edition_names[..1 + dice.below(3)]
        .iter()
        .map(|(code, label, level)| EditionSeed {
            code: code.to_string(),
            name: label.to_string(),
            specification: format!("{label} specification for {kind}"),
            plans: plans(dice, delivery, *level),
        })
        .collect();
    ProductSeed {
        id: format!("generated-{number}"),
        name: name.clone(),
        seller: dice.pick(sellers).clone(),
        sub_category: sub_category.to_string(),
        delivery,
        supervised: delivery.always_supervised() || (delivery == DeliveryMethod::Saas && dice.below(3) == 0),
        requires_seller_authorization: false,
        summary: format!("{kind} by {brand}, delivered as {delivery}."),
        description: format!(
            "{name} gives teams a dependable {} with sensible defaults, monitoring and backups.\n\n\
             It is maintained by {brand} and supported during business hours.",
            kind.to_lowercase()
        ),
        tags: tags.iter().map(|t| t.to_string()).collect(),
        operating_system: (delivery == DeliveryMethod::Image).then(|| dice.pick(OPERATING_SYSTEMS).to_string()),
        logo: None,
        screenshots: Vec::new(),
        user_guide: None,
        support: None,
        popularity: dice.popularity(),
        released: chrono::NaiveDate::from_ymd_opt(2021, 1, 1).expect("a valid date")
            + chrono::Days::new(dice.below(2100) as u64),
        editions,
        request_template: None,
    }
}

/// Adds `count` generated products (and, the first time, their sellers) to the store, in one
/// transaction. Numbering continues after the products generated before.
pub fn generate(store: &mut Store, count: u32, seed: u64) -> Result<ImportReport> {
    store.write(|tx| {
        let catalog = generated_catalog(tx, count, seed)?;
        let report = import::import(tx, &catalog, &|_: &str| None)?;
        // The products added go into the search index now, so that the first search does not
        // pay for them.
        crate::catalog::search::refresh(tx)?;
        Ok(report)
    })
}

/// The catalog [`generate`] would add to the store `conn` reads, without adding it: the bench
/// times the import apart from the making up of products.
pub fn generated_catalog(conn: &rusqlite::Connection, count: u32, seed: u64) -> Result<CatalogSeed> {
    if count == 0 || count > MAX_GENERATED {
        return Err(CoreError::invalid(format!("the number of products must be between 1 and {MAX_GENERATED}")));
    }
    let already: u32 = conn
        .query_row("SELECT count(*) FROM products WHERE id LIKE 'generated-%'", [], |r| r.get(0))
        .optional()?
        .unwrap_or(0);
    let seller_ids: Vec<String> = (1..=40).map(|n| format!("generated-seller-{n}")).collect();
    let sellers = seller_ids
        .iter()
        .enumerate()
        .map(|(n, id)| SellerSeed {
            id: id.clone(),
            name: format!("{} Software {}", BRANDS[n % BRANDS.len()], n + 1),
            email: format!("support@{id}.example"),
            phone: format!("+1 555 01{n:02}"),
            support_hours: "Mon-Fri 09:00-18:00 (UTC)".into(),
            website: None,
        })
        .collect();
    let mut dice = Dice(seed ^ u64::from(already));
    let products = (already + 1..=already + count).map(|n| product(&mut dice, n, &seller_ids)).collect();
    Ok(CatalogSeed { sellers, products })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::search::{search, SearchQuery};

    #[test]
    fn generated_products_obey_the_catalog_rules_and_continue_their_numbering() {
        let mut store = Store::open_in_memory().unwrap();
        let first = generate(&mut store, 300, 7).unwrap();
        assert!(first.refused.is_empty(), "{:?}", first.refused);
        assert_eq!(first.products, 300);
        let second = generate(&mut store, 50, 7).unwrap();
        assert_eq!(second.products, 50, "{:?}", second.refused);
        let all = search(&store, &SearchQuery::default()).unwrap();
        assert_eq!(all.total, 350);
        for delivery in [DeliveryMethod::Image, DeliveryMethod::Saas, DeliveryMethod::ProfessionalService] {
            let some = search(&store, &SearchQuery { delivery: Some(delivery), ..Default::default() }).unwrap();
            assert!(some.total > 0, "no generated {delivery}");
        }
    }

    #[test]
    fn the_same_seed_generates_the_same_catalog() {
        let names = |seed| {
            let mut store = Store::open_in_memory().unwrap();
            generate(&mut store, 20, seed).unwrap();
            search(&store, &SearchQuery { limit: Some(20), ..Default::default() })
                .unwrap()
                .items
                .into_iter()
                .map(|p| p.name)
                .collect::<Vec<_>>()
        };
        assert_eq!(names(1), names(1));
        assert_ne!(names(1), names(2));
    }

    #[test]
    fn a_count_out_of_range_is_refused() {
        let mut store = Store::open_in_memory().unwrap();
        for count in [0, MAX_GENERATED + 1] {
            assert_eq!(generate(&mut store, count, 1).unwrap_err().code(), crate::ErrorCode::InvalidInput);
        }
    }
}
