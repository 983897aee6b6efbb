//! What `kg` writes: the core's own serde form with `--json`, readable text without it, and
//! errors in the matching form on stderr, so that scripts and people each get one shape.

use std::io::{self, Write};

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

pub struct Output {
    json: bool,
}

impl Output {
    pub fn new(json: bool) -> Output {
        Output { json }
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
            format!("kg: {message}")
        };
        // Nothing sensible is left to do when stderr itself is gone.
        let _ = writeln!(io::stderr().lock(), "{line}");
    }
}

/// An instant as `kg` prints it: RFC 3339 in UTC, with fractions of a second only if set.
pub fn instant(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

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
}
