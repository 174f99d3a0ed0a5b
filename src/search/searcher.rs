//! Running queries: ranked article hits with snippets.

use std::path::Path;
use std::time::Instant;

use std::ops::Bound;
use tantivy::collector::{Count, TopDocs};

use rustc_hash::FxHashMap;
use tantivy::query::{
    BooleanQuery, ConstScoreQuery, EmptyQuery, EnableScoring, Occur, Query, QueryParser,
    RangeQuery, TermQuery,
};
use tantivy::schema::{Facet, Field, IndexRecordOption};
use tantivy::{DocAddress, DocSet, IndexReader, Score, TantivyDocument, TantivyError, Term};

use super::accumulator::{self, NearlyWhole};
use super::clauses::{FilterField, values_named};
use super::facets::{FacetCounter, FacetField};
use super::grouping::{self, ClusterCache};
use super::memo::MemoSearcher;
use super::query::{self, PlainMatch, WordTerms};
use super::results::{Hit, Occurrence, QuoteCluster, SearchResults};
use super::snippet::{
    Passages, QUOTE_SNIPPET_BYTES, SNIPPET_BYTES, best_passage, whole_or_passage,
};
use super::stats::ClusterCounts;
use super::stored::{first_text, outline_of, published_of, section_at};
use super::tiers::{MIN_TIER_WORDS, Placed, Reading, Standing, Tier, tiers_of};
use crate::index::{KIND_ARTICLE, KIND_QUOTE, NewsIndex};
use crate::{Error, Result};

/// Which documents a search returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Target {
    /// Articles, ranked over headline, quotations and body.
    #[default]
    Articles,
    /// Quotations, each a hit of its own, ranked over the quoted words.
    Quotes,
}

/// Conditions every hit must meet, besides the query.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// Exactly this speaker (canonical full name).
    pub speaker: Option<String>,
    /// Exactly this person named.
    pub person: Option<String>,
    /// This place or anywhere inside it: `/United States` matches Anchorage.
    pub location: Option<String>,
    /// Exactly this sub-heading.
    pub section: Option<String>,
    /// Exactly this publication.
    pub source: Option<String>,
    /// Published at or after this moment.
    pub since: Option<time::OffsetDateTime>,
    /// Published at or before this moment.
    pub until: Option<time::OffsetDateTime>,
}

impl Filters {
    /// The date bounds from what a user typed (`2025-08-01`, `August 1,
    /// 2025`, …): a date alone as `until` means the whole of that day.
    /// The error names `since_name` or `until_name` (`--since`, `since`).
    pub fn dates(
        since: Option<&str>,
        until: Option<&str>,
        (since_name, until_name): (&str, &str),
    ) -> Result<(Option<time::OffsetDateTime>, Option<time::OffsetDateTime>)> {
        let date = |name: &str, text: Option<&str>| {
            text.map(|text| {
                crate::article::date::parse(text).ok_or_else(|| {
                    Error::User(format!(
                        "{name} {text:?} is not a date: write it as 2025-08-01"
                    ))
                })
            })
            .transpose()
        };
        let until = date(until_name, until)?.map(|day| {
            if day.time() == time::Time::MIDNIGHT {
                day + time::Duration::days(1) - time::Duration::seconds(1)
            } else {
                day
            }
        });
        Ok((date(since_name, since)?, until))
    }
}

/// What to search for, validated.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    /// The query, in tantivy's query language or plain pasted text.
    pub query: String,
    /// Articles or quotations.
    pub target: Target,
    /// Hits per page.
    pub limit: usize,
    /// Hits to skip (for the pages after the first).
    pub offset: usize,
    /// Conditions on the hits.
    pub filters: Filters,
    /// Facets to count over all matching documents, with how many values each.
    pub facets: Vec<(FacetField, usize)>,
    /// For quotations: one hit per cluster (the same utterance in many
    /// articles), its best-ranked occurrence standing for it. On by default.
    pub group: bool,
}

/// Grouped quotation hits are found among this many times the page's depth
/// of ranked quotations: the copies of one utterance collapse into one hit.
pub const GROUP_FANOUT: usize = 8;

/// How many of the best documents by score a plain-text search reads for
/// their tier (at least; deeper when the page asked for is deeper), and how
/// many of those holding all of its words but one, or its rarest word pairs:
/// the document holding a pasted sentence is among one or the other.
pub const TIER_DEPTH: usize = 300;

/// After the term-at-a-time pass, how many of the best documents by score
/// are read for what their pairs and common words add when the documents in
/// the top tiers do not fill the page (at least; deeper for a deeper page).
/// None of them is in the top tiers: what they add only orders the rest.
pub const REST_DEPTH: usize = 50;

/// The most hits one page may hold.
pub const MAX_LIMIT: usize = 10_000;

/// How deep results may be paged: `offset + limit` at most. Collecting the
/// top hits keeps that many in memory, so a caller's number must be bounded
/// before it is allocated (Elasticsearch's `index.max_result_window` has the
/// same default, for the same reason).
pub const MAX_RESULT_WINDOW: usize = 10_000;

/// The most facets one request may count.
pub const MAX_FACETS: usize = 16;

/// The most values one facet may list (`newsdex facets` asks for them all).
pub const MAX_FACET_LIMIT: usize = 1_000_000;

pub use super::query::MAX_QUERY_CHARS;

impl SearchRequest {
    /// Checks the request against the bounds above; every search calls it, so
    /// the command line, a server and a test all meet the same limits.
    pub fn validate(&self) -> Result<()> {
        let refuse = |why: String| Err(Error::User(why));
        let length = self.query.chars().count();
        if length > MAX_QUERY_CHARS {
            return refuse(format!(
                "the query is {length} characters long, over the {MAX_QUERY_CHARS} newsdex reads: \
                 shorten it to its most telling words"
            ));
        }
        if self.limit > MAX_LIMIT {
            return refuse(format!(
                "a page holds at most {MAX_LIMIT} hits, not {}: lower the limit",
                self.limit
            ));
        }
        match self.offset.checked_add(self.limit) {
            Some(window) if window <= MAX_RESULT_WINDOW => {}
            _ => {
                return refuse(format!(
                    "offset {} + limit {} is past the {MAX_RESULT_WINDOW} hits newsdex pages \
                     through: narrow the query or add filters instead of paging that deep",
                    self.offset, self.limit
                ));
            }
        }
        if self.facets.len() > MAX_FACETS {
            return refuse(format!(
                "{} facets asked for, at most {MAX_FACETS} are counted at once",
                self.facets.len()
            ));
        }
        for (field, limit) in &self.facets {
            if !(1..=MAX_FACET_LIMIT).contains(limit) {
                return refuse(format!(
                    "the {} facet's limit is {limit}: it must be from 1 to {MAX_FACET_LIMIT}",
                    field.name()
                ));
            }
        }
        Ok(())
    }

    /// The first ten hits for a query.
    pub fn new(query: impl Into<String>) -> Self {
        SearchRequest {
            query: query.into(),
            target: Target::Articles,
            limit: 10,
            offset: 0,
            filters: Filters::default(),
            facets: Vec::new(),
            group: true,
        }
    }
}

/// An open index, ready to answer queries.
pub struct Searcher {
    news: NewsIndex,
    reader: IndexReader,
    /// Searches the schema's default fields that articles have, for articles.
    article_parser: QueryParser,
    /// Those fields with their boosts, for proximity clauses.
    article_fields: Vec<(Field, f32)>,
    /// Searches the quoted words only: a quotation is found by what was said,
    /// not by its article's headline.
    quote_parser: QueryParser,
    /// The quotation clusters of the commit last read.
    clusters: ClusterCache,
}

impl Searcher {
    /// Opens the index at `dir` for reading.
    pub fn open(dir: &Path) -> Result<Self> {
        let news = NewsIndex::open(dir)?;
        let reader = news.reader()?;
        // Quoted words are on quotation documents only, which an article search
        // filters out: looking for a phrase there too would only cost time.
        let article_fields: Vec<(Field, f32)> = news
            .schema
            .default_search_fields()
            .into_iter()
            .filter(|(field, _)| *field != news.fields().quote)
            .collect();
        let mut parser = QueryParser::for_index(
            &news.index,
            article_fields.iter().map(|(field, _)| *field).collect(),
        );
        for &(field, boost) in &article_fields {
            parser.set_field_boost(field, boost);
        }
        let quote_parser = QueryParser::for_index(&news.index, vec![news.fields().quote]);
        Ok(Searcher {
            news,
            reader,
            article_parser: parser,
            article_fields,
            quote_parser,
            clusters: ClusterCache::default(),
        })
    }

    /// The open index, for the other readers of this module (`stored`, `stats`).
    pub(crate) fn news_index(&self) -> &NewsIndex {
        &self.news
    }

    /// Sees the index's last commit: a long-lived searcher (a server) calls
    /// it to pick up what `newsdex index` has added since it opened.
    pub fn reload(&self) -> Result<()> {
        self.reader.reload()?;
        Ok(())
    }

    /// A tantivy searcher on the last commit, for the same readers.
    pub(crate) fn tantivy_searcher(&self) -> tantivy::Searcher {
        self.reader.searcher()
    }

    /// Answers a query with one page of ranked hits.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        request.validate()?;
        if request.query.len() <= INLINE_QUERY_BYTES {
            guarded(|| self.run(request))
        } else {
            on_deep_stack(|| self.run(request))
        }
    }

    fn run(&self, request: &SearchRequest) -> Result<SearchResults> {
        let started = Instant::now();
        let fields = self.news.fields();
        let quote_fields = [(fields.quote, 1.0)];
        let (parser, kind, proximity_fields, snippet_field) = match request.target {
            Target::Articles => (
                &self.article_parser,
                KIND_ARTICLE,
                self.article_fields.as_slice(),
                fields.body,
            ),
            Target::Quotes => (
                &self.quote_parser,
                KIND_QUOTE,
                quote_fields.as_slice(),
                fields.quote,
            ),
        };
        let tantivy = self.reader.searcher();
        let searcher = MemoSearcher::new(&tantivy);
        let built = query::build(
            parser,
            &self.news.schema,
            proximity_fields,
            &request.query,
            &searcher,
        )?;
        // A pasted text of two words or more is ranked in tiers: the best
        // candidates by score are read for their tier, then ordered by it.
        let tier_words = built
            .plain_words
            .as_deref()
            .filter(|readings| readings[0].len() >= MIN_TIER_WORDS);
        let of_kind = TermQuery::new(
            Term::from_field_text(fields.kind, kind),
            IndexRecordOption::Basic,
        );
        // The kind is a filter: scoring it would add the same to every hit
        // and cost a BM25 computation per matching document.
        let of_kind = ConstScoreQuery::new(Box::new(of_kind), 0.0);
        let mut clauses = vec![
            (Occur::Must, built.query.box_clone()),
            (Occur::Must, Box::new(of_kind) as Box<dyn Query>),
        ];
        clauses.extend(self.filter_clauses(&searcher, &request.filters)?);
        // Field clauses taken out of plain text filter as the flags do.
        let mut warnings = built.warnings.clone();
        for clause in &built.filters {
            let (filter, named_nothing) =
                self.value_filter(&searcher, clause.filter, &clause.words)?;
            if named_nothing {
                warnings.push(clause.names_nothing());
            }
            let occur = if clause.negated {
                Occur::MustNot
            } else {
                Occur::Must
            };
            clauses.push((occur, filter));
        }
        let query = BooleanQuery::new(clauses);
        let window = request.offset + request.limit;
        let grouping = request.group && request.target == Target::Quotes;
        // Grouped, a page's clusters are found among more ranked quotations.
        let depth = if grouping {
            window.saturating_mul(GROUP_FANOUT)
        } else {
            window
        };
        // Long plain text of plain terms is matched term at a time (see
        // `accumulator`), every other clause of the query filtering.
        let accumulating = tier_words.and(built.plain.as_ref()).filter(|plain| {
            built.typos.is_empty()
                && built.pairs_on_candidates
                && plain.words.iter().filter(|w| !w.scoring_only).count() <= accumulator::MAX_WORDS
        });
        let top_docs = match (tier_words, grouping) {
            // The pass lists the tiers' candidates itself: of the best by
            // score, only those the rest of a page may need.
            (Some(_), _) if accumulating.is_some() => TopDocs::with_limit(depth.max(REST_DEPTH)),
            (Some(_), _) => TopDocs::with_limit(depth.max(TIER_DEPTH)),
            (None, true) => TopDocs::with_limit(depth),
            (None, false) => TopDocs::with_limit(request.limit.max(1)).and_offset(request.offset),
        };
        let collector = (
            top_docs.order_by_score(),
            Count,
            (!request.facets.is_empty())
                .then(|| FacetCounter::new(&self.news, &request.facets))
                .transpose()?,
        );
        let accumulated = accumulating
            .map(|plain| {
                // The text's fields are held by documents of the kind asked
                // only (an article's headline and body, a quotation's
                // words: see `index::document`), so the kind filters nothing
                // there: without other filters, no document is sought in one.
                let filter = (query.clauses().len() > 2).then(|| {
                    BooleanQuery::new(
                        query.clauses()[1..]
                            .iter()
                            .map(|(o, q)| (*o, q.box_clone()))
                            .collect(),
                    )
                });
                let nearly_whole = NearlyWhole {
                    from: nearly_whole_from(plain, &built.split_away),
                    limit: TIER_DEPTH,
                };
                accumulator::search(
                    &searcher,
                    plain,
                    filter.as_ref().map(|f| f as &dyn Query),
                    &collector,
                    nearly_whole,
                )
            })
            .transpose()
            .map_err(not_runnable)?;
        let ((top, total_hits, facets), nearly_whole) = match accumulated {
            Some(accumulated) => (accumulated.fruit, Some(accumulated.nearly_whole)),
            None => (
                searcher.search(&query, &collector).map_err(not_runnable)?,
                None,
            ),
        };

        let passages = Passages::new(
            &searcher,
            &*built.query,
            (snippet_field, fields.stems),
            &built.typos,
            match request.target {
                Target::Articles => SNIPPET_BYTES,
                Target::Quotes => QUOTE_SNIPPET_BYTES,
            },
        )?;
        let ranked: Vec<(Score, DocAddress, Option<Standing>)> = match tier_words {
            Some(words) => self.in_tiers(
                &searcher,
                &built,
                &query,
                proximity_fields,
                words,
                Found {
                    top,
                    nearly_whole,
                    window: depth,
                },
            )?,
            None => top.into_iter().map(|(s, a)| (s, a, None)).collect(),
        };
        let clusters = grouping
            .then(|| self.clusters.get(&searcher, fields))
            .transpose()?;
        let ranked: Vec<(Score, DocAddress, Option<Standing>, Option<u64>)> = match &clusters {
            Some(clusters) => grouping::first_of_each(&searcher, clusters, ranked)?
                .into_iter()
                .skip(request.offset)
                .collect(),
            None => {
                // Without tiers, the collector skipped the offset already.
                let skip = if tier_words.is_some() {
                    request.offset
                } else {
                    0
                };
                ranked
                    .into_iter()
                    .skip(skip)
                    .map(|(s, a, t)| (s, a, t, None))
                    .collect()
            }
        };
        let hits = ranked
            .into_iter()
            .take(request.limit)
            .enumerate()
            .map(|(i, (score, address, tier, cluster))| {
                let mut hit =
                    self.hit(&searcher, &passages, request.offset + i + 1, score, address)?;
                hit.tier = tier.map(|t| t.tier.name().to_string());
                if let (Some(clusters), Some(cluster)) = (&clusters, cluster) {
                    hit.cluster = Some(grouping::summary_of(clusters, cluster, &hit));
                }
                Ok(hit)
            })
            .collect::<Result<Vec<_>>>()?;
        let facets = facets.unwrap_or_default();
        Ok(SearchResults {
            query: request.query.clone(),
            total_hits,
            took_ms: started.elapsed().as_secs_f64() * 1e3,
            warnings,
            hits,
            facets,
        })
    }

    /// Plain text's candidates ranked in tiers, each given its standing from
    /// the positions of its words, ordered by standing, then by score (with
    /// what the text's common words and pairs add, weighed on the candidates
    /// alone), then by address.
    ///
    /// After the term-at-a-time pass, the candidates are the documents
    /// holding all of the text's words but one, the only ones that can stand
    /// in the top tiers, and, unless those in the top tiers fill the page,
    /// the best by score. Otherwise they are the best by score and the
    /// documents holding the text's rarest pairs.
    fn in_tiers(
        &self,
        searcher: &MemoSearcher,
        built: &query::BuiltQuery,
        query: &BooleanQuery,
        proximity_fields: &[(Field, f32)],
        words: &[Vec<String>],
        found: Found,
    ) -> Result<Vec<(Score, DocAddress, Option<Standing>)>> {
        // Plain text's words, when every one is a set of plain terms (no
        // typo's close spellings) few enough to track: candidates are then
        // scored term by term, each term's postings seeked over skip lists,
        // instead of through the union of every word's, which decodes the
        // common words' blocks around each candidate.
        let by_term = built
            .plain
            .as_ref()
            .filter(|plain| built.typos.is_empty() && plain.words.len() <= MAX_WORDS_BY_TERM);
        let top = found
            .top
            .into_iter()
            .map(|(score, address)| (address, score));
        // A long text's common words score every candidate, read from the
        // positions the tiers read anyway.
        let scored: Vec<&str> = built
            .plain
            .iter()
            .flat_map(|plain| &plain.words)
            .filter(|w| w.scoring_only)
            .map(|w| w.word.as_str())
            .collect();
        // Every candidate read whole, none left out for its rare words.
        let whole = Reading {
            rare: None,
            scored: &scored,
        };
        let (candidates, placed) = match found.nearly_whole {
            Some(nearly_whole) => {
                // Of those, only the ones whose rare words line up as the
                // text's do (in some reading) can stand in the top tiers.
                let addresses: Vec<DocAddress> = nearly_whole.iter().map(|(a, _)| *a).collect();
                let rare: Vec<&str> = built
                    .plain
                    .iter()
                    .flat_map(|plain| &plain.words)
                    .filter(|w| !w.scoring_only)
                    .map(|w| w.word.as_str())
                    .collect();
                let reading = Reading {
                    rare: Some(&rare),
                    scored: &scored,
                };
                let mut placed = tiers_of(searcher, proximity_fields, words, &addresses, &reading)?;
                let mut candidates: FxHashMap<DocAddress, Score> = nearly_whole
                    .into_iter()
                    .filter(|(a, _)| placed.contains_key(a))
                    .collect();
                let in_top_tiers = |placed: &FxHashMap<DocAddress, Placed>,
                                    address: &DocAddress| {
                    placed
                        .get(address)
                        .is_some_and(|p| p.standing.tier > Tier::Rest)
                };
                let filling = candidates
                    .keys()
                    .filter(|address| in_top_tiers(&placed, address))
                    .count();
                if filling >= found.window {
                    // The page holds none of the rest.
                    candidates.retain(|address, _| in_top_tiers(&placed, address));
                } else {
                    let rest: Vec<(DocAddress, Score)> = top
                        .take(found.window.max(REST_DEPTH))
                        .filter(|(address, _)| !candidates.contains_key(address))
                        .collect();
                    let addresses: Vec<DocAddress> = rest.iter().map(|(a, _)| *a).collect();
                    placed.extend(tiers_of(
                        searcher,
                        proximity_fields,
                        words,
                        &addresses,
                        &whole,
                    )?);
                    candidates.extend(rest);
                }
                (candidates, placed)
            }
            None => {
                let mut candidates: FxHashMap<DocAddress, Score> = top.collect();
                if let Some(near) = built.near(searcher, proximity_fields)? {
                    // The documents holding the text's rarest pairs, of the kind and
                    // filters asked (not the text's every word: that is the costly
                    // part), ranked by the pairs, then scored like the others.
                    let mut near_clauses = vec![(Occur::Must, near.box_clone())];
                    near_clauses.extend(
                        query
                            .clauses()
                            .iter()
                            .skip(1)
                            .map(|(o, q)| (*o, q.box_clone())),
                    );
                    let near_top = searcher.search(
                        &BooleanQuery::new(near_clauses),
                        &TopDocs::with_limit(TIER_DEPTH).order_by_score(),
                    )?;
                    let missing: Vec<DocAddress> = near_top
                        .into_iter()
                        .map(|(_, address)| address)
                        .filter(|address| !candidates.contains_key(address))
                        .collect();
                    match by_term {
                        Some(plain) => {
                            let matching: Vec<&WordTerms> =
                                plain.words.iter().filter(|w| !w.scoring_only).collect();
                            for (address, (score, held)) in
                                word_scores(searcher, &matching, &missing)?
                            {
                                if held >= plain.required {
                                    candidates.insert(address, score);
                                }
                            }
                        }
                        None => candidates.extend(scores_of(searcher, query, &missing)?),
                    }
                }
                let addresses: Vec<DocAddress> = candidates.keys().copied().collect();
                let placed = tiers_of(searcher, proximity_fields, words, &addresses, &whole)?;
                (candidates, placed)
            }
        };
        let mut tiered: Vec<_> = candidates
            .into_iter()
            .map(|(address, score)| {
                let placed = placed.get(&address).copied().unwrap_or_default();
                // A long text's pairs were left out of the query: they count here.
                let pairs = if built.pairs_on_candidates {
                    placed.pairs_score
                } else {
                    0.0
                };
                (
                    score + pairs + placed.words_score,
                    address,
                    Some(placed.standing),
                )
            })
            .collect();
        // Tier and words held first, score second; the earlier document on a tie.
        tiered.sort_by(|a, b| {
            b.2.cmp(&a.2)
                .then_with(|| b.0.total_cmp(&a.0))
                .then_with(|| a.1.cmp(&b.1))
        });
        Ok(tiered)
    }

    fn hit(
        &self,
        searcher: &tantivy::Searcher,
        passages: &Passages,
        rank: usize,
        score: f32,
        address: DocAddress,
    ) -> Result<Hit> {
        let fields = self.news.fields();
        let doc: TantivyDocument = searcher.doc(address)?;
        let kind = first_text(&doc, fields.kind).unwrap_or_default();
        let article_id = first_text(&doc, fields.article_id).unwrap_or_default();
        let quote = first_text(&doc, fields.quote);
        let (snippet, section) = match &quote {
            Some(quote) => (
                whole_or_passage(passages, quote),
                first_text(&doc, fields.section),
            ),
            None => {
                let body = first_text(&doc, fields.body).unwrap_or_default();
                let (snippet, offset) = best_passage(passages, &body);
                let outline = outline_of(&doc, fields.outline);
                (snippet, section_at(&outline, &body, offset))
            }
        };
        // A quotation's headline and byline are its article's.
        let article = match quote {
            Some(_) => self.article_of(searcher, &article_id)?,
            None => None,
        };
        let from_article = |field| first_text(article.as_ref().unwrap_or(&doc), field);
        Ok(Hit {
            rank,
            score,
            kind,
            id: article_id,
            path: first_text(&doc, fields.path).unwrap_or_default(),
            headline: from_article(fields.headline).unwrap_or_default(),
            section,
            source: first_text(&doc, fields.source),
            byline: from_article(fields.byline),
            published: published_of(&doc, fields.published),
            speaker: first_text(&doc, fields.speaker).filter(|_| quote.is_some()),
            mention: first_text(&doc, fields.mention),
            quote,
            snippet,
            tier: None,
            cluster: None,
        })
    }

    /// The query clauses that apply a request's filters.
    fn filter_clauses(
        &self,
        searcher: &tantivy::Searcher,
        filters: &Filters,
    ) -> Result<Vec<(Occur, Box<dyn Query>)>> {
        let fields = self.news.fields();
        let mut clauses = Vec::new();
        for (filter, words) in [
            (FilterField::Speaker, &filters.speaker),
            (FilterField::People, &filters.person),
            (FilterField::Section, &filters.section),
            (FilterField::Source, &filters.source),
            (FilterField::Location, &filters.location),
        ] {
            let Some(words) = words else {
                continue;
            };
            let (filter, _) = self.value_filter(searcher, filter, words)?;
            clauses.push((Occur::Must, filter));
        }
        if filters.since.is_some() || filters.until.is_some() {
            let bound = |date: Option<time::OffsetDateTime>| match date {
                Some(date) => Bound::Included(Term::from_field_date_for_search(
                    fields.published,
                    tantivy::DateTime::from_utc(date),
                )),
                None => Bound::Unbounded,
            };
            let range = RangeQuery::new(bound(filters.since), bound(filters.until));
            clauses.push((Occur::Must, Box::new(range)));
        }
        Ok(clauses)
    }

    /// A filter on the values of a field that `words` name, as `--speaker`
    /// and `speaker:` read them: any of the values will do, none means nothing
    /// matches (and the second value says so). It adds nothing to the score.
    fn value_filter(
        &self,
        searcher: &tantivy::Searcher,
        filter: FilterField,
        words: &str,
    ) -> Result<(Box<dyn Query>, bool)> {
        let fields = self.news.fields();
        let field = filter.field(fields);
        let mut any: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for value in values_named(searcher, fields, filter, words)? {
            let term = if filter == FilterField::Location {
                let facet = Facet::from_text(&value).map_err(|e| {
                    Error::User(format!(
                        "`{words}` is not a location path (try /Ukraine or a place's name): {e}"
                    ))
                })?;
                // A facet term matches the place and everything inside it.
                Term::from_facet(field, &facet)
            } else {
                Term::from_field_text(field, &value)
            };
            any.push((
                Occur::Should,
                Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
            ));
        }
        let named_nothing = any.is_empty();
        let filter: Box<dyn Query> = if named_nothing {
            Box::new(EmptyQuery)
        } else {
            Box::new(BooleanQuery::new(any))
        };
        Ok((Box::new(ConstScoreQuery::new(filter, 0.0)), named_nothing))
    }

    /// Every occurrence of the quotation cluster `id` (16 hexadecimal
    /// digits, as `search --quotes` gives it), earliest first; `None` when
    /// the index holds no quotation of that cluster.
    pub fn quote_cluster(&self, id: &str) -> Result<Option<QuoteCluster>> {
        let Ok(cluster) = u64::from_str_radix(id.trim(), 16) else {
            return Err(Error::User(format!(
                "`{id}` is not a quotation id: ids are 16 hexadecimal digits, \
                 as `newsdex search --quotes` gives them"
            )));
        };
        let searcher = self.reader.searcher();
        let fields = self.news.fields();
        let clusters = self.clusters.get(&searcher, fields)?;
        // Any member's key names its cluster too.
        let cluster = clusters.cluster_of(cluster);
        let found = grouping::occurrences_of(&searcher, fields, &clusters, cluster)?;
        if found.is_empty() {
            return Ok(None);
        }
        let (wording, speakers) =
            grouping::wording_and_speakers(fields, &clusters, cluster, &found);
        let mut occurrences = Vec::with_capacity(found.len());
        for f in &found {
            let article_id = first_text(&f.doc, fields.article_id).unwrap_or_default();
            let quote = first_text(&f.doc, fields.quote).unwrap_or_default();
            let headline = self
                .article_of(&searcher, &article_id)?
                .and_then(|article| first_text(&article, fields.headline))
                .unwrap_or_default();
            occurrences.push(Occurrence {
                published: f.published.clone(),
                source: first_text(&f.doc, fields.source),
                headline,
                id: article_id,
                path: first_text(&f.doc, fields.path).unwrap_or_default(),
                differences: grouping::differences(&quote, &wording),
                quote,
                speaker: first_text(&f.doc, fields.speaker),
                mention: first_text(&f.doc, fields.mention),
            });
        }
        Ok(Some(QuoteCluster {
            id: format!("{cluster:016x}"),
            speakers,
            wording,
            occurrences,
        }))
    }

    /// Reads the index's quotation clusters now, if they are not read yet,
    /// so that the next grouped quotation search does not wait for them
    /// (`serve` calls it at start and after each reload).
    pub fn load_clusters(&self) -> Result<()> {
        self.clusters
            .get(&self.reader.searcher(), self.news.fields())
            .map(|_| ())
    }

    /// How many quotation clusters of two or more the index holds, and the largest.
    pub(crate) fn cluster_counts(&self, searcher: &tantivy::Searcher) -> Result<ClusterCounts> {
        let clusters = self.clusters.get(searcher, self.news.fields())?;
        let mut sizes = clusters.sizes();
        sizes.sort_unstable_by(|a, b| b.cmp(a));
        Ok(ClusterCounts {
            clusters: sizes.len(),
            quotations: sizes.iter().sum(),
            largest: sizes.into_iter().take(10).collect(),
        })
    }

    /// The stored article document of an id, if the index holds it.
    fn article_of(
        &self,
        searcher: &tantivy::Searcher,
        article_id: &str,
    ) -> Result<Option<TantivyDocument>> {
        let fields = self.news.fields();
        let query = TermQuery::new(
            Term::from_field_text(fields.id, article_id),
            IndexRecordOption::Basic,
        );
        let found = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
        match found.first() {
            Some((_, address)) => Ok(Some(searcher.doc(*address)?)),
            None => Ok(None),
        }
    }
}

/// A search error as the user should read it.
fn not_runnable(error: TantivyError) -> Error {
    match error {
        // The parser accepts `*` and ranges on any field; only some can run them.
        TantivyError::SchemaError(why) | TantivyError::FieldNotFound(why) => Error::User(format!(
            "the query cannot be run ({why}): ranges and `field:*` work on \
             dates and facet fields only, see `newsdex search --help`"
        )),
        other => other.into(),
    }
}

/// How many of plain text's matching words a document holds at least when it
/// may stand in the top tiers: all but one, for a slip, and one fewer for
/// each word a second reading splits away ([`query::BuiltQuery::split_away`]).
fn nearly_whole_from(plain: &PlainMatch, split_away: &[String]) -> usize {
    let matching: Vec<&str> = plain
        .words
        .iter()
        .filter(|w| !w.scoring_only)
        .map(|w| w.word.as_str())
        .collect();
    let split = matching
        .iter()
        .filter(|word| split_away.iter().any(|w| w == *word))
        .count();
    plain.required.max(matching.len().saturating_sub(1 + split))
}

/// What the main pass found for plain text ranked in tiers.
struct Found {
    /// The best documents by score, best first.
    top: Vec<(Score, DocAddress)>,
    /// From the term-at-a-time pass: the documents holding all of the text's
    /// words but one, with their scores.
    nearly_whole: Option<Vec<(DocAddress, Score)>>,
    /// How many ranked documents the page needs (`offset + limit`).
    window: usize,
}

/// The most words whose matches [`word_scores`] tracks (one bit each).
const MAX_WORDS_BY_TERM: usize = 64;

/// Each of some documents' score over `words`, summed term by term as the
/// plain-text query sums it (each term's BM25 times its boost), and how
/// many of the words it holds. Documents holding none are left out.
fn word_scores(
    searcher: &MemoSearcher,
    words: &[&WordTerms],
    addresses: &[DocAddress],
) -> Result<FxHashMap<DocAddress, (Score, usize)>> {
    let scoring = EnableScoring::enabled_from_statistics_provider(searcher, searcher);
    let mut weights = Vec::new();
    for (word, terms) in words.iter().enumerate() {
        for (term, boost) in &terms.terms {
            let query = TermQuery::new(term.clone(), IndexRecordOption::WithFreqs);
            weights.push((word, query.weight(scoring)?, *boost));
        }
    }
    let mut sorted = addresses.to_vec();
    sorted.sort_unstable();
    let mut found: FxHashMap<DocAddress, (Score, u64)> = FxHashMap::default();
    for segment in sorted.chunk_by(|a, b| a.segment_ord == b.segment_ord) {
        let reader = searcher.segment_reader(segment[0].segment_ord);
        for (word, weight, boost) in &weights {
            let mut scorer = weight.scorer(reader, *boost)?;
            for address in segment {
                // `seek` wants a target at or past where the scorer is.
                let at = match scorer.doc() {
                    tantivy::TERMINATED => break,
                    at if at < address.doc_id => scorer.seek(address.doc_id),
                    at => at,
                };
                if at == address.doc_id {
                    let entry = found.entry(*address).or_default();
                    entry.0 += scorer.score();
                    entry.1 |= 1 << word;
                }
            }
        }
    }
    Ok(found
        .into_iter()
        .map(|(address, (score, held))| (address, (score, held.count_ones() as usize)))
        .collect())
}

/// The scores `query` gives some documents, each found by seeking its
/// segment's scorer (documents it does not match are left out).
fn scores_of(
    searcher: &tantivy::Searcher,
    query: &dyn Query,
    addresses: &[DocAddress],
) -> Result<Vec<(DocAddress, Score)>> {
    let weight = query.weight(EnableScoring::enabled_from_searcher(searcher))?;
    let mut sorted = addresses.to_vec();
    sorted.sort_unstable();
    let mut scores = Vec::with_capacity(sorted.len());
    for segment in sorted.chunk_by(|a, b| a.segment_ord == b.segment_ord) {
        let reader = searcher.segment_reader(segment[0].segment_ord);
        let mut scorer = weight.scorer(reader, 1.0)?;
        for address in segment {
            // `seek` wants a target at or past where the scorer is.
            let at = if scorer.doc() < address.doc_id {
                scorer.seek(address.doc_id)
            } else {
                scorer.doc()
            };
            if at == address.doc_id {
                scores.push((*address, scorer.score()));
            }
        }
    }
    Ok(scores)
}

/// The stack a search runs on: far more than the deepest query tree that
/// `query::MAX_QUERY_CHARS` allows needs; only the pages touched are committed.
const SEARCH_STACK_BYTES: usize = 256 << 20;

/// Queries up to this many bytes run on the calling thread. Too short to nest
/// deeply (64 `NOT`s at most; a 1 MB stack is enough, see the tests), they are
/// nearly all queries, and starting a thread costs a tenth of a phrase search.
const INLINE_QUERY_BYTES: usize = 256;

/// Runs a search on a thread of its own with a deep stack. tantivy's parser
/// and query tree recurse once per operator, so thousands of `NOT`s would
/// overflow a normal stack (an abort, not a catchable panic); a panic on odd
/// input becomes a user error.
fn on_deep_stack<T: Send>(search: impl FnOnce() -> Result<T> + Send) -> Result<T> {
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("search".into())
            .stack_size(SEARCH_STACK_BYTES)
            .spawn_scoped(scope, || guarded(search))
            .map_err(|e| Error::io("cannot start a search thread", e))?
            .join()
            .map_err(|_| could_not_run())?
    })
}

/// Runs a search on the calling thread; a panic on odd input becomes a user error.
fn guarded<T>(search: impl FnOnce() -> Result<T>) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(search)).map_err(|_| could_not_run())?
}

fn could_not_run() -> Error {
    Error::User("the query could not be run: simplify it".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::{IndexRequest, Indexer};

    #[test]
    fn requests_past_a_bound_are_refused_naming_it() {
        let ok = SearchRequest::new("deal");
        assert!(ok.validate().is_ok());
        let with = |change: fn(&mut SearchRequest)| {
            let mut request = SearchRequest::new("deal");
            change(&mut request);
            match request.validate() {
                Err(Error::User(why)) => why,
                other => panic!("not refused: {other:?}"),
            }
        };
        assert!(with(|r| r.offset = 9_999_999_999_999).contains("offset 9999999999999"));
        assert!(with(|r| r.offset = usize::MAX).contains("past the 10000 hits"));
        assert!(with(|r| r.limit = MAX_LIMIT + 1).contains("at most 10000 hits"));
        assert!(with(|r| r.query = "word ".repeat(2_001)).contains("10005 characters"));
        assert!(with(|r| r.facets = vec![(FacetField::Speaker, 0)]).contains("speaker"));
        assert!(
            with(|r| r.facets = vec![(FacetField::Speaker, MAX_FACET_LIMIT + 1)])
                .contains("from 1 to 1000000")
        );
        assert!(
            with(|r| r.facets = vec![(FacetField::Source, 10); MAX_FACETS + 1]).contains("facets")
        );
        // At the bounds themselves, a request is fine.
        let mut last_page = SearchRequest::new("deal");
        last_page.offset = MAX_RESULT_WINDOW - 10;
        last_page.facets = vec![(FacetField::Month, MAX_FACET_LIMIT); MAX_FACETS];
        assert!(last_page.validate().is_ok());
    }

    #[test]
    fn candidates_scored_term_by_term_score_as_the_query_does() {
        let dir = tempfile::tempdir().unwrap();
        let articles = dir.path().join("articles");
        std::fs::create_dir(&articles).unwrap();
        for (name, text) in [
            (
                "a.txt",
                "Trade talks\n\nThere is no deal until there is a deal on trade, he said.\n",
            ),
            (
                "b.txt",
                "Deals\n\nA deal on steel trade was near, and talks went on until dawn.\n",
            ),
            (
                "c.txt",
                "Markets\n\nElections and negotiations moved markets on Tuesday.\n",
            ),
        ] {
            std::fs::write(articles.join(name), text).unwrap();
        }
        let index = dir.path().join("index");
        Indexer::new(IndexRequest::new(vec![articles], index.clone()))
            .run(&|_| {})
            .unwrap();
        let searcher = Searcher::open(&index).unwrap();
        let tantivy = searcher.tantivy_searcher();
        let tantivy = MemoSearcher::new(&tantivy);
        let built = query::build(
            &searcher.article_parser,
            &searcher.news.schema,
            &searcher.article_fields,
            "no deal until there is a deal on trade talks",
            &tantivy,
        )
        .unwrap();
        let plain = built.plain.as_ref().unwrap();
        let addresses: Vec<DocAddress> = (0..tantivy.segment_readers().len() as u32)
            .flat_map(|ord| {
                (0..tantivy.segment_reader(ord).max_doc()).map(move |doc| DocAddress::new(ord, doc))
            })
            .collect();
        let union = scores_of(&tantivy, built.query.as_ref(), &addresses).unwrap();
        let matching: Vec<&WordTerms> = plain.words.iter().filter(|w| !w.scoring_only).collect();
        let by_term = word_scores(&tantivy, &matching, &addresses).unwrap();
        assert!(!union.is_empty());
        for (address, score) in &union {
            let (summed, held) = by_term[address];
            assert!((summed - score).abs() < 1e-3, "{summed} vs {score}");
            assert!(held >= plain.required);
        }
        // And nothing else holds enough of the words to match.
        let matched = by_term
            .iter()
            .filter(|(_, (_, held))| *held >= plain.required)
            .count();
        assert_eq!(matched, union.len());
        // The term-at-a-time pass finds the same documents, scored the same.
        let everything = ConstScoreQuery::new(Box::new(tantivy::query::AllQuery), 0.0);
        let collector = (TopDocs::with_limit(10).order_by_score(), Count);
        let listed = NearlyWhole {
            from: plain.required.max(matching.len() - 1),
            limit: TIER_DEPTH,
        };
        let accumulated =
            accumulator::search(&tantivy, plain, Some(&everything), &collector, listed).unwrap();
        let (top, count) = accumulated.fruit;
        assert_eq!(count, union.len());
        for (score, address) in &top {
            let (_, expected) = union.iter().find(|(a, _)| a == address).unwrap();
            assert!((score - expected).abs() < 1e-3, "{score} vs {expected}");
        }
        // And the documents holding all of the words but one: here, every one
        // holding enough, as a few words are held by none.
        let matching = matching.len();
        let nearly: Vec<DocAddress> = by_term
            .iter()
            .filter(|(_, (_, held))| *held + 1 >= matching && *held >= plain.required)
            .map(|(address, _)| *address)
            .collect();
        assert!(!nearly.is_empty());
        let mut found: Vec<DocAddress> = accumulated.nearly_whole.iter().map(|(a, _)| *a).collect();
        found.sort();
        let mut nearly = nearly;
        nearly.sort();
        assert_eq!(found, nearly);
    }

    /// The pass over plain text leaves the kind unfiltered: it relies on an
    /// article's text fields and a quotation's words each being held by
    /// documents of that kind alone.
    #[test]
    fn text_fields_are_each_held_by_one_kind_of_document() {
        let (_dir, searcher) = index_of_one(
            "Grain talks\n\n\"There is no deal until there is a deal,\" the minister said.\n",
        );
        let fields = searcher.news.fields();
        let tantivy = searcher.tantivy_searcher();
        let (mut articles, mut quotes) = (0, 0);
        for (ord, reader) in tantivy.segment_readers().iter().enumerate() {
            for doc in 0..reader.max_doc() {
                let stored: TantivyDocument =
                    tantivy.doc(DocAddress::new(ord as u32, doc)).unwrap();
                let holds = |field| stored.get_first(field).is_some();
                match first_text(&stored, fields.kind).as_deref() {
                    Some(KIND_ARTICLE) => {
                        articles += 1;
                        assert!(!holds(fields.quote));
                        for (field, _) in &searcher.article_fields {
                            assert!(holds(*field));
                        }
                    }
                    Some(KIND_QUOTE) => {
                        quotes += 1;
                        assert!(holds(fields.quote));
                        for (field, _) in &searcher.article_fields {
                            assert!(!holds(*field), "a quotation holds {field:?}");
                        }
                    }
                    // The index's own records (its quotation clusters).
                    other => {
                        assert!(!holds(fields.quote), "{other:?} holds a quotation");
                        for (field, _) in &searcher.article_fields {
                            assert!(!holds(*field), "{other:?} holds {field:?}");
                        }
                    }
                }
            }
        }
        assert_eq!((articles, quotes), (1, 1));
    }

    /// An index of one article of `text`, in a folder kept as long as the guard.
    fn index_of_one(text: &str) -> (tempfile::TempDir, Searcher) {
        let dir = tempfile::tempdir().unwrap();
        let articles = dir.path().join("articles");
        std::fs::create_dir(&articles).unwrap();
        std::fs::write(articles.join("article.txt"), text).unwrap();
        let index = dir.path().join("index");
        Indexer::new(IndexRequest::new(vec![articles], index.clone()))
            .run(&|_| {})
            .unwrap();
        let searcher = Searcher::open(&index).unwrap();
        (dir, searcher)
    }

    /// The deepest queries short enough to run on the calling thread: they must
    /// not overflow a small stack (an overflow aborts the whole test run).
    #[test]
    fn queries_run_inline_fit_a_one_megabyte_stack() {
        let (_dir, searcher) =
            index_of_one("Talks stall\n\nThere is no deal until there is a deal, he said.\n");
        let nots = format!("{}deal", "NOT ".repeat(63));
        let nested = format!("{}deal{}", "(NOT ".repeat(32), ")".repeat(32));
        let words = "deal ".repeat(INLINE_QUERY_BYTES / 5);
        for query in [nots, nested, words] {
            assert!(query.len() <= INLINE_QUERY_BYTES, "{}", query.len());
            let request = SearchRequest::new(query.clone());
            let outcome = std::thread::scope(|scope| {
                std::thread::Builder::new()
                    .stack_size(1 << 20)
                    .spawn_scoped(scope, || searcher.search(&request))
                    .unwrap()
                    .join()
                    .unwrap()
            });
            // Any answer will do, a hit or a user error: the point is that it returns.
            assert!(
                matches!(outcome, Ok(_) | Err(Error::User(_))),
                "{query}: {outcome:?}"
            );
        }
        let found = searcher
            .search(&SearchRequest::new("no deal until"))
            .unwrap();
        assert_eq!(found.total_hits, 1);
        // The searcher checks a request itself: a page this deep would ask
        // for terabytes before a single document is read.
        let mut deep = SearchRequest::new("deal");
        deep.offset = 9_999_999_999_999;
        assert!(matches!(searcher.search(&deep), Err(Error::User(_))));
    }
}
