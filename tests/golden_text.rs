//! Golden tests of reading: the reference article reads as its gold file says,
//! and saved pages in real templates give their whole article.

use newsdex::article::{html, text};
use serde::Deserialize;

#[derive(Deserialize)]
struct Gold {
    headline: String,
    source: String,
    sections: Vec<String>,
    boilerplate_not_in_body: Vec<String>,
}

mod common;

fn fixture(name: &str) -> String {
    let path = common::root().join("tests/fixtures").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn reference_article() -> String {
    std::fs::read_to_string(common::article_path("alaska-summit")).unwrap()
}

#[test]
fn reference_article_matches_its_gold() {
    let gold: Gold = serde_json::from_str(&fixture("alaska-summit.gold.json")).unwrap();
    let article = text::parse(&reference_article());

    assert_eq!(article.headline, gold.headline);
    assert_eq!(article.source.as_deref(), Some(gold.source.as_str()));
    let sections: Vec<&str> = article.section_titles().collect();
    assert_eq!(sections, gold.sections);

    let body = article.body_text();
    for line in &gold.boilerplate_not_in_body {
        assert!(!body.contains(line.as_str()), "boilerplate in body: {line}");
    }
    // Everything between the headline and the footer is kept.
    assert!(body.starts_with("President Donald Trump declared Friday"));
    assert!(body.ends_with("“There’s no deal until there’s a deal.”"));
}

#[test]
fn every_reference_paragraph_knows_its_section() {
    let article = text::parse(&reference_article());
    let (section, _) = article
        .paragraphs()
        .find(|(_, p)| p.starts_with("“I want to see a cease-fire rapidly."))
        .expect("the cease-fire quote paragraph");
    assert_eq!(
        section,
        Some("Trump’s Demand: “I Want The Killing To Stop”")
    );
    let (lead_section, _) = article.paragraphs().next().unwrap();
    assert_eq!(lead_section, None);
}

/// A 2019 news template whose article column is marked `hidden-xs` (hidden on
/// phones only) once gave the sidebar's teasers instead of the article.
#[test]
fn a_template_with_a_responsive_article_column_gives_the_whole_article() {
    let article = html::parse(&fixture("news-template-2019.html")).unwrap();
    assert_eq!(
        article.headline,
        "Getting to the Moon again: NASA's new plan"
    );
    let body = article.body_text();
    assert!(
        body.starts_with("Washington, DC, United States: Getting to the Moon by 2024"),
        "{body}"
    );
    assert!(
        body.contains("commercial partners would build the landers"),
        "{body}"
    );
    assert_eq!(article.paragraphs().count(), 5, "{body}");
    assert!(!body.contains("A long teaser paragraph"), "{body}");
}
