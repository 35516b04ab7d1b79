//! A fast reader for the front matter nearly every article has: top-level
//! `key: value` lines whose values are quoted strings, plain text, dates or
//! one-line lists of those. It gives exactly what the YAML crate would give
//! or `None`; anything it is not sure of (block values, nesting, numbers,
//! booleans, escapes, comments after a value, duplicate keys…) is left to the
//! YAML crate. serde_yaml spends about 290 instructions per byte of front
//! matter, a tenth of a build; this about 20.

use serde_json::{Map, Value};

/// The mapping of `src`, when every line is one this reader knows for sure.
pub(super) fn parse(src: &str) -> Option<Value> {
    let mut map = Map::new();
    for line in src.split('\n') {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, rest) = line.split_once(':')?;
        if !is_key(key) || !rest.starts_with(' ') {
            return None;
        }
        let value = value(rest.trim_matches(' '))?;
        if map.insert(key.to_string(), value).is_some() {
            // Duplicate keys: the YAML crate's call.
            return None;
        }
    }
    // A document of comments alone is null to the YAML crate.
    (!map.is_empty()).then_some(Value::Object(map))
}

/// An ASCII key starting with a letter: `title`, `source_url`, `entries-file`.
fn is_key(key: &str) -> bool {
    key.as_bytes().first().is_some_and(u8::is_ascii_alphabetic)
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

fn value(v: &str) -> Option<Value> {
    if let Some(inner) = v.strip_prefix('[') {
        let inner = inner.strip_suffix(']')?;
        if inner.trim_matches(' ').is_empty() {
            return Some(Value::Array(Vec::new()));
        }
        return inner
            .split(',')
            .map(|item| scalar(item.trim_matches(' '), true))
            .collect::<Option<Vec<_>>>()
            .map(Value::Array);
    }
    scalar(v, false)
}

/// A quoted string or plain text; `in_flow`: inside `[…]`.
fn scalar(v: &str, in_flow: bool) -> Option<Value> {
    if !all_printable(v) {
        return None;
    }
    if let Some(inner) = v.strip_prefix('"') {
        let inner = inner.strip_suffix('"')?;
        // Escapes are the YAML crate's.
        if memchr::memchr2(b'"', b'\\', inner.as_bytes()).is_some() {
            return None;
        }
        return Some(Value::String(inner.to_string()));
    }
    if let Some(inner) = v.strip_prefix('\'') {
        let inner = inner.strip_suffix('\'')?;
        if inner.replace("''", "").contains('\'') {
            return None;
        }
        return Some(Value::String(inner.replace("''", "'")));
    }
    plain(v, in_flow).map(|s| Value::String(s.to_string()))
}

/// Plain text that the YAML crate surely reads as that very string: starts
/// with a letter that is not a YAML indicator, holds no `: `, ` #` or tab,
/// and is no word YAML reads as a boolean, null or number; or a date.
fn plain(v: &str, in_flow: bool) -> Option<&str> {
    if v.contains(": ")
        || v.contains(" #")
        || v.contains('\t')
        || v.ends_with(':')
        || (in_flow && v.contains(['[', ']', '{', '}', ',']))
    {
        return None;
    }
    if is_date(v) {
        return Some(v);
    }
    if !v.chars().next()?.is_alphabetic() {
        return None;
    }
    const SPECIAL: [&str; 13] = [
        "true", "false", "null", "yes", "no", "on", "off", "y", "n", "inf", "infinity", "nan",
        "nil",
    ];
    if SPECIAL.iter().any(|w| v.eq_ignore_ascii_case(w)) {
        return None;
    }
    Some(v)
}

/// `2026-11-20`, `2026-11-20 08:30`, `2026-11-20T08:30:00+07:00`, `…Z`:
/// digits, `-`, `:`, `+`, `T`, `Z`, `.` and one space after a full date.
fn is_date(v: &str) -> bool {
    let b = v.as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
        && (b.len() == 10 || matches!(b[10], b'T' | b' '))
        && b[10..]
            .iter()
            .skip(1)
            .all(|&c| c.is_ascii_digit() || matches!(c, b'-' | b':' | b'+' | b'.' | b'Z'))
        && b.len() != 11
}

/// Whether every character of `v` is [`printable`], judged on the bytes
/// (summaries are long, and every page has one): no byte below 0x20 but
/// tab, no DEL, no C1 control (`C2 80`–`C2 9F`), no U+FEFF, U+FFFE or
/// U+FFFF (`EF BB BF`, `EF BF BE`, `EF BF BF`).
fn all_printable(v: &str) -> bool {
    let b = v.as_bytes();
    // A fold without early exit, so the compiler can go 16 bytes a step.
    let plain = b.iter().fold(true, |ok, &x| {
        ok & (((x >= 0x20) & (x != 0x7f)) | (x == b'\t'))
    });
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    plain
        && memchr::memchr2_iter(0xc2, 0xef, b).all(|i| {
            !matches!(
                (b[i], at(i + 1), at(i + 2)),
                (0xc2, 0x80..=0x9f, _) | (0xef, 0xbb, 0xbf) | (0xef, 0xbf, 0xbe | 0xbf)
            )
        })
}

/// Characters YAML takes in a scalar as they are (no control characters,
/// no byte-order mark, no non-characters).
#[cfg(test)]
fn printable(c: char) -> bool {
    let odd = matches!(c, '\u{feff}' | '\u{fffe}' | '\u{ffff}');
    c == '\t' || !(c.is_control() || odd)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printable_on_bytes_as_on_characters() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            for t in [
                format!("{c}"),
                format!("Lào Cai {c}"),
                format!("{c} tỉnh x"),
            ] {
                assert_eq!(
                    all_printable(&t),
                    t.chars().all(printable),
                    "U+{:04X}",
                    c as u32
                );
            }
        }
    }

    fn crate_parse(src: &str) -> Option<Value> {
        serde_yaml::from_str::<Value>(src).ok()
    }

    /// Whatever the fast reader accepts, the YAML crate reads the same.
    fn agrees(src: &str) -> bool {
        match parse(src) {
            Some(v) => {
                assert_eq!(Some(&v), crate_parse(src).as_ref(), "{src:?}");
                true
            }
            None => false,
        }
    }

    #[test]
    fn reads_ordinary_front_matter() {
        let src = "title: \"Thống nhất: hành động\"\ndate: 2020-03-30T10:41:00+07:00\nsummary: 'Nhà ''văn hóa'''\ntags: [\"xây dựng Đảng\", 'Cờ thi đua', nông thôn mới]\nauthor: Phạm Bằng\nsection: thoi-su\n# a comment\n\nupdated: 2020-04-01\naliases: []\n";
        assert!(agrees(src));
        let v = parse(src).unwrap();
        assert_eq!(v["summary"], "Nhà 'văn hóa'");
        assert_eq!(v["tags"][2], "nông thôn mới");
        let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
        assert_eq!(keys[0], "title");
        assert_eq!(keys[1], "date");
    }

    #[test]
    fn leaves_the_rest_to_the_yaml_crate() {
        for src in [
            "draft: true",
            "weight: 10",
            "weight: -1",
            "ratio: .5",
            "x: ~",
            "x: null",
            "x: No",
            "x: Yes",
            "x: nan",
            "x: inf",
            "x:",
            "x: \"a\\\"b\"",
            "x: \"a\" # comment",
            "x: a # comment",
            "x: a: b",
            "x: [a, [b]]",
            "x: [a, , b]",
            "x: {a: 1}",
            "x: |\n  block",
            "x:\n  - a",
            "x: a\n  continued",
            "x: a\nx: b",
            "x: 'a'b'",
            "x: \"a",
            "x: *ref",
            "x: &anchor a",
            "x: !tag a",
            "x: @a",
            "x: `a`",
            "x: %a",
            "x: 2020-13",
            "x: 12:30",
            "1: a",
            "x : a",
            "---\nx: a",
            "x: a\u{1}b",
            "- a",
            " x: a",
            "x:\ta",
            "x: 2026-11-20 :",
            "# only a comment",
        ] {
            assert!(parse(src).is_none(), "{src:?}");
        }
    }

    /// Random documents from tricky pieces: whenever the fast reader
    /// answers, the YAML crate answers the same.
    #[test]
    fn agrees_with_the_yaml_crate_on_random_documents() {
        const PIECES: [&str; 40] = [
            "a",
            "Đảng",
            "ủy",
            " ",
            "  ",
            ":",
            ": ",
            "#",
            " #",
            "\"",
            "'",
            "''",
            "[",
            "]",
            ",",
            ", ",
            "{",
            "}",
            "-",
            "- ",
            "2026-11-20",
            "T08:30:00",
            "+07:00",
            "Z",
            "1",
            "0x1",
            ".5",
            "true",
            "No",
            "~",
            "null",
            "\\",
            "\t",
            "&a",
            "*a",
            "!t",
            "|",
            ">",
            "%",
            "@",
        ];
        const KEYS: [&str; 5] = ["title", "tags", "x-y", "date", "summary"];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let (mut fast, mut total) = (0, 0);
        for _ in 0..20_000 {
            let mut doc = String::new();
            for _ in 0..1 + next(3) {
                doc.push_str(KEYS[next(KEYS.len())]);
                doc.push_str(": ");
                let quoted = next(4);
                if quoted == 0 {
                    doc.push('"');
                } else if quoted == 1 {
                    doc.push('[');
                }
                for _ in 0..1 + next(5) {
                    doc.push_str(PIECES[next(PIECES.len())]);
                }
                if quoted == 0 {
                    doc.push('"');
                } else if quoted == 1 {
                    doc.push(']');
                }
                doc.push('\n');
            }
            total += 1;
            fast += usize::from(agrees(&doc));
        }
        // The test means something only if the fast reader often answers.
        assert!(fast * 10 > total, "{fast} of {total}");
    }

    #[test]
    fn agrees_with_the_yaml_crate_on_mixed_lines() {
        // Every combination of a few tricky values.
        let values = [
            "\"\"",
            "''",
            "\"a, b\"",
            "\"[x]\"",
            "'#1'",
            "Đảng ủy tỉnh",
            "Báo Lào Cai - số 1",
            "a-b_c.d",
            "2026-11-20",
            "2026-11-20 08:30",
            "2026-11-20T08:30:00Z",
            "2026-11-20T08:30:00.5+07:00",
            "[\"a\", b, 'c']",
            "[ ]",
            "Trueish",
            "nullable",
            "yes-no",
            "ôn",
            "ý",
            "x:y",
            "a #b",
            "a# b",
            "https://baolaocai.vn/a?b=c",
            "2026-11-20 08:30 #x",
            "Nhà \"văn hóa\" 'mới'",
            "a%b@c*d&e!f",
        ];
        let mut fast = 0;
        for a in values {
            for b in values {
                let src = format!("title: {a}\nsummary: {b}\n");
                fast += usize::from(agrees(&src));
            }
        }
        // Most are read without the crate.
        assert!(fast > values.len() * values.len() / 2, "{fast}");
    }
}
