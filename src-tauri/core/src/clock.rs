//! Where "now" comes from.
//!
//! Core functions take a [`Clock`]; nothing else in the core reads the system time. The demo
//! clock lets a trade-show operator (or a test) stop time at a chosen instant and move it
//! forward by hand, so that timers such as "3 hours after acceptance" can be watched firing.
//! It is kept in the store, so the app and the `kg` command line share it.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, Utc};
use chrono_tz::Tz;
use rusqlite::OptionalExtension;

use crate::{CoreError, Result, Store};

pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

/// The last instant a store holds. Times are kept as RFC 3339 text, which writes the year in
/// four digits (and compares as text): a time beyond could not be read back, and would stop
/// every command on the store.
pub fn last_storable() -> DateTime<Utc> {
    DateTime::from_timestamp(253_402_300_799, 0).unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// The last year the demo clock reaches: ten short of [`last_storable`], so that what the
/// rules plan from it (a term of up to five years, its grace and retention, the next
/// automatic renewal) can still be stored.
pub const LAST_DEMO_YEAR: i32 = 9989;

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

    /// Stops the store's clock at `at` (the demo clock). An instant after [`LAST_DEMO_YEAR`] is
    /// refused, before anything is written or planned from it.
    pub fn set_demo_clock(&self, at: DateTime<Utc>) -> Result<()> {
        if at.year() > LAST_DEMO_YEAR {
            return Err(CoreError::invalid(format!(
                "the demo clock goes no further than the year {LAST_DEMO_YEAR}, so that what the rules plan \
                 from it stays within the year 9999"
            )));
        }
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

/// When a term of `months` bought at `start` ends (R-MT-4): at 23:59:59, in the buyer's time
/// zone `zone` (an IANA name; an unknown one counts as UTC), on the same day of the month
/// `months` later; where the start day is the last of its month, or the target month has no
/// such day, on the last day of the target month. 8 March → 8 April 23:59:59; 30 April →
/// 31 May; 31 January → 28 (or 29) February.
pub fn term_end(start: DateTime<Utc>, zone: &str, months: u32) -> DateTime<Utc> {
    let tz: Tz = zone.parse().unwrap_or(chrono_tz::UTC);
    let local = start.with_timezone(&tz).date_naive();
    let last_day = |year: i32, month: u32| {
        let (y, m) = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
        NaiveDate::from_ymd_opt(y, m, 1).and_then(|d| d.pred_opt()).map_or(28, |d| d.day())
    };
    let index = local.year() * 12 + local.month0() as i32 + months as i32;
    let (year, month) = (index.div_euclid(12), index.rem_euclid(12) as u32 + 1);
    let was_last = local.day() == last_day(local.year(), local.month());
    let day = if was_last { last_day(year, month) } else { local.day().min(last_day(year, month)) };
    end_of_local_day(tz, NaiveDate::from_ymd_opt(year, month, day).unwrap_or_default())
}

/// The end of the day (23:59:59) `days` days after the local date of `at` in `zone`: where the
/// grace and retention periods end (R-REN-1), counted by dates in the buyer's time zone.
pub fn end_of_day_after(at: DateTime<Utc>, zone: &str, days: i64) -> DateTime<Utc> {
    let tz: Tz = zone.parse().unwrap_or(chrono_tz::UTC);
    end_of_local_day(tz, at.with_timezone(&tz).date_naive() + Duration::days(days))
}

/// `hour`:00 on the local date `days` after that of `at` in `zone` (negative: before): the
/// 03:00 of an automatic renewal (R-REN-3), the morning of a notice. On a day whose clocks skip
/// that hour, the first instant after the gap; on one that repeats it, its first time.
pub fn hour_on_day(at: DateTime<Utc>, zone: &str, days: i64, hour: u32) -> DateTime<Utc> {
    let tz: Tz = zone.parse().unwrap_or(chrono_tz::UTC);
    let date = at.with_timezone(&tz).date_naive() + Duration::days(days);
    first_instant_reading(tz, date.and_hms_opt(hour, 0, 0).unwrap_or_default())
}

/// The start of the hour `at` falls in on the clocks of `zone`: in Kolkata (UTC+5:30) 16:20
/// there is in the hour from 16:00, 10:30 UTC, not from 10:00 UTC. Where a change sets the
/// clocks back, the hour that has `at` in it; where a change skipped the hour's start, the
/// change's instant.
pub fn start_of_hour(at: DateTime<Utc>, zone: &str) -> DateTime<Utc> {
    use chrono::{LocalResult, TimeZone, Timelike};
    let tz: Tz = zone.parse().unwrap_or(chrono_tz::UTC);
    let local = at.with_timezone(&tz).naive_local();
    let hour = local.date().and_hms_opt(local.hour(), 0, 0).unwrap_or(local);
    match tz.from_local_datetime(&hour) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(first, second) => {
            if second.with_timezone(&Utc) <= at {
                second.with_timezone(&Utc)
            } else {
                first.with_timezone(&Utc)
            }
        }
        LocalResult::None => first_instant_reading(tz, hour),
    }
}

/// The last second of local `date` in `tz`, one second before the next day begins: 23:59:59
/// on most days, but a day can end sooner (Nuuk's clocks jump from 23:00 to 00:00 on the night
/// before the last Sunday of March) or read 23:59:59 twice (Santiago's go back from 00:00 to
/// 23:00 on a night of early April), and what is sold to the end of a day runs to its end.
fn end_of_local_day(tz: Tz, date: NaiveDate) -> DateTime<Utc> {
    let next = date.succ_opt().unwrap_or(date).and_hms_opt(0, 0, 0).unwrap_or_default();
    first_instant_reading(tz, next) - Duration::seconds(1)
}

/// The first instant at which the clocks of `tz` read `local` or later: `local` itself where it
/// exists (the first time, where a change sets the clocks back over it), and where a change
/// skips it, the instant of that change.
fn first_instant_reading(tz: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    use chrono::TimeZone;
    if let Some(t) = tz.from_local_datetime(&local).earliest() {
        return t.with_timezone(&Utc);
    }
    // No zone is more than 14 hours from UTC, so a day either side of `local` read as UTC
    // brackets the change; the clocks jump over `local` there and read past it after.
    let reading = |second: i64| DateTime::from_timestamp(second, 0).unwrap_or_default();
    let reads_past = |second: i64| reading(second).with_timezone(&tz).naive_local() >= local;
    let day = 24 * 3600;
    let (mut before, mut after) = (local.and_utc().timestamp() - day, local.and_utc().timestamp() + day);
    while after - before > 1 {
        let middle = before + (after - before) / 2;
        if reads_past(middle) {
            after = middle;
        } else {
            before = middle;
        }
    }
    reading(after)
}

/// The local date of `at` in `zone`, as the buyer reads it.
pub fn local_date(at: DateTime<Utc>, zone: &str) -> chrono::NaiveDate {
    let tz: Tz = zone.parse().unwrap_or(chrono_tz::UTC);
    at.with_timezone(&tz).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_clock_stops_at_the_end_of_9989_and_stays_readable() {
        let store = Store::open_in_memory().unwrap();
        store.set_demo_clock(at("9989-12-31T23:59:59Z")).unwrap();
        store.set_demo_clock(at("2026-03-01T09:00:00Z")).unwrap();
        let far = store.advance_demo_clock(Duration::days(365 * 100_000), &SystemClock).unwrap_err();
        assert_eq!(far.code(), crate::ErrorCode::InvalidInput, "{far}");
        // The fuzzer's: a clock at the last second of 9999 planned renewals into the year 10000.
        for refused in ["9990-01-01T00:00:00Z", "9999-12-31T23:59:59Z"] {
            let err = store.set_demo_clock(at(refused)).unwrap_err();
            assert!(err.to_string().contains("9989"), "{err}");
        }
        assert!(store.set_demo_clock(last_storable() + Duration::seconds(1)).is_err());
        assert_eq!(store.clock(&SystemClock).unwrap().now, at("2026-03-01T09:00:00Z"), "as it was, and readable");
    }

    #[test]
    fn the_last_storable_instant_is_the_last_second_rfc_3339_writes_in_four_digits() {
        let last = last_storable();
        assert_eq!(last.to_rfc3339_opts(chrono::SecondsFormat::Secs, true), "9999-12-31T23:59:59Z");
        assert!((last + Duration::seconds(1)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true).starts_with('+'));
    }

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
    fn r_mt_4_a_term_ends_at_235959_local_on_the_same_day_or_the_last_of_the_month() {
        let cases = [
            ("2026-03-08T10:00:00Z", "UTC", 1, "2026-04-08T23:59:59Z"),
            ("2026-04-30T10:00:00Z", "UTC", 1, "2026-05-31T23:59:59Z"),
            ("2026-01-31T10:00:00Z", "UTC", 1, "2026-02-28T23:59:59Z"),
            ("2028-01-31T10:00:00Z", "UTC", 1, "2028-02-29T23:59:59Z"),
            ("2026-03-08T10:00:00Z", "UTC", 12, "2027-03-08T23:59:59Z"),
            ("2026-11-15T10:00:00Z", "UTC", 3, "2027-02-15T23:59:59Z"),
            // 8 March 03:00 UTC is 7 March 22:00 in New York: the term runs to 7 April,
            // 23:59:59 New York time (daylight time by then, UTC-4).
            ("2026-03-08T03:00:00Z", "America/New_York", 1, "2026-04-08T03:59:59Z"),
            ("2026-03-08T10:00:00Z", "Europe/Berlin", 1, "2026-04-08T21:59:59Z"),
        ];
        for (start, zone, months, end) in cases {
            assert_eq!(term_end(at(start), zone, months), at(end), "{start} in {zone} + {months} months");
        }
    }

    #[test]
    fn r_mt_4_r_ren_1_a_day_ends_at_its_last_second_where_clocks_change_at_midnight() {
        // Nuuk (UTC−2, summer UTC−1) changes at 01:00 UTC: on 27 March 2027 its clocks jump
        // from 23:00 to 00:00, so the day ends at 22:59:59; on 30 October they go back from
        // 00:00 to 23:00 and 23:59:59 comes twice, the day ending at the second. Santiago
        // (UTC−3, winter UTC−4) goes back from 00:00 on 4 April 2027 (3 April's 23:59:59 comes
        // twice) and jumps from 00:00 to 01:00 on 5 September.
        let terms = [
            ("2027-02-27T12:00:00Z", "America/Nuuk", 1, "2027-03-28T00:59:59Z"),
            ("2027-08-30T12:00:00Z", "America/Nuuk", 2, "2027-10-31T01:59:59Z"),
            ("2027-03-03T15:00:00Z", "America/Santiago", 1, "2027-04-04T03:59:59Z"),
            ("2027-08-04T16:00:00Z", "America/Santiago", 1, "2027-09-05T03:59:59Z"),
        ];
        for (start, zone, months, end) in terms {
            assert_eq!(term_end(at(start), zone, months), at(end), "{start} in {zone} + {months} months");
        }
        // Grace from an expiry on 12 March 2027 in Nuuk ends on the 15th day after, 27 March,
        // whose last second is 22:59:59 there; retention, 30 days after, on 11 April.
        let expiry = at("2027-03-13T01:59:59Z");
        assert_eq!(end_of_day_after(expiry, "America/Nuuk", 15), at("2027-03-28T00:59:59Z"));
        assert_eq!(local_date(end_of_day_after(expiry, "America/Nuuk", 15), "America/Nuuk").to_string(), "2027-03-27");
        assert_eq!(end_of_day_after(expiry, "America/Nuuk", 30), at("2027-04-12T00:59:59Z"));
    }

    #[test]
    fn r_ren_3_0300_skipped_by_a_clock_change_is_the_instant_of_the_change() {
        let cases = [
            // Helsinki jumps from 03:00 to 04:00 on 28 March 2027 (01:00 UTC).
            ("2027-03-20T12:00:00Z", "Europe/Helsinki", 8, "2027-03-28T01:00:00Z"),
            // It goes back from 04:00 to 03:00 on 31 October: 03:00 comes twice, first at 00:00 UTC.
            ("2027-10-20T12:00:00Z", "Europe/Helsinki", 11, "2027-10-31T00:00:00Z"),
            // The Chatham Islands jump from 02:45 to 03:45 on 26 September 2027: no 03:00, and
            // no 03:30 either; the day's first instant past 03:00 is 03:45 (14:00 UTC).
            ("2027-09-20T00:00:00Z", "Pacific/Chatham", 6, "2027-09-25T14:00:00Z"),
            // Samoa skipped 30 December 2011 whole: the next instant is 31 December 00:00.
            ("2011-12-29T12:00:00Z", "Pacific/Apia", 1, "2011-12-30T10:00:00Z"),
            ("2027-03-20T12:00:00Z", "UTC", 8, "2027-03-28T03:00:00Z"),
        ];
        for (from, zone, days, charge) in cases {
            assert_eq!(hour_on_day(at(from), zone, days, 3), at(charge), "03:00, {days} days after {from} in {zone}");
        }
    }

    #[test]
    fn r_uns_2_the_hour_a_term_began_in_is_the_buyers_clock_hour() {
        let cases = [
            // 16:20 in Kolkata (UTC+5:30) is in the hour from 16:00, 10:30 UTC.
            ("2026-03-02T10:50:00Z", "Asia/Kolkata", "2026-03-02T10:30:00Z"),
            // 16:10 in Kathmandu (UTC+5:45) is in the hour from 16:00, 10:15 UTC.
            ("2026-03-02T10:25:00Z", "Asia/Kathmandu", "2026-03-02T10:15:00Z"),
            ("2026-03-02T10:50:00Z", "UTC", "2026-03-02T10:00:00Z"),
            // New York's clocks go back from 02:00 EDT to 01:00 EST on 1 November 2026 (06:00
            // UTC): 01:30 EDT is in the hour from 01:00 EDT, 01:30 EST in the one from 01:00 EST.
            ("2026-11-01T05:30:00Z", "America/New_York", "2026-11-01T05:00:00Z"),
            ("2026-11-01T06:30:00Z", "America/New_York", "2026-11-01T06:00:00Z"),
            // Lord Howe Island's clocks jump from 02:00 to 02:30 on 4 October 2026 (15:30 UTC):
            // 02:40 is in the hour that began with the jump.
            ("2026-10-03T15:40:00Z", "Australia/Lord_Howe", "2026-10-03T15:30:00Z"),
        ];
        for (at_, zone, start) in cases {
            assert_eq!(start_of_hour(at(at_), zone), at(start), "{at_} in {zone}");
        }
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
