//! The Markdown reader: front matter, `#` headline, `##` sub-headings.
//!
//! YAML (`---`) or TOML (`+++`) front matter gives the title, date, author,
//! section or category, and source; simple `key: value` / `key = value` lines
//! are all it needs, so no YAML parser is pulled in. Without a title there, the
//! first `#` heading is the headline. Inline markup (emphasis, links, code) is
//! reduced to its text.

use super::{Article, Section, boilerplate, date};

/// Parses a Markdown article.
pub fn parse(text: &str) -> Article {
    let (front, body) = split_front_matter(text);
    let mut article = Article::default();
    for (key, value) in front {
        match key.to_lowercase().as_str() {
            "title" | "headline" => article.headline = value,
            "date" | "published" | "pubdate" | "publish_date" => {
                article.published = date::parse(&value)
            }
            "author" | "authors" | "byline" => article.byline = Some(value),
            "section" | "category" | "categories" => article.category = Some(value),
            "source" | "site" | "publisher" => article.source = Some(value),
            _ => {}
        }
    }
    let mut current = Section::default();
    let mut paragraph: Vec<String> = Vec::new();
    let flush = |paragraph: &mut Vec<String>, current: &mut Section| {
        if !paragraph.is_empty() {
            current.paragraphs.push(paragraph.join(" "));
            paragraph.clear();
        }
    };
    for line in body.lines() {
        let trimmed = line.trim();
        let level = trimmed.chars().take_while(|&c| c == '#').count();
        if (1..=6).contains(&level) && trimmed[level..].starts_with(' ') {
            flush(&mut paragraph, &mut current);
            let title = inline_text(trimmed[level..].trim());
            if level == 1 && article.headline.is_empty() {
                article.headline = title;
            } else {
                if current.title.is_some() || !current.paragraphs.is_empty() {
                    article.sections.push(std::mem::take(&mut current));
                }
                current.title = Some(title);
            }
            continue;
        }
        if trimmed.is_empty() || trimmed.chars().all(|c| "-*_=".contains(c)) {
            flush(&mut paragraph, &mut current);
            continue;
        }
        let content = trimmed
            .trim_start_matches(['>', '-', '*', '+'])
            .trim_start();
        paragraph.push(inline_text(content));
    }
    flush(&mut paragraph, &mut current);
    if current.title.is_some() || !current.paragraphs.is_empty() {
        article.sections.push(current);
    }
    // Drop page furniture as the plain-text reader does.
    for section in &mut article.sections {
        section
            .paragraphs
            .retain(|p| boilerplate::classify(p) == boilerplate::Boilerplate::None);
    }
    article
}

/// Front matter `key: value` pairs and the rest of the text.
fn split_front_matter(text: &str) -> (Vec<(String, String)>, &str) {
    let text = text.trim_start_matches('\u{feff}');
    for fence in ["---", "+++"] {
        let Some(rest) = text.strip_prefix(fence).and_then(|r| r.strip_prefix('\n')) else {
            continue;
        };
        let Some(end) = rest.find(&format!("\n{fence}")) else {
            continue;
        };
        let pairs = rest[..end]
            .lines()
            .filter_map(|line| {
                let (key, value) = line.split_once(':').or_else(|| line.split_once('='))?;
                let value = value.trim().trim_matches(['"', '\'', '[', ']']).trim();
                (!key.trim().is_empty() && !value.is_empty())
                    .then(|| (key.trim().to_string(), value.to_string()))
            })
            .collect();
        let after = &rest[end + 1 + fence.len()..];
        return (pairs, after);
    }
    (Vec::new(), text)
}

/// `**bold**`, `_em_`, `` `code` `` and `[text](url)` reduced to their text.
fn inline_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find("](").map(|c| open + c) else {
            break;
        };
        let Some(end) = rest[close..].find(')').map(|e| close + e) else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push_str(&rest[open + 1..close]);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out.replace("**", "").replace("__", "").replace('`', "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_headings_and_links() {
        let article = parse(
            "---\ntitle: \"Talks Resume\"\ndate: 2025-08-15\nauthor: Jane Doe\ncategory: politics\n---\n\
             Talks resumed in [Geneva](https://example.org) on **Friday**.\n\n## Next Steps\n\n\
             More talks are planned.\n",
        );
        assert_eq!(article.headline, "Talks Resume");
        assert_eq!(article.byline.as_deref(), Some("Jane Doe"));
        assert_eq!(article.category.as_deref(), Some("politics"));
        assert_eq!(article.published.unwrap().date().to_string(), "2025-08-15");
        assert_eq!(
            article.sections[0].paragraphs,
            ["Talks resumed in Geneva on Friday."]
        );
        assert_eq!(article.sections[1].title.as_deref(), Some("Next Steps"));
    }

    #[test]
    fn a_hash_heading_is_the_headline_without_front_matter() {
        let article = parse("# Big News\n\nFirst line\nwrapped here.\n");
        assert_eq!(article.headline, "Big News");
        assert_eq!(article.sections[0].paragraphs, ["First line wrapped here."]);
    }
}
