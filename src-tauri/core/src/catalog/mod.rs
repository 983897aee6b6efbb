//! The catalog (DOMAIN.md section 2): what is sold, by whom, in which category, at which
//! prices, and how a buyer finds it.
//!
//! - `model`: the vocabulary (delivery methods, billing modes, pricing models) and the views
//!   that front ends show;
//! - `search`: search with filters and facet counts, on an index kept in the store;
//! - `product`: one product with its editions and price plans;
//! - `seller`: a seller's page, its contact and after-sales support beside its products;
//! - `pricing`: what a configuration costs (per-user pricing models, itemised quotes);
//! - `import`: filling the catalog from a seed (the demo catalog, later a seller's feed);
//! - `media`: logos, screenshots and user guides: validation, thumbnails, reading back.

pub mod import;
pub mod media;
pub mod model;
pub mod pricing;
pub mod product;
pub mod search;
pub mod seller;

pub use model::*;
