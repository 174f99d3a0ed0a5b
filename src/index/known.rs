//! The files an index already holds, read from its own columns.
//!
//! Every article document records its file's path, size, modification time
//! and content hash, so re-indexing can tell new, changed, unchanged and
//! removed files apart without any side file that could drift from the index.

use std::collections::HashMap;

use super::NewsIndex;
use crate::Result;

/// What the index recorded about one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    /// Size in bytes.
    pub size: u64,
    /// Modification time, seconds since the Unix epoch.
    pub modified: u64,
    /// xxh3 hash of the bytes.
    pub content_hash: u64,
}

/// Every file in the last commit of an index, by absolute path.
pub fn files(news: &NewsIndex) -> Result<HashMap<String, Stamp>> {
    let reader = news.reader()?;
    let searcher = reader.searcher();
    let schema = news.index.schema();
    let fields = news.fields();
    let name = |field| schema.get_field_name(field);
    let mut files = HashMap::new();
    let mut path = String::new();
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let Some(paths) = fast.str(name(fields.path))? else {
            continue;
        };
        let sizes = fast.u64(name(fields.file_size))?;
        let modified = fast.u64(name(fields.modified))?;
        let hashes = fast.u64(name(fields.content_hash))?;
        let alive = segment.alive_bitset();
        for doc in 0..segment.max_doc() {
            if alive.is_some_and(|bits| !bits.is_alive(doc)) {
                continue;
            }
            // Only article documents carry the file's stamp.
            let (Some(size), Some(hash)) = (sizes.first(doc), hashes.first(doc)) else {
                continue;
            };
            let Some(ord) = paths.term_ords(doc).next() else {
                continue;
            };
            path.clear();
            if paths.ord_to_str(ord, &mut path).is_ok() {
                files.insert(
                    path.clone(),
                    Stamp {
                        size,
                        modified: modified.first(doc).unwrap_or(0),
                        content_hash: hash,
                    },
                );
            }
        }
    }
    Ok(files)
}
