//! One module per area of the command line. Each handler asks the core and hands the
//! result to [`crate::output`]; no business rule lives here.

pub mod after_sales;
pub mod buying;
pub mod catalog;
pub mod clock;
pub mod demo;
pub mod favorites;
pub mod images;
pub mod messages;
pub mod product;
pub mod requirements;
pub mod roles;
pub mod sellers;
pub mod subscriptions;
pub mod supervision;
pub mod unsubscribe;
