//! The HTML reader: a saved web page's main text and metadata.
//!
//! The page is parsed with html5ever (through `scraper`). Page furniture is
//! dropped first: scripts and styles, navigation, headers and footers, forms,
//! asides, and any element whose class or id says it is a comment section,
//! share bar, related-links box, advertisement, cookie banner or newsletter
//! sign-up. The main text is then the element whose paragraphs hold the most
//! prose (Readability's idea: each paragraph scores its parent, half its
//! grandparent, less for links), plus sibling blocks that read like more of
//! it. Sub-headings inside it (`h2`–`h4`) become sections. Metadata comes from
//! Open Graph and `article:` meta tags, JSON-LD, `<time>` and `<h1>`.

use rustc_hash::{FxHashMap, FxHashSet};

use ego_tree::NodeId;
use scraper::{ElementRef, Html, Node, Selector};

use super::{Article, Section, boilerplate, date};

/// Elements that never hold article text.
const SKIPPED_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "form", "button", "iframe", "select",
    "textarea", "input", "label", "object", "embed", "canvas", "audio", "video", "map", "head",
    "menu", "dialog",
];

/// Layout elements that hold page furniture, believed like class hints: a page
/// whose only prose sits in one (a transcript in a `<footer>`) is read again
/// without them.
const LAYOUT_TAGS: &[&str] = &["nav", "footer", "aside"];

/// Words in a class or id that mark page furniture.
const FURNITURE: &[&str] = &[
    "comment",
    "author-bio",
    "authorbio",
    "author-box",
    "about-author",
    "social",
    // Charts drawn as scattered labels (the New York Times' graphics tool).
    "ai2html",
    "related",
    "promo",
    "advert",
    "sponsor",
    "cookie",
    "banner",
    "newsletter",
    "subscribe",
    "sidebar",
    "menu",
    "navbar",
    "breadcrumb",
    "popup",
    "modal",
    "recommend",
    "outbrain",
    "taboola",
    "footer",
    "masthead",
    "signup",
    "sign-up",
    "paywall",
    "disqus",
    "trending",
    "most-popular",
    "mostpopular",
    "more-stories",
    "read-more",
    "readmore",
    "toolbar",
    "hidden",
    "skip",
    "print-only",
    "widget",
    "tags",
    "tag-list",
];

/// Words in a class or id that mark the article itself, overriding furniture.
const CONTENT: &[&str] = &[
    "article", "content", "entry", "post", "story", "body", "main", "text", "blog",
    // Formulas typeset by MathJax, whose classes also name its context menu.
    "mathjax",
];

/// Tags that make a block of text.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "td",
    "th",
    "figcaption",
    "caption",
    "address",
    "summary",
];

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
    // Classes are believed first; when that leaves too little text (the article
    // sits in a "sidebar-layout" wrapper), again without them, as Readability does.
    let mut blocks = main_blocks(body, true);
    if text_chars(&blocks) < RETRY_BELOW_CHARS {
        let loose = main_blocks(body, false);
        if text_chars(&loose) > text_chars(&blocks) {
            blocks = loose;
        }
    }
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

/// The blocks that repeat, in the same order, a run of two or more different
/// paragraphs read before: pages often carry the article twice (a mobile and a
/// desktop copy, a hidden copy for sharing). A paragraph that recurs alone is
/// kept: it may be the text's own refrain.
fn repeated_runs(blocks: &[(String, String)]) -> FxHashSet<usize> {
    let paragraphs: Vec<(usize, &str)> = blocks
        .iter()
        .enumerate()
        .filter(|(_, (tag, text))| {
            !matches!(tag.as_str(), "h1" | "h2" | "h3" | "h4") && text.len() >= MIN_REPEATED_CHARS
        })
        .map(|(n, (_, text))| (n, text.as_str()))
        .collect();
    let mut first_seen: FxHashMap<&str, usize> = FxHashMap::default();
    let mut repeated = FxHashSet::default();
    let mut at = 0;
    while at < paragraphs.len() {
        let text = paragraphs[at].1;
        let earlier = *first_seen.entry(text).or_insert(at);
        let run = (0..)
            .take_while(|&k| {
                earlier + k < at
                    && at + k < paragraphs.len()
                    && paragraphs[earlier + k].1 == paragraphs[at + k].1
            })
            .count();
        let varied = run >= 2 && paragraphs[at..at + run].iter().any(|(_, t)| *t != text);
        if varied {
            repeated.extend(paragraphs[at..at + run].iter().map(|(n, _)| *n));
            at += run;
        } else {
            at += 1;
        }
    }
    repeated
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

/// The furniture words as one automaton: every element with a class or id
/// is tested against all of them, and one pass over its hints beats a search per word.
static FURNITURE_WORDS: std::sync::LazyLock<aho_corasick::AhoCorasick> =
    std::sync::LazyLock::new(|| {
        // A fixed list of literals always builds.
        aho_corasick::AhoCorasick::new(FURNITURE).expect("the furniture words build an automaton")
    });

/// Selectors used per element, parsed once.
static LINKS: std::sync::LazyLock<Selector> = std::sync::LazyLock::new(|| selector("a"));
static PARAGRAPHS: std::sync::LazyLock<Selector> = std::sync::LazyLock::new(|| selector("p"));

fn selector(css: &str) -> Selector {
    // The selectors are literals of this file: a parse failure is a bug caught by the tests.
    Selector::parse(css).expect("a valid CSS selector")
}

/// What a page says about itself in its markup: its `<meta>` tags and JSON-LD
/// blocks, gathered in one walk of the tree (each field looked up asks for
/// several names, and a walk per name would cost more than the parse).
struct About {
    /// Each `<meta>` with a non-empty `content`, in page order.
    metas: Vec<MetaTag>,
    /// Each JSON-LD block that parses.
    json_ld: Vec<serde_json::Value>,
}

/// A `<meta>` tag: its `property`, `name` and `itemprop` (the keys it may be
/// looked up by, in that order of preference) and its `content`.
struct MetaTag {
    keys: [Option<String>; 3],
    content: String,
}

impl About {
    fn of(page: &Html) -> About {
        let mut about = About {
            metas: Vec::new(),
            json_ld: Vec::new(),
        };
        for node in page.tree.nodes() {
            let Some(element) = ElementRef::wrap(node) else {
                continue;
            };
            let tag = element.value();
            match tag.name() {
                "meta" => {
                    let content = tag.attr("content").map(str::trim).unwrap_or_default();
                    if !content.is_empty() {
                        about.metas.push(MetaTag {
                            keys: ["property", "name", "itemprop"]
                                .map(|key| tag.attr(key).map(str::to_string)),
                            content: content.to_string(),
                        });
                    }
                }
                "script" if tag.attr("type") == Some("application/ld+json") => {
                    let text: String = element.text().collect();
                    if let Ok(value) = serde_json::from_str(&text) {
                        about.json_ld.push(value);
                    }
                }
                _ => {}
            }
        }
        about
    }

    /// The first non-empty `content` of the meta tags named (by `property`,
    /// then `name`, then `itemprop`), trying the names in order.
    fn meta(&self, names: &[&str]) -> Option<String> {
        names.iter().find_map(|name| {
            (0..3).find_map(|key| {
                self.metas
                    .iter()
                    .find(|meta| meta.keys[key].as_deref() == Some(*name))
                    .map(|meta| meta.content.clone())
            })
        })
    }

    /// A field of the page's JSON-LD (`headline`, `author`, `datePublished` …), as text.
    fn json_ld(&self, key: &str) -> Option<String> {
        self.json_ld
            .iter()
            .find_map(|value| find_key(value, key, 0))
    }
}

fn find_key(value: &serde_json::Value, key: &str, depth: usize) -> Option<String> {
    use serde_json::Value;
    if depth > 6 {
        return None;
    }
    match value {
        Value::Object(object) => {
            if let Some(found) = object.get(key) {
                let text = match found {
                    Value::String(s) => Some(s.clone()),
                    Value::Object(o) => o.get("name").and_then(Value::as_str).map(str::to_string),
                    Value::Array(items) => {
                        let names: Vec<String> = items
                            .iter()
                            .filter_map(|i| match i {
                                Value::String(s) => Some(s.clone()),
                                Value::Object(o) => {
                                    o.get("name").and_then(Value::as_str).map(str::to_string)
                                }
                                _ => None,
                            })
                            .collect();
                        (!names.is_empty()).then(|| names.join(", "))
                    }
                    _ => None,
                };
                if let Some(text) = text.filter(|t| !t.trim().is_empty()) {
                    return Some(text.trim().to_string());
                }
            }
            object.values().find_map(|v| find_key(v, key, depth + 1))
        }
        Value::Array(items) => items.iter().find_map(|v| find_key(v, key, depth + 1)),
        _ => None,
    }
}

fn headline(page: &Html, about: &About) -> String {
    let from_meta = about
        .meta(&["og:title", "twitter:title"])
        .or_else(|| about.json_ld("headline"));
    let h1 = page
        .select(&selector("h1"))
        .map(|h| clean(&h.text().collect::<String>()))
        .find(|t| !t.is_empty());
    let title = page
        .select(&selector("title"))
        .map(|t| clean(&t.text().collect::<String>()))
        .find(|t| !t.is_empty());
    from_meta
        .or(h1)
        .or(title)
        .map(|t| clean(&t))
        .unwrap_or_default()
}

fn byline(page: &Html, about: &About) -> Option<String> {
    let from_meta = about
        .meta(&[
            "author",
            "article:author",
            "byl",
            "dc.creator",
            "sailthru.author",
        ])
        .filter(|a| !a.starts_with("http"));
    from_meta
        .or_else(|| about.json_ld("author"))
        .or_else(|| {
            page.select(&selector(
                "[rel=\"author\"], [itemprop=\"author\"], .byline, .author",
            ))
            .map(|e| clean(&e.text().collect::<String>()))
            .find(|t| !t.is_empty() && t.len() < 100)
        })
        .map(|b| {
            b.trim_start_matches("By ")
                .trim_start_matches("by ")
                .to_string()
        })
}

fn published(page: &Html, about: &About) -> Option<time::OffsetDateTime> {
    about
        .meta(&[
            "article:published_time",
            "datePublished",
            "date",
            "pubdate",
            "publishdate",
            "dc.date",
            "og:published_time",
        ])
        .or_else(|| about.json_ld("datePublished"))
        .or_else(|| {
            page.select(&selector("time[datetime]"))
                .find_map(|t| t.attr("datetime").map(str::to_string))
        })
        .and_then(|text| date::parse(&text))
}

/// A block inside a `<blockquote>` is a quotation: give it marks if it has none.
fn quoted_if_blockquote(element: ElementRef, text: String) -> String {
    let in_blockquote = element
        .ancestors()
        .chain(std::iter::once(*element))
        .filter_map(ElementRef::wrap)
        .any(|e| e.value().name() == "blockquote");
    let marked = text.starts_with(['"', '“', '«', '„']);
    if in_blockquote && !marked && !text.is_empty() {
        format!("“{text}”")
    } else {
        text
    }
}

/// White space folded to single spaces.
fn clean(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A candidate scoring this share of the best one is a rival; this many rivals
/// make an article split in blocks (Readability's rule).
const RIVAL_SHARE: f64 = 0.75;
const RIVALS: usize = 3;

/// Only paragraphs this long count when looking for a page that repeats its
/// text: short ones ("Photo: AP") recur by themselves.
const MIN_REPEATED_CHARS: usize = 40;

/// An element named for sharing is a share bar only when it holds less text
/// than this (Readability's threshold).
const SHARE_BAR_CHARS: usize = 500;

/// A sibling of the main element whose prose paragraphs make this many
/// characters, and a quarter of its text, joins it.
const SIBLING_PROSE_CHARS: usize = 150;

/// Below this many characters of main text, extraction is retried without class hints.
const RETRY_BELOW_CHARS: usize = 500;

/// The main text's blocks, `(tag, text)` in reading order, with furniture found
/// by tags and, when `use_hints`, by class and id too.
fn main_blocks(body: ElementRef, use_hints: bool) -> Vec<(String, String)> {
    let skipped = furniture(body, use_hints);
    let parts = main_element(body, &skipped).unwrap_or_else(|| vec![body]);
    let mut blocks = Vec::new();
    for part in parts {
        collect_part(part, &skipped, &mut blocks);
    }
    blocks
}

/// Characters of text in a list of blocks.
fn text_chars(blocks: &[(String, String)]) -> usize {
    blocks.iter().map(|(_, text)| text.len()).sum()
}

/// The blocks of one part of the main text, which may itself be a block.
fn collect_part(part: ElementRef, skipped: &FxHashSet<NodeId>, out: &mut Vec<(String, String)>) {
    let name = part.value().name();
    let holds_blocks = part
        .child_elements()
        .any(|c| is_block(c.value().name()) || c.value().name() == "div");
    if BLOCK_TAGS.contains(&name) && !holds_blocks {
        let text = quoted_if_blockquote(part, clean(&block_text(part, skipped)));
        if !text.is_empty() {
            out.push((name.to_string(), text));
        }
    } else {
        collect_blocks(part, skipped, out);
    }
}

/// Characters of prose in an element: its paragraphs of 80 characters or more.
fn prose_chars(element: ElementRef) -> usize {
    element
        .select(&PARAGRAPHS)
        .map(|p| p.text().map(str::len).sum::<usize>())
        .filter(|&n| n >= 80)
        .sum()
}

/// The elements to leave out, by node id. A class that says "sidebar" or
/// "comment" is believed only for an element that does not hold most of the
/// page's prose (a layout named "two-col-sidebar-right" wraps the article).
fn furniture(body: ElementRef, use_hints: bool) -> FxHashSet<NodeId> {
    let page_prose = prose_chars(body).max(1);
    let mut skipped = FxHashSet::default();
    for element in body.descendent_elements() {
        let name = element.value().name();
        let layout = use_hints
            && (LAYOUT_TAGS.contains(&name) || (name == "header" && !has_content_hint(element)));
        if SKIPPED_TAGS.contains(&name) || layout {
            skipped.insert(element.id());
            continue;
        }
        let hidden = element.value().attr("hidden").is_some()
            || element.value().attr("aria-hidden") == Some("true")
            || element.value().attr("style").is_some_and(|s| {
                let style = s.replace(' ', "").to_lowercase();
                style.contains("display:none") || style.contains("visibility:hidden")
            });
        let (class, id) = (element.value().attr("class"), element.value().attr("id"));
        if class.is_none() && id.is_none() {
            // Most elements: no hints to read.
            if hidden {
                skipped.insert(element.id());
            }
            continue;
        }
        let hints =
            format!("{} {}", class.unwrap_or_default(), id.unwrap_or_default()).to_lowercase();
        // Some hints count only as whole words: "ad" and "ads" ("shadow", "lead"
        // and "header" are not ads), the content words, the share words.
        let hint_words: Vec<&str> = hints.split(|c: char| !c.is_alphanumeric()).collect();
        let has_word = |words: &[&str]| hint_words.iter().any(|w| words.contains(w));
        let ad = has_word(&["ad", "ads", "adslot", "adunit", "advertisement"]);
        // A share bar is short: a long element whose id merely says "sharing"
        // ("sharing-with-a-single-developer", a section named for its heading) is text.
        let share_bar = || {
            has_word(&["share", "sharing", "sharedaddy"])
                && element.text().map(str::len).sum::<usize>() < SHARE_BAR_CHARS
        };
        let furniture = use_hints
            && (ad || FURNITURE_WORDS.is_match(&hints) || share_bar())
            && !has_word(CONTENT)
            && !matches!(name, "body" | "article" | "main");
        let holds_the_prose = || prose_chars(element) * 2 > page_prose;
        if hidden || (furniture && !holds_the_prose()) {
            skipped.insert(element.id());
        }
    }
    skipped
}

fn has_content_hint(element: ElementRef) -> bool {
    let hints = element
        .value()
        .attr("class")
        .unwrap_or_default()
        .to_lowercase();
    CONTENT.iter().any(|w| hints.contains(w))
}

/// True when the element or an ancestor up to `body` is furniture.
fn is_skipped(element: ElementRef, skipped: &FxHashSet<NodeId>) -> bool {
    let mut node = Some(*element);
    while let Some(n) = node {
        if skipped.contains(&n.id()) {
            return true;
        }
        node = n.parent();
    }
    false
}

/// The element whose paragraphs hold the most prose, Readability-style.
fn main_element<'a>(
    body: ElementRef<'a>,
    skipped: &FxHashSet<NodeId>,
) -> Option<Vec<ElementRef<'a>>> {
    let mut scores: FxHashMap<NodeId, f64> = FxHashMap::default();
    for paragraph in body.descendent_elements() {
        // List items are left out: reference lists and link lists would outscore prose.
        let paragraph_like = matches!(
            paragraph.value().name(),
            "p" | "pre"
                | "td"
                | "blockquote"
                | "dd"
                | "div"
                | "section"
                | "article"
                | "font"
                | "h2"
                | "h3"
                | "h4"
                | "h5"
                | "h6"
        );
        if !paragraph_like || skipped.contains(&paragraph.id()) || is_skipped(paragraph, skipped) {
            continue;
        }
        // A paragraph is any element holding prose of its own: a `<p>`, or a
        // `<div>` of text broken by `<br>` (blogs), not counting child blocks.
        let text = clean(&own_text(paragraph));
        if text.len() < 25 {
            continue;
        }
        let score = 1.0 + text.matches(',').count() as f64 + (text.len() as f64 / 100.0).min(3.0);
        let score = score * (1.0 - link_density(paragraph));
        let mut ancestor = paragraph.parent().and_then(ElementRef::wrap);
        for share in [1.0, 0.5, 1.0 / 6.0] {
            let Some(a) = ancestor else { break };
            *scores.entry(a.id()).or_default() += score * share;
            ancestor = a.parent().and_then(ElementRef::wrap);
        }
    }
    // Readability's weights: a container's tag and its class or id say how
    // likely it is to be the article; links make it less so.
    for (id, score) in scores.iter_mut() {
        let Some(element) = body.tree().get(*id).and_then(ElementRef::wrap) else {
            continue;
        };
        *score = (*score + tag_weight(element.value().name()) + class_weight(element))
            * (1.0 - link_density(element));
    }
    let best = scores
        .iter()
        .filter_map(|(id, score)| Some((ElementRef::wrap(body.tree().get(*id)?)?, *score)))
        // Ties go to the earlier element, so that every run reads a page alike.
        .max_by(|a, b| a.1.total_cmp(&b.1).then_with(|| b.0.id().cmp(&a.0.id())))?;
    // When three other candidates score three quarters as well (an article
    // split into blocks by ads, images or steps), the nearest ancestor holding
    // three of them is the article.
    let (mut element, mut score) = best;
    let rivals: Vec<NodeId> = scores
        .iter()
        .filter(|(id, s)| **id != element.id() && **s >= score * RIVAL_SHARE)
        .map(|(id, _)| *id)
        .collect();
    if rivals.len() >= RIVALS {
        for ancestor in element.ancestors().filter_map(ElementRef::wrap) {
            if ancestor.value().name() == "body" {
                break;
            }
            let holds = rivals
                .iter()
                .filter(|id| {
                    body.tree()
                        .get(**id)
                        .is_some_and(|n| n.ancestors().any(|a| a.id() == ancestor.id()))
                })
                .count();
            if holds >= RIVALS {
                score = scores.get(&ancestor.id()).copied().unwrap_or(score);
                element = ancestor;
                break;
            }
        }
    }
    // A wrapper holding nothing else is the same candidate: climb to the
    // outermost, so that its siblings (the article's next blocks, split off
    // by pictures) are the ones compared below.
    while let Some(parent) = element.parent().and_then(ElementRef::wrap) {
        if parent.value().name() == "body" || parent.child_elements().count() != 1 {
            break;
        }
        element = parent;
    }
    // Text often runs on in siblings of the best element (Readability's rule):
    // siblings that score a fifth of it, or read as prose themselves, join it.
    let Some(parent) = element.parent().and_then(ElementRef::wrap) else {
        return Some(vec![element]);
    };
    let threshold = (score * 0.2).max(10.0);
    let parts = parent
        .child_elements()
        .filter(|sibling| {
            if sibling.id() == element.id() {
                return true;
            }
            if skipped.contains(&sibling.id()) {
                return false;
            }
            if scores.get(&sibling.id()).is_some_and(|s| *s >= threshold) {
                return true;
            }
            let text = clean(&own_text(*sibling));
            let density = link_density(*sibling);
            // A sibling made mostly of prose paragraphs is more of the article
            // (its intro, or its first half in a wrapper of its own); a video
            // player with a caption is not.
            let deep_prose = || {
                let prose = prose_chars(*sibling);
                let all: usize = sibling.text().map(str::len).sum();
                prose >= SIBLING_PROSE_CHARS && prose * 4 >= all && density < 0.2
            };
            (text.len() > 80 && density < 0.25)
                || (!text.is_empty() && density == 0.0 && text.ends_with('.'))
                || deep_prose()
        })
        .collect();
    Some(parts)
}

/// Readability's starting score of a container, by tag.
fn tag_weight(name: &str) -> f64 {
    match name {
        "div" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    }
}

/// Class and id words that make a container more (+25) or less (-25) likely the article.
fn class_weight(element: ElementRef) -> f64 {
    const NEGATIVE: &[&str] = &[
        "hidden",
        "banner",
        "combx",
        "comment",
        "contact",
        "foot",
        "footer",
        "footnote",
        "masthead",
        "media",
        "meta",
        "outbrain",
        "promo",
        "related",
        "scroll",
        "share",
        "shoutbox",
        "sidebar",
        "skyscraper",
        "sponsor",
        "shopping",
        "tags",
        "tool",
        "widget",
    ];
    let mut weight = 0.0;
    for attr in ["class", "id"] {
        let value = element
            .value()
            .attr(attr)
            .unwrap_or_default()
            .to_lowercase();
        if value.is_empty() {
            continue;
        }
        if NEGATIVE.iter().any(|w| value.contains(w)) {
            weight -= 25.0;
        }
        // The words that override furniture, and "page" ("hentry" holds "entry").
        if CONTENT.iter().chain(&["page"]).any(|w| value.contains(w)) {
            weight += 25.0;
        }
    }
    weight
}

/// Tags that stay inside a paragraph's text.
const INLINE_TAGS: &[&str] = &[
    "a", "span", "b", "i", "em", "strong", "u", "font", "small", "big", "sup", "sub", "code", "q",
    "cite", "abbr", "time", "mark", "s", "del", "ins", "var", "kbd", "nobr",
];

/// The text an element holds itself: its text nodes and inline children, not its blocks.
fn own_text(element: ElementRef) -> String {
    let mut text = String::new();
    for child in element.children() {
        match child.value() {
            Node::Text(t) => text.push_str(t),
            Node::Element(e) if INLINE_TAGS.contains(&e.name()) => {
                if let Some(child) = ElementRef::wrap(child) {
                    text.extend(child.text());
                }
            }
            Node::Element(e) if e.name() == "br" => text.push(' '),
            _ => {}
        }
    }
    text
}

fn is_block(name: &str) -> bool {
    BLOCK_TAGS.contains(&name)
        || matches!(
            name,
            "ul" | "ol" | "table" | "section" | "article" | "figure"
        )
}

/// The share of an element's text that sits inside links.
fn link_density(element: ElementRef) -> f64 {
    let total: usize = element.text().map(|t| t.trim().len()).sum();
    if total == 0 {
        return 0.0;
    }
    let linked: usize = element
        .select(&LINKS)
        .flat_map(|a| a.text())
        .map(|t| t.trim().len())
        .sum();
    (linked as f64 / total as f64).min(1.0)
}

/// The text blocks of the main element, in order, with their tag.
fn collect_blocks(
    element: ElementRef,
    skipped: &FxHashSet<NodeId>,
    out: &mut Vec<(String, String)>,
) {
    let mut inline = String::new();
    for child in element.children() {
        match child.value() {
            Node::Text(text) => inline.push_str(text),
            Node::Element(e) => {
                let Some(child) = ElementRef::wrap(child) else {
                    continue;
                };
                if skipped.contains(&child.id()) {
                    continue;
                }
                let name = e.name();
                if name == "br" {
                    inline.push(' ');
                } else if BLOCK_TAGS.contains(&name)
                    && !child
                        .child_elements()
                        .any(|c| is_block(c.value().name()) || c.value().name() == "div")
                {
                    flush(&mut inline, out);
                    let text = quoted_if_blockquote(child, clean(&block_text(child, skipped)));
                    let linky = link_density(child) > 0.5 && text.len() < 200;
                    if !text.is_empty() && !linky {
                        out.push((name.to_string(), text));
                    }
                } else if is_block(name)
                    || matches!(name, "div" | "main" | "span" | "center" | "font")
                        && child
                            .child_elements()
                            .any(|c| is_block(c.value().name()) || c.value().name() == "div")
                    || name == "div"
                {
                    flush(&mut inline, out);
                    // A box of mostly links inside the article is a list of
                    // other stories (Readability's conditional cleaning).
                    if link_density(child) <= 0.5 {
                        collect_blocks(child, skipped, out);
                    }
                } else {
                    inline.push_str(&block_text(child, skipped));
                }
            }
            _ => {}
        }
    }
    flush(&mut inline, out);
}

fn flush(inline: &mut String, out: &mut Vec<(String, String)>) {
    let text = clean(inline);
    if text.len() > 1 {
        out.push(("p".to_string(), text));
    }
    inline.clear();
}

/// The text of an element, leaving out furniture inside it.
fn block_text(element: ElementRef, skipped: &FxHashSet<NodeId>) -> String {
    let mut text = String::new();
    for node in element.descendants() {
        if let Node::Text(t) = node.value() {
            let inside_skipped = node
                .ancestors()
                .take_while(|a| a.id() != element.id())
                .any(|a| skipped.contains(&a.id()));
            if !inside_skipped {
                text.push_str(t);
            }
        } else if let Node::Element(e) = node.value()
            && e.name() == "br"
        {
            text.push(' ');
        }
    }
    text
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
