//! Running queries: ranked article hits with snippets.

use std::path::Path;
use std::time::Instant;

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, QueryParser, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, IndexReader, ReloadPolicy, TantivyDocument, Term};

use super::query;
use super::results::{Hit, SearchResults};
use super::snippet::{SNIPPET_CHARS, best_passage};
use super::stored::{first_text, outline_of, published_of, section_at};
use crate::index::{KIND_ARTICLE, NewsIndex};
use crate::{Error, Result};

/// What to search for, validated.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    /// The query, in tantivy's query language or plain pasted text.
    pub query: String,
    /// Hits per page.
    pub limit: usize,
    /// Hits to skip (for the pages after the first).
    pub offset: usize,
}

impl SearchRequest {
    /// The first ten hits for a query.
    pub fn new(query: impl Into<String>) -> Self {
        SearchRequest {
            query: query.into(),
            limit: 10,
            offset: 0,
        }
    }
}

/// An open index, ready to answer queries.
pub struct Searcher {
    news: NewsIndex,
    reader: IndexReader,
    parser: QueryParser,
}

impl Searcher {
    /// Opens the index at `dir` for reading.
    pub fn open(dir: &Path) -> Result<Self> {
        let news = NewsIndex::open(dir)?;
        // A one-shot process reads the last commit; it never needs to reload.
        let reader = news
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let defaults = news.schema.default_search_fields();
        let mut parser = QueryParser::for_index(
            &news.index,
            defaults.iter().map(|(field, _)| *field).collect(),
        );
        for (field, boost) in defaults {
            parser.set_field_boost(field, boost);
        }
        Ok(Searcher {
            news,
            reader,
            parser,
        })
    }

    /// The open index.
    pub fn news_index(&self) -> &NewsIndex {
        &self.news
    }

    /// A tantivy searcher on the last commit.
    pub fn tantivy_searcher(&self) -> tantivy::Searcher {
        self.reader.searcher()
    }

    /// Answers a query with one page of ranked article hits.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        let started = Instant::now();
        let fields = self.news.fields();
        let built = query::build(&self.parser, &self.news.schema, &request.query)?;
        let of_kind = TermQuery::new(
            Term::from_field_text(fields.kind, KIND_ARTICLE),
            IndexRecordOption::Basic,
        );
        let query = BooleanQuery::new(vec![
            (Occur::Must, built.query.box_clone()),
            (Occur::Must, Box::new(of_kind) as Box<dyn Query>),
        ]);
        let searcher = self.reader.searcher();
        let collector = (
            TopDocs::with_limit(request.limit.max(1))
                .and_offset(request.offset)
                .order_by_score(),
            Count,
        );
        let (top, total_hits) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            searcher.search(&query, &collector)
        }))
        .map_err(|_| Error::User("the query could not be run: simplify it".into()))??;

        let mut generator = SnippetGenerator::create(&searcher, &*built.query, fields.body)?;
        generator.set_max_num_chars(SNIPPET_CHARS);
        let hits = top
            .into_iter()
            .take(request.limit)
            .enumerate()
            .map(|(i, (score, address))| {
                self.hit(
                    &searcher,
                    &generator,
                    request.offset + i + 1,
                    score,
                    address,
                )
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(SearchResults {
            query: request.query.clone(),
            total_hits,
            took_ms: started.elapsed().as_secs_f64() * 1e3,
            warnings: built.warnings,
            hits,
        })
    }

    fn hit(
        &self,
        searcher: &tantivy::Searcher,
        generator: &SnippetGenerator,
        rank: usize,
        score: f32,
        address: DocAddress,
    ) -> Result<Hit> {
        let fields = self.news.fields();
        let doc: TantivyDocument = searcher.doc(address)?;
        let body = first_text(&doc, fields.body).unwrap_or_default();
        let (snippet, offset) = best_passage(generator, &body);
        let outline = outline_of(&doc, fields.outline);
        Ok(Hit {
            rank,
            score,
            kind: first_text(&doc, fields.kind).unwrap_or_default(),
            id: first_text(&doc, fields.article_id).unwrap_or_default(),
            path: first_text(&doc, fields.path).unwrap_or_default(),
            headline: first_text(&doc, fields.headline).unwrap_or_default(),
            section: section_at(&outline, &body, offset),
            source: first_text(&doc, fields.source),
            byline: first_text(&doc, fields.byline),
            published: published_of(&doc, fields.published),
            snippet,
        })
    }
}
