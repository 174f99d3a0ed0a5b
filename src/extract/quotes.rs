//! Finding direct quotations: the spans between quotation marks.
//!
//! Double marks of every style open and close quotations, and any closing
//! mark closes whatever opened (articles mix “curly” and "straight" marks, even
//! within one quotation). Single marks (‘ ’ ') are never delimiters: they are
//! apostrophes (there’s, the ’90s) or quotations nested inside a quotation. A
//! quotation may run over several paragraphs: each opens with a mark and only
//! the last one closes.

/// A quotation's place in the text, before attribution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteSpan {
    /// The unit (headline, sub-heading or paragraph) where it opens.
    pub unit: usize,
    /// Byte offset of the opening mark in that unit.
    pub open: usize,
    /// The unit where it closes (the same unless it runs over paragraphs).
    pub last_unit: usize,
    /// Byte offset just after the closing mark in `last_unit`.
    pub close: usize,
    /// The words between the marks; paragraphs joined by a space.
    pub text: String,
}

/// Marks that only open.
const OPENERS: [char; 3] = ['“', '„', '«'];

/// Finds every quotation in a sequence of units (paragraphs in reading order).
/// `continues[i]` says whether unit `i` may carry on a quotation left open by
/// unit `i - 1` (false for headlines and sub-headings).
pub fn find(units: &[&str], continues: &[bool]) -> Vec<QuoteSpan> {
    let mut spans = Vec::new();
    // An open quotation: where it opened, and its text so far.
    let mut open: Option<(usize, usize, String)> = None;
    // German quotations open with „ and close with “.
    let mut opened_low = false;
    for (u, unit) in units.iter().enumerate() {
        if let Some((_, _, text)) = &mut open {
            let carries_on = continues.get(u).copied().unwrap_or(false)
                && unit.trim_start().starts_with(is_double_mark);
            if carries_on {
                text.push(' ');
            } else {
                open = None; // an unclosed quotation is a typo, not a quotation
            }
        }
        let mut content_start = 0;
        // Every double mark begins with one of these bytes: `"`, or the first
        // byte of “ ” „ ‟ (0xE2) or « » (0xC2), which only ever begin a
        // character; the text between is skipped without being decoded.
        for at in memchr::memchr3_iter(b'"', 0xE2, 0xC2, unit.as_bytes()) {
            let Some(c) = unit[at..].chars().next().filter(|&c| is_double_mark(c)) else {
                continue;
            };
            let next = unit[at + c.len_utf8()..].chars().next();
            match &mut open {
                // A mark at the start of a continuing paragraph re-opens; skip it.
                Some((ou, _, _)) if *ou != u && at == unit.len() - unit.trim_start().len() => {
                    content_start = at + c.len_utf8();
                }
                Some((opened_unit, opened_at, text)) => {
                    let closes_low = opened_low && c == '“';
                    if OPENERS.contains(&c) && !closes_low {
                        // A second opener: the first was never closed; start again here.
                        *opened_unit = u;
                        *opened_at = at;
                        text.clear();
                        content_start = at + c.len_utf8();
                        continue;
                    }
                    text.push_str(&unit[content_start..at]);
                    spans.push(QuoteSpan {
                        unit: *opened_unit,
                        open: *opened_at,
                        last_unit: u,
                        close: at + c.len_utf8(),
                        text: std::mem::take(text),
                    });
                    open = None;
                }
                None => {
                    let can_open = OPENERS.contains(&c)
                        || (c == '"' && next.is_some_and(|n| !n.is_whitespace()));
                    if can_open {
                        opened_low = c == '„';
                        open = Some((u, at, String::new()));
                        content_start = at + c.len_utf8();
                    }
                }
            }
        }
        if let Some((_, _, text)) = &mut open {
            text.push_str(&unit[content_start..]);
        }
    }
    spans
        .into_iter()
        .filter(|span| !span.text.trim().is_empty())
        .collect()
}

fn is_double_mark(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„' | '«' | '»' | '‟')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(units: &[&str]) -> Vec<String> {
        let continues = vec![true; units.len()];
        find(units, &continues)
            .into_iter()
            .map(|s| s.text)
            .collect()
    }

    #[test]
    fn curly_straight_and_mixed_marks() {
        assert_eq!(texts(&["He said “yes” and \"no\"."]), ["yes", "no"]);
        assert_eq!(texts(&["“Mixed marks,\" she said."]), ["Mixed marks,"]);
        assert_eq!(texts(&["„Ja“, sagte er. «Oui», dit-il."]), ["Ja", "Oui"]);
    }

    #[test]
    fn apostrophes_and_nested_single_quotes_are_not_delimiters() {
        assert_eq!(
            texts(&["“There’s the ’90s and Zelensky’s ‘big’ plan,” he said."]),
            ["There’s the ’90s and Zelensky’s ‘big’ plan,"]
        );
    }

    #[test]
    fn a_quotation_over_several_paragraphs_is_one() {
        let units = [
            "\"We did not go.",
            "\"Our members cannot.",
            "\"Today they listened.\"",
        ];
        assert_eq!(
            texts(&units),
            ["We did not go. Our members cannot. Today they listened."]
        );
        let span = &find(&units, &[true; 3])[0];
        assert_eq!((span.unit, span.last_unit), (0, 2));
    }

    #[test]
    fn an_unclosed_quotation_does_not_swallow_the_next_paragraph() {
        assert_eq!(texts(&["He said \"oops.", "Then “fine” came."]), ["fine"]);
    }

    #[test]
    fn offsets_point_at_the_marks() {
        let spans = find(&["A “b” c"], &[true]);
        // “ and ” are three bytes each.
        assert_eq!((spans[0].open, spans[0].close), (2, 9));
    }
}
