//! "Did you mean": near spellings of a search that found nothing.

use rusqlite::Connection;

use super::index::SearchIndex;
use crate::Result;

const MAX_SUGGESTIONS: usize = 3;

/// Each word that no word of the catalog starts with is replaced by the closest words of the
/// catalog (at most two edits away, one for words of four letters or fewer), the most common
/// first; only spellings that would find something are offered.
pub(super) fn near(conn: &Connection, index: &SearchIndex, words: &[String]) -> Result<Vec<String>> {
    let mut alternatives: Vec<Vec<String>> = Vec::new();
    let mut any_unknown = false;
    for word in words {
        if index.knows_prefix(conn, word)? {
            alternatives.push(vec![word.clone()]);
            continue;
        }
        any_unknown = true;
        let length = word.chars().count();
        let budget = if length <= 4 { 1 } else { 2 };
        let lengths = length.saturating_sub(budget).max(2)..=length + budget;
        let mut close = Vec::new();
        for term in index.terms(conn, lengths)? {
            let distance = strsim::damerau_levenshtein(word, &term);
            if distance <= budget {
                close.push((distance, std::cmp::Reverse(index.products_with(conn, &term)?), term));
            }
        }
        close.sort();
        if close.is_empty() {
            return Ok(Vec::new());
        }
        alternatives.push(close.into_iter().take(MAX_SUGGESTIONS).map(|(_, _, term)| term).collect());
    }
    if !any_unknown {
        return Ok(Vec::new());
    }
    // The first unknown word's alternatives, each with the best alternative of the others.
    let varying = alternatives.iter().position(|a| a.len() > 1).unwrap_or(0);
    let mut found = Vec::new();
    for choice in &alternatives[varying] {
        let words: Vec<String> =
            alternatives.iter().enumerate().map(|(i, a)| if i == varying { choice } else { &a[0] }.clone()).collect();
        if index.matching(conn, &words)?.iter().any(|tier| !tier.is_empty()) {
            found.push(words.join(" "));
        }
    }
    Ok(found)
}
