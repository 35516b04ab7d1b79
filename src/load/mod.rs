//! Stage 1: read the site folder. Walks `content/`, classifies sections,
//! pages, bundles and their files, and reads every Markdown file (in
//! parallel): UTF-8 check, NFC, front matter, Markdown.

mod cache;
mod walk;

use cache::PageResult;
pub use cache::{reread, Cache};

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde_json::{Map, Value};

use crate::config::Config;
use crate::diag::{rel, Diagnostic, Diagnostics, Location};
use crate::fields::Fields;
use crate::frontmatter::{self, FrontMatter, Kind, SECTION_KEYS};
use crate::markdown::{self, Rendered};

/// How a section orders its pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    Date,
    Title,
    Weight,
}

/// A folder with `_index.md` (or `content/` itself, the root).
#[derive(Debug)]
pub struct SectionSource {
    /// Folder relative to the site root (`content/thoi-su`).
    pub dir: PathBuf,
    /// `_index.md` relative to the site root, when there is one.
    pub file: Option<PathBuf>,
    pub title: String,
    pub description: Option<String>,
    pub kind: Kind,
    pub sort: Sort,
    pub paginate: Option<usize>,
    pub weight: i64,
    pub template: Option<String>,
    pub extra: Map<String, Value>,
    pub body: Rendered,
}

/// A Markdown page, read and parsed.
#[derive(Debug, Clone)]
pub struct PageSource {
    /// `.md` file relative to the site root.
    pub file: PathBuf,
    /// Folder of a bundle (`name/index.md`) relative to the site root.
    pub bundle: Option<PathBuf>,
    /// Other files of the bundle, relative to the bundle folder, sorted.
    pub assets: Vec<PathBuf>,
    /// Index into `Loaded::sections` of the nearest ancestor section.
    pub section: usize,
    pub kind: Kind,
    pub fm: FrontMatter,
    /// The front matter's text, for kind-specific reading with locations.
    pub front: String,
    pub front_offset: usize,
    pub body: Rendered,
    pub body_offset: usize,
}

#[derive(Debug, Default)]
pub struct Loaded {
    /// Index 0 is the root section (`content/`).
    pub sections: Vec<SectionSource>,
    pub pages: Vec<Arc<PageSource>>,
    /// `data/units.yaml` and `data/blocks.yaml` (read by the pipeline).
    pub registry: crate::unit::Registry,
}

/// Read a text file: see [`decode`].
pub fn read_text(root: &Path, path: &Path) -> Result<String, Diagnostic> {
    let relp = rel(root, path);
    decode(read_bytes(path, &relp)?, &relp)
}

/// A file's bytes; `relp` names it in the error.
fn read_bytes(path: &Path, relp: &Path) -> Result<Vec<u8>, Diagnostic> {
    std::fs::read(path).map_err(|e| read_error(relp, &e))
}

fn read_error(relp: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        Location::file(relp),
        format!("không đọc được tệp: {e}"),
        format!("cannot read file: {e}"),
    )
}

/// A text file's bytes as loa reads them: UTF-8 required, no NUL byte, BOM
/// dropped, CRLF and CR line ends made LF, NFC. `relp` names the file in
/// diagnostics.
pub fn decode(bytes: Vec<u8>, relp: &Path) -> Result<String, Diagnostic> {
    decode_bytes(&bytes, relp).map(Cow::into_owned)
}

/// [`decode`] without a copy when the bytes are already as loa reads them
/// (UTF-8 in NFC with LF line ends, no BOM): the text of every page is read
/// through here and dropped once the page is rendered.
pub fn decode_bytes<'b>(bytes: &'b [u8], relp: &Path) -> Result<Cow<'b, str>, Diagnostic> {
    // simdutf8 checks Vietnamese text several times faster than the
    // standard library (whose fast path is for ASCII); on failure the
    // standard library finds where the bad byte is.
    let Ok(text) = simdutf8::basic::from_utf8(bytes) else {
        let valid = std::str::from_utf8(bytes).map_or_else(|e| e.valid_up_to(), |s| s.len());
        let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
        return Err(Diagnostic::error(
            Location::at(relp, line, 1),
            "tệp không phải UTF-8; hãy lưu lại với mã hóa UTF-8",
            "the file is not UTF-8; save it again as UTF-8",
        ));
    };
    // memchr's vector search: `str::find` and `contains` step a word at a
    // time, and every byte of every file is looked at.
    if let Some(at) = memchr::memchr(0, text.as_bytes()) {
        // Plain text never holds NUL; a file saved as UTF-16 without a BOM
        // (Notepad's "Unicode") does, between every two ASCII letters.
        let line = text[..at].matches('\n').count() + 1;
        return Err(Diagnostic::error(
            Location::at(relp, line, 1),
            "tệp có ký tự NUL (byte 0): có thể tệp được lưu dạng UTF-16; hãy lưu lại với mã hóa UTF-8",
            "the file holds a NUL byte: it may be saved as UTF-16; save it again as UTF-8",
        ));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let clean = memchr::memchr(b'\r', text.as_bytes()).is_none()
        && matches!(crate::search::text::nfc(text), Cow::Borrowed(_));
    Ok(if clean {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(nfc(normalize_line_ends(text.to_string())))
    })
}

/// CRLF and lone CR line ends become LF (what YAML and CommonMark both
/// count as one line end), so no `\r` reaches titles, summaries or pages.
pub fn normalize_line_ends(text: String) -> String {
    if memchr::memchr(b'\r', text.as_bytes()).is_none() {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// `text` in NFC (see [`crate::search::text::nfc`]: most texts are proven
/// NFC by their characters and kept as they are).
pub fn nfc(text: String) -> String {
    match crate::search::text::nfc(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(s) => s,
    }
}

/// Walk `content/` and read everything.
pub fn load(root: &Path, config: &Config, diags: &Diagnostics) -> Loaded {
    load_cached(root, config, diags, None)
}

/// [`load`], reusing pages of `cache` that did not change.
pub fn load_cached(
    root: &Path,
    config: &Config,
    diags: &Diagnostics,
    cache: Option<&Cache>,
) -> Loaded {
    let mut timer = crate::timings::Timer::new();
    let content = root.join("content");
    let walk = walk::Walk::content(root, &content, diags);
    timer.lap(" walk");
    // Sections: content/ itself, then every folder with _index.md (path order,
    // so parents come before children).
    let mut section_dirs: Vec<PathBuf> = vec![content.clone()];
    section_dirs.extend(
        walk.dirs_with_index
            .iter()
            .filter(|d| **d != content)
            .cloned(),
    );
    let mut loaded = Loaded::default();
    // The depth of each section folder, counted once (not per page).
    let depths: Vec<usize> = section_dirs
        .iter()
        .map(|s| s.components().count())
        .collect();
    let section_of = |dir: &Path, sections: &[PathBuf]| -> usize {
        let mut best = 0;
        for (i, s) in sections.iter().enumerate() {
            if depths[i] >= depths[best] && walk::under(dir, s) {
                best = i;
            }
        }
        best
    };
    for dir in &section_dirs {
        let index = dir.join("_index.md");
        let has_index = walk.dirs_with_index.contains(dir);
        let section = read_section(
            root,
            dir,
            has_index.then_some(index.as_path()),
            config,
            diags,
        );
        loaded.sections.push(section);
    }

    timer.lap(" sections");
    let page_files = walk.page_files(&content);
    let pages: Vec<PageResult> = page_files
        .par_iter()
        .map(|(path, bundle)| {
            let dir = bundle
                .as_deref()
                .and_then(Path::parent)
                .unwrap_or_else(|| path.parent().unwrap_or(&content));
            let section = section_of(dir, &section_dirs);
            let kind = if section == 0 {
                Kind::Pages
            } else {
                loaded.sections[section].kind
            };
            let assets = bundle
                .as_ref()
                .map(|b| walk.bundle_assets(b))
                .unwrap_or_default();
            let meta = cache.and_then(|_| std::fs::metadata(path).ok());
            if let (Some(cache), Some(meta)) = (cache, &meta) {
                if let Some(hit) = cache.get(path, meta, section, kind, &assets) {
                    return hit;
                }
            }
            let (page, ds) = read_page(
                root,
                path,
                bundle.as_ref().map(|b| rel(root, b)),
                assets.clone(),
                section,
                kind,
                config,
            );
            let result = (page.map(Arc::new), ds);
            if let (Some(cache), Some(meta)) = (cache, &meta) {
                cache.put(path, meta, section, kind, assets, &result);
            }
            result
        })
        .collect();
    timer.lap(" pages");
    for (page, ds) in pages {
        diags.extend(ds);
        loaded.pages.extend(page);
    }
    loaded
}

fn read_section(
    root: &Path,
    dir: &Path,
    index: Option<&Path>,
    config: &Config,
    diags: &Diagnostics,
) -> SectionSource {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut section = SectionSource {
        dir: rel(root, dir),
        file: index.map(|i| rel(root, i)),
        title: name,
        description: None,
        kind: Kind::News,
        sort: Sort::Date,
        paginate: None,
        weight: 0,
        template: None,
        extra: Map::new(),
        body: Rendered::default(),
    };
    let Some(index) = index else { return section };
    let relp = rel(root, index);
    let text = match read_text(root, index) {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            return section;
        }
    };
    let split = match frontmatter::split(&text, &relp) {
        Ok(s) => s,
        Err(d) => {
            diags.push(d);
            return section;
        }
    };
    let mut f = match Fields::parse(split.front, &relp, split.front_offset) {
        Ok(f) => f,
        Err(d) => {
            diags.push(d);
            return section;
        }
    };
    let is_root = rel(root, dir) == Path::new("content");
    f.deny_unknown(SECTION_KEYS, "_index.md", "_index.md");
    match f.required_text("title") {
        Some(t) => section.title = t.trim().to_string(),
        None if is_root => {
            // The home's _index.md may omit the title: the site title applies.
            f.diags.retain(|d| !d.en.contains("`title`"));
            section.title = config.title.clone();
        }
        None => {}
    }
    section.description = f.text("description");
    if let Some(k) = f.text("kind") {
        match Kind::parse(&k) {
            Some(kind) => section.kind = kind,
            None => f.error(
                &["kind"],
                format!(
                    "loại chuyên mục `{k}` không hợp lệ; dùng news, campaigns, rosters hoặc pages"
                ),
                format!("invalid section kind `{k}`; use news, campaigns, rosters or pages"),
            ),
        }
    }
    if let Some(s) = f.text("sort") {
        section.sort = match s.as_str() {
            "date" => Sort::Date,
            "title" => Sort::Title,
            "weight" => Sort::Weight,
            _ => {
                f.error(
                    &["sort"],
                    format!("cách sắp xếp `{s}` không hợp lệ; dùng date, title hoặc weight"),
                    format!("invalid sort `{s}`; use date, title or weight"),
                );
                Sort::Date
            }
        };
    }
    section.paginate = f.get::<usize>("paginate").filter(|n| *n > 0);
    section.weight = f.get("weight").unwrap_or(0);
    section.template = f.text("template");
    section.extra = f.get("extra").unwrap_or_default();
    section.body = markdown::render(split.body, &md_options(config));
    offset_lines(&mut section.body, split.body_offset);
    diags.extend(f.diags);
    section
}

pub fn md_options(config: &Config) -> markdown::Options<'_> {
    markdown::Options {
        base_path: &config.base_path,
        safe: config.markdown.safe,
    }
}

fn offset_lines(body: &mut Rendered, offset: usize) {
    for l in &mut body.links {
        l.line += offset;
    }
    for i in &mut body.images {
        i.line += offset;
    }
}

fn read_page(
    root: &Path,
    path: &Path,
    bundle: Option<PathBuf>,
    assets: Vec<PathBuf>,
    section: usize,
    kind: Kind,
    config: &Config,
) -> (Option<PageSource>, Vec<Diagnostic>) {
    let relp = rel(root, path);
    FILE_BUFFER.with_borrow_mut(|buf| {
        let bytes = match read_into(path, buf) {
            Ok(n) => &buf[..n],
            Err(e) => return (None, vec![read_error(&relp, &e)]),
        };
        let text = match decode_bytes(bytes, &relp) {
            Ok(t) => t,
            Err(d) => return (None, vec![d]),
        };
        let split = match frontmatter::split(&text, &relp) {
            Ok(s) => s,
            Err(d) => return (None, vec![d]),
        };
        let mut f = match Fields::parse(split.front, &relp, split.front_offset) {
            Ok(f) => f,
            Err(d) => return (None, vec![d]),
        };
        let fm = FrontMatter::read(&mut f, kind, config.timezone);
        if f.diags.iter().any(Diagnostic::is_error) {
            return (None, f.diags);
        }
        let mut body = markdown::render(split.body, &md_options(config));
        offset_lines(&mut body, split.body_offset);
        let diags = f.diags;
        let page = PageSource {
            file: relp,
            bundle,
            assets,
            section,
            kind,
            fm,
            front: split.front.to_string(),
            front_offset: split.front_offset,
            body,
            body_offset: split.body_offset,
        };
        (Some(page), diags)
    })
}

thread_local! {
    /// Each thread reads its pages' files into one buffer: no allocation,
    /// no new memory to fault in, per file (the page keeps only what it
    /// parses out of the text).
    static FILE_BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Reads the file at `path` into the start of `buf` (grown as needed, never
/// shrunk) and returns its length. Unlike `std::fs::read`, asks the system
/// for no file size first (a `statx` per file).
fn read_into(path: &Path, buf: &mut Vec<u8>) -> std::io::Result<usize> {
    use std::io::Read as _;
    let mut file = std::fs::File::open(path)?;
    let mut n = 0;
    loop {
        if n == buf.len() {
            buf.resize((2 * buf.len()).max(64 * 1024), 0);
        }
        match file.read(&mut buf[n..]) {
            Ok(0) => return Ok(n),
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::read_into;

    /// One buffer for many files: it grows for a large file and each read
    /// returns that file's own bytes, however long the one before.
    #[test]
    fn files_read_into_one_buffer() {
        let dir = tempfile::tempdir().unwrap();
        let big: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(dir.path().join("big.md"), &big).unwrap();
        std::fs::write(dir.path().join("small.md"), "Xin chào").unwrap();
        std::fs::write(dir.path().join("empty.md"), "").unwrap();
        let mut buf = Vec::new();
        let n = read_into(&dir.path().join("big.md"), &mut buf).unwrap();
        assert_eq!(&buf[..n], &big[..]);
        let n = read_into(&dir.path().join("small.md"), &mut buf).unwrap();
        assert_eq!(&buf[..n], "Xin chào".as_bytes());
        assert_eq!(
            read_into(&dir.path().join("empty.md"), &mut buf).unwrap(),
            0
        );
        assert!(read_into(&dir.path().join("none.md"), &mut buf).is_err());
    }
}
