//! Articles: what newsdex reads out of a file before anything is extracted.
//!
//! An [`Article`] is a headline, optional metadata (byline, dateline, source)
//! and a body divided into [`Section`]s of paragraphs. Each format has a reader
//! of its own (plain text in [`text`]); all of them go through [`decode`] first.

pub mod boilerplate;
pub mod date;
pub mod decode;
pub mod text;

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::{Error, Result};

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

/// An article read from a file, with what the indexer records about the file.
#[derive(Debug, Clone)]
pub struct ReadArticle {
    /// The article.
    pub article: Article,
    /// The file's bytes' xxh3 hash.
    pub content_hash: u64,
    /// The file's size in bytes.
    pub size: u64,
    /// How its bytes were decoded.
    pub encoding: decode::Encoding,
}

/// Reads and parses an article file. The error says why the file was skipped.
pub fn read(path: &Path) -> Result<ReadArticle> {
    let skipped = |why: String| Error::Article {
        path: path.to_path_buf(),
        why,
    };
    let bytes = std::fs::read(path).map_err(|e| skipped(format!("unreadable: {}", e.kind())))?;
    let (text, encoding) =
        decode::decode(&bytes).map_err(|not_text| skipped(not_text.to_string()))?;
    let article = text::parse(&text);
    if article.is_empty() {
        return Err(skipped("no article text".to_string()));
    }
    Ok(ReadArticle {
        article,
        content_hash: xxhash_rust::xxh3::xxh3_64(&bytes),
        size: bytes.len() as u64,
        encoding,
    })
}
