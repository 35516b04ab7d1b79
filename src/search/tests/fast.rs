//! The fast paths of the index builder against the plain algorithm
//! ([`super::reference`]): same words, same excerpts, same files, whatever
//! the characters, the chunking or the thread count.

use unicode_normalization::UnicodeNormalization;

use super::super::postings::{self, Term};
use super::super::text::{self, excerpt, words};
use super::super::*;
use super::{reference, synth};

struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// Characters that test every path: ASCII, Vietnamese (precomposed and
/// combining), white space of all kinds, non-NFC characters, characters
/// folding to several letters or to none, other scripts, astral planes.
const POOL: &[&str] = &[
    "a",
    "b",
    "Z",
    "0",
    "9",
    " ",
    " ",
    " ",
    ",",
    ".",
    "-",
    "/",
    "\t",
    "\n",
    "\r",
    "\u{b}",
    "\u{c}",
    "\u{1c}",
    "\u{0}",
    "=",
    "<",
    "đ",
    "Đ",
    "ư",
    "Ư",
    "ơ",
    "ă",
    "â",
    "ê",
    "ô",
    "ạ",
    "ả",
    "ấ",
    "ầ",
    "ẩ",
    "ẫ",
    "ậ",
    "ắ",
    "ằ",
    "ẳ",
    "ẵ",
    "ặ",
    "ẹ",
    "ẻ",
    "ẽ",
    "ế",
    "ề",
    "ể",
    "ễ",
    "ệ",
    "ỉ",
    "ị",
    "ọ",
    "ỏ",
    "ố",
    "ồ",
    "ổ",
    "ỗ",
    "ộ",
    "ớ",
    "ờ",
    "ở",
    "ỡ",
    "ợ",
    "ụ",
    "ủ",
    "ứ",
    "ừ",
    "ử",
    "ữ",
    "ự",
    "ỳ",
    "ỵ",
    "ỷ",
    "ỹ",
    "Ỹ",
    "à",
    "á",
    "ã",
    "è",
    "é",
    "ì",
    "í",
    "ò",
    "ó",
    "õ",
    "ù",
    "ú",
    "ý",
    "\u{300}",
    "\u{301}",
    "\u{303}",
    "\u{309}",
    "\u{323}",
    "\u{302}",
    "\u{31b}",
    "\u{338}",
    "\u{345}",
    "ß",
    "ẞ",
    "İ",
    "ı",
    "ǅ",
    "Ǆ",
    "ŉ",
    "Σ",
    "ς",
    "Ω",
    "\u{2126}",
    "\u{212b}",
    "\u{2000}",
    "\u{2001}",
    "\u{2002}",
    "\u{a0}",
    "\u{85}",
    "\u{1680}",
    "\u{2028}",
    "\u{3000}",
    "\u{200b}",
    "\u{feff}",
    "…",
    "“",
    "”",
    "–",
    "—",
    "€",
    "½",
    "²",
    "①",
    "Ⅻ",
    "ﬁ",
    "ﬀ",
    "Æ",
    "æ",
    "Ø",
    "Þ",
    "ð",
    "Ð",
    "Ł",
    "ł",
    "中",
    "国",
    "Ж",
    "ж",
    "٣",
    "\u{1100}",
    "\u{1161}",
    "\u{ac00}",
    "👍",
    "\u{1f3fd}",
    "\u{1d400}",
    "\u{f900}",
    "ǰ",
    "ˀ",
    "ʰ",
    "x\u{301}",
    "e\u{302}\u{301}",
    "\u{fb2a}",
];

fn random_text(rng: &mut Rng, len: usize) -> String {
    (0..len).map(|_| POOL[rng.below(POOL.len())]).collect()
}

/// Texts: each table character alone and between letters, the pool's
/// entries, and random mixes.
fn texts() -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for range in [0x80u32..0x250, 0x1e00..0x1f00, 0x2000..0x20d0, 0x300..0x370] {
        for c in range.filter_map(char::from_u32) {
            out.push(c.to_string());
            out.push(format!("x{c}y {c}Ab, {c}{c}"));
        }
    }
    out.extend(POOL.iter().map(|s| format!("{s}ab{s} {s}")));
    let mut rng = Rng(7);
    for len in [1, 2, 3, 5, 8, 9, 15, 16, 17, 40, 200] {
        for _ in 0..60 {
            out.push(random_text(&mut rng, len));
        }
    }
    out.push("Đảng ủy Lào Cai thi đua".nfd().collect());
    out.push("Trường Mầm non Hoa Hồng, xã Bản Lầu".nfd().collect());
    out
}

#[test]
fn words_match_the_reference() {
    for t in texts() {
        assert_eq!(words(&t), reference::words(&t), "{t:?}");
    }
}

#[test]
fn excerpts_match_the_reference() {
    for t in texts() {
        for max in [0, 1, 2, 7, 30, 300] {
            assert_eq!(excerpt(&t, max), reference::excerpt(&t, max), "{t:?} {max}");
        }
    }
}

#[test]
fn nfc_is_checked_exactly() {
    for t in texts() {
        let nfc: String = t.nfc().collect();
        assert_eq!(text::nfc(&t), nfc, "{t:?}");
        if text::is_surely_nfc(&t) {
            assert_eq!(t, nfc, "{t:?}");
        }
    }
}

#[test]
fn segments_split_on_ascii_separators() {
    // Long texts too, and texts of 8 × k bytes whose last segment reaches
    // the end (the scan reads 8 bytes at a time).
    let mut all = texts();
    all.push(all.join(" "));
    for len in [8, 63, 64, 65, 127, 128, 192] {
        all.push("ab".repeat(len).chars().take(len).collect());
        all.push(format!("{} x", "a".repeat(len.saturating_sub(2))));
        all.push(format!(
            "{}ạ",
            "b ".repeat(len / 2)
                .chars()
                .take(len - 3)
                .collect::<String>()
        ));
    }
    for t in all {
        let mut got: Vec<(&[u8], u64)> = Vec::new();
        let done = text::scan_segments::<()>(&t, |c, w| {
            got.push((c, w));
            Ok(())
        });
        assert!(done.is_ok());
        let want: Vec<&[u8]> = t
            .as_bytes()
            .split(|b| b.is_ascii() && !b.is_ascii_alphanumeric())
            .filter(|c| !c.is_empty())
            .collect();
        assert_eq!(got.iter().map(|c| c.0).collect::<Vec<_>>(), want, "{t:?}");
        for (c, w) in got {
            if c.len() <= 8 {
                assert_eq!(w, text::short_word(c), "{t:?}");
            }
        }
    }
}

/// Docs from random texts, with some words of two letters of many forms
/// (the term "aa" gets more than 64 forms, more than MAX_FORMS kept).
fn random_docs(n: usize, seed: u64) -> Vec<(String, String, String, String)> {
    let vowels: Vec<char> = "aàáảãạăằắẳẵặâầấẩẫậAÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ".chars().collect();
    let mut rng = Rng(seed);
    (0..n)
        .map(|i| {
            let len = 20 + rng.below(200);
            let mut body = random_text(&mut rng, len);
            for _ in 0..rng.below(30) {
                body.push(' ');
                body.push(vowels[rng.below(vowels.len())]);
                body.push(vowels[rng.below(vowels.len())]);
            }
            let len = rng.below(12);
            let title = random_text(&mut rng, len);
            let date = format!("2026-0{}-1{}T08:00:00+07:00", 1 + i % 9, i % 10);
            let section: String = match i % 3 {
                0 => "Thời sự".into(),
                1 => "Thời sự".nfd().collect(),
                _ => "Xã hội".into(),
            };
            (format!("/d/{i}/"), title, date, body + " " + &section)
        })
        .collect()
}

fn as_docs(rows: &[(String, String, String, String)]) -> Vec<SearchDoc<'_>> {
    rows.iter()
        .enumerate()
        .map(|(i, (url, title, date, text))| SearchDoc {
            url,
            title,
            date: (i % 7 != 0).then_some(date.as_str()),
            section: (i % 5 != 0).then_some(if i % 2 == 0 {
                "Thời sự"
            } else {
                "Xa\u{303} hội"
            }),
            text,
        })
        .collect()
}

fn assert_same_files(a: &[(String, Vec<u8>)], b: &[(String, Vec<u8>)]) {
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(b) {
        assert_eq!(x.0, y.0);
        assert!(
            x.1 == y.1,
            "{}:\n{}\n{}",
            x.0,
            String::from_utf8_lossy(&x.1),
            String::from_utf8_lossy(&y.1)
        );
    }
}

#[test]
fn index_matches_the_reference() {
    let rows = random_docs(150, 11);
    let docs = as_docs(&rows);
    assert_same_files(&build_index(&docs), &reference::build_index(&docs));
    let corpus = synth::corpus(400);
    let docs = synth::docs(&corpus);
    assert_same_files(&build_index(&docs), &reference::build_index(&docs));
    let texts = texts();
    let docs: Vec<SearchDoc> = texts
        .chunks(2)
        .map(|t| SearchDoc {
            url: "/t/",
            title: &t[0],
            date: None,
            section: None,
            text: t.get(1).map_or("", String::as_str),
        })
        .collect();
    assert_same_files(&build_index(&docs), &reference::build_index(&docs));
}

/// (name, postings, forms) of each term; the characters.
type Terms = (Vec<(String, String, Option<String>)>, Vec<char>);

fn terms_of(docs: &[SearchDoc], chunk: usize) -> Terms {
    let order: Vec<usize> = (0..docs.len()).collect();
    let (terms, chars) = postings::collect(docs, &order, chunk);
    let terms = terms
        .into_iter()
        .map(
            |Term {
                 name,
                 postings,
                 forms,
             }| (name, postings, forms),
        )
        .collect();
    (terms, chars.into_iter().collect())
}

#[test]
fn chunking_and_threads_change_nothing() {
    let rows = random_docs(120, 5);
    let docs = as_docs(&rows);
    let whole = terms_of(&docs, docs.len());
    for chunk in [1, 2, 3, 17, 64] {
        assert!(terms_of(&docs, chunk) == whole, "chunks of {chunk}");
    }
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a pool")
        .install(|| build_index(&docs));
    assert_same_files(&one, &build_index(&docs));
}

#[test]
fn counts_beyond_the_entry_width_give_the_top_level() {
    // Entries count a term's occurrences in 16 bits, saturating: a word
    // written 65,538 times in one doc (2, were the count to wrap) must still
    // get the top level, as the reference counts it.
    let many = "lũ ".repeat(65_537) + "lũ lụt";
    let rows = [many.as_str(), "lũ về", "mưa lũ lũ"];
    let docs: Vec<SearchDoc> = rows
        .iter()
        .map(|t| SearchDoc {
            url: "/l/",
            title: "Lũ",
            date: None,
            section: None,
            text: t,
        })
        .collect();
    assert_same_files(&build_index(&docs), &reference::build_index(&docs));
}
