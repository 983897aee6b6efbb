//! What `kg` writes: the core's own serde form with `--json`, readable text without it, and
//! errors in the matching form on stderr, so that scripts and people each get one shape.

use std::cell::OnceCell;
use std::io::{self, Write};
use std::sync::LazyLock;

use chrono::{DateTime, SecondsFormat, Utc};
use chrono_tz::{OffsetName, Tz};
use koogallery_core::roles::{self, Role};
use koogallery_core::{accounts, CoreError, Store};
use regex::Regex;
use serde::Serialize;

pub struct Output {
    json: bool,
    /// The zone the text shows instants in, read once the command has its store.
    zone: OnceCell<Zone>,
}

impl Output {
    pub fn new(json: bool) -> Output {
        Output { json, zone: OnceCell::new() }
    }

    /// Reads, from the store the command runs on, the zone its text shows instants in (see
    /// [`Zone::of`]). Read once: a command that changes the role or the zone answers in the
    /// zone it started in. The zone only changes how instants read, never whether a command
    /// runs: a store whose buyer cannot be read (an empty file, a seller's laptop, a data
    /// file `kg demo reset` is about to repair) shows them in UTC, offset and all.
    pub fn follow(&self, store: &Store) {
        // JSON is in UTC whatever the zone: a script's command need not read it.
        if !self.json {
            self.zone.get_or_init(|| Zone::of(store).unwrap_or(Zone::UTC));
        }
    }

    /// The zone the text shows instants in; UTC until the store is read.
    pub fn zone(&self) -> Zone {
        self.zone.get().copied().unwrap_or(Zone::UTC)
    }

    /// Prints `value` as JSON, or the text `text` renders. The text is built only when it
    /// is printed, and everything is written at once, so a failing command prints nothing.
    pub fn show<T: Serialize + ?Sized>(&self, value: &T, text: impl FnOnce() -> String) -> io::Result<()> {
        let mut rendered = if self.json { serde_json::to_string_pretty(value)? } else { text() };
        if !rendered.ends_with('\n') {
            rendered.push('\n');
        }
        let mut stdout = io::stdout().lock();
        stdout.write_all(rendered.as_bytes())?;
        stdout.flush()
    }

    /// Prints one line at once, as one JSON line with `--json`: what a long-running command
    /// says before it keeps on (`kg serve`'s address), which a script reads line by line.
    pub fn line<T: Serialize + ?Sized>(&self, value: &T, text: impl FnOnce() -> String) -> io::Result<()> {
        let rendered = if self.json { serde_json::to_string(value)? } else { text() };
        let mut stdout = io::stdout().lock();
        writeln!(stdout, "{rendered}")?;
        stdout.flush()
    }

    /// Reports a failure on stderr: `kg: message`, or one JSON line a script can parse.
    pub fn error(&self, code: &str, message: &str) {
        let line = if self.json {
            serde_json::json!({ "code": code, "message": message }).to_string()
        } else {
            // A refusal such as "you can remind it again from …" dates like the answers do.
            format!("kg: {}", self.zone().words(message))
        };
        // Nothing sensible is left to do when stderr itself is gone.
        let _ = writeln!(io::stderr().lock(), "{line}");
    }
}

/// An instant as `kg` hands it on (`--json`, the core): RFC 3339 in UTC, with fractions of a
/// second only if set.
pub fn instant(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// The zone a person reads instants in: the time zone of the buyer account when the app acts
/// as a buyer, as every screen shows them; UTC when it acts as a seller or as the operations
/// manager, who have no zone of their own. `--json` stays in UTC whatever the zone, as the
/// core writes it, for scripts.
///
/// An instant is shown as RFC 3339 with the zone's offset at that instant: it reads as the
/// wall clock there, and is still one exact instant that `kg clock set` takes back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Zone(Tz);

impl Zone {
    pub const UTC: Zone = Zone(Tz::UTC);

    /// The zone of whom the app acts as in `store`. A zone name the zone database does not
    /// know reads as UTC, as the core counts the buyer's days in it then.
    pub fn of(store: &Store) -> Result<Zone, CoreError> {
        if roles::current(store.conn())? != Role::Buyer {
            return Ok(Zone::UTC);
        }
        Ok(Zone(accounts::show(store.conn())?.time_zone.parse().unwrap_or(Tz::UTC)))
    }

    /// `at` in this zone. A zone that is UTC keeps the `Z` (a UTC buyer reads what it always
    /// did); any other writes its offset, `+00:00` too, so that London in winter still says it
    /// is a local time.
    pub fn instant(self, at: DateTime<Utc>) -> String {
        let local = at.with_timezone(&self.0);
        let is_utc = local.offset().abbreviation() == Some("UTC");
        local.to_rfc3339_opts(SecondsFormat::AutoSi, is_utc)
    }

    /// An instant as the core writes it (RFC 3339), in this zone; any other text as it came.
    pub fn at(self, text: &str) -> String {
        match DateTime::parse_from_rfc3339(text) {
            Ok(at) => self.instant(at.with_timezone(&Utc)),
            Err(_) => text.to_string(),
        }
    }

    /// [`Zone::at`] of an instant that may be missing.
    pub fn at_or(self, text: Option<&str>, none: &str) -> String {
        text.map_or_else(|| none.to_string(), |t| self.at(t))
    }

    /// A sentence the core wrote ("refund due at 2026-03-09T14:00:00Z") with each RFC 3339
    /// instant in it shown in this zone; dates in words and everything else as they came.
    pub fn words(self, text: &str) -> String {
        INSTANT.replace_all(text, |found: &regex::Captures| self.at(&found[0])).into_owned()
    }
}

/// An RFC 3339 instant standing as a word of its own ("order 12026-…" holds none), with
/// fractions of a second or an offset.
static INSTANT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})\b").expect("the pattern is valid")
});

/// `text` cut to at most `width` characters, marking the cut with an ellipsis.
pub fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    cut
}

/// "1 product", "74 products".
pub fn count(n: u32, singular: &str) -> String {
    if n == 1 {
        format!("1 {singular}")
    } else {
        format!("{n} {singular}s")
    }
}

/// Rows as columns separated by two spaces, each as wide as its widest cell; the last
/// column is not padded so lines carry no trailing spaces.
pub fn table(rows: &[Vec<String>]) -> Vec<String> {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| rows.iter().filter_map(|r| r.get(c)).map(|s| s.chars().count()).max().unwrap_or(0))
        .collect();
    rows.iter()
        .map(|row| {
            let mut line = String::new();
            for (c, cell) in row.iter().enumerate() {
                if c + 1 < row.len() {
                    line.push_str(cell);
                    line.extend(std::iter::repeat_n(' ', widths[c] - cell.chars().count() + 2));
                } else {
                    line.push_str(cell);
                }
            }
            line.trim_end().to_string()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_cut_with_an_ellipsis_and_short_text_kept() {
        assert_eq!(truncate("MySQL", 10), "MySQL");
        assert_eq!(truncate("MySQL 8 Database", 11), "MySQL 8 Da…");
        assert_eq!(truncate("MySQL 8 Database", 9), "MySQL 8…", "no space before the ellipsis");
        assert_eq!(truncate("Données ébauchées", 8).chars().count(), 8);
    }

    #[test]
    fn tables_align_columns_without_trailing_spaces() {
        let rows = vec![
            vec!["ID".to_string(), "NAME".to_string(), "".to_string()],
            vec!["a-long-id".to_string(), "x".to_string(), "".to_string()],
        ];
        assert_eq!(table(&rows), ["ID         NAME", "a-long-id  x"]);
    }

    #[test]
    fn instants_print_in_utc_with_a_z() {
        let at = DateTime::parse_from_rfc3339("2026-03-01T10:00:00+01:00").unwrap().with_timezone(&Utc);
        assert_eq!(instant(at), "2026-03-01T09:00:00Z");
    }

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn instants_read_in_the_zone_with_its_offset_at_that_instant() {
        let new_york = Zone(Tz::America__New_York);
        // New York moves from EST (UTC−5) to EDT (UTC−4) at 02:00 on 8 March 2026, 07:00 UTC.
        assert_eq!(new_york.instant(utc("2026-02-18T04:59:59Z")), "2026-02-17T23:59:59-05:00");
        assert_eq!(new_york.instant(utc("2026-03-08T06:59:59Z")), "2026-03-08T01:59:59-05:00");
        assert_eq!(new_york.instant(utc("2026-03-08T07:00:00Z")), "2026-03-08T03:00:00-04:00");
        // Back to EST at 02:00 EDT on 1 November 2026, 06:00 UTC: 01:30 is read twice.
        assert_eq!(new_york.instant(utc("2026-11-01T05:30:00Z")), "2026-11-01T01:30:00-04:00");
        assert_eq!(new_york.instant(utc("2026-11-01T06:30:00Z")), "2026-11-01T01:30:00-05:00");
        // Kolkata is UTC+5:30; a fraction of a second is kept, as `instant` keeps it.
        let kolkata = Zone(Tz::Asia__Kolkata);
        assert_eq!(kolkata.instant(utc("2026-03-01T09:00:00.250Z")), "2026-03-01T14:30:00.250+05:30");
        // London is on UTC in winter, yet it is a local time: +00:00, and +01:00 in summer.
        let london = Zone(Tz::Europe__London);
        assert_eq!(london.instant(utc("2026-01-10T12:00:00Z")), "2026-01-10T12:00:00+00:00");
        assert_eq!(london.instant(utc("2026-07-10T12:00:00Z")), "2026-07-10T13:00:00+01:00");
        // A zone that is UTC under any of its names keeps the Z.
        assert_eq!(Zone::UTC.instant(utc("2026-01-10T12:00:00Z")), "2026-01-10T12:00:00Z");
        assert_eq!(Zone(Tz::Etc__UTC).instant(utc("2026-01-10T12:00:00Z")), "2026-01-10T12:00:00Z");
    }

    #[test]
    fn what_is_shown_is_the_same_instant_read_back() {
        let tokyo = Zone(Tz::Asia__Tokyo);
        let at = utc("2026-03-13T03:59:59Z");
        assert_eq!(tokyo.instant(at), "2026-03-13T12:59:59+09:00");
        assert_eq!(koogallery_core::clock::parse_instant(&tokyo.instant(at)).unwrap(), at);
    }

    #[test]
    fn text_that_is_not_an_instant_is_shown_as_it_came() {
        let tokyo = Zone(Tz::Asia__Tokyo);
        assert_eq!(tokyo.at("2026-03-13T03:59:59Z"), "2026-03-13T12:59:59+09:00");
        // 15:00 UTC written with an offset of its own.
        assert_eq!(tokyo.at("2026-03-13T16:00:00+01:00"), "2026-03-14T00:00:00+09:00");
        for text in ["2026-03-13", "never", "", "2026-02-30T10:00:00Z", "2026-03-13T03:59:59Z ", "—"] {
            assert_eq!(tokyo.at(text), text);
        }
        assert_eq!(tokyo.at_or(None, "never"), "never");
        assert_eq!(tokyo.at_or(Some("2026-03-13T03:59:59Z"), "never"), "2026-03-13T12:59:59+09:00");
    }

    #[test]
    fn instants_inside_sentences_are_shown_in_the_zone_and_the_rest_kept() {
        let new_york = Zone(Tz::America__New_York);
        // 18:00 UTC on 9 March 2026 is 14:00 EDT; 12:30 UTC on 1 March 07:30 EST.
        assert_eq!(
            new_york.words("the order is cancelled and 100.00 is refunded by 2026-03-09T18:00:00Z. Thanks"),
            "the order is cancelled and 100.00 is refunded by 2026-03-09T14:00:00-04:00. Thanks"
        );
        assert_eq!(
            new_york.words("again from 2026-03-01T12:30:00+00:00, or (2026-03-09T18:00:00.5Z)"),
            "again from 2026-03-01T07:30:00-05:00, or (2026-03-09T14:00:00.500-04:00)"
        );
        assert_eq!(new_york.words("2026-03-09T18:00:00Z"), "2026-03-09T14:00:00-04:00");
        for kept in [
            "expired, in grace until 24 March 2026",
            "Renewal of order 11: Vaultwise Cloud Backup, 1 month, to 2027-01-17",
            "ordered 2026-03-08, from 2026-01-01",
            "id x2026-03-09T18:00:00Z and 2026-03-09T18:00:00Zulu",
            "not a day: 2026-02-30T10:00:00Z",
            "cut short: 2026-03-09T18:00",
            "Données ébauchées · 2026 — fin",
        ] {
            assert_eq!(new_york.words(kept), kept);
        }
        assert_eq!(Zone::UTC.words("due at 2026-03-09T18:00:00Z"), "due at 2026-03-09T18:00:00Z");
    }
}
