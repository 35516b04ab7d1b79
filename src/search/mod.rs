//! Static search: an inverted index built from the rendered pages, split in
//! small files that `themes/cong/static/js/search.js` fetches on demand.
//!
//! Pure: [`build_index`] takes the pages and returns the files; the caller
//! writes them under the index folder (`search.index_url` in templates).
//! The output depends only on the input set (not its order): two builds of
//! the same site give byte-identical files.
//!
//! # Files (paths relative to the index folder)
//!
//! `meta.json`, fetched first:
//! ```json
//! {"chunk":16,"docs":50000,"fold":{"ß":"ss"},"id":"<16 hex>",
//!  "sections":["Thời sự", …],
//!  "shards":[["a",812,0],["an",11034,2207],["con",903,120,"_636f6e"], …],
//!  "version":1}
//! ```
//! - `id` changes whenever any file changes; the client appends `?v=<id>` to
//!   the other files so caches never mix two builds.
//! - `fold`: characters of the indexed text that `crate::slug::fold` folds
//!   otherwise than the client's default (NFD, strip U+0300–U+036F,
//!   `đ Đ ð Ð` → `d`, lower case); empty for Vietnamese text.
//! - `shards`: `[key, bytes of terms file, bytes of forms file (0: none)]`
//!   sorted by key, plus the file stem when it is not the key
//!   ([`codec::shard_stem`]). A key's files hold the terms whose longest
//!   key prefix is that key ([`codec::plan_shards`]).
//!
//! `terms/<stem>.json`: `{"<term>": "<postings>", …}`, terms sorted.
//! Postings are numbers written with [`codec::push_num`], one per doc in doc
//! order: `gap × 16 + title + 2 × level`, where `gap` is the doc-id gap
//! minus one (the first: the doc id), `title` is 1 when the term is in the
//! title and `level` grades the body count tf (0: none, 1: 1, 2: 2, 3: 3–4,
//! 4: 5–8, 5: 9–16, 6: 17–32, 7: more). A doc is then one character when the
//! gap is 0 or 1 (common terms).
//!
//! `forms/<stem>.json` (fetched only for words typed with marks):
//! `{"<term>": [[form, …], "<bits>"], …}` for the terms whose marked forms are
//! not just the term itself. Forms are lower-case NFD with the tone marks last
//! ([`text::mark_key`]), the most frequent first, at most 20; `bits` has one
//! number per posting, the set of forms the doc holds (bit i = form i), or is
//! empty when there is one form (every doc holds it).
//!
//! `docs/<n>.json`: docs `n × chunk …`, each `[title, url, "YYYY-MM-DD" or
//! "", section index or -1, excerpt]`. Doc ids follow date, newest first.

pub mod codec;
mod postings;
pub mod query;
pub mod text;

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use serde_json::{json, Value};

/// A page to index.
#[derive(Debug, Clone, Copy)]
pub struct SearchDoc<'a> {
    /// Site-absolute URL with the base path, as it goes in `href`.
    pub url: &'a str,
    pub title: &'a str,
    /// RFC 3339; results show its date part.
    pub date: Option<&'a str>,
    /// Section title shown in results.
    pub section: Option<&'a str>,
    /// Plain text of the body.
    pub text: &'a str,
}

/// The index folder, relative to the output root (under the base path):
/// `/tim-kiem/chi-muc/` beside the search page `/tim-kiem/`.
pub const INDEX_DIR: &str = "tim-kiem/chi-muc";
/// Format version in `meta.json`.
pub const FORMAT_VERSION: u32 = 1;
/// Docs per `docs/<n>.json` file.
pub const DOCS_PER_CHUNK: usize = 16;
/// A shard larger than this is split by one more character.
pub const SHARD_TARGET_BYTES: usize = 12 * 1024;
/// Characters of body text kept per doc for snippets.
pub const EXCERPT_CHARS: usize = 300;
/// Marked forms kept per term.
pub const MAX_FORMS: usize = 20;

/// Builds the search index: files as (path relative to the index folder,
/// content). Deterministic; see the module documentation for the format.
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
        .map(|s| text::nfc(s).into_owned())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();

    // Doc chunks, and postings and forms, side by side. The index id hashes
    // the files in path order: the docs files come first, hashed meanwhile.
    let ((mut files, mut hashes), (terms, fold_chars)) = rayon::join(
        || {
            let mut files = doc_files(docs, &order, &sections);
            files.sort_by(|a, b| a.0.cmp(&b.0));
            let hashes = file_hashes(&files);
            (files, hashes)
        },
        || postings::collect(docs, &order, chunk_docs(docs.len())),
    );

    // Shards.
    let names: Vec<String> = terms.iter().map(|t| t.name.clone()).collect();
    let sizes: Vec<usize> = terms
        .iter()
        .map(|t| json_str(&t.name).len() + 1 + t.postings.len())
        .collect();
    let shards = codec::plan_shards(&names, &sizes, SHARD_TARGET_BYTES);
    let bodies: Vec<(String, String)> = shards
        .par_iter()
        .map(|shard| {
            let mut body = Object::default();
            let mut forms = Object::default();
            for &i in &shard.terms {
                body.push(&terms[i].name, &terms[i].postings);
                if let Some(f) = &terms[i].forms {
                    forms.push(&terms[i].name, f);
                }
            }
            (body.finish(), forms.finish())
        })
        .collect();
    let mut shard_list = Vec::with_capacity(shards.len());
    let mut rest = Vec::with_capacity(2 * shards.len());
    for (shard, (body, forms)) in shards.iter().zip(bodies) {
        let stem = codec::shard_stem(&shard.key);
        let forms_len = if forms.len() > 2 { forms.len() } else { 0 };
        let mut row = vec![json!(shard.key), json!(body.len()), json!(forms_len)];
        if stem != shard.key {
            row.push(json!(stem));
        }
        shard_list.push(Value::Array(row));
        rest.push((format!("terms/{stem}.json"), body.into_bytes()));
        if forms_len > 0 {
            rest.push((format!("forms/{stem}.json"), forms.into_bytes()));
        }
    }

    // "docs/…" < "forms/…" < "terms/…": all the files in path order.
    rest.sort_by(|a, b| a.0.cmp(&b.0));
    debug_assert!(files
        .last()
        .zip(rest.first())
        .is_none_or(|(a, b)| a.0 < b.0));
    hashes.extend(file_hashes(&rest));
    let hash = codec::index_id(hashes);
    files.append(&mut rest);
    let mut fold = serde_json::Map::new();
    for (c, s) in text::fold_exceptions(fold_chars) {
        fold.insert(c.to_string(), json!(s));
    }
    // Keys in sorted order, so the output is the same with or without
    // serde_json's `preserve_order`.
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

/// Each file's [`codec::file_hash`], in parallel (megabytes at 10,000 docs).
fn file_hashes(files: &[(String, Vec<u8>)]) -> Vec<u64> {
    files
        .par_iter()
        .map(|(path, bytes)| codec::file_hash(path, bytes))
        .collect()
}

/// Docs per reading task of [`postings::collect`]: a few tasks per thread
/// (the output does not depend on it).
fn chunk_docs(docs: usize) -> usize {
    docs.div_ceil(4 * rayon::current_num_threads())
        .clamp(64, 4096)
}

/// The `docs/<n>.json` files: `[[title, url, day, section, excerpt], …]`,
/// written as `serde_json` writes such an array.
fn doc_files(docs: &[SearchDoc], order: &[usize], sections: &[String]) -> Vec<(String, Vec<u8>)> {
    order
        .par_chunks(DOCS_PER_CHUNK)
        .enumerate()
        .map(|(n, chunk)| {
            let mut out: Vec<u8> = Vec::with_capacity(chunk.len() * 512);
            let string = |out: &mut Vec<u8>, s: &str| {
                serde_json::to_writer(&mut *out, s).expect("strings serialise");
            };
            out.push(b'[');
            for (k, &i) in chunk.iter().enumerate() {
                let d = &docs[i];
                let section = d.section.map(text::nfc);
                let sidx = section
                    .and_then(|s| sections.binary_search_by(|x| x.as_str().cmp(&s)).ok())
                    .map_or(-1, |i| i as i64);
                if k > 0 {
                    out.push(b',');
                }
                out.push(b'[');
                string(&mut out, &text::nfc(d.title));
                out.push(b',');
                string(&mut out, d.url);
                out.push(b',');
                string(&mut out, &d.date.and_then(text::day_of).unwrap_or_default());
                out.push(b',');
                out.extend_from_slice(sidx.to_string().as_bytes());
                out.push(b',');
                string(&mut out, &text::excerpt(d.text, EXCERPT_CHARS));
                out.push(b']');
            }
            out.push(b']');
            (format!("docs/{n}.json"), out)
        })
        .collect()
}

/// A JSON object written by hand from sorted keys and ready JSON values.
#[derive(Default)]
struct Object(String);

impl Object {
    fn push(&mut self, key: &str, value_json: &str) {
        self.0.push(if self.0.is_empty() { '{' } else { ',' });
        self.0.push_str(&json_str(key));
        self.0.push(':');
        self.0.push_str(value_json);
    }
    fn finish(mut self) -> String {
        if self.0.is_empty() {
            self.0.push('{');
        }
        self.0.push('}');
        self.0
    }
}

fn to_json(v: &Value) -> Vec<u8> {
    serde_json::to_vec(v).expect("JSON values serialise")
}

fn json_str(s: &str) -> String {
    serde_json::to_string(s).expect("strings serialise")
}

/// Files by path, for readers of [`build_index`]'s output.
pub fn file_map(files: &[(String, Vec<u8>)]) -> BTreeMap<&str, &[u8]> {
    files
        .iter()
        .map(|(p, b)| (p.as_str(), b.as_slice()))
        .collect()
}
