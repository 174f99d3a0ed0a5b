//! The index: its schema, analyzers, and the one place documents are written.
//!
//! [`NewsIndex`] opens or creates a tantivy index and checks that it was built
//! with this program's schema version; [`Indexer`] walks folders and writes
//! articles into it.

pub mod analyzer;
pub mod clusters;
pub mod document;
pub mod indexer;
pub mod inflections;
pub mod known;
pub mod schema;
pub mod walk;

use std::path::{Path, PathBuf};

use tantivy::directory::MmapDirectory;
use tantivy::{Index, IndexReader, ReloadPolicy};

pub use indexer::{IndexRequest, IndexStats, Indexer, Progress};
pub use schema::{Fields, IndexSchema};

use crate::{Error, Result};

/// The index used when neither `--index` nor `$NEWSDEX_INDEX` names one.
pub const DEFAULT_INDEX_DIR: &str = "newsdex-index";

/// The value of the `kind` field for article documents.
pub const KIND_ARTICLE: &str = "article";
/// The value of the `kind` field for quotation documents.
pub const KIND_QUOTE: &str = "quote";
/// The value of the `kind` field for the one document holding the quotation
/// clusters ([`clusters::ClusterMap`]).
pub const KIND_CLUSTERS: &str = "clusters";

/// The payload every commit records, so an index says which schema built it.
fn commit_payload(schema: &IndexSchema) -> String {
    format!("newsdex-schema-version={}", schema.version)
}

/// An open tantivy index with the program's schema and analyzers.
pub struct NewsIndex {
    /// The tantivy index.
    pub index: Index,
    /// The schema it was opened with.
    pub schema: IndexSchema,
    /// Where it lives.
    pub dir: PathBuf,
}

impl NewsIndex {
    /// Opens an existing index, refusing one built with another schema version.
    pub fn open(dir: &Path) -> Result<Self> {
        let schema = IndexSchema::load()?;
        let no_index = || {
            Error::User(format!(
                "no index at {}: build one with `newsdex index DIR`, or name another with --index",
                dir.display()
            ))
        };
        if !dir.join("meta.json").is_file() {
            return Err(no_index());
        }
        let damaged = |e| damaged(dir, e);
        let index = Index::open_in_dir(dir).map_err(damaged)?;
        let expected = commit_payload(&schema);
        let found = index.load_metas().map_err(damaged)?.payload;
        // An index created but never committed has no payload; its schema is checked below.
        if found.as_deref().is_some_and(|found| found != expected)
            || index.schema() != schema.schema
        {
            return Err(Error::User(format!(
                "the index at {} was built by another version of newsdex ({}, this one writes {}): \
                 delete it and run `newsdex index` again",
                dir.display(),
                found.as_deref().unwrap_or("no schema version"),
                expected
            )));
        }
        analyzer::register(&index);
        Ok(NewsIndex {
            index,
            schema,
            dir: dir.to_path_buf(),
        })
    }

    /// A reader of the last commit. A one-shot process never needs to reload it.
    pub fn reader(&self) -> Result<IndexReader> {
        self.index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| damaged(&self.dir, e))
    }

    /// Opens the index at `dir`, creating it (and the folder) when there is none.
    pub fn open_or_create(dir: &Path) -> Result<Self> {
        if dir.join("meta.json").is_file() {
            return Self::open(dir);
        }
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::io(format!("cannot create index folder {}", dir.display()), e))?;
        let schema = IndexSchema::load()?;
        let directory = MmapDirectory::open(dir)
            .map_err(|e| Error::User(format!("cannot open index folder {}: {e}", dir.display())))?;
        let index = Index::create(directory, schema.schema.clone(), Default::default())?;
        analyzer::register(&index);
        Ok(NewsIndex {
            index,
            schema,
            dir: dir.to_path_buf(),
        })
    }

    /// The handles to the schema's fields.
    pub fn fields(&self) -> &Fields {
        &self.schema.fields
    }

    /// The payload to record with every commit.
    pub fn commit_payload(&self) -> String {
        commit_payload(&self.schema)
    }
}

/// The error for an index whose files cannot be read: a missing or mangled
/// segment or `meta.json`, which only a rebuild repairs.
fn damaged(dir: &Path, error: tantivy::TantivyError) -> Error {
    Error::User(format!(
        "the index at {} cannot be read, it may be damaged ({error}): \
         delete it and run `newsdex index` again",
        dir.display()
    ))
}
