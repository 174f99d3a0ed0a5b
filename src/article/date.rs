//! Publication dates as articles write them.
//!
//! Recognised: ISO 8601 (`2025-08-15`, `2025-08-15T14:30:00Z`, with an offset),
//! `August 15, 2025`, `Aug 15, 2025`, `15 August 2025`, and the Reuters form
//! `26-FEB-1987 15:01:01.79`. Anything else is no date: a wrong date is worse
//! than none.

use time::format_description::well_known::Rfc3339;
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time};

/// Parses a date, or returns `None` when the text is not one of the known forms.
pub fn parse(text: &str) -> Option<OffsetDateTime> {
    let text = text.trim().trim_end_matches('.');
    if let Ok(datetime) = OffsetDateTime::parse(text, &Rfc3339) {
        return Some(datetime);
    }
    iso_date(text)
        .or_else(|| reuters(text))
        .or_else(|| written(text))
}

/// `2025-08-15`, optionally followed by a time without zone (read as UTC).
fn iso_date(text: &str) -> Option<OffsetDateTime> {
    let (date_part, time_part) = match text.split_once(['T', ' ']) {
        Some((date, time)) => (date, Some(time)),
        None => (text, None),
    };
    let mut numbers = date_part.split('-');
    let year: i32 = numbers.next()?.parse().ok()?;
    let month: u8 = numbers.next()?.parse().ok()?;
    let day: u8 = numbers.next()?.parse().ok()?;
    if numbers.next().is_some() || !(1000..=9999).contains(&year) {
        return None;
    }
    let date = Date::from_calendar_date(year, Month::try_from(month).ok()?, day).ok()?;
    let time = match time_part {
        Some(time) => clock(time.trim_end_matches('Z'))?,
        None => Time::MIDNIGHT,
    };
    Some(PrimitiveDateTime::new(date, time).assume_utc())
}

/// `26-FEB-1987 15:01:01.79`.
fn reuters(text: &str) -> Option<OffsetDateTime> {
    let (date_part, time_part) = text.split_once(' ').unwrap_or((text, ""));
    let mut parts = date_part.split('-');
    let day: u8 = parts.next()?.parse().ok()?;
    let month = month_named(parts.next()?)?;
    let year: i32 = parts.next()?.parse().ok()?;
    let date = Date::from_calendar_date(year, month, day).ok()?;
    let time = if time_part.is_empty() {
        Time::MIDNIGHT
    } else {
        clock(time_part)?
    };
    Some(PrimitiveDateTime::new(date, time).assume_utc())
}

/// `August 15, 2025`, `Aug. 15, 2025`, `15 August 2025`, with an optional weekday first.
fn written(text: &str) -> Option<OffsetDateTime> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .filter(|w| weekday(w).is_none())
        .collect();
    let [a, b, c] = words.as_slice() else {
        return None;
    };
    let (month, day) = match (month_named(a), month_named(b)) {
        (Some(month), _) => (month, b.parse::<u8>().ok()?),
        (None, Some(month)) => (month, a.parse::<u8>().ok()?),
        _ => return None,
    };
    let year: i32 = c.parse().ok()?;
    let date = Date::from_calendar_date(year, month, day).ok()?;
    Some(date.midnight().assume_utc())
}

/// `14:30`, `14:30:05`, `15:01:01.79`.
fn clock(text: &str) -> Option<Time> {
    let mut parts = text.split(':');
    let hour: u8 = parts.next()?.parse().ok()?;
    let minute: u8 = parts.next()?.parse().ok()?;
    let second: f64 = parts.next().map_or(Ok(0.0), str::parse).ok()?;
    Time::from_hms(hour, minute, second as u8).ok()
}

fn month_named(word: &str) -> Option<Month> {
    let word = word.trim_end_matches('.').to_ascii_lowercase();
    const MONTHS: [(&str, Month); 12] = [
        ("jan", Month::January),
        ("feb", Month::February),
        ("mar", Month::March),
        ("apr", Month::April),
        ("may", Month::May),
        ("jun", Month::June),
        ("jul", Month::July),
        ("aug", Month::August),
        ("sep", Month::September),
        ("oct", Month::October),
        ("nov", Month::November),
        ("dec", Month::December),
    ];
    if word.len() < 3 {
        return None;
    }
    MONTHS.iter().find_map(|(prefix, month)| {
        let full = month.to_string().to_ascii_lowercase();
        let matches = word == *prefix || full == word || (word == "sept" && *prefix == "sep");
        matches.then_some(*month)
    })
}

fn weekday(word: &str) -> Option<()> {
    const DAYS: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let word = word.to_ascii_lowercase();
    DAYS.iter()
        .any(|day| *day == word || (word.len() >= 3 && day.starts_with(&word)))
        .then_some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_forms_table() {
        let cases = [
            ("2025-08-15", Some("2025-08-15T00:00:00Z")),
            ("2025-08-15T14:30:00Z", Some("2025-08-15T14:30:00Z")),
            (
                "2025-08-15T14:30:00+02:00",
                Some("2025-08-15T14:30:00+02:00"),
            ),
            ("26-FEB-1987 15:01:01.79", Some("1987-02-26T15:01:01Z")),
            ("August 15, 2025", Some("2025-08-15T00:00:00Z")),
            ("Sept. 3, 2025", Some("2025-09-03T00:00:00Z")),
            ("Friday, 15 August 2025", Some("2025-08-15T00:00:00Z")),
            ("2025-02-30", None),
            ("yesterday", None),
            ("May the force be", None),
        ];
        for (text, expected) in cases {
            let got = parse(text).map(|d| d.format(&Rfc3339).unwrap());
            assert_eq!(got.as_deref(), expected, "{text}");
        }
    }
}
