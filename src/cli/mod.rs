//! The command line: arguments in, the library called, results rendered.
//!
//! Exit codes follow ripgrep: 0 when a search finds something (or any other
//! command succeeds), 1 when a search finds nothing, 2 on an error. A closed
//! pipe (`newsdex search x | head -1`) ends the program quietly.

pub mod args;
mod progress;
mod render;

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::Context;
use newsdex::index::Indexer;
use newsdex::search::{SearchRequest, SearchResults, Searcher};
use std::path::Path;

use args::{
    Cli, Command, ExtractArgs, FacetsArgs, IndexArgs, QuoteArgs, SearchArgs, ServeArgs, ShowArgs,
    StatsArgs,
};

/// What a command achieved, for the exit code.
enum Outcome {
    /// Done, with results (or nothing to find).
    Success,
    /// A search that matched nothing.
    NoMatch,
}

/// Runs a parsed command line and returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    let outcome = match cli.command {
        Command::Index(args) => index(args),
        Command::Search(args) => search(args),
        Command::Show(args) => show(args),
        Command::Quote(args) => quote(args),
        Command::Stats(args) => stats(args),
        Command::Extract(args) => extract(args),
        Command::Facets(args) => facets(args),
        Command::Serve(args) => serve(args),
    };
    match outcome {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::NoMatch) => ExitCode::from(1),
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("newsdex: {err:#}");
            if is_bug(&err) {
                eprintln!("{BUG_NOTE}");
            }
            ExitCode::from(2)
        }
    }
}

/// Told after an error that is newsdex's fault, so a user can tell it from theirs.
const BUG_NOTE: &str = "newsdex: this is a bug in newsdex, not a mistake of yours: \
     please report it with the message above and the command that gave it";

/// Makes a panic say it is a bug, with its details, instead of Rust's bare message.
pub fn report_panics_as_bugs() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        default(info);
        eprintln!("{BUG_NOTE}");
    }));
}

fn is_bug(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<newsdex::Error>()
            .is_some_and(newsdex::Error::is_bug)
    })
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        let io_kind = cause.downcast_ref::<io::Error>().map(io::Error::kind);
        // serde_json keeps the I/O error inside, out of the chain.
        let json_kind = cause
            .downcast_ref::<serde_json::Error>()
            .and_then(serde_json::Error::io_error_kind);
        io_kind.or(json_kind) == Some(io::ErrorKind::BrokenPipe)
    })
}

fn index(args: IndexArgs) -> anyhow::Result<Outcome> {
    let request = args.to_request()?;
    let progress = progress::IndexProgress::new();
    let stats = Indexer::new(request).run(&|event| progress.on(event))?;
    progress.finish();
    render::index_summary(&mut io::stderr().lock(), &stats)?;
    if args.strict && stats.skipped_count() > 0 {
        anyhow::bail!(
            "{} files were skipped and --strict is set (the others are indexed)",
            stats.skipped_count()
        );
    }
    Ok(Outcome::Success)
}

/// Opens the index, runs a request and tells the user how the query was read.
fn run_search(index: &Path, request: &SearchRequest) -> anyhow::Result<SearchResults> {
    let results = Searcher::open(index)?.search(request)?;
    for warning in &results.warnings {
        eprintln!("newsdex: {warning}");
    }
    Ok(results)
}

fn search(args: SearchArgs) -> anyhow::Result<Outcome> {
    let results = run_search(&args.location.index, &args.to_request()?)?;
    let mut out = io::stdout().lock();
    if args.json {
        serde_json::to_writer(&mut out, &results).context("cannot write the results")?;
        writeln!(out)?;
    } else {
        render::hits(&mut out, &results, render::Style::for_stdout())?;
        render::facets(&mut out, &results.facets)?;
        render::hits_footer(&mut io::stderr().lock(), &results)?;
    }
    out.flush()?;
    Ok(if results.total_hits == 0 {
        Outcome::NoMatch
    } else {
        Outcome::Success
    })
}

fn show(args: ShowArgs) -> anyhow::Result<Outcome> {
    let searcher = Searcher::open(&args.location.index)?;
    let Some(article) = searcher.article(&args.article)? else {
        anyhow::bail!(
            "no article with id or path `{}` in the index: `newsdex search` lists ids",
            args.article
        );
    };
    let mut out = io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &article)?;
        writeln!(out)?;
    } else {
        render::article(&mut out, &article)?;
    }
    out.flush()?;
    Ok(Outcome::Success)
}

fn quote(args: QuoteArgs) -> anyhow::Result<Outcome> {
    let searcher = Searcher::open(&args.location.index)?;
    let Some(cluster) = searcher.quote_cluster(&args.id)? else {
        anyhow::bail!(
            "no quotation with id `{}` in the index: `newsdex search --quotes` gives each \
             quotation's id",
            args.id
        );
    };
    let mut out = io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &cluster)?;
        writeln!(out)?;
    } else {
        render::quote_cluster(&mut out, &cluster, render::Style::for_stdout())?;
    }
    out.flush()?;
    Ok(Outcome::Success)
}

fn stats(args: StatsArgs) -> anyhow::Result<Outcome> {
    let searcher = Searcher::open(&args.location.index)?;
    let summary = searcher.summary()?;
    let mut out = io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &summary)?;
        writeln!(out)?;
    } else {
        render::summary(&mut out, &summary)?;
    }
    out.flush()?;
    Ok(Outcome::Success)
}

fn extract(args: ExtractArgs) -> anyhow::Result<Outcome> {
    let mut out = io::stdout().lock();
    let max_file_size = args.max_file_size.saturating_mul(1_000_000);
    let mut write_record = |record: &newsdex::extract::record::Record| {
        let written = if args.json {
            serde_json::to_writer(&mut out, record)
                .map_err(io::Error::from)
                .and_then(|()| writeln!(out))
        } else {
            render::extraction(&mut out, record).and_then(|()| writeln!(out))
        };
        written.map_err(|e| newsdex::Error::io("cannot write the extraction", e))
    };
    let stats =
        newsdex::extract::batch::extract_all(&args.paths, max_file_size, &mut write_record)?;
    out.flush()?;
    render::extract_summary(&mut io::stderr().lock(), &stats)?;
    if stats.articles == 0 && stats.skipped_count() > 0 {
        anyhow::bail!("no article could be read from the paths given (see the reasons above)");
    }
    if args.strict && stats.skipped_count() > 0 {
        anyhow::bail!(
            "{} files or parts were skipped and --strict is set (the others are extracted)",
            stats.skipped_count()
        );
    }
    Ok(Outcome::Success)
}

fn facets(args: FacetsArgs) -> anyhow::Result<Outcome> {
    let results = run_search(&args.location.index, &args.to_request()?)?;
    let mut out = io::stdout().lock();
    if args.json {
        serde_json::to_writer(&mut out, &results.facets)?;
        writeln!(out)?;
    } else {
        render::facets(&mut out, &results.facets)?;
    }
    out.flush()?;
    let empty = results.facets.values().all(Vec::is_empty);
    Ok(if empty {
        Outcome::NoMatch
    } else {
        Outcome::Success
    })
}

fn serve(args: ServeArgs) -> anyhow::Result<Outcome> {
    let config = newsdex::serve::ServeConfig {
        index: args.location.index.clone(),
        bind: args.bind,
        token: args.token.filter(|token| !token.is_empty()),
        quiet: args.quiet,
    };
    newsdex::serve::serve(config, |address| {
        let mut out = io::stdout().lock();
        // The first line says where to go; scripts and tests read it.
        let _ = writeln!(
            out,
            "newsdex serving {} at http://{address}/ (Ctrl-C stops)",
            args.location.index.display()
        );
        let _ = out.flush();
    })?;
    Ok(Outcome::Success)
}
