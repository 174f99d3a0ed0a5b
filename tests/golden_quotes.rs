//! Golden tests of quotation extraction: every `tests/fixtures/NAME.gold.json`
//! with a `quotes` list is checked against `NAME.txt`, so a new pair of files
//! adds a test without code.
//!
//! Tolerant where the truth is ambiguous, exact where it is not: every gold
//! quotation with a speaker must be found with that speaker (or one of the
//! accepted ones); a gold quotation with a `null` speaker (a label, a name on a
//! sign) must never be given a *person's* name that the gold does not accept.

use std::path::{Path, PathBuf};

use newsdex::article::text;
use newsdex::extract::{Extraction, Quote, SpeakerKind, extract};
use serde::Deserialize;

#[derive(Deserialize)]
struct Gold {
    quotes: Option<Vec<GoldQuote>>,
    speakers_expected: Option<serde_json::Map<String, serde_json::Value>>,
}

#[derive(Deserialize)]
struct GoldQuote {
    text: String,
    speaker: Option<Speakers>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Speakers {
    One(String),
    Either(Vec<String>),
}

impl Speakers {
    fn accepts(&self, name: &str) -> bool {
        match self {
            Speakers::One(one) => one == name,
            Speakers::Either(any) => any.iter().any(|a| a == name),
        }
    }
}

fn fixtures() -> Vec<(PathBuf, Gold)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if let Some(stem) = name.strip_suffix(".gold.json") {
            let gold: Gold = serde_json::from_str(&std::fs::read_to_string(&path).unwrap())
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            if gold.quotes.is_some() {
                found.push((dir.join(format!("{stem}.txt")), gold));
            }
        }
    }
    assert!(!found.is_empty(), "no quote fixtures in {}", dir.display());
    found
}

fn extraction_of(path: &Path) -> Extraction {
    let text = std::fs::read_to_string(path).unwrap();
    extract(&text::parse(&text))
}

/// Quotation text compared without regard to white space.
fn same_text(a: &str, b: &str) -> bool {
    a.split_whitespace().eq(b.split_whitespace())
}

#[test]
fn every_gold_quotation_is_found_with_its_speaker() {
    for (path, gold) in fixtures() {
        let extraction = extraction_of(&path);
        let mut failures = Vec::new();
        for expected in gold.quotes.as_ref().unwrap() {
            let found: Vec<&Quote> = extraction
                .quotes
                .iter()
                .filter(|q| same_text(&q.text, &expected.text))
                .collect();
            match &expected.speaker {
                Some(speakers) => {
                    let ok = found
                        .iter()
                        .any(|q| q.speaker.as_deref().is_some_and(|s| speakers.accepts(s)));
                    if !ok {
                        let got: Vec<_> = found.iter().map(|q| q.speaker.clone()).collect();
                        failures.push(format!("“{}”: got {got:?}", expected.text));
                    }
                }
                None => {
                    for quote in &found {
                        if quote.speaker_kind == Some(SpeakerKind::Person) {
                            failures.push(format!(
                                "“{}” is not speech but was given to {:?}",
                                expected.text, quote.speaker
                            ));
                        }
                    }
                }
            }
        }
        assert!(
            failures.is_empty(),
            "{}:\n{}",
            path.display(),
            failures.join("\n")
        );
    }
}

#[test]
fn speakers_rank_as_the_gold_expects() {
    for (path, gold) in fixtures() {
        let Some(expected) = &gold.speakers_expected else {
            continue;
        };
        let extraction = extraction_of(&path);
        let count = |name: &str| {
            extraction
                .quotes
                .iter()
                .filter(|q| q.speaker.as_deref() == Some(name))
                .count()
        };
        let mut ranked: Vec<(&String, usize)> = expected.keys().map(|n| (n, count(n))).collect();
        for (name, n) in &ranked {
            assert!(*n > 0, "{}: {name} has no quotation", path.display());
        }
        // The gold lists speakers from most quoted to least.
        let listed: Vec<&String> = ranked.iter().map(|(n, _)| *n).collect();
        ranked.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
        let by_count: Vec<&String> = ranked.iter().map(|(n, _)| *n).collect();
        assert_eq!(by_count, listed, "{}", path.display());
    }
}

#[test]
fn each_speaker_has_one_canonical_name() {
    let reference = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/alaska-summit.txt");
    let extraction = extraction_of(&reference);
    let speakers = extraction.speakers();
    for short in ["Trump", "Putin", "President Trump", "Zelensky"] {
        assert!(
            !speakers.contains(&short),
            "{short} should be canonicalised: {speakers:?}"
        );
    }
    let trump = extraction
        .quotes
        .iter()
        .find(|q| q.speaker.as_deref() == Some("Donald Trump"))
        .unwrap();
    assert_eq!(trump.role.as_deref(), Some("President"));
}
