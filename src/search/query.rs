//! From what a user typed to a tantivy query.
//!
//! Users paste text: curly quotes, apostrophes, colons after ordinary words.
//! [`normalize`] makes such text safe for tantivy's query language without
//! changing what it asks for; [`build`] parses it (leniently when strict
//! parsing fails, never panicking) and, for plain text, adds proximity
//! clauses so that documents where the words stand together and in order rank
//! above those where they are scattered.

use std::panic::{AssertUnwindSafe, catch_unwind};

use tantivy::Term;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, QueryParser};
use tantivy::schema::Field;

use crate::index::IndexSchema;
use crate::index::analyzer::news_tokens;
use crate::{Error, Result};

/// Extra weight of an adjacent pair of query words found together, in order.
const PAIR_BOOST: f32 = 1.5;
/// Words a pair may stand apart and still count as together.
const PAIR_SLOP: u32 = 1;
/// Pasted text longer than this many words adds no more pair clauses.
const MAX_PAIRS: usize = 64;

/// A parsed query and what the user should know about how it was read.
pub struct BuiltQuery {
    /// The query to run.
    pub query: Box<dyn Query>,
    /// Notes for the user, such as a syntax error that was read leniently.
    pub warnings: Vec<String>,
}

/// Rewrites curly quotes, apostrophes and colons so tantivy reads text as text.
///
/// - `“ ” „ ‟ « »` become `"`, so a pasted curly-quoted sentence is a phrase;
/// - apostrophes (straight or curly) become spaces: the analyzer splits on
///   them anyway, and tantivy would read a lone `'` as an opening quote;
/// - a colon is kept only after a field name of the schema (`headline:x`)
///   or inside a range (`[2025-08-01T00:00:00Z TO …]`), so
///   `the minister said: we will` is plain text.
pub fn normalize(query: &str, is_field: impl Fn(&str) -> bool) -> String {
    let mut out = String::with_capacity(query.len());
    let mut range_depth = 0usize;
    for c in query.chars() {
        match c {
            '[' | '{' => {
                range_depth += 1;
                out.push(c);
            }
            ']' | '}' => {
                range_depth = range_depth.saturating_sub(1);
                out.push(c);
            }
            ':' if range_depth > 0 => out.push(':'),
            '“' | '”' | '„' | '‟' | '«' | '»' | '″' => out.push('"'),
            '\'' | '‘' | '’' | 'ʼ' | '‛' | '`' => out.push(' '),
            ':' => {
                let word_start = out
                    .rfind(|c: char| c.is_whitespace() || "(+-\"".contains(c))
                    .map_or(0, |at| at + 1);
                if is_field(&out[word_start..]) {
                    out.push(':');
                } else {
                    out.push(' ');
                }
            }
            _ => out.push(c),
        }
    }
    out.trim().to_string()
}

/// Completes bare dates inside ranges, which tantivy wants in RFC 3339:
/// `[2025-08-01 TO 2025-08-31]` becomes `[2025-08-01T00:00:00Z TO
/// 2025-08-31T23:59:59Z]` (an inclusive end date counts the whole day).
fn expand_range_dates(query: &str) -> String {
    let bytes = query.as_bytes();
    let mut out = String::with_capacity(query.len() + 16);
    let mut depth = 0usize;
    let mut i = 0;
    while i < query.len() {
        match bytes[i] {
            b'[' | b'{' => depth += 1,
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        let is_date = depth > 0
            && query.get(i..i + 10).is_some_and(is_bare_date)
            && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric())
            && !query[i + 10..].starts_with(|n: char| n.is_ascii_alphanumeric() || n == ':');
        if is_date {
            out.push_str(&query[i..i + 10]);
            let closes_inclusive = query[i + 10..].trim_start().starts_with(']');
            out.push_str(if closes_inclusive {
                "T23:59:59Z"
            } else {
                "T00:00:00Z"
            });
            i += 10;
            continue;
        }
        let ch = query[i..].chars().next().unwrap_or(' ');
        out.push(ch);
        i += ch.len_utf8();
    }
    out
}

fn is_bare_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// True when the query is plain words: no phrase, operator, field or wildcard.
fn is_plain_text(normalized: &str) -> bool {
    !normalized.contains(['"', ':', '(', ')', '*', '[', ']', '{', '}', '^', '~'])
        && !normalized
            .split_whitespace()
            .any(|word| matches!(word, "AND" | "OR" | "NOT") || word.starts_with(['+', '-']))
}

/// Parses a user's query with a parser over some default fields; for plain
/// text, adds proximity clauses over `proximity_fields` (field, boost). The
/// caller has validated the request: its length bounds the stack parsing needs.
pub(crate) fn build(
    parser: &QueryParser,
    schema: &IndexSchema,
    proximity_fields: &[(Field, f32)],
    text: &str,
) -> Result<BuiltQuery> {
    if let Some(position) = too_deeply_nested(text) {
        return Err(Error::User(format!(
            "the query opens more than {MAX_NESTING} parentheses inside one another \
             (at character {position}): remove some"
        )));
    }
    let normalized = expand_range_dates(&normalize(text, |word| schema.has_field(word)));
    if normalized.is_empty() {
        return Err(Error::User(
            "the query is empty: give words to search for, or `*` for everything".into(),
        ));
    }
    let mut warnings = Vec::new();
    let query = match guarded(|| parser.parse_query(&normalized))? {
        Ok(query) => query,
        Err(err) => {
            let (query, _) = guarded(|| parser.parse_query_lenient(&normalized))?;
            let err = shortened(&err.to_string(), 120);
            warnings.push(format!(
                "query syntax error ({err}); searched for the words leniently instead"
            ));
            query
        }
    };
    if !is_plain_text(&normalized) {
        return Ok(BuiltQuery { query, warnings });
    }
    let proximity = proximity_clauses(proximity_fields, &normalized);
    let query = if proximity.is_empty() {
        query
    } else {
        let mut clauses = vec![(Occur::Must, query)];
        clauses.extend(proximity.into_iter().map(|q| (Occur::Should, q)));
        Box::new(BooleanQuery::new(clauses))
    };
    Ok(BuiltQuery { query, warnings })
}

/// The longest query read, in characters: a long pasted paragraph fits.
/// tantivy's parser and query tree recurse once per operator, so this also
/// bounds the stack a search needs (see `searcher::on_deep_stack`).
pub const MAX_QUERY_CHARS: usize = 10_000;

/// `text` cut to at most `max` characters, with an ellipsis when cut
/// (tantivy's syntax errors repeat the whole query).
fn shortened(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

/// How deeply parentheses may nest. tantivy's parser recurses once per level,
/// so thousands of `(` would overflow the stack; no real query needs more.
const MAX_NESTING: usize = 32;

/// The character position (from 1) of the first parenthesis nested deeper
/// than [`MAX_NESTING`], if any. Unclosed ones count: the parser recurses on them too.
fn too_deeply_nested(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (n, c) in text.chars().enumerate() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth > MAX_NESTING {
            return Some(n + 1);
        }
    }
    None
}

/// One sloppy phrase per adjacent word pair and default field: a pasted
/// sentence with a word dropped or mistyped still earns most of its pairs.
fn proximity_clauses(fields: &[(Field, f32)], text: &str) -> Vec<Box<dyn Query>> {
    let tokens = news_tokens(text);
    let mut clauses: Vec<Box<dyn Query>> = Vec::new();
    for pair in tokens.windows(2).take(MAX_PAIRS) {
        for &(field, boost) in fields {
            let terms = vec![
                (0, Term::from_field_text(field, &pair[0])),
                (1, Term::from_field_text(field, &pair[1])),
            ];
            let phrase = PhraseQuery::new_with_offset_and_slop(terms, PAIR_SLOP);
            clauses.push(Box::new(BoostQuery::new(
                Box::new(phrase),
                boost * PAIR_BOOST,
            )));
        }
    }
    clauses
}

/// Runs tantivy's parser, turning a panic on odd input into a user error.
fn guarded<T>(parse: impl FnOnce() -> T) -> Result<T> {
    catch_unwind(AssertUnwindSafe(parse)).map_err(|_| {
        Error::User("the query could not be parsed: check its operators and brackets".into())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_field(word: &str) -> bool {
        matches!(word, "headline" | "speaker" | "published")
    }

    #[test]
    fn normalisation_table() {
        let cases = [
            (
                "“no deal until there’s a deal”",
                "\"no deal until there s a deal\"",
            ),
            ("there's a", "there s a"),
            ("the minister said: we will", "the minister said  we will"),
            ("headline:putin", "headline:putin"),
            ("+speaker:Trump -title:x", "+speaker:Trump -title x"),
            ("  «Bonjour»  ", "\"Bonjour\""),
            (
                "published:[2025-08-01T00:00:00Z TO *]",
                "published:[2025-08-01T00:00:00Z TO *]",
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(normalize(input, is_field), expected, "{input}");
        }
    }

    #[test]
    fn bare_dates_in_ranges_become_rfc3339() {
        assert_eq!(
            expand_range_dates("published:[2025-08-01 TO 2025-08-31]"),
            "published:[2025-08-01T00:00:00Z TO 2025-08-31T23:59:59Z]"
        );
        assert_eq!(
            expand_range_dates("published:{2025-08-01 TO 2025-09-01}"),
            "published:{2025-08-01T00:00:00Z TO 2025-09-01T00:00:00Z}"
        );
        assert_eq!(expand_range_dates("2025-08-01 deal"), "2025-08-01 deal");
        assert_eq!(
            expand_range_dates("published:[2025-08-01T10:00:00Z TO *]"),
            "published:[2025-08-01T10:00:00Z TO *]"
        );
    }

    #[test]
    fn plain_text_detection() {
        assert!(is_plain_text("no deal until there s a deal"));
        assert!(!is_plain_text("\"no deal\""));
        assert!(!is_plain_text("putin AND trump"));
        assert!(!is_plain_text("-putin trump"));
        assert!(!is_plain_text("headline:putin"));
    }
}
