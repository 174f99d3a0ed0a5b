//! The index schema, loaded from `index-schema/schema.json` and validated.
//!
//! The JSON file is the one source of truth for what the index holds. This
//! module turns it into a tantivy [`Schema`] and resolves the handles the rest
//! of the code needs into [`Fields`]; it never declares a field itself, it only
//! checks that every field the code relies on exists with the right type.

use serde::Deserialize;
use tantivy::schema::{
    DateOptions, FacetOptions, Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing,
    TextOptions,
};

use super::analyzer;
use crate::{Error, Result};

/// The schema file, compiled into the binary so the program needs nothing beside it.
const SCHEMA_JSON: &str = include_str!("../../index-schema/schema.json");

/// How a field is indexed, as named in the schema file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldType {
    /// Analyzed full text, with positions for phrase queries.
    Text,
    /// One exact token (ids, paths, names kept as written).
    String,
    /// Kept for display only, not searchable.
    Stored,
    /// An unsigned integer.
    U64,
    /// A date and time.
    Date,
    /// A hierarchical facet such as `/United States/Alaska/Anchorage`.
    Facet,
}

/// One field as the schema file declares it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    /// The field's name, also its name in the query language.
    pub name: String,
    /// How it is indexed.
    #[serde(rename = "type")]
    pub field_type: FieldType,
    /// The analyzer of a text field.
    #[serde(default)]
    pub analyzer: Option<String>,
    /// Whether the value is kept for display.
    #[serde(default)]
    pub stored: bool,
    /// Whether the value goes into a column for sorting and counting.
    #[serde(default)]
    pub fast: bool,
    /// Whether it has terms to search and delete by (`string`, `u64`, `date`;
    /// default true). A value only read from its column or store is not
    /// indexed: a per-file hash indexed would add a unique term per document.
    #[serde(default = "indexed_by_default")]
    pub indexed: bool,
    /// Whether a query without a field name searches it.
    #[serde(default)]
    pub default_search: bool,
    /// The weight of a match in this field, relative to 1.0.
    #[serde(default)]
    pub boost: Option<f32>,
    /// Whether a text field keeps word positions, for phrases (default true).
    /// A field searched by single words only saves the space.
    #[serde(default = "indexed_by_default")]
    pub positions: bool,
}

fn indexed_by_default() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SchemaFile {
    version: u32,
    analyzers: Vec<String>,
    fields: Vec<FieldSpec>,
}

/// Handles to every field the program reads or writes.
#[derive(Debug, Clone, Copy)]
#[allow(missing_docs)] // each handle is named after its field; index-schema/README.md says what it holds
pub struct Fields {
    pub id: Field,
    pub kind: Field,
    pub article_id: Field,
    pub path: Field,
    pub headline: Field,
    pub quote: Field,
    pub body: Field,
    pub stems: Field,
    pub section: Field,
    pub outline: Field,
    pub speaker: Field,
    pub mention: Field,
    pub cue: Field,
    pub paragraph: Field,
    pub quote_key: Field,
    pub clusters: Field,
    pub people: Field,
    pub location: Field,
    pub source: Field,
    pub byline: Field,
    pub dateline: Field,
    pub published: Field,
    pub month: Field,
    pub content_hash: Field,
    pub file_size: Field,
    pub modified: Field,
}

/// The loaded, validated schema: the tantivy schema plus resolved handles.
#[derive(Debug, Clone)]
pub struct IndexSchema {
    /// The schema version recorded in every index built with it.
    pub version: u32,
    /// The tantivy schema built from the file.
    pub schema: Schema,
    /// Handles to the fields the code uses.
    pub fields: Fields,
    /// The field declarations, in file order.
    pub specs: Vec<FieldSpec>,
}

impl IndexSchema {
    /// Loads the schema shipped with the program.
    pub fn load() -> Result<Self> {
        Self::from_json(SCHEMA_JSON)
    }

    /// Loads and validates a schema from its JSON text.
    pub fn from_json(text: &str) -> Result<Self> {
        let file: SchemaFile = serde_json::from_str(text)
            .map_err(|e| Error::Schema(format!("schema.json is not valid: {e}")))?;
        for name in &file.analyzers {
            if !analyzer::is_known(name) {
                return Err(Error::Schema(format!(
                    "analyzer `{name}` is not registered by the program"
                )));
            }
        }
        let mut builder = Schema::builder();
        for spec in &file.fields {
            add_field(&mut builder, spec, &file.analyzers)?;
        }
        let schema = builder.build();
        let fields = resolve(&schema, &file.fields)?;
        Ok(IndexSchema {
            version: file.version,
            schema,
            fields,
            specs: file.fields,
        })
    }

    /// The fields searched when a query names none, with their boosts.
    pub fn default_search_fields(&self) -> Vec<(Field, f32)> {
        self.specs
            .iter()
            .filter(|spec| spec.default_search)
            .filter_map(|spec| {
                let field = self.schema.get_field(&spec.name).ok()?;
                Some((field, spec.boost.unwrap_or(1.0)))
            })
            .collect()
    }

    /// True when `name` is a field of the schema (so `name:` in a query is a field prefix).
    pub fn has_field(&self, name: &str) -> bool {
        self.specs.iter().any(|spec| spec.name == name)
    }
}

fn add_field(
    builder: &mut tantivy::schema::SchemaBuilder,
    spec: &FieldSpec,
    analyzers: &[String],
) -> Result<()> {
    let name = spec.name.as_str();
    match spec.field_type {
        FieldType::Text => {
            let analyzer = spec
                .analyzer
                .as_deref()
                .ok_or_else(|| Error::Schema(format!("text field `{name}` names no analyzer")))?;
            if !analyzers.iter().any(|known| known == analyzer) {
                return Err(Error::Schema(format!(
                    "field `{name}` uses analyzer `{analyzer}`, which the schema does not list"
                )));
            }
            let record = if spec.positions {
                IndexRecordOption::WithFreqsAndPositions
            } else {
                IndexRecordOption::WithFreqs
            };
            let indexing = TextFieldIndexing::default()
                .set_tokenizer(analyzer)
                .set_index_option(record);
            let mut options = TextOptions::default().set_indexing_options(indexing);
            if spec.stored {
                options = options.set_stored();
            }
            builder.add_text_field(name, options);
        }
        FieldType::String => {
            let indexing = TextFieldIndexing::default()
                .set_tokenizer("raw")
                .set_index_option(IndexRecordOption::Basic)
                .set_fieldnorms(false);
            let mut options = TextOptions::default();
            if spec.indexed {
                options = options.set_indexing_options(indexing);
            }
            if spec.stored {
                options = options.set_stored();
            }
            if spec.fast {
                options = options.set_fast("raw");
            }
            builder.add_text_field(name, options);
        }
        FieldType::Stored => {
            builder.add_text_field(name, TextOptions::default().set_stored());
        }
        FieldType::U64 => {
            let mut options = NumericOptions::default();
            if spec.indexed {
                options = options.set_indexed();
            }
            if spec.stored {
                options = options.set_stored();
            }
            if spec.fast {
                options = options.set_fast();
            }
            builder.add_u64_field(name, options);
        }
        FieldType::Date => {
            let mut options = DateOptions::default();
            if spec.indexed {
                options = options.set_indexed();
            }
            if spec.stored {
                options = options.set_stored();
            }
            if spec.fast {
                options = options.set_fast();
            }
            builder.add_date_field(name, options);
        }
        FieldType::Facet => {
            let mut options = FacetOptions::default();
            if spec.stored {
                options = options.set_stored();
            }
            builder.add_facet_field(name, options);
        }
    }
    Ok(())
}

/// Resolves every handle the code needs, checking each field's declared type.
fn resolve(schema: &Schema, specs: &[FieldSpec]) -> Result<Fields> {
    let get = |name: &str, expected: FieldType| -> Result<Field> {
        let spec = specs
            .iter()
            .find(|spec| spec.name == name)
            .ok_or_else(|| Error::Schema(format!("the program needs a field `{name}`")))?;
        if spec.field_type != expected {
            return Err(Error::Schema(format!(
                "field `{name}` must be of type {expected:?}, the file says {:?}",
                spec.field_type
            )));
        }
        schema
            .get_field(name)
            .map_err(|e| Error::Schema(e.to_string()))
    };
    use FieldType::*;
    Ok(Fields {
        id: get("id", String)?,
        kind: get("kind", String)?,
        article_id: get("article_id", Stored)?,
        path: get("path", String)?,
        headline: get("headline", Text)?,
        quote: get("quote", Text)?,
        body: get("body", Text)?,
        stems: get("stems", Text)?,
        section: get("section", String)?,
        outline: get("outline", Stored)?,
        speaker: get("speaker", String)?,
        mention: get("mention", Stored)?,
        cue: get("cue", String)?,
        paragraph: get("paragraph", U64)?,
        quote_key: get("quote_key", U64)?,
        clusters: get("clusters", Stored)?,
        people: get("people", String)?,
        location: get("location", Facet)?,
        source: get("source", String)?,
        byline: get("byline", Text)?,
        dateline: get("dateline", Stored)?,
        published: get("published", Date)?,
        month: get("month", String)?,
        content_hash: get("content_hash", U64)?,
        file_size: get("file_size", U64)?,
        modified: get("modified", U64)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_schema_loads_and_names_default_fields() {
        let schema = IndexSchema::load().unwrap();
        let defaults = schema.default_search_fields();
        let names: Vec<_> = defaults
            .iter()
            .map(|(field, _)| schema.schema.get_field_name(*field))
            .collect();
        assert_eq!(names, ["headline", "quote", "body"]);
        let headline_boost = defaults[0].1;
        let body_boost = defaults[2].1;
        assert!(headline_boost > body_boost);
    }

    #[test]
    fn a_missing_field_is_reported_by_name() {
        let text = SCHEMA_JSON.replace("\"speaker\"", "\"talker\"");
        let err = IndexSchema::from_json(&text).unwrap_err().to_string();
        assert!(err.contains("`speaker`"), "{err}");
    }

    #[test]
    fn an_unknown_analyzer_is_rejected() {
        let text = SCHEMA_JSON.replace("\"raw\"]", "\"raw\", \"klingon\"]");
        let err = IndexSchema::from_json(&text).unwrap_err().to_string();
        assert!(err.contains("klingon"), "{err}");
    }

    #[test]
    fn a_field_of_the_wrong_type_is_rejected() {
        let text = SCHEMA_JSON.replace(
            "{\"name\": \"published\",    \"type\": \"date\"",
            "{\"name\": \"published\",    \"type\": \"u64\"",
        );
        let err = IndexSchema::from_json(&text).unwrap_err().to_string();
        assert!(err.contains("published"), "{err}");
    }
}
