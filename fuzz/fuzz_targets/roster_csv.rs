//! Roster CSV files (SITE-FORMAT §3.3), through the public path a roster
//! page takes: `entries_file:` beside the page, read by `Roster::read`
//! (the CSV parser itself is crate-private). Then the CSV download
//! (`roster::csv::write`) must read back into the same entries.
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use loa::fields::Fields;
use loa::roster::{Roster, Source};

const FRONT: &str = "title: Q\ndecision: { number: 1/QĐ-UBND, date: 2026-01-05, issuer: UBND tỉnh }\naward: Giấy khen\nentries_file: danh-sach.csv\n";

/// A site folder of this process's own (in /dev/shm when there is one).
fn root() -> &'static PathBuf {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let base = if Path::new("/dev/shm").is_dir() {
            PathBuf::from("/dev/shm")
        } else {
            std::env::temp_dir()
        };
        let root = base.join(format!("loa-fuzz-roster-{}", std::process::id()));
        std::fs::create_dir_all(root.join("content/k/qd")).expect("fuzz folder");
        root
    })
}

fn read(bytes: &[u8]) -> (Roster, bool) {
    let root = root();
    std::fs::write(root.join("content/k/qd/danh-sach.csv"), bytes).expect("write csv");
    let file = Path::new("content/k/qd/index.md");
    let mut f = Fields::parse(FRONT, file, 1).expect("front matter");
    let src = Source {
        root,
        file,
        front: FRONT,
        offset: 1,
        tz: loa::date::parse_offset("+07:00").expect("offset"),
    };
    let roster = Roster::read(&mut f, &src);
    let ok = !f.diags.iter().any(|d| d.is_error());
    (roster, ok)
}

fn key(r: &Roster) -> Vec<(String, &'static str, String, bool)> {
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
        .collect()
}

fuzz_target!(|data: &[u8]| {
    let (roster, ok) = read(data);
    if !ok {
        return;
    }
    let csv = loa::roster::csv::write(&roster, |e| e.unit.clone());
    let (again, ok2) = read(&csv);
    assert!(ok2, "the CSV download of a valid roster does not read back");
    assert_eq!(
        key(&roster),
        key(&again),
        "the CSV download changes the entries"
    );
});
