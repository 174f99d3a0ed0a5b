//! End-to-end tests of `newsdex serve`: the real binary on a free port,
//! spoken to over plain HTTP/1.1.

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::http::{self, Response};
use common::newsdex;
use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_newsdex");

/// An article whose text tries to run script in a page.
const HOSTILE: &str = "<script>alert(1)</script>\n\n\
    The port deal <img src=x onerror=alert(1)> was signed, officials said.\n\n\
    \"<b>Sign</b> the deal now,\" said Jane Roe.\n";

/// `corpus/` and the hostile article, indexed in a temporary folder.
fn indexed() -> (TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let articles = dir.path().join("articles");
    std::fs::create_dir(&articles).unwrap();
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    for entry in std::fs::read_dir(corpus).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            std::fs::copy(&path, articles.join(path.file_name().unwrap())).unwrap();
        }
    }
    std::fs::write(articles.join("hostile.txt"), HOSTILE).unwrap();
    let index = dir.path().join("index");
    let output = newsdex(&index, &["index", articles.to_str().unwrap()]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    (dir, articles, index)
}

/// The corpus indexed and served on a free loopback port.
fn serving() -> (TempDir, PathBuf, Server) {
    let (dir, _articles, index) = indexed();
    let server = Server::start(&index, &["--bind", "127.0.0.1:0"]);
    (dir, index, server)
}

/// A running server, stopped when dropped.
struct Server {
    child: Child,
    address: String,
}

impl Server {
    fn start(index: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(BIN)
            .args(["serve", "--quiet", "--index"])
            .arg(index)
            .args(extra)
            .env_remove("NEWSDEX_TOKEN")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start newsdex serve");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let address = line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_string();
        Server { child, address }
    }

    /// Sends a GET with `headers` (and a body, when given).
    fn request(&self, path: &str, headers: &[(&str, &str)], body: Option<&str>) -> Response {
        http::request(&self.address, "GET", path, headers, body)
    }

    fn get(&self, path: &str) -> Response {
        self.request(path, &[], None)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The id of the first article a search finds.
fn first_id(server: &Server, query: &str) -> String {
    server.get(&format!("/api/search?q={query}")).json()["hits"][0]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no hit for {query}"))
        .to_string()
}

/// The cluster id of the first quotation hit for a query.
fn first_quote_cluster(server: &Server, query: &str) -> String {
    server
        .get(&format!("/api/search?q={query}&quotes=1"))
        .json()["hits"][0]["cluster"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no quotation hit for {query}"))
        .to_string()
}

#[test]
fn quotation_hits_are_grouped_and_their_occurrences_one_click_away() {
    let (_dir, _index, server) = serving();
    let grouped = server.get("/api/search?q=no+deal+until&quotes=1").json();
    let cluster = &grouped["hits"][0]["cluster"];
    assert!(cluster["occurrences"].as_u64().unwrap() >= 1, "{grouped}");
    let id = cluster["id"].as_str().unwrap();
    let every = server
        .get("/api/search?q=no+deal+until&quotes=1&group=0")
        .json();
    assert!(every["hits"][0]["cluster"].is_null());
    assert!(every["hits"].as_array().unwrap().len() > grouped["hits"].as_array().unwrap().len());
    // The API gives `quote --json`; the page links the results to it.
    let listed = server.get(&format!("/api/quotes/{id}")).json();
    assert_eq!(listed["id"], id);
    assert!(!listed["occurrences"].as_array().unwrap().is_empty());
    let page = server.get("/?q=no+deal+until&quotes=1");
    assert!(
        page.body.contains(&format!("href=\"/quote/{id}\"")),
        "{}",
        page.body
    );
    let occurrences = server.get(&format!("/quote/{id}"));
    assert_eq!(occurrences.status, 200);
    // Every occurrence the API lists is on the page, linked to its article.
    for occurrence in listed["occurrences"].as_array().unwrap() {
        let link = format!("href=\"/article/{}\"", occurrence["id"].as_str().unwrap());
        assert!(
            occurrences.body.contains(&link),
            "{link}: {}",
            occurrences.body
        );
    }
    assert_eq!(server.get("/api/quotes/zz").status, 400);
    assert_eq!(server.get("/api/quotes/0000000000000001").status, 404);
}

/// The `search --json` object without its timing, for comparing runs.
fn without_timing(mut results: serde_json::Value) -> serde_json::Value {
    results.as_object_mut().unwrap().remove("took_ms");
    results
}

#[test]
fn the_api_gives_the_command_lines_json() {
    let (_dir, index, server) = serving();
    let query = "no deal until there's a deal";
    let api = server
        .get("/api/search?q=no+deal+until+there%27s+a+deal&facet=speaker&facet=location&limit=3");
    assert_eq!(api.status, 200, "{}", api.body);
    let cli = newsdex(
        &index,
        &[
            "search", query, "--facet", "speaker", "--facet", "location", "-n", "3", "--json",
        ],
    );
    let cli: serde_json::Value = serde_json::from_slice(&cli.stdout).unwrap();
    assert_eq!(without_timing(api.json()), without_timing(cli));

    let quotes = server.get("/api/search?q=understanding&quotes=1&speaker=putin");
    let hits = quotes.json()["hits"].as_array().unwrap().clone();
    assert!(!hits.is_empty());
    assert!(
        hits.iter().all(|h| h["speaker"] == "Vladimir Putin"),
        "{hits:?}"
    );

    let facets = server.get("/api/facets/speaker?quotes=1");
    let cli = newsdex(&index, &["facets", "speaker", "--quotes", "--json"]);
    let cli: serde_json::Value = serde_json::from_slice(&cli.stdout).unwrap();
    assert_eq!(facets.json(), cli);

    let id = api.json()["hits"][0]["id"].as_str().unwrap().to_string();
    // The `show --json` object, with the article's quotations, people and places.
    let mut article = server.get(&format!("/api/articles/{id}")).json();
    let cli = newsdex(&index, &["show", &id, "--json"]);
    let cli: serde_json::Value = serde_json::from_slice(&cli.stdout).unwrap();
    let object = article.as_object_mut().unwrap();
    let quotes = object.remove("quotes").unwrap();
    let people = object.remove("people").unwrap();
    let locations = object.remove("locations").unwrap();
    assert_eq!(article, cli);
    assert!(
        quotes
            .as_array()
            .unwrap()
            .iter()
            .any(|q| q["speaker"] == "Donald Trump")
    );
    assert!(
        people
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p == "Vladimir Putin"),
        "{people}"
    );
    assert!(
        locations
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l == "/United States/Alaska/Anchorage"),
        "{locations}"
    );

    let stats = server.get("/api/stats").json();
    assert!(stats["articles"].as_u64().unwrap() >= 12, "{stats}");
}

#[test]
fn every_documented_route_answers_and_others_are_404() {
    let (_dir, _index, server) = serving();
    let document = server.get("/api/openapi.json").json();
    let id = first_id(&server, "deal");
    let quote_id = first_quote_cluster(&server, "deal");
    for path in document["paths"].as_object().unwrap().keys() {
        let id = if path.starts_with("/api/quotes/") {
            &quote_id
        } else {
            &id
        };
        let concrete = path.replace("{field}", "speaker").replace("{id}", id);
        let response = server.get(&concrete);
        assert_eq!(response.status, 200, "{concrete}: {}", response.body);
    }
    let missing = server.get("/api/nothing");
    assert_eq!(missing.status, 404);
    assert_eq!(missing.json()["error"]["code"], "not_found");
    assert_eq!(server.get("/api/articles/0000").status, 404);
    assert_eq!(server.get("/api/facets/colour").status, 404);
}

#[test]
fn bad_requests_get_json_errors_with_their_status() {
    let (_dir, _index, server) = serving();
    let bad = server.get("/api/search?q=deal&limit=ten");
    assert_eq!(bad.status, 400);
    assert!(
        bad.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("limit=ten")
    );
    let too_deep = server.get("/api/search?q=deal&offset=999999999");
    assert_eq!(too_deep.status, 400, "{}", too_deep.body);
    let with_body = server.request("/api/search?q=deal", &[], Some("{}"));
    assert_eq!(with_body.status, 413);
    // Every response says what may run in a page.
    let page = server.get("/?q=deal");
    assert_eq!(
        page.header("content-security-policy"),
        Some("default-src 'self'")
    );
    assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(page.header("referrer-policy"), Some("no-referrer"));
}

#[test]
fn off_loopback_the_token_is_required() {
    let (_dir, _articles, index) = indexed();
    let refused = newsdex(&index, &["serve", "--bind", "0.0.0.0:0"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--token"));

    let server = Server::start(&index, &["--bind", "0.0.0.0:0", "--token", "s3cret"]);
    assert_eq!(server.get("/api/search?q=deal").status, 401);
    assert_eq!(server.get("/").status, 401);
    assert_eq!(server.get("/health").status, 200);
    // The login page works without the token, with its style and script.
    assert_eq!(server.get("/login").status, 200);
    assert_eq!(server.get("/static/app.js").status, 200);
    let bearer = server.request(
        "/api/search?q=deal",
        &[("Authorization", "Bearer s3cret")],
        None,
    );
    assert_eq!(bearer.status, 200);
    let wrong = server.request(
        "/api/search?q=deal",
        &[("Authorization", "Bearer nope")],
        None,
    );
    assert_eq!(wrong.status, 401);
    let login = server.get("/login?token=s3cret");
    assert_eq!(login.status, 303);
    let cookie = login
        .header("set-cookie")
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    assert_eq!(
        server.request("/", &[("Cookie", &cookie)], None).status,
        200
    );
}

#[test]
fn article_text_is_shown_as_text_on_every_page() {
    let (_dir, _index, server) = serving();
    let results = server.get("/?q=port+deal+signed");
    assert_eq!(results.status, 200);
    let quotes = server.get("/?q=sign+the+deal&quotes=1");
    let id = first_id(&server, "port+deal+signed");
    let article = server.get(&format!("/article/{id}"));
    assert_eq!(article.status, 200);
    for (page, body) in [
        ("results", &results.body),
        ("quotations", &quotes.body),
        ("article", &article.body),
    ] {
        assert!(!body.contains("<script>alert"), "{page}: {body}");
        assert!(!body.contains("<img src=x"), "{page}: {body}");
        assert!(!body.contains("<b>Sign"), "{page}: {body}");
    }
    assert!(
        article
            .body
            .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
    );
    assert!(article.body.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(results.body.contains("<mark>"), "{}", results.body);
}

#[test]
fn the_page_lists_hits_facets_and_a_timeline_with_links_that_filter() {
    let (_dir, _index, server) = serving();
    let page = server.get("/?q=understanding&quotes=1");
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("speaker=Vladimir+Putin"),
        "{}",
        page.body
    );
    let filtered = server.get("/?q=understanding&quotes=1&speaker=Vladimir+Putin");
    assert!(
        filtered.body.contains("class=\"chip\""),
        "{}",
        filtered.body
    );
    assert!(
        !filtered.body.contains(">Donald Trump</a>, in"),
        "{}",
        filtered.body
    );
    // The timeline's bars filter to their month; the filter shows as a chip.
    let articles = server.get("/?q=deal");
    let bar = articles
        .body
        .split("<section class=\"timeline\">")
        .nth(1)
        .and_then(|timeline| timeline.split("<a href=\"").nth(1))
        .and_then(|link| link.split('"').next())
        .unwrap_or_else(|| panic!("no timeline bar: {}", articles.body))
        .replace("&amp;", "&");
    assert!(bar.contains("since=") && bar.contains("until="), "{bar}");
    let month = server.get(&bar);
    assert!(month.body.contains("since: "), "{}", month.body);
    // An article's people and places search the index for them.
    let id = first_id(&server, "no+deal+until+there%27s+a+deal");
    let article = server.get(&format!("/article/{id}"));
    assert!(
        article.body.contains("person=Vladimir+Putin"),
        "{}",
        article.body
    );
    assert!(
        article.body.contains("United States › Alaska › Anchorage"),
        "{}",
        article.body
    );
    let home = server.get("/");
    assert!(home.body.contains("autofocus") && home.body.contains("articles,"));
    assert_eq!(server.get("/static/app.css").status, 200);
    assert_eq!(server.get("/static/app.js").status, 200);
}

#[test]
fn new_documents_are_found_without_a_restart() {
    let (_dir, articles, index) = indexed();
    let server = Server::start(&index, &["--bind", "127.0.0.1:0"]);
    assert_eq!(
        server.get("/api/search?q=zanzibarian+quokka").json()["total_hits"],
        0
    );
    std::fs::write(
        articles.join("late.txt"),
        "Late news\n\nA zanzibarian quokka was seen at the port, officials said.\n",
    )
    .unwrap();
    let output = newsdex(&index, &["index", articles.to_str().unwrap()]);
    assert!(output.status.success());
    let committed = Instant::now();
    loop {
        let hits = server.get("/api/search?q=zanzibarian+quokka").json()["total_hits"].clone();
        if hits == 1 {
            break;
        }
        assert!(
            committed.elapsed() < Duration::from_secs(10),
            "not found 10 s after the commit"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn sigterm_stops_the_server_cleanly() {
    let (_dir, _articles, index) = indexed();
    let mut server = Server::start(&index, &["--bind", "127.0.0.1:0"]);
    assert_eq!(server.get("/health").status, 200);
    let pid = server.child.id().to_string();
    let signalled = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(signalled.success());
    let asked = Instant::now();
    loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            assert!(status.success(), "{status}");
            break;
        }
        assert!(
            asked.elapsed() < Duration::from_secs(10),
            "still running 10 s after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}
