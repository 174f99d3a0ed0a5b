//! Places: every country, region and city an article names, as a hierarchy.
//!
//! Names are found by the gazetteer where a capitalised word starts in each unit,
//! plus the dateline (`KYIV, Sept 3 -`, `SAN JOSE, Calif., Feb 26 -` read with
//! its state), whose place comes first, plus institutions whose seat is fixed
//! ("the Fed", "the Kremlin"), which imply their country. A name is dropped
//! when it is part of a person's name ("Jordan Peterson", or any word of a name
//! in the person table), of an organisation ("Fox News", "Manchester City", "New York
//! Times"), an ordinary word opening a sentence ("Nice work"), a stock symbol
//! (`<RD>`), a listing venue ("listed in Luxembourg"), an agreement or currency
//! named after a place ("the Paris accord", "U.S. dlrs"), a compass region
//! ("West"), or a short abbreviation ("Pa."). A name that is also an ordinary
//! English word ("Gold", "Of", "Reading": `trap-words.txt`, built from data by
//! `scripts/build-trap-words`), and a small town, count only with support: a
//! preposition of place before it, or another place of the article in the same
//! country. An ambiguous
//! name is resolved by, in order: the region or country other places in the
//! article point to (Paris near Texas is Paris, Texas), then countries and
//! capitals over other places, then population.

use rustc_hash::{FxHashMap, FxHashSet};

use serde::Serialize;

use super::gazetteer::{Gazetteer, PlaceKind};
use super::people::PersonTable;
use super::words::{DEMONYMS, GIVEN_NAMES, ORG_WORDS, TITLE_WORDS};
use super::{Unit, UnitKind};

/// A place an article names.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Place {
    /// The place's gazetteer name ("Kyiv", for "Kiev" in the text too).
    pub name: String,
    /// Its hierarchy, country first: `["United States", "Alaska", "Anchorage"]`.
    pub path: Vec<String>,
    /// How many times the article names it.
    pub mentions: usize,
}

impl Place {
    /// The facet path: `/United States/Alaska/Anchorage`.
    pub fn facet(&self) -> String {
        self.path.iter().fold(String::new(), |mut facet, part| {
            facet.push('/');
            facet.push_str(&part.replace('/', "-"));
            facet
        })
    }
}

/// Place names that are ordinary words: not places when they open a sentence
/// or stand in a title-cased headline ("A Symbolic Summit", "Fuel Price Deal").
const COMMON_WORDS: &[&str] = &[
    "Nice",
    "Split",
    "Mobile",
    "Reading",
    "Bath",
    "Sale",
    "Deal",
    "Hope",
    "Union",
    "Orange",
    "Independence",
    "Liberty",
    "Enterprise",
    "Commerce",
    "Paradise",
    "Opportunity",
    "Industry",
    "Temple",
    "Normal",
    "Police",
    "Most",
    "Best",
    "Bar",
    "March",
    "Marathon",
    "Male",
    "Buy",
    "Bend",
    "Eagle",
    "Mission",
    "Pride",
    "Progress",
    "Concord",
    "Victory",
    "Surprise",
    "Summit",
    "Derby",
    "Forest",
    "West",
    "East",
    "North",
    "South",
    "Save",
    "Bowling",
    "Lincoln",
    "Chester",
    "Bank",
    "Justice",
    "Freedom",
    "Harmony",
    "Unity",
    "Reform",
    "Energy",
    "Power",
    "Start",
    "Golden",
    "Central",
    "Mercedes",
    "Sterling",
    "Chance",
    "Friendship",
    "Hunter",
    "Young",
    "Early",
    "Ware",
    "Wells",
    "Bury",
    "Sandy",
    "Marion",
    "Troy",
    "Delta",
    "Columbia",
];

/// Region and town names that are words of geography in English ("the Gulf",
/// "Central Bank"): never places on their own.
const GEOGRAPHY_WORDS: &[&str] = &[
    "Gulf",
    "Western",
    "Eastern",
    "Northern",
    "Southern",
    "Central",
    "Capital",
    "Coast",
    "Federal",
    "National",
    "Centre",
    "Center",
    "Midlands",
    "Highlands",
    "Islands",
    "Lakes",
    "Bay",
];

/// The words of region names made from the compass ("South-West", "Northern District").
const COMPASS_WORDS: &[&str] = &[
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "nord",
    "sud",
    "est",
    "ouest",
    "district",
    "region",
    "province",
];

/// Names that never mean the town of that name in news: continents, months.
const NEVER_CITIES: &[&str] = &[
    "Asia",
    "Europe",
    "Africa",
    "Oceania",
    "Antarctica",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Words before a place name that do not make it part of a longer name.
const OPEN_BEFORE: &[&str] = &[
    "North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western", "Central",
    "Greater", "Upper", "Lower", "In", "At", "From", "To", "Near", "Across", "Outside", "Inside",
];

/// Place names that are ordinary English words ("gold", "of", "reading"),
/// lowercase: built from data by `scripts/build-trap-words`.
static TRAP_WORDS: std::sync::LazyLock<FxHashSet<&'static str>> = std::sync::LazyLock::new(|| {
    include_str!("trap-words.txt")
        .lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .collect()
});

/// Words before a name that make it a place, even when it is also a word ("in Reading").
const PLACE_PREPOSITIONS: &[&str] = &["in", "at", "from", "near", "outside", "around"];

/// Nouns after a place name that make it the name of something else: an
/// agreement or a negotiating round named after where it was made, a currency.
const THINGS_NAMED_AFTER_PLACES: &[&str] = &[
    "accord",
    "accords",
    "agreement",
    "pact",
    "round",
    "club",
    "treaty",
    "declaration",
    "protocol",
    "communique",
    "dlrs",
    "dlr",
    "dollar",
    "dollars",
    "cents",
];

/// Words that open a longer place name: "St. Paul" is not Paul.
const PLACE_PREFIXES: &[&str] = &[
    "St.", "St", "Ste.", "Saint", "Sainte", "Fort", "Ft.", "Port", "Mount", "Mt.", "Lake",
];

/// True when `word` is one of `list` (lowercase words), in any case: the
/// checks run for every name found, so they allocate nothing.
fn is_one_of(list: &[&str], word: &str) -> bool {
    list.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// Bodies of water named "… of" a place: "the Gulf of Mexico" is a sea.
const WATERS: &[&str] = &["gulf", "bay", "sea", "straits", "strait"];

/// Words shortly before a place that make it where a security is listed.
const LISTING_WORDS: &[&str] = &["listed", "listing", "quoted"];

/// How many words before a place are read for [`LISTING_WORDS`] ("will be listed in").
const LISTING_LOOKBACK: usize = 4;

/// A city at least this populous is strong evidence of its country and region.
const STRONG_CITY: u64 = 100_000;

/// One name found in the text, before disambiguation.
struct Found {
    surface: String,
    candidates: Vec<u32>,
    /// "Washington state": the region, not the city.
    wants_region: bool,
    /// Found only in a headline or sub-heading, where every word is capitalised.
    in_title: bool,
    /// The dateline's place: where the story was filed, its first place.
    dateline: bool,
    /// How much the mention says the story is about the place: more in the
    /// headline and the lead paragraph ([`salience_of`]); the dateline comes
    /// first whatever the weights.
    weight: u32,
    /// A name that is also an ordinary word ("Gold", "Reading"), with no
    /// preposition of place before it: a place only if another place of the
    /// article lies in the same country.
    trap: bool,
}

/// Finds the places of an article.
pub fn find(units: &[Unit], dateline: Option<&str>, people: &PersonTable) -> Vec<Place> {
    let gazetteer = Gazetteer::shipped();
    let names = people.name_words();
    let mut found = Vec::new();
    if let Some(place) = dateline.and_then(|d| dateline_place(gazetteer, d)) {
        found.push(place);
    }
    let lead = units.iter().position(|u| u.kind == UnitKind::Paragraph);
    for (at, unit) in units.iter().enumerate() {
        let text = unit.text;
        let in_title = unit.kind != UnitKind::Paragraph;
        let weight = salience_of(unit.kind, Some(at) == lead);
        for m in gazetteer.find(text) {
            let surface = &text[m.start..m.end];
            let next_word = text[m.end..]
                .strip_prefix(' ')
                .and_then(|rest| rest.split_whitespace().next())
                .unwrap_or("");
            let next_clean = next_word.trim_end_matches(|c: char| !c.is_alphanumeric());
            let next_lower = next_clean.to_lowercase();
            let next_capitalised = next_clean.chars().next().is_some_and(char::is_uppercase);
            let previous_word = text[..m.start]
                .strip_suffix(' ')
                .and_then(|before| before.rsplit(' ').next())
                .unwrap_or("");
            let part_of_name = is_part_of_name(names, previous_word, surface, next_clean);
            let part_of_org = next_capitalised && ORG_WORDS.contains(next_lower.as_str());
            // In running text a capitalised word right after is a longer name
            // ("Jordan Peterson"); headlines capitalise every word, so not there.
            let part_of_longer_name = unit.kind == UnitKind::Paragraph
                && next_capitalised
                && !next_word.starts_with(['(', '"', '“'])
                && !TITLE_WORDS.contains(next_lower.as_str());
            let opens_sentence = text[..m.start]
                .trim_end()
                .chars()
                .next_back()
                .is_none_or(|c| ".!?\"“”:".contains(c));

            let common_word = (opens_sentence || in_title) && COMMON_WORDS.contains(&surface);
            // "European Union", "John Bolton": a capitalised word before, mid-sentence.
            let previous = text[..m.start].strip_suffix(' ').unwrap_or("");
            // The previous word opening the sentence ("While Moscow …") is no name of its own.
            let previous_opens_sentence = previous[..previous.len() - previous_word.len()]
                .trim_end()
                .chars()
                .next_back()
                .is_none_or(|c| ".!?\"“”:".contains(c));
            let previous_capitalised = !in_title
                && !opens_sentence
                && !previous_opens_sentence
                && previous_word.chars().next().is_some_and(char::is_uppercase)
                && previous_word
                    .chars()
                    .last()
                    .is_some_and(char::is_alphanumeric)
                && !OPEN_BEFORE.contains(&previous_word)
                && !TITLE_WORDS.contains(previous_word.to_lowercase().as_str());
            let only_cities = m
                .candidates
                .iter()
                .all(|&i| gazetteer.entry(i).kind == PlaceKind::City);
            // "in the West", "the Union": a town or region named like a common noun
            // ("the Anchorage meeting" is still Anchorage).
            let no_country = m
                .candidates
                .iter()
                .all(|&i| gazetteer.entry(i).kind != PlaceKind::Country);
            let attributive = next_clean.chars().next().is_some_and(char::is_lowercase)
                && text[m.end..].starts_with(' ');
            let after_the = no_country && previous_word == "the" && !attributive;
            let never = only_cities && NEVER_CITIES.contains(&surface);
            // "West German bank": an adjective of nationality is not the parish of German.
            let demonym = no_country && DEMONYMS.contains(surface.to_lowercase().as_str());
            // "West", "Southern District", "Nord-Est": regions named by the
            // compass are directions in English text, not places.
            // (This check and the ones below run only for names the ones
            // above kept: most are not.)
            let geography_word = || {
                no_country
                    && (GEOGRAPHY_WORDS.contains(&surface)
                        || surface
                            .split([' ', '-'])
                            .all(|word| is_one_of(COMPASS_WORDS, word)))
            };
            // "Pa." (Pennsylvania) is no town of Burkina Faso, "Kan." no other
            // name of Ganzhou: a short town name, or a short alias, is an abbreviation.
            let abbreviation = || {
                let letters = surface.chars().count();
                no_country
                    && (letters <= 2
                        || (letters <= 3
                            && m.candidates
                                .iter()
                                .all(|&i| gazetteer.entry(i).name != surface)))
            };
            // "The bonds will be listed in Luxembourg": where a security is
            // listed is no place the story is about.
            let listing_venue = || {
                text[..m.start]
                    .split_whitespace()
                    .rev()
                    .take(LISTING_LOOKBACK)
                    .any(|w| is_one_of(LISTING_WORDS, w))
            };
            // "the Paris accord", "the Uruguay round", "50 mln U.S. dlrs": an
            // event or a currency named after a place is no mention of it.
            let names_thing = THINGS_NAMED_AFTER_PLACES.contains(&next_lower.as_str());
            // "St. Paul", "Fort Worth": a word before makes another place;
            // "the Gulf of Mexico", a sea, is no country.
            let part_of_place = || {
                let before_of = text[..m.start]
                    .strip_suffix("of ")
                    .and_then(|before| before.trim_end().rsplit(' ').next())
                    .unwrap_or("");
                PLACE_PREFIXES.contains(&previous_word) || is_one_of(WATERS, before_of)
            };
            // "Royal Dutch/Shell <RD>": a stock symbol, in wire copy's brackets.
            let ticker = text[..m.start].ends_with('<');
            // "Zaire" is the state's old name (below), not Angola's province.
            let old_state_name = || {
                INSTITUTIONS
                    .iter()
                    .any(|&(name, _, historic)| historic && name == surface)
            };
            // "S.G. Warburg": initials before make it a name.
            let after_initials = || {
                previous_word.len() >= 2
                    && previous_word.ends_with('.')
                    && previous_word.split_terminator('.').all(|part| {
                        part.chars().count() == 1 && part.chars().all(char::is_uppercase)
                    })
            };
            if part_of_name
                || part_of_org
                || part_of_longer_name
                || common_word
                || previous_capitalised
                || after_the
                || never
                || demonym
                || names_thing
                || ticker
                || old_state_name()
                || geography_word()
                || abbreviation()
                || listing_venue()
                || after_initials()
                || part_of_place()
            {
                continue;
            }
            // A country's short form in capitals ("CAR") is a word in a
            // headline set in capitals, as a town named like a word is in text.
            let capitals_alias = surface.chars().count() >= 3
                && surface.chars().all(|c| c.is_ascii_uppercase())
                && m.candidates
                    .iter()
                    .all(|&i| gazetteer.entry(i).name != surface);
            // A town named like a common given name ("Paul", "Nancy") is
            // far more often someone's name: a trap word too.
            let trap = ((no_country || capitals_alias)
                && TRAP_WORDS.contains(surface.to_lowercase().as_str())
                || no_country && GIVEN_NAMES.contains(surface))
                && !is_one_of(PLACE_PREPOSITIONS, previous_word);
            found.push(Found {
                surface: surface.to_string(),
                candidates: m.candidates.to_vec(),
                wants_region: next_lower == "state",
                in_title,
                dateline: false,
                trap,
                weight,
            });
        }
    }
    // Institutions whose seat is fixed imply their country ("the Fed",
    // "the Bundesbank", "the Kremlin"), so that a story naming no place of
    // its own still says where it happened: only then (a story that names
    // places names its own country when it matters). A state's old name
    // ("the Soviet Union") is a place, always.
    let names_places = found.iter().any(|f| !f.trap);
    for (at, unit) in units.iter().enumerate() {
        let text = unit.text;
        for m in INSTITUTION_NAMES.find_iter(text) {
            let whole_words = !text[..m.start()].ends_with(char::is_alphanumeric)
                && !text[m.end()..].starts_with(char::is_alphanumeric);
            let (_, code, historic) = INSTITUTIONS[m.pattern().as_usize()];
            let Some(country) = gazetteer.country(code) else {
                continue;
            };
            // A country's old name weighs as a place; an institution less.
            let weight = if historic {
                salience_of(unit.kind, Some(at) == lead)
            } else {
                INSTITUTION_WEIGHT
            };
            if whole_words && (historic || !names_places) {
                found.push(Found {
                    surface: text[m.start()..m.end()].to_string(),
                    candidates: vec![country],
                    wants_region: false,
                    in_title: unit.kind != UnitKind::Paragraph,
                    dateline: false,
                    trap: false,
                    weight,
                });
            }
        }
    }
    // Adjectives of state ("Japanese officials", "the French government")
    // are weak evidence of their country, as institutions are: they place a
    // story that names no place.
    for unit in units.iter().filter(|_| !names_places) {
        let words: Vec<&str> = unit.text.split_whitespace().collect();
        for pair in words.windows(2) {
            let adjective = pair[0].trim_start_matches(|c: char| !c.is_alphanumeric());
            let noun = pair[1]
                .trim_end_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
            if !STATE_NOUNS.contains(&noun.as_str()) {
                continue;
            }
            let Some(&(_, code)) = STATE_ADJECTIVES.iter().find(|(a, _)| *a == adjective) else {
                continue;
            };
            if let Some(country) = gazetteer.country(code) {
                found.push(Found {
                    surface: adjective.to_string(),
                    candidates: vec![country],
                    wants_region: false,
                    in_title: unit.kind != UnitKind::Paragraph,
                    dateline: false,
                    trap: false,
                    weight: INSTITUTION_WEIGHT,
                });
            }
        }
    }
    // A town named only in a title-cased headline is more likely a word
    // ("Georgia Marks Independence Day"): keep it only if the body names it too.
    let in_body: FxHashSet<String> = found
        .iter()
        .filter(|f| !f.in_title)
        .map(|f| f.surface.clone())
        .collect();
    found.retain(|f| {
        !f.in_title
            || in_body.contains(&f.surface)
            || f.candidates
                .iter()
                .any(|&i| gazetteer.entry(i).kind != PlaceKind::City)
    });
    resolve(gazetteer, &found)
}

/// True when a place name is part of a person's name here: "Paris Hilton",
/// "Jordan Peterson", or a surname standing alone ("Lincoln said").
fn is_part_of_name(names: &[Vec<String>], previous: &str, surface: &str, next: &str) -> bool {
    let words: Vec<&str> = surface.split(' ').collect();
    let with_next: Vec<&str> = words.iter().copied().chain([next]).collect();
    let with_previous: Vec<&str> = [previous]
        .into_iter()
        .chain(words.iter().copied())
        .collect();
    names.iter().any(|name| {
        let is_surname =
            words.len() == 1 && name.len() > 1 && name.last().is_some_and(|w| w == surface);
        is_surname
            || name
                .windows(with_next.len())
                .any(|w| w == with_next.as_slice())
            || name
                .windows(with_previous.len())
                .any(|w| w == with_previous.as_slice())
    })
}

/// The place opening a dateline: `KYIV, Sept 3` → Kyiv, `WASHINGTON (Reuters)` → Washington.
fn dateline_place(gazetteer: &Gazetteer, dateline: &str) -> Option<Found> {
    let mut parts = dateline.split([',', '(']);
    let place = parts.next()?.trim();
    // `SAN JOSE, Calif., Feb 26`: the state or province the city lies in.
    let qualifier = parts
        .next()
        .map(str::trim)
        .and_then(|q| DATELINE_REGIONS.iter().find(|(abbr, _, _)| *abbr == q))
        .map(|&(_, country, code)| (country, code));
    let title_case: Vec<String> = place
        .split(' ')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or(String::new(), |first| {
                first
                    .to_uppercase()
                    .chain(chars.flat_map(char::to_lowercase))
                    .collect()
            })
        })
        .collect();
    let name = title_case.join(" ");
    let all = gazetteer.lookup(&name).unwrap_or_default();
    // The qualifier settles which city it is; a city the gazetteer lacks
    // (a small town) is placed in its state or province.
    if let Some((country, code)) = qualifier {
        let inside: Vec<u32> = all
            .iter()
            .copied()
            .filter(|&i| {
                let entry = gazetteer.entry(i);
                entry.country == country && entry.region == code
            })
            .collect();
        let candidates = if inside.is_empty() {
            vec![gazetteer.region(country, code)?]
        } else {
            inside
        };
        return Some(Found {
            surface: name,
            candidates,
            wants_region: false,
            in_title: false,
            dateline: true,
            trap: false,
            weight: 0,
        });
    }
    if all.is_empty() {
        return None;
    }
    // A dateline names a city: WASHINGTON is the capital, not the state.
    let cities: Vec<u32> = all
        .iter()
        .copied()
        .filter(|&i| gazetteer.entry(i).kind == PlaceKind::City)
        .collect();
    Some(Found {
        surface: name,
        candidates: if cities.is_empty() {
            all.to_vec()
        } else {
            cities
        },
        wants_region: false,
        in_title: false,
        dateline: true,
        trap: false,
        weight: 0,
    })
}

/// Institutions whose seat is fixed, with the ISO code of the country they
/// imply: central banks, exchanges, seats of government. Only names no other
/// country shares ("Treasury" and "Congress" are left out: many countries
/// have one). Then the names of states that no longer exist, read as their
/// successors (the Soviet Union as Russia, West and East Germany as
/// Germany), as the Reuters labels accept them; the third value marks them.
#[rustfmt::skip]
const INSTITUTIONS: &[(&str, &str, bool)] = &[
    ("Federal Reserve", "US", false), ("the Fed", "US", false), ("Wall Street", "US", false),
    ("Nasdaq", "US", false), ("Pentagon", "US", false), ("White House", "US", false),
    ("Capitol Hill", "US", false), ("Securities and Exchange Commission", "US", false),
    ("Dow Jones", "US", false), ("Bundesbank", "DE", false), ("Bundestag", "DE", false),
    ("Bank of Japan", "JP", false), ("Bank of England", "GB", false),
    ("Downing Street", "GB", false), ("Bank of Canada", "CA", false),
    ("Bank of France", "FR", false), ("Banque de France", "FR", false), ("Elysee", "FR", false),
    ("Élysée", "FR", false), ("Kremlin", "RU", false), ("Knesset", "IL", false),
    ("Soviet Union", "RU", true), ("USSR", "RU", true), ("U.S.S.R.", "RU", true),
    ("West Germany", "DE", true), ("East Germany", "DE", true), ("Zaire", "CD", true),
];

/// Adjectives of state, with the ISO code of their country (the Soviet
/// Union's as Russia's, as its name is).
#[rustfmt::skip]
const STATE_ADJECTIVES: &[(&str, &str)] = &[
    ("American", "US"), ("U.S.", "US"), ("British", "GB"), ("French", "FR"), ("German", "DE"),
    ("West German", "DE"), ("Japanese", "JP"), ("Chinese", "CN"), ("Russian", "RU"),
    ("Soviet", "RU"), ("Canadian", "CA"), ("Mexican", "MX"), ("Brazilian", "BR"),
    ("Argentine", "AR"), ("Italian", "IT"), ("Spanish", "ES"), ("Dutch", "NL"), ("Belgian", "BE"),
    ("Swiss", "CH"), ("Austrian", "AT"), ("Swedish", "SE"), ("Norwegian", "NO"),
    ("Danish", "DK"), ("Finnish", "FI"), ("Irish", "IE"), ("Greek", "GR"), ("Turkish", "TR"),
    ("Polish", "PL"), ("Indian", "IN"), ("Pakistani", "PK"), ("Iranian", "IR"), ("Iraqi", "IQ"),
    ("Israeli", "IL"), ("Egyptian", "EG"), ("Saudi", "SA"), ("Kuwaiti", "KW"),
    ("Australian", "AU"), ("Indonesian", "ID"), ("Malaysian", "MY"), ("Philippine", "PH"),
    ("Thai", "TH"), ("Korean", "KR"), ("South Korean", "KR"), ("Taiwanese", "TW"),
    ("Venezuelan", "VE"), ("Colombian", "CO"), ("Chilean", "CL"), ("Peruvian", "PE"),
    ("Ecuadorean", "EC"), ("Nigerian", "NG"), ("Ukrainian", "UA"), ("Portuguese", "PT"),
];

/// Nouns of the state that make an adjective of nationality one of state.
const STATE_NOUNS: &[&str] = &[
    "officials",
    "official",
    "government",
    "minister",
    "ministry",
    "authorities",
    "president",
    "premier",
    "army",
    "troops",
    "forces",
    "embassy",
    "parliament",
    "cabinet",
    "delegation",
    "negotiators",
    "regulators",
    "administration",
];

/// The weight of an institution's mention: one repetition.
const INSTITUTION_WEIGHT: u32 = 1;

/// The weight of a place's mention by where it stands, so that the places
/// of the headline (or a sub-heading) come first, then those of the lead
/// paragraph, then the others by how often they are named.
fn salience_of(kind: UnitKind, lead: bool) -> u32 {
    match kind {
        UnitKind::Headline | UnitKind::Heading => 10_000,
        UnitKind::Paragraph if lead => 100,
        UnitKind::Paragraph => 1,
    }
}

/// The institution names as one automaton, longest first where they overlap.
static INSTITUTION_NAMES: std::sync::LazyLock<aho_corasick::AhoCorasick> =
    std::sync::LazyLock::new(|| {
        aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(INSTITUTIONS.iter().map(|(name, _, _)| name))
            // A fixed list of literals always builds.
            .expect("the institution names build an automaton")
    });

/// The state and province abbreviations of AP and Reuters datelines, with
/// their country and GeoNames first-level region code.
#[rustfmt::skip]
const DATELINE_REGIONS: &[(&str, &str, &str)] = &[
    ("Ala.", "US", "AL"), ("Alaska", "US", "AK"), ("Ariz.", "US", "AZ"), ("Ark.", "US", "AR"),
    ("Calif.", "US", "CA"), ("Colo.", "US", "CO"), ("Conn.", "US", "CT"), ("Del.", "US", "DE"),
    ("D.C.", "US", "DC"), ("Fla.", "US", "FL"), ("Ga.", "US", "GA"), ("Hawaii", "US", "HI"),
    ("Idaho", "US", "ID"), ("Ill.", "US", "IL"), ("Ind.", "US", "IN"), ("Iowa", "US", "IA"),
    ("Kan.", "US", "KS"), ("Kans.", "US", "KS"), ("Ky.", "US", "KY"), ("La.", "US", "LA"),
    ("Maine", "US", "ME"), ("Md.", "US", "MD"), ("Mass.", "US", "MA"), ("Mich.", "US", "MI"),
    ("Minn.", "US", "MN"), ("Miss.", "US", "MS"), ("Mo.", "US", "MO"), ("Mont.", "US", "MT"),
    ("Neb.", "US", "NE"), ("Nebr.", "US", "NE"), ("Nev.", "US", "NV"), ("N.H.", "US", "NH"),
    ("N.J.", "US", "NJ"), ("N.M.", "US", "NM"), ("N.Y.", "US", "NY"), ("N.C.", "US", "NC"),
    ("N.D.", "US", "ND"), ("Ohio", "US", "OH"), ("Okla.", "US", "OK"), ("Ore.", "US", "OR"),
    ("Pa.", "US", "PA"), ("R.I.", "US", "RI"), ("S.C.", "US", "SC"), ("S.D.", "US", "SD"),
    ("Tenn.", "US", "TN"), ("Tex.", "US", "TX"), ("Texas", "US", "TX"), ("Utah", "US", "UT"),
    ("Vt.", "US", "VT"), ("Va.", "US", "VA"), ("Wash.", "US", "WA"), ("W.Va.", "US", "WV"),
    ("W. Va.", "US", "WV"), ("Wis.", "US", "WI"), ("Wisc.", "US", "WI"), ("Wyo.", "US", "WY"),
    ("Alta.", "CA", "01"), ("B.C.", "CA", "02"), ("Man.", "CA", "03"), ("N.B.", "CA", "04"),
    ("Nfld.", "CA", "05"), ("N.S.", "CA", "07"), ("Ont.", "CA", "08"), ("P.E.I.", "CA", "09"),
    ("Que.", "CA", "10"), ("Sask.", "CA", "11"),
];

/// Picks one place per name and counts mentions.
fn resolve(gazetteer: &Gazetteer, found: &[Found]) -> Vec<Place> {
    // What the unambiguous names point to: their countries and regions. Only
    // strong places count (a country, a region, a sizeable city), so one small
    // town read wrongly does not drag every other name abroad.
    let mut countries: FxHashMap<&str, FxHashSet<&str>> = FxHashMap::default();
    let mut regions: FxHashMap<(&str, &str), FxHashSet<&str>> = FxHashMap::default();
    for f in found.iter().filter(|f| !f.trap) {
        let sure = f.candidates.len() == 1
            || f.candidates
                .iter()
                .any(|&i| gazetteer.entry(i).kind == PlaceKind::Country);
        if !sure {
            continue;
        }
        for &i in &f.candidates {
            let entry = gazetteer.entry(i);
            let strong = entry.kind != PlaceKind::City || entry.population >= STRONG_CITY;
            if !strong {
                continue;
            }
            countries
                .entry(&entry.country)
                .or_default()
                .insert(&f.surface);
            if entry.kind != PlaceKind::Country {
                regions
                    .entry((&entry.country, &entry.region))
                    .or_default()
                    .insert(&f.surface);
            }
        }
    }
    let supported = |set: Option<&FxHashSet<&str>>, surface: &str| {
        set.is_some_and(|names| names.iter().any(|n| *n != surface))
    };
    // Each place picked: its mentions and their summed weight.
    let mut chosen: FxHashMap<u32, (usize, u32)> = FxHashMap::default();
    let mut order: Vec<u32> = Vec::new();
    let mut dateline_pick: Option<u32> = None;
    let mut cache: FxHashMap<(&str, bool), u32> = FxHashMap::default();
    // A word that is also a place name counts only where another place of
    // the article lies in one of its countries.
    // So does a small town named in an article that names nothing else in
    // its country ("Harper", "Dome", "Kong" of "Cheung Kong"): a name read
    // as a place by mistake, far more often than a story's one place.
    let in_named_country = |f: &&Found| {
        f.candidates
            .iter()
            .any(|&i| countries.contains_key(gazetteer.entry(i).country.as_str()))
    };
    let small_towns_only = |f: &&Found| {
        f.candidates.iter().all(|&i| {
            let entry = gazetteer.entry(i);
            entry.kind == PlaceKind::City && entry.population < STRONG_CITY
        })
    };
    let kept = found
        .iter()
        .filter(|f| f.dateline || ((!f.trap && !small_towns_only(f)) || in_named_country(f)));
    for f in kept {
        let pick = *cache
            .entry((&f.surface, f.wants_region))
            .or_insert_with(|| {
                let score = |&i: &u32| {
                    let entry = gazetteer.entry(i);
                    let mut score = 0.0;
                    if supported(
                        regions.get(&(entry.country.as_str(), entry.region.as_str())),
                        &f.surface,
                    ) && entry.kind != PlaceKind::Country
                    {
                        score += 4.0;
                    }
                    if supported(countries.get(entry.country.as_str()), &f.surface) {
                        score += 2.0;
                    }
                    score += match entry.kind {
                        PlaceKind::Country => 3.0,
                        PlaceKind::Region if f.wants_region => 5.0,
                        PlaceKind::Region => 0.0,
                        // A capital by its own name: "Philadelphia" is not Amman,
                        // whatever one of Amman's old names was.
                        PlaceKind::City if entry.capital && entry.name == f.surface => 2.0,
                        PlaceKind::City => 0.0,
                    };
                    // "New York", "Kherson": the city over the region it shares a name with.
                    let has_country = f
                        .candidates
                        .iter()
                        .any(|&c| gazetteer.entry(c).kind == PlaceKind::Country);
                    // Only the most populous region of that name counts:
                    // Florida, Uruguay's city and department, is not Florida.
                    let biggest_region = f
                        .candidates
                        .iter()
                        .map(|&c| gazetteer.entry(c))
                        .filter(|e| e.kind == PlaceKind::Region)
                        .max_by_key(|e| e.population);
                    let city_of_named_region = entry.kind == PlaceKind::City
                        && !f.wants_region
                        && !has_country
                        && gazetteer.region_of(i).is_some_and(|region| {
                            biggest_region.is_some_and(|biggest| std::ptr::eq(biggest, region))
                        });
                    if city_of_named_region {
                        score += 1.5;
                    }
                    score + (entry.population as f64 + 1.0).log10() / 10.0
                };
                *f.candidates
                    .iter()
                    .max_by(|a, b| score(a).total_cmp(&score(b)))
                    .unwrap_or(&f.candidates[0])
            });
        if f.dateline {
            dateline_pick = Some(pick);
        }
        let (count, salience) = chosen.entry(pick).or_insert((0, 0));
        if *count == 0 {
            order.push(pick);
        }
        *count += 1;
        *salience += f.weight;
    }
    // By salience (the headline's and the lead's places first, then the
    // most repeated), the first named first on a tie.
    order.sort_by_key(|i| std::cmp::Reverse(chosen[i].1));
    let mut places: Vec<Place> = order
        .into_iter()
        .map(|i| Place {
            name: gazetteer.entry(i).name.clone(),
            path: gazetteer.path(i),
            mentions: chosen[&i].0,
        })
        .collect();
    // The place a story is filed from is its first, however often others are named.
    if let Some(filed_from) = dateline_pick
        && let Some(at) = places
            .iter()
            .position(|p| p.path == gazetteer.path(filed_from))
    {
        let place = places.remove(at);
        places.insert(0, place);
    }
    places
}

#[cfg(test)]
mod tests {
    use crate::article::{Article, Section};
    use crate::extract::extract;

    /// The countries of the places found in an article of `paragraphs`, in order.
    fn countries(headline: &str, paragraphs: &[&str]) -> Vec<String> {
        let article = Article {
            headline: headline.into(),
            sections: vec![Section {
                title: None,
                paragraphs: paragraphs.iter().map(|p| p.to_string()).collect(),
            }],
            ..Article::default()
        };
        let mut countries: Vec<String> = Vec::new();
        for place in extract(&article).places {
            if !countries.contains(&place.path[0]) {
                countries.push(place.path[0].clone());
            }
        }
        countries
    }

    #[test]
    fn words_that_are_also_place_names_need_support() {
        // "Of" (Turkey), "Gold" (Gold Coast), "Much" (Germany) as words.
        let none = countries(
            "Miners strike gold",
            &["Of the ten firms, much of the output was gold, officials said."],
        );
        assert!(none.is_empty(), "{none:?}");
        // A preposition of place, or another place of its country, makes it one.
        assert_eq!(
            countries("Rail fares rise", &["Commuters in Reading paid more."]),
            ["United Kingdom"]
        );
    }

    #[test]
    fn names_of_other_things_are_not_places() {
        let none = countries(
            "Shell results",
            &[
                "Royal Dutch/Shell Group <RD> said profit rose to 50 mln U.S. dlrs.",
                "The bonds will be listed in Luxembourg, said S.G. Warburg.",
                "Traders still cite the Paris accord. Prices rose in the West.",
            ],
        );
        assert!(none.is_empty(), "{none:?}");
    }

    #[test]
    fn a_small_town_alone_in_its_country_is_no_place() {
        // Harper is a town of Liberia; nothing else in the story is.
        let found = countries(
            "Results",
            &["Analyst John Miles of Harper said sales rose."],
        );
        assert!(!found.contains(&"Liberia".to_string()), "{found:?}");
    }

    #[test]
    fn a_city_by_its_own_name_beats_a_capital_by_an_old_one() {
        // "Philadelphia" is an old name of Amman.
        assert_eq!(
            countries("Refinery closes", &["The refinery in Philadelphia closed."]),
            ["United States"]
        );
    }

    #[test]
    fn places_rank_by_headline_then_lead_then_repetition() {
        let ranked = countries(
            "Talks in Japan",
            &[
                "Ministers met in Brazil on Monday.",
                "Later, Canada and Canada again came up, and Canada once more.",
            ],
        );
        assert_eq!(ranked, ["Japan", "Brazil", "Canada"]);
    }

    #[test]
    fn old_states_are_their_successors() {
        assert_eq!(
            countries("Grain", &["The Soviet Union bought wheat."]),
            ["Russia"]
        );
        assert_eq!(
            countries("Bonds", &["West Germany raised rates."]),
            ["Germany"]
        );
    }

    #[test]
    fn an_institution_places_a_story_that_names_no_place() {
        assert_eq!(
            countries(
                "Rates",
                &["Bonds fell after the Fed raised rates on Tuesday."]
            ),
            ["United States"]
        );
        // A story that names its places is not placed by an institution too.
        assert_eq!(
            countries("Rates", &["A move by the Fed hit markets in Brazil."]),
            ["Brazil"]
        );
    }

    #[test]
    fn an_adjective_of_state_places_a_story_that_names_no_place() {
        assert_eq!(
            countries("Trade", &["Japanese officials said exports would rise."]),
            ["Japan"]
        );
        // Not an adjective of state: a people, a language, a product.
        let none = countries("Food", &["Japanese food and French wine sold well."]);
        assert!(none.is_empty(), "{none:?}");
        // Weaker than a place named.
        assert_eq!(
            countries("Trade", &["Japanese officials met in Brazil."]),
            ["Brazil"]
        );
    }

    #[test]
    fn the_biggest_region_of_a_name_wins_and_given_names_are_people() {
        // Florida is a US state, and a city and department of Uruguay.
        assert_eq!(
            countries("Citrus", &["Frost hit orchards in Florida this week."]),
            ["United States"]
        );
        // Paul is a town of Cabo Verde; Zaire a province of Angola and a state's old name.
        let found = countries("Talks", &["Paul told the meeting that Zaire would sign."]);
        assert_eq!(found, ["Democratic Republic of the Congo"]);
    }

    #[test]
    fn a_country_short_form_in_a_capitals_headline_is_a_word() {
        let found = countries("U.S. CAR SALES RISE", &["Sales rose in February."]);
        assert!(
            !found.contains(&"Central African Republic".to_string()),
            "{found:?}"
        );
    }
}
