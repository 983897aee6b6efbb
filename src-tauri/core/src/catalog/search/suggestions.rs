//! "Did you mean": near spellings of a search that found nothing.

use super::index::SearchIndex;

const MAX_SUGGESTIONS: usize = 3;

/// Each word that no word of the catalog starts with is replaced by the closest words of the
/// catalog (at most two edits away, one for words of four letters or fewer), the most common
/// first; only spellings that would find something are offered.
pub(super) fn near(index: &SearchIndex, words: &[String]) -> Vec<String> {
    let mut alternatives: Vec<Vec<String>> = Vec::new();
    let mut any_unknown = false;
    for word in words {
        if index.knows_prefix(word) {
            alternatives.push(vec![word.clone()]);
            continue;
        }
        any_unknown = true;
        let length = word.chars().count();
        let budget = if length <= 4 { 1 } else { 2 };
        let lengths = length.saturating_sub(budget).max(2)..=length + budget;
        let mut close: Vec<(usize, std::cmp::Reverse<u64>, &str)> = index
            .terms()
            .filter(|term| lengths.contains(&term.chars().count()))
            .filter_map(|term| {
                let distance = strsim::damerau_levenshtein(word, term);
                (distance <= budget).then_some((distance, term))
            })
            .map(|(distance, term)| (distance, std::cmp::Reverse(index.products_with(term)), term))
            .collect();
        close.sort();
        if close.is_empty() {
            return Vec::new();
        }
        alternatives.push(close.into_iter().take(MAX_SUGGESTIONS).map(|(_, _, term)| term.to_string()).collect());
    }
    if !any_unknown {
        return Vec::new();
    }
    // The first unknown word's alternatives, each with the best alternative of the others.
    let varying = alternatives.iter().position(|a| a.len() > 1).unwrap_or(0);
    alternatives[varying]
        .iter()
        .map(|choice| {
            alternatives
                .iter()
                .enumerate()
                .map(|(i, a)| if i == varying { choice } else { &a[0] }.clone())
                .collect::<Vec<String>>()
        })
        .filter(|words| index.matching(words).iter().any(|tier| !tier.is_empty()))
        .map(|words| words.join(" "))
        .collect()
}
