//! Reading back the ISO 8601 UTC times the exports write (`export::iso8601_utc`), so a
//! recording without a header still knows when each message arrived.

/// Largest |time| a JavaScript `Date` holds, as in `export.rs`.
const MAX_TIME_MS: f64 = 8.64e15;

/// Days since 1970-01-01 of a proleptic Gregorian date; the inverse of the export's
/// `civil_from_days`, counted in 400-year eras that start on March 1st so leap days fall last.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = i64::from((month + 9) % 12);
    let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The value of a run of ASCII digits; `None` when empty or anything else is in it.
fn digits(bytes: &[u8]) -> Option<u32> {
    if bytes.is_empty() || bytes.len() > 9 {
        return None;
    }
    bytes.iter().try_fold(0u32, |acc, b| {
        b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0'))
    })
}

/// Unix milliseconds of `2023-11-14T22:13:20.123Z` (also `±YYYYYY-…` years, any number of
/// fraction digits or none, truncated to milliseconds); `None` for anything else, an impossible
/// date, or a time outside the `Date` range.
pub(super) fn parse_iso8601_utc(text: &str) -> Option<f64> {
    let b = text.as_bytes();
    let (year, rest) = match b.first()? {
        sign @ (b'+' | b'-') => {
            let y = i64::from(digits(b.get(1..7)?)?);
            (if *sign == b'-' { -y } else { y }, b.get(7..)?)
        }
        _ => (i64::from(digits(b.get(0..4)?)?), b.get(4..)?),
    };
    let separators = [(0, b'-'), (3, b'-'), (6, b'T'), (9, b':'), (12, b':')];
    if separators.iter().any(|&(i, c)| rest.get(i) != Some(&c)) {
        return None;
    }
    let field = |from: usize| digits(rest.get(from..from + 2)?);
    let (month, day) = (field(1)?, field(4)?);
    let (hour, minute, second) = (field(7)?, field(10)?, field(13)?);
    if !(1..=12).contains(&month)
        || !(1..=days_in_month(year, month)).contains(&day)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    let mut tail = rest.get(15..)?;
    let mut milli = 0u32;
    if let Some(fraction) = tail.strip_prefix(b".") {
        let len = fraction.iter().take_while(|b| b.is_ascii_digit()).count();
        if len == 0 {
            return None;
        }
        let first3 = fraction.get(..len.min(3))?;
        milli = digits(first3)? * 10u32.pow(3 - first3.len() as u32);
        tail = fraction.get(len..)?;
    }
    if tail != b"Z" {
        return None;
    }
    let in_day = ((i64::from(hour) * 60 + i64::from(minute)) * 60 + i64::from(second)) * 1000
        + i64::from(milli);
    let ms = days_from_civil(year, month, day) * 86_400_000 + in_day;
    // Exact: |ms| stays far below 2^53 for six-digit years.
    let ms = ms as f64;
    (ms.abs() <= MAX_TIME_MS).then_some(ms)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::export::iso8601_utc;

    #[test]
    fn reads_back_what_the_export_writes() {
        for ms in [
            0.0,
            -1.0,
            1_700_000_000_123.0,
            951_782_400_000.0,
            253_402_300_800_000.0,
            -62_198_755_200_000.0,
            8.64e15,
            -8.64e15,
        ] {
            let text = iso8601_utc(ms).unwrap_or_default();
            assert_eq!(parse_iso8601_utc(&text), Some(ms), "{text}");
        }
    }

    #[test]
    fn fractions_are_truncated_to_milliseconds() {
        let at = |t| parse_iso8601_utc(t);
        assert_eq!(at("1970-01-01T00:00:01Z"), Some(1000.0));
        assert_eq!(at("1970-01-01T00:00:00.5Z"), Some(500.0));
        assert_eq!(at("1970-01-01T00:00:00.123456789Z"), Some(123.0));
    }

    #[test]
    fn refuses_what_is_not_such_a_time() {
        for bad in [
            "",
            "2023",
            "2023-11-14",
            "2023-11-14T22:13:20",
            "2023-11-14T22:13:20.Z",
            "2023-11-14T22:13:20.000+01:00",
            "2023-13-01T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "2023-11-14T24:00:00Z",
            "2023-11-14 22:13:20Z",
            "+275760-09-13T00:00:00.001Z",
            "2023-11-1\u{e9}T00:00:00Z",
            "\u{e9}",
        ] {
            assert_eq!(parse_iso8601_utc(bad), None, "{bad}");
        }
        assert_eq!(
            parse_iso8601_utc("2024-02-29T00:00:00Z"),
            Some(1_709_164_800_000.0)
        );
    }
}
