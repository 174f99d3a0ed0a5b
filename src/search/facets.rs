//! Facet counts: how the matching documents spread over speakers, people,
//! places, sections, sources and months.
//!
//! Counts cover every matching document, not only the page shown. `location`
//! is hierarchical: counted at the top it gives countries, under a path
//! (`location=/Ukraine`) the places directly inside it. The other fields hold
//! exact values and are counted by term ordinal over their columns, all in
//! the one pass that also ranks and counts the hits.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use serde::{Deserialize, Serialize};
use tantivy::collector::{Collector, FacetCollector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::schema::Facet;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

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

    /// The field's name.
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
/// Exact-value fields are counted by term ordinal in their fast-field columns
/// (one array increment per value); places use tantivy's facet collector,
/// which counts the children of each requested path.
pub struct FacetCounter {
    /// The exact-value facets: (field, column name, how many values to keep).
    values: Vec<(FacetField, &'static str, usize)>,
    /// The place facets: (field, its path, how many values to keep).
    places: Vec<(FacetField, Facet, usize)>,
    /// Counts the children of every place path at once.
    place_collector: Option<FacetCollector>,
}

impl FacetCounter {
    /// A counter of these facets, each with at most so many values.
    pub fn new(fields: &[(FacetField, usize)]) -> Result<Self> {
        let mut counter = FacetCounter {
            values: Vec::new(),
            places: Vec::new(),
            place_collector: None,
        };
        for (field, limit) in fields {
            if let FacetField::Location { under } = field {
                let root = if under.is_empty() {
                    "/"
                } else {
                    under.as_str()
                };
                let facet = Facet::from_text(root)
                    .map_err(|e| Error::User(format!("`{root}` is not a location path: {e}")))?;
                counter
                    .place_collector
                    .get_or_insert_with(|| FacetCollector::for_field("location"))
                    .add_facet(facet.clone());
                counter.places.push((field.clone(), facet, *limit));
            } else {
                counter.values.push((field.clone(), field.name(), *limit));
            }
        }
        Ok(counter)
    }
}

/// A [`FacetCounter`] on one segment.
pub struct SegmentFacetCounter {
    /// Per exact-value facet: its column (absent when no document of the
    /// segment has a value) and a count per term ordinal.
    values: Vec<(Option<StrColumn>, Vec<u32>)>,
    places: Option<<FacetCollector as Collector>::Child>,
    /// The current document's ordinals, to count each value once per document.
    ords: Vec<u64>,
}

/// Counts per exact-value facet, by value; and the place counts.
pub type SegmentFacetFruit = (
    Vec<FxHashMap<String, u64>>,
    Option<tantivy::collector::FacetCounts>,
);

impl Collector for FacetCounter {
    type Fruit = FacetCounts;
    type Child = SegmentFacetCounter;

    fn for_segment(
        &self,
        segment_ord: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentFacetCounter> {
        let mut values = Vec::with_capacity(self.values.len());
        for (_, column, _) in &self.values {
            let column = segment.fast_fields().str(column)?;
            let terms = column.as_ref().map_or(0, |column| column.num_terms());
            values.push((column, vec![0u32; terms]));
        }
        let places = self
            .place_collector
            .as_ref()
            .map(|collector| collector.for_segment(segment_ord, segment))
            .transpose()?;
        Ok(SegmentFacetCounter {
            values,
            places,
            ords: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<SegmentFacetFruit>) -> tantivy::Result<FacetCounts> {
        let mut by_value: Vec<FxHashMap<String, u64>> =
            vec![FxHashMap::default(); self.values.len()];
        let mut place_fruits = Vec::with_capacity(fruits.len());
        for (values, places) in fruits {
            for (total, segment) in by_value.iter_mut().zip(values) {
                for (value, count) in segment {
                    *total.entry(value).or_default() += count;
                }
            }
            place_fruits.extend(places);
        }
        let mut out = FacetCounts::new();
        for ((field, _, limit), counts) in self.values.iter().zip(by_value) {
            let mut counts: Vec<FacetCount> = counts
                .into_iter()
                .map(|(value, count)| FacetCount {
                    value: Some(value),
                    path: None,
                    count,
                })
                .collect();
            let by_count = |a: &FacetCount, b: &FacetCount| {
                b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value))
            };
            // Only the first `limit` need sorting out of thousands of values.
            if counts.len() > *limit {
                counts.select_nth_unstable_by(*limit, by_count);
                counts.truncate(*limit);
            }
            counts.sort_by(by_count);
            if *field == FacetField::Month {
                counts.sort_by(|a, b| a.value.cmp(&b.value));
            }
            out.insert(field.key(), counts);
        }
        if let Some(collector) = &self.place_collector {
            let places = collector.merge_fruits(place_fruits)?;
            for (field, facet, limit) in &self.places {
                let mut children: Vec<FacetCount> = places
                    .get(facet.clone())
                    .map(|(facet, count)| FacetCount {
                        value: None,
                        path: Some(facet.to_path_string()),
                        count,
                    })
                    .collect();
                children.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.path.cmp(&b.path)));
                children.truncate(*limit);
                out.insert(field.key(), children);
            }
        }
        Ok(out)
    }
}

impl SegmentCollector for SegmentFacetCounter {
    type Fruit = SegmentFacetFruit;

    fn collect(&mut self, doc: DocId, score: Score) {
        for (column, counts) in &mut self.values {
            let Some(column) = column else { continue };
            self.ords.clear();
            self.ords.extend(column.term_ords(doc));
            // A value named twice in one document counts once.
            if self.ords.len() > 1 {
                self.ords.sort_unstable();
                self.ords.dedup();
            }
            for &ord in &self.ords {
                counts[ord as usize] += 1;
            }
        }
        if let Some(places) = &mut self.places {
            places.collect(doc, score);
        }
    }

    fn harvest(self) -> SegmentFacetFruit {
        let mut by_value = Vec::with_capacity(self.values.len());
        for (column, counts) in self.values {
            let mut values = FxHashMap::default();
            if let Some(column) = column {
                values.reserve(counts.iter().filter(|&&count| count > 0).count());
                // One sequential walk of the dictionary for the ordinals seen,
                // not a lookup per ordinal.
                let seen: Vec<u64> = (0..counts.len() as u64)
                    .filter(|&ord| counts[ord as usize] > 0)
                    .collect();
                let mut next = seen.iter();
                let _ = column.dictionary().sorted_ords_to_term_cb(&seen, |term| {
                    if let Some(&ord) = next.next() {
                        let value = String::from_utf8_lossy(term).into_owned();
                        values.insert(value, u64::from(counts[ord as usize]));
                    }
                });
            }
            by_value.push(values);
        }
        (by_value, self.places.map(SegmentCollector::harvest))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
