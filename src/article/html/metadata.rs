//! What a page says about itself: headline, byline, date, source, section.
//!
//! Read from its `<meta>` tags (Open Graph, `article:`, Dublin Core) and JSON-LD
//! blocks, gathered in one walk of the tree, then from `<h1>`, `<title>`,
//! `rel=author` and `<time datetime>`.

use scraper::{ElementRef, Html};

use super::{clean, selector};
use crate::article::date;

/// What a page says about itself in its markup: its `<meta>` tags and JSON-LD
/// blocks, gathered in one walk of the tree (each field looked up asks for
/// several names, and a walk per name would cost more than the parse).
pub(super) struct About {
    /// Each `<meta>` with a non-empty `content`, in page order.
    metas: Vec<MetaTag>,
    /// Each JSON-LD block that parses.
    json_ld: Vec<serde_json::Value>,
}

/// A `<meta>` tag: its `property`, `name` and `itemprop` (the keys it may be
/// looked up by, in that order of preference) and its `content`.
pub(super) struct MetaTag {
    keys: [Option<String>; 3],
    content: String,
}

impl About {
    pub(super) fn of(page: &Html) -> About {
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
    pub(super) fn meta(&self, names: &[&str]) -> Option<String> {
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
    pub(super) fn json_ld(&self, key: &str) -> Option<String> {
        self.json_ld
            .iter()
            .find_map(|value| find_key(value, key, 0))
    }
}

pub(super) fn find_key(value: &serde_json::Value, key: &str, depth: usize) -> Option<String> {
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

pub(super) fn headline(page: &Html, about: &About) -> String {
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

pub(super) fn byline(page: &Html, about: &About) -> Option<String> {
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

pub(super) fn published(page: &Html, about: &About) -> Option<time::OffsetDateTime> {
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
