//! Giving each quotation its speaker.
//!
//! For each quotation, in order of preference:
//! 1. an attribution right after it: `“…,” Trump said`, `“…,” said Putin`,
//!    `“…,” the minister told reporters`;
//! 2. one right before it, ending in a colon or comma: `Trump said: “…”`,
//!    `he told reporters, “…”` (in a sub-heading, `Trump’s Demand: “…”`);
//! 3. a reporting clause earlier in its sentence, for partial quotations:
//!    `Zelensky has warned that any “decisions made without Ukraine” …`: the
//!    speaker is the sentence's subject;
//! 4. `“…,” according to X`;
//! 5. a quotation opening a sentence with none of these continues the one
//!    before it, unless someone else becomes the subject of a sentence in between.
//!
//! A quotation alone in its paragraph with none of these is said by whoever
//! the next paragraph's opening quotation names (`“A.” ¶ “B,” she added.`).
//!
//! Pronouns go to the subject of the nearest sentence before that names a
//! person; roles ("the president", "the Kremlin leader") go through the person
//! table. "A spokesperson for Acme Corp" is Acme Corp, "The Daily Ledger
//! reported" an organisation, and a speaker the article only describes ("the
//! report", "a local shopkeeper") is that description, of kind
//! [`SpeakerKind::Unnamed`]. A quotation with no reporting clause at all (a
//! name on a sweatshirt, a label) gets no speaker: a wrong name is worse than none.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::ops::Range;

use super::people::{Mention, PersonTable, Referent};
use super::quotes::{Quotations, QuoteSpan};
use super::sentences;
use super::words::{NOT_NAME_WORDS, ORG_WORDS, is_cue, is_running_cue, words};
use super::{Quote, SpeakerKind, Unit, UnitKind};

/// A speaker found for one quotation.
#[derive(Debug, Clone)]
struct Attribution {
    referent: Referent,
    mention: String,
    cue: Option<String>,
}

/// Words opening a subordinate clause, whose subject is not the sentence's.
const CLAUSE_OPENERS: &[&str] = &[
    "when",
    "as",
    "after",
    "before",
    "while",
    "if",
    "although",
    "though",
    "since",
    "because",
    "once",
    "until",
    "ahead",
    "for",
    "in",
    "on",
    "at",
    "during",
    "despite",
    "with",
    "without",
    "following",
    "asked",
    "speaking",
];

/// Conjunctions that open a subordinate clause as a sentence's second word
/// ("Back when …", "Even as …", "Just after …").
const SUBORDINATORS: &[&str] = &[
    "when", "as", "after", "before", "while", "if", "although", "though", "since", "because",
    "once", "until",
];

/// How far attribution reads around a quotation, in bytes, at most: the
/// reporting clause before or after it, the start of a sentence whose subject
/// a pronoun may stand for. Real clauses are far shorter; the bound keeps the
/// cost of one quotation fixed however long its paragraph or sentence is.
const CONTEXT_BYTES: usize = 1_000;

/// The most words a name credited with a dash after a quotation may have.
const MAX_DASHED_NAME_WORDS: usize = 5;

/// The most words from a quotation to the cue after a name and its appositive.
const MAX_APPOSITIVE_WORDS: usize = 40;

/// How many units (paragraphs) back a pronoun or "the department" is looked up.
const UNITS_BACK: usize = 4;

/// How many sentences back a pronoun's antecedent is looked for, at most.
const SENTENCES_BACK: usize = 12;

/// The first character boundary of `text` at or after byte `at` (its length past the end).
fn char_boundary_at_or_after(text: &str, at: usize) -> usize {
    (at..text.len())
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(text.len())
}

/// Gives every quotation of an article its speaker, through the article's
/// table of people (to which speakers named only in attributions are added).
pub fn attribute(units: &[Unit], quotations: &Quotations, table: &mut PersonTable) -> Vec<Quote> {
    let texts: Vec<&str> = units.iter().map(|u| u.text).collect();
    let spans = &quotations.spans;
    let context = Context {
        units,
        masked: &quotations.masked,
        texts: &texts,
        quoted: &quotations.ranges,
        sentences: vec![OnceCell::new(); units.len()],
    };

    let mut quotes_out = Vec::with_capacity(spans.len());
    let mut previous: Option<(&QuoteSpan, Option<Referent>)> = None;
    for span in spans {
        let unit = &units[span.unit];
        // A title in running text is the name of a work, a show or an event
        // (“Face the Nation,” “A Change Is Gonna Come”), not something said;
        // nor does it break a run of quotations continuing one speaker. A
        // heading is set in capitals throughout, so there it says nothing.
        let title = unit.kind == UnitKind::Paragraph && is_title(&span.text);
        let found = (!title)
            .then(|| context.attribute(table, span, previous.as_ref()))
            .flatten();
        let (speaker, speaker_kind, role) = match found.as_ref().map(|a| &a.referent) {
            Some(Referent::Person(index)) => {
                let person = table.person(*index);
                (
                    Some(person.name.clone()),
                    Some(SpeakerKind::Person),
                    person.role.clone(),
                )
            }
            Some(Referent::Organization(name)) => {
                (Some(name.clone()), Some(SpeakerKind::Organization), None)
            }
            Some(Referent::Description(description)) => {
                (Some(description.clone()), Some(SpeakerKind::Unnamed), None)
            }
            _ => (None, None, None),
        };
        if !title {
            previous = Some((span, found.as_ref().map(|a| a.referent.clone())));
        }
        quotes_out.push(Quote {
            text: span.text.clone(),
            speaker,
            speaker_kind,
            role,
            // A follow-on quotation names its speaker nowhere: no mention.
            mention: found
                .as_ref()
                .map(|a| a.mention.clone())
                .filter(|m| !m.is_empty()),
            cue: found.and_then(|a| a.cue),
            paragraph: unit.paragraph,
            section: unit.section.map(str::to_string),
        });
    }
    // "“A.” ¶ “B,” she added.": a quotation that is a paragraph of its own,
    // with no speaker, is said by whoever the next paragraph's opening
    // quotation names.
    for i in (0..spans.len().saturating_sub(1)).rev() {
        let (span, next) = (&spans[i], &spans[i + 1]);
        let alone = units[span.unit].kind == UnitKind::Paragraph
            && (span.unit..=span.last_unit).all(|u| quotations.masked[u].trim().is_empty());
        let next_opens = next.unit == span.last_unit + 1
            && quotations.masked[next.unit][..next.open].trim().is_empty();
        if alone && next_opens && quotes_out[i].speaker.is_none() && quotes_out[i + 1].cue.is_some()
        {
            let named = quotes_out[i + 1].clone();
            let quote = &mut quotes_out[i];
            quote.speaker = named.speaker;
            quote.speaker_kind = named.speaker_kind;
            quote.role = named.role;
        }
    }
    quotes_out
}

struct Context<'a> {
    units: &'a [Unit<'a>],
    masked: &'a [Cow<'a, str>],
    texts: &'a [&'a str],
    quoted: &'a [Vec<Range<usize>>],
    /// Each unit's sentences, split when first asked for: only the units
    /// around a quotation ever are.
    sentences: Vec<OnceCell<Vec<Range<usize>>>>,
}

impl Context<'_> {
    /// The sentences of a unit (quotations whole inside them).
    fn sentences(&self, unit: usize) -> &[Range<usize>] {
        self.sentences[unit].get_or_init(|| sentences::split(self.texts[unit], &self.quoted[unit]))
    }

    fn attribute(
        &self,
        table: &mut PersonTable,
        span: &QuoteSpan,
        previous: Option<&(&QuoteSpan, Option<Referent>)>,
    ) -> Option<Attribution> {
        let unit = &self.units[span.unit];
        let is_body = unit.kind == UnitKind::Paragraph;
        // The sentence around the quotation, at most a window either side of it:
        // a paragraph that is one endless sentence costs no more per quotation.
        let start_sentence = self.sentence_at(span.unit, span.open);
        let opening = &self.masked[span.unit];
        let pre_start = start_sentence.start.max(char_boundary_at_or_after(
            opening,
            span.open.saturating_sub(CONTEXT_BYTES),
        ));
        let pre = &opening[pre_start..span.open];
        let end_sentence = self.sentence_at(span.last_unit, span.close.saturating_sub(1));
        let closing = &self.masked[span.last_unit];
        let post_end = end_sentence
            .end
            .max(span.close)
            .min(char_boundary_at_or_after(
                closing,
                span.close + CONTEXT_BYTES,
            ));
        let post = &closing[span.close..post_end];

        // An attribution after the quotation follows punctuation: `“…,” he said`.
        let closes_clause = span
            .text
            .trim_end_matches(|c: char| c.is_whitespace() || "'’".contains(c))
            .ends_with([',', '.', '!', '?', '…', '—', '-'])
            || post.trim_start().starts_with([',', '—', '–', '―']);
        let found = closes_clause
            .then(|| self.after(table, post, span.unit, span.open))
            .flatten()
            .or_else(|| self.before(table, pre, unit.kind))
            .or_else(|| {
                // `He said:` closing the paragraph before, the quotation a paragraph of its own.
                (is_body && pre.trim().is_empty())
                    .then(|| self.introduced_above(table, span.unit))
                    .flatten()
            })
            .or_else(|| self.reported(table, pre))
            .or_else(|| according_to(table, post, is_body));
        if let Some(found) = found {
            return self.resolve(table, found, span.unit, span.open);
        }
        // A follow-on quotation: it opens its sentence and nobody new is named since the last one.
        if !is_body || !pre.trim().is_empty() {
            return None;
        }
        let (last_span, Some(last_referent)) = previous? else {
            return None;
        };
        if span.unit > last_span.last_unit + 1 {
            return None;
        }
        // Someone else becomes the subject of a sentence in between ("Y
        // disagreed.", "The Interior Department said …"). Someone merely named
        // there does not count: the speaker's own clause often names others
        // ("said Tim Hess, who introduced Mr. Clarke to his bankers", "Sanders
        // said, contrasting Clinton's plans with Trump's").
        let between = self.text_between(last_span, span);
        let someone_else = sentences::split(&between, &[]).into_iter().any(|sentence| {
            let part = &between[sentence.clone()];
            subject(part, &table.mentions(part))
                .is_some_and(|m| m.referent != Referent::Pronoun && m.referent != *last_referent)
        });
        (!someone_else).then(|| Attribution {
            referent: last_referent.clone(),
            mention: String::new(),
            cue: None,
        })
    }

    /// `“…,” Trump said`, `“…,” said the minister`, `“…,” he told reporters`.
    fn after(
        &self,
        table: &mut PersonTable,
        post: &str,
        unit: usize,
        open: usize,
    ) -> Option<Attribution> {
        let lead = post.len()
            - post
                .trim_start_matches(|c: char| c.is_whitespace() || ",—–―-".contains(c))
                .len();
        if lead > 0 && post[..lead].contains(['.', '!', '?']) {
            return None;
        }
        let clause = &post[lead..];
        let words = words(clause);
        let first = words.first()?;
        // A name set after the quotation with a dash: `“…” ― Sonya Herridge`,
        // as lists of reactions and epigraphs credit their authors.
        if post[..lead].contains(['—', '―']) && !is_cue(&first.lower()) {
            // The credit ends where the next quotation (blanked out) begins.
            let credit = &clause[..clause.find("  ").unwrap_or(clause.len())];
            let words = super::words::words(credit);
            let name_words = &words[..words.len().min(MAX_DASHED_NAME_WORDS)];
            let end = name_words
                .iter()
                .find(|w| w.punct_after)
                .or(name_words.last())?
                .end;
            let name = without_brackets(&credit[..end]);
            if let Some(found) = self.speaker_phrase(table, name, "—", unit, open) {
                return Some(found);
            }
        }
        if is_cue(&first.lower()) {
            // Inverted: `said Putin`, `said Donna Brazile, the interim chairwoman …`.
            let rest = words.get(1)?;
            let end = words[1..]
                .iter()
                .position(|w| w.punct_after)
                .map_or(clause.len(), |k| words[1 + k].end);
            let phrase = without_brackets(&clause[rest.start..end]);
            return self.speaker_phrase(table, phrase, first.core, unit, open);
        }
        // The cue within a few words (`“…,” the minister told reporters`), or
        // after a name and the appositive that describes it (`“…,” Scott
        // Pruitt, the Republican attorney general of Oklahoma, said`).
        let near_cue = words.iter().take(9).position(is_running_cue);
        let cue_at = match near_cue {
            Some(at) => at,
            None => {
                let comma = clause.find(',')?;
                let named = table.head_of(&clause[..comma]).is_some()
                    || PersonTable::name_ending(&clause[..comma]).is_some();
                // The cue right after the comma that closes the appositive
                // ("one of the states suing the EPA, said"): a cue word
                // inside it is a noun ("the states").
                let after_appositive = (1..words.len().min(MAX_APPOSITIVE_WORDS))
                    .find(|&at| is_running_cue(&words[at]) && words[at - 1].punct_after);
                after_appositive.filter(|_| named)?
            }
        };
        if cue_at == 0 {
            return None;
        }
        // Only a clause with no sentence break before its cue.
        let before_cue = &clause[..words[cue_at].start];
        if has_sentence_break(before_cue) && !words[..cue_at].iter().any(|w| w.core.ends_with('.'))
        {
            return None;
        }
        let phrase = before_cue.split(',').next().unwrap_or(before_cue);
        self.speaker_phrase(
            table,
            without_brackets(phrase),
            words[cue_at].core,
            unit,
            open,
        )
    }

    /// `Trump said: “…”`, `he told reporters, “…”`, `Trump’s Demand: “…”`.
    fn before(&self, table: &PersonTable, pre: &str, kind: UnitKind) -> Option<Attribution> {
        let trimmed = pre.trim_end();
        if !trimmed.ends_with([':', ',']) {
            return None;
        }
        let words = words(trimmed);
        if kind != UnitKind::Paragraph && trimmed.ends_with(':') {
            let mention = table.mentions(trimmed).into_iter().next()?;
            return Some(attribution_of(trimmed, mention, None));
        }
        // The cue must belong to the clause that introduces the quotation.
        // Title-case sub-headings capitalise their cue ("Trump Says:"), and so
        // does a sentence that opens with it ("Said Ellis:").
        let cue_at = if kind == UnitKind::Paragraph {
            words
                .iter()
                .enumerate()
                .rposition(|(i, w)| is_running_cue(w) || (i == 0 && is_cue(&w.lower())))?
        } else {
            words.iter().rposition(|w| is_cue(&w.lower()))?
        };
        let after_cue = &words[cue_at + 1..];
        if after_cue.len() > 4 {
            return None;
        }
        let cue = words[cue_at];
        if cue_at == 0 {
            // Inverted: the speaker follows the cue.
            let mention = table.mentions(trimmed).into_iter().next()?;
            return Some(attribution_of(trimmed, mention, Some(cue.core)));
        }
        let mentions = table.mentions(&trimmed[..cue.start]);
        // A participle ("…, tweeting, “…”") reports for the sentence's
        // subject, and so does a cue after an appositive or a relative
        // clause set off by commas ("Rucker Culpepper, who runs Clinton's
        // effort, said,"), whoever the clause names.
        let after_clause = words[cue_at - 1].punct_after
            && trimmed[words[cue_at - 1].end..cue.start].contains(',');
        let chosen = if cue.lower().ends_with("ing") || after_clause {
            subject(trimmed, &mentions)
        } else {
            // The nearest person before the cue; an organisation only when no person is named
            // ("Jamie Williams, president of The Wilderness Society, said:").
            let nearest = |want_person: bool| {
                mentions.iter().rev().find(|m| {
                    let is_person = !matches!(m.referent, Referent::Organization(_));
                    is_person == want_person
                        && !trimmed[m.start..m.end].eq_ignore_ascii_case("himself")
                })
            };
            nearest(true).or_else(|| nearest(false)).cloned()
        };
        let Some(chosen) = chosen else {
            // Nobody named: a description as the clause's subject ("The New
            // York businessman says of Clinton, “…”").
            let phrase = trimmed[..cue.start].trim();
            return description(phrase).map(|description| Attribution {
                referent: Referent::Description(description),
                mention: phrase.to_string(),
                cue: Some(cue.core.to_lowercase()),
            });
        };
        Some(attribution_of(trimmed, chosen, Some(cue.core)))
    }

    /// The paragraph before `unit`, when it ends in a colon after a reporting
    /// clause (`He said:`, `In a statement, the ministry said:`): its last
    /// sentence introduces the quotation that opens `unit`.
    fn introduced_above(&self, table: &PersonTable, unit: usize) -> Option<Attribution> {
        let above = unit.checked_sub(1)?;
        if self.units[above].kind != UnitKind::Paragraph {
            return None;
        }
        let text: &str = &self.masked[above];
        if !text.trim_end().ends_with(':') {
            return None;
        }
        let last = self.sentences(above).last()?.clone();
        let start = last.start.max(char_boundary_at_or_after(
            text,
            text.len().saturating_sub(CONTEXT_BYTES),
        ));
        self.before(table, &text[start..], UnitKind::Paragraph)
    }

    /// `Zelensky has warned that any “decisions made without Ukraine” …`.
    fn reported(&self, table: &PersonTable, pre: &str) -> Option<Attribution> {
        let words = words(pre);
        let cue = words.iter().find(|w| is_running_cue(w))?;
        let mentions: Vec<Mention> = table
            .mentions(pre)
            .into_iter()
            .filter(|m| m.end <= cue.start)
            .collect();
        if let Some(chosen) = subject(pre, &mentions) {
            return Some(attribution_of(pre, chosen, Some(cue.core)));
        }
        // "Both leaders described … and hinted at an “understanding”": the two
        // people the article is about; the more mentioned one is named.
        let opening: Vec<_> = words.iter().take(2).map(|w| w.lower()).collect();
        let pair = matches!(opening.first().map(|w| &**w), Some("both" | "the"))
            && opening
                .get(1)
                .is_some_and(|w| w == "leaders" || w == "two" || w == "men");
        let most_mentioned = (0..table.people().len()).max_by_key(|&i| table.person(i).mentions)?;
        pair.then(|| Attribution {
            referent: Referent::Person(most_mentioned),
            mention: words[..2]
                .iter()
                .map(|w| w.core)
                .collect::<Vec<_>>()
                .join(" "),
            cue: Some(cue.core.to_lowercase()),
        })
    }

    /// Resolves a speaker phrase of the quotation opening at `open` in `unit`,
    /// adding a new person for an unknown full name in the body.
    fn speaker_phrase(
        &self,
        table: &mut PersonTable,
        phrase: &str,
        cue: &str,
        unit: usize,
        open: usize,
    ) -> Option<Attribution> {
        let phrase = phrase.trim();
        // "a spokesperson for Acme Corp": the company speaks through them.
        if let Some(org) = spoken_for(phrase) {
            let referent = if org.starts_with(char::is_uppercase) {
                Some(Referent::Organization(org.to_string()))
            } else {
                self.organization_named(table, org, unit, open)
            };
            if let Some(referent) = referent {
                return Some(Attribution {
                    referent,
                    mention: phrase.to_string(),
                    cue: Some(cue.to_lowercase()),
                });
            }
        }
        // "the paper quoted Jane Roe as (saying)": the one quoted speaks.
        let phrase = match phrase.split_once(" quoted ") {
            Some((_, quoted)) => quoted.strip_suffix(" as").unwrap_or(quoted).trim(),
            None => phrase,
        };
        // "Representative Charles B. Rangel of New York": the person before
        // "of", not the place after it (kept whole when nobody stands before it,
        // as in "Bank of Japan").
        let phrase = match phrase.split_once(" of ") {
            Some((before, _))
                if table
                    .head_of(before)
                    .is_some_and(|m| matches!(m.referent, Referent::Person(_)))
                    || PersonTable::name_ending(before).is_some() =>
            {
                before
            }
            _ => phrase,
        };
        if let Some(mention) = table.head_of(phrase) {
            return Some(attribution_of(phrase, mention, Some(cue)));
        }
        // Headlines name people loosely ("Says Kipchoge Heir"): no new speakers there.
        if self.units[unit].kind != UnitKind::Paragraph {
            return None;
        }
        // "The Daily Ledger reported": nobody's name opens with "The".
        if let Some(name) = phrase.strip_prefix("The ")
            && name.starts_with(char::is_uppercase)
            && table.head_of(phrase).is_none()
        {
            return Some(Attribution {
                referent: Referent::Organization(name.to_string()),
                mention: phrase.to_string(),
                cue: Some(cue.to_lowercase()),
            });
        }
        if let Some(org) = self.organization_named(table, phrase, unit, open) {
            return Some(Attribution {
                referent: org,
                mention: phrase.to_string(),
                cue: Some(cue.to_lowercase()),
            });
        }
        if let Some(index) = PersonTable::name_ending(phrase).and_then(|name| table.add(&name)) {
            return Some(Attribution {
                referent: Referent::Person(index),
                mention: phrase.to_string(),
                cue: Some(cue.to_string()),
            });
        }
        let description = description(phrase)?;
        Some(Attribution {
            referent: Referent::Description(description),
            mention: phrase.to_string(),
            cue: Some(cue.to_lowercase()),
        })
    }

    /// "the department", "the ministry": the organisation of that kind the
    /// article named last before the quotation opening at `open` in `unit`,
    /// looking back [`UNITS_BACK`] units and at most [`CONTEXT_BYTES`] of each.
    fn organization_named(
        &self,
        table: &PersonTable,
        phrase: &str,
        unit: usize,
        open: usize,
    ) -> Option<Referent> {
        let rest = phrase
            .strip_prefix("the ")
            .or_else(|| phrase.strip_prefix("The "))?;
        if rest.contains(' ') || !ORG_WORDS.contains(rest.to_lowercase().as_str()) {
            return None;
        }
        let kind = rest.to_lowercase();
        let before = |u: usize| {
            let text: &str = &self.masked[u];
            let end = if u == unit { open } else { text.len() };
            &text[char_boundary_at_or_after(text, end.saturating_sub(CONTEXT_BYTES))..end]
        };
        (unit.saturating_sub(UNITS_BACK)..=unit)
            .rev()
            .flat_map(|u| table.mentions(before(u)).into_iter().rev())
            .find_map(|m| match m.referent {
                Referent::Organization(name) if name.to_lowercase().contains(&kind) => {
                    Some(Referent::Organization(name))
                }
                _ => None,
            })
    }

    /// Turns a pronoun into the person it stands for.
    fn resolve(
        &self,
        table: &PersonTable,
        found: Attribution,
        unit: usize,
        at: usize,
    ) -> Option<Attribution> {
        if found.referent != Referent::Pronoun {
            return Some(found);
        }
        let person = self.antecedent(table, unit, at)?;
        Some(Attribution {
            referent: person,
            ..found
        })
    }

    /// The subject of the nearest sentence before `at` that names a person,
    /// among the last [`SENTENCES_BACK`] sentences of the last [`UNITS_BACK`]
    /// units, each read for its first [`CONTEXT_BYTES`] (where a subject stands).
    fn antecedent(&self, table: &PersonTable, unit: usize, at: usize) -> Option<Referent> {
        let mut looked_at = 0;
        for u in (unit.saturating_sub(UNITS_BACK)..=unit).rev() {
            let text = &self.masked[u];
            let sentences = self.sentences(u);
            // Only sentences that start before `at` in the quotation's own unit.
            let before = if u == unit {
                sentences.partition_point(|s| s.start < at)
            } else {
                sentences.len()
            };
            for sentence in sentences[..before].iter().rev() {
                if looked_at == SENTENCES_BACK {
                    return None;
                }
                looked_at += 1;
                let end = if u == unit {
                    sentence.end.min(at)
                } else {
                    sentence.end
                };
                let end = end.min(char_boundary_at_or_after(
                    text,
                    sentence.start + CONTEXT_BYTES,
                ));
                if sentence.start >= end {
                    continue;
                }
                let part = &text[sentence.start..end];
                let mentions = table.mentions(part);
                if let Some(m) = subject(part, &mentions)
                    && let Referent::Person(_) = m.referent
                {
                    return Some(m.referent);
                }
            }
        }
        None
    }

    /// The sentence of a unit that holds a byte offset (found by binary
    /// search: sentences are in order).
    fn sentence_at(&self, unit: usize, at: usize) -> Range<usize> {
        let sentences = self.sentences(unit);
        let after = sentences.partition_point(|s| s.start <= at);
        after
            .checked_sub(1)
            .map(|i| sentences[i].clone())
            .filter(|s| at < s.end)
            .unwrap_or(0..self.masked[unit].len())
    }

    /// The masked text between two quotations.
    fn text_between(&self, first: &QuoteSpan, second: &QuoteSpan) -> String {
        if first.last_unit == second.unit {
            return self.masked[second.unit][first.close..second.open.max(first.close)].to_string();
        }
        let mut text = self.masked[first.last_unit][first.close..].to_string();
        text.push(' ');
        text.push_str(&self.masked[second.unit][..second.open]);
        text
    }
}

/// The organisation a spokesperson speaks for: "a spokesperson for Acme
/// Corp" gives "Acme Corp", "a spokesman for the ministry" "the ministry".
fn spoken_for(phrase: &str) -> Option<&str> {
    let rest = ["a ", "an ", "the ", "A ", "An ", "The "]
        .iter()
        .find_map(|article| phrase.strip_prefix(article))
        .unwrap_or(phrase);
    let (role, org) = rest.split_once(' ')?;
    if !matches!(
        role,
        "spokesperson" | "spokesman" | "spokeswoman" | "representative"
    ) {
        return None;
    }
    let org = ["for ", "of ", "at "]
        .iter()
        .find_map(|preposition| org.strip_prefix(preposition))?
        .trim();
    (!org.is_empty() && org.split_whitespace().count() <= 6).then_some(org)
}

/// Words that open a description of a speaker the article does not name:
/// "a friend", "one Democratic source on the panel", "the report".
const DESCRIPTION_OPENERS: &[&str] = &[
    "a", "an", "the", "one", "another", "some", "several", "many", "two", "three", "his", "her",
    "their", "its", "my", "our", "this", "these", "those",
];

/// The most words a description of an unnamed speaker may have.
const MAX_DESCRIPTION_WORDS: usize = 8;

/// A speaker phrase that describes someone without naming them ("a
/// narrator in the ad", "The report"), as the speaker's name: its opening
/// word lowercased. `None` for anything else: a pronoun, a time ("this
/// week"), a clause.
fn description(phrase: &str) -> Option<String> {
    let mut words = words(phrase);
    // A verb phrase before the cue ("some people have said", "the boss is
    // quoted as saying") ends the description; "quoted X as" names someone else.
    if let Some(verb) = words
        .iter()
        .position(|w| AUXILIARIES.contains(&&*w.lower()))
    {
        words.truncate(verb);
    }
    if words.iter().any(|w| matches!(&*w.lower(), "quoted" | "as")) {
        return None;
    }
    // An adverb between the speaker and the cue ("my father often said").
    while words.len() > 1
        && words.last().is_some_and(|w| {
            let lower = w.lower();
            lower.ends_with("ly") || matches!(&*lower, "often" | "also" | "then" | "once" | "again")
        })
    {
        words.pop();
    }
    let first = words.first()?;
    let head = words.last()?;
    let is_description = (2..=MAX_DESCRIPTION_WORDS).contains(&words.len())
        && DESCRIPTION_OPENERS.contains(&&*first.lower())
        && head.core.chars().all(|c| c.is_alphabetic() || c == '-')
        && !head.is_capitalized()
        && !words[1..].iter().any(|w| {
            let lower = w.lower();
            // A pronoun or a clause of its own: not a description of the speaker.
            let pronoun_or_clause = matches!(
                &*lower,
                "he" | "she"
                    | "him"
                    | "they"
                    | "them"
                    | "it"
                    | "we"
                    | "us"
                    | "i"
                    | "you"
                    | "that"
                    | "who"
                    | "which"
                    | "whose"
                    | "whom"
            );
            pronoun_or_clause || is_cue(&lower) || TIME_WORDS.contains(&&*lower)
        });
    is_description.then(|| format!("{}{}", first.lower(), &phrase[first.end..head.end]))
}

/// Auxiliary verbs, which end the subject before a cue ("have said").
const AUXILIARIES: &[&str] = &[
    "is", "was", "are", "were", "be", "been", "has", "have", "had", "will", "would", "can",
    "could", "may", "might", "should", "must", "did", "does", "do",
];

/// Heads of phrases that say when, not who: "this week", "the next day".
const TIME_WORDS: &[&str] = &[
    "day",
    "days",
    "week",
    "weeks",
    "month",
    "months",
    "year",
    "years",
    "time",
    "morning",
    "afternoon",
    "evening",
    "night",
    "weekend",
    "moment",
    "hour",
    "hours",
    "minute",
    "minutes",
    "later",
    "earlier",
    "ago",
    "today",
    "tonight",
    "yesterday",
    "tomorrow",
];

/// True when a text holds the end of a sentence: a semicolon, or a full
/// stop, question or exclamation mark before a capitalised word. The
/// stop of an abbreviation inside a clause ("McConnell, R-Ky., said") is
/// followed by a comma or a lowercase word.
fn has_sentence_break(text: &str) -> bool {
    text.contains(';')
        || text.match_indices(['.', '!', '?']).any(|(at, _)| {
            let rest = &text[at + 1..];
            let next = rest.trim_start();
            next.len() < rest.len() && next.starts_with(char::is_uppercase)
        })
}

/// Words that open a sentence someone says rather than a title: "We're
/// America." is speech, though every word of it is capitalised.
const SPOKEN_OPENINGS: [&str; 9] = ["i", "we", "you", "he", "she", "they", "it", "we're", "i'm"];

/// True when a quotation reads as a title: two words of four letters or
/// more, every such word capitalised, no sentence break inside, not a
/// question or an exclamation, and not opening with a personal pronoun.
/// English news sets the names of books, songs, programmes and events in
/// title case; what people say, it does not.
pub(crate) fn is_title(text: &str) -> bool {
    let words: Vec<&str> = text
        .split(|c: char| !(c.is_alphanumeric() || "'’-".contains(c)))
        .filter(|w| w.chars().next().is_some_and(char::is_alphabetic))
        .collect();
    let long: Vec<&&str> = words.iter().filter(|w| w.chars().count() >= 4).collect();
    let opening = words
        .first()
        .map(|w| w.to_lowercase().replace('’', "'"))
        .unwrap_or_default();
    long.len() >= 2
        && long
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
        && !has_sentence_break(text.trim_end())
        && !text
            .trim_end_matches(|c: char| c.is_whitespace() || "\"'”’".contains(c))
            .ends_with(['?', '!'])
        && !SPOKEN_OPENINGS.contains(&opening.as_str())
}

/// A speaker phrase up to any bracket: "Rep. Gwen Moore (D-Wis.)" → "Rep. Gwen Moore".
fn without_brackets(phrase: &str) -> &str {
    phrase.split('(').next().unwrap_or(phrase).trim()
}

/// `“…,” according to forensic lip reader Jeremy Freeman`.
fn according_to(table: &mut PersonTable, post: &str, is_body: bool) -> Option<Attribution> {
    let at = post.find("according to ")?;
    if !post[..at]
        .trim_matches(|c: char| c.is_whitespace() || c == ',')
        .is_empty()
    {
        return None;
    }
    let phrase = &post[at + "according to ".len()..];
    let phrase = phrase.split([',', '.']).next().unwrap_or(phrase).trim();
    if let Some(mention) = table.head_of(phrase) {
        return Some(attribution_of(phrase, mention, Some("according to")));
    }
    let name = PersonTable::name_ending(phrase).filter(|_| is_body)?;
    let index = table.add(&name)?;
    Some(Attribution {
        referent: Referent::Person(index),
        mention: phrase.to_string(),
        cue: Some("according to".to_string()),
    })
}

/// The subject of a sentence: its first mention, or the first after an opening
/// subordinate clause ("When Putin invited Trump …, Trump responded").
fn subject(sentence: &str, mentions: &[Mention]) -> Option<Mention> {
    let opening = words(sentence);
    let first_word = opening.first().map(|w| w.lower()).unwrap_or_default();
    // "When Putin …," and "Back when he wrote his book, Mr. McKinley said".
    let second_word = opening.get(1).map(|w| w.lower()).unwrap_or_default();
    let opens_clause = CLAUSE_OPENERS.contains(&&*first_word)
        || first_word.ends_with("ing")
        || SUBORDINATORS.contains(&&*second_word);
    let from = if opens_clause {
        sentence
            .find(',')
            .filter(|&comma| mentions.iter().any(|m| m.start > comma))
            .unwrap_or(0)
    } else {
        0
    };
    let candidates = || {
        mentions.iter().filter(move |m| {
            let text = &sentence[m.start..m.end];
            m.start >= from
                && (!NOT_NAME_WORDS.contains(text.to_lowercase().as_str())
                    || m.referent == Referent::Pronoun)
        })
    };
    // A person is the subject rather than the organisation naming their post
    // ("EU foreign policy chief Kaja Kallas said").
    candidates()
        .find(|m| !matches!(m.referent, Referent::Organization(_)))
        .or_else(|| candidates().next())
        .cloned()
}

fn attribution_of(text: &str, mention: Mention, cue: Option<&str>) -> Attribution {
    Attribution {
        mention: text[mention.start..mention.end].to_string(),
        referent: mention.referent,
        cue: cue.map(|c| c.trim_end_matches(':').to_lowercase()),
    }
}
