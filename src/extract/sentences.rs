//! Sentence boundaries that abbreviations and quotations do not fool.
//!
//! `Mr.`, `Sen.`, `U.S.`, `Jr.` and middle initials never end a sentence; a
//! full stop inside a quotation ends a sentence only when the closing mark is
//! followed by a capital (`“…bob.” He told aides`).

use std::ops::Range;

/// Abbreviations that a full stop does not end a sentence after.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "lt", "col", "maj", "capt", "sgt",
    "adm", "jr", "sr", "st", "mt", "ft", "no", "vs", "etc", "inc", "corp", "ltd", "co", "jan",
    "feb", "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec", "rev", "hon", "pres", "supt",
    "u.s", "u.k", "u.n", "e.u", "d.c", "a.m", "p.m",
];

/// True when the word just before a full stop makes it an abbreviation's.
fn is_abbreviation(word: &str) -> bool {
    let word = word.trim_start_matches(|c: char| !c.is_alphanumeric());
    let lower = word.to_lowercase();
    let single_initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    single_initial || ABBREVIATIONS.contains(&lower.as_str()) || word.contains('.')
}

/// Splits a text into sentence ranges. `quoted` lists byte ranges of
/// quotations (marks included), in order and not overlapping: boundaries
/// inside them are ignored, and a quotation ending in `.`, `!` or `?` ends its
/// sentence when a capital follows.
///
/// Linear in the text: the quotation ranges are walked with one cursor as the
/// sentence ends are, so a paragraph of thousands of quotations costs what as
/// many short paragraphs do.
pub fn split(text: &str, quoted: &[Range<usize>]) -> Vec<Range<usize>> {
    debug_assert!(quoted.windows(2).all(|pair| pair[0].end <= pair[1].start));
    // The first quotation that does not end before the sentence end looked at.
    let mut cursor = 0;
    let mut sentences = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    // Sentence ends are ASCII: look at the bytes, without decoding every character.
    for at in memchr::memchr3_iter(b'.', b'!', b'?', bytes) {
        let c = char::from(bytes[at]);
        // Extend over closing marks: `bob.”` ends after the mark.
        let mut end = at + 1;
        while let Some(next) = text[end..].chars().next() {
            if "\"”’')".contains(next) {
                end += next.len_utf8();
            } else {
                break;
            }
        }
        while quoted.get(cursor).is_some_and(|q| q.end <= at) {
            cursor += 1;
        }
        // Only this quotation can hold `at`, or end where the marks after it do.
        let current = quoted.get(cursor);
        let inside = current.is_some_and(|q| q.start < at && at < q.end);
        let closes_quote = current.is_some_and(|q| q.end == end);
        if inside && !closes_quote {
            continue;
        }
        let rest = &text[end..];
        let followed_by_capital = rest.starts_with(char::is_whitespace)
            && rest
                .trim_start()
                .chars()
                .next()
                .is_some_and(|n| n.is_uppercase() || "\"“‘'".contains(n));
        if !(followed_by_capital || end == bytes.len()) {
            continue;
        }
        if c == '.' {
            let word = text[start..at]
                .rsplit(char::is_whitespace)
                .next()
                .unwrap_or("");
            if is_abbreviation(word) {
                continue;
            }
        }
        sentences.push(start..end);
        start = end + rest.len() - rest.trim_start().len();
    }
    if start < text.len() && !text[start..].trim().is_empty() {
        sentences.push(start..text.len());
    }
    sentences
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences<'a>(text: &'a str, quoted: &[Range<usize>]) -> Vec<&'a str> {
        split(text, quoted).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn abbreviations_and_initials_do_not_end_sentences() {
        assert_eq!(
            sentences(
                "Sen. John F. Kennedy met Mr. Smith in the U.S. Senate. Then he left.",
                &[]
            ),
            [
                "Sen. John F. Kennedy met Mr. Smith in the U.S. Senate.",
                "Then he left."
            ]
        );
    }

    #[test]
    fn full_stops_inside_quotations_are_skipped_unless_the_quote_ends_the_sentence() {
        let text = "Trump said, “Go. Now.” He left.";
        let open = text.find('“').unwrap();
        let close = text.find('”').unwrap() + '”'.len_utf8();
        assert_eq!(
            sentences(text, std::slice::from_ref(&(open..close))),
            ["Trump said, “Go. Now.”", "He left."]
        );
    }
}
