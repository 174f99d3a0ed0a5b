//! Articles: what newsdex reads out of a file before anything is extracted.
//!
//! An [`Article`] is a headline, optional metadata (byline, dateline, source)
//! and a body divided into [`Section`]s of paragraphs. Each format has a reader
//! of its own (plain text in [`text`]); all of them go through [`decode`] first.

pub mod boilerplate;
pub mod date;
pub mod decode;
pub mod text;

use serde::{Deserialize, Serialize};

/// One article as read from a file, boilerplate removed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// The headline (line 1 of a text file).
    pub headline: String,
    /// The author line without its `By`, when the article has one.
    pub byline: Option<String>,
    /// The place-and-date line opening a wire story (`SALVADOR, Feb 26`).
    pub dateline: Option<String>,
    /// The publication, when the article names it ("appeared first on …").
    pub source: Option<String>,
    /// When it was published, when the article says so.
    #[serde(with = "time::serde::rfc3339::option", default)]
    pub published: Option<time::OffsetDateTime>,
    /// The body, in reading order. The first section has no title when the
    /// article opens with paragraphs before any sub-heading.
    pub sections: Vec<Section>,
}

/// A run of paragraphs under one sub-heading.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Section {
    /// The sub-heading, or `None` for the paragraphs before the first one.
    pub title: Option<String>,
    /// The paragraphs, each one line of text.
    pub paragraphs: Vec<String>,
}

impl Article {
    /// The titles of the article's sections, in order.
    pub fn section_titles(&self) -> impl Iterator<Item = &str> {
        self.sections.iter().filter_map(|s| s.title.as_deref())
    }

    /// Every paragraph with the title of its section, in reading order.
    pub fn paragraphs(&self) -> impl Iterator<Item = (Option<&str>, &str)> {
        self.sections.iter().flat_map(|section| {
            section
                .paragraphs
                .iter()
                .map(move |p| (section.title.as_deref(), p.as_str()))
        })
    }

    /// The body text as indexed: paragraphs separated by blank lines.
    pub fn body_text(&self) -> String {
        let mut body = String::new();
        for (_, paragraph) in self.paragraphs() {
            if !body.is_empty() {
                body.push_str(PARAGRAPH_SEPARATOR);
            }
            body.push_str(paragraph);
        }
        body
    }

    /// True when the article has no text worth indexing.
    pub fn is_empty(&self) -> bool {
        self.headline.trim().is_empty() && self.paragraphs().next().is_none()
    }
}

/// What separates paragraphs in [`Article::body_text`].
pub const PARAGRAPH_SEPARATOR: &str = "\n\n";
