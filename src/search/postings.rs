//! Collecting postings from the docs, then encoding them.
//!
//! The docs (in id order) are cut into chunks read in parallel, each with its
//! own dictionaries and chunk-local ids ([`read_chunk`]); a short serial step
//! ([`merge`]) gives the terms their global ids (sorted by name) and their
//! forms in first-seen order, walking the chunks in doc order; then each
//! chunk encodes its part of every posting list ([`encode_chunk`]) and each
//! term joins its parts ([`join_term`]), both in parallel. Nothing depends on
//! the chunking or on the thread count: the result is the one of reading the
//! docs one by one in id order.

use std::collections::{BTreeSet, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use rayon::prelude::*;
use unicode_normalization::UnicodeNormalization;

use super::{codec, json_str, text, SearchDoc, MAX_FORMS};

/// A finished term: its name, postings and forms, each as JSON text.
pub struct Term {
    pub name: String,
    /// A JSON string (see the module documentation of `search`).
    pub postings: String,
    /// `[[form, …], "<bits>"]`, or `None` when the only form is the term.
    pub forms: Option<String>,
}

/// Level of a body count: 0, 1, 2, 3 (3–4), 4 (5–8), … 7 (> 32).
pub fn tf_level(tf: u64) -> u64 {
    if tf == 0 {
        0
    } else {
        (u64::from(64 - (tf - 1).leading_zeros()) + 1).min(7)
    }
}

/// A fast hash of a short byte string (a word at a time, the tail with
/// overlapping loads) for the builder's tables: no untrusted input, nothing
/// iterated in hash order.
#[inline]
pub fn hash_bytes(b: &[u8]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let n = b.len();
    let mut h = (n as u64).wrapping_mul(K);
    let mut i = 0;
    while i + 8 <= n {
        let w = u64::from_le_bytes(b[i..i + 8].try_into().expect("8 bytes"));
        h = (h ^ w).wrapping_mul(K).rotate_left(31);
        i += 8;
    }
    let rest = n - i;
    let tail = if rest >= 4 {
        let lo = u32::from_le_bytes(b[i..i + 4].try_into().expect("4 bytes"));
        let hi = u32::from_le_bytes(b[n - 4..n].try_into().expect("4 bytes"));
        u64::from(lo) | (u64::from(hi) << 32)
    } else if rest > 0 {
        u64::from(b[i]) | (u64::from(b[i + rest / 2]) << 8) | (u64::from(b[n - 1]) << 16)
    } else {
        0
    };
    let m = u128::from(h ^ tail) * u128::from(0xa076_1d64_78bd_642f_u64);
    (m as u64) ^ ((m >> 64) as u64)
}

/// `a == b` for two short slices of the same length, without a call.
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    let w8 = |s: &[u8], i: usize| u64::from_le_bytes(s[i..i + 8].try_into().expect("8 bytes"));
    let w4 = |s: &[u8], i: usize| u32::from_le_bytes(s[i..i + 4].try_into().expect("4 bytes"));
    if n >= 8 {
        let mut i = 0;
        while i + 8 < n {
            if w8(a, i) != w8(b, i) {
                return false;
            }
            i += 8;
        }
        w8(a, n - 8) == w8(b, n - 8)
    } else if n >= 4 {
        w4(a, 0) == w4(b, 0) && w4(a, n - 4) == w4(b, n - 4)
    } else {
        a.iter().zip(b).all(|(x, y)| x == y)
    }
}

/// A [`Hasher`] over [`hash_bytes`], for the maps keyed by strings.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

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

/// The distinct runs of a chunk, each folded once: an open-addressing hash
/// table over the runs' bytes, kept in one buffer in insertion order.
#[derive(Default)]
struct RunTable {
    /// Index + 1 in `entries`, 0: free. A power of two long, at most half
    /// full.
    slots: Vec<u32>,
    entries: Vec<RunEntry>,
    bytes: Vec<u8>,
}

#[derive(Clone, Copy)]
struct RunEntry {
    hash: u64,
    /// The run: `bytes[start..start + len]`.
    start: u32,
    len: u32,
    /// Its words: `Reader::words[words.0..words.1]`.
    words: (u32, u32),
}

impl RunTable {
    /// The words of `run` (hash `hash`), if it is known.
    #[inline]
    fn get(&self, hash: u64, run: &[u8]) -> Option<(u32, u32)> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut i = hash as usize & mask;
        loop {
            let s = self.slots[i];
            if s == 0 {
                return None;
            }
            let e = &self.entries[s as usize - 1];
            if e.hash == hash
                && e.len as usize == run.len()
                && same_bytes(
                    &self.bytes[e.start as usize..e.start as usize + run.len()],
                    run,
                )
            {
                return Some(e.words);
            }
            i = (i + 1) & mask;
        }
    }

    /// Adds `run`, not known yet.
    fn insert(&mut self, hash: u64, run: &[u8], words: (u32, u32)) {
        if (self.entries.len() + 1) * 2 > self.slots.len() {
            let size = (self.slots.len() * 2).max(1024);
            self.rebuild(size);
        }
        self.entries.push(RunEntry {
            hash,
            start: self.bytes.len() as u32,
            len: run.len() as u32,
            words,
        });
        self.bytes.extend_from_slice(run);
        self.place(self.entries.len() - 1);
    }

    fn place(&mut self, entry: usize) {
        let mask = self.slots.len() - 1;
        let mut i = self.entries[entry].hash as usize & mask;
        while self.slots[i] != 0 {
            i = (i + 1) & mask;
        }
        self.slots[i] = entry as u32 + 1;
    }

    fn rebuild(&mut self, size: usize) {
        self.slots.clear();
        self.slots.resize(size, 0);
        for e in 0..self.entries.len() {
            self.place(e);
        }
    }

    /// Forgets the runs added after the first `n`.
    fn truncate(&mut self, n: usize) {
        if n < self.entries.len() {
            self.bytes.truncate(self.entries[n].start as usize);
            self.entries.truncate(n);
            self.rebuild(self.slots.len());
        }
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// One doc's count of one term.
#[derive(Clone, Copy)]
struct Entry {
    /// Chunk-local term id.
    term: u32,
    /// Body count.
    tf: u32,
    title: bool,
}

/// What a chunk of docs holds, with chunk-local term ids.
#[derive(Default)]
struct Chunk {
    /// Global id of the chunk's first doc.
    base: u32,
    /// Term names.
    names: Vec<Box<str>>,
    /// Pairs: (term, form).
    pairs: Vec<(u32, Box<str>)>,
    /// The terms of each doc, in doc order; a doc's terms in first-seen order.
    entries: Vec<Entry>,
    /// End of each doc in `entries`.
    doc_ends: Vec<u32>,
    /// (entry, pair) for the distinct pairs of each doc, in first-seen order.
    doc_pairs: Vec<(u32, u32)>,
    /// Docs holding each term.
    df: Vec<u32>,
    /// Docs holding each pair.
    pair_docs: Vec<u32>,
    /// The pairs held by some doc, in first-seen order.
    pair_order: Vec<u32>,
    /// Non-ASCII characters of the runs, sorted.
    chars: Vec<char>,
}

/// The state of [`read_chunk`].
#[derive(Default)]
struct Reader {
    runs: RunTable,
    /// (term, pair) of the runs.
    words: Vec<(u32, u32)>,
    term_ids: FxMap<Box<str>, u32>,
    /// The pairs of each term.
    term_pairs: Vec<Vec<u32>>,
    /// Per term: (stamp of the doc that last held it, its entry there).
    slots: Vec<(u32, u32)>,
    /// Per pair: stamp of the doc that last held it.
    pair_stamps: Vec<u32>,
    stamp: u32,
    chunk: Chunk,
}

impl Reader {
    fn add_doc(&mut self, title: &str, body: &str) {
        let (entries, pairs) = (self.chunk.entries.len(), self.chunk.doc_pairs.len());
        let runs = self.runs.entries.len();
        self.stamp += 1;
        let stable = self.read(title, true, true).is_ok() && self.read(body, false, true).is_ok();
        if !stable {
            // Not surely NFC: forget this doc and read its NFC text instead.
            self.runs.truncate(runs);
            self.chunk.entries.truncate(entries);
            self.chunk.doc_pairs.truncate(pairs);
            self.stamp += 1;
            let (title, body): (String, String) = (title.nfc().collect(), body.nfc().collect());
            for (text, is_title) in [(&title, true), (&body, false)] {
                let done = self.read(text, is_title, false);
                debug_assert!(done.is_ok());
            }
        }
        self.chunk.doc_ends.push(self.chunk.entries.len() as u32);
    }

    /// Reads one text of the current doc; with `check`, checks that it is
    /// surely NFC.
    fn read(&mut self, source: &str, is_title: bool, check: bool) -> Result<(), text::Unstable> {
        let Reader {
            runs,
            words,
            term_ids,
            term_pairs,
            slots,
            pair_stamps,
            stamp,
            chunk,
        } = self;
        let stamp = *stamp;
        text::scan_runs(source, check, |run| {
            let hash = hash_bytes(run.as_bytes());
            let (a, b) = match runs.get(hash, run.as_bytes()) {
                Some(r) => r,
                None => {
                    let a = words.len() as u32;
                    text::for_each_run_word(run, |term, form| {
                        let t = match term_ids.get(term) {
                            Some(&t) => t,
                            None => {
                                let t = chunk.names.len() as u32;
                                chunk.names.push(term.into());
                                term_ids.insert(term.into(), t);
                                term_pairs.push(Vec::new());
                                slots.push((0, 0));
                                t
                            }
                        };
                        let known = term_pairs[t as usize]
                            .iter()
                            .copied()
                            .find(|&p| *chunk.pairs[p as usize].1 == *form);
                        let p = known.unwrap_or_else(|| {
                            let p = chunk.pairs.len() as u32;
                            chunk.pairs.push((t, form.into()));
                            pair_stamps.push(0);
                            term_pairs[t as usize].push(p);
                            p
                        });
                        words.push((t, p));
                    });
                    let r = (a, words.len() as u32);
                    runs.insert(hash, run.as_bytes(), r);
                    r
                }
            };
            for &(t, p) in &words[a as usize..b as usize] {
                let slot = &mut slots[t as usize];
                if slot.0 != stamp {
                    *slot = (stamp, chunk.entries.len() as u32);
                    chunk.entries.push(Entry {
                        term: t,
                        tf: 0,
                        title: false,
                    });
                }
                let e = slot.1;
                let entry = &mut chunk.entries[e as usize];
                if is_title {
                    entry.title = true;
                } else {
                    entry.tf += 1;
                }
                let ps = &mut pair_stamps[p as usize];
                if *ps != stamp {
                    *ps = stamp;
                    chunk.doc_pairs.push((e, p));
                }
            }
        })
    }

    fn finish(self) -> Chunk {
        let mut chunk = self.chunk;
        chunk.df = vec![0; chunk.names.len()];
        for e in &chunk.entries {
            chunk.df[e.term as usize] += 1;
        }
        chunk.pair_docs = vec![0; chunk.pairs.len()];
        for &(_, p) in &chunk.doc_pairs {
            let n = &mut chunk.pair_docs[p as usize];
            if *n == 0 {
                chunk.pair_order.push(p);
            }
            *n += 1;
        }
        // The runs' bytes are the runs one after the other.
        let runs = std::str::from_utf8(&self.runs.bytes).expect("runs are UTF-8");
        let mut chars: Vec<char> = runs.chars().filter(|c| !c.is_ascii()).collect();
        chars.sort_unstable();
        chars.dedup();
        chunk.chars = chars;
        chunk
    }
}

/// Reads the docs `docs[ids[0]]`, `docs[ids[1]]`…, whose global ids are
/// `base`, `base + 1`…
fn read_chunk(docs: &[SearchDoc], ids: &[usize], base: usize) -> Chunk {
    let mut reader = Reader::default();
    reader.chunk.base = base as u32;
    for &i in ids {
        reader.add_doc(docs[i].title, docs[i].text);
    }
    reader.finish()
}

/// A term across chunks: its forms in first-seen order with their doc
/// counts (for the first 64 forms only, as the form bits).
struct GlobalTerm<'c> {
    name: &'c str,
    forms: Vec<(&'c str, u32)>,
}

/// A chunk's ids in the global numbering, from [`merge`].
struct ChunkIds {
    /// Global id of each local term (`NONE`: held by no doc).
    global: Vec<u32>,
    /// Local id of each global term (`NONE`: not in the chunk).
    local: Vec<u32>,
    /// Index of each pair's form among its term's forms.
    form_index: Vec<u32>,
}

const NONE: u32 = u32::MAX;

/// Gives the terms global ids in name order, and their forms in first-seen
/// order, walking the chunks in doc order.
fn merge(chunks: &[Chunk]) -> (Vec<GlobalTerm<'_>>, Vec<ChunkIds>) {
    let mut ids: FxMap<&str, u32> = FxMap::default();
    let mut terms: Vec<GlobalTerm> = Vec::new();
    let mut out: Vec<ChunkIds> = Vec::with_capacity(chunks.len());
    for chunk in chunks {
        // Ids in first-seen order for now.
        let mut global = vec![NONE; chunk.names.len()];
        for (t, name) in chunk.names.iter().enumerate() {
            if chunk.df[t] > 0 {
                global[t] = *ids.entry(name).or_insert_with(|| {
                    terms.push(GlobalTerm {
                        name,
                        forms: Vec::new(),
                    });
                    (terms.len() - 1) as u32
                });
            }
        }
        let mut form_index = vec![NONE; chunk.pairs.len()];
        for &p in &chunk.pair_order {
            let (t, form) = &chunk.pairs[p as usize];
            let forms = &mut terms[global[*t as usize] as usize].forms;
            let f = match forms.iter().position(|(x, _)| *x == &**form) {
                Some(f) => f,
                None => {
                    forms.push((form, 0));
                    forms.len() - 1
                }
            };
            if f < 64 {
                forms[f].1 += chunk.pair_docs[p as usize];
            }
            form_index[p as usize] = f as u32;
        }
        out.push(ChunkIds {
            global,
            local: Vec::new(),
            form_index,
        });
    }
    // Renumber by name.
    let mut by_name: Vec<u32> = (0..terms.len() as u32).collect();
    by_name.sort_unstable_by(|&a, &b| terms[a as usize].name.cmp(terms[b as usize].name));
    let mut new_id = vec![0u32; terms.len()];
    for (new, &old) in by_name.iter().enumerate() {
        new_id[old as usize] = new as u32;
    }
    for ids in &mut out {
        ids.local = vec![NONE; terms.len()];
        for (t, g) in ids.global.iter_mut().enumerate() {
            if *g != NONE {
                *g = new_id[*g as usize];
                ids.local[*g as usize] = t as u32;
            }
        }
    }
    let mut terms: Vec<Option<GlobalTerm>> = terms.into_iter().map(Some).collect();
    let sorted = by_name
        .iter()
        .map(|&old| terms[old as usize].take().expect("each term once"))
        .collect();
    (sorted, out)
}

/// The kept forms of a term: the most frequent first, at most
/// [`MAX_FORMS`].
struct Ranked {
    /// New bit of each of the first 64 forms (`NO_BIT`: dropped), when
    /// more than one form is kept (else the postings carry no bits).
    new_bit: Option<Box<[u8; 64]>>,
    /// `[[form, …],` when the forms are not just the term itself.
    forms_head: Option<String>,
}

const NO_BIT: u8 = u8::MAX;

fn rank(term: &GlobalTerm) -> Ranked {
    let forms = &term.forms;
    let mut ranked: Vec<usize> = (0..forms.len()).collect();
    ranked.sort_by(|&a, &b| forms[b].1.cmp(&forms[a].1).then(forms[a].0.cmp(forms[b].0)));
    ranked.truncate(MAX_FORMS);
    let new_bit = (ranked.len() > 1).then(|| {
        let mut bits = Box::new([NO_BIT; 64]);
        for (new, &old) in ranked.iter().enumerate() {
            if old < 64 {
                bits[old] = new as u8;
            }
        }
        bits
    });
    let kept: Vec<&str> = ranked.iter().map(|&i| forms[i].0).collect();
    let forms_head = (kept != [term.name]).then(|| {
        let list: Vec<String> = kept.iter().map(|f| json_str(f)).collect();
        format!("[[{}],", list.join(","))
    });
    Ranked {
        new_bit,
        forms_head,
    }
}

/// A chunk's part of a term's postings.
#[derive(Clone, Copy, Default)]
struct Part {
    /// Global ids of its first and last docs.
    first: u32,
    last: u32,
    /// `title + 2 × level` of the first doc.
    first_weight: u64,
    /// The postings after the first (gaps within the chunk), in `Encoded::postings`.
    postings: (u32, u32),
    /// The form bits of all its docs, in `Encoded::bits`.
    bits: (u32, u32),
}

/// A chunk's parts of the posting lists.
struct Encoded {
    /// By local term.
    parts: Vec<Part>,
    postings: String,
    bits: String,
}

fn weight(e: &Entry) -> u64 {
    u64::from(e.title) + 2 * tf_level(u64::from(e.tf))
}

fn encode_chunk(chunk: &Chunk, ids: &ChunkIds, ranks: &[Ranked]) -> Encoded {
    let entries = &chunk.entries;
    // Kept form bits of each entry whose term keeps several forms.
    let mut kept = vec![0u64; entries.len()];
    for &(e, p) in &chunk.doc_pairs {
        let g = ids.global[entries[e as usize].term as usize];
        if let Some(new_bit) = &ranks[g as usize].new_bit {
            let f = ids.form_index[p as usize] as usize;
            if f < 64 && new_bit[f] != NO_BIT {
                kept[e as usize] |= 1 << new_bit[f];
            }
        }
    }
    // Entries grouped by term, in doc order: (doc id, entry).
    let n = chunk.names.len();
    let mut start = vec![0u32; n + 1];
    for e in entries {
        start[e.term as usize + 1] += 1;
    }
    for t in 0..n {
        start[t + 1] += start[t];
    }
    let mut cursor = start.clone();
    let mut grouped = vec![(0u32, 0u32); entries.len()];
    let mut from = 0;
    for (d, &end) in chunk.doc_ends.iter().enumerate() {
        for e in from..end {
            let c = &mut cursor[entries[e as usize].term as usize];
            grouped[*c as usize] = (chunk.base + d as u32, e);
            *c += 1;
        }
        from = end;
    }
    let mut out = Encoded {
        parts: vec![Part::default(); n],
        postings: String::with_capacity(entries.len() + entries.len() / 4),
        bits: String::new(),
    };
    for t in 0..n {
        let group = &grouped[start[t] as usize..start[t + 1] as usize];
        let Some(&(first, e)) = group.first() else {
            continue;
        };
        let from = out.postings.len() as u32;
        let mut last = first;
        for &(d, e) in &group[1..] {
            codec::push_num(
                &mut out.postings,
                u64::from(d - last - 1) * 16 + weight(&entries[e as usize]),
            );
            last = d;
        }
        let bits_from = out.bits.len() as u32;
        if ranks[ids.global[t] as usize].new_bit.is_some() {
            for &(_, e) in group {
                codec::push_num(&mut out.bits, kept[e as usize]);
            }
        }
        out.parts[t] = Part {
            first,
            last,
            first_weight: weight(&entries[e as usize]),
            postings: (from, out.postings.len() as u32),
            bits: (bits_from, out.bits.len() as u32),
        };
    }
    out
}

/// Joins the chunks' parts of term `g`.
fn join_term(g: usize, term: &GlobalTerm, rank: &Ranked, parts: &[(&ChunkIds, &Encoded)]) -> Term {
    let mut postings = String::from("\"");
    let mut bits = String::new();
    let mut last: Option<u32> = None;
    for (ids, enc) in parts {
        let t = ids.local[g];
        if t == NONE {
            continue;
        }
        let part = &enc.parts[t as usize];
        let gap = last.map_or(part.first, |l| part.first - l - 1);
        codec::push_num(&mut postings, u64::from(gap) * 16 + part.first_weight);
        postings.push_str(&enc.postings[part.postings.0 as usize..part.postings.1 as usize]);
        bits.push_str(&enc.bits[part.bits.0 as usize..part.bits.1 as usize]);
        last = Some(part.last);
    }
    // Digits of `push_num` need no escaping in JSON.
    postings.push('"');
    Term {
        name: term.name.to_string(),
        postings,
        forms: rank.forms_head.as_ref().map(|h| format!("{h}\"{bits}\"]")),
    }
}

/// The terms of `docs[order[0]]`, `docs[order[1]]`… (doc ids 0, 1…),
/// sorted, encoded; and the non-ASCII characters of their words. Reads
/// `chunk_docs` docs per task; the result does not depend on it.
pub fn collect(
    docs: &[SearchDoc],
    order: &[usize],
    chunk_docs: usize,
) -> (Vec<Term>, BTreeSet<char>) {
    let chunk_docs = chunk_docs.max(1);
    let t0 = std::time::Instant::now();
    let dbg = std::env::var_os("LOA_SEARCH_DEBUG").is_some();
    let chunks: Vec<Chunk> = order
        .par_chunks(chunk_docs)
        .enumerate()
        .map(|(i, ids)| read_chunk(docs, ids, i * chunk_docs))
        .collect();
    let chars: BTreeSet<char> = chunks
        .iter()
        .flat_map(|c| c.chars.iter().copied())
        .collect();
    if dbg {
        eprintln!("read {:?} ({} chunks)", t0.elapsed(), chunks.len());
    }
    let (terms, ids) = merge(&chunks);
    if dbg {
        eprintln!("merge {:?}", t0.elapsed());
    }
    let ranks: Vec<Ranked> = terms.par_iter().map(rank).collect();
    if dbg {
        eprintln!("rank {:?}", t0.elapsed());
    }
    let encoded: Vec<Encoded> = chunks
        .par_iter()
        .zip(&ids)
        .map(|(chunk, ids)| encode_chunk(chunk, ids, &ranks))
        .collect();
    if dbg {
        eprintln!("encode {:?}", t0.elapsed());
    }
    let parts: Vec<(&ChunkIds, &Encoded)> = ids.iter().zip(&encoded).collect();
    let terms = terms
        .par_iter()
        .zip(&ranks)
        .enumerate()
        .map(|(g, (term, rank))| join_term(g, term, rank, &parts))
        .collect();
    if dbg {
        eprintln!("join {:?}", t0.elapsed());
    }
    (terms, chars)
}
