//! Measurements run by hand (ignored by `cargo test`): the index's sizes on
//! a synthetic site, and `build_index`'s time on a folder of Markdown files.

use super::super::*;
use super::synth;

#[test]
#[ignore = "sizes on a synthetic 50,000-doc site: cargo test --release -- --ignored --nocapture size_report"]
fn size_report_50k() {
    let n = std::env::var("LOA_SEARCH_DOCS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(50_000);
    synth::size_report(n);
}

/// Markdown files under `dir` as docs: the front matter's title and date, the
/// rest as text (close enough to rendered text for timing).
fn bench_corpus(dir: &str) -> Vec<(String, String, Option<String>, String)> {
    let mut paths: Vec<std::path::PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let src = std::fs::read_to_string(p).unwrap();
            let (front, body) = src
                .strip_prefix("---\n")
                .and_then(|s| s.split_once("\n---\n"))
                .unwrap_or(("", &src));
            let field = |k: &str| {
                front
                    .lines()
                    .find_map(|l| l.strip_prefix(k))
                    .map(|v| v.trim().trim_matches('"').to_string())
            };
            (
                p.display().to_string(),
                field("title:").unwrap_or_default(),
                field("date:"),
                body.to_string(),
            )
        })
        .collect()
}

#[test]
#[ignore = "timing: LOA_SEARCH_BENCH_DIR=/tmp/b10k/content cargo test --release --lib -- --ignored --nocapture bench_build_index"]
fn bench_build_index() {
    let dir = std::env::var("LOA_SEARCH_BENCH_DIR").unwrap_or_else(|_| "/tmp/b1k/content".into());
    let rows = bench_corpus(&dir);
    let docs: Vec<SearchDoc> = rows
        .iter()
        .map(|(url, title, date, text)| SearchDoc {
            url,
            title,
            date: date.as_deref(),
            section: Some("Thời sự"),
            text,
        })
        .collect();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let runs: usize = std::env::var("LOA_SEARCH_BENCH_RUNS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(5);
    let mut best = f64::MAX;
    let mut hash = 0;
    for _ in 0..runs {
        let t = std::time::Instant::now();
        let files = build_index(&docs);
        best = best.min(t.elapsed().as_secs_f64());
        let mut h = 0xcbf2_9ce4_8422_2325u64;
        for (p, b) in &files {
            codec::fnv1a(&mut h, p.as_bytes());
            codec::fnv1a(&mut h, b);
        }
        hash = h;
    }
    println!(
        "{} docs, {:.1} MB: build_index best of {runs}: {:.1} ms; output hash {hash:016x}",
        docs.len(),
        bytes as f64 / 1e6,
        best * 1e3
    );
}
