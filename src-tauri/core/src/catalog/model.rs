//! The catalog's vocabulary and the views front ends show.
//!
//! The views are plain data that serialise the same way for the UI and for `kg --json`:
//! snake_case fields, money as decimal strings with two decimals.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::CoreError;

macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident ($label:literal) { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "specta", derive(specta::Type))]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        /// Accepts the snake_case name, or the same with hyphens (`professional-service`).
        impl FromStr for $name {
            type Err = CoreError;
            fn from_str(text: &str) -> Result<Self, CoreError> {
                let normal = text.trim().to_ascii_lowercase().replace('-', "_");
                $name::ALL.iter().copied().find(|v| v.as_str() == normal).ok_or_else(|| {
                    let known: Vec<&str> = $name::ALL.iter().map(|v| v.as_str()).collect();
                    CoreError::invalid(format!(
                        "{text:?} is not a known {}; use one of: {}",
                        $label,
                        known.join(", ")
                    ))
                })
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                let text = value.as_str()?;
                text.parse().map_err(|e: CoreError| rusqlite::types::FromSqlError::Other(Box::new(e)))
            }
        }

        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(self.as_str().into())
            }
        }
    };
}

text_enum! {
    /// How a product reaches the buyer.
    DeliveryMethod ("delivery method") {
        Image = "image",
        Saas = "saas",
        License = "license",
        ProfessionalService = "professional_service",
        Hardware = "hardware",
        ContentService = "content_service",
        ConsultingService = "consulting_service",
        CloudHost = "cloud_host",
    }
}

text_enum! {
    /// R-BILL-1: pay-per-use (hourly, images only) or yearly/monthly (paid up front).
    BillingMode ("billing mode") {
        PayPerUse = "pay_per_use",
        YearlyMonthly = "yearly_monthly",
    }
}

text_enum! {
    /// The period a plan's price covers.
    BillingPeriod ("billing period") {
        Hour = "hour",
        Month = "month",
        Year = "year",
    }
}

text_enum! {
    /// How a plan prices users: one price for the edition (flat), or per user (linear,
    /// tiered, volume; DOMAIN.md section 2).
    PricingModel ("pricing model") {
        Flat = "flat",
        Linear = "linear",
        Tiered = "tiered",
        Volume = "volume",
    }
}

impl DeliveryMethod {
    /// License, professional service and hardware always involve service supervision.
    pub fn always_supervised(self) -> bool {
        matches!(self, DeliveryMethod::License | DeliveryMethod::ProfessionalService | DeliveryMethod::Hardware)
    }

    /// Only SaaS decides supervision per product; the rest never involve it.
    pub fn may_be_supervised(self) -> bool {
        self.always_supervised() || self == DeliveryMethod::Saas
    }
}

text_enum! {
    /// How search results are ordered. Relevance is the default with search text, popularity
    /// without. The price orders use the monthly price: the cheapest yearly/monthly plan per
    /// month (a yearly price divided by 12), or for products sold by the hour only, 730 hours
    /// of the cheapest rate.
    SortOrder ("sort order") {
        Relevance = "relevance",
        Popularity = "popularity",
        PriceAsc = "price_asc",
        PriceDesc = "price_desc",
        Newest = "newest",
    }
}

impl DeliveryMethod {
    /// How the method is named to a person.
    pub fn label(self) -> &'static str {
        match self {
            DeliveryMethod::Image => "Image",
            DeliveryMethod::Saas => "SaaS",
            DeliveryMethod::License => "License",
            DeliveryMethod::ProfessionalService => "Professional service",
            DeliveryMethod::Hardware => "Hardware",
            DeliveryMethod::ContentService => "Content service",
            DeliveryMethod::ConsultingService => "Consulting service",
            DeliveryMethod::CloudHost => "Cloud host",
        }
    }
}

impl BillingMode {
    pub fn label(self) -> &'static str {
        match self {
            BillingMode::PayPerUse => "Pay-per-use",
            BillingMode::YearlyMonthly => "Yearly/Monthly",
        }
    }
}

impl PricingModel {
    pub fn per_user(self) -> bool {
        self != PricingModel::Flat
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SubCategory {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Category {
    pub id: String,
    pub name: String,
    pub sub_categories: Vec<SubCategory>,
}

/// The lowest price a product can be had for: "From $8.00 / user / month".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StartingPrice {
    pub amount: String,
    pub period: BillingPeriod,
    pub per_user: bool,
}

/// A product as a list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ProductSummary {
    pub id: String,
    pub name: String,
    pub seller_id: String,
    pub seller: String,
    pub category: String,
    pub category_name: String,
    pub sub_category: String,
    pub sub_category_name: String,
    pub delivery: DeliveryMethod,
    pub billing_modes: Vec<BillingMode>,
    pub supervised: bool,
    pub summary: String,
    pub starting_price: Option<StartingPrice>,
    pub popularity: u32,
    /// Whether the product has a logo to show; without one, a list shows its initials and
    /// asks for no picture.
    pub has_logo: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SellerInfo {
    pub id: String,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub website: Option<String>,
}

/// How to reach the seller for support.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct SupportRange {
    pub email: String,
    pub phone: String,
    pub hours: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct UserGuide {
    pub file_name: String,
    pub size_bytes: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Screenshot {
    pub position: u32,
    pub width: u32,
    pub height: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PriceTier {
    pub from_users: u32,
    pub to_users: Option<u32>,
    pub unit_price: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PricePlan {
    pub billing: BillingMode,
    pub period: BillingPeriod,
    pub pricing: PricingModel,
    /// Flat: the price of the period. Linear: the price of one user for the period.
    /// Tiered and volume: none; see `tiers`.
    pub price: Option<String>,
    pub tiers: Vec<PriceTier>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Edition {
    pub code: String,
    pub name: String,
    pub specification: String,
    pub plans: Vec<PricePlan>,
}

/// Everything the product page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ProductDetail {
    pub summary: ProductSummary,
    pub description: String,
    pub tags: Vec<String>,
    pub operating_system: Option<String>,
    pub released_on: String,
    pub requires_seller_authorization: bool,
    pub seller: SellerInfo,
    pub support: SupportRange,
    pub user_guide: Option<UserGuide>,
    pub screenshots: Vec<Screenshot>,
    pub editions: Vec<Edition>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_with_underscores_or_hyphens_and_bad_names_list_the_choices() {
        assert_eq!("professional-service".parse::<DeliveryMethod>().unwrap(), DeliveryMethod::ProfessionalService);
        assert_eq!("SaaS".parse::<DeliveryMethod>().unwrap(), DeliveryMethod::Saas);
        assert_eq!("pay_per_use".parse::<BillingMode>().unwrap(), BillingMode::PayPerUse);
        let err = "rental".parse::<BillingMode>().unwrap_err().to_string();
        assert!(err.contains("pay_per_use, yearly_monthly"), "{err}");
    }

    #[test]
    fn supervision_by_delivery_method() {
        use DeliveryMethod::*;
        let always: Vec<_> = DeliveryMethod::ALL.iter().filter(|d| d.always_supervised()).collect();
        assert_eq!(always, [&License, &ProfessionalService, &Hardware]);
        let maybe: Vec<_> = DeliveryMethod::ALL.iter().filter(|d| d.may_be_supervised()).collect();
        assert_eq!(maybe, [&Saas, &License, &ProfessionalService, &Hardware]);
    }
}
