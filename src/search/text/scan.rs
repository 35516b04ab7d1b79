//! Scanning a text: byte classes, character flags, segments (cut at ASCII
//! separators eight bytes at a time) and runs of alphanumeric characters.
//! See the parent module for the rules and why they are fast.

use super::*;

/// Class of a byte: ASCII separator, ASCII letter or digit, or part of a
/// longer character.
pub(super) const SEP: u8 = 0;
pub(super) const WORD: u8 = 1;
pub(super) const LONG: u8 = 2;
pub(super) const BYTE_CLASS: [u8; 256] = {
    let mut t = [LONG; 256];
    let mut i = 0;
    while i < 128 {
        t[i] = if (i as u8).is_ascii_alphanumeric() {
            WORD
        } else {
            SEP
        };
        i += 1;
    }
    t
};

/// Flags of a character: `char::is_alphanumeric`, stable (see
/// [`is_stable_slow`]), `char::is_whitespace`.
pub(super) const ALNUM: u8 = 1;
pub(super) const STABLE: u8 = 2;
pub(super) const SPACE: u8 = 4;

/// Code points with precomputed flags: all two-byte characters, and the
/// Vietnamese and punctuation blocks of [`TABLE_RANGES`].
pub(super) const FLAG_RANGES: [(u32, u32); 3] = [(0x80, 0x800), (0x1E00, 0x1F00), (0x2000, 0x20D0)];
/// Where the second and third ranges start in the flag table.
pub(super) const FLAGS_1E: u32 = FLAG_RANGES[0].1 - FLAG_RANGES[0].0;
pub(super) const FLAGS_20: u32 = FLAGS_1E + FLAG_RANGES[1].1 - FLAG_RANGES[1].0;

pub(super) fn flag_table() -> &'static [u8] {
    static FLAGS: OnceLock<Vec<u8>> = OnceLock::new();
    FLAGS.get_or_init(|| {
        FLAG_RANGES
            .iter()
            .flat_map(|&(a, b)| a..b)
            .map(slow_flags)
            .collect()
    })
}

/// The flags of code point `u`, computed.
#[cold]
pub(super) fn slow_flags(u: u32) -> u8 {
    let c = char::from_u32(u).unwrap_or(char::REPLACEMENT_CHARACTER);
    let alnum = if c.is_alphanumeric() { ALNUM } else { 0 };
    let stable = if is_stable_slow(c) { STABLE } else { 0 };
    let space = if c.is_whitespace() { SPACE } else { 0 };
    alnum | stable | space
}

/// A character that may change under NFC, met by [`scan_runs`].
#[derive(Debug)]
pub(crate) struct Unstable;

/// The flags and length of the character at `b[i]`, not ASCII (`b` is
/// UTF-8).
#[inline(always)]
pub(super) fn long_char(flags: &[u8], b: &[u8], i: usize) -> (u8, usize) {
    let x = b[i];
    if x < 0xE0 {
        let u = (u32::from(x & 0x1F) << 6) | u32::from(b[i + 1] & 0x3F);
        // Two bytes: U+0080 to U+07FF, all in the table.
        (flags[(u - 0x80) as usize], 2)
    } else if x < 0xF0 {
        let u = (u32::from(x & 0x0F) << 12)
            | (u32::from(b[i + 1] & 0x3F) << 6)
            | u32::from(b[i + 2] & 0x3F);
        let f = match u {
            0x1E00..0x1F00 => flags[(u - 0x1E00 + FLAGS_1E) as usize],
            0x2000..0x20D0 => flags[(u - 0x2000 + FLAGS_20) as usize],
            _ => slow_flags(u),
        };
        (f, 3)
    } else {
        let u = (u32::from(x & 0x07) << 18)
            | (u32::from(b[i + 1] & 0x3F) << 12)
            | (u32::from(b[i + 2] & 0x3F) << 6)
            | u32::from(b[i + 3] & 0x3F);
        (slow_flags(u), 4)
    }
}

/// How many of the 8 bytes of `w` (little-endian), from the first, are not
/// ASCII separators (are ASCII letters or digits, or bytes of longer
/// characters).
#[inline(always)]
pub(super) fn segment_prefix(w: u64) -> usize {
    let low = w & !HIGH;
    // Per byte (7 bits, no carries): high bit set when lo ≤ x ≤ hi.
    let in_range =
        |x: u64, lo: u64, hi: u64| (x + (0x80 - lo) * ONES) & !(x + (0x7f - hi) * ONES) & HIGH;
    let letters = in_range(low | (0x20 * ONES), 0x61, 0x7a);
    let digits = in_range(low, 0x30, 0x39);
    let kept = letters | digits | (w & HIGH);
    ((!kept & HIGH).trailing_zeros() / 8) as usize
}

/// Calls `f(segment, word)` for every *segment* of `text`: a maximal
/// sequence of characters other than the ASCII separators (whole characters,
/// as bytes); `word` holds the segment's bytes, little-endian, when it has at
/// most 8 (no segment holds a zero byte). A run never spans two segments
/// (ASCII separators are not alphanumeric): a segment's runs depend on the
/// segment alone. Stops at the first error of `f`.
#[inline(always)]
pub(crate) fn scan_segments<'t, E>(
    text: &'t str,
    mut f: impl FnMut(&'t [u8], u64) -> Result<(), E>,
) -> Result<(), E> {
    let b = text.as_bytes();
    let n = b.len();
    let mut i = 0;
    loop {
        while i < n && BYTE_CLASS[b[i] as usize] == SEP {
            i += 1;
        }
        if i >= n {
            return Ok(());
        }
        let start = i;
        let word;
        if i + 8 <= n {
            let w = u64::from_le_bytes(b[i..i + 8].try_into().expect("8 bytes"));
            let k = segment_prefix(w);
            i += k;
            if k < 8 {
                word = w & ((1u64 << (8 * k)) - 1);
            } else {
                word = w;
                while i + 8 <= n {
                    let k = segment_prefix(u64::from_le_bytes(
                        b[i..i + 8].try_into().expect("8 bytes"),
                    ));
                    i += k;
                    if k < 8 {
                        break;
                    }
                }
                if i + 8 > n {
                    while i < n && BYTE_CLASS[b[i] as usize] != SEP {
                        i += 1;
                    }
                }
            }
        } else {
            while i < n && BYTE_CLASS[b[i] as usize] != SEP {
                i += 1;
            }
            word = short_word(&b[start..i]);
        }
        f(&b[start..i], word)?;
    }
}

/// The first 8 bytes of `b` (or fewer, zero-padded) as a little-endian word.
#[inline]
pub(crate) fn short_word(b: &[u8]) -> u64 {
    let mut buf = [0u8; 8];
    let k = b.len().min(8);
    buf[..k].copy_from_slice(&b[..k]);
    u64::from_le_bytes(buf)
}

/// Calls `f(run)` for every run of `text` (step 2), `text` being NFC, a run
/// as bytes (whole characters). With `CHECK`, stops with [`Unstable`] at the
/// first character that is not stable, before reporting the run it touches
/// (the runs reported until then are runs of the NFC text too).
pub(crate) fn scan_runs<'t, const CHECK: bool>(
    text: &'t str,
    mut f: impl FnMut(&'t [u8]),
) -> Result<(), Unstable> {
    let flags = flag_table();
    let b = text.as_bytes();
    let n = b.len();
    let mut i = 0;
    loop {
        // Separators.
        loop {
            while i < n && BYTE_CLASS[b[i] as usize] == SEP {
                i += 1;
            }
            if i >= n {
                return Ok(());
            }
            if BYTE_CLASS[b[i] as usize] == WORD {
                break;
            }
            let (fl, len) = long_char(flags, b, i);
            if CHECK && fl & STABLE == 0 {
                return Err(Unstable);
            }
            if fl & ALNUM != 0 {
                break;
            }
            i += len;
        }
        // A run.
        let start = i;
        loop {
            while i < n && BYTE_CLASS[b[i] as usize] == WORD {
                i += 1;
            }
            if i >= n || BYTE_CLASS[b[i] as usize] == SEP {
                break;
            }
            let (fl, len) = long_char(flags, b, i);
            if CHECK && fl & STABLE == 0 {
                return Err(Unstable);
            }
            if fl & ALNUM == 0 {
                break;
            }
            i += len;
        }
        f(&b[start..i]);
    }
}
