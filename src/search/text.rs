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

use std::borrow::Cow;

use unicode_normalization::{IsNormalized, UnicodeNormalization};

/// Combining tone marks: huyền, sắc, ngã, hỏi, nặng.
const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

/// Calls `f(run)` for every run of `text` (steps 1 and 2).
pub fn for_each_run<'t>(text: &'t str, mut f: impl FnMut(&str)) {
    let nfc: Cow<'t, str> = match unicode_normalization::is_nfc_quick(text.chars()) {
        IsNormalized::Yes => Cow::Borrowed(text),
        _ => Cow::Owned(text.nfc().collect()),
    };
    for run in nfc
        .split(|c: char| !c.is_alphanumeric())
        .filter(|r| !r.is_empty())
    {
        f(run);
    }
}

/// Calls `f(term, form)` for the words of one run (steps 3 and 4).
pub fn for_each_run_word(run: &str, mut f: impl FnMut(&str, &str)) {
    if run.is_ascii() {
        let lower = run.to_ascii_lowercase();
        f(&lower, &lower);
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
    let mut out = String::new();
    let mut count = 0;
    for word in text.split_whitespace() {
        let word: String = word.nfc().collect();
        let n = word.chars().count();
        let sep = usize::from(!out.is_empty());
        if count + sep + n > max {
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
        count += sep + n;
    }
    out
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
