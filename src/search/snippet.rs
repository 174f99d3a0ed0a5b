//! Snippets: the passage of a document that best shows why it matched.

use tantivy::snippet::SnippetGenerator;

use super::results::Snippet;

/// How long a snippet of an article may be, in characters.
pub const SNIPPET_CHARS: usize = 240;
/// How long a snippet of a quotation may be: most quotations fit whole.
pub const QUOTE_SNIPPET_CHARS: usize = 400;

/// The best passage of `text` for the generator's query; the opening of the
/// text, unmarked, when no query word occurs in it. Returns the passage and
/// its byte offset in `text`.
pub fn best_passage(generator: &SnippetGenerator, text: &str) -> (Snippet, usize) {
    let found = generator.snippet(text);
    if found.highlighted().is_empty() {
        return (opening(text), 0);
    }
    let highlights = found
        .highlighted()
        .iter()
        .map(|range| [range.start, range.end])
        .collect();
    let snippet = Snippet {
        text: found.fragment().to_string(),
        highlights,
    };
    (snippet, found.fragment_range().start)
}

/// A short text (a quotation) whole, with every match marked; a long one as
/// its best passage. `max_chars` should be the generator's passage length, so
/// that a text that fits has all its matches in the passage.
pub fn whole_or_passage(generator: &SnippetGenerator, text: &str, max_chars: usize) -> Snippet {
    let (passage, offset) = best_passage(generator, text);
    if text.chars().count() > max_chars || passage.highlights.is_empty() {
        return passage;
    }
    Snippet {
        text: text.to_string(),
        highlights: passage
            .highlights
            .iter()
            .map(|[start, end]| [start + offset, end + offset])
            .collect(),
    }
}

/// The first [`SNIPPET_CHARS`] characters of a text, cut at a word boundary.
fn opening(text: &str) -> Snippet {
    let end = text
        .char_indices()
        .nth(SNIPPET_CHARS)
        .map_or(text.len(), |(at, _)| text[..at].rfind(' ').unwrap_or(at));
    Snippet {
        text: text[..end].to_string(),
        highlights: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_text_is_kept_whole_with_shifted_highlights() {
        let terms = [("deal".to_string(), 1.0)].into_iter().collect();
        let analyzer = crate::index::analyzer::news_analyzer();
        let field = tantivy::schema::Field::from_field_id(0);
        let generator = SnippetGenerator::new(terms, analyzer, field, 400);
        let text = "Well, there is no deal until there is a deal.";
        let snippet = whole_or_passage(&generator, text, 400);
        assert_eq!(snippet.text, text);
        let marked: Vec<&str> = snippet
            .highlights
            .iter()
            .map(|[s, e]| &text[*s..*e])
            .collect();
        assert_eq!(marked, ["deal", "deal"]);
    }

    #[test]
    fn opening_cuts_at_a_word_boundary() {
        let text = "word ".repeat(100);
        let snippet = opening(&text);
        assert!(snippet.text.len() <= SNIPPET_CHARS);
        assert!(snippet.text.ends_with("word"));
        assert!(snippet.highlights.is_empty());
    }
}
