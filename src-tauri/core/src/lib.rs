//! The KooGallery core: the catalog, the store, a buyer's favourites and requirements, orders
//! with their payments and ledger, Purchased Apps, service supervision with its appeals and
//! negotiated unsubscription, the messages each role is told, and the one scheduler that fires
//! every timer.
//!
//! This crate must never depend on Tauri or on any display: the desktop shell and the `kg`
//! command line are two thin front ends over it, and its tests run headless.
//!
//! Time comes in from outside through [`clock::Clock`]; nothing here reads the system time
//! directly except [`clock::SystemClock`].

pub mod accounts;
pub mod agencies;
pub mod apps;
pub mod catalog;
pub(crate) mod charging;
pub mod clock;
pub mod cloud;
pub mod demo;
pub mod entropy;
pub mod error;
pub mod favorites;
pub mod images;
pub mod invoices;
pub mod ledger;
pub mod messages;
pub mod money;
pub mod orders;
pub mod paging;
pub mod payments;
pub mod requirements;
pub mod roles;
pub mod scheduler;
pub mod store;
pub mod subscriptions;
pub mod supervision;
pub mod sync;
pub mod tickets;
pub mod time_zone;
pub mod timers;

pub use error::{CoreError, ErrorCode, FlowRefusal, Result};
pub use store::Store;
