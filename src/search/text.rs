//! Words of a text as the search sees them. `themes/cong/static/js/search.js`
//! implements the same rules; a test runs both on the same words.
//!
//! 1. The text is put in NFC.
//! 2. It is cut into *runs*: maximal sequences of alphanumeric characters
//!    (`char::is_alphanumeric`; in JS `[\p{Alphabetic}\p{N}]`).
//! 3. A run is folded with [`crate::slug::fold`] (lower case, marks removed,
//!    `đ`/`Đ` → `d`) and the result split again on non-alphanumerics; each
//!    piece is a *term* ("Đảng" → `dang`).
//! 4. When a run gives exactly one term, the term also carries the *form* of
//!    the run: its lower-case letters with their marks, in NFD, the tone marks
//!    moved to the end ("Đảng" → `đang` + U+0309). Moving the tones makes the
//!    old and new tone placements ("thuỷ", "thủy") one form. Otherwise the form
//!    is the term itself. A query word typed with marks prefers documents that
//!    hold its form.
//!
//! Speed (the index builder reads every article through these rules): a
//! text is first cut at ASCII separators into *segments*, eight bytes at a
//! time ([`scan_segments`]), and the builder reads each distinct segment
//! once. Step 1 is a proof: loa's texts are NFC already, and a text whose
//! characters are all *stable* (NFC quick check "yes", combining class 0)
//! is NFC; only a text holding another character is normalised. Runs come
//! from a table of character flags ([`scan_runs`]); a run of ASCII and of
//! Latin and Vietnamese letters folds character by character from a table
//! ([`CharInfo`]) computed once from the reference functions (`slug::fold`,
//! `to_lowercase`, NFD), so it folds exactly like them; any other run takes
//! the general path. `tests/fast.rs` checks all of it against the plain
//! algorithm.

use std::borrow::Cow;
use std::sync::OnceLock;

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

mod scan;
pub(crate) use scan::*;

/// Combining tone marks: huyền, sắc, ngã, hỏi, nặng.
const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

/// How a character of [`TABLE_RANGES`] folds.
struct CharInfo {
    /// `crate::slug::fold` of the character when it is stable (see
    /// [`is_stable_slow`]), alphanumeric and folds to ASCII lower-case
    /// letters and digits only (a run of such characters folds character by
    /// character into one term); empty otherwise (the run takes the general
    /// path).
    fold: Box<str>,
    /// The lower-case character in NFD, starting with a starter, without its
    /// tone marks; and its tone marks ([`mark_key`] piece by piece).
    letters: Box<str>,
    tones: Box<str>,
}

/// Code points in the table: Latin-1 to Latin Extended-B (Vietnamese ơ ư),
/// Latin Extended Additional (Vietnamese toned vowels), general punctuation
/// and currency signs (“ ” … – €).
const TABLE_RANGES: [(u32, u32); 3] = [(0x80, 0x250), (0x1E00, 0x1F00), (0x2000, 0x20D0)];

fn table() -> &'static [CharInfo] {
    static TABLE: OnceLock<Vec<CharInfo>> = OnceLock::new();
    TABLE.get_or_init(|| {
        TABLE_RANGES
            .iter()
            .flat_map(|&(a, b)| a..b)
            .map(|u| char_info(char::from_u32(u).expect("no surrogates in the table")))
            .collect()
    })
}

fn char_info(c: char) -> CharInfo {
    let stable = is_stable_slow(c);
    let alnum = c.is_alphanumeric();
    let folded = crate::slug::fold(&c.to_string());
    let lower: String = c.to_lowercase().collect();
    let nfd: Vec<char> = lower.nfd().collect();
    let fast = stable
        && alnum
        && !folded.is_empty()
        && folded
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && nfd
            .first()
            .is_some_and(|&d| canonical_combining_class(d) == 0);
    let (letters, tones): (String, String) = nfd.iter().partition(|c| !TONES.contains(c));
    CharInfo {
        fold: if fast { folded.into() } else { "".into() },
        letters: letters.into(),
        tones: tones.into(),
    }
}

/// The table entry of `c`, if any.
#[inline]
fn lookup(table: &'static [CharInfo], c: char) -> Option<&'static CharInfo> {
    let mut base = 0;
    for (a, b) in TABLE_RANGES {
        if (a..b).contains(&(c as u32)) {
            return Some(&table[(base + c as u32 - a) as usize]);
        }
        base += b - a;
    }
    None
}

/// Whether `c` is *stable*: NFC quick check "yes" and combining class 0. A
/// text made of such characters is in NFC, and so is any slice of it cut
/// between two of them.
fn is_stable_slow(c: char) -> bool {
    canonical_combining_class(c) == 0 && is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes
}

/// Whether `text` is surely in NFC: all its characters are stable. (A text
/// may be NFC and fail this; then it is normalised, which changes nothing.)
pub fn is_surely_nfc(text: &str) -> bool {
    if text.is_ascii() {
        return true;
    }
    let flags = flag_table();
    let b = text.as_bytes();
    let n = b.len();
    let mut i = 0;
    while i < n {
        // Bytes below 0xCC: ASCII, continuation bytes, and the first bytes
        // of U+0080 to U+02FF (Latin letters with marks: â ă đ ê ô ơ ư…),
        // all stable (`STABLE_BY_BYTES` and its test). Skipped eight at a
        // time up to the next byte from 0xCC on (always a first byte).
        // Vietnamese letters of U+1E00 to U+1EFF (first bytes E1 B8 to
        // E1 BB) are passed in the same step (`vietnamese_leads`).
        if i + 8 <= n {
            let w = u64::from_le_bytes(b[i..i + 8].try_into().expect("8 bytes"));
            let mut m = bytes_from_cc(w);
            if i + 9 <= n {
                let next = u64::from_le_bytes(b[i + 1..i + 9].try_into().expect("8 bytes"));
                m &= !vietnamese_leads(w, next);
            }
            if m == 0 {
                i += 8;
                continue;
            }
            i += (m.trailing_zeros() / 8) as usize;
        } else if b[i] < 0xCC {
            i += 1;
            continue;
        }
        let x = b[i];
        // U+1E00 to U+1EFF (ạ ả ấ … ỹ) and U+2002 to U+203F (quotes,
        // dashes, ellipsis): stable, three bytes.
        if i + 2 < n
            && ((x == 0xE1 && (0xB8..=0xBB).contains(&b[i + 1]))
                || (x == 0xE2 && b[i + 1] == 0x80 && b[i + 2] >= 0x82))
        {
            i += 3;
            continue;
        }
        let (fl, len) = long_char(flags, b, i);
        if fl & STABLE == 0 {
            return false;
        }
        i += len;
    }
    true
}

/// Per-byte masks of a `u64` read as eight bytes.
const ONES: u64 = 0x0101_0101_0101_0101;
const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `w` that is 0xCC or more (the low seven
/// bits plus 0x34 reach 0x80 without carrying into the next byte).
#[inline]
fn bytes_from_cc(w: u64) -> u64 {
    ((w & LOW7) + 0x3434_3434_3434_3434) & w & HIGH
}

/// The high bit of each byte of `w` that is 0xE1 followed by a byte from
/// 0xB8 to 0xBB (`next` is `w` one byte on): the first byte of a character
/// from U+1E00 to U+1EFF, stable; its other two bytes are below 0xCC.
#[inline]
fn vietnamese_leads(w: u64, next: u64) -> u64 {
    // Exact per byte: the high bit set where the byte is zero.
    let zero = |x: u64| !((((x & LOW7) + LOW7) | x) | !HIGH);
    zero(w ^ (0xE1 * ONES)) & zero((next & (0xFC * ONES)) ^ (0xB8 * ONES))
}

/// The code points [`is_surely_nfc`] passes by their bytes alone.
#[cfg(test)]
pub(crate) const STABLE_BY_BYTES: [(u32, u32); 3] =
    [(0x80, 0x300), (0x1E00, 0x1F00), (0x2002, 0x2040)];

/// `text` in NFC, borrowed when it is surely NFC already.
pub fn nfc(text: &str) -> Cow<'_, str> {
    if is_surely_nfc(text) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.nfc().collect())
    }
}

/// Calls `f(run)` for every run of `text` (steps 1 and 2).
pub fn for_each_run(text: &str, mut f: impl FnMut(&str)) {
    let text = nfc(text);
    let done = scan_runs::<false>(&text, |run| f(run_str(run)));
    debug_assert!(done.is_ok());
}

/// A run from [`scan_runs`] as text.
pub(crate) fn run_str(run: &[u8]) -> &str {
    std::str::from_utf8(run).expect("runs are whole characters")
}

/// Calls `f(term, form)` for the words of one run (steps 3 and 4).
pub fn for_each_run_word(run: &str, mut f: impl FnMut(&str, &str)) {
    let (mut term, mut form) = (String::new(), String::new());
    if fast_run_word(run, &mut term, &mut form) {
        f(&term, &form);
        return;
    }
    let folded = crate::slug::fold(run);
    let pieces: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|p| !p.is_empty())
        .collect();
    if let [term] = pieces[..] {
        f(term, &mark_key(&run.to_lowercase()));
    } else {
        for p in pieces {
            f(p, p);
        }
    }
}

/// Steps 3 and 4 the fast way, for a run (NFC) of ASCII and table letters
/// whose fold is ASCII letters and digits: one term, folded character by
/// character, in `term` and its form in `form` (both cleared first). `false`
/// for other runs (`term` and `form` then hold anything).
pub(crate) fn fast_run_word(run: &str, term: &mut String, form: &mut String) -> bool {
    term.clear();
    form.clear();
    if run.is_ascii() {
        term.push_str(run);
        term.make_ascii_lowercase();
        form.push_str(term);
        return true;
    }
    let table = table();
    let mut tones = [0u8; 32];
    let mut ntones = 0;
    for c in run.chars() {
        if c.is_ascii() {
            let l = c.to_ascii_lowercase();
            term.push(l);
            form.push(l);
        } else {
            let Some(info) = lookup(table, c).filter(|i| !i.fold.is_empty()) else {
                return false;
            };
            term.push_str(&info.fold);
            form.push_str(&info.letters);
            if ntones + info.tones.len() > tones.len() {
                return false;
            }
            tones[ntones..ntones + info.tones.len()].copy_from_slice(info.tones.as_bytes());
            ntones += info.tones.len();
        }
    }
    form.push_str(std::str::from_utf8(&tones[..ntones]).expect("whole tone marks"));
    true
}

/// The words of `text` as (term, form) pairs.
pub fn words(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for_each_run(text, |run| {
        for_each_run_word(run, |t, f| out.push((t.to_string(), f.to_string())))
    });
    out
}

/// The form of a lower-case word: NFD, tone marks moved to the end.
pub fn mark_key(lower: &str) -> String {
    let mut letters = String::with_capacity(lower.len() + 4);
    let mut tones = String::new();
    for c in lower.nfd() {
        if TONES.contains(&c) {
            tones.push(c);
        } else {
            letters.push(c);
        }
    }
    letters.push_str(&tones);
    letters
}

/// Whether the form `q` of a partly typed word can grow into the form `f`:
/// the letters of `q` begin those of `f` and `f` carries every tone of `q`.
pub fn form_has_prefix(f: &str, q: &str) -> bool {
    let split = |s: &str| -> (String, String) { s.chars().partition(|c| !TONES.contains(c)) };
    let (fl, ft) = split(f);
    let (ql, qt) = split(q);
    fl.starts_with(&ql) && qt.chars().all(|c| ft.contains(c))
}

/// How search.js folds one character before the index tells it otherwise:
/// NFD, marks U+0300–U+036F removed, `đ Đ ð Ð` → `d`, lower case.
pub fn js_default_fold(c: char) -> String {
    let s: String = c
        .to_string()
        .nfd()
        .filter(|m| !('\u{300}'..='\u{36f}').contains(m))
        .map(|m| match m {
            'đ' | 'Đ' | 'ð' | 'Ð' => 'd',
            _ => m,
        })
        .collect();
    s.to_lowercase()
}

/// The characters among `chars` that `crate::slug::fold` folds differently
/// from [`js_default_fold`], with Rust's folding: shipped to the browser so
/// that both sides fold the indexed text identically ("ß" → "ss", "ł" → "l").
pub fn fold_exceptions(chars: impl IntoIterator<Item = char>) -> Vec<(char, String)> {
    let mut out: Vec<(char, String)> = chars
        .into_iter()
        .filter(|c| !c.is_ascii())
        .filter_map(|c| {
            let rust = crate::slug::fold(&c.to_string());
            (rust != js_default_fold(c)).then_some((c, rust))
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Plain text for a result snippet: NFC, white space collapsed, at most
/// `max` characters cut after a word, "…" when cut.
pub fn excerpt(text: &str, max: usize) -> String {
    let flags = flag_table();
    let mut out = String::new();
    let mut count = 0;
    let b = text.as_bytes();
    let n = b.len();
    let mut i = 0;
    // The words (as `str::split_whitespace`), until one does not fit.
    loop {
        // White space: ASCII 9–13 and 32, and others (`char::is_whitespace`).
        while i < n {
            if b[i] < 0x80 {
                if !matches!(b[i], b'\t'..=b'\r' | b' ') {
                    break;
                }
                i += 1;
            } else {
                let (fl, len) = long_char(flags, b, i);
                if fl & SPACE == 0 {
                    break;
                }
                i += len;
            }
        }
        if i >= n {
            return out;
        }
        let start = i;
        let (mut chars, mut stable) = (0, true);
        while i < n {
            if b[i] < 0x80 {
                if matches!(b[i], b'\t'..=b'\r' | b' ') {
                    break;
                }
                i += 1;
            } else {
                let (fl, len) = long_char(flags, b, i);
                if fl & SPACE != 0 {
                    break;
                }
                stable &= fl & STABLE != 0;
                i += len;
            }
            chars += 1;
        }
        let word: Cow<str> = if stable {
            Cow::Borrowed(&text[start..i])
        } else {
            let w: String = text[start..i].nfc().collect();
            chars = w.chars().count();
            Cow::Owned(w)
        };
        let sep = usize::from(!out.is_empty());
        if count + sep + chars > max {
            if out.is_empty() {
                out.extend(word.chars().take(max));
            }
            out.push('…');
            return out;
        }
        if sep == 1 {
            out.push(' ');
        }
        out.push_str(&word);
        count += sep + chars;
    }
}

/// A date for display: the `YYYY-MM-DD` that begins an RFC 3339 string.
pub fn day_of(date: &str) -> Option<String> {
    let d = date.trim().get(..10)?;
    let b = d.as_bytes();
    let ok = b.iter().enumerate().all(|(i, c)| {
        if i == 4 || i == 7 {
            *c == b'-'
        } else {
            c.is_ascii_digit()
        }
    });
    ok.then(|| d.to_string())
}

#[cfg(test)]
mod nfc_tests {
    use super::*;

    #[test]
    fn code_points_passed_by_their_bytes_are_stable() {
        for (a, b) in STABLE_BY_BYTES {
            for u in a..b {
                let c = char::from_u32(u).unwrap();
                assert!(is_stable_slow(c), "U+{u:04X}");
            }
        }
    }

    #[test]
    fn every_character_is_judged_as_by_its_properties() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let stable = c.is_ascii() || is_stable_slow(c);
            for t in [
                format!("{c}"),
                format!("a{c}"),
                format!("{c}b"),
                format!("ạ{c}ệ"),
                // Long enough for the eight-byte steps, `c` at several
                // positions of a step.
                format!("Đảng ủy {c} tỉnh Lào Cai"),
                format!("abcdefg{c}hijklmnopq"),
                format!("{c}abcdefghijklmnop"),
                // Vietnamese letters at every place of a step, `c` after.
                format!("ạệ{c}ỹợabc ước"),
                format!("abcdefgạ{c}ịabcdefgh"),
            ] {
                assert_eq!(is_surely_nfc(&t), stable, "U+{:04X} in {t:?}", c as u32);
            }
        }
    }
}
