//! Golden tests of quotation extraction: every `tests/fixtures/NAME.gold.json`
//! with a `quotes` list is checked against `NAME.txt`, so a new pair of files
//! adds a test without code.
//!
//! Tolerant where the truth is ambiguous, exact where it is not: every gold
//! quotation with a speaker must be found with that speaker (or one of the
//! accepted ones); a gold quotation with a `null` speaker (a label, a name on a
//! sign) must never be given a *person's* name that the gold does not accept.

mod common;

use std::path::PathBuf;

use common::extraction_of;
use newsdex::extract::{Quote, SpeakerKind};
use serde::Deserialize;

#[derive(Deserialize)]
struct Gold {
    quotes: Option<Vec<GoldQuote>>,
    /// The speakers, most quoted first: the keys of a JSON object, read in
    /// the order the file gives them (a map would sort them).
    speakers_expected: Option<InFileOrder>,
}

/// The keys of a JSON object in the order the file gives them.
struct InFileOrder(Vec<String>);

impl<'de> Deserialize<'de> for InFileOrder {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Keys;
        impl<'de> serde::de::Visitor<'de> for Keys {
            type Value = InFileOrder;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object whose keys are speakers")
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(
                self,
                mut map: M,
            ) -> Result<Self::Value, M::Error> {
                let mut keys = Vec::new();
                while let Some((key, _)) = map.next_entry::<String, serde::de::IgnoredAny>()? {
                    keys.push(key);
                }
                Ok(InFileOrder(keys))
            }
        }
        deserializer.deserialize_map(Keys)
    }
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
    let found = common::gold_pairs(|gold: &Gold| gold.quotes.is_some());
    assert!(!found.is_empty(), "no quote fixtures in tests/fixtures");
    found
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
        let listed = &expected.0;
        for name in listed {
            assert!(
                count(name) > 0,
                "{}: {name} has no quotation",
                path.display()
            );
        }
        // The gold lists speakers from most quoted to least.
        let mut by_count = listed.clone();
        by_count.sort_by_key(|name| std::cmp::Reverse(count(name)));
        assert_eq!(&by_count, listed, "{}", path.display());
    }
}

#[test]
fn each_speaker_has_one_canonical_name() {
    let extraction = extraction_of(&common::article_path("alaska-summit"));
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
