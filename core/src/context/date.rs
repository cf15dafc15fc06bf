//! A calendar date (proleptic Gregorian), without time or time zone.

use std::fmt;

/// A calendar date. Orders chronologically.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    /// 1–12.
    pub month: u8,
    /// 1–31 (valid for the month).
    pub day: u8,
}

impl Date {
    /// A date, when the day exists.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let ok = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        ok.then_some(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD` (four-digit year, two-digit month and day).
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.trim().as_bytes();
        if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            let part = b.get(r)?;
            if !part.iter().all(u8::is_ascii_digit) {
                return None;
            }
            part.iter()
                .try_fold(0u32, |acc, d| Some(acc * 10 + u32::from(d - b'0')))
        };
        let year = i32::try_from(num(0..4)?).ok()?;
        let month = u8::try_from(num(5..7)?).ok()?;
        let day = u8::try_from(num(8..10)?).ok()?;
        Date::new(year, month, day)
    }

    /// The date `days` days after 1970-01-01 (negative: before).
    pub fn from_days_since_epoch(days: i64) -> Date {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date {
            year: i32::try_from(year).unwrap_or(if year < 0 { i32::MIN } else { i32::MAX }),
            month: u8::try_from(month).unwrap_or(1),
            day: u8::try_from(day).unwrap_or(1),
        }
    }

    /// The date of a Unix timestamp (seconds since 1970-01-01T00:00:00Z), in UTC.
    pub fn from_unix_seconds(secs: i64) -> Date {
        Date::from_days_since_epoch(secs.div_euclid(86_400))
    }

    /// Days since 1970-01-01.
    pub fn days_since_epoch(self) -> i64 {
        let m = i64::from(self.month);
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y.rem_euclid(400);
        let mp = if m > 2 { m - 3 } else { m + 9 };
        let doy = (153 * mp + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// This date moved by `days` (negative: back).
    pub fn add_days(self, days: i64) -> Date {
        Date::from_days_since_epoch(self.days_since_epoch().saturating_add(days))
    }

    /// Days from `self` to `other` (negative when `other` is earlier).
    pub fn days_until(self, other: Date) -> i64 {
        other.days_since_epoch() - self.days_since_epoch()
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    /// `YYYY-MM-DD`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::Date;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn parses_and_prints() {
        assert_eq!(d("2024-02-29").to_string(), "2024-02-29");
        assert_eq!(d(" 2026-01-01\n"), Date::new(2026, 1, 1).unwrap());
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "2024-00-10",
            "2024-04-31",
            "2024-4-01",
            "24-04-01",
            "2024/04/01",
            "2024-04-01T00:00",
            "",
            "+024-04-01",
            "２０２４-04-01",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
        assert_eq!(d("1900-02-28").add_days(1), d("1900-03-01"));
        assert_eq!(d("2000-02-28").add_days(1), d("2000-02-29"));
    }

    #[test]
    fn day_arithmetic() {
        assert_eq!(d("1970-01-01").days_since_epoch(), 0);
        assert_eq!(Date::from_days_since_epoch(0), d("1970-01-01"));
        assert_eq!(Date::from_days_since_epoch(-1), d("1969-12-31"));
        assert_eq!(d("2000-03-01").days_since_epoch(), 11_017);
        assert_eq!(d("2024-12-31").add_days(1), d("2025-01-01"));
        assert_eq!(d("2025-03-01").add_days(-1), d("2025-02-28"));
        assert_eq!(d("2024-01-01").add_days(366), d("2025-01-01"));
        assert_eq!(d("2026-01-01").days_until(d("2026-04-01")), 90);
        assert_eq!(d("2026-04-01").days_until(d("2026-01-01")), -90);
        // 2026-11-29T04:47:21Z
        assert_eq!(Date::from_unix_seconds(1_795_927_641), d("2026-11-29"));
        assert_eq!(Date::from_unix_seconds(-1), d("1969-12-31"));
        // Every day of four centuries round-trips.
        let start = d("1900-01-01").days_since_epoch();
        let mut prev = Date::from_days_since_epoch(start - 1);
        for n in start..start + 146_097 {
            let date = Date::from_days_since_epoch(n);
            assert_eq!(date.days_since_epoch(), n);
            assert!(date > prev);
            assert_eq!(Date::parse(&date.to_string()), Some(date));
            prev = date;
        }
    }
}
