//! Filling the catalog from a seed: the demo catalog today, a seller's feed later.
//!
//! A seed is checked product by product. A product that breaks a catalog rule is refused with
//! its reason and the rest goes on; so is a single bad image, whose product is kept without
//! it. Whatever is imported is written in the caller's transaction.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Deserialize;

use rusqlite::{params, Connection, OptionalExtension};

use super::media::{self, MediaKind, PreparedImage};
use super::model::{BillingMode, BillingPeriod, DeliveryMethod, PricingModel, SupportRange};
use crate::{CoreError, Result};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogSeed {
    pub sellers: Vec<SellerSeed>,
    pub products: Vec<ProductSeed>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SellerSeed {
    pub id: String,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub support_hours: String,
    #[serde(default)]
    pub website: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductSeed {
    pub id: String,
    pub name: String,
    pub seller: String,
    pub sub_category: String,
    pub delivery: DeliveryMethod,
    pub supervised: bool,
    #[serde(default)]
    pub requires_seller_authorization: bool,
    pub summary: String,
    pub description: String,
    pub tags: Vec<String>,
    #[serde(default)]
    pub operating_system: Option<String>,
    #[serde(default)]
    pub logo: Option<String>,
    #[serde(default)]
    pub screenshots: Vec<String>,
    #[serde(default)]
    pub user_guide: Option<String>,
    #[serde(default)]
    pub support: Option<SupportRange>,
    #[serde(default)]
    pub popularity: u32,
    pub released: NaiveDate,
    pub editions: Vec<EditionSeed>,
    /// What a buyer's request should say, for supervised SaaS and professional services.
    #[serde(default)]
    pub request_template: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditionSeed {
    pub code: String,
    pub name: String,
    pub specification: String,
    pub plans: Vec<PlanSeed>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanSeed {
    pub billing: BillingMode,
    pub period: BillingPeriod,
    pub pricing: PricingModel,
    #[serde(default, with = "rust_decimal::serde::str_option")]
    pub price: Option<Decimal>,
    #[serde(default, with = "rust_decimal::serde::str_option")]
    pub unit_price: Option<Decimal>,
    #[serde(default)]
    pub tiers: Option<Vec<TierSeed>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TierSeed {
    pub up_to: Option<u32>,
    #[serde(with = "rust_decimal::serde::str")]
    pub unit_price: Decimal,
}

/// What an import did, and what it refused and why.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportReport {
    pub sellers: u32,
    pub products: u32,
    pub images: u32,
    pub guides: u32,
    pub refused: Vec<String>,
}

/// Reads a file named in the seed (a path relative to the seed).
pub trait SeedFiles {
    fn read(&self, path: &str) -> Option<Vec<u8>>;
}

impl<F: Fn(&str) -> Option<Vec<u8>>> SeedFiles for F {
    fn read(&self, path: &str) -> Option<Vec<u8>> {
        self(path)
    }
}

pub fn parse_seed(json: &[u8]) -> Result<CatalogSeed> {
    serde_json::from_slice(json).map_err(|e| CoreError::invalid(format!("the catalog file is not valid: {e}")))
}

/// Imports `seed` into the store through `conn` (normally an open transaction).
pub fn import(conn: &Connection, seed: &CatalogSeed, files: &dyn SeedFiles) -> Result<ImportReport> {
    let mut report = ImportReport::default();
    for seller in &seed.sellers {
        match check_seller(seller) {
            Ok(()) => {
                conn.prepare_cached(
                    "INSERT INTO sellers (id, name, email, phone, support_hours, website)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                     ON CONFLICT (id) DO UPDATE SET name = excluded.name, email = excluded.email,
                         phone = excluded.phone, support_hours = excluded.support_hours,
                         website = excluded.website",
                )?
                .execute(params![
                    seller.id,
                    seller.name,
                    seller.email,
                    seller.phone,
                    seller.support_hours,
                    seller.website
                ])?;
                report.sellers += 1;
            }
            Err(e) => report.refused.push(format!("seller {:?}: {e}", seller.id)),
        }
    }
    let known = Known::load(conn)?;
    for product in &seed.products {
        if let Err(e) = check_product(conn, &known, product) {
            report.refused.push(format!("product {:?}: {e}", product.id));
            continue;
        }
        insert_product(conn, &known, product, files, &mut report)?;
        report.products += 1;
    }
    if report.products > 0 {
        // Tells the search index to look for the products added (see migrations 0005, 0015).
        conn.execute("UPDATE catalog_changes SET content = content + 1", [])?;
    }
    Ok(report)
}

fn is_slug(id: &str) -> bool {
    (1..=80).contains(&id.len())
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-')
}

fn require_text(field: &str, value: &str, max: usize) -> Result<()> {
    let length = value.trim().chars().count();
    if length == 0 {
        return Err(CoreError::invalid(format!("{field} is empty")));
    }
    if length > max {
        return Err(CoreError::invalid(format!("{field} is longer than {max} characters")));
    }
    Ok(())
}

fn check_seller(seller: &SellerSeed) -> Result<()> {
    if !is_slug(&seller.id) {
        return Err(CoreError::invalid("the id must be lower-case letters, digits and hyphens"));
    }
    require_text("the name", &seller.name, 120)?;
    require_text("the email", &seller.email, 200)?;
    require_text("the phone", &seller.phone, 60)?;
    require_text("the support hours", &seller.support_hours, 200)
}

/// What every product of an import refers to, read once rather than once per product.
struct Known {
    /// Seller id → the seller's support range, a product's default.
    sellers: HashMap<String, SupportRange>,
    /// Sub-category id → its category.
    sub_categories: HashMap<String, String>,
}

impl Known {
    fn load(conn: &Connection) -> Result<Known> {
        let sellers = conn
            .prepare("SELECT id, email, phone, support_hours FROM sellers")?
            .query_map([], |r| Ok((r.get(0)?, SupportRange { email: r.get(1)?, phone: r.get(2)?, hours: r.get(3)? })))?
            .collect::<rusqlite::Result<_>>()?;
        let sub_categories = conn
            .prepare("SELECT id, category_id FROM sub_categories")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Known { sellers, sub_categories })
    }
}

/// The catalog's rules for one product, checked before anything is written.
fn check_product(conn: &Connection, known: &Known, p: &ProductSeed) -> Result<()> {
    if !is_slug(&p.id) {
        return Err(CoreError::invalid("the id must be lower-case letters, digits and hyphens"));
    }
    require_text("the name", &p.name, 200)?;
    require_text("the summary", &p.summary, 300)?;
    require_text("the description", &p.description, 20_000)?;
    let exists = |sql: &str, key: &str| -> Result<bool> {
        Ok(conn.prepare_cached(sql)?.query_row([key], |_| Ok(())).optional()?.is_some())
    };
    if exists("SELECT 1 FROM products WHERE id = ?1", &p.id)? {
        return Err(CoreError::invalid("a product with this id is already in the catalog"));
    }
    if !known.sellers.contains_key(&p.seller) {
        return Err(CoreError::invalid(format!("the seller {:?} is not in the catalog", p.seller)));
    }
    if !known.sub_categories.contains_key(&p.sub_category) {
        return Err(CoreError::invalid(format!("the sub-category {:?} does not exist", p.sub_category)));
    }
    if p.delivery.always_supervised() && !p.supervised {
        return Err(CoreError::invalid(format!("a {} product always involves service supervision", p.delivery)));
    }
    if p.supervised && !p.delivery.may_be_supervised() {
        return Err(CoreError::invalid(format!("a {} product never involves service supervision", p.delivery)));
    }
    if p.requires_seller_authorization && p.delivery != DeliveryMethod::Saas {
        return Err(CoreError::invalid("only SaaS products can ask for the seller authorization (R-BUY-4)"));
    }
    if let Some(template) = &p.request_template {
        if !p.supervised || !matches!(p.delivery, DeliveryMethod::Saas | DeliveryMethod::ProfessionalService) {
            return Err(CoreError::invalid(
                "only supervised SaaS and professional services take the buyer's request, so only they have a request template",
            ));
        }
        require_text("the request template", template, 4000)?;
    }
    if p.editions.is_empty() {
        return Err(CoreError::invalid("a product needs at least one edition"));
    }
    let mut codes = HashSet::new();
    for edition in &p.editions {
        if !codes.insert(edition.code.as_str()) {
            return Err(CoreError::invalid(format!("the edition code {:?} is used twice", edition.code)));
        }
        require_text("an edition's name", &edition.name, 120)?;
        if edition.plans.is_empty() {
            return Err(CoreError::invalid(format!("the edition {:?} has no price plan", edition.code)));
        }
        let mut plan_keys = HashSet::new();
        for plan in &edition.plans {
            if !plan_keys.insert((plan.billing, plan.period)) {
                return Err(CoreError::invalid(format!(
                    "the edition {:?} prices {} / {} twice",
                    edition.code, plan.billing, plan.period
                )));
            }
            check_plan(p.delivery, plan).map_err(|e| CoreError::invalid(format!("edition {:?}: {e}", edition.code)))?;
        }
    }
    Ok(())
}

fn check_plan(delivery: DeliveryMethod, plan: &PlanSeed) -> Result<()> {
    // R-BILL-1: pay-per-use is hourly and for images only.
    match (plan.billing, plan.period) {
        (BillingMode::PayPerUse, BillingPeriod::Hour) if delivery == DeliveryMethod::Image => {}
        (BillingMode::PayPerUse, BillingPeriod::Hour) => {
            return Err(CoreError::invalid("pay-per-use billing is offered for images only"))
        }
        (BillingMode::PayPerUse, _) => return Err(CoreError::invalid("pay-per-use plans are priced by the hour")),
        (BillingMode::YearlyMonthly, BillingPeriod::Hour) => {
            return Err(CoreError::invalid("yearly/monthly plans are priced by the month or the year"))
        }
        (BillingMode::YearlyMonthly, _) => {}
    }
    if plan.pricing.per_user() && delivery != DeliveryMethod::Saas {
        return Err(CoreError::invalid("per-user pricing is for SaaS products"));
    }
    let amount = |what: &str, value: Decimal| -> Result<()> {
        if value.is_sign_negative() {
            return Err(CoreError::invalid(format!("{what} is negative")));
        }
        if value.scale() > 4 {
            return Err(CoreError::invalid(format!("{what} has more than four decimals")));
        }
        Ok(())
    };
    match (plan.pricing, plan.price, plan.unit_price, &plan.tiers) {
        (PricingModel::Flat, Some(price), None, None) => amount("the price", price),
        (PricingModel::Flat, ..) => Err(CoreError::invalid("a flat plan has a price, and no unit price or tiers")),
        (PricingModel::Linear, None, Some(unit), None) => amount("the unit price", unit),
        (PricingModel::Linear, ..) => Err(CoreError::invalid("a linear plan has a unit price, and no price or tiers")),
        (PricingModel::Tiered | PricingModel::Volume, None, None, Some(tiers)) => {
            if tiers.is_empty() {
                return Err(CoreError::invalid("a tiered or volume plan needs tiers"));
            }
            let mut previous = 0u32;
            for (i, tier) in tiers.iter().enumerate() {
                amount("a tier's unit price", tier.unit_price)?;
                let last = i + 1 == tiers.len();
                match tier.up_to {
                    None if last => {}
                    None => return Err(CoreError::invalid("only the last tier is open-ended")),
                    Some(_) if last => return Err(CoreError::invalid("the last tier must be open-ended")),
                    Some(up_to) if up_to <= previous => {
                        return Err(CoreError::invalid("tiers must be in ascending order"))
                    }
                    Some(up_to) => previous = up_to,
                }
            }
            Ok(())
        }
        (..) => Err(CoreError::invalid("a tiered or volume plan has tiers, and no price or unit price")),
    }
}

/// The bit of a billing mode in `products.billing_modes`.
pub(crate) fn billing_bit(mode: BillingMode) -> u8 {
    match mode {
        BillingMode::PayPerUse => 1,
        BillingMode::YearlyMonthly => 2,
    }
}

/// Hours in an average month (8,760 / 12), to put hourly prices on the monthly scale.
const HOURS_PER_MONTH: u32 = 730;

/// The lowest price per month, in cents, that the product can be had for: a monthly plan's
/// price, a yearly plan's twelfth, or, for products sold by the hour only, 730 hours. Per-user
/// plans count one user at their lowest unit price. A sort and filter key, never an amount due.
fn monthly_price_cents<'a>(plans: impl Iterator<Item = &'a PlanSeed> + Clone) -> i64 {
    let lowest = |plan: &PlanSeed| -> Decimal {
        plan.price
            .or(plan.unit_price)
            .or_else(|| plan.tiers.iter().flatten().map(|t| t.unit_price).min())
            .unwrap_or_default()
    };
    let per_month = |plan: &PlanSeed| match plan.period {
        BillingPeriod::Month => lowest(plan),
        BillingPeriod::Year => lowest(plan) / Decimal::from(12),
        BillingPeriod::Hour => lowest(plan) * Decimal::from(HOURS_PER_MONTH),
    };
    let up_front = plans.clone().filter(|p| p.billing == BillingMode::YearlyMonthly).map(per_month).min();
    let cheapest = up_front.or_else(|| plans.map(per_month).min()).unwrap_or_default();
    let cents = crate::money::round_to_cent(cheapest) * Decimal::from(100);
    i64::try_from(cents).unwrap_or(i64::MAX)
}

fn insert_product(
    conn: &Connection,
    known: &Known,
    p: &ProductSeed,
    files: &dyn SeedFiles,
    report: &mut ImportReport,
) -> Result<()> {
    let support = p.support.as_ref().or_else(|| known.sellers.get(&p.seller)).expect("checked: the seller exists");
    let tags: Vec<String> = p.tags.iter().map(|t| t.trim().to_lowercase()).filter(|t| !t.is_empty()).collect();
    let plans = || p.editions.iter().flat_map(|e| &e.plans);
    let billing_modes = plans().fold(0u8, |mask, plan| mask | billing_bit(plan.billing));
    let monthly_price_cents = monthly_price_cents(plans());
    conn.prepare_cached(
        "INSERT INTO products (id, name, seller_id, sub_category_id, category_id, delivery, supervised,
             requires_seller_authorization, summary, description, tags, operating_system,
             support_email, support_phone, support_hours, popularity, released_on,
             billing_modes, monthly_price_cents)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
    )?
    .execute(params![
        p.id,
        p.name.trim(),
        p.seller,
        p.sub_category,
        known.sub_categories[&p.sub_category],
        p.delivery,
        p.supervised,
        p.requires_seller_authorization,
        p.summary.trim(),
        p.description.trim(),
        serde_json::to_string(&tags).expect("a list of strings serialises"),
        p.operating_system,
        support.email,
        support.phone,
        support.hours,
        p.popularity,
        p.released.to_string(),
        billing_modes,
        monthly_price_cents,
    ])?;
    let product_pk = conn.last_insert_rowid();
    // Few products have one: written apart, so that the common insert stays as it was.
    if let Some(template) = &p.request_template {
        conn.prepare_cached("UPDATE products SET request_template = ?2 WHERE pk = ?1")?
            .execute(params![product_pk, template.trim()])?;
    }

    for (position, edition) in p.editions.iter().enumerate() {
        conn.prepare_cached(
            "INSERT INTO editions (product_pk, code, name, specification, position) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![
            product_pk,
            edition.code,
            edition.name,
            edition.specification,
            position as u32 + 1
        ])?;
        let edition_pk = conn.last_insert_rowid();
        for plan in &edition.plans {
            let price = plan.price.or(plan.unit_price).map(|d| d.to_string());
            conn.prepare_cached(
                "INSERT INTO price_plans (edition_pk, billing, period, pricing, price) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![edition_pk, plan.billing, plan.period, plan.pricing, price])?;
            let plan_pk = conn.last_insert_rowid();
            let mut from_users = 1u32;
            for tier in plan.tiers.iter().flatten() {
                conn.prepare_cached(
                    "INSERT INTO price_tiers (plan_pk, from_users, to_users, unit_price) VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(params![plan_pk, from_users, tier.up_to, tier.unit_price.to_string()])?;
                from_users = tier.up_to.map_or(from_users, |u| u + 1);
            }
        }
    }

    let mut load = |path: &str, kind: MediaKind| -> Option<PreparedImage> {
        let prepared = files
            .read(path)
            .ok_or_else(|| CoreError::invalid(format!("the file {path} is missing")))
            .and_then(|bytes| media::prepare_image(path, kind, bytes));
        match prepared {
            Ok(image) => Some(image),
            Err(e) => {
                report.refused.push(format!("product {:?}: {e}", p.id));
                None
            }
        }
    };
    if let Some(logo) = p.logo.as_deref().and_then(|path| load(path, MediaKind::Logo)) {
        media::insert_image(conn, product_pk, MediaKind::Logo, 1, &logo)?;
        report.images += 1;
    }
    let mut position = 0;
    for path in &p.screenshots {
        if let Some(shot) = load(path, MediaKind::Screenshot) {
            position += 1;
            media::insert_image(conn, product_pk, MediaKind::Screenshot, position, &shot)?;
            report.images += 1;
        }
    }
    if let Some(path) = &p.user_guide {
        let guide = files
            .read(path)
            .ok_or_else(|| CoreError::invalid(format!("the file {path} is missing")))
            .and_then(|bytes| media::check_guide(path, &bytes).map(|()| bytes));
        match guide {
            Ok(bytes) => {
                let file_name = path.rsplit('/').next().unwrap_or(path);
                conn.prepare_cached(
                    "INSERT INTO product_guides (product_pk, file_name, mime, content) VALUES (?1, ?2, 'application/pdf', ?3)",
                )?
                .execute(params![product_pk, file_name, bytes])?;
                report.guides += 1;
            }
            Err(e) => report.refused.push(format!("product {:?}: {e}", p.id)),
        }
    }
    Ok(())
}
