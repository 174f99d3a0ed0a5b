//! A request's URL parameters, read as the command line's flags are.
//!
//! `q`, `quotes=1` (`group=0` for every occurrence, as `--no-group`), `limit`,
//! `offset`, `facet` (repeatable, `facet=location=/Ukraine`
//! for the places inside Ukraine), `facet_limit`, and the filters `speaker`,
//! `person`, `location`, `section`, `source`, `since`, `until`: the same
//! names and meanings as `newsdex search`, so a script can switch between them.

use crate::search::{FacetField, Filters, SearchRequest, Target};
use crate::{Error, Result};

/// The parameters of one request, in order, as sent.
#[derive(Debug, Clone, Default)]
pub struct Params(pub Vec<(String, String)>);

/// The filter parameters, in the order the page shows them.
pub const FILTER_NAMES: [&str; 7] = [
    "speaker", "person", "location", "section", "source", "since", "until",
];

impl Params {
    /// Reads a raw query string (`None` when the URL has none).
    pub fn parse(query: Option<&str>) -> Self {
        Params(
            form_urlencoded::parse(query.unwrap_or("").as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    /// The last value of a parameter, when it is set and not blank.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(k, v)| k == name && !v.trim().is_empty())
            .map(|(_, v)| v.as_str())
    }

    /// A parameter as a number, `default` when absent.
    fn number(&self, name: &str, default: usize) -> Result<usize> {
        match self.get(name) {
            None => Ok(default),
            Some(text) => text.trim().parse().map_err(|_| {
                Error::User(format!(
                    "`{name}={text}` is not a number: give a whole number"
                ))
            }),
        }
    }

    /// True for a quotation search (`quotes=1`, `quotes=true`).
    pub fn quotes(&self) -> bool {
        matches!(self.get("quotes"), Some("1" | "true" | "on" | "yes"))
    }

    /// The query: `q`, or every document (`*`) when none is given.
    pub fn query(&self) -> &str {
        self.get("q").unwrap_or("*")
    }

    /// The filters, dates read as `newsdex search --since/--until` reads them.
    pub fn filters(&self) -> Result<Filters> {
        let (since, until) =
            Filters::dates(self.get("since"), self.get("until"), ("since", "until"))?;
        let text = |name: &str| self.get(name).map(str::to_string);
        Ok(Filters {
            speaker: text("speaker"),
            person: text("person"),
            location: text("location"),
            section: text("section"),
            source: text("source"),
            since,
            until,
        })
    }

    /// The search these parameters ask for, with `facets` counted besides
    /// the `facet` parameters.
    pub fn request(&self, facets: &[FacetField]) -> Result<SearchRequest> {
        let mut request = SearchRequest::new(self.query().to_string());
        request.limit = self.number("limit", 10)?;
        request.offset = self.number("offset", 0)?;
        if self.quotes() {
            request.target = Target::Quotes;
        }
        request.group = !matches!(self.get("group"), Some("0" | "false" | "off" | "no"));
        request.filters = self.filters()?;
        let facet_limit = self.number("facet_limit", 10)?;
        for (name, value) in &self.0 {
            if name == "facet" {
                request
                    .facets
                    .push((FacetField::parse(value)?, facet_limit));
            }
        }
        for facet in facets {
            if !request.facets.iter().any(|(f, _)| f == facet) {
                request.facets.push((facet.clone(), facet_limit));
            }
        }
        request.validate()?;
        Ok(request)
    }

    /// These parameters with `name` set to `value` (or removed, for `None`),
    /// and the page reset to the first: the query string of a link.
    pub fn with(&self, name: &str, value: Option<&str>) -> String {
        match value {
            Some(value) => self.with_all(&[(name, value)]),
            None => self.with_all_but(&[name], &[]),
        }
    }

    /// These parameters with each of `set` (name, value) set, and the page
    /// reset to the first.
    pub fn with_all(&self, set: &[(&str, &str)]) -> String {
        let names: Vec<&str> = set.iter().map(|(name, _)| *name).collect();
        self.with_all_but(&names, set)
    }

    /// These parameters but `dropped` (and the offset), with `set` added.
    fn with_all_but(&self, dropped: &[&str], set: &[(&str, &str)]) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        for (k, v) in &self.0 {
            if !dropped.contains(&k.as_str()) && k != "offset" && !v.is_empty() {
                out.append_pair(k, v);
            }
        }
        out.extend_pairs(set);
        out.finish()
    }

    /// These parameters on another page of results.
    pub fn at_offset(&self, offset: usize) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        for (k, v) in &self.0 {
            if k != "offset" && !v.is_empty() {
                out.append_pair(k, v);
            }
        }
        out.append_pair("offset", &offset.to_string());
        out.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_make_the_command_lines_request() {
        let params = Params::parse(Some(
            "q=no+deal&quotes=1&limit=5&facet=speaker&facet=location%3D%2FUkraine&speaker=putin&since=2025-08-01",
        ));
        let request = params.request(&[]).unwrap();
        assert_eq!(request.query, "no deal");
        assert_eq!(request.target, Target::Quotes);
        assert_eq!(request.limit, 5);
        assert_eq!(request.facets.len(), 2);
        assert_eq!(request.filters.speaker.as_deref(), Some("putin"));
        assert!(request.filters.since.is_some());
    }

    #[test]
    fn bad_parameters_are_user_errors_naming_them() {
        let limit = Params::parse(Some("limit=ten")).request(&[]).unwrap_err();
        assert!(limit.to_string().contains("limit=ten"), "{limit}");
        let date = Params::parse(Some("until=soon")).request(&[]).unwrap_err();
        assert!(date.to_string().contains("until"), "{date}");
    }

    #[test]
    fn links_set_one_parameter_and_go_back_to_the_first_page() {
        let params = Params::parse(Some("q=deal&offset=20&speaker=Trump"));
        assert_eq!(
            params.with("speaker", Some("Putin")),
            "q=deal&speaker=Putin"
        );
        assert_eq!(params.with("speaker", None), "q=deal");
        assert_eq!(params.at_offset(30), "q=deal&speaker=Trump&offset=30");
        assert_eq!(
            params.with_all(&[("since", "2025-08-01"), ("until", "2025-08-31")]),
            "q=deal&speaker=Trump&since=2025-08-01&until=2025-08-31"
        );
    }
}
