//! The indexer: folders in, a committed tantivy index out.
//!
//! Files are read and parsed in parallel (rayon) and fed to one tantivy
//! writer, whose `add_document` is thread-safe. Work is committed in batches,
//! so a crash loses at most one batch and the last commit stays searchable.
//! The library reports progress as a stream of [`Progress`] events; drawing
//! them is the caller's business.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use tantivy::{IndexWriter, TantivyDocument, Term};

use super::clusters;
use super::document::{FileInfo, documents};
use super::walk::{self, Candidate};
use super::{Fields, NewsIndex, known};
use crate::article::{self, decode::Encoding};
use crate::extract;
use crate::{Error, Result};

/// What to index, and with what resources. Built by the CLI, validated here.
#[derive(Debug, Clone)]
pub struct IndexRequest {
    /// Files and folders to index.
    pub roots: Vec<PathBuf>,
    /// Where the index lives.
    pub index_dir: PathBuf,
    /// tantivy indexing threads.
    pub writer_threads: usize,
    /// The writer's memory budget in bytes, shared by its threads.
    pub memory_budget: usize,
    /// Files read between two chances to commit.
    pub commit_every: usize,
    /// The least time between two commits. A commit stops the reading while
    /// tantivy writes its segments, so committing after every batch of a
    /// large run costs a tenth of its time; a crash loses at most this much work.
    pub commit_interval: std::time::Duration,
    /// Files larger than this many bytes are skipped.
    pub max_file_size: u64,
    /// Keep the articles of files that are gone from the folders.
    pub keep_missing: bool,
}

impl IndexRequest {
    /// A request with defaults tuned for a small machine.
    pub fn new(roots: Vec<PathBuf>, index_dir: PathBuf) -> Self {
        IndexRequest {
            roots,
            index_dir,
            writer_threads: std::thread::available_parallelism()
                .map(|n| n.get().clamp(1, 4))
                .unwrap_or(2),
            memory_budget: 256 << 20,
            commit_every: 10_000,
            commit_interval: std::time::Duration::from_secs(30),
            max_file_size: 50_000_000,
            keep_missing: false,
        }
    }
}

/// The least memory budget: tantivy needs 15 MB per writer thread.
pub const MIN_MEMORY_BUDGET: usize = 20 << 20;

/// The largest memory budget: tantivy refuses more than about 4 GB per
/// thread, and newsdex never needs that much.
pub const MAX_MEMORY_BUDGET: usize = 4 << 30;

/// The most writer threads: tantivy gains little past a few, and each one
/// holds a share of the memory budget.
pub const MAX_WRITER_THREADS: usize = 16;

impl IndexRequest {
    /// Checks the request's numbers before anything is allocated by them;
    /// [`Indexer::run`] calls it.
    pub fn validate(&self) -> Result<()> {
        let refuse = |why: String| Err(Error::User(why));
        if !(MIN_MEMORY_BUDGET..=MAX_MEMORY_BUDGET).contains(&self.memory_budget) {
            return refuse(format!(
                "the writer's memory budget is {} MB: it must be from {} to {} MB",
                self.memory_budget >> 20,
                MIN_MEMORY_BUDGET >> 20,
                MAX_MEMORY_BUDGET >> 20
            ));
        }
        if !(1..=MAX_WRITER_THREADS).contains(&self.writer_threads) {
            return refuse(format!(
                "{} writer threads asked for: from 1 to {MAX_WRITER_THREADS}",
                self.writer_threads
            ));
        }
        if self.commit_every == 0 {
            return refuse("commit every 0 files: it must be at least 1".into());
        }
        Ok(())
    }
}

/// One step of an indexing run, for progress display.
#[derive(Debug)]
pub enum Progress<'a> {
    /// The walk is done: this many files of this many bytes will be read.
    Discovered {
        /// Files to read.
        files: usize,
        /// Their total size.
        bytes: u64,
    },
    /// A file was read and its article written.
    Indexed {
        /// The file.
        path: &'a Path,
        /// Its size.
        bytes: u64,
    },
    /// A file was skipped: passed over by the walk (reported before
    /// [`Progress::Discovered`], and not among its files), or while reading.
    Skipped {
        /// The file.
        path: &'a Path,
        /// Why.
        why: &'a str,
    },
    /// Everything so far is committed and searchable.
    Committed {
        /// Articles committed so far in this run.
        articles: usize,
    },
    /// The index's segments are being merged into one (see [`MERGE_SHARE`]).
    Merging {
        /// How many there are.
        segments: usize,
    },
}

/// The outcome of a run.
#[derive(Debug, Default)]
pub struct IndexStats {
    /// Files not in the index before.
    pub files_new: usize,
    /// Files whose content changed since they were indexed.
    pub files_changed: usize,
    /// Files indexed before and unchanged: not read again (or read, and found the same).
    pub files_unchanged: usize,
    /// Files gone from the folders whose articles were removed.
    pub files_removed: usize,
    /// Articles written.
    pub articles_indexed: usize,
    /// Quotation documents written.
    pub quotes_indexed: usize,
    /// Bytes of the files read.
    pub bytes_read: u64,
    /// Files skipped, grouped by reason.
    pub skipped: BTreeMap<String, Vec<PathBuf>>,
    /// Files that were not UTF-8 and were decoded as Windows-1252.
    pub decoded_as_windows_1252: Vec<PathBuf>,
    /// The segments merged into one at the end of the run, and how long it
    /// took (see [`MERGE_SHARE`]); none when the run did not merge.
    pub merged: Option<(usize, Duration)>,
    /// Why the merge at the end of the run failed, when it did.
    pub merge_failed: Option<String>,
    /// Wall time of the run.
    pub elapsed: Duration,
}

impl IndexStats {
    /// How many files were skipped, for every reason.
    pub fn skipped_count(&self) -> usize {
        self.skipped.values().map(Vec::len).sum()
    }

    /// Throughput of the run in MB (10^6 bytes) per second.
    pub fn megabytes_per_second(&self) -> f64 {
        self.bytes_read as f64 / 1e6 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// What happened to one file.
enum Outcome {
    /// Its content is what the index already holds.
    Unchanged,
    Indexed {
        bytes: u64,
        encoding: Encoding,
        articles: usize,
        quotes: usize,
        /// Parts of the file that were not articles (bad JSON Lines lines).
        skipped_parts: Vec<(String, String)>,
    },
    Skipped(String),
}

/// Runs an [`IndexRequest`].
pub struct Indexer {
    request: IndexRequest,
}

impl Indexer {
    /// An indexer for a request.
    pub fn new(request: IndexRequest) -> Self {
        Indexer { request }
    }

    /// Walks, reads, parses and writes what is new or changed, removes what
    /// is gone, committing in batches; an unchanged corpus leaves the index as it was.
    pub fn run(&self, on_progress: &(dyn Fn(&Progress) + Sync)) -> Result<IndexStats> {
        let started = Instant::now();
        let request = &self.request;
        request.validate()?;
        // Load the place gazetteer (a third of a second) while the walk runs. Not
        // joined: the first extraction waits for it, and an unchanged corpus never does.
        std::thread::spawn(|| {
            crate::extract::gazetteer::Gazetteer::shipped();
        });
        let discovery = walk::discover(&request.roots, request.max_file_size)?;
        let news_index = NewsIndex::open_or_create(&request.index_dir)?;
        // A new index must commit once even if it stays empty, to record its schema version.
        let mut needs_commit = news_index.index.load_metas()?.payload.is_none();
        let mut writer = open_writer(&news_index, request)?;
        let fields = *news_index.fields();
        let known = known::files(&news_index)?;

        let mut stats = IndexStats::default();
        for passed in &discovery.passed {
            on_progress(&Progress::Skipped {
                path: &passed.path,
                why: &passed.why,
            });
            stats
                .skipped
                .entry(passed.why.clone())
                .or_default()
                .push(passed.path.clone());
        }
        // A file whose size and time match what the index recorded is not read again.
        let (unchanged, to_read): (Vec<&Candidate>, Vec<&Candidate>) =
            discovery.candidates.iter().partition(|c| {
                known
                    .get(&c.canonical)
                    .is_some_and(|stamp| stamp.size == c.size && stamp.modified == c.modified)
            });
        stats.files_unchanged = unchanged.len();
        on_progress(&Progress::Discovered {
            files: to_read.len(),
            bytes: to_read.iter().map(|c| c.size).sum(),
        });

        let mut changed_anything = false;
        let mut last_commit = Instant::now();
        if !request.keep_missing {
            let found: HashSet<&str> = discovery
                .candidates
                .iter()
                .map(|c| c.canonical.as_str())
                .collect();
            let roots = canonical_roots(&request.roots);
            for path in known.keys() {
                let under_a_root = roots.iter().any(|root| is_under(path, root));
                if under_a_root && !found.contains(path.as_str()) {
                    writer.delete_term(Term::from_field_text(fields.path, path));
                    stats.files_removed += 1;
                    changed_anything = true;
                }
            }
        }

        for batch in to_read.chunks(request.commit_every) {
            let outcomes: Vec<Outcome> = batch
                .par_iter()
                .map(|candidate| {
                    let known_hash = known.get(&candidate.canonical).map(|s| s.content_hash);
                    let outcome = index_file(&writer, &fields, candidate, known_hash);
                    match &outcome {
                        Outcome::Skipped(why) => on_progress(&Progress::Skipped {
                            path: &candidate.path,
                            why,
                        }),
                        _ => on_progress(&Progress::Indexed {
                            path: &candidate.path,
                            bytes: candidate.size,
                        }),
                    }
                    outcome
                })
                .collect();
            let mut wrote = false;
            for (candidate, outcome) in batch.iter().zip(outcomes) {
                match outcome {
                    Outcome::Unchanged => stats.files_unchanged += 1,
                    Outcome::Indexed {
                        bytes,
                        encoding,
                        articles,
                        quotes,
                        skipped_parts,
                    } => {
                        let was_indexed = known.contains_key(&candidate.canonical);
                        match (articles, was_indexed) {
                            // Its old articles are replaced (or deleted, if none is left).
                            (_, true) => stats.files_changed += 1,
                            // Nothing to write: its parts are reported as skipped below,
                            // and no commit is due for it.
                            (0, false) => {}
                            (_, false) => stats.files_new += 1,
                        }
                        wrote |= articles > 0 || was_indexed;
                        stats.articles_indexed += articles;
                        stats.quotes_indexed += quotes;
                        stats.bytes_read += bytes;
                        for (location, why) in skipped_parts {
                            stats
                                .skipped
                                .entry(extract::batch::skip_reason(&why).to_string())
                                .or_default()
                                .push(location.into());
                        }
                        if encoding == Encoding::Windows1252 {
                            stats.decoded_as_windows_1252.push(candidate.path.clone());
                        }
                    }
                    Outcome::Skipped(why) => {
                        stats
                            .skipped
                            .entry(why)
                            .or_default()
                            .push(candidate.path.clone());
                    }
                }
            }
            changed_anything |= wrote;
            if changed_anything && last_commit.elapsed() >= request.commit_interval {
                commit(&mut writer, &news_index)?;
                last_commit = Instant::now();
                changed_anything = false;
                needs_commit = false;
                on_progress(&Progress::Committed {
                    articles: stats.articles_indexed,
                });
            }
        }
        let wrote_any = stats.files_new + stats.files_changed + stats.files_removed > 0;
        if changed_anything || needs_commit {
            // The last batches, removals alone, or a new index left empty.
            commit(&mut writer, &news_index)?;
        }
        // The quotation clusters, over everything committed: after any
        // change, or when a stopped run left them behind its articles.
        if (wrote_any || clusters::stale(&news_index)?)
            && clusters::recluster(&news_index, &writer)?
        {
            commit(&mut writer, &news_index)?;
        }
        writer.wait_merging_threads()?;
        let written = stats.articles_indexed + stats.quotes_indexed;
        if wrote_any {
            // Everything is committed by now: a merge that fails (a full
            // disk) leaves the index whole and searchable, only slower, so
            // it is reported, not an error of the run.
            match merge_after(&news_index, written, on_progress) {
                Ok(merged) => stats.merged = merged,
                Err(err) => stats.merge_failed = Some(err.to_string()),
            }
        }
        stats.elapsed = started.elapsed();
        Ok(stats)
    }
}

/// A run that wrote at least this share of the index's documents merges the
/// index into one segment (see [`merge_after`]).
pub const MERGE_SHARE: f64 = 0.1;

/// Merges the index's segments into one when the run wrote `written`
/// documents, at least [`MERGE_SHARE`] of them all: how many there were and
/// how long it took, none when it did not.
///
/// A search pays for every segment: each of its words is looked up in each
/// segment's dictionary and its postings opened there, and a pasted sentence
/// on the 1 GB bench's nine segments took half as long again as on one.
/// Merging reads and writes the whole index (about 8 s a gigabyte, a sixth
/// more than indexing it, and the disk space of a second copy while it
/// runs): a first run always pays it, once, for every search after; a small
/// run on a large index leaves its segments to tantivy's merge policy rather
/// than rewrite everything for a few files. The merge is published
/// atomically, as a commit is: stopped midway, the index stays as committed.
fn merge_after(
    news_index: &NewsIndex,
    written: usize,
    on_progress: &(dyn Fn(&Progress) + Sync),
) -> Result<Option<(usize, Duration)>> {
    let started = Instant::now();
    let segments = news_index.index.searchable_segment_ids()?;
    let documents: u64 = news_index
        .index
        .searchable_segment_metas()?
        .iter()
        .map(|meta| u64::from(meta.num_docs()))
        .sum();
    if segments.len() < 2 || (written as f64) < documents as f64 * MERGE_SHARE {
        return Ok(None);
    }
    on_progress(&Progress::Merging {
        segments: segments.len(),
    });
    // A writer of its own, opened once the run's writer and its merges are
    // done, so no segment is already being merged.
    let mut writer: IndexWriter = news_index
        .index
        .writer_with_num_threads(1, MERGE_WRITER_BYTES)?;
    writer.merge(&segments).wait()?;
    writer.wait_merging_threads()?;
    Ok(Some((segments.len(), started.elapsed())))
}

/// The memory a writer that only merges is given: tantivy's least.
const MERGE_WRITER_BYTES: usize = 15 << 20;

/// The roots as absolute paths without links, to match the paths the index holds.
fn canonical_roots(roots: &[PathBuf]) -> Vec<String> {
    roots
        .iter()
        .filter_map(|root| std::fs::canonicalize(root).ok())
        .map(|root| root.to_string_lossy().into_owned())
        .collect()
}

/// True when `path` is `root` or inside it.
fn is_under(path: &str, root: &str) -> bool {
    path == root
        || path.strip_prefix(root).is_some_and(|rest| {
            rest.starts_with(std::path::MAIN_SEPARATOR) || root.ends_with(std::path::MAIN_SEPARATOR)
        })
}

fn open_writer(news_index: &NewsIndex, request: &IndexRequest) -> Result<IndexWriter> {
    // tantivy needs at least 15 MB per indexing thread.
    let threads = request
        .writer_threads
        .clamp(1, (request.memory_budget / (15 << 20)).max(1));
    news_index
        .index
        .writer_with_num_threads(threads, request.memory_budget)
        .map_err(|err| match err {
            tantivy::TantivyError::LockFailure(..) => Error::User(format!(
                "another newsdex process is writing the index at {}: wait for it to finish",
                news_index.dir.display()
            )),
            other => other.into(),
        })
}

fn commit(writer: &mut IndexWriter, news_index: &NewsIndex) -> Result<()> {
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(&news_index.commit_payload());
    prepared.commit()?;
    Ok(())
}

/// Reads, parses and writes one file; never fails the run.
fn index_file(
    writer: &IndexWriter,
    fields: &Fields,
    candidate: &Candidate,
    known_hash: Option<u64>,
) -> Outcome {
    let prepared = match prepare(fields, candidate, known_hash) {
        Ok(Some(prepared)) => prepared,
        Ok(None) => return Outcome::Unchanged,
        Err(why) => return Outcome::Skipped(why),
    };
    // Re-indexing a file replaces its articles and quotations: delete by path,
    // then add. A file the index never held has nothing to delete, and every
    // delete costs a term look-up in every segment at commit.
    if known_hash.is_some() {
        writer.delete_term(Term::from_field_text(fields.path, &prepared.path));
    }
    for doc in prepared.docs {
        if let Err(err) = writer.add_document(doc) {
            return Outcome::Skipped(format!("index error: {err}"));
        }
    }
    Outcome::Indexed {
        bytes: prepared.bytes,
        encoding: prepared.encoding,
        articles: prepared.articles,
        quotes: prepared.quotes,
        skipped_parts: prepared.skipped_parts,
    }
}

/// The documents of one file, ready to write.
struct Prepared {
    docs: Vec<TantivyDocument>,
    path: String,
    bytes: u64,
    encoding: Encoding,
    articles: usize,
    quotes: usize,
    skipped_parts: Vec<(String, String)>,
}

/// Reads a file into documents; `None` when its content hash is the one the
/// index already holds (the file was touched, not changed).
fn prepare(
    fields: &Fields,
    candidate: &Candidate,
    known_hash: Option<u64>,
) -> Result<Option<Prepared>, String> {
    let read = article::read(&candidate.path).map_err(|err| match err {
        Error::Article { why, .. } => why,
        other => other.to_string(),
    })?;
    if known_hash == Some(read.content_hash) {
        return Ok(None);
    }
    let file = FileInfo::of(candidate, &read);
    let path = file.path.clone();
    // A JSON Lines export is thousands of articles in one file: they are
    // extracted in parallel too, not one file per thread.
    let per_entry: Vec<(usize, Vec<TantivyDocument>)> = read
        .entries
        .par_iter()
        .map(|entry| {
            let extraction = extract::extract(&entry.article);
            let docs = documents(fields, &entry.article, &extraction, &file, &entry.key);
            (extraction.quotes.len(), docs)
        })
        .collect();
    let quotes = per_entry.iter().map(|(quotes, _)| quotes).sum();
    let docs = per_entry.into_iter().flat_map(|(_, docs)| docs).collect();
    Ok(Some(Prepared {
        docs,
        path,
        bytes: read.size,
        encoding: read.encoding,
        articles: read.entries.len(),
        quotes,
        skipped_parts: read.skipped,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_past_a_bound_are_refused_before_the_index_is_touched() {
        let dir = tempfile::tempdir().unwrap();
        let index = dir.path().join("index");
        let request = IndexRequest::new(vec![dir.path().to_path_buf()], index.clone());
        assert!(request.validate().is_ok());
        let refused = |change: fn(&mut IndexRequest)| {
            let mut request = request.clone();
            change(&mut request);
            let err = Indexer::new(request).run(&|_| {}).unwrap_err();
            assert!(err.is_user_error(), "{err}");
            assert!(!index.exists(), "nothing is created for a refused request");
            err.to_string()
        };
        assert!(refused(|r| r.memory_budget = 1 << 20).contains("from 20 to 4096 MB"));
        assert!(refused(|r| r.memory_budget = usize::MAX).contains("from 20 to 4096 MB"));
        assert!(refused(|r| r.writer_threads = 0).contains("writer threads"));
        assert!(refused(|r| r.writer_threads = 1_000).contains("writer threads"));
        assert!(refused(|r| r.commit_every = 0).contains("at least 1"));
    }
}
