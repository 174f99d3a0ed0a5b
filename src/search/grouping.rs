//! Quotation hits grouped by cluster: one result per utterance, with how far
//! it travelled, who carried it first and whom it was said to be by.
//!
//! The index holds the clusters ([`crate::index::clusters`]) as one document,
//! with each cluster's facts (articles, sources, first seen, speakers,
//! fullest wording), read once per commit the searcher sees. A quotation's
//! cluster is found from its key, a fast field, so a grouped hit reads no
//! other occurrence; `newsdex quote` finds them all by their keys' terms.

use std::sync::{Arc, Mutex};

use rustc_hash::{FxHashMap, FxHashSet};
use tantivy::collector::DocSetCollector;
use tantivy::index::SegmentId;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocId, TantivyDocument, Term};

use super::facets::FacetCount;
use super::results::{ClusterSummary, FirstSeen, Hit};
use super::stored::{first_text, published_of};
use crate::index::Fields;
use crate::index::analyzer::news_token_spans;
use crate::index::clusters::{self, ClusterMap};
use crate::{Error, Result};

/// The clusters of one commit, with each cluster's members at hand.
pub struct Clusters {
    map: ClusterMap,
    members: FxHashMap<u64, Vec<u64>>,
}

impl Clusters {
    /// The cluster of a quotation, by its key.
    pub fn cluster_of(&self, key: u64) -> u64 {
        self.map.cluster_of(key)
    }

    /// The number of members of each cluster of two or more.
    pub fn sizes(&self) -> Vec<usize> {
        self.members.values().map(Vec::len).collect()
    }

    /// The keys of a cluster's members (its own key for a quotation alone).
    pub fn members_of(&self, cluster: u64) -> Vec<u64> {
        self.members
            .get(&cluster)
            .cloned()
            .unwrap_or_else(|| vec![cluster])
    }
}

/// The clusters a searcher reads, kept until the index holds others: every
/// commit of a run that is indexing makes a new searcher, but the clusters
/// change only at its end, and reading them takes a tenth of a second at 1 GB.
#[derive(Default)]
pub struct ClusterCache {
    loaded: Mutex<Option<(StoredWhere, Arc<Clusters>)>>,
}

/// Where the clusters were found: their document's segment and id.
type StoredWhere = Option<(SegmentId, DocId)>;

impl ClusterCache {
    /// The clusters for `searcher`'s index (none stored: every quotation alone).
    pub fn get(&self, searcher: &tantivy::Searcher, fields: &Fields) -> Result<Arc<Clusters>> {
        let address = clusters::stored_at(searcher, fields)?;
        let key = address.map(|a| {
            (
                searcher.segment_reader(a.segment_ord).segment_id(),
                a.doc_id,
            )
        });
        // Held while loading, so that searches arriving meanwhile wait for
        // this load instead of each making its own.
        let mut loaded = self
            .loaded
            .lock()
            .map_err(|_| Error::Schema("the quotation clusters could not be read".into()))?;
        if let Some((seen, clusters)) = loaded.as_ref()
            && *seen == key
        {
            return Ok(Arc::clone(clusters));
        }
        let map = match address {
            Some(address) => clusters::stored_in(searcher, fields, address)?.map,
            None => ClusterMap::default(),
        };
        let members = map.clusters();
        let clusters = Arc::new(Clusters { map, members });
        *loaded = Some((key, Arc::clone(&clusters)));
        Ok(clusters)
    }
}

/// The key of each quotation at `addresses` (none for other documents).
pub fn keys_of(
    searcher: &tantivy::Searcher,
    addresses: impl Iterator<Item = DocAddress>,
) -> Result<Vec<Option<u64>>> {
    let mut columns = FxHashMap::default();
    let mut keys = Vec::new();
    for address in addresses {
        let column = match columns.entry(address.segment_ord) {
            std::collections::hash_map::Entry::Occupied(found) => found.into_mut(),
            std::collections::hash_map::Entry::Vacant(slot) => slot.insert(
                searcher
                    .segment_reader(address.segment_ord)
                    .fast_fields()
                    .u64("quote_key")?,
            ),
        };
        keys.push(column.first(address.doc_id));
    }
    Ok(keys)
}

/// A ranked hit (score, address, and what else the ranking says of it)
/// with its cluster, for a quotation.
pub type GroupedHit<T> = (f32, DocAddress, T, Option<u64>);

/// The best-ranked hit of each cluster, in rank order, with its cluster.
pub fn first_of_each<T>(
    searcher: &tantivy::Searcher,
    clusters: &Clusters,
    ranked: Vec<(f32, DocAddress, T)>,
) -> Result<Vec<GroupedHit<T>>> {
    let keys = keys_of(searcher, ranked.iter().map(|(_, address, _)| *address))?;
    let mut seen = FxHashSet::default();
    Ok(ranked
        .into_iter()
        .zip(keys)
        .filter_map(|((score, address, extra), key)| {
            let cluster = key.map(|key| clusters.cluster_of(key));
            match cluster {
                Some(cluster) if !seen.insert(cluster) => None,
                _ => Some((score, address, extra, cluster)),
            }
        })
        .collect())
}

/// One stored occurrence of a cluster.
pub struct Found {
    /// Where it is.
    pub address: DocAddress,
    /// Its stored document.
    pub doc: TantivyDocument,
    /// Its publication date, RFC 3339.
    pub published: Option<String>,
}

/// A cluster's occurrences, earliest first: by publication date, the undated
/// last, then in the order they were indexed.
pub fn occurrences_of(
    searcher: &tantivy::Searcher,
    fields: &Fields,
    clusters: &Clusters,
    cluster: u64,
) -> Result<Vec<Found>> {
    let members: Vec<(Occur, Box<dyn Query>)> = clusters
        .members_of(cluster)
        .into_iter()
        .map(|key| {
            let term = Term::from_field_u64(fields.quote_key, key);
            (
                Occur::Should,
                Box::new(TermQuery::new(term, IndexRecordOption::Basic)) as Box<dyn Query>,
            )
        })
        .collect();
    let addresses = searcher.search(&BooleanQuery::new(members), &DocSetCollector)?;
    let mut found = Vec::with_capacity(addresses.len());
    for address in addresses {
        let doc: TantivyDocument = searcher.doc(address)?;
        let published = published_of(&doc, fields.published);
        found.push(Found {
            address,
            doc,
            published,
        });
    }
    found.sort_by(|a, b| {
        (a.published.is_none(), &a.published, a.address).cmp(&(
            b.published.is_none(),
            &b.published,
            b.address,
        ))
    });
    Ok(found)
}

/// What a grouped hit says of its cluster: the facts worked out when the
/// clusters were made, or, for a quotation alone, the hit's own.
pub fn summary_of(clusters: &Clusters, cluster: u64, hit: &Hit) -> ClusterSummary {
    match clusters.map.facts(cluster) {
        Some(facts) => ClusterSummary {
            id: facts.id.clone(),
            occurrences: facts.occurrences,
            sources: facts.sources,
            first_seen: facts.first_seen.clone(),
            speakers: speaker_counts(&facts.speakers),
            wording: facts.wording.clone(),
        },
        None => ClusterSummary {
            id: format!("{cluster:016x}"),
            occurrences: 1,
            sources: 1,
            first_seen: FirstSeen {
                published: hit.published.clone(),
                source: hit.source.clone(),
                id: hit.id.clone(),
                path: hit.path.clone(),
            },
            speakers: speaker_counts(
                &hit.speaker
                    .iter()
                    .map(|s| (s.clone(), 1))
                    .collect::<Vec<_>>(),
            ),
            wording: hit.quote.clone().unwrap_or_default(),
        },
    }
}

/// Speakers and their counts as facet values.
fn speaker_counts(speakers: &[(String, u64)]) -> Vec<FacetCount> {
    speakers
        .iter()
        .map(|(value, count)| FacetCount {
            value: Some(value.clone()),
            path: None,
            count: *count,
        })
        .collect()
}

/// A cluster's fullest wording and its speakers: the facts worked out when
/// the clusters were made, or, for a quotation alone, its own.
pub fn wording_and_speakers(
    fields: &Fields,
    clusters: &Clusters,
    cluster: u64,
    found: &[Found],
) -> (String, Vec<FacetCount>) {
    if let Some(facts) = clusters.map.facts(cluster) {
        return (facts.wording.clone(), speaker_counts(&facts.speakers));
    }
    let doc = found.first().map(|f| &f.doc);
    let text = |field| doc.and_then(|doc| first_text(doc, field));
    let speakers: Vec<(String, u64)> = text(fields.speaker).into_iter().map(|s| (s, 1)).collect();
    (
        text(fields.quote).unwrap_or_default(),
        speaker_counts(&speakers),
    )
}

/// The byte ranges of `quote`'s words that `fullest` does not have in the
/// same order (outside their longest common run of words, word by word).
pub fn differences(quote: &str, fullest: &str) -> Vec<[usize; 2]> {
    let ours = news_token_spans(quote);
    let theirs: Vec<String> = news_token_spans(fullest)
        .into_iter()
        .map(|(word, _, _)| word)
        .collect();
    // Longest common subsequence of words: quotations are short.
    let (n, m) = (ours.len(), theirs.len());
    let mut table = vec![vec![0u16; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            table[i][j] = if ours[i].0 == theirs[j] {
                table[i + 1][j + 1] + 1
            } else {
                table[i + 1][j].max(table[i][j + 1])
            };
        }
    }
    let mut differences: Vec<[usize; 2]> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n {
        if j < m && ours[i].0 == theirs[j] {
            i += 1;
            j += 1;
        } else if j < m && table[i][j + 1] >= table[i + 1][j] {
            j += 1;
        } else {
            let (_, start, end) = ours[i];
            match differences.last_mut() {
                // Adjacent changed words make one range.
                Some(last) if quote[last[1]..start].trim().is_empty() => last[1] = end,
                _ => differences.push([start, end]),
            }
            i += 1;
        }
    }
    differences
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_mark_the_words_another_wording_lacks() {
        let fullest = "We will protect every farmer in this state until the deal is done";
        let changed = "We will protect every rancher in this state until the deal is done";
        let marked: Vec<&str> = differences(changed, fullest)
            .iter()
            .map(|[s, e]| &changed[*s..*e])
            .collect();
        assert_eq!(marked, ["rancher"]);
        let trimmed = "every farmer in this state";
        assert!(differences(trimmed, fullest).is_empty());
        let two = "We shall protect each farmer in this state";
        let marked: Vec<&str> = differences(two, fullest)
            .iter()
            .map(|[s, e]| &two[*s..*e])
            .collect();
        assert_eq!(marked, ["shall", "each"]);
    }
}
