//! Golden fixtures shared by the golden tests: `tests/fixtures/NAME.gold.json`
//! with its article `NAME.txt`, kept in `tests/fixtures/` or, for the
//! reference article, in `corpus/` (one copy, which the demo indexes too).

// Each test crate uses a part of this module.
#![allow(dead_code)]

pub mod http;

use std::path::{Path, PathBuf};

use newsdex::article::text;
use newsdex::extract::{Extraction, extract};
use serde::de::DeserializeOwned;

/// Runs the `newsdex` binary with `args` and `--index INDEX`, without the
/// environment variables that would change what it does.
pub fn newsdex(index: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_newsdex"))
        .args(args)
        .arg("--index")
        .arg(index)
        .env_remove("NEWSDEX_INDEX")
        .env_remove("NEWSDEX_TOKEN")
        .output()
        .expect("run newsdex")
}

/// The project's root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Where the article of a fixture named `stem` is: beside its gold file, else in `corpus/`.
pub fn article_path(stem: &str) -> PathBuf {
    let beside = root().join(format!("tests/fixtures/{stem}.txt"));
    if beside.exists() {
        beside
    } else {
        root().join(format!("corpus/{stem}.txt"))
    }
}

/// Every gold file that `wanted` accepts, read as `G`, with its article's path,
/// in file-name order.
pub fn gold_pairs<G: DeserializeOwned>(wanted: impl Fn(&G) -> bool) -> Vec<(PathBuf, G)> {
    let dir = root().join("tests/fixtures");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut found = Vec::new();
    for name in names {
        let Some(stem) = name.strip_suffix(".gold.json") else {
            continue;
        };
        let text = std::fs::read_to_string(dir.join(&name)).unwrap();
        let gold: G = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        if wanted(&gold) {
            let article = article_path(stem);
            assert!(
                article.exists(),
                "{name} has no article {}",
                article.display()
            );
            found.push((article, gold));
        }
    }
    found
}

/// What newsdex extracts from a plain-text article.
pub fn extraction_of(path: &Path) -> Extraction {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    extract(&text::parse(&text))
}
