//! The searcher of one search, remembering each term it looked up.
//!
//! A pasted sentence's words are looked up again and again in one search:
//! whether the index holds them, how many documents do, their BM25 weight,
//! their postings for the term-at-a-time pass, their positions for the
//! tiers, each in every segment's term dictionary. A dictionary lookup walks
//! an FST: a tenth of a pasted sentence's search went to repeating them.
//! Each term is now looked up once per segment and its entries kept for the
//! rest of the search.

use std::cell::RefCell;
use std::ops::Deref;
use std::rc::Rc;
use std::sync::Arc;

use rustc_hash::FxHashMap;
use tantivy::postings::{BlockSegmentPostings, SegmentPostings, TermInfo};
use tantivy::query::Bm25StatisticsProvider;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{InvertedIndexReader, Searcher, Term};

/// A [`Searcher`] for one search that keeps every term's dictionary entries,
/// one per segment. It derefs to the searcher for everything else.
pub struct MemoSearcher<'s> {
    searcher: &'s Searcher,
    entries: RefCell<FxHashMap<Term, Rc<[Option<TermInfo>]>>>,
}

impl<'s> MemoSearcher<'s> {
    /// A memo over `searcher`, empty.
    pub fn new(searcher: &'s Searcher) -> Self {
        MemoSearcher {
            searcher,
            entries: RefCell::default(),
        }
    }

    /// The term's entry in each segment's dictionary, by segment ordinal.
    fn entries(&self, term: &Term) -> tantivy::Result<Rc<[Option<TermInfo>]>> {
        if let Some(entries) = self.entries.borrow().get(term) {
            return Ok(entries.clone());
        }
        let mut entries = Vec::with_capacity(self.searcher.segment_readers().len());
        for reader in self.searcher.segment_readers() {
            entries.push(reader.inverted_index(term.field())?.get_term_info(term)?);
        }
        let entries: Rc<[Option<TermInfo>]> = entries.into();
        self.entries
            .borrow_mut()
            .insert(term.clone(), entries.clone());
        Ok(entries)
    }

    /// How many documents hold the term, as [`Searcher::doc_freq`] counts them.
    pub fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        Ok(self
            .entries(term)?
            .iter()
            .flatten()
            .map(|entry| u64::from(entry.doc_freq))
            .sum())
    }

    /// The term's postings in one segment, none when it holds no such term.
    pub fn postings(
        &self,
        segment_ord: u32,
        term: &Term,
        option: IndexRecordOption,
    ) -> tantivy::Result<Option<SegmentPostings>> {
        let Some((inverted, entry)) = self.located(segment_ord, term)? else {
            return Ok(None);
        };
        Ok(Some(inverted.read_postings_from_terminfo(&entry, option)?))
    }

    /// The term's postings in one segment, read block by block; none when it
    /// holds no such term.
    pub fn block_postings(
        &self,
        segment_ord: u32,
        term: &Term,
        option: IndexRecordOption,
    ) -> tantivy::Result<Option<BlockSegmentPostings>> {
        let Some((inverted, entry)) = self.located(segment_ord, term)? else {
            return Ok(None);
        };
        Ok(Some(
            inverted.read_block_postings_from_terminfo(&entry, option)?,
        ))
    }

    /// The term's field's inverted index in one segment and the term's entry
    /// there, none when the segment lacks the term.
    fn located(
        &self,
        segment_ord: u32,
        term: &Term,
    ) -> tantivy::Result<Option<(Arc<InvertedIndexReader>, TermInfo)>> {
        let Some(entry) = self
            .entries(term)?
            .get(segment_ord as usize)
            .cloned()
            .flatten()
        else {
            return Ok(None);
        };
        let inverted = self
            .searcher
            .segment_reader(segment_ord)
            .inverted_index(term.field())?;
        Ok(Some((inverted, entry)))
    }
}

impl Deref for MemoSearcher<'_> {
    type Target = Searcher;

    fn deref(&self) -> &Searcher {
        self.searcher
    }
}

/// BM25's statistics with the terms' counts from the memo.
impl Bm25StatisticsProvider for MemoSearcher<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        self.searcher.total_num_tokens(field)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        self.searcher.total_num_docs()
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        MemoSearcher::doc_freq(self, term)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::{Schema, TEXT};
    use tantivy::{Index, doc};

    #[test]
    fn counts_and_postings_match_the_searchers_own() {
        let mut schema = Schema::builder();
        let body = schema.add_text_field("body", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer: tantivy::IndexWriter =
            index.writer_with_num_threads(1, 15_000_000).unwrap();
        writer.add_document(doc!(body => "grain deal")).unwrap();
        writer.commit().unwrap();
        writer.add_document(doc!(body => "grain corridor")).unwrap();
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let memo = MemoSearcher::new(&searcher);
        for word in ["grain", "deal", "corridor", "absent"] {
            let term = Term::from_field_text(body, word);
            assert_eq!(
                memo.doc_freq(&term).unwrap(),
                searcher.doc_freq(&term).unwrap()
            );
            // Asked twice, from the memo the second time.
            assert_eq!(
                memo.doc_freq(&term).unwrap(),
                searcher.doc_freq(&term).unwrap()
            );
        }
        let grain = Term::from_field_text(body, "grain");
        for segment in 0..searcher.segment_readers().len() as u32 {
            let postings = memo
                .postings(segment, &grain, IndexRecordOption::Basic)
                .unwrap();
            assert!(postings.is_some(), "segment {segment} holds grain");
        }
        let deal = Term::from_field_text(body, "deal");
        let in_segments: Vec<bool> = (0..2)
            .map(|s| {
                memo.postings(s, &deal, IndexRecordOption::Basic)
                    .unwrap()
                    .is_some()
            })
            .collect();
        assert_eq!(in_segments.iter().filter(|held| **held).count(), 1);
    }
}
