//! Where "now" comes from.
//!
//! Core functions take a [`Clock`]; nothing else in the core reads the system time. The demo
//! clock lets a trade-show operator (or a test) stop time at a chosen instant and move it
//! forward by hand, so that timers such as "3 hours after acceptance" can be watched firing.
//! It is kept in the store, so the app and the `kg` command line share it.

use chrono::{DateTime, Duration, Utc};
use rusqlite::OptionalExtension;

use crate::{CoreError, Result, Store};

pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

/// The machine's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that stands still at a given instant: the demo clock, and tests.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

const DEMO_CLOCK_KEY: &str = "demo_clock";

/// What the store's clock reads now, and whether it is the demo clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClockReading {
    pub now: DateTime<Utc>,
    pub demo: bool,
}

impl Store {
    /// The clock this store runs on: the demo clock when one is set, else `fallback`.
    pub fn clock(&self, fallback: &dyn Clock) -> Result<ClockReading> {
        Ok(match self.demo_time()? {
            Some(now) => ClockReading { now, demo: true },
            None => ClockReading { now: fallback.now(), demo: false },
        })
    }

    fn demo_time(&self) -> Result<Option<DateTime<Utc>>> {
        let text: Option<String> = self
            .conn()
            .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
            .query_row([DEMO_CLOCK_KEY], |row| row.get(0))
            .optional()?;
        text.map(|t| {
            DateTime::parse_from_rfc3339(&t)
                .map(|d| d.with_timezone(&Utc))
                .map_err(|e| CoreError::Migration(format!("stored demo clock {t:?} is unreadable: {e}")))
        })
        .transpose()
    }

    /// Stops the store's clock at `at` (the demo clock).
    pub fn set_demo_clock(&self, at: DateTime<Utc>) -> Result<()> {
        self.conn()
            .prepare_cached(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )?
            .execute([DEMO_CLOCK_KEY, &at.to_rfc3339()])?;
        Ok(())
    }

    /// Moves the store's clock forward; starts the demo clock from `fallback` if none is set.
    pub fn advance_demo_clock(&self, by: Duration, fallback: &dyn Clock) -> Result<DateTime<Utc>> {
        if by <= Duration::zero() {
            return Err(CoreError::invalid("the clock can only be advanced by a positive duration"));
        }
        let now = self.clock(fallback)?.now;
        let later = now
            .checked_add_signed(by)
            .ok_or_else(|| CoreError::invalid("that duration moves the clock past the year 262143"))?;
        self.set_demo_clock(later)?;
        Ok(later)
    }

    /// Returns the store to the machine's clock.
    pub fn clear_demo_clock(&self) -> Result<()> {
        self.conn().prepare_cached("DELETE FROM settings WHERE key = ?1")?.execute([DEMO_CLOCK_KEY])?;
        Ok(())
    }
}

/// Parses an instant given on the command line or in the UI (RFC 3339, e.g.
/// `2026-03-01T09:00:00Z` or with an offset).
pub fn parse_instant(text: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text.trim()).map(|d| d.with_timezone(&Utc)).map_err(|_| {
        CoreError::invalid(format!("{text:?} is not a date and time; write it as RFC 3339, e.g. 2026-03-01T09:00:00Z"))
    })
}

/// Parses a duration such as `5d`, `3h`, `90m` or `1d 12h`.
pub fn parse_duration(text: &str) -> Result<Duration> {
    let std = humantime::parse_duration(text.trim()).map_err(|_| {
        CoreError::invalid(format!("{text:?} is not a duration; write it like 5d, 3h, 90m or \"1d 12h\""))
    })?;
    Duration::from_std(std).map_err(|_| CoreError::invalid(format!("{text:?} is too long a duration")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        parse_instant(text).unwrap()
    }

    #[test]
    fn the_store_runs_on_the_fallback_clock_until_a_demo_clock_is_set() {
        let store = Store::open_in_memory().unwrap();
        let machine = FixedClock(at("2026-11-25T10:00:00Z"));
        assert_eq!(store.clock(&machine).unwrap(), ClockReading { now: machine.0, demo: false });

        store.set_demo_clock(at("2026-03-01T09:00:00Z")).unwrap();
        assert_eq!(store.clock(&machine).unwrap(), ClockReading { now: at("2026-03-01T09:00:00Z"), demo: true });

        store.clear_demo_clock().unwrap();
        assert!(!store.clock(&machine).unwrap().demo);
    }

    #[test]
    fn advancing_moves_the_demo_clock_and_starts_it_from_the_machine_time() {
        let store = Store::open_in_memory().unwrap();
        let machine = FixedClock(at("2026-11-25T10:00:00Z"));
        let later = store.advance_demo_clock(parse_duration("5d").unwrap(), &machine).unwrap();
        assert_eq!(later, at("2026-11-30T10:00:00Z"));
        let later = store.advance_demo_clock(parse_duration("3h").unwrap(), &machine).unwrap();
        assert_eq!(later, at("2026-11-30T13:00:00Z"));
        assert_eq!(store.clock(&machine).unwrap().now, later);
    }

    #[test]
    fn advancing_by_nothing_is_refused_and_changes_nothing() {
        let store = Store::open_in_memory().unwrap();
        let machine = FixedClock(at("2026-11-25T10:00:00Z"));
        let err = store.advance_demo_clock(Duration::zero(), &machine).unwrap_err();
        assert!(matches!(err, CoreError::InvalidInput(_)));
        assert!(!store.clock(&machine).unwrap().demo);
    }

    #[test]
    fn durations_and_instants_parse_or_explain() {
        let cases = [("5d", 5 * 24 * 60), ("3h", 180), ("90m", 90), ("1d 12h", 36 * 60)];
        for (text, minutes) in cases {
            assert_eq!(parse_duration(text).unwrap(), Duration::minutes(minutes), "{text}");
        }
        for bad in ["", "five days", "5x", "-3h"] {
            let err = parse_duration(bad).unwrap_err();
            assert!(err.to_string().contains("not a duration"), "{bad}: {err}");
        }
        assert_eq!(at("2026-03-01T10:00:00+01:00"), at("2026-03-01T09:00:00Z"));
        assert!(parse_instant("1 March").unwrap_err().to_string().contains("RFC 3339"));
    }
}
