//! Inputs the fuzzers found, replayed without the fuzzer.

use super::*;

/// Inputs the fuzzers found, replayed through the same public functions on
/// every `cargo test`, without the fuzzer: `fuzz/regressions/<target>/*`
/// were fixed and must stay fixed.
#[test]
fn fuzz_regressions_replay() {
    let replayed = replay_dir("");
    eprintln!("replayed {replayed} fuzz regressions");
}

/// Crashes found and reported, not fixed yet (the code is another
/// engineer's): `fuzz/regressions/<target>/open/*`. When one is fixed, move
/// its file up into `fuzz/regressions/<target>/`.
#[test]
fn fuzz_regressions_open() {
    replay_dir("open");
}

fn replay_dir(sub: &str) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    let mut replayed = 0;
    let mut failed = Vec::new();
    for target in ["front_matter", "markdown", "roster_csv"] {
        let Ok(entries) = std::fs::read_dir(dir.join(target).join(sub)) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            if !entry.file_type().is_ok_and(|t| t.is_file()) {
                continue;
            }
            let bytes = std::fs::read(entry.path()).unwrap();
            let name = entry.file_name().to_string_lossy().into_owned();
            let result = std::panic::catch_unwind(|| replay(target, &bytes));
            if result.is_err() {
                failed.push(format!("{target}/{sub}/{name}"));
            }
            replayed += 1;
        }
    }
    assert!(failed.is_empty(), "fuzz regressions that panic: {failed:?}");
    replayed
}

fn replay(target: &str, bytes: &[u8]) {
    match target {
        "front_matter" => front_matter_once(bytes),
        "markdown" => markdown_once(bytes),
        "roster_csv" => roster_csv_once(bytes),
        _ => {}
    }
}

/// What the roster CSV fuzz target does (fuzz/fuzz_targets/roster_csv.rs).
fn roster_csv_once(bytes: &[u8]) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("content/k/qd")).unwrap();
    let front = "title: Q\ndecision: { number: 1/QĐ-UBND, date: 2026-01-05, issuer: UBND tỉnh }\naward: Giấy khen\nentries_file: danh-sach.csv\n";
    let read = |csv: &[u8]| {
        std::fs::write(root.join("content/k/qd/danh-sach.csv"), csv).unwrap();
        let file = Path::new("content/k/qd/index.md");
        let mut f = loa::fields::Fields::parse(front, file, 1).unwrap();
        let src = loa::roster::Source {
            root,
            file,
            front,
            offset: 1,
            tz: loa::date::parse_offset("+07:00").unwrap(),
        };
        let roster = loa::roster::Roster::read(&mut f, &src);
        let ok = !f.diags.iter().any(|d| d.is_error());
        (roster, ok)
    };
    let key = |r: &loa::roster::Roster| {
        r.entries
            .iter()
            .map(|e| {
                (
                    e.name.clone(),
                    e.kind.as_str(),
                    e.award.clone(),
                    e.posthumous,
                )
            })
            .collect::<Vec<_>>()
    };
    let (roster, ok) = read(bytes);
    if ok {
        let csv = loa::roster::csv::write(&roster, |e| e.unit.clone());
        let (again, ok2) = read(&csv);
        assert!(ok2, "the CSV download does not read back");
        assert_eq!(
            key(&roster),
            key(&again),
            "the CSV download changes the entries"
        );
    }
}

/// What the front-matter fuzz target does (fuzz/fuzz_targets/front_matter.rs).
fn front_matter_once(bytes: &[u8]) {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let file = Path::new("content/a.md");
    let Ok(split) = loa::frontmatter::split(text, file) else {
        return;
    };
    let Ok(mut fields) = loa::fields::Fields::parse(split.front, file, split.front_offset) else {
        return;
    };
    let tz = loa::date::parse_offset("+07:00").unwrap();
    for kind in [
        loa::frontmatter::Kind::News,
        loa::frontmatter::Kind::Campaigns,
        loa::frontmatter::Kind::Rosters,
        loa::frontmatter::Kind::Pages,
    ] {
        let _ = loa::frontmatter::FrontMatter::read(&mut fields, kind, tz);
    }
}

/// What the Markdown fuzz target does (fuzz/fuzz_targets/markdown.rs).
fn markdown_once(bytes: &[u8]) {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    for safe in [false, true] {
        let _ = loa::markdown::render(
            text,
            &loa::markdown::Options {
                base_path: "/bao/",
                safe,
            },
        );
    }
}
