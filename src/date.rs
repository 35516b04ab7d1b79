//! Dates: parsing the front-matter forms of SITE-FORMAT §3.2 and
//! formatting them the Vietnamese way (CLDR weekday names, not glibc's).

use chrono::{
    DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike,
};

pub type Date = DateTime<FixedOffset>;

/// CLDR `vi` weekday names, Monday first, as page chrome writes them.
const WEEKDAYS: [&str; 7] = [
    "Thứ Hai",
    "Thứ Ba",
    "Thứ Tư",
    "Thứ Năm",
    "Thứ Sáu",
    "Thứ Bảy",
    "Chủ Nhật",
];

/// Parse "+07:00", "-05:30", "Z" or "UTC".
pub fn parse_offset(s: &str) -> Option<FixedOffset> {
    let s = s.trim();
    if s.eq_ignore_ascii_case("z") || s.eq_ignore_ascii_case("utc") {
        return FixedOffset::east_opt(0);
    }
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    let (h, m) = match rest.split_once(':') {
        Some((h, m)) => (h, m),
        None if rest.len() == 4 => rest.split_at(2),
        None => (rest, "0"),
    };
    let h: i32 = h.parse().ok()?;
    let m: i32 = m.parse().ok()?;
    if h > 23 || m > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

/// Parse `2024-10-14`, `2024-10-14 08:30`, `2024-10-14T08:30:00`, each with an
/// optional offset (`+07:00`, `Z`); `tz` applies when there is none.
pub fn parse(s: &str, tz: FixedOffset) -> Option<Date> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let day = NaiveDate::from_ymd_opt(
        digits(&b[0..4])? as i32,
        digits(&b[5..7])?,
        digits(&b[8..10])?,
    )?;
    let rest = s[10..].trim_start_matches(['T', 't', ' ']);
    // Split the time from an offset.
    let split = rest.find(['+', '-', 'Z', 'z']).unwrap_or(rest.len());
    let (time, offset) = rest.split_at(split);
    let time = time.trim().as_bytes();
    let time = match time.len() {
        0 => NaiveTime::MIN,
        5 if time[2] == b':' => {
            NaiveTime::from_hms_opt(digits(&time[..2])?, digits(&time[3..5])?, 0)?
        }
        8.. if time[2] == b':' && time[5] == b':' => {
            // Fractions of a second are accepted and dropped.
            if time.len() > 8
                && (time[8] != b'.' || time.len() == 9 || digits(&time[9..]).is_none())
            {
                return None;
            }
            NaiveTime::from_hms_opt(
                digits(&time[..2])?,
                digits(&time[3..5])?,
                digits(&time[6..8])?,
            )?
        }
        _ => return None,
    };
    let offset = offset.trim();
    let tz = if offset.is_empty() {
        tz
    } else {
        parse_offset(offset)?
    };
    tz.from_local_datetime(&NaiveDateTime::new(day, time))
        .single()
}

/// ASCII digits as a number (at most 9 of them).
fn digits(b: &[u8]) -> Option<u32> {
    if b.is_empty() || b.len() > 9 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
}

pub fn weekday(d: &Date) -> &'static str {
    WEEKDAYS[d.weekday().num_days_from_monday() as usize]
}

/// The named formats of the `date_vn` template filter.
pub fn format(d: &Date, format: &str) -> String {
    // The local date and time once: each accessor of `d` converts again.
    let l = d.naive_local();
    let (day, month, year, hour, minute) = (l.day(), l.month(), l.year(), l.hour(), l.minute());
    // The common formats by hand: `format!` with padding costs a few
    // thousand instructions, and listings print a date per item.
    let mut out = String::with_capacity(32);
    let dmy = |out: &mut String| {
        push2(out, day);
        out.push('/');
        push2(out, month);
        out.push('/');
        push_year(out, year);
    };
    let hm = |out: &mut String| {
        push2(out, hour);
        out.push(':');
        push2(out, minute);
    };
    match format {
        "date" => dmy(&mut out),
        "short" => {
            dmy(&mut out);
            out.push_str(" - ");
            hm(&mut out);
        }
        "text" => return format!("{day}/{month}/{year}"),
        "long" => return format!("ngày {day:02} tháng {month:02} năm {year}"),
        "weekday" => return weekday(d).to_string(),
        "month" => return format!("tháng {month}/{year}"),
        "time" => hm(&mut out),
        "day" => {
            out.push_str(weekday(d));
            out.push_str(", ");
            dmy(&mut out);
        }
        "iso" => return rfc3339(d),
        "rfc2822" => return d.to_rfc2822(),
        _ => {
            out.push_str(weekday(d));
            out.push_str(", ");
            dmy(&mut out);
            out.push_str(" - ");
            hm(&mut out);
        }
    }
    out
}

/// Two digits, zero-padded (`n` < 100).
fn push2(out: &mut String, n: u32) {
    out.push(char::from(b'0' + (n / 10 % 10) as u8));
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// A year: four digits by hand, others (never met in practice) by `format!`.
fn push_year(out: &mut String, year: i32) {
    if (1000..=9999).contains(&year) {
        push2(out, year as u32 / 100);
        push2(out, year as u32 % 100);
    } else {
        out.push_str(&year.to_string());
    }
}

/// Running text: "10/6/2024" (no zero padding).
pub fn text(d: &Date) -> String {
    format!("{}/{}/{}", d.day(), d.month(), d.year())
}

pub fn rfc3339(d: &Date) -> String {
    d.to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// Whole days from `from`'s calendar day to `to`'s (both in `to`'s offset).
pub fn days_between(from: &Date, to: &Date) -> i64 {
    let tz = *to.offset();
    (to.date_naive() - from.with_timezone(&tz).date_naive()).num_days()
}

/// Vietnamese number: "22.500", "116,7" (group ".", decimal ",").
pub fn number(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return String::new();
    }
    let s = format!("{:.*}", decimals, value.abs());
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s.as_str(), None),
    };
    let mut out = String::new();
    if value < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
        out.push('-');
    }
    let len = int.len();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (len - i) % 3 == 0 {
            out.push('.');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push(',');
        out.push_str(f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tz() -> FixedOffset {
        parse_offset("+07:00").unwrap()
    }

    #[test]
    fn hand_formats_match_format_macro() {
        for (y, m, d, h, mi) in [
            (2026, 11, 20, 8, 5),
            (999, 1, 2, 23, 59),
            (10000, 12, 31, 0, 0),
        ] {
            let date = tz().with_ymd_and_hms(y, m, d, h, mi, 0).unwrap();
            let wd = weekday(&date);
            assert_eq!(format(&date, "date"), std::format!("{d:02}/{m:02}/{y}"));
            assert_eq!(
                format(&date, "short"),
                std::format!("{d:02}/{m:02}/{y} - {h:02}:{mi:02}")
            );
            assert_eq!(format(&date, "time"), std::format!("{h:02}:{mi:02}"));
            assert_eq!(
                format(&date, "day"),
                std::format!("{wd}, {d:02}/{m:02}/{y}")
            );
            assert_eq!(
                format(&date, "full"),
                std::format!("{wd}, {d:02}/{m:02}/{y} - {h:02}:{mi:02}")
            );
        }
    }

    #[test]
    fn parses_all_forms() {
        let a = parse("2026-11-20", tz()).unwrap();
        assert_eq!(rfc3339(&a), "2026-11-20T00:00:00+07:00");
        let b = parse("2026-11-20 08:27", tz()).unwrap();
        assert_eq!(rfc3339(&b), "2026-11-20T08:27:00+07:00");
        let c = parse("2026-11-20T08:27:10Z", tz()).unwrap();
        assert_eq!(rfc3339(&c), "2026-11-20T08:27:10+00:00");
        let d = parse("2026-11-20 08:27 +05:30", tz()).unwrap();
        assert_eq!(rfc3339(&d), "2026-11-20T08:27:00+05:30");
        assert!(parse("2026-13-01", tz()).is_none());
        assert!(parse("20/11/2026", tz()).is_none());
        assert!(parse("2026-11-20 25:00", tz()).is_none());
        assert!(parse("2026-11-2ố", tz()).is_none());
        assert!(parse("2026-11-20 8:27", tz()).is_none());
        assert!(parse("2026-11-20 08:27:00.5", tz()).is_some());
        assert!(parse("2026-11-20T08:27:00.+07:00", tz()).is_none());
        assert!(parse("2026-02-30", tz()).is_none());
        assert!(parse("ngày 2026-11-20", tz()).is_none());
    }

    #[test]
    fn formats_vietnamese() {
        let d = parse("2026-11-20 08:27", tz()).unwrap();
        assert_eq!(format(&d, "full"), "Thứ Sáu, 20/11/2026 - 08:27");
        assert_eq!(format(&d, "date"), "20/11/2026");
        assert_eq!(format(&d, "long"), "ngày 20 tháng 11 năm 2026");
        let e = parse("2026-01-05", tz()).unwrap();
        assert_eq!(format(&e, "long"), "ngày 05 tháng 01 năm 2026");
        let f = parse("2024-06-10", tz()).unwrap();
        assert_eq!(format(&f, "text"), "10/6/2024");
        let sunday = parse("2026-11-22", tz()).unwrap();
        assert_eq!(weekday(&sunday), "Chủ Nhật");
    }

    #[test]
    fn numbers() {
        assert_eq!(number(22500.0, 0), "22.500");
        assert_eq!(number(7020000.0, 0), "7.020.000");
        assert_eq!(number(116.7, 1), "116,7");
        assert_eq!(number(999.0, 0), "999");
        assert_eq!(number(-1234.5, 1), "-1.234,5");
    }

    #[test]
    fn day_counts() {
        let a = parse("2026-11-21 23:00", tz()).unwrap();
        let b = parse("2026-11-30", tz()).unwrap();
        assert_eq!(days_between(&a, &b), 9);
    }
}
