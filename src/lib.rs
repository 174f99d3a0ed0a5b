//! newsdex: a full-text search engine for news coverage.
//!
//! The library holds every piece of the pipeline; the `newsdex` binary is glue
//! around it. The pipeline, in the order data flows through it:
//!
//! - [`article`]: bytes on disk become an [`article::Article`] (headline,
//!   sections, paragraphs, byline, source, date), one reader per format
//!   (plain text, Markdown, JSON, JSON Lines, HTML), with boilerplate removed;
//! - [`extract`]: an article's quotations with their speakers, its people and
//!   its places ([`extract::extract`]);
//! - [`index`]: the declarative schema, the analyzers, and the
//!   [`index::Indexer`] that walks folders and writes an article document and
//!   one document per quotation;
//! - [`search`]: a [`search::SearchRequest`] becomes ranked hits with
//!   highlighted snippets and facet counts; whole articles (`show`) and the
//!   index's summary (`stats`) are read there too;
//! - [`serve`]: the same searches as a web page and a JSON API over HTTP.
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
pub mod serve;

pub use error::{Error, Result};
