//! Extracting every article under files and folders, in the order `index` walks them.
//!
//! `newsdex extract` needs no index, but it must see exactly what `newsdex
//! index` sees: the same walk ([`crate::index::walk`]), the same readers, the
//! same skip reasons. Files are read and extracted in parallel a chunk at a
//! time, and handed to the caller in walk order, so the output is the same
//! from run to run.

use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;

use super::record::Record;
use super::{Extraction, extract};
use crate::article::{self, Article, decode::Encoding};
use crate::index::document::FileInfo;
use crate::index::walk::{self, Candidate};
use crate::{Error, Result};

/// Files read in parallel before their records are handed over in order: large
/// enough to keep every core busy, small enough that memory stays flat.
const CHUNK_FILES: usize = 256;

/// What a batch extraction went through.
#[derive(Debug, Default)]
pub struct ExtractStats {
    /// Files read (including those whose every part was skipped).
    pub files_read: usize,
    /// Articles extracted and handed over.
    pub articles: usize,
    /// Files and parts of files skipped, grouped by reason, as `newsdex index` reports them.
    pub skipped: BTreeMap<String, Vec<PathBuf>>,
    /// Files that were not UTF-8 and were decoded as Windows-1252.
    pub decoded_as_windows_1252: Vec<PathBuf>,
}

impl ExtractStats {
    /// How many files or parts of files were skipped, for every reason.
    pub fn skipped_count(&self) -> usize {
        self.skipped.values().map(Vec::len).sum()
    }

    /// A whole file skipped: its reason as the walk or the reader gives it.
    fn skip(&mut self, why: String, path: PathBuf) {
        self.skipped.entry(why).or_default().push(path);
    }

    /// A part of a file skipped (a JSON Lines line): grouped as `index` groups it.
    fn skip_part(&mut self, why: &str, location: String) {
        self.skip(skip_reason(why).to_string(), location.into());
    }
}

/// The reason a skip is grouped under: "malformed JSON: EOF while parsing …"
/// is counted as "malformed JSON".
pub fn skip_reason(why: &str) -> &str {
    why.split(':').next().unwrap_or(why)
}

/// An article of a file: its key within the file (`#N`, or empty), the
/// article, and what extraction found in it.
pub type Extracted = (String, Article, Extraction);

/// One file, read and extracted.
pub struct ExtractedFile {
    /// What the indexer records of the file.
    pub file: FileInfo,
    /// How its bytes were decoded.
    pub encoding: Encoding,
    /// Its articles, in file order.
    pub articles: Vec<Extracted>,
    /// Parts of it that were not articles: `(location, why)`.
    pub skipped_parts: Vec<(String, String)>,
}

/// Walks `roots` as `newsdex index` does (files larger than `max_file_size`
/// bytes are skipped), reads and extracts every article, and calls
/// `on_record` with each one's [`Record`] in walk order. Stops at the first
/// error `on_record` returns (a closed pipe, say); a root that does not exist
/// is the user's error.
pub fn extract_all(
    roots: &[PathBuf],
    max_file_size: u64,
    on_record: &mut dyn FnMut(&Record) -> Result<()>,
) -> Result<ExtractStats> {
    let discovery = walk::discover(roots, max_file_size)?;
    let mut stats = ExtractStats::default();
    for passed in discovery.passed {
        stats.skip(passed.why, passed.path);
    }
    for chunk in discovery.candidates.chunks(CHUNK_FILES) {
        let outcomes: Vec<_> = chunk.par_iter().map(read_and_extract).collect();
        for (candidate, outcome) in chunk.iter().zip(outcomes) {
            match outcome {
                Err(why) => stats.skip(why, candidate.path.clone()),
                Ok(ExtractedFile {
                    file,
                    encoding,
                    articles,
                    skipped_parts,
                }) => {
                    stats.files_read += 1;
                    if encoding == Encoding::Windows1252 {
                        stats.decoded_as_windows_1252.push(candidate.path.clone());
                    }
                    for (location, why) in skipped_parts {
                        stats.skip_part(&why, location);
                    }
                    for (key, article, extraction) in &articles {
                        let path = format!("{}{key}", candidate.path.display());
                        let record = Record::new(path, file.article_id(key), article, extraction);
                        on_record(&record)?;
                        stats.articles += 1;
                    }
                }
            }
        }
    }
    Ok(stats)
}

/// Reads one file the walk found and extracts its articles (those of a JSON
/// Lines export in parallel); the error says why the whole file was skipped.
pub fn read_and_extract(candidate: &Candidate) -> Result<ExtractedFile, String> {
    let read = article::read(&candidate.path).map_err(|err| match err {
        Error::Article { why, .. } => why,
        other => other.to_string(),
    })?;
    let file = FileInfo::of(candidate, &read);
    let articles = read
        .entries
        .into_par_iter()
        .map(|entry| {
            let extraction = extract(&entry.article);
            (entry.key, entry.article, extraction)
        })
        .collect();
    Ok(ExtractedFile {
        file,
        encoding: read.encoding,
        articles,
        skipped_parts: read.skipped,
    })
}
