//! Property tests that feed the query path and every article reader with
//! generated input: whatever arrives, the answer is results or a clear error,
//! never a panic. Inputs that once broke something are kept below as
//! regression cases and run on every test.

use std::path::Path;
use std::sync::OnceLock;

use newsdex::Error;
use newsdex::article::{self, html, markdown, text};
use newsdex::extract;
use newsdex::index::indexer::{IndexRequest, Indexer};
use newsdex::search::searcher::{SearchRequest, Searcher, Target};
use proptest::prelude::*;
use tempfile::TempDir;

/// One index of `corpus/`, built once for every query case.
fn searcher() -> &'static Searcher {
    static INDEX: OnceLock<(TempDir, Searcher)> = OnceLock::new();
    let (_dir, searcher) = INDEX.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let request = IndexRequest::new(vec![corpus], dir.path().join("index"));
        Indexer::new(request).run(&|_| {}).unwrap();
        let searcher = Searcher::open(&dir.path().join("index")).unwrap();
        (dir, searcher)
    });
    searcher
}

/// Runs a query for articles and for quotations; only a user error may come back.
fn assert_answers(query: &str) {
    for target in [Target::Articles, Target::Quotes] {
        let mut request = SearchRequest::new(query);
        request.target = target;
        match searcher().search(&request) {
            Ok(results) => assert!(results.hits.len() <= request.limit),
            Err(Error::User(message)) => assert!(!message.is_empty()),
            Err(other) => panic!("{query:?} gave an internal error: {other}"),
        }
    }
}

/// Pieces of the query language, stuck together in any order.
const QUERY_PIECES: &[&str] = &[
    "\"",
    "“",
    "”",
    "'",
    "’",
    ":",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "+",
    "-",
    "^",
    "~",
    "*",
    "\\",
    " AND ",
    " OR ",
    " NOT ",
    " TO ",
    "speaker:",
    "published:",
    "location:",
    "headline:",
    "nosuchfield:",
    "2025-08-15",
    "Trump",
    "deal",
    " ",
];

/// One piece: a listed one, a run matching `run`, or any character.
fn piece(listed: &'static [&'static str], run: &'static str) -> impl Strategy<Value = String> {
    prop_oneof![
        // Weighted so that each listed piece is as likely as a run or a character.
        listed.len() as u32 => prop::sample::select(listed).prop_map(str::to_string),
        1 => run,
        1 => any::<char>().prop_map(String::from),
    ]
}

fn query_piece() -> impl Strategy<Value = String> {
    piece(QUERY_PIECES, "[a-z]{1,8}")
}

fn query() -> impl Strategy<Value = String> {
    prop::collection::vec(query_piece(), 0..12).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn any_query_gets_results_or_a_clear_error(query in query()) {
        assert_answers(&query);
    }

    #[test]
    fn any_unicode_query_gets_results_or_a_clear_error(query in "\\PC{0,40}") {
        assert_answers(&query);
    }
}

/// Queries that once hit an edge of the parser, kept as regression cases.
#[test]
fn queries_that_were_once_trouble_are_answered() {
    for query in [
        "",
        " ",
        "\"",
        "\"\"",
        "“",
        "”no deal",
        ":",
        "speaker:",
        "speaker:\"",
        "published:[2025 TO",
        "published:[* TO *]",
        "published:[2025-08-15 TO 2025-08-14]",
        "((((((((((",
        "))))",
        "a^",
        "a^-1",
        "a~~",
        "\\",
        "*",
        "-",
        "NOT",
        "AND OR NOT",
        "+-+-",
        "nosuchfield:x",
        "headline:'*[{",
        "{`a:*",
        "headline:*",
        "headline:[a TO b]",
        "location:/",
        "location:\"/United States/\"",
        "\u{0}",
        "\u{202e}deal",
        "'''''",
        "’s",
        "Trump said: \"we",
        &"deal ".repeat(2_000),
        &"(".repeat(2_000),
        &"NOT ".repeat(2_400),
        &"a^".repeat(4_000),
        &"\"a\" ".repeat(500),
    ] {
        assert_answers(query);
    }
}

/// Bits of markup, text and quotation marks from which pages are made.
const HTML_PIECES: &[&str] = &[
    "<html>",
    "<body>",
    "<article>",
    "</article>",
    "<div class=\"content\">",
    "<div class=\"comments\">",
    "</div>",
    "<p>",
    "</p>",
    "<h1>",
    "</h1>",
    "<h2>",
    "<blockquote>",
    "<q>",
    "<script>",
    "<ul><li>",
    "<br>",
    "<meta property=\"og:title\" content=\"T\">",
    "<meta property=\"article:published_time\" content=\"2025-08-15\">",
    "<script type=\"application/ld+json\">{\"author\":",
    "&amp;",
    "&#x",
    "“",
    "\"",
    " said Vladimir Putin. ",
    "The president met in Anchorage, Alaska. ",
];

fn html_piece() -> impl Strategy<Value = String> {
    piece(HTML_PIECES, "[A-Za-z ,.]{0,30}")
}

/// Lines from which plain text and Markdown articles are made.
const TEXT_PIECES: &[&str] = &[
    "\n",
    "\n\n",
    "---\n",
    "+++\n",
    "title: ",
    "date: 2025-08-15\n",
    "# ",
    "## ",
    "By ",
    "ANCHORAGE, Alaska — ",
    "Published ",
    "Leave a Reply",
    "“",
    "”",
    "\"",
    " he said.",
    " said President Donald Trump.",
    " the Kremlin leader told reporters. ",
    "Mr. ",
    "Georgia ",
    "Paris ",
];

fn text_piece() -> impl Strategy<Value = String> {
    piece(TEXT_PIECES, "[A-Za-z ,.]{0,30}")
}

fn made_of(piece: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

/// Reads, then extracts quotations, people and places; only the absence of a
/// panic and a sound result are asserted, as the input is arbitrary.
fn assert_extracts(article: &article::Article) {
    let extraction = extract::extract(article);
    for quote in &extraction.quotes {
        assert!(!quote.text.is_empty());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_page_is_read_or_refused(page in made_of(html_piece())) {
        if let Ok(article) = html::parse(&page) {
            assert_extracts(&article);
        }
    }

    #[test]
    fn any_text_is_read(article_text in made_of(text_piece())) {
        assert_extracts(&text::parse(&article_text));
        assert_extracts(&markdown::parse(&article_text));
    }

    #[test]
    fn any_json_value_is_an_article_or_refused(value in json_value()) {
        if let Ok(article) = article::json::article(&value) {
            assert_extracts(&article);
        }
    }

    #[test]
    fn any_bytes_in_any_format_are_read_or_skipped_with_a_reason(
        bytes in prop::collection::vec(any::<u8>(), 0..600),
        extension in prop::sample::select(vec!["txt", "md", "json", "jsonl", "html"]),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("article.{extension}"));
        std::fs::write(&path, &bytes).unwrap();
        match article::read(&path) {
            Ok(file) => {
                for entry in &file.entries {
                    assert_extracts(&entry.article);
                }
            }
            Err(Error::Article { path: skipped, why }) => {
                assert_eq!(skipped, path);
                assert!(!why.is_empty());
            }
            Err(other) => panic!("unexpected error: {other}"),
        }
    }
}

/// JSON values shaped like scraper exports: known field names, any values.
fn json_value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        made_of(text_piece()).prop_map(Value::from),
    ];
    let key = prop::sample::select(vec![
        "title",
        "headline",
        "text",
        "body",
        "content",
        "articleBody",
        "date",
        "published",
        "publish_date",
        "datePublished",
        "$date",
        "author",
        "authors",
        "byline",
        "url",
        "section",
        "category",
        "source",
        "site",
        "other",
    ]);
    leaf.prop_recursive(3, 32, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(key.clone(), inner, 0..6).prop_map(|fields| {
                Value::Object(
                    fields
                        .into_iter()
                        .map(|(k, v)| (k.to_string(), v))
                        .collect(),
                )
            }),
        ]
    })
}

/// Inputs that once broke or nearly broke a reader, kept as regression cases.
#[test]
fn pages_and_texts_that_were_once_trouble_are_read() {
    let deep = "<div>".repeat(5_000);
    for page in [
        "",
        "<",
        "<html><body></body></html>",
        "<p>“</p>",
        "<blockquote>\"</blockquote><q></q>",
        "<script type=\"application/ld+json\">{</script>",
        "<meta property=\"article:published_time\" content=\"\">",
        deep.as_str(),
    ] {
        if let Ok(article) = html::parse(page) {
            assert_extracts(&article);
        }
    }
    for article_text in [
        "",
        "\n\n\n",
        "---\n",
        "---\ntitle: [\n---\n",
        "+++\ntitle = \n+++\n",
        "“",
        "”“”“",
        "\"\"\"",
        "“He said”, he said.",
        "Mr. . said “.”",
        "By\n",
        "ANCHORAGE, Alaska — ",
    ] {
        assert_extracts(&text::parse(article_text));
        assert_extracts(&markdown::parse(article_text));
    }
}
