//! The search page: server-rendered HTML that works without JavaScript.
//!
//! Every view is a GET URL with the same parameters as the API ([`Params`]),
//! so it can be bookmarked and shared. Every text from an article goes
//! through [`esc`]. Style and script are the server's own files
//! (`/static/app.css`, `/static/app.js`), embedded in the binary: the
//! Content-Security-Policy forbids anything inline or from elsewhere.

use std::fmt::Write as _;
use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

use super::params::{FILTER_NAMES, Params};
use super::{AppState, TOKEN_COOKIE};
use crate::search::{ClusterSummary, FacetCount, FacetField, Hit, SearchResults};

const STYLESHEET: &str = include_str!("app.css");
const SCRIPT: &str = include_str!("app.js");

/// How many months the timeline shows at most.
const TIMELINE_MONTHS: usize = 240;

/// Escapes text for HTML, in element content and in quoted attributes.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A whole page around `main`.
fn layout(title: &str, main: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} · newsdex</title><link rel=\"stylesheet\" href=\"/static/app.css\">\
         <script src=\"/static/app.js\" defer></script></head><body>\
         <header><a class=\"brand\" href=\"/\">newsdex</a></header>{main}</body></html>",
        esc(title)
    )
}

/// The search form, filled with the current query.
fn search_form(params: &Params) -> String {
    let quotes = params.quotes();
    let mut hidden = String::new();
    for name in FILTER_NAMES {
        if let Some(value) = params.get(name) {
            let _ = write!(
                hidden,
                "<input type=\"hidden\" name=\"{name}\" value=\"{}\">",
                esc(value)
            );
        }
    }
    format!(
        "<form class=\"search\" action=\"/\" method=\"get\" role=\"search\">\
         <label for=\"q\">Search the news</label>\
         <input id=\"q\" name=\"q\" type=\"search\" value=\"{}\" autofocus \
         placeholder=\"Paste a quote, or words, or speaker:putin\">\
         <fieldset><legend>Show</legend>\
         <label><input type=\"radio\" name=\"quotes\" value=\"0\"{}> Articles</label>\
         <label><input type=\"radio\" name=\"quotes\" value=\"1\"{}> Quotations</label>\
         </fieldset>{hidden}<button type=\"submit\">Search</button></form>",
        esc(params.get("q").unwrap_or("")),
        if quotes { "" } else { " checked" },
        if quotes { " checked" } else { "" },
    )
}

/// The query string of a link with these parameters.
fn query_of(pairs: &[(&str, &str)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

/// A snippet with its highlighted words in `<mark>`.
fn marked(text: &str, highlights: &[[usize; 2]]) -> String {
    let mut out = String::new();
    let mut at = 0;
    for &[start, end] in highlights {
        if start < at || end > text.len() || start > end {
            continue;
        }
        let (Some(before), Some(inside)) = (text.get(at..start), text.get(start..end)) else {
            continue;
        };
        out.push_str(&esc(before));
        let _ = write!(out, "<mark>{}</mark>", esc(inside));
        at = end;
    }
    out.push_str(&esc(text.get(at..).unwrap_or("")));
    out
}

/// One hit as a list item.
fn hit_item(params: &Params, hit: &Hit) -> String {
    let snippet = marked(&hit.snippet.text, &hit.snippet.highlights);
    let article_link = format!(
        "<a href=\"/article/{}\">{}</a>",
        esc(&hit.id),
        esc(if hit.headline.is_empty() {
            "(no headline)"
        } else {
            &hit.headline
        })
    );
    let mut meta = Vec::new();
    let published = hit.published.as_deref().map(day_of);
    for value in [hit.source.as_deref(), published, hit.section.as_deref()]
        .into_iter()
        .flatten()
    {
        meta.push(esc(value));
    }
    if hit.kind == "quote" {
        let speaker = match &hit.speaker {
            Some(name) => format!(
                "<a class=\"speaker\" href=\"/?{}\">{}</a>",
                esc(&params.with("speaker", Some(name))),
                esc(name)
            ),
            None => "<span class=\"speaker unknown\">speaker unknown</span>".into(),
        };
        let named = hit
            .mention
            .as_ref()
            .map(|m| format!(" <span class=\"mention\">(named as “{}”)</span>", esc(m)))
            .unwrap_or_default();
        let travelled = hit.cluster.as_ref().map(cluster_line).unwrap_or_default();
        format!(
            "<li class=\"hit quote\"><blockquote>{snippet}</blockquote>\
             <p>— {speaker}{named}, in {article_link}</p><p class=\"meta\">{}</p>{travelled}</li>",
            meta.join(" · ")
        )
    } else {
        format!(
            "<li class=\"hit\"><h3>{article_link}</h3><p class=\"meta\">{}</p><p>{snippet}</p></li>",
            meta.join(" · ")
        )
    }
}

/// How far a grouped quotation travelled, linked to its every occurrence.
fn cluster_line(cluster: &ClusterSummary) -> String {
    let mut parts = Vec::new();
    if cluster.occurrences > 1 {
        let first = &cluster.first_seen;
        let seen: Vec<&str> = [
            first.published.as_deref().map(day_of),
            first.source.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect();
        parts.push(format!(
            "in {} articles from {} sources{}",
            cluster.occurrences,
            cluster.sources,
            if seen.is_empty() {
                String::new()
            } else {
                format!(", first {}", esc(&seen.join(", ")))
            }
        ));
    }
    if cluster.speakers.len() > 1 {
        let named: Vec<String> = cluster
            .speakers
            .iter()
            .map(|s| format!("{} ×{}", esc(s.value.as_deref().unwrap_or("?")), s.count))
            .collect();
        parts.push(format!("said by {}", named.join(", ")));
    }
    let label = if cluster.occurrences > 1 {
        "every occurrence"
    } else {
        "the occurrence"
    };
    parts.push(format!(
        "<a href=\"/quote/{}\">{label}</a>",
        esc(&cluster.id)
    ));
    format!("<p class=\"cluster\">{}</p>", parts.join(" · "))
}

/// The day of an RFC 3339 date, as people read it: `2025-05-14`.
fn day_of(date: &str) -> &str {
    date.get(..10).unwrap_or(date)
}

/// The facet to count for places: countries, or the places inside the
/// location filtered on.
fn location_facet(params: &Params) -> FacetField {
    match params.get("location").filter(|l| l.starts_with('/')) {
        Some(path) => FacetField::Location {
            under: path.to_string(),
        },
        None => FacetField::Location { under: "/".into() },
    }
}

/// A facet's values as links that filter on them.
fn facet_list(params: &Params, title: &str, filter: &str, counts: &[FacetCount]) -> String {
    if counts.is_empty() {
        return String::new();
    }
    let mut items = String::new();
    for count in counts {
        let value = count
            .value
            .as_deref()
            .or(count.path.as_deref())
            .unwrap_or("");
        let label = value.rsplit('/').next().unwrap_or(value);
        let _ = write!(
            items,
            "<li><a href=\"/?{}\">{}</a> <span class=\"count\">{}</span></li>",
            esc(&params.with(filter, Some(value))),
            esc(label),
            count.count
        );
    }
    format!("<section class=\"facet\"><h2>{title}</h2><ul>{items}</ul></section>")
}

/// The active filters as chips that remove themselves.
fn chips(params: &Params) -> String {
    let mut out = String::new();
    for name in FILTER_NAMES {
        if let Some(value) = params.get(name) {
            let _ = write!(
                out,
                "<a class=\"chip\" href=\"/?{}\" aria-label=\"Remove the {name} filter\">\
                 {name}: {} ✕</a>",
                esc(&params.with(name, None)),
                esc(value)
            );
        }
    }
    if out.is_empty() {
        out
    } else {
        format!("<nav class=\"chips\" aria-label=\"Active filters\">{out}</nav>")
    }
}

/// The place filtered on as a breadcrumb: `United States › Alaska`.
fn breadcrumb(params: &Params) -> String {
    let Some(path) = params.get("location").filter(|l| l.starts_with('/')) else {
        return String::new();
    };
    let mut out = format!(
        "<nav class=\"crumbs\" aria-label=\"Place\"><a href=\"/?{}\">All places</a>",
        esc(&params.with("location", None))
    );
    let mut so_far = String::new();
    for part in path.split('/').filter(|p| !p.is_empty()) {
        so_far.push('/');
        so_far.push_str(part);
        let _ = write!(
            out,
            " › <a href=\"/?{}\">{}</a>",
            esc(&params.with("location", Some(&so_far))),
            esc(part)
        );
    }
    out.push_str("</nav>");
    out
}

/// The last day of a `YYYY-MM` month, as `YYYY-MM-DD`.
fn month_bounds(month: &str) -> Option<(String, String)> {
    let (year, number) = month.split_once('-')?;
    let (year, number): (i32, u8) = (year.parse().ok()?, number.parse().ok()?);
    let month_of = time::Month::try_from(number).ok()?;
    let days = month_of.length(year);
    Some((
        format!("{year:04}-{number:02}-01"),
        format!("{year:04}-{number:02}-{days:02}"),
    ))
}

/// The month facet as a bar chart; each bar filters to its month.
fn timeline(params: &Params, months: &[FacetCount]) -> String {
    if months.is_empty() {
        return String::new();
    }
    let months = &months[months.len().saturating_sub(TIMELINE_MONTHS)..];
    let most = months.iter().map(|m| m.count).max().unwrap_or(1).max(1) as f64;
    let width = 12;
    let height = 60.0;
    let mut bars = String::new();
    for (i, month) in months.iter().enumerate() {
        let Some(label) = month.value.as_deref() else {
            continue;
        };
        let Some((since, until)) = month_bounds(label) else {
            continue;
        };
        let bar = (month.count as f64 / most * height).max(1.0);
        let query = params.with_all(&[("since", &since), ("until", &until)]);
        let _ = write!(
            bars,
            "<a href=\"/?{}\"><rect x=\"{}\" y=\"{:.1}\" width=\"{}\" height=\"{bar:.1}\">\
             <title>{}: {}</title></rect></a>",
            esc(&query),
            i * width,
            height - bar,
            width - 2,
            esc(label),
            month.count
        );
    }
    let first = months
        .first()
        .and_then(|m| m.value.as_deref())
        .unwrap_or("");
    let last = months.last().and_then(|m| m.value.as_deref()).unwrap_or("");
    format!(
        "<section class=\"timeline\"><h2>By month</h2><svg role=\"img\" aria-label=\"Matches by month\" \
         viewBox=\"0 0 {} {height}\" preserveAspectRatio=\"none\">{bars}</svg>\
         <p class=\"range\"><span>{}</span><span>{}</span></p></section>",
        months.len() * width,
        esc(first),
        esc(last)
    )
}

/// Previous and next page links.
fn pagination(params: &Params, results: &SearchResults, offset: usize, limit: usize) -> String {
    let mut out = String::new();
    if offset > 0 {
        let _ = write!(
            out,
            "<a rel=\"prev\" href=\"/?{}\">← Previous</a>",
            esc(&params.at_offset(offset.saturating_sub(limit)))
        );
    }
    if offset + results.hits.len() < results.total_hits {
        let _ = write!(
            out,
            "<a rel=\"next\" href=\"/?{}\">Next →</a>",
            esc(&params.at_offset(offset + limit))
        );
    }
    format!("<nav class=\"pages\" aria-label=\"Pages\">{out}</nav>")
}

/// `GET /`: the search box, and the results with their facets when asked.
pub async fn home(State(state): State<Arc<AppState>>, RawQuery(query): RawQuery) -> Response {
    let params = Params::parse(query.as_deref());
    let (articles, quotes) = match state.run(|searcher| searcher.document_counts()).await {
        Ok(counts) => counts,
        Err(err) => return error_page(err.status(), err.message()),
    };
    let asked = params.get("q").is_some() || FILTER_NAMES.iter().any(|n| params.get(n).is_some());
    let mut main = format!(
        "<main><h1 class=\"visually-hidden\">Search</h1>{}<p class=\"summary\">{} articles, {} quotations indexed.</p>",
        search_form(&params),
        articles,
        quotes
    );
    if asked {
        let facets = [
            FacetField::Speaker,
            FacetField::People,
            location_facet(&params),
            FacetField::Source,
            FacetField::Section,
        ];
        let request = params.request(&facets).map(|mut request| {
            request.facets.push((FacetField::Month, TIMELINE_MONTHS));
            request
        });
        let request = match request {
            Ok(request) => request,
            Err(err) => return error_page(StatusCode::BAD_REQUEST, &err.to_string()),
        };
        let (offset, limit) = (request.offset, request.limit);
        let results = match state.run(move |searcher| searcher.search(&request)).await {
            Ok(results) => results,
            Err(err) => return error_page(err.status(), err.message()),
        };
        let facet = |key: &str| results.facets.get(key).map(Vec::as_slice).unwrap_or(&[]);
        let location_key = location_facet(&params).key();
        let mut side = String::new();
        side.push_str(&facet_list(&params, "Speaker", "speaker", facet("speaker")));
        side.push_str(&facet_list(&params, "People", "person", facet("people")));
        side.push_str(&facet_list(
            &params,
            "Place",
            "location",
            facet(&location_key),
        ));
        side.push_str(&facet_list(&params, "Source", "source", facet("source")));
        side.push_str(&facet_list(&params, "Section", "section", facet("section")));
        let mut hits = String::new();
        for hit in &results.hits {
            hits.push_str(&hit_item(&params, hit));
        }
        let warnings: String = results
            .warnings
            .iter()
            .map(|w| format!("<p class=\"warning\">{}</p>", esc(w)))
            .collect();
        let _ = write!(
            main,
            "{}{}{warnings}{}<div class=\"results\"><aside aria-label=\"Facets\">{side}</aside>\
             <section aria-label=\"Results\"><p class=\"total\">{} {} found</p><ol start=\"{}\">{hits}</ol>{}</section></div>",
            chips(&params),
            breadcrumb(&params),
            timeline(&params, facet("month")),
            results.total_hits,
            if params.quotes() {
                "quotations"
            } else {
                "articles"
            },
            offset + 1,
            pagination(&params, &results, offset, limit),
        );
    }
    main.push_str("</main>");
    Html(layout(params.get("q").unwrap_or("Search"), &main)).into_response()
}

/// `GET /article/{id}`: the article as indexed, its quotations marked with
/// their speakers, its people and places as searches.
pub async fn article(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Response {
    let wanted = id.clone();
    let view = match state
        .run(move |searcher| searcher.article_view(&wanted))
        .await
    {
        Ok(Some(view)) => view,
        Ok(None) => {
            return error_page(
                StatusCode::NOT_FOUND,
                &format!("No article with id {id} in the index."),
            );
        }
        Err(err) => return error_page(err.status(), err.message()),
    };
    let article = &view.article;
    let mut main = format!(
        "<main><article><h1>{}</h1><p class=\"meta\">",
        esc(&article.headline)
    );
    let published = article.published.as_deref().map(day_of);
    let meta: Vec<String> = [
        article.source.as_deref(),
        article.byline.as_deref(),
        published,
        article.dateline.as_deref(),
    ]
    .into_iter()
    .flatten()
    .map(esc)
    .collect();
    main.push_str(&meta.join(" · "));
    main.push_str("</p>");
    for section in &article.sections {
        if let Some(title) = &section.title {
            let _ = write!(main, "<h2>{}</h2>", esc(title));
        }
        for paragraph in &section.paragraphs {
            let _ = write!(main, "<p>{}</p>", esc(paragraph));
        }
    }
    main.push_str("</article>");
    if !view.quotes.is_empty() {
        main.push_str("<section class=\"quotations\"><h2>Quotations</h2><ul>");
        for quote in &view.quotes {
            let who = match &quote.speaker {
                Some(name) => format!(
                    "<a class=\"speaker\" href=\"/?{}\">{}</a>",
                    esc(&query_of(&[("quotes", "1"), ("speaker", name)])),
                    esc(name)
                ),
                None => "<span class=\"speaker unknown\">speaker unknown</span>".into(),
            };
            let _ = write!(main, "<li><q>{}</q> — {who}</li>", esc(&quote.text));
        }
        main.push_str("</ul></section>");
    }
    let links = |name: &str, values: &[String]| {
        values
            .iter()
            .map(|value| {
                let label = value.trim_start_matches('/').replace('/', " › ");
                format!(
                    "<li><a href=\"/?{}\">{}</a></li>",
                    esc(&query_of(&[(name, value)])),
                    esc(&label)
                )
            })
            .collect::<String>()
    };
    for (title, name, values) in [
        ("People", "person", &view.facts.people),
        ("Places", "location", &view.facts.locations),
    ] {
        if !values.is_empty() {
            let _ = write!(
                main,
                "<section><h2>{title}</h2><ul>{}</ul></section>",
                links(name, values)
            );
        }
    }
    main.push_str("</main>");
    Html(layout(&article.headline, &main)).into_response()
}

/// `GET /quote/{id}`: every article's occurrence of one quotation, earliest
/// first, each article's changed words marked.
pub async fn quote(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Response {
    let wanted = id.clone();
    let cluster = match state
        .run(move |searcher| searcher.quote_cluster(&wanted))
        .await
    {
        Ok(Some(cluster)) => cluster,
        Ok(None) => {
            return error_page(
                StatusCode::NOT_FOUND,
                &format!("No quotation with id {id} in the index."),
            );
        }
        Err(err) => return error_page(err.status(), err.message()),
    };
    let mut main = format!(
        "<main><article><h1>“{}”</h1><p class=\"meta\">{} occurrences",
        esc(&cluster.wording),
        cluster.occurrences.len()
    );
    for speaker in &cluster.speakers {
        let name = speaker.value.as_deref().unwrap_or("?");
        let _ = write!(
            main,
            " · <a class=\"speaker\" href=\"/?{}\">{}</a> ×{}",
            esc(&query_of(&[("quotes", "1"), ("speaker", name)])),
            esc(name),
            speaker.count
        );
    }
    main.push_str("</p><ol class=\"occurrences\">");
    for occurrence in &cluster.occurrences {
        let meta: Vec<String> = [
            occurrence.published.as_deref().map(day_of),
            occurrence.source.as_deref(),
        ]
        .into_iter()
        .flatten()
        .map(esc)
        .collect();
        let who = occurrence
            .speaker
            .as_deref()
            .map(esc)
            .unwrap_or_else(|| "speaker unknown".into());
        let _ = write!(
            main,
            "<li><p class=\"meta\">{}</p><blockquote>{}</blockquote>\
             <p>— {who}, in <a href=\"/article/{}\">{}</a></p></li>",
            meta.join(" · "),
            marked(&occurrence.quote, &occurrence.differences),
            esc(&occurrence.id),
            esc(if occurrence.headline.is_empty() {
                "(no headline)"
            } else {
                &occurrence.headline
            })
        );
    }
    main.push_str("</ol></article></main>");
    Html(layout("Quotation", &main)).into_response()
}

/// `GET /login`: a form that keeps the token in a cookie (`?token=` sets it).
pub async fn login(RawQuery(query): RawQuery) -> Response {
    let params = Params::parse(query.as_deref());
    if let Some(token) = params.get("token") {
        let cookie = format!(
            "{TOKEN_COOKIE}={}; Path=/; HttpOnly; SameSite=Strict",
            token.trim()
        );
        let Ok(cookie) = HeaderValue::from_str(&cookie) else {
            return error_page(StatusCode::BAD_REQUEST, "That token cannot be a cookie.");
        };
        return (
            StatusCode::SEE_OTHER,
            [
                (header::SET_COOKIE, cookie),
                (header::LOCATION, HeaderValue::from_static("/")),
            ],
        )
            .into_response();
    }
    Html(layout(
        "Log in",
        "<main><h1>Log in</h1><form action=\"/login\" method=\"get\">\
         <label for=\"token\">Token</label><input id=\"token\" name=\"token\" type=\"password\" autofocus>\
         <button type=\"submit\">Log in</button></form></main>",
    ))
    .into_response()
}

/// An error as a page.
fn error_page(status: StatusCode, message: &str) -> Response {
    (
        status,
        Html(layout(
            "Error",
            &format!(
                "<main><h1>{}</h1><p class=\"warning\">{}</p><p><a href=\"/\">Back to the search</a></p></main>",
                status.as_u16(),
                esc(message)
            ),
        )),
    )
        .into_response()
}

/// `GET /static/app.css`.
pub async fn stylesheet() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        STYLESHEET,
    )
        .into_response()
}

/// `GET /static/app.js`.
pub async fn script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        SCRIPT,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_text_is_shown_as_text() {
        assert_eq!(
            esc("<script>alert(1)</script> & \"x\" 'y'"),
            "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot; &#39;y&#39;"
        );
        assert_eq!(
            marked("<img src=x onerror=alert(1)> deal", &[[29, 33]]),
            "&lt;img src=x onerror=alert(1)&gt; <mark>deal</mark>"
        );
    }

    #[test]
    fn highlights_out_of_bounds_or_inside_a_character_are_skipped() {
        assert_eq!(marked("héllo", &[[1, 2], [0, 99]]), "héllo");
    }

    #[test]
    fn a_month_runs_to_its_last_day() {
        assert_eq!(
            month_bounds("2024-02"),
            Some(("2024-02-01".into(), "2024-02-29".into()))
        );
        assert_eq!(month_bounds("2025-13"), None);
    }
}
