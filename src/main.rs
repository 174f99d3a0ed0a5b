//! The `newsdex` command: parse the arguments, run, map the outcome to an exit code.

mod cli;

use std::process::ExitCode;

use clap::Parser;

/// Indexing allocates and frees millions of small strings and vectors from
/// several threads; mimalloc does that at a fraction of glibc's cost.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    cli::report_panics_as_bugs();
    cli::run(cli::args::Cli::parse())
}
