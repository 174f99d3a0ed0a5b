//! Search results, and their JSON form: a contract with scripts.
//!
//! `newsdex search --json` prints one [`SearchResults`] object:
//!
//! ```json
//! {
//!   "query": "no deal until there's a deal",
//!   "total_hits": 3,
//!   "took_ms": 0.41,
//!   "warnings": [],
//!   "hits": [
//!     {
//!       "rank": 1,
//!       "score": 14.2,
//!       "kind": "article",
//!       "id": "5f0c3a9e1b2d4c77",
//!       "path": "/home/me/corpus/alaska-summit.txt",
//!       "headline": "Trump Claims ‘Great Progress’ In Putin Meeting …",
//!       "section": "Trump Holds His Cards Close",
//!       "source": "Real News Now",
//!       "byline": null,
//!       "published": null,
//!       "quote": null,
//!       "speaker": null,
//!       "mention": null,
//!       "snippet": {"text": "… So there’s no deal until there’s a deal …", "highlights": [[6, 8], [9, 13]]}
//!     }
//!   ],
//!   "facets": {
//!     "speaker": [{"value": "Donald Trump", "count": 23}],
//!     "location": [{"path": "/Ukraine", "count": 9}]
//!   }
//! }
//! ```
//!
//! - `total_hits` counts every matching document, not only those on the page;
//! - `score` is the BM25 score (higher is better), `rank` starts at 1 and
//!   counts across pages (`--offset`);
//! - `kind` is `article`, or `quote` with `newsdex search --quotes`; `id` is
//!   the article's id (for a quotation too), which `newsdex show` accepts;
//! - `quote`, `speaker` and `mention` are set on quotation hits: the quoted
//!   words, who said them (`null` when unknown), and how the text names them;
//! - `section` is the sub-heading above the snippet, `null` before the first;
//! - `published` is an RFC 3339 date when the article states one, else `null`;
//! - `highlights` are `[start, end)` byte offsets into `snippet.text`;
//! - `warnings` tells how the query was read when it had to be read leniently;
//! - `cluster`, on a quotation hit grouped by `search --quotes` (the default;
//!   `--no-group` lists every occurrence and gives `null`): `{"id",
//!   "occurrences", "sources", "first_seen": {"published", "source", "id",
//!   "path"}, "speakers": [{"value", "count"}], "wording"}`, the articles
//!   carrying the same utterance (see `newsdex quote ID`); with grouping,
//!   `total_hits` still counts matching quotations, one per article;
//! - `facets` has one list per `--facet` asked for, counting every matching
//!   document: `{"value", "count"}` for speaker, people, section, source and
//!   month (months in time order, the others most frequent first), and
//!   `{"path", "count"}` for location (countries, under the key `location`;
//!   the places directly inside a path, under `location=/PATH`).
//!
//! Fields are never removed or renamed without a new major version; new ones may be added.

use serde::{Deserialize, Serialize};

/// The answer to one search.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SearchResults {
    /// The query as the user gave it.
    pub query: String,
    /// How many documents match in all.
    pub total_hits: usize,
    /// Time spent searching and building the page, in milliseconds.
    pub took_ms: f64,
    /// How the query was read, when it was not read as typed.
    pub warnings: Vec<String>,
    /// The page of hits, best first.
    pub hits: Vec<Hit>,
    /// Counts over all matching documents, by facet name (only those asked for).
    pub facets: super::facets::FacetCounts,
}

/// One ranked document.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Hit {
    /// Position in the ranking, from 1.
    pub rank: usize,
    /// The BM25 score.
    pub score: f32,
    /// `article` or `quote`.
    pub kind: String,
    /// The article's id.
    pub id: String,
    /// The article's file.
    pub path: String,
    /// The article's headline.
    pub headline: String,
    /// The sub-heading the snippet falls under.
    pub section: Option<String>,
    /// The publication.
    pub source: Option<String>,
    /// The author line.
    pub byline: Option<String>,
    /// The publication date, RFC 3339.
    pub published: Option<String>,
    /// For a quotation hit, the quotation's words; `null` for an article.
    pub quote: Option<String>,
    /// For a quotation hit, who said it (canonical full name), if known.
    pub speaker: Option<String>,
    /// For a quotation hit, the speaker as the text names them ("he", "the president").
    pub mention: Option<String>,
    /// The best passage, with the matching words marked: of the body for an
    /// article, of the quotation for a quotation.
    pub snippet: Snippet,
    /// For plain text, how the document holds the query's words: `phrase`
    /// (all of them, adjacent and in order), `near` (in order but for one
    /// slip) or `rest`; hits are ranked by tier first, score second. `null`
    /// for queries with operators, phrases or fields, ranked by score alone.
    #[serde(default)]
    pub tier: Option<String>,
    /// For a quotation hit grouped with the other articles carrying the same
    /// utterance (`search --quotes`, unless `--no-group`), that cluster;
    /// `null` otherwise.
    #[serde(default)]
    pub cluster: Option<ClusterSummary>,
}

/// A quotation's cluster as a grouped hit shows it: how far the utterance
/// travelled, who carried it first, and who it was said to be by.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ClusterSummary {
    /// The cluster's id, which `newsdex quote` takes.
    pub id: String,
    /// How many articles carry it.
    pub occurrences: usize,
    /// How many distinct publications (articles without one count as one each).
    pub sources: usize,
    /// The earliest occurrence: by publication date, else the first indexed.
    pub first_seen: FirstSeen,
    /// The speakers the occurrences name, most often first (`{"value", "count"}`);
    /// more than one is a disagreement. A bare surname counts under the one
    /// full name other occurrences give.
    pub speakers: Vec<super::facets::FacetCount>,
    /// The fullest wording: the occurrence with the most words.
    pub wording: String,
}

/// Where a quotation was first seen: `{"published", "source", "id", "path"}`.
pub type FirstSeen = crate::index::clusters::Seen;

/// Every occurrence of one quotation cluster, for `newsdex quote ID`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct QuoteCluster {
    /// The cluster's id.
    pub id: String,
    /// The fullest wording.
    pub wording: String,
    /// The speakers named, most often first.
    pub speakers: Vec<super::facets::FacetCount>,
    /// Each article's occurrence, earliest first.
    pub occurrences: Vec<Occurrence>,
}

/// One article's occurrence of a quotation.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Occurrence {
    /// The publication date, RFC 3339, if the article states one.
    pub published: Option<String>,
    /// The publication.
    pub source: Option<String>,
    /// The article's headline.
    pub headline: String,
    /// The article's id.
    pub id: String,
    /// The article's file.
    pub path: String,
    /// The wording as this article gives it.
    pub quote: String,
    /// `[start, end)` byte ranges of `quote` whose words the fullest
    /// wording does not have in that order: what this article changed.
    pub differences: Vec<[usize; 2]>,
    /// Who this article says said it (canonical full name), if anyone.
    pub speaker: Option<String>,
    /// How this article names them.
    pub mention: Option<String>,
}

/// A passage of text with the matching words marked.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Snippet {
    /// The passage.
    pub text: String,
    /// `[start, end)` byte ranges of `text` to highlight.
    pub highlights: Vec<[usize; 2]>,
}
