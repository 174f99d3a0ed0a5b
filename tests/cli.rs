//! End-to-end tests of the `newsdex` command in temporary folders.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::newsdex;
use serde::Deserialize;
use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_newsdex");

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Asserts a command failed with exit code 2 and a message saying `what`.
fn assert_fails_with(output: &Output, what: &str) {
    assert_eq!(output.status.code(), Some(2), "{}", stderr(output));
    assert!(stderr(output).contains(what), "{}", stderr(output));
}

/// A temporary folder `articles/` holding these files, and where its index goes.
fn folder_of(files: &[(&str, &[u8])]) -> (TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let articles = dir.path().join("articles");
    std::fs::create_dir(&articles).unwrap();
    for (name, bytes) in files {
        std::fs::write(articles.join(name), bytes).unwrap();
    }
    let index = dir.path().join("index");
    (dir, articles, index)
}

/// An index of `corpus/` in a fresh temporary folder.
fn indexed_corpus() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let output = newsdex(&index, &["index", corpus().to_str().unwrap()]);
    assert!(output.status.success(), "index failed: {}", stderr(&output));
    (dir, index)
}

/// The JSON output, mirrored with `deny_unknown_fields` so any change to the
/// contract (a field added, renamed or removed) fails here first.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Results {
    query: String,
    total_hits: usize,
    took_ms: f64,
    warnings: Vec<String>,
    hits: Vec<Hit>,
    facets: BTreeMap<String, Vec<FacetCount>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FacetCount {
    value: Option<String>,
    path: Option<String>,
    count: u64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Hit {
    rank: usize,
    score: f32,
    kind: String,
    id: String,
    path: String,
    headline: String,
    section: Option<String>,
    source: Option<String>,
    byline: Option<String>,
    published: Option<String>,
    quote: Option<String>,
    speaker: Option<String>,
    mention: Option<String>,
    snippet: Snippet,
    tier: Option<String>,
    cluster: Option<Cluster>,
}

/// A grouped quotation hit's cluster (tests/clusters.rs checks its values).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // every key must be there; not every value is checked here
struct Cluster {
    id: String,
    occurrences: usize,
    sources: usize,
    first_seen: FirstSeen,
    speakers: Vec<FacetCount>,
    wording: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // every key must be there; not every value is checked here
struct FirstSeen {
    published: Option<String>,
    source: Option<String>,
    id: String,
    path: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Snippet {
    text: String,
    highlights: Vec<[usize; 2]>,
}

fn search_json(index: &Path, query: &str) -> (Output, Results) {
    let output = newsdex(index, &["search", "--json", query]);
    let results = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("bad JSON for {query:?}: {e}: {}", stderr(&output)));
    (output, results)
}

#[test]
fn the_alaska_quote_ranks_first_however_it_is_typed() {
    let (_dir, index) = indexed_corpus();
    for query in [
        "no deal until there's a deal",
        "\"no deal until there's a deal\"",
        "“no deal until there’s a deal”",
        "NO DEAL UNTIL THERES A DEAL", // a typo: the apostrophe dropped
    ] {
        let (output, results) = search_json(&index, query);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{query}: {}",
            stderr(&output)
        );
        let first = &results.hits[0];
        assert!(
            first.path.ends_with("alaska-summit.txt"),
            "{query}: {first:?}"
        );
        assert_eq!(first.rank, 1);
        let highlighted: Vec<String> = first
            .snippet
            .highlights
            .iter()
            .map(|[s, e]| first.snippet.text[*s..*e].to_lowercase())
            .collect();
        for word in ["no", "deal", "until"] {
            assert!(
                highlighted.iter().any(|h| h == word),
                "{query}: {word} not in {highlighted:?}"
            );
        }
    }
}

#[test]
fn words_together_and_in_order_rank_above_scattered_words() {
    let (_dir, articles, index) = folder_of(&[
        (
            "scattered.txt",
            // Each word more often, in a shorter text: it wins on BM25 alone.
            b"Market report\n\nUntil Friday there is no talk. A deal is far. Until then no one signs any deal.\n",
        ),
        (
            "together.txt",
            b"Talks report\n\nThe envoy said there would be no deal until the spring, \
              when the ministers meet again in the capital for another round.\n",
        ),
    ]);
    assert!(
        newsdex(&index, &["index", articles.to_str().unwrap()])
            .status
            .success()
    );
    let (_, results) = search_json(&index, "no deal until");
    assert_eq!(results.total_hits, 2);
    assert!(
        results.hits[0].path.ends_with("together.txt"),
        "{results:?}"
    );
}

/// The known-item case: the same words in three articles' headlines and
/// bodies, the sentence in one body only. Whatever way it is pasted, that
/// article comes first; without the tiers, the headlines repeating "interest
/// rate" would win on BM25.
#[test]
fn a_pasted_sentence_finds_its_article_first_however_it_is_typed() {
    let (_dir, articles, index) = folder_of(&[
        (
            "headline-a.txt",
            b"Interest rate consequences: banks brace for interest rate rises\n\n\
              Interest rate futures fell as banks said the rate rise may be near.\n",
        ),
        (
            "headline-b.txt",
            b"There may be interest in rate cuts\n\nTraders see interest rate cuts. \
              Consequences for banks may be small, there said an analyst.\n",
        ),
        (
            "holder.txt",
            b"Central bank keeps policy unchanged\n\nThe governor told lawmakers: \
              \xe2\x80\x9cWe think there\xe2\x80\x99s a chance there may be interest rate \
              consequences for the smaller lenders,\xe2\x80\x9d before the vote on Tuesday. \
              The next review is due in March - after the interest rate decision abroad.\n",
        ),
    ]);
    let output = newsdex(&index, &["index", articles.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    for (variant, query) in [
        ("exact", "there may be interest rate consequences"),
        (
            "curly",
            "there\u{2019}s a chance there may be interest rate consequences",
        ),
        (
            "straight",
            "there's a chance there may be interest rate consequences",
        ),
        ("lower", "THERE MAY BE INTEREST RATE CONSEQUENCES"),
        ("dropped word", "there may interest rate consequences"),
        ("typo", "there may be intrest rate consequences"),
        ("partial", "interest rate consequences for the smaller"),
        (
            "aside",
            "interest rate consequences (for the smaller lenders)",
        ),
        (
            "no apostrophe",
            "theres a chance there may be interest rate",
        ),
        // News sets a dash as a spaced hyphen: punctuation, not an operator.
        (
            "spaced hyphen",
            "review is due in March - after the interest rate decision",
        ),
        // A long text holding the article's own quote marks, paired.
        (
            "quote marks inside",
            "smaller lenders,\" before the vote on Tuesday. \"The next review",
        ),
    ] {
        let (_, results) = search_json(&index, query);
        let first = &results.hits[0];
        assert!(
            first.path.ends_with("holder.txt"),
            "{variant}: {query:?} gave {results:?}"
        );
        assert_ne!(first.tier.as_deref(), Some("rest"), "{variant}: {first:?}");
    }
    // Text cut mid-quotation leaves a quote mark unpaired: punctuation, not a
    // phrase running to the end, so it is ranked in tiers as pasted text is.
    let (_, results) = search_json(
        &index,
        "smaller lenders,\u{201d} before the vote on Tuesday",
    );
    assert!(results.hits[0].path.ends_with("holder.txt"), "{results:?}");
    assert_eq!(results.hits[0].tier.as_deref(), Some("phrase"));
    // A text of eight words or more must share a share of its words, not
    // one: however few distinct words it repeats.
    let (_, results) = search_json(&index, "the vote the vote the vote on Tuesday");
    assert_eq!(results.total_hits, 1, "{results:?}");
    // Operators keep their meaning, and rank by score alone.
    let (_, results) = search_json(&index, "+consequences -lenders");
    assert!(results.hits.iter().all(|h| !h.path.ends_with("holder.txt")));
    assert!(results.hits.iter().all(|h| h.tier.is_none()));
}

#[test]
fn a_contraction_typed_without_its_apostrophe_finds_its_article_among_many_closer_by_score() {
    // Sixty articles repeat the query's other words and outscore the one
    // holding the sentence; "hes" and "wont" are words of the index too
    // (a name, "as is his wont"), so they are read both ways.
    let mut files: Vec<(String, Vec<u8>)> = (0..60)
        .map(|i| {
            (
                format!("decoy-{i:02}.txt"),
                format!("Tough talk {i}\n\nHe was tough. Tough, he said, tough. Step down? Step down, he said.\n")
                    .into_bytes(),
            )
        })
        .collect();
    files.push((
        "names.txt".into(),
        b"Hes and the wont\n\nMr Hes spoke late, as is his wont.\n".to_vec(),
    ));
    files.push((
        "holder.txt".into(),
        b"The chairman stays\n\nHis allies insist: he's tough, he won't step down this year.\n"
            .to_vec(),
    ));
    let borrowed: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
        .collect();
    let (_dir, articles, index) = folder_of(&borrowed);
    let output = newsdex(&index, &["index", articles.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let (_, results) = search_json(&index, "hes tough he wont step down");
    let first = &results.hits[0];
    assert!(first.path.ends_with("holder.txt"), "{results:?}");
    assert_eq!(first.tier.as_deref(), Some("phrase"));
}

#[test]
fn other_forms_of_a_word_match_below_the_exact_form() {
    let (_dir, articles, index) = folder_of(&[
        (
            "plural.txt",
            b"Results are in\n\nThe elections were held on Sunday in every district.\n",
        ),
        (
            "exact.txt",
            b"A vote at last\n\nThe election was held on Sunday in every district.\n",
        ),
        ("other.txt", b"Markets\n\nShares rose on Sunday.\n"),
    ]);
    let output = newsdex(&index, &["index", articles.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let (_, results) = search_json(&index, "election");
    let paths: Vec<&str> = results.hits.iter().map(|h| h.path.as_str()).collect();
    assert_eq!(results.total_hits, 2, "{paths:?}");
    assert!(paths[0].ends_with("exact.txt") && paths[1].ends_with("plural.txt"));
    // The other form is marked in the snippet too.
    let plural = &results.hits[1];
    let marked: Vec<&str> = plural
        .snippet
        .highlights
        .iter()
        .map(|[s, e]| &plural.snippet.text[*s..*e])
        .collect();
    assert_eq!(marked, ["elections"]);
    // And a mistyped word finds, and marks, the one it meant.
    let (_, results) = search_json(&index, "elecion");
    assert!(results.hits[0].path.ends_with("exact.txt"), "{results:?}");
}

#[test]
fn a_pasted_sentence_with_a_colon_is_text() {
    let (_dir, index) = indexed_corpus();
    let (output, results) = search_json(&index, "the minister said: insurers in London");
    assert_eq!(output.status.code(), Some(0));
    assert!(results.warnings.is_empty(), "{:?}", results.warnings);
    assert!(results.hits[0].path.ends_with("kyiv-grain-corridor.txt"));
}

#[test]
fn a_query_with_no_match_exits_1() {
    let (_dir, index) = indexed_corpus();
    let (output, results) = search_json(&index, "xylophonequagmire");
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(results.total_hits, 0);
    assert!(results.hits.is_empty());
}

#[test]
fn broken_queries_never_panic() {
    let (_dir, index) = indexed_corpus();
    for query in [
        "there's a",
        "\"unbalanced",
        "- *",
        "title:(",
        "(((",
        "+",
        "'",
        "*",
        "",
        "speaker:",
        "location:/",
        "(speaker:putin OR",
    ]
    .into_iter()
    .map(str::to_string)
    .chain([
        // The longest queries read: pasted text, and unknown words that are all read as typos.
        "no deal until there's a deal ".repeat(344),
        (0..1_000)
            .map(|n| format!("wordz{n:04} "))
            .collect::<String>(),
    ]) {
        assert!(query.chars().count() <= 10_000, "{}", query.len());
        let output = newsdex(&index, &["search", &query]);
        let code = output.status.code();
        assert!(matches!(code, Some(0..=2)), "{query}: {code:?}");
        let err = stderr(&output);
        assert!(!err.contains("panicked"), "{query}: {err}");
        if code == Some(2) {
            assert!(err.contains("newsdex:"), "{query}: no message: {err}");
        }
    }
}

#[test]
fn queries_too_deep_or_too_long_are_refused_with_the_limit() {
    let (_dir, index) = indexed_corpus();
    let deep = format!("{}a", "(".repeat(2_000));
    let output = newsdex(&index, &["search", &deep]);
    assert_fails_with(
        &output,
        "more than 32 parentheses inside one another (at character 33)",
    );
    let long = "NOT ".repeat(3_000);
    let output = newsdex(&index, &["search", &long]);
    assert_fails_with(&output, "12000 characters long, over the 10000");
    // Just under the limit, thousands of operators are parsed on a deep stack.
    let many = "NOT ".repeat(2_400);
    let output = newsdex(&index, &["search", &many]);
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_page_past_the_deepest_is_refused_not_a_crash() {
    let (_dir, index) = indexed_corpus();
    let output = newsdex(&index, &["search", "x", "--offset", "99999999999999"]);
    assert_fails_with(
        &output,
        "offset 99999999999999 + limit 10 is past the 10000 hits",
    );
    let output = newsdex(
        &index,
        &["search", "deal", "--facet", "speaker", "--facet-limit", "0"],
    );
    assert_fails_with(&output, "must be from 1 to 1000000");
    let output = newsdex(&index, &["index", "corpus", "--memory-mb", "5"]);
    assert_fails_with(&output, "from 20 to 4096 MB");
}

#[test]
fn json_output_has_the_documented_fields() {
    let (_dir, index) = indexed_corpus();
    let (_, results) = search_json(&index, "grain corridor Odesa");
    assert_eq!(results.query, "grain corridor Odesa");
    assert!(results.took_ms >= 0.0);
    let hit = &results.hits[0];
    assert_eq!(hit.kind, "article");
    assert_eq!(hit.id.len(), 16);
    assert!(hit.score > 0.0);
    assert!(
        hit.headline
            .starts_with("Ukraine Reopens Odesa Grain Corridor")
    );
    assert_eq!(hit.byline.as_deref(), Some("Olena Marchenko"));
    assert_eq!(hit.section, None, "the lead paragraph has no sub-heading");
    assert!(hit.source.is_none());
    assert_eq!(hit.published.as_deref(), Some("2025-09-03T00:00:00Z"));
    for [start, end] in &hit.snippet.highlights {
        assert!(start < end && *end <= hit.snippet.text.len());
    }
    // A quotation's document holds neither headline nor byline: the hit takes its article's.
    let output = newsdex(
        &index,
        &[
            "search",
            "--json",
            "--quotes",
            "--no-group",
            "nobody pretending risk",
        ],
    );
    let results: Results = serde_json::from_slice(&output.stdout).unwrap();
    // A syndicated copy carries the quotation too: the original's occurrence.
    let quote = results
        .hits
        .iter()
        .find(|h| h.path.ends_with("kyiv-grain-corridor.txt"))
        .unwrap();
    assert_eq!(quote.kind, "quote", "{quote:?}");
    assert_eq!(quote.id, hit.id, "the quotation's article is the Odesa one");
    assert_eq!(quote.headline, hit.headline);
    assert_eq!(quote.byline.as_deref(), Some("Olena Marchenko"));
    assert_eq!(quote.published, hit.published);
}

#[test]
fn headline_matches_outrank_body_matches() {
    // The same word in one article's headline and twice in another's body,
    // where it would win on frequency alone: the headline's boost decides.
    let (_dir, articles, index) = folder_of(&[
        (
            "in-body.txt",
            b"Council sets its budget\n\nThe council closed roads for the marathon. The marathon \
              route was agreed after a long debate over costs and parking.\n",
        ),
        (
            "in-headline.txt",
            b"Marathon record falls\n\nA Kenyan runner set a course record on Sunday morning, \
              finishing well ahead of the field after a fast start in cool weather.\n",
        ),
    ]);
    let output = newsdex(&index, &["index", articles.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let (_, results) = search_json(&index, "marathon");
    assert_eq!(results.total_hits, 2);
    assert!(
        results.hits[0].path.ends_with("in-headline.txt"),
        "{results:?}"
    );
}

#[test]
fn snippet_section_is_the_sub_heading_above_it() {
    let (_dir, index) = indexed_corpus();
    let (_, results) = search_json(&index, "\"weave and bob\"");
    assert_eq!(
        results.hits[0].section.as_deref(),
        Some("Trump’s Calculations And Cautions")
    );
}

#[test]
fn stats_counts_what_was_indexed() {
    let (_dir, index) = indexed_corpus();
    let articles = std::fs::read_dir(corpus())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "txt")
        })
        .count();
    let output = newsdex(&index, &["stats", "--json"]);
    assert!(output.status.success());
    // The documented shape, exactly: a key renamed or removed fails here.
    let typed: StatsJson = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(typed.articles, articles);
    assert!(typed.quotes > 0 && typed.segments > 0);
    assert!(typed.path.ends_with("index"));
    assert!(
        typed
            .fields
            .iter()
            .any(|f| f.name == "body" && f.default_search)
    );
    assert!(typed.size_bytes > 0 && typed.schema_version > 0);
    // The Alaska article says "no deal until there's a deal" three times.
    let clusters = &typed.quotation_clusters;
    assert!(clusters.clusters >= 1 && clusters.quotations >= 2 * clusters.clusters);
    assert!(clusters.largest.windows(2).all(|w| w[0] >= w[1]));
    let stats: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(stats["articles"], articles);
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("index-schema/schema.json"),
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(stats["schema_version"], schema["version"]);
    // Each field as the schema declares it: a file record is a column, not terms.
    let field = |name: &str| {
        stats["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("no field {name}"))
    };
    let hash = field("content_hash");
    assert_eq!(
        (hash["indexed"].as_bool(), hash["fast"].as_bool()),
        (Some(false), Some(true))
    );
    let body = field("body");
    assert_eq!(
        (body["indexed"].as_bool(), body["fast"].as_bool()),
        (Some(true), Some(false))
    );
    assert!(stats["size_bytes"].as_u64().unwrap() > 0);
}

#[test]
fn reindexing_replaces_instead_of_duplicating() {
    let (_dir, index) = indexed_corpus();
    let again = newsdex(&index, &["index", corpus().to_str().unwrap()]);
    assert!(again.status.success());
    let (_, results) = search_json(&index, "\"there s no deal until there s a deal\"");
    assert_eq!(results.total_hits, 1);
}

#[test]
fn show_prints_the_article_by_id_and_by_path() {
    let (_dir, index) = indexed_corpus();
    let (_, results) = search_json(&index, "\"Kremlin leader\"");
    let id = results.hits[0].id.clone();
    let by_id = newsdex(&index, &["show", &id]);
    assert!(by_id.status.success(), "{}", stderr(&by_id));
    let text = String::from_utf8(by_id.stdout).unwrap();
    assert!(text.contains("## A Symbolic Summit"));
    assert!(text.contains("source: Real News Now"));
    assert!(!text.contains("Leave a Reply"));

    let path = corpus().join("alaska-summit.txt");
    let by_path = newsdex(&index, &["show", "--json", path.to_str().unwrap()]);
    // The documented shape, exactly: a key renamed or removed fails here.
    let article: ShowJson = serde_json::from_slice(&by_path.stdout).unwrap();
    assert_eq!(article.id, id);
    assert_eq!(article.path, path.to_str().unwrap());
    assert_eq!(article.source.as_deref(), Some("Real News Now"));
    assert_eq!(article.sections.len(), 8);
    assert_eq!(article.sections[0].title, None);
    assert_eq!(
        article.sections[1].title.as_deref(),
        Some("Trump Holds His Cards Close")
    );
    assert!(article.sections[0].paragraphs[0].starts_with("President Donald Trump declared"));
    assert!(article.headline.starts_with("Trump Claims"));
    assert_eq!(
        (article.byline, article.dateline, article.published),
        (None, None, None)
    );
}

/// `show --json`, mirrored with `deny_unknown_fields`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ShowJson {
    id: String,
    path: String,
    headline: String,
    source: Option<String>,
    byline: Option<String>,
    dateline: Option<String>,
    published: Option<String>,
    sections: Vec<ShowSection>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ShowSection {
    title: Option<String>,
    paragraphs: Vec<String>,
}

/// `stats --json`, mirrored with `deny_unknown_fields`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StatsJson {
    path: String,
    articles: usize,
    quotes: usize,
    size_bytes: u64,
    schema_version: u32,
    segments: usize,
    quotation_clusters: ClusterCounts,
    fields: Vec<StatsField>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ClusterCounts {
    clusters: usize,
    quotations: usize,
    largest: Vec<usize>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // every key must be there; not every value is checked
struct StatsField {
    name: String,
    #[serde(rename = "type")]
    field_type: String,
    stored: bool,
    indexed: bool,
    fast: bool,
    default_search: bool,
}

#[test]
fn a_missing_index_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let output = newsdex(&dir.path().join("nothing"), &["search", "deal"]);
    assert_fails_with(&output, "newsdex index");
}

#[test]
fn other_formats_and_bad_files_are_skipped_and_reported() {
    let (_dir, articles, index) = folder_of(&[
        ("good.txt", b"Headline\n\nA good article.\n"),
        ("empty.txt", b""),
        ("binary.txt", b"\x00\x01PK"),
        ("latin1.txt", b"Caf\xe9 news\n\nCaf\xe9 au lait.\n"),
        ("notes.pdf", b"%PDF-1.4"),
    ]);
    let output = newsdex(&index, &["index", articles.to_str().unwrap()]);
    assert!(output.status.success());
    let summary = stderr(&output);
    assert!(summary.contains("indexed 2 articles"), "{summary}");
    assert!(summary.contains("empty file"), "{summary}");
    assert!(summary.contains("binary file"), "{summary}");
    assert!(summary.contains("not an article format"), "{summary}");
    assert!(summary.contains("Windows-1252"), "{summary}");
    let (_, results) = search_json(&index, "café");
    assert_eq!(results.total_hits, 1);
}

/// The `newsdex-schema-version=N` payload in a `meta.json`.
fn schema_version_payload(meta: &str) -> String {
    const PREFIX: &str = "newsdex-schema-version=";
    let start = meta.find(PREFIX).expect("a schema version");
    let digits = meta[start + PREFIX.len()..]
        .chars()
        .take_while(char::is_ascii_digit)
        .count();
    assert!(digits > 0, "a version number");
    meta[start..start + PREFIX.len() + digits].to_string()
}

#[test]
fn an_index_of_another_schema_version_asks_for_a_rebuild() {
    let (_dir, index) = indexed_corpus();
    let meta = index.join("meta.json");
    let text = std::fs::read_to_string(&meta).unwrap();
    let current = schema_version_payload(&text);
    std::fs::write(&meta, text.replace(&current, "newsdex-schema-version=1")).unwrap();
    let output = newsdex(&index, &["search", "deal"]);
    assert_fails_with(&output, "another version of newsdex");
}

#[test]
fn date_ranges_filter_by_publication_date() {
    let (_dir, index) = indexed_corpus();
    let (output, results) = search_json(
        &index,
        "published:[2025-09-01T00:00:00Z TO 2025-10-01T00:00:00Z}",
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(results.warnings.is_empty(), "{:?}", results.warnings);
    let mut dates: Vec<&str> = results
        .hits
        .iter()
        .map(|hit| hit.published.as_deref().unwrap())
        .collect();
    dates.sort();
    assert_eq!(
        dates,
        [
            "2025-09-03T00:00:00Z",
            "2025-09-04T00:00:00Z",
            "2025-09-05T00:00:00Z",
            "2025-09-19T00:00:00Z"
        ]
    );
}

#[test]
fn quote_search_finds_every_quotation_of_trump_with_the_phrase() {
    let (_dir, index) = indexed_corpus();
    let results = search_args_json(
        &index,
        &["--quotes", "--no-group", "no deal until there's a deal"],
    );
    let with_phrase: Vec<&Hit> = results
        .hits
        .iter()
        .filter(|hit| {
            let quote = hit
                .quote
                .as_deref()
                .unwrap()
                .replace('’', "'")
                .to_lowercase();
            quote.contains("no deal until there's a deal")
        })
        .collect();
    assert_eq!(with_phrase.len(), 3, "{results:#?}");
    // The last one is introduced as "the president himself reminded the press".
    assert!(
        with_phrase
            .iter()
            .any(|h| h.mention.as_deref() == Some("the president"))
    );
    // They are the three best hits, each attributed to Donald Trump.
    for (rank, hit) in with_phrase.iter().enumerate() {
        assert_eq!(hit.rank, rank + 1);
        assert_eq!(hit.kind, "quote");
        assert_eq!(hit.speaker.as_deref(), Some("Donald Trump"));
        assert!(hit.path.ends_with("alaska-summit.txt"));
        assert_eq!(hit.source.as_deref(), Some("Real News Now"));
        assert!(hit.headline.starts_with("Trump Claims"));
        assert_eq!(hit.id.len(), 16, "the article's id");
        let marked: Vec<String> = hit
            .snippet
            .highlights
            .iter()
            .map(|[s, e]| hit.snippet.text[*s..*e].to_lowercase())
            .collect();
        assert!(marked.contains(&"deal".to_string()), "{marked:?}");
        assert!(hit.cluster.is_none(), "not grouped: {hit:?}");
    }
    // Grouped (the default), the three are one utterance, in one article.
    let grouped = search_args_json(&index, &["--quotes", "no deal until there's a deal"]);
    let first = &grouped.hits[0];
    let cluster = first.cluster.as_ref().unwrap();
    assert_eq!((cluster.occurrences, cluster.sources), (1, 1));
    assert!(
        cluster.wording.contains("no deal until there"),
        "{cluster:?}"
    );
    let ids: std::collections::BTreeSet<&str> = grouped
        .hits
        .iter()
        .map(|h| h.cluster.as_ref().unwrap().id.as_str())
        .collect();
    assert_eq!(ids.len(), grouped.hits.len(), "one hit per cluster");
}

#[test]
fn field_clauses_filter_by_a_name_in_any_case_and_the_flags_do_the_same() {
    let (_dir, index) = indexed_corpus();
    let speakers = |results: &Results| -> std::collections::BTreeSet<String> {
        results
            .hits
            .iter()
            .map(|h| h.speaker.clone().unwrap_or_default())
            .collect()
    };
    // Putin's "understanding", and Trump's, are both in the corpus.
    let either = search_args_json(&index, &["--quotes", "understanding"]);
    assert!(speakers(&either).len() >= 2, "{either:?}");
    for query in [
        "speaker:putin understanding",
        "speaker:\"VLADIMIR PUTIN\" understanding",
        "understanding speaker:Putin",
    ] {
        let results = search_args_json(&index, &["--quotes", "--limit", "50", query]);
        assert!(results.total_hits >= 1, "{query}");
        assert_eq!(
            speakers(&results),
            ["Vladimir Putin".to_string()].into(),
            "{query}"
        );
    }
    let flag = search_args_json(
        &index,
        &[
            "--quotes",
            "--limit",
            "50",
            "--speaker",
            "putin",
            "understanding",
        ],
    );
    assert_eq!(speakers(&flag), ["Vladimir Putin".to_string()].into());
    // With a pasted quotation beside it, the clause filters and the text is ranked in tiers.
    let pasted = search_args_json(
        &index,
        &[
            "--quotes",
            "speaker:putin the understanding that we've reached together",
        ],
    );
    assert_eq!(speakers(&pasted), ["Vladimir Putin".to_string()].into());
    assert_eq!(pasted.hits[0].tier.as_deref(), Some("phrase"), "{pasted:?}");
    let excluded = search_args_json(
        &index,
        &["--quotes", "--limit", "50", "-speaker:putin understanding"],
    );
    assert!(
        !speakers(&excluded).contains("Vladimir Putin"),
        "{excluded:?}"
    );
    // A real OR makes the clause optional.
    let or = search_args_json(
        &index,
        &[
            "--quotes",
            "--limit",
            "50",
            "speaker:putin OR understanding",
        ],
    );
    assert!(speakers(&or).contains("Donald Trump") && speakers(&or).contains("Vladimir Putin"));
    // A place by its name, as a clause or a flag, includes the places inside it.
    for args in [
        vec!["location:alaska"],
        vec!["*", "--location", "alaska"],
        vec!["*", "--location", "/United States/Alaska"],
    ] {
        let results = search_args_json(&index, &args);
        assert_eq!(results.total_hits, 1, "{args:?}");
        assert!(results.hits[0].path.ends_with("alaska-summit.txt"));
    }
    // A name the index does not hold matches nothing, and says so.
    let output = newsdex(&index, &["search", "--json", "speaker:nobodyknown deal"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("names no speaker"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_speaker_filter_matches_only_what_that_person_said() {
    let (_dir, index) = indexed_corpus();
    let results = search_args_json(&index, &["--quotes", "+speaker:\"Vladimir Putin\" peace"]);
    assert!(results.total_hits >= 1);
    for hit in &results.hits {
        assert_eq!(hit.speaker.as_deref(), Some("Vladimir Putin"), "{hit:?}");
    }
    // Article hits carry no quotation fields.
    let (_, articles) = search_json(&index, "peace");
    assert!(
        articles
            .hits
            .iter()
            .all(|h| h.quote.is_none() && h.speaker.is_none())
    );
}

/// One line of `extract --json`, mirrored with `deny_unknown_fields` so a key
/// added, renamed or removed fails here first (the contract is in the README).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // every key must be there; not every value is checked
struct ExtractRecord {
    path: String,
    id: String,
    headline: String,
    source: Option<String>,
    published: Option<String>,
    byline: Option<String>,
    dateline: Option<String>,
    category: Option<String>,
    sections: Vec<String>,
    body: String,
    quotes: Vec<ExtractQuote>,
    people: Vec<String>,
    roles: BTreeMap<String, String>,
    mentions: BTreeMap<String, usize>,
    locations: Vec<ExtractLocation>,
    article: serde_json::Value,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // every key must be there; not every value is checked
struct ExtractQuote {
    text: String,
    speaker: Option<String>,
    speaker_kind: Option<String>,
    role: Option<String>,
    mention: Option<String>,
    cue: Option<String>,
    paragraph: Option<usize>,
    section: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // every key must be there; not every value is checked
struct ExtractLocation {
    name: String,
    path: String,
    parts: Vec<String>,
    mentions: usize,
}

/// Runs `newsdex extract --json` on paths; its records, and the output for its stderr.
fn extract_json(paths: &[&Path]) -> (Output, Vec<ExtractRecord>) {
    let output = Command::new(BIN)
        .arg("extract")
        .arg("--json")
        .args(paths)
        .output()
        .unwrap();
    let records = String::from_utf8(output.stdout.clone())
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect();
    (output, records)
}

#[test]
fn extract_json_has_the_documented_keys_and_values() {
    let path = corpus().join("alaska-summit.txt");
    let (output, records) = extract_json(&[&path]);
    assert!(output.status.success(), "{}", stderr(&output));
    let [record] = records.as_slice() else {
        panic!("one article, one line: {records:?}")
    };
    assert_eq!(record.path, path.display().to_string());
    assert!(record.headline.starts_with("Trump Claims ‘Great Progress’"));
    assert_eq!(record.source.as_deref(), Some("Real News Now"));
    assert_eq!(record.sections[0], "Trump Holds His Cards Close");
    assert!(
        record
            .body
            .starts_with("President Donald Trump declared Friday")
    );
    assert!(
        record.body.contains(".\n\n"),
        "paragraphs are separated by a blank line"
    );
    assert!(!record.body.contains("Leave a Reply"));
    assert!(record.quotes.len() >= 30);
    let ceasefire = record
        .quotes
        .iter()
        .find(|q| q.text.starts_with("I want to see a cease-fire"))
        .unwrap();
    assert_eq!(ceasefire.speaker.as_deref(), Some("Donald Trump"));
    assert_eq!(ceasefire.cue.as_deref(), Some("said"));
    assert_eq!(
        ceasefire.section.as_deref(),
        Some("Trump’s Demand: “I Want The Killing To Stop”")
    );
    // People are names, the most mentioned first.
    assert_eq!(record.people[0], "Donald Trump");
    assert!(record.people.iter().any(|p| p == "Vladimir Putin"));
    assert!(record.mentions["Donald Trump"] >= record.mentions["Vladimir Putin"]);
    let anchorage = record
        .locations
        .iter()
        .find(|l| l.name == "Anchorage")
        .unwrap();
    assert_eq!(anchorage.path, "/United States/Alaska/Anchorage");
    assert_eq!(anchorage.parts, ["United States", "Alaska", "Anchorage"]);
    assert_eq!(record.id.len(), 16);
}

#[test]
fn extract_walks_folders_as_index_does_and_reports_skips() {
    let (_dir, articles, _index) = folder_of(&[
        ("b.txt", b"Second\n\n\"We will,\" Jane Doe said."),
        ("a.txt", b"First\n\nA body."),
        (
            "wire.jsonl",
            b"{\"title\": \"One\", \"text\": \"Body one.\"}\nnot json\n{\"title\": \"Two\", \"text\": \"Body two.\"}\n",
        ),
        ("photo.png", b"\x89PNG"),
        ("empty.txt", b""),
        ("broken.json", b"{not json"),
    ]);
    let (output, records) = extract_json(&[&articles]);
    assert!(output.status.success(), "{}", stderr(&output));
    let paths: Vec<String> = records
        .iter()
        .map(|r| {
            r.path
                .strip_prefix(articles.to_str().unwrap())
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(
        paths,
        ["/a.txt", "/b.txt", "/wire.jsonl#1", "/wire.jsonl#3"]
    );
    assert_eq!(records[1].quotes[0].speaker.as_deref(), Some("Jane Doe"));
    let summary = stderr(&output);
    assert!(
        summary.contains("extracted 4 articles from 3 files"),
        "{summary}"
    );
    assert!(
        summary.contains("not an article format newsdex reads"),
        "{summary}"
    );
    assert!(summary.contains("empty"), "{summary}");
    assert!(summary.contains("malformed JSON (e.g. "), "{summary}");
    // The ids are those `newsdex index` gives.
    let index = articles.parent().unwrap().join("index");
    let indexed = newsdex(&index, &["index", articles.to_str().unwrap()]);
    assert!(indexed.status.success(), "{}", stderr(&indexed));
    let (_, results) = search_json(&index, "First");
    assert_eq!(results.hits[0].id, records[0].id);
    // And the skip reasons are the ones `index` reports, word for word.
    let reasons = |summary: &str| -> Vec<String> {
        summary
            .lines()
            .filter(|line| line.trim_start().starts_with(|c: char| c.is_ascii_digit()))
            .map(|line| line.trim().to_string())
            .collect()
    };
    assert_eq!(reasons(&summary), reasons(&stderr(&indexed)));
}

#[test]
fn extract_of_nothing_readable_is_an_error() {
    let (_dir, articles, _index) = folder_of(&[("photo.png", b"\x89PNG")]);
    let (output, records) = extract_json(&[&articles]);
    assert!(records.is_empty());
    assert_fails_with(&output, "no article could be read");
    let (output, _) = extract_json(&[&articles.join("missing.txt")]);
    assert_fails_with(&output, "no such file or folder");
}

fn search_args_json(index: &Path, args: &[&str]) -> Results {
    let mut all = vec!["search", "--json"];
    all.extend_from_slice(args);
    let output = newsdex(index, &all);
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{args:?}: {}",
        stderr(&output)
    );
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}"))
}

#[test]
fn facets_count_every_matching_document() {
    let (_dir, index) = indexed_corpus();
    let results = search_args_json(
        &index,
        &[
            "*", "--limit", "1", "--facet", "location", "--facet", "month", "--facet", "source",
        ],
    );
    assert_eq!(results.hits.len(), 1, "one hit shown");
    let countries = &results.facets["location"];
    let count_of = |path: &str| {
        countries
            .iter()
            .find(|c| c.path.as_deref() == Some(path))
            .map(|c| c.count)
    };
    // Ukraine: the Alaska summit report and the grain corridor story, with
    // its two syndicated copies.
    assert_eq!(count_of("/Ukraine"), Some(4), "{countries:?}");
    assert!(
        countries
            .iter()
            .all(|c| c.value.is_none() && c.path.as_deref().unwrap().matches('/').count() == 1)
    );
    let months: Vec<&str> = results.facets["month"]
        .iter()
        .map(|c| c.value.as_deref().unwrap())
        .collect();
    let mut sorted = months.clone();
    sorted.sort();
    assert_eq!(months, sorted, "months in time order");
    // One article each, the most frequent first, then by name.
    let sources: Vec<(&str, u64)> = results.facets["source"]
        .iter()
        .map(|c| (c.value.as_deref().unwrap(), c.count))
        .collect();
    assert_eq!(
        sources,
        [
            ("Black Sea Monitor", 1),
            ("Harbour Daily", 1),
            ("Real News Now", 1)
        ]
    );
}

#[test]
fn location_facet_under_a_path_counts_the_places_inside() {
    let (_dir, index) = indexed_corpus();
    // At the top, countries: each counted once per article, whatever it names inside.
    let results = search_args_json(&index, &["*", "--facet", "location"]);
    let countries = &results.facets["location"];
    let ukraine = countries
        .iter()
        .find(|c| c.path.as_deref() == Some("/Ukraine"))
        .unwrap_or_else(|| panic!("{countries:?}"));
    assert_eq!(ukraine.count, 4, "{countries:?}");
    assert!(
        countries
            .iter()
            .all(|c| c.path.as_deref().unwrap().matches('/').count() == 1),
        "{countries:?}"
    );
    let results = search_args_json(&index, &["*", "--facet", "location=/Ukraine"]);
    let inside = &results.facets["location=/Ukraine"];
    assert!(
        inside
            .iter()
            .any(|c| c.path.as_deref() == Some("/Ukraine/Kyiv") && c.count == 2),
        "{inside:?}"
    );
    assert!(
        inside
            .iter()
            .all(|c| c.path.as_deref().unwrap().starts_with("/Ukraine/"))
    );
}

#[test]
fn a_location_filter_includes_the_places_inside() {
    let (_dir, index) = indexed_corpus();
    for query in [
        vec!["*", "--location", "/United States/Alaska"],
        vec!["location:\"/United States/Alaska\""],
    ] {
        let results = search_args_json(&index, &query);
        assert_eq!(results.total_hits, 1, "{query:?}");
        assert!(results.hits[0].path.ends_with("alaska-summit.txt"));
    }
    let us = search_args_json(&index, &["*", "--location", "/United States"]);
    assert!(
        us.total_hits >= 3,
        "Alaska, the Senate and the chip stories: {}",
        us.total_hits
    );
}

#[test]
fn speaker_facet_on_quotes_counts_one_canonical_name() {
    let (_dir, index) = indexed_corpus();
    let results = search_args_json(&index, &["--quotes", "*", "--facet", "speaker"]);
    let speakers = &results.facets["speaker"];
    assert_eq!(speakers[0].value.as_deref(), Some("Donald Trump"));
    assert_eq!(speakers[1].value.as_deref(), Some("Vladimir Putin"));
    assert!(!speakers.iter().any(|c| c.value.as_deref() == Some("Trump")));
    let trump = search_args_json(
        &index,
        &[
            "--quotes",
            "*",
            "--speaker",
            "Donald Trump",
            "--limit",
            "100",
        ],
    );
    assert_eq!(trump.total_hits as u64, speakers[0].count);
    assert!(
        trump
            .hits
            .iter()
            .all(|h| h.speaker.as_deref() == Some("Donald Trump"))
    );
}

#[test]
fn since_and_until_filter_by_date_and_bare_dates_work_in_ranges() {
    let (_dir, index) = indexed_corpus();
    let flags = search_args_json(
        &index,
        &["*", "--since", "2025-09-01", "--until", "2025-09-19"],
    );
    let range = search_args_json(&index, &["published:[2025-09-01 TO 2025-09-19]"]);
    assert!(range.warnings.is_empty(), "{:?}", range.warnings);
    for results in [&flags, &range] {
        let mut dates: Vec<&str> = results
            .hits
            .iter()
            .map(|h| &h.published.as_deref().unwrap()[..10])
            .collect();
        dates.sort();
        assert_eq!(
            dates,
            ["2025-09-03", "2025-09-04", "2025-09-05", "2025-09-19"],
            "the end day counts whole"
        );
    }
}

#[test]
fn the_facets_command_lists_every_value() {
    let (_dir, index) = indexed_corpus();
    let output = newsdex(&index, &["facets", "speaker", "--quotes", "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let facets: BTreeMap<String, Vec<FacetCount>> = serde_json::from_slice(&output.stdout).unwrap();
    let speakers = &facets["speaker"];
    assert!(speakers.len() > 10, "more than a page: {}", speakers.len());
    assert!(
        speakers.windows(2).all(|w| w[0].count >= w[1].count),
        "sorted by count"
    );
    let text = newsdex(&index, &["facets", "people"]);
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("John Bolton") && text.contains('█'), "{text}");
}

#[test]
fn bad_facet_and_filter_arguments_are_clear_errors() {
    let (_dir, index) = indexed_corpus();
    for args in [
        vec!["search", "x", "--facet", "colour"],
        vec!["search", "x", "--since", "last tuesday"],
        vec!["search", "x", "--until", "soon"],
        vec!["facets", "location=Ukraine"],
    ] {
        let output = newsdex(&index, &args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let err = stderr(&output);
        assert!(
            err.starts_with("newsdex: ") && !err.contains("panicked"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn json_lines_markdown_and_json_articles_with_their_dates() {
    let dir = tempfile::tempdir().unwrap();
    let articles = dir.path().join("articles");
    std::fs::create_dir(&articles).unwrap();
    std::fs::write(
        articles.join("wire.jsonl"),
        concat!(
            r#"{"date": "26-FEB-1987 15:01:01.79", "title": "BAHIA COCOA REVIEW", "dateline": "SALVADOR, Feb 26 -", "body": "Showers continued throughout the week in\nthe Bahia cocoa zone."}"#,
            "\n",
            r#"{"title": "broken line", "body": "#,
            "\n",
            r#"{"url": "http://example.org/no-text"}"#,
            "\n",
            r#"{"headline": "Grain prices rise", "text": "Wheat rose on Tuesday.", "publish_date": {"$date": 1474243200000}}"#,
            "\n",
        ),
    )
    .unwrap();
    std::fs::write(
        articles.join("two.json"),
        r#"[{"title": "First of two", "content": ["Cocoa arrivals fell."], "category": "markets"},
            {"title": "Second of two", "body": "Cocoa exports rose.", "authors": [{"name": "Ann Lee"}]}]"#,
    )
    .unwrap();
    std::fs::write(
        articles.join("notes.md"),
        "---\ntitle: Cocoa Notes\ndate: 2025-08-15\n---\n\nCocoa talks went on in Accra.\n",
    )
    .unwrap();
    let index = dir.path().join("index");
    let output = newsdex(&index, &["index", articles.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let summary = stderr(&output);
    assert!(summary.contains("indexed 5 articles"), "{summary}");
    assert!(
        summary.contains("malformed JSON") && summary.contains("wire.jsonl:2"),
        "{summary}"
    );
    assert!(
        summary.contains("no article text") && summary.contains("wire.jsonl:3"),
        "{summary}"
    );

    let results = search_args_json(&index, &["cocoa", "--limit", "10"]);
    assert_eq!(results.total_hits, 4);
    let ids: std::collections::HashSet<&str> = results.hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids.len(), 4, "each article of a file has its own id");
    let reuters = results
        .hits
        .iter()
        .find(|h| h.headline == "BAHIA COCOA REVIEW")
        .unwrap();
    assert_eq!(reuters.published.as_deref(), Some("1987-02-26T15:01:01Z"));
    let notes = results
        .hits
        .iter()
        .find(|h| h.headline == "Cocoa Notes")
        .unwrap();
    assert_eq!(notes.published.as_deref(), Some("2025-08-15T00:00:00Z"));
    let grain = search_args_json(&index, &["wheat"]);
    assert_eq!(
        grain.hits[0].published.as_deref(),
        Some("2016-09-19T00:00:00Z")
    );
    let markets = search_args_json(&index, &["*", "--section", "markets"]);
    assert_eq!(markets.total_hits, 1);
}

/// A folder of three small articles, and its index.
fn small_corpus() -> (TempDir, PathBuf, PathBuf) {
    let (dir, articles, index) = folder_of(&[
        ("a.txt", b"Alpha headline\n\nThe alpha story about grain."),
        ("b.txt", b"Beta headline\n\nThe beta story about cocoa."),
        ("c.txt", b"Gamma headline\n\nThe gamma story about coffee."),
    ]);
    let first = newsdex(&index, &["index", articles.to_str().unwrap()]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(stderr(&first).contains("files: 3 new, 0 changed, 0 unchanged, 0 removed"));
    (dir, articles, index)
}

#[test]
fn reindexing_an_unchanged_folder_does_no_work_and_keeps_the_index_as_it_was() {
    let (_dir, articles, index) = small_corpus();
    // A JSON file without an article is read on every run, yet must not cause a commit.
    std::fs::write(
        articles.join("nothing.json"),
        r#"{"url": "http://example.org"}"#,
    )
    .unwrap();
    let with_json = newsdex(&index, &["index", articles.to_str().unwrap()]);
    assert!(
        stderr(&with_json).contains("no article text"),
        "{}",
        stderr(&with_json)
    );
    let meta_before = std::fs::read(index.join("meta.json")).unwrap();
    let again = newsdex(&index, &["index", articles.to_str().unwrap()]);
    assert!(again.status.success());
    let summary = stderr(&again);
    assert!(summary.contains("indexed 0 articles"), "{summary}");
    assert!(
        summary.contains("files: 0 new, 0 changed, 3 unchanged, 0 removed"),
        "{summary}"
    );
    assert_eq!(
        std::fs::read(index.join("meta.json")).unwrap(),
        meta_before,
        "no new commit"
    );
}

#[test]
fn changed_new_and_removed_files_are_reindexed_and_reported() {
    let (_dir, articles, index) = small_corpus();
    // Sizes differ, so the change is seen whatever the file system's time resolution.
    std::fs::write(
        articles.join("a.txt"),
        "Alpha headline\n\nThe alpha story is now about wheat.",
    )
    .unwrap();
    std::fs::write(
        articles.join("d.txt"),
        "Delta headline\n\nThe delta story about tea.",
    )
    .unwrap();
    std::fs::remove_file(articles.join("c.txt")).unwrap();
    let output = newsdex(&index, &["index", articles.to_str().unwrap()]);
    let summary = stderr(&output);
    assert!(
        summary.contains("files: 1 new, 1 changed, 1 unchanged, 1 removed"),
        "{summary}"
    );
    assert_eq!(search_args_json(&index, &["wheat"]).total_hits, 1);
    assert_eq!(
        search_args_json(&index, &["grain"]).total_hits,
        0,
        "the old text is gone"
    );
    assert_eq!(
        search_args_json(&index, &["coffee"]).total_hits,
        0,
        "the removed file is gone"
    );
    assert_eq!(search_args_json(&index, &["*"]).total_hits, 3);
}

#[test]
fn keep_missing_keeps_the_articles_of_removed_files() {
    let (_dir, articles, index) = small_corpus();
    std::fs::remove_file(articles.join("c.txt")).unwrap();
    let output = newsdex(
        &index,
        &["index", "--keep-missing", articles.to_str().unwrap()],
    );
    assert!(stderr(&output).contains("0 removed"), "{}", stderr(&output));
    assert_eq!(search_args_json(&index, &["coffee"]).total_hits, 1);
}

#[test]
fn indexing_another_folder_does_not_remove_the_first() {
    let (dir, _articles, index) = small_corpus();
    let other = dir.path().join("other");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(
        other.join("e.txt"),
        "Epsilon headline\n\nThe epsilon story.",
    )
    .unwrap();
    let output = newsdex(&index, &["index", other.to_str().unwrap()]);
    assert!(
        stderr(&output).contains("files: 1 new, 0 changed, 0 unchanged, 0 removed"),
        "{}",
        stderr(&output)
    );
    assert_eq!(search_args_json(&index, &["*"]).total_hits, 4);
}

#[test]
fn strict_turns_skips_into_exit_code_2_and_size_limits_skip() {
    let (_dir, articles, index) = small_corpus();
    std::fs::write(articles.join("empty.txt"), "").unwrap();
    std::fs::write(
        articles.join("big.txt"),
        format!("Big\n\n{}", "word ".repeat(300_000)),
    )
    .unwrap();
    let lenient = newsdex(
        &index,
        &["index", "--max-file-size", "1", articles.to_str().unwrap()],
    );
    assert_eq!(lenient.status.code(), Some(0));
    let summary = stderr(&lenient);
    assert!(
        summary.contains("over the size limit") && summary.contains("empty file"),
        "{summary}"
    );
    let strict = newsdex(
        &index,
        &[
            "index",
            "--strict",
            "--max-file-size",
            "1",
            articles.to_str().unwrap(),
        ],
    );
    assert_eq!(strict.status.code(), Some(2));
    assert!(stderr(&strict).contains("--strict"), "{}", stderr(&strict));
}

#[test]
fn a_second_writer_stops_at_once_with_a_clear_message() {
    let (_dir, articles, index) = small_corpus();
    // Hold the index's writer lock as a running `newsdex index` would.
    let held = tantivy::Index::open_in_dir(&index).unwrap();
    held.tokenizers()
        .register("news", newsdex::index::analyzer::news_analyzer());
    let _writer: tantivy::IndexWriter = held.writer(50_000_000).unwrap();
    let output = newsdex(&index, &["index", articles.to_str().unwrap()]);
    assert_fails_with(&output, "another newsdex process is writing");
    // Searching still works while the writer is held.
    assert_eq!(search_args_json(&index, &["alpha"]).total_hits, 1);
}

#[cfg(unix)]
#[test]
fn symbolic_links_are_reported_not_followed() {
    let (dir, articles, index) = small_corpus();
    let outside = dir.path().join("outside.txt");
    std::fs::write(&outside, "Outside headline\n\nOutside story.").unwrap();
    std::os::unix::fs::symlink(&outside, articles.join("link.txt")).unwrap();
    std::os::unix::fs::symlink(&articles, articles.join("loop")).unwrap();
    let output = newsdex(&index, &["index", articles.to_str().unwrap()]);
    assert!(output.status.success());
    let summary = stderr(&output);
    assert!(
        summary.contains("2  a symbolic link, not followed"),
        "{summary}"
    );
    assert_eq!(search_args_json(&index, &["outside"]).total_hits, 0);
}

#[test]
fn a_saved_web_page_is_read_for_its_article_only() {
    let page = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/saved-page.html");
    let output = Command::new(BIN)
        .args(["extract", "--json", page.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let article = &json["article"];
    assert_eq!(
        article["headline"],
        "Port Strike Ends After Deal on Night Shifts"
    );
    assert_eq!(article["source"], "Harbour Gazette");
    assert_eq!(article["byline"], "Maria Lopez");
    assert_eq!(article["category"], "Business");
    assert_eq!(article["published"], "2025-06-02T08:30:00Z");
    let sections = article["sections"].as_array().unwrap();
    assert_eq!(sections[1]["title"], "What the Deal Says");
    let body: String = sections
        .iter()
        .flat_map(|s| s["paragraphs"].as_array().unwrap())
        .map(|p| p.as_str().unwrap())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(body.starts_with("Dock workers in Rotterdam"), "{body}");
    assert!(body.contains("backlog would clear"));
    for furniture in [
        "Home",
        "cookies",
        "Celebrity",
        "Advertisement",
        "Antwerp",
        "About time",
        "rights reserved",
        "window.ads",
    ] {
        assert!(!body.contains(furniture), "{furniture} in:\n{body}");
    }
    // <blockquote> and <q> hold quotations, attributed like any other.
    let quotes = json["quotes"].as_array().unwrap();
    let texts: Vec<&str> = quotes.iter().map(|q| q["text"].as_str().unwrap()).collect();
    assert!(
        texts.contains(
            &"This agreement protects both our workers and the competitiveness of the port."
        ),
        "{texts:?}"
    );
    let compromise = quotes
        .iter()
        .find(|q| q["text"] == "a fair compromise")
        .expect("the <q> quotation");
    assert_eq!(compromise["speaker"], "Anna Berg");
    let strike = quotes
        .iter()
        .find(|q| q["text"].as_str().unwrap().starts_with("We got what"))
        .unwrap();
    assert_eq!(strike["speaker"], "Pieter de Vries");
}

#[test]
fn a_run_killed_mid_index_leaves_the_last_commit_searchable_and_the_next_run_finishes() {
    const FILES: usize = 3000;
    let dir = tempfile::tempdir().unwrap();
    let articles = dir.path().join("articles");
    std::fs::create_dir(&articles).unwrap();
    for n in 0..FILES {
        let body = format!(
            "Harbour report {n}\n\nThe harbour board met on Tuesday about berth {n}. \
             \"We will open the new quay in spring,\" said Anna Berg, the harbour master.\n"
        );
        std::fs::write(articles.join(format!("{n:05}.txt")), body).unwrap();
    }
    let index = dir.path().join("index");
    let mut child = Command::new(BIN)
        .args(["index", articles.to_str().unwrap()])
        .args(["--commit-every", "50", "--commit-seconds", "0"])
        .arg("--index")
        .arg(&index)
        .env_remove("NEWSDEX_INDEX")
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Kill it as soon as a first batch is committed and searchable.
    let hits_before_kill = loop {
        std::thread::sleep(std::time::Duration::from_millis(20));
        if index.join("meta.json").exists() {
            let output = newsdex(&index, &["search", "--json", "harbour"]);
            if output.status.success() {
                let results: Results = serde_json::from_slice(&output.stdout).unwrap();
                break results.total_hits;
            }
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "finished before a kill"
        );
    };
    child.kill().unwrap(); // SIGKILL on Unix: no clean-up runs.
    child.wait().unwrap();
    assert!(hits_before_kill > 0);

    // What was committed is whole: every article there has its quotation too.
    let after_kill = search_args_json(&index, &["harbour", "--limit", "1"]);
    assert!(
        after_kill.total_hits >= hits_before_kill && after_kill.total_hits < FILES,
        "killed mid-run: {} of {FILES} articles committed",
        after_kill.total_hits
    );
    let quotes = search_args_json(&index, &["quay", "--quotes", "--limit", "1"]);
    assert_eq!(quotes.total_hits, after_kill.total_hits);

    // The next run takes up the work: the committed files are unchanged.
    let rerun = newsdex(&index, &["index", articles.to_str().unwrap()]);
    assert!(rerun.status.success(), "{}", stderr(&rerun));
    let summary = stderr(&rerun);
    let expected = format!(
        "files: {} new, 0 changed, {} unchanged, 0 removed",
        FILES - after_kill.total_hits,
        after_kill.total_hits
    );
    assert!(summary.contains(&expected), "{summary}\nwanted {expected}");
    assert_eq!(search_args_json(&index, &["harbour"]).total_hits, FILES);
}

#[test]
fn a_damaged_index_is_a_clear_error() {
    let assert_damaged = |index: &Path| {
        let output = newsdex(index, &["search", "alpha"]);
        assert_fails_with(&output, "cannot be read, it may be damaged");
        let message = stderr(&output);
        assert!(message.contains(index.to_str().unwrap()), "{message}");
        assert!(message.contains("run `newsdex index` again"), "{message}");
    };
    // A segment file lost.
    let (_dir, _articles, index) = small_corpus();
    for entry in std::fs::read_dir(&index).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|ext| ext == "idx") {
            std::fs::remove_file(path).unwrap();
        }
    }
    assert_damaged(&index);
    // A mangled `meta.json`.
    std::fs::write(index.join("meta.json"), b"{ not json").unwrap();
    assert_damaged(&index);
}

/// The index's segment count, from `stats --json`.
fn segments_of(index: &Path) -> usize {
    let output = newsdex(index, &["stats", "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    serde_json::from_slice::<StatsJson>(&output.stdout)
        .unwrap()
        .segments
}

#[test]
fn a_large_run_merges_the_index_into_one_segment_and_a_small_one_does_not() {
    let files: Vec<(String, Vec<u8>)> = (0..30)
        .map(|n| {
            let text = format!(
                "Story {n} headline\n\n\"We will talk about story {n} again,\" \
                 the minister said on Monday.\n"
            );
            (format!("{n:02}.txt"), text.into_bytes())
        })
        .collect();
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
        .collect();
    let (_dir, articles, index) = folder_of(&refs);
    // Commits every file: many segments, merged at the end of a first run.
    let first = newsdex(
        &index,
        &[
            "index",
            articles.to_str().unwrap(),
            "--commit-every",
            "1",
            "--commit-seconds",
            "0",
        ],
    );
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(
        stderr(&first).contains("segments into one in"),
        "{}",
        stderr(&first)
    );
    assert_eq!(segments_of(&index), 1);
    // One file more is far under a tenth of the index: its segment stays.
    std::fs::write(
        articles.join("new.txt"),
        "Late headline\n\nThe late story about cocoa.\n",
    )
    .unwrap();
    let second = newsdex(&index, &["index", articles.to_str().unwrap()]);
    assert!(second.status.success(), "{}", stderr(&second));
    assert!(!stderr(&second).contains("segments into one"));
    assert!(segments_of(&index) > 1);
    assert_eq!(search_args_json(&index, &["cocoa"]).total_hits, 1);
    assert_eq!(search_args_json(&index, &["minister"]).total_hits, 30);
}
