//! Search: the one place the index is read.
//!
//! [`Searcher`] opens an index once and answers [`SearchRequest`]s with ranked
//! [`SearchResults`]; it also reads back whole articles for `newsdex show`
//! ([`stored`]) and summarises the index for `newsdex stats` ([`stats`]).

mod accumulator;
pub mod clauses;
pub mod facets;
mod grouping;
mod memo;
mod query;
pub mod results;
pub mod searcher;
mod snippet;
pub mod stats;
pub mod stored;
pub mod tiers;

pub use facets::{FacetCount, FacetCounts, FacetField};
pub use results::{
    ClusterSummary, FirstSeen, Hit, Occurrence, QuoteCluster, SearchResults, Snippet,
};
pub use searcher::{Filters, MAX_FACET_LIMIT, SearchRequest, Searcher, Target};
