//! The page in a real browser: headless Chromium driven over WebDriver
//! (chromedriver), against `newsdex serve` on `corpus/`.
//!
//! Chromium and chromedriver come from Debian (`chromium`,
//! `chromium-driver`); `.ci/run` installs them when missing and sets
//! `NEWSDEX_REQUIRE_BROWSER=1`, so in CI a missing browser fails the test.
//! On a machine without them the test says so and passes, so that `cargo
//! test` works on a fresh machine. Screenshots at 375 and 1,280 px go to
//! `target/browser/`.

mod common;

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::http;
use serde_json::{Value, json};

const BIN: &str = env!("CARGO_BIN_EXE_newsdex");

/// A child process killed when dropped.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A free port on loopback.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A WebDriver session.
struct Browser {
    driver: String,
    session: String,
}

impl Browser {
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let body = body.map(|b| b.to_string());
        let response = http::request(
            &self.driver,
            method,
            &format!("/session/{}{path}", self.session),
            &[],
            body.as_deref()
                .or(if method == "POST" { Some("{}") } else { None }),
        );
        let value = response.json()["value"].clone();
        assert_eq!(response.status, 200, "{method} {path}: {value}");
        value
    }

    fn go(&self, url: &str) {
        self.call("POST", "/url", Some(json!({"url": url})));
    }

    fn find_all(&self, css: &str) -> Vec<String> {
        self.call(
            "POST",
            "/elements",
            Some(json!({"using": "css selector", "value": css})),
        )
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            e.as_object()
                .unwrap()
                .values()
                .next()
                .unwrap()
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
    }

    fn find(&self, css: &str) -> String {
        let found = self.find_all(css);
        assert!(!found.is_empty(), "nothing matches {css}");
        found[0].clone()
    }

    fn text(&self, element: &str) -> String {
        self.call("GET", &format!("/element/{element}/text"), None)
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    fn html(&self, element: &str) -> String {
        self.call(
            "GET",
            &format!("/element/{element}/property/innerHTML"),
            None,
        )
        .as_str()
        .unwrap_or("")
        .to_string()
    }

    fn click(&self, element: &str) {
        self.call("POST", &format!("/element/{element}/click"), None);
    }

    fn type_in(&self, element: &str, text: &str) {
        self.call(
            "POST",
            &format!("/element/{element}/value"),
            Some(json!({"text": text})),
        );
    }

    fn resize(&self, width: u32, height: u32) {
        self.call(
            "POST",
            "/window/rect",
            Some(json!({"width": width, "height": height})),
        );
    }

    fn screenshot(&self, to: &Path) {
        use base64::Engine;
        let data = self.call("GET", "/screenshot", None);
        let png = base64::engine::general_purpose::STANDARD
            .decode(data.as_str().unwrap())
            .unwrap();
        assert!(png.starts_with(b"\x89PNG"), "not a PNG");
        std::fs::write(to, png).unwrap();
    }
}

/// Where the screenshots go.
fn screenshots() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/browser");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_user_searches_filters_by_speaker_and_by_month_in_chromium() {
    let required = std::env::var_os("NEWSDEX_REQUIRE_BROWSER").is_some();
    let have = |program: &str| {
        Command::new(program)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !have("chromedriver") || !have("chromium") {
        assert!(!required, "chromium and chromedriver are required here");
        eprintln!("browser test skipped: install chromium and chromium-driver to run it");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let indexed = Command::new(BIN)
        .args(["index", corpus.to_str().unwrap(), "--index"])
        .arg(&index)
        .output()
        .unwrap();
    assert!(indexed.status.success());
    let mut server = Command::new(BIN)
        .args(["serve", "--quiet", "--bind", "127.0.0.1:0", "--index"])
        .arg(&index)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let _server = Running(server);
    let site = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap()
        .trim_end_matches('/')
        .to_string();

    let port = free_port();
    let _driver = Running(
        Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let driver = format!("127.0.0.1:{port}");
    let started = Instant::now();
    while std::net::TcpStream::connect(&driver).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "chromedriver did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let profile = tempfile::tempdir().unwrap();
    let capabilities = json!({"capabilities": {"alwaysMatch": {
        "browserName": "chrome",
        "goog:chromeOptions": {"binary": "/usr/bin/chromium", "args": [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            format!("--user-data-dir={}", profile.path().display()),
        ]}
    }}});
    let created = http::request(
        &driver,
        "POST",
        "/session",
        &[],
        Some(&capabilities.to_string()),
    );
    assert_eq!(created.status, 200, "{}", created.body);
    let browser = Browser {
        driver: driver.clone(),
        session: created.json()["value"]["sessionId"]
            .as_str()
            .unwrap()
            .to_string(),
    };
    browser.resize(1280, 900);

    // A pasted quotation finds the Alaska article first, its words marked.
    browser.go(&format!("{site}/"));
    let box_ = browser.find("#q");
    browser.type_in(&box_, "no deal until there's a deal\n");
    let first = browser.find("li.hit");
    assert!(
        browser.text(&first).contains("Great Progress"),
        "{}",
        browser.text(&first)
    );
    assert!(browser.html(&first).contains("<mark>"));
    browser.screenshot(&screenshots().join("results-1280.png"));
    browser.resize(375, 800);
    browser.screenshot(&screenshots().join("results-375.png"));
    browser.resize(1280, 900);

    // Quotations, then Vladimir Putin's alone from the speaker facet.
    browser.go(&format!("{site}/?q=understanding&quotes=1"));
    let putin = browser
        .find_all(".facet a")
        .into_iter()
        .find(|link| browser.text(link) == "Vladimir Putin")
        .expect("Vladimir Putin in the speaker facet");
    browser.click(&putin);
    let speakers = browser.find_all("li.hit .speaker");
    assert!(!speakers.is_empty());
    for speaker in speakers {
        assert_eq!(browser.text(&speaker), "Vladimir Putin");
    }

    // A month of the timeline becomes a filter chip.
    browser.go(&format!("{site}/?q=deal"));
    let bar = browser.find(".timeline a");
    browser.click(&bar);
    let chips: Vec<String> = browser
        .find_all(".chip")
        .iter()
        .map(|chip| browser.text(chip))
        .collect();
    assert!(chips.iter().any(|c| c.starts_with("since")), "{chips:?}");
    browser.screenshot(&screenshots().join("timeline-1280.png"));
    let _ = http::request(
        &driver,
        "DELETE",
        &format!("/session/{}", browser.session),
        &[],
        None,
    );
}
