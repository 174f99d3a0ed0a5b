//! Extraction: from an [`Article`] to its quotations, speakers, people and places.
//!
//! The article is read as a sequence of [`Unit`]s (headline, sub-headings,
//! paragraphs), and [`extract`] runs the pipeline in order: [`quotes`] finds
//! the quotation spans, [`people`] builds the table of people from the text
//! outside them, [`attribution`] gives each quotation its speaker, and
//! [`places`] finds the places named (through the [`gazetteer`], leaving out
//! words of people's names). [`record`] is the `extract --json` line, and
//! [`batch`] extracts whole folders in the order `index` walks them.

pub mod attribution;
pub mod batch;
pub mod gazetteer;
pub mod people;
pub mod places;
pub mod quotes;
pub mod record;
pub mod sentences;
pub mod words;

use serde::Serialize;

use crate::article::Article;

/// What kind of text a unit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitKind {
    /// The headline.
    Headline,
    /// A sub-heading.
    Heading,
    /// A body paragraph.
    Paragraph,
}

/// One block of an article's text, in reading order.
#[derive(Debug, Clone)]
pub struct Unit<'a> {
    /// The text.
    pub text: &'a str,
    /// Headline, sub-heading or paragraph.
    pub kind: UnitKind,
    /// For paragraphs, their number in the body (from 0).
    pub paragraph: Option<usize>,
    /// The sub-heading it falls under.
    pub section: Option<&'a str>,
}

/// The units of an article: headline, then each section's heading and paragraphs.
pub fn units(article: &Article) -> Vec<Unit<'_>> {
    let mut units = vec![Unit {
        text: &article.headline,
        kind: UnitKind::Headline,
        paragraph: None,
        section: None,
    }];
    let mut paragraph = 0;
    for section in &article.sections {
        let title = section.title.as_deref();
        if let Some(title) = title {
            units.push(Unit {
                text: title,
                kind: UnitKind::Heading,
                paragraph: None,
                section: Some(title),
            });
        }
        for text in &section.paragraphs {
            units.push(Unit {
                text,
                kind: UnitKind::Paragraph,
                paragraph: Some(paragraph),
                section: title,
            });
            paragraph += 1;
        }
    }
    units
}

/// Whether a speaker is a person, an organisation, or someone the article
/// only describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SpeakerKind {
    /// A person, by canonical full name.
    Person,
    /// An organisation ("White House", "Kremlin").
    Organization,
    /// Someone or something the article describes without naming ("a
    /// Democratic source", "the report"): the speaker is the description.
    Unnamed,
}

/// One direct quotation with its speaker.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quote {
    /// The words between the marks, verbatim.
    pub text: String,
    /// The canonical name of who said it, `None` when unknown or not speech.
    pub speaker: Option<String>,
    /// Person or organisation, when there is a speaker.
    pub speaker_kind: Option<SpeakerKind>,
    /// The speaker's role as the article gives it ("Russian President").
    pub role: Option<String>,
    /// The speaker as the text names them here ("he", "the president", "Trump").
    pub mention: Option<String>,
    /// The reporting verb or phrase ("said", "told", "according to").
    pub cue: Option<String>,
    /// The body paragraph it opens in (from 0); `None` in the headline or a sub-heading.
    pub paragraph: Option<usize>,
    /// The sub-heading it falls under.
    pub section: Option<String>,
}

/// Everything extracted from one article.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Extraction {
    /// Quotations in reading order.
    pub quotes: Vec<Quote>,
    /// People named in the article, most mentioned first.
    pub people: Vec<people::Person>,
    /// Places named in the article, most mentioned first.
    pub places: Vec<places::Place>,
}

impl Extraction {
    /// The distinct speakers of the article's quotations, in order of first quotation.
    pub fn speakers(&self) -> Vec<&str> {
        let mut speakers: Vec<&str> = Vec::new();
        for name in self.quotes.iter().filter_map(|q| q.speaker.as_deref()) {
            if !speakers.contains(&name) {
                speakers.push(name);
            }
        }
        speakers
    }
}

/// Extracts quotations, speakers, people and places from an article, in
/// that order: each step reads what the ones before it found.
pub fn extract(article: &Article) -> Extraction {
    let units = units(article);
    let quotations = quotes::in_units(&units);
    let mut table = people::PersonTable::build(&quotations.body_outside_quotes(&units));
    let quotes = attribution::attribute(&units, &quotations, &mut table);
    let places = places::find(&units, article.dateline.as_deref(), &table);
    Extraction {
        quotes,
        people: table.into_people_by_mentions(),
        places,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Section;

    /// One paragraph of `n` quotations, each written as `shape` gives it.
    fn one_paragraph(n: usize, shape: fn(usize) -> String) -> Article {
        let paragraph = (0..n).map(shape).collect::<Vec<_>>().join(" ");
        Article {
            headline: "Talks".into(),
            sections: vec![Section {
                title: None,
                paragraphs: vec![paragraph],
            }],
            ..Article::default()
        }
    }

    /// The quotations of an article made of `paragraphs`.
    fn quotes_of(paragraphs: &[&str]) -> Vec<Quote> {
        let article = Article {
            headline: "Talks".into(),
            sections: vec![Section {
                title: None,
                paragraphs: paragraphs.iter().map(|p| p.to_string()).collect(),
            }],
            ..Article::default()
        };
        extract(&article).quotes
    }

    /// The speaker and its kind of the quotation opening with `text`.
    fn speaker_of<'q>(quotes: &'q [Quote], text: &str) -> (Option<&'q str>, Option<SpeakerKind>) {
        let quote = quotes
            .iter()
            .find(|q| q.text.starts_with(text))
            .unwrap_or_else(|| panic!("no quotation “{text}…” in {quotes:?}"));
        (quote.speaker.as_deref(), quote.speaker_kind)
    }

    #[test]
    fn a_speaker_described_but_not_named_is_the_description() {
        let quotes = quotes_of(&[
            "\"The program must end,\" the report said.",
            "\"Republicans are in a frenzy,\" one Democratic source on the panel said.",
            "\"We live in a hard world,\" my father often said.",
            "\"It cannot wait,\" some people have said.",
        ]);
        let unnamed = |d| (Some(d), Some(SpeakerKind::Unnamed));
        assert_eq!(speaker_of(&quotes, "The program"), unnamed("the report"));
        assert_eq!(
            speaker_of(&quotes, "Republicans"),
            unnamed("one Democratic source on the panel")
        );
        assert_eq!(speaker_of(&quotes, "We live"), unnamed("my father"));
        assert_eq!(speaker_of(&quotes, "It cannot"), unnamed("some people"));
        // "the paper quoted X as saying" names the one who spoke.
        let quoted = quotes_of(&["\"Nothing will change,\" the paper quoted Jane Roe as saying."]);
        assert_eq!(speaker_of(&quoted, "Nothing").0, Some("Jane Roe"));
    }

    #[test]
    fn a_title_in_running_text_is_a_name_not_something_said() {
        let quotes = quotes_of(&[
            "Senator Jane Roe said on \"Face the Nation,\" that the bill would pass.",
            "\"We can still win this,\" Roe said, quoting \"A Change Is Gonna Come.\"",
            "\"We're America,\" Roe told the crowd.",
            "Roe called him \"A Modern Fagin.\" \"He Never Listens To Anyone?\" she asked.",
            "\"It is over,\" Roe said. \"Axis of Evil\" was the phrase of the day. \"We move on.\"",
        ]);
        assert_eq!(speaker_of(&quotes, "Face the Nation").0, None);
        assert_eq!(speaker_of(&quotes, "A Change").0, None);
        assert_eq!(speaker_of(&quotes, "We can").0, Some("Jane Roe"));
        // Speech set in capitals by a pronoun, or broken into sentences, is speech.
        assert_eq!(speaker_of(&quotes, "We're America").0, Some("Jane Roe"));
        assert_eq!(speaker_of(&quotes, "A Modern Fagin").0, None);
        assert_eq!(speaker_of(&quotes, "He Never").0, Some("Jane Roe"));
        // A title between two quotations does not end the run of one speaker.
        assert_eq!(speaker_of(&quotes, "Axis of Evil").0, None);
        assert_eq!(speaker_of(&quotes, "We move on").0, Some("Jane Roe"));
        assert!(super::attribution::is_title(
            "Collapse: How Societies Choose to Fail or Succeed,"
        ));
        assert!(!super::attribution::is_title("Here We Go. Again And Again"));
        assert!(!super::attribution::is_title(
            "no deal until there is a deal"
        ));
    }

    #[test]
    fn a_capitalised_cue_word_inside_a_name_is_not_a_cue() {
        let quotes = quotes_of(&[
            "\"Their strategy is clear,\" Michael McFaul, a senior fellow and a former \
             United States ambassador to Russia, said.",
        ]);
        assert_eq!(speaker_of(&quotes, "Their").0, Some("Michael McFaul"));
    }

    #[test]
    fn the_speaker_is_the_person_before_of_not_the_place_after_it() {
        let quotes = quotes_of(&[
            "\"It is very smart,\" said Representative Charles B. Rangel of New York.",
        ]);
        assert_eq!(speaker_of(&quotes, "It is").0, Some("Charles B. Rangel"));
    }

    #[test]
    fn whoever_a_sentence_says_spoke_is_a_person_for_the_pronouns_after() {
        let quotes = quotes_of(&[
            "Johnnie Wilson, of Springfield, Va., said he had fought in Vietnam.",
            "He said the museum mattered. \"We made major contributions,\" he said.",
        ]);
        assert_eq!(speaker_of(&quotes, "We made").0, Some("Johnnie Wilson"));
    }

    #[test]
    fn appositives_with_abbreviations_and_cue_like_nouns_still_lead_to_the_cue() {
        let quotes = quotes_of(&[
            "\"It is an invasion,\" Scott Pruitt, the attorney general of Oklahoma, one of \
             the states suing the agency, said at an event.",
            "\"The veto will be overridden,\" Senate Majority Leader Mitch McConnell, R-Ky., \
             said Tuesday.",
        ]);
        assert_eq!(speaker_of(&quotes, "It is").0, Some("Scott Pruitt"));
        assert_eq!(speaker_of(&quotes, "The veto").0, Some("Mitch McConnell"));
    }

    #[test]
    fn a_clause_before_the_quotation_names_its_speaker_however_it_is_ordered() {
        let quotes = quotes_of(&[
            "Ryan Ellis studies taxes. Said Ellis: \"I do not see the interest.\"",
            "Howard Dean, a former party chairman, poked at the debate, tweeting, \
             \"Notice the sniffing all the time.\"",
            "The New York businessman says of his rival, \"She will sell the office.\"",
        ]);
        assert_eq!(speaker_of(&quotes, "I do not").0, Some("Ryan Ellis"));
        assert_eq!(speaker_of(&quotes, "Notice").0, Some("Howard Dean"));
        assert_eq!(
            speaker_of(&quotes, "She will"),
            (Some("the New York businessman"), Some(SpeakerKind::Unnamed))
        );
    }

    #[test]
    fn a_clause_set_off_by_commas_before_the_cue_does_not_speak() {
        let quotes = quotes_of(&[
            "Hillary Clinton is campaigning in Ohio.",
            "Rucker Culpepper, who runs Clinton's effort for veterans' families, said, \
             \"He is unfit to be commander in chief.\"",
        ]);
        assert_eq!(
            speaker_of(&quotes, "He is unfit").0,
            Some("Rucker Culpepper")
        );
    }

    #[test]
    fn a_pronoun_in_an_opening_clause_is_not_the_subject() {
        let quotes = quotes_of(&[
            "Back when he wrote his book, Kevin McKinley said that he considered debt a last \
             resort. These days, he has changed his tune.",
            "\"You would like to pay cash for your house, too,\" he said.",
        ]);
        assert_eq!(speaker_of(&quotes, "You would").0, Some("Kevin McKinley"));
    }

    /// Every look-back is bounded, so a paragraph of tens of thousands of
    /// quotations is extracted in time linear in its length. Were any step
    /// quadratic in the quotations of one paragraph (as sentence splitting,
    /// the person table and pronoun look-ups once were), this size would
    /// take hours instead of seconds: the test would not finish.
    #[test]
    fn a_paragraph_of_twenty_thousand_quotations_is_extracted_whole() {
        const N: usize = 20_000;
        let shapes: [fn(usize) -> String; 4] = [
            |i| format!("\"Point {i} stands,\" Jane Doe said."),
            |i| format!("Jane Doe spoke. He added \"point {i}\" and more."),
            // One endless sentence: pronouns look back to its start.
            |i| format!("Jane Doe wrote \"point {i}\", she said and"),
            |i| format!("The Interior Department wrote. \"Point {i},\" the department said."),
        ];
        for shape in shapes {
            let extraction = extract(&one_paragraph(N, shape));
            assert_eq!(extraction.quotes.len(), N, "{}", shape(0));
            let attributed = extraction.quotes.iter().filter(|q| q.speaker.is_some());
            assert!(attributed.count() >= N - 1, "{}", shape(0));
        }
    }
}
