//! The library's error type, grouped by who must act on it.
//!
//! A user error (a bad query, a missing index) tells the user what to do; an
//! article error concerns one file, which is skipped and reported while the run
//! goes on; I/O and index errors are the system's.

use std::path::PathBuf;

/// The result type of every fallible library call.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong, grouped by who must act.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The user must act: the message says what to do.
    #[error("{0}")]
    User(String),
    /// One article could not be read; the run skips it and goes on.
    #[error("{}: {why}", path.display())]
    Article {
        /// The file that was skipped.
        path: PathBuf,
        /// Why, in words fit for a summary.
        why: String,
    },
    /// The index-schema file shipped with the program is inconsistent.
    #[error("index schema: {0}")]
    Schema(String),
    /// Reading or writing a file failed.
    #[error("{context}: {source}")]
    Io {
        /// What was being done, naming the file.
        context: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// tantivy failed.
    #[error("index: {0}")]
    Index(#[from] tantivy::TantivyError),
}

impl Error {
    /// An I/O error with the file or action it concerns.
    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io {
            context: context.into(),
            source,
        }
    }

    /// True when the user, not the program, must act (exit code 2 at the CLI).
    pub fn is_user_error(&self) -> bool {
        matches!(self, Error::User(_))
    }

    /// True when the fault is newsdex's own: a schema shipped inconsistent, or
    /// tantivy failing on an index newsdex wrote. I/O errors are the system's
    /// (a full disk, a permission), and the message names the file.
    pub fn is_bug(&self) -> bool {
        matches!(self, Error::Schema(_) | Error::Index(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_newsdex_own_faults_are_called_bugs() {
        let io = || std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        assert!(!Error::User("bad query".into()).is_bug());
        assert!(!Error::io("cannot open index", io()).is_bug());
        let article = Error::Article {
            path: "a.txt".into(),
            why: "empty file".into(),
        };
        assert!(!article.is_bug());
        assert!(Error::Schema("no field `body`".into()).is_bug());
        let tantivy = tantivy::TantivyError::InternalError("segment".into());
        assert!(Error::from(tantivy).is_bug());
    }
}
