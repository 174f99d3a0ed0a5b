//! The analyzers the schema may name, registered on every opened index.
//!
//! `news` is the one analyzer for text: it splits on anything that is not a
//! letter or digit, so `there's`, `there’s` and `THERE'S` all become `there` +
//! `s` and quote style never matters; it lowercases and folds diacritics
//! (`é` → `e`). tantivy does not store custom analyzers in the index, so
//! [`register`] must run after every create or open.

use tantivy::Index;
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
};

/// The analyzer for headlines, bodies and quotations.
pub const NEWS: &str = "news";

/// Analyzer names the program registers (`raw` is tantivy's own).
const KNOWN: [&str; 2] = [NEWS, "raw"];

/// True when the program can register an analyzer of this name.
pub fn is_known(name: &str) -> bool {
    KNOWN.contains(&name)
}

/// Builds the `news` analyzer.
pub fn news_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        // Tokens this long are URLs or garbage; they would only bloat the term dictionary.
        .filter(RemoveLongFilter::limit(48))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// Registers the program's analyzers on an index.
pub fn register(index: &Index) {
    index.tokenizers().register(NEWS, news_analyzer());
}

/// The tokens the `news` analyzer makes of a text, for tests and query building.
pub fn news_tokens(text: &str) -> Vec<String> {
    let mut analyzer = news_analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut tokens = Vec::new();
    while stream.advance() {
        tokens.push(stream.token().text.clone());
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apostrophe_style_and_case_do_not_matter() {
        let straight = news_tokens("there's a deal");
        assert_eq!(news_tokens("there’s a deal"), straight);
        assert_eq!(news_tokens("THERE'S A DEAL"), straight);
        assert_eq!(straight, ["there", "s", "a", "deal"]);
    }

    #[test]
    fn diacritics_are_folded() {
        assert_eq!(news_tokens("Café Zürich"), ["cafe", "zurich"]);
    }
}
