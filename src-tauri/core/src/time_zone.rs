//! The buyer's time zone (R-MT-3, R-MT-4): changed in Billing Center > Account or with
//! `kg account time-zone`. Every date is shown in it and every day counted in it, so what a
//! subscription has planned at a local hour (the notices at 09:00, the end of grace and of
//! retention at 23:59:59, automatic renewal at 03:00) moves to the new zone with the change.
//! The term already sold does not: its expiry stays the instant it was bought to, shown in the
//! new zone.

use crate::accounts::{self, Account};
use crate::clock::Clock;
use crate::subscriptions::life;
use crate::{Result, Store};

/// Sets the time zone of the buyer account the app acts for, at the store's time. `zone` is an
/// IANA name ("Europe/Berlin"); an unknown one is refused, naming the field, and nothing is
/// written.
pub fn change(store: &mut Store, clock: &dyn Clock, zone: &str) -> Result<Account> {
    let tz = accounts::parse_time_zone(zone)?;
    let now = store.clock(clock)?.now;
    store.write(|tx| {
        let (before, account) = accounts::write_time_zone(tx, tz)?;
        if before != account.time_zone {
            life::follow_time_zone(tx, &account.id, &before, now)?;
        }
        Ok(account)
    })
}
