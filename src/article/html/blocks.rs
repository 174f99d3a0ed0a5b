//! The main element's text as blocks in reading order.
//!
//! A block is a paragraph, heading, list item, table cell or quotation, with
//! the tag that made it; inline text between blocks makes a paragraph of its
//! own. Furniture inside the article is left out, and so is a page's second
//! copy of its own text.

use ego_tree::NodeId;
use rustc_hash::{FxHashMap, FxHashSet};
use scraper::{ElementRef, Node};

use super::clean;
use super::furniture::is_skipped;
use super::readability::link_density;

/// Tags that make a block of text.
pub(super) const BLOCK_TAGS: &[&str] = &[
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

/// The blocks that repeat, in the same order, a run of two or more different
/// paragraphs read before: pages often carry the article twice (a mobile and a
/// desktop copy, a hidden copy for sharing). A paragraph that recurs alone is
/// kept: it may be the text's own refrain.
pub(super) fn repeated_runs(blocks: &[(String, String)]) -> FxHashSet<usize> {
    let paragraphs: Vec<(usize, &str)> = blocks
        .iter()
        .enumerate()
        .filter(|(_, (tag, text))| {
            !matches!(tag.as_str(), "h1" | "h2" | "h3" | "h4") && text.len() >= MIN_REPEATED_BYTES
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

/// A block inside a `<blockquote>` is a quotation: give it marks if it has none.
pub(super) fn quoted_if_blockquote(element: ElementRef, text: String) -> String {
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

/// Only paragraphs this long count when looking for a page that repeats its
/// text: short ones ("Photo: AP") recur by themselves.
pub(super) const MIN_REPEATED_BYTES: usize = 40;

/// The blocks of one part of the main text, which may itself be a block.
pub(super) fn collect_part(
    part: ElementRef,
    skipped: &FxHashSet<NodeId>,
    out: &mut Vec<(String, String)>,
) {
    let name = part.value().name();
    if BLOCK_TAGS.contains(&name) && !holds_blocks(part) {
        let text = quoted_if_blockquote(part, clean(&block_text(part, skipped)));
        if !text.is_empty() {
            out.push((name.to_string(), text));
        }
    } else {
        collect_blocks(part, skipped, out);
    }
}

/// True when an element holds blocks (or `div`s) among its children: it is
/// read block by block, not as one block of text.
fn holds_blocks(element: ElementRef) -> bool {
    element
        .child_elements()
        .any(|c| is_block(c.value().name()) || c.value().name() == "div")
}

pub(super) fn is_block(name: &str) -> bool {
    BLOCK_TAGS.contains(&name)
        || matches!(
            name,
            "ul" | "ol" | "table" | "section" | "article" | "figure"
        )
}

/// The text blocks of the main element, in order, with their tag.
pub(super) fn collect_blocks(
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
                } else if BLOCK_TAGS.contains(&name) && !holds_blocks(child) {
                    flush(&mut inline, out);
                    let text = quoted_if_blockquote(child, clean(&block_text(child, skipped)));
                    let linky = link_density(child) > 0.5 && text.len() < 200;
                    if !text.is_empty() && !linky {
                        out.push((name.to_string(), text));
                    }
                } else if is_block(name)
                    || name == "div"
                    || (matches!(name, "main" | "span" | "center" | "font") && holds_blocks(child))
                {
                    // A `div` is always read block by block (its text between
                    // blocks still makes paragraphs); the others only when they hold blocks.
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

pub(super) fn flush(inline: &mut String, out: &mut Vec<(String, String)>) {
    let text = clean(inline);
    if text.len() > 1 {
        out.push(("p".to_string(), text));
    }
    inline.clear();
}

/// The text of an element, leaving out furniture inside it.
pub(super) fn block_text(element: ElementRef, skipped: &FxHashSet<NodeId>) -> String {
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

/// Paragraphs of prose shorter than this are left out of [`prose_paragraphs`]:
/// captions, bylines, link labels.
const PROSE_PARAGRAPH_BYTES: usize = 80;

/// Every paragraph of prose on the page outside furniture, in reading order:
/// the last resort when choosing a main element failed.
pub(super) fn prose_paragraphs(
    body: ElementRef,
    skipped: &FxHashSet<NodeId>,
) -> Vec<(String, String)> {
    body.descendent_elements()
        .filter(|e| e.value().name() == "p" && !is_skipped(*e, skipped))
        .map(|p| clean(&block_text(p, skipped)))
        .filter(|text| text.len() >= PROSE_PARAGRAPH_BYTES)
        .map(|text| ("p".to_string(), text))
        .collect()
}
