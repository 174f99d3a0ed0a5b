//! Reading an article back out of the index, as `newsdex show` prints it.

use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{Facet, Field, IndexRecordOption};
use tantivy::{DocAddress, TantivyDocument, Term};

use super::Searcher;
use super::facets::FACET_SEP_BYTE;
use crate::article::{PARAGRAPH_SEPARATOR, Section};
use crate::index::KIND_ARTICLE;
use crate::index::document::OutlineEntry;
pub(crate) use crate::index::document::{first_text, published_of};
use crate::{Error, Result};

/// An article as the index holds it: what `newsdex show --json` prints, a
/// contract (keys may be added, never renamed or removed):
///
/// ```json
/// {"id": "71cabaa792bf87f1", "path": "/home/me/corpus/alaska-summit.txt",
///  "headline": "…", "source": "Real News Now", "byline": null, "dateline": null,
///  "published": null,
///  "sections": [{"title": null, "paragraphs": ["…", "…"]},
///               {"title": "Trump Holds His Cards Close", "paragraphs": ["…"]}]}
/// ```
#[derive(Debug, Clone, Serialize)]
pub struct StoredArticle {
    /// The article's id.
    pub id: String,
    /// Its file.
    pub path: String,
    /// Its headline.
    pub headline: String,
    /// The publication.
    pub source: Option<String>,
    /// The author line.
    pub byline: Option<String>,
    /// The dateline opening the story.
    pub dateline: Option<String>,
    /// The publication date, RFC 3339.
    pub published: Option<String>,
    /// The body, section by section.
    pub sections: Vec<Section>,
}

/// The people and places of an article, as its facets count them.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleFacts {
    /// The people named, by canonical name.
    pub people: Vec<String>,
    /// The places, as location facet paths (`/United States/Alaska/Anchorage`).
    pub locations: Vec<String>,
}

/// An article with what the index knows of it besides its text.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleView {
    /// The article, as `show --json` gives it.
    pub article: StoredArticle,
    /// Its quotations, in reading order.
    pub quotes: Vec<ViewQuote>,
    /// Its people and places.
    pub facts: ArticleFacts,
}

/// One quotation of an article, with its speaker.
#[derive(Debug, Clone, Serialize)]
pub struct ViewQuote {
    /// The quoted words.
    pub text: String,
    /// Who said them, when known.
    pub speaker: Option<String>,
}

/// The address of the article document whose `field` is `value` (a path
/// is shared by an article and its quotations: the article is taken).
fn article_address(
    searcher: &tantivy::Searcher,
    field: Field,
    value: &str,
    kind: Field,
) -> Result<Option<DocAddress>> {
    let query = holding([(field, value), (kind, KIND_ARTICLE)]);
    let found = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
    Ok(found.first().map(|&(_, address)| address))
}

/// The people and places of the article document at `address`, as the
/// index counts them in its facets.
fn facts_at(searcher: &tantivy::Searcher, address: DocAddress) -> Result<ArticleFacts> {
    let reader = searcher.segment_reader(address.segment_ord);
    let values = |column: &str| -> Result<Vec<String>> {
        let Some(column) = reader.fast_fields().str(column)? else {
            return Ok(Vec::new());
        };
        let mut values = Vec::new();
        for ord in column.term_ords(address.doc_id) {
            let mut value = String::new();
            column
                .ord_to_str(ord, &mut value)
                .map_err(|e| Error::io("cannot read a facet value", e))?;
            values.push(value);
        }
        Ok(values)
    };
    let locations = values("location")?
        .iter()
        .map(|encoded| Facet::from_path(encoded.split(char::from(FACET_SEP_BYTE))).to_path_string())
        .collect();
    Ok(ArticleFacts {
        people: values("people")?,
        locations,
    })
}

/// The documents holding both exact values (`field`, `value`).
fn holding(both: [(Field, &str); 2]) -> BooleanQuery {
    BooleanQuery::new(
        both.iter()
            .map(|&(field, value)| {
                let term = TermQuery::new(
                    Term::from_field_text(field, value),
                    IndexRecordOption::Basic,
                );
                (Occur::Must, Box::new(term) as Box<dyn Query>)
            })
            .collect(),
    )
}

/// The most quotations of one article listed with it.
const MAX_QUOTATIONS_SHOWN: usize = 1_000;

impl Searcher {
    /// Finds an article by id, or by the path of its file.
    pub fn article(&self, id_or_path: &str) -> Result<Option<StoredArticle>> {
        let fields = *self.news_index().fields();
        let mut keys = vec![(fields.id, id_or_path.to_string())];
        if let Ok(absolute) = std::fs::canonicalize(id_or_path) {
            keys.push((fields.path, absolute.to_string_lossy().into_owned()));
        }
        keys.push((fields.path, id_or_path.to_string()));
        self.article_by(keys)
    }

    /// An article by its id alone, with its quotations, people and places:
    /// what a server shows, so that no file outside the index is ever looked
    /// at. One look-up finds the article document; its facts are read from
    /// it.
    pub fn article_view(&self, id: &str) -> Result<Option<ArticleView>> {
        let fields = *self.news_index().fields();
        let searcher = self.tantivy_searcher();
        let Some(address) = article_address(&searcher, fields.id, id, fields.kind)? else {
            return Ok(None);
        };
        let doc: TantivyDocument = searcher.doc(address)?;
        let article = self.stored_article(&doc);
        let quotes = self.quotations_of(&searcher, &article.path)?;
        let facts = facts_at(&searcher, address)?;
        Ok(Some(ArticleView {
            article,
            quotes,
            facts,
        }))
    }

    /// An article's quotations, in the order they were indexed, each with
    /// its speaker: the quotation documents of the article's file.
    fn quotations_of(&self, searcher: &tantivy::Searcher, path: &str) -> Result<Vec<ViewQuote>> {
        let fields = *self.news_index().fields();
        let query = holding([(fields.path, path), (fields.kind, crate::index::KIND_QUOTE)]);
        let mut found = searcher.search(
            &query,
            &TopDocs::with_limit(MAX_QUOTATIONS_SHOWN).order_by_score(),
        )?;
        found.sort_by_key(|(_, address)| *address);
        found
            .into_iter()
            .map(|(_, address)| {
                let doc: TantivyDocument = searcher.doc(address)?;
                Ok(ViewQuote {
                    text: first_text(&doc, fields.quote).unwrap_or_default(),
                    speaker: first_text(&doc, fields.speaker),
                })
            })
            .collect()
    }

    /// The first article that one of `keys` (field, exact value) finds.
    fn article_by(&self, keys: Vec<(Field, String)>) -> Result<Option<StoredArticle>> {
        let fields = *self.news_index().fields();
        let searcher = self.tantivy_searcher();
        for (field, key) in keys {
            if let Some(address) = article_address(&searcher, field, &key, fields.kind)? {
                let doc: TantivyDocument = searcher.doc(address)?;
                return Ok(Some(self.stored_article(&doc)));
            }
        }
        Ok(None)
    }

    fn stored_article(&self, doc: &TantivyDocument) -> StoredArticle {
        let fields = self.news_index().fields();
        let body = first_text(doc, fields.body).unwrap_or_default();
        let mut paragraphs = body
            .split(PARAGRAPH_SEPARATOR)
            .filter(|p| !p.is_empty())
            .map(str::to_string);
        let sections = outline_of(doc, fields.outline)
            .into_iter()
            .map(|entry| Section {
                title: entry.title,
                paragraphs: paragraphs.by_ref().take(entry.paragraphs).collect(),
            })
            .collect();
        StoredArticle {
            id: first_text(doc, fields.id).unwrap_or_default(),
            path: first_text(doc, fields.path).unwrap_or_default(),
            headline: first_text(doc, fields.headline).unwrap_or_default(),
            source: first_text(doc, fields.source),
            byline: first_text(doc, fields.byline),
            dateline: first_text(doc, fields.dateline),
            published: published_of(doc, fields.published),
            sections,
        }
    }
}

/// The stored outline of an article (empty for other documents).
pub(crate) fn outline_of(doc: &TantivyDocument, field: Field) -> Vec<OutlineEntry> {
    first_text(doc, field)
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default()
}

/// The title of the section holding byte `offset` of a body built by
/// [`crate::article::Article::body_text`].
pub(crate) fn section_at(outline: &[OutlineEntry], body: &str, offset: usize) -> Option<String> {
    let offset = offset.min(body.len());
    let paragraph = body
        .get(..offset)
        .map_or(0, |before| before.matches(PARAGRAPH_SEPARATOR).count());
    let mut seen = 0;
    for entry in outline {
        seen += entry.paragraphs;
        if paragraph < seen {
            return entry.title.clone();
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_at_maps_offsets_to_sub_headings() {
        let outline = vec![
            OutlineEntry {
                title: None,
                paragraphs: 1,
            },
            OutlineEntry {
                title: Some("Second".into()),
                paragraphs: 2,
            },
        ];
        let body = "one\n\ntwo\n\nthree";
        assert_eq!(section_at(&outline, body, 0), None);
        assert_eq!(section_at(&outline, body, 6).as_deref(), Some("Second"));
        assert_eq!(section_at(&outline, body, 12).as_deref(), Some("Second"));
    }
}
