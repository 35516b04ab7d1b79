//! Shared helpers for integration tests: copy a fixture site into a temporary
//! folder, run the `loa` binary on it, parse the HTML it writes.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use scraper::{Html, Selector};

/// 2026-11-21 00:00:00 +07:00.
pub const NOW: &str = "1795194000";

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A temporary copy of a fixture site.
pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    pub fn copy(name: &str) -> Site {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&fixture(name), dir.path());
        Site { dir }
    }
    pub fn root(&self) -> &Path {
        self.dir.path()
    }
    pub fn out(&self) -> PathBuf {
        self.dir.path().join("public")
    }
    pub fn write(&self, rel: &str, text: &str) {
        let p = self.root().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    /// Run `loa <args> --root <site>` with a fixed "now".
    pub fn loa(&self, args: &[&str]) -> Output {
        loa_in(self.root(), args, NOW)
    }
    pub fn build(&self) -> Output {
        let out = self.loa(&["build"]);
        assert!(
            out.status.success(),
            "build failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.out().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }
    pub fn html(&self, rel: &str) -> Html {
        Html::parse_document(&self.read(rel))
    }
    pub fn exists(&self, rel: &str) -> bool {
        self.out().join(rel).exists()
    }
}

pub fn loa_in(root: &Path, args: &[&str], now: &str) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_loa"));
    cmd.args(args);
    if !args.contains(&"init") && !args.contains(&"--root") {
        cmd.arg("--root").arg(root);
    }
    cmd.env("SOURCE_DATE_EPOCH", now)
        .env_remove("LOA_LANG")
        .env("RAYON_NUM_THREADS", "2");
    cmd.output().unwrap()
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

pub fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// Texts of the elements matching `selector`, whitespace collapsed.
pub fn texts(doc: &Html, selector: &str) -> Vec<String> {
    doc.select(&sel(selector))
        .map(|e| {
            e.text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// Attribute values of the elements matching `selector`.
pub fn attrs(doc: &Html, selector: &str, attr: &str) -> Vec<String> {
    doc.select(&sel(selector))
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Every file below `dir` with its bytes, for comparing two builds.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}
