//! `search.js` against the Rust side, with node: same words, same results.
//! Skipped (with a note) when node is not installed.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::{json, Value};
use unicode_normalization::UnicodeNormalization;

use super::super::query::search;
use super::super::text::words;
use super::super::*;

const DRIVER: &str = r#"
const fs = require('fs'), path = require('path');
const mod = { exports: {} };
new Function('module', fs.readFileSync(process.argv[1], 'utf8'))(mod);
const api = mod.exports;
const input = JSON.parse(fs.readFileSync(0, 'utf8'));
(async () => {
  const out = {};
  out.words = (input.words || []).map(w => api.words(w, input.fold).map(t => [t.term, t.form]));
  out.parse = (input.queries || []).map(q => api.parse(q, input.fold).map(w => [w.term, w.form, w.marked, w.prefix]));
  if (input.index) {
    const engine = new api.Engine(p => Promise.resolve(JSON.parse(fs.readFileSync(path.join(input.index, p), 'utf8'))));
    out.results = [];
    for (const q of input.queries) {
      const r = await engine.search(q);
      const docs = await engine.docs(r.ranked.slice(0, 10).map(x => x[2]));
      out.results.push({ total: r.total, ranked: r.ranked.map(x => [x[0], x[1], x[2]]), urls: docs.map(d => d.url) });
    }
  }
  out.snippets = (input.snippets || []).map(([text, q]) =>
    api.highlight(text, api.parse(q, input.fold), input.fold, 200).map(p => p.mark ? '[' + p.text + ']' : p.text).join(''));
  process.stdout.write(JSON.stringify(out));
})().catch(e => { console.error(e); process.exit(1); });
"#;

fn search_js() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/cong/static/js/search.js")
}

/// Runs the driver; `None` when node is missing.
fn node(input: &Value) -> Option<Value> {
    let child = Command::new("node")
        .arg("-e")
        .arg(DRIVER)
        .arg(search_js())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => {
            eprintln!("node not found ({e}): JS parity not checked");
            return None;
        }
    };
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "node: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(serde_json::from_slice(&out.stdout).unwrap())
}

fn write_index(files: &[(String, Vec<u8>)], name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("loa-search-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (p, b) in files {
        let path = dir.join(p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, b).unwrap();
    }
    dir
}

/// Words where folding is easy to get wrong.
fn tricky() -> Vec<String> {
    let mut w: Vec<String> = [
        "Đảng ủy",
        "ĐẢNG UỶ",
        "thi đua",
        "Lào Cai",
        "Nghị định 98/2023/NĐ-CP",
        "11-QĐi/TW",
        "34-CT/TW",
        "Ðảng (U+00D0)",
        "ðiều",
        "Thuỷ thủy",
        "Hoà hòa",
        "ƯƠNG ươn",
        "Quyết định số 163/QĐ-UBND",
        "22.500 tỷ đồng",
        "116,7%",
        "khóa XVI",
        "Straße",
        "Łódź",
        "Ærø",
        "naïve",
        "ﬁnal",
        "x² ½ ①",
        "Ⅻ",
        "中国",
        "Москва",
        "İstanbul",
        "ΣΑΣ",
        "x\u{301}y",
        "ǅemal",
        "Ǆ",
        "👍🏽 ok",
        "a\u{345}b",
        "ﬀ",
        "Œuvre",
        "Þór",
        "ĳ",
        "ŉ",
        "tab\tnew\nline",
        "nbsp\u{a0}x",
        "٣٤",
        "x\u{200b}y",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    w.push("Đảng ủy Lào Cai thi đua".nfd().collect());
    w.push("Trường Mầm non Hoa Hồng, xã Bản Lầu".nfd().collect());
    w
}

#[test]
fn js_folds_like_rust() {
    let words_in = tricky();
    // The fold table comes from an index of these very words.
    let docs: Vec<SearchDoc> = words_in
        .iter()
        .map(|w| SearchDoc {
            url: "/x/",
            title: w,
            date: None,
            section: None,
            text: "",
        })
        .collect();
    let files = build_index(&docs);
    let meta: Value = serde_json::from_slice(&files[0].1).unwrap();
    let Some(out) = node(&json!({ "words": words_in, "fold": meta["fold"] })) else {
        return;
    };
    assert_eq!(out["words"].as_array().unwrap().len(), words_in.len());
    assert!(
        meta["fold"]["ß"] == "ss" && meta["fold"]["中"] == "zhong ",
        "{}",
        meta["fold"]
    );
    for (w, js) in words_in.iter().zip(out["words"].as_array().unwrap()) {
        let rust: Vec<Value> = words(w).into_iter().map(|(t, f)| json!([t, f])).collect();
        assert_eq!(js.as_array().unwrap(), &rust, "word {w:?}");
    }
    // Vietnamese folds right with no table at all.
    let vn: Vec<String> = tricky().into_iter().take(16).collect();
    let out = node(&json!({ "words": vn, "fold": {} })).unwrap();
    for (w, js) in vn.iter().zip(out["words"].as_array().unwrap()) {
        let rust: Vec<Value> = words(w).into_iter().map(|(t, f)| json!([t, f])).collect();
        assert_eq!(js.as_array().unwrap(), &rust, "word {w:?}");
    }
}

#[test]
fn js_ranks_like_rust() {
    let corpus = super::synth::corpus(600);
    let mut docs = super::synth::docs(&corpus);
    docs.extend(super::corpus());
    let files = build_index(&docs);
    let dir = write_index(&files, "rank");
    let queries = [
        "thi dua",
        "thi dua ",
        "lao cai",
        "Đảng ủy",
        "dang uy",
        "đường",
        "dương ",
        "đườ",
        "thi du",
        "lao c",
        "khen thuong xuat sac",
        "Huân chương Lao động hạng Ba",
        "nong thon m",
        "không có từ này",
        "",
        "a",
        "đ",
        "dieu",
        "  Lào   CAI  ",
    ];
    let Some(out) = node(&json!({ "index": dir, "queries": queries, "fold": {} })) else {
        return;
    };
    let map = file_map(&files);
    assert_eq!(out["results"].as_array().unwrap().len(), queries.len());
    assert_eq!(out["parse"].as_array().unwrap().len(), queries.len());
    assert!(
        search(&map, "thi dua", 10).total > 100,
        "the synthetic corpus has many hits"
    );
    for (q, js) in queries.iter().zip(out["results"].as_array().unwrap()) {
        let rust = search(&map, q, 10);
        assert_eq!(
            js["total"].as_u64().unwrap() as usize,
            rust.total,
            "query {q:?}"
        );
        let top: Vec<usize> = js["ranked"]
            .as_array()
            .unwrap()
            .iter()
            .take(10)
            .map(|r| r[2].as_u64().unwrap() as usize)
            .collect();
        assert_eq!(
            top,
            rust.hits.iter().map(|h| h.doc).collect::<Vec<_>>(),
            "query {q:?}"
        );
        let urls: Vec<&str> = js["urls"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u.as_str().unwrap())
            .collect();
        assert_eq!(
            urls,
            rust.hits.iter().map(|h| h.url.as_str()).collect::<Vec<_>>(),
            "query {q:?}"
        );
    }
    for (q, js) in queries.iter().zip(out["parse"].as_array().unwrap()) {
        let rust: Vec<Value> = super::super::query::parse(q)
            .into_iter()
            .map(|w| json!([w.term, w.form, w.marked, w.prefix]))
            .collect();
        assert_eq!(js.as_array().unwrap(), &rust, "query {q:?}");
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn js_snippets_highlight_folded_matches() {
    let long = format!(
        "{}Ban Thường vụ Đảng ủy Khối họp, đảng viên thi đua.{}",
        "Mở đầu bài viết. ".repeat(12),
        " Kết thúc.".repeat(10)
    );
    let snippets = json!([
        ["Đảng ủy Khối các cơ quan tỉnh Lào Cai", "dang uy"],
        ["Phong trào thi đua yêu nước", "thi du"],
        [long, "Đảng ủy"],
    ]);
    let Some(out) = node(&json!({ "snippets": snippets, "fold": {} })) else {
        return;
    };
    let s = out["snippets"].as_array().unwrap();
    assert_eq!(s[0], "[Đảng] [ủy] Khối các cơ quan tỉnh Lào Cai");
    assert_eq!(s[1], "Phong trào [thi] [đua] yêu nước");
    let third = s[2].as_str().unwrap();
    assert!(
        third.starts_with('…') && third.contains("[Đảng] [ủy] Khối") && third.contains("[đảng]"),
        "{third}"
    );
    assert!(third.chars().count() <= 205, "{third}");
    // Cut between words, not inside one.
    let inner = third
        .trim_start_matches('…')
        .trim_end_matches('…')
        .replace(['[', ']'], "");
    assert!(long.contains(&format!(" {inner}")), "{third}");
    assert!(
        long.ends_with(&inner) || long.contains(&format!("{inner} ")),
        "{third}"
    );
}
