//! Drawing the indexer's progress events as a bar on stderr.
//!
//! indicatif hides the bar by itself when stderr is not a terminal, so piped
//! and CI runs print only the summary.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use indicatif::{ProgressBar, ProgressStyle};
use newsdex::index::Progress;

/// The progress bar of one `newsdex index` run.
pub struct IndexProgress {
    bar: ProgressBar,
    files_done: AtomicUsize,
    files_total: AtomicUsize,
    /// Whether the walk has reported what there is to read: files it passed
    /// over are reported before, and are not among the files to read.
    discovered: AtomicBool,
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
            discovered: AtomicBool::new(false),
        }
    }

    /// Takes one event from the indexer.
    pub fn on(&self, event: &Progress) {
        match event {
            Progress::Discovered { files, bytes } => {
                self.files_total.store(*files, Ordering::Relaxed);
                self.discovered.store(true, Ordering::Relaxed);
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
            // A file the walk passed over is not one of the files to read.
            Progress::Skipped { .. } if self.discovered.load(Ordering::Relaxed) => self.advance(0),
            Progress::Skipped { .. } => {}
            Progress::Committed { .. } => {}
            Progress::Merging { segments } => {
                self.bar.set_style(ProgressStyle::default_spinner());
                self.bar
                    .set_message(format!("merging {segments} segments into one"));
                self.bar
                    .enable_steady_tick(std::time::Duration::from_millis(120));
            }
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn files_passed_over_by_the_walk_do_not_count_as_done() {
        let progress = IndexProgress::new();
        progress
            .bar
            .set_draw_target(indicatif::ProgressDrawTarget::hidden());
        let path = Path::new("a.png");
        let why = "not an article format newsdex reads";
        progress.on(&Progress::Skipped { path, why });
        progress.on(&Progress::Skipped { path, why });
        progress.on(&Progress::Discovered {
            files: 2,
            bytes: 10,
        });
        progress.on(&Progress::Indexed { path, bytes: 6 });
        progress.on(&Progress::Skipped {
            path,
            why: "empty file",
        });
        let done = progress.files_done.load(Ordering::Relaxed);
        assert_eq!((done, progress.files_total.load(Ordering::Relaxed)), (2, 2));
        assert_eq!(progress.bar.position(), 6);
    }
}
