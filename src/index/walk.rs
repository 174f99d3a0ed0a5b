//! Finding the articles under the folders a user names.
//!
//! The walk is sorted (so runs are reproducible), skips hidden files and
//! folders, and does not follow symbolic links. Files of a format newsdex does
//! not read are reported as skipped, never silently ignored.

use std::path::PathBuf;

use walkdir::WalkDir;

use crate::article::Format;
use crate::{Error, Result};

/// A file to read as an article.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Its path as found by the walk.
    pub path: PathBuf,
    /// Its size in bytes at discovery.
    pub size: u64,
}

/// A file the walk found but will not read, and why.
#[derive(Debug, Clone)]
pub struct Passed {
    /// The file.
    pub path: PathBuf,
    /// The reason, short enough to group by in a summary.
    pub why: String,
}

/// What a walk found.
#[derive(Debug, Default)]
pub struct Discovery {
    /// Files to read, in walk order.
    pub candidates: Vec<Candidate>,
    /// Files found but not read.
    pub passed: Vec<Passed>,
}

/// Walks every root; a root that does not exist is the user's error.
pub fn discover(roots: &[PathBuf]) -> Result<Discovery> {
    let mut discovery = Discovery::default();
    for root in roots {
        if std::fs::symlink_metadata(root).is_err() {
            return Err(Error::User(format!(
                "{}: no such file or folder; name a folder of articles to index",
                root.display()
            )));
        }
        let walk = WalkDir::new(root)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.file_name()));
        for entry in walk {
            let entry = match entry {
                Ok(entry) => entry,
                Err(err) => {
                    let path = err.path().unwrap_or(root).to_path_buf();
                    discovery.passed.push(Passed {
                        path,
                        why: format!("unreadable: {}", io_reason(&err)),
                    });
                    continue;
                }
            };
            if !entry.file_type().is_file() {
                continue;
            }
            let path = entry.path();
            if is_project_file(path) {
                discovery.passed.push(Passed {
                    path: path.to_path_buf(),
                    why: "a README or licence, not an article".to_string(),
                });
                continue;
            }
            if Format::of(path).is_none() {
                discovery.passed.push(Passed {
                    path: path.to_path_buf(),
                    why: "not an article format newsdex reads".to_string(),
                });
                continue;
            }
            let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
            discovery.candidates.push(Candidate {
                path: path.to_path_buf(),
                size,
            });
        }
    }
    Ok(discovery)
}

/// `README.md`, `LICENSE.txt` and the like describe a folder; they are not news.
fn is_project_file(path: &std::path::Path) -> bool {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_ascii_uppercase();
    matches!(
        stem.as_str(),
        "README" | "LICENSE" | "LICENCE" | "CHANGELOG" | "COPYING"
    )
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|name| name.starts_with('.'))
}

fn io_reason(err: &walkdir::Error) -> String {
    match err.io_error() {
        Some(io) => io.kind().to_string(),
        None => err.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walk_is_sorted_skips_hidden_and_reports_other_formats() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("b.txt"), "B").unwrap();
        std::fs::write(dir.path().join("a.txt"), "A").unwrap();
        std::fs::write(dir.path().join(".hidden.txt"), "H").unwrap();
        std::fs::write(dir.path().join("photo.png"), "P").unwrap();
        std::fs::write(dir.path().join("README.md"), "# About these files").unwrap();
        let found = discover(&[dir.path().to_path_buf()]).unwrap();
        let names: Vec<_> = found
            .candidates
            .iter()
            .map(|c| c.path.file_name().unwrap().to_str().unwrap().to_string())
            .collect();
        assert_eq!(names, ["a.txt", "b.txt"]);
        let passed: Vec<_> = found
            .passed
            .iter()
            .map(|p| (p.path.file_name().unwrap(), p.why.as_str()))
            .collect();
        assert_eq!(
            passed,
            [
                ("README.md".as_ref(), "a README or licence, not an article"),
                ("photo.png".as_ref(), "not an article format newsdex reads")
            ]
        );
    }

    #[test]
    fn a_missing_root_is_a_user_error() {
        let err = discover(&["/no/such/folder".into()]).unwrap_err();
        assert!(err.is_user_error());
    }
}
