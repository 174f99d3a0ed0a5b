//! The HTML reader: a saved web page's main text and metadata.
//!
//! The page is parsed with html5ever (through `scraper`), then read in four
//! steps, one module each:
//!
//! - [`metadata`]: headline, byline, date, source and section from Open Graph
//!   and `article:` meta tags, JSON-LD, `<time>` and `<h1>`;
//! - [`furniture`]: what is never the article: scripts and styles,
//!   navigation, headers and footers, forms, asides, hidden elements, and any
//!   element whose class or id says comments, share bar, related links,
//!   advertisement, cookie banner or newsletter sign-up;
//! - [`readability`]: the element whose paragraphs hold the most prose
//!   (Readability's scoring: each paragraph scores its parent, half its
//!   grandparent, less for links), plus siblings that read like more of it;
//! - [`blocks`]: that element's text as blocks in reading order, a page's
//!   second copy of its text left out; sub-headings (`h2`–`h4`) become sections.
//!
//! When the choice fails (too little text, or a sliver of the page's prose),
//! the page is read again with fewer rules, as Readability does.

mod blocks;
mod furniture;
mod metadata;
mod readability;

use scraper::{ElementRef, Html, Selector};

use super::{Article, Section, boilerplate};
use blocks::repeated_runs;
use metadata::{About, byline, headline, published};

/// Pages nested deeper than this are refused: real articles stay under a
/// hundred levels, and the walk over the tree recurses once per level.
pub const MAX_DEPTH: usize = 400;

/// Why a page was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooDeep;

impl std::fmt::Display for TooDeep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "deeply nested HTML (over {MAX_DEPTH} levels)")
    }
}

/// Reads a web page.
pub fn parse(text: &str) -> Result<Article, TooDeep> {
    // Browsers draw marks around <q>; so do we, so quotation extraction sees them.
    let text = if text.contains("<q") || text.contains("</q>") {
        std::borrow::Cow::Owned(
            text.replace("<q>", "“<q>")
                .replace("<q ", "“<q ")
                .replace("</q>", "</q>”"),
        )
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    let page = Html::parse_document(&text);
    if depth(&page) > MAX_DEPTH {
        return Err(TooDeep);
    }
    let about = About::of(&page);
    let mut article = Article {
        headline: headline(&page, &about),
        byline: byline(&page, &about),
        source: about
            .meta(&["og:site_name", "application-name"])
            .or_else(|| about.json_ld("publisher")),
        published: published(&page, &about),
        category: about
            .meta(&["article:section"])
            .or_else(|| about.json_ld("articleSection")),
        ..Article::default()
    };
    let Some(body) = page.select(&selector("body")).next() else {
        return Ok(article);
    };
    let blocks = main_text(body);
    let repeated = repeated_runs(&blocks);
    let mut current = Section::default();
    for (n, (tag, text)) in blocks.into_iter().enumerate() {
        if repeated.contains(&n) {
            continue;
        }
        if boilerplate::classify(&text) != boilerplate::Boilerplate::None {
            continue;
        }
        let is_heading = matches!(tag.as_str(), "h2" | "h3" | "h4");
        if tag == "h1" && text == article.headline {
            continue;
        }
        if is_heading {
            if current.title.is_some() || !current.paragraphs.is_empty() {
                article.sections.push(std::mem::take(&mut current));
            }
            current.title = Some(text);
        } else {
            current.paragraphs.push(text);
        }
    }
    if current.title.is_some() || !current.paragraphs.is_empty() {
        article.sections.push(current);
    }
    Ok(article)
}

/// The depth of the page's tree, without recursion.
fn depth(page: &Html) -> usize {
    let mut depth = 0usize;
    let mut deepest = 0;
    for edge in page.tree.root().traverse() {
        match edge {
            ego_tree::iter::Edge::Open(_) => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            ego_tree::iter::Edge::Close(_) => depth -= 1,
        }
    }
    // The document node itself is depth 0.
    deepest.saturating_sub(1)
}

pub(super) fn selector(css: &str) -> Selector {
    // The selectors are literals of this file: a parse failure is a bug caught by the tests.
    Selector::parse(css).expect("a valid CSS selector")
}

/// White space folded to single spaces.
pub(super) fn clean(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text blocks in reading order, each with the tag that made it (`p`, `h2`).
type Blocks = Vec<(String, String)>;

/// Below this many bytes of text, the main text chosen is a failed choice.
const FAILED_BELOW_BYTES: usize = 500;

/// A main text holding less than this share of the page's prose is a failed
/// choice too: the scoring settled on a caption or a box beside the article.
const FAILED_BELOW_SHARE: f64 = 0.2;

/// The page's main text as blocks, `(tag, text)` in reading order.
///
/// Readability's ladder: class hints are believed first. When that choice
/// fails (too little text, or a sliver of the prose on the page: the article
/// sits in a "sidebar-layout" wrapper, or its paragraphs lost to a caption),
/// the page is read again without them; when that fails too, every paragraph
/// of prose on the page is taken. The attempt with the most text wins, so an
/// article is never indexed as a headline alone while the page holds its text.
fn main_text(body: ElementRef) -> Blocks {
    let page_prose = readability::prose_bytes(body);
    let failed = |blocks: &[(String, String)]| {
        let chars = text_bytes(blocks);
        chars < FAILED_BELOW_BYTES || (chars as f64) < page_prose as f64 * FAILED_BELOW_SHARE
    };
    let mut best = main_blocks(body, true);
    if !failed(&best) {
        return best;
    }
    let attempts: [fn(ElementRef) -> Blocks; 2] = [
        |body| main_blocks(body, false),
        |body| blocks::prose_paragraphs(body, &furniture::furniture(body, false)),
    ];
    for attempt in attempts {
        let blocks = attempt(body);
        if text_bytes(&blocks) > text_bytes(&best) {
            best = blocks;
        }
        if !failed(&best) {
            break;
        }
    }
    best
}

/// The main text's blocks as the scoring chooses them, with furniture found
/// by tags and, when `use_hints`, by class and id too.
fn main_blocks(body: ElementRef, use_hints: bool) -> Blocks {
    let skipped = furniture::furniture(body, use_hints);
    let parts = readability::main_element(body, &skipped).unwrap_or_else(|| vec![body]);
    let mut blocks = Vec::new();
    for part in parts {
        blocks::collect_part(part, &skipped, &mut blocks);
    }
    blocks
}

/// Bytes of text in a list of blocks.
fn text_bytes(blocks: &[(String, String)]) -> usize {
    blocks.iter().map(|(_, text)| text.len()).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deeply_nested_pages_are_refused_not_overflowed() {
        let page = format!(
            "<html><body>{}text{}</body></html>",
            "<div>".repeat(5000),
            "</div>".repeat(5000)
        );
        assert_eq!(parse(&page).unwrap_err(), TooDeep);
    }

    #[test]
    fn main_text_metadata_and_sub_headings() {
        let page = r#"<html><head><title>Talks | Daily</title>
            <meta property="og:title" content="Talks Resume in Geneva">
            <meta property="og:site_name" content="The Daily">
            <meta name="author" content="Jane Doe">
            <meta property="article:published_time" content="2025-08-15T10:00:00Z"></head>
            <body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
            <div class="share-bar">Share on Facebook</div>
            <article><h1>Talks Resume in Geneva</h1>
              <p>Negotiators returned to Geneva on Friday, after a week of delays, to resume talks.</p>
              <h2>What Comes Next</h2>
              <p>Both sides said, in separate statements, that they hoped for progress soon.</p>
            </article>
            <div id="comments"><p>Great article, thanks for sharing this with everyone!</p></div>
            <footer>Copyright The Daily</footer></body></html>"#;
        let article = parse(page).unwrap();
        assert_eq!(article.headline, "Talks Resume in Geneva");
        assert_eq!(article.source.as_deref(), Some("The Daily"));
        assert_eq!(article.byline.as_deref(), Some("Jane Doe"));
        assert_eq!(article.published.unwrap().date().to_string(), "2025-08-15");
        let body = article.body_text();
        assert!(body.starts_with("Negotiators returned"), "{body}");
        assert!(body.contains("hoped for progress"));
        for furniture in ["Home", "Share on Facebook", "Great article", "Copyright"] {
            assert!(!body.contains(furniture), "{furniture} in {body}");
        }
        assert_eq!(
            article.section_titles().collect::<Vec<_>>(),
            ["What Comes Next"]
        );
    }

    /// A paragraph of prose long enough to score, numbered so tests can find it.
    fn prose(n: usize) -> String {
        format!(
            "<p>Paragraph {n} of the report, in which the council, after a long debate, \
             voted on the harbour plan, the budget and the new ferry timetable.</p>"
        )
    }

    /// Reads a page and checks which texts its body keeps and which it drops.
    fn assert_reads(page: &str, kept: &[&str], dropped: &[&str]) {
        let body = parse(page).unwrap().body_text();
        for text in kept {
            assert!(body.contains(text), "{text:?} missing: {body}");
        }
        for text in dropped {
            assert!(!body.contains(text), "{text:?} kept: {body}");
        }
    }

    #[test]
    fn an_article_split_by_pictures_is_read_whole() {
        // Each part sits two wrappers deep, as on newspaper sites.
        let part = |from: usize| {
            let paragraphs: String = (from..from + 4).map(prose).collect();
            format!(r#"<div class="part"><div class="inner">{paragraphs}</div></div>"#)
        };
        let page = format!(
            r#"<html><body><div id="col">{}<div class="image"><figure><img src="a.jpg">
               </figure></div>{}</div>
               <div class="links"><ul><li><a href="/1">Other story one</a></li>
               <li><a href="/2">Other story two</a></li></ul></div></body></html>"#,
            part(1),
            part(5)
        );
        let kept = [1, 2, 3, 4, 5, 6, 7, 8].map(|n| format!("Paragraph {n} "));
        assert_reads(
            &page,
            &kept.each_ref().map(String::as_str),
            &["Other story"],
        );
    }

    #[test]
    fn a_transcript_in_a_footer_is_read_when_it_is_all_the_prose() {
        let paragraphs: String = (1..=5).map(prose).collect();
        let page = format!(
            r#"<html><body><p>Watch the video.</p><footer id="meta"><div id="transcript">
               {paragraphs}</div></footer></body></html>"#
        );
        assert_reads(&page, &["Paragraph 5 "], &[]);
    }

    #[test]
    fn a_box_of_links_inside_the_article_is_left_out() {
        let paragraphs: String = (1..=4).map(prose).collect();
        let page = format!(
            r#"<html><body><article>{paragraphs}<div><p><a href="/a">Read more about
               the harbour plan and the ferry timetable changes</a></p><p>Jan. 2 2015</p>
               <p><a href="/b">The budget vote, explained in ten charts and a map</a></p>
               <p>Jan. 3 2015</p></div></article></body></html>"#
        );
        // The dates are no links, but they belong to the box of links.
        assert_reads(&page, &["Paragraph 4 "], &["ten charts", "Jan. 3 2015"]);
    }

    #[test]
    fn a_page_that_carries_its_article_twice_is_read_once() {
        let paragraphs: String = (1..=3).map(prose).collect();
        let page = format!(
            r#"<html><body><article><div class="mobile">{paragraphs}</div>
               <div class="desktop">{paragraphs}</div></article></body></html>"#
        );
        let body = parse(&page).unwrap().body_text();
        assert_eq!(body.matches("Paragraph 2 ").count(), 1, "{body}");
    }

    #[test]
    fn a_paragraph_said_again_alone_is_kept() {
        let refrain = prose(1);
        let page = format!(
            "<html><body><article>{refrain}{}{refrain}{}{refrain}</article></body></html>",
            prose(2),
            prose(3)
        );
        let body = parse(&page).unwrap().body_text();
        assert_eq!(body.matches("Paragraph 1 ").count(), 3, "{body}");
    }

    #[test]
    fn hidden_elements_are_not_read() {
        let paragraphs: String = (1..=3).map(prose).collect();
        let page = format!(
            r#"<html><body><article>{paragraphs}<div style="visibility: hidden;"><p>A draft
               that was never published, kept in the page by the editing system.</p></div>
               </article></body></html>"#
        );
        assert_reads(&page, &["Paragraph 3 "], &["never published"]);
    }

    /// The hints' choice holds a sliver of the page's prose: a failed choice,
    /// read again without them, as Readability does.
    #[test]
    fn a_choice_holding_a_sliver_of_the_prose_is_read_again() {
        let caption =
            "Caption of the picture above the story, with its credit and place. ".repeat(8);
        let paragraphs: String = (1..=9)
            .map(|n| format!(r#"<div class="promo-box">{}</div>"#, prose(n).repeat(2)))
            .collect();
        let page = format!(
            r#"<html><body><div class="pic"><p>{caption}</p></div>{paragraphs}</body></html>"#
        );
        let kept = [1, 5, 9].map(|n| format!("Paragraph {n} "));
        assert_reads(&page, &kept.each_ref().map(String::as_str), &[]);
    }

    #[test]
    fn responsive_utility_classes_hide_nothing() {
        for hidden in ["hidden", "is-hidden", "visually-hidden", "x hidden-thing"] {
            assert!(furniture::hidden_by_class(hidden), "{hidden}");
        }
        for shown in [
            "col-md-8 hidden-xs",
            "hidden-print",
            "hidden-sm hidden-md",
            "main",
        ] {
            assert!(!furniture::hidden_by_class(shown), "{shown}");
        }
    }

    #[test]
    fn a_first_half_in_a_wrapper_of_its_own_joins_the_article() {
        // The opening sits five wrappers deep beside the second half, as on quantamagazine.org.
        let first: String = (1..=4).map(prose).collect();
        let second: String = (5..=10).map(prose).collect();
        let page = format!(
            r#"<html><body><div id="page"><div class="a"><div class="b"><div class="c">
               <section><div class="d">{first}</div></section></div></div></div>
               <section class="more"><div class="e">{second}</div></section></div></body></html>"#
        );
        assert_reads(
            &page,
            &[
                "Paragraph 1 ",
                "Paragraph 4 ",
                "Paragraph 5 ",
                "Paragraph 10 ",
            ],
            &[],
        );
    }

    #[test]
    fn a_section_named_for_sharing_is_text_but_a_share_bar_is_not() {
        // The section holds less than half the prose: only its name could drop it.
        let first: String = (1..=6).map(prose).collect();
        let second: String = (7..=11).map(prose).collect();
        let page = format!(
            r#"<html><body><div class="content">{first}
               <div class="section" id="sharing-with-a-single-developer">{second}</div>
               <div class="share-bar"><p>Share this story on Facebook, on X or by email</p></div>
               </div></body></html>"#
        );
        assert_reads(&page, &["Paragraph 11 "], &["Share this story"]);
    }

    #[test]
    fn chart_labels_are_not_text() {
        let paragraphs: String = (1..=4).map(prose).collect();
        let page = format!(
            r#"<html><body><article>{paragraphs}<div class="ai2html ai2html-box">
               <p>$915 billion in interest payments by 2028, projected</p><p>’17</p></div>
               </article></body></html>"#
        );
        assert_reads(&page, &["Paragraph 4 "], &["interest payments"]);
    }

    /// A paragraph of `commas` commas and about 200 characters, scoring 3 + `commas`.
    fn listing(n: usize, commas: usize) -> String {
        let clauses = vec!["and then some"; commas + 1].join(", ");
        format!(
            "<p>Step {n} of the guide: {clauses}, until the soil is damp and the moss is \
             pressed down{}.</p>",
            " firmly".repeat(12)
        )
    }

    #[test]
    fn steps_split_by_a_box_of_links_are_read_whole() {
        // The first step scores best; three others score 80% of it: together they are
        // the article (eHow's how-to pages), the box of links between them is not.
        let step = |n: usize, commas: usize| {
            format!(
                r#"<div class="s"><div class="i"><div class="t">{}</div>
                   <figure><img src="{n}.jpg"></figure><figcaption>Step {n}</figcaption>
                   </div></div>"#,
                listing(n, commas)
            )
        };
        let page = format!(
            r#"<html><body><div id="col">{}<div class="box"><ul><li><a href="/a">Plant
               terrarium ideas</a></li><li><a href="/b">Succulents for beginners</a></li>
               </ul></div>{}{}{}</div></body></html>"#,
            step(1, 12),
            step(2, 8),
            step(3, 8),
            step(4, 8)
        );
        assert_reads(
            &page,
            &["Step 1 of", "Step 2 of", "Step 3 of", "Step 4 of"],
            &["Succulents"],
        );
    }

    #[test]
    fn a_short_intro_beside_the_main_text_joins_it() {
        let paragraphs: String = (1..=6).map(prose).collect();
        // As on heraldsun.com.au: the intro, then the rest two wrappers deep.
        let page = format!(
            r#"<html><body><div class="x"><div class="y"><div class="z"><p><strong>A
               HIGH-powered government team has been doing the rounds of newsrooms this
               week, in a campaign to win support for the new data retention law, officials
               said.</strong></p></div></div><div class="w"><div class="v">
               {paragraphs}</div></div></div></body></html>"#
        );
        assert_reads(&page, &["HIGH-powered", "Paragraph 6 "], &[]);
    }

    #[test]
    fn a_video_player_beside_the_main_text_is_left_out() {
        let paragraphs: String = (1..=6).map(prose).collect();
        let settings: String = ["Video Quality", "Auto", "High (HD)", "Closed Captions"]
            .iter()
            .cycle()
            .take(100)
            .map(|item| format!("<li>{item}</li>"))
            .collect();
        let page = format!(
            r#"<html><body><div id="story"><div id="main">{paragraphs}</div><div id="v">
               <p>Watch: the council debates the harbour plan, the budget and the new ferry
               timetable late into the night before the final vote on Tuesday.</p>
               <ul>{settings}</ul></div></div></body></html>"#
        );
        assert_reads(&page, &["Paragraph 6 "], &["Video Quality"]);
    }

    #[test]
    fn formulas_typeset_by_mathjax_are_text_and_author_boxes_are_not() {
        let paragraphs: String = (1..=4).map(prose).collect();
        let page = format!(
            r#"<html><body><article>{paragraphs}<p>When <span class="MathJax
               CtxtMenu_Attached_0"><math><mi>a</mi><mo>≠</mo><mn>0</mn></math></span>,
               there are two solutions to the equation, as the council's engineer noted.</p>
               <div class="author-bio"><p>Jane Doe covers the harbour, the council and the
               ferries for the Daily, and has written about the port since 2009.</p></div>
               </article></body></html>"#
        );
        assert_reads(&page, &["≠"], &["Jane Doe covers"]);
    }
}
