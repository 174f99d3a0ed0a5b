//! Quotation clusters: which quotations, across articles, are one utterance.
//!
//! The same words travel: a wire story is carried by twenty outlets, trimmed
//! in some, one word changed in others. Two quotations are joined when their
//! words (as the `news` analyzer makes them, so case, accents, quote and
//! apostrophe styles, punctuation and spacing do not count) are:
//!
//! - the same, for quotations of [`MIN_IDENTICAL`] words or more ("No." said
//!   in two articles is not one utterance);
//! - one a trimmed part of the other: a contiguous run of [`MIN_SHARED_RUN`]
//!   words in common, or the whole of a shorter quotation of
//!   [`MIN_CONTAINED`] words or more inside a longer one;
//! - near copies: one word changed, added or dropped, the rest in order, in
//!   quotations of [`MIN_NEAR_COPY`] words or more (90% of the words kept).
//!
//! Joins are transitive: a cluster is a connected group. Candidates are found
//! by hashing, never by comparing every pair: each quotation's runs of
//! [`MIN_SHARED_RUN`] words, its whole words, its runs of 5-7 words against
//! the short quotations' whole words, and, for near copies, its words with
//! each one left out. A cluster's id is the smallest key among its members,
//! so it stays the same while that quotation stays in the index.

use std::collections::hash_map::Entry;

use rustc_hash::FxHashMap;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{IndexWriter, ReloadPolicy, TantivyDocument, Term};
use xxhash_rust::xxh3::Xxh3;

use super::analyzer::news_tokens;
use super::{Fields, KIND_CLUSTERS, KIND_QUOTE, NewsIndex};
use crate::{Error, Result};

/// Identical quotations join from this many words.
pub const MIN_IDENTICAL: usize = 4;

/// Two quotations sharing a contiguous run of this many words join.
pub const MIN_SHARED_RUN: usize = 8;

/// A quotation of this many words or more, whole inside another, joins it.
pub const MIN_CONTAINED: usize = 5;

/// Near copies (one word changed, added or dropped) join from this many words
/// in the longer quotation: one word in ten is the 90% overlap asked.
pub const MIN_NEAR_COPY: usize = 10;

/// The words of a quotation as clusters compare them, each hashed.
pub fn words_of(text: &str) -> Vec<u64> {
    news_tokens(text)
        .iter()
        .map(|word| xxhash_rust::xxh3::xxh3_64(word.as_bytes()))
        .collect()
}

/// A quotation's key: stable while its article's file is unchanged (the
/// article's id and the quotation's place among its quotations).
pub fn quote_key(article_id: &str, ordinal: usize) -> u64 {
    let mut hasher = Xxh3::new();
    hasher.update(article_id.as_bytes());
    hasher.update(&(ordinal as u64).to_le_bytes());
    hasher.digest()
}

/// Which cluster every quotation belongs to. Only quotations joined to at
/// least one other are held: a quotation not held is alone, its cluster its
/// own key.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ClusterMap {
    of: FxHashMap<u64, u64>,
}

impl ClusterMap {
    /// Clusters quotations given as their key and their words ([`words_of`]).
    pub fn build(quotes: &[(u64, Vec<u64>)]) -> Self {
        let mut sets = DisjointSets::new(quotes.len());
        // The first quotation seen with each hash of a kind: any later one
        // with the same hash joins it.
        let mut first: FxHashMap<u64, usize> = FxHashMap::default();
        let mut join_on = |sets: &mut DisjointSets, hash: u64, i: usize| match first.entry(hash) {
            Entry::Occupied(seen) => sets.union(*seen.get(), i),
            Entry::Vacant(slot) => {
                slot.insert(i);
            }
        };
        // The short quotations' whole words, for containment.
        let mut short: FxHashMap<u64, usize> = FxHashMap::default();
        for (i, (_, words)) in quotes.iter().enumerate() {
            if words.len() >= MIN_IDENTICAL {
                join_on(&mut sets, hashed(Kind::Whole, words), i);
            }
            for run in words.windows(MIN_SHARED_RUN) {
                join_on(&mut sets, hashed(Kind::Run, run), i);
            }
            if (MIN_CONTAINED..MIN_SHARED_RUN).contains(&words.len()) {
                short.entry(hashed(Kind::Short, words)).or_insert(i);
            }
        }
        // A short quotation inside a longer one (a longer shared run is
        // found above).
        for (i, (_, words)) in quotes.iter().enumerate() {
            for length in MIN_CONTAINED..MIN_SHARED_RUN.min(words.len()) {
                for run in words.windows(length) {
                    if let Some(&j) = short.get(&hashed(Kind::Short, run)) {
                        sets.union(i, j);
                    }
                }
            }
        }
        // Near copies: the words with one left out meet the other's whole
        // words (one added or dropped) or its words with the same one left
        // out (one changed). A longer quotation keeps a shared run of
        // `MIN_SHARED_RUN` words through one change, and is joined above.
        let mut near: FxHashMap<u64, Vec<usize>> = FxHashMap::default();
        let near_lengths = MIN_NEAR_COPY - 1..2 * MIN_SHARED_RUN + 2;
        for (i, (_, words)) in quotes.iter().enumerate() {
            if !near_lengths.contains(&words.len()) {
                continue;
            }
            near.entry(hashed(Kind::Near, words)).or_default().push(i);
            let mut shorter = Vec::with_capacity(words.len());
            for left_out in 0..words.len() {
                shorter.clear();
                shorter.extend_from_slice(&words[..left_out]);
                shorter.extend_from_slice(&words[left_out + 1..]);
                near.entry(hashed(Kind::Near, &shorter))
                    .or_default()
                    .push(i);
            }
        }
        for bucket in near.values().filter(|bucket| bucket.len() > 1) {
            let first = bucket[0];
            for &other in &bucket[1..] {
                if other != first && near_copies(&quotes[first].1, &quotes[other].1) {
                    sets.union(first, other);
                }
            }
        }
        // Each cluster's id is its smallest key.
        let mut smallest: FxHashMap<usize, u64> = FxHashMap::default();
        let mut size: FxHashMap<usize, usize> = FxHashMap::default();
        for (i, (key, _)) in quotes.iter().enumerate() {
            let root = sets.find(i);
            let id = smallest.entry(root).or_insert(*key);
            *id = (*id).min(*key);
            *size.entry(root).or_default() += 1;
        }
        let mut of = FxHashMap::default();
        for (i, (key, _)) in quotes.iter().enumerate() {
            let root = sets.find(i);
            if size[&root] > 1 {
                of.insert(*key, smallest[&root]);
            }
        }
        ClusterMap { of }
    }

    /// The cluster of a quotation.
    pub fn cluster_of(&self, key: u64) -> u64 {
        self.of.get(&key).copied().unwrap_or(key)
    }

    /// The keys of a cluster's members (the key alone for a quotation alone).
    pub fn members_of(&self, cluster: u64) -> Vec<u64> {
        let mut members: Vec<u64> = self
            .of
            .iter()
            .filter(|(_, c)| **c == cluster)
            .map(|(key, _)| *key)
            .collect();
        if members.is_empty() {
            members.push(cluster);
        }
        members.sort_unstable();
        members
    }

    /// How many quotations are joined to at least one other.
    pub fn joined(&self) -> usize {
        self.of.len()
    }

    /// Each cluster of two quotations or more, with its members.
    pub fn clusters(&self) -> FxHashMap<u64, Vec<u64>> {
        let mut clusters: FxHashMap<u64, Vec<u64>> = FxHashMap::default();
        for (key, cluster) in &self.of {
            clusters.entry(*cluster).or_default().push(*key);
        }
        clusters
    }

    /// The map as stored in the index: a line `key cluster` (hexadecimal) per
    /// joined quotation, sorted, so the same clusters give the same text.
    pub fn to_text(&self) -> String {
        let mut pairs: Vec<(u64, u64)> = self.of.iter().map(|(k, c)| (*k, *c)).collect();
        pairs.sort_unstable();
        let mut text = String::with_capacity(pairs.len() * 34);
        for (key, cluster) in pairs {
            text.push_str(&format!("{key:016x} {cluster:016x}\n"));
        }
        text
    }

    /// Reads the map back from [`ClusterMap::to_text`].
    pub fn from_text(text: &str) -> Result<Self> {
        let mut of = FxHashMap::default();
        for (number, line) in text.lines().enumerate() {
            let parsed = line.split_once(' ').and_then(|(key, cluster)| {
                Some((
                    u64::from_str_radix(key, 16).ok()?,
                    u64::from_str_radix(cluster, 16).ok()?,
                ))
            });
            let Some((key, cluster)) = parsed else {
                return Err(Error::Schema(format!(
                    "the index's quotation clusters are damaged (line {}): run `newsdex index` \
                     again to rebuild them",
                    number + 1
                )));
            };
            of.insert(key, cluster);
        }
        Ok(ClusterMap { of })
    }
}

/// The clusters as the index holds them, and how many quotations the index
/// held when they were made.
pub struct StoredClusters {
    /// The clusters.
    pub map: ClusterMap,
    /// The quotations they were made from.
    pub quotes: usize,
}

/// The clusters stored in the index the searcher reads, if any.
pub fn stored(searcher: &tantivy::Searcher, fields: &Fields) -> Result<Option<StoredClusters>> {
    let query = TermQuery::new(
        Term::from_field_text(fields.kind, KIND_CLUSTERS),
        IndexRecordOption::Basic,
    );
    let top = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
    let Some((_, address)) = top.first() else {
        return Ok(None);
    };
    let doc: TantivyDocument = searcher.doc(*address)?;
    let text = doc
        .get_first(fields.clusters)
        .and_then(|v| v.as_str())
        .unwrap_or_default();
    let (head, rest) = text.split_once('\n').unwrap_or((text, ""));
    let quotes = head
        .strip_prefix("quotes ")
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| {
            Error::Schema(
                "the index's quotation clusters are damaged: run `newsdex index` again".into(),
            )
        })?;
    Ok(Some(StoredClusters {
        map: ClusterMap::from_text(rest)?,
        quotes,
    }))
}

/// How many quotations the searcher's index holds.
fn quotation_count(searcher: &tantivy::Searcher, fields: &Fields) -> Result<usize> {
    let query = TermQuery::new(
        Term::from_field_text(fields.kind, KIND_QUOTE),
        IndexRecordOption::Basic,
    );
    Ok(searcher.search(&query, &Count)?)
}

/// True when the clusters stored are missing or were made from another
/// number of quotations than the index holds: a run stopped between
/// committing its articles and their clusters.
pub fn stale(news_index: &NewsIndex) -> Result<bool> {
    let searcher = news_index.index.reader()?.searcher();
    let fields = news_index.fields();
    let quotes = quotation_count(&searcher, fields)?;
    Ok(match stored(&searcher, fields)? {
        Some(stored) => stored.quotes != quotes,
        None => quotes > 0,
    })
}

/// Clusters every quotation the index's last commit holds, and replaces the
/// stored clusters through `writer` when they changed (the caller commits).
/// True when they did. Quotations are read back from the store: their words
/// are the text, however their article was written.
pub fn recluster(news_index: &NewsIndex, writer: &IndexWriter) -> Result<bool> {
    let reader = news_index
        .index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()?;
    let searcher = reader.searcher();
    let fields = news_index.fields();
    let mut quotes = Vec::new();
    for segment in searcher.segment_readers() {
        let keys = segment.fast_fields().u64("quote_key")?;
        let store = segment
            .get_store_reader(64)
            .map_err(|e| Error::io("cannot read the quotations back", e))?;
        for doc in segment.doc_ids_alive() {
            let Some(key) = keys.first(doc) else {
                continue;
            };
            let stored: TantivyDocument = store.get(doc)?;
            let text = stored
                .get_first(fields.quote)
                .and_then(|v| v.as_str())
                .unwrap_or_default();
            quotes.push((key, words_of(text)));
        }
    }
    let map = ClusterMap::build(&quotes);
    let before = stored(&searcher, fields)?;
    if before.is_some_and(|b| b.map == map && b.quotes == quotes.len()) {
        return Ok(false);
    }
    writer.delete_term(Term::from_field_text(fields.kind, KIND_CLUSTERS));
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.kind, KIND_CLUSTERS);
    doc.add_text(
        fields.clusters,
        format!("quotes {}\n{}", quotes.len(), map.to_text()),
    );
    writer.add_document(doc)?;
    Ok(true)
}

/// What a hash of words stands for: the same words hashed for two purposes
/// must not meet.
#[derive(Clone, Copy)]
enum Kind {
    Whole = 1,
    Run = 2,
    Short = 3,
    Near = 4,
}

fn hashed(kind: Kind, words: &[u64]) -> u64 {
    let mut hasher = Xxh3::new();
    hasher.update(&[kind as u8]);
    for word in words {
        hasher.update(&word.to_le_bytes());
    }
    hasher.digest()
}

/// True when two quotations are the same but for one word changed, added or
/// dropped, the longer of [`MIN_NEAR_COPY`] words or more.
fn near_copies(a: &[u64], b: &[u64]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() < MIN_NEAR_COPY || long.len() - short.len() > 1 {
        return false;
    }
    let same_start = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    let same_end = short
        .iter()
        .rev()
        .zip(long.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    // The shorter is the longer but for one word: the words before it match
    // from the start, the words after it from the end.
    (same_start + same_end).min(short.len()) + 1 >= long.len()
}

/// Union-find over quotation indices, with path halving.
struct DisjointSets {
    parent: Vec<usize>,
}

impl DisjointSets {
    fn new(size: usize) -> Self {
        DisjointSets {
            parent: (0..size).collect(),
        }
    }

    fn find(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            self.parent[a.max(b)] = a.min(b);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clusters_of(texts: &[&str]) -> Vec<u64> {
        let quotes: Vec<(u64, Vec<u64>)> = texts
            .iter()
            .enumerate()
            .map(|(i, text)| (i as u64 + 1, words_of(text)))
            .collect();
        let map = ClusterMap::build(&quotes);
        quotes.iter().map(|(key, _)| map.cluster_of(*key)).collect()
    }

    #[test]
    fn the_rules_of_joining() {
        let statement = "We will not back down from the tariffs, and we will protect every \
                         farmer in this state until the deal is done";
        let cases: [(&str, &str, bool); 9] = [
            (
                "same words, other marks and case",
                "“WE WILL NOT BACK DOWN FROM THE TARIFFS — AND WE WILL PROTECT EVERY FARMER IN THIS STATE UNTIL THE DEAL IS DONE”",
                true,
            ),
            (
                "trimmed: eight words in common",
                "and we will protect every farmer in this state",
                true,
            ),
            (
                "seven words in common",
                "so we will protect every farmer in this county",
                false,
            ),
            (
                "a shorter quotation whole inside",
                "until the deal is done",
                true,
            ),
            ("four words whole inside", "the deal is done", false),
            (
                "one word changed",
                "We will not back down from the tariffs, and we will protect every rancher in this state until the deal is done",
                true,
            ),
            (
                "one word dropped",
                "We will not back down from the tariffs, and we will protect farmer in this state until the deal is done",
                true,
            ),
            (
                "two words changed, a long run kept",
                "We will not back away from the tariffs, and we shall protect every farmer in this state until the deal is done",
                true,
            ),
            (
                "a common phrase in another statement",
                "We will not back down, the union leader said of the strike",
                false,
            ),
        ];
        for (what, other, joined) in cases {
            let clusters = clusters_of(&[statement, other]);
            assert_eq!(clusters[0] == clusters[1], joined, "{what}: {other:?}");
        }
    }

    #[test]
    fn near_copies_of_short_quotations_need_ten_words() {
        let a = "prices will rise again next year, the minister warned today";
        let b = "prices will fall again next year, the minister warned today";
        assert_eq!(words_of(a).len(), 10);
        let clusters = clusters_of(&[a, b]);
        assert_eq!(clusters[0], clusters[1]);
        let clusters = clusters_of(&[
            "prices will rise again next year",
            "prices will fall again next year",
        ]);
        assert_ne!(clusters[0], clusters[1]);
    }

    #[test]
    fn identical_short_words_join_from_four_words() {
        let clusters = clusters_of(&["No.", "no", "Not this time, no", "not this time no"]);
        assert_ne!(clusters[0], clusters[1]);
        assert_eq!(clusters[2], clusters[3]);
    }

    #[test]
    fn joins_are_transitive_and_the_id_is_the_smallest_key() {
        let a = "one two three four five six seven eight nine ten";
        let b = "six seven eight nine ten eleven twelve thirteen fourteen fifteen";
        let c = "eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen";
        // b shares five words with a and five with c: not enough.
        let clusters = clusters_of(&[a, b, c]);
        assert_ne!(clusters[0], clusters[1]);
        let b = "three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen";
        let clusters = clusters_of(&[a, b, c]);
        assert_eq!(clusters, vec![1, 1, 1]);
    }

    #[test]
    fn the_stored_text_reads_back() {
        let quotes = vec![
            (7, words_of("until the deal is done, he said")),
            (3, words_of("until the deal is done")),
            (9, words_of("something else entirely was said here")),
        ];
        let map = ClusterMap::build(&quotes);
        assert_eq!(map.cluster_of(7), 3);
        assert_eq!(map.cluster_of(9), 9);
        assert_eq!(map.members_of(3), vec![3, 7]);
        let back = ClusterMap::from_text(&map.to_text()).unwrap();
        assert_eq!(back, map);
        assert!(ClusterMap::from_text("zz 12\n").is_err());
    }
}
