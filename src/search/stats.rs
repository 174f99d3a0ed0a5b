//! A summary of an index: documents by kind, size on disk, schema.

use serde::Serialize;
use tantivy::collector::Count;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;

use super::Searcher;
use crate::index::schema::FieldType;
use crate::index::{KIND_ARTICLE, KIND_QUOTE};
use tantivy::Term;

use crate::{Error, Result};

/// What `newsdex stats` reports; `stats --json` prints it, a contract (keys
/// may be added, never renamed or removed):
///
/// ```json
/// {"path": "newsdex-index", "articles": 11, "quotes": 89, "size_bytes": 301211,
///  "schema_version": 7, "segments": 1,
///  "quotation_clusters": {"clusters": 4, "quotations": 9, "largest": [3, 2, 2, 2]},
///  "fields": [{"name": "headline", "type": "text (news)", "stored": true,
///              "indexed": true, "fast": false, "default_search": true}]}
/// ```
#[derive(Debug, Clone, Serialize)]
pub struct IndexSummary {
    /// Where the index is.
    pub path: String,
    /// Article documents.
    pub articles: usize,
    /// Quotation documents.
    pub quotes: usize,
    /// Bytes of the index's files.
    pub size_bytes: u64,
    /// The schema version the index was built with.
    pub schema_version: u32,
    /// The index's segments.
    pub segments: usize,
    /// The quotations carried by more than one article.
    pub quotation_clusters: ClusterCounts,
    /// The fields, as the schema declares them.
    pub fields: Vec<FieldSummary>,
}

/// The quotation clusters of two quotations or more.
#[derive(Debug, Clone, Serialize)]
pub struct ClusterCounts {
    /// How many clusters.
    pub clusters: usize,
    /// How many quotations they hold.
    pub quotations: usize,
    /// The ten largest clusters' sizes.
    pub largest: Vec<usize>,
}

/// One field of the schema.
#[derive(Debug, Clone, Serialize)]
pub struct FieldSummary {
    /// Its name.
    pub name: String,
    /// Its type.
    #[serde(rename = "type")]
    pub field_type: String,
    /// Whether its value is kept.
    pub stored: bool,
    /// Whether it has terms to search by (`stored` fields never do).
    pub indexed: bool,
    /// Whether it has a column for counting and sorting.
    pub fast: bool,
    /// Whether a query without a field name searches it.
    pub default_search: bool,
}

impl Searcher {
    /// How many articles and quotations the index holds: what a page shows
    /// on every view, without the rest of [`Searcher::summary`] (which lists
    /// the index's files).
    pub fn document_counts(&self) -> Result<(usize, usize)> {
        let news = self.news_index();
        let searcher = self.tantivy_searcher();
        let count = |kind: &str| -> Result<usize> {
            let query = TermQuery::new(
                Term::from_field_text(news.fields().kind, kind),
                IndexRecordOption::Basic,
            );
            Ok(searcher.search(&query, &Count)?)
        };
        Ok((count(KIND_ARTICLE)?, count(KIND_QUOTE)?))
    }

    /// Counts documents by kind and measures the index.
    pub fn summary(&self) -> Result<IndexSummary> {
        let news = self.news_index();
        let searcher = self.tantivy_searcher();
        let (articles, quotes) = self.document_counts()?;
        let size_bytes = std::fs::read_dir(&news.dir)
            .map_err(|e| Error::io(format!("cannot list {}", news.dir.display()), e))?
            .filter_map(|entry| entry.ok()?.metadata().ok())
            .filter(|meta| meta.is_file())
            .map(|meta| meta.len())
            .sum();
        let fields = news
            .schema
            .specs
            .iter()
            .map(|spec| FieldSummary {
                name: spec.name.clone(),
                field_type: match spec.field_type {
                    FieldType::Text => {
                        format!("text ({})", spec.analyzer.as_deref().unwrap_or("?"))
                    }
                    other => format!("{other:?}").to_lowercase(),
                },
                stored: spec.stored || spec.field_type == FieldType::Stored,
                indexed: spec.indexed && spec.field_type != FieldType::Stored,
                fast: spec.fast,
                default_search: spec.default_search,
            })
            .collect();
        Ok(IndexSummary {
            path: news.dir.display().to_string(),
            articles,
            quotes,
            size_bytes,
            schema_version: news.schema.version,
            segments: searcher.segment_readers().len(),
            quotation_clusters: self.cluster_counts(&searcher)?,
            fields,
        })
    }
}
