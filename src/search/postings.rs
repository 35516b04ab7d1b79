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

mod read;
mod segments;

use read::{read_chunk, Chunk, Entry};
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
    // Postings sized from the term's doc count (one or two characters a
    // doc for most terms), so the strings seldom grow.
    let mut parts: Vec<Part> = (0..n)
        .map(|t| {
            let df = chunk.df[t] as usize;
            Part {
                postings: String::with_capacity(df + df / 2),
                bits: if many[t] {
                    String::with_capacity(df)
                } else {
                    String::new()
                },
                ..Part::default()
            }
        })
        .collect();
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
    let (mut len, mut bits_len) = (2, 0);
    for (ids, enc) in parts {
        if let Some(part) = enc.parts.get(ids.local[g] as usize) {
            len += part.postings.len() + 8;
            bits_len += part.bits.len();
        }
    }
    let mut postings = String::with_capacity(len);
    postings.push('"');
    let mut bits = String::with_capacity(bits_len);
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
