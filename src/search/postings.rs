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
use std::hash::BuildHasherDefault;

use rayon::prelude::*;
use unicode_normalization::UnicodeNormalization;

use super::{codec, json_str, text, SearchDoc, MAX_FORMS};

mod segments;

use segments::*;

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
    segments: SegmentTable,
    /// (term, pair) of the segments.
    words: Vec<(u32, u32)>,
    /// The runs of the segments, one after the other (for their characters).
    run_text: Vec<u8>,
    /// Buffers for a new segment: its runs, a term, a form.
    spans: Vec<(usize, usize)>,
    term_buf: String,
    form_buf: String,
    term_ids: FxMap<Box<str>, u32>,
    /// The pairs of each term.
    term_pairs: Vec<Vec<u32>>,
    /// Per term: (stamp of the doc that last held it, its entry there).
    term_slots: Vec<(u32, u32)>,
    /// Per pair: (stamp of the doc that last held it, its term's entry).
    pair_slots: Vec<(u32, u32)>,
    /// The current doc (each reading of a doc gets a new stamp).
    stamp: u32,
    chunk: Chunk,
}

impl Reader {
    fn add_doc(&mut self, title: &str, body: &str) {
        let (entries, pairs) = (self.chunk.entries.len(), self.chunk.doc_pairs.len());
        let (segments, run_text) = (self.segments.entries.len(), self.run_text.len());
        self.stamp += 1;
        let stable =
            self.read::<true>(title, true).is_ok() && self.read::<true>(body, false).is_ok();
        if !stable {
            // Not surely NFC: forget this doc and read its NFC text instead.
            self.segments.truncate(segments);
            self.run_text.truncate(run_text);
            self.chunk.entries.truncate(entries);
            self.chunk.doc_pairs.truncate(pairs);
            self.stamp += 1;
            let (title, body): (String, String) = (title.nfc().collect(), body.nfc().collect());
            for (text, is_title) in [(&title, true), (&body, false)] {
                let done = self.read::<false>(text, is_title);
                debug_assert!(done.is_ok());
            }
        }
        self.chunk.doc_ends.push(self.chunk.entries.len() as u32);
    }

    /// Reads one text of the current doc; with `CHECK`, fails unless it is
    /// surely NFC.
    fn read<const CHECK: bool>(
        &mut self,
        source: &str,
        is_title: bool,
    ) -> Result<(), text::Unstable> {
        let Reader {
            segments,
            words,
            run_text,
            spans,
            term_buf,
            form_buf,
            term_ids,
            term_pairs,
            term_slots,
            pair_slots,
            stamp,
            chunk,
        } = self;
        let stamp = *stamp;
        text::scan_segments(source, |bytes, word| {
            let (key, hash) = segment_key(bytes, word);
            let slot = match segments.get(key, hash, bytes) {
                Some(s) => *s,
                None => {
                    let segment = text::run_str(bytes);
                    let span = |run: &[u8]| {
                        let a = run.as_ptr() as usize - segment.as_ptr() as usize;
                        (a, a + run.len())
                    };
                    spans.clear();
                    let stable =
                        text::scan_runs::<true>(segment, |run| spans.push(span(run))).is_ok();
                    if !stable {
                        if CHECK {
                            return Err(text::Unstable);
                        }
                        spans.clear();
                        let done = text::scan_runs::<false>(segment, |run| spans.push(span(run)));
                        debug_assert!(done.is_ok());
                    }
                    let at = words.len() as u32;
                    for &(a, b) in spans.iter() {
                        let run = &bytes[a..b];
                        run_text.extend_from_slice(run);
                        let run = text::run_str(run);
                        let mut add = |term: &str, form: &str| {
                            let w = intern(
                                term, form, term_ids, term_pairs, term_slots, pair_slots, chunk,
                            );
                            words.push(w);
                        };
                        if text::fast_run_word(run, term_buf, form_buf) {
                            add(term_buf, form_buf);
                        } else {
                            text::for_each_run_word(run, add);
                        }
                    }
                    let count = words.len() as u32 - at;
                    let first = words.get(at as usize).copied().unwrap_or_default();
                    segments.insert(
                        bytes,
                        SegmentEntry {
                            key,
                            hash,
                            start: 0,
                            len: bytes.len() as u32,
                            stable,
                            at,
                            count,
                            first,
                        },
                    );
                    *segments.get(key, hash, bytes).expect("just added")
                }
            };
            if slot.entry & SIMPLE != 0 {
                count(slot.first, stamp, is_title, term_slots, pair_slots, chunk);
            } else {
                let e = &segments.entries[(slot.entry & !SIMPLE) as usize - 1];
                if CHECK && !e.stable {
                    return Err(text::Unstable);
                }
                for &w in &words[e.at as usize..(e.at + e.count) as usize] {
                    count(w, stamp, is_title, term_slots, pair_slots, chunk);
                }
            }
            Ok(())
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
        let runs = text::run_str(&self.run_text);
        let mut chars: Vec<char> = runs.chars().filter(|c| !c.is_ascii()).collect();
        chars.sort_unstable();
        chars.dedup();
        chunk.chars = chars;
        chunk
    }
}

/// The (term, pair) ids of a word, new ones made as needed.
fn intern(
    term: &str,
    form: &str,
    term_ids: &mut FxMap<Box<str>, u32>,
    term_pairs: &mut Vec<Vec<u32>>,
    term_slots: &mut Vec<(u32, u32)>,
    pair_slots: &mut Vec<(u32, u32)>,
    chunk: &mut Chunk,
) -> (u32, u32) {
    let t = match term_ids.get(term) {
        Some(&t) => t,
        None => {
            let t = chunk.names.len() as u32;
            chunk.names.push(term.into());
            term_ids.insert(term.into(), t);
            term_pairs.push(Vec::new());
            term_slots.push((0, 0));
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
        pair_slots.push((0, 0));
        term_pairs[t as usize].push(p);
        p
    });
    (t, p)
}

/// Counts word (term `t`, pair `p`) in the doc `stamp`.
#[inline(always)]
fn count(
    (t, p): (u32, u32),
    stamp: u32,
    is_title: bool,
    term_slots: &mut [(u32, u32)],
    pair_slots: &mut [(u32, u32)],
    chunk: &mut Chunk,
) {
    let ps = &mut pair_slots[p as usize];
    let e = if ps.0 == stamp {
        ps.1
    } else {
        let ts = &mut term_slots[t as usize];
        if ts.0 != stamp {
            *ts = (stamp, chunk.entries.len() as u32);
            chunk.entries.push(Entry {
                term: t,
                tf: 0,
                title: false,
            });
        }
        *ps = (stamp, ts.1);
        chunk.doc_pairs.push((ts.1, p));
        ts.1
    };
    let entry = &mut chunk.entries[e as usize];
    if is_title {
        entry.title = true;
    } else {
        entry.tf += 1;
    }
}

/// Reads the docs `docs[ids[0]]`, `docs[ids[1]]`…, whose global ids are
/// `base`, `base + 1`…
fn read_chunk(docs: &[SearchDoc], ids: &[usize], base: usize) -> Chunk {
    let mut reader = Reader::default();
    reader.chunk.base = base as u32;
    // About one entry and one pair per 14 bytes of text: room enough to grow
    // seldom (untouched room costs nothing).
    let bytes: usize = ids
        .iter()
        .map(|&i| docs[i].title.len() + docs[i].text.len())
        .sum();
    reader.chunk.entries.reserve(bytes / 10);
    reader.chunk.doc_pairs.reserve(bytes / 10);
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

// Kept form bits fit a `u32`.
const _: () = assert!(MAX_FORMS <= 32);

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
#[derive(Default)]
struct Part {
    started: bool,
    /// Global ids of its first and last docs.
    first: u32,
    last: u32,
    /// `title + 2 × level` of the first doc.
    first_weight: u64,
    /// The postings after the first (gaps within the chunk).
    postings: String,
    /// The form bits of all its docs.
    bits: String,
}

/// A chunk's parts of the posting lists, by local term.
struct Encoded {
    parts: Vec<Part>,
}

fn weight(e: &Entry) -> u64 {
    u64::from(e.title) + 2 * tf_level(u64::from(e.tf))
}

/// A posting for sorting: local term × 2³² + doc index in the chunk × 16 +
/// weight; and the kept form bits.
type Record = (u64, u32);

/// Docs encoded at a time by [`encode_chunk`] (its buffers stay in cache).
const ENCODE_BLOCK: usize = 128;

/// Sorts records by term (bits 32 and up; terms below `terms`), keeping the
/// doc order: least significant digit first, at most 11 bits at a time.
fn sort_by_term(recs: &mut Vec<Record>, tmp: &mut Vec<Record>, terms: usize) {
    let bits = usize::BITS - terms.saturating_sub(1).leading_zeros();
    if bits == 0 {
        return;
    }
    let passes = bits.div_ceil(11);
    let width = bits.div_ceil(passes);
    tmp.clear();
    tmp.resize(recs.len(), (0, 0));
    let mut offsets = vec![0usize; 1 << width];
    let mask = (1u64 << width) - 1;
    for pass in 0..passes {
        let shift = 32 + pass * width;
        offsets.fill(0);
        for r in recs.iter() {
            offsets[((r.0 >> shift) & mask) as usize] += 1;
        }
        let mut sum = 0;
        for o in offsets.iter_mut() {
            let n = *o;
            *o = sum;
            sum += n;
        }
        for r in recs.iter() {
            let d = ((r.0 >> shift) & mask) as usize;
            tmp[offsets[d]] = *r;
            offsets[d] += 1;
        }
        std::mem::swap(recs, tmp);
    }
}

fn encode_chunk(chunk: &Chunk, ids: &ChunkIds, ranks: &[Ranked]) -> Encoded {
    let entries = &chunk.entries;
    let n = chunk.names.len();
    // Whether each term keeps several forms (its postings carry bits).
    let many: Vec<bool> = ids
        .global
        .iter()
        .map(|&g| ranks.get(g as usize).is_some_and(|r| r.new_bit.is_some()))
        .collect();
    // The kept bit of each pair (of a term that keeps several forms).
    let pair_bit: Vec<u8> = chunk
        .pairs
        .iter()
        .zip(&ids.form_index)
        .map(|(&(t, _), &f)| {
            let g = ids.global[t as usize];
            match &ranks.get(g as usize).and_then(|r| r.new_bit.as_ref()) {
                Some(new_bit) if f < 64 => new_bit[f as usize],
                _ => NO_BIT,
            }
        })
        .collect();
    let mut parts: Vec<Part> = (0..n).map(|_| Part::default()).collect();
    let (mut recs, mut tmp, mut kept) = (Vec::new(), Vec::new(), Vec::new());
    let (mut from, mut pair) = (0usize, 0usize);
    for (block, ends) in chunk.doc_ends.chunks(ENCODE_BLOCK).enumerate() {
        let to = *ends.last().expect("a block has docs") as usize;
        // Kept form bits of each entry of the block.
        kept.clear();
        kept.resize(to - from, 0u32);
        while let Some(&(e, p)) = chunk.doc_pairs.get(pair) {
            if e as usize >= to {
                break;
            }
            let bit = pair_bit[p as usize];
            if bit != NO_BIT {
                kept[e as usize - from] |= 1 << bit;
            }
            pair += 1;
        }
        // The block's postings in doc order, then grouped by term.
        recs.clear();
        let mut e = from;
        for (k, &end) in ends.iter().enumerate() {
            let d = (block * ENCODE_BLOCK + k) as u64;
            while e < end as usize {
                let entry = &entries[e];
                let key = (u64::from(entry.term) << 32) | (d << 4) | weight(entry);
                recs.push((key, kept[e - from]));
                e += 1;
            }
        }
        from = to;
        sort_by_term(&mut recs, &mut tmp, n);
        for r in &recs {
            let t = (r.0 >> 32) as usize;
            let d = chunk.base + ((r.0 >> 4) as u32 & 0x0fff_ffff);
            let part = &mut parts[t];
            if part.started {
                codec::push_num(
                    &mut part.postings,
                    u64::from(d - part.last - 1) * 16 + (r.0 & 15),
                );
            } else {
                part.started = true;
                part.first = d;
                part.first_weight = r.0 & 15;
            }
            part.last = d;
            if many[t] {
                codec::push_num(&mut part.bits, u64::from(r.1));
            }
        }
    }
    Encoded { parts }
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
        postings.push_str(&part.postings);
        bits.push_str(&part.bits);
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
    // Doc indices in a chunk take 28 bits of a `Record`.
    let chunk_docs = chunk_docs.clamp(1, 1 << 24);
    let chunks: Vec<Chunk> = order
        .par_chunks(chunk_docs)
        .enumerate()
        .map(|(i, ids)| read_chunk(docs, ids, i * chunk_docs))
        .collect();
    let chars: BTreeSet<char> = chunks
        .iter()
        .flat_map(|c| c.chars.iter().copied())
        .collect();
    let (terms, ids) = merge(&chunks);
    let ranks: Vec<Ranked> = terms.par_iter().map(rank).collect();
    let encoded: Vec<Encoded> = chunks
        .par_iter()
        .zip(&ids)
        .map(|(chunk, ids)| encode_chunk(chunk, ids, &ranks))
        .collect();
    let parts: Vec<(&ChunkIds, &Encoded)> = ids.iter().zip(&encoded).collect();
    let terms = terms
        .par_iter()
        .zip(&ranks)
        .enumerate()
        .map(|(g, (term, rank))| join_term(g, term, rank, &parts))
        .collect();
    (terms, chars)
}
