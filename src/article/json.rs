//! The JSON and JSON Lines readers: one article per object.
//!
//! Scrapers and archives name the same things differently; the common names
//! are mapped: headline from `title`/`headline`, body from `text`/`body`/
//! `content`/`articleBody` (a string, or a list of paragraphs), date from
//! `date`/`published`/`publish_date`/`datePublished`/`pubDate` (a date string,
//! the Reuters form, `{"$date": ms}`, or Unix milliseconds), byline from
//! `author`/`authors`/`byline` (a string, a list, or objects with a `name`),
//! `section`/`category`, `source`/`site`/`publisher`, and `dateline`. The body
//! goes through the plain-text reader, so wire-story wrapping, sub-headings and
//! boilerplate are handled alike.

use serde_json::Value;

use super::{Article, date, text};

/// Why an object is not an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotArticle {
    /// The JSON value is not an object.
    NotAnObject,
    /// The object has neither a headline nor a body.
    NoText,
}

impl std::fmt::Display for NotArticle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            NotArticle::NotAnObject => "not a JSON object",
            NotArticle::NoText => "no article text (no title or body field)",
        })
    }
}

const HEADLINE: &[&str] = &["title", "headline", "name"];
const BODY: &[&str] = &[
    "text",
    "body",
    "content",
    "articleBody",
    "article_body",
    "story",
];
const DATE: &[&str] = &[
    "date",
    "published",
    "publish_date",
    "published_at",
    "datePublished",
    "pubDate",
    "publishedAt",
];
const BYLINE: &[&str] = &["byline", "author", "authors", "creator"];
const SECTION: &[&str] = &["section", "category", "categories", "articleSection"];
const SOURCE: &[&str] = &["source", "site", "site_name", "publisher", "source_name"];

/// Reads one article from a JSON object.
pub fn article(value: &Value) -> Result<Article, NotArticle> {
    let object = value.as_object().ok_or(NotArticle::NotAnObject)?;
    let field = |names: &[&str]| names.iter().find_map(|name| object.get(*name));
    let headline = field(HEADLINE).and_then(plain_text).unwrap_or_default();
    let body = field(BODY).and_then(plain_text).unwrap_or_default();
    if headline.trim().is_empty() && body.trim().is_empty() {
        return Err(NotArticle::NoText);
    }
    // The plain-text reader takes line 1 as the headline.
    let mut article = text::parse(&format!("{}\n\n{}", headline.trim(), body));
    if headline.trim().is_empty() {
        article.headline = String::new();
    }
    if let Some(published) = field(DATE).and_then(date_of) {
        article.published = Some(published);
    }
    if let Some(byline) = field(BYLINE).and_then(names) {
        article.byline = Some(byline);
    }
    if let Some(source) = field(SOURCE).and_then(names) {
        article.source = Some(source);
    }
    if let Some(category) = field(SECTION).and_then(names) {
        article.category = Some(category);
    }
    if let Some(dateline) = object.get("dateline").and_then(Value::as_str) {
        let dateline = dateline.trim().trim_end_matches(['-', '—']).trim();
        if !dateline.is_empty() {
            article.dateline = Some(dateline.to_string());
        }
    }
    Ok(article)
}

/// A string, or a list of strings as paragraphs.
fn plain_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Array(items) => {
            let parts: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
            (!parts.is_empty()).then(|| parts.join("\n\n"))
        }
        _ => None,
    }
}

/// A name, a list of names, or objects with a `name`: joined with commas.
fn names(value: &Value) -> Option<String> {
    let one = |value: &Value| -> Option<String> {
        match value {
            Value::String(name) => Some(name.trim().to_string()),
            Value::Object(object) => object
                .get("name")
                .and_then(Value::as_str)
                .map(str::to_string),
            _ => None,
        }
    };
    let names: Vec<String> = match value {
        Value::Array(items) => items.iter().filter_map(one).collect(),
        other => one(other).into_iter().collect(),
    };
    let names: Vec<String> = names.into_iter().filter(|n| !n.is_empty()).collect();
    (!names.is_empty()).then(|| names.join(", "))
}

/// A date string, `{"$date": ms}`, or Unix time (milliseconds when that large).
fn date_of(value: &Value) -> Option<time::OffsetDateTime> {
    match value {
        Value::String(text) => date::parse(text),
        Value::Object(object) => object.get("$date").and_then(date_of),
        Value::Number(number) => {
            let n = number.as_i64()?;
            // After 2001-09-09 in seconds, a number this large is milliseconds.
            let seconds = if n.abs() > 1_000_000_000_000 {
                n / 1000
            } else {
                n
            };
            time::OffsetDateTime::from_unix_timestamp(seconds).ok()
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reuters_json_lines_fields() {
        let article = article(&json!({
            "date": "26-FEB-1987 15:01:01.79",
            "title": "BAHIA COCOA REVIEW",
            "dateline": "SALVADOR, Feb 26 -",
            "body": "Showers continued throughout the week in\nthe Bahia cocoa zone.\n    The dry period means the temporao will be late."
        }))
        .unwrap();
        assert_eq!(article.headline, "BAHIA COCOA REVIEW");
        assert_eq!(article.dateline.as_deref(), Some("SALVADOR, Feb 26"));
        assert_eq!(article.published.unwrap().date().to_string(), "1987-02-26");
        assert_eq!(
            article.sections[0].paragraphs,
            [
                "Showers continued throughout the week in the Bahia cocoa zone.",
                "The dry period means the temporao will be late."
            ]
        );
    }

    #[test]
    fn fakenewsnet_fields() {
        let article = article(&json!({
            "title": "Man sought in blast",
            "text": "NEW YORK — Police released a photo.\n\nHe is wanted for questioning.",
            "authors": ["Jane Roe", "John Doe"],
            "publish_date": {"$date": 1474243200000i64},
            "source": "http://www.politico.com"
        }))
        .unwrap();
        assert_eq!(article.byline.as_deref(), Some("Jane Roe, John Doe"));
        assert_eq!(article.published.unwrap().date().to_string(), "2016-09-19");
        assert_eq!(article.sections[0].paragraphs.len(), 2);
    }

    #[test]
    fn objects_without_text_are_not_articles() {
        assert_eq!(
            article(&json!({"url": "x"})).unwrap_err(),
            NotArticle::NoText
        );
        assert_eq!(
            article(&json!({"title": "", "text": ""})).unwrap_err(),
            NotArticle::NoText
        );
        assert_eq!(
            article(&json!([1, 2])).unwrap_err(),
            NotArticle::NotAnObject
        );
    }
}
