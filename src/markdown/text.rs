//! Plain text of a rendered body (search, word counts, summaries).

/// Accumulates the plain text of the body: inline text as is, blocks
/// separated by one newline, table cells by a tab.
#[derive(Default)]
pub(super) struct TextSink {
    buf: String,
}

impl TextSink {
    pub(super) fn with_capacity(bytes: usize) -> TextSink {
        TextSink {
            buf: String::with_capacity(bytes),
        }
    }

    pub(super) fn push(&mut self, s: &str) {
        // No double space where an image or a tag sat between two spaces.
        if self.buf.ends_with(' ') {
            self.buf.push_str(s.trim_start_matches(' '));
        } else {
            self.buf.push_str(s);
        }
    }

    /// A soft line break inside a paragraph reads as a space.
    pub(super) fn space(&mut self) {
        if !self.buf.is_empty() && !self.buf.ends_with(char::is_whitespace) {
            self.buf.push(' ');
        }
    }

    pub(super) fn newline(&mut self) {
        self.trim_spaces();
        if !self.buf.is_empty() {
            self.buf.push('\n');
        }
    }

    /// Starts a new block: ends the current line unless already at one.
    pub(super) fn block(&mut self) {
        self.trim_spaces();
        if !self.buf.is_empty() && !self.buf.ends_with('\n') {
            self.buf.push('\n');
        }
    }

    fn trim_spaces(&mut self) {
        let kept = self.buf.trim_end_matches([' ', '\t']).len();
        self.buf.truncate(kept);
    }

    pub(super) fn len(&self) -> usize {
        self.buf.len()
    }

    pub(super) fn since(&self, mark: usize) -> &str {
        self.buf.get(mark..).unwrap_or("")
    }

    pub(super) fn finish(mut self) -> String {
        let kept = self.buf.trim_end().len();
        self.buf.truncate(kept);
        self.buf
    }
}

/// Words of `s`, as `s.split_whitespace().count()` counts them, without
/// building the slices. Counts the bytes that start a word after ASCII
/// white space (a loop the compiler vectorises); text with non-ASCII white
/// space (no-break space, em space, …: rare) is counted by characters.
pub(super) fn count_words(s: &str) -> usize {
    if has_unicode_space(s.as_bytes()) {
        return s.split_whitespace().count();
    }
    let b = s.as_bytes();
    let ws = |c: u8| u8::from(c == b' ' || (b'\t'..=b'\r').contains(&c));
    let Some(&first) = b.first() else {
        return 0;
    };
    // Word starts: a space byte followed by a non-space one. In chunks
    // whose count fits a u8, so the sum runs 16 bytes a step.
    let pairs = b.len() - 1;
    let mut n = usize::from(ws(first) == 0);
    let mut i = 0;
    while i < pairs {
        let end = (i + 255).min(pairs);
        n += usize::from(
            b[i..end]
                .iter()
                .zip(&b[i + 1..end + 1])
                .fold(0u8, |acc, (&x, &y)| acc + (ws(x) & (1 - ws(y)))),
        );
        i = end;
    }
    n
}

/// Whether `b` holds a white-space character outside ASCII (U+0085,
/// U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000).
fn has_unicode_space(b: &[u8]) -> bool {
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    memchr::memchr3_iter(0xc2, 0xe2, 0xe3, b).any(|i| {
        matches!(
            (b[i], at(i + 1), at(i + 2)),
            (0xc2, 0x85 | 0xa0, _)
                | (0xe2, 0x80, 0x80..=0x8a | 0xa8 | 0xa9 | 0xaf)
                | (0xe2, 0x81, 0x9f)
                | (0xe3, 0x80, 0x80)
        )
    }) || memchr::memmem::find(b, "\u{1680}".as_bytes()).is_some()
}

#[cfg(test)]
#[test]
fn counts_words_like_split_whitespace() {
    for s in [
        "",
        "   ",
        "một",
        " Đảng ủy  tỉnh\nLào\u{a0}Cai ",
        "a\u{3000}b\u{2009}c\td\u{b}e\u{c}f\u{85}g\u{1680}h\u{202f}i",
        "ế ạ ẹ\u{205f}ừ 𝔸 ᚁ",
        "x",
        " ",
        "a ",
    ] {
        assert_eq!(count_words(s), s.split_whitespace().count(), "{s:?}");
    }
    // Long texts (the count runs in chunks of 255 byte pairs), with
    // quotes and dashes that share lead bytes with white space.
    for unit in ["Đảng ủy “tỉnh” — Lào Cai… ", "ab  ", "\n\tx", "ừ"] {
        for n in [1, 63, 64, 65, 255, 256, 1000] {
            let s = unit.repeat(n);
            assert_eq!(
                count_words(&s),
                s.split_whitespace().count(),
                "{unit:?} × {n}"
            );
        }
    }
}

#[cfg(test)]
#[test]
fn collapses_like_split_whitespace() {
    for s in [
        "",
        "  \t\n ",
        " Đảng ủy  tỉnh\nLào\u{a0}Cai ",
        "a\u{b}b\u{c}c\rd",
        "“Thi đua” — yêu nước…\n\n  ",
        "a\u{3000}b\u{2009}c\u{85}d\u{1680}e",
    ] {
        let want = s.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(collapse_whitespace(s), want, "{s:?}");
    }
}

/// Collapses every run of whitespace to one space and trims the ends.
pub(super) fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut push = |word: &str| {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    };
    let b = s.as_bytes();
    if has_unicode_space(b) {
        s.split_whitespace().for_each(push);
    } else {
        // Only ASCII white space (9–13, 32) can split: the same words as
        // `split_whitespace`, found byte by byte without decoding.
        let space = |x: u8| matches!(x, b'\t'..=b'\r' | b' ');
        let mut i = 0;
        while i < b.len() {
            while i < b.len() && space(b[i]) {
                i += 1;
            }
            let start = i;
            while i < b.len() && !space(b[i]) {
                i += 1;
            }
            if start < i {
                push(&s[start..i]);
            }
        }
    }
    out
}

/// Characters dropped from the end of a cut summary before the "…".
fn dangling(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            ',' | ';'
                | ':'
                | '.'
                | '-'
                | '–'
                | '—'
                | '('
                | '['
                | '{'
                | '/'
                | '“'
                | '‘'
                | '"'
                | '\''
                | '…'
        )
}

/// Shortens `text` to at most `max_chars` characters (not bytes), cutting
/// on a word boundary and adding "…" when something was cut. Whitespace
/// runs (newlines included) become single spaces. A single word longer than
/// `max_chars` is cut inside the word. Trailing punctuation such as "," or
/// "." before the "…" is dropped. Reads at most about `max_chars`
/// characters of the input after whitespace.
pub fn summarize(text: &str, max_chars: usize) -> String {
    let mut out = String::with_capacity(max_chars.min(text.len()) + 4);
    let mut count = 0usize;
    let mut pending_space = false;
    // Length of `out` before the last space: the last word boundary.
    let mut boundary: Option<usize> = None;
    let mut cut = false;
    for c in text.chars() {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        let needed = if pending_space { 2 } else { 1 };
        if count + needed > max_chars {
            cut = true;
            if pending_space {
                // The last word ended exactly at the limit.
                boundary = Some(out.len());
            }
            break;
        }
        if pending_space {
            boundary = Some(out.len());
            out.push(' ');
            count += 1;
            pending_space = false;
        }
        out.push(c);
        count += 1;
    }
    if !cut {
        return out;
    }
    if let Some(b) = boundary {
        out.truncate(b);
    }
    let kept = out.trim_end_matches(dangling).len();
    out.truncate(kept);
    if out.is_empty() {
        return out;
    }
    out.push('…');
    out
}
