//! Rendering results for people: hits, articles, summaries.

use std::collections::BTreeMap;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use newsdex::extract::batch::ExtractStats;
use newsdex::extract::record::Record;
use newsdex::index::IndexStats;
use newsdex::search::facets::{FacetCount, FacetCounts};
use newsdex::search::results::{ClusterSummary, QuoteCluster, SearchResults, Snippet};
use newsdex::search::stats::IndexSummary;
use newsdex::search::stored::StoredArticle;

/// How to mark highlighted words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// ANSI bold, for a terminal.
    Bold,
    /// No marks at all, for pipes and `NO_COLOR`.
    Plain,
}

impl Style {
    /// Bold on a terminal, plain when stdout is piped or `NO_COLOR` is set.
    pub fn for_stdout() -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        if io::stdout().is_terminal() && !no_color {
            Style::Bold
        } else {
            Style::Plain
        }
    }
}

/// A path as the user would type it: relative to the working folder when inside it.
pub fn display_path(path: &str) -> String {
    let path = Path::new(path);
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
        .display()
        .to_string()
}

/// Writes the page of hits.
pub fn hits(out: &mut impl Write, results: &SearchResults, style: Style) -> io::Result<()> {
    for hit in &results.hits {
        if hit.quote.is_some() {
            let speaker = hit.speaker.as_deref().unwrap_or("unknown speaker");
            writeln!(
                out,
                "{}. “{}”  [{:.2}]",
                hit.rank,
                highlighted(&hit.snippet, style),
                hit.score
            )?;
            let mut facts = vec![format!("— {speaker}")];
            if let Some(mention) = hit.mention.as_deref().filter(|m| *m != speaker) {
                facts[0].push_str(&format!(" (as “{mention}”)"));
            }
            facts.push(hit.headline.clone());
            facts.extend(hit.section.as_ref().map(|s| format!("§ {s}")));
            writeln!(out, "   {}", facts.join(" · "))?;
            let mut place = vec![display_path(&hit.path)];
            place.extend(hit.source.clone());
            place.extend(
                hit.published
                    .as_ref()
                    .map(|d| d.get(..10).unwrap_or(d).to_string()),
            );
            writeln!(out, "   {}", place.join(" · "))?;
            if let Some(cluster) = &hit.cluster {
                writeln!(out, "   {}", cluster_line(cluster))?;
            }
            writeln!(out)?;
            continue;
        }
        writeln!(out, "{}. {}  [{:.2}]", hit.rank, hit.headline, hit.score)?;
        let mut facts = vec![display_path(&hit.path)];
        facts.extend(hit.source.clone());
        facts.extend(hit.section.as_ref().map(|s| format!("§ {s}")));
        facts.extend(
            hit.published
                .as_ref()
                .map(|d| d.get(..10).unwrap_or(d).to_string()),
        );
        writeln!(out, "   {}", facts.join(" · "))?;
        writeln!(out, "   {}", highlighted(&hit.snippet, style))?;
        writeln!(out, "   id {}", hit.id)?;
        writeln!(out)?;
    }
    Ok(())
}

/// How far a grouped quotation travelled, in one line: the articles and
/// publications carrying it, the first, the speakers when they disagree,
/// and the id `newsdex quote` lists it by.
fn cluster_line(cluster: &ClusterSummary) -> String {
    let mut parts = Vec::new();
    if cluster.occurrences > 1 {
        parts.push(format!(
            "in {} articles from {} sources",
            cluster.occurrences, cluster.sources
        ));
        let first = &cluster.first_seen;
        let mut seen = vec![];
        seen.extend(
            first
                .published
                .as_ref()
                .map(|d| d.get(..10).unwrap_or(d).to_string()),
        );
        seen.extend(first.source.clone());
        if seen.is_empty() {
            seen.push(display_path(&first.path));
        }
        parts.push(format!("first {}", seen.join(", ")));
    }
    if cluster.speakers.len() > 1 {
        let named: Vec<String> = cluster
            .speakers
            .iter()
            .map(|s| format!("{} ×{}", s.value.as_deref().unwrap_or("?"), s.count))
            .collect();
        parts.push(format!("said by {}", named.join(", ")));
    }
    parts.push(format!("quote {}", cluster.id));
    parts.join(" · ")
}

/// Writes every occurrence of a quotation, earliest first, each article's
/// changed words marked.
pub fn quote_cluster(out: &mut impl Write, cluster: &QuoteCluster, style: Style) -> io::Result<()> {
    writeln!(out, "“{}”", cluster.wording)?;
    let speakers: Vec<String> = cluster
        .speakers
        .iter()
        .map(|s| format!("{} ×{}", s.value.as_deref().unwrap_or("?"), s.count))
        .collect();
    let speakers = if speakers.is_empty() {
        "no speaker named".to_string()
    } else {
        speakers.join(", ")
    };
    writeln!(
        out,
        "{} occurrences · {speakers} · quote {}\n",
        cluster.occurrences.len(),
        cluster.id
    )?;
    for (i, occurrence) in cluster.occurrences.iter().enumerate() {
        let date = occurrence
            .published
            .as_ref()
            .map(|d| d.get(..10).unwrap_or(d).to_string())
            .unwrap_or_else(|| "undated".into());
        let source = occurrence.source.as_deref().unwrap_or("no source");
        writeln!(
            out,
            "{}. {date} · {source} · {}",
            i + 1,
            occurrence.headline
        )?;
        let snippet = Snippet {
            text: occurrence.quote.clone(),
            highlights: occurrence.differences.clone(),
        };
        writeln!(out, "   “{}”", highlighted(&snippet, style))?;
        let speaker = occurrence.speaker.as_deref().unwrap_or("unknown speaker");
        let mut named = format!("— {speaker}");
        if let Some(mention) = occurrence.mention.as_deref().filter(|m| *m != speaker) {
            named.push_str(&format!(" (as “{mention}”)"));
        }
        writeln!(out, "   {named} · {}", display_path(&occurrence.path))?;
        writeln!(out)?;
    }
    Ok(())
}

/// Writes facet counts as a table with bars.
pub fn facets(out: &mut impl Write, facets: &FacetCounts) -> io::Result<()> {
    const BAR_WIDTH: u64 = 30;
    for (name, counts) in facets {
        writeln!(out, "{name}:")?;
        let width = counts
            .iter()
            .map(|c| facet_label(c).chars().count())
            .max()
            .unwrap_or(0)
            .min(48);
        let most = counts.iter().map(|c| c.count).max().unwrap_or(1).max(1);
        for count in counts {
            let bar = "█".repeat(((count.count * BAR_WIDTH).div_ceil(most)) as usize);
            let label: String = facet_label(count).chars().take(48).collect();
            writeln!(out, "  {label:<width$}  {:>6}  {bar}", count.count)?;
        }
        if counts.is_empty() {
            writeln!(out, "  (none)")?;
        }
    }
    Ok(())
}

fn facet_label(count: &FacetCount) -> &str {
    count
        .value
        .as_deref()
        .or(count.path.as_deref())
        .unwrap_or_default()
}

/// Writes the "hits N-M of T" line.
pub fn hits_footer(out: &mut impl Write, results: &SearchResults) -> io::Result<()> {
    let first = results.hits.first().map_or(0, |h| h.rank);
    let last = results.hits.last().map_or(0, |h| h.rank);
    if results.total_hits == 0 {
        writeln!(out, "no hits ({:.1} ms)", results.took_ms)
    } else {
        writeln!(
            out,
            "hits {first}-{last} of {} ({:.1} ms)",
            results.total_hits, results.took_ms
        )
    }
}

/// A snippet with its highlights marked, on one line.
fn highlighted(snippet: &Snippet, style: Style) -> String {
    let mut out = String::new();
    let mut at = 0;
    for [start, end] in &snippet.highlights {
        let (Some(before), Some(word)) =
            (snippet.text.get(at..*start), snippet.text.get(*start..*end))
        else {
            continue;
        };
        out.push_str(before);
        match style {
            Style::Bold => {
                out.push_str("\x1b[1m");
                out.push_str(word);
                out.push_str("\x1b[0m");
            }
            Style::Plain => out.push_str(word),
        }
        at = *end;
    }
    out.push_str(snippet.text.get(at..).unwrap_or_default());
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Writes one article as indexed.
pub fn article(out: &mut impl Write, article: &StoredArticle) -> io::Result<()> {
    writeln!(out, "{}", article.headline)?;
    let facts = [
        ("source", &article.source),
        ("by", &article.byline),
        ("dateline", &article.dateline),
        ("published", &article.published),
    ];
    for (label, value) in facts {
        if let Some(value) = value {
            writeln!(out, "{label}: {value}")?;
        }
    }
    writeln!(out, "id: {}", article.id)?;
    writeln!(out, "path: {}", display_path(&article.path))?;
    for section in &article.sections {
        writeln!(out)?;
        if let Some(title) = &section.title {
            writeln!(out, "## {title}")?;
            writeln!(out)?;
        }
        for (i, paragraph) in section.paragraphs.iter().enumerate() {
            if i > 0 {
                writeln!(out)?;
            }
            writeln!(out, "{paragraph}")?;
        }
    }
    Ok(())
}

/// Writes the summary of an index.
pub fn summary(out: &mut impl Write, summary: &IndexSummary) -> io::Result<()> {
    writeln!(out, "index:          {}", summary.path)?;
    writeln!(out, "articles:       {}", summary.articles)?;
    writeln!(out, "quotes:         {}", summary.quotes)?;
    writeln!(out, "size on disk:   {}", human_bytes(summary.size_bytes))?;
    writeln!(out, "segments:       {}", summary.segments)?;
    writeln!(out, "schema version: {}", summary.schema_version)?;
    let clusters = &summary.quotation_clusters;
    writeln!(
        out,
        "quotations carried by several articles: {} in {} clusters (largest: {})",
        clusters.quotations,
        clusters.clusters,
        clusters
            .largest
            .iter()
            .map(usize::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    )?;
    writeln!(out, "fields:")?;
    for field in &summary.fields {
        let mut notes = Vec::new();
        if field.indexed {
            notes.push("indexed");
        }
        if field.fast {
            notes.push("fast");
        }
        if field.stored {
            notes.push("stored");
        }
        if field.default_search {
            notes.push("searched by default");
        }
        writeln!(
            out,
            "  {:<14} {:<12} {}",
            field.name,
            field.field_type,
            notes.join(", ")
        )?;
    }
    Ok(())
}

/// Writes what an indexing run did.
pub fn index_summary(out: &mut impl Write, stats: &IndexStats) -> io::Result<()> {
    writeln!(
        out,
        "indexed {} articles and {} quotations ({}) in {:.2} s, {:.1} MB/s",
        stats.articles_indexed,
        stats.quotes_indexed,
        human_bytes(stats.bytes_read),
        stats.elapsed.as_secs_f64(),
        stats.megabytes_per_second()
    )?;
    writeln!(
        out,
        "files: {} new, {} changed, {} unchanged, {} removed",
        stats.files_new, stats.files_changed, stats.files_unchanged, stats.files_removed
    )?;
    if let Some((segments, took)) = stats.merged {
        writeln!(
            out,
            "merged {segments} segments into one in {:.2} s",
            took.as_secs_f64()
        )?;
    }
    if let Some(why) = &stats.merge_failed {
        writeln!(
            out,
            "warning: the index is committed and searchable, but merging its segments \
             failed ({why}); searches are slower until a later run merges them \
             (free disk space: a merge needs room for a second copy)"
        )?;
    }
    skipped(out, &stats.skipped)?;
    decoded_as_windows_1252(out, &stats.decoded_as_windows_1252)
}

/// Writes what was extracted from one article.
pub fn extraction(out: &mut impl Write, record: &Record) -> io::Result<()> {
    writeln!(out, "{}", record.headline)?;
    writeln!(out, "{}", record.path)?;
    writeln!(out, "\nquotations:")?;
    for quote in record.quotes {
        let speaker = quote.speaker.as_deref().unwrap_or("(no speaker)");
        let how = match (&quote.mention, &quote.cue) {
            (Some(mention), Some(cue)) => format!(" ({mention} {cue})"),
            (Some(mention), None) => format!(" ({mention})"),
            _ => String::new(),
        };
        writeln!(out, "  {speaker}{how}: “{}”", quote.text)?;
    }
    writeln!(out, "\npeople:")?;
    for name in &record.people {
        let mentions = record.mentions.get(name).copied().unwrap_or_default();
        match record.roles.get(name) {
            Some(role) => writeln!(out, "  {name} ({role}), {mentions}×")?,
            None => writeln!(out, "  {name}, {mentions}×")?,
        }
    }
    writeln!(out, "\nplaces:")?;
    for place in &record.locations {
        writeln!(out, "  {}, {}×", place.path, place.mentions)?;
    }
    Ok(())
}

/// Writes what a batch extraction went through.
pub fn extract_summary(out: &mut impl Write, stats: &ExtractStats) -> io::Result<()> {
    writeln!(
        out,
        "extracted {} articles from {} files",
        stats.articles, stats.files_read
    )?;
    skipped(out, &stats.skipped)?;
    decoded_as_windows_1252(out, &stats.decoded_as_windows_1252)
}

/// Writes the files skipped, grouped by reason, one example each.
fn skipped(out: &mut impl Write, skipped: &BTreeMap<String, Vec<PathBuf>>) -> io::Result<()> {
    let count: usize = skipped.values().map(Vec::len).sum();
    if count > 0 {
        writeln!(out, "skipped {count} files:")?;
        for (why, paths) in skipped {
            let example = paths
                .first()
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            writeln!(out, "  {:>6}  {why} (e.g. {example})", paths.len())?;
        }
    }
    Ok(())
}

/// Writes the note on files read as Windows-1252.
fn decoded_as_windows_1252(out: &mut impl Write, files: &[PathBuf]) -> io::Result<()> {
    if let Some(first) = files.first() {
        writeln!(
            out,
            "note: {} files were not UTF-8 and were read as Windows-1252 (e.g. {})",
            files.len(),
            first.display()
        )?;
    }
    Ok(())
}

fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KB", "MB", "GB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_summary_says_whether_the_run_merged_or_failed_to() {
        let summary = |stats: &IndexStats| {
            let mut out = Vec::new();
            index_summary(&mut out, stats).unwrap();
            String::from_utf8(out).unwrap()
        };
        let plain = summary(&IndexStats::default());
        assert!(!plain.contains("merg"), "{plain}");
        let merged = summary(&IndexStats {
            merged: Some((7, std::time::Duration::from_millis(8630))),
            ..IndexStats::default()
        });
        assert!(
            merged.contains("merged 7 segments into one in 8.63 s"),
            "{merged}"
        );
        let failed = summary(&IndexStats {
            merge_failed: Some("No space left on device".into()),
            ..IndexStats::default()
        });
        assert!(
            failed.contains("committed and searchable")
                && failed.contains("No space left on device"),
            "{failed}"
        );
    }

    #[test]
    fn highlights_are_bold_only_in_bold_style() {
        let snippet = Snippet {
            text: "no deal until".into(),
            highlights: vec![[3, 7]],
        };
        assert_eq!(highlighted(&snippet, Style::Plain), "no deal until");
        assert_eq!(
            highlighted(&snippet, Style::Bold),
            "no \x1b[1mdeal\x1b[0m until"
        );
    }

    #[test]
    fn human_bytes_table() {
        assert_eq!(human_bytes(999), "999 B");
        assert_eq!(human_bytes(1_500), "1.5 KB");
        assert_eq!(human_bytes(2_000_000), "2.0 MB");
    }
}
