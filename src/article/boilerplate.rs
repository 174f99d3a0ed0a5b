//! Recognising the text around an article that is not the article.
//!
//! Blogs and aggregators append a syndication footer ("The post … appeared
//! first on Real News Now."), author boxes and comment forms. The footer also
//! tells us the source, so it is parsed rather than just dropped.

/// What a paragraph is, as far as boilerplate goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Boilerplate {
    /// Article text.
    None,
    /// A syndication footer: it and everything after it is page furniture.
    /// Carries the source it names, if any.
    Footer(Option<String>),
    /// A line of page furniture (comment form, share buttons): dropped.
    Chrome,
}

/// Page furniture, compared case-insensitively with the start of a paragraph.
/// Each entry is specific enough never to open a sentence of news.
const CHROME_PREFIXES: &[&str] = &[
    "leave a reply",
    "leave a comment",
    "your email address will not be published",
    "required fields are marked",
    "about author",
    "about the author",
    "share this:",
    "like this:",
    "click to share on",
    "cancel reply",
    "subscribe to our newsletter",
    "sign up for our newsletter",
    "you must be logged in to post a comment",
    "to post a comment, log in",
    "to post a comment, log into",
    "this entry was posted in",
    "related posts",
];

/// Picture credits and ad labels, dropped when they make up a short line of their
/// own: "Photo by Mario Tama/Getty Images". A long paragraph opening with
/// "Photo: …" is kept, as it may be a caption that tells the news.
const SHORT_LINE_PREFIXES: &[&str] = &[
    "photo by ",
    "photo: ",
    "photos: ",
    "photograph: ",
    "photograph by ",
    "image: ",
    "image by ",
    "image credit",
    "picture: ",
    "(photo",
    "credit: ",
    "advertisement",
    "getty images",
];

/// The longest line [`SHORT_LINE_PREFIXES`] apply to, in characters.
const SHORT_LINE_CHARS: usize = 80;

/// Classifies one paragraph.
pub fn classify(paragraph: &str) -> Boilerplate {
    let trimmed = paragraph.trim();
    if let Some(source) = syndication_source(trimmed) {
        return Boilerplate::Footer(source);
    }
    // Every paragraph of every article passes here: the prefixes (ASCII) are
    // compared in place, ignoring case, and the length is counted last, only
    // as far as it matters.
    let opens_with = |prefix: &&str| {
        trimmed
            .as_bytes()
            .get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
    };
    let is_chrome = CHROME_PREFIXES.iter().any(|prefix| {
        opens_with(prefix)
            // "About Author" alone, not "About author fees, the minister said…".
            && (!prefix.starts_with("about") || trimmed.len() <= prefix.len() + 40)
    });
    let is_credit = SHORT_LINE_PREFIXES.iter().any(opens_with)
        && trimmed.chars().nth(SHORT_LINE_CHARS).is_none();
    if is_chrome || is_credit {
        Boilerplate::Chrome
    } else {
        Boilerplate::None
    }
}

/// For "The post TITLE appeared first on SOURCE.", returns `Some(Some(SOURCE))`.
fn syndication_source(paragraph: &str) -> Option<Option<String>> {
    const MARKER: &str = " appeared first on ";
    if !paragraph.starts_with("The post ") {
        return None;
    }
    let at = paragraph.rfind(MARKER)?;
    let source = paragraph[at + MARKER.len()..]
        .trim()
        .trim_end_matches('.')
        .trim();
    Some((!source.is_empty()).then(|| source.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picture_credits_are_chrome_only_as_short_lines() {
        assert_eq!(
            classify("Photo by Victor Moriyama/Getty Images"),
            Boilerplate::Chrome
        );
        assert_eq!(classify("ADVERTISEMENT"), Boilerplate::Chrome);
        let caption = "Photo: Protesters clash with police officers during an anti-World Cup \
                       protest on May 15, 2014, in São Paulo, as the tournament nears.";
        assert_eq!(classify(caption), Boilerplate::None);
    }

    #[test]
    fn syndication_footer_names_the_source() {
        let footer = "The post Trump Claims ‘Great Progress’ appeared first on Real News Now.";
        assert_eq!(
            classify(footer),
            Boilerplate::Footer(Some("Real News Now".into()))
        );
    }

    #[test]
    fn comment_forms_and_author_boxes_are_chrome() {
        for line in [
            "Leave a Reply",
            "About Author",
            "Your email address will not be published. Required fields are marked *",
            "To post a comment, log into your chosen social network and then add your comment below.",
        ] {
            assert_eq!(classify(line), Boilerplate::Chrome, "{line}");
        }
    }

    #[test]
    fn news_sentences_are_not_boilerplate() {
        for line in [
            "The post office will close on Friday, the minister said.",
            "About author fees, the publisher said nothing at all during the long hearing on Tuesday.",
        ] {
            assert_eq!(classify(line), Boilerplate::None, "{line}");
        }
    }
}
