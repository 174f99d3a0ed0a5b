//! Facet counts: how the matching documents spread over speakers, people,
//! places, sections, sources and months.
//!
//! Counts cover every matching document, not only the page shown. `location`
//! is hierarchical: counted at the top it gives countries, under a path
//! (`location=/Ukraine`) the places directly inside it. The other fields hold
//! exact values and are counted with a terms aggregation over their columns.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use tantivy::aggregation::agg_req::Aggregations;
use tantivy::aggregation::agg_result::AggregationResults;
use tantivy::aggregation::{AggContextParams, AggregationCollector};
use tantivy::collector::FacetCollector;
use tantivy::query::Query;
use tantivy::schema::Facet;

use crate::index::NewsIndex;
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

/// Counts one facet over the documents matching `query`, at most `limit` values.
pub fn count(
    news: &NewsIndex,
    searcher: &tantivy::Searcher,
    query: &dyn Query,
    field: &FacetField,
    limit: usize,
) -> Result<Vec<FacetCount>> {
    if let FacetField::Location { under } = field {
        let root = if under.is_empty() {
            "/"
        } else {
            under.as_str()
        };
        let facet = Facet::from_text(root)
            .map_err(|e| Error::User(format!("`{root}` is not a location path: {e}")))?;
        let mut collector = FacetCollector::for_field("location");
        collector.add_facet(facet.clone());
        let counts = searcher.search(query, &collector)?;
        let mut children: Vec<FacetCount> = counts
            .get(facet)
            .map(|(facet, count)| FacetCount {
                value: None,
                path: Some(facet.to_path_string()),
                count,
            })
            .collect();
        children.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.path.cmp(&b.path)));
        children.truncate(limit);
        return Ok(children);
    }
    let name = field.name();
    let request: Aggregations = serde_json::from_value(serde_json::json!({
        name: {"terms": {"field": name, "size": limit.min(u32::MAX as usize)}}
    }))
    .map_err(|e| Error::Schema(format!("facet request for {name}: {e}")))?;
    let context = AggContextParams::new(Default::default(), news.index.tokenizers().clone());
    let collector = AggregationCollector::from_aggs(request, context);
    let results: AggregationResults = searcher.search(query, &collector)?;
    let json = serde_json::to_value(&results)
        .map_err(|e| Error::Schema(format!("facet result for {name}: {e}")))?;
    let mut counts: Vec<FacetCount> = json[name]["buckets"]
        .as_array()
        .map(|buckets| {
            buckets
                .iter()
                .filter_map(|bucket| {
                    Some(FacetCount {
                        value: Some(bucket["key"].as_str()?.to_string()),
                        path: None,
                        count: bucket["doc_count"].as_u64()?,
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    if *field == FacetField::Month {
        counts.sort_by(|a, b| a.value.cmp(&b.value));
    }
    Ok(counts)
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
