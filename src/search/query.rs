//! The query side, in Rust: the same algorithm as `search.js`, used by the
//! tests (ranking, sharding, parity with the JS) and usable by the CLI or
//! integration tests to check an index without a browser.
//!
//! 1. The query's words are read like the indexed text ([`super::text`]);
//!    at most [`MAX_WORDS`]. The last word is a prefix when the query does
//!    not end in white space and the word has ≥ 2 characters; a last word of
//!    one character not followed by white space is left out when other words
//!    precede it (the reader is typing it: "lao c" searches "lao").
//! 2. A word loads the shard of its term; a prefix word also loads the shards
//!    whose key begins with it, smallest first, within [`PREFIX_BUDGET`]
//!    bytes (only while typing a short prefix does this cut anything).
//! 3. A doc matches when every word matches one of its terms: the word's own
//!    term, or (prefix word) a term beginning with it, worth [`PREFIX_FACTOR`].
//!    A word typed with marks (its form differs from its term) *exactly*
//!    matches a doc that holds its form (a prefix word: a form it can grow
//!    into).
//! 4. A word scores `idf × factor × (TITLE_WEIGHT × title + level)` where
//!    `level` (0–7) grades the body count, `idf = ln(1 + docs / df)`; the
//!    best of its terms counts; a title outweighs any body count.
//! 5. Order: words typed with marks that match exactly (more first), then
//!    the summed score rounded to 6 decimals (higher first), then doc id
//!    (newer first).

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use super::{codec, text};

pub const MAX_WORDS: usize = 10;
pub const PREFIX_BUDGET: usize = 256 * 1024;
pub const PREFIX_FACTOR: f64 = 0.5;
pub const TITLE_WEIGHT: f64 = 8.0;

/// A query word.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    pub term: String,
    pub form: String,
    pub marked: bool,
    pub prefix: bool,
}

/// Reads the words of a query.
pub fn parse(q: &str) -> Vec<Word> {
    let mut all = text::words(q);
    let mut open = !q.ends_with(char::is_whitespace);
    // A last letter being typed after other words waits for the next one.
    if open && all.len() > 1 && all[all.len() - 1].0.chars().count() < 2 {
        all.pop();
        open = false;
    }
    let count = all.len();
    let n = count.min(MAX_WORDS);
    all.into_iter()
        .take(n)
        .enumerate()
        .map(|(i, (term, form))| Word {
            marked: form != term,
            prefix: i + 1 == count && open && term.chars().count() >= 2,
            term,
            form,
        })
        .collect()
}

/// A result.
#[derive(Debug, Clone)]
pub struct Hit {
    pub doc: usize,
    pub title: String,
    pub url: String,
    pub exact: u32,
    pub score: f64,
}

/// Results of [`search`].
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// Docs that match.
    pub total: usize,
    /// The first `limit` of them, best first.
    pub hits: Vec<Hit>,
    /// Index files read, in order of first use, `meta.json` first.
    pub files: Vec<String>,
}

/// Runs a query against the files of [`super::build_index`].
pub fn search(files: &BTreeMap<&str, &[u8]>, q: &str, limit: usize) -> Outcome {
    let mut out = Outcome::default();
    let read = |path: &str, out: &mut Outcome| -> Option<Value> {
        if !out.files.iter().any(|f| f == path) {
            out.files.push(path.to_string());
        }
        serde_json::from_slice(files.get(path)?).ok()
    };
    let Some(meta) = read("meta.json", &mut out) else {
        return out;
    };
    let docs = meta["docs"].as_u64().unwrap_or(0) as f64;
    let chunk = meta["chunk"].as_u64().unwrap_or(1).max(1) as usize;
    let shards: Vec<Shard> = meta["shards"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| {
            let key = s[0].as_str().unwrap_or_default().to_string();
            let stem = s
                .get(3)
                .and_then(Value::as_str)
                .map_or_else(|| key.clone(), str::to_string);
            Shard {
                key,
                bytes: s[1].as_u64().unwrap_or(0) as usize,
                forms: s[2].as_u64().unwrap_or(0) > 0,
                stem,
            }
        })
        .collect();
    let words = parse(q);
    if words.is_empty() {
        return out;
    }

    // Per word: doc → (score, exact).
    let mut per_word: Vec<HashMap<usize, (f64, bool)>> = Vec::new();
    let mut loaded: HashMap<String, Value> = HashMap::new();
    for w in &words {
        let mut wanted: Vec<&Shard> = Vec::new();
        if let Some(s) = shard_of(&shards, &w.term) {
            wanted.push(s);
        }
        if w.prefix {
            let mut extra: Vec<&Shard> = shards
                .iter()
                .filter(|s| s.key.starts_with(&w.term) && s.key != w.term && !wanted.contains(s))
                .collect();
            extra.sort_by(|a, b| a.bytes.cmp(&b.bytes).then(a.key.cmp(&b.key)));
            let mut spent = 0;
            for s in extra {
                if spent + s.bytes > PREFIX_BUDGET {
                    break;
                }
                spent += s.bytes;
                wanted.push(s);
            }
        }
        let mut paths: Vec<String> = wanted
            .iter()
            .map(|s| format!("terms/{}.json", s.stem))
            .collect();
        if w.marked {
            paths.extend(
                wanted
                    .iter()
                    .filter(|s| s.forms)
                    .map(|s| format!("forms/{}.json", s.stem)),
            );
        }
        for p in &paths {
            if !loaded.contains_key(p) {
                let v = read(p, &mut out).unwrap_or(Value::Null);
                loaded.insert(p.clone(), v);
            }
        }
        let mut map: HashMap<usize, (f64, bool)> = HashMap::new();
        for s in &wanted {
            let terms = &loaded[&format!("terms/{}.json", s.stem)];
            let forms_file = loaded.get(&format!("forms/{}.json", s.stem));
            for (t, postings) in terms.as_object().into_iter().flatten() {
                if !(*t == w.term || (w.prefix && t.starts_with(&w.term))) {
                    continue;
                }
                // Which docs hold the word's marked form.
                let (forms, bits): (Vec<&str>, Vec<u64>) = match forms_file.and_then(|f| f.get(t)) {
                    Some(e) => (
                        e[0].as_array()
                            .into_iter()
                            .flatten()
                            .filter_map(Value::as_str)
                            .collect(),
                        codec::read_nums(e[1].as_str().unwrap_or_default()),
                    ),
                    None => (vec![t.as_str()], Vec::new()),
                };
                let mut qbits = 0u64;
                if w.marked {
                    for (i, f) in forms.iter().enumerate() {
                        if if w.prefix {
                            text::form_has_prefix(f, &w.form)
                        } else {
                            *f == w.form
                        } {
                            qbits |= 1 << i;
                        }
                    }
                }
                let nums = codec::read_nums(postings.as_str().unwrap_or_default());
                let idf = (1.0 + docs / nums.len() as f64).ln();
                let factor = if *t == w.term { 1.0 } else { PREFIX_FACTOR };
                let mut doc = 0usize;
                for (k, &v) in nums.iter().enumerate() {
                    let gap = (v / 16) as usize;
                    doc = if k == 0 { gap } else { doc + gap + 1 };
                    let title = (v % 2) as f64;
                    let level = ((v / 2) % 8) as f64;
                    let score = idf * factor * (TITLE_WEIGHT * title + level);
                    let held = if bits.is_empty() { 1 } else { bits[k] };
                    let e = map.entry(doc).or_insert((0.0, false));
                    if score > e.0 {
                        e.0 = score;
                    }
                    e.1 |= held & qbits != 0;
                }
            }
        }
        per_word.push(map);
    }

    // AND, in doc order of the smallest word.
    let smallest = (0..per_word.len())
        .min_by_key(|&i| per_word[i].len())
        .unwrap_or(0);
    let mut ids: Vec<usize> = per_word[smallest].keys().copied().collect();
    ids.sort_unstable();
    let mut ranked: Vec<(u32, i64, usize, f64)> = Vec::new();
    for id in ids {
        let mut score = 0.0;
        let mut exact = 0;
        let mut all = true;
        for (w, map) in words.iter().zip(&per_word) {
            match map.get(&id) {
                Some(&(s, e)) => {
                    score += s;
                    exact += u32::from(w.marked && e);
                }
                None => {
                    all = false;
                    break;
                }
            }
        }
        if all {
            ranked.push((exact, (score * 1e6).round() as i64, id, score));
        }
    }
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    out.total = ranked.len();
    for &(exact, _, doc, score) in ranked.iter().take(limit) {
        let path = format!("docs/{}.json", doc / chunk);
        let rows = read(&path, &mut out).unwrap_or(Value::Null);
        let row = &rows[doc % chunk];
        out.hits.push(Hit {
            doc,
            title: row[0].as_str().unwrap_or_default().to_string(),
            url: row[1].as_str().unwrap_or_default().to_string(),
            exact,
            score,
        });
    }
    out
}

/// A shard as `meta.json` lists it.
#[derive(Debug, PartialEq)]
struct Shard {
    key: String,
    bytes: usize,
    forms: bool,
    stem: String,
}

/// The shard holding `term`: the longest key that begins it (keys shorter
/// than 2 characters only for 1-character terms).
fn shard_of<'a>(shards: &'a [Shard], term: &str) -> Option<&'a Shard> {
    let chars: Vec<char> = term.chars().collect();
    let min = chars.len().min(2);
    (min..=chars.len()).rev().find_map(|k| {
        let key: String = chars[..k].iter().collect();
        shards
            .binary_search_by(|s| s.key.as_str().cmp(&key))
            .ok()
            .map(|i| &shards[i])
    })
}
