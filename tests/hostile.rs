//! Hostile input: what an editor's mistake (or a malicious file) can throw at
//! `loa`. Each case must end in a clear diagnostic or in escaped output —
//! never a panic, a hang, or a write outside the output folder.
//!
//! Every run goes through [`Run`], which kills `loa` after a time limit and
//! checks the exit status (0 or 1, never a panic's 101 or a signal), and
//! [`Hostile::build`] compares the whole temporary folder before and after
//! to prove nothing was written outside `public/`.
mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{sel, NOW};

/// Generous: debug builds on a loaded 2-core machine.
const LIMIT: Duration = Duration::from_secs(120);

/// A site in `<tmp>/a/b/site`, so that `../../..` from a page still lands
/// inside the temporary folder (where writes are detected) and a canary file
/// sits outside the site at `<tmp>/outside.txt`.
struct Hostile {
    tmp: tempfile::TempDir,
    root: PathBuf,
}

/// The outcome of one `loa` run.
struct Run {
    code: Option<i32>,
    stderr: String,
    elapsed: Duration,
}

impl Run {
    /// Exit 0 or 1 in time; no panic message.
    fn sane(&self, what: &str) -> &Self {
        assert!(
            self.elapsed < LIMIT,
            "{what}: loa hung (killed after {:?})\n{}",
            self.elapsed,
            self.tail()
        );
        assert!(
            !self.stderr.contains("panicked") && !self.stderr.contains("RUST_BACKTRACE"),
            "{what}: loa panicked\n{}",
            self.tail()
        );
        assert!(
            matches!(self.code, Some(0) | Some(1)),
            "{what}: exit status {:?} (want 0 or 1)\n{}",
            self.code,
            self.tail()
        );
        self
    }
    fn ok(&self, what: &str) -> &Self {
        self.sane(what);
        assert_eq!(self.code, Some(0), "{what}: build failed\n{}", self.tail());
        self
    }
    fn error(&self, what: &str) -> &Self {
        self.sane(what);
        assert_eq!(
            self.code,
            Some(1),
            "{what}: expected an error\n{}",
            self.tail()
        );
        self
    }
    /// stderr holds a diagnostic line for `file` (`file:line:col: …`) containing `needle`.
    fn says(&self, file: &str, needle: &str) -> &Self {
        let hit = self
            .stderr
            .lines()
            .any(|l| l.starts_with(file) && l.contains(needle));
        assert!(
            hit,
            "no diagnostic for {file} containing {needle:?}:\n{}",
            self.tail()
        );
        self
    }
    fn tail(&self) -> String {
        let s = &self.stderr;
        let start = s.len().saturating_sub(4000);
        let start = (start..s.len())
            .find(|&i| s.is_char_boundary(i))
            .unwrap_or(0);
        s[start..].to_string()
    }
}

fn run_loa(args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_loa"));
    cmd.args(args)
        .env("SOURCE_DATE_EPOCH", NOW)
        .env("LOA_LANG", "en")
        .env("RAYON_NUM_THREADS", "2")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    run_cmd(cmd)
}

fn run_cmd(mut cmd: Command) -> Run {
    let start = Instant::now();
    let mut child = cmd.spawn().expect("spawn");
    // Read stderr on a thread so a chatty child never blocks on a full pipe.
    let mut err = child.stderr.take().expect("stderr");
    let reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut err, &mut buf).ok();
        buf
    });
    let code = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status.code();
        }
        if start.elapsed() > LIMIT {
            child.kill().ok();
            child.wait().ok();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let elapsed = start.elapsed();
    let stderr = String::from_utf8_lossy(&reader.join().unwrap_or_default()).into_owned();
    Run {
        code,
        stderr,
        elapsed,
    }
}

impl Hostile {
    fn new() -> Hostile {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("a/b/site");
        let h = Hostile { tmp, root };
        h.write(
            "loa.yaml",
            "title: Báo Thử\nbase_url: https://example.vn/bao/\ndescription: Trang thử\n",
        );
        h.write("content/thoi-su/_index.md", "---\ntitle: Thời sự\n---\n");
        h.write(
            "content/thoi-su/2026-11-01-tin-dau.md",
            "---\ntitle: Tin đầu\ndate: 2026-11-01\n---\n\nMột đoạn văn.\n",
        );
        std::fs::write(h.tmp.path().join("outside.txt"), "canary").unwrap();
        h
    }
    fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }
    fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    fn out(&self) -> PathBuf {
        self.root.join("public")
    }
    fn root_str(&self) -> &str {
        self.root.to_str().unwrap()
    }
    /// Everything under the temporary folder except the output folder.
    fn outside_output(&self) -> Vec<(String, Vec<u8>)> {
        let out = self.out();
        let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(self.tmp.path())
            .follow_links(false)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| !e.path().starts_with(&out))
            .map(|e| {
                let rel = e
                    .path()
                    .strip_prefix(self.tmp.path())
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                let bytes = if e.file_type().is_file() {
                    std::fs::read(e.path()).unwrap_or_default()
                } else {
                    Vec::new()
                };
                (rel, bytes)
            })
            .collect();
        files.sort();
        files
    }
    fn run(&self, args: &[&str]) -> Run {
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["--root", self.root_str()]);
        run_loa(&all, &[])
    }
    /// `loa build`, checked for sanity and for writes outside `public/`.
    fn build(&self) -> Run {
        let before = self.outside_output();
        let run = self.run(&["build"]);
        run.sane("build");
        let after = self.outside_output();
        let changed: Vec<&String> = after
            .iter()
            .filter(|f| !before.contains(f))
            .map(|(p, _)| p)
            .chain(before.iter().filter(|f| !after.contains(f)).map(|(p, _)| p))
            .collect();
        assert!(
            changed.is_empty(),
            "build wrote outside the output folder: {changed:?}\n{}",
            run.tail()
        );
        run
    }
    /// `loa check`, checked for sanity; it writes nothing at all.
    fn check(&self) -> Run {
        let out_before = self.out().exists();
        let before = self.outside_output();
        let run = self.run(&["check"]);
        run.sane("check");
        assert_eq!(before, self.outside_output(), "check wrote files");
        assert_eq!(out_before, self.out().exists(), "check created public/");
        run
    }
    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.out().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }
    /// Every output file, relative path and text.
    fn outputs(&self) -> Vec<(String, String)> {
        common::snapshot(&self.out())
            .into_iter()
            .map(|(p, b)| (p, String::from_utf8_lossy(&b).into_owned()))
            .collect()
    }
}

/// A rosters section with one roster whose entries come from `csv`.
fn roster_site(csv: &str) -> Hostile {
    let h = Hostile::new();
    h.write(
        "content/khen-thuong/_index.md",
        "---\ntitle: Khen thưởng\nkind: rosters\n---\n",
    );
    h.write(
        "content/khen-thuong/qd/index.md",
        "---\ntitle: Quyết định khen thưởng\ndecision: { number: 1/QĐ-UBND, date: 2026-01-05, issuer: UBND tỉnh }\naward: Giấy khen\nentries_file: danh-sach.csv\n---\n",
    );
    h.write("content/khen-thuong/qd/danh-sach.csv", csv);
    h
}

/// No page, feed or script of the output holds `needle` (raw, unescaped).
/// Data files hold text as text and are left out: CSV downloads, and the
/// search index's JSON (the search script inserts it with `textContent`,
/// never as markup; the theme has no `innerHTML`).
fn assert_absent(h: &Hostile, needle: &str) {
    for (path, text) in h.outputs() {
        if path.ends_with(".csv") || path.ends_with(".json") {
            continue;
        }
        // JSON-LD is data inside <script>: there a `<script>` is inert text
        // as long as nothing can close the element (`assert_contained`
        // checks that the JSON-LD parses, so it was not cut short).
        let text = without_json_ld(&text);
        assert!(
            !text.contains(needle),
            "{path} contains {needle:?} unescaped"
        );
    }
}

fn without_json_ld(html: &str) -> String {
    let open = "<script type=\"application/ld+json\">";
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find(open) {
        out.push_str(&rest[..i + open.len()]);
        rest = &rest[i + open.len()..];
        match rest.find("</script>") {
            Some(j) => rest = &rest[j..],
            None => rest = "",
        }
    }
    out.push_str(rest);
    out
}

/// Every `href`/`src`/`action` of every HTML page resolves inside
/// `https://example.vn/bao/` when it stays on the site's host; every
/// `<script>` is the theme's own (a `src` under the base path) or JSON-LD
/// that parses; feeds and the sitemap are well-formed XML.
fn assert_contained(h: &Hostile) {
    for (path, text) in h.outputs() {
        if path.ends_with(".xml") {
            roxmltree::Document::parse(&text)
                .unwrap_or_else(|e| panic!("{path} is not well-formed XML: {e}"));
            continue;
        }
        if !path.ends_with(".html") {
            continue;
        }
        let page_url = format!(
            "https://example.vn/bao/{}",
            path.trim_end_matches("index.html")
        );
        let doc = scraper::Html::parse_document(&text);
        for (selector, attr) in [
            ("a[href]", "href"),
            ("link[href]", "href"),
            ("img[src]", "src"),
            ("script[src]", "src"),
            ("form[action]", "action"),
            ("iframe[src]", "src"),
        ] {
            for el in doc.select(&sel(selector)) {
                let url = el.value().attr(attr).unwrap_or_default();
                if let Some(resolved) = resolve(&page_url, url) {
                    assert!(
                        resolved.starts_with("https://example.vn/bao/"),
                        "{path}: {selector} `{url}` leads outside the site: {resolved}"
                    );
                }
            }
        }
        for script in doc.select(&sel("script")) {
            match (script.value().attr("src"), script.value().attr("type")) {
                (Some(src), _) => assert!(src.starts_with("/bao/"), "{path}: script {src}"),
                (None, Some("application/ld+json")) => {
                    let json = script.inner_html();
                    serde_json::from_str::<serde_json::Value>(&json)
                        .unwrap_or_else(|e| panic!("{path}: JSON-LD does not parse ({e}): {json}"));
                }
                (None, t) => {
                    let body = script.inner_html();
                    assert!(
                        !body.contains("alert("),
                        "{path}: injected inline script (type {t:?}): {body}"
                    );
                }
            }
        }
        for el in doc.select(&sel("*")) {
            for (name, _) in el.value().attrs() {
                assert!(
                    !name.starts_with("on"),
                    "{path}: event handler attribute {name} on <{}>",
                    el.value().name()
                );
            }
        }
    }
}

/// Resolve `url` against `base` when it is same-host or relative; `None`
/// for other hosts, schemes and fragments.
fn resolve(base: &str, url: &str) -> Option<String> {
    let url = url.trim();
    if url.is_empty() || url.starts_with('#') || url.starts_with('?') {
        return None;
    }
    if let Some(rest) = url.strip_prefix("https://example.vn") {
        return resolve(base, if rest.is_empty() { "/" } else { rest });
    }
    if url.starts_with("//")
        || url.contains("://")
        || url.starts_with("mailto:")
        || url.starts_with("tel:")
    {
        return None;
    }
    let path = url.split(['?', '#']).next().unwrap_or("");
    let dir = base.strip_prefix("https://example.vn").unwrap();
    let joined = if path.starts_with('/') {
        path.to_string()
    } else {
        format!("{dir}{path}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for p in joined.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    let mut s = format!("https://example.vn/{}", parts.join("/"));
    if joined.ends_with('/') && !parts.is_empty() {
        s.push('/');
    }
    Some(s)
}

#[path = "hostile/disk.rs"]
mod disk;
#[path = "hostile/encoding.rs"]
mod encoding;
#[path = "hostile/escaping.rs"]
mod escaping;
#[path = "hostile/fuzz.rs"]
mod fuzz;
#[path = "hostile/markdown.rs"]
mod markdown;
#[path = "hostile/paths.rs"]
mod paths;
#[path = "hostile/yaml.rs"]
mod yaml;
