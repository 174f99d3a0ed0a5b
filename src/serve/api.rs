//! The JSON API: the command line's JSON contracts over HTTP.
//!
//! `GET /api/search` gives exactly the `search --json` object, `GET
//! /api/facets/{field}` the `facets --json` one, `GET /api/articles/{id}` the
//! `show --json` one (by id only: nothing outside the index is read), `GET
//! /api/stats` the `stats --json` one. `GET /api/openapi.json` describes them.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

use super::params::Params;
use super::{ApiError, AppState};
use crate::search::{FacetField, MAX_FACET_LIMIT};

/// The OpenAPI 3.1 document of the API, embedded in the binary.
pub const OPENAPI: &str = include_str!("openapi.json");

/// `GET /health`: the server answers.
pub async fn health() -> Json<serde_json::Value> {
    Json(serde_json::json!({"status": "ok"}))
}

/// `GET /api/search`: the `search --json` object.
pub async fn search(
    State(state): State<Arc<AppState>>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let params = Params::parse(query.as_deref());
    let request = params.request(&[])?;
    let results = state.run(move |searcher| searcher.search(&request)).await?;
    Ok(Json(results).into_response())
}

/// `GET /api/facets/{field}`: the `facets --json` object, every value counted.
pub async fn facets(
    State(state): State<Arc<AppState>>,
    Path(field): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let params = Params::parse(query.as_deref());
    let facet = FacetField::parse(&field).map_err(|e| ApiError::not_found(e.to_string()))?;
    let mut request = params.request(&[])?;
    request.limit = 1;
    request.offset = 0;
    request.facets = vec![(facet, MAX_FACET_LIMIT)];
    let results = state.run(move |searcher| searcher.search(&request)).await?;
    Ok(Json(results.facets).into_response())
}

/// `GET /api/articles/{id}`: the `show --json` object, with the article's
/// quotations (`quotes`: `{"text", "speaker"}`), `people` and `locations`
/// added; 404 for an unknown id.
pub async fn article(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let wanted = id.clone();
    let Some(view) = state
        .run(move |searcher| searcher.article_view(&wanted))
        .await?
    else {
        return Err(ApiError::not_found(format!(
            "no article with id `{id}` in the index: /api/search lists ids"
        )));
    };
    let mut json = serde_json::to_value(&view.article)
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", e.to_string()))?;
    if let Some(object) = json.as_object_mut() {
        object.insert("quotes".into(), serde_json::json!(view.quotes));
        object.insert("people".into(), serde_json::json!(view.facts.people));
        object.insert("locations".into(), serde_json::json!(view.facts.locations));
    }
    Ok(Json(json).into_response())
}

/// `GET /api/quotes/{id}`: the `quote --json` object, every article's
/// occurrence of one quotation; 404 for an unknown id, 400 for one that is
/// not an id.
pub async fn quote(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let wanted = id.clone();
    let Some(cluster) = state
        .run(move |searcher| searcher.quote_cluster(&wanted))
        .await?
    else {
        return Err(ApiError::not_found(format!(
            "no quotation with id `{id}` in the index: /api/search?quotes=1 gives ids"
        )));
    };
    Ok(Json(cluster).into_response())
}

/// `GET /api/stats`: the `stats --json` object.
pub async fn stats(State(state): State<Arc<AppState>>) -> Result<Response, ApiError> {
    let summary = state.run(|searcher| searcher.summary()).await?;
    Ok(Json(summary).into_response())
}

/// `GET /api/openapi.json`: the API described.
pub async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

/// Any other path: 404, as JSON.
pub async fn not_found(uri: Uri) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        format!(
            "no such page or route: {} (the API is described at /api/openapi.json)",
            uri.path()
        ),
    )
}
