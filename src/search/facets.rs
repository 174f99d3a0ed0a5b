//! Facet counts: how the matching documents spread over speakers, people,
//! places, sections, sources and months.
//!
//! Counts cover every matching document, not only the page shown. `location`
//! is hierarchical: counted at the top it gives countries, under a path
//! (`location=/Ukraine`) the places directly inside it. The other fields hold
//! exact values. All are counted by term ordinal over their columns, in the
//! one pass that also ranks and counts the hits.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use serde::{Deserialize, Serialize};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::schema::{Facet, Field};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::extract::people::join_bare_surnames;
use crate::index::{Fields, NewsIndex};
use crate::{Error, Result};

/// A field that can be counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FacetField {
    /// Who said the quotations (articles: everyone quoted in them).
    Speaker,
    /// Everyone named.
    People,
    /// Places, country first; `under` counts the places inside a path.
    Location {
        /// The path whose children are counted; `/` for countries.
        under: String,
    },
    /// Sub-headings.
    Section,
    /// Publications.
    Source,
    /// Months of publication, `YYYY-MM`, in time order.
    Month,
}

impl FacetField {
    /// Parses `speaker`, `location`, `location=/Ukraine`, `month`, …
    pub fn parse(text: &str) -> Result<Self> {
        let (name, under) = match text.split_once('=') {
            Some((name, under)) => (name, Some(under)),
            None => (text, None),
        };
        let field = match (name, under) {
            ("location", under) => {
                let under = under.unwrap_or("/");
                if !under.starts_with('/') {
                    return Err(Error::User(format!(
                        "`{text}`: a location path starts with `/`, as in location=/Ukraine"
                    )));
                }
                FacetField::Location {
                    under: under.trim_end_matches('/').to_string(),
                }
            }
            ("speaker", None) => FacetField::Speaker,
            ("people", None) => FacetField::People,
            ("section", None) => FacetField::Section,
            ("source", None) => FacetField::Source,
            ("month", None) => FacetField::Month,
            _ => {
                return Err(Error::User(format!(
                    "`{text}` is not a facet: use speaker, people, location (or location=/PATH), \
                     section, source or month"
                )));
            }
        };
        Ok(field)
    }

    /// The key its counts are reported under: the field's name, or
    /// `location=/PATH` for the places inside a path.
    pub fn key(&self) -> String {
        match self {
            FacetField::Location { under } if !under.is_empty() => format!("location={under}"),
            other => other.name().to_string(),
        }
    }

    /// The schema field it is counted in.
    pub fn field(&self, fields: &Fields) -> Field {
        match self {
            FacetField::Speaker => fields.speaker,
            FacetField::People => fields.people,
            FacetField::Location { .. } => fields.location,
            FacetField::Section => fields.section,
            FacetField::Source => fields.source,
            FacetField::Month => fields.month,
        }
    }

    /// The facet's name, as the command line and the JSON give it.
    pub fn name(&self) -> &'static str {
        match self {
            FacetField::Speaker => "speaker",
            FacetField::People => "people",
            FacetField::Location { .. } => "location",
            FacetField::Section => "section",
            FacetField::Source => "source",
            FacetField::Month => "month",
        }
    }
}

/// One value of a facet and how many matching documents have it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FacetCount {
    /// The value, for exact-value facets.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub value: Option<String>,
    /// The place path, for `location`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub path: Option<String>,
    /// Matching documents with it.
    pub count: u64,
}

/// Counts, by facet name.
pub type FacetCounts = BTreeMap<String, Vec<FacetCount>>;

/// Counts every requested facet in the same pass over the matching documents
/// as the search itself: a collector to run beside `TopDocs` and `Count`.
///
/// Every facet is a dictionary-encoded column (places are facet paths in a
/// column too). Matching documents are buffered and read a block at a time;
/// each value adds one to its term ordinal's count; only ordinals that were
/// counted are turned back into text, in one walk of the dictionary.
pub(crate) struct FacetCounter {
    fields: Vec<Counted>,
}

/// One requested facet.
struct Counted {
    field: FacetField,
    /// The column it is counted in: its schema field's name.
    column: String,
    /// For places: the path whose children are counted (empty for countries).
    under: Option<Vec<String>>,
    /// How many values to keep.
    limit: usize,
}

impl FacetCounter {
    /// A counter of these facets of an index, each with at most so many values.
    pub(crate) fn new(news: &NewsIndex, fields: &[(FacetField, usize)]) -> Result<Self> {
        let schema = news.index.schema();
        let mut counted = Vec::with_capacity(fields.len());
        for (field, limit) in fields {
            let under = match field {
                FacetField::Location { under } => {
                    let root = if under.is_empty() {
                        "/"
                    } else {
                        under.as_str()
                    };
                    let facet = Facet::from_text(root).map_err(|e| {
                        Error::User(format!("`{root}` is not a location path: {e}"))
                    })?;
                    // The root's path is one empty part: countries are its children.
                    let parts = facet.to_path().into_iter().filter(|part| !part.is_empty());
                    Some(parts.map(str::to_string).collect())
                }
                _ => None,
            };
            counted.push(Counted {
                field: field.clone(),
                column: schema
                    .get_field_name(field.field(news.fields()))
                    .to_string(),
                under,
                limit: *limit,
            });
        }
        Ok(FacetCounter { fields: counted })
    }
}

/// Matching documents read per block.
const BLOCK: usize = 1024;

/// A [`FacetCounter`] on one segment.
pub(crate) struct SegmentFacetCounter {
    fields: Vec<SegmentField>,
    /// Matching documents not yet counted.
    block: Vec<DocId>,
    // Buffers reused from block to block.
    docs: Vec<DocId>,
    rows: Vec<u32>,
    ords: Vec<u64>,
    seen: Vec<u32>,
}

/// One facet's column and counts on one segment.
struct SegmentField {
    /// Absent when no document of the segment has a value.
    column: Option<StrColumn>,
    /// What each term ordinal is counted as: itself for exact values; for
    /// places, the child of the counted path it lies in (or `NOT_COUNTED`).
    bucket_of_ord: Option<Vec<u32>>,
    /// For places, each bucket's path.
    bucket_paths: Vec<String>,
    /// Count per bucket.
    counts: Vec<u32>,
}

/// What separates the parts of a facet path in its column (tantivy's encoding).
pub(crate) const FACET_SEP_BYTE: u8 = 0;

/// A place outside the path being counted.
const NOT_COUNTED: u32 = u32::MAX;

/// Counts per facet, by value or path: each value once, in no order (merged
/// across segments by [`FacetCounter::merge_fruits`], the one place they are hashed).
pub type SegmentFacetFruit = Vec<Vec<(String, u64)>>;

impl SegmentField {
    fn open(segment: &SegmentReader, counted: &Counted) -> tantivy::Result<Self> {
        let column = segment.fast_fields().str(&counted.column)?;
        let terms = column.as_ref().map_or(0, |column| column.num_terms());
        let Some(under) = &counted.under else {
            return Ok(SegmentField {
                column,
                bucket_of_ord: None,
                bucket_paths: Vec::new(),
                counts: vec![0; terms],
            });
        };
        // Each place path maps to the child of `under` it lies in: one
        // sequential walk of the segment's dictionary.
        let mut bucket_of_ord = vec![NOT_COUNTED; terms];
        let mut buckets: FxHashMap<String, u32> = FxHashMap::default();
        let mut bucket_paths = Vec::new();
        if let Some(column) = &column {
            let mut stream = column.dictionary().stream()?;
            while stream.advance() {
                let path: Vec<&str> = std::str::from_utf8(stream.key())
                    .unwrap_or_default()
                    .split(char::from(FACET_SEP_BYTE))
                    .collect();
                let inside = path.len() > under.len()
                    && path.iter().zip(under).all(|(part, wanted)| part == wanted);
                if !inside {
                    continue;
                }
                // Keyed by the child's own name: all share the `under` prefix.
                // Its display path (escaped by tantivy) is made once per child.
                let next = buckets.len() as u32;
                let bucket = match buckets.get(path[under.len()]) {
                    Some(&bucket) => bucket,
                    None => {
                        let child = &path[..=under.len()];
                        bucket_paths.push(Facet::from_path(child).to_path_string());
                        buckets.insert(path[under.len()].to_string(), next);
                        next
                    }
                };
                bucket_of_ord[stream.term_ord() as usize] = bucket;
            }
        }
        Ok(SegmentField {
            column,
            bucket_of_ord: Some(bucket_of_ord),
            counts: vec![0; bucket_paths.len()],
            bucket_paths,
        })
    }
}

impl Collector for FacetCounter {
    type Fruit = FacetCounts;
    type Child = SegmentFacetCounter;

    fn for_segment(
        &self,
        _segment_ord: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentFacetCounter> {
        let fields = self
            .fields
            .iter()
            .map(|counted| SegmentField::open(segment, counted))
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(SegmentFacetCounter {
            fields,
            block: Vec::with_capacity(BLOCK),
            docs: Vec::new(),
            rows: Vec::new(),
            ords: Vec::new(),
            seen: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<SegmentFacetFruit>) -> tantivy::Result<FacetCounts> {
        let mut totals: Vec<FxHashMap<String, u64>> = vec![FxHashMap::default(); self.fields.len()];
        for segment in fruits {
            for (total, counts) in totals.iter_mut().zip(segment) {
                for (value, count) in counts {
                    *total.entry(value).or_default() += count;
                }
            }
        }
        let mut out = FacetCounts::new();
        for (counted, mut totals) in self.fields.iter().zip(totals) {
            if counted.field == FacetField::Speaker {
                join_bare_surnames(&mut totals);
            }
            let is_place = counted.under.is_some();
            let mut counts: Vec<FacetCount> = totals
                .into_iter()
                .map(|(text, count)| {
                    let (value, path) = if is_place {
                        (None, Some(text))
                    } else {
                        (Some(text), None)
                    };
                    FacetCount { value, path, count }
                })
                .collect();
            let by_count = |a: &FacetCount, b: &FacetCount| {
                b.count
                    .cmp(&a.count)
                    .then_with(|| a.value.cmp(&b.value))
                    .then_with(|| a.path.cmp(&b.path))
            };
            // Only the first `limit` need sorting out of thousands of values.
            if counts.len() > counted.limit {
                counts.select_nth_unstable_by(counted.limit, by_count);
                counts.truncate(counted.limit);
            }
            counts.sort_by(by_count);
            if counted.field == FacetField::Month {
                counts.sort_by(|a, b| a.value.cmp(&b.value));
            }
            out.insert(counted.field.key(), counts);
        }
        Ok(out)
    }
}

impl SegmentFacetCounter {
    /// Counts the buffered documents, each value once per document.
    fn count_block(&mut self) {
        for field in &mut self.fields {
            let Some(column) = &field.column else {
                continue;
            };
            let ords = column.ords();
            self.docs.clear();
            self.rows.clear();
            ords.row_ids_for_docs(&self.block, &mut self.docs, &mut self.rows);
            self.ords.clear();
            self.ords.resize(self.rows.len(), 0);
            ords.values.get_vals(&self.rows, &mut self.ords);
            let mut current = None;
            for (&doc, &ord) in self.docs.iter().zip(&self.ords) {
                if current != Some(doc) {
                    current = Some(doc);
                    self.seen.clear();
                }
                let bucket = match &field.bucket_of_ord {
                    Some(buckets) => buckets[ord as usize],
                    None => ord as u32,
                };
                // A value (or a child path) named twice in one document counts once.
                if bucket == NOT_COUNTED || self.seen.contains(&bucket) {
                    continue;
                }
                self.seen.push(bucket);
                field.counts[bucket as usize] += 1;
            }
        }
        self.block.clear();
    }
}

impl SegmentCollector for SegmentFacetCounter {
    type Fruit = SegmentFacetFruit;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.block.push(doc);
        if self.block.len() == BLOCK {
            self.count_block();
        }
    }

    fn harvest(mut self) -> SegmentFacetFruit {
        self.count_block();
        let mut by_text = Vec::with_capacity(self.fields.len());
        for field in self.fields {
            let mut texts = Vec::new();
            if field.bucket_of_ord.is_some() {
                for (path, &count) in field.bucket_paths.into_iter().zip(&field.counts) {
                    if count > 0 {
                        texts.push((path, u64::from(count)));
                    }
                }
            } else if let Some(column) = &field.column {
                // One sequential walk of the dictionary for the ordinals counted,
                // not a look-up per ordinal.
                let counted: Vec<u64> = (0..field.counts.len() as u64)
                    .filter(|&ord| field.counts[ord as usize] > 0)
                    .collect();
                texts.reserve(counted.len());
                let mut next = counted.iter();
                // `harvest` cannot return an error: a dictionary that cannot be
                // read (it is memory-mapped, opened in `for_segment`) leaves
                // this segment's values of the facet out.
                let _ = column
                    .dictionary()
                    .sorted_ords_to_term_cb(&counted, |term| {
                        if let Some(&ord) = next.next() {
                            // The values were written from `&str`: checked, not
                            // repaired, unless a damaged index says otherwise.
                            let value = match std::str::from_utf8(term) {
                                Ok(text) => text.to_string(),
                                Err(_) => String::from_utf8_lossy(term).into_owned(),
                            };
                            texts.push((value, u64::from(field.counts[ord as usize])));
                        }
                    });
            }
            by_text.push(texts);
        }
        by_text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_surname_joins_the_one_full_name_that_ends_with_it() {
        let mut totals: FxHashMap<String, u64> = [
            ("Tony Blair", 187),
            ("Blair", 5),
            ("Lord Falconer", 3),
            ("Falconer", 22),
            ("Serena Williams", 4),
            ("Rowan Williams", 2),
            ("Williams", 7),
            ("Kremlin", 9),
        ]
        .into_iter()
        .map(|(value, count)| (value.to_string(), count))
        .collect();
        join_bare_surnames(&mut totals);
        assert_eq!(totals["Tony Blair"], 192);
        assert_eq!(totals["Lord Falconer"], 25);
        assert!(!totals.contains_key("Blair") && !totals.contains_key("Falconer"));
        // Two full names end in Williams; nobody's name ends in Kremlin.
        assert_eq!(totals["Williams"], 7);
        assert_eq!(totals["Kremlin"], 9);
    }

    #[test]
    fn facet_names_parse() {
        assert_eq!(FacetField::parse("speaker").unwrap(), FacetField::Speaker);
        assert_eq!(
            FacetField::parse("location=/Ukraine/").unwrap(),
            FacetField::Location {
                under: "/Ukraine".into()
            }
        );
        assert_eq!(
            FacetField::parse("location").unwrap(),
            FacetField::Location { under: "".into() }
        );
        assert!(FacetField::parse("colour").unwrap_err().is_user_error());
        assert!(
            FacetField::parse("location=Ukraine")
                .unwrap_err()
                .is_user_error()
        );
    }
}
