//! Phrase-first ranking: which tier a document's text puts it in for a pasted sentence.
//!
//! A user who pastes a sentence wants the article that holds it. BM25 alone
//! ranks by how often and how rarely words occur, so a headline repeating two
//! of the query's words can beat the one article holding the whole sentence.
//! Plain-text queries are therefore ranked in tiers first, BM25 second:
//!
//! - [`Tier::Phrase`]: every query word, adjacent and in order (a pasted
//!   fragment of the text, however partial);
//! - [`Tier::Near`]: the query's words in order but for one slip: one word
//!   missing or mistyped (it is skipped), one word more in the text than in
//!   the query (a word the user dropped), or one word fewer;
//! - [`Tier::Rest`]: everything else the query matches.
//!
//! The tier of a document is read from the positions of the query's words
//! in its indexed fields (headline, body, quotation), looked up in the
//! postings of the candidates only; the stored text is never read. BM25 with
//! the field boosts orders documents within a tier and never across tiers.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;
use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::Bm25Weight;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, DocId, DocSet, Term};

use super::memo::MemoSearcher;
use super::query::PAIR_BOOST;
use crate::Result;

/// How well a document's text holds a plain-text query, best last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Tier {
    /// The query's words, but not in order (or too few of them).
    #[default]
    Rest,
    /// The query's words in order but for one slip.
    Near,
    /// Every query word, adjacent and in order.
    Phrase,
}

impl Tier {
    /// The tier's name in the JSON output.
    pub fn name(self) -> &'static str {
        match self {
            Tier::Rest => "rest",
            Tier::Near => "near",
            Tier::Phrase => "phrase",
        }
    }
}

/// Where a document stands for a plain-text query: its tier, then how many
/// of the query's words its best chain holds (the fullest match first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Standing {
    /// The tier.
    pub tier: Tier,
    /// The query words in the best chain of that tier.
    pub words: u16,
}

/// A candidate's standing, and what its in-order word pairs add to its score.
#[derive(Debug, Clone, Copy, Default)]
pub struct Placed {
    /// Its tier and the words its best chain holds.
    pub standing: Standing,
    /// The weight of the query's adjacent word pairs it holds in order (one
    /// word apart at most), summed over the fields: what a phrase query per
    /// pair would add, read from the positions already at hand instead of
    /// walking the index again.
    pub pairs_score: f32,
    /// The BM25 of the words asked to be scored ([`Reading::scored`]).
    pub words_score: f32,
}

/// The weight of the query's adjacent pairs a text holds in order, one word
/// apart at most: each pair found adds its two words' idf, times the weight
/// a pair clause has ([`PAIR_BOOST`]).
fn pairs_weight(positions: &[&[u32]], idf: &[f32]) -> f32 {
    positions
        .windows(2)
        .enumerate()
        .filter(|(_, pair)| {
            pair[0].iter().any(|&p| {
                pair[1].binary_search(&(p + 1)).is_ok() || pair[1].binary_search(&(p + 2)).is_ok()
            })
        })
        .map(|(i, _)| PAIR_BOOST * (idf[i] + idf[i + 1]))
        .sum()
}

/// Fewer query words than this make no tiers: a single word is ranked by BM25 alone.
pub const MIN_TIER_WORDS: usize = 2;

/// What [`tiers_of`] reads from the candidates' positions besides their tiers.
pub(crate) struct Reading<'a> {
    /// The text's rare words. When given, a candidate's positions of these
    /// are read first, and a candidate whose rare words do not line up as
    /// the text's (in any field, for any reading: every rare token but one
    /// at most where the query puts it, give or take the one slip) cannot
    /// stand in the top tiers: it is left out, its other words never read.
    pub rare: Option<&'a [&'a str]>,
    /// Words whose BM25 in each field (times the field's boost) is summed
    /// into [`Placed::words_score`], read from the same positions: a long
    /// text's common words, which score its candidates only.
    pub scored: &'a [&'a str],
}

/// Each candidate's standing: the best any of `fields` gives it for any of
/// the query's `readings` (its words as the `news` analyzer makes them, in
/// query order; a second reading splits contractions typed without their
/// apostrophe, "hes" as "he s"). With [`Reading::rare`], the candidates
/// left out are those that cannot stand in the top tiers.
pub(crate) fn tiers_of(
    searcher: &MemoSearcher,
    fields: &[(Field, f32)],
    readings: &[Vec<String>],
    candidates: &[DocAddress],
    reading: &Reading,
) -> Result<FxHashMap<DocAddress, Placed>> {
    let mut tiers: FxHashMap<DocAddress, Placed> = FxHashMap::default();
    let documents = searcher.num_docs() as f32;
    let mut distinct: Vec<&str> = readings.iter().flatten().map(String::as_str).collect();
    distinct.extend(reading.scored);
    distinct.sort_unstable();
    distinct.dedup();
    let index_of = |word: &str| distinct.binary_search(&word).unwrap_or(0);
    // For each reading's tokens, the index of each one's distinct word.
    let words_of: Vec<Vec<usize>> = readings
        .iter()
        .map(|tokens| tokens.iter().map(|t| index_of(t)).collect())
        .collect();
    // Per reading, its rare tokens: (query position, distinct word). A
    // reading with fewer than two lets every candidate through.
    let rare_at: Option<Vec<Vec<(usize, usize)>>> = reading.rare.map(|rare| {
        readings
            .iter()
            .map(|tokens| {
                tokens
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| rare.contains(&t.as_str()))
                    .map(|(i, t)| (i, index_of(t)))
                    .collect()
            })
            .collect()
    });
    let rare_words: Vec<usize> = reading
        .rare
        .unwrap_or_default()
        .iter()
        .map(|w| index_of(w))
        .collect();
    let every_word: Vec<usize> = (0..distinct.len()).collect();
    // BM25's idf of each word of the first reading in each field, for its
    // pairs' weight, and the scored words' weights: index-wide, so read
    // once, not per segment.
    let mut idf_by_field = Vec::with_capacity(fields.len());
    let mut scored_by_field = Vec::with_capacity(fields.len());
    for &(field, boost) in fields {
        let mut idf = Vec::with_capacity(readings[0].len());
        for word in &readings[0] {
            let freq = searcher.doc_freq(&Term::from_field_text(field, word))? as f32;
            idf.push((1.0 + (documents - freq + 0.5) / (freq + 0.5)).ln());
        }
        idf_by_field.push(idf);
        let mut scored = Vec::with_capacity(reading.scored.len());
        for word in reading.scored {
            let term = Term::from_field_text(field, word);
            let weight = Bm25Weight::for_terms(searcher, std::slice::from_ref(&term))?;
            scored.push((index_of(word), weight.boost_by(boost)));
        }
        scored_by_field.push(scored);
    }
    for (segment_ord, docs) in by_segment(candidates) {
        let reader = searcher.segment_reader(segment_ord);
        let mut by_field = Vec::with_capacity(fields.len());
        for &(field, _) in fields {
            let norms = reader
                .fieldnorms_readers()
                .get_field(field)?
                .unwrap_or_else(|| FieldNormReader::constant(reader.max_doc(), 1));
            let words = WordPositions::open(searcher, segment_ord, field, &distinct)?;
            by_field.push((words, norms));
        }
        for &doc in &docs {
            if let Some(rare_at) = &rare_at {
                let mut lined_up = false;
                for (words, _) in &mut by_field {
                    let positions = words.read(doc, &rare_words);
                    if rare_at
                        .iter()
                        .any(|at| at.len() < 2 || aligned(at, positions))
                    {
                        lined_up = true;
                        break;
                    }
                }
                if !lined_up {
                    continue;
                }
            }
            let placed = tiers.entry(DocAddress::new(segment_ord, doc)).or_default();
            for (((words, norms), &(_, boost)), (idf, scored)) in by_field
                .iter_mut()
                .zip(fields)
                .zip(idf_by_field.iter().zip(&scored_by_field))
            {
                let positions = words.read(doc, &every_word);
                for word_of in &words_of {
                    let per_token: Vec<&[u32]> =
                        word_of.iter().map(|&w| &positions[w][..]).collect();
                    placed.standing = placed.standing.max(standing_of(&per_token));
                }
                let first: Vec<&[u32]> = words_of[0].iter().map(|&w| &positions[w][..]).collect();
                placed.pairs_score += boost * pairs_weight(&first, idf);
                for (word, weight) in scored {
                    // A term's frequency in a document is its count of positions.
                    let freq = positions[*word].len() as u32;
                    if freq > 0 {
                        placed.words_score += weight.score(norms.fieldnorm_id(doc), freq);
                    }
                }
            }
        }
    }
    Ok(tiers)
}

/// Candidates by segment, each segment's in doc order: postings are read
/// forward only.
fn by_segment(candidates: &[DocAddress]) -> BTreeMap<u32, Vec<DocId>> {
    let mut by_segment: BTreeMap<u32, Vec<DocId>> = BTreeMap::new();
    for address in candidates {
        by_segment
            .entry(address.segment_ord)
            .or_default()
            .push(address.doc_id);
    }
    by_segment
        .values_mut()
        .for_each(|docs| docs.sort_unstable());
    by_segment
}

/// The positions of some words in one field of one segment, read document
/// by document in increasing order.
struct WordPositions {
    postings: Vec<Option<SegmentPostings>>,
    positions: Vec<Vec<u32>>,
    /// The document each word's positions were last read for.
    read_for: Vec<Option<DocId>>,
}

impl WordPositions {
    fn open(
        searcher: &MemoSearcher,
        segment_ord: u32,
        field: Field,
        words: &[&str],
    ) -> Result<Self> {
        let mut postings = Vec::with_capacity(words.len());
        for word in words {
            let term = Term::from_field_text(field, word);
            postings.push(searcher.postings(
                segment_ord,
                &term,
                IndexRecordOption::WithFreqsAndPositions,
            )?);
        }
        Ok(WordPositions {
            positions: vec![Vec::new(); words.len()],
            read_for: vec![None; words.len()],
            postings,
        })
    }

    /// The positions in `doc` of the words of index `which` (empty where it
    /// has none), each read once per document; `doc` at or past the one
    /// asked before. The other words' positions are stale.
    fn read(&mut self, doc: DocId, which: &[usize]) -> &[Vec<u32>] {
        for &word in which {
            if self.read_for[word] == Some(doc) {
                continue;
            }
            self.read_for[word] = Some(doc);
            let positions = &mut self.positions[word];
            positions.clear();
            let Some(posting) = &mut self.postings[word] else {
                continue;
            };
            // `seek` wants a target at or past where the postings are.
            let at = if posting.doc() < doc {
                posting.seek(doc)
            } else {
                posting.doc()
            };
            if at == doc {
                posting.positions(positions);
            }
        }
        &self.positions
    }
}

/// True when, for some offset between query and text taken from one of the
/// first two rare tokens, every rare token but one at most is found within
/// one position of where that offset puts it.
fn aligned(at: &[(usize, usize)], positions: &[Vec<u32>]) -> bool {
    let near = |i: usize, word: usize, offset: i64| {
        let expected = i as i64 + offset;
        // The first position at or past one before where it is expected.
        let positions = &positions[word];
        let from = positions.partition_point(|&p| (p as i64) < expected - 1);
        positions
            .get(from)
            .is_some_and(|&p| p as i64 <= expected + 1)
    };
    at.iter().take(2).any(|&(anchor, word)| {
        positions[word].iter().any(|&p| {
            let offset = p as i64 - anchor as i64;
            at.iter().filter(|&&(i, w)| !near(i, w, offset)).count() <= 1
        })
    })
}

/// The tier of one text, from the sorted positions of each query token in it.
pub fn tier_of(positions: &[&[u32]]) -> Tier {
    standing_of(positions).tier
}

/// Where one text stands, from the sorted positions of each query token in it.
///
/// A chain follows the query's tokens in order through the text. A step from
/// token `i` at position `p` to token `j > i` at `q > p` is exact when
/// `j - i == 1` and `q - p == 1`; it is a slip when one word is skipped on
/// either side (a query word missing from the text, a text word missing from
/// the query, or one word changed). A chain with no slip through every token
/// is a phrase; one slip at most, counting tokens left off at either end, is
/// near. Of the chains with the fewest slips, the one holding the most query
/// words counts.
pub fn standing_of(positions: &[&[u32]]) -> Standing {
    let n = positions.len();
    if n < MIN_TIER_WORDS || positions.iter().filter(|p| !p.is_empty()).count() + 1 < n {
        return Standing::default();
    }
    // best[i][k]: the best chain ending at token i, position positions[i][k]:
    // the fewest slips (the tokens before its start counting one each), then
    // the most words.
    let mut best: Vec<Vec<(u8, u16)>> = Vec::with_capacity(n);
    let mut overall = (u8::MAX, 0u16);
    let better =
        |a: (u8, u16), b: (u8, u16)| (a.0, std::cmp::Reverse(a.1)) < (b.0, std::cmp::Reverse(b.1));
    for i in 0..n {
        let here: Vec<(u8, u16)> = positions[i]
            .iter()
            .map(|&p| {
                // Starting here leaves tokens 0..i off: a slip each.
                let mut chain = (u8::try_from(i).unwrap_or(u8::MAX), 1u16);
                let mut step = |back: usize, gap: u32, cost: u8| {
                    let (Some(j), Some(q)) = (i.checked_sub(back), p.checked_sub(gap)) else {
                        return;
                    };
                    if let Ok(k) = positions[j].binary_search(&q) {
                        let (slips, words) = best[j][k];
                        let longer = (slips.saturating_add(cost), words.saturating_add(1));
                        if better(longer, chain) {
                            chain = longer;
                        }
                    }
                };
                step(1, 1, 0); // the next word, next in the text
                step(1, 2, 1); // a word in the text the query dropped
                step(2, 2, 1); // a query word changed or mistyped in the text
                step(2, 1, 1); // a query word the text does not have
                chain
            })
            .collect();
        // Ending here leaves tokens i+1.. off: a slip each.
        let after = u8::try_from(n - 1 - i).unwrap_or(u8::MAX);
        for &(slips, words) in &here {
            let ended = (slips.saturating_add(after), words);
            if better(ended, overall) {
                overall = ended;
            }
        }
        best.push(here);
    }
    let tier = match overall.0 {
        0 => Tier::Phrase,
        1 => Tier::Near,
        _ => Tier::Rest,
    };
    Standing {
        tier,
        words: if tier == Tier::Rest { 0 } else { overall.1 },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tier of a text for a query, both as words (positions counted here).
    fn tier(query: &str, text: &str) -> Tier {
        let text: Vec<&str> = text.split(' ').collect();
        let positions: Vec<Vec<u32>> = query
            .split(' ')
            .map(|word| {
                text.iter()
                    .enumerate()
                    .filter(|(_, w)| *w == &word)
                    .map(|(p, _)| p as u32)
                    .collect()
            })
            .collect();
        let slices: Vec<&[u32]> = positions.iter().map(Vec::as_slice).collect();
        tier_of(&slices)
    }

    #[test]
    fn rare_words_line_up_only_where_the_text_can_stand_in_the_top_tiers() {
        // "the union of the producers in matters related to an": the rare
        // words are at query positions 1, 4, 6 and 7.
        let at = [(1, 0), (4, 1), (6, 2), (7, 3)];
        let text = |p: [&[u32]; 4]| p.iter().map(|x| x.to_vec()).collect::<Vec<_>>();
        // The phrase at position 100.
        assert!(aligned(&at, &text([&[101], &[104], &[106], &[107]])));
        // One word dropped from the text after "union": the rest one back.
        assert!(aligned(&at, &text([&[101], &[103], &[105], &[106]])));
        // The first rare word missing: the second anchors.
        assert!(aligned(&at, &text([&[], &[104], &[106], &[107]])));
        // Two missing, or the words scattered: no tier above the rest.
        assert!(!aligned(&at, &text([&[], &[], &[106], &[107]])));
        assert!(!aligned(&at, &text([&[101], &[150], &[30], &[107]])));
    }

    #[test]
    fn tiers_table() {
        let text = "officials said there may be interest rate consequences for banks";
        let cases = [
            ("there may be interest rate consequences", Tier::Phrase),
            ("may be interest", Tier::Phrase),
            // A word the user dropped, one mistyped, one added, one at either end.
            ("there may interest rate consequences", Tier::Near),
            ("there may be intrest rate consequences", Tier::Near),
            ("there may be some interest rate consequences", Tier::Near),
            ("xyz may be interest rate consequences", Tier::Near),
            ("there may be interest rate consequences now", Tier::Near),
            // Two slips, out of order, scattered.
            ("there be intrest rate consequences", Tier::Rest),
            ("consequences rate interest be may there", Tier::Rest),
            ("banks said officials", Tier::Rest),
            // One word makes no tier.
            ("interest", Tier::Rest),
        ];
        for (query, expected) in cases {
            assert_eq!(tier(query, text), expected, "{query}");
        }
    }

    #[test]
    fn among_near_texts_the_one_holding_more_words_stands_higher() {
        let positions = |query: &str, text: &str| {
            let text: Vec<&str> = text.split(' ').collect();
            query
                .split(' ')
                .map(|word| {
                    (0..text.len() as u32)
                        .filter(|&p| text[p as usize] == word)
                        .collect::<Vec<u32>>()
                })
                .collect::<Vec<_>>()
        };
        let query = "there is no need action";
        let all = positions(query, "there is no need for action now");
        let four = positions(query, "there is no need to worry");
        let standing =
            |p: &Vec<Vec<u32>>| standing_of(&p.iter().map(Vec::as_slice).collect::<Vec<_>>());
        assert_eq!(standing(&all).tier, Tier::Near);
        assert_eq!(standing(&four).tier, Tier::Near);
        assert!(standing(&all) > standing(&four));
    }

    #[test]
    fn a_repeated_word_is_followed_through_its_every_position() {
        let text = "the deal and the talks: no deal until there is a deal";
        assert_eq!(tier("no deal until there is a deal", text), Tier::Phrase);
    }
}
