//! Billing Center > Renewals at any size: the buyer's subscriptions by tab (expiring within 30
//! days, in grace, frozen, renewed automatically or by hand, ended), found by product name, a page
//! at a time, with how many each tab holds.
//!
//! A reseller holds thousands of subscriptions: every row of the account is read once (a few
//! columns each) to sort it into its tabs, and only the page shown is built in full.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::view::{view, Subscription};
use super::{Row, SubscriptionState, ROW_SELECT};
use crate::paging::{PageRequest, Window};
use crate::{accounts, clock, CoreError, Result};

/// How many days ahead the Expiring tab looks.
pub const EXPIRING_WITHIN_DAYS: i64 = 30;
/// A page's rows when the query does not say, and the most it may ask for: as every list's.
pub use crate::paging::{DEFAULT_LIMIT, MAX_LIMIT};
/// The longest product text searched for.
pub const MAX_PRODUCT_CHARS: usize = 200;

/// The tabs of Renewals.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum RenewalsTab {
    /// Every subscription, the ended ones last.
    #[default]
    All,
    /// Active, and expiring within [`EXPIRING_WITHIN_DAYS`] days in the buyer's time zone.
    Expiring,
    /// Expired, still usable (R-REN-1).
    Grace,
    /// Frozen, its data kept until release (R-REN-1).
    Retention,
    /// Still renewable, and renewed automatically (R-REN-3).
    AutoRenew,
    /// Still renewable, and renewed only by hand.
    Manual,
    /// Released or cancelled: nothing left to renew.
    Ended,
}

impl RenewalsTab {
    pub const ALL: [RenewalsTab; 7] = [
        RenewalsTab::All,
        RenewalsTab::Expiring,
        RenewalsTab::Grace,
        RenewalsTab::Retention,
        RenewalsTab::AutoRenew,
        RenewalsTab::Manual,
        RenewalsTab::Ended,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RenewalsTab::All => "all",
            RenewalsTab::Expiring => "expiring",
            RenewalsTab::Grace => "grace",
            RenewalsTab::Retention => "retention",
            RenewalsTab::AutoRenew => "auto_renew",
            RenewalsTab::Manual => "manual",
            RenewalsTab::Ended => "ended",
        }
    }

    /// Whether a subscription in `state`, with automatic renewal `auto_renew` and `days_left`
    /// before its expiry, belongs in this tab.
    pub fn holds(self, state: SubscriptionState, auto_renew: bool, days_left: i64) -> bool {
        match self {
            RenewalsTab::All => true,
            RenewalsTab::Expiring => state == SubscriptionState::Active && days_left <= EXPIRING_WITHIN_DAYS,
            RenewalsTab::Grace => state == SubscriptionState::Grace,
            RenewalsTab::Retention => state == SubscriptionState::Retention,
            RenewalsTab::AutoRenew => state.renewable() && auto_renew,
            RenewalsTab::Manual => state.renewable() && !auto_renew,
            RenewalsTab::Ended => !state.renewable(),
        }
    }
}

impl std::fmt::Display for RenewalsTab {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Accepts the snake_case name, or the same with hyphens (`auto-renew`), as `kg` takes it.
impl std::str::FromStr for RenewalsTab {
    type Err = CoreError;
    fn from_str(text: &str) -> Result<Self> {
        let normal = text.trim().to_ascii_lowercase().replace('-', "_");
        RenewalsTab::ALL.into_iter().find(|t| t.as_str() == normal).ok_or_else(|| {
            let known: Vec<&str> = RenewalsTab::ALL.iter().map(|t| t.as_str()).collect();
            CoreError::invalid(format!("{text:?} is not a tab of Renewals; use one of: {}", known.join(", ")))
        })
    }
}

/// What Renewals asks for: a tab, part of a product's name, a page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RenewalsQuery {
    #[serde(default)]
    pub tab: RenewalsTab,
    /// Part of the product's name, any case.
    #[serde(default)]
    pub product: Option<String>,
    #[serde(default)]
    pub offset: Option<u32>,
    #[serde(default)]
    pub limit: Option<u32>,
}

/// How many subscriptions a tab holds, for the product searched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TabCount {
    pub tab: RenewalsTab,
    pub count: u32,
}

/// One page of Renewals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RenewalsPage {
    pub items: Vec<Subscription>,
    /// How many the tab holds for the product searched, over all pages.
    pub total: u32,
    pub offset: u32,
    pub limit: u32,
    /// Every tab with its count, in the order Renewals shows them.
    pub tabs: Vec<TabCount>,
}

fn check(query: &RenewalsQuery) -> Result<Window> {
    let window = PageRequest { offset: query.offset, limit: query.limit }.window()?;
    if query.product.as_deref().is_some_and(|p| p.chars().count() > MAX_PRODUCT_CHARS) {
        return Err(CoreError::invalid(format!("the product text is longer than {MAX_PRODUCT_CHARS} characters")));
    }
    Ok(window)
}

/// The page of Renewals that `query` asks for, at `now`: the current buyer's subscriptions in the
/// tab, the soonest to expire first and the ended ones last.
pub fn renewals(conn: &rusqlite::Connection, now: DateTime<Utc>, query: &RenewalsQuery) -> Result<RenewalsPage> {
    let Window { offset, limit } = check(query)?;
    let account = accounts::current(conn)?;
    let product = query.product.as_deref().map(|p| p.trim().to_lowercase()).filter(|p| !p.is_empty());

    let rows = conn
        .prepare_cached(&format!(
            "{ROW_SELECT} WHERE s.account_id = ?1
             ORDER BY s.state = 'released' OR s.state = 'cancelled', s.expires_at, s.id"
        ))?
        .query_map([account], super::read_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;

    let mut counts = [0u32; RenewalsTab::ALL.len()];
    let mut page: Vec<Row> = Vec::new();
    let mut total = 0u32;
    for row in rows {
        let row = super::finish_row(row)?;
        if product.as_ref().is_some_and(|p| !row.product_name.to_lowercase().contains(p)) {
            continue;
        }
        let days_left = days_left(&row, now);
        for (count, tab) in counts.iter_mut().zip(RenewalsTab::ALL) {
            if tab.holds(row.state, row.auto_renew, days_left) {
                *count += 1;
            }
        }
        if query.tab.holds(row.state, row.auto_renew, days_left) {
            if total >= offset && page.len() < limit as usize {
                page.push(row);
            }
            total += 1;
        }
    }
    Ok(RenewalsPage {
        items: page.iter().map(|row| view(conn, row, now)).collect::<Result<_>>()?,
        total,
        offset,
        limit,
        tabs: RenewalsTab::ALL.into_iter().zip(counts).map(|(tab, count)| TabCount { tab, count }).collect(),
    })
}

/// Days from `now` to the expiry date, in the buyer's time zone; negative once expired.
pub(crate) fn days_left(row: &Row, now: DateTime<Utc>) -> i64 {
    (clock::local_date(row.expires_at, &row.zone) - clock::local_date(now, &row.zone)).num_days()
}

#[cfg(test)]
mod tests {
    use super::*;
    use SubscriptionState::*;

    #[test]
    fn each_tab_holds_the_subscriptions_its_name_says() {
        // (state, auto-renewal, days left) → the tabs that hold it, besides All.
        let cases: [(SubscriptionState, bool, i64, &[RenewalsTab]); 9] = [
            (Active, false, 31, &[RenewalsTab::Manual]),
            (Active, false, 30, &[RenewalsTab::Expiring, RenewalsTab::Manual]),
            (Active, true, 0, &[RenewalsTab::Expiring, RenewalsTab::AutoRenew]),
            (Active, true, 200, &[RenewalsTab::AutoRenew]),
            (Grace, false, -3, &[RenewalsTab::Grace, RenewalsTab::Manual]),
            (Grace, true, -3, &[RenewalsTab::Grace, RenewalsTab::AutoRenew]),
            (Retention, false, -20, &[RenewalsTab::Retention, RenewalsTab::Manual]),
            (Released, true, -40, &[RenewalsTab::Ended]),
            (Cancelled, false, 12, &[RenewalsTab::Ended]),
        ];
        for (state, auto_renew, days, expected) in cases {
            let held: Vec<RenewalsTab> = RenewalsTab::ALL
                .into_iter()
                .filter(|t| *t != RenewalsTab::All && t.holds(state, auto_renew, days))
                .collect();
            assert_eq!(held, expected, "{state:?}, auto-renewal {auto_renew}, {days} days left");
            assert!(RenewalsTab::All.holds(state, auto_renew, days));
        }
    }
}
