//! Snippets: the passage of a document that best shows why it matched.

use tantivy::snippet::SnippetGenerator;

use super::results::Snippet;

/// How long a snippet may be, in characters.
pub const SNIPPET_CHARS: usize = 240;

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
    fn opening_cuts_at_a_word_boundary() {
        let text = "word ".repeat(100);
        let snippet = opening(&text);
        assert!(snippet.text.len() <= SNIPPET_CHARS);
        assert!(snippet.text.ends_with("word"));
        assert!(snippet.highlights.is_empty());
    }
}
