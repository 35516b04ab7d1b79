//! Hashing byte strings and the table of already-folded text segments.

use std::hash::Hasher;

use super::*;

/// A hash of a byte string: a word at a time, the tail with overlapping
/// loads, a folded multiply at the end.
#[inline(always)]
pub(super) fn hash_bytes(b: &[u8]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let n = b.len();
    let mut h = (n as u64).wrapping_mul(K);
    let mut i = 0;
    while i + 8 < n {
        h = (h ^ load8(b, i)).wrapping_mul(K).rotate_left(31);
        i += 8;
    }
    let rest = n - i;
    let tail = if rest == 8 {
        load8(b, i)
    } else if rest >= 4 {
        u64::from(load4(b, i)) | (u64::from(load4(b, n - 4)) << 32)
    } else if rest > 0 {
        u64::from(b[i]) | (u64::from(b[i + rest / 2]) << 8) | (u64::from(b[n - 1]) << 16)
    } else {
        0
    };
    let m = u128::from(h ^ tail) * u128::from(0xa076_1d64_78bd_642f_u64);
    (m as u64) ^ ((m >> 64) as u64)
}

#[inline(always)]
pub(super) fn load8(b: &[u8], i: usize) -> u64 {
    u64::from_le_bytes(b[i..i + 8].try_into().expect("8 bytes"))
}

#[inline(always)]
pub(super) fn load4(b: &[u8], i: usize) -> u32 {
    u32::from_le_bytes(b[i..i + 4].try_into().expect("4 bytes"))
}

/// `a == b` for two short slices of the same length, without a call.
#[inline(always)]
pub(super) fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n >= 8 {
        let mut i = 0;
        while i + 8 < n {
            if load8(a, i) != load8(b, i) {
                return false;
            }
            i += 8;
        }
        load8(a, n - 8) == load8(b, n - 8)
    } else {
        a == b
    }
}

/// A [`Hasher`] for the maps keyed by strings (no untrusted input, nothing
/// iterated in hash order).
#[derive(Default, Clone, Copy)]
pub(super) struct FxHasher(u64);

impl Hasher for FxHasher {
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        self.0 = self.0.rotate_left(5) ^ hash_bytes(bytes);
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.0 = self.0.rotate_left(5) ^ u64::from(i);
    }
}

pub(super) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// The key of a segment of text (`word` from [`text::scan_segments`]): its
/// bytes (little-endian, zero-padded) when it has at most 8, else a hash of
/// them; and the hash of the key.
#[inline(always)]
pub(super) fn segment_key(bytes: &[u8], word: u64) -> (u64, u64) {
    let key = if bytes.len() <= 8 {
        word
    } else {
        hash_bytes(bytes)
    };
    let m = u128::from(key) * u128::from(0x9e37_79b9_7f4a_7c15_u64);
    (key, (m as u64) ^ ((m >> 64) as u64))
}

/// The distinct segments of text ([`text::scan_segments`]) of a chunk of docs,
/// each read once: an open-addressing hash table, the segments' bytes kept in
/// one buffer in insertion order.
pub(super) struct SegmentTable {
    /// A power of two long, at most half full.
    pub(super) slots: Vec<Slot>,
    pub(super) entries: Vec<SegmentEntry>,
    pub(super) bytes: Vec<u8>,
}

/// A slot of [`SegmentTable`]: all that a segment of one stable word needs.
#[derive(Clone, Copy, Default)]
pub(super) struct Slot {
    /// From [`segment_key`].
    pub(super) key: u64,
    pub(super) len: u32,
    /// Entry index + 1 (0: a free slot), plus [`SIMPLE`].
    pub(super) entry: u32,
    /// The first word (term, pair).
    pub(super) first: (u32, u32),
}

/// In `Slot::entry`: the segment is stable and has exactly one word.
pub(super) const SIMPLE: u32 = 1 << 31;

/// A segment of text and its words.
#[derive(Clone, Copy)]
pub(super) struct SegmentEntry {
    pub(super) key: u64,
    pub(super) hash: u64,
    /// The segment: `bytes[start..start + len]`.
    pub(super) start: u32,
    pub(super) len: u32,
    /// All its characters are stable (see `text::is_surely_nfc`).
    pub(super) stable: bool,
    /// Its words (term, pair): `Reader::words[at..at + count]`.
    pub(super) at: u32,
    pub(super) count: u32,
    pub(super) first: (u32, u32),
}

impl Default for SegmentTable {
    fn default() -> Self {
        SegmentTable {
            slots: vec![Slot::default(); 1024],
            entries: Vec::new(),
            bytes: Vec::new(),
        }
    }
}

impl SegmentTable {
    /// The slot of a segment (`key`, `hash` from [`segment_key`]), if it is known.
    #[inline(always)]
    pub(super) fn get(&self, key: u64, hash: u64, segment: &[u8]) -> Option<&Slot> {
        let mask = self.slots.len() - 1;
        let mut i = hash as usize & mask;
        loop {
            let s = &self.slots[i];
            if s.entry == 0 {
                return None;
            }
            if s.key == key
                && s.len as usize == segment.len()
                && (segment.len() <= 8 || {
                    let e = &self.entries[(s.entry & !SIMPLE) as usize - 1];
                    same_bytes(&self.bytes[e.start as usize..][..segment.len()], segment)
                })
            {
                return Some(s);
            }
            i = (i + 1) & mask;
        }
    }

    /// Adds a segment not known yet (`entry.start` is set here).
    pub(super) fn insert(&mut self, segment: &[u8], mut entry: SegmentEntry) {
        if (self.entries.len() + 1) * 2 > self.slots.len() {
            self.rebuild(self.slots.len() * 2);
        }
        entry.start = self.bytes.len() as u32;
        self.bytes.extend_from_slice(segment);
        self.entries.push(entry);
        self.place(self.entries.len() - 1);
    }

    pub(super) fn place(&mut self, index: usize) {
        let e = &self.entries[index];
        let simple = if e.stable && e.count == 1 { SIMPLE } else { 0 };
        let slot = Slot {
            key: e.key,
            len: e.len,
            entry: (index as u32 + 1) | simple,
            first: e.first,
        };
        let mask = self.slots.len() - 1;
        let mut i = e.hash as usize & mask;
        while self.slots[i].entry != 0 {
            i = (i + 1) & mask;
        }
        self.slots[i] = slot;
    }

    pub(super) fn rebuild(&mut self, size: usize) {
        self.slots.clear();
        self.slots.resize(size, Slot::default());
        for e in 0..self.entries.len() {
            self.place(e);
        }
    }

    /// Forgets the segments added after the first `n`.
    pub(super) fn truncate(&mut self, n: usize) {
        if n < self.entries.len() {
            self.bytes.truncate(self.entries[n].start as usize);
            self.entries.truncate(n);
            self.rebuild(self.slots.len());
        }
    }
}
