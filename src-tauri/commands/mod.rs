//! The commands the UI calls, one module per area of the product. Each command takes the
//! state, calls the core, and maps the error: nothing else.

pub mod after_sales;
pub mod buying;
pub mod catalog;
pub mod demo;
pub mod favorites;
pub mod images;
pub mod requirements;
pub mod roles;
pub mod subscriptions;
pub mod supervision;
pub mod sync;

#[cfg(test)]
mod fuzz;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_after_sales;
#[cfg(test)]
mod tests_demo;
#[cfg(test)]
mod tests_secrets;
#[cfg(test)]
mod tests_sync;
