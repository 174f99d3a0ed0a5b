//! Turning an [`Article`] into the tantivy documents that represent it.
//!
//! An article is one document of kind `article`; its sections are kept in a
//! stored `outline` so `newsdex show` can print the article as it was read.
//! Every quotation is a document of kind `quote` of its own, carrying the
//! article's id, path, source and date, so quotations can be filtered like
//! articles and deleting by path removes an article with all its quotations.
//! The headline and byline are not repeated on quotations: indexed there, they
//! would count once per quotation in their term statistics and skew article
//! ranking; search looks them up from the article instead.

use serde::{Deserialize, Serialize};
use tantivy::TantivyDocument;
use tantivy::schema::{Facet, Field, Value};

use super::clusters;
use super::walk::Candidate;
use super::{Fields, KIND_ARTICLE, KIND_QUOTE};
use crate::article::{Article, ReadFile};
use crate::extract::{Extraction, Quote};

/// Where a file came from, recorded with its article for re-indexing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileInfo {
    /// The file's absolute path.
    pub path: String,
    /// Its size in bytes.
    pub size: u64,
    /// Its modification time, in seconds since the Unix epoch.
    pub modified: u64,
    /// The xxh3 hash of its bytes.
    pub content_hash: u64,
}

impl FileInfo {
    /// The record of a file the walk found, once read.
    pub fn of(candidate: &Candidate, read: &ReadFile) -> Self {
        FileInfo {
            path: candidate.canonical.clone(),
            size: read.size,
            modified: candidate.modified,
            content_hash: read.content_hash,
        }
    }

    /// An article's id: a short stable hash of its path and its key within the
    /// file (empty for a file of one article, `#N` for the Nth of several).
    pub fn article_id(&self, key: &str) -> String {
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        hasher.update(self.path.as_bytes());
        hasher.update(key.as_bytes());
        format!("{:016x}", hasher.digest())
    }
}

/// One section as recorded in the stored outline: its title and paragraph count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutlineEntry {
    /// The sub-heading, if any.
    pub title: Option<String>,
    /// How many paragraphs of the body belong to it.
    pub paragraphs: usize,
}

/// Builds the documents of an article: the article itself, then its quotations.
pub fn documents(
    fields: &Fields,
    article: &Article,
    extraction: &Extraction,
    file: &FileInfo,
    key: &str,
) -> Vec<TantivyDocument> {
    let id = file.article_id(key);
    let mut docs = Vec::with_capacity(1 + extraction.quotes.len());
    docs.push(article_document(fields, article, extraction, file, &id));
    for (ordinal, quote) in extraction.quotes.iter().enumerate() {
        let mut doc = quote_document(fields, article, extraction, quote, file, &id);
        doc.add_u64(fields.quote_key, clusters::quote_key(&id, ordinal));
        docs.push(doc);
    }
    docs
}

/// Builds the article document.
fn article_document(
    fields: &Fields,
    article: &Article,
    extraction: &Extraction,
    file: &FileInfo,
    id: &str,
) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.id, id);
    doc.add_text(fields.kind, KIND_ARTICLE);
    doc.add_text(fields.article_id, id);
    doc.add_text(fields.path, &file.path);
    doc.add_text(fields.headline, &article.headline);
    let body = article.body_text();
    // The stems of headline and body together: for recall of other forms of a word.
    doc.add_text(fields.stems, &article.headline);
    doc.add_text(fields.stems, &body);
    doc.add_text(fields.body, body);
    // The publisher's desk ("politics") and the sub-headings are both sections.
    for title in article
        .category
        .iter()
        .map(String::as_str)
        .chain(article.section_titles())
    {
        doc.add_text(fields.section, title);
    }
    let outline: Vec<OutlineEntry> = article
        .sections
        .iter()
        .map(|section| OutlineEntry {
            title: section.title.clone(),
            paragraphs: section.paragraphs.len(),
        })
        .collect();
    // Serializing plain strings and integers to JSON cannot fail.
    doc.add_text(
        fields.outline,
        serde_json::to_string(&outline).unwrap_or_default(),
    );
    for (field, value) in [
        (fields.dateline, &article.dateline),
        (fields.byline, &article.byline),
    ] {
        if let Some(value) = value {
            doc.add_text(field, value);
        }
    }
    for speaker in extraction.speakers() {
        doc.add_text(fields.speaker, speaker);
    }
    add_article_facts(fields, &mut doc, article, extraction);
    doc.add_u64(fields.content_hash, file.content_hash);
    doc.add_u64(fields.file_size, file.size);
    doc.add_u64(fields.modified, file.modified);
    doc
}

/// Builds the document of a quotation of an article. It has no id of its own,
/// only the key its cluster is found by (see [`clusters::quote_key`]).
fn quote_document(
    fields: &Fields,
    article: &Article,
    extraction: &Extraction,
    quote: &Quote,
    file: &FileInfo,
    article_id: &str,
) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.kind, KIND_QUOTE);
    doc.add_text(fields.article_id, article_id);
    doc.add_text(fields.path, &file.path);
    doc.add_text(fields.quote, &quote.text);
    doc.add_text(fields.stems, &quote.text);
    for (field, value) in [
        (fields.speaker, &quote.speaker),
        (fields.mention, &quote.mention),
        (fields.cue, &quote.cue),
        (fields.section, &quote.section),
    ] {
        if let Some(value) = value {
            doc.add_text(field, value);
        }
    }
    if let Some(paragraph) = quote.paragraph {
        doc.add_u64(fields.paragraph, paragraph as u64);
    }
    add_article_facts(fields, &mut doc, article, extraction);
    doc
}

/// The facts an article and each of its quotations share.
fn add_article_facts(
    fields: &Fields,
    doc: &mut TantivyDocument,
    article: &Article,
    extraction: &Extraction,
) {
    for person in &extraction.people {
        doc.add_text(fields.people, &person.name);
    }
    for place in &extraction.places {
        doc.add_facet(fields.location, Facet::from_path(place.path.iter()));
    }
    if let Some(source) = &article.source {
        doc.add_text(fields.source, source);
    }
    if let Some(published) = article.published {
        doc.add_date(fields.published, tantivy::DateTime::from_utc(published));
        doc.add_text(fields.month, month_of(published));
    }
}

/// The `YYYY-MM` month of a date, for per-month counts.
pub fn month_of(date: time::OffsetDateTime) -> String {
    let utc = date.to_offset(time::UtcOffset::UTC);
    format!("{:04}-{:02}", utc.year(), u8::from(utc.month()))
}

/// The first stored text value of a field, as [`documents`] wrote it.
pub fn first_text(doc: &TantivyDocument, field: Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|value| value.as_str())
        .map(str::to_string)
}

/// The stored publication date as RFC 3339.
pub fn published_of(doc: &TantivyDocument, field: Field) -> Option<String> {
    let date = doc.get_first(field)?.as_datetime()?;
    date.into_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .ok()
}
