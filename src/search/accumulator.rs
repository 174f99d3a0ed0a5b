//! Plain text matched term at a time: each term's postings read once, whole,
//! into a score and a count of the words held per document.
//!
//! tantivy answers a "k of n words" query by merging the n words' postings
//! document by document in a heap, through a scorer per term: for pasted
//! text, with its ten words in two or three fields each, that merge is most
//! of the search. Reading each term's postings block by block into
//! accumulators, as search engines have done since before heaps
//! (term-at-a-time accumulation), gives the same matches and scores for a
//! fraction of the work. The accumulators cover a window of documents at a
//! time, every term adding to it before the next (as Lucene's
//! `BooleanScorer` does), so they stay in the cache. The pass also yields,
//! for free, the documents holding all of the words but one: the only ones
//! that can stand in the phrase tiers.

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::BlockSegmentPostings;
use tantivy::query::{Bm25Weight, EnableScoring, Query};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocId, Score, TERMINATED};

use super::memo::MemoSearcher;
use super::query::PlainMatch;

/// The most words a pass tracks (a document's are bits of a `u32`).
pub const MAX_WORDS: usize = 32;

/// Which documents a pass lists besides running the collector: those holding
/// `from` of the words at least (see [`Accumulated::nearly_whole`]), at most `limit`.
pub struct NearlyWhole {
    /// The fewest words a listed document holds.
    pub from: usize,
    /// The most documents listed: those holding the most words are kept, the
    /// best scored first among equals.
    pub limit: usize,
}

/// What one pass over plain text's postings gives besides the collector's fruit.
pub struct Accumulated<F> {
    /// What the collector made of every matching document.
    pub fruit: F,
    /// The matching documents holding the words asked ([`NearlyWhole`]),
    /// with their scores: all of the words but one, the only documents that
    /// can stand in the phrase tiers.
    pub nearly_whole: Vec<(DocAddress, Score)>,
}

/// Runs `collector` over the documents that hold at least `plain.required`
/// of its matching words and that `filter` matches (all of them without
/// one), each scored as the plain-text query scores it (each term's BM25
/// times its boost, summed) plus what `filter` adds. Deleted documents are
/// left out, as tantivy does.
pub fn search<C: Collector>(
    searcher: &MemoSearcher,
    plain: &PlainMatch,
    filter: Option<&dyn Query>,
    collector: &C,
    listed: NearlyWhole,
) -> tantivy::Result<Accumulated<C::Fruit>> {
    let scoring = EnableScoring::enabled_from_statistics_provider(searcher, searcher);
    // Each matching word's terms, with their weights: index-wide statistics,
    // so computed once for every segment.
    let mut words: Vec<Vec<(tantivy::Term, Bm25Weight)>> = Vec::new();
    for word in plain.words.iter().filter(|w| !w.scoring_only) {
        let mut terms = Vec::with_capacity(word.terms.len());
        for (term, boost) in &word.terms {
            let weight = Bm25Weight::for_terms(searcher, std::slice::from_ref(term))?;
            terms.push((term.clone(), weight.boost_by(*boost)));
        }
        words.push(terms);
    }
    debug_assert!(words.len() <= MAX_WORDS);
    let filter = filter.map(|filter| filter.weight(scoring)).transpose()?;
    let mut fruits = Vec::with_capacity(searcher.segment_readers().len());
    let mut nearly_whole: Vec<(u32, Score, DocAddress)> = Vec::new();
    let mut window = Window::default();
    for (ord, reader) in searcher.segment_readers().iter().enumerate() {
        let ord = ord as u32;
        let mut child = collector.for_segment(ord, reader)?;
        let mut filter = filter
            .as_ref()
            .map(|filter| filter.scorer(reader, 1.0))
            .transpose()?;
        let mut cursors = Vec::new();
        for (word, terms) in words.iter().enumerate() {
            for (term, weight) in terms {
                let Some(postings) =
                    searcher.block_postings(ord, term, IndexRecordOption::WithFreqs)?
                else {
                    continue;
                };
                let norms = reader
                    .fieldnorms_readers()
                    .get_field(term.field())?
                    .unwrap_or_else(|| FieldNormReader::constant(reader.max_doc(), 1));
                cursors.push(Cursor {
                    postings,
                    at: 0,
                    bit: 1 << word,
                    weight,
                    norms,
                });
            }
        }
        let alive = reader.alive_bitset();
        // Window after window of documents, each skipping to the first
        // document a term still has.
        while let Some(first) = cursors.iter().filter_map(Cursor::doc).min() {
            let start = first - first % WINDOW as DocId;
            let end = start.saturating_add(WINDOW as DocId);
            for cursor in &mut cursors {
                cursor.add_below(end, start, &mut window);
            }
            window.drain(|offset, words, score| {
                let doc = start + offset;
                let held = words.count_ones() as usize;
                if held < plain.required || alive.is_some_and(|a| !a.is_alive(doc)) {
                    return;
                }
                let score = match &mut filter {
                    Some(filter) => {
                        // `seek` wants a target at or past where the filter is.
                        let at = match filter.doc() {
                            TERMINATED => return,
                            at if at < doc => filter.seek(doc),
                            at => at,
                        };
                        if at != doc {
                            return;
                        }
                        score + filter.score()
                    }
                    None => score,
                };
                child.collect(doc, score);
                if held >= listed.from {
                    nearly_whole.push((held as u32, score, DocAddress::new(ord, doc)));
                }
            });
        }
        fruits.push(child.harvest());
    }
    let best_first = |a: &(u32, Score, DocAddress), b: &(u32, Score, DocAddress)| {
        b.0.cmp(&a.0)
            .then_with(|| b.1.total_cmp(&a.1))
            .then_with(|| a.2.cmp(&b.2))
    };
    if nearly_whole.len() > listed.limit {
        nearly_whole.select_nth_unstable_by(listed.limit, best_first);
        nearly_whole.truncate(listed.limit);
    }
    Ok(Accumulated {
        fruit: collector.merge_fruits(fruits)?,
        nearly_whole: nearly_whole
            .into_iter()
            .map(|(_, score, address)| (address, score))
            .collect(),
    })
}

/// Documents are accumulated this many at a time (as Lucene's
/// `BooleanScorer` does): the window's entries stay in the first-level cache
/// while every term adds to them, where entries for a whole segment would be
/// read from memory at random, one miss a posting.
const WINDOW: usize = 2048;

/// One term's postings in one segment, read block by block, with what scores it.
struct Cursor<'a> {
    postings: BlockSegmentPostings,
    /// The next posting in the current block.
    at: usize,
    /// The bit of the term's word.
    bit: u32,
    weight: &'a Bm25Weight,
    norms: FieldNormReader,
}

impl Cursor<'_> {
    /// The next document the term holds, none when its postings are done.
    fn doc(&self) -> Option<DocId> {
        self.postings.docs().get(self.at).copied()
    }

    /// Adds the term's postings before `end` to `window`, which starts at `start`.
    fn add_below(&mut self, end: DocId, start: DocId, window: &mut Window) {
        loop {
            let docs = self.postings.docs();
            if docs.is_empty() {
                return;
            }
            let freqs = self.postings.freqs();
            let mut at = self.at;
            while at < docs.len() && docs[at] < end {
                let doc = docs[at];
                let score = self.weight.score(self.norms.fieldnorm_id(doc), freqs[at]);
                window.add((doc - start) as usize, self.bit, score);
                at += 1;
            }
            if at < docs.len() {
                self.at = at;
                return;
            }
            self.postings.advance();
            self.at = 0;
        }
    }
}

/// The accumulators of one window of documents: per document, the words it
/// holds (a bit each, so a word held through two fields counts once) and
/// its score, with a bitmap of those touched.
struct Window {
    entries: Box<[Entry; WINDOW]>,
    touched: [u64; WINDOW / 64],
}

impl Default for Window {
    fn default() -> Self {
        Window {
            entries: Box::new([Entry::default(); WINDOW]),
            touched: [0; WINDOW / 64],
        }
    }
}

/// One document's words held, a bit each, and its score.
#[derive(Default, Clone, Copy)]
struct Entry {
    words: u32,
    score: Score,
}

impl Window {
    /// The document at `offset` holds the word of `bit` through a term adding `score`.
    #[inline]
    fn add(&mut self, offset: usize, bit: u32, score: Score) {
        self.touched[offset / 64] |= 1 << (offset % 64);
        let entry = &mut self.entries[offset];
        entry.words |= bit;
        entry.score += score;
    }

    /// Calls `each` with the documents touched, in order (offset, words,
    /// score), and resets their entries.
    fn drain(&mut self, mut each: impl FnMut(DocId, u32, Score)) {
        for (block, bits) in self.touched.iter_mut().enumerate() {
            let mut rest = std::mem::take(bits);
            while rest != 0 {
                let offset = block * 64 + rest.trailing_zeros() as usize;
                rest &= rest - 1;
                let entry = std::mem::take(&mut self.entries[offset]);
                each(offset as DocId, entry.words, entry.score);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::query::WordTerms;
    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, TermQuery};
    use tantivy::schema::{Schema, TEXT};
    use tantivy::{Index, IndexWriter, TantivyDocument, Term};

    /// Documents spread over several windows and two segments, the pass
    /// against tantivy's own "2 of 3 words" query.
    #[test]
    fn the_pass_matches_and_scores_as_a_boolean_query_across_windows() {
        let mut schema = Schema::builder();
        let body = schema.add_text_field("body", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for n in 0..(3 * WINDOW + 100) {
            let mut text = String::from("filler");
            for (word, every) in [("alpha", 3), ("beta", 5), ("gamma", 7)] {
                if n % every == 0 {
                    // Term frequencies and lengths vary, so scores differ.
                    for _ in 0..1 + n % 3 {
                        text.push(' ');
                        text.push_str(word);
                    }
                }
            }
            let mut doc = TantivyDocument::new();
            doc.add_text(body, &text);
            writer.add_document(doc).unwrap();
            if n == WINDOW + 7 {
                writer.commit().unwrap();
            }
        }
        writer.commit().unwrap();
        let tantivy = index.reader().unwrap().searcher();
        assert_eq!(tantivy.segment_readers().len(), 2);
        let searcher = MemoSearcher::new(&tantivy);
        let words = ["alpha", "beta", "gamma"];
        let plain = PlainMatch {
            words: words
                .iter()
                .map(|w| WordTerms {
                    word: w.to_string(),
                    terms: vec![(Term::from_field_text(body, w), 1.0)],
                    scoring_only: false,
                })
                .collect(),
            required: 2,
        };
        let clauses: Vec<(Occur, Box<dyn Query>)> = words
            .iter()
            .map(|w| {
                let term =
                    TermQuery::new(Term::from_field_text(body, w), IndexRecordOption::WithFreqs);
                (Occur::Should, Box::new(term) as Box<dyn Query>)
            })
            .collect();
        let query = BooleanQuery::with_minimum_required_clauses(clauses, 2);
        let collector = (TopDocs::with_limit(50).order_by_score(), Count);
        let (expected_top, expected_count) = tantivy.search(&query, &collector).unwrap();
        let everything = ConstScoreQuery::new(Box::new(tantivy::query::AllQuery), 0.0);
        let listed = NearlyWhole {
            from: 3,
            limit: 10_000,
        };
        let pass = search(&searcher, &plain, Some(&everything), &collector, listed).unwrap();
        let (top, count) = pass.fruit;
        assert_eq!(count, expected_count);
        assert_eq!(top.len(), expected_top.len());
        for ((score, _), (expected, _)) in top.iter().zip(&expected_top) {
            assert!((score - expected).abs() < 1e-4, "{score} vs {expected}");
        }
        // Every third, fifth and seventh document: all three words.
        let whole = (0..3 * WINDOW + 100).filter(|n| n % 105 == 0).count();
        assert_eq!(pass.nearly_whole.len(), whole);
    }
}
