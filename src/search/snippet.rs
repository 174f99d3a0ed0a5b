//! Snippets: the passage of a document that best shows why it matched.
//!
//! The passage is chosen as tantivy's `SnippetGenerator` chooses it (the
//! text cut into runs of at most so many bytes, each scored by the query
//! words it holds, rarer words counting more), but the words are compared as
//! the `news` analyzer gives them: already lowercase, so no new string per
//! word, and looked up by hash. A search makes a snippet for every hit shown,
//! each from a whole article.

use rustc_hash::FxHashMap;
use tantivy::Searcher;
use tantivy::query::Query;
use tantivy::schema::Field;
use tantivy::tokenizer::TokenStream;

use super::results::Snippet;
use tantivy::tokenizer::TextAnalyzer;

use crate::index::analyzer::{news_analyzer, stemmed_analyzer};

/// How long a snippet of an article may be, in bytes (as tantivy counts a
/// passage), for a passage and for an article's opening alike.
pub const SNIPPET_BYTES: usize = 240;
/// How long a passage of a quotation may be, in bytes: most quotations fit whole.
pub const QUOTE_SNIPPET_BYTES: usize = 400;

/// The words of a query in one field, weighted, for finding the best passage of a text.
pub struct Passages {
    /// Each query word as the analyzer makes it, weighted by its rarity: `1 / (1 + doc freq)`.
    weights: FxHashMap<String, f32>,
    /// The stems of the query's words, for the other forms of a word the
    /// search matched ("elections" for "election"), weighted the same way.
    stems: FxHashMap<String, f32>,
    /// Query words the index lacks, matched to spellings this many edits away.
    typos: Vec<(String, u8)>,
    /// The longest passage, in bytes of the text (as tantivy counts).
    max_len: usize,
}

/// How many letters of a stem a word must open with to be stemmed and compared.
const STEM_OPENING: usize = 3;

/// A word's other forms and corrected spellings count this much of the word itself.
const INEXACT_WEIGHT: f32 = 0.5;

impl Passages {
    /// The query's words in `field` (and their stems in `stems`) that occur in
    /// the index, and the words it reads as `typos`; passages of at most `max_len`.
    pub fn new(
        searcher: &Searcher,
        query: &dyn Query,
        (field, stems): (Field, Field),
        typos: &[(String, u8)],
        max_len: usize,
    ) -> tantivy::Result<Passages> {
        let mut terms = Vec::new();
        query.query_terms(&mut |term, _| {
            if term.field() == field || term.field() == stems {
                terms.push(term.clone());
            }
        });
        let mut weights = FxHashMap::default();
        let mut stem_weights = FxHashMap::default();
        for term in terms {
            let Some(text) = term.value().as_str().map(str::to_string) else {
                continue;
            };
            let doc_freq = searcher.doc_freq(&term)?;
            if doc_freq > 0 {
                let weight = 1.0 / (1.0 + doc_freq as f32);
                if term.field() == field {
                    weights.insert(text, weight);
                } else {
                    stem_weights.insert(text, weight * INEXACT_WEIGHT);
                }
            }
        }
        Ok(Passages {
            weights,
            stems: stem_weights,
            typos: typos.to_vec(),
            max_len,
        })
    }

    /// The weight of a word of the text: a query word's, else its stem's or a
    /// corrected spelling's, else none.
    fn weight_of(&self, word: &str, stemmer: &mut TextAnalyzer) -> Option<f32> {
        if let Some(weight) = self.weights.get(word) {
            return Some(*weight);
        }
        // Stemming every word of every article shown would cost more than the
        // search: only a word opening like one of the stems can share it
        // (Snowball keeps a word's first letters).
        let may_share_a_stem = self.stems.keys().any(|stem| {
            let opening = stem
                .char_indices()
                .nth(STEM_OPENING)
                .map_or(stem.len(), |(at, _)| at);
            word.starts_with(&stem[..opening])
        });
        if may_share_a_stem {
            let mut stream = stemmer.token_stream(word);
            if stream.advance()
                && let Some(weight) = self.stems.get(&stream.token().text)
            {
                return Some(*weight);
            }
        }
        self.typos
            .iter()
            .any(|(typo, edits)| within_edits(typo, word, *edits))
            .then_some(INEXACT_WEIGHT / 2.0)
    }

    /// A finder for these words alone, for tests.
    #[cfg(test)]
    fn of_words(words: &[&str], max_len: usize) -> Passages {
        Passages {
            weights: words.iter().map(|w| (w.to_string(), 1.0)).collect(),
            stems: FxHashMap::default(),
            typos: Vec::new(),
            max_len,
        }
    }

    /// The best-scoring passage of `text` with its marked words (byte ranges in
    /// `text`), or `None` when no query word occurs.
    fn best_range(&self, text: &str) -> Option<Candidate> {
        if self.weights.is_empty() && self.stems.is_empty() && self.typos.is_empty() {
            return None;
        }
        let mut stemmer = stemmed_analyzer();
        let mut analyzer = news_analyzer();
        let mut tokens = analyzer.token_stream(text);
        let mut best: Option<Candidate> = None;
        let mut current = Candidate::at(0);
        while tokens.advance() {
            let token = tokens.token();
            if token.offset_to - current.start > self.max_len {
                current.offer_to(&mut best);
                current = Candidate::at(token.offset_from);
            }
            current.end = token.offset_to;
            if let Some(weight) = self.weight_of(&token.text, &mut stemmer) {
                current.score += weight;
                current.marked.push([token.offset_from, token.offset_to]);
            }
        }
        current.offer_to(&mut best);
        best
    }
}

/// True when `word` is at most `edits` insertions, deletions, substitutions
/// or swaps of neighbours away from `typo` (and not the same word).
fn within_edits(typo: &str, word: &str, edits: u8) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (typo.chars().collect(), word.chars().collect());
    let edits = usize::from(edits);
    if a == b || a.len().abs_diff(b.len()) > edits {
        return false;
    }
    // Optimal string alignment distance, rows of the table kept three at a time.
    let mut before: Vec<usize> = Vec::new();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut row = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            row[j] = (previous[j] + 1)
                .min(row[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                row[j] = row[j].min(before[j - 2] + 1);
            }
        }
        before = std::mem::replace(&mut previous, row);
    }
    previous[b.len()] <= edits
}

/// A passage being scored: a run of words of the text.
struct Candidate {
    start: usize,
    end: usize,
    score: f32,
    marked: Vec<[usize; 2]>,
}

impl Candidate {
    fn at(start: usize) -> Candidate {
        Candidate {
            start,
            end: start,
            score: 0.0,
            marked: Vec::new(),
        }
    }

    /// Keeps this passage if it holds a query word and beats `best`: ties go to
    /// the earlier passage, as in tantivy.
    fn offer_to(self, best: &mut Option<Candidate>) {
        if self.score > 0.0 && best.as_ref().is_none_or(|b| self.score > b.score) {
            *best = Some(self);
        }
    }
}

/// The best passage of `text` for the query; the opening of the text,
/// unmarked, when no query word occurs in it. Returns the passage and its byte
/// offset in `text`.
pub fn best_passage(passages: &Passages, text: &str) -> (Snippet, usize) {
    let Some(best) = passages.best_range(text) else {
        return (opening(text), 0);
    };
    let snippet = Snippet {
        text: text[best.start..best.end].to_string(),
        highlights: best
            .marked
            .iter()
            .map(|[start, end]| [start - best.start, end - best.start])
            .collect(),
    };
    (snippet, best.start)
}

/// A short text (a quotation) whole, with every match marked; a long one as
/// its best passage. A text fits when it is no longer than one passage, in
/// bytes as passages are counted: then its one passage holds every match.
pub fn whole_or_passage(passages: &Passages, text: &str) -> Snippet {
    let (passage, offset) = best_passage(passages, text);
    if text.len() > passages.max_len || passage.highlights.is_empty() {
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

/// At most the first [`SNIPPET_BYTES`] bytes of a text, cut at a word boundary.
fn opening(text: &str) -> Snippet {
    let end = if text.len() <= SNIPPET_BYTES {
        text.len()
    } else {
        let limit = (0..=SNIPPET_BYTES)
            .rev()
            .find(|&at| text.is_char_boundary(at))
            .unwrap_or(0);
        text[..limit].rfind(' ').unwrap_or(limit)
    };
    Snippet {
        text: text[..end].to_string(),
        highlights: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_forms_and_corrected_spellings_are_marked_too() {
        let mut passages = Passages::of_words(&["deal"], 400);
        passages
            .stems
            .insert(crate::index::analyzer::stem_of("elections"), 0.5);
        passages.typos.push(("sanctoins".to_string(), 1));
        let text = "The election deal brought sanctions.";
        let snippet = whole_or_passage(&passages, text);
        let marked: Vec<&str> = snippet
            .highlights
            .iter()
            .map(|[s, e]| &text[*s..*e])
            .collect();
        assert_eq!(marked, ["election", "deal", "sanctions"]);
    }

    #[test]
    fn edit_distance_counts_a_swap_as_one() {
        assert!(within_edits("prominetn", "prominent", 1));
        assert!(within_edits("systme", "system", 1));
        assert!(!within_edits("systme", "systems", 1));
        assert!(within_edits("responsiiblity", "responsibility", 2));
        assert!(!within_edits("deal", "deal", 1));
    }

    #[test]
    fn a_short_text_is_kept_whole_with_shifted_highlights() {
        let passages = Passages::of_words(&["deal"], 400);
        let text = "Well, there is no deal until there is a deal.";
        let snippet = whole_or_passage(&passages, text);
        assert_eq!(snippet.text, text);
        let marked: Vec<&str> = snippet
            .highlights
            .iter()
            .map(|[s, e]| &text[*s..*e])
            .collect();
        assert_eq!(marked, ["deal", "deal"]);
    }

    #[test]
    fn a_text_kept_whole_has_every_match_marked() {
        // 28 characters but 35 bytes: passages are counted in bytes, so the two
        // matches fall in different passages and the text does not fit one.
        let passages = Passages::of_words(&["deal"], 30);
        let text = "“Deal” – café talk; no deal.";
        let snippet = whole_or_passage(&passages, text);
        let marked: Vec<String> = snippet
            .highlights
            .iter()
            .map(|[s, e]| snippet.text[*s..*e].to_lowercase())
            .collect();
        let occurrences = snippet.text.to_lowercase().matches("deal").count();
        assert_eq!(marked.len(), occurrences, "{snippet:?}");
        assert!(marked.iter().all(|m| m == "deal"), "{snippet:?}");
    }

    #[test]
    fn the_passage_with_the_most_query_words_wins_and_ties_go_first() {
        let passages = Passages::of_words(&["cafe", "deal"], 30);
        // Runs of at most 30 bytes: the second holds both words (the accent folded).
        let text = "A deal was near, they said. Café owners hailed the deal.";
        let (snippet, offset) = best_passage(&passages, text);
        assert_eq!(snippet.text, "Café owners hailed the deal");
        let marked: Vec<&str> = snippet
            .highlights
            .iter()
            .map(|[s, e]| &text[offset + s..offset + e])
            .collect();
        assert_eq!(marked, ["Café", "deal"]);
        let passages = Passages::of_words(&["deal"], 20);
        let (first, offset) = best_passage(&passages, "One deal here. And one deal there.");
        assert_eq!((first.text.as_str(), offset), ("One deal here. And", 0));
    }

    #[test]
    fn a_text_without_query_words_opens_unmarked() {
        let passages = Passages::of_words(&["absent"], 240);
        let (snippet, offset) = best_passage(&passages, "Nothing to see here.");
        assert_eq!((snippet.text.as_str(), offset), ("Nothing to see here.", 0));
        assert!(snippet.highlights.is_empty());
    }

    #[test]
    fn opening_cuts_at_a_word_boundary() {
        let text = "word ".repeat(100);
        let snippet = opening(&text);
        assert!(snippet.text.len() <= SNIPPET_BYTES);
        assert!(snippet.text.ends_with("word"));
        assert!(snippet.highlights.is_empty());
    }
}
