//! Choosing the main element, with Mozilla Readability's scoring.
//!
//! Each paragraph of prose scores its parent, half of it its grandparent and a
//! sixth its great-grandparent; containers are weighted by tag and by the words
//! of their class and id, and lose the share of their text in links. When
//! several containers score nearly as well (an article split by pictures or
//! ads), their common ancestor is the article; siblings that read like more of
//! it join it.

use ego_tree::NodeId;
use rustc_hash::{FxHashMap, FxHashSet};
use scraper::{ElementRef, Node, Selector};

use super::furniture::{CONTENT, hidden_by_class, is_skipped};
use super::{clean, selector};

/// Paragraphs, the unit of prose.
static PARAGRAPHS: std::sync::LazyLock<Selector> = std::sync::LazyLock::new(|| selector("p"));

/// Selectors used per element, parsed once.
pub(super) static LINKS: std::sync::LazyLock<Selector> = std::sync::LazyLock::new(|| selector("a"));

/// A candidate scoring this share of the best one is a rival; this many rivals
/// make an article split in blocks (Readability's rule).
pub(super) const RIVAL_SHARE: f64 = 0.75;

pub(super) const RIVALS: usize = 3;

/// A sibling of the main element whose prose paragraphs make this many
/// bytes, and a quarter of its text, joins it.
pub(super) const SIBLING_PROSE_BYTES: usize = 150;

/// Bytes of prose in an element: its paragraphs of 80 bytes or more.
pub(super) fn prose_bytes(element: ElementRef) -> usize {
    element
        .select(&PARAGRAPHS)
        .map(|p| p.text().map(str::len).sum::<usize>())
        .filter(|&n| n >= 80)
        .sum()
}

/// The element whose paragraphs hold the most prose, Readability-style.
pub(super) fn main_element<'a>(
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
                let prose = prose_bytes(*sibling);
                let all: usize = sibling.text().map(str::len).sum();
                prose >= SIBLING_PROSE_BYTES && prose * 4 >= all && density < 0.2
            };
            (text.len() > 80 && density < 0.25)
                || (!text.is_empty() && density == 0.0 && text.ends_with('.'))
                || deep_prose()
        })
        .collect();
    Some(parts)
}

/// Readability's starting score of a container, by tag.
pub(super) fn tag_weight(name: &str) -> f64 {
    match name {
        "div" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    }
}

/// Class and id words that make a container more (+25) or less (-25) likely the article.
pub(super) fn class_weight(element: ElementRef) -> f64 {
    const NEGATIVE: &[&str] = &[
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
        if NEGATIVE.iter().any(|w| value.contains(w)) || hidden_by_class(&value) {
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
pub(super) const INLINE_TAGS: &[&str] = &[
    "a", "span", "b", "i", "em", "strong", "u", "font", "small", "big", "sup", "sub", "code", "q",
    "cite", "abbr", "time", "mark", "s", "del", "ins", "var", "kbd", "nobr",
];

/// The text an element holds itself: its text nodes and inline children, not its blocks.
pub(super) fn own_text(element: ElementRef) -> String {
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

/// The share of an element's text that sits inside links.
pub(super) fn link_density(element: ElementRef) -> f64 {
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
