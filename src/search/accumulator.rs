//! Plain text matched term at a time: each term's postings read once, whole,
//! into a score and a count of the words held per document.
//!
//! tantivy answers a "k of n words" query by merging the n words' postings
//! document by document in a heap, through a scorer per term: for pasted
//! text, with its ten words in three fields and as stems, that merge is most
//! of the search. Reading each term's postings block by block into arrays
//! indexed by document, as search engines have done since before heaps
//! (term-at-a-time accumulation), gives the same matches and scores for a
//! fraction of the work. The pass also yields, for free, the documents
//! holding all of the words but one: the only ones that can stand in the
//! phrase tiers.

use std::cell::RefCell;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::fieldnorm::FieldNormReader;
use tantivy::query::{Bm25Weight, EnableScoring, Query};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocId, DocSet, Score, TERMINATED};

use super::query::PlainMatch;

/// The most words a pass tracks (a document's count of them is a byte).
pub const MAX_WORDS: usize = 254;

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
/// of its matching words and that `filter` matches, each scored as the
/// plain-text query scores it (each term's BM25 times its boost, summed)
/// plus what `filter` adds. Deleted documents are left out, as tantivy does.
pub fn search<C: Collector>(
    searcher: &tantivy::Searcher,
    plain: &PlainMatch,
    filter: &dyn Query,
    collector: &C,
    listed: NearlyWhole,
) -> tantivy::Result<Accumulated<C::Fruit>> {
    let scoring = EnableScoring::enabled_from_searcher(searcher);
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
    let filter = filter.weight(scoring)?;
    let mut fruits = Vec::with_capacity(searcher.segment_readers().len());
    let mut nearly_whole: Vec<(u32, Score, DocAddress)> = Vec::new();
    for (ord, reader) in searcher.segment_readers().iter().enumerate() {
        let ord = ord as u32;
        let mut child = collector.for_segment(ord, reader)?;
        let mut filter = filter.scorer(reader, 1.0)?;
        SCRATCH.with(|scratch| -> tantivy::Result<()> {
            let mut scratch = scratch.borrow_mut();
            scratch.clear(reader.max_doc());
            for (word, terms) in words.iter().enumerate() {
                for (term, weight) in terms {
                    let inverted = reader.inverted_index(term.field())?;
                    let Some(mut postings) =
                        inverted.read_block_postings(term, IndexRecordOption::WithFreqs)?
                    else {
                        continue;
                    };
                    let norms = reader
                        .fieldnorms_readers()
                        .get_field(term.field())?
                        .unwrap_or_else(|| FieldNormReader::constant(reader.max_doc(), 1));
                    while !postings.docs().is_empty() {
                        for (&doc, &freq) in postings.docs().iter().zip(postings.freqs()) {
                            scratch.hold(doc, word);
                            scratch.add(doc, weight.score(norms.fieldnorm_id(doc), freq));
                        }
                        postings.advance();
                    }
                }
            }
            let alive = reader.alive_bitset();
            for (doc, held, score) in scratch.touched() {
                if held < plain.required || alive.is_some_and(|a| !a.is_alive(doc)) {
                    continue;
                }
                // `seek` wants a target at or past where the filter is.
                let at = match filter.doc() {
                    TERMINATED => break,
                    at if at < doc => filter.seek(doc),
                    at => at,
                };
                if at != doc {
                    continue;
                }
                let score = score + filter.score();
                child.collect(doc, score);
                if held >= listed.from {
                    nearly_whole.push((held as u32, score, DocAddress::new(ord, doc)));
                }
            }
            Ok(())
        })?;
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

thread_local! {
    /// One segment's accumulators, kept per thread between searches: zeroing
    /// arrays as long as the largest segment on every search would cost more
    /// than the pass itself, so only the entries a search touched are reset.
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Per document of one segment: how many words it holds and the last one
/// counted, and its score so far, with a bitmap of the documents touched.
/// Two bytes a document, not a bit set of the words: the pass is bound by
/// the memory it touches at random, and this keeps it in the cache.
#[derive(Default)]
struct Scratch {
    held: Vec<Held>,
    scores: Vec<Score>,
    touched: Vec<u64>,
}

impl Scratch {
    /// Ready for a segment of `max_doc` documents: every entry the last pass
    /// touched is reset (even one a panic cut short), and the arrays grown.
    fn clear(&mut self, max_doc: DocId) {
        for (block, bits) in self.touched.iter_mut().enumerate() {
            let mut rest = *bits;
            while rest != 0 {
                let doc = block * 64 + rest.trailing_zeros() as usize;
                self.held[doc] = Held::default();
                self.scores[doc] = 0.0;
                rest &= rest - 1;
            }
            *bits = 0;
        }
        let max_doc = max_doc as usize;
        if self.held.len() < max_doc {
            self.held.resize(max_doc, Held::default());
            self.scores.resize(max_doc, 0.0);
            self.touched.resize(max_doc.div_ceil(64), 0);
        }
    }

    /// `doc` holds the word `word`; a word's terms come one after another,
    /// so the word is counted once however many of them the document has.
    #[inline]
    fn hold(&mut self, doc: DocId, word: usize) {
        let doc = doc as usize;
        self.touched[doc / 64] |= 1 << (doc % 64);
        let held = &mut self.held[doc];
        let mark = word as u8 + 1;
        if held.last != mark {
            held.last = mark;
            held.words += 1;
        }
    }

    /// One of `doc`'s terms adds `score`.
    #[inline]
    fn add(&mut self, doc: DocId, score: Score) {
        self.scores[doc as usize] += score;
    }

    /// The documents touched, in order: each with how many words it holds
    /// and its score.
    fn touched(&self) -> impl Iterator<Item = (DocId, usize, Score)> + '_ {
        self.touched
            .iter()
            .enumerate()
            .flat_map(|(block, &bits)| {
                std::iter::successors((bits != 0).then_some(bits), |rest| {
                    let next = rest & (rest - 1);
                    (next != 0).then_some(next)
                })
                .map(move |rest| block * 64 + rest.trailing_zeros() as usize)
            })
            .map(|doc| {
                (
                    doc as DocId,
                    self.held[doc].words as usize,
                    self.scores[doc],
                )
            })
    }
}

/// How many of the text's words a document holds, and the last one counted
/// (its index plus one; zero for none).
#[derive(Default, Clone, Copy)]
struct Held {
    last: u8,
    words: u8,
}
