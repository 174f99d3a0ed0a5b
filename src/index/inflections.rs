//! The token filter of the `stemmed` analyzer: inflected words only, as their stems.
//!
//! The stems field is there for recall of a word's other forms ("elections"
//! for "election"). A word that is its own stem ("the", "said", "deal") adds
//! nothing the exact-word fields do not already hold, yet most words of news
//! text are such words: indexing them twice made indexing half as slow
//! again. This filter keeps only the words Snowball's English stemmer
//! changes, as their stems; search looks a query word's stem up both here
//! and, as a word, in the exact fields. Stems are remembered per tokenizer,
//! as news reuses the same few thousand words.

use rustc_hash::FxHashMap;
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Keeps the tokens the English stemmer changes, as their stems.
#[derive(Clone, Default)]
pub struct InflectionsOnly;

impl TokenFilter for InflectionsOnly {
    type Tokenizer<T: Tokenizer> = InflectionsTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> InflectionsTokenizer<T> {
        InflectionsTokenizer {
            inner: tokenizer,
            stems: FxHashMap::default(),
        }
    }
}

/// Words remembered per tokenizer, at most: beyond, the memory is cleared.
const REMEMBERED_WORDS: usize = 1 << 16;

/// [`InflectionsOnly`] over a tokenizer.
#[derive(Clone)]
pub struct InflectionsTokenizer<T> {
    inner: T,
    /// Each word seen, with its stem when that differs from it.
    stems: FxHashMap<String, Option<String>>,
}

impl<T: Tokenizer> Tokenizer for InflectionsTokenizer<T> {
    type TokenStream<'a> = InflectionsStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        if self.stems.len() > REMEMBERED_WORDS {
            self.stems.clear();
        }
        InflectionsStream {
            tail: self.inner.token_stream(text),
            stems: &mut self.stems,
            stemmer: frostem::Stemmer::new(frostem::Algorithm::English),
        }
    }
}

/// The tokens of a text that are inflected, as their stems.
pub struct InflectionsStream<'a, T> {
    tail: T,
    stems: &'a mut FxHashMap<String, Option<String>>,
    stemmer: frostem::Stemmer,
}

impl<T: TokenStream> TokenStream for InflectionsStream<'_, T> {
    fn advance(&mut self) -> bool {
        while self.tail.advance() {
            let token = self.tail.token_mut();
            let stem = match self.stems.get(&token.text) {
                Some(stem) => stem.clone(),
                None => {
                    let stemmed = self.stemmer.stem(&token.text);
                    let stem = (stemmed != token.text).then(|| stemmed.into_owned());
                    self.stems.insert(token.text.clone(), stem.clone());
                    stem
                }
            };
            if let Some(stem) = stem {
                token.text = stem;
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}
