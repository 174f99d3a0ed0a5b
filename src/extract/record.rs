//! The `newsdex extract --json` record: one article and what was extracted from it.
//!
//! This is a wire format that scripts (and the project's scorers) read, so it
//! is a contract: keys may be added, never renamed or removed. Every line of
//! `extract --json` is one [`Record`]:
//!
//! ```json
//! {"path": "corpus/alaska-summit.txt", "id": "71cabaa792bf87f1",
//!  "headline": "Trump Claims ‘Great Progress’ …", "source": "Real News Now",
//!  "published": null, "byline": null, "dateline": null, "category": null,
//!  "sections": ["A Symbolic Summit", "…"],
//!  "body": "first paragraph\n\nsecond paragraph …",
//!  "quotes": [{"text": "…", "speaker": "Donald Trump", "speaker_kind": "person",
//!              "role": "President", "mention": "Trump", "cue": "said",
//!              "paragraph": 3, "section": "A Symbolic Summit"}],
//!  "people": ["Donald Trump", "Vladimir Putin"],
//!  "roles": {"Donald Trump": "President"},
//!  "mentions": {"Donald Trump": 12},
//!  "locations": [{"name": "Anchorage", "path": "/United States/Alaska/Anchorage",
//!                 "parts": ["United States", "Alaska", "Anchorage"], "mentions": 2}],
//!  "article": {"headline": "…", "sections": [{"title": null, "paragraphs": ["…"]}], "…": "…"}}
//! ```
//!
//! - `path` is the file as the user named it (or as the walk found it under a
//!   folder they named), followed by `#N` for the Nth article of a JSON array
//!   or the article on line N of a JSON Lines file.
//! - `id` is the id `newsdex index` gives the same article (for `newsdex show`).
//! - `published` is RFC 3339 when the article states a date, else `null`.
//! - `sections` lists the sub-headings' titles; `body` is every paragraph,
//!   separated by a blank line, as indexed.
//! - `quotes` are in reading order, each a [`Quote`]; `speaker` is the
//!   canonical name, `null` when unknown or not reported speech.
//! - `people` are canonical names, the most mentioned first; `roles` and
//!   `mentions` give each one's role (when the article gives one) and count.
//! - `locations` are the places named, the most mentioned first, with `path`
//!   the hierarchy as the location facet prints it.
//! - `article` is the whole article as read, sections with their paragraphs.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Extraction, Quote};
use crate::article::Article;

/// One line of `newsdex extract --json`. See the module documentation for the
/// contract.
#[derive(Debug, Clone, Serialize)]
pub struct Record<'a> {
    /// The file, plus `#N` for one article of several in it.
    pub path: String,
    /// The article's id in an index (`newsdex show ID`).
    pub id: String,
    /// The headline.
    pub headline: &'a str,
    /// The publication, when the article names it.
    pub source: Option<&'a str>,
    /// The publication date in RFC 3339, when the article states one.
    pub published: Option<String>,
    /// The author line.
    pub byline: Option<&'a str>,
    /// The place-and-date line opening a wire story.
    pub dateline: Option<&'a str>,
    /// The desk or category the publisher files it under.
    pub category: Option<&'a str>,
    /// The sub-headings' titles, in order.
    pub sections: Vec<&'a str>,
    /// The body: paragraphs separated by a blank line.
    pub body: String,
    /// The quotations in reading order, with their speakers.
    pub quotes: &'a [Quote],
    /// Everyone named, canonical names, the most mentioned first.
    pub people: Vec<&'a str>,
    /// Each person's role, for those the article gives one.
    pub roles: BTreeMap<&'a str, &'a str>,
    /// How often each person is named outside quotations.
    pub mentions: BTreeMap<&'a str, usize>,
    /// The places named, the most mentioned first.
    pub locations: Vec<Location<'a>>,
    /// The article as read, sections with their paragraphs.
    pub article: &'a Article,
}

/// A place in a [`Record`].
#[derive(Debug, Clone, Serialize)]
pub struct Location<'a> {
    /// The gazetteer's name for it.
    pub name: &'a str,
    /// The hierarchy as the location facet prints it: `/United States/Alaska/Anchorage`.
    pub path: String,
    /// The same hierarchy as a list, country first.
    pub parts: &'a [String],
    /// How many times the article names it.
    pub mentions: usize,
}

impl<'a> Record<'a> {
    /// The record of an article read from `path`, with its id and extraction.
    pub fn new(path: String, id: String, article: &'a Article, extraction: &'a Extraction) -> Self {
        let people = &extraction.people;
        Record {
            path,
            id,
            headline: &article.headline,
            source: article.source.as_deref(),
            published: article.published.and_then(|date| {
                date.format(&time::format_description::well_known::Rfc3339)
                    .ok()
            }),
            byline: article.byline.as_deref(),
            dateline: article.dateline.as_deref(),
            category: article.category.as_deref(),
            sections: article.section_titles().collect(),
            body: article.body_text(),
            quotes: &extraction.quotes,
            people: people.iter().map(|p| p.name.as_str()).collect(),
            roles: people
                .iter()
                .filter_map(|p| Some((p.name.as_str(), p.role.as_deref()?)))
                .collect(),
            mentions: people
                .iter()
                .map(|p| (p.name.as_str(), p.mentions))
                .collect(),
            locations: extraction
                .places
                .iter()
                .map(|place| Location {
                    name: &place.name,
                    path: place.facet(),
                    parts: &place.path,
                    mentions: place.mentions,
                })
                .collect(),
            article,
        }
    }
}
