//! The plain-text reader: line 1 the headline, then paragraphs.
//!
//! Paragraphs are separated by blank lines; lines inside one are joined (wire
//! stories are hard-wrapped). A file with no blank line at all has one
//! paragraph per line. Short lines without closing punctuation between
//! paragraphs are sub-headings and open a new [`Section`]. A `By …` line near
//! the top is the byline, a `CITY, Mon DD -` opening is the dateline, and
//! boilerplate is dropped (see [`super::boilerplate`]).

use super::boilerplate::{self, Boilerplate};
use super::{Article, Section};

/// A sub-heading is at most this many words …
const MAX_HEADING_WORDS: usize = 16;
/// … and this many bytes.
const MAX_HEADING_BYTES: usize = 140;
/// A byline is looked for among this many blocks after the headline.
const BYLINE_WINDOW: usize = 3;

/// Parses a plain-text article.
pub fn parse(text: &str) -> Article {
    let mut lines = text.lines().map(str::trim);
    let headline = lines
        .by_ref()
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
        if no_body_yet && i < BYLINE_WINDOW && article.byline.is_none() {
            if let Some(byline) = byline(block) {
                article.byline = Some(byline.to_string());
                continue;
            }
        }
        let has_body_after = blocks[i + 1..]
            .iter()
            .any(|next| boilerplate::classify(next) == Boilerplate::None && !is_heading(next));
        if has_body_after && is_heading(block) {
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

/// Groups lines into blocks: by blank lines when the text has any, else one per line.
fn blocks(lines: Vec<&str>) -> Vec<String> {
    let has_blank_lines = lines
        .iter()
        .skip_while(|line| line.is_empty())
        .any(|line| line.is_empty());
    if !has_blank_lines {
        return lines
            .into_iter()
            .filter(|line| !line.is_empty())
            .map(str::to_string)
            .collect();
    }
    let mut blocks = Vec::new();
    for group in lines.split(|line| line.is_empty()) {
        let mut group = group;
        // A sub-heading directly above its first paragraph, with no blank line between.
        if group.len() > 1 && is_heading(group[0]) {
            blocks.push(group[0].to_string());
            group = &group[1..];
        }
        if !group.is_empty() {
            blocks.push(group.join(" "));
        }
    }
    blocks
}

/// True for a short line without closing punctuation, such as "A Symbolic Summit"
/// or "Trump’s Demand: “I Want The Killing To Stop”".
fn is_heading(line: &str) -> bool {
    let line = line.trim();
    let starts_like_a_title = line
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "\"“‘'".contains(c));
    let words = line.split_whitespace().count();
    let ends_open = line
        .trim_end_matches(|c: char| "\"”’')]".contains(c))
        .chars()
        .last()
        .is_some_and(|c| !".!?;:,…-—".contains(c));
    starts_like_a_title
        && ends_open
        && words <= MAX_HEADING_WORDS
        && line.len() <= MAX_HEADING_BYTES
        && byline(line).is_none()
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
    fn ordinary_sentences_have_no_dateline() {
        assert_eq!(dateline("The minister - who spoke late - said no."), None);
    }
}
