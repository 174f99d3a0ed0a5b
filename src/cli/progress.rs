//! Drawing the indexer's progress events as a bar on stderr.
//!
//! indicatif hides the bar by itself when stderr is not a terminal, so piped
//! and CI runs print only the summary.

use std::sync::atomic::{AtomicUsize, Ordering};

use indicatif::{ProgressBar, ProgressStyle};
use newsdex::index::Progress;

/// The progress bar of one `newsdex index` run.
pub struct IndexProgress {
    bar: ProgressBar,
    files_done: AtomicUsize,
    files_total: AtomicUsize,
}

impl IndexProgress {
    /// A bar that waits for the walk to say how much there is to do.
    pub fn new() -> Self {
        let bar = ProgressBar::new_spinner();
        bar.set_message("finding articles");
        IndexProgress {
            bar,
            files_done: AtomicUsize::new(0),
            files_total: AtomicUsize::new(0),
        }
    }

    /// Takes one event from the indexer.
    pub fn on(&self, event: &Progress) {
        match event {
            Progress::Discovered { files, bytes } => {
                self.files_total.store(*files, Ordering::Relaxed);
                self.bar.set_length(*bytes);
                self.bar.set_style(
                    ProgressStyle::with_template(
                        "{bar:30.cyan/blue} {msg} files  {binary_bytes}/{binary_total_bytes}  \
                         {binary_bytes_per_sec}  ETA {eta}",
                    )
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
                );
                self.bar.set_message(format!("0/{files}"));
            }
            Progress::Indexed { bytes, .. } => self.advance(*bytes),
            Progress::Skipped { .. } => self.advance(0),
            Progress::Committed { .. } => {}
        }
    }

    fn advance(&self, bytes: u64) {
        let done = self.files_done.fetch_add(1, Ordering::Relaxed) + 1;
        let total = self.files_total.load(Ordering::Relaxed);
        self.bar.inc(bytes);
        if done <= total {
            self.bar.set_message(format!("{done}/{total}"));
        }
    }

    /// Removes the bar before the summary is printed.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
