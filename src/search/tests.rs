//! Unit tests of the search index: folding, ranking, sharding, determinism,
//! and parity of `search.js` (run with node when node is installed).

use std::collections::BTreeMap;

use unicode_normalization::UnicodeNormalization;

use super::query::{self, search};
use super::text::{excerpt, form_has_prefix, mark_key, words};
use super::*;

mod fast;
mod js;
mod reference;
mod synth;
mod timing;

fn terms(s: &str) -> Vec<String> {
    words(s).into_iter().map(|(t, _)| t).collect()
}

#[test]
fn folding_vietnamese() {
    assert_eq!(terms("Đảng ủy"), ["dang", "uy"]);
    assert_eq!(terms("ĐẢNG ỦY"), ["dang", "uy"]);
    let nfd: String = "Đảng ủy Lào Cai thi đua".nfd().collect();
    assert_eq!(terms(&nfd), ["dang", "uy", "lao", "cai", "thi", "dua"]);
    assert_eq!(
        terms("Nghị định 98/2023/NĐ-CP"),
        ["nghi", "dinh", "98", "2023", "nd", "cp"]
    );
    assert_eq!(terms("11-QĐi/TW"), ["11", "qdi", "tw"]);
    assert_eq!(terms("ăâêôơư ĂÂÊÔƠƯ"), ["aaeoou", "aaeoou"]);
    assert_eq!(
        terms("22.500 tỷ đồng, 116,7%"),
        ["22", "500", "ty", "dong", "116", "7"]
    );
    assert_eq!(crate::slug::fold("Đảng ủy"), "dang uy");
}

#[test]
fn forms_keep_marks_and_ignore_tone_placement() {
    let w = words("Đường dương Thuỷ thủy hoà hòa");
    assert_eq!(w[0].1, mark_key("đường"));
    assert_ne!(w[0].1, w[1].1, "đường and dương are different forms");
    assert_eq!(w[2].1, w[3].1, "thuỷ = thủy");
    assert_eq!(w[4].1, w[5].1, "hoà = hòa");
    assert_eq!(
        words("thi")[0].1,
        "thi",
        "an unmarked word's form is its term"
    );
    assert!(form_has_prefix(&mark_key("đường"), &mark_key("đườ")));
    assert!(form_has_prefix(&mark_key("đường"), &mark_key("đươ")));
    assert!(!form_has_prefix(&mark_key("dương"), &mark_key("đươ")));
    assert!(!form_has_prefix(&mark_key("đương"), &mark_key("đườ")));
}

#[test]
fn excerpts_cut_on_words() {
    assert_eq!(excerpt("  Một   hai\nba ", 300), "Một hai ba");
    assert_eq!(
        excerpt("Phong trào thi đua yêu nước", 14),
        "Phong trào thi…"
    );
    assert_eq!(excerpt("Supercalifragilistic", 5), "Super…");
    assert_eq!(
        text::day_of("2026-11-20T08:27:00+07:00").as_deref(),
        Some("2026-11-20")
    );
    assert_eq!(text::day_of("20/11/2026"), None);
}

#[test]
fn numbers_round_trip() {
    let vals = [0u64, 1, 31, 32, 33, 1023, 1024, 1 << 25, u32::MAX as u64];
    let mut s = String::new();
    for v in vals {
        codec::push_num(&mut s, v);
    }
    assert_eq!(codec::read_nums(&s), vals);
    assert!(s
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
}

fn doc<'a>(url: &'a str, title: &'a str, date: &'a str, text: &'a str) -> SearchDoc<'a> {
    SearchDoc {
        url,
        title,
        date: Some(date),
        section: Some("Thời sự"),
        text,
    }
}

/// A small portal.
fn corpus() -> Vec<SearchDoc<'static>> {
    vec![
        doc(
            "/bao/a/",
            "Phát động phong trào thi đua năm 2026",
            "2026-01-05",
            "Chủ tịch UBND tỉnh phát động phong trào trong toàn tỉnh.",
        ),
        doc(
            "/bao/b/",
            "Tin tức trong tuần",
            "2026-02-01",
            "Các đơn vị hưởng ứng thi đua sôi nổi.",
        ),
        doc(
            "/bao/c/",
            "Sửa chữa cầu trên tỉnh lộ",
            "2026-01-10",
            "Công trình làm mới mặt đường tỉnh lộ 151.",
        ),
        doc(
            "/bao/d/",
            "Dương Văn Minh nhận Bằng khen",
            "2026-03-01",
            "Ông Dương Văn Minh, cán bộ dương tính… anh Dương tiêu biểu.",
        ),
        doc(
            "/bao/e/",
            "Hội nghị Ban Thường vụ Đảng ủy Khối",
            "2025-12-01",
            "Đảng ủy Khối các cơ quan tỉnh tổng kết năm.",
        ),
        doc(
            "/bao/f/",
            "Đảng uỷ xã tổng kết",
            "2025-11-01",
            "Đảng uỷ xã Bản Lầu họp.",
        ),
        doc(
            "/bao/g/",
            "Đang cập nhật",
            "2025-10-01",
            "Thông tin đang được cập nhật, ủy quyền cho cơ sở.",
        ),
        doc(
            "/bao/h/",
            "Báo Lào Cai tổ chức thi đua",
            "2025-09-01",
            "Tại Lào Cai, các khối thi đua ký giao ước.",
        ),
        doc(
            "/bao/i/",
            "Lao động tiên tiến",
            "2025-08-01",
            "Danh hiệu Lao động tiên tiến tại Hữu Lũng.",
        ),
    ]
}

fn urls(files: &[(String, Vec<u8>)], q: &str) -> Vec<String> {
    search(&file_map(files), q, 100)
        .hits
        .into_iter()
        .map(|h| h.url)
        .collect()
}

#[test]
fn folded_queries_find_marked_text() {
    let files = build_index(&corpus());
    assert_eq!(urls(&files, "thi dua "), ["/bao/h/", "/bao/a/", "/bao/b/"]);
    assert_eq!(urls(&files, "thi đua "), urls(&files, "thi dua "));
    assert_eq!(urls(&files, "lao cai "), ["/bao/h/"]);
    assert_eq!(urls(&files, "LÀO CAI"), ["/bao/h/"]);
    let dang_uy = urls(&files, "dang uy ");
    assert_eq!(dang_uy.len(), 3, "{dang_uy:?}");
    assert!(dang_uy.contains(&"/bao/g/".into()), "đang … ủy");
}

#[test]
fn title_beats_body() {
    let files = build_index(&corpus());
    // a: "thi đua" in the title; b: in the body only, and newer.
    let r = urls(&files, "thi dua ");
    let (a, b) = (
        r.iter().position(|u| u == "/bao/a/"),
        r.iter().position(|u| u == "/bao/b/"),
    );
    assert!(a < b, "{r:?}");
}

#[test]
fn marked_query_ranks_exact_marks_first() {
    let files = build_index(&corpus());
    // d scores higher on "duong" (title + 3 in the body), c holds "đường" once.
    assert_eq!(urls(&files, "duong "), ["/bao/d/", "/bao/c/"]);
    assert_eq!(urls(&files, "đường "), ["/bao/c/", "/bao/d/"]);
    assert_eq!(urls(&files, "dương "), ["/bao/d/", "/bao/c/"]);
    // Both tone placements are the exact form; "đang … ủy" comes last.
    let r = urls(&files, "Đảng ủy ");
    assert_eq!(r.last().map(String::as_str), Some("/bao/g/"), "{r:?}");
    let hits = search(&file_map(&files), "Đảng uỷ", 10).hits;
    assert_eq!(hits.iter().map(|h| h.exact).collect::<Vec<_>>(), [2, 2, 1]);
    // While typing: "đườ" grows into "đường", not into "dương" or "được".
    assert_eq!(urls(&files, "đườ"), ["/bao/c/", "/bao/d/", "/bao/g/"]);
}

#[test]
fn all_words_must_match() {
    let files = build_index(&corpus());
    assert_eq!(urls(&files, "thi dua lao cai "), ["/bao/h/"]);
    assert_eq!(urls(&files, "lao dong tien tien "), ["/bao/i/"]);
    assert!(urls(&files, "thi dua cau ").is_empty());
    assert!(urls(&files, "khong co tu nay").is_empty());
    assert!(urls(&files, "  ").is_empty());
}

#[test]
fn last_word_is_a_prefix_while_typing() {
    let files = build_index(&corpus());
    assert_eq!(urls(&files, "thi du"), ["/bao/h/", "/bao/a/", "/bao/b/"]);
    assert!(
        urls(&files, "thi du ").is_empty(),
        "a finished word is whole"
    );
    assert_eq!(urls(&files, "phong tr"), ["/bao/a/"]);
    assert_eq!(
        urls(&files, "lao c"),
        urls(&files, "lao "),
        "one letter being typed waits"
    );
    assert_eq!(urls(&files, "lao c"), ["/bao/h/", "/bao/i/"]);
    assert_eq!(urls(&files, "lao cai"), ["/bao/h/"]);
    // An exact term beats a longer term with that prefix.
    let files = build_index(&[
        doc("/x/", "Cai quản", "2025-01-01", "cai"),
        doc("/y/", "Caitlin", "2026-01-01", "caitlin caitlin"),
    ]);
    assert_eq!(urls(&files, "cai"), ["/x/", "/y/"]);
    let q = query::parse("Thi đua");
    assert!(!q[0].prefix && q[1].prefix && q[1].marked && !q[0].marked);
}

#[test]
fn output_is_deterministic() {
    let docs = corpus();
    let a = build_index(&docs);
    let mut rev = docs.clone();
    rev.reverse();
    assert_eq!(a, build_index(&rev));
    let mut other = docs.clone();
    other[0].title = "Phát động phong trào thi đua năm 2027";
    let id = |f: &[(String, Vec<u8>)]| {
        let meta: serde_json::Value = serde_json::from_slice(&f[0].1).unwrap();
        meta["id"].as_str().unwrap().to_string()
    };
    assert_ne!(id(&a), id(&build_index(&other)));
    let paths: Vec<&str> = a.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(paths[0], "meta.json");
    assert!(
        paths.contains(&"docs/0.json") && paths.contains(&"terms/th.json"),
        "{paths:?}"
    );
}

#[test]
fn doc_chunks_hold_metadata_and_excerpts() {
    let files = build_index(&corpus());
    let map = file_map(&files);
    let rows: serde_json::Value = serde_json::from_slice(map["docs/0.json"]).unwrap();
    assert_eq!(rows[0][0], "Dương Văn Minh nhận Bằng khen", "newest first");
    assert_eq!(rows[0][1], "/bao/d/");
    assert_eq!(rows[0][2], "2026-03-01");
    assert_eq!(rows[0][3], 0);
    let meta: serde_json::Value = serde_json::from_slice(map["meta.json"]).unwrap();
    assert_eq!(meta["sections"][0], "Thời sự");
    assert_eq!(meta["docs"], 9);
    assert_eq!(
        meta["fold"],
        serde_json::json!({}),
        "Vietnamese needs no fold table"
    );
}

#[test]
fn shards_split_and_queries_touch_only_their_shards() {
    let corpus = synth::corpus(2_000);
    let docs = synth::docs(&corpus);
    let files = build_index(&docs);
    let map = file_map(&files);
    let meta: serde_json::Value = serde_json::from_slice(map["meta.json"]).unwrap();
    let shards = meta["shards"].as_array().unwrap();
    assert!(shards.len() > 100, "{} shards", shards.len());

    // Every term lies in the shard of its longest key prefix, once.
    let keys: BTreeMap<String, String> = shards
        .iter()
        .map(|s| {
            let k = s[0].as_str().unwrap().to_string();
            let stem = s.get(3).and_then(|f| f.as_str()).unwrap_or(&k).to_string();
            let f = format!("terms/{stem}.json");
            assert_eq!(s[1].as_u64().unwrap() as usize, map[f.as_str()].len());
            let forms = s[2].as_u64().unwrap() as usize;
            assert_eq!(
                forms,
                map.get(format!("forms/{stem}.json").as_str())
                    .map_or(0, |f| f.len())
            );
            (k, f)
        })
        .collect();
    for (key, file) in &keys {
        let obj: serde_json::Map<String, serde_json::Value> =
            serde_json::from_slice(map[file.as_str()]).unwrap();
        for term in obj.keys() {
            let chars: Vec<char> = term.chars().collect();
            let longest = (chars.len().min(2)..=chars.len())
                .rev()
                .map(|k| chars[..k].iter().collect::<String>())
                .find(|p| keys.contains_key(p));
            assert_eq!(longest.as_ref(), Some(key), "term {term}");
        }
        if obj.len() > 1 {
            let one_key_only = obj.keys().all(|t| t.chars().count() <= key.chars().count());
            assert!(
                map[file.as_str()].len() <= SHARD_TARGET_BYTES
                    || one_key_only
                    || key.chars().count() < 2
            );
        }
    }

    let out = search(&map, "thi dua ", 10);
    assert!(out.total > 0);
    let shard_files: Vec<&String> = out
        .files
        .iter()
        .filter(|f| f.starts_with("terms/"))
        .collect();
    let longest = |term: &str| {
        let chars: Vec<char> = term.chars().collect();
        (2..=chars.len())
            .rev()
            .map(|k| chars[..k].iter().collect::<String>())
            .find_map(|p| keys.get(&p))
    };
    assert_eq!(
        shard_files,
        [longest("thi").unwrap(), longest("dua").unwrap()],
        "{:?}",
        out.files
    );
    assert_eq!(out.files[0], "meta.json");
    assert!(out
        .files
        .iter()
        .all(|f| f == "meta.json" || f.starts_with("terms/") || f.starts_with("docs/")));
    assert!(out.files.iter().filter(|f| f.starts_with("docs/")).count() <= 10);

    // Forms are fetched only for words typed with marks.
    let marked = search(&map, "thi đua ", 10);
    let forms: Vec<&String> = marked
        .files
        .iter()
        .filter(|f| f.starts_with("forms/"))
        .collect();
    assert_eq!(
        forms,
        [&longest("dua").unwrap().replace("terms/", "forms/")],
        "{:?}",
        marked.files
    );
    assert_eq!(marked.total, out.total);
}

#[test]
fn empty_sites_and_queries() {
    let files = build_index(&[]);
    assert_eq!(files.len(), 1, "meta.json only");
    let out = search(&file_map(&files), "thi dua", 10);
    assert_eq!((out.total, out.files.len()), (0, 1), "no shard to fetch");
    let files = build_index(&corpus());
    for q in ["", "   ", "?!…", "—"] {
        let out = search(&file_map(&files), q, 10);
        assert_eq!(out.total, 0, "{q:?}");
        assert_eq!(out.files, ["meta.json"], "{q:?}");
    }
}

#[test]
fn unusual_keys_get_safe_file_names() {
    assert_eq!(codec::shard_stem("th"), "th");
    assert_eq!(codec::shard_stem("con"), "_636f6e");
    assert_eq!(codec::shard_stem("com1"), "_636f6d31");
    assert_eq!(codec::shard_stem("com"), "com");
    assert_eq!(codec::shard_stem("ß"), "_c39f");
    let files = build_index(&[doc("/c/", "Con đường", "2026-01-01", "con con")]);
    assert_eq!(urls(&files, "con "), ["/c/"]);
}

#[test]
fn file_hashes_tell_files_apart() {
    let h = codec::file_hash;
    let mut seen = std::collections::HashSet::new();
    // Contents that differ only in the tail, by a trailing zero byte, or in
    // length past a whole word; the same bytes under another path.
    for (path, bytes) in [
        ("terms/a.json", &b""[..]),
        ("terms/a.json", b"\0"),
        ("terms/a.json", b"abc"),
        ("terms/a.json", b"abc\0"),
        ("terms/a.json", b"abcdefgh"),
        ("terms/a.json", b"abcdefgh\0"),
        ("terms/a.json", b"abcdefgi"),
        ("terms/b.json", b"abcdefgh"),
    ] {
        assert!(seen.insert(h(path, bytes)), "{path} {bytes:?}");
    }
    assert_eq!(h("x", b"abc"), h("x", b"abc"));
    // The id depends on the order of the files (their paths are sorted).
    assert_ne!(codec::index_id([1, 2]), codec::index_id([2, 1]));
}
