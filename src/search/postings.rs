//! Collecting postings while reading the docs, then encoding them.

use std::collections::{BTreeSet, HashMap};
use std::hash::BuildHasherDefault;

use super::{codec, json_str, text, MAX_FORMS};

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

/// A term while indexing.
struct TermAcc {
    name: String,
    /// Forms in first-seen order, with their document counts.
    forms: Vec<(String, u32)>,
    /// LEB128 triples: doc-id gap − 1, title + 2 × level, form bits
    /// (bit i = `forms[i]`, first 64 forms only).
    raw: Vec<u8>,
    last: Option<u64>,
    /// The current doc: its id + 1 (0: none yet), tf, title, form bits.
    doc: u64,
    tf: u64,
    title: bool,
    bits: u64,
}

/// FNV-1a for the builder's hash maps: short keys, no untrusted input.
#[derive(Clone, Copy)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        codec::fnv1a(&mut self.0, bytes);
    }
}

type FnvMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

#[derive(Default)]
pub struct Accumulator {
    /// Each distinct run of text, folded once: (term id, form index).
    runs: FnvMap<String, Vec<(u32, u32)>>,
    ids: FnvMap<String, u32>,
    terms: Vec<TermAcc>,
    touched: Vec<u32>,
}

impl Accumulator {
    /// Adds doc `id`; docs come in id order.
    pub fn add_doc(&mut self, id: u64, title: &str, body: &str) {
        let Accumulator {
            runs,
            ids,
            terms,
            touched,
        } = self;
        for (source, is_title) in [(title, true), (body, false)] {
            text::for_each_run(source, |run| {
                if !runs.contains_key(run) {
                    let mut words = Vec::new();
                    text::for_each_run_word(run, |term, form| {
                        words.push(intern(ids, terms, term, form))
                    });
                    runs.insert(run.to_string(), words);
                }
                for &(t, f) in &runs[run] {
                    let acc = &mut terms[t as usize];
                    if acc.doc != id + 1 {
                        acc.doc = id + 1;
                        acc.tf = 0;
                        acc.title = false;
                        acc.bits = 0;
                        touched.push(t);
                    }
                    if is_title {
                        acc.title = true;
                    } else {
                        acc.tf += 1;
                    }
                    if f < 64 {
                        acc.bits |= 1 << f;
                    }
                }
            });
        }
        for t in touched.drain(..) {
            let acc = &mut terms[t as usize];
            for (i, form) in acc.forms.iter_mut().enumerate().take(64) {
                if acc.bits & (1 << i) != 0 {
                    form.1 += 1;
                }
            }
            let gap = acc.last.map_or(id, |l| id - l - 1);
            acc.last = Some(id);
            codec::push_leb(&mut acc.raw, gap);
            codec::push_leb(&mut acc.raw, u64::from(acc.title) + 2 * tf_level(acc.tf));
            codec::push_leb(&mut acc.raw, acc.bits);
        }
    }

    /// The non-ASCII characters of the words seen.
    pub fn chars(&self) -> BTreeSet<char> {
        self.runs
            .keys()
            .flat_map(|r| r.chars())
            .filter(|c| !c.is_ascii())
            .collect()
    }

    /// The terms, sorted, encoded.
    pub fn finish(self) -> Vec<Term> {
        let mut terms = self.terms;
        terms.sort_by(|a, b| a.name.cmp(&b.name));
        terms.into_iter().map(encode).collect()
    }
}

/// The ids of a term and of its form (first-seen order).
fn intern(
    ids: &mut FnvMap<String, u32>,
    terms: &mut Vec<TermAcc>,
    term: &str,
    form: &str,
) -> (u32, u32) {
    let t = *ids.entry(term.to_string()).or_insert_with(|| {
        terms.push(TermAcc {
            name: term.to_string(),
            forms: Vec::new(),
            raw: Vec::new(),
            last: None,
            doc: 0,
            tf: 0,
            title: false,
            bits: 0,
        });
        (terms.len() - 1) as u32
    });
    let forms = &mut terms[t as usize].forms;
    let f = forms
        .iter()
        .position(|(x, _)| x == form)
        .unwrap_or_else(|| {
            forms.push((form.to_string(), 0));
            forms.len() - 1
        });
    (t, f as u32)
}

fn encode(acc: TermAcc) -> Term {
    // Keep the most frequent forms; `new_bit[local]` is the kept bit.
    let mut ranked: Vec<usize> = (0..acc.forms.len()).collect();
    ranked.sort_by(|&a, &b| {
        acc.forms[b]
            .1
            .cmp(&acc.forms[a].1)
            .then(acc.forms[a].0.cmp(&acc.forms[b].0))
    });
    ranked.truncate(MAX_FORMS);
    let mut new_bit = [None; 64];
    for (new, &local) in ranked.iter().enumerate() {
        if local < 64 {
            new_bit[local] = Some(new);
        }
    }
    let many = ranked.len() > 1;
    let mut postings = String::with_capacity(acc.raw.len() / 2 + 8);
    let mut bits_out = String::new();
    let mut pos = 0;
    while pos < acc.raw.len() {
        let gap = codec::read_leb(&acc.raw, &mut pos);
        let w = codec::read_leb(&acc.raw, &mut pos);
        let bits = codec::read_leb(&acc.raw, &mut pos);
        codec::push_num(&mut postings, gap * 16 + w);
        if many {
            let (mut kept, mut rest) = (0u64, bits);
            while rest != 0 {
                if let Some(nb) = new_bit[rest.trailing_zeros() as usize] {
                    kept |= 1 << nb;
                }
                rest &= rest - 1;
            }
            codec::push_num(&mut bits_out, kept);
        }
    }
    let forms: Vec<&str> = ranked.iter().map(|&i| acc.forms[i].0.as_str()).collect();
    let forms = if forms == [acc.name.as_str()] {
        None
    } else {
        let list: Vec<String> = forms.iter().map(|f| json_str(f)).collect();
        Some(format!("[[{}],{}]", list.join(","), json_str(&bits_out)))
    };
    Term {
        postings: json_str(&postings),
        forms,
        name: acc.name,
    }
}
