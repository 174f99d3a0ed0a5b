//! Quotation clusters: which quotations, across articles, are one utterance.
//!
//! The same words travel: a wire story is carried by twenty outlets, trimmed
//! in some, one word changed in others. Two quotations are joined when their
//! words (as the `news` analyzer makes them, so case, accents, quote and
//! apostrophe styles, punctuation and spacing do not count) are:
//!
//! - one a trimmed part of the other: the whole of one, of [`MIN_SHARED_RUN`]
//!   words or more, inside the other (the same words count as inside);
//! - near copies: one word changed, added or dropped, the rest in order, in
//!   quotations of [`MIN_NEAR_COPY`] words or more (90% of the words kept);
//! - short: the whole of one of [`MIN_CONTAINED`] to [`MIN_SHARED_RUN`] - 1
//!   words inside (or the same as) the other, when both name the same
//!   speaker (by surname) or neither names one: "a step in the right
//!   direction" said by three officials is three utterances of a common
//!   phrase, not one.
//!
//! Two quotations that only share a run of words, each with words of its
//! own, stay apart: two officials repeating a talking point in their own
//! words are two utterances. Joins are transitive: a cluster is a connected
//! group. Candidates are found by hashing, never by comparing every pair:
//! the first run of [`MIN_SHARED_RUN`] words of each quotation against every
//! such run of the others, the short quotations' words against the runs of
//! as many words of the others, and, for near copies, the first and last
//! runs of long quotations, and short ones' words with each one left out.
//! A cluster's id is the smallest key among its members, so it stays the
//! same while that quotation stays in the index.
//!
//! [`recluster`] makes the clusters over every quotation the index holds
//! after each run that changed it, and stores them, with each cluster's
//! facts ([`ClusterFacts`]), in the one document of kind `clusters`.

use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, IndexWriter, ReloadPolicy, TantivyDocument, Term};
use xxhash_rust::xxh3::Xxh3;

use super::analyzer::news_tokens;
use super::document::{first_text, published_of};
use super::{Fields, KIND_CLUSTERS, KIND_QUOTE, NewsIndex};
use crate::extract::people::join_bare_surnames;
use crate::{Error, Result};

/// A quotation of this many words or more, whole inside another, joins it
/// whoever the speakers.
pub const MIN_SHARED_RUN: usize = 8;

/// A shorter quotation of this many words or more, whole inside another,
/// joins it when they name the same speaker, or neither names one.
pub const MIN_CONTAINED: usize = 5;

/// A longer quotation's runs matched against one shorter quotation's first
/// run at most: enough for every copy of a syndicated quotation.
const MAX_CANDIDATES: usize = 500;

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

/// One quotation as clustering reads it, in the order the index holds it.
#[derive(Debug, Clone, Default)]
pub struct Quotation {
    /// Its key ([`quote_key`]).
    pub key: u64,
    /// Its words ([`words_of`]).
    pub words: Vec<u64>,
    /// Its text, as the article gives it.
    pub text: String,
    /// Who the article says said it.
    pub speaker: Option<String>,
    /// Its article's id.
    pub article_id: String,
    /// Its article's publication.
    pub source: Option<String>,
    /// Its article's publication date, RFC 3339.
    pub published: Option<String>,
    /// Its article's file.
    pub path: String,
}

/// What a cluster of two quotations or more shows, worked out when the
/// clusters are made: a search reads it instead of every occurrence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClusterFacts {
    /// The cluster's id, hexadecimal.
    pub id: String,
    /// How many articles carry it.
    pub occurrences: usize,
    /// How many distinct publications (an article without one counts alone).
    pub sources: usize,
    /// The earliest occurrence: by date, the undated last, then as indexed.
    pub first_seen: Seen,
    /// Each speaker named and how many occurrences name them, most first;
    /// a bare surname counted under the one full name others give.
    pub speakers: Vec<(String, u64)>,
    /// The fullest wording: the occurrence with the most words, the
    /// earliest among equals.
    pub wording: String,
}

/// Where a quotation was first seen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seen {
    /// The publication date, RFC 3339.
    pub published: Option<String>,
    /// The publication.
    pub source: Option<String>,
    /// The article's id.
    pub id: String,
    /// The article's file.
    pub path: String,
}

/// Which cluster every quotation belongs to, with each cluster's facts.
/// Only quotations joined to at least one other are held: a quotation not
/// held is alone, its cluster its own key.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ClusterMap {
    of: FxHashMap<u64, u64>,
    facts: FxHashMap<u64, ClusterFacts>,
}

impl ClusterMap {
    /// Clusters quotations, given in the order the index holds them.
    pub fn build(quotes: &[Quotation]) -> Self {
        let speakers: Vec<Speakers> = quotes
            .iter()
            .map(|quote| Speakers::of(quote.speaker.as_deref()))
            .collect();
        let mut sets = DisjointSets::new(speakers);
        let power = powers(quotes.iter().map(|q| q.words.len()).max().unwrap_or(0));
        let windows = |i: usize| Windows::of(&quotes[i].words, &power);
        // Each quotation's first run of `MIN_SHARED_RUN` words: one inside
        // another starts at one of the other's runs.
        let mut first_runs: FxHashMap<u64, Vec<usize>> = FxHashMap::default();
        for (i, quote) in quotes.iter().enumerate() {
            if quote.words.len() >= MIN_SHARED_RUN {
                first_runs
                    .entry(windows(i).run(0, MIN_SHARED_RUN))
                    .or_default()
                    .push(i);
            }
        }
        for (j, Quotation { words: other, .. }) in quotes.iter().enumerate() {
            let runs = windows(j);
            for at in 0..(other.len() + 1).saturating_sub(MIN_SHARED_RUN) {
                let run = runs.run(at, at + MIN_SHARED_RUN);
                let Some(starting) = first_runs.get(&run) else {
                    continue;
                };
                for &i in starting.iter().take(MAX_CANDIDATES) {
                    let words = &quotes[i].words;
                    // Copies of one syndicated quotation are joined already.
                    if i != j
                        && sets.find(i) != sets.find(j)
                        && other.get(at..at + words.len()) == Some(&words[..])
                    {
                        sets.union(i, j);
                    }
                }
            }
        }
        // Short quotations: each one's words against the runs of as many
        // words of the others, joined when their speakers agree.
        let mut short: FxHashMap<u64, Vec<usize>> = FxHashMap::default();
        for (i, quote) in quotes.iter().enumerate() {
            let n = quote.words.len();
            if (MIN_CONTAINED..MIN_SHARED_RUN).contains(&n) {
                short.entry(windows(i).run(0, n)).or_default().push(i);
            }
        }
        if !short.is_empty() {
            for (i, Quotation { words, .. }) in quotes.iter().enumerate() {
                let runs = windows(i);
                for length in MIN_CONTAINED..MIN_SHARED_RUN.min(words.len() + 1) {
                    for at in 0..=words.len() - length {
                        let run = runs.run(at, at + length);
                        for &j in short.get(&run).into_iter().flatten() {
                            if j != i && quotes[j].words[..] == words[at..at + length] {
                                sets.union_if_speakers_agree(i, j);
                            }
                        }
                    }
                }
            }
        }
        // Near copies. A longer quotation keeps its first or its last run of
        // `MIN_SHARED_RUN` words through one change: quotations sharing one
        // are compared. A shorter one is found by its words with each one left
        // out, which meet the other's whole words (one added or dropped) or
        // its words with the same one left out (one changed).
        let mut ends: FxHashMap<u64, Vec<usize>> = FxHashMap::default();
        let mut near: Vec<(u64, usize)> = Vec::new();
        for (i, Quotation { words, .. }) in quotes.iter().enumerate() {
            if words.len() + 1 < MIN_NEAR_COPY {
                continue;
            }
            // From twice the run's length, one change misses the first or the
            // last run; up to one word more, the shorter copies are found by
            // their words: the two ranges overlap, so every pair meets.
            if words.len() >= 2 * MIN_SHARED_RUN {
                let runs = windows(i);
                for hash in [
                    runs.run(0, MIN_SHARED_RUN),
                    // The last run apart from the first runs: a hash of its own.
                    !runs.run(words.len() - MIN_SHARED_RUN, words.len()),
                ] {
                    ends.entry(hash).or_default().push(i);
                }
            }
            if words.len() <= 2 * MIN_SHARED_RUN + 1 {
                near.extend(near_hashes(words, &power).into_iter().map(|hash| (hash, i)));
            }
        }
        for group in ends.values().filter(|group| group.len() > 1) {
            for (x, &a) in group.iter().enumerate().take(MAX_CANDIDATES) {
                for &b in &group[x + 1..group.len().min(MAX_CANDIDATES)] {
                    // Copies of one syndicated quotation are joined already.
                    if sets.find(a) != sets.find(b)
                        && near_copies(&quotes[a].words, &quotes[b].words)
                    {
                        sets.union(a, b);
                    }
                }
            }
        }
        near.sort_unstable();
        for group in near
            .chunk_by(|a, b| a.0 == b.0)
            .filter(|group| group.len() > 1)
        {
            let first = group[0].1;
            for &(_, other) in &group[1..] {
                if other != first && near_copies(&quotes[first].words, &quotes[other].words) {
                    sets.union(first, other);
                }
            }
        }
        // Each cluster's id is its smallest key.
        let mut members: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
        for i in 0..quotes.len() {
            members.entry(sets.find(i)).or_default().push(i);
        }
        let mut of = FxHashMap::default();
        let mut facts = FxHashMap::default();
        for group in members.values().filter(|group| group.len() > 1) {
            let id = group
                .iter()
                .map(|&i| quotes[i].key)
                .min()
                .unwrap_or_default();
            for &i in group {
                of.insert(quotes[i].key, id);
            }
            facts.insert(id, facts_of(id, group.iter().map(|&i| &quotes[i])));
        }
        ClusterMap { of, facts }
    }

    /// The facts of a cluster of two quotations or more.
    pub fn facts(&self, cluster: u64) -> Option<&ClusterFacts> {
        self.facts.get(&cluster)
    }

    /// The cluster of a quotation.
    pub fn cluster_of(&self, key: u64) -> u64 {
        self.of.get(&key).copied().unwrap_or(key)
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
    /// joined quotation, then a line of JSON per cluster ([`ClusterFacts`]),
    /// both sorted, so the same clusters give the same text.
    pub fn to_text(&self) -> String {
        let mut pairs: Vec<(u64, u64)> = self.of.iter().map(|(k, c)| (*k, *c)).collect();
        pairs.sort_unstable();
        let mut text = String::with_capacity(pairs.len() * 34);
        for (key, cluster) in pairs {
            text.push_str(&format!("{key:016x} {cluster:016x}\n"));
        }
        let mut facts: Vec<&ClusterFacts> = self.facts.values().collect();
        facts.sort_by(|a, b| a.id.cmp(&b.id));
        for fact in facts {
            text.push_str(&serde_json::to_string(fact).unwrap_or_default());
            text.push('\n');
        }
        text
    }

    /// Reads the map back from [`ClusterMap::to_text`].
    pub fn from_text(text: &str) -> Result<Self> {
        let damaged = |number: usize| {
            Error::Schema(format!(
                "the index's quotation clusters are damaged (line {}): run `newsdex index` \
                 again to rebuild them",
                number + 1
            ))
        };
        let mut map = ClusterMap::default();
        for (number, line) in text.lines().enumerate() {
            if line.starts_with('{') {
                let fact: ClusterFacts = serde_json::from_str(line).map_err(|_| damaged(number))?;
                let id = u64::from_str_radix(&fact.id, 16).map_err(|_| damaged(number))?;
                map.facts.insert(id, fact);
                continue;
            }
            let parsed = line.split_once(' ').and_then(|(key, cluster)| {
                Some((
                    u64::from_str_radix(key, 16).ok()?,
                    u64::from_str_radix(cluster, 16).ok()?,
                ))
            });
            let (key, cluster) = parsed.ok_or_else(|| damaged(number))?;
            map.of.insert(key, cluster);
        }
        Ok(map)
    }
}

/// A cluster's facts, from its members in the order the index holds them.
fn facts_of<'a>(id: u64, members: impl Iterator<Item = &'a Quotation>) -> ClusterFacts {
    let mut members: Vec<&Quotation> = members.collect();
    // Earliest first: by date, the undated last; a stable sort keeps the
    // index's order among equals.
    members.sort_by(|a, b| {
        (a.published.is_none(), &a.published).cmp(&(b.published.is_none(), &b.published))
    });
    let articles: FxHashSet<&str> = members.iter().map(|q| q.article_id.as_str()).collect();
    let mut sources = FxHashSet::default();
    for (i, quote) in members.iter().enumerate() {
        sources.insert(quote.source.clone().unwrap_or_else(|| format!("\u{0}{i}")));
    }
    let mut totals: FxHashMap<String, u64> = FxHashMap::default();
    for speaker in members.iter().filter_map(|q| q.speaker.clone()) {
        *totals.entry(speaker).or_default() += 1;
    }
    join_bare_surnames(&mut totals);
    let mut speakers: Vec<(String, u64)> = totals.into_iter().collect();
    speakers.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let fullest = members.iter().fold(members[0], |best, q| {
        if q.words.len() > best.words.len() {
            q
        } else {
            best
        }
    });
    let first = members[0];
    ClusterFacts {
        id: format!("{id:016x}"),
        occurrences: articles.len(),
        sources: sources.len(),
        first_seen: Seen {
            published: first.published.clone(),
            source: first.source.clone(),
            id: first.article_id.clone(),
            path: first.path.clone(),
        },
        speakers,
        wording: fullest.text.clone(),
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
    match stored_at(searcher, fields)? {
        Some(address) => stored_in(searcher, fields, address).map(Some),
        None => Ok(None),
    }
}

/// Where the searcher's index holds its clusters, if it does: a searcher
/// that finds them where it found them before has them already.
pub fn stored_at(searcher: &tantivy::Searcher, fields: &Fields) -> Result<Option<DocAddress>> {
    let query = TermQuery::new(
        Term::from_field_text(fields.kind, KIND_CLUSTERS),
        IndexRecordOption::Basic,
    );
    let top = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
    Ok(top.first().map(|(_, address)| *address))
}

/// The clusters stored in the document at `address`.
pub fn stored_in(
    searcher: &tantivy::Searcher,
    fields: &Fields,
    address: DocAddress,
) -> Result<StoredClusters> {
    let doc: TantivyDocument = searcher.doc(address)?;
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
    Ok(StoredClusters {
        map: ClusterMap::from_text(rest)?,
        quotes,
    })
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
            let text = |field| first_text(&stored, field);
            let quote = text(fields.quote).unwrap_or_default();
            quotes.push(Quotation {
                key,
                words: words_of(&quote),
                text: quote,
                speaker: text(fields.speaker),
                article_id: text(fields.article_id).unwrap_or_default(),
                source: text(fields.source),
                published: published_of(&stored, fields.published),
                path: text(fields.path).unwrap_or_default(),
            });
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

/// Hashes of any run of a quotation's words in one step each, from
/// polynomial hashes of its prefixes: a quotation of `n` words has `3n` runs
/// of 5 to 7 words and `n` of 8 to look up, and hashing each afresh was most
/// of the clustering's time.
struct Windows<'a> {
    prefix: Vec<u64>,
    /// `BASE` to the power of each length, shared by every quotation.
    power: &'a [u64],
}

const BASE: u64 = 0x9E37_79B9_7F4A_7C15;

/// `BASE` to the powers 0 to `longest`.
fn powers(longest: usize) -> Vec<u64> {
    std::iter::successors(Some(1u64), |p| Some(p.wrapping_mul(BASE)))
        .take(longest + 1)
        .collect()
}

impl<'a> Windows<'a> {
    fn of(words: &[u64], power: &'a [u64]) -> Self {
        let mut prefix = Vec::with_capacity(words.len() + 1);
        prefix.push(0u64);
        for (k, word) in words.iter().enumerate() {
            prefix.push(prefix[k].wrapping_mul(BASE).wrapping_add(*word));
        }
        Windows { prefix, power }
    }

    /// The raw hash of words `from..to`.
    fn raw(&self, from: usize, to: usize) -> u64 {
        self.prefix[to].wrapping_sub(self.prefix[from].wrapping_mul(self.power[to - from]))
    }

    /// The hash of words `from..to`, mixed with their number.
    fn run(&self, from: usize, to: usize) -> u64 {
        mixed(self.raw(from, to), to - from)
    }

    /// The hash of the words with word `left_out` left out.
    fn without(&self, left_out: usize) -> u64 {
        let n = self.prefix.len() - 1;
        let joined = self.prefix[left_out]
            .wrapping_mul(self.power[n - 1 - left_out])
            .wrapping_add(self.raw(left_out + 1, n));
        mixed(joined, n - 1)
    }
}

/// A raw polynomial hash and a length, mixed into one well-spread hash.
fn mixed(hash: u64, length: usize) -> u64 {
    let mut x = hash ^ (length as u64).wrapping_mul(0xD6E8_FEB8_6659_FD93);
    x ^= x >> 32;
    x = x.wrapping_mul(0xD6E8_FEB8_6659_FD93);
    x ^ (x >> 32)
}

/// The hashes a near copy is found by: of a quotation's words, and of its
/// words with each one left out in turn.
fn near_hashes(words: &[u64], power: &[u64]) -> Vec<u64> {
    let windows = Windows::of(words, power);
    let n = words.len();
    let mut hashes = Vec::with_capacity(n + 1);
    hashes.push(windows.run(0, n));
    hashes.extend((0..n).map(|left_out| windows.without(left_out)));
    hashes
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

/// The speakers named for a group of quotations: by surname, so that
/// "Alvarez" and "Maria Alvarez" agree.
#[derive(Clone, PartialEq)]
enum Speakers {
    None,
    One(String),
    Several,
}

impl Speakers {
    fn of(speaker: Option<&str>) -> Self {
        match speaker.and_then(|s| s.split_whitespace().last()) {
            Some(surname) => Speakers::One(surname.to_lowercase()),
            None => Speakers::None,
        }
    }

    fn with(&self, other: &Speakers) -> Speakers {
        match (self, other) {
            (Speakers::None, x) | (x, Speakers::None) => x.clone(),
            (Speakers::One(a), Speakers::One(b)) if a == b => self.clone(),
            _ => Speakers::Several,
        }
    }
}

/// Union-find over quotation indices, with path halving, keeping each
/// group's speakers.
struct DisjointSets {
    parent: Vec<usize>,
    speakers: Vec<Speakers>,
}

impl DisjointSets {
    fn new(speakers: Vec<Speakers>) -> Self {
        DisjointSets {
            parent: (0..speakers.len()).collect(),
            speakers,
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
            let (root, child) = (a.min(b), a.max(b));
            self.speakers[root] = self.speakers[root].with(&self.speakers[child]);
            self.parent[child] = root;
        }
    }

    /// Joins two groups when they name the same speaker, or both none: a
    /// short common phrase left unattributed in one article ("let's wait
    /// and see") is not taken for a named speaker's words in another.
    fn union_if_speakers_agree(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb && self.speakers[ra] == self.speakers[rb] {
            self.union(ra, rb);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A quotation of its own article, keyed from 1 in the order given.
    fn quotation(i: usize, text: &str, speaker: Option<&str>) -> Quotation {
        Quotation {
            key: i as u64 + 1,
            words: words_of(text),
            text: text.to_string(),
            speaker: speaker.map(String::from),
            article_id: format!("article-{i}"),
            path: format!("{i}.txt"),
            ..Quotation::default()
        }
    }

    /// The cluster of each quotation, given as its text and speaker.
    fn clusters_of(quotes: &[(&str, Option<&str>)]) -> Vec<u64> {
        let quotes: Vec<Quotation> = quotes
            .iter()
            .enumerate()
            .map(|(i, (text, speaker))| quotation(i, text, *speaker))
            .collect();
        let map = ClusterMap::build(&quotes);
        quotes.iter().map(|q| map.cluster_of(q.key)).collect()
    }

    fn joined(a: &str, b: &str) -> bool {
        let clusters = clusters_of(&[(a, None), (b, None)]);
        clusters[0] == clusters[1]
    }

    #[test]
    fn the_rules_of_joining() {
        let statement = "We will not back down from the tariffs, and we will protect every \
                         farmer in this state until the deal is done";
        let cases: [(&str, &str, bool); 10] = [
            (
                "same words, other marks and case",
                "“WE WILL NOT BACK DOWN FROM THE TARIFFS — AND WE WILL PROTECT EVERY FARMER IN THIS STATE UNTIL THE DEAL IS DONE”",
                true,
            ),
            (
                "trimmed: eight words or more, whole inside",
                "and we will protect every farmer in this state",
                true,
            ),
            (
                "seven words in common, and others",
                "so we will protect every farmer in this county",
                false,
            ),
            (
                "a run of eight in common, each with words of its own",
                "Yes, we will protect every farmer in this state, and every rancher too",
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
                "two words changed",
                "We will not back away from the tariffs, and we shall protect every farmer in this state until the deal is done",
                false,
            ),
            (
                "a common phrase in another statement",
                "We will not back down, the union leader said of the strike",
                false,
            ),
        ];
        for (what, other, expected) in cases {
            assert_eq!(joined(statement, other), expected, "{what}: {other:?}");
        }
    }

    #[test]
    fn near_copies_of_short_quotations_need_ten_words() {
        let a = "prices will rise again next year, the minister warned today";
        let b = "prices will fall again next year, the minister warned today";
        assert_eq!(words_of(a).len(), 10);
        assert!(joined(a, b));
        assert!(!joined(
            "prices will rise again next year",
            "prices will fall again next year"
        ));
    }

    #[test]
    fn a_long_quotation_misattributed_joins_but_a_common_short_phrase_does_not() {
        let long = "We will protect every farmer in this state until the deal is done";
        let clusters = clusters_of(&[(long, Some("Maria Alvarez")), (long, Some("Tom Briggs"))]);
        assert_eq!(clusters[0], clusters[1], "a disagreement to show");
        let clusters = clusters_of(&[
            ("It is a step in the right direction", Some("Robert Dole")),
            ("a step in the right direction", Some("Dole")),
            (
                "a major improvement and a step in the right direction",
                Some("Manuel Johnson"),
            ),
            ("a step in the right direction", None),
            ("We hope this is a step in the right direction", None),
        ]);
        // A surname agrees with the full name; another speaker does not.
        assert_eq!(clusters[1], clusters[0]);
        assert_ne!(clusters[2], clusters[0]);
        // Unattributed, the phrase joins only words left unattributed too.
        assert_ne!(clusters[3], clusters[0]);
        assert_ne!(clusters[3], clusters[2]);
        assert_eq!(clusters[3], clusters[4]);
    }

    #[test]
    fn joins_are_transitive_and_the_id_is_the_smallest_key() {
        let a = "one two three four five six seven eight nine ten";
        let b = "one two three four five six seven eight nine ten eleven twelve";
        let c = "five six seven eight nine ten eleven twelve";
        let clusters = clusters_of(&[(c, None), (b, None), (a, None)]);
        assert_eq!(clusters, vec![1, 1, 1]);
        // a and c overlap but neither holds the other: without b, apart.
        let clusters = clusters_of(&[(a, None), (c, None)]);
        assert_ne!(clusters[0], clusters[1]);
    }

    #[test]
    fn near_copies_are_found_at_every_length() {
        let words: Vec<String> = (0..40).map(|i| format!("w{i}")).collect();
        for length in MIN_NEAR_COPY..30 {
            let text = words[..length].join(" ");
            for at in [0, length / 2, length - 1] {
                let mut changed = words[..length].to_vec();
                changed[at] = "other".into();
                assert!(
                    joined(&text, &changed.join(" ")),
                    "{length} words, changed at {at}"
                );
                let mut dropped = words[..length].to_vec();
                dropped.remove(at);
                assert!(
                    joined(&text, &dropped.join(" ")),
                    "{length} words, dropped at {at}"
                );
            }
        }
    }

    #[test]
    fn near_hashes_match_the_words_with_one_left_out() {
        let words = words_of("a b c d e f g h i j k");
        let power = powers(words.len());
        let hashes = near_hashes(&words, &power);
        for left_out in 0..words.len() {
            let mut shorter = words.clone();
            shorter.remove(left_out);
            assert_eq!(
                hashes[left_out + 1],
                near_hashes(&shorter, &power)[0],
                "{left_out}"
            );
        }
    }

    #[test]
    fn the_stored_text_reads_back_with_each_clusters_facts() {
        let mut quotes = vec![
            quotation(6, "until the deal is done, he said", Some("Alvarez")),
            quotation(2, "until the deal is done", Some("Maria Alvarez")),
            quotation(8, "something else entirely was said here", None),
        ];
        quotes[0].published = Some("2025-03-04T00:00:00Z".into());
        quotes[1].published = Some("2025-03-03T00:00:00Z".into());
        quotes[1].source = Some("Capital Wire".into());
        let map = ClusterMap::build(&quotes);
        assert_eq!(map.cluster_of(7), 3);
        assert_eq!(map.cluster_of(9), 9);
        let mut members = map.clusters()[&3].clone();
        members.sort_unstable();
        assert_eq!(members, vec![3, 7]);
        let facts = map.facts(3).unwrap();
        assert_eq!((facts.occurrences, facts.sources), (2, 2));
        assert_eq!(facts.first_seen.source.as_deref(), Some("Capital Wire"));
        assert_eq!(facts.speakers, vec![("Maria Alvarez".to_string(), 2)]);
        assert_eq!(facts.wording, "until the deal is done, he said");
        assert!(map.facts(9).is_none());
        let back = ClusterMap::from_text(&map.to_text()).unwrap();
        assert_eq!(back, map);
        assert!(ClusterMap::from_text("zz 12\n").is_err());
        assert!(ClusterMap::from_text("{\"id\": 1}\n").is_err());
    }
}
