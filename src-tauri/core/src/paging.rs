//! Lists a screen shows a page at a time. A reseller's store holds thousands of orders, apps and
//! unsubscribable orders and tens of thousands of hourly charges: a screen asks for the rows it
//! shows and how many there are in all, never for the whole list.

use serde::{Deserialize, Serialize};

use crate::{CoreError, Result};

/// Rows on a page when the screen does not say.
pub const DEFAULT_LIMIT: u32 = 20;
/// The most rows one page holds.
pub const MAX_LIMIT: u32 = 100;

/// Which rows of a list a screen asks for: from `offset` (0 when absent), `limit` of them (20
/// when absent, 1 to 100).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PageRequest {
    #[serde(default)]
    pub offset: Option<u32>,
    #[serde(default)]
    pub limit: Option<u32>,
}

/// A [`PageRequest`] checked, with its defaults filled in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub offset: u32,
    pub limit: u32,
}

impl PageRequest {
    pub const fn new(offset: u32, limit: u32) -> Self {
        Self { offset: Some(offset), limit: Some(limit) }
    }

    /// The rows asked for; `invalid_input` for a limit outside 1 to 100.
    pub fn window(self) -> Result<Window> {
        let limit = self.limit.unwrap_or(DEFAULT_LIMIT);
        if limit == 0 || limit > MAX_LIMIT {
            return Err(CoreError::invalid(format!("the limit must be between 1 and {MAX_LIMIT}")));
        }
        Ok(Window { offset: self.offset.unwrap_or(0), limit })
    }
}

/// One page of a list: its rows, and how many the whole list holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Page<T> {
    pub items: Vec<T>,
    /// How many rows the list holds over all its pages.
    pub total: u32,
    pub offset: u32,
    pub limit: u32,
}

impl<T> Page<T> {
    pub fn new(items: Vec<T>, total: u32, window: Window) -> Self {
        Self { items, total, offset: window.offset, limit: window.limit }
    }

    /// The same page with each row turned into another.
    pub fn try_map<U>(self, f: impl FnMut(T) -> Result<U>) -> Result<Page<U>> {
        Ok(Page {
            items: self.items.into_iter().map(f).collect::<Result<_>>()?,
            total: self.total,
            offset: self.offset,
            limit: self.limit,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    #[test]
    fn a_page_is_twenty_rows_from_the_first_unless_asked_otherwise() {
        assert_eq!(PageRequest::default().window().unwrap(), Window { offset: 0, limit: 20 });
        assert_eq!(PageRequest::new(40, 100).window().unwrap(), Window { offset: 40, limit: 100 });
        assert_eq!(PageRequest { offset: Some(7), limit: None }.window().unwrap(), Window { offset: 7, limit: 20 });
    }

    #[test]
    fn a_limit_of_none_or_over_a_hundred_is_refused() {
        for limit in [0, 101, u32::MAX] {
            let refused = PageRequest::new(0, limit).window().unwrap_err();
            assert_eq!(refused.code(), ErrorCode::InvalidInput);
            assert_eq!(refused.to_string(), "the limit must be between 1 and 100");
        }
    }
}
