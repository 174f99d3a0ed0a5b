//! Words with their byte offsets, and the word lists extraction relies on.

use std::borrow::Cow;
use std::sync::OnceLock;

use rustc_hash::FxHashSet;

/// One whitespace-separated word of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word<'a> {
    /// Byte offset of the word's core in the text.
    pub start: usize,
    /// Byte offset just past the core.
    pub end: usize,
    /// The word without surrounding punctuation (an abbreviation keeps its full stop).
    pub core: &'a str,
    /// True when punctuation (comma, full stop, colon, dash…) follows the core.
    pub punct_after: bool,
    /// True when punctuation (an opening bracket or mark) precedes the core.
    pub punct_before: bool,
}

impl<'a> Word<'a> {
    /// True when the word starts with a capital letter.
    pub fn is_capitalized(&self) -> bool {
        self.core.chars().next().is_some_and(char::is_uppercase)
    }

    /// The word in lower case, without a possessive `’s`.
    pub fn lower(&self) -> Cow<'a, str> {
        lowercase(strip_possessive(self.core))
    }
}

/// A word in lower case, borrowed when it has no capitals: extraction asks
/// this of nearly every word, and most need no new string.
fn lowercase(word: &str) -> Cow<'_, str> {
    let has_capital = if word.is_ascii() {
        word.bytes().any(|b| b.is_ascii_uppercase())
    } else {
        word.chars().any(char::is_uppercase)
    };
    if has_capital {
        Cow::Owned(word.to_lowercase())
    } else {
        Cow::Borrowed(word)
    }
}

/// Calls `f` with a word in lower case. Short ASCII words, nearly all of them,
/// are lowered into a buffer on the stack: the word lists are asked about
/// every capitalised word, and a new string each time is most of the cost.
pub fn with_lowercase<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    const SHORT: usize = 32;
    if word.len() <= SHORT && word.is_ascii() {
        let mut buffer = [0u8; SHORT];
        let lowered = &mut buffer[..word.len()];
        lowered.copy_from_slice(word.as_bytes());
        lowered.make_ascii_lowercase();
        // ASCII lowered is still ASCII, so this never fails.
        f(std::str::from_utf8(lowered).unwrap_or(word))
    } else {
        f(&word.to_lowercase())
    }
}

/// `Trump’s` → `Trump`.
pub fn strip_possessive(word: &str) -> &str {
    word.strip_suffix("’s")
        .or_else(|| word.strip_suffix("'s"))
        .or_else(|| word.strip_suffix('’'))
        .unwrap_or(word)
}

/// Splits a text into words, recording offsets and trailing punctuation.
///
/// Extraction splits every paragraph more than once, so this is one pass over
/// the bytes: ASCII is classified byte by byte, and only other characters are
/// decoded.
pub fn words(text: &str) -> Vec<Word<'_>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut at = 0;
    while at < bytes.len() {
        // White space between words: ASCII told by the table, other characters decoded.
        let width = if bytes[at].is_ascii() {
            if !is_ascii_word_byte(bytes[at]) {
                at += 1;
                continue;
            }
            1
        } else {
            let (c, width) = char_at(text, at);
            if c.is_whitespace() {
                at += width;
                continue;
            }
            width
        };
        let token_start = at;
        at += width;
        loop {
            // Runs of ASCII that is not a space, nearly all of every word, in a tight loop.
            while at < bytes.len() && is_ascii_word_byte(bytes[at]) {
                at += 1;
            }
            if at == bytes.len() || bytes[at].is_ascii() {
                break;
            }
            let (c, width) = char_at(text, at);
            if c.is_whitespace() {
                break;
            }
            at += width;
        }
        if let Some(word) = word_of(text, token_start, at) {
            out.push(word);
        }
    }
    out
}

/// True for an ASCII byte that is not white space (as `char::is_whitespace`
/// has it): one look-up in a table, asked of nearly every byte of every paragraph.
#[inline(always)]
fn is_ascii_word_byte(byte: u8) -> bool {
    ASCII_WORD_BYTES[usize::from(byte)]
}

/// `is_ascii_word_byte`'s answers, by byte.
static ASCII_WORD_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 128 {
        table[byte] = !matches!(byte as u8, b' ' | b'\t'..=b'\r');
        byte += 1;
    }
    table
};

/// The character at a byte offset and its width, without decoding ASCII.
/// Asked of every byte of every paragraph: inlined, it costs a comparison.
#[inline(always)]
fn char_at(text: &str, at: usize) -> (char, usize) {
    let byte = text.as_bytes()[at];
    if byte.is_ascii() {
        (char::from(byte), 1)
    } else {
        // `at` is always a character boundary, so there is a character here.
        let c = text[at..]
            .chars()
            .next()
            .unwrap_or(char::REPLACEMENT_CHARACTER);
        (c, c.len_utf8())
    }
}

/// The word of the token `text[start..end]`, without its edge punctuation;
/// `None` when the token is all punctuation.
fn word_of(text: &str, start: usize, end: usize) -> Option<Word<'_>> {
    let token = &text[start..end];
    // Most tokens start and end with an ASCII letter or digit: nothing to trim.
    let bytes = token.as_bytes();
    if bytes.first().is_some_and(u8::is_ascii_alphanumeric)
        && bytes.last().is_some_and(u8::is_ascii_alphanumeric)
    {
        return Some(Word {
            start,
            end,
            core: token,
            punct_after: false,
            punct_before: false,
        });
    }
    let lead = token.len() - token.trim_start_matches(is_edge_punct).len();
    let mut core = &token[lead..];
    let trimmed = core.trim_end_matches(is_edge_punct);
    let abbreviation = core.len() > trimmed.len()
        && core[trimmed.len()..].starts_with('.')
        && is_abbreviation_like(trimmed);
    if abbreviation {
        core = &core[..trimmed.len() + 1];
    } else {
        core = trimmed;
    }
    (!core.is_empty()).then(|| Word {
        start: start + lead,
        end: start + lead + core.len(),
        core,
        punct_after: token.len() > lead + core.len(),
        punct_before: lead > 0,
    })
}

fn is_edge_punct(c: char) -> bool {
    if c.is_ascii() {
        !c.is_ascii_alphanumeric() && c != '$' && c != '%'
    } else {
        !c.is_alphanumeric()
    }
}

/// `Mr`, `Sen`, `U.S`, a middle initial: words whose full stop is part of them.
fn is_abbreviation_like(word: &str) -> bool {
    const TITLES: [&str; 14] = [
        "Mr", "Mrs", "Ms", "Dr", "Sen", "Rep", "Gov", "Gen", "Jr", "Sr", "St", "Lt", "Col", "Prof",
    ];
    TITLES.contains(&word)
        || word.contains('.')
        || (word.chars().count() == 1 && word.chars().all(char::is_uppercase))
}

/// A fixed list of words, looked up by hash: extraction asks about every
/// word of every article, and a scan of a 200-word list costs 200 comparisons.
pub struct WordSet {
    words: &'static [&'static str],
    set: OnceLock<FxHashSet<&'static str>>,
}

impl WordSet {
    /// A set of these words, hashed on first use.
    pub const fn new(words: &'static [&'static str]) -> Self {
        WordSet {
            words,
            set: OnceLock::new(),
        }
    }

    /// True when `word` is one of the words (compared exactly).
    pub fn contains(&self, word: &str) -> bool {
        self.set
            .get_or_init(|| self.words.iter().copied().collect())
            .contains(word)
    }

    /// The words, in their listed order.
    pub fn iter(&self) -> impl Iterator<Item = &'static str> {
        self.words.iter().copied()
    }
}

/// Verbs and phrases that report speech. Each entry is lowercase; phrases are
/// matched word by word.
#[rustfmt::skip]
pub static CUES: WordSet = WordSet::new(&[
    "said", "says", "say", "told", "tells", "tell", "added", "adds", "stressed", "stresses",
    "warned", "warns", "claimed", "claims", "declared", "declares", "responded", "cautioned",
    "insisted", "insists", "reminded", "tweeted", "wrote", "writes", "asked", "asks", "continued",
    "explained", "noted", "notes", "argued", "argues", "replied", "answered", "announced",
    "suggested", "acknowledged", "admitted", "agreed", "conceded", "recalled", "remarked",
    "observed", "emphasized", "emphasised", "urged", "predicted", "vowed", "promised", "pledged",
    "boasted", "complained", "joked", "quipped", "shouted", "testified", "posted", "countered",
    "confirmed", "denied", "maintained", "contended", "hinted", "praised", "criticized",
    "criticised", "accused", "saying", "telling", "adding", "writing", "warning", "insisting",
    "stating", "stated", "announcing", "campaigned", "echoing", "welcomed", "explains",
    "concluded", "cried", "yelled", "whispered", "mused", "retorted", "snapped",
    // Direct-quotation cues of PolNeAR's training articles the list lacked.
    // (Not "chanted": crowds chant, and the nearest name is rarely theirs.)
    "reported", "reports", "concludes", "assured", "barked", "responds", "states", "wondered",
    "asking",
    // Participles of the cues above, as a clause closes with them (", tweeting, “…”").
    "tweeting", "noting", "arguing", "explaining", "declaring", "responding", "replying",
    "claiming", "recalling", "concluding", "posting",
    "demanded",
]);

/// True for a reporting verb.
pub fn is_cue(word: &str) -> bool {
    CUES.contains(word)
}

/// True when a word of running text is a reporting cue: lowercase, as a
/// verb is mid-sentence ("States" in "United States" is not "states").
pub fn is_running_cue(word: &Word) -> bool {
    !word.is_capitalized() && is_cue(&word.lower())
}

/// Capitalised words that are titles or ranks, part of a role and never of a name.
#[rustfmt::skip]
pub static TITLE_WORDS: WordSet = WordSet::new(&[
    "president", "vice", "secretary", "state", "minister", "prime", "foreign", "finance",
    "defence", "defense", "interior", "commerce", "agriculture", "information", "health", "energy",
    "trade", "treasury", "exchequer", "chancellor", "sen.", "senator", "rep.", "representative", "gov.",
    "governor", "mayor", "mr.", "mrs.", "ms.", "dr.", "gen.", "general", "adm.", "lt.", "col.",
    "judge", "justice", "chief", "executive", "speaker", "king", "queen", "prince", "princess",
    "pope", "sheikh", "ambassador", "commissioner", "coach", "manager", "director", "chairman",
    "chairwoman", "spokesman", "spokeswoman", "spokesperson", "leader", "premier", "deputy",
    "attorney", "former", "sir", "dame", "lord", "lady", "baroness", "baron", "senior", "envoy",
    "adviser", "advisor",
    "captain", "officer", "analyst", "economist", "strategist", "host", "anchor", "editor",
    "reporter", "correspondent", "professor", "prof.", "rabbi", "cardinal", "bishop", "archbishop",
    "imam", "sergeant", "colonel", "major", "admiral", "marshal", "sheriff", "mp", "congressman",
    "congresswoman", "assemblyman", "councilman", "councillor", "counsel", "ceo", "cfo", "founder",
    "chair", "head",
]);

/// Lowercase nouns that name a role, for "special envoy Steve Witkoff" and "the minister".
#[rustfmt::skip]
pub static ROLE_NOUNS: WordSet = WordSet::new(&[
    "president", "minister", "secretary", "chancellor", "senator", "governor", "mayor", "leader",
    "premier", "spokesman", "spokeswoman", "spokesperson", "envoy", "aide", "adviser", "advisor",
    "reader", "host", "broker", "analyst", "strategist", "economist", "coach", "manager",
    "director", "trader", "executive", "chief", "chairman", "chairwoman", "chair", "official",
    "diplomat", "ambassador", "commissioner", "judge", "lawyer", "attorney", "prosecutor",
    "partner", "founder", "candidate", "nominee", "lawmaker", "congressman", "congresswoman",
    "representative", "speaker", "king", "queen", "general", "commander", "officer", "professor",
    "researcher", "scientist", "author", "writer", "editor", "reporter", "correspondent",
    "columnist", "player", "striker", "defender", "midfielder", "goalkeeper", "captain",
    "defenceman", "rookie", "winger", "forward", "quarterback", "runner", "champion", "actor",
    "actress", "singer", "director", "producer", "ceo", "owner", "boss", "head", "activist",
    "campaigner", "organiser", "organizer", "negotiator", "mediator", "chairperson", "deputy",
    "farmer", "worker", "resident", "witness", "victim", "survivor", "mother", "father", "wife",
    "husband", "son", "daughter", "friend", "colleague", "teammate", "opponent", "rival",
    "historian", "rancher", "teacher", "doctor", "nurse", "student", "pilot", "soldier",
    "engineer", "entrepreneur", "investor", "banker", "economist", "chef", "artist", "poet",
    "novelist", "filmmaker", "musician", "athlete", "veteran", "pastor", "priest", "voter",
    "shopkeeper", "driver", "fisherman", "miner", "protester", "demonstrator", "mayor",
]);

/// Capitalised words that mark an organisation or a place, never a person's name.
#[rustfmt::skip]
pub static ORG_WORDS: WordSet = WordSet::new(&[
    "house", "kremlin", "department", "ministry", "commission", "council", "bank", "party",
    "congress", "agency", "office", "committee", "union", "institute", "society", "government",
    "court", "police", "army", "navy", "force", "forces", "pentagon", "senate", "parliament",
    "assembly", "university", "college", "school", "hospital", "company", "corporation", "inc.",
    "corp.", "group", "partners", "management", "news", "times", "post", "journal", "press",
    "network", "league", "club", "city", "united", "fc", "stadium", "street", "avenue", "road",
    "square", "palace", "palais", "sea", "ocean", "river", "lake", "mountains", "island",
    "islands", "base", "airport", "port", "station", "war", "operation", "organization",
    "organisation", "association", "federation", "foundation", "fund", "reserve", "exchange",
    "board", "authority", "service", "services", "administration", "cabinet", "nations", "states",
    "kingdom", "republic", "democrats", "republicans", "greens", "labour", "tories", "airlines",
    "motors", "technologies", "systems", "one", "two", "ii", "iii", "centre", "center", "museum",
    "hall", "church", "cathedral", "mosque", "temple", "bridge", "park", "valley", "county",
    "province", "region", "district", "coast", "gulf", "strait", "channel", "summit", "conference",
    "forum", "cup", "games", "olympics", "championship", "marathon", "prize", "award", "awards",
    "festival", "act", "bill", "treaty", "accord", "agreement", "dream", "alliance", "coalition",
    "front", "movement", "brotherhood", "taliban", "hamas", "nato", "un", "eu", "who", "imf",
    "opec", "fbi", "cia", "bbc", "cnn", "ifo", "ai",
]);

/// Capitalised words that open sentences or name times, never part of a name
/// (demonyms, in [`DEMONYMS`], are not names either).
#[rustfmt::skip]
pub static NOT_NAME_WORDS: WordSet = WordSet::new(&[
    "the", "a", "an", "in", "on", "at", "of", "for", "to", "by", "with", "from", "and", "but",
    "or", "nor", "so", "yet", "when", "while", "as", "after", "before", "since", "if", "though",
    "although", "because", "this", "that", "these", "those", "it", "its", "he", "she", "they",
    "we", "i", "you", "his", "her", "their", "our", "my", "your", "there", "here", "what", "which",
    "who", "whom", "whose", "where", "why", "how", "all", "both", "each", "every", "some", "any",
    "no", "not", "one", "many", "most", "more", "still", "now", "today", "yesterday", "tomorrow",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "mr", "ms", "mrs", "meanwhile", "however", "instead", "also", "even",
    "only", "just", "ahead", "speaking", "asked", "according", "like", "unlike", "despite",
    "during", "until", "under", "over", "about", "against", "between", "among", "into", "through",
    "without", "within", "across", "amid", "via", "per", "said", "says", "told", "nobody",
    "everyone", "someone", "anyone", "everybody", "read", "more:", "related", "watch", "video",
    "photo", "advertisement", "breaking", "update", "exclusive", "opinion", "analysis",
    "editorial", "why", "wait", "yes", "okay", "ok", "oh", "please", "thank", "thanks", "dear",
    "hello", "well", "let", "do", "don’t", "did", "does", "is", "are", "was", "were", "be", "been",
    "will", "would", "could", "should", "can", "may", "might", "must", "shall", "has", "have",
    "had", "christmas", "easter", "ramadan", "god", "lord", "first", "second", "third", "last",
    "next", "new", "old", "east", "west", "northern", "southern", "eastern", "western", "central",
    "democrat", "internet", "covid", "covid-19", "coronavirus",
]);

/// Adjectives of nationality that may open a role ("Russian President").
#[rustfmt::skip]
pub static DEMONYMS: WordSet = WordSet::new(&[
    "american", "russian", "ukrainian", "european", "british", "french", "german", "chinese",
    "japanese", "israeli", "iranian", "georgian", "nigerian", "kenyan", "african", "asian",
    "soviet", "us", "u.s.", "uk", "u.k.", "italian", "spanish", "polish", "indian", "pakistani",
    "turkish", "syrian", "iraqi", "afghan", "saudi", "egyptian", "canadian", "mexican",
    "brazilian", "australian", "korean", "north", "south", "palestinian", "lebanese", "belarusian",
    "hungarian", "dutch", "swedish", "norwegian", "finnish", "danish", "irish", "scottish",
    "welsh", "greek", "austrian", "swiss", "belgian", "czech", "romanian", "venezuelan",
    "colombian", "argentine", "chilean", "cuban", "ethiopian", "somali", "sudanese", "libyan",
    "tunisian", "moroccan", "algerian", "qatari", "emirati", "jordanian", "armenian",
    "azerbaijani", "kazakh", "taiwanese", "vietnamese", "thai", "indonesian", "filipino",
    "malaysian", "singaporean", "democratic", "republican", "conservative", "liberal", "labour",
    "opposition", "then", "former", "acting", "interim", "incoming", "outgoing",
]);

/// Common given names: a capitalised pair opening with one is a person even
/// when the article names them once, without a title ("John Bolton").
#[rustfmt::skip]
pub static GIVEN_NAMES: WordSet = WordSet::new(&[
    "Aaron", "Adam", "Ahmed", "Alan", "Albert", "Alex", "Alexander", "Alexei", "Ali", "Alice",
    "Amanda", "Amy", "Andrea", "Andrew", "Andrzej", "Angela", "Ann", "Anna", "Anne", "Anthony",
    "Antonio", "Ashley", "Barack", "Barbara", "Ben", "Benjamin", "Bernie", "Beth", "Bill", "Bob",
    "Boris", "Brad", "Brian", "Bruce", "Carl", "Carlos", "Carol", "Catherine", "Charles",
    "Charlie", "Chris", "Christian", "Christina", "Christine", "Christopher", "Claire", "Daniel",
    "Dave", "David", "Deborah", "Dennis", "Diana", "Dmitry", "Donald", "Donna", "Doug", "Douglas",
    "Ed", "Edward", "Elena", "Elizabeth", "Emily", "Emma", "Emmanuel", "Eric", "Frank", "Fred",
    "Friedrich", "Gary", "George", "Gerald", "Gordon", "Greg", "Gregory", "Hans", "Harry",
    "Heather", "Helen", "Henry", "Hillary", "Hugh", "Ian", "Igor", "Irina", "Ivan", "Jack",
    "Jacob", "James", "Jane", "Janet", "Jason", "Jean", "Jeb", "Jeff", "Jeffrey", "Jennifer",
    "Jeremy", "Jerry", "Jessica", "Jim", "Joe", "John", "Jon", "Jonathan", "Jose", "Joseph",
    "Josh", "Joshua", "Juan", "Judy", "Julia", "Julie", "Karen", "Kate", "Katherine", "Kathleen",
    "Keir", "Keith", "Kelly", "Ken", "Kenneth", "Kevin", "Kim", "Kristi", "Larry", "Laura", "Lee",
    "Linda", "Lisa", "Liz", "Louis", "Luis", "Maria", "Marie", "Mark", "Martin", "Mary", "Matt",
    "Matthew", "Michael", "Michelle", "Mike", "Mikhail", "Mitch", "Mitt", "Mohammed", "Muhammad",
    "Nancy", "Natalia", "Nicholas", "Nick", "Nicola", "Nicolas", "Nikki", "Oleg", "Olga", "Olivia",
    "Pam", "Pamela", "Patricia", "Patrick", "Paul", "Pedro", "Pete", "Peter", "Philip", "Rachel",
    "Ralph", "Ray", "Rebecca", "Richard", "Rick", "Rob", "Robert", "Roger", "Ron", "Ronald",
    "Rudy", "Russell", "Ruth", "Ryan", "Sam", "Samuel", "Sandra", "Sarah", "Scott", "Sean",
    "Sergei", "Sergey", "Sharon", "Stephen", "Steve", "Steven", "Susan", "Ted", "Thomas", "Tim",
    "Timothy", "Tom", "Tony", "Valerie", "Victor", "Viktor", "Vladimir", "Walter", "Wayne",
    "William", "Xi", "Yuri", "Yulia", "Zach",
]);

/// Personal pronouns that may stand for a speaker.
pub fn is_personal_pronoun(lower: &str) -> bool {
    matches!(lower, "he" | "she" | "him" | "her")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_abbreviations_and_offsets() {
        let text = "“Sen. John F. Kennedy,” said U.S. officials.";
        let cores: Vec<&str> = words(text).iter().map(|w| w.core).collect();
        assert_eq!(
            cores,
            ["Sen.", "John", "F.", "Kennedy", "said", "U.S.", "officials"]
        );
        let kennedy = words(text)[3];
        assert_eq!(&text[kennedy.start..kennedy.end], "Kennedy");
        assert!(kennedy.punct_after);
    }

    #[test]
    fn words_split_on_every_white_space_and_keep_other_characters() {
        // Tabs, line breaks, a vertical tab and non-ASCII spaces (no-break,
        // thin) split words; accented letters and dashes do not.
        let text = "Zelenskyy\tsaid\n\x0bKyiv\u{a0}was\u{2009}calm—very  café";
        let cores: Vec<&str> = words(text).iter().map(|w| w.core).collect();
        assert_eq!(
            cores,
            ["Zelenskyy", "said", "Kyiv", "was", "calm—very", "café"]
        );
        for word in words(text) {
            assert_eq!(&text[word.start..word.end], word.core);
        }
    }

    #[test]
    fn possessives_are_stripped_for_matching() {
        assert_eq!(strip_possessive("Trump’s"), "Trump");
        assert_eq!(strip_possessive("Lloyd's"), "Lloyd");
    }
}
