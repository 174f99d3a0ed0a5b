//! Page furniture: the elements that are never the article, found before it is.
//!
//! By tag (scripts, forms, navigation, headers, footers, asides), by the
//! `hidden` attribute and styles that hide, and by words in a class or id
//! ("comment", "sidebar", "newsletter"). A class is believed only for an
//! element that does not hold most of the page's prose: a layout named
//! "two-col-sidebar-right" wraps the article.

use ego_tree::NodeId;
use rustc_hash::FxHashSet;
use scraper::ElementRef;

use super::readability::prose_bytes;

/// Elements that never hold article text.
pub(super) const SKIPPED_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "form", "button", "iframe", "select",
    "textarea", "input", "label", "object", "embed", "canvas", "audio", "video", "map", "head",
    "menu", "dialog",
];

/// Layout elements that hold page furniture, believed like class hints: a page
/// whose only prose sits in one (a transcript in a `<footer>`) is read again
/// without them.
pub(super) const LAYOUT_TAGS: &[&str] = &["nav", "footer", "aside"];

/// Words in a class or id that mark page furniture.
pub(super) const FURNITURE: &[&str] = &[
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
    "skip",
    "print-only",
    "widget",
    "tags",
    "tag-list",
];

/// Words in a class or id that mark the article itself, overriding furniture.
pub(super) const CONTENT: &[&str] = &[
    "article", "content", "entry", "post", "story", "body", "main", "text", "blog",
    // Formulas typeset by MathJax, whose classes also name its context menu.
    "mathjax",
];

/// The furniture words as one automaton: every element with a class or id
/// is tested against all of them, and one pass over its hints beats a search per word.
pub(super) static FURNITURE_WORDS: std::sync::LazyLock<aho_corasick::AhoCorasick> =
    std::sync::LazyLock::new(|| {
        // A fixed list of literals always builds.
        aho_corasick::AhoCorasick::new(FURNITURE).expect("the furniture words build an automaton")
    });

/// An element named for sharing is a share bar only when it holds less text
/// than this (Readability's threshold).
pub(super) const SHARE_BAR_BYTES: usize = 500;

/// The elements to leave out, by node id. A class that says "sidebar" or
/// "comment" is believed only for an element that does not hold most of the
/// page's prose (a layout named "two-col-sidebar-right" wraps the article).
pub(super) fn furniture(body: ElementRef, use_hints: bool) -> FxHashSet<NodeId> {
    let page_prose = prose_bytes(body).max(1);
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
                && element.text().map(str::len).sum::<usize>() < SHARE_BAR_BYTES
        };
        let furniture = use_hints
            && (ad || FURNITURE_WORDS.is_match(&hints) || hidden_by_class(&hints) || share_bar())
            && !has_word(CONTENT)
            && !matches!(name, "body" | "article" | "main");
        let holds_the_prose = || prose_bytes(element) * 2 > page_prose;
        if hidden || (furniture && !holds_the_prose()) {
            skipped.insert(element.id());
        }
    }
    skipped
}

/// Suffixes of responsive utility classes (Bootstrap's `hidden-xs`,
/// `hidden-print`): they hide an element on one kind of screen only, and the
/// article column of many news templates carries one. A saved page is read
/// at every size, so they hide nothing.
const BREAKPOINTS: &[&str] = &[
    "-xs", "-sm", "-md", "-lg", "-xl", "-xxl", "-print", "-mobile",
];

/// True when a class or id says "hidden" other than as a responsive utility
/// (`hidden`, `is-hidden`, `visually-hidden`, but not `hidden-xs`).
pub(super) fn hidden_by_class(hints: &str) -> bool {
    hints.match_indices("hidden").any(|(at, word)| {
        let rest = &hints[at + word.len()..];
        !BREAKPOINTS.iter().any(|b| rest.starts_with(b))
    })
}

pub(super) fn has_content_hint(element: ElementRef) -> bool {
    let hints = element
        .value()
        .attr("class")
        .unwrap_or_default()
        .to_lowercase();
    CONTENT.iter().any(|w| hints.contains(w))
}

/// True when the element or an ancestor up to `body` is furniture.
pub(super) fn is_skipped(element: ElementRef, skipped: &FxHashSet<NodeId>) -> bool {
    let mut node = Some(*element);
    while let Some(n) = node {
        if skipped.contains(&n.id()) {
            return true;
        }
        node = n.parent();
    }
    false
}
