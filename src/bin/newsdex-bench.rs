//! `newsdex-bench`: the measuring programs `scripts/bench` runs beside `newsdex`.
//!
//! - `dump`: every article of some folders, read by newsdex's own readers, as
//!   JSON Lines `{"id", "headline", "body"}`: the same text for the bare
//!   tantivy indexer and for SQLite FTS5.
//! - `bare-index`: a plain tantivy indexer over the same folders: the same
//!   walk and readers, in parallel, into a writer built like newsdex's
//!   (threads, memory budget), but only headline and body (the `news`
//!   analyzer, stored): no quotations, people, places, facets or file
//!   records. What indexing costs without everything newsdex adds.
//! - `bare-writes` and `newsdex-writes`: tantivy's part of each indexer
//!   alone. The documents (bare: headline and body from a dump; newsdex: its
//!   full documents, every article read and extracted) are built before the
//!   clock starts; only adding them to the writer and committing is timed.
//!   These bound what any speed-up of reading or extraction could reach.
//! - `extract`: every article read, then extracted on one thread, timing the
//!   extraction alone; prints digests of what was read and extracted, so a
//!   change meant only to be faster can be shown to change nothing else.
//! - `queries`: newsdex's own searcher, opened once, timing each query of a
//!   list in-process.
//! - `quotations`: every quotation of an index with its cluster, as JSON
//!   Lines `{"key", "cluster", "path", "speaker", "quote"}`, for
//!   `scripts/eval-clusters`.
//!
//! Each prints one JSON object of figures on stdout (`quotations`: one per
//! quotation).

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use clap::{Parser, Subcommand};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use tantivy::schema::{Field, IndexRecordOption, STORED, Schema, TextFieldIndexing, TextOptions};
use tantivy::{Index, IndexWriter, TantivyDocument};

use newsdex::extract::batch::{Extracted, read_and_extract};
use newsdex::index::document::{FileInfo, documents, first_text};
use newsdex::index::{IndexRequest, NewsIndex, analyzer, clusters, walk};
use newsdex::search::facets::FacetField;
use newsdex::search::searcher::{Filters, SearchRequest, Searcher, Target};

/// The allocator newsdex uses, so that the comparison is of the work done.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(about = "Measuring programs for scripts/bench")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Writes every article under the folders as JSON Lines of id, headline and body.
    Dump {
        /// Folders of articles.
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
        /// The JSON Lines file to write.
        #[arg(long)]
        out: PathBuf,
    },
    /// Indexes folders with tantivy alone: headline and body, no extraction.
    BareIndex {
        /// Folders of articles.
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
        /// Where to create the index (must not exist).
        #[arg(long)]
        index: PathBuf,
        /// The writer's memory budget, in MB (default: newsdex's).
        #[arg(long)]
        memory_mb: Option<usize>,
    },
    /// Times tantivy alone writing the headline and body of a dump's articles,
    /// loaded before the clock starts.
    BareWrites {
        /// A JSON Lines dump written by `dump`.
        dump: PathBuf,
        /// Where to create the index (removed and made again each round).
        #[arg(long)]
        index: PathBuf,
        /// Rounds; the fastest counts.
        #[arg(long, default_value_t = 1)]
        rounds: usize,
    },
    /// Times tantivy alone writing newsdex's documents of every article under
    /// the folders, read and extracted before the clock starts.
    NewsdexWrites {
        /// Folders of articles.
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
        /// Where to create the index (removed and made again each round).
        #[arg(long)]
        index: PathBuf,
        /// Rounds; the fastest counts.
        #[arg(long, default_value_t = 1)]
        rounds: usize,
    },
    /// Reads and extracts every article on one thread, writing nothing: the
    /// cost of extraction alone.
    Extract {
        /// Folders of articles.
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
    },
    /// Times queries in-process on a newsdex index.
    Queries {
        /// The newsdex index.
        #[arg(long)]
        index: PathBuf,
        /// A JSON file: a list of {"query", "quotes", "group", "speaker", "facet"} objects.
        queries: PathBuf,
        /// Runs of each query; the first is a warm-up and not counted.
        #[arg(long, default_value_t = 6)]
        runs: usize,
    },
    /// Lists every quotation of a newsdex index with its cluster.
    Quotations {
        /// The newsdex index.
        #[arg(long)]
        index: PathBuf,
    },
}

/// One article of a dump: written by `dump`, read back by `bare-writes`.
#[derive(Serialize, Deserialize)]
struct Dumped {
    id: String,
    headline: String,
    body: String,
}

/// One query of a query list.
#[derive(Deserialize)]
struct BenchQuery {
    query: String,
    #[serde(default)]
    quotes: bool,
    #[serde(default)]
    speaker: Option<String>,
    #[serde(default)]
    facet: Option<String>,
    /// For quotations: one hit per cluster (the default) or every occurrence.
    #[serde(default = "grouped")]
    group: bool,
}

fn grouped() -> bool {
    true
}

fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Dump { dirs, out } => dump(&dirs, &out),
        Command::BareIndex {
            dirs,
            index,
            memory_mb,
        } => bare_index(
            &dirs,
            &index,
            memory_mb.map_or(newsdex_writer().memory_budget, |mb| mb << 20),
        ),
        Command::BareWrites {
            dump,
            index,
            rounds,
        } => bare_writes(&dump, &index, rounds),
        Command::NewsdexWrites {
            dirs,
            index,
            rounds,
        } => newsdex_writes(&dirs, &index, rounds),
        Command::Extract { dirs } => extract_only(&dirs),
        Command::Queries {
            index,
            queries,
            runs,
        } => time_queries(&index, &queries, runs),
        Command::Quotations { index } => quotations(&index),
    }
}

fn quotations(dir: &Path) -> anyhow::Result<()> {
    let news = NewsIndex::open(dir)?;
    let searcher = news.reader()?.searcher();
    let fields = news.fields();
    let map = clusters::stored(&searcher, fields)?
        .map(|stored| stored.map)
        .unwrap_or_default();
    let mut out = BufWriter::new(std::io::stdout().lock());
    for segment in searcher.segment_readers() {
        let keys = segment.fast_fields().u64("quote_key")?;
        let store = segment.get_store_reader(64)?;
        for doc in segment.doc_ids_alive() {
            let Some(key) = keys.first(doc) else {
                continue;
            };
            let stored: TantivyDocument = store.get(doc)?;
            let record = serde_json::json!({
                "key": format!("{key:016x}"),
                "cluster": format!("{:016x}", map.cluster_of(key)),
                "path": first_text(&stored, fields.path),
                "speaker": first_text(&stored, fields.speaker),
                "quote": first_text(&stored, fields.quote),
            });
            writeln!(out, "{record}")?;
        }
    }
    out.flush()?;
    Ok(())
}

fn dump(dirs: &[PathBuf], out: &Path) -> anyhow::Result<()> {
    let discovery = walk::discover(dirs, 50_000_000)?;
    let mut file = BufWriter::new(
        std::fs::File::create(out).with_context(|| format!("cannot create {}", out.display()))?,
    );
    // Read in parallel a chunk of files at a time, so that a 1 GB corpus
    // is never held in memory whole.
    let mut articles = 0;
    for chunk in discovery.candidates.chunks(1_000) {
        let lines: Vec<String> = chunk
            .par_iter()
            .flat_map_iter(|candidate| {
                let entries = newsdex::article::read(&candidate.path)
                    .map(|file| file.entries)
                    .unwrap_or_default();
                entries.into_iter().map(move |entry| {
                    let dumped = Dumped {
                        id: format!("{}{}", candidate.canonical, entry.key),
                        headline: entry.article.headline.clone(),
                        body: entry.article.body_text(),
                    };
                    serde_json::to_string(&dumped).expect("strings serialise")
                })
            })
            .collect();
        for line in &lines {
            writeln!(file, "{line}")?;
        }
        articles += lines.len();
    }
    file.flush()?;
    println!("{}", serde_json::json!({ "articles": articles }));
    Ok(())
}

/// The bare index: headline and body with the `news` analyzer, stored, and an id.
struct BareIndex {
    writer: IndexWriter,
    id: Field,
    headline: Field,
    body: Field,
}

impl BareIndex {
    /// Creates the index in `dir`, with a writer built like newsdex's: its
    /// threads, and the given budget.
    fn create(dir: &Path, memory_budget: usize) -> anyhow::Result<Self> {
        let text = TextOptions::default()
            .set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(analyzer::NEWS)
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            )
            .set_stored();
        let mut builder = Schema::builder();
        let id = builder.add_text_field("id", tantivy::schema::STRING | STORED);
        let headline = builder.add_text_field("headline", text.clone());
        let body = builder.add_text_field("body", text);
        std::fs::create_dir_all(dir)?;
        let index = Index::create_in_dir(dir, builder.build())?;
        analyzer::register(&index);
        let writer =
            index.writer_with_num_threads(newsdex_writer().writer_threads, memory_budget)?;
        Ok(BareIndex {
            writer,
            id,
            headline,
            body,
        })
    }

    /// The document of one article.
    fn document(&self, id: String, headline: &str, body: String) -> TantivyDocument {
        let mut document = TantivyDocument::default();
        document.add_text(self.id, id);
        document.add_text(self.headline, headline);
        document.add_text(self.body, body);
        document
    }

    /// Commits and waits for merges, as newsdex does at the end of a run.
    fn finish(mut self) -> anyhow::Result<()> {
        self.writer.commit()?;
        self.writer.wait_merging_threads()?;
        Ok(())
    }
}

fn bare_index(dirs: &[PathBuf], dir: &Path, memory_budget: usize) -> anyhow::Result<()> {
    let started = Instant::now();
    let bare = BareIndex::create(dir, memory_budget)?;
    let discovery = walk::discover(dirs, 50_000_000)?;
    let (documents, bytes) = discovery
        .candidates
        .par_iter()
        .map(|candidate| {
            let Ok(file) = newsdex::article::read(&candidate.path) else {
                return (0, 0);
            };
            let articles = file.entries.len() as u64;
            for entry in file.entries {
                let id = format!("{}{}", candidate.canonical, entry.key);
                let document =
                    bare.document(id, &entry.article.headline, entry.article.body_text());
                bare.writer
                    .add_document(document)
                    .expect("the writer is open");
            }
            (articles, file.size)
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    bare.finish()?;
    println!(
        "{}",
        serde_json::json!({
            "articles": documents,
            "bytes": bytes,
            "seconds": started.elapsed().as_secs_f64(),
        })
    );
    Ok(())
}

fn bare_writes(dump: &Path, dir: &Path, rounds: usize) -> anyhow::Result<()> {
    let text =
        std::fs::read_to_string(dump).with_context(|| format!("cannot read {}", dump.display()))?;
    let articles: Vec<Dumped> = text
        .lines()
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()
        .with_context(|| format!("{} is not a dump", dump.display()))?;
    drop(text);
    let seconds = fastest_writes(dir, rounds, |dir| {
        let bare = BareIndex::create(dir, newsdex_writer().memory_budget)?;
        let documents: Vec<TantivyDocument> = articles
            .iter()
            .map(|a| bare.document(a.id.clone(), &a.headline, a.body.clone()))
            .collect();
        let adding = timed_writes(documents, &bare.writer)?;
        let started = Instant::now();
        bare.finish()?;
        Ok(adding + started.elapsed())
    })?;
    println!(
        "{}",
        serde_json::json!({ "articles": articles.len(), "seconds": seconds })
    );
    Ok(())
}

fn newsdex_writes(dirs: &[PathBuf], dir: &Path, rounds: usize) -> anyhow::Result<()> {
    let discovery = walk::discover(dirs, 50_000_000)?;
    // Every article read and extracted once, before any clock starts.
    let extracted: Vec<(FileInfo, Vec<Extracted>)> = discovery
        .candidates
        .par_iter()
        .filter_map(|candidate| {
            let read = read_and_extract(candidate).ok()?;
            Some((read.file, read.articles))
        })
        .collect();
    let articles: usize = extracted.iter().map(|(_, entries)| entries.len()).sum();
    let seconds = fastest_writes(dir, rounds, |dir| {
        let news_index = NewsIndex::open_or_create(dir)?;
        let fields = *news_index.fields();
        let documents: Vec<TantivyDocument> = extracted
            .par_iter()
            .flat_map_iter(|(file, entries)| {
                entries.iter().flat_map(move |(key, article, extraction)| {
                    documents(&fields, article, extraction, file, key)
                })
            })
            .collect();
        let request = newsdex_writer();
        let mut writer = news_index
            .index
            .writer_with_num_threads(request.writer_threads, request.memory_budget)?;
        let adding = timed_writes(documents, &writer)?;
        let started = Instant::now();
        writer.commit()?;
        writer.wait_merging_threads()?;
        Ok(adding + started.elapsed())
    })?;
    println!(
        "{}",
        serde_json::json!({ "articles": articles, "seconds": seconds })
    );
    Ok(())
}

/// newsdex's default indexing request, for its writer's threads and budget.
fn newsdex_writer() -> IndexRequest {
    IndexRequest::new(Vec::new(), PathBuf::new())
}

/// Runs `round` (which builds its documents untimed and returns how long
/// writing them took) `rounds` times in a fresh `dir`: the fastest, in seconds.
fn fastest_writes(
    dir: &Path,
    rounds: usize,
    round: impl Fn(&Path) -> anyhow::Result<std::time::Duration>,
) -> anyhow::Result<f64> {
    let mut fastest = f64::INFINITY;
    for _ in 0..rounds.max(1) {
        if dir.exists() {
            std::fs::remove_dir_all(dir)?;
        }
        fastest = fastest.min(round(dir)?.as_secs_f64());
    }
    Ok(fastest)
}

/// Adds built documents to a writer from the rayon threads, as the indexers
/// do: how long it took.
fn timed_writes(
    documents: Vec<TantivyDocument>,
    writer: &IndexWriter,
) -> anyhow::Result<std::time::Duration> {
    let started = Instant::now();
    documents
        .into_par_iter()
        .try_for_each(|document| writer.add_document(document).map(|_| ()))?;
    Ok(started.elapsed())
}

fn extract_only(dirs: &[PathBuf]) -> anyhow::Result<()> {
    let discovery = walk::discover(dirs, 50_000_000)?;
    let files: Vec<_> = discovery
        .candidates
        .iter()
        .filter_map(|candidate| newsdex::article::read(&candidate.path).ok())
        .collect();
    // The gazetteer loads once, before the clock starts.
    newsdex::extract::gazetteer::Gazetteer::shipped();
    let mut extracting = std::time::Duration::ZERO;
    let (mut articles, mut quotes, mut places) = (0, 0, 0);
    // A hash of every extraction, so that a change meant only to be faster
    // can be shown to extract exactly what it did before.
    let mut digest = xxhash_rust::xxh3::Xxh3::new();
    // And of every article as read, for changes to the readers.
    let mut read_digest = xxhash_rust::xxh3::Xxh3::new();
    for entry in files.iter().flat_map(|file| &file.entries) {
        read_digest.update(format!("{:?}", entry.article).as_bytes());
        let started = Instant::now();
        let extraction = newsdex::extract::extract(&entry.article);
        extracting += started.elapsed();
        articles += 1;
        quotes += extraction.quotes.len();
        places += extraction.places.len();
        digest.update(&serde_json::to_vec(&extraction)?);
    }
    let bytes: u64 = files.iter().map(|file| file.size).sum();
    println!(
        "{}",
        serde_json::json!({
            "articles": articles,
            "quotes": quotes,
            "places": places,
            "bytes": bytes,
            "seconds": extracting.as_secs_f64(),
            "digest": format!("{:016x}", digest.digest()),
            "read_digest": format!("{:016x}", read_digest.digest()),
        })
    );
    Ok(())
}

fn time_queries(dir: &Path, list: &Path, runs: usize) -> anyhow::Result<()> {
    let opened = Instant::now();
    let searcher = Searcher::open(dir)?;
    let open_ms = opened.elapsed().as_secs_f64() * 1e3;
    let queries: Vec<BenchQuery> = serde_json::from_slice(&std::fs::read(list)?)?;
    let mut timings = Vec::new();
    for query in &queries {
        let mut request = SearchRequest::new(query.query.clone());
        if query.quotes {
            request.target = Target::Quotes;
        }
        request.group = query.group;
        if let Some(speaker) = &query.speaker {
            request.filters = Filters {
                speaker: Some(speaker.clone()),
                ..Filters::default()
            };
        }
        if let Some(facet) = &query.facet {
            request.facets = vec![(FacetField::parse(facet)?, 10)];
        }
        let mut milliseconds = Vec::new();
        let mut hits = 0;
        for run in 0..runs.max(2) {
            let started = Instant::now();
            let results = searcher.search(&request);
            let elapsed = started.elapsed().as_secs_f64() * 1e3;
            hits = results.map(|r| r.total_hits).unwrap_or(0);
            if run > 0 {
                milliseconds.push(elapsed);
            }
        }
        timings.push(serde_json::json!({
            "query": query.query,
            "hits": hits,
            "ms": milliseconds,
        }));
    }
    println!(
        "{}",
        serde_json::json!({ "open_ms": open_ms, "queries": timings })
    );
    Ok(())
}
