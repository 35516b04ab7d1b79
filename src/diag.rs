//! Diagnostics: every error and warning of a run, with its location,
//! in Vietnamese (default) or English.

use std::borrow::Cow;
use std::fmt;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    /// `--lang` wins, then `LOA_LANG`, then Vietnamese.
    pub fn detect(flag: Option<&str>) -> Lang {
        let env = std::env::var("LOA_LANG").ok();
        match flag.or(env.as_deref()) {
            Some(s) if s.trim().to_ascii_lowercase().starts_with("en") => Lang::En,
            _ => Lang::Vi,
        }
    }
}

/// Where a problem is: a file relative to the site root, 1-based line and column
/// (0 when unknown).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Location {
    pub file: PathBuf,
    pub line: usize,
    pub col: usize,
}

impl Location {
    pub fn file(file: impl Into<PathBuf>) -> Self {
        Location {
            file: file.into(),
            line: 0,
            col: 0,
        }
    }
    pub fn at(file: impl Into<PathBuf>, line: usize, col: usize) -> Self {
        Location {
            file: file.into(),
            line,
            col,
        }
    }
}

/// One diagnostic, carrying both languages' texts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub location: Location,
    pub vi: String,
    pub en: String,
}

impl Diagnostic {
    pub fn error(location: Location, vi: impl Into<String>, en: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            location,
            vi: vi.into(),
            en: en.into(),
        }
    }
    pub fn warning(location: Location, vi: impl Into<String>, en: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            location,
            vi: vi.into(),
            en: en.into(),
        }
    }
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        }
    }
    /// `path:line:col: lỗi: message`
    pub fn display(&self, lang: Lang) -> impl fmt::Display + '_ {
        Display { d: self, lang }
    }
}

struct Display<'a> {
    d: &'a Diagnostic,
    lang: Lang,
}

impl fmt::Display for Display<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Pieces written as they are (a site can have tens of thousands of
        // warnings): copies only for a `\` in the path or a line break in
        // the message.
        let loc = &self.d.location;
        let path = loc.file.to_string_lossy();
        let path = match path.as_ref() {
            "" => Cow::Borrowed("loa"),
            p if p.contains('\\') => Cow::Owned(p.replace('\\', "/")),
            _ => path,
        };
        f.write_str(&path)?;
        f.write_str(":")?;
        if loc.line > 0 {
            write!(f, "{}:{}:", loc.line, loc.col.max(1))?;
        }
        let word = match (self.d.severity, self.lang) {
            (Severity::Error, Lang::Vi) => " lỗi: ",
            (Severity::Error, Lang::En) => " error: ",
            (Severity::Warning, Lang::Vi) => " cảnh báo: ",
            (Severity::Warning, Lang::En) => " warning: ",
        };
        f.write_str(word)?;
        let msg = self.d.message(self.lang);
        if msg.contains('\n') {
            f.write_str(&msg.replace('\n', " "))
        } else {
            f.write_str(msg)
        }
    }
}

/// Collects diagnostics from every stage (and from parallel workers).
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Mutex<Vec<Diagnostic>>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn push(&self, d: Diagnostic) {
        self.items.lock().unwrap_or_else(|e| e.into_inner()).push(d);
    }
    pub fn extend(&self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.items
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend(ds);
    }
    pub fn error(&self, location: Location, vi: impl Into<String>, en: impl Into<String>) {
        self.push(Diagnostic::error(location, vi, en));
    }
    pub fn warning(&self, location: Location, vi: impl Into<String>, en: impl Into<String>) {
        self.push(Diagnostic::warning(location, vi, en));
    }
    pub fn has_errors(&self) -> bool {
        self.items
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .any(Diagnostic::is_error)
    }
    /// All diagnostics, sorted by file, line and column so output is stable
    /// whatever order parallel workers finished in.
    pub fn into_sorted(self) -> Vec<Diagnostic> {
        let v = self.items.into_inner().unwrap_or_else(|e| e.into_inner());
        // `Path`'s order parses both paths' components at every comparison,
        // and a large site has tens of thousands of warnings: each path is
        // turned once into bytes that compare as it does ([`path_key`]). The
        // index keeps the sort stable. In parallel: the end of a build.
        let mut keys: Vec<_> = v
            .par_iter()
            .enumerate()
            .map(|(i, d)| {
                let loc = &d.location;
                (
                    path_key(&loc.file),
                    loc.line,
                    loc.col,
                    d.severity,
                    d.vi.as_str(),
                    i,
                )
            })
            .collect();
        keys.par_sort_unstable();
        let order: Vec<usize> = keys.into_iter().map(|k| k.5).collect();
        let mut slots: Vec<Option<Diagnostic>> = v.into_iter().map(Some).collect();
        let mut sorted: Vec<Diagnostic> =
            order.into_iter().filter_map(|i| slots[i].take()).collect();
        sorted.dedup();
        sorted
    }
}

/// Bytes that compare as `Path`s do, component by component: per
/// component, its kind in `Component`'s order, then for a name its bytes and
/// a 0 (which no name holds, so a name sorts before its extensions).
fn path_key(path: &Path) -> Vec<u8> {
    let bytes = path.as_os_str().as_encoded_bytes();
    let mut key = Vec::with_capacity(bytes.len() + 8);
    for c in path.components() {
        match c {
            Component::Prefix(p) => {
                key.push(1);
                key.extend_from_slice(p.as_os_str().as_encoded_bytes());
                key.push(0);
            }
            Component::RootDir => key.push(2),
            Component::CurDir => key.push(3),
            Component::ParentDir => key.push(4),
            Component::Normal(name) => {
                key.push(5);
                key.extend_from_slice(name.as_encoded_bytes());
                key.push(0);
            }
        }
    }
    key
}

/// A path relative to the site root, for messages.
pub fn rel(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

/// The closest candidate to `word` (Levenshtein distance at most a third of
/// its length), for "did you mean …" hints.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let len = word.chars().count();
    let limit = (len / 3).max(2).min(len.saturating_sub(1));
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// "did you mean" suffix in both languages.
pub fn hint(word: &str, candidates: &[&str]) -> (String, String) {
    match closest(word, candidates.iter().copied()) {
        Some(c) => (
            format!(" (có phải ý bạn là `{c}`?)"),
            format!(" (did you mean `{c}`?)"),
        ),
        None => (String::new(), String::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_both_languages() {
        let d = Diagnostic::error(Location::at("content/a.md", 3, 1), "khóa lạ", "unknown key");
        assert_eq!(
            d.display(Lang::Vi).to_string(),
            "content/a.md:3:1: lỗi: khóa lạ"
        );
        assert_eq!(
            d.display(Lang::En).to_string(),
            "content/a.md:3:1: error: unknown key"
        );
        let w = Diagnostic::warning(Location::file("loa.yaml"), "x", "y");
        assert_eq!(w.display(Lang::Vi).to_string(), "loa.yaml: cảnh báo: x");
    }

    #[test]
    fn sorted_as_locations_compare() {
        let files = [
            "content/a/b.md",
            "content/a-c.md",
            "content/a.md",
            "content/a/b/c.md",
            "loa.yaml",
            "content//a.md",
            "./content/a.md",
            "content/a b/x.md",
            "/abs/x.md",
            "",
        ];
        let diags = Diagnostics::new();
        let mut expected = Vec::new();
        for (i, f) in files.iter().enumerate() {
            for line in [3, 0, 12] {
                let d =
                    Diagnostic::warning(Location::at(*f, line, i % 3), format!("m{}", i % 2), "e");
                diags.push(d.clone());
                diags.push(d.clone());
                expected.push(d);
            }
        }
        diags.error(Location::file("content/a.md"), "m0", "e");
        expected.push(Diagnostic::error(Location::file("content/a.md"), "m0", "e"));
        expected.sort_by(|a, b| {
            a.location
                .cmp(&b.location)
                .then(a.severity.cmp(&b.severity))
                .then(a.vi.cmp(&b.vi))
        });
        expected.dedup();
        assert_eq!(diags.into_sorted(), expected);
    }

    #[test]
    fn hints_close_words() {
        assert_eq!(closest("titel", ["title", "date", "tags"]), Some("title"));
        assert_eq!(closest("zzzzzz", ["title", "date"]), None);
        assert_eq!(closest("paginat", ["paginate"]), Some("paginate"));
    }
}
