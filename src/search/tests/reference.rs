//! The plain, single-threaded index builder that the fast one replaced, kept
//! as the oracle: [`build_index`] here and `search::build_index` must give
//! byte-identical files for any input. Straightforward on purpose: NFC by
//! `unicode-normalization`, runs by `char::is_alphanumeric`, words by
//! `slug::fold`, postings term by term in doc order.

use std::collections::{BTreeSet, HashMap};

use serde_json::{json, Value};
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use super::super::postings::tf_level;
use super::super::text::{day_of, fold_exceptions, mark_key};
use super::super::*;

/// Runs of `text` (NFC, split on non-alphanumerics).
pub fn for_each_run(text: &str, mut f: impl FnMut(&str)) {
    let nfc: String = match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => text.to_string(),
        _ => text.nfc().collect(),
    };
    for run in nfc
        .split(|c: char| !c.is_alphanumeric())
        .filter(|r| !r.is_empty())
    {
        f(run);
    }
}

/// (term, form) of the words of a run.
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

/// Snippet text: NFC words, single spaces, cut after a word.
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

/// A term while indexing.
struct TermAcc {
    name: String,
    /// Forms in first-seen order, with their doc counts (first 64).
    forms: Vec<(String, u32)>,
    /// Per doc: (id, title + 2 × level, form bits of the first 64 forms).
    docs: Vec<(u64, u64, u64)>,
    /// The current doc: id + 1, tf, title, bits.
    doc: u64,
    tf: u64,
    title: bool,
    bits: u64,
}

#[derive(Default)]
struct Accumulator {
    runs: HashMap<String, Vec<(u32, u32)>>,
    ids: HashMap<String, u32>,
    terms: Vec<TermAcc>,
    touched: Vec<u32>,
}

impl Accumulator {
    fn add_doc(&mut self, id: u64, title: &str, body: &str) {
        let Accumulator {
            runs,
            ids,
            terms,
            touched,
        } = self;
        for (source, is_title) in [(title, true), (body, false)] {
            for_each_run(source, |run| {
                if !runs.contains_key(run) {
                    let mut words = Vec::new();
                    for_each_run_word(run, |term, form| {
                        let t = *ids.entry(term.to_string()).or_insert_with(|| {
                            terms.push(TermAcc {
                                name: term.to_string(),
                                forms: Vec::new(),
                                docs: Vec::new(),
                                doc: 0,
                                tf: 0,
                                title: false,
                                bits: 0,
                            });
                            (terms.len() - 1) as u32
                        });
                        let forms = &mut terms[t as usize].forms;
                        let f = forms.iter().position(|(x, _)| x == form);
                        let f = f.unwrap_or_else(|| {
                            forms.push((form.to_string(), 0));
                            forms.len() - 1
                        });
                        words.push((t, f as u32));
                    });
                    runs.insert(run.to_string(), words);
                }
                for &(t, f) in &runs[run] {
                    let acc = &mut terms[t as usize];
                    if acc.doc != id + 1 {
                        (acc.doc, acc.tf, acc.title, acc.bits) = (id + 1, 0, false, 0);
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
            let w = u64::from(acc.title) + 2 * tf_level(acc.tf);
            acc.docs.push((id, w, acc.bits));
        }
    }
}

/// (name, postings JSON, forms JSON) of a term.
fn encode(acc: TermAcc) -> (String, String, Option<String>) {
    let mut ranked: Vec<usize> = (0..acc.forms.len()).collect();
    ranked.sort_by(|&a, &b| {
        let (x, y) = (&acc.forms[a], &acc.forms[b]);
        y.1.cmp(&x.1).then(x.0.cmp(&y.0))
    });
    ranked.truncate(MAX_FORMS);
    let mut new_bit = [None; 64];
    for (new, &local) in ranked.iter().enumerate() {
        if local < 64 {
            new_bit[local] = Some(new);
        }
    }
    let many = ranked.len() > 1;
    let (mut postings, mut bits_out) = (String::new(), String::new());
    let mut last: Option<u64> = None;
    for &(id, w, bits) in &acc.docs {
        let gap = last.map_or(id, |l| id - l - 1);
        last = Some(id);
        codec::push_num(&mut postings, gap * 16 + w);
        if many {
            let kept = (0..64)
                .filter(|&i| bits & (1 << i) != 0)
                .filter_map(|i| new_bit[i])
                .fold(0u64, |k, nb| k | 1 << nb);
            codec::push_num(&mut bits_out, kept);
        }
    }
    let forms: Vec<&str> = ranked.iter().map(|&i| acc.forms[i].0.as_str()).collect();
    let forms = (forms != [acc.name.as_str()]).then(|| {
        let list: Vec<String> = forms.iter().map(|f| json_str(f)).collect();
        format!("[[{}],{}]", list.join(","), json_str(&bits_out))
    });
    (acc.name, json_str(&postings), forms)
}

/// The index files, the plain way.
pub fn build_index(docs: &[SearchDoc]) -> Vec<(String, Vec<u8>)> {
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&docs[a], &docs[b]);
        (y.date.is_some(), y.date, x.url, x.title, x.text, x.section).cmp(&(
            x.date.is_some(),
            x.date,
            y.url,
            y.title,
            y.text,
            y.section,
        ))
    });
    let sections: Vec<String> = docs
        .iter()
        .filter_map(|d| d.section)
        .map(|s| s.nfc().collect::<String>())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for (n, chunk) in order.chunks(DOCS_PER_CHUNK).enumerate() {
        let rows: Vec<Value> = chunk
            .iter()
            .map(|&i| {
                let d = &docs[i];
                let section = d.section.map(|s| s.nfc().collect::<String>());
                let sidx = section
                    .and_then(|s| sections.binary_search(&s).ok())
                    .map_or(-1, |i| i as i64);
                json!([
                    d.title.nfc().collect::<String>(),
                    d.url,
                    d.date.and_then(day_of).unwrap_or_default(),
                    sidx,
                    excerpt(d.text, EXCERPT_CHARS),
                ])
            })
            .collect();
        files.push((format!("docs/{n}.json"), to_json(&Value::Array(rows))));
    }

    let mut acc = Accumulator::default();
    for (id, &i) in order.iter().enumerate() {
        acc.add_doc(id as u64, docs[i].title, docs[i].text);
    }
    let fold_chars: BTreeSet<char> = acc
        .runs
        .keys()
        .flat_map(|r| r.chars())
        .filter(|c| !c.is_ascii())
        .collect();
    let mut terms = acc.terms;
    terms.sort_by(|a, b| a.name.cmp(&b.name));
    let terms: Vec<_> = terms.into_iter().map(encode).collect();
    let names: Vec<String> = terms.iter().map(|t| t.0.clone()).collect();
    let sizes: Vec<usize> = terms
        .iter()
        .map(|t| json_str(&t.0).len() + 1 + t.1.len())
        .collect();
    let mut shard_list = Vec::new();
    for shard in codec::plan_shards(&names, &sizes, SHARD_TARGET_BYTES) {
        let (mut body, mut forms) = (Object::default(), Object::default());
        for &i in &shard.terms {
            body.push(&terms[i].0, &terms[i].1);
            if let Some(f) = &terms[i].2 {
                forms.push(&terms[i].0, f);
            }
        }
        let stem = codec::shard_stem(&shard.key);
        let (body, forms) = (body.finish(), forms.finish());
        let forms_len = if forms.len() > 2 { forms.len() } else { 0 };
        let mut row = vec![json!(shard.key), json!(body.len()), json!(forms_len)];
        if stem != shard.key {
            row.push(json!(stem));
        }
        shard_list.push(Value::Array(row));
        files.push((format!("terms/{stem}.json"), body.into_bytes()));
        if forms_len > 0 {
            files.push((format!("forms/{stem}.json"), forms.into_bytes()));
        }
    }

    files.sort_by(|a, b| a.0.cmp(&b.0));
    let hash = codec::index_id(files.iter().map(|(p, b)| codec::file_hash(p, b)));
    let mut fold = serde_json::Map::new();
    for (c, s) in fold_exceptions(fold_chars) {
        fold.insert(c.to_string(), json!(s));
    }
    let mut meta = serde_json::Map::new();
    meta.insert("chunk".into(), json!(DOCS_PER_CHUNK));
    meta.insert("docs".into(), json!(docs.len()));
    meta.insert("fold".into(), Value::Object(fold));
    meta.insert("id".into(), json!(format!("{hash:016x}")));
    meta.insert("sections".into(), json!(sections));
    meta.insert("shards".into(), Value::Array(shard_list));
    meta.insert("version".into(), json!(FORMAT_VERSION));
    files.insert(0, ("meta.json".into(), to_json(&Value::Object(meta))));
    files
}
