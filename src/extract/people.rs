//! The people of an article: who is named, by which full name, in which role.
//!
//! The [`PersonTable`] is built from every mention of a name in the article
//! (quotations excluded). A name is a person's when a title or role stands
//! before it ("Russian President Vladimir Putin", "special envoy Steve
//! Witkoff"), an appositive follows it ("Joe Ajaero, president of …"), its
//! surname is used alone elsewhere ("Joe Biden" … "Biden"), it opens with a
//! common given name ("John Bolton"), it is the subject of a reporting verb
//! ("Johnnie Wilson, of Springfield, Va., said"), or it carries the title of
//! a peer or a knight, which stays in the name ("Lord Falconer", "Sir Alex
//! Ferguson"). Each person has one canonical name, the fullest mention;
//! "Trump", "Mr. Trump" and "the president" then resolve to it.

use std::borrow::Cow;

use rustc_hash::FxHashMap;

use super::words::{
    DEMONYMS, GIVEN_NAMES, NOT_NAME_WORDS, ORG_WORDS, ROLE_NOUNS, TITLE_WORDS, Word, is_cue,
    is_personal_pronoun, is_running_cue, strip_possessive, with_lowercase, words,
};

/// One person named in an article.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Person {
    /// The canonical (fullest) name, without title: "Donald Trump".
    pub name: String,
    /// The role the article gives them: "President", "special envoy".
    pub role: Option<String>,
    /// How many times the article names them (outside quotations).
    pub mentions: usize,
}

/// What a mention in the text refers to.
#[derive(Debug, Clone, PartialEq)]
pub enum Referent {
    /// A person of the table, by index.
    Person(usize),
    /// He, she, him or her: resolved by the caller from context.
    Pronoun,
    /// An organisation that speaks: "the White House", "the Kremlin".
    Organization(String),
    /// A speaker the article describes without naming: "a Democratic
    /// source", "the report".
    Description(String),
}

/// A mention found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Byte range in the text searched.
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
    /// What it refers to.
    pub referent: Referent,
}

/// A run of capitalised words, split into its role and its name.
#[derive(Debug, Clone)]
struct NameRun<'a> {
    start: usize,
    end: usize,
    role: Vec<&'a str>,
    name: Vec<&'a str>,
    /// Every word of `name` can belong to a person's name.
    personal: bool,
    /// The run's words, for naming an organisation ("Interior Department").
    words: std::ops::Range<usize>,
}

/// The people of one article.
#[derive(Debug, Clone, Default)]
pub struct PersonTable {
    people: Vec<Person>,
    /// Each person's name as words, beside `people`: every name run of the
    /// article is looked up here, and comparing words needs no splitting.
    names: Vec<Vec<String>>,
}

impl PersonTable {
    /// Builds the table from the article's texts, quotations blanked out.
    pub fn build(texts: &[&str]) -> Self {
        let mut candidates: Vec<(Vec<&str>, Option<String>, bool)> = Vec::new();
        let mut lone_words: Vec<&str> = Vec::new();
        for text in texts {
            let words = words(text);
            for run in name_runs(&words).into_iter().filter(|run| run.personal) {
                if run.name.len() == 1 && run.role.is_empty() {
                    lone_words.push(run.name[0]);
                }
                let mut role = role_of(text, &words, &run);
                let mut speaks = speaks(&words, &run);
                let mut name = run.name;
                // A peer's or a knight's title is part of the name: "Lord
                // Falconer", "Sir Alex Ferguson" (and says it is a person's).
                if let Some(&title) = run.role.last().filter(|t| is_peerage(t)) {
                    name.insert(0, title);
                    role = role.and_then(|r| {
                        let rest = r.strip_suffix(title).unwrap_or(&r).trim_end();
                        (!rest.is_empty()).then(|| rest.to_string())
                    });
                    speaks = true;
                }
                candidates.push((name, role, speaks));
            }
        }
        let mut table = PersonTable::default();
        // Full names first, so that surnames alone can attach to them.
        candidates.sort_by_key(|(name, _, _)| std::cmp::Reverse(name.len()));
        // Asked of every candidate: a long article names hundreds.
        let alone: rustc_hash::FxHashSet<&str> = lone_words.iter().copied().collect();
        for (name, role, speaks) in candidates {
            let reused_alone = name.last().is_some_and(|surname| alone.contains(surname));
            if let Some(index) = table.find(&name) {
                let person = &mut table.people[index];
                person.mentions += 1;
                if person.role.is_none() {
                    person.role = role;
                }
                continue;
            }
            let given_name = name.len() >= 2 && GIVEN_NAMES.contains(name[0]);
            let is_person =
                role.is_some() || (name.len() >= 2 && (reused_alone || speaks)) || given_name;
            // (Every word is a name word or particle: only personal runs are candidates.)
            if is_person {
                table.push(name.iter().map(|w| w.to_string()).collect(), role);
            }
        }
        // Lone surnames count as mentions of their person.
        for word in &lone_words {
            if let Some(index) = table.find(std::slice::from_ref(word)) {
                table.people[index].mentions += 1;
            }
        }
        table
    }

    /// The people, the most mentioned first (ties by name): the article's
    /// people as extraction reports them.
    pub fn into_people_by_mentions(self) -> Vec<Person> {
        let mut people = self.people;
        people.sort_by(|a, b| {
            b.mentions
                .cmp(&a.mentions)
                .then_with(|| a.name.cmp(&b.name))
        });
        people
    }

    /// Each person's name as its words, in the order of [`PersonTable::people`].
    pub fn name_words(&self) -> &[Vec<String>] {
        &self.names
    }

    /// The people, in order of first discovery (fullest names first).
    pub fn people(&self) -> &[Person] {
        &self.people
    }

    /// A person by index.
    pub fn person(&self, index: usize) -> &Person {
        &self.people[index]
    }

    /// Adds a person named as a speaker but not otherwise recognised.
    pub fn add(&mut self, name: &[&str]) -> Option<usize> {
        if name.is_empty() || !name.iter().all(|w| is_name_word(w) || is_particle(w)) {
            return None;
        }
        if let Some(index) = self.find(name) {
            return Some(index);
        }
        self.push(name.iter().map(|w| w.to_string()).collect(), None);
        Some(self.people.len() - 1)
    }

    /// Adds a person, mentioned once so far.
    fn push(&mut self, name: Vec<String>, role: Option<String>) {
        self.people.push(Person {
            name: name.join(" "),
            role,
            mentions: 1,
        });
        self.names.push(name);
    }

    /// The person a name refers to: the full name, or a unique surname or first name.
    fn find(&self, name: &[&str]) -> Option<usize> {
        if let Some(index) = self.names.iter().position(|known| known == name) {
            return Some(index);
        }
        let last = *name.last()?;
        let first = name[0];
        let mut matching = self.names.iter().enumerate().filter(|(_, known)| {
            let same_surname = known.last().is_some_and(|w| w == last);
            // "Alex Ferguson" is "Sir Alex Ferguson".
            let known_first = known.iter().find(|w| !is_peerage(w));
            let same_first = name.len() == 1 || known_first.is_some_and(|w| w == first);
            same_surname && same_first
        });
        match (matching.next(), matching.next()) {
            (Some((one, _)), None) => Some(one),
            _ => None,
        }
    }

    /// Every mention in a text (names, pronouns, roles, organisations), in order.
    pub fn mentions(&self, text: &str) -> Vec<Mention> {
        let words = words(text);
        let mut found = Vec::new();
        let runs = name_runs(&words);
        for run in &runs {
            let person = if run.personal {
                self.find(&run.name)
            } else {
                None
            };
            if let Some(index) = person {
                found.push(Mention {
                    start: run.start,
                    end: run.end,
                    referent: Referent::Person(index),
                });
            } else if let Some(org) = organization(run, &words) {
                found.push(org);
            }
        }
        for (i, word) in words.iter().enumerate() {
            // Asked of every word: lowered on the stack, as `Word::lower` would give it.
            let (pronoun, determiner) = with_lowercase(strip_possessive(word.core), |lower| {
                (
                    is_personal_pronoun(lower),
                    matches!(lower, "the" | "a" | "an"),
                )
            });
            if pronoun {
                found.push(Mention {
                    start: word.start,
                    end: word.end,
                    referent: Referent::Pronoun,
                });
            } else if determiner && let Some(mention) = self.nominal(&words, i) {
                let overlaps = |m: &Mention| m.start < mention.end && mention.start < m.end;
                // "the Kremlin leader" is a person, not the organisation "Kremlin".
                let overlaps_person = found
                    .iter()
                    .any(|m| overlaps(m) && matches!(m.referent, Referent::Person(_)));
                if !overlaps_person {
                    found.retain(|m| !overlaps(m));
                    found.push(mention);
                }
            }
        }
        found.sort_by_key(|m| m.start);
        found
    }

    /// "the president", "the Kremlin leader", "the prime minister" → a person by role.
    fn nominal(&self, words: &[Word], determiner: usize) -> Option<Mention> {
        let mut modifiers = Vec::new();
        for (offset, word) in words[determiner + 1..].iter().take(4).enumerate() {
            let lower = word.lower();
            if ROLE_NOUNS.contains(&lower) {
                // Keep going if the next word is a role noun too ("prime minister").
                let next_is_role = words
                    .get(determiner + offset + 2)
                    .is_some_and(|n| ROLE_NOUNS.contains(&n.lower()) && !word.punct_after);
                if next_is_role {
                    modifiers.push(lower);
                    continue;
                }
                let index = self.by_role(&lower, &modifiers)?;
                return Some(Mention {
                    start: words[determiner].start,
                    end: word.end,
                    referent: Referent::Person(index),
                });
            }
            if word.punct_after || is_cue(&lower) || NOT_NAME_WORDS.contains(&lower) {
                return None;
            }
            modifiers.push(lower);
        }
        None
    }

    /// The person whose role best matches a role noun and its modifiers.
    fn by_role(&self, head: &str, modifiers: &[Cow<str>]) -> Option<usize> {
        let heads: Vec<&str> = match head {
            "leader" => vec![
                "president",
                "prime minister",
                "chancellor",
                "premier",
                "king",
                "leader",
            ],
            other => vec![other],
        };
        let mut best: Option<(i32, usize)> = None;
        for (index, person) in self.people.iter().enumerate() {
            let Some(role) = person.role.as_deref() else {
                continue;
            };
            let role = role.to_lowercase();
            if !heads.iter().any(|h| role.contains(h)) {
                continue;
            }
            let mut score = 0;
            for modifier in modifiers {
                let wanted = match &**modifier {
                    "kremlin" => "russian",
                    "élysée" | "elysee" => "french",
                    "downing" | "street" => "british",
                    other => other,
                };
                if role.contains(wanted) {
                    score += 4;
                }
            }
            if role == head {
                score += 2; // "the president" at home is the one without a country
            }
            score = score * 100 + person.mentions.min(99) as i32;
            if best.is_none_or(|(s, _)| score > s) {
                best = Some((score, index));
            }
        }
        best.map(|(_, index)| index)
    }

    /// The head mention of a speaker phrase such as "Commerce Secretary Howard
    /// Lutnick", "the minister", "Kremlin spokesman Dmitry Peskov", "he".
    /// Only a mention that ends the phrase is its head ("Kipchoge Heir" is not Kipchoge).
    pub fn head_of(&self, phrase: &str) -> Option<Mention> {
        let phrase_end = phrase.trim_end().len();
        let mentions = self.mentions(phrase);
        let head = mentions.last()?;
        let tail = &phrase[head.end..phrase_end];
        let only_possessive = tail.trim().is_empty() || matches!(tail, "’s" | "'s");
        only_possessive.then(|| head.clone())
    }

    /// The name in a phrase that ends in a capitalised name, for adding a new speaker.
    pub fn name_ending(phrase: &str) -> Option<Vec<&str>> {
        let words = words(phrase);
        let run = name_runs(&words).pop()?;
        (run.personal && run.end == phrase.trim_end().len()).then_some(run.name)
    }
}

/// True for a word that can be part of a person's name.
fn is_name_word(word: &str) -> bool {
    let capitalised = |part: &str| part.chars().next().is_some_and(char::is_uppercase);
    // Every part of a hyphenated name is capitalised (Jean-Luc, Elmendorf–Richardson);
    // "Twenty-two-year-old" is not a name. (A dash is `-`, or `–`, which starts with 0xE2.)
    let parts_capitalised = if word.bytes().any(|b| b == b'-' || b == 0xE2) {
        word.split(['-', '–']).all(capitalised)
    } else {
        capitalised(word)
    };
    if !parts_capitalised || word.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    // (A lowercase letter, found at once in most names, settles it.)
    let all_caps = word.chars().all(|c| !c.is_lowercase())
        && word.chars().filter(|c| c.is_alphabetic()).count() > 2;
    if all_caps {
        return false;
    }
    with_lowercase(word, |lower| !NEVER_IN_NAMES.contains(lower))
}

/// A capitalised word that is not all capitals and holds no digit: a title
/// word may be a surname ("King") where the words around it say so.
fn is_surname_like(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
        && word.chars().any(char::is_lowercase)
        && !word.bytes().any(|b| b.is_ascii_digit())
}

/// Words that are never part of a person's name: common words, demonyms,
/// organisation words and titles, in one set, as every capitalised word of
/// every article is looked up in it.
static NEVER_IN_NAMES: std::sync::LazyLock<rustc_hash::FxHashSet<&'static str>> =
    std::sync::LazyLock::new(|| {
        [&NOT_NAME_WORDS, &DEMONYMS, &ORG_WORDS, &TITLE_WORDS]
            .into_iter()
            .flat_map(|set| set.iter())
            .collect()
    });

/// Lowercase particles inside names ("Ursula von der Leyen").
fn is_particle(word: &str) -> bool {
    matches!(
        word,
        "de" | "van" | "von" | "der" | "bin" | "al" | "da" | "di" | "del" | "la" | "le" | "du"
    )
}

/// Finds runs of capitalised words and splits each into role and name.
fn name_runs<'a>(words: &[Word<'a>]) -> Vec<NameRun<'a>> {
    let mut runs = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if !words[i].is_capitalized() {
            i += 1;
            continue;
        }
        let begin = i;
        let mut end = i + 1;
        // A possessive ends a name: "Trump’s Demand" is Trump's, not a "Trump Demand".
        let ends_run = |w: &Word| w.punct_after || strip_possessive(w.core).len() < w.core.len();
        // An opening bracket or mark starts something else: "Graham (R-S.C.)".
        while end < words.len() && !ends_run(&words[end - 1]) && !words[end].punct_before {
            let word = &words[end];
            // A title runs on through "of the": "Chancellor of the Exchequer".
            let the_after_title_of = word.core == "the"
                && words[end - 1].core == "of"
                && end >= 2
                && TITLE_WORDS.contains(&words[end - 2].lower())
                && words.get(end + 1).is_some_and(Word::is_capitalized);
            let joins = word.is_capitalized()
                || (is_particle(word.core) && words.get(end + 1).is_some_and(Word::is_capitalized))
                || (word.core == "of" && TITLE_WORDS.contains(&words[end - 1].lower()))
                || the_after_title_of;
            if !joins {
                break;
            }
            end += 1;
        }
        i = end;
        let run = &words[begin..end];
        // Everything up to the last title word is the role; the rest is the name.
        let role_len = run[..run.len() - 1]
            .iter()
            .rposition(|w| {
                with_lowercase(strip_possessive(w.core), |lower| {
                    TITLE_WORDS.contains(lower) || lower == "of"
                })
            })
            .map_or(0, |at| at + 1);
        // Demonyms and modifiers before a title belong to the role ("Russian President").
        let (role, mut name) = run.split_at(role_len);
        // Sentence openers ("When Putin …") and descriptions ("Twenty-two-year-old
        // Brian Kiprotich") are not part of the name.
        let mut first_is_name_word = false;
        while name.len() > 1 {
            if is_name_word(strip_possessive(name[0].core)) {
                first_is_name_word = true;
                break;
            }
            name = &name[1..];
        }
        // (Checked before any list is made: most runs are one word opening a sentence.)
        if name.is_empty() || name.len() > 4 {
            continue;
        }
        let name_words: Vec<&str> = name.iter().map(|w| strip_possessive(w.core)).collect();
        // (The first word, when the loop above stopped at it, is known to be a name word.)
        // A title word is a surname after an honorific ("Mr. King") or a
        // common given name ("Larry King", "Carole King").
        let after_honorific = role
            .last()
            .is_some_and(|w| matches!(w.core, "Mr." | "Mrs." | "Ms." | "Dr." | "Miss"));
        let given_first = name_words.len() >= 2 && GIVEN_NAMES.contains(name_words[0]);
        let surname_at = name_words.len() - 1;
        let personal = name_words.iter().enumerate().all(|(k, w)| {
            (k == 0 && (first_is_name_word || after_honorific))
                || is_name_word(w)
                || is_particle(w)
                || (k == surname_at && given_first && is_surname_like(w))
        });
        runs.push(NameRun {
            words: begin..end,
            start: name[0].start,
            end: name[name.len() - 1].end,
            role: role.iter().map(|w| w.core).collect(),
            name: name_words,
            personal,
        });
    }
    runs
}

/// The role a text gives a name: a title before it ("Secretary of State"), a
/// role noun before it ("special envoy"), or an appositive after it
/// (", president of the Nigeria Labour Congress,").
/// True for the titles of peers and knights, which stay in a name ("Lord Falconer").
fn is_peerage(word: &str) -> bool {
    matches!(
        word,
        "Lord" | "Lady" | "Baroness" | "Baron" | "Sir" | "Dame"
    )
}

/// True when a name run is the subject of a reporting verb: the cue right
/// after it ("Johnnie Wilson said"), or after an appositive set off by
/// commas ("Johnnie Wilson, of Springfield, Va., said"). Whoever says
/// something is a person or an organisation, and a run of name words is not
/// an organisation's name.
fn speaks(words: &[Word], run: &NameRun) -> bool {
    let Some(last) = run.words.end.checked_sub(1) else {
        return false;
    };
    // "The Daily Ledger reported": what "the" opens is a thing, not a
    // person; "a spokesperson for Harbor Holdings said": the subject is
    // before the preposition.
    let first = run.words.start;
    let is = |at: usize, list: &[&str]| words.get(at).is_some_and(|w| list.contains(&&*w.lower()));
    let before = first.checked_sub(1);
    if is(first, &["the"])
        || before.is_some_and(|at| {
            is(
                at,
                &[
                    "the", "for", "of", "at", "from", "with", "by", "in", "on", "to",
                ],
            )
        })
    {
        return false;
    }
    let Some(next) = words.get(last + 1) else {
        return false;
    };
    if !words[last].punct_after {
        return is_running_cue(next);
    }
    // An appositive: the cue follows the comma that closes it, within a few words.
    words[last + 1..]
        .iter()
        .take(MAX_SPEAKER_APPOSITIVE_WORDS)
        .enumerate()
        .find(|(_, w)| is_running_cue(w))
        .is_some_and(|(k, _)| k > 0 && words[last + k].punct_after)
}

/// The most words between a name and its cue across an appositive ("of
/// Springfield, Va.,") for the name to count as a speaker's.
const MAX_SPEAKER_APPOSITIVE_WORDS: usize = 16;

fn role_of(text: &str, words: &[Word], run: &NameRun) -> Option<String> {
    if !run.role.is_empty() {
        let role = run
            .role
            .iter()
            .filter(|w| !matches!(**w, "Mr." | "Mrs." | "Ms." | "Dr." | "Sir"))
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        if !role.is_empty() {
            return Some(role);
        }
    }
    // Words are in text order: found by binary search, so a paragraph of
    // thousands of names costs what as many short ones do.
    let at = |offset: usize, of: fn(&Word) -> usize| {
        let i = words.partition_point(|w| of(w) < offset);
        (words.get(i).map(of) == Some(offset)).then_some(i)
    };
    let first = at(run.start, |w| w.start)?;
    // Role nouns directly before the name, with their modifiers: "Fox News host".
    if first > 0 && !words[first - 1].punct_after {
        let noun = words[first - 1].lower();
        if ROLE_NOUNS.contains(&noun) {
            let mut from = first - 1;
            while from > 0 && first - from < 4 && !words[from - 1].punct_after {
                let lower = words[from - 1].lower();
                let stop =
                    NOT_NAME_WORDS.contains(&lower) || is_cue(&lower) || lower.ends_with("ed");
                if stop {
                    break;
                }
                from -= 1;
            }
            return Some(text[words[from].start..words[first - 1].end].to_string());
        }
    }
    // An appositive: "Name, (a|the) role …,".
    let last = at(run.end, |w| w.end)?;
    if words[last].punct_after && text[words[last].end..].starts_with(',') {
        let after: Vec<&Word> = words[last + 1..].iter().take(12).collect();
        let mut phrase_end = None;
        for (k, word) in after.iter().enumerate() {
            if word.punct_after {
                phrase_end = Some(k);
                break;
            }
        }
        let phrase_end = phrase_end?;
        let phrase = &after[..=phrase_end];
        let skip = usize::from(matches!(&*phrase[0].lower(), "a" | "an" | "the"));
        let has_role = phrase
            .iter()
            .skip(skip)
            .take(4)
            .any(|w| ROLE_NOUNS.contains(&w.lower()));
        let starts_lower = phrase[0].core.starts_with(char::is_lowercase);
        if has_role && starts_lower {
            let from = phrase[skip.min(phrase.len() - 1)].start;
            return Some(text[from..phrase[phrase_end].end].to_string());
        }
    }
    None
}

/// A capitalised run naming an organisation that can speak, by the whole
/// run as written ("Interior Department").
fn organization(run: &NameRun, words: &[Word]) -> Option<Mention> {
    let has_org_word = run
        .name
        .iter()
        .any(|w| with_lowercase(w, |lower| ORG_WORDS.contains(lower)));
    if !has_org_word {
        return None;
    }
    let full = words[run.words.clone()]
        .iter()
        .skip_while(|w| NOT_NAME_WORDS.contains(&w.lower()))
        .map(|w| strip_possessive(w.core))
        .collect::<Vec<_>>()
        .join(" ");
    // Nothing left but words that name nothing ("One"): no organisation.
    (!full.is_empty()).then_some(Mention {
        start: run.start,
        end: run.end,
        referent: Referent::Organization(full),
    })
}

/// Counts a speaker named by a bare surname in some articles ("Blair")
/// under the one full name the index knows with that surname ("Tony
/// Blair", or "Lord Falconer" for "Falconer"), so that one speaker has one
/// name. A surname that ends several full names ("Williams") stays as it is.
pub fn join_bare_surnames(totals: &mut FxHashMap<String, u64>) {
    let mut full_names: FxHashMap<&str, Vec<&str>> = FxHashMap::default();
    for value in totals.keys() {
        if let Some((_, surname)) = value.rsplit_once(' ') {
            full_names.entry(surname).or_default().push(value);
        }
    }
    let joins: Vec<(String, String)> = totals
        .keys()
        .filter(|value| !value.contains(' '))
        .filter_map(
            |surname| match full_names.get(surname.as_str())?.as_slice() {
                [one] => Some((surname.clone(), one.to_string())),
                _ => None,
            },
        )
        .collect();
    for (surname, full) in joins {
        if let Some(count) = totals.remove(&surname) {
            *totals.entry(full).or_default() += count;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> PersonTable {
        PersonTable::build(&[text])
    }

    fn names(table: &PersonTable) -> Vec<(&str, Option<&str>)> {
        let mut names: Vec<_> = table
            .people()
            .iter()
            .map(|p| (p.name.as_str(), p.role.as_deref()))
            .collect();
        names.sort();
        names
    }

    #[test]
    fn titles_role_nouns_and_appositives_give_roles() {
        let table = table(
            "Russian President Vladimir Putin met Secretary of State Marco Rubio and special \
             envoy Steve Witkoff. Joe Ajaero, president of the Nigeria Labour Congress, spoke.",
        );
        assert_eq!(
            names(&table),
            [
                (
                    "Joe Ajaero",
                    Some("president of the Nigeria Labour Congress")
                ),
                ("Marco Rubio", Some("Secretary of State")),
                ("Steve Witkoff", Some("special envoy")),
                ("Vladimir Putin", Some("Russian President")),
            ]
        );
    }

    #[test]
    fn a_surname_used_alone_makes_a_person_and_resolves_to_the_full_name() {
        let table = table("The war began under Joe Biden. Critics blamed Biden for it.");
        assert_eq!(names(&table), [("Joe Biden", None)]);
        let mention = table.head_of("Biden").unwrap();
        assert_eq!(mention.referent, Referent::Person(0));
    }

    #[test]
    fn a_title_word_is_a_surname_after_a_given_name_or_an_honorific() {
        let host = table("Larry King hosted the show for years. Mr. King, 82, spoke.");
        assert_eq!(names(&host), [("Larry King", None)]);
        let mention = host.head_of("Mr. King").unwrap();
        assert_eq!(mention.referent, Referent::Person(0));
        // Without either, a title stays a title.
        let royal = table("The King spoke to the Prime Minister.");
        assert!(royal.people().is_empty(), "{:?}", royal.people());
    }

    #[test]
    fn places_organisations_and_labels_are_not_people() {
        let table = table(
            "Air Force One landed at Joint Base Elmendorf–Richardson. The White House said \
             Operation Midnight Hammer was over. Fox News covered it. Fox News again.",
        );
        assert!(table.people().is_empty(), "{:?}", table.people());
    }

    #[test]
    fn roles_resolve_nominal_mentions() {
        let table = table(
            "President Donald Trump met Russian President Vladimir Putin and Ukrainian President \
             Volodymyr Zelensky. Trump spoke. Putin spoke.",
        );
        let name_of = |phrase: &str| match table.head_of(phrase).map(|m| m.referent) {
            Some(Referent::Person(i)) => Some(table.person(i).name.clone()),
            _ => None,
        };
        assert_eq!(name_of("the president").as_deref(), Some("Donald Trump"));
        assert_eq!(
            name_of("the Kremlin leader").as_deref(),
            Some("Vladimir Putin")
        );
        assert_eq!(name_of("Mr. Trump").as_deref(), Some("Donald Trump"));
        assert_eq!(name_of("Kipchoge Heir"), None);
    }

    #[test]
    fn a_title_runs_on_through_of_the() {
        let table = table(
            "Chancellor of the Exchequer Nigel Lawson met Secretary of the Treasury Scott \
             Bessent. Lawson left.",
        );
        assert_eq!(
            names(&table),
            [
                ("Nigel Lawson", Some("Chancellor of the Exchequer")),
                ("Scott Bessent", Some("Secretary of the Treasury")),
            ]
        );
    }

    #[test]
    fn middle_initials_and_titles_do_not_cut_names() {
        let table = table("Sen. Dana R. Whitfield spoke. Whitfield left.");
        assert_eq!(names(&table), [("Dana R. Whitfield", Some("Sen."))]);
    }
}
