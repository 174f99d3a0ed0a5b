//! Quotation clusters end to end: one statement carried by five articles of
//! the fixture corpus `tests/fixtures/clusters/` (trimmed in one, a word
//! changed in another, given to someone else in a third), one unrelated
//! statement sharing its opening words, grouped search, `newsdex quote`, and
//! re-indexing after a date changes and an article goes.

mod common;

use std::path::{Path, PathBuf};

use common::newsdex;
use serde_json::Value;
use tempfile::TempDir;

/// The fixture articles copied to a folder of their own (the test changes
/// them), and an index of it.
fn indexed_fixtures() -> (TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let articles = dir.path().join("articles");
    std::fs::create_dir(&articles).unwrap();
    let fixtures = common::root().join("tests/fixtures/clusters");
    for entry in std::fs::read_dir(fixtures).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, articles.join(path.file_name().unwrap())).unwrap();
    }
    let index = dir.path().join("index");
    reindex(&articles, &index);
    (dir, articles, index)
}

fn reindex(articles: &Path, index: &Path) {
    let output = newsdex(index, &["index", articles.to_str().unwrap()]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn json_of(index: &Path, args: &[&str]) -> Value {
    let output = newsdex(index, args);
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

fn grouped(index: &Path, query: &str) -> Value {
    json_of(index, &["search", "--quotes", "--json", query])
}

/// The file names of a cluster's occurrences, in the order `newsdex quote` lists them.
fn occurrence_files(cluster: &Value) -> Vec<String> {
    cluster["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            Path::new(o["path"].as_str().unwrap())
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

#[test]
fn one_statement_in_four_articles_is_one_result_with_who_said_it_first() {
    let (_dir, articles, index) = indexed_fixtures();
    let results = grouped(&index, "we will not back down");
    let hits = results["hits"].as_array().unwrap();
    // The statement's four occurrences are one hit; the union leader's,
    // which shares its first words, is another.
    assert_eq!(hits.len(), 2, "{results:#}");
    let union_first = hits[0]["speaker"] == "Dana Cole";
    let (statement, union) = if union_first {
        (&hits[1], &hits[0])
    } else {
        (&hits[0], &hits[1])
    };
    let cluster = &statement["cluster"];
    assert_eq!(cluster["occurrences"], 4);
    assert_eq!(cluster["sources"], 4);
    assert_eq!(cluster["first_seen"]["source"], "Capital Wire");
    assert_eq!(cluster["first_seen"]["published"], "2025-03-03T09:00:00Z");
    assert!(
        cluster["first_seen"]["path"]
            .as_str()
            .unwrap()
            .ends_with("wire.json")
    );
    assert!(
        cluster["wording"]
            .as_str()
            .unwrap()
            .starts_with("We will not back down from these tariffs")
    );
    // The disagreement: Alvarez three times (once by her surname alone), Briggs once.
    assert_eq!(
        cluster["speakers"],
        serde_json::json!([
            {"value": "Maria Alvarez", "count": 3},
            {"value": "Tom Briggs", "count": 1}
        ])
    );
    let other = &union["cluster"];
    assert_eq!(other["occurrences"], 1);
    assert_eq!(union["speaker"], "Dana Cole");
    assert_ne!(other["id"], cluster["id"]);

    // Every occurrence, ungrouped.
    let every = json_of(
        &index,
        &[
            "search",
            "--quotes",
            "--no-group",
            "--json",
            "we will not back down",
        ],
    );
    let every = every["hits"].as_array().unwrap();
    assert_eq!(every.len(), 5);
    assert!(every.iter().all(|h| h["cluster"].is_null()));

    // `newsdex quote ID`: in time order, the changed word marked.
    let id = cluster["id"].as_str().unwrap();
    let listed = json_of(&index, &["quote", id, "--json"]);
    assert_eq!(
        occurrence_files(&listed),
        ["wire.json", "herald.json", "post.json", "ledger.json"]
    );
    let post = &listed["occurrences"][2];
    let quote = post["quote"].as_str().unwrap();
    let marked: Vec<&str> = post["differences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|range| {
            &quote[range[0].as_u64().unwrap() as usize..range[1].as_u64().unwrap() as usize]
        })
        .collect();
    assert_eq!(marked, ["rancher"]);
    assert_eq!(listed["occurrences"][1]["speaker"], "Alvarez");
    assert_eq!(listed["occurrences"][3]["speaker"], "Tom Briggs");
    assert_eq!(
        listed["occurrences"][0]["headline"],
        "Governor vows to stand firm on tariffs"
    );

    // The earliest article is re-dated, another removed: the cluster follows.
    let wire = articles.join("wire.json");
    let text = std::fs::read_to_string(&wire)
        .unwrap()
        // Another length, so the file is seen to change within the same second.
        .replace("2025-03-03T09:00:00Z", "2025-03-07T09:00:00+00:00");
    std::fs::write(&wire, text).unwrap();
    std::fs::remove_file(articles.join("post.json")).unwrap();
    reindex(&articles, &index);
    let results = grouped(&index, "we will protect every farmer in this state");
    let cluster = &results["hits"][0]["cluster"];
    assert_eq!(cluster["occurrences"], 3);
    assert_eq!(cluster["first_seen"]["source"], "Valley Herald");
    assert_eq!(
        cluster["speakers"],
        serde_json::json!([
            {"value": "Maria Alvarez", "count": 2},
            {"value": "Tom Briggs", "count": 1}
        ])
    );
    let listed = json_of(
        &index,
        &["quote", cluster["id"].as_str().unwrap(), "--json"],
    );
    assert_eq!(
        occurrence_files(&listed),
        ["herald.json", "ledger.json", "wire.json"]
    );
}

#[test]
fn a_quote_id_that_is_not_one_is_a_clear_error() {
    let (_dir, _articles, index) = indexed_fixtures();
    let output = newsdex(&index, &["quote", "not-an-id"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("16 hexadecimal digits"), "{stderr}");
    let output = newsdex(&index, &["quote", "0000000000000001"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("no quotation with id"), "{stderr}");
}
