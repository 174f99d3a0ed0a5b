//! Articles: what newsdex reads out of a file before anything is extracted.
//!
//! An [`Article`] is a headline, optional metadata (byline, dateline, source,
//! date) and a body divided into [`Section`]s of paragraphs. Each [`Format`]
//! has a reader of its own ([`text`], [`markdown`], [`json`] for JSON and JSON
//! Lines, [`html`]); all of them go through [`decode`] first, [`boilerplate`]
//! drops what is not the article, [`date`] reads publication dates, and
//! [`read`] picks the reader by the file's extension (and by content: a `.txt`
//! that is a web page, a `.json` that is JSON Lines).

pub mod boilerplate;
pub mod date;
pub mod decode;
pub mod html;
pub mod json;
pub mod markdown;
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
    /// The desk or category the publisher files it under ("politics").
    pub category: Option<String>,
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

/// The file formats newsdex reads, chosen by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `.txt`: line 1 the headline, then paragraphs.
    Text,
    /// `.md`, `.markdown`: front matter and headings.
    Markdown,
    /// `.json`: one article, or an array of them.
    Json,
    /// `.jsonl`, `.ndjson`: one article per line.
    JsonLines,
    /// `.html`, `.htm`: a saved web page.
    Html,
}

impl Format {
    /// The format of a file, from its extension; `None` for files newsdex does not read.
    pub fn of(path: &Path) -> Option<Format> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "txt" => Some(Format::Text),
            "md" | "markdown" => Some(Format::Markdown),
            "json" => Some(Format::Json),
            "jsonl" | "ndjson" => Some(Format::JsonLines),
            "html" | "htm" | "xhtml" => Some(Format::Html),
            _ => None,
        }
    }
}

/// One article of a file, with the key that tells it from the file's others.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The article.
    pub article: Article,
    /// Empty for a file holding one article; `#N` for the Nth of a JSON array
    /// or the article on line N of a JSON Lines file.
    pub key: String,
}

/// A file read: its articles, the parts skipped, and what the indexer records.
#[derive(Debug, Clone)]
pub struct ReadFile {
    /// The articles, in file order.
    pub entries: Vec<Entry>,
    /// Parts of the file that were not articles: `(location, why)`, such as
    /// `("file.jsonl:12", "malformed JSON: …")`.
    pub skipped: Vec<(String, String)>,
    /// The xxh3 hash of the file's bytes.
    pub content_hash: u64,
    /// The file's size in bytes.
    pub size: u64,
    /// How its bytes were decoded.
    pub encoding: decode::Encoding,
}

/// Reads every article of a file. The error says why the whole file was skipped.
pub fn read(path: &Path) -> Result<ReadFile> {
    let skipped = |why: String| Error::Article {
        path: path.to_path_buf(),
        why,
    };
    let format =
        Format::of(path).ok_or_else(|| skipped("not an article format newsdex reads".into()))?;
    let bytes = std::fs::read(path).map_err(|e| skipped(format!("unreadable: {}", e.kind())))?;
    let (text, encoding) =
        decode::decode(&bytes).map_err(|not_text| skipped(not_text.to_string()))?;
    let mut file = ReadFile {
        entries: Vec::new(),
        skipped: Vec::new(),
        content_hash: xxhash_rust::xxh3::xxh3_64(&bytes),
        size: bytes.len() as u64,
        encoding,
    };
    let single = |article: Article| Entry {
        article,
        key: String::new(),
    };
    match format {
        // A `.txt` that is really a web page is read as one (tags would be indexed).
        Format::Html => {
            let article = html::parse(&text).map_err(|too_deep| skipped(too_deep.to_string()))?;
            file.entries.push(single(article));
        }
        Format::Text if looks_like_html(&text) => {
            let article = html::parse(&text).map_err(|too_deep| skipped(too_deep.to_string()))?;
            file.entries.push(single(article));
        }
        Format::Text => file.entries.push(single(text::parse(&text))),
        Format::Markdown => file.entries.push(single(markdown::parse(&text))),
        // A `.json` file that is really JSON Lines is read as such.
        Format::Json if looks_like_json_lines(&text) => read_json_lines(path, &text, &mut file),
        Format::Json => {
            let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
                skipped(format!(
                    "malformed JSON at line {} column {}: {e}",
                    e.line(),
                    e.column()
                ))
            })?;
            let items = match value {
                serde_json::Value::Array(items) => items,
                one => vec![one],
            };
            let many = items.len() > 1;
            for (n, item) in items.iter().enumerate() {
                let key = if many {
                    format!("#{}", n + 1)
                } else {
                    String::new()
                };
                match json::article(item) {
                    Ok(article) => file.entries.push(Entry { article, key }),
                    Err(why) => file
                        .skipped
                        .push((format!("{}{key}", path.display()), why.to_string())),
                }
            }
        }
        Format::JsonLines => read_json_lines(path, &text, &mut file),
    }
    file.entries.retain(|entry| !entry.article.is_empty());
    if file.entries.is_empty() && file.skipped.is_empty() {
        return Err(skipped("no article text".to_string()));
    }
    Ok(file)
}

/// One article per line; a bad line is skipped as `file:line`, the others kept.
fn read_json_lines(path: &Path, text: &str, file: &mut ReadFile) {
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let location = format!("{}:{}", path.display(), n + 1);
        match serde_json::from_str::<serde_json::Value>(line) {
            Ok(value) => match json::article(&value) {
                Ok(article) => file.entries.push(Entry {
                    article,
                    key: format!("#{}", n + 1),
                }),
                Err(why) => file.skipped.push((location, why.to_string())),
            },
            Err(e) => file
                .skipped
                .push((location, format!("malformed JSON: {e}"))),
        }
    }
}

/// Two or more lines that each open and close a JSON object.
fn looks_like_json_lines(text: &str) -> bool {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let object_line = |line: &str| line.starts_with('{') && line.ends_with('}');
    match (lines.next(), lines.next()) {
        (Some(first), Some(second)) => object_line(first) && object_line(second),
        _ => false,
    }
}

/// A document that opens like a web page.
fn looks_like_html(text: &str) -> bool {
    let start = text
        .trim_start()
        .chars()
        .take(15)
        .collect::<String>()
        .to_lowercase();
    start.starts_with("<!doctype html") || start.starts_with("<html")
}
