//! Reading the docs of a chunk into postings with chunk-local ids: words
//! folded once per distinct text segment (see `segments`), each doc's terms
//! and (term, form) pairs counted in first-seen order.

use super::*;

/// One doc's count of one term.
#[derive(Clone, Copy)]
pub(super) struct Entry {
    /// Chunk-local term id.
    pub(super) term: u32,
    /// Body count, saturating (every count above 32 has the same level, see
    /// `tf_level`): 8 bytes an entry, the index's largest table.
    pub(super) tf: u16,
    pub(super) title: bool,
}

/// What a chunk of docs holds, with chunk-local term ids.
#[derive(Default)]
pub(super) struct Chunk {
    /// Global id of the chunk's first doc.
    pub(super) base: u32,
    /// Term names.
    pub(super) names: Vec<Box<str>>,
    /// Pairs: (term, form).
    pub(super) pairs: Vec<(u32, Box<str>)>,
    /// The terms of each doc, in doc order; a doc's terms in first-seen order.
    pub(super) entries: Vec<Entry>,
    /// End of each doc in `entries`.
    pub(super) doc_ends: Vec<u32>,
    /// (entry, pair) for the distinct pairs of each doc, in first-seen order.
    pub(super) doc_pairs: Vec<(u32, u32)>,
    /// Docs holding each term.
    pub(super) df: Vec<u32>,
    /// Docs holding each pair.
    pub(super) pair_docs: Vec<u32>,
    /// The pairs held by some doc, in first-seen order.
    pub(super) pair_order: Vec<u32>,
    /// Non-ASCII characters of the runs, sorted.
    pub(super) chars: Vec<char>,
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
        // Give back the room `read_chunk` reserved and the docs did not use:
        // on a system that backs memory with transparent huge pages (THP
        // `always`, the default of some distributions) room past the end is
        // resident once a byte of its 2 MiB page is touched: 25 MB more peak
        // at 10,000 articles (bench/README.md "Huge pages").
        chunk.entries.shrink_to_fit();
        chunk.doc_pairs.shrink_to_fit();
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
        entry.tf = entry.tf.saturating_add(1);
    }
}

/// Reads the docs `docs[ids[0]]`, `docs[ids[1]]`…, whose global ids are
/// `base`, `base + 1`…
pub(super) fn read_chunk(docs: &[SearchDoc], ids: &[usize], base: usize) -> Chunk {
    let mut reader = Reader::default();
    reader.chunk.base = base as u32;
    // About one entry and one pair per 14 bytes of text: room enough to grow
    // seldom (`finish` gives back what the docs left unused).
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

// The entry table is the index's largest: keep an entry at 8 bytes.
const _: () = assert!(std::mem::size_of::<Entry>() == 8);

#[cfg(test)]
mod tests {
    use super::*;

    fn doc<'a>(title: &'a str, text: &'a str) -> SearchDoc<'a> {
        SearchDoc {
            url: "/a/",
            title,
            date: None,
            section: None,
            text,
        }
    }

    /// The tables reserved from the text's size keep no unused room once
    /// read (with huge pages it would be resident), and hold what was read.
    #[test]
    fn a_read_chunk_keeps_no_unused_room() {
        let body = "Tỉnh phát động phong trào thi đua. Thi đua yêu nước, thi đua lao động.";
        let docs = [
            doc("Thi đua", body),
            doc("Khen thưởng", "Khen thưởng tập thể."),
        ];
        let chunk = read_chunk(&docs, &[0, 1], 0);
        assert_eq!(chunk.doc_ends.len(), 2);
        assert!(chunk.entries.len() > 4, "{}", chunk.entries.len());
        assert_eq!(chunk.entries.capacity(), chunk.entries.len());
        assert_eq!(chunk.doc_pairs.capacity(), chunk.doc_pairs.len());
        let name = |e: &Entry| &*chunk.names[e.term as usize];
        let thi = chunk.entries[..chunk.doc_ends[0] as usize]
            .iter()
            .find(|e| name(e) == "thi")
            .expect("thi is read");
        assert!(thi.title);
        assert_eq!(thi.tf, 3);
    }
}
