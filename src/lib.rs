//! newsdex: a full-text search engine for news coverage.
//!
//! The library holds every piece of the pipeline; the `newsdex` binary is glue
//! around it. The pipeline, in the order data flows through it:
//!
//! - [`article`]: bytes on disk become an [`article::Article`] (headline,
//!   sections, paragraphs, byline, source), with boilerplate removed;
//! - [`index`]: the declarative schema, the analyzers, and the
//!   [`index::Indexer`] that walks folders and writes tantivy documents;
//! - [`search`]: a user's query becomes ranked hits with highlighted snippets.
//!
//! ```no_run
//! use newsdex::index::{IndexRequest, Indexer};
//! use newsdex::search::{SearchRequest, Searcher};
//!
//! let request = IndexRequest::new(vec!["corpus".into()], "newsdex-index".into());
//! let stats = Indexer::new(request).run(&|_event| {})?;
//! println!("{} articles indexed", stats.articles_indexed);
//!
//! let searcher = Searcher::open("newsdex-index".as_ref())?;
//! let results = searcher.search(&SearchRequest::new("no deal until there's a deal"))?;
//! for hit in results.hits {
//!     println!("{} {}", hit.rank, hit.headline);
//! }
//! # Ok::<(), newsdex::Error>(())
//! ```
#![warn(missing_docs)]

pub mod article;
pub mod error;
pub mod extract;
pub mod index;
pub mod search;

pub use error::{Error, Result};
