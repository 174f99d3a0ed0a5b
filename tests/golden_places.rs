//! Golden tests of place and people extraction: every
//! `tests/fixtures/NAME.gold.json` with `locations_required` is checked against
//! `NAME.txt`. Each required place must be found with its hierarchy (the spelling
//! of a region or place may follow the gazetteer: "Kherson Oblast" for "Kherson",
//! "Zaporizhzhya" for "Zaporizhzhia"); no `not_locations` name and no
//! `forbidden_paths` path may be found; every `people_mentioned` name must be in
//! the people list.

mod common;

use std::path::PathBuf;

use common::extraction_of;
use serde::Deserialize;

#[derive(Deserialize)]
struct Gold {
    locations_required: Option<serde_json::Map<String, serde_json::Value>>,
    #[serde(default)]
    not_locations: Vec<String>,
    #[serde(default)]
    forbidden_paths: Vec<String>,
    #[serde(default)]
    people_mentioned: Vec<String>,
}

fn fixtures() -> Vec<(PathBuf, Gold)> {
    let found = common::gold_pairs(|gold: &Gold| gold.locations_required.is_some());
    assert!(found.len() >= 5, "the reference and the ambiguity fixtures");
    found
}

/// Letters only, lower case: "Zaporizhzhya Oblast" → "zaporizhzhyaoblast".
fn letters(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Edit distance, for spellings that differ by a letter or two.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (row[j + 1] + 1)
                .min(row[j] + 1)
                .min(previous + usize::from(ca != *cb));
            previous = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// A gold part ("Kherson") and a found one ("Kherson Oblast") name the same place.
fn same_part(gold: &str, found: &str) -> bool {
    let (gold, found) = (letters(gold), letters(found));
    found.starts_with(&gold) || gold.starts_with(&found) || distance(&gold, &found) <= 2
}

/// The found path matches the gold one: same country and same place, the
/// levels between allowed to follow the gazetteer.
fn same_path(gold: &str, found: &[String]) -> bool {
    let gold: Vec<&str> = gold.split('/').collect();
    let first = same_part(gold[0], &found[0]);
    let last = same_part(gold[gold.len() - 1], &found[found.len() - 1]);
    first && last && (gold.len() == 1) == (found.len() == 1)
}

#[test]
fn required_places_are_found_with_their_hierarchy() {
    for (path, gold) in fixtures() {
        let extraction = extraction_of(&path);
        let found: Vec<&Vec<String>> = extraction.places.iter().map(|p| &p.path).collect();
        for (name, expected) in gold.locations_required.as_ref().unwrap() {
            let expected = expected.as_str().unwrap();
            assert!(
                found.iter().any(|p| same_path(expected, p)),
                "{}: {name} should be {expected}; found {found:?}",
                path.display()
            );
        }
    }
}

#[test]
fn traps_are_not_places() {
    for (path, gold) in fixtures() {
        let extraction = extraction_of(&path);
        for place in &extraction.places {
            for trap in &gold.not_locations {
                assert_ne!(
                    letters(&place.name),
                    letters(trap),
                    "{}: {trap}",
                    path.display()
                );
            }
            let facet = place.facet();
            for forbidden in &gold.forbidden_paths {
                let inside = facet == *forbidden || facet.starts_with(&format!("{forbidden}/"));
                assert!(!inside, "{}: {facet} is under {forbidden}", path.display());
            }
        }
    }
}

#[test]
fn the_people_named_are_found() {
    for (path, gold) in fixtures() {
        let people: Vec<String> = extraction_of(&path)
            .people
            .into_iter()
            .map(|p| p.name)
            .collect();
        for name in &gold.people_mentioned {
            assert!(
                people.contains(name),
                "{}: {name} not in {people:?}",
                path.display()
            );
        }
    }
}

#[test]
fn the_path_comparison_is_strict_where_it_should_be() {
    let path = |p: &str| p.split('/').map(String::from).collect::<Vec<_>>();
    assert!(same_path(
        "Ukraine/Kherson",
        &path("Ukraine/Kherson Oblast")
    ));
    assert!(same_path(
        "Ukraine/Zaporizhzhia",
        &path("Ukraine/Zaporizhzhya")
    ));
    assert!(same_path(
        "United States/Alaska/Anchorage",
        &path("United States/Alaska/Anchorage")
    ));
    assert!(!same_path(
        "Russia/Moscow",
        &path("United States/Idaho/Moscow")
    ));
    assert!(!same_path("Ukraine", &path("Ukraine/Kyiv")));
    assert!(!same_path("Georgia", &path("United States/Georgia")));
}

#[test]
fn the_place_a_story_is_filed_from_comes_first() {
    let extraction = extraction_of(&common::article_path("places-dateline-state"));
    let first = extraction.places.first().expect("places");
    assert_eq!(first.facet(), "/United States/California/San Jose");
    let japan = extraction
        .places
        .iter()
        .find(|p| p.name == "Japan")
        .unwrap();
    assert!(japan.mentions > first.mentions, "{:?}", extraction.places);
}
