//! How text is cut into searchable words, the same way for the products indexed and for what
//! the buyer types: letters and digits make words, everything else separates them; words are
//! lower-cased and lose their accents, so that "café" is found by "cafe" and "CAFÉ".

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// The words of `text`, folded, in order (repeats included).
pub(crate) fn each_word(text: &str, mut visit: impl FnMut(&str)) {
    let mut folded = String::new();
    for raw in text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        if raw.is_ascii() {
            folded.clear();
            folded.extend(raw.chars().map(|c| c.to_ascii_lowercase()));
            visit(&folded);
        } else {
            visit(&fold(raw));
        }
    }
}

/// The words of a query, at most `max` of them.
pub(crate) fn query_words(text: &str, max: usize) -> Vec<String> {
    let mut words = Vec::new();
    each_word(text, |w| {
        if words.len() < max {
            words.push(w.to_string())
        }
    });
    words
}

fn fold(word: &str) -> String {
    word.nfd().filter(|c| !is_combining_mark(*c)).flat_map(char::to_lowercase).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_on_anything_but_letters_and_digits() {
        assert_eq!(query_words("  My-SQL 8.0 ", 12), ["my", "sql", "8", "0"]);
        assert_eq!(query_words("\"*) OR NEAR(", 12), ["or", "near"]);
        assert!(query_words(" - ", 12).is_empty());
        assert_eq!(query_words("a b c", 2), ["a", "b"]);
    }

    #[test]
    fn words_lose_case_and_accents() {
        assert_eq!(query_words("Café CRÈME Ångström", 12), ["cafe", "creme", "angstrom"]);
        assert_eq!(query_words("Straße", 12), ["straße"]);
    }
}
