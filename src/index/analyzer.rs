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

use super::inflections::InflectionsOnly;

/// The analyzer for headlines, bodies and quotations.
pub const NEWS: &str = "news";

/// `news`, then each word the English stemmer (Snowball's) changes, as its
/// stem, the others left out ([`super::inflections`]): "elections" and
/// "election" are one word, and so are "negotiate" and "negotiations". For
/// recall only: phrases and highlights stay on the exact words.
pub const STEMMED: &str = "stemmed";

/// Analyzer names the program registers (`raw` is tantivy's own).
const KNOWN: [&str; 3] = [NEWS, STEMMED, "raw"];

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

/// Builds the `stemmed` analyzer.
pub fn stemmed_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(48))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(InflectionsOnly)
        .build()
}

/// Registers the program's analyzers on an index.
pub fn register(index: &Index) {
    index.tokenizers().register(NEWS, news_analyzer());
    index.tokenizers().register(STEMMED, stemmed_analyzer());
}

/// The stem of one word as the `stemmed` analyzer makes it (the word itself
/// when the stemmer leaves it as it is).
pub fn stem_of(word: &str) -> String {
    let mut analyzer = stemmed_analyzer();
    let mut stream = analyzer.token_stream(word);
    if stream.advance() {
        stream.token().text.clone()
    } else {
        word.to_string()
    }
}

/// The tokens the `news` analyzer makes of a text, each with the byte range
/// of the text it comes from.
pub fn news_token_spans(text: &str) -> Vec<(String, usize, usize)> {
    let mut analyzer = news_analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut tokens = Vec::new();
    while stream.advance() {
        let token = stream.token();
        tokens.push((token.text.clone(), token.offset_from, token.offset_to));
    }
    tokens
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
    fn inflections_share_a_stem() {
        assert_eq!(stem_of("elections"), stem_of("election"));
        assert_eq!(stem_of("deal"), "deal");
        // Words that are their own stem are left out of the stems field.
        let mut analyzer = stemmed_analyzer();
        let mut stream = analyzer.token_stream("the elections were held");
        let mut kept = Vec::new();
        while stream.advance() {
            kept.push(stream.token().text.clone());
        }
        assert_eq!(kept, ["elect"]);
        assert_eq!(stem_of("Negotiations"), stem_of("negotiate"));
        assert_ne!(stem_of("deal"), stem_of("dealer"));
    }

    #[test]
    fn diacritics_are_folded() {
        assert_eq!(news_tokens("Café Zürich"), ["cafe", "zurich"]);
    }
}
