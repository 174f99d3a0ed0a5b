//! The plain-text reader: line 1 the headline, then paragraphs.
//!
//! Paragraphs are separated by blank lines; lines inside one are joined (wire
//! stories are hard-wrapped). A file with no blank line at all has one
//! paragraph per line. Short lines without closing punctuation between
//! paragraphs are sub-headings and open a new [`Section`]. A `By …` line near
//! the top is the byline, a `Published …` line the date, a `CITY, Mon DD -` opening is the dateline, and
//! boilerplate is dropped (see [`super::boilerplate`]).

use super::boilerplate::{self, Boilerplate};
use super::date;
use super::{Article, Section};

/// A sub-heading is at most this many words …
const MAX_HEADING_WORDS: usize = 16;
/// … and this many bytes.
const MAX_HEADING_BYTES: usize = 140;
/// A byline or date line is looked for among this many blocks after the headline.
const METADATA_WINDOW: usize = 4;

/// Parses a plain-text article.
pub fn parse(text: &str) -> Article {
    let mut lines = text.lines();
    let headline = lines
        .by_ref()
        .map(str::trim)
        .find(|line| !line.is_empty())
        .unwrap_or_default()
        .to_string();
    let blocks = blocks(lines.collect());

    let mut article = Article {
        headline,
        ..Article::default()
    };
    let mut current = Section::default();
    for (i, block) in blocks.iter().enumerate() {
        match boilerplate::classify(block) {
            Boilerplate::Footer(source) => {
                article.source = source;
                break;
            }
            Boilerplate::Chrome => continue,
            Boilerplate::None => {}
        }
        let no_body_yet = article.sections.is_empty() && current.paragraphs.is_empty();
        if no_body_yet && i < METADATA_WINDOW {
            if let Some(byline) = byline(block).filter(|_| article.byline.is_none()) {
                article.byline = Some(byline.to_string());
                continue;
            }
            if let Some(published) = published_line(block).filter(|_| article.published.is_none()) {
                article.published = Some(published);
                continue;
            }
        }
        // A heading needs body text after it; asked only of heading-like lines,
        // as it looks ahead through the rest of the article.
        let has_body_after = || {
            blocks[i + 1..]
                .iter()
                .any(|next| !is_heading(next) && boilerplate::classify(next) == Boilerplate::None)
        };
        // A line opening with a dateline starts the story, whatever its length.
        if is_heading(block) && has_body_after() && dateline(block).is_none() {
            if current.title.is_some() || !current.paragraphs.is_empty() {
                article.sections.push(std::mem::take(&mut current));
            }
            current.title = Some(block.clone());
            continue;
        }
        if no_body_yet {
            article.dateline = dateline(block).map(str::to_string);
        }
        current.paragraphs.push(block.clone());
    }
    if current.title.is_some() || !current.paragraphs.is_empty() {
        article.sections.push(current);
    }
    article
}

/// A line at least this long that ends mid-sentence is hard-wrapped text, not
/// a paragraph or sub-heading of its own (wire copy wraps at 60-70 columns).
const WRAPPED_LINE_BYTES: usize = 40;

/// Groups lines into blocks (paragraphs or sub-headings).
///
/// Blank lines separate blocks when the text has any between its lines; inside
/// a group, an indented line opens a new paragraph (wire stories indent them)
/// and other lines continue it (hard wrapping). A text without blank lines has
/// a block per line, except that a line opening in lower case, or following a
/// long line that ends mid-sentence, continues the one before.
fn blocks(lines: Vec<&str>) -> Vec<String> {
    let body: Vec<&str> = lines
        .into_iter()
        .skip_while(|line| line.trim().is_empty())
        .collect();
    let has_blank_lines = body.iter().any(|line| line.trim().is_empty());
    let mut blocks = Vec::new();
    for group in body.split(|line| line.trim().is_empty()) {
        if group.is_empty() {
            continue;
        }
        let indents_paragraphs = group[1..].iter().any(|line| line.starts_with([' ', '\t']));
        let mut paragraph: Vec<&str> = Vec::new();
        for (i, raw) in group.iter().enumerate() {
            let line = raw.trim();
            let opens_paragraph = if indents_paragraphs {
                raw.starts_with([' ', '\t'])
            } else if has_blank_lines {
                // A sub-heading directly above its first paragraph, with no blank line between.
                i == 1 && is_heading(group[0].trim()) && opens_sentence(line)
            } else {
                // One paragraph a line, unless the text is hard-wrapped: a long
                // line ending mid-sentence runs on into the next.
                let previous = group[i.saturating_sub(1)].trim();
                let wrapped = i > 0
                    && previous.len() >= WRAPPED_LINE_BYTES
                    && !previous.ends_with(['.', '!', '?', ':', '"', '”', '’', '\'']);
                !line.starts_with(char::is_lowercase) && !wrapped
            };
            if opens_paragraph && !paragraph.is_empty() {
                blocks.push(paragraph.join(" "));
                paragraph.clear();
            }
            paragraph.push(line);
        }
        if !paragraph.is_empty() {
            blocks.push(paragraph.join(" "));
        }
    }
    blocks
}

fn opens_sentence(line: &str) -> bool {
    line.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || "\"“‘".contains(c))
}

/// True for a short line without closing punctuation, such as "A Symbolic Summit"
/// or "Trump’s Demand: “I Want The Killing To Stop”".
fn is_heading(line: &str) -> bool {
    let line = line.trim();
    // The length first: most lines are paragraphs, and this is the cheap test.
    if line.len() > MAX_HEADING_BYTES {
        return false;
    }
    let starts_like_a_title = line
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "\"“‘'".contains(c));
    let ends_open = line
        .trim_end_matches(|c: char| "\"”’')]".contains(c))
        .chars()
        .last()
        .is_some_and(|c| !".!?;:,…-—".contains(c));
    // A quoted sentence closing inside the line is speech, not a title: a
    // reaction credited after a dash (`“…valley.” ― Maria Ochoa`).
    let quotes_a_sentence = [".”", "!”", "?”", ",”", ".\"", "!\"", "?\"", ",\""]
        .iter()
        .any(|close| line.contains(close));
    starts_like_a_title
        && ends_open
        && !quotes_a_sentence
        && line.split_whitespace().count() <= MAX_HEADING_WORDS
        && byline(line).is_none()
        && published_line(line).is_none()
}

/// The name in a `By Jane Doe` line.
fn byline(block: &str) -> Option<&str> {
    let rest = block
        .strip_prefix("By ")
        .or_else(|| block.strip_prefix("BY "))?
        .trim();
    let words = rest.split_whitespace().count();
    let starts_with_name = rest.chars().next().is_some_and(char::is_uppercase);
    (starts_with_name && (1..=10).contains(&words) && !rest.ends_with('.')).then_some(rest)
}

/// The date of a `Published August 15, 2025` or `Posted on 2025-08-15` line.
fn published_line(block: &str) -> Option<time::OffsetDateTime> {
    let rest = [
        "Published on ",
        "Published: ",
        "Published ",
        "Posted on ",
        "Posted: ",
    ]
    .iter()
    .find_map(|prefix| block.strip_prefix(prefix))?;
    date::parse(rest)
}

/// The dateline opening a wire story: `SALVADOR, Feb 26 -`, `WASHINGTON (Reuters) -`.
fn dateline(paragraph: &str) -> Option<&str> {
    const DASHES: [&str; 3] = [" - ", " -- ", " — "];
    let (end, _) = DASHES
        .iter()
        .filter_map(|dash| paragraph.find(dash).map(|at| (at, dash)))
        .min_by_key(|(at, _)| *at)?;
    let prefix = paragraph[..end].trim();
    if prefix.is_empty() || prefix.len() > 60 {
        return None;
    }
    let place = prefix.split([',', '(']).next().unwrap_or_default().trim();
    let is_upper_place = !place.is_empty()
        && place.chars().any(char::is_alphabetic)
        && place
            .chars()
            .all(|c| c.is_uppercase() || c == ' ' || c == '.' || c == '\'' || c == '-');
    let names_agency = prefix.contains('(') && prefix.ends_with(')');
    (is_upper_place || names_agency).then_some(prefix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headline_sections_and_paragraphs() {
        let article = parse(
            "Big News Today\n\nFirst paragraph of the story.\n\nA Sub Heading\n\nSecond paragraph, \
             it said.\n\nThird paragraph here.\n",
        );
        assert_eq!(article.headline, "Big News Today");
        assert_eq!(article.sections.len(), 2);
        assert_eq!(article.sections[0].title, None);
        assert_eq!(article.sections[1].title.as_deref(), Some("A Sub Heading"));
        assert_eq!(article.sections[1].paragraphs.len(), 2);
    }

    #[test]
    fn hard_wrapped_lines_join_into_one_paragraph() {
        let article =
            parse("HEADLINE\n\nSALVADOR, Feb 26 - Showers continued\nthroughout the week.\n");
        assert_eq!(
            article.sections[0].paragraphs,
            ["SALVADOR, Feb 26 - Showers continued throughout the week."]
        );
        assert_eq!(article.dateline.as_deref(), Some("SALVADOR, Feb 26"));
    }

    #[test]
    fn indented_lines_open_paragraphs_in_wire_stories() {
        let article = parse(
            "COCOA REVIEW\n\nSALVADOR, Feb 26 - Showers continued\nin the zone.\n    \
             The dry period means\nlate arrivals.\n    Arrivals rose.\n",
        );
        assert_eq!(
            article.sections[0].paragraphs,
            [
                "SALVADOR, Feb 26 - Showers continued in the zone.",
                "The dry period means late arrivals.",
                "Arrivals rose."
            ]
        );
    }

    #[test]
    fn single_newlines_separate_paragraphs_when_there_are_no_blank_lines() {
        let article = parse("Headline\nOne sentence here.\nAnother sentence there.\n");
        assert_eq!(article.sections[0].paragraphs.len(), 2);
    }

    #[test]
    fn byline_and_agency_dateline() {
        let article = parse(
            "Headline\n\nBy Jane Doe\n\nWASHINGTON (Reuters) - The Senate voted on Tuesday.\n",
        );
        assert_eq!(article.byline.as_deref(), Some("Jane Doe"));
        assert_eq!(article.dateline.as_deref(), Some("WASHINGTON (Reuters)"));
    }

    #[test]
    fn a_published_line_gives_the_date_and_leaves_the_body() {
        let article = parse("Headline\n\nBy Jane Doe\n\nPublished 2025-09-03\n\nBody text.\n");
        let published = article.published.expect("a date");
        assert_eq!(published.date().to_string(), "2025-09-03");
        assert_eq!(article.body_text(), "Body text.");
    }

    #[test]
    fn footer_gives_the_source_and_ends_the_body() {
        let article = parse(
            "Headline\n\nBody text.\n\nThe post Headline appeared first on Daily Wire Digest.\n\n\
             About Author\n\nSome bio that is not news.\n",
        );
        assert_eq!(article.source.as_deref(), Some("Daily Wire Digest"));
        assert_eq!(article.body_text(), "Body text.");
    }

    #[test]
    fn a_short_last_line_is_not_a_heading() {
        let article = parse("Headline\n\nBody text.\n\nThanks for reading\n");
        assert_eq!(article.section_titles().count(), 0);
        assert_eq!(article.sections[0].paragraphs.len(), 2);
    }

    #[test]
    fn a_quotation_credited_with_a_dash_is_a_paragraph_not_a_heading() {
        let article = parse(
            "Headline\n\nReaders wrote in.\n\n“It will ruin us.” ― Maria Ochoa\n\nMore text.\n",
        );
        assert_eq!(article.section_titles().count(), 0);
        assert_eq!(
            article.sections[0].paragraphs[1],
            "“It will ruin us.” ― Maria Ochoa"
        );
        // A quoted title in a heading is still a heading.
        let article = parse("Headline\n\nLead.\n\nHis Demand: “Stop The War”\n\nMore text.\n");
        assert_eq!(
            article.section_titles().collect::<Vec<_>>(),
            ["His Demand: “Stop The War”"]
        );
    }

    #[test]
    fn hard_wrapped_wire_copy_is_one_paragraph_with_its_dateline() {
        let article = parse(
            "MAGMA LOWERS COPPER PRICE\n\nNEW YORK, Feb 26 - Magma Copper Co, a subsidiary of Newmont\n\
             Mining Corp, said it is cutting its copper cathode price by\n\
             0.75 cent to 66 cents a lb, effective immediately.\n",
        );
        assert_eq!(article.section_titles().count(), 0);
        assert_eq!(article.dateline.as_deref(), Some("NEW YORK, Feb 26"));
        assert!(
            article
                .body_text()
                .ends_with("price by 0.75 cent to 66 cents a lb, effective immediately.")
        );
        // A dateline line over a table is the story's start, not a sub-heading.
        let table = parse(
            "COBANCO YEAR NET\n\nSANTA CRUZ, Calif., Feb 26 - Shr 34 cts vs 1.19 dlrs\n    Net 807,000 vs 2,858,000\n",
        );
        assert_eq!(
            table.dateline.as_deref(),
            Some("SANTA CRUZ, Calif., Feb 26")
        );
    }

    #[test]
    fn ordinary_sentences_have_no_dateline() {
        assert_eq!(dateline("The minister - who spoke late - said no."), None);
    }
}
