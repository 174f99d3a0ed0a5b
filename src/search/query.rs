//! From what a user typed to a tantivy query.
//!
//! Users paste text: curly quotes, apostrophes, colons after ordinary words.
//! [`normalize`] makes such text safe for tantivy's query language without
//! changing what it asks for. [`build`] then reads plain text (with any field
//! clauses split off as filters) as words for the phrase tiers, with their
//! other forms, typos and near candidates; anything else goes to tantivy's
//! parser (leniently when strict parsing fails, never panicking), its field
//! clauses rewritten into filters on the values they name.

use std::panic::{AssertUnwindSafe, catch_unwind};

use tantivy::Term;
use tantivy::query::{
    BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, QueryParser, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};

use super::clauses::{self, Clause, FilterField};
use super::memo::MemoSearcher;
use crate::index::IndexSchema;
use crate::index::analyzer::{news_tokens, stem_of};
use crate::{Error, Result};

/// Extra weight of an adjacent pair of query words found together, in order
/// (as a phrase clause here, or weighed on the tiers' candidates).
pub(crate) const PAIR_BOOST: f32 = 1.5;
/// Words a pair may stand apart and still count as together.
const PAIR_SLOP: u32 = 1;
/// Pasted text longer than this many words adds no more pair clauses.
const MAX_PAIRS: usize = 64;

/// A parsed query and what the user should know about how it was read.
pub struct BuiltQuery {
    /// The query to run.
    pub query: Box<dyn Query>,
    /// Notes for the user, such as a syntax error that was read leniently.
    pub warnings: Vec<String>,
    /// For plain text, its words as the `news` analyzer makes them, in order,
    /// and a second reading with every contraction typed without its
    /// apostrophe split ("hes" as "he s", "its" as "it s") when there is one:
    /// what the phrase tiers ([`super::tiers`]) follow through each document.
    pub plain_words: Option<Vec<Vec<String>>>,
    /// For plain text, its words and what they match, term by term.
    pub plain: Option<PlainMatch>,
    /// For plain text with near candidates: its in-order word pairs are not
    /// in [`BuiltQuery::query`] but weighed on the candidates alone, from the
    /// positions the tiers read ([`super::tiers::Placed::pairs_score`]):
    /// over every document the words match, they would walk the positions
    /// of every "of the".
    pub pairs_on_candidates: bool,
    /// Field clauses taken out of plain text (`speaker:putin` in `speaker:putin
    /// no deal until there's a deal`), for the searcher to apply as filters
    /// as it applies `--speaker`.
    pub filters: Vec<Clause>,
    /// Words the index lacks, read as typos, with how many edits away their
    /// corrections may be (for the snippets to mark the corrections).
    pub typos: Vec<(String, u8)>,
    /// For plain text, the words of its first reading that the second
    /// splits into a first part of another stem ("hes" as "he s"): a
    /// document holding the second reading may lack them in every form.
    pub split_away: Vec<String>,
}

impl BuiltQuery {
    /// For plain text of four words or more: the documents that hold one of
    /// its rarest adjacent word pairs, best first, whatever their other
    /// words. They are the candidates for the top tiers that a score over
    /// common words could leave out of the best few hundred. Built on demand:
    /// finding the rarest pairs reads every pair's words' frequencies.
    pub fn near(
        &self,
        searcher: &MemoSearcher,
        fields: &[(Field, f32)],
    ) -> Result<Option<Box<dyn Query>>> {
        let mut near: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for words in self.plain_words.iter().flatten() {
            near.extend(near_query(searcher, fields, words)?.map(|q| (Occur::Should, q)));
        }
        Ok((!near.is_empty()).then(|| Box::new(BooleanQuery::new(near)) as Box<dyn Query>))
    }
}

/// A pasted text of at least this many words (repeats counted) must share a
/// share of its distinct words ([`LONG_TEXT_SHARE`]) with a document to match
/// it at all: otherwise a sentence would match every article holding "the".
pub const LONG_TEXT_WORDS: usize = 8;

/// The share of a long text's rarer distinct words a document must hold to match.
pub const LONG_TEXT_SHARE: f64 = 0.4;

/// In a long text, a word more than this share of documents hold is common:
/// it counts toward the score of the candidates, not toward matching.
pub const COMMON_SHARE: f64 = 0.05;

/// Words at least this long that the index does not hold are read as typos
/// and matched to the words one edit away (two edits from [`TWO_EDITS_FROM`]
/// letters), as Elasticsearch's `fuzziness: AUTO` does.
pub const TYPO_MIN_LETTERS: usize = 5;

/// At most this many of a query's words are read as typos: a pasted
/// sentence holds a few, and each costs an automaton over the dictionary.
pub const MAX_TYPOS: usize = 8;

/// Words this long or longer may be two edits away from what they meant.
pub const TWO_EDITS_FROM: usize = 9;

/// A corrected word counts this much of an exact one: an exact match always outranks it.
const TYPO_BOOST: f32 = 0.3;

/// A word's other forms count this much (an exact match scores in its own
/// field and in the stems both, so it always outranks another form).
const STEM_BOOST: f32 = 0.5;

/// Rewrites curly quotes, apostrophes and colons so tantivy reads text as text.
///
/// - `“ ” „ ‟ « »` become `"`, so a pasted curly-quoted sentence is a phrase;
/// - apostrophes (straight or curly) become spaces: the analyzer splits on
///   them anyway, and tantivy would read a lone `'` as an opening quote;
/// - a colon is kept only after a field name of the schema (`headline:x`)
///   or inside a range (`[2025-08-01T00:00:00Z TO …]`), so
///   `the minister said: we will` is plain text;
/// - a double quote left unpaired, as in text pasted from mid-quotation
///   (`return," he said. SyCip said`), is punctuation, not a phrase running
///   to the end: the last one goes when their count is odd;
/// - an operator standing alone (a dash set as a spaced hyphen: `early 2006
///   - after`; `~`, `^`, `+`) is punctuation, and so are square and curly
///   brackets that do not open a range after a field's colon (`[sic]`).
pub fn normalize(query: &str, is_field: impl Fn(&str) -> bool) -> String {
    let mut out = String::with_capacity(query.len());
    let mut range_depth = 0usize;
    for c in query.chars() {
        match c {
            // A range follows its field's colon (`published:[… TO …]`);
            // other brackets are an editor's insertion in pasted text
            // (`the minister [sic] said`, `[I]f it was`), punctuation.
            '[' | '{' if out.ends_with(':') => {
                range_depth += 1;
                out.push(c);
            }
            ']' | '}' if range_depth > 0 => {
                range_depth -= 1;
                out.push(c);
            }
            '[' | '{' | ']' | '}' => out.push(' '),
            ':' if range_depth > 0 => out.push(':'),
            '“' | '”' | '„' | '‟' | '«' | '»' | '″' => out.push('"'),
            '\'' | '‘' | '’' | 'ʼ' | '‛' | '`' => out.push(' '),
            ':' => {
                let word_start = out
                    .rfind(|c: char| c.is_whitespace() || "(+-\"".contains(c))
                    .map_or(0, |at| at + 1);
                if is_field(&out[word_start..]) {
                    out.push(':');
                } else {
                    out.push(' ');
                }
            }
            _ => out.push(c),
        }
    }
    if out.matches('"').count() % 2 == 1
        && let Some(last) = out.rfind('"')
    {
        out.replace_range(last..=last, " ");
    }
    lone_operators_blanked(&out).trim().to_string()
}

/// `text` with every operator that stands alone blanked (`early 2006 -
/// after`, `--`, `rose ~ 3%`, `the ^ sign`): news sets a spaced hyphen as a
/// dash, and an operator on no word is a syntax error to tantivy, which
/// would cost pasted text its tiers.
fn lone_operators_blanked(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for piece in text.split_inclusive(char::is_whitespace) {
        let word = piece.trim_end_matches(char::is_whitespace);
        if !word.is_empty() && word.chars().all(|c| "-+~^".contains(c)) {
            out.extend(std::iter::repeat_n(' ', word.len()));
            out.push_str(&piece[word.len()..]);
        } else {
            out.push_str(piece);
        }
    }
    out
}

/// Completes bare dates inside ranges, which tantivy wants in RFC 3339:
/// `[2025-08-01 TO 2025-08-31]` becomes `[2025-08-01T00:00:00Z TO
/// 2025-08-31T23:59:59Z]` (an inclusive end date counts the whole day).
fn expand_range_dates(query: &str) -> String {
    let bytes = query.as_bytes();
    let mut out = String::with_capacity(query.len() + 16);
    let mut depth = 0usize;
    let mut i = 0;
    while i < query.len() {
        match bytes[i] {
            b'[' | b'{' => depth += 1,
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        let is_date = depth > 0
            && query.get(i..i + 10).is_some_and(is_bare_date)
            && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric())
            && !query[i + 10..].starts_with(|n: char| n.is_ascii_alphanumeric() || n == ':');
        if is_date {
            out.push_str(&query[i..i + 10]);
            let closes_inclusive = query[i + 10..].trim_start().starts_with(']');
            out.push_str(if closes_inclusive {
                "T23:59:59Z"
            } else {
                "T00:00:00Z"
            });
            i += 10;
            continue;
        }
        let ch = query[i..].chars().next().unwrap_or(' ');
        out.push(ch);
        i += ch.len_utf8();
    }
    out
}

fn is_bare_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// The punctuation of a sentence, around quote marks a sign of pasted text.
const SENTENCE_MARKS: [char; 5] = ['.', ',', ';', '!', '?'];

/// `normalized` with its quote marks as punctuation when it is pasted text
/// holding a quotation: its only syntax is quote marks inside it, and it is
/// [`LONG_TEXT_WORDS`] words or more, or has a sentence's punctuation
/// outside the marks or just inside a closing one (`came up with
/// "definitive proposals". Now the`, `so long," he said. "His ability`,
/// `"Brazil Economic Program," to the situation`). The marks are the
/// article's, not a phrase the user asked for, and read as one they would
/// cost the text its tiers. A text that is one quoted phrase keeps its
/// meaning (`"…"` is the exact phrase, however long), and so does a short
/// query of words and phrases (`"no deal" trump`).
fn quotes_as_punctuation(normalized: String) -> String {
    let marks = normalized.matches('"').count();
    let one_phrase = marks == 2 && normalized.starts_with('"') && normalized.ends_with('"');
    if marks == 0 || one_phrase {
        return normalized;
    }
    let outside: String = normalized
        .split('"')
        .step_by(2)
        .collect::<Vec<_>>()
        .concat();
    // News sets a quotation's closing comma or stop inside its mark: `,"`.
    let mark_closes_a_clause = normalized
        .match_indices('"')
        .any(|(at, _)| normalized[..at].ends_with(SENTENCE_MARKS));
    let unquoted = normalized.replace('"', " ");
    let pasted = news_tokens(&unquoted).len() >= LONG_TEXT_WORDS
        || outside.contains(SENTENCE_MARKS)
        || mark_closes_a_clause;
    if pasted && is_plain_text(&unquoted) {
        unquoted
    } else {
        normalized
    }
}

/// True when the query is plain words: no phrase, operator, field or
/// wildcard. Parentheses alone do not make syntax: pasted text often holds an
/// aside or an editor's insertion ("how (the market) is moving"), and with
/// no operator, grouping would mean nothing anyway.
fn is_plain_text(normalized: &str) -> bool {
    !normalized.contains(['"', ':', '*', '[', ']', '{', '}', '^', '~'])
        && !normalized
            .split_whitespace()
            .any(|word| matches!(word, "AND" | "OR" | "NOT") || word.starts_with(['+', '-']))
}

/// What an apostrophe splits off a word ("he's", "won't", "they're", "I've"):
/// the analyzer makes two words of a contraction, so one typed without its
/// apostrophe ("hes", "wont") is also read split the same way.
const CLITICS: [&str; 7] = ["re", "ve", "ll", "s", "t", "d", "m"];

/// The clitics that only ever end a contraction: a word the index lacks
/// that ends in one ("theyre", "dont") is read split in place of the word.
/// A final "s" is as often a plural ("negotiations") as a contraction
/// ("hes"): it only makes the second reading.
const CONTRACTION_ONLY: [&str; 6] = ["re", "ve", "ll", "t", "d", "m"];

/// True when any of `fields` holds the word.
fn is_known(searcher: &MemoSearcher, fields: &[(Field, f32)], word: &str) -> Result<bool> {
    for &(field, _) in fields {
        if searcher.doc_freq(&Term::from_field_text(field, word))? > 0 {
            return Ok(true);
        }
    }
    Ok(false)
}

/// A word read as a contraction typed without its apostrophe: its stem and
/// clitic, when the index holds the stem ("hes" as "he" and "s").
fn as_contraction(
    searcher: &MemoSearcher,
    fields: &[(Field, f32)],
    word: &str,
    clitics: &[&str],
) -> Result<Option<[String; 2]>> {
    if word.len() < 3 {
        return Ok(None);
    }
    for &clitic in clitics {
        if let Some(stem) = word.strip_suffix(clitic)
            && !stem.is_empty()
            && is_known(searcher, fields, stem)?
        {
            return Ok(Some([stem.to_string(), clitic.to_string()]));
        }
    }
    Ok(None)
}

/// The query's words, each contraction typed without its apostrophe that
/// the index does not hold as a word ("theyre") split as the analyzer splits
/// the one with it ("they", "re").
fn with_contractions_split(
    searcher: &MemoSearcher,
    fields: &[(Field, f32)],
    words: Vec<String>,
) -> Result<Vec<String>> {
    let mut split = Vec::with_capacity(words.len());
    for word in words {
        let parts = if is_known(searcher, fields, &word)? {
            None
        } else {
            as_contraction(searcher, fields, &word, &CONTRACTION_ONLY)?
        };
        match parts {
            Some(parts) => split.extend(parts),
            None => split.push(word),
        }
    }
    Ok(split)
}

/// The query's words with every word that may be a contraction typed
/// without its apostrophe split, known as a word or not ("its" as "it s",
/// "wont" as "won t"): a second reading for the tiers. Also the words split
/// into a first part of another stem ("hes", "wont"; not "officials", whose
/// stem "official s" shares): a document holding the second reading may hold
/// none of their forms.
fn contractions_split(
    searcher: &MemoSearcher,
    fields: &[(Field, f32)],
    words: &[String],
) -> Result<(Vec<String>, Vec<String>)> {
    let mut split = Vec::with_capacity(words.len());
    let mut away = Vec::new();
    for word in words {
        match as_contraction(searcher, fields, word, &CLITICS)? {
            Some(parts) => {
                if stem_of(&parts[0]) != stem_of(word) && !away.contains(word) {
                    away.push(word.clone());
                }
                split.extend(parts);
            }
            None => split.push(word.clone()),
        }
    }
    Ok((split, away))
}

/// Builds a user's query over `proximity_fields` (field, boost): plain text
/// as words ranked in tiers, anything else through `parser`. The caller has
/// validated the request: its length bounds the stack parsing needs.
pub(crate) fn build(
    parser: &QueryParser,
    schema: &IndexSchema,
    proximity_fields: &[(Field, f32)],
    text: &str,
    searcher: &MemoSearcher,
) -> Result<BuiltQuery> {
    let schema_fields = &schema.fields;
    if let Some(position) = too_deeply_nested(text) {
        return Err(Error::User(format!(
            "the query opens more than {MAX_NESTING} parentheses inside one another \
             (at character {position}): remove some"
        )));
    }
    let is_field = |word: &str| schema.has_field(word) || FilterField::named(word).is_some();
    let normalized = quotes_as_punctuation(expand_range_dates(&normalize(text, is_field)));
    if normalized.is_empty() {
        return Err(Error::User(
            "the query is empty: give words to search for, or `*` for everything".into(),
        ));
    }
    // Plain text with required field clauses: the text in tiers, the clauses as filters.
    let (plain, filters) = match clauses::split_off(&normalized, is_plain_text) {
        Some((rest, clauses)) => (Some(rest), clauses),
        None => (
            is_plain_text(&normalized).then(|| normalized.clone()),
            Vec::new(),
        ),
    };
    if let Some(plain) = plain {
        let words = with_contractions_split(searcher, proximity_fields, news_tokens(&plain))?;
        if !words.is_empty() {
            let mut readings = vec![words];
            let (split, split_away) = contractions_split(searcher, proximity_fields, &readings[0])?;
            if split != readings[0] {
                readings.push(split);
            }
            let mut typos: Vec<(String, u8)> = Vec::new();
            for word in &readings[0] {
                let letters = word.chars().count();
                if typos.len() < MAX_TYPOS
                    && letters >= TYPO_MIN_LETTERS
                    && !typos.iter().any(|(typo, _)| typo == word)
                    && !is_known(searcher, proximity_fields, word)?
                {
                    typos.push((word.clone(), if letters >= TWO_EDITS_FROM { 2 } else { 1 }));
                }
            }
            let plain = plain_match(
                searcher,
                proximity_fields,
                schema_fields.stems,
                &readings[0],
            )?;
            let query = plain_text_query(&plain, proximity_fields, &readings[0], &typos);
            return Ok(BuiltQuery {
                query,
                filters,
                typos,
                warnings: Vec::new(),
                pairs_on_candidates: has_near_candidates(&readings[0]),
                plain_words: Some(readings),
                plain: Some(plain),
                split_away,
            });
        }
    }
    // Field clauses become filters on the exact values they name.
    let fields = schema_fields;
    let rewritten = clauses::rewrite(&normalized, |filter, words| {
        clauses::values_named(searcher, fields, filter, words)
    })?;
    let normalized = rewritten.query;
    let mut warnings = rewritten.warnings;
    let query = match guarded(|| parser.parse_query(&normalized))? {
        Ok(query) => query,
        Err(err) => {
            let (query, _) = guarded(|| parser.parse_query_lenient(&normalized))?;
            let err = shortened(&err.to_string(), 120);
            warnings.push(format!(
                "query syntax error ({err}); searched for the words leniently instead"
            ));
            query
        }
    };
    Ok(BuiltQuery {
        query,
        warnings,
        plain_words: None,
        plain: None,
        filters: Vec::new(),
        pairs_on_candidates: false,
        typos: Vec::new(),
        split_away: Vec::new(),
    })
}

/// True when a text has enough word pairs for near candidates (four words or more).
fn has_near_candidates(words: &[String]) -> bool {
    words.windows(2).take(MAX_PAIRS).count() > NEAR_PAIRS_MISSED
}

/// A near document misses at most this many of the text's adjacent word
/// pairs: one slip breaks two pairs at most (a mistyped word, the two it is in).
const NEAR_PAIRS_MISSED: usize = 2;

/// The documents that may be in the top tiers, cheaply: those holding any of
/// the text's [`NEAR_PAIRS_MISSED`] + 1 rarest adjacent word pairs (in any of
/// `fields`, one word apart at most), scored by the pairs they hold. A
/// document in the top tiers holds all but two pairs at most, so it holds one
/// of these; rare pairs make the search cheap where all of them would walk
/// the positions of every "of the". `None` for texts of fewer than four words.
fn near_query(
    searcher: &MemoSearcher,
    fields: &[(Field, f32)],
    words: &[String],
) -> Result<Option<Box<dyn Query>>> {
    if !has_near_candidates(words) {
        return Ok(None);
    }
    let pairs: Vec<&[String]> = words.windows(2).take(MAX_PAIRS).collect();
    // How common a pair can be at most: its rarer word's count, in the field
    // where that is highest. A pair with a word the index lacks matches nothing.
    let mut rarity = Vec::with_capacity(pairs.len());
    for pair in &pairs {
        let mut most = 0u64;
        for &(field, _) in fields {
            let a = searcher.doc_freq(&Term::from_field_text(field, &pair[0]))?;
            let b = searcher.doc_freq(&Term::from_field_text(field, &pair[1]))?;
            most = most.max(a.min(b));
        }
        if most > 0 {
            rarity.push((most, *pair));
        }
    }
    rarity.sort_by_key(|(most, _)| *most);
    let chosen: Vec<(Occur, Box<dyn Query>)> = rarity
        .iter()
        .take(NEAR_PAIRS_MISSED + 1)
        .map(|(_, pair)| {
            let in_fields = fields
                .iter()
                .map(|&(field, boost)| (Occur::Should, pair_phrase(field, pair, boost)))
                .collect();
            (
                Occur::Should,
                Box::new(BooleanQuery::new(in_fields)) as Box<dyn Query>,
            )
        })
        .collect();
    Ok((!chosen.is_empty()).then(|| Box::new(BooleanQuery::new(chosen)) as Box<dyn Query>))
}

/// One distinct word of plain text and the terms that match it, each with
/// its boost: the word in each field, its other forms below it.
pub struct WordTerms {
    /// The word, as the `news` analyzer makes it.
    pub word: String,
    /// The terms, with the weight each adds to the score.
    pub terms: Vec<(Term, f32)>,
    /// A long text's common word: it adds to the score, never to matching.
    pub scoring_only: bool,
}

/// What plain text matches, word by word: a document matches when it holds
/// at least `required` of the words that are not scoring-only (any of each
/// one's terms). [`BuiltQuery::query`] asks this in tantivy's terms, with
/// the typos' close spellings besides.
pub struct PlainMatch {
    /// The text's distinct words, in sorted order.
    pub words: Vec<WordTerms>,
    /// How many of the matching words a document must hold.
    pub required: usize,
}

/// The words of plain text and what they match: each distinct word in any of
/// `fields` (with their boosts) or, in a short text, in another form (its
/// stem in `stems`, weighted below); a long text's common words (held by
/// over [`COMMON_SHARE`] of documents) only score, and a share
/// ([`LONG_TEXT_SHARE`]) of its rarer words must match.
fn plain_match(
    searcher: &MemoSearcher,
    fields: &[(Field, f32)],
    stems: Field,
    words: &[String],
) -> Result<PlainMatch> {
    let mut distinct: Vec<&str> = words.iter().map(String::as_str).collect();
    distinct.sort_unstable();
    distinct.dedup();
    // In a long text, the words most documents hold ("the", "said") rank but
    // do not match: Lucene's common-terms rule, which also spares walking
    // their postings for every document.
    let long = words.len() >= LONG_TEXT_WORDS;
    let common_from = (searcher.num_docs() as f64 * COMMON_SHARE) as u64;
    let mut plain = Vec::with_capacity(distinct.len());
    for word in distinct {
        let mut most = 0;
        if long {
            for &(field, _) in fields {
                most = most.max(searcher.doc_freq(&Term::from_field_text(field, word))?);
            }
        }
        let mut terms: Vec<(Term, f32)> = fields
            .iter()
            .map(|&(field, boost)| (Term::from_field_text(field, word), boost))
            .collect();
        // Other forms of the word ("elections" for "election"), below the
        // exact one: inflected forms by their stem in the stems field, and
        // the stem itself as a word where it is one ("elect"). Not for a long
        // text: pasted from somewhere, its words are the ones to find, and a
        // stem's postings ("issu" for "issuing": issue, issued, issues) can
        // be many times the word's own.
        let stem = stem_of(word);
        if !long {
            terms.push((Term::from_field_text(stems, &stem), STEM_BOOST));
        }
        if !long && stem != word {
            terms.extend(
                fields
                    .iter()
                    .map(|&(field, _)| (Term::from_field_text(field, &stem), STEM_BOOST)),
            );
        }
        plain.push(WordTerms {
            word: word.to_string(),
            terms,
            scoring_only: long && most > common_from,
        });
    }
    // When every word of a long text is common, all of them match.
    if plain.iter().all(|w| w.scoring_only) {
        plain.iter_mut().for_each(|w| w.scoring_only = false);
    }
    let matching = plain.iter().filter(|w| !w.scoring_only).count();
    let required = if long {
        ((matching as f64 * LONG_TEXT_SHARE).ceil() as usize).max(1)
    } else {
        1
    };
    Ok(PlainMatch {
        words: plain,
        required,
    })
}

/// The query for plain text's words (see [`PlainMatch`]), a word read as one
/// of the `typos` also matched to its close spellings. A text too short for
/// near candidates also gets in-order pair clauses that lift documents where
/// its words stand together.
fn plain_text_query(
    plain: &PlainMatch,
    fields: &[(Field, f32)],
    words: &[String],
    typos: &[(String, u8)],
) -> Box<dyn Query> {
    let mut matching: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    // The common words score the candidates alone, read from the positions
    // the tiers read (see `tiers::Reading::scored`), as the pairs do: scored
    // in the query, every match would walk their postings.
    for word in plain.words.iter().filter(|w| !w.scoring_only) {
        let mut in_fields: Vec<(Occur, Box<dyn Query>)> = word
            .terms
            .iter()
            .map(|(term, boost)| {
                let term = TermQuery::new(term.clone(), IndexRecordOption::WithFreqs);
                (
                    Occur::Should,
                    Box::new(BoostQuery::new(Box::new(term), *boost)) as Box<dyn Query>,
                )
            })
            .collect();
        if let Some((_, edits)) = typos.iter().find(|(typo, _)| *typo == word.word) {
            for &(field, boost) in fields {
                let term = Term::from_field_text(field, &word.word);
                let fuzzy = FuzzyTermQuery::new(term, *edits, true);
                in_fields.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(Box::new(fuzzy), boost * TYPO_BOOST)),
                ));
            }
        }
        matching.push((
            Occur::Should,
            Box::new(BooleanQuery::new(in_fields)) as Box<dyn Query>,
        ));
    }
    let words_query = BooleanQuery::with_minimum_required_clauses(matching, plain.required);
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, Box::new(words_query))];
    // A text long enough for the near candidates has its pairs weighed on
    // the candidates alone (see `BuiltQuery::pairs_on_candidates`); a
    // shorter one is lifted by its pairs here.
    if !has_near_candidates(words) {
        clauses.extend(
            proximity_clauses(fields, words)
                .into_iter()
                .map(|q| (Occur::Should, q)),
        );
    }
    Box::new(BooleanQuery::new(clauses))
}

/// The longest query read, in characters: a long pasted paragraph fits.
/// tantivy's parser and query tree recurse once per operator, so this also
/// bounds the stack a search needs (see `searcher::on_deep_stack`).
pub const MAX_QUERY_CHARS: usize = 10_000;

/// `text` cut to at most `max` characters, with an ellipsis when cut
/// (tantivy's syntax errors repeat the whole query).
fn shortened(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

/// How deeply parentheses may nest. tantivy's parser recurses once per level,
/// so thousands of `(` would overflow the stack; no real query needs more.
const MAX_NESTING: usize = 32;

/// The character position (from 1) of the first parenthesis nested deeper
/// than [`MAX_NESTING`], if any. Unclosed ones count: the parser recurses on them too.
fn too_deeply_nested(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (n, c) in text.chars().enumerate() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth > MAX_NESTING {
            return Some(n + 1);
        }
    }
    None
}

/// One sloppy phrase per adjacent word pair and default field: a pasted
/// sentence with a word dropped or mistyped still earns most of its pairs.
fn proximity_clauses(fields: &[(Field, f32)], tokens: &[String]) -> Vec<Box<dyn Query>> {
    tokens
        .windows(2)
        .take(MAX_PAIRS)
        .flat_map(|pair| {
            fields
                .iter()
                .map(move |&(field, boost)| pair_phrase(field, pair, boost * PAIR_BOOST))
        })
        .collect()
}

/// Two adjacent query words in one field, in order and one word apart at most.
fn pair_phrase(field: Field, pair: &[String], boost: f32) -> Box<dyn Query> {
    let terms = vec![
        (0, Term::from_field_text(field, &pair[0])),
        (1, Term::from_field_text(field, &pair[1])),
    ];
    let phrase = PhraseQuery::new_with_offset_and_slop(terms, PAIR_SLOP);
    Box::new(BoostQuery::new(Box::new(phrase), boost))
}

/// Runs tantivy's parser, turning a panic on odd input into a user error.
fn guarded<T>(parse: impl FnOnce() -> T) -> Result<T> {
    catch_unwind(AssertUnwindSafe(parse)).map_err(|_| {
        Error::User("the query could not be parsed: check its operators and brackets".into())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_field(word: &str) -> bool {
        matches!(word, "headline" | "speaker" | "published")
    }

    #[test]
    fn normalisation_table() {
        let cases = [
            (
                "“no deal until there’s a deal”",
                "\"no deal until there s a deal\"",
            ),
            ("there's a", "there s a"),
            ("the minister said: we will", "the minister said  we will"),
            ("headline:putin", "headline:putin"),
            ("+speaker:Trump -title:x", "+speaker:Trump -title x"),
            ("  «Bonjour»  ", "\"Bonjour\""),
            (
                "return,” he said. SyCip said",
                "return,  he said. SyCip said",
            ),
            ("\"a b\" and \"c d", "\"a b\" and  c d"),
            // A spaced hyphen is a dash; a minus on a word is an operator.
            (
                "early 2006 - after the -- date +",
                "early 2006   after the    date",
            ),
            ("-putin +trump", "-putin +trump"),
            (
                "rose ~ 3% [sic] {x} the ^ sign",
                "rose   3%  sic   x  the   sign",
            ),
            ("a [b TO c]", "a  b TO c"),
            (
                "published:[2025-08-01T00:00:00Z TO *]",
                "published:[2025-08-01T00:00:00Z TO *]",
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(normalize(input, is_field), expected, "{input}");
        }
    }

    #[test]
    fn bare_dates_in_ranges_become_rfc3339() {
        assert_eq!(
            expand_range_dates("published:[2025-08-01 TO 2025-08-31]"),
            "published:[2025-08-01T00:00:00Z TO 2025-08-31T23:59:59Z]"
        );
        assert_eq!(
            expand_range_dates("published:{2025-08-01 TO 2025-09-01}"),
            "published:{2025-08-01T00:00:00Z TO 2025-09-01T00:00:00Z}"
        );
        assert_eq!(expand_range_dates("2025-08-01 deal"), "2025-08-01 deal");
        assert_eq!(
            expand_range_dates("published:[2025-08-01T10:00:00Z TO *]"),
            "published:[2025-08-01T10:00:00Z TO *]"
        );
    }

    #[test]
    fn a_long_text_holding_a_quotation_is_pasted_text() {
        let read = |text: &str| quotes_as_punctuation(text.to_string());
        assert_eq!(
            read("came up with \"definitive proposals\". Now the talks"),
            "came up with  definitive proposals . Now the talks"
        );
        // Short, but set off by a sentence's punctuation: pasted too.
        assert_eq!(read("\"war on terror\". The"), " war on terror . The");
        assert_eq!(
            read("\"Economic Program,\" to the"),
            " Economic Program,  to the"
        );
        // Short words and phrases, one whole phrase, or with other syntax:
        // the quotes keep their meaning.
        for kept in [
            "\"no deal\" trump",
            "\"there may be interest rate consequences for the banks\"",
            "came up with \"definitive proposals\" AND now the talks",
        ] {
            assert_eq!(read(kept), kept);
        }
    }

    #[test]
    fn plain_text_detection() {
        assert!(is_plain_text("no deal until there s a deal"));
        assert!(!is_plain_text("\"no deal\""));
        assert!(!is_plain_text("putin AND trump"));
        assert!(!is_plain_text("-putin trump"));
        assert!(!is_plain_text("headline:putin"));
    }
}
