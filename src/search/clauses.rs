//! Field clauses that filter: `speaker:putin`, `person:zelensky`,
//! `source:reuters`, `section:…`, `location:ukraine`.
//!
//! A user names a value the way they would say it: any case, with or without
//! accents, a surname or a full name. The index holds exact values ("Vladimir
//! Putin", "/Ukraine"), so each clause is resolved against the values of its
//! field first: a value matches when the clause's words (as the `news`
//! analyzer makes them) are a run of the value's words ("putin", "vladimir
//! putin", "VLADIMIR PUTIN" all name "Vladimir Putin"; "smith" names every
//! Smith), except that a value typed exactly as the index holds it ("Donald
//! Trump", as the facets print it) names that value alone. A place is named
//! by its own name ("ukraine", "anchorage") or by its path
//! (`/United States/Alaska`); either matches the places inside it too.
//!
//! The clause then becomes a filter on those exact values that adds nothing to
//! the score: required (`+`), unless the user wrote `OR` beside it or a `-`
//! before it, which keep their meaning. `--speaker` and the other flags go
//! through the same resolution.

use tantivy::Searcher;
use tantivy::schema::Field;

use crate::Result;
use crate::index::Fields;
use crate::index::analyzer::news_tokens;

/// A field a clause filters on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterField {
    /// Who said a quotation (`speaker:`).
    Speaker,
    /// Anyone named (`person:` or `people:`).
    People,
    /// The publication (`source:`).
    Source,
    /// A sub-heading or desk (`section:`).
    Section,
    /// A place and the places inside it (`location:`).
    Location,
}

impl FilterField {
    /// The filter a clause's field name asks for.
    pub fn named(name: &str) -> Option<Self> {
        Some(match name {
            "speaker" => FilterField::Speaker,
            "person" | "people" => FilterField::People,
            "source" => FilterField::Source,
            "section" => FilterField::Section,
            "location" => FilterField::Location,
            _ => return None,
        })
    }

    /// The schema field it filters on.
    pub fn field(self, fields: &Fields) -> Field {
        match self {
            FilterField::Speaker => fields.speaker,
            FilterField::People => fields.people,
            FilterField::Source => fields.source,
            FilterField::Section => fields.section,
            FilterField::Location => fields.location,
        }
    }

    /// The schema field's name, as the query language writes it.
    fn schema_name(self) -> &'static str {
        match self {
            FilterField::Speaker => "speaker",
            FilterField::People => "people",
            FilterField::Source => "source",
            FilterField::Section => "section",
            FilterField::Location => "location",
        }
    }
}

/// The exact values of `field` in the index that `words` name (see the
/// module documentation); places as facet paths (`/Ukraine`).
pub fn values_named(
    searcher: &Searcher,
    fields: &Fields,
    filter: FilterField,
    words: &str,
) -> Result<Vec<String>> {
    let words = words.trim();
    if filter == FilterField::Location && words.starts_with('/') {
        let path = words.trim_end_matches('/');
        return Ok(vec![if path.is_empty() { "/" } else { path }.to_string()]);
    }
    // A value typed exactly as the index holds it names that value alone,
    // found by one term look-up instead of a walk of the dictionary.
    let field = filter.field(fields);
    if filter != FilterField::Location
        && searcher.doc_freq(&tantivy::Term::from_field_text(field, words))? > 0
    {
        return Ok(vec![words.to_string()]);
    }
    let wanted = news_tokens(words);
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let longest = wanted
        .iter()
        .max_by_key(|w| w.len())
        .map_or("", String::as_str);
    let mut found = Vec::new();
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let mut terms = inverted
            .terms()
            .stream()
            .map_err(tantivy::TantivyError::from)?;
        while terms.advance() {
            let Ok(text) = std::str::from_utf8(terms.key()) else {
                continue;
            };
            let value = match filter {
                // Facet terms are their path's parts joined by a NUL byte; a
                // place is named by its own (last) part.
                FilterField::Location => {
                    let last = text.rsplit('\u{0}').next().unwrap_or(text);
                    (news_tokens(last) == wanted).then(|| {
                        text.split('\u{0}').fold(String::new(), |mut path, part| {
                            path.push('/');
                            path.push_str(part);
                            path
                        })
                    })
                }
                // Most values cannot hold the words: a byte search for the
                // rarest-looking one settles those without analyzing them.
                _ => ((!text.is_ascii() || contains_ignoring_case(text, longest))
                    && holds_run(&news_tokens(text), &wanted))
                .then(|| text.to_string()),
            };
            found.extend(value);
        }
    }
    found.sort_unstable();
    found.dedup();
    Ok(found)
}

/// True when `needle` (lower case) occurs in the ASCII `haystack`, ignoring case.
fn contains_ignoring_case(haystack: &str, needle: &str) -> bool {
    needle.is_empty()
        || haystack
            .as_bytes()
            .windows(needle.len())
            .any(|window| window.eq_ignore_ascii_case(needle.as_bytes()))
}

/// True when `wanted` stands in `words` as a run of consecutive words.
fn holds_run(words: &[String], wanted: &[String]) -> bool {
    words.windows(wanted.len()).any(|window| window == wanted)
}

/// A field clause found in a query: where it stands and what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    /// Byte range of the clause (its `+`/`-` included) in the query.
    start: usize,
    end: usize,
    /// The field it filters on.
    pub filter: FilterField,
    /// The words after the colon, without their quotes.
    pub words: String,
    /// `-` before it.
    pub negated: bool,
    /// `OR` right before or after it: the user made it optional.
    optional: bool,
}

impl Clause {
    /// The warning for a clause that names no value of the index.
    pub fn names_nothing(&self) -> String {
        let field = self.filter.schema_name();
        format!(
            "{field}:{} names no {field} in the index, so it matches nothing",
            self.words
        )
    }
}

/// A query's field clauses taken out of it, when all of them are required or
/// excluded and what is left is plain text: that text can then be ranked in
/// tiers, with the clauses as filters beside it (`speaker:putin no deal
/// until there's a deal`). `None` when the query has no clause, or keeps
/// other syntax (a real `OR` beside a clause, a phrase, a field of its own).
pub fn split_off(
    query: &str,
    is_plain_text: impl Fn(&str) -> bool,
) -> Option<(String, Vec<Clause>)> {
    let clauses = clauses_of(query);
    if clauses.is_empty() || clauses.iter().any(|c| c.optional) {
        return None;
    }
    let mut rest = String::with_capacity(query.len());
    let mut copied = 0;
    for clause in &clauses {
        rest.push_str(&query[copied..clause.start]);
        rest.push(' ');
        copied = clause.end;
    }
    rest.push_str(&query[copied..]);
    let rest = rest.split_whitespace().collect::<Vec<_>>().join(" ");
    (!rest.is_empty() && is_plain_text(&rest)).then_some((rest, clauses))
}

/// Finds the field clauses of a normalized query (outside quoted phrases).
fn clauses_of(query: &str) -> Vec<Clause> {
    let bytes = query.as_bytes();
    let mut clauses = Vec::new();
    let mut in_phrase = false;
    let mut at = 0;
    while at < bytes.len() {
        let byte = bytes[at];
        if byte == b'"' {
            in_phrase = !in_phrase;
            at += 1;
            continue;
        }
        let starts_word = at == 0 || matches!(bytes[at - 1], b' ' | b'(' | b'+' | b'-');
        if in_phrase || !starts_word || !byte.is_ascii_alphabetic() {
            at += 1;
            continue;
        }
        let name_end = query[at..]
            .find(|c: char| !c.is_ascii_alphabetic())
            .map_or(query.len(), |n| at + n);
        let filter = FilterField::named(&query[at..name_end]);
        let (Some(filter), Some(b':')) = (filter, bytes.get(name_end)) else {
            at = name_end;
            continue;
        };
        let value_start = name_end + 1;
        let (words, end) = if bytes.get(value_start) == Some(&b'"') {
            let close = query[value_start + 1..]
                .find('"')
                .map_or(query.len(), |n| value_start + 1 + n);
            (&query[value_start + 1..close], (close + 1).min(query.len()))
        } else {
            let end = query[value_start..]
                .find([' ', ')'])
                .map_or(query.len(), |n| value_start + n);
            (&query[value_start..end], end)
        };
        let sign = at.checked_sub(1).map(|b| bytes[b]);
        let start = if matches!(sign, Some(b'+' | b'-')) {
            at - 1
        } else {
            at
        };
        let before = query[..start].split_whitespace().next_back();
        let after = query[end..].split_whitespace().next();
        clauses.push(Clause {
            start,
            end,
            filter,
            words: words.to_string(),
            negated: sign == Some(b'-'),
            optional: before == Some("OR") || after == Some("OR"),
        });
        at = end;
    }
    clauses
}

/// What a query's field clauses became.
pub struct Rewritten {
    /// The query with each clause replaced by a filter on exact values.
    pub query: String,
    /// Clauses that named nothing in the index, said to the user.
    pub warnings: Vec<String>,
}

/// Rewrites every field clause of a normalized query into a filter on the
/// exact values `resolve` finds for it: `speaker:putin` becomes
/// `+(speaker:"Vladimir Putin")^0`. A clause naming nothing matches nothing.
pub fn rewrite(
    query: &str,
    mut resolve: impl FnMut(FilterField, &str) -> Result<Vec<String>>,
) -> Result<Rewritten> {
    let mut out = String::with_capacity(query.len() + 32);
    let mut warnings = Vec::new();
    let mut copied = 0;
    for clause in clauses_of(query) {
        out.push_str(&query[copied..clause.start]);
        copied = clause.end;
        let values = resolve(clause.filter, &clause.words)?;
        if values.is_empty() {
            warnings.push(clause.names_nothing());
        }
        let sign = match (clause.negated, clause.optional) {
            (true, _) => "-",
            (false, true) => "",
            (false, false) => "+",
        };
        let alternatives: Vec<String> = if values.is_empty() {
            vec![no_value(clause.filter)]
        } else {
            // Quoted, so a name's (or a facet path's) spaces stay in one term.
            values
                .iter()
                .map(|value| format!("{}:\"{}\"", clause.filter.schema_name(), escaped(value)))
                .collect()
        };
        out.push_str(&format!("{sign}({})^0", alternatives.join(" OR ")));
    }
    out.push_str(&query[copied..]);
    Ok(Rewritten {
        query: out,
        warnings,
    })
}

/// A term of the field that no document holds: the clause matches nothing.
fn no_value(filter: FilterField) -> String {
    match filter {
        FilterField::Location => "location:\"/\u{1}\"".to_string(),
        other => format!("{}:\"\u{1}\"", other.schema_name()),
    }
}

/// A value inside a quoted term: its quotes and backslashes escaped.
fn escaped(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewritten(query: &str) -> String {
        rewrite(query, |filter, words| {
            Ok(match (filter, words.to_lowercase().as_str()) {
                (FilterField::Speaker, "putin" | "vladimir putin") => {
                    vec!["Vladimir Putin".to_string()]
                }
                (FilterField::Speaker, "smith") => vec!["Ann Smith".into(), "Bo Smith".into()],
                (FilterField::Location, "ukraine") => vec!["/Ukraine".into()],
                _ => Vec::new(),
            })
        })
        .unwrap()
        .query
    }

    #[test]
    fn clauses_become_required_filters_unless_or_or_minus_says_otherwise() {
        let cases = [
            (
                "speaker:putin understanding",
                "+(speaker:\"Vladimir Putin\")^0 understanding",
            ),
            (
                "understanding speaker:\"VLADIMIR PUTIN\"",
                "understanding +(speaker:\"Vladimir Putin\")^0",
            ),
            (
                "speaker:putin OR understanding",
                "(speaker:\"Vladimir Putin\")^0 OR understanding",
            ),
            (
                "-speaker:putin deal",
                "-(speaker:\"Vladimir Putin\")^0 deal",
            ),
            (
                "speaker:smith",
                "+(speaker:\"Ann Smith\" OR speaker:\"Bo Smith\")^0",
            ),
            ("location:ukraine grain", "+(location:\"/Ukraine\")^0 grain"),
            ("speaker:nobody", "+(speaker:\"\u{1}\")^0"),
            // Inside a phrase, and words that only look like fields, stay as they are.
            ("\"speaker:putin said\"", "\"speaker:putin said\""),
            ("headline:putin", "headline:putin"),
        ];
        for (query, expected) in cases {
            assert_eq!(rewritten(query), expected, "{query}");
        }
    }

    #[test]
    fn required_clauses_split_off_plain_text() {
        let plain = |text: &str| !text.contains(['"', ':']);
        let (rest, clauses) = split_off("speaker:putin no deal until -source:x", plain).unwrap();
        assert_eq!(rest, "no deal until");
        let names: Vec<(&str, bool)> = clauses
            .iter()
            .map(|c| (c.words.as_str(), c.negated))
            .collect();
        assert_eq!(names, [("putin", false), ("x", true)]);
        assert!(split_off("speaker:putin OR deal", plain).is_none());
        assert!(split_off("speaker:putin \"no deal\"", plain).is_none());
        assert!(split_off("speaker:putin", plain).is_none());
        assert!(split_off("no deal", plain).is_none());
    }

    #[test]
    fn a_run_of_words_names_a_value() {
        let words = news_tokens("Vladimir Putin");
        assert!(holds_run(&words, &news_tokens("PUTIN")));
        assert!(holds_run(&words, &news_tokens("vladimir putin")));
        assert!(!holds_run(&words, &news_tokens("putin vladimir")));
        assert!(holds_run(
            &news_tokens("José Núñez"),
            &news_tokens("jose nunez")
        ));
    }
}
