//! The command-line arguments, and their conversion into library requests.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use newsdex::index::{DEFAULT_INDEX_DIR, IndexRequest};
use newsdex::search::searcher::MAX_FACET_LIMIT;
use newsdex::search::{FacetField, Filters, SearchRequest, Target};

/// Full-text search for news coverage: who said what, where, and when.
///
/// Index a folder of articles with `newsdex index DIR`, then search it with
/// `newsdex search QUERY`.
#[derive(Debug, Parser)]
#[command(name = "newsdex", version)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Index the articles under one or more folders.
    Index(IndexArgs),
    /// Search the index; exits 0 when something matched, 1 when nothing did, 2 on an error.
    Search(SearchArgs),
    /// Print one article as indexed, by id or by file path.
    Show(ShowArgs),
    /// List every article carrying one quotation, earliest first: who said
    /// it first, who repeated it, and how each worded it and named the speaker.
    Quote(QuoteArgs),
    /// Print documents by kind, size on disk, schema version and fields.
    Stats(StatsArgs),
    /// List every value of a facet with its count, for the whole index or a query.
    Facets(FacetsArgs),
    /// Print what newsdex reads out of files and folders: each article, its
    /// quotations with their speakers, the people and the places it names.
    /// Folders are walked as `index` walks them. Needs no index.
    Extract(ExtractArgs),
    /// Serve the index as a search page and a JSON API over HTTP, until Ctrl-C.
    Serve(ServeArgs),
}

/// `newsdex serve`
#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub location: IndexLocation,
    /// The address and port to listen on; anything but loopback needs --token.
    #[arg(long, default_value = newsdex::serve::DEFAULT_BIND, value_name = "ADDR:PORT")]
    pub bind: std::net::SocketAddr,
    /// The token every request must carry (`Authorization: Bearer TOKEN`, or
    /// the cookie /login sets).
    #[arg(long, env = "NEWSDEX_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Do not log a line per request on stderr.
    #[arg(long)]
    pub quiet: bool,
}

/// Where the index is: shared by every subcommand.
#[derive(Debug, Args)]
pub struct IndexLocation {
    /// The index folder.
    #[arg(long, env = "NEWSDEX_INDEX", default_value = DEFAULT_INDEX_DIR)]
    pub index: PathBuf,
}

/// `newsdex index DIR...`
#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Folders (or single files) of articles: `.txt`, `.md`, `.json`, `.jsonl`
    /// and `.html` files are read, other files reported as skipped.
    #[arg(required = true, value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
    #[command(flatten)]
    pub location: IndexLocation,
    /// Memory the index writer may use, in MB.
    #[arg(long, default_value_t = 256, value_name = "MB")]
    pub memory_mb: usize,
    /// Read this many files between two chances to commit.
    #[arg(long, default_value_t = 10_000, value_name = "FILES")]
    pub commit_every: usize,
    /// Commit at most this often, in seconds: an interrupted run loses at
    /// most this much work, and each commit pauses the reading.
    #[arg(long, default_value_t = 30, value_name = "SECS")]
    pub commit_seconds: u64,
    /// Skip files larger than this many MB.
    #[arg(long, default_value_t = 50, value_name = "MB")]
    pub max_file_size: u64,
    /// Keep the articles of files that are no longer in the folders (by default
    /// they are removed from the index).
    #[arg(long)]
    pub keep_missing: bool,
    /// Exit with code 2 when any file was skipped (the others are still indexed).
    #[arg(long)]
    pub strict: bool,
}

impl IndexArgs {
    /// The validated request for the library.
    pub fn to_request(&self) -> anyhow::Result<IndexRequest> {
        let mut request = IndexRequest::new(self.dirs.clone(), self.location.index.clone());
        request.memory_budget = self.memory_mb.saturating_mul(1 << 20);
        request.commit_every = self.commit_every;
        request.commit_interval = std::time::Duration::from_secs(self.commit_seconds);
        request.max_file_size = self.max_file_size.saturating_mul(1_000_000);
        request.keep_missing = self.keep_missing;
        Ok(request)
    }
}

/// `newsdex search QUERY`
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words, a pasted sentence, or tantivy's query language (see the README).
    #[arg(allow_hyphen_values = true)]
    pub query: String,
    #[command(flatten)]
    pub location: IndexLocation,
    /// Hits per page.
    #[arg(long, short = 'n', default_value_t = 10)]
    pub limit: usize,
    /// Hits to skip, for later pages.
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Return quotations, each a hit of its own with its speaker, instead of articles.
    /// One hit per quotation however many articles carry it, with the count.
    #[arg(long)]
    pub quotes: bool,
    /// With --quotes, list every article's occurrence of a quotation as a hit
    /// of its own instead of one hit per quotation.
    #[arg(long)]
    pub no_group: bool,
    /// Count matching documents by speaker, people, location (or location=/PATH for
    /// the places inside PATH), section, source or month. Repeatable.
    #[arg(long = "facet", value_name = "FIELD")]
    pub facets: Vec<String>,
    /// How many values to show per facet.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub facet_limit: usize,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Print one JSON object (format in the README) instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Conditions on the hits, shared by `search` and `facets`.
#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Only quotations by (or articles quoting) this speaker: a full name or a
    /// surname, in any case (`speaker:` in the query does the same).
    #[arg(long, value_name = "NAME")]
    pub speaker: Option<String>,
    /// Only documents naming this person: a full name or a surname, in any case.
    #[arg(long, value_name = "NAME")]
    pub person: Option<String>,
    /// Only documents about this place or a place inside it: a path
    /// (/United States, /Ukraine/Kyiv) or a place's name (ukraine, anchorage).
    #[arg(long, value_name = "PATH")]
    pub location: Option<String>,
    /// Only this sub-heading.
    #[arg(long, value_name = "TITLE")]
    pub section: Option<String>,
    /// Only this publication.
    #[arg(long, value_name = "NAME")]
    pub source: Option<String>,
    /// Only documents published on or after this date (2025-08-01, August 1, 2025, …).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only documents published on or before this date (the whole day counts).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
}

impl FilterArgs {
    /// The validated filters for the library.
    pub fn to_filters(&self) -> anyhow::Result<Filters> {
        let (since, until) = Filters::dates(
            self.since.as_deref(),
            self.until.as_deref(),
            ("--since", "--until"),
        )?;
        Ok(Filters {
            speaker: self.speaker.clone(),
            person: self.person.clone(),
            location: self.location.clone(),
            section: self.section.clone(),
            source: self.source.clone(),
            since,
            until,
        })
    }
}

impl SearchArgs {
    /// The validated request for the library.
    pub fn to_request(&self) -> anyhow::Result<SearchRequest> {
        let mut request = SearchRequest::new(self.query.clone());
        request.limit = self.limit;
        request.offset = self.offset;
        if self.quotes {
            request.target = Target::Quotes;
        }
        request.group = !self.no_group;
        request.filters = self.filters.to_filters()?;
        for facet in &self.facets {
            request
                .facets
                .push((FacetField::parse(facet)?, self.facet_limit));
        }
        Ok(request)
    }
}

/// `newsdex show ID|PATH`
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The article's id (from search results) or its file's path.
    #[arg(value_name = "ID|PATH")]
    pub article: String,
    #[command(flatten)]
    pub location: IndexLocation,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// `newsdex quote ID`
#[derive(Debug, Args)]
pub struct QuoteArgs {
    /// The quotation's cluster id (`cluster.id` in `search --quotes --json`,
    /// shown as `quote ID` in its text).
    #[arg(value_name = "ID")]
    pub id: String,
    #[command(flatten)]
    pub location: IndexLocation,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// `newsdex stats`
#[derive(Debug, Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub location: IndexLocation,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// `newsdex facets FIELD [QUERY]`
#[derive(Debug, Args)]
pub struct FacetsArgs {
    /// speaker, people, location (or location=/PATH), section, source or month.
    pub field: String,
    /// Count only documents matching this query (default: all).
    #[arg(default_value = "*", allow_hyphen_values = true)]
    pub query: String,
    #[command(flatten)]
    pub location: IndexLocation,
    /// Count quotations instead of articles.
    #[arg(long)]
    pub quotes: bool,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

impl FacetsArgs {
    /// The search whose facet counts list the field's values.
    pub fn to_request(&self) -> anyhow::Result<SearchRequest> {
        let mut request = SearchRequest::new(self.query.clone());
        request.limit = 1;
        if self.quotes {
            request.target = Target::Quotes;
        }
        request.filters = self.filters.to_filters()?;
        // Every value, as far as the library counts.
        request.facets = vec![(FacetField::parse(&self.field)?, MAX_FACET_LIMIT)];
        Ok(request)
    }
}

/// `newsdex extract FILE`
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Article files, or folders of them (walked as `index` walks them).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Print JSON Lines instead of text: one object per article (the format
    /// is in the README, "extract --json").
    #[arg(long)]
    pub json: bool,
    /// Skip files larger than this many MB.
    #[arg(long, default_value_t = 50, value_name = "MB")]
    pub max_file_size: u64,
    /// Exit with code 2 when any file was skipped (the others are still extracted).
    #[arg(long)]
    pub strict: bool,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
