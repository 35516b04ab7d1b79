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

// ---------------------------------------------------------------- encodings

#[test]
fn invalid_utf8_names_the_file_and_line() {
    let h = Hostile::new();
    h.write(
        "content/thoi-su/sai-ma.md",
        b"---\ntitle: T\xe0i li\xeau\ndate: 2026-11-02\n---\n".as_slice(),
    );
    h.build()
        .error("invalid UTF-8 page")
        .says("content/thoi-su/sai-ma.md:2:", "not UTF-8");
    // In loa.yaml, a section's _index.md and a data file too.
    let h = Hostile::new();
    h.write(
        "loa.yaml",
        b"title: B\xe1o\nbase_url: https://example.vn/bao/\n".as_slice(),
    );
    h.build()
        .error("invalid UTF-8 loa.yaml")
        .says("loa.yaml:1:", "not UTF-8");
    let h = Hostile::new();
    h.write(
        "content/thoi-su/_index.md",
        b"---\ntitle: \xff\n---\n".as_slice(),
    );
    h.build()
        .error("invalid UTF-8 _index.md")
        .says("content/thoi-su/_index.md:2:", "not UTF-8");
    let h = Hostile::new();
    h.write("data/units.yaml", b"- id: a\n  name: \xc4\n".as_slice());
    h.build()
        .error("invalid UTF-8 units.yaml")
        .says("data/units.yaml", "UTF-8");
}

#[test]
fn nul_bytes_are_refused_with_their_line() {
    // A NUL byte is never text: most often a file saved as UTF-16 without a
    // byte order mark. The diagnostic names the line and says what to do.
    let h = Hostile::new();
    h.write(
        "content/thoi-su/nul.md",
        "---\ntitle: Tin có NUL\ndate: 2026-11-02\n---\n\nTrước\0sau.\n",
    );
    h.write(
        "content/thoi-su/nul-fm.md",
        "---\ntitle: \"a\0b\"\ndate: 2026-11-02\n---\n",
    );
    let utf16: Vec<u8> = "---\ntitle: T\n---\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    h.write("content/thoi-su/utf16.md", &utf16);
    h.build()
        .error("NUL bytes")
        .says("content/thoi-su/nul.md:6:", "NUL")
        .says("content/thoi-su/nul-fm.md:2:", "NUL")
        .says("content/thoi-su/utf16.md:1:", "UTF-16");
    let h = Hostile::new();
    h.write(
        "loa.yaml",
        "title: B\0\nbase_url: https://example.vn/bao/\n",
    );
    h.build()
        .error("NUL in loa.yaml")
        .says("loa.yaml:1:", "NUL");
}

#[test]
fn byte_order_marks_and_crlf_are_accepted() {
    let h = Hostile::new();
    h.write(
        "loa.yaml",
        "\u{feff}title: Báo Thử\r\nbase_url: https://example.vn/bao/\r\n",
    );
    h.write(
        "content/thoi-su/_index.md",
        "\u{feff}---\r\ntitle: Thời sự\r\n---\r\n",
    );
    h.write(
        "content/thoi-su/2026-11-02-bom.md",
        "\u{feff}---\r\ntitle: Tin có BOM\r\ndate: 2026-11-02 08:30\r\ntags: [thi đua]\r\n---\r\n\r\nĐoạn một.\r\n\r\nĐoạn hai.\r\n",
    );
    h.build().ok("BOM and CRLF");
    let page = h.read("thoi-su/bom/index.html");
    let doc = scraper::Html::parse_document(&page);
    let h1: Vec<String> = common::texts(&doc, "h1");
    assert!(h1.contains(&"Tin có BOM".to_string()), "{h1:?}");
    assert!(!page.contains('\u{feff}'), "BOM printed in the page");
    assert!(!page.contains("\r"), "a carriage return reached the page");
    assert!(h.read("the/thi-dua/index.html").contains("Tin có BOM"));
    // Old Mac line ends (CR only) are line ends too, as YAML and CommonMark say.
    let h = Hostile::new();
    h.write(
        "content/thoi-su/2026-11-02-cr.md",
        "---\rtitle: Dòng CR\rdate: 2026-11-02\r---\rThân bài.\r",
    );
    h.build().ok("CR-only line ends");
    let page = h.read("thoi-su/cr/index.html");
    assert!(page.contains("Dòng CR") && !page.contains('\r'));
}

// ------------------------------------------------------ empty and truncated

#[test]
fn empty_files_give_diagnostics() {
    let h = Hostile::new();
    h.write("content/thoi-su/rong.md", "");
    h.write("content/thoi-su/chi-bom.md", "\u{feff}");
    h.write("content/trang-trong.md", "");
    h.build()
        .error("empty pages")
        .says("content/thoi-su/rong.md:1:", "front matter")
        .says("content/thoi-su/chi-bom.md:1:", "front matter")
        .says("content/trang-trong.md:1:", "front matter");

    // An empty _index.md: no front matter.
    let h = Hostile::new();
    h.write("content/thoi-su/_index.md", "");
    h.build()
        .error("empty _index.md")
        .says("content/thoi-su/_index.md:1:", "front matter");

    // An empty front matter block: the required keys are missing.
    let h = Hostile::new();
    h.write("content/thoi-su/khong-khoa.md", "---\n---\n");
    h.build()
        .error("empty front matter")
        .says("content/thoi-su/khong-khoa.md:", "title");

    // An empty loa.yaml: title and base_url are missing.
    let h = Hostile::new();
    h.write("loa.yaml", "");
    h.build()
        .error("empty loa.yaml")
        .says("loa.yaml:", "title")
        .says("loa.yaml:", "base_url");

    // Empty data files and an empty roster CSV.
    let h = Hostile::new();
    h.write("data/units.yaml", "");
    h.write("data/blocks.yaml", "");
    h.build().sane("empty data files");
    let h = Hostile::new();
    h.write(
        "content/khen-thuong/_index.md",
        "---\ntitle: Khen thưởng\nkind: rosters\n---\n",
    );
    h.write(
        "content/khen-thuong/qd/index.md",
        "---\ntitle: Quyết định\ndecision: { number: 1/QĐ-UBND, date: 2026-01-05, issuer: UBND tỉnh }\naward: Giấy khen\nentries_file: danh-sach.csv\n---\n",
    );
    h.write("content/khen-thuong/qd/danh-sach.csv", "");
    h.build()
        .error("empty CSV")
        .says("content/khen-thuong/qd/danh-sach.csv", "");
}

#[test]
fn unclosed_front_matter() {
    let h = Hostile::new();
    h.write(
        "content/thoi-su/mo.md",
        "---\ntitle: Chưa đóng\ndate: 2026-11-02\n\nThân bài không bao giờ đến.\n",
    );
    h.write("content/thoi-su/chi-mo.md", "---");
    h.write("content/thoi-su/chi-mo-2.md", "---\n");
    h.build()
        .error("unclosed front matter")
        .says("content/thoi-su/mo.md:1:", "unclosed")
        .says("content/thoi-su/chi-mo.md:1:", "unclosed")
        .says("content/thoi-su/chi-mo-2.md:1:", "unclosed");
}

// ------------------------------------------------------------- YAML attacks

fn alias_bomb() -> String {
    let mut src = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let mut prev = "a".to_string();
    for n in ["b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"] {
        let refs = vec![format!("*{prev}"); 9].join(",");
        src.push_str(&format!("{n}: &{n} [{refs}]\n"));
        prev = n.to_string();
    }
    src
}

#[test]
fn yaml_alias_bomb_is_refused_quickly() {
    let bomb = alias_bomb();
    let h = Hostile::new();
    h.write(
        "content/thoi-su/bom.md",
        format!(
            "---\ntitle: Bom\ndate: 2026-11-02\nextra:\n  {}\n---\n",
            bomb.trim_end().replace('\n', "\n  ")
        ),
    );
    let run = h.build();
    run.error("alias bomb in front matter")
        .says("content/thoi-su/bom.md:", "YAML");
    assert!(
        run.elapsed < Duration::from_secs(30),
        "took {:?}",
        run.elapsed
    );
    // In loa.yaml and in data files.
    let h = Hostile::new();
    h.write(
        "loa.yaml",
        format!(
            "title: B\nbase_url: https://example.vn/bao/\nextra:\n  {}\n",
            bomb.trim_end().replace('\n', "\n  ")
        ),
    );
    h.build()
        .error("alias bomb in loa.yaml")
        .says("loa.yaml:", "YAML");
    let h = Hostile::new();
    h.write(
        "data/units.yaml",
        format!("- id: a\n  name: A\n  aliases: *x\nx: 1\n{bomb}"),
    );
    h.build()
        .error("alias bomb in units.yaml")
        .says("data/units.yaml", "");
}

#[test]
fn deeply_nested_yaml_is_refused() {
    let flow = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let braces = format!("{}1{}", "{a: ".repeat(50_000), "}".repeat(50_000));
    let mut block = String::from("\n");
    for i in 0..2_000 {
        block.push_str(&"  ".repeat(i + 2));
        block.push_str("a:\n");
    }
    let dashes = "\n    ".to_string() + &"- ".repeat(10_000) + "x";
    for (name, nested) in [
        ("flow", flow),
        ("braces", braces),
        ("block", block),
        ("dashes", dashes),
    ] {
        let h = Hostile::new();
        h.write(
            "content/thoi-su/sau.md",
            format!("---\ntitle: Sâu\ndate: 2026-11-02\nextra:\n  x: {nested}\n---\n"),
        );
        let run = h.build();
        run.error(&format!("nested YAML ({name})"))
            .says("content/thoi-su/sau.md:", "nesting");
        assert!(
            run.elapsed < Duration::from_secs(30),
            "{name}: {:?}",
            run.elapsed
        );
        let h = Hostile::new();
        h.write(
            "loa.yaml",
            format!("title: B\nbase_url: https://example.vn/bao/\nextra:\n  x: {nested}\n"),
        );
        h.build()
            .error(&format!("nested YAML in loa.yaml ({name})"))
            .says("loa.yaml:", "nesting");
        let h = Hostile::new();
        h.write(
            "data/units.yaml",
            format!("- id: a\n  name: A\n  x: {nested}\n"),
        );
        h.build()
            .error(&format!("nested YAML in units.yaml ({name})"))
            .says("data/units.yaml:", "");
    }
}

#[test]
fn wrong_types_and_huge_numbers_give_diagnostics() {
    let h = Hostile::new();
    h.write(
        "content/thoi-su/kieu.md",
        "---\ntitle: [1, 2]\ndate: 99999-99-99\ntags: {a: b}\nweight: 1e400\ndraft: có\nimage: {x: 1}\nfeatured: 2\naliases: 5\nauthor: [[a]]\nattachments: nope\nslug: [x]\n---\n",
    );
    h.write(
        "content/thoi-su/ngay.md",
        "---\ntitle: Ngày lạ\ndate: 9999-12-31T23:59:59-23:59\nupdated: 0000-01-01\n---\n",
    );
    h.build()
        .error("wrong types")
        .says("content/thoi-su/kieu.md:", "");
    let h = Hostile::new();
    h.write(
        "loa.yaml",
        "title: B\nbase_url: https://example.vn/bao/\npaginate: 18446744073709551615\nfeed_limit: -1\ntimezone: \"+99:00\"\nmenu: 7\n",
    );
    h.build()
        .error("huge numbers in loa.yaml")
        .says("loa.yaml:", "");
    let h = Hostile::new();
    h.write(
        "loa.yaml",
        "title: B\nbase_url: https://example.vn/bao/\npaginate: 18446744073709551615\nfeed_limit: 18446744073709551615\n",
    );
    h.build().sane("huge paginate");
    let h = Hostile::new();
    h.write(
        "content/thoi-su/_index.md",
        "---\ntitle: Thời sự\npaginate: 18446744073709551615\n---\n",
    );
    h.build().sane("huge section paginate");
}

// --------------------------------------------------------- Markdown attacks

#[test]
fn deeply_nested_markdown_renders_or_fails_cleanly() {
    let cases: Vec<(&str, String)> = vec![
        ("blockquotes", ">".repeat(50_000) + " sâu\n"),
        (
            "lists",
            (0..5_000)
                .map(|i| format!("{}- mục\n", "  ".repeat(i)))
                .collect(),
        ),
        (
            "brackets",
            "[".repeat(50_000) + "x" + &"](y)".repeat(50_000),
        ),
        ("emphasis", "*_".repeat(50_000) + "x" + &"_*".repeat(50_000)),
        ("html", "<div>".repeat(50_000) + &"</div>".repeat(50_000)),
        (
            "images",
            "![".repeat(30_000) + "a" + &"](b.png)".repeat(30_000),
        ),
        ("headings", "# [`a`](#)\n".repeat(20_000)),
    ];
    for (name, body) in cases {
        let h = Hostile::new();
        h.write(
            "content/thoi-su/sau.md",
            format!("---\ntitle: Sâu\ndate: 2026-11-02\n---\n\n{body}\n"),
        );
        let run = h.build();
        run.sane(&format!("nested Markdown ({name})"));
        assert!(
            run.elapsed < Duration::from_secs(60),
            "nested Markdown ({name}) took {:?}",
            run.elapsed
        );
    }
}

#[test]
fn ten_megabyte_lines() {
    let line = "thi đua yêu nước ".repeat(10 * 1024 * 1024 / 20);
    let h = Hostile::new();
    h.write(
        "content/thoi-su/dai.md",
        format!("---\ntitle: Dài\ndate: 2026-11-02\n---\n\n{line}\n"),
    );
    let run = h.build();
    run.ok("10 MB Markdown line");
    assert!(
        run.elapsed < Duration::from_secs(90),
        "took {:?}",
        run.elapsed
    );
    // A 10 MB line of one character class that slugs to nothing.
    let h = Hostile::new();
    h.write(
        "content/thoi-su/dai.md",
        format!(
            "---\ntitle: \"{}\"\ndate: 2026-11-02\n---\nx\n",
            "!".repeat(10 * 1024 * 1024)
        ),
    );
    h.build().sane("10 MB of punctuation");
    // A 10 MB CSV cell.
    let h = roster_site(&format!(
        "Tên,Loại\n\"{}\",cá nhân\n",
        "a".repeat(10 * 1024 * 1024)
    ));
    h.build().sane("10 MB CSV cell");
}

/// A 10 MB one-word title: the search index splits its shards one
/// character per recursion level (src/search/codec.rs `split`, from
/// `plan_shards`), which overflows the stack after ~8,000 levels and takes
/// quadratic time. Reported to the search engineer; un-ignore when fixed.
#[test]
#[ignore = "bug in src/search/codec.rs (reported): one huge word overflows the stack"]
fn ten_megabyte_word_in_a_title() {
    let title = "Đ".repeat(5 * 1024 * 1024);
    let h = Hostile::new();
    h.write(
        "content/thoi-su/dai.md",
        format!("---\ntitle: {title}\ndate: 2026-11-02\ntags: [{title}]\n---\nx\n"),
    );
    h.build().sane("10 MB title");
}

// ------------------------------------------------- paths that leave the site

const PASSWD: &str = "root:x:0:0";

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

#[test]
fn image_and_file_paths_that_climb_out_are_refused() {
    let climbs = [
        "../../../../../../../../../../etc/passwd",
        "../../../../outside.txt",
        "/etc/passwd",
        "/../../../../etc/passwd",
    ];
    for bad in climbs {
        let h = Hostile::new();
        h.write(
            "content/thoi-su/2026-11-02-anh.md",
            format!(
                "---\ntitle: Ảnh\ndate: 2026-11-02\nimage: {bad}\nimage_alt: Ảnh\nattachments:\n  - {{ title: Tệp, file: \"{bad}\" }}\n---\n\n![Ảnh]({bad})\n\n[tệp]({bad})\n"
            ),
        );
        let run = h.build();
        run.sane(&format!("image/file {bad}"));
        // Whatever happened, the file outside was neither read into the
        // output nor linked from outside the base path.
        if h.out().exists() {
            assert_absent(&h, PASSWD);
            assert_absent(&h, "canary");
            assert_contained(&h);
        }
        if bad.contains("..") {
            // Climbing above the site is an editor's mistake worth an error.
            run.error(&format!("climbing path {bad}"))
                .says("content/thoi-su/2026-11-02-anh.md:", "outside the site");
        }
        let check = h.check();
        check.error(&format!("check {bad}"));
    }
}

#[test]
fn campaign_and_roster_files_that_climb_out_are_refused() {
    let h = Hostile::new();
    h.write(
        "content/phong-trao/_index.md",
        "---\ntitle: Phong trào\nkind: campaigns\n---\n",
    );
    h.write(
        "content/phong-trao/pt.md",
        "---\ntitle: Phong trào thử\nissuer: Chủ tịch UBND tỉnh\nstart: 2026-01-01\nend: 2026-12-31\ndocument: { number: 09/CT-UBND, file: ../../../../../../etc/passwd }\n---\n",
    );
    h.write(
        "content/khen-thuong/_index.md",
        "---\ntitle: Khen thưởng\nkind: rosters\n---\n",
    );
    h.write(
        "content/khen-thuong/qd.md",
        "---\ntitle: Quyết định\ndecision: { number: 1/QĐ-UBND, date: 2026-01-05, issuer: UBND tỉnh, file: ../../../../../../etc/passwd }\naward: Giấy khen\nentries: [{ name: A, kind: cá nhân }]\n---\n",
    );
    let run = h.build();
    run.error("document.file / decision.file climbing out")
        .says("content/phong-trao/pt.md:", "outside the site")
        .says("content/khen-thuong/qd.md:", "outside the site");
}

#[test]
fn entries_file_that_climbs_out_or_is_absolute_is_refused() {
    for bad in [
        "../../../../../../etc/passwd",
        "/etc/passwd",
        "../../../../outside.txt",
        "con/../../qd/danh-sach.csv",
    ] {
        let h = roster_site("Tên,Loại\nA,cá nhân\n");
        let page = std::fs::read_to_string(h.path("content/khen-thuong/qd/index.md")).unwrap();
        h.write(
            "content/khen-thuong/qd/index.md",
            page.replace(
                "entries_file: danh-sach.csv",
                &format!("entries_file: \"{bad}\""),
            ),
        );
        h.build()
            .error(&format!("entries_file {bad}"))
            .says("content/khen-thuong/qd/index.md:", "entries_file");
    }
}

/// loa skips symbolic links under content/ (see below), but a roster reads
/// `entries_file` with `std::fs::read`, which follows one: a link beside the
/// page pulls a file from anywhere into the build (and its first line into
/// the error message). Reported to the roster engineer (src/roster/read.rs,
/// `read_file`); un-ignore when it refuses symlinks.
#[test]
#[ignore = "bug in src/roster/read.rs (reported): entries_file follows a symlink out of the site"]
fn entries_file_through_a_symlink_out_of_the_site() {
    let h = roster_site("Tên,Loại\nA,cá nhân\n");
    std::fs::remove_file(h.path("content/khen-thuong/qd/danh-sach.csv")).unwrap();
    std::os::unix::fs::symlink(
        h.tmp.path().join("outside.txt"),
        h.path("content/khen-thuong/qd/danh-sach.csv"),
    )
    .unwrap();
    let run = h.build();
    run.error("entries_file through a symlink out of the site")
        .says("content/khen-thuong/qd/index.md:", "entries_file");
    assert!(!run.stderr.contains("canary"), "{}", run.tail());
}

#[test]
fn slugs_with_slashes_or_dots_stay_inside() {
    for bad in [
        "../../../../evil",
        "a/b",
        "..",
        ".",
        "/",
        "../",
        "x/../../y",
        "%2e%2e",
        "con\\..\\..\\x",
    ] {
        let h = Hostile::new();
        h.write(
            "content/thoi-su/2026-11-02-slug.md",
            format!("---\ntitle: Slug\ndate: 2026-11-02\nslug: \"{bad}\"\naliases: [\"{bad}\", \"../../../../../alias\"]\n---\nx\n"),
        );
        h.write(
            "content/trang.md",
            format!("---\ntitle: Trang\nslug: \"{bad}\"\n---\nx\n"),
        );
        let run = h.build();
        run.sane(&format!("slug {bad}"));
        if run.code == Some(0) {
            // Every page was written below public/ (build() already proved
            // nothing else changed); no folder named `..` or with a slash.
            for (path, _) in h.outputs() {
                assert!(
                    !path
                        .split('/')
                        .any(|c| c == ".." || c == "." || c.contains('\\')),
                    "slug {bad}: odd output path {path}"
                );
            }
            assert_contained(&h);
        }
    }
}

#[test]
fn symlink_loops_under_content_are_skipped() {
    let h = Hostile::new();
    std::os::unix::fs::symlink("..", h.path("content/thoi-su/vong")).unwrap();
    std::os::unix::fs::symlink(h.path("content"), h.path("content/lap")).unwrap();
    std::os::unix::fs::symlink("b", h.path("content/thoi-su/a")).unwrap();
    std::os::unix::fs::symlink("a", h.path("content/thoi-su/b")).unwrap();
    std::os::unix::fs::symlink(
        h.tmp.path().join("outside.txt"),
        h.path("content/thoi-su/ngoai.md"),
    )
    .unwrap();
    let run = h.build();
    run.ok("symlink loops")
        .says("content/thoi-su/vong", "symbolic link")
        .says("content/lap", "symbolic link");
    assert_absent(&h, "canary");
    // Also a symlink loop in a bundle and in static/.
    let h = Hostile::new();
    h.write(
        "content/thoi-su/goi/index.md",
        "---\ntitle: Gói\ndate: 2026-11-02\n---\nx\n",
    );
    std::os::unix::fs::symlink(".", h.path("content/thoi-su/goi/tu-than")).unwrap();
    h.write("static/a.txt", "a");
    std::os::unix::fs::symlink(".", h.path("static/vong")).unwrap();
    std::os::unix::fs::symlink(h.tmp.path().join("outside.txt"), h.path("static/ngoai.txt"))
        .unwrap();
    let run = h.build();
    run.sane("symlink loops in bundles and static/");
    if run.code == Some(0) {
        assert_absent(&h, "canary");
    }
}

#[test]
fn file_names_that_are_not_utf8_are_reported() {
    use std::os::unix::ffi::OsStrExt;
    let h = Hostile::new();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.md");
    std::fs::write(
        h.path("content/thoi-su").join(name),
        "---\ntitle: Tên tệp lạ\ndate: 2026-11-02\n---\nx\n",
    )
    .unwrap();
    std::fs::write(
        h.path("content/thoi-su").join("xuống\ndòng.md"),
        "---\ntitle: Xuống dòng\ndate: 2026-11-02\n---\nx\n",
    )
    .unwrap();
    let run = h.build();
    run.sane("odd file names");
    assert!(
        run.stderr.contains("caf"),
        "a file loa cannot name is skipped silently:\n{}",
        run.tail()
    );
}

// ------------------------------------------------------- escaping of text

const XSS: &str = "<script>alert(1)</script>";
const XSS_IMG: &str = "<img src=x onerror=alert(2)>";

#[test]
fn html_in_titles_tags_and_fields_is_escaped_everywhere() {
    let h = Hostile::new();
    h.write(
        "loa.yaml",
        format!(
            "title: \"Báo {XSS}\"\nbase_url: https://example.vn/bao/\ndescription: \"Mô tả {XSS_IMG}\"\nmenu:\n  - {{ title: \"Menu {XSS}\", section: thoi-su }}\norganization: {{ name: \"Tòa soạn {XSS}\", address: \"{XSS_IMG}\", phone: \"\\\" onmouseover=alert(3) x=\\\"\", email: \"a@b.vn{XSS}\" }}\nsocial: {{ facebook: \"https://facebook.com/x\\\"><script>alert(4)</script>\" }}\n"
        ),
    );
    h.write(
        "content/thoi-su/_index.md",
        format!("---\ntitle: \"Thời sự {XSS}\"\ndescription: \"{XSS_IMG}\"\n---\n"),
    );
    h.write(
        "content/thoi-su/2026-11-02-xss.md",
        format!(
            "---\ntitle: \"Tiêu đề {XSS} </title><script>alert(5)</script> {{{{ site.title }}}}\"\ndate: 2026-11-02\nsummary: \"Sapo ]]> ]]&gt; &amp; tóm tắt\"\ntags: [\"{XSS}\", \"<b>đậm</b>\", \"\\\"'><svg onload=alert(6)>\"]\nauthor: \"{XSS}\"\nsource: \"{XSS_IMG}\"\nsource_url: \"https://x.vn/\\\"><script>alert(7)</script>\"\nimage: /uploads/a.png\nimage_alt: \"\\\" onerror=\\\"alert(8)\"\nattachments:\n  - {{ title: \"{XSS}\", file: \"x.pdf\\\" onclick=\\\"alert(9)\" }}\n---\n\nThân bài.\n"
        ),
    );
    h.write(
        "content/phong-trao/_index.md",
        "---\ntitle: Phong trào\nkind: campaigns\n---\n",
    );
    h.write(
        "content/phong-trao/pt.md",
        format!(
            "---\ntitle: \"Phong trào {XSS}\"\nissuer: \"{XSS}\"\nslogan: \"{XSS_IMG}\"\nstart: 2026-01-01\nend: 2026-12-31\nparticipants: [\"{XSS}\"]\ngoals: [\"{XSS_IMG}\"]\nawards: [\"{XSS}\"]\nmilestones: [{{ title: \"{XSS}\", when: \"{XSS_IMG}\" }}]\ndocument: {{ number: \"09/CT-UBND{XSS}\", signer: \"{XSS}\", summary: \"{XSS_IMG}\" }}\n---\n"
        ),
    );
    h.write(
        "content/khen-thuong/_index.md",
        "---\ntitle: Khen thưởng\nkind: rosters\n---\n",
    );
    h.write(
        "content/khen-thuong/qd/index.md",
        format!(
            "---\ntitle: \"Quyết định {XSS}\"\ndecision: {{ number: \"1/QĐ-UBND{XSS}\", date: 2026-01-05, issuer: \"{XSS}\", signer: \"{XSS_IMG}\" }}\naward: \"Giấy khen {XSS}\"\nreason: \"{XSS_IMG}\"\nentries_file: danh-sach.csv\n---\n"
        ),
    );
    h.write(
        "content/khen-thuong/qd/danh-sach.csv",
        format!(
            "STT,Họ và tên,Loại,Chức vụ,Đơn vị,Hình thức,Thành tích,Ghi chú\n1,\"{XSS}\",cá nhân,\"{XSS_IMG}\",\"{XSS}\",\"{XSS}\",\"{XSS_IMG}\",\"=HYPERLINK(\"\"http://x\"\")\"\n"
        ),
    );
    h.write(
        "content/khen-thuong/inline.md",
        format!(
            "---\ntitle: Danh sách trong trang\ndecision: {{ number: 2/QĐ-UBND, date: 2026-01-06, issuer: UBND tỉnh }}\naward: Giấy khen\nentries:\n  - {{ name: \"{XSS}\", kind: tập thể, unit: \"{XSS_IMG}\", note: \"{XSS}\" }}\n---\n"
        ),
    );
    h.write(
        "data/units.yaml",
        format!("- id: don-vi-a\n  name: \"Đơn vị {XSS}\"\n  short: \"{XSS_IMG}\"\n  aliases: [\"{XSS}\"]\n"),
    );
    h.write(
        "data/blocks.yaml",
        format!(
            "- id: khoi-a\n  name: \"Khối {XSS}\"\n  kind: \"{XSS_IMG}\"\n  members: [don-vi-a]\n"
        ),
    );
    h.write("static/uploads/a.png", b"\x89PNG\r\n\x1a\n".as_slice());
    let run = h.build();
    run.sane("HTML in fields");
    assert_eq!(run.code, Some(0), "{}", run.tail());
    assert_absent(&h, XSS);
    assert_absent(&h, "<script>alert(5)");
    assert_absent(&h, XSS_IMG);
    assert_absent(&h, "<svg onload");
    assert_absent(&h, "<b>đậm</b>");
    assert_contained(&h);
    let page = h.read("thoi-su/xss/index.html");
    // Shown, as text, wherever it was written.
    for rel in [
        "thoi-su/xss/index.html",
        "phong-trao/pt/index.html",
        "khen-thuong/qd/index.html",
        "khen-thuong/inline/index.html",
        "don-vi/don-vi-a/index.html",
        "khoi-thi-dua/khoi-a/index.html",
        "index.html",
    ] {
        assert!(
            h.read(rel)
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{rel}: the text is not shown (escaped)"
        );
    }
    // Tera syntax in a title is text, not a template.
    assert!(
        page.contains("{{ site.title }}"),
        "a title was evaluated as a template"
    );
    // javascript: URLs from fields never become links.
    for (path, text) in h.outputs() {
        if path.ends_with(".html") {
            let doc = scraper::Html::parse_document(&text);
            for a in common::attrs(&doc, "a[href]", "href") {
                assert!(
                    !a.trim_start()
                        .to_ascii_lowercase()
                        .starts_with("javascript:"),
                    "{path}: javascript: link {a}"
                );
            }
        }
    }
    // The roster CSV download keeps the text as text.
    let csv = h.read("khen-thuong/qd/danh-sach.csv");
    assert!(csv.contains("alert(1)"), "{csv}");
}

/// `summary:` is front-matter text, yet src/render/values.rs:99 hands it to
/// the templates as `summary_html`, which article/page/campaign/roster.html
/// print with `| safe`: raw HTML from front matter reaches the page.
/// Reported (render + theme); un-ignore when the sapo is escaped.
#[test]
#[ignore = "bug in src/render/values.rs + templates (reported): summary printed as raw HTML"]
fn html_in_a_summary_is_escaped() {
    let h = Hostile::new();
    h.write(
        "content/thoi-su/2026-11-02-sapo.md",
        format!("---\ntitle: Sapo\ndate: 2026-11-02\nsummary: \"Sapo {XSS_IMG} {XSS}\"\n---\nx\n"),
    );
    h.build().ok("HTML in summary");
    assert_absent(&h, XSS_IMG);
    assert_absent(&h, XSS);
    assert_contained(&h);
}

/// Image and file names with Vietnamese letters, the most ordinary thing an
/// editor writes: src/markdown/url.rs `escape_href` slices the URL at a byte
/// inside a multi-byte character and panics (found by fuzzing; the build
/// aborts). Reported; un-ignore when fixed.
#[test]
#[ignore = "bug in src/markdown/url.rs (reported): escape_href panics on non-ASCII URLs"]
fn vietnamese_file_names_in_links_and_images() {
    let h = Hostile::new();
    h.write(
        "content/thoi-su/2026-11-02-anh/index.md",
        "---\ntitle: Ảnh\ndate: 2026-11-02\n---\n\n![Lúa chín](lúa-chín.png)\n\n[Kế hoạch](kế-hoạch.pdf)\n",
    );
    h.write(
        "content/thoi-su/2026-11-02-anh/lúa-chín.png",
        b"\x89PNG\r\n\x1a\n".as_slice(),
    );
    h.write("content/thoi-su/2026-11-02-anh/kế-hoạch.pdf", "%PDF-1.4");
    h.build().ok("Vietnamese file names");
    assert_contained(&h);
}

/// `<!--` in a title: the `json` filter writes `<\!--` into the JSON-LD,
/// which is not a JSON escape, so the structured data no longer parses
/// (src/render/filters.rs, filter `json`; `\u003c` for `<` would be valid
/// JSON and as safe). Reported; un-ignore when fixed.
#[test]
#[ignore = "bug in src/render/filters.rs (reported): `<!--` makes JSON-LD invalid"]
fn html_comment_in_a_title_keeps_json_ld_valid() {
    let h = Hostile::new();
    h.write(
        "content/thoi-su/2026-11-02-bl.md",
        "---\ntitle: \"Bình luận <!--<script> thử\"\ndate: 2026-11-02\n---\nx\n",
    );
    h.build().ok("<!-- in a title");
    assert_contained(&h);
}

#[test]
fn script_urls_in_fields_are_refused() {
    let h = Hostile::new();
    h.write(
        "content/thoi-su/2026-11-02-js.md",
        "---\ntitle: JS\ndate: 2026-11-02\nsource_url: \"javascript:alert(1)\"\nimage: \" JavaScript:alert(2)\"\nattachments: [{ title: T, file: \"vbscript:x\" }]\n---\nx\n",
    );
    h.build()
        .error("script URLs in front matter")
        .says("content/thoi-su/2026-11-02-js.md:4:", "script")
        .says("content/thoi-su/2026-11-02-js.md:5:", "script")
        .says("content/thoi-su/2026-11-02-js.md:6:", "script");
    let h = Hostile::new();
    h.write(
        "loa.yaml",
        "title: B\nbase_url: https://example.vn/bao/\nsocial: { facebook: \"javascript:alert(4)\" }\nmenu: [{ title: M, url: \"javascript:alert(5)\" }]\n",
    );
    h.build()
        .error("script URLs in loa.yaml")
        .says("loa.yaml:3:", "social.facebook")
        .says("loa.yaml:4:", "menu url");
}

#[test]
fn raw_html_in_markdown_is_kept_or_stripped_with_safe() {
    let body = "Đoạn <span class=\"nhan\">nhấn</span> mạnh.\n\n<script>alert(1)</script>\n\n<div onclick=\"alert(2)\">khối</div>\n\n[x](javascript:alert(3))\n";
    let h = Hostile::new();
    h.write(
        "content/thoi-su/2026-11-02-html.md",
        format!("---\ntitle: HTML thô\ndate: 2026-11-02\n---\n\n{body}"),
    );
    h.build().ok("raw HTML allowed").says(
        "content/thoi-su/2026-11-02-html.md:12:",
        "warning: link `javascript:alert(3)`",
    );
    let page = h.read("thoi-su/html/index.html");
    assert!(
        page.contains("<span class=\"nhan\">nhấn</span>"),
        "raw HTML is allowed in bodies"
    );

    let h = Hostile::new();
    h.write(
        "loa.yaml",
        "title: Báo Thử\nbase_url: https://example.vn/bao/\nmarkdown: { safe: true }\n",
    );
    h.write(
        "content/thoi-su/2026-11-02-html.md",
        format!("---\ntitle: HTML thô\ndate: 2026-11-02\n---\n\n{body}"),
    );
    h.build().ok("markdown.safe");
    for (path, text) in h.outputs() {
        if path.ends_with(".html") || path.ends_with(".xml") || path.ends_with(".json") {
            assert!(
                !text.contains("<span class=\"nhan\">"),
                "{path}: raw HTML kept with safe: true"
            );
            assert!(
                !text.contains("alert(1)</script>") || !text.contains("<script>alert(1)"),
                "{path}: script kept with safe: true"
            );
            assert!(
                !text.contains("onclick=\"alert(2)\""),
                "{path}: handler kept with safe: true"
            );
            assert!(
                !text.contains("href=\"javascript:"),
                "{path}: javascript: link with safe: true"
            );
        }
    }
    assert_contained(&h);
}

// -------------------------------------------------------------- full disk

/// Mount a small tmpfs (root only); `None` when this machine cannot.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(dir: &Path, size: &str) -> Option<Tmpfs> {
        std::fs::create_dir_all(dir).ok()?;
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .stderr(Stdio::null())
            .status()
            .ok()?
            .success();
        ok.then(|| Tmpfs(dir.to_path_buf()))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

/// The disk fills up while writing: the build fails with a diagnostic and
/// the previous output stays as it was. With root, the output folder lives
/// on a 1 MB tmpfs; without, `ulimit -f` caps the size of any file loa
/// writes (the kernel then stops it with SIGXFSZ, a harsher failure: the
/// previous output must survive that too).
#[test]
fn full_disk_keeps_the_previous_output() {
    let h = Hostile::new();
    let disk = h.tmp.path().join("disk");
    // LOA_HOSTILE_NO_MOUNT=1 exercises the fallback on a machine that can mount.
    let tmpfs = if std::env::var_os("LOA_HOSTILE_NO_MOUNT").is_some() {
        None
    } else {
        Tmpfs::mount(&disk, "1m")
    };
    let out = disk.join("public");
    let out_s = out.to_str().unwrap().to_string();
    let build = |env_limit: bool| -> Run {
        let mut cmd = if env_limit {
            let mut c = Command::new("sh");
            c.arg("-c")
                .arg("ulimit -f 512; exec \"$0\" \"$@\"")
                .arg(env!("CARGO_BIN_EXE_loa"));
            c
        } else {
            Command::new(env!("CARGO_BIN_EXE_loa"))
        };
        cmd.args(["build", "--root", h.root_str(), "--output", &out_s])
            .env("SOURCE_DATE_EPOCH", NOW)
            .env("LOA_LANG", "en")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        run_cmd(cmd)
    };
    let limited = tmpfs.is_none();
    if limited {
        std::fs::create_dir_all(&disk).unwrap();
        eprintln!("full_disk: no tmpfs (not root?): simulating with ulimit -f");
    }
    build(limited).ok("first build");
    let before = common::snapshot(&out);
    assert!(!before.is_empty());
    // Now a static file larger than the disk (or the file size limit).
    let big: Vec<u8> = (0..3 * 1024 * 1024u32).map(|i| (i % 251) as u8).collect();
    h.write("static/lon.bin", &big);
    let run = build(limited);
    if limited {
        // Killed by SIGXFSZ (no exit code) or a clean error.
        assert!(
            run.code != Some(0),
            "build succeeded past the file size limit"
        );
        assert!(!run.stderr.contains("panicked"), "{}", run.tail());
    } else {
        run.error("disk full").says("", "No space left on device");
    }
    assert_eq!(
        common::snapshot(&out),
        before,
        "the previous output changed after a failed build"
    );
    if !limited {
        // Nothing left behind on the full disk.
        let left: Vec<_> = std::fs::read_dir(&disk)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n != "public")
            .collect();
        assert!(left.is_empty(), "left behind: {left:?}");
        // And once there is room again, the build works.
        std::fs::remove_file(h.path("static/lon.bin")).unwrap();
        build(false).ok("build after freeing space");
    }
}

// ----------------------------------------------------- fuzz regressions

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
#[ignore = "open fuzz crashes (reported): src/markdown/url.rs escape_href panics on non-ASCII URLs"]
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
