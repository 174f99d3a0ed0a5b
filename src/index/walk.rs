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
    /// Its absolute path without links: the key it is indexed under.
    pub canonical: String,
    /// Its size in bytes at discovery.
    pub size: u64,
    /// Its modification time in seconds since the Unix epoch (0 when unknown).
    pub modified: u64,
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

/// Walks every root; a root that does not exist is the user's error. Files
/// larger than `max_file_size` bytes are passed over.
pub fn discover(roots: &[PathBuf], max_file_size: u64) -> Result<Discovery> {
    let mut discovery = Discovery::default();
    for root in roots {
        if std::fs::symlink_metadata(root).is_err() {
            return Err(Error::User(format!(
                "{}: no such file or folder; name a folder of articles to index",
                root.display()
            )));
        }
        let canonical_root = std::fs::canonicalize(root)
            .map_err(|e| Error::io(format!("cannot resolve {}", root.display()), e))?;
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
            let path = entry.path();
            let mut pass = |why: &str| {
                discovery.passed.push(Passed {
                    path: path.to_path_buf(),
                    why: why.to_string(),
                });
            };
            if entry.path_is_symlink() {
                pass("a symbolic link, not followed");
                continue;
            }
            if !entry.file_type().is_file() {
                continue;
            }
            if path.to_str().is_none() {
                pass("the file name is not valid UTF-8: rename it");
                continue;
            }
            if is_project_file(path) {
                pass("a README or licence, not an article");
                continue;
            }
            if Format::of(path).is_none() {
                pass("not an article format newsdex reads");
                continue;
            }
            let Ok(metadata) = entry.metadata() else {
                pass("vanished during the walk");
                continue;
            };
            if metadata.len() > max_file_size {
                pass("over the size limit (raise it with --max-file-size)");
                continue;
            }
            // Links below the root are not followed, so the root's canonical
            // form joined with the relative path is the file's: one system call
            // per root instead of one per file.
            let canonical = match path.strip_prefix(root) {
                Ok(relative) if relative.as_os_str().is_empty() => canonical_root.clone(),
                Ok(relative) => canonical_root.join(relative),
                Err(_) => path.to_path_buf(),
            };
            discovery.candidates.push(Candidate {
                path: path.to_path_buf(),
                canonical: canonical.to_string_lossy().into_owned(),
                size: metadata.len(),
                modified: metadata
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_secs()),
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
        let found = discover(&[dir.path().to_path_buf()], u64::MAX).unwrap();
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
        let err = discover(&["/no/such/folder".into()], u64::MAX).unwrap_err();
        assert!(err.is_user_error());
    }
}
