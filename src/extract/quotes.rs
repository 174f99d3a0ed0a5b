//! Finding direct quotations: the spans between quotation marks.
//!
//! Double marks of every style open and close quotations (two apostrophes
//! or backticks count as one, as wire copy types them; a closing mark typed
//! where an opening one goes, after a space and before a word, opens), and
//! any closing mark closes whatever opened (articles mix “curly” and
//! "straight" marks, even within one quotation). Single marks (‘ ’ ') are never delimiters: they are
//! apostrophes (there’s, the ’90s) or quotations nested inside a quotation. A
//! quotation may run over several paragraphs: each opens with a mark and only
//! the last one closes.

use std::borrow::Cow;
use std::ops::Range;

use super::{Unit, UnitKind};

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

/// An article's quotations: their spans, and each unit's text with them
/// blanked out, for the steps that read around them (people, attribution).
#[derive(Debug, Clone)]
pub struct Quotations<'a> {
    /// The quotations in reading order.
    pub spans: Vec<QuoteSpan>,
    /// For each unit, the byte ranges its quotations cover (marks included), in order.
    pub ranges: Vec<Vec<Range<usize>>>,
    /// For each unit, its text with the quotations blanked out (same length,
    /// so offsets hold); a unit that quotes nothing is borrowed as it is.
    pub masked: Vec<Cow<'a, str>>,
}

/// Finds the quotations of an article's units (see [`find`]): a quotation
/// carries on from one paragraph to the next, never into or out of a headline
/// or sub-heading.
pub fn in_units<'a>(units: &[Unit<'a>]) -> Quotations<'a> {
    let texts: Vec<&'a str> = units.iter().map(|u| u.text).collect();
    let continues: Vec<bool> = units
        .iter()
        .enumerate()
        .map(|(i, u)| {
            i > 0 && u.kind == UnitKind::Paragraph && units[i - 1].kind == UnitKind::Paragraph
        })
        .collect();
    let spans = find(&texts, &continues);
    let ranges = quoted_ranges(&texts, &spans);
    let masked = texts
        .iter()
        .zip(&ranges)
        .map(|(text, ranges)| mask(text, ranges))
        .collect();
    Quotations {
        spans,
        ranges,
        masked,
    }
}

impl<'a> Quotations<'a> {
    /// The body paragraphs' text outside quotations, where people are named
    /// in the article's own voice (a title-cased headline capitalises every
    /// word, "Storms Flood Paris": its runs of capitals are not names).
    pub fn body_outside_quotes(&self, units: &[Unit]) -> Vec<&str> {
        self.masked
            .iter()
            .zip(units)
            .filter(|(_, unit)| unit.kind == UnitKind::Paragraph)
            .map(|(text, _)| text.as_ref())
            .collect()
    }
}

/// For each unit, the byte ranges its quotations cover (marks included).
fn quoted_ranges(texts: &[&str], spans: &[QuoteSpan]) -> Vec<Vec<Range<usize>>> {
    let mut ranges = vec![Vec::new(); texts.len()];
    for span in spans {
        if span.unit == span.last_unit {
            ranges[span.unit].push(span.open..span.close);
            continue;
        }
        ranges[span.unit].push(span.open..texts[span.unit].len());
        for (unit, unit_ranges) in ranges
            .iter_mut()
            .enumerate()
            .take(span.last_unit)
            .skip(span.unit + 1)
        {
            unit_ranges.push(0..texts[unit].len());
        }
        ranges[span.last_unit].push(0..span.close);
    }
    ranges
}

/// The text with its quotations blanked out (same length, so offsets hold);
/// most paragraphs quote nothing and are borrowed as they are.
fn mask<'a>(text: &'a str, ranges: &[Range<usize>]) -> Cow<'a, str> {
    if ranges.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut masked = text.to_string();
    for range in ranges {
        masked.replace_range(range.clone(), &" ".repeat(range.len()));
    }
    Cow::Owned(masked)
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
    // The mark the open quotation opened with.
    let mut open_glyph = '"';
    for (u, unit) in units.iter().enumerate() {
        if let Some((_, _, text)) = &mut open {
            // A quotation runs on into a paragraph that opens with a mark of
            // the same style: a straight mark left open before a paragraph
            // opening with a curly one is a stray, as when a whole excerpt is
            // wrapped in straight marks around curly-quoted speech.
            let carries_on = continues.get(u).copied().unwrap_or(false)
                && mark_at(unit, unit.len() - unit.trim_start().len())
                    .is_some_and(|mark| style_of(mark.glyph) == style_of(open_glyph));
            if carries_on {
                text.push(' ');
            } else {
                open = None; // an unclosed quotation is a typo, not a quotation
            }
        }
        let mut content_start = 0;
        // Every double mark begins with one of these bytes: `"`, the first
        // byte of “ ” „ ‟ (0xE2) or « » (0xC2), which only ever begin a
        // character, or a pair of apostrophes or backticks (wire copy's
        // ''quote'' and ``quote''); the text between is skipped undecoded.
        let candidates = memchr::memchr3_iter(b'"', 0xE2, 0xC2, unit.as_bytes())
            .chain(memchr::memchr2_iter(b'\'', b'`', unit.as_bytes()));
        let mut marks: Vec<(usize, Mark)> = candidates
            .filter_map(|at| Some((at, mark_at(unit, at)?)))
            .collect();
        if marks.is_empty() {
            if let Some((_, _, text)) = &mut open {
                text.push_str(&unit[content_start..]);
            }
            continue;
        }
        marks.sort_unstable_by_key(|(at, _)| *at);
        let mut skip_to = 0;
        for (at, mark) in marks {
            // The second apostrophe of a pair is not a mark of its own.
            if at < skip_to {
                continue;
            }
            skip_to = at + mark.len;
            let next = unit[at + mark.len..].chars().next();
            match &mut open {
                // A mark at the start of a continuing paragraph re-opens; skip it.
                Some((ou, _, _)) if *ou != u && at == unit.len() - unit.trim_start().len() => {
                    content_start = at + mark.len;
                }
                Some((opened_unit, opened_at, text)) => {
                    let closes_low = opened_low && mark.glyph == '“';
                    if mark.opens_only && !closes_low {
                        // A second opener: the first was never closed; start again here.
                        open_glyph = mark.glyph;
                        *opened_unit = u;
                        *opened_at = at;
                        text.clear();
                        content_start = at + mark.len;
                        continue;
                    }
                    text.push_str(&unit[content_start..at]);
                    spans.push(QuoteSpan {
                        unit: *opened_unit,
                        open: *opened_at,
                        last_unit: u,
                        close: at + mark.len,
                        text: std::mem::take(text),
                    });
                    open = None;
                }
                None => {
                    // A closing mark typed the wrong way round opens when it
                    // stands where an opening one would: after a space (or at
                    // the start) and before a word (`”Mr. Trump embodies …”`).
                    let after_space = unit[..at]
                        .chars()
                        .next_back()
                        .is_none_or(char::is_whitespace);
                    let wrong_way_opener = matches!(mark.glyph, '”' | '»')
                        && after_space
                        && next.is_some_and(char::is_alphanumeric);
                    let can_open = mark.opens_only
                        || wrong_way_opener
                        || (mark.either_way && next.is_some_and(|n| !n.is_whitespace()));
                    if can_open {
                        opened_low = mark.glyph == '„';
                        open_glyph = mark.glyph;
                        open = Some((u, at, String::new()));
                        content_start = at + mark.len;
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

/// A double quotation mark found in a text.
#[derive(Debug, Clone, Copy)]
struct Mark {
    /// Its character (`'` for a pair of apostrophes, `` ` `` for backticks).
    glyph: char,
    /// Its length in bytes.
    len: usize,
    /// It only opens a quotation (“ „ « and ``).
    opens_only: bool,
    /// It opens or closes, by context (`"` and `''`).
    either_way: bool,
}

/// The double quotation mark starting at byte `at`, if one does: a double
/// mark of any style, or a pair of apostrophes or backticks as wire copy types
/// them (`''This isn't tax reform,'' he said`, `` ``like this'' ``).
fn mark_at(text: &str, at: usize) -> Option<Mark> {
    let rest = text.get(at..)?;
    if rest.starts_with("''") || rest.starts_with("``") {
        let backticks = rest.starts_with('`');
        return Some(Mark {
            glyph: if backticks { '`' } else { '\'' },
            len: 2,
            opens_only: backticks,
            either_way: !backticks,
        });
    }
    let c = rest.chars().next().filter(|&c| is_double_mark(c))?;
    Some(Mark {
        glyph: c,
        len: c.len_utf8(),
        opens_only: OPENERS.contains(&c),
        either_way: c == '"',
    })
}

/// The style a mark belongs to: straight, curly, guillemets, or wire
/// copy's doubled apostrophes and backticks.
fn style_of(glyph: char) -> u8 {
    match glyph {
        '"' => 0,
        '“' | '”' | '„' | '‟' => 1,
        '«' | '»' => 2,
        _ => 3,
    }
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
    fn a_quotation_runs_on_only_into_a_paragraph_opening_with_its_own_style() {
        // A whole excerpt wrapped in straight marks, curly-quoted speech inside.
        assert_eq!(
            texts(&[
                "\"Melanie thought the whole thing was outrageous.",
                "“It never crossed my mind,” she said."
            ]),
            ["It never crossed my mind,"]
        );
        assert_eq!(
            texts(&["“The cuts will be deeper.", "“And deeper still.”"]),
            ["The cuts will be deeper. And deeper still."]
        );
    }

    #[test]
    fn a_closing_mark_typed_where_an_opening_one_goes_opens() {
        assert_eq!(
            texts(&["”Mr. Trump embodies the legacy.” ― Sonya Herridge"]),
            ["Mr. Trump embodies the legacy."]
        );
        assert_eq!(texts(&["He said ”we will win” twice."]), ["we will win"]);
        // In its own place it closes, and alone it opens nothing.
        assert_eq!(texts(&["“We will win,” he said."]), ["We will win,"]);
        assert!(texts(&["The 12” pipe burst."]).is_empty());
    }

    #[test]
    fn wire_copy_marks_typed_as_two_apostrophes_or_backticks() {
        assert_eq!(
            texts(&["''This isn't tax reform,'' he said. ``Nor that,'' she said."]),
            ["This isn't tax reform,", "Nor that,"]
        );
        // A lone apostrophe, or one closing a word, is no mark.
        assert_eq!(
            texts(&["The players' union said 'no'."]),
            Vec::<String>::new()
        );
        let spans = find(&["He said ''yes'' twice."], &[true]);
        assert_eq!((spans[0].open, spans[0].close), (8, 15));
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
